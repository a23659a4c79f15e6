# Hostile input and limits (scenarios/README.md "Limits"): every attack gives located error
# lines (FILE:LINE:COLUMN: error: ...), exit 2, nothing on stdout and nothing in --out; none
# crashes, hangs or fills memory. exec'd inside cli_test.py's namespace (uses its helpers).

import resource

LIMITS_BASE = "bad/_base.toml"   # a valid scenario (tests/data/bad/_base.toml), policies jit, jic


def _limits_prepare(ctx):
    _prepare_bad(ctx)
    return ctx.tmp / "bad"


def _write(ctx, rel, text):
    p = ctx.tmp / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return rel


def _extending(ctx, rel, body):
    """A file in bad/ that extends the valid base and adds `body`."""
    return _write(ctx, rel, 'extends = "_base.toml"\n' + body)


def _refused(ctx, argv, file=None, line=None, col=None, subs=(), max_lines=None, timeout=60):
    """Runs jitsim, requires a clean bad-input failure; returns the Result."""
    r = ctx.run(*argv, timeout=timeout)
    check_error_output(r, file, line, col, subs)
    if max_lines is not None:
        n = len(r.err.splitlines())
        check(n <= max_lines, f"{n} error lines, want at most {max_lines}" + r.describe())
    check(dir_listing(ctx.tmp / "out") == [], f"{r.cmd()} left files in --out")
    return r


def _all_commands(path):
    return [["validate", path], ["run", path, "--quiet", "--out", "out"]]


@case("limits_extends_chain")
def case_limits_extends_chain(ctx, _):
    """5,000 files in an extends chain: refused at the extends naming the 65th, no crash."""
    _limits_prepare(ctx)
    base = (ctx.tmp / LIMITS_BASE).read_text()
    _write(ctx, "chain/f0.toml", base)
    for i in range(1, 5000):
        _write(ctx, f"chain/f{i}.toml", f'extends = "f{i - 1}.toml"\n')
    for argv in _all_commands("chain/f4999.toml"):
        # f4999 is file 1, so f4936 (file 64) names file 65 at its line 1, column 11.
        _refused(ctx, argv, "chain/f4936.toml", 1, 11, ["extends", "64 files"])
    # 64 files are fine.
    _write(ctx, "short/f0.toml", base)
    for i in range(1, 64):
        _write(ctx, f"short/f{i}.toml", f'extends = "f{i - 1}.toml"\n')
    ctx.ok("validate", "short/f63.toml")


@case("limits_deep_keys")
def case_limits_deep_keys(ctx, _):
    """Dotted keys of 100,000 parts overflowed the stack inside the TOML parser."""
    _limits_prepare(ctx)
    deep = ".".join(["a"] * 100_000)
    _write(ctx, "bad/deep_header.toml", f"[{deep}]\nx = 1\n")
    _write(ctx, "bad/deep_key.toml", f"{deep} = 1\n")
    for f in ["bad/deep_header.toml", "bad/deep_key.toml"]:
        for argv in _all_commands(f):
            _refused(ctx, argv, f, 1, None, ["nesting deeper than 64"])
    # Through --set: a path of more than 64 parts, and a value with such a key.
    path = ".".join(["a"] * 70)
    r = ctx.usage_error("validate", LIMITS_BASE, "--set", f"{path}=1")
    check(r.err.startswith("<command line>:1:"), "--set path depth not located" + r.describe())
    ctx.usage_error("validate", LIMITS_BASE, "--set", "costs.order_cost={" + deep[:60000] + "=1}",
                    expect_in_err=["nesting deeper than 64"])


@case("limits_units")
def case_limits_units(ctx, _):
    """Quantities of units <= 1e12 and orders_per_day <= 1e6, from the file, a CSV, --set."""
    _limits_prepare(ctx)
    sku = '[[skus]]\nid = "hoodie"\n'
    files = {
        "bad/units_fixed.toml": (sku + "demand = { orders_per_day = 30, order_size = 1e17 }\n",
                                 4, ["order_size", "1e12"]),
        "bad/units_normal.toml": (sku + 'demand = { orders_per_day = 1, order_size = { dist = '
                                  '"normal", mean = 10, sd = 1e12 } }\n', 4, ["mean + 10 sd"]),
        "bad/units_uniform.toml": (sku + 'demand = { orders_per_day = 1, order_size = { dist = '
                                   '"uniform", min = 0, max = 2e12 } }\n', 4, ["1e12"]),
        "bad/units_opd.toml": (sku + "demand = { orders_per_day = 2e6 }\n", 4,
                               ["orders_per_day", "1000000"]),
        "bad/units_daily.toml": (sku + "demand = { orders_per_day = 1e6, order_size = 1e7 }\n", 4,
                                 ["units a day"]),
        "bad/units_moq.toml": ('[[suppliers]]\nid = "shenzhen"\nmin_order_qty = 2e12\n', 4,
                               ["min_order_qty", "1e12"]),
        "bad/units_capacity.toml": ('[[carriers]]\nid = "ocean"\ncapacity_units_per_day = 1e13\n',
                                    4, ["capacity_units_per_day"]),
        "bad/units_storage.toml": ("[warehouse]\nstorage_capacity_units = 1e13\n", 3,
                                   ["storage_capacity_units"]),
        "bad/units_on_hand.toml": (sku + "initial_on_hand = 100000000000000000\n", 4,
                                   ["initial_on_hand"]),
        "bad/units_level.toml": ('[[policies]]\nname = "bs"\nkind = "base_stock"\n'
                                 'level = 5000000000000\n', 5, ["level", "1e12"]),
    }
    for f, (body, line, subs) in files.items():
        _extending(ctx, f, body)
        for argv in _all_commands(f):
            _refused(ctx, argv, f, line, None, subs)
    # A trace value and a skus_file cell.
    _write(ctx, "bad/huge_trace.csv", "day,hoodie\n0,5\n1,1e17\n")
    _extending(ctx, "bad/units_trace.toml", sku + 'demand = { trace = "huge_trace.csv" }\n')
    _refused(ctx, ["validate", "bad/units_trace.toml"], "bad/huge_trace.csv", 3, 3, ["1e12"])
    _write(ctx, "bad/huge_skus.csv", "id,unit_cost,price,supplier,carrier,demand.orders_per_day,"
           "demand.order_size\nbig,1,2,shenzhen,ocean,1,1e17\n")
    _extending(ctx, "bad/units_csv.toml", "")
    text = (ctx.tmp / "bad/units_csv.toml").read_text()
    _write(ctx, "bad/units_csv.toml", 'skus_file = "huge_skus.csv"\n' + text)
    _refused(ctx, ["validate", "bad/units_csv.toml"], "bad/huge_skus.csv", 2, 26,
             ["order_size", "1e12"])
    # --set, and a sweep value.
    r = ctx.usage_error("run", LIMITS_BASE, "-n", "1", "--set",
                        "skus.hoodie.demand.order_size=1e17", "--out", "out")
    check(r.err.startswith("<command line>:1:"), "--set quantity not located" + r.describe())
    ctx.usage_error("sweep", LIMITS_BASE, "-n", "1", "--param", "skus.hoodie.demand.order_size",
                    "--values", "1,1e17", "--out", "out", expect_in_err=["1e12"])
    check(dir_listing(ctx.tmp / "out") == [], "sweep left files")


@case("limits_set_checked_like_a_file")
def case_limits_set_checked(ctx, _):
    """--set results get every check of a file: duplicate ids, UTF-8, references, limits."""
    _limits_prepare(ctx)
    r = ctx.usage_error("run", LIMITS_BASE, "-n", "1", "--set", "policies.jit.name=jic",
                        "--out", "out", expect_in_err=["duplicate", "'jic'"])
    check(r.err.startswith("<command line>:1:19: error: "),
          "a duplicate made by --set is reported at the --set value" + r.describe())
    r = ctx.usage_error("validate", LIMITS_BASE, "--set", "skus.hoodie.id=x", "--set",
                        "skus.x.supplier=nowhere", expect_in_err=["nowhere"])
    ctx.usage_error("validate", LIMITS_BASE, "--set",
                    'policies=[{ name = "x", kind = "jit" }, { name = "x", kind = "jic" }]',
                    expect_in_err=["<command line>:1:", "duplicate name 'x'"])
    bad = "scenario.name=ab\udcff"  # an invalid UTF-8 byte, as the shell would pass it
    argv = [ctx.jitsim, "run", LIMITS_BASE, "-n", "1", "--out", "out", "--set",
            bad.encode("utf-8", "surrogateescape")]
    proc = subprocess.run(argv, cwd=ctx.tmp, capture_output=True, timeout=60)
    check(proc.returncode == 2 and proc.stdout == b"", f"invalid UTF-8 via --set: rc "
          f"{proc.returncode}, stdout {proc.stdout[:200]!r}")
    check(proc.stderr.startswith(b"<command line>:1:17: error: ") and b"UTF-8" in proc.stderr,
          f"invalid UTF-8 via --set not located: {proc.stderr[:300]!r}")
    check(dir_listing(ctx.tmp / "out") == [], "run.json written with invalid UTF-8")


@case("limits_set_table_merges")
def case_limits_set_table_merges(ctx, _):
    """--set of a whole table merges keys like extends: the seed does not silently change."""
    _limits_prepare(ctx)
    path = ctx.src(VALIDATION)
    before = ctx.ok("validate", path).out
    after = ctx.ok("validate", path, "--set", 'scenario={ name = "renamed" }').out
    check('name = "renamed"' in after, "--set scenario={...} did not set the name")
    for key in ["seed", "horizon_days", "warmup_days", "replications"]:
        want = re.search(rf"^{key} = .*$", before, re.M).group(0)
        check(re.search(rf"^{re.escape(want)}$", after, re.M),
              f"--set scenario={{name=...}} changed {key} ({want!r} before)")


@case("limits_empty_lists")
def case_limits_empty_lists(ctx, _):
    """A header-only skus_file and no [[skus]]: refused at the skus_file line, not 0 SKUs."""
    bad = _limits_prepare(ctx)
    _write(ctx, "bad/header_only.csv", "id,unit_cost,price,supplier,carrier,"
           "demand.orders_per_day\n")
    base = (bad / "_base.toml").read_text()
    no_skus = re.sub(r"\[\[skus\]\].*?demand = [^\n]*\n", "", base, flags=re.S)
    _write(ctx, "bad/header_only.toml", '# header only\nskus_file = "header_only.csv"\n' + no_skus)
    for argv in _all_commands("bad/header_only.toml"):
        _refused(ctx, argv, "bad/header_only.toml", 2, 13, ["at least one SKU"])
    _write(ctx, "bad/no_policies.toml",
           re.sub(r"\[\[policies\]\].*", "policies = []\n", base, flags=re.S))
    _refused(ctx, ["validate", "bad/no_policies.toml"], "bad/no_policies.toml", None, None,
             ["at least one policy"])


@case("limits_file_errors_not_masked_by_flags")
def case_limits_not_masked(ctx, _):
    """A bad value in the file is reported whatever flag or --set overrides that key."""
    _limits_prepare(ctx)
    cases = {
        "replications = 1000000000000": ["-n", "1"],
        "replications = 0": ["--replications", "5"],
        "seed = -3": ["--seed", "4"],
        "horizon_days = -5": ["--horizon-days", "30"],
        "warmup_days = -1": ["--warmup-days", "10"],
    }
    for i, (line, flags) in enumerate(cases.items()):
        f = _write(ctx, f"bad/masked_{i}.toml",
                   'extends = "_base.toml"\n[scenario]\n' + line + "\n")
        key = line.split(" =")[0]
        for argv in (["validate", f] + flags, ["run", f, "--quiet", "--out", "out"] + flags,
                     ["run", f, "--set", f"scenario.{key}=7", "--out", "out"]):
            r = _refused(ctx, argv, f, 3, None, [f"scenario.{key}"])
            check(all(ln.startswith(f + ":") for ln in r.err.splitlines()),
                  "the flags are valid: every error line must name the file" + r.describe())


@case("limits_counts")
def case_limits_counts(ctx, _):
    """Policies <= 256, replications <= 10,000,000, sweep grids <= 10,000 points."""
    _limits_prepare(ctx)
    body = "".join(f'[[policies]]\nname = "p{i}"\nkind = "jit"\n' for i in range(3000))
    f = _extending(ctx, "bad/many_policies.toml", body)
    _refused(ctx, ["run", f, "-n", "1", "--quiet", "--out", "out"], f, None, None,
             ["policies", "256"], timeout=30)
    ctx.usage_error("run", LIMITS_BASE, "-n", "10000001", "--out", "out",
                    expect_in_err=["replications"])
    ctx.usage_error("validate", LIMITS_BASE, "--set", "scenario.replications=10000001",
                    expect_in_err=["10000000"])
    # A 10,000 x 10,000 grid is refused at once, before anything runs.
    values = ",".join(str(1 + i / 1e5) for i in range(10_000))
    # (refused before anything is allocated: a grid that ran would exceed the timeout)
    ctx.usage_error("sweep", LIMITS_BASE, "-n", "1", "--param", "costs.order_cost",
                    "--values", values, "--param", "costs.lost_sale_penalty", "--values",
                    values, "--out", "out", expect_in_err=["10000"], timeout=30)
    ctx.usage_error("sweep", LIMITS_BASE, "-n", "1", "--param", "costs.order_cost", "--values",
                    values + ",5", "--out", "out", expect_in_err=["--values", "10000"])
    f = _extending(ctx, "bad/big_sweep.toml", "[[sweep]]\nparameter = \"costs.order_cost\"\n"
                   f"values = [{values}]\n[[sweep]]\nparameter = \"costs.lost_sale_penalty\"\n"
                   "values = [1, 2]\n")
    _refused(ctx, ["validate", f], f, 2, None, ["sweep", "10000"])
    check(dir_listing(ctx.tmp / "out") == [], "files left in --out")


@case("limits_windows")
def case_limits_windows(ctx, _):
    """Windows and durations no longer than warmup_days + horizon_days (565 days here)."""
    _limits_prepare(ctx)
    files = {
        "bad/win_ma.toml": ('[[policies]]\nname = "jic"\nwindow_days = 1e15\n', 4,
                            ["window_days", "longer than the run"]),
        "bad/win_patience.toml": ('[warehouse]\nunmet_demand = "patience"\npatience_days = 600\n',
                                  4, ["patience_days"]),
        "bad/win_shock.toml": ('[[shocks]]\nid = "x"\nkind = "port_closure"\nstart_day = 1\n'
                               "duration_days = 1000\n", 6, ["duration_days"]),
        "bad/win_recovery.toml": ('[[shocks]]\nid = "x"\nkind = "supplier_shutdown"\n'
                                  "start_day = 1\nduration_days = 5\nrecovery_days = 1e9\n", 7,
                                  ["recovery_days"]),
    }
    for f, (body, line, subs) in files.items():
        _extending(ctx, f, body)
        _refused(ctx, ["validate", f], f, line, None, subs)
    ctx.ok("validate", LIMITS_BASE, "--set", "policies.jic.window_days=565")


@case("limits_error_cap")
def case_limits_error_cap(ctx, _):
    """At most 1,000 error lines, then one saying how many more; a CSV of 2 million bad rows
    neither takes long nor fills memory."""
    _limits_prepare(ctx)
    rows = "".join(f'[[skus]]\nid = "s{i}"\nunit_cost = "x"\n' for i in range(1500))
    f = _extending(ctx, "bad/many_errors.toml", rows)
    r = _refused(ctx, ["validate", f], f, None, None, [], max_lines=1001)
    lines = r.err.splitlines()
    check(len(lines) == 1001, f"expected 1000 errors + 1 summary line, got {len(lines)}")
    check("more errors not shown" in lines[-1], "no 'N more' line" + r.describe())
    # 2,000,000 malformed trace rows (a quote inside a field): bounded time and memory.
    with open(ctx.tmp / "bad/junk.csv", "w") as out:
        out.write("day,hoodie\n")
        out.write('1,2"x\n' * 2_000_000)
    f = _extending(ctx, "bad/junk_trace.toml", '[[skus]]\nid = "hoodie"\n'
                   'demand = { trace = "junk.csv" }\n')
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # The bound is on jitsim's own memory (24 MB in Release); under AddressSanitizer the freed
    # blocks it keeps in quarantine (256 MB by default) would count too, so keep that small.
    asan = os.environ.get("ASAN_OPTIONS")
    os.environ["ASAN_OPTIONS"] = (asan + ":" if asan else "") + "quarantine_size_mb=16"
    try:
        r = _refused(ctx, ["validate", f], "bad/junk.csv", 2, None, [], max_lines=1001)
    finally:
        if asan is None:
            del os.environ["ASAN_OPTIONS"]
        else:
            os.environ["ASAN_OPTIONS"] = asan
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    check(peak_mb < 400 or peak_mb <= before / 1024, f"peak memory {peak_mb:.0f} MB")
    check("more errors not shown" in r.err.splitlines()[-1], "no 'N more' line")


@case("limits_wide_trace")
def case_limits_wide_trace(ctx, _):
    """A trace a million columns wide is refused at its header; a wide file within the limit
    costs only the column read."""
    _limits_prepare(ctx)
    with open(ctx.tmp / "bad/wide.csv", "w") as out:
        out.write("day," + ",".join(f"c{i}" for i in range(1_000_000)) + ",hoodie\n")
        out.write("0," + "1," * 1_000_000 + "5\n")
    f = _extending(ctx, "bad/wide_trace.toml", '[[skus]]\nid = "hoodie"\n'
                   'demand = { trace = "wide.csv" }\n')
    # No timing is asserted (sanitizer builds are slow); a hang fails by the run's timeout.
    _refused(ctx, ["validate", f], "bad/wide.csv", 1, None, ["fields"])
    # 50,000 columns x 600 rows (30 M cells): fine.
    with open(ctx.tmp / "bad/wide_ok.csv", "w") as out:
        out.write(",".join(f"c{i}" for i in range(50_000)) + ",hoodie\n")
        row = "1," * 50_000 + "5\n"
        for _ in range(600):
            out.write(row)
    _extending(ctx, "bad/wide_ok.toml", '[[skus]]\nid = "hoodie"\n'
               'demand = { trace = "wide_ok.csv" }\n')
    ctx.ok("validate", "bad/wide_ok.toml", timeout=100)


@case("limits_messages")
def case_limits_messages(ctx, _):
    """One line per problem even for a cell holding a newline; 1e400 is out of range, not a
    string; a symlink loop is named as such."""
    _limits_prepare(ctx)
    _write(ctx, "bad/newline_trace.csv", 'day,hoodie\n0,"1\n2"\n')
    f = _extending(ctx, "bad/newline.toml", '[[skus]]\nid = "hoodie"\n'
                   'demand = { trace = "newline_trace.csv" }\n')
    r = _refused(ctx, ["validate", f], "bad/newline_trace.csv", 2, 3, [])
    check("\\n" in r.err, "the newline must be quoted escaped" + r.describe())
    f = _extending(ctx, "bad/huge_number.toml", "[scenario]\nhorizon_days = 1e400\n")
    _refused(ctx, ["validate", f], f, 3, None, ["out of range"])
    r = ctx.usage_error("validate", LIMITS_BASE, "--set", "scenario.horizon_days=1e400",
                        expect_in_err=["out of range"])
    check("found string" not in r.err, "1e400 reported as a string" + r.describe())
    _write(ctx, "bad/big_cell.csv", "id,unit_cost,price,supplier,carrier,demand.orders_per_day\n"
           "s,1e400,2,shenzhen,ocean,1\n")
    _write(ctx, "bad/big_cell.toml", 'skus_file = "big_cell.csv"\n' +
           (ctx.tmp / LIMITS_BASE).read_text())
    r = _refused(ctx, ["validate", "bad/big_cell.toml"], "bad/big_cell.csv", 2, 3,
                 ["out of range"])
    os.symlink("loop_b.toml", ctx.tmp / "bad/loop_a.toml")
    os.symlink("loop_a.toml", ctx.tmp / "bad/loop_b.toml")
    _refused(ctx, ["validate", "bad/loop_a.toml"], "bad/loop_a.toml", 1, 1, ["symlink loop"])
    f = _write(ctx, "bad/ext_loop.toml", 'extends = "loop_a.toml"\n')
    _refused(ctx, ["validate", f], f, 1, 11, ["symlink loop"])


@case("limits_help_lists_own_options")
def case_limits_help(ctx, _):
    """validate and trace --help list only the options that apply to them."""
    not_for = {"validate": ["--out", "--threads", "--format", "--quiet", "--policy",
                            "--check-invariants"],
               "trace": ["--threads", "--format", "--quiet"]}
    for cmd, flags in not_for.items():
        for argv in ([cmd, "--help"], ["help", cmd]):
            r = ctx.ok(*argv)
            for flag in flags:
                check(flag not in r.out, f"{r.cmd()} lists {flag}" + r.describe())
        ctx.usage_error(cmd, ctx.src(VALIDATION), "--threads", "2", "--policy", "base-stock")
    r = ctx.ok("trace", "--help")
    for flag in ["--policy", "--replication", "--out", "--check-invariants", "--set"]:
        check(flag in r.out, f"trace --help lacks {flag}")
    r = ctx.ok("validate", "--help")
    for flag in ["--set", "--seed", "--horizon-days"]:
        check(flag in r.out, f"validate --help lacks {flag}")


@case("limits_no_review_storm")
def case_limits_no_review_storm(ctx, _):
    """A review period of 1e-300 days (the clock never advances) and a demand spike x 1e300
    (endless arrivals) hung a run: both are refused."""
    _limits_prepare(ctx)
    files = {
        "bad/storm_review.toml": ('[[policies]]\nname = "jic"\nreview_period_days = 1e-300\n', 4,
                                  ["review_period_days", "0.01"]),
        "bad/storm_spike.toml": ('[[shocks]]\nid = "v"\nkind = "demand_spike"\nstart_day = 1\n'
                                 "duration_days = 10\nmultiplier = 1e300\n", 7,
                                 ["multiplier", "1000"]),
    }
    for f, (body, line, subs) in files.items():
        _extending(ctx, f, body)
        _refused(ctx, ["run", f, "-n", "1", "--quiet", "--out", "out"], f, line, None, subs,
                 timeout=20)
