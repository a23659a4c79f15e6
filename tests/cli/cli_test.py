#!/usr/bin/python3
"""End-to-end tests of the `jitsim` command line, as a user types it.

Each case runs the real binary in its own temporary folder and checks what the analyst's
contract (scenarios/README.md) promises: exit codes, error lines, output files, their
columns and numbers, reproducibility. Standard library only; run with Debian's /usr/bin/python3.

    cli_test.py --jitsim build/models/jitsim --source . CASE [ARG]
    cli_test.py --list          # the case names CMake registers (one CTest test each)

CASE `scenario REL` checks one file under scenarios/ (CMake globs them); `bad.NAME` checks one
broken file with its exact first error position. Exit status 0 = pass, 1 = fail.

This file is the harness only: running jitsim (Ctx), the contract's names, the checks and
helpers that more than one cases file uses, the case registry and --list. The cases live in
tests/cli/cases_*.py, exec'd into this module's namespace (so they use these names directly).
The rule for where a case goes: the command it is about, one file each (cases_run.py,
cases_sweep.py, cases_validate.py (with bad scenario files), cases_trace.py, cases_merge.py,
cases_report.py); cases_options.py for what every command shares (usage errors, --help,
--version, --set). A property checked across commands keeps its own file: cases_integrity.py
(verifiable output sets), cases_limits.py (hostile input), cases_runloop.py (memory,
interrupts, batches). A helper moves here as soon as a second file needs it.
"""

import argparse
import csv
import io
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# ---------------------------------------------------------------------------------------------
# The contract's names (scenarios/README.md).

METRICS = [
    "total_cost", "cost_per_day", "holding_cost", "ordering_cost", "transport_cost",
    "backorder_cost", "lost_sales_cost", "overflow_cost", "spoilage_cost", "purchase_cost",
    "fill_rate", "order_fill_rate", "cycle_service_level", "avg_on_hand_units",
    "avg_on_hand_value", "avg_backorders_units", "lost_sales_units", "lost_sales_per_day",
    "orders_placed", "orders_per_day", "inventory_turnover", "stockout_time_fraction",
    "avg_customer_wait_days", "p95_customer_wait_days", "units_demanded", "units_shipped",
    "revenue", "profit", "spoiled_units", "rejected_units", "lost_in_transit_units",
    "time_to_recover_days",
    # money: 3PL fees and working capital
    "fulfilment_cost", "avg_pipeline_value", "dio_days", "dpo_days", "dso_days",
    "cash_conversion_cycle_days", "avg_working_capital", "peak_working_capital",
    "financing_cost",
    # customers: churn
    "demand_lost_to_churn_units",
    # outbound delivery and promises
    "outbound_cost", "avg_delivery_days", "otif",
]
assert len(METRICS) == 45

# Paired metrics, in the contract's order, with "higher is better".
PAIRED = [
    ("total_cost", False), ("cost_per_day", False), ("fill_rate", True),
    ("order_fill_rate", True), ("avg_on_hand_value", False), ("avg_backorders_units", False),
    ("lost_sales_units", False), ("profit", True),
    ("fulfilment_cost", False), ("avg_working_capital", False),
    ("outbound_cost", False), ("otif", True),
]
COST_PARTS = ["holding_cost", "ordering_cost", "transport_cost", "backorder_cost",
              "lost_sales_cost", "overflow_cost", "spoilage_cost"]
HEADER_KEYS = ["jitsim_version", "scenario", "scenario_sha256", "seed", "replications",
               "horizon_days", "warmup_days", "events_executed", "wall_seconds"]
SUMMARY_KEYS = ["mean", "sd", "ci95_low", "ci95_high", "p05", "p50", "p95", "n"]
PAIRED_KEYS = ["mean_diff", "sd", "ci95_low", "ci95_high", "share_better", "n"]
SUMMARY_COLUMNS = ["policy", "metric"] + SUMMARY_KEYS
PAIRED_COLUMNS = ["pair", "metric"] + PAIRED_KEYS
PER_SKU_COLUMNS = ["policy", "sku", "site", "critical", "metric", "mean", "ci95_low", "ci95_high"]
CURVES_TAIL = ["policy", "metric"] + SUMMARY_KEYS
TRACE_HEADER = ("time,event,sku,quantity,on_hand,backlog,on_order,customer_order,"
                "purchase_order,shipment,site,lane")
OUT_FILES = {"summary.csv", "replications.csv", "paired.csv", "per_sku.csv", "per_site.csv",
             "per_lane.csv",
             "scenario.resolved.toml", "run.json", "manifest.toml"}   # the manifest: written last

# Student t, two-sided 95 % (0.975 quantile), by degrees of freedom.
T975 = {1: 12.706204736174698, 2: 4.302652729749464, 3: 3.182446305284263,
        4: 2.7764451051977934, 5: 2.5705818356363146, 6: 2.4469118511449692,
        7: 2.3646242515927844, 8: 2.306004135204166, 9: 2.2621571628540993,
        10: 2.2281388519862744, 11: 2.200985160082949}

VALIDATION = "scenarios/validation/base_stock_poisson.toml"   # 1 SKU, 1 policy, fast
BASELINE = "scenarios/baseline.toml"                          # 30 SKUs (CSV), 4 policies
PERISHABLES = "scenarios/perishables.toml"                    # lost sales, spoilage, fast

ERROR_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): error: (?P<msg>.+)$")


class Failure(Exception):
    pass


def check(cond, message):
    if not cond:
        raise Failure(message)


# ---------------------------------------------------------------------------------------------
# Running the binary.

class Result:
    def __init__(self, argv, proc):
        self.argv = argv
        self.rc = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def cmd(self):
        return "jitsim " + " ".join(_quote(a) for a in self.argv[1:])

    def describe(self):
        return (f"\n  command: {self.cmd()}\n  exit: {self.rc}\n  stdout: {_clip(self.out)}"
                f"\n  stderr: {_clip(self.err)}")


def _quote(a):
    return a if re.fullmatch(r"[\w./:=,+@%-]+", a) else repr(a)


def _clip(text, n=1500):
    text = text if isinstance(text, str) else text.decode("utf-8", "replace")
    return text if len(text) <= n else text[:n] + f"... [{len(text) - n} more chars]"


class Ctx:
    def __init__(self, jitsim, source, tmp):
        self.jitsim = jitsim
        self.source = source
        self.tmp = tmp

    def src(self, rel):
        return str(self.source / rel)

    def run(self, *args, cwd=None, timeout=300):
        argv = [self.jitsim] + [str(a) for a in args]
        proc = subprocess.run(argv, cwd=cwd or self.tmp, capture_output=True, text=True,
                              timeout=timeout, errors="replace")
        return Result(argv, proc)

    def ok(self, *args, **kw):
        """Runs jitsim and requires exit 0."""
        r = self.run(*args, **kw)
        check(r.rc == 0, "expected exit 0" + r.describe())
        return r

    def usage_error(self, *args, expect_in_err=None, **kw):
        """Runs jitsim and requires exit 2, nothing on stdout, a message on stderr."""
        r = self.run(*args, **kw)
        check(r.rc == 2, "expected exit 2 (bad input or usage)" + r.describe())
        check(r.out == "", "expected nothing on stdout for a usage error" + r.describe())
        check(r.err.strip() != "", "expected a message on stderr" + r.describe())
        for s in expect_in_err or []:
            check(s in r.err, f"expected {s!r} in stderr" + r.describe())
        return r


def strict_json(text, what):
    """Parses JSON, rejecting NaN/Infinity (the contract writes null for undefined values)."""
    def bad_constant(name):
        raise Failure(f"{what}: JSON holds {name}; undefined values must be null")
    try:
        return json.loads(text, parse_constant=bad_constant)
    except json.JSONDecodeError as e:
        raise Failure(f"{what}: not valid JSON ({e}): {_clip(text, 400)}")


def read_csv(path_or_text, what):
    text = Path(path_or_text).read_text() if isinstance(path_or_text, Path) else path_or_text
    rows = list(csv.reader(io.StringIO(text)))
    check(rows, f"{what}: empty CSV")
    return rows[0], rows[1:]


def csv_number(field, what):
    """A CSV number: a float, or None for an empty (undefined) field."""
    if field == "":
        return None
    check(field.strip().lower() not in ("nan", "inf", "-inf", "infinity", "-infinity"),
          f"{what}: non-finite value {field!r} in CSV (undefined must be an empty field)")
    try:
        x = float(field)
    except ValueError:
        raise Failure(f"{what}: {field!r} is not a number")
    check(math.isfinite(x), f"{what}: non-finite {field!r}")
    return x


def close(a, b, rel=1e-9, abs_tol=1e-9):
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_tol)


def without_wall(doc):
    doc = dict(doc)
    doc.pop("wall_seconds", None)
    return doc


def scenario_ids(resolved_toml, table, key="id"):
    """Ids of a resolved scenario's [[table]] entries, in order (the writer puts `id`/`name`
    first in each entry)."""
    ids, inside = [], False
    for line in resolved_toml.splitlines():
        s = line.strip()
        if s.startswith("["):
            inside = s == f"[[{table}]]"
            continue
        m = re.match(rf'{key}\s*=\s*"([^"]*)"', s)
        if inside and m:
            ids.append(m.group(1))
            inside = False
    return ids


def dir_listing(path):
    p = Path(path)
    if not p.exists():
        return []
    return sorted(str(x.relative_to(p)) for x in p.rglob("*"))


# ---------------------------------------------------------------------------------------------
# Shared checks of one run's outputs.

def check_summary_obj(s, where, metric, n_expected):
    check(isinstance(s, dict), f"{where}: not an object")
    check(list(s.keys()) == SUMMARY_KEYS, f"{where}: keys {list(s.keys())}, want {SUMMARY_KEYS}")
    for k in SUMMARY_KEYS:
        v = s[k]
        check(v is None or (isinstance(v, (int, float)) and not isinstance(v, bool)),
              f"{where}.{k}: {v!r} is neither a number nor null")
    check_n(s["n"], s["mean"], metric, n_expected, where)


# Metrics defined in every replication (sums, counts, time averages over the horizon); the
# others may be undefined in some (a ratio over zero, no completed order, no shock), and then
# n counts the replications where they are defined.
ALWAYS_DEFINED = set(METRICS) - {
    "fill_rate", "order_fill_rate", "cycle_service_level", "inventory_turnover",
    "avg_customer_wait_days", "p95_customer_wait_days", "time_to_recover_days",
    "dio_days", "dpo_days", "dso_days", "cash_conversion_cycle_days",
    "avg_delivery_days", "otif"}


def check_n(n, mean, metric, n_expected, where):
    check(isinstance(n, int) and 0 <= n <= n_expected, f"{where}.n = {n!r}, want 0..{n_expected}")
    if metric in ALWAYS_DEFINED:
        check(n == n_expected, f"{where}.n = {n}, want {n_expected}")
    check((mean is None) == (n == 0), f"{where}: mean {mean!r} with n = {n}")


def check_run_json(doc, policies, n, where="--format json"):
    """The contract's JSON shape for a run of `policies` (file order) with n replications."""
    check(isinstance(doc, dict), f"{where}: top level is not an object")
    for k in HEADER_KEYS + ["policies", "paired"]:
        check(k in doc, f"{where}: missing key {k!r}; keys: {list(doc.keys())}")
    check(doc["jitsim_version"] == "0.1.0", f"{where}: jitsim_version {doc['jitsim_version']!r}")
    check(isinstance(doc["scenario"], str), f"{where}: scenario is not a string")
    check(isinstance(doc["scenario_sha256"], str)
          and re.fullmatch(r"[0-9a-f]{64}", doc["scenario_sha256"]),
          f"{where}: scenario_sha256 {doc['scenario_sha256']!r} is not 64 lowercase hex digits")
    for k in ["seed", "replications", "events_executed"]:
        check(isinstance(doc[k], int) and not isinstance(doc[k], bool) and doc[k] >= 0,
              f"{where}: {k} = {doc[k]!r}, want a whole number")
    for k in ["horizon_days", "warmup_days", "wall_seconds"]:
        check(isinstance(doc[k], (int, float)) and doc[k] >= 0, f"{where}: {k} = {doc[k]!r}")
    check(doc["replications"] == n, f"{where}: replications {doc['replications']}, want {n}")
    check(doc["events_executed"] > 0, f"{where}: events_executed is 0")
    pol = doc["policies"]
    check(isinstance(pol, dict) and list(pol.keys()) == policies,
          f"{where}: policies {list(pol.keys()) if isinstance(pol, dict) else pol!r}, "
          f"want {policies} in file order")
    for p in policies:
        check(list(pol[p].keys()) == METRICS,
              f"{where}: policies.{p} metrics differ from the contract's {len(METRICS)}: "
              f"missing {[m for m in METRICS if m not in pol[p]]}, "
              f"extra {[m for m in pol[p] if m not in METRICS]}, or order differs")
        for m in METRICS:
            check_summary_obj(pol[p][m], f"{where}: policies.{p}.{m}", m, n)
    pairs = [f"{a}-vs-{b}" for i, a in enumerate(policies) for b in policies[i + 1:]]
    pa = doc["paired"]
    check(isinstance(pa, dict) and list(pa.keys()) == pairs,
          f"{where}: paired keys {list(pa.keys()) if isinstance(pa, dict) else pa!r}, want {pairs}")
    for pr in pairs:
        check(list(pa[pr].keys()) == [m for m, _ in PAIRED],
              f"{where}: paired.{pr} metrics {list(pa[pr].keys())}, want {[m for m, _ in PAIRED]}")
        for m, _ in PAIRED:
            s = pa[pr][m]
            check(list(s.keys()) == PAIRED_KEYS, f"{where}: paired.{pr}.{m} keys {list(s.keys())}")
            for k in PAIRED_KEYS:
                v = s[k]
                check(v is None or (isinstance(v, (int, float)) and not isinstance(v, bool)),
                      f"{where}: paired.{pr}.{m}.{k} = {v!r}")
            # otif is undefined in every replication without a promise (then n = 0).
            check(s["n"] == n or (m == "otif" and s["n"] == 0),
                  f"{where}: paired.{pr}.{m}.n = {s['n']}, want {n}")
            if s["share_better"] is not None:
                check(0 <= s["share_better"] <= 1, f"{where}: paired.{pr}.{m}.share_better "
                      f"{s['share_better']} outside [0, 1]")


def load_replications(out_dir):
    header, rows = read_csv(Path(out_dir) / "replications.csv", "replications.csv")
    check(header == ["policy", "replication"] + METRICS,
          f"replications.csv header {header}, want policy,replication + the {len(METRICS)} metrics")
    table = []
    for i, row in enumerate(rows):
        check(len(row) == len(header), f"replications.csv row {i + 2}: {len(row)} fields")
        rec = {"policy": row[0], "replication": int(row[1])}
        for name, field in zip(METRICS, row[2:]):
            rec[name] = csv_number(field, f"replications.csv row {i + 2} {name}")
        table.append(rec)
    return table


def quantile7(sorted_x, p):
    h = (len(sorted_x) - 1) * p
    lo = math.floor(h)
    hi = min(lo + 1, len(sorted_x) - 1)
    return sorted_x[lo] + (h - lo) * (sorted_x[hi] - sorted_x[lo])


# ---------------------------------------------------------------------------------------------
# Helpers of more than one cases file.

def _first_diff(a, b):
    la, lb = a.splitlines(), b.splitlines()
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return f"  line {i + 1}:\n    first:  {x}\n    second: {y}"
    return f"  lengths differ: {len(la)} vs {len(lb)} lines"


def _prepare_bad(ctx):
    """tests/data/bad/* and tests/cli/data/* copied into ./bad, plus generated files."""
    bad = ctx.tmp / "bad"
    shutil.copytree(ctx.source / "tests/data/bad", bad)
    for f in (ctx.source / "tests/cli/data").iterdir():
        if f.is_file():   # data/good/ holds valid scenarios
            shutil.copy(f, bad / f.name)
    import gzip
    base = (ctx.source / VALIDATION).read_bytes()
    (bad / "gen_gzip.toml").write_bytes(gzip.compress(base, mtime=0))
    (bad / "gen_utf16.toml").write_bytes(base.decode().encode("utf-16"))
    return bad


def check_error_output(r, first_file=None, line=None, col=None, substrings=(), count=None):
    check(r.rc == 2, "expected exit 2 for a bad scenario" + r.describe())
    check(r.out == "", "expected nothing on stdout for a bad scenario" + r.describe())
    lines = r.err.splitlines()
    check(lines, "expected error lines on stderr" + r.describe())
    for ln in lines:
        check(ERROR_LINE.match(ln), f"stderr line {ln!r} is not FILE:LINE:COLUMN: error: MESSAGE"
              + r.describe())
    if count is not None:
        check(len(lines) == count, f"expected {count} error lines (every problem), got "
              f"{len(lines)}" + r.describe())
    m = ERROR_LINE.match(lines[0])
    if first_file is not None:
        check(m.group("file") == first_file,
              f"first error names file {m.group('file')!r}, want {first_file!r}" + r.describe())
    if line is not None:
        check(int(m.group("line")) == line,
              f"first error at line {m.group('line')}, want {line}" + r.describe())
    if col is not None:
        check(int(m.group("col")) == col,
              f"first error at column {m.group('col')}, want {col}" + r.describe())
    for s in substrings:
        check(s in m.group("msg"), f"first error message lacks {s!r}" + r.describe())


# Interrupting a running command.
def _interrupted(ctx, argv, sig, after_s):
    """Starts jitsim with `argv`, sends `sig` after `after_s` seconds (it must still be
    running) and waits. Returns (exit code, stdout, stderr, seconds from signal to exit)."""
    proc = subprocess.Popen(argv, cwd=ctx.tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        time.sleep(after_s)
        check(proc.poll() is None, f"jitsim ended before the interrupt (exit {proc.returncode})")
        proc.send_signal(sig)
        t0 = time.monotonic()
        out_text, err_text = proc.communicate(timeout=60)
        return proc.returncode, out_text, err_text, time.monotonic() - t0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


# Comparing output folders; mpirun.

def read_dicts(path):
    header, rows = read_csv(Path(path), str(path))
    return [dict(zip(header, row)) for row in rows]


MC_COMPARED = ["summary.csv", "replications.csv", "paired.csv", "per_sku.csv", "per_site.csv",
               "per_lane.csv",
               "scenario.resolved.toml"]


def _same_outputs(ctx, a, b, what):
    for f in MC_COMPARED:
        check((ctx.tmp / a / f).read_bytes() == (ctx.tmp / b / f).read_bytes(),
              f"{f} differs between {what}")
    ja = strict_json((ctx.tmp / a / "run.json").read_text(), "run.json")
    jb = strict_json((ctx.tmp / b / "run.json").read_text(), "run.json")
    check(without_wall(ja) == without_wall(jb), f"run.json differs between {what}")


def _mpirun():
    exe = shutil.which("mpirun")
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_btl="self,vader", OMPI_MCA_rmaps_base_oversubscribe="1")
    return exe, env


# ---------------------------------------------------------------------------------------------
# The case registry. Each case takes (ctx, arg) and raises Failure.

CASES = {}            # name: fn; CTest test cli.NAME
FAMILIES = {}         # prefix: (fn(ctx, member), members); CTest tests cli.PREFIX.MEMBER
ARGUMENT_CASES = {}   # name: fn(ctx, ARG); not listed (CMake adds its own tests, with ARG)


def case(name):
    def register(fn):
        CASES[name] = fn
        return fn
    return register


def case_family(prefix, members):
    """One case per key of `members` (a dict the cases file fills), named PREFIX.KEY."""
    def register(fn):
        FAMILIES[prefix] = (fn, members)
        return fn
    return register


def argument_case(name):
    def register(fn):
        ARGUMENT_CASES[name] = fn
        return fn
    return register


# ---------------------------------------------------------------------------------------------
# The cases, one file per command or cross-cutting area (see the top of this file).

# The files share this namespace, so a name defined in two of them (or in this driver) would
# silently replace the other: refuse that.
_LOADER_NAMES = {"_cases", "_before", "_name", "_value", "_defined_by", "_LOADER_NAMES"}
_defined_by = {name: "cli_test.py" for name in globals()}
for _cases in sorted(Path(__file__).resolve().parent.glob("cases_*.py")):
    _before = dict(globals())
    exec(compile(_cases.read_text(encoding="utf-8"), str(_cases), "exec"))
    for _name, _value in list(globals().items()):
        if _name in _LOADER_NAMES or _name.startswith("__") or _before.get(_name) is _value:
            continue
        if _name in _defined_by:
            raise SystemExit(f"{_cases.name} redefines {_name} of {_defined_by[_name]}")
        _defined_by[_name] = _cases.name

# ---------------------------------------------------------------------------------------------

def all_case_names():
    names = list(CASES)
    for prefix, (_, members) in FAMILIES.items():
        names += [f"{prefix}.{m}" for m in members]
    return names


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jitsim")
    ap.add_argument("--source")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("case", nargs="?")
    ap.add_argument("arg", nargs="?")
    a = ap.parse_args()
    if a.list:
        print("\n".join(all_case_names()))
        return 0
    if not (a.jitsim and a.source and a.case):
        ap.error("need --jitsim, --source and a case")
    jitsim = str(Path(a.jitsim).resolve())
    source = Path(a.source).resolve()
    prefix, _, member = a.case.partition(".")
    if a.case in ARGUMENT_CASES:
        fn, arg = ARGUMENT_CASES[a.case], a.arg
    elif a.case in CASES:
        fn, arg = CASES[a.case], a.arg
    elif prefix in FAMILIES and member in FAMILIES[prefix][1]:
        fn, arg = FAMILIES[prefix][0], member
    else:
        ap.error(f"unknown case {a.case!r}; --list shows them")
    tmp = Path(tempfile.mkdtemp(prefix=f"jitsim-cli-{a.case}-"))
    t0 = time.monotonic()
    try:
        fn(Ctx(jitsim, source, tmp), arg)
    except Failure as e:
        print(f"FAIL {a.case}{' ' + arg if arg else ''}: {e}", file=sys.stderr)
        print(f"(working folder: {tmp})" if a.keep else "", file=sys.stderr)
        return 1
    except subprocess.TimeoutExpired as e:
        print(f"FAIL {a.case}: timed out: {e}", file=sys.stderr)
        return 1
    finally:
        if not a.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"PASS {a.case}{' ' + arg if arg else ''} ({time.monotonic() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
