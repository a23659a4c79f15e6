#!/usr/bin/python3
"""Times `jitsim run` on SupplyNetPy's benchmark network (bench/supplynetpy_network.py) for a
range of network sizes and prints a markdown table next to SupplyNetPy's published times
(bench/RESULTS.md, "Networks (SupplyNetPy benchmark)").

Usage: /usr/bin/python3 bench/network_scaling.py BUILD_DIR [--repeat 5] [--replications 20]
           [--sizes 50 100 200 500 1000 2000] [--lanes all used]

For every size and lane variant the scenario is generated into a temporary folder and run
`--repeat` times as `jitsim run FILE -n 1` and `-n R` (alternately, so that both see the same
phase of a shared machine), one thread, with `--out` into the temporary folder. Each time is the
median over the repeats. Per replication, the marginal time (t(R) - t(1)) / (R - 1) excludes
reading the file and building the network, as SupplyNetPy's figure excludes `create_sc_net`;
the whole command with one replication is given too. Events come from `events_executed` of the
run's JSON (the same object as run.json). The first row, bench/scenarios/ss_single_sku.toml, is
the same-run baseline against bench/RESULTS.md. A file jitsim refuses (exit 2, e.g. beyond its
limits on sites or lanes) gets a row with jitsim's first error line.
"""
import argparse
import pathlib
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import measure  # noqa: E402  (same folder; its run() is the timing helper)
import supplynetpy_network as network  # noqa: E402

# SupplyNetPy's published medians, seconds per 500-day simulation of the N-node network over
# 30 replications (SupplyChainSimulation/SupplyNetPy, examples/notebooks/data/
# perform_n_summary.csv at commit 00c23633, from perform_n_raw.csv; hardware: "a many-core
# server", not named).
PUBLISHED_S = {50: 0.8704, 100: 1.6587, 200: 3.4791, 350: 6.4881, 500: 10.1031, 750: 19.7246,
               1000: 26.8681, 1500: 34.2103, 2000: 38.3831}


def timed(jitsim, scenario, replications, outdir):
    """(wall seconds, events) of one `jitsim run`, with its outputs written to outdir."""
    wall, js = measure.run(jitsim, [str(scenario), "-n", str(replications), "--threads", "1",
                                    "--out", str(outdir)])
    shutil.rmtree(outdir, ignore_errors=True)
    return wall, js["events_executed"]


def measure_file(jitsim, scenario, replications, repeat, workdir):
    """Medians of `-n 1` and `-n R`, alternating; None and a message if jitsim refuses it."""
    ones, manys = [], []
    try:
        for k in range(repeat):
            ones.append(timed(jitsim, scenario, 1, workdir / f"one-{k}"))
            manys.append(timed(jitsim, scenario, replications, workdir / f"many-{k}"))
    except subprocess.CalledProcessError as e:
        first = next((line for line in (e.stderr or "").splitlines() if line.strip()), "")
        first = first.replace(f"{pathlib.Path(scenario).parent}/", "")
        return None, f"exit {e.returncode}: {first[:160]}".replace("|", "/")
    wall1 = statistics.median(w for w, _ in ones)
    wall_r = statistics.median(w for w, _ in manys)
    return {"wall1": wall1, "wall_r": wall_r, "events1": ones[0][1],
            "events_r": manys[0][1]}, ""


def ratio(x):
    return f"{x:,.0f}x" if x >= 10 else f"{x:.2f}x"


def cells(m, replications, published):
    """Table cells from the measurements of one file."""
    marginal = (m["wall_r"] - m["wall1"]) / (replications - 1)
    per_rep_events = m["events_r"] / replications
    ok = marginal > 0
    rate = (m["events_r"] - m["events1"]) / (m["wall_r"] - m["wall1"]) / 1e6 if ok else None
    out = [f"{m['wall1']:.3f}", f"{marginal:.4f}" if ok else "n/a", f"{per_rep_events:,.0f}",
           f"{rate:.2f}" if ok else "n/a"]
    if published is None:
        out += ["", "", ""]
    else:
        out += [f"{published:g}", f"**{ratio(published / marginal)}**" if ok else "n/a",
                ratio(published / m["wall1"])]
    return out


def machine():
    model = ""
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"],
                                check=True, capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    cpu = model or platform.processor()
    return f"jitsim at {commit}; {cpu}; Python {platform.python_version()}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--replications", type=int, default=20)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200, 500, 1000, 2000])
    parser.add_argument("--lanes", nargs="+", choices=("all", "used"), default=["all", "used"])
    parser.add_argument("--seed", type=int, default=1)
    a = parser.parse_args()
    if a.replications < 2:
        parser.error("--replications must be at least 2 (the marginal time needs two runs)")
    jitsim = pathlib.Path(a.build).resolve() / "models" / "jitsim"
    if not jitsim.exists():
        sys.exit(f"network_scaling.py: {jitsim} not found (build first)")

    print(f"## SupplyNetPy benchmark network (median of {a.repeat}, R = {a.replications}, "
          "one thread)\n")
    print(machine() + "\n")
    head = ["N", "lanes", "sites", "lane count", "TOML MiB", "whole command -n 1 (s)",
            "s / replication", "events / replication", "M events/s", "SupplyNetPy s",
            "SupplyNetPy / jitsim per replication", "SupplyNetPy / jitsim, whole command"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    with tempfile.TemporaryDirectory(prefix="jitsim-network-") as tmp:
        workdir = pathlib.Path(tmp)
        reference = HERE / "scenarios" / "ss_single_sku.toml"
        m, why = measure_file(jitsim, reference, a.replications, a.repeat, workdir)
        row = ["-", "ss_single_sku.toml (reference)", "1", "0",
               f"{reference.stat().st_size / 2**20:.2f}"]
        print("| " + " | ".join(row + (cells(m, a.replications, None) if m else [why])) + " |")
        for nodes in a.sizes:
            for mode in a.lanes:
                scenario = workdir / f"network-{nodes}-{mode}.toml"
                counts, lane_count, warnings = network.write(nodes, scenario, a.seed,
                                                             a.replications, mode)
                sites = counts["M"] + counts["D"] + counts["R"]
                row = [str(nodes), mode, str(sites), str(lane_count),
                       f"{scenario.stat().st_size / 2**20:.2f}"]
                m, why = measure_file(jitsim, scenario, a.replications, a.repeat, workdir)
                if m:
                    row += cells(m, a.replications, PUBLISHED_S.get(nodes))
                else:
                    row.append(f"refused ({'; '.join(warnings) or 'within limits'}): {why}")
                print("| " + " | ".join(row) + " |", flush=True)
                scenario.unlink()


if __name__ == "__main__":
    main()
