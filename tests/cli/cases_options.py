# File: tests/cli/cases_options.py
# What every command shares: usage errors (exit 2, nothing on stdout, a message on
# stderr), --version, --help, --set and the shortcut flags.
# Exec'd inside cli_test.py's namespace (case, check, Ctx helpers, VALIDATION, ...).

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


@case_family("usage", USAGE)
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


# --set and the shortcut flags.
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
