"""Find jitsim, make its output folders when they are missing, and load its output files.

Pure I/O for the notebooks in this folder: it runs the `jitsim` command line and reads the CSV
and JSON files it writes. It holds no model logic; every number comes from jitsim's outputs.

Environment:
  JITSIM          the jitsim binary (else `jitsim` on PATH, else build/models/jitsim)
  JITSIM_OUTPUTS  folder holding the `run/` and `sweep/` output folders and `figures/`
                  (default: build/notebook-outputs in the repository)
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tomllib
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parent.parent

# The commands whose outputs the notebooks read (paths relative to the repository).
COMMANDS = {
    "run": ["run", "scenarios/shipping_delay_2022.toml", "-n", "40", "--timeseries", "daily"],
    "sweep": ["sweep", "scenarios/shipping_delay_2022.toml", "-n", "20"],
}
REQUIRED = {
    "run": ["summary.csv", "replications.csv", "paired.csv", "per_sku.csv",
            "timeseries_summary.csv", "scenario.resolved.toml", "run.json"],
    "sweep": ["curves.csv", "sweep.json", "scenario.resolved.toml"],
}

# One colour per policy in every chart (the same as `jitsim report`): Okabe-Ito for the usual
# names, then a fixed pool in file order.
FIXED_COLOURS = {"jit": "#D55E00", "jic": "#0072B2", "hybrid": "#009E73", "ss": "#CC79A7"}
COLOUR_POOL = ["#E69F00", "#56B4E9", "#7F7F7F", "#8C564B", "#17BECF", "#BCBD22"]


def policy_colours(policies) -> dict:
    out, k = {}, 0
    for p in policies:
        if p in FIXED_COLOURS:
            out[p] = FIXED_COLOURS[p]
        else:
            out[p] = COLOUR_POOL[k % len(COLOUR_POOL)]
            k += 1
    return out


def find_jitsim() -> str:
    """JITSIM, else `jitsim` on PATH, else the default build folder."""
    env = os.environ.get("JITSIM")
    if env:
        return env
    on_path = shutil.which("jitsim")
    if on_path:
        return on_path
    default = REPO / "build" / "models" / "jitsim"
    if default.exists():
        return str(default)
    raise FileNotFoundError(
        "jitsim not found: set JITSIM, put jitsim on PATH, or build it into build/ "
        "(cmake -S . -B build && cmake --build build --target jitsim)")


def outputs_root() -> Path:
    return Path(os.environ.get("JITSIM_OUTPUTS", REPO / "build" / "notebook-outputs"))


def command_line(kind: str) -> str:
    """The command that makes the `kind` folder, as a user would type it."""
    return "jitsim " + " ".join(COMMANDS[kind] + ["--out", str(outputs_root() / kind)])


def ensure(kind: str) -> Path:
    """The output folder of `kind` ("run" or "sweep"); runs jitsim only if a file is missing."""
    folder = outputs_root() / kind
    missing = [f for f in REQUIRED[kind] if not (folder / f).exists()]
    if not missing:
        print(f"Reading {folder} (the command that makes it: {command_line(kind)})")
        return folder
    cmd = [find_jitsim(), *COMMANDS[kind], "--quiet", "--out", str(folder)]
    print(f"{folder} lacks {', '.join(missing)}; running:\n  {' '.join(cmd)}")
    folder.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(cmd, check=True, cwd=REPO, stdout=subprocess.DEVNULL)
    return folder


def figures_dir() -> Path:
    d = outputs_root() / "figures"
    d.mkdir(parents=True, exist_ok=True)
    return d


def save(fig, name: str) -> Path:
    """Saves a figure as PNG (Agg renderer) next to the outputs; returns the path."""
    path = figures_dir() / f"{name}.png"
    fig.savefig(path, dpi=110, bbox_inches="tight")
    return path


def read_csv(folder: Path, name: str) -> pd.DataFrame:
    # Undefined values are empty cells in jitsim's CSV files: they load as NaN.
    return pd.read_csv(folder / name)


def scenario(folder: Path) -> dict:
    """The resolved scenario jitsim wrote next to its outputs."""
    with open(folder / "scenario.resolved.toml", "rb") as f:
        return tomllib.load(f)


def shock_windows(sc: dict) -> list:
    """(id, kind, start, typical end) of the shocks with a fixed start day."""
    out = []
    for s in sc.get("shocks", []):
        if "start_day" not in s:
            continue
        d = s.get("duration_days", 0)
        if isinstance(d, dict):
            d = d.get("value", d.get("mean", (d.get("min", 0) + d.get("max", 0)) / 2))
        out.append((s["id"], s["kind"], float(s["start_day"]), float(s["start_day"]) + float(d)))
    return out


def policy_order(df: pd.DataFrame) -> list:
    """Policies in file order."""
    return list(dict.fromkeys(df["policy"]))
