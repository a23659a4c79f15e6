#!/usr/bin/python3
"""The notebooks say which command made the folder they read, not the example's command.

  check_made_by.py JITSIM TMPDIR

Makes run and sweep folders from perishables.toml (with flags, and with a --set override),
lets notebooks/jitsim_outputs.py name the command of each, runs that command again and checks
it remakes the same files.
"""
import contextlib
import io
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def fail(msg):
    print(f"FAIL: {msg}")
    sys.exit(1)


def main(jitsim, tmp):
    tmp = Path(tmp)
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    scen = str(REPO / "scenarios/perishables.toml")
    cases = {
        "run": ["run", scen, "-n", "3", "--seed", "9", "--horizon-days", "60", "--policy", "rq",
                "--policy", "kanban", "--timeseries", "daily"],
        "sweep": ["sweep", scen, "-n", "2", "--horizon-days", "60", "--param",
                  "costs.order_cost", "--values", "4,8"],
    }
    os.environ["JITSIM"] = jitsim
    sys.path.insert(0, str(REPO / "notebooks"))
    import jitsim_outputs as jo
    # The example itself: a file that extends another and a seed of 8 digits, no flag needed.
    example = ["run", str(REPO / "scenarios/shipping_delay_2022.toml"), "-n", "2",
               "--timeseries", "daily"]
    variants = (("file", [], cases), ("override", ["--set", "costs.order_cost=5"], cases),
                ("example", [], {"run": example}))
    for variant, extra, runs in variants:
        root = tmp / variant
        os.environ["JITSIM_OUTPUTS"] = str(root)
        for kind, argv in runs.items():
            if kind == "sweep" and extra:
                continue  # the sweep's --param already overrides order_cost
            subprocess.run([jitsim, *argv, *extra, "--quiet", "--out", str(root / kind)],
                           check=True, stdout=subprocess.DEVNULL)
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                jo.ensure(kind)
            printed = out.getvalue()
            cmd = printed.splitlines()[-1].strip()
            print(f"{variant}/{kind}: {cmd}")
            words = shlex.split(cmd)
            if variant == "example":
                if words[2:] != ["scenarios/shipping_delay_2022.toml", "-n", "2", "--timeseries",
                                 "daily", "--out", str(root / kind)]:
                    fail(f"the example folder's command: {cmd}")
            elif "shipping_delay" in printed:
                fail(f"{variant}/{kind}: the example's command, not this folder's: {printed}")
            if words[0] != "jitsim" or words[1] != kind:
                fail(f"not a jitsim {kind} command: {cmd}")
            if variant == "file" and "scenarios/perishables.toml" not in words:
                fail(f"the folder was made from scenarios/perishables.toml: {cmd}")
            if variant == "override" and str(root / kind / "scenario.resolved.toml") not in words:
                fail(f"a folder made with --set is remade from its resolved scenario: {cmd}")
            # The command remakes the folder's files.
            again = tmp / f"{variant}-{kind}-again"
            words[words.index("--out") + 1] = str(again)
            subprocess.run([jitsim, *words[1:], "--quiet"], check=True, cwd=REPO,
                           stdout=subprocess.DEVNULL)
            for name in ("summary.csv", "curves.csv", "timeseries_summary.csv"):
                a, b = root / kind / name, again / name
                if a.exists() and (not b.exists() or a.read_bytes() != b.read_bytes()):
                    fail(f"{cmd} does not remake {name} of {root / kind}")
    # A folder of another scenario that lacks a file is remade by its own command (with the
    # time series the notebooks need), never overwritten with the example's scenario.
    root = tmp / "missing"
    os.environ["JITSIM_OUTPUTS"] = str(root)
    subprocess.run([jitsim, "run", scen, "-n", "2", "--quiet", "--out", str(root / "run")],
                   check=True, stdout=subprocess.DEVNULL)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        jo.ensure("run")
    print(f"missing/run: {out.getvalue().strip()}")
    if "shipping_delay" in out.getvalue() or "perishables.toml" not in out.getvalue():
        fail(f"a perishables folder lacking its time series is remade from another scenario")
    if not (root / "run/timeseries_summary.csv").exists():
        fail("the remade folder has no time series")
    print("ok")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        fail(__doc__)
    main(sys.argv[1], sys.argv[2])
