#!/usr/bin/python3
"""Measures the figures of bench/RESULTS.md that Google Benchmark cannot: whole-run thread
scaling and peak memory of `jitsim run`. Each figure is the median of repeated runs, and each
ratio is taken against a baseline measured in the same invocation.

Usage: /usr/bin/python3 bench/measure.py BUILD_DIR [--repeat 5]
"""
import argparse
import json
import pathlib
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent


def run(jitsim, args):
    """Wall seconds and JSON output of one `jitsim run`."""
    start = time.perf_counter()
    out = subprocess.run([jitsim, "run", *args, "--format", "json", "--quiet"],
                         check=True, capture_output=True, text=True).stdout
    return time.perf_counter() - start, json.loads(out)


def peak_rss_mib(jitsim, args):
    """Peak RSS of one `jitsim run`. RUSAGE_CHILDREN keeps the maximum over all children ever
    waited for, so each measurement runs in a fresh interpreter."""
    code = (
        "import resource,subprocess;"
        f"subprocess.run({[str(jitsim), 'run', *args, '--quiet', '--format', 'csv']!r},"
        "check=True,stdout=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    kib = int(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                             text=True).stdout)
    return kib / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build")
    parser.add_argument("--repeat", type=int, default=5)
    a = parser.parse_args()
    jitsim = pathlib.Path(a.build) / "models" / "jitsim"
    scaling = str(ROOT / "bench/scenarios/scaling_12sku.toml")
    big = str(ROOT / "bench/scenarios/throughput_50sku.toml")

    print(f"## Thread scaling (median of {a.repeat})")
    walls = {}
    for threads in (1, 2):
        samples = [run(jitsim, [big, "-n", "20", "--threads", str(threads)])
                   for _ in range(a.repeat)]
        walls[threads] = statistics.median(s[0] for s in samples)
        events = samples[0][1]["events_executed"]
        reps_per_s = 20 * 3 / walls[threads]
        years_per_min = 20 * 3 * (365 + 120) / 365 / walls[threads] * 60
        print(f"- {threads} thread(s): {walls[threads]:.3f} s wall, {reps_per_s:.1f} policy "
              f"replications/s, {years_per_min:.0f} simulated years/min, "
              f"{events / walls[threads] / 1e6:.2f} M events/s")
    print(f"- speed-up 2 threads / 1 thread: {walls[1] / walls[2]:.2f}x")

    print(f"\n## Peak memory (median of {a.repeat})")
    rss = {}
    for n in (20, 200):
        rss[n] = statistics.median(
            peak_rss_mib(jitsim, [scaling, "-n", str(n), "--threads", "2"])
            for _ in range(a.repeat))
        print(f"- {n} replications: {rss[n]:.1f} MiB peak RSS")
    print(f"- growth 20 -> 200 replications: {100 * (rss[200] / rss[20] - 1):.1f} %")


if __name__ == "__main__":
    main()
