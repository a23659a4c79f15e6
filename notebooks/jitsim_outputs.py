"""Find jitsim, make its output folders when they are missing, and load its output files.

Pure I/O for the notebooks in this folder: it runs the `jitsim` command line and reads the CSV
and JSON files it writes. It holds no model logic; every number comes from jitsim's outputs.

Environment:
  JITSIM          the jitsim binary (else `jitsim` on PATH, else build/models/jitsim)
  JITSIM_OUTPUTS  folder holding the `run/` and `sweep/` output folders and `figures/`
                  (default: build/notebook-outputs in the repository)
"""
from __future__ import annotations

import hashlib
import json
import os
import shlex
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
    """The command that makes the default `kind` folder, as a user would type it."""
    return "jitsim " + " ".join(COMMANDS[kind] + ["--out", str(outputs_root() / kind)])


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _scenario_files_named(name: str) -> list:
    """Scenario files of this repository whose [scenario] name is `name`."""
    out = []
    for path in sorted((REPO / "scenarios").rglob("*.toml")):
        try:
            with open(path, "rb") as f:
                if tomllib.load(f).get("scenario", {}).get("name") == name:
                    out.append(path)
        except (OSError, tomllib.TOMLDecodeError):
            continue
    return out


def _validate(path: Path, flags: list):
    """The resolved scenario `jitsim validate path flags` prints (bytes), or None."""
    try:
        r = subprocess.run([find_jitsim(), "validate", str(path), *flags], capture_output=True,
                           cwd=REPO, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return r.stdout if r.returncode == 0 else None


def _flag_value(v) -> str:
    """A number as a flag takes it: 365.0 -> 365, 20240601 -> 20240601."""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def made_by_argv(kind: str, folder: Path) -> list:
    """The command that made `folder`, rebuilt from its own files: the repository's scenario
    file of that name with the flags that differ from it, if `jitsim validate` confirms it
    resolves to the folder's scenario.resolved.toml; else that resolved file itself (it holds
    every override, so running it remakes the folder)."""
    folder = Path(folder)
    resolved = folder / "scenario.resolved.toml"
    sc = scenario(folder)
    info = sc.get("scenario", {})
    if kind == "run":
        with open(folder / "run.json", encoding="utf-8") as f:
            run = json.load(f)
        policies = list(run.get("policies", {}))
    else:
        with open(folder / "sweep.json", encoding="utf-8") as f:
            points = json.load(f).get("sweep", [])
        run = points[0]["run"] if points else {}
        policies = list(run.get("policies", {}))
    file_policies = [p.get("name") for p in sc.get("policies", [])]
    chosen = []  # --policy, when only some of the file's policies ran
    if policies and policies != file_policies:
        for p in policies:
            chosen += ["--policy", p]
    shape = []  # flags that shape the outputs, not the scenario
    if kind == "run" and (folder / "timeseries_summary.csv").exists():
        shape += ["--timeseries", "daily"]
    if kind == "sweep":
        curves = pd.read_csv(folder / "curves.csv", dtype=str, keep_default_na=False)
        for p, v in (("parameter", "value"), ("parameter2", "value2")):
            if p in curves.columns:
                shape += ["--param", curves[p].iloc[0],
                          "--values", ",".join(dict.fromkeys(curves[v]))]
    tail = chosen + shape + ["--out", str(folder)]
    sha = _sha256(resolved.read_bytes())
    for path in _scenario_files_named(run.get("scenario", info.get("name"))):
        base = _validate(path, [])
        if base is None:
            continue
        own = tomllib.loads(base.decode("utf-8")).get("scenario", {})
        flags = ["-n", _flag_value(run.get("replications", info.get("replications")))]
        for key, flag in (("seed", "--seed"), ("horizon_days", "--horizon-days"),
                          ("warmup_days", "--warmup-days")):
            if key in info and own.get(key) != info[key]:
                flags += [flag, _flag_value(info[key])]
        again = _validate(path, flags)  # --policy does not change the resolved scenario
        if again is not None and _sha256(again) == sha:
            return [kind, str(path.relative_to(REPO)), *flags, *tail]
    return [kind, str(resolved), *tail]


def made_by(kind: str, folder: Path) -> str:
    """made_by_argv() as a user types it."""
    return "jitsim " + " ".join(shlex.quote(a) for a in made_by_argv(kind, folder))


def ensure(kind: str) -> Path:
    """The output folder of `kind` ("run" or "sweep"); runs jitsim only if a file is missing:
    the folder's own command if it is an output folder already (never another scenario over
    it), else the example's."""
    folder = outputs_root() / kind
    missing = [f for f in REQUIRED[kind] if not (folder / f).exists()]
    if not missing:
        print(f"Reading {folder}, made by:\n  {made_by(kind, folder)}")
        return folder
    own = kind + ".json"
    if (folder / own).exists() and (folder / "scenario.resolved.toml").exists():
        argv = made_by_argv(kind, folder)
        if kind == "run" and "--timeseries" not in argv:
            at = argv.index("--out")
            argv[at:at] = ["--timeseries", "daily"]
    else:
        argv = [*COMMANDS[kind], "--out", str(folder)]
    cmd = [find_jitsim(), *argv, "--quiet"]
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


# The parts of total_cost (scenarios/README.md "What every run reports"): they add up to it.
COST_PARTS = ["holding_cost", "ordering_cost", "transport_cost", "backorder_cost",
              "lost_sales_cost", "overflow_cost", "spoilage_cost", "fulfilment_cost",
              "outbound_cost"]
# Working capital and 3PL fees (scenarios/README.md "Fees and working capital").
MONEY_METRICS = ["fulfilment_cost", "avg_pipeline_value", "dio_days", "dpo_days", "dso_days",
                 "cash_conversion_cycle_days", "avg_working_capital", "peak_working_capital",
                 "financing_cost"]


def money_summary(folder: Path) -> pd.DataFrame:
    """summary.csv's working-capital and fee rows: policy x metric means (empty columns for a
    folder of a jitsim that did not report them)."""
    s = read_csv(folder, "summary.csv")
    table = s[s["metric"].isin(MONEY_METRICS)].pivot(index="policy", columns="metric",
                                                      values="mean")
    return table.reindex(index=policy_order(s), columns=MONEY_METRICS)


def cash_tied_up(folder: Path) -> pd.DataFrame:
    """Daily working capital per policy (p05, p50, p95, mean across replications) from
    timeseries_summary.csv (a run with --timeseries daily)."""
    ts = read_csv(folder, "timeseries_summary.csv")
    return ts[ts["metric"] == "working_capital"].reset_index(drop=True)
# ---- churn ([customers]) ----

def demand_with_and_without_churn(folder: Path) -> pd.DataFrame:
    """Per policy: mean units demanded (with churn), demand_lost_to_churn_units, and their sum,
    the demand without churn (summary.csv of a run; the lost units are 0 without churn)."""
    s = read_csv(folder, "summary.csv")
    means = s.pivot(index="policy", columns="metric", values="mean")
    out = pd.DataFrame({
        "units_demanded": means["units_demanded"],
        "demand_lost_to_churn_units": means.get("demand_lost_to_churn_units", 0.0),
    })
    out["units_demanded_without_churn"] = (out["units_demanded"]
                                           + out["demand_lost_to_churn_units"])
    return out.loc[policy_order(s)]


# ---- outbound delivery and promises ([warehouse.outbound], a SKU's `outbound`) ----

OUTBOUND_METRICS = ["outbound_cost", "avg_delivery_days", "otif", "order_fill_rate"]


def delivery_summary(folder: Path) -> pd.DataFrame:
    """Per policy: mean outbound_cost, avg_delivery_days (order -> door) and otif (share of
    orders delivered complete within the promise; NaN without a promise), next to
    order_fill_rate (summary.csv of a run; empty columns for a folder of an older jitsim)."""
    s = read_csv(folder, "summary.csv")
    table = s[s["metric"].isin(OUTBOUND_METRICS)].pivot(index="policy", columns="metric",
                                                        values="mean")
    return table.reindex(index=policy_order(s), columns=OUTBOUND_METRICS)
