#!/usr/bin/env python3
"""Scale table of bench/RESULTS.md ("Scale"): a long-tail catalogue (bench/catalogue.py) of 10
to 100,000 SKUs, one policy, one thread; events per second and peak memory, medians of
--repeat runs, sizes interleaved so that the machine's load falls on every size alike.

  /usr/bin/python3 bench/catalogue_scaling.py build --repeat 3 --sizes 10 1000 10000 100000
"""
import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run_once(jitsim, scenario, reps, policy):
    cmd = ["/usr/bin/time", "-f", "%M", str(jitsim), "run", str(scenario), "-n", str(reps),
           "--policy", policy, "--threads", "1", "--quiet", "--format", "json"]
    r = subprocess.run(cmd, capture_output=True, text=True, check=True)
    doc = json.loads(r.stdout)
    peak_kb = int(r.stderr.strip().splitlines()[-1])
    return doc["events_executed"] / reps, doc["events_executed"] / doc["wall_seconds"], peak_kb


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("build", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10, 1000, 10000, 100000])
    ap.add_argument("--policy", default="jit")
    a = ap.parse_args()
    jitsim = a.build / "models" / "jitsim"
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for n in a.sizes:
            files[n] = Path(tmp) / f"cat{n}.toml"
            subprocess.run([sys.executable, str(HERE / "catalogue.py"), "--skus", str(n), "-o",
                            str(files[n])], check=True, capture_output=True)
        samples = {n: [] for n in a.sizes}
        for _ in range(a.repeat):
            for n in a.sizes:
                reps = max(1, 4000 // n)  # enough events to time the small ones
                samples[n].append(run_once(jitsim, files[n], reps, a.policy))
    base = statistics.median(s[1] for s in samples[a.sizes[0]])
    base_peak = statistics.median(s[2] for s in samples[a.sizes[0]])
    # Memory per SKU beyond the smallest catalogue's (the program and its fixed buffers).
    print("| SKUs | events / replication | M events/s | vs smallest | peak memory | per SKU |")
    print("|---|---|---|---|---|---|")
    for n in a.sizes:
        ev = statistics.median(s[0] for s in samples[n])
        rate = statistics.median(s[1] for s in samples[n])
        peak = statistics.median(s[2] for s in samples[n])
        per_sku = (peak - base_peak) / (n - a.sizes[0]) if n > a.sizes[0] else float("nan")
        print(f"| {n:,} | {ev / 1e6:.2f} M | {rate / 1e6:.2f} | {rate / base:.2f} | "
              f"{peak / 1024:.0f} MiB | {per_sku:.1f} KiB |")


if __name__ == "__main__":
    main()
