#!/usr/bin/python3
"""End-to-end tests of the `jitsim` command line, as a user types it.

Each case runs the real binary in its own temporary folder and checks what the analyst's
contract (scenarios/README.md) promises: exit codes, error lines, output files, their
columns and numbers, reproducibility. Standard library only; run with Debian's /usr/bin/python3.

    cli_test.py --jitsim build/models/jitsim --source . CASE [ARG]
    cli_test.py --list          # the case names CMake registers (one CTest test each)

CASE `scenario REL` checks one file under scenarios/ (CMake globs them); `bad.NAME` checks one
broken file with its exact first error position. Exit status 0 = pass, 1 = fail.
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
]
assert len(METRICS) == 32

# Paired metrics, in the contract's order, with "higher is better".
PAIRED = [
    ("total_cost", False), ("cost_per_day", False), ("fill_rate", True),
    ("order_fill_rate", True), ("avg_on_hand_value", False), ("avg_backorders_units", False),
    ("lost_sales_units", False), ("profit", True),
]
COST_PARTS = ["holding_cost", "ordering_cost", "transport_cost", "backorder_cost",
              "lost_sales_cost", "overflow_cost", "spoilage_cost"]
HEADER_KEYS = ["jitsim_version", "scenario", "scenario_sha256", "seed", "replications",
               "horizon_days", "warmup_days", "events_executed", "wall_seconds"]
SUMMARY_KEYS = ["mean", "sd", "ci95_low", "ci95_high", "p05", "p50", "p95", "n"]
PAIRED_KEYS = ["mean_diff", "sd", "ci95_low", "ci95_high", "share_better", "n"]
SUMMARY_COLUMNS = ["policy", "metric"] + SUMMARY_KEYS
PAIRED_COLUMNS = ["pair", "metric"] + PAIRED_KEYS
PER_SKU_COLUMNS = ["policy", "sku", "critical", "metric", "mean", "ci95_low", "ci95_high"]
CURVES_TAIL = ["policy", "metric"] + SUMMARY_KEYS
TRACE_HEADER = ("time,event,sku,quantity,on_hand,backlog,on_order,customer_order,"
                "purchase_order,shipment")
OUT_FILES = {"summary.csv", "replications.csv", "paired.csv", "per_sku.csv",
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
    "avg_customer_wait_days", "p95_customer_wait_days", "time_to_recover_days"}


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
              f"{where}: policies.{p} metrics differ from the contract's 32: "
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
            check(s["n"] == n, f"{where}: paired.{pr}.{m}.n = {s['n']}, want {n}")
            if s["share_better"] is not None:
                check(0 <= s["share_better"] <= 1, f"{where}: paired.{pr}.{m}.share_better "
                      f"{s['share_better']} outside [0, 1]")


def load_replications(out_dir):
    header, rows = read_csv(Path(out_dir) / "replications.csv", "replications.csv")
    check(header == ["policy", "replication"] + METRICS,
          f"replications.csv header {header}, want policy,replication + the 32 metrics")
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
# Cases. Each takes (ctx, arg) and raises Failure.

CASES = {}


def case(name):
    def register(fn):
        CASES[name] = fn
        return fn
    return register


# 1. Every example scenario validates and runs with the invariant checks on.
def case_scenario(ctx, rel):
    path = ctx.src(Path("scenarios") / rel)
    check(Path(path).is_file(), f"no such scenario {path}")
    r = ctx.run("validate", path)
    check(r.rc == 0, "validate must accept every example scenario" + r.describe())
    check("error:" not in r.err, "validate printed an error line" + r.describe())
    check(r.out.strip() != "", "validate printed no resolved scenario" + r.describe())
    t0 = time.monotonic()
    r = ctx.run("run", path, "-n", "2", "--threads", "2", "--check-invariants", "--quiet",
                "--format", "json")
    check(r.rc == 0, "run -n 2 --check-invariants must succeed" + r.describe())
    check("error:" not in r.err, "run printed an error line" + r.describe())
    doc = strict_json(r.out, r.cmd())
    policies = scenario_ids(ctx.ok("validate", path).out, "policies", "name")
    check(policies, f"found no [[policies]] in validate's output for {rel}")
    check_run_json(doc, policies, 2, r.cmd())
    dt = time.monotonic() - t0
    check(dt < 30, f"{r.cmd()} took {dt:.1f} s; example scenarios must run -n 2 in well under 30 s")


# 2. validate's output is a scenario that validates to itself.
@case("validate_round_trip")
def case_validate_round_trip(ctx, _):
    work = ctx.tmp / "scenarios"
    shutil.copytree(ctx.source / "scenarios", work)
    files = sorted(p for p in work.rglob("*.toml"))
    check(files, "no scenario files found")
    for f in files:
        rel = f.relative_to(ctx.tmp)
        first = ctx.ok("validate", rel)
        again_path = f.with_name(f.stem + ".roundtrip.toml")   # next to it: CSV paths resolve
        again_path.write_text(first.out)
        second = ctx.ok("validate", again_path.relative_to(ctx.tmp))
        check(second.out == first.out,
              f"validate of validate's output differs for {rel}:\n" +
              _first_diff(first.out, second.out))
        check("error:" not in second.err, f"round trip of {rel} printed errors" + second.describe())
    # The resolved file is the same scenario: same hash, same numbers.
    for rel in [VALIDATION, PERISHABLES]:
        orig = Path(rel)
        rt = orig.with_name(orig.stem + ".roundtrip.toml")
        a = strict_json(ctx.ok("run", orig, "-n", "2", "--threads", "1", "--format", "json").out,
                        "run original")
        b = strict_json(ctx.ok("run", rt, "-n", "2", "--threads", "1", "--format", "json").out,
                        "run round-tripped")
        check(without_wall(a) == without_wall(b),
              f"running the resolved scenario of {rel} gives different results than the original")


def _first_diff(a, b):
    la, lb = a.splitlines(), b.splitlines()
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return f"  line {i + 1}:\n    first:  {x}\n    second: {y}"
    return f"  lengths differ: {len(la)} vs {len(lb)} lines"


# 3. Bad files: exit 2, located error lines, nothing on stdout, nothing in --out.

# name -> (file, first-error file as typed, line, col, substrings of the first message)
BAD_FILES = {
    "unknown_key": ("bad/unknown_key.toml", "bad/unknown_key.toml", 5, 1,
                    ["lead_time_day", "did you mean 'lead_time_days'"]),
    "wrong_type": ("bad/wrong_type.toml", "bad/wrong_type.toml", 4, 16,
                   ["scenario.horizon_days", "string"]),
    "dangling_reference": ("bad/dangling_reference.toml", "bad/dangling_reference.toml", 5, 12,
                           ["shenzen", "did you mean 'shenzhen'"]),
    "empty": ("bad/empty.toml", "bad/empty.toml", 1, 1, ["empty"]),
    "binary": ("bad/binary.toml", "bad/binary.toml", 2, 17, ["binary"]),
    "missing_extends": ("bad/missing_extends.toml", "bad/missing_extends.toml", 3, 11,
                        ["extends", "no_such_base.toml"]),
    "error_in_base": ("bad/error_in_base.toml", "bad/_broken_base.toml", 4, 11,
                      ["warehouse.pickers"]),
    "extends_cycle": ("bad/cycle_a.toml", "bad/cycle_b.toml", 2, 11, ["cycle"]),
    "invalid_utf8": ("bad/invalid_utf8.toml", "bad/invalid_utf8.toml", 2, 12, ["UTF-8"]),
    "parse_error": ("bad/parse_error.toml", "bad/parse_error.toml", 3, 21, []),
    "csv_unknown_column": ("bad/csv_unknown_column.toml", "bad/unknown_column.csv", 1, 37,
                           ["did you mean 'demand.orders_per_day'"]),
    "duplicate_id": ("bad/duplicate_id.toml", "bad/duplicate_id.toml", 8, 6, ["duplicate"]),
    "several_problems": ("bad/several_problems.toml", "bad/several_problems.toml", 4, 16,
                         ["horizon_days"]),
    # Our own, in tests/cli/data/.
    "unknown_key_inline": ("bad/cli_unknown_key_inline.toml", "bad/cli_unknown_key_inline.toml",
                           6, 12, ["orders_per_dy", "did you mean 'orders_per_day'"]),
    "unknown_key_scenario": ("bad/cli_unknown_key_scenario.toml",
                             "bad/cli_unknown_key_scenario.toml", 4, 1,
                             ["did you mean 'replications'"]),
    "policy_kind_typo": ("bad/cli_policy_kind_typo.toml", "bad/cli_policy_kind_typo.toml", 5, 8,
                         ["did you mean 'base_stock'"]),
    "wrong_type_bool": ("bad/cli_wrong_type_bool.toml", "bad/cli_wrong_type_bool.toml", 4, 20,
                        ["costs.pipeline_holding", "string"]),
    "wrong_type_array": ("bad/cli_wrong_type_array.toml", "bad/cli_wrong_type_array.toml", 5, 16,
                         ["carriers.ocean.transit_days", "array"]),
    "dangling_shock_target": ("bad/cli_dangling_shock.toml", "bad/cli_dangling_shock.toml", 6, 11,
                              ["did you mean 'ocean'"]),
    "missing_extends_in_base": ("bad/cli_extends_broken_chain.toml",
                                "bad/cli_base_missing_extends.toml", 2, 11,
                                ["extends", "nowhere/base.toml"]),
    "comments_only": ("bad/cli_comments_only.toml", "bad/cli_comments_only.toml", 1, 1,
                      ["[scenario]"]),
    "duplicate_key": ("bad/cli_duplicate_key.toml", "bad/cli_duplicate_key.toml", 3, 16,
                      ["horizon_days"]),
    # Generated in the test folder (see _make_generated).
    "gzip_file": ("bad/gen_gzip.toml", "bad/gen_gzip.toml", 1, None, []),
    "utf16_file": ("bad/gen_utf16.toml", "bad/gen_utf16.toml", 1, 1, []),
    "missing_file": ("bad/no_such_file.toml", "bad/no_such_file.toml", 1, 1, ["no_such_file"]),
    "directory": ("bad", "bad", 1, 1, ["directory"]),
}
EXPECTED_ERROR_COUNT = {"several_problems": 5}


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


def _bad_file_commands(path, out):
    # No -n/--seed here: those are --set overrides and would replace a bad value of the file
    # (replications = 0) instead of reporting it. bad_file_with_flags covers them.
    return [
        ["validate", path],
        ["run", path, "--quiet", "--out", out],
        ["run", path, "--format", "json", "--out", out],
        ["sweep", path, "--param", "scenario.seed", "--values", "1,2", "--out", out],
        ["trace", path, "--policy", "jit"],
    ]


def case_bad(ctx, name):
    path, first_file, line, col, subs = BAD_FILES[name]
    _prepare_bad(ctx)
    out = ctx.tmp / "out"
    for argv in _bad_file_commands(path, "out"):
        r = ctx.run(*argv, timeout=60)
        check_error_output(r, first_file, line, col, subs, EXPECTED_ERROR_COUNT.get(name))
        check(dir_listing(out) == [], f"{r.cmd()} left files in --out: {dir_listing(out)}")


@case("bad_catalogue")
def case_bad_catalogue(ctx, _):
    """Every file of tests/data/bad/ (except the valid base) fails cleanly, for every command."""
    bad = _prepare_bad(ctx)
    files = sorted(p.name for p in bad.glob("*.toml") if p.name != "_base.toml")
    check(len(files) > 30, f"only {len(files)} bad files found")
    out = ctx.tmp / "out"
    for f in files:
        for argv in _bad_file_commands(f"bad/{f}", "out")[:2]:
            r = ctx.run(*argv, timeout=60)
            check_error_output(r)
            m = ERROR_LINE.match(r.err.splitlines()[0])
            check(m.group("file").startswith("bad/"),
                  f"error names {m.group('file')!r}, not the path as typed" + r.describe())
            check(dir_listing(out) == [], f"{r.cmd()} left files in --out: {dir_listing(out)}")


@case("bad_file_with_flags")
def case_bad_file_with_flags(ctx, _):
    """Good flags on a bad file: the errors still name the file, not the command line."""
    _prepare_bad(ctx)
    for f in ["bad/cli_comments_only.toml", "bad/missing_required.toml", "bad/wrong_type.toml"]:
        for flags in (["-n", "2"], ["--seed", "3", "--warmup-days", "10"]):
            r = ctx.run("run", f, *flags, "--out", "out")
            check_error_output(r)
            lines = r.err.splitlines()
            check(all(ln.startswith(f + ":") for ln in lines),
                  f"every problem is in {f} (the flags are valid), but some error lines name "
                  "another place" + r.describe())
            check(dir_listing(ctx.tmp / "out") == [], "files left in --out")


# Usage errors: exit 2, nothing on stdout, a message on stderr.
USAGE = {
    "unknown_flag": (["run", VALIDATION, "--bogus-flag"], ["--bogus-flag"]),
    "threads_zero": (["run", VALIDATION, "-n", "2", "--threads", "0"], ["--threads"]),
    "format_xml": (["run", VALIDATION, "-n", "2", "--format", "xml"], ["--format"]),
    "n_abc": (["run", VALIDATION, "-n", "abc"], ["abc"]),
    "n_zero": (["run", VALIDATION, "-n", "0"], ["replications"]),
    "seed_negative": (["run", VALIDATION, "-n", "2", "--seed", "-1"], ["seed", "-1"]),
    "horizon_nan": (["run", VALIDATION, "-n", "2", "--horizon-days", "nan"], ["horizon"]),
    "missing_scenario": (["run", "-n", "2"], ["scenario"]),
    "missing_scenario_file": (["run", "no_such.toml", "-n", "2"], ["no_such.toml"]),
    "unknown_policy": (["run", VALIDATION, "-n", "2", "--policy", "base-stok"],
                       ["base-stok", "did you mean 'base-stock'"]),
    "unknown_set_path": (["run", VALIDATION, "-n", "2", "--set", "costs.order_cst=5"],
                         ["<command line>:1:", "order_cst", "did you mean 'order_cost'"]),
    "unknown_set_sku": (["run", VALIDATION, "-n", "2", "--set",
                         "skus.itme.demand.orders_per_day=5"], ["<command line>:1:", "itme"]),
    "set_without_value": (["run", VALIDATION, "-n", "2", "--set", "costs.order_cost"],
                          ["<command line>:1:"]),
    "trace_without_policy": (["trace", VALIDATION], ["--policy"]),
    "trace_replication_out_of_range": (["trace", VALIDATION, "--policy", "base-stock", "-n", "3",
                                        "--replication", "3"], ["replication"]),
    "trace_replication_negative": (["trace", VALIDATION, "--policy", "base-stock",
                                    "--replication", "-1"], ["-1"]),
    "no_subcommand": ([], []),
    "unknown_subcommand": (["runn", VALIDATION], []),
    "help_unknown_command": (["help", "runn"], ["runn"]),
    "sweep_bad_param": (["sweep", VALIDATION, "--param", "policies.base-stock.levl",
                         "--values", "20,25", "-n", "2"], ["levl", "did you mean 'level'"]),
    "sweep_bad_values": (["sweep", VALIDATION, "--param", "policies.base-stock.level",
                          "--values", "20,x", "-n", "2"], ["x"]),
    "sweep_values_without_param": (["sweep", VALIDATION, "--values", "20,25", "-n", "2"], []),
}

# Messages that would mislead: the user typed neither a --set nor a wrapped-around number.
USAGE_FORBIDDEN = {
    "seed_negative": ["18446744073709551615"],
    "horizon_nan": ["missing value"],
    "trace_replication_negative": ["18446744073709551615"],
}


def case_usage(ctx, name):
    args, expect = USAGE[name]
    args = [ctx.src(a) if a == VALIDATION else a for a in args]
    if args and args[0] in ("run", "sweep"):
        args = args + ["--out", "out"]   # and nothing may be written there
    r = ctx.usage_error(*args, expect_in_err=expect)
    for s in USAGE_FORBIDDEN.get(name, []):
        check(s not in r.err, f"the message should not say {s!r}" + r.describe())
    check(dir_listing(ctx.tmp / "out") == [], f"usage error left files: {dir_listing(ctx.tmp)}")


@case("version")
def case_version(ctx, _):
    r = ctx.ok("--version")
    check(r.out.strip() == "jitsim 0.1.0", f"--version printed {r.out!r}" + r.describe())


@case("help")
def case_help(ctx, _):
    for cmd in ["run", "sweep", "validate", "trace"]:
        for argv in (["help", cmd], [cmd, "--help"]):
            r = ctx.ok(*argv)
            check("Example" in r.out and f"jitsim {cmd} " in r.out,
                  f"{r.cmd()} shows no example of 'jitsim {cmd} ...'" + r.describe())
            check("--replications" in r.out or cmd == "validate",
                  f"{r.cmd()} lists no options" + r.describe())
    a, b = ctx.ok("help", "run"), ctx.ok("run", "--help")
    for r in (ctx.ok("help"), ctx.ok("--help")):
        for cmd in ["run", "sweep", "validate", "trace"]:
            check(cmd in r.out, f"{r.cmd()} does not mention {cmd}" + r.describe())
    check("-n,--replications" in a.out and "-n,--replications" in b.out,
          "help run and run --help differ in the options they list")


# 4. --set and the shortcut flags.
@case("set_demand_direction")
def case_set_demand_direction(ctx, _):
    def demanded(path, *extra):
        doc = strict_json(ctx.ok("run", ctx.src(path), "-n", "3", "--threads", "2",
                                 "--format", "json", *extra).out, "run --format json")
        return {p: doc["policies"][p]["units_demanded"]["mean"] for p in doc["policies"]}

    base = demanded(VALIDATION)
    up = demanded(VALIDATION, "--set", "skus.item.demand.orders_per_day=10")
    down = demanded(VALIDATION, "--set", "skus.item.demand.orders_per_day=2")
    for p in base:
        check(down[p] < base[p] < up[p], f"units_demanded of {p} should grow with "
              f"orders_per_day: 2 -> {down[p]}, 5 -> {base[p]}, 10 -> {up[p]}")
        # Poisson(5/day) over 3650 days: 18250 expected; doubling doubles it (within 3 %).
        check(abs(up[p] / base[p] - 2) < 0.06, f"orders_per_day 5 -> 10 should double "
              f"units_demanded: {base[p]} -> {up[p]}")
    # A SKU that comes from a skus_file CSV row is addressed by id just the same.
    sku = "tee-core-black-m"
    b = demanded(BASELINE, "--policy", "jit")
    u = demanded(BASELINE, "--policy", "jit", "--set", f"skus.{sku}.demand.orders_per_day=300")
    check(u["jit"] > b["jit"], f"--set skus.{sku}.demand.orders_per_day=300 (was 30) did not raise "
          f"units_demanded: {b['jit']} -> {u['jit']}")
    r = ctx.ok("validate", ctx.src(BASELINE), "--set", f"skus.{sku}.demand.orders_per_day=300")
    check(re.search(r"orders_per_day = 300\b", r.out), "validate --set does not show the new "
          "orders_per_day" + r.describe())


@case("set_wrong_type")
def case_set_wrong_type(ctx, _):
    setting = "skus.item.demand.orders_per_day=abc"
    col = setting.index("=") + 2
    for cmd in (["run", ctx.src(VALIDATION), "-n", "2"], ["validate", ctx.src(VALIDATION)]):
        r = ctx.usage_error(*cmd, "--set", setting)
        lines = r.err.splitlines()
        check(all(re.match(r"^<command line>:\d+:\d+: error: ", ln) for ln in lines),
              "--set errors must be '<command line>:LINE:COL: error:' lines" + r.describe())
        check(lines[0].startswith(f"<command line>:1:{col}: error: "),
              f"expected '<command line>:1:{col}: error:' (the value's column)" + r.describe())
        check("orders_per_day" in lines[0], "error does not name the key" + r.describe())
    # The second --set is line 2 of the command line.
    r = ctx.usage_error("validate", ctx.src(VALIDATION), "--set", "costs.order_cost=5",
                        "--set", "costs.order_cost=true")
    check(r.err.startswith("<command line>:2:18: error: "),
          "the second --set should be reported as <command line>:2:18" + r.describe())


@case("shortcut_flags_in_header")
def case_shortcut_flags(ctx, _):
    r = ctx.ok("run", ctx.src(VALIDATION), "-n", "3", "--seed", "12345", "--horizon-days",
               "100.5", "--warmup-days", "7", "--format", "json", "--threads", "2")
    doc = strict_json(r.out, r.cmd())
    want = {"replications": 3, "seed": 12345, "horizon_days": 100.5, "warmup_days": 7}
    for k, v in want.items():
        check(doc[k] == v, f"header {k} = {doc[k]!r}, want {v!r}" + r.describe())
    check_run_json(doc, ["base-stock"], 3)
    r2 = ctx.ok("run", ctx.src(VALIDATION), "--replications", "3", "--seed", "12345",
                "--set", "scenario.horizon_days=100.5", "--set", "scenario.warmup_days=7",
                "--format", "json", "--threads", "1")
    check(without_wall(doc) == without_wall(strict_json(r2.out, r2.cmd())),
          "the shortcut flags and the equivalent --set give different results")
    # Unchanged file values show up too.
    doc = strict_json(ctx.ok("run", ctx.src(VALIDATION), "-n", "2", "--format", "json").out, "")
    for k, v in {"seed": 7, "horizon_days": 3650, "warmup_days": 50}.items():
        check(doc[k] == v, f"header {k} = {doc[k]!r}, want the file's {v!r}")


# 5. --format json shape.
@case("run_json_shape")
def case_run_json_shape(ctx, _):
    policies = scenario_ids(ctx.ok("validate", ctx.src(BASELINE)).out, "policies", "name")
    check(len(policies) >= 3, f"baseline has policies {policies}")
    r = ctx.ok("run", ctx.src(BASELINE), "-n", "3", "--threads", "2", "--format", "json")
    doc = strict_json(r.out, r.cmd())
    check_run_json(doc, policies, 3, r.cmd())
    check(doc["horizon_days"] == 365 and doc["seed"] == 20240601, "header differs from the file")
    check(doc["scenario"].startswith("Baseline"), f"scenario name {doc['scenario']!r}")
    for p in policies:
        for m in ["total_cost", "fill_rate", "units_demanded", "profit"]:
            s = doc["policies"][p][m]
            for k in SUMMARY_KEYS:
                check(s[k] is not None, f"policies.{p}.{m}.{k} is null with n = 3")
            check(s["ci95_low"] <= s["mean"] <= s["ci95_high"], f"{p}.{m}: mean outside its CI")
            check(s["p05"] <= s["p50"] <= s["p95"], f"{p}.{m}: quantiles not ordered")
        check(doc["policies"][p]["time_to_recover_days"]["mean"] is None,
              f"{p}: time_to_recover_days must be null without shocks")
    # A policy subset keeps file order and pairs only the chosen ones.
    r = ctx.ok("run", ctx.src(BASELINE), "-n", "2", "--policy", policies[2], "--policy",
               policies[0], "--format", "json")
    check_run_json(strict_json(r.out, r.cmd()), [policies[0], policies[2]], 2, r.cmd())


@case("run_json_n1")
def case_run_json_n1(ctx, _):
    policies = scenario_ids(ctx.ok("validate", ctx.src(PERISHABLES)).out, "policies", "name")
    r = ctx.ok("run", ctx.src(PERISHABLES), "-n", "1", "--format", "json")
    doc = strict_json(r.out, r.cmd())
    check_run_json(doc, policies, 1, r.cmd())
    for p in policies:
        for m in METRICS:
            s = doc["policies"][p][m]
            for k in ["sd", "ci95_low", "ci95_high"]:
                check(s[k] is None, f"-n 1: policies.{p}.{m}.{k} = {s[k]!r}, want null")
            if s["mean"] is not None:
                check(s["p50"] == s["mean"] == s["p05"] == s["p95"],
                      f"-n 1: {p}.{m} quantiles differ from the only value")
    for pr, d in doc["paired"].items():
        for m, s in d.items():
            for k in ["sd", "ci95_low", "ci95_high"]:
                check(s[k] is None, f"-n 1: paired.{pr}.{m}.{k} = {s[k]!r}, want null")


# 6. --out contents.
@case("out_contents")
def case_out_contents(ctx, _):
    n = 4
    resolved = ctx.ok("validate", ctx.src(BASELINE), "-n", str(n)).out
    policies = scenario_ids(resolved, "policies", "name")
    skus = scenario_ids(resolved, "skus")
    check(len(skus) == 30, f"baseline should have 30 SKUs, validate shows {len(skus)}")
    r = ctx.ok("run", ctx.src(BASELINE), "-n", str(n), "--threads", "2", "--format", "json",
               "--out", "res")
    out = ctx.tmp / "res"
    listing = dir_listing(out)
    check(set(listing) == OUT_FILES, f"--out holds {listing}, want exactly {sorted(OUT_FILES)}")
    # run.json is stdout's JSON.
    stdout_doc = strict_json(r.out, r.cmd())
    file_doc = strict_json((out / "run.json").read_text(), "run.json")
    check(without_wall(stdout_doc) == without_wall(file_doc), "run.json differs from stdout")
    check_run_json(file_doc, policies, n, "run.json")
    check((out / "scenario.resolved.toml").read_text() == resolved,
          "scenario.resolved.toml differs from what validate -n 4 prints")
    # summary.csv
    header, rows = read_csv(out / "summary.csv", "summary.csv")
    check(header == SUMMARY_COLUMNS, f"summary.csv header {header}, want {SUMMARY_COLUMNS}")
    check(len(rows) == len(policies) * len(METRICS),
          f"summary.csv has {len(rows)} rows, want {len(policies)} x {len(METRICS)}")
    check([(r_[0], r_[1]) for r_ in rows] == [(p, m) for p in policies for m in METRICS],
          "summary.csv rows are not policies x metrics in order")
    summary = {}
    for row in rows:
        vals = {k: csv_number(v, f"summary.csv {row[0]}.{row[1]}.{k}")
                for k, v in zip(SUMMARY_KEYS, row[2:])}
        summary[(row[0], row[1])] = vals
        js = file_doc["policies"][row[0]][row[1]]
        for k in SUMMARY_KEYS:
            check(close(vals[k], js[k], 1e-15, 0), f"summary.csv {row[0]}.{row[1]}.{k} = "
                  f"{vals[k]} but run.json has {js[k]}")
    # --format csv prints summary.csv.
    r_csv = ctx.ok("run", ctx.src(BASELINE), "-n", str(n), "--threads", "2", "--format", "csv")
    check(r_csv.out == (out / "summary.csv").read_text(),
          "--format csv output differs from summary.csv")
    # replications.csv: policies x replications, and summary recomputed from it.
    reps = load_replications(out)
    check(len(reps) == len(policies) * n,
          f"replications.csv has {len(reps)} rows, want {len(policies)} x {n}")
    check([(x["policy"], x["replication"]) for x in reps]
          == [(p, i) for p in policies for i in range(n)],
          "replications.csv rows are not policy x replication 0..n-1 in order")
    for p in policies:
        for m in METRICS:
            xs = [x[m] for x in reps if x["policy"] == p]
            s = summary[(p, m)]
            if any(v is None for v in xs):
                continue
            mean = sum(xs) / n
            check(close(s["mean"], mean), f"summary {p}.{m}.mean {s['mean']} != mean of "
                  f"replications.csv {mean}")
            sd = math.sqrt(sum((v - mean) ** 2 for v in xs) / (n - 1))
            check(close(s["sd"], sd, 1e-7, 1e-9), f"summary {p}.{m}.sd {s['sd']} != {sd}")
            half = T975[n - 1] * sd / math.sqrt(n)
            check(close(s["ci95_low"], mean - half, 1e-7, 1e-7)
                  and close(s["ci95_high"], mean + half, 1e-7, 1e-7),
                  f"summary {p}.{m} CI [{s['ci95_low']}, {s['ci95_high']}] != Student t "
                  f"[{mean - half}, {mean + half}]")
            xs_sorted = sorted(xs)
            for k, q in [("p05", 0.05), ("p50", 0.5), ("p95", 0.95)]:
                check(close(s[k], quantile7(xs_sorted, q), 1e-12, 1e-12),
                      f"summary {p}.{m}.{k} = {s[k]}, linear interpolation of the order "
                      f"statistics gives {quantile7(xs_sorted, q)}")
            check(s["n"] == n, f"summary {p}.{m}.n = {s['n']}, but every replication defines it")
    # paired.csv: pairs x 8, recomputed from the replications.
    header, rows = read_csv(out / "paired.csv", "paired.csv")
    check(header == PAIRED_COLUMNS, f"paired.csv header {header}, want {PAIRED_COLUMNS}")
    pairs = [(a, b) for i, a in enumerate(policies) for b in policies[i + 1:]]
    check([(r_[0], r_[1]) for r_ in rows] == [(f"{a}-vs-{b}", m) for a, b in pairs
                                               for m, _ in PAIRED],
          f"paired.csv rows are not pairs x {len(PAIRED)} metrics in order")
    for row in rows:
        vals = {k: csv_number(v, f"paired.csv {row[0]}.{row[1]}.{k}")
                for k, v in zip(PAIRED_KEYS, row[2:])}
        a, b = row[0].split("-vs-")
        m = row[1]
        higher = dict(PAIRED)[m]
        xa = [x[m] for x in reps if x["policy"] == a]
        xb = [x[m] for x in reps if x["policy"] == b]
        if any(v is None for v in xa + xb):
            continue
        d = [u - v for u, v in zip(xa, xb)]
        check(close(vals["mean_diff"], sum(d) / n, 1e-9, 1e-9),
              f"paired.csv {row[0]} {m} mean_diff {vals['mean_diff']} != {sum(d) / n}")
        better = sum(1.0 if (u > v if higher else u < v) else 0.5 if u == v else 0.0
                     for u, v in zip(xa, xb)) / n
        check(close(vals["share_better"], better, 1e-12, 1e-12),
              f"paired.csv {row[0]} {m} share_better {vals['share_better']}, want {better} "
              f"({'higher' if higher else 'lower'} is better)")
        js = file_doc["paired"][row[0]][m]
        for k in PAIRED_KEYS:
            check(close(vals[k], js[k], 1e-15, 0), f"paired.csv {row[0]}.{m}.{k} != run.json")
    # per_sku.csv: policies x SKUs x the per-SKU metrics.
    header, rows = read_csv(out / "per_sku.csv", "per_sku.csv")
    check(header == PER_SKU_COLUMNS, f"per_sku.csv header {header}, want {PER_SKU_COLUMNS}")
    groups = {}
    for row in rows:
        check(len(row) == len(header), f"per_sku.csv row {row}")
        check(row[2] in ("true", "false"), f"per_sku.csv critical {row[2]!r}")
        check(row[3] in METRICS, f"per_sku.csv metric {row[3]!r} is not a contract metric")
        for k, v in zip(["mean", "ci95_low", "ci95_high"], row[4:]):
            csv_number(v, f"per_sku.csv {row[0]}.{row[1]}.{row[3]}.{k}")
        groups.setdefault((row[0], row[1]), []).append(row[3])
    check(list(groups.keys()) == [(p, s) for p in policies for s in skus],
          "per_sku.csv groups are not policies x SKUs in order")
    per_sku_metrics = next(iter(groups.values()))
    check(per_sku_metrics == [m for m in METRICS if m in per_sku_metrics],
          "per_sku.csv metrics are not in contract order")
    for k, v in groups.items():
        check(v == per_sku_metrics, f"per_sku.csv {k} has metrics {v}, others {per_sku_metrics}")
    check(len(rows) == len(policies) * len(skus) * len(per_sku_metrics),
          f"per_sku.csv has {len(rows)} rows, want {len(policies)} x {len(skus)} x "
          f"{len(per_sku_metrics)}")
    # Additive per-SKU metrics sum to the total (sums over SKUs).
    for m in ["units_demanded", "units_shipped", "holding_cost", "ordering_cost",
              "purchase_cost", "revenue", "lost_sales_units"]:
        if m not in per_sku_metrics:
            continue
        for p in policies:
            total = sum(float(row[4]) for row in rows if row[0] == p and row[3] == m)
            check(close(total, summary[(p, m)]["mean"], 1e-9, 1e-6),
                  f"per_sku.csv {p} {m}: SKUs sum to {total}, summary mean "
                  f"{summary[(p, m)]['mean']}")
    # No stray files anywhere in the working folder.
    stray = [x for x in dir_listing(ctx.tmp) if not x.startswith("res")]
    check(stray == [], f"files left in the working folder: {stray}")


@case("out_undefined_empty")
def case_out_undefined_empty(ctx, _):
    """Undefined values (-n 1: sd, CI; no shocks: time_to_recover_days) are empty CSV fields."""
    ctx.ok("run", ctx.src(VALIDATION), "-n", "1", "--out", "res", "--quiet")
    header, rows = read_csv(ctx.tmp / "res/summary.csv", "summary.csv")
    for row in rows:
        check(row[3] == "" and row[4] == "" and row[5] == "",
              f"-n 1: summary.csv {row[1]} sd/ci95 should be empty, got {row[3:6]}")
        check_n(int(row[9]), csv_number(row[2], "mean"), row[1], 1, f"summary.csv {row[1]}")
    ttr = [row for row in rows if row[1] == "time_to_recover_days"][0]
    check(ttr[2] == "", f"time_to_recover_days mean without shocks should be empty: {ttr}")
    reps = (ctx.tmp / "res/replications.csv").read_text()
    check(not re.search(r"(?i)\b(nan|inf)", reps), "replications.csv holds nan/inf")
    doc = strict_json((ctx.tmp / "res/run.json").read_text(), "run.json")
    check(doc["policies"]["base-stock"]["time_to_recover_days"]["mean"] is None,
          "run.json: time_to_recover_days mean should be null")


# 7. Reproducibility.
OUT_COMPARED = ["summary.csv", "replications.csv", "paired.csv", "per_sku.csv",
                "scenario.resolved.toml"]


@case("reproducible_threads")
def case_reproducible_threads(ctx, _):
    path = ctx.src("scenarios/supplier_shutdown.toml")   # random shocks, several policies
    ctx.ok("run", path, "-n", "3", "--threads", "1", "--out", "t1", "--quiet")
    ctx.ok("run", path, "-n", "3", "--threads", "2", "--out", "t2", "--quiet")
    for f in OUT_COMPARED:
        a, b = (ctx.tmp / "t1" / f).read_bytes(), (ctx.tmp / "t2" / f).read_bytes()
        check(a == b, f"{f} differs between --threads 1 and --threads 2")
    a = strict_json((ctx.tmp / "t1/run.json").read_text(), "run.json")
    b = strict_json((ctx.tmp / "t2/run.json").read_text(), "run.json")
    check(without_wall(a) == without_wall(b),
          "run.json (minus wall_seconds) differs between --threads 1 and 2")
    # The bytes, not just the values, apart from wall_seconds.
    strip = lambda s: re.sub(r'"wall_seconds": [^,}]*', '"wall_seconds": X', s)
    check(strip((ctx.tmp / "t1/run.json").read_text()) == strip((ctx.tmp / "t2/run.json")
                                                                  .read_text()),
          "run.json bytes differ (beyond wall_seconds) between --threads 1 and 2")
    # Again in the same process count: the same bytes.
    ctx.ok("run", path, "-n", "3", "--threads", "2", "--out", "t3", "--quiet")
    for f in OUT_COMPARED:
        check((ctx.tmp / "t3" / f).read_bytes() == (ctx.tmp / "t2" / f).read_bytes(),
              f"{f} differs between two identical runs")


@case("reproducible_seed")
def case_reproducible_seed(ctx, _):
    path = ctx.src(PERISHABLES)
    ctx.ok("run", path, "-n", "3", "--seed", "11", "--out", "s11", "--quiet")
    ctx.ok("run", path, "-n", "3", "--seed", "12", "--out", "s12", "--quiet")
    a = load_replications(ctx.tmp / "s11")
    b = load_replications(ctx.tmp / "s12")
    diff = [m for m in ["total_cost", "units_demanded", "fill_rate"]
            if [x[m] for x in a] == [x[m] for x in b]]
    check(not diff, f"--seed 11 and --seed 12 give identical {diff}")
    ja = strict_json((ctx.tmp / "s11/run.json").read_text(), "")
    jb = strict_json((ctx.tmp / "s12/run.json").read_text(), "")
    check(ja["seed"] == 11 and jb["seed"] == 12, "seed not in run.json")
    check(ja["scenario_sha256"] != jb["scenario_sha256"],
          "scenario_sha256 is the same for two seeds (the resolved scenario differs)")


@case("common_random_numbers")
def case_common_random_numbers(ctx, _):
    path = ctx.src("scenarios/supplier_shutdown.toml")
    policies = scenario_ids(ctx.ok("validate", path).out, "policies", "name")
    check("jit" in policies, f"no jit policy in {policies}")
    ctx.ok("run", path, "-n", "3", "--out", "all", "--quiet")
    ctx.ok("run", path, "-n", "3", "--policy", "jit", "--out", "jit", "--quiet")
    all_rows = (ctx.tmp / "all/replications.csv").read_text().splitlines()
    jit_rows = (ctx.tmp / "jit/replications.csv").read_text().splitlines()
    check(jit_rows[0] == all_rows[0], "replications.csv headers differ")
    want = [ln for ln in all_rows[1:] if ln.startswith("jit,")]
    check(jit_rows[1:] == want, "--policy jit alone gives other replication rows than the full "
          "run (common random numbers: a policy's results must not depend on the others)")
    s_all = [ln for ln in (ctx.tmp / "all/summary.csv").read_text().splitlines()
             if ln.startswith("jit,")]
    s_jit = (ctx.tmp / "jit/summary.csv").read_text().splitlines()[1:]
    check(s_all == s_jit, "--policy jit summary rows differ from the full run's jit rows")
    check((ctx.tmp / "jit/paired.csv").read_text().strip() == PAIRED_COLUMNS_LINE,
          "one policy: paired.csv should hold only its header")


PAIRED_COLUMNS_LINE = ",".join(PAIRED_COLUMNS)


# 8. Ratios are ratios of sums; identities per replication.
@case("metric_identities")
def case_metric_identities(ctx, _):
    import tomllib
    for rel, horizon in [(PERISHABLES, 364), ("scenarios/viral_spike.toml", 365),
                         (VALIDATION, 3650)]:
        d = Path(rel).stem
        ctx.ok("run", ctx.src(rel), "-n", "3", "--threads", "2", "--out", d, "--quiet")
        resolved = tomllib.loads((ctx.tmp / d / "scenario.resolved.toml").read_text())
        penalty = resolved.get("costs", {}).get("lost_sale_penalty", 0.0)
        nonzero = set()
        for x in load_replications(ctx.tmp / d):
            where = f"{rel} {x['policy']} replication {x['replication']}"
            parts = sum(x[m] for m in COST_PARTS)
            check(close(x["total_cost"], parts, 1e-9, 1e-6),
                  f"{where}: total_cost {x['total_cost']} != sum of the 7 parts {parts}")
            check(close(x["cost_per_day"], x["total_cost"] / horizon, 1e-9, 1e-9),
                  f"{where}: cost_per_day {x['cost_per_day']} != total_cost / {horizon}")
            # Accounting profit: revenue - purchase cost - operating costs - penalties paid;
            # the lost margin (never earned) and spoilage (paid in purchase_cost) are not in it.
            operating = parts - x["lost_sales_cost"] - x["spoilage_cost"]
            profit = (x["revenue"] - x["purchase_cost"] - operating
                      - penalty * x["lost_sales_units"])
            check(close(x["profit"], profit, 1e-9, 1e-6),
                  f"{where}: profit {x['profit']} != revenue - purchase_cost - operating costs "
                  f"- lost_sale_penalty x lost units {profit}")
            check(close(x["lost_sales_per_day"], x["lost_sales_units"] / horizon, 1e-9, 1e-12),
                  f"{where}: lost_sales_per_day != lost_sales_units / horizon")
            check(close(x["orders_per_day"], x["orders_placed"] / horizon, 1e-9, 1e-12),
                  f"{where}: orders_per_day != orders_placed / horizon")
            for m in ["fill_rate", "order_fill_rate", "cycle_service_level",
                      "stockout_time_fraction"]:
                check(x[m] is None or 0 <= x[m] <= 1, f"{where}: {m} = {x[m]} outside [0, 1]")
            check(x["fill_rate"] is not None, f"{where}: fill_rate undefined with demand")
            for m in ["units_demanded", "units_shipped", "orders_placed", "lost_sales_units",
                      "spoiled_units", "rejected_units", "lost_in_transit_units"]:
                check(x[m] >= 0 and x[m] == int(x[m]), f"{where}: {m} = {x[m]} not whole units")
            for m in METRICS:
                if x[m] is not None and x[m] != 0:
                    nonzero.add(m)
            if x["avg_customer_wait_days"] is not None and x["p95_customer_wait_days"] is not None:
                check(x["p95_customer_wait_days"] >= 0, f"{where}: negative wait")
        if rel == PERISHABLES:
            check(penalty > 0, f"{rel}: lost_sale_penalty is 0; the profit identity should "
                  "exercise it")
            for m in ["lost_sales_cost", "spoilage_cost", "spoiled_units", "lost_sales_units"]:
                check(m in nonzero, f"{rel}: {m} is zero everywhere; the identity test should "
                      "exercise it")


# 9. trace
@case("trace_audit")
def case_trace_audit(ctx, _):
    for rel in [VALIDATION, PERISHABLES]:
        path = ctx.src(rel)
        policy = scenario_ids(ctx.ok("validate", path).out, "policies", "name")[-1]
        horizon = 3650 if rel == VALIDATION else 364
        r = ctx.ok("trace", path, "--policy", policy, "--replication", "1", "-n", "3")
        lines = r.out.splitlines()
        check(lines and lines[0] == TRACE_HEADER, f"trace header {lines[:1]}, want {TRACE_HEADER}")
        rows = list(csv.DictReader(io.StringIO(r.out)))
        check(len(rows) > 100, f"trace of {rel} has only {len(rows)} rows")
        last = -math.inf
        seen_po = set()
        demanded = 0
        events = set()
        for i, row in enumerate(rows):
            t = float(row["time"])
            check(t >= last, f"trace row {i + 2}: time {t} before {last}")
            last = t
            events.add(row["event"])
            for k in ["quantity", "on_hand", "backlog", "on_order"]:
                check(re.fullmatch(r"-?\d+", row[k]), f"trace row {i + 2}: {k} = {row[k]!r}")
            check(int(row["on_hand"]) >= 0 and int(row["backlog"]) >= 0,
                  f"trace row {i + 2}: negative stock {row}")
            if row["event"] == "purchase_order":
                check(row["purchase_order"] != "", f"trace row {i + 2}: purchase_order without id")
                seen_po.add(row["purchase_order"])
            if row["event"] == "receipt":
                check(row["purchase_order"] in seen_po,
                      f"trace row {i + 2}: receipt of purchase order {row['purchase_order']!r} "
                      "that no earlier purchase_order row placed")
            if row["event"] == "customer_order" and 0 <= t < horizon:
                demanded += int(row["quantity"])
        for e in ["customer_order", "purchase_order", "receipt"]:
            check(e in events, f"trace of {rel} has no {e} rows; events: {sorted(events)}")
        check(max(float(x["time"]) for x in rows) < horizon,
              "trace has events at or after the horizon")
        check(min(float(x["time"]) for x in rows) < 0, "trace has no warm-up events")
        # The trace is an audit of the metrics.
        d = Path(rel).stem
        ctx.ok("run", path, "-n", "3", "--policy", policy, "--out", d, "--quiet")
        rep = [x for x in load_replications(ctx.tmp / d) if x["replication"] == 1]
        check(len(rep) == 1, "replication 1 missing from replications.csv")
        check(demanded == rep[0]["units_demanded"],
              f"{rel} {policy} replication 1: customer_order quantities over [0, {horizon}) sum "
              f"to {demanded}, replications.csv units_demanded = {rep[0]['units_demanded']}")
        # --out writes trace.csv with the same text.
        ctx.ok("trace", path, "--policy", policy, "--replication", "1", "-n", "3",
               "--out", d + "-trace")
        check((ctx.tmp / (d + "-trace") / "trace.csv").read_text() == r.out,
              "trace --out trace.csv differs from trace's stdout")
        check(dir_listing(ctx.tmp / (d + "-trace")) == ["trace.csv"],
              f"trace --out left {dir_listing(ctx.tmp / (d + '-trace'))}")
    # Out of range.
    path = ctx.src(VALIDATION)
    ctx.usage_error("trace", path, "--policy", "base-stock", "--replication", "40",
                    expect_in_err=["replication"])
    ctx.usage_error("trace", path, "--policy", "base-stock", "-n", "2", "--replication", "2",
                    expect_in_err=["replication"])
    ctx.usage_error("trace", path, "--policy", "base-stok", expect_in_err=["did you mean"])
    ctx.usage_error("trace", path, "--policy", "base-stock", "--policy", "base-stock2")


# 10. sweep
def _curves(ctx, d):
    header, rows = read_csv(ctx.tmp / d / "curves.csv", f"{d}/curves.csv")
    return header, rows


SWEEP_PARAM = "policies.base-stock.level"


@case("sweep_curves")
def case_sweep_curves(ctx, _):
    path = ctx.src(VALIDATION)
    r = ctx.ok("sweep", path, "--param", SWEEP_PARAM, "--values", "20,25,30", "-n", "5",
               "--out", "v", "--quiet")
    check("curves.csv" in dir_listing(ctx.tmp / "v"), f"sweep --out: {dir_listing(ctx.tmp / 'v')}")
    check(not [x for x in dir_listing(ctx.tmp / "v") if x.startswith(".")],
          f"temporary files left: {dir_listing(ctx.tmp / 'v')}")
    header, rows = _curves(ctx, "v")
    want = ["parameter", "value"] + CURVES_TAIL
    check(header == want, f"curves.csv header {header}, want {want}")
    check(len(rows) == 3 * 1 * 32, f"curves.csv has {len(rows)} rows, want 3 x 1 x 32")
    check([(x[0], x[1], x[2], x[3]) for x in rows]
          == [(SWEEP_PARAM, v, "base-stock", m) for v in ["20", "25", "30"] for m in METRICS],
          "curves.csv rows are not values x policies x metrics in order")
    for x in rows:
        for k, f in zip(SUMMARY_KEYS, x[4:]):
            csv_number(f, f"curves.csv {x[1]} {x[3]} {k}")
        check_n(int(x[-1]), csv_number(x[4], "mean"), x[3], 5, f"curves.csv {x[1]} {x[3]}")
    fill = [float(x[4]) for x in rows if x[3] == "fill_rate"]
    check(fill[0] < fill[1] < fill[2], f"fill_rate should increase with the level: {fill}")
    hold = [float(x[4]) for x in rows if x[3] == "holding_cost"]
    check(hold[0] < hold[1] < hold[2], f"holding_cost should increase with the level: {hold}")
    # A sweep point equals a run with that value set (same seed, common random numbers).
    ctx.ok("run", path, "-n", "5", "--set", f"{SWEEP_PARAM}=25", "--out", "r25", "--quiet")
    _, srows = read_csv(ctx.tmp / "r25/summary.csv", "summary.csv")
    check([x[1:] for x in srows] == [x[3:] for x in rows if x[1] == "25"],
          "sweep point level = 25 differs from run --set policies.base-stock.level=25")
    # --format csv prints curves.csv.
    r = ctx.ok("sweep", path, "--param", SWEEP_PARAM, "--values", "20,25,30", "-n", "5",
               "--format", "csv")
    check(r.out == (ctx.tmp / "v/curves.csv").read_text(), "sweep --format csv != curves.csv")
    r = ctx.ok("sweep", path, "--param", SWEEP_PARAM, "--values", "20,25,30", "-n", "5",
               "--format", "json")
    strict_json(r.out, r.cmd())


@case("sweep_range_equals_values")
def case_sweep_range(ctx, _):
    path = ctx.src(VALIDATION)
    ctx.ok("sweep", path, "--param", SWEEP_PARAM, "--values", "20,25,30", "-n", "3",
           "--out", "v", "--quiet")
    ctx.ok("sweep", path, "--param", SWEEP_PARAM, "--range", "20:30:5", "-n", "3",
           "--out", "r", "--quiet")
    check((ctx.tmp / "v/curves.csv").read_bytes() == (ctx.tmp / "r/curves.csv").read_bytes(),
          "--range 20:30:5 and --values 20,25,30 give different curves.csv")


@case("sweep_range_decimal")
def case_sweep_range_decimal(ctx, _):
    """A decimal step lands on the values a user would type (0.8, not 0.7999999999999999)."""
    path = ctx.src(VALIDATION)
    p = "costs.backorder_cost_per_unit_day"
    ctx.ok("sweep", path, "--param", p, "--values", "0.7,0.8,0.9,1", "-n", "2",
           "--out", "v", "--quiet")
    ctx.ok("sweep", path, "--param", p, "--range", "0.7:1:0.1", "-n", "2", "--out", "r", "--quiet")
    _, rows = _curves(ctx, "r")
    values = sorted({x[1] for x in rows}, key=float)
    check(values == ["0.7", "0.8", "0.9", "1"],
          f"jitsim sweep --param {p} --range 0.7:1:0.1 sweeps the values {values}, "
          "want ['0.7', '0.8', '0.9', '1']")
    check((ctx.tmp / "v/curves.csv").read_bytes() == (ctx.tmp / "r/curves.csv").read_bytes(),
          "--range 0.7:1:0.1 and --values 0.7,0.8,0.9,1 give different curves.csv")


@case("sweep_grid")
def case_sweep_grid(ctx, _):
    path = ctx.src(VALIDATION)
    ctx.ok("sweep", path, "--param", SWEEP_PARAM, "--values", "20,30", "--param",
           "costs.backorder_cost_per_unit_day", "--values", "0.5,0.7,0.9", "-n", "2",
           "--out", "g", "--quiet")
    header, rows = _curves(ctx, "g")
    check(header[:2] == ["parameter", "value"] and header[-len(CURVES_TAIL):] == CURVES_TAIL,
          f"grid curves.csv header {header}")
    check(len(rows) == 2 * 3 * 1 * 32, f"grid curves.csv has {len(rows)} rows, want 2x3x1x32")
    extra = len(header) - 2 - len(CURVES_TAIL)
    check(extra == 2, f"grid curves.csv should name the second parameter and value: {header}")
    points = sorted({(x[1], x[3]) for x in rows})
    check(points == sorted((a, b) for a in ["20", "30"] for b in ["0.5", "0.7", "0.9"]),
          f"grid points {points}")
    # The backorder rate moves cost, not the physical outcome (same random futures).
    for a in ["20", "30"]:
        cost = [float(x[6]) for x in rows if x[1] == a and x[5] == "backorder_cost"]
        fill = [x[6] for x in rows if x[1] == a and x[5] == "fill_rate"]
        check(cost[0] < cost[1] < cost[2], f"backorder_cost should rise with its rate: {cost}")
        check(len(set(fill)) == 1, f"fill_rate should not depend on the backorder rate: {fill}")
    ctx.usage_error("sweep", path, "--param", SWEEP_PARAM, "--values", "1", "--param", "a.b",
                    "--values", "1", "--param", "c.d", "--values", "1", "-n", "2")


@case("sweep_bad_param")
def case_sweep_bad_param(ctx, _):
    path = ctx.src(VALIDATION)
    for param in ["policies.base-stock.levl", "policies.nosuch.level", "nosuch"]:
        r = ctx.usage_error("sweep", path, "--param", param, "--values", "20,25", "-n", "2",
                            "--out", "o")
        check(re.search(r"^<command line>:\d+:\d+: error: ", r.err, re.M),
              "a bad --param should be a located <command line> error" + r.describe())
        check(dir_listing(ctx.tmp / "o") == [], "bad sweep left files")
    ctx.usage_error("sweep", path, "--param", SWEEP_PARAM, "--range", "30:20:5", "-n", "2")
    ctx.usage_error("sweep", path, "--param", SWEEP_PARAM, "--range", "20:30", "-n", "2")
    # A value of the wrong kind for the key.
    ctx.usage_error("sweep", path, "--param", SWEEP_PARAM, "--values", "20,25.5", "-n", "2")


# 11. Interruption.
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


@case("interrupt")
def case_interrupt(ctx, _):
    out = ctx.tmp / "res"
    argv = [ctx.jitsim, "run", ctx.src(BASELINE), "-n", "2000", "--out", str(out)]
    rc, out_text, err_text, dt = _interrupted(ctx, argv, signal.SIGINT, 1.0)
    desc = (f"\n  command: jitsim run {BASELINE} -n 2000 --out DIR, SIGINT after 1 s\n"
            f"  exit: {rc}\n  stdout: {_clip(out_text)}\n  stderr: {_clip(err_text)}")
    check(rc == 130, "expected exit 130 after SIGINT" + desc)
    check(re.search(r"\b\d+ of 2000\b", err_text), "stderr should say how far it got "
          "(N of 2000 replications)" + desc)
    check(dt < 10, f"took {dt:.1f} s to stop after SIGINT" + desc)
    # No result file and no temporary: only the documented checkpoint for --resume.
    listing = dir_listing(out)
    check(listing and all(p.startswith("checkpoint") for p in listing),
          f"--out after an interrupt holds {listing}, expected only checkpoint/" + desc)
    check(out_text == "", "nothing should be printed on stdout after an interrupt" + desc)


@case("resume")
def case_resume(ctx, _):
    path = ctx.src("scenarios/supplier_shutdown.toml")
    argv = [ctx.jitsim, "run", path, "-n", "120", "--threads", "2", "--out", "res", "--quiet"]
    rc, _, err_text, _ = _interrupted(ctx, argv, signal.SIGTERM, 1.5)
    check(rc == 143, f"expected exit 143 (128 + SIGTERM) after SIGTERM, got {rc}")
    check("--resume" in err_text, f"the message should say how to resume: {err_text}")
    check((ctx.tmp / "res/checkpoint/checkpoint.toml").exists(), "no checkpoint after SIGTERM")
    ctx.ok(*argv[1:], "--resume")
    ctx.ok("run", path, "-n", "120", "--threads", "2", "--out", "full", "--quiet")
    _same_outputs(ctx, "full", "res", "an uninterrupted run and an interrupted, resumed one")
    check(not (ctx.tmp / "res/checkpoint").exists(), "the checkpoint outlived the completed run")
    # On a completed folder --resume changes nothing.
    before = {f: (ctx.tmp / "res" / f).read_bytes() for f in MC_COMPARED + ["run.json"]}
    r = ctx.ok(*argv[1:], "--resume")
    check("nothing to do" in r.err, f"--resume on a completed run: {r.err}")
    check(all((ctx.tmp / "res" / f).read_bytes() == b for f, b in before.items()),
          "--resume on a completed run changed its files")
    # A checkpoint of another scenario is refused.
    ctx.usage_error(*argv[1:], "--resume", "--seed", "99")
    # So is a completed run of other policies (same scenario, seed and -n).
    ctx.usage_error(*argv[1:], "--resume", "--policy", "jit", expect_in_err=["another run"])
    check(all((ctx.tmp / "res" / f).read_bytes() == b for f, b in before.items()),
          "a refused --resume changed the completed run's files")


@case("interrupt_sweep")
def case_interrupt_sweep(ctx, _):
    out = ctx.tmp / "res"
    argv = [ctx.jitsim, "sweep", ctx.src(BASELINE), "--param", "costs.order_cost", "--values",
            "10,20,30", "-n", "1000", "--out", str(out)]
    rc, _, err_text, _ = _interrupted(ctx, argv, signal.SIGINT, 1.0)
    desc = (f"\n  command: jitsim sweep baseline.toml ... -n 1000 --out DIR, SIGINT after 1 s\n"
            f"  exit: {rc}\n  stderr: {_clip(err_text)}")
    check(rc == 130, "expected exit 130 after SIGINT" + desc)
    check(re.search(r"\b1 of 3\b", err_text), "stderr should say how far it got" + desc)
    check(dir_listing(out) == [], f"--out after an interrupt holds {dir_listing(out)}" + desc)


# More of "files are written whole or not at all" and exit 1 for a failure while running.
@case("out_write_failure")
def case_out_write_failure(ctx, _):
    path = ctx.src(VALIDATION)
    # One of the names is taken by a folder: nothing may be written, and the message is useful.
    (ctx.tmp / "res/paired.csv/keep").mkdir(parents=True)
    r = ctx.run("run", path, "-n", "2", "--quiet", "--out", "res")
    check(r.rc == 1, "expected exit 1 (failure while running) when --out cannot be written"
          + r.describe())
    check(dir_listing(ctx.tmp / "res") == ["paired.csv", "paired.csv/keep"],
          f"a failed --out left {dir_listing(ctx.tmp / 'res')} (files are written whole or "
          "not at all)" + r.describe())
    check(not r.err.rstrip().endswith("Success"),
          "the error message gives no reason ('Success')" + r.describe())
    # --out names a file.
    (ctx.tmp / "afile").write_text("x")
    r = ctx.run("run", path, "-n", "2", "--quiet", "--out", "afile")
    check(r.rc in (1, 2), "expected exit 1 or 2 for --out naming a file" + r.describe())
    check((ctx.tmp / "afile").read_text() == "x", "--out clobbered a file")
    check(sorted(os.listdir(ctx.tmp)) == ["afile", "res"], f"stray files: {os.listdir(ctx.tmp)}")
    # Old results are replaced as a whole.
    ctx.ok("run", path, "-n", "2", "--quiet", "--out", "ok", "--seed", "1")
    ctx.ok("run", path, "-n", "3", "--quiet", "--out", "ok", "--seed", "2")
    check(set(dir_listing(ctx.tmp / "ok")) == OUT_FILES, f"{dir_listing(ctx.tmp / 'ok')}")
    check(len(load_replications(ctx.tmp / "ok")) == 3, "replications.csv not replaced")


@case("warmup_warning")
def case_warmup_warning(ctx, _):
    """A warm-up shorter than 2 x lead time + review period is a warning, not an error."""
    path = ctx.src(VALIDATION)   # lead time 4: needs 8 days
    r = ctx.ok("validate", path, "--warmup-days", "0")
    lines = r.err.splitlines()
    check(any(re.match(r"^.+:\d+:\d+: warning: .*warmup_days", ln) for ln in lines),
          "expected a located 'warning:' about warmup_days" + r.describe())
    check("error:" not in r.err, "a warning is not an error" + r.describe())
    r = ctx.ok("run", path, "-n", "2", "--warmup-days", "3", "--quiet")
    check("warning:" in r.err, "run should warn about the short warm-up too" + r.describe())
    r = ctx.ok("validate", path)   # 50 days: no warning
    check(r.err == "", "no warning expected with warmup_days = 50" + r.describe())


ODD = "tests/cli/data/good/odd_names.toml"


@case("odd_names")
def case_odd_names(ctx, _):
    """Names with commas, quotes, backslashes, tabs and accents survive CSV and JSON."""
    path = ctx.src(ODD)
    name = "Caf\u00e9 \"odd\", names\\ok\tend"
    policies = ["bs, 20", 'jit "lean"', "p\u00e9riodique"]
    skus = ["item, large", 'item "small"']
    r = ctx.ok("run", path, "--format", "json", "--out", "res", "--quiet")
    doc = strict_json(r.out, r.cmd())
    check(doc["scenario"] == name, f"scenario name {doc['scenario']!r}, want {name!r}")
    check_run_json(doc, policies, 3, r.cmd())
    for f in ["summary.csv", "replications.csv", "per_sku.csv"]:
        header, rows = read_csv(ctx.tmp / "res" / f, f)
        for row in rows:
            check(len(row) == len(header), f"{f}: row {row} has {len(row)} fields, header "
                  f"{len(header)} (names not quoted?)")
            check(row[0] in policies, f"{f}: policy {row[0]!r}")
        if f == "per_sku.csv":
            check(sorted({row[1] for row in rows}) == sorted(skus), "per_sku.csv SKUs")
    _, rows = read_csv(ctx.tmp / "res/paired.csv", "paired.csv")
    check({row[0] for row in rows} == {f"{a}-vs-{b}" for i, a in enumerate(policies)
                                       for b in policies[i + 1:]}, "paired.csv pair names")
    a = ctx.ok("validate", path)
    (ctx.tmp / "again.toml").write_text(a.out)
    b = ctx.ok("validate", "again.toml")
    check(a.out == b.out, "validate round trip of odd names:\n" + _first_diff(a.out, b.out))
    # The manifests jitsim writes and reads back name the policies: shards, merged, give the
    # single run's files, and --resume recognises the completed run.
    for i in (1, 2):
        ctx.ok("run", path, "--shard", f"{i}/2", "--out", f"shard{i}", "--quiet")
    ctx.ok("merge", "shard2", "shard1", "--out", "merged", "--format", "csv")
    _same_outputs(ctx, "res", "merged", "a run and its merged shards (odd policy names)")
    r = ctx.ok("run", path, "--out", "res", "--quiet", "--resume")
    check("nothing to do" in r.err, f"--resume on a completed run with odd names: {r.err}")
    r = ctx.ok("trace", path, "--policy", "bs, 20", "-n", "3")
    header, rows = read_csv(r.out, "trace")
    bad = [row for row in rows if len(row) != 10 or row[2] not in skus]
    check(not bad, f"trace CSV: {len(bad)} rows do not parse as 10 fields with a SKU id, e.g. "
          f"{bad[:2]}; SKU ids holding a comma or quote must be quoted\n  command: {r.cmd()}")


# ---------------------------------------------------------------------------------------------
# Monte Carlo at scale: shards, processes, paired comparisons, --target-ci, sweeps, time series.

def read_dicts(path):
    header, rows = read_csv(Path(path), str(path))
    return [dict(zip(header, row)) for row in rows]


MC_COMPARED = ["summary.csv", "replications.csv", "paired.csv", "per_sku.csv",
               "scenario.resolved.toml"]


def _same_outputs(ctx, a, b, what):
    for f in MC_COMPARED:
        check((ctx.tmp / a / f).read_bytes() == (ctx.tmp / b / f).read_bytes(),
              f"{f} differs between {what}")
    ja = strict_json((ctx.tmp / a / "run.json").read_text(), "run.json")
    jb = strict_json((ctx.tmp / b / "run.json").read_text(), "run.json")
    check(without_wall(ja) == without_wall(jb), f"run.json differs between {what}")


@case("shard_merge")
def case_shard_merge(ctx, _):
    path = ctx.src("scenarios/supplier_shutdown.toml")   # random shocks, 4 policies, 30 SKUs
    ctx.ok("run", path, "-n", "7", "--out", "single", "--quiet")
    for i in (1, 2, 3):
        ctx.ok("run", path, "-n", "7", "--shard", f"{i}/3", "--out", f"shard{i}", "--quiet")
    # In any order on the command line.
    ctx.ok("merge", "shard2", "shard3", "shard1", "--out", "merged", "--format", "json")
    _same_outputs(ctx, "single", "merged", "a single run and merged shards 1/3..3/3")
    # A missing shard is refused.
    ctx.usage_error("merge", "shard1", "shard3", "--out", "partial")
    check(not (ctx.tmp / "partial").exists() or dir_listing(ctx.tmp / "partial") == [],
          "merge of incomplete shards wrote files")
    # A damaged manifest is reported at its line and column (exit 2), as a scenario file is.
    manifest = ctx.tmp / "shard2/manifest.toml"
    manifest.write_text(manifest.read_text() + "broken = [\n")
    lines = manifest.read_text().count("\n")  # the broken line is the last
    ctx.usage_error("merge", "shard1", "shard2", "shard3", "--out", "damaged",
                    expect_in_err=[f"shard2/manifest.toml:{lines}:", ": error: "])


@case("sweep_shard_merge")
def case_sweep_shard_merge(ctx, _):
    grid = ["sweep", ctx.src(VALIDATION), "--param", "costs.backorder_cost_per_unit_day",
            "--values", "0.5,1", "--param", "costs.holding_rate_per_year", "--range",
            "0.2:0.3:0.1", "-n", "5", "--quiet"]
    ctx.ok(*grid, "--out", "single")
    for i in (1, 2, 3):
        ctx.ok(*grid, "--shard", f"{i}/3", "--out", f"shard{i}")
    ctx.ok("merge", "shard3", "shard1", "shard2", "--out", "merged")
    for f in ("curves.csv", "scenario.resolved.toml"):
        check((ctx.tmp / "single" / f).read_bytes() == (ctx.tmp / "merged" / f).read_bytes(),
              f"{f} of merged sweep shards differs from a single sweep")
    strip = lambda s: re.sub(r'"wall_seconds": [^,}]*', "", s)
    check(strip((ctx.tmp / "single/sweep.json").read_text()) ==
          strip((ctx.tmp / "merged/sweep.json").read_text()),
          "sweep.json of merged shards differs from a single sweep (beyond wall_seconds)")


def _mpirun():
    exe = shutil.which("mpirun")
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_btl="self,vader", OMPI_MCA_rmaps_base_oversubscribe="1")
    return exe, env


@case("mpi_bytes")
def case_mpi_bytes(ctx, _):
    exe, env = _mpirun()
    check(exe is not None, "mpirun not found (scripts/install-deps.sh installs openmpi-bin)")
    path = ctx.src("scenarios/supplier_shutdown.toml")
    ctx.ok("run", path, "-n", "5", "--threads", "2", "--out", "single", "--quiet")
    for np in ("2", "3"):
        argv = [exe, "-np", np, ctx.jitsim, "run", path, "-n", "5", "--threads", "1",
                "--out", f"mpi{np}", "--quiet", "--format", "json"]
        p = subprocess.run(argv, cwd=ctx.tmp, env=env, capture_output=True, text=True,
                           timeout=300)
        check(p.returncode == 0, f"{' '.join(argv)} exited {p.returncode}: {_clip(p.stderr)}")
        check(p.stdout.count('"jitsim_version"') == 1, "under mpirun only rank 0 should print")
        _same_outputs(ctx, "single", f"mpi{np}", f"one process and mpirun -np {np}")
    # A sweep under mpirun prints what a local sweep prints.
    sweep = ["sweep", ctx.src(VALIDATION), "--param", "costs.backorder_cost_per_unit_day",
             "--values", "0.5,1", "-n", "4", "--format", "csv", "--quiet"]
    local = ctx.ok(*sweep).out
    p = subprocess.run([exe, "-np", "2", ctx.jitsim, *sweep], cwd=ctx.tmp, env=env,
                       capture_output=True, text=True, timeout=300)
    check(p.returncode == 0 and p.stdout == local, "mpirun -np 2 sweep differs from a local one")


@case("paired_narrower")
def case_paired_narrower(ctx, _):
    # Common random numbers: policies see the same demand, lead times and shocks, so the
    # paired difference varies far less than two independent runs would.
    ctx.ok("run", ctx.src("scenarios/supplier_shutdown.toml"), "-n", "20", "--out", "o",
           "--quiet")
    summary = {(r["policy"], r["metric"]): r for r in read_dicts(ctx.tmp / "o/summary.csv")}
    paired = {(r["pair"], r["metric"]): r for r in read_dicts(ctx.tmp / "o/paired.csv")}
    for a, b in [("jit", "jic"), ("jit", "hybrid"), ("jic", "hybrid")]:
        pr = paired[(f"{a}-vs-{b}", "total_cost")]
        paired_half = (float(pr["ci95_high"]) - float(pr["ci95_low"])) / 2
        sa, sb = float(summary[(a, "total_cost")]["sd"]), float(summary[(b, "total_cost")]["sd"])
        unpaired_half = 2.024 * math.sqrt(sa * sa / 20 + sb * sb / 20)  # t(0.975, 38)
        check(paired_half < 0.5 * unpaired_half,
              f"{a}-vs-{b}: paired half-width {paired_half:.1f} is not much narrower than the "
              f"unpaired {unpaired_half:.1f}")


@case("target_ci")
def case_target_ci(ctx, _):
    path = ctx.src(PERISHABLES)
    r = ctx.ok("run", path, "-n", "5", "--target-ci", "0.01", "--max-replications", "400",
               "--format", "json", "--quiet")
    doc = strict_json(r.out, "--target-ci json")
    k = doc["replications"]
    check(k % 5 == 0 and 5 < k <= 400, f"--target-ci used {k} replications (batches of 5)")

    def precise(d):
        return all(abs(p["total_cost"]["ci95_high"] - p["total_cost"]["ci95_low"]) / 2
                   <= 0.01 * abs(p["total_cost"]["mean"]) for p in d["policies"].values())

    check(precise(doc) or k == 400, "stopped before every policy's interval was within 1 %")
    before = strict_json(ctx.ok("run", path, "-n", str(k - 5), "--format", "json",
                                "--quiet").out, "json")
    check(k == 400 or not precise(before),
          f"{k - 5} replications were already precise enough: --target-ci overshot")
    # The same replications as a plain run of k: identical numbers.
    plain = strict_json(ctx.ok("run", path, "-n", str(k), "--format", "json", "--quiet").out, "")
    # (The header's scenario_sha256 differs: the resolved scenario says -n 5.)
    check(plain["policies"] == doc["policies"] and plain["paired"] == doc["paired"],
          "--target-ci run differs from a plain run of as many replications")


@case("sweep_shipping_delay_monotone")
def case_sweep_monotone(ctx, _):
    path = ctx.src("scenarios/shipping_delay_2022.toml")
    resolved = ctx.ok("validate", path).out
    shock = None
    for block in resolved.split("[[shocks]]")[1:]:
        if 'kind = "shipping_delay"' in block:
            shock = re.search(r'id = "([^"]+)"', block).group(1)
            break
    check(shock, "no shipping_delay shock in the scenario")
    ctx.ok("sweep", path, "--param", f"shocks.{shock}.delay_factor", "--values", "1,1.5,2.5",
           "-n", "6", "--policy", "jit", "--out", "c", "--quiet")
    rows = [r for r in read_dicts(ctx.tmp / "c/curves.csv") if r["metric"] == "fill_rate"]
    fill = [float(r["mean"]) for r in sorted(rows, key=lambda r: float(r["value"]))]
    check(len(fill) == 3 and fill[0] > fill[1] > fill[2],
          f"JIT's fill rate should fall as the shipping delay grows, got {fill}")


@case("timeseries")
def case_timeseries(ctx, _):
    path = ctx.src("scenarios/supplier_shutdown.toml")
    ctx.ok("run", path, "-n", "3", "--timeseries", "daily", "--out", "ts", "--quiet")
    resolved = (ctx.tmp / "ts/scenario.resolved.toml").read_text()
    horizon = int(float(re.search(r"horizon_days = ([0-9.]+)", resolved).group(1)))
    policies = scenario_ids(resolved, "policies", "name")
    rows = read_dicts(ctx.tmp / "ts/timeseries.csv")
    check(list(rows[0].keys()) == ["day", "policy", "replication", "on_hand", "backlog",
                                   "on_order", "fill_rate", "cost"], "timeseries.csv header")
    check(len(rows) == len(policies) * 3 * horizon,
          f"timeseries.csv: {len(rows)} rows, expected policies x 3 x {horizon}")
    # The daily costs add up to each replication's total_cost.
    reps = {(r["policy"], r["replication"]): float(r["total_cost"])
            for r in read_dicts(ctx.tmp / "ts/replications.csv")}
    sums = {}
    for r in rows:
        key = (r["policy"], r["replication"])
        sums[key] = sums.get(key, 0.0) + float(r["cost"])
    for key, total in reps.items():
        check(close(sums[key], total, rel=1e-6), f"{key}: daily costs sum to {sums[key]}, "
              f"total_cost is {total}")
    summary = read_dicts(ctx.tmp / "ts/timeseries_summary.csv")
    check(list(summary[0].keys()) == ["day", "policy", "metric", "p05", "p50", "p95", "mean"],
          "timeseries_summary.csv header")
    check(len(summary) == horizon * len(policies) * 5, "timeseries_summary.csv row count")
    ctx.usage_error("run", path, "-n", "2", "--timeseries", "daily")  # needs --out


# ---------------------------------------------------------------------------------------------
# More cases, one file per area (tests/cli/cases_*.py), run in this module's namespace so they
# use its helpers and registries (@case, BAD_FILES, USAGE, check, ...).

for _extra in sorted(Path(__file__).resolve().parent.glob("cases_*.py")):
    exec(compile(_extra.read_text(encoding="utf-8"), str(_extra), "exec"))

# ---------------------------------------------------------------------------------------------

def all_case_names():
    names = list(CASES)
    names += [f"bad.{n}" for n in BAD_FILES]
    names += [f"usage.{n}" for n in USAGE]
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
    if a.case == "scenario":
        fn, arg = case_scenario, a.arg
    elif a.case.startswith("bad."):
        fn, arg = case_bad, a.case[4:]
    elif a.case.startswith("usage."):
        fn, arg = case_usage, a.case[6:]
    elif a.case in CASES:
        fn, arg = CASES[a.case], a.arg
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
