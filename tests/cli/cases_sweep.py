# File: tests/cli/cases_sweep.py
# `jitsim sweep`: curves.csv, --values and --range, grids, bad parameters, interrupts and
# the shipping-delay curve.
# Exec'd inside cli_test.py's namespace (case, check, Ctx helpers, VALIDATION, ...).

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
    check(len(rows) == 3 * 1 * len(METRICS), f"curves.csv has {len(rows)} rows, want 3 x 1 x {len(METRICS)}")
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
    check(len(rows) == 2 * 3 * 1 * len(METRICS), f"grid curves.csv has {len(rows)} rows, want 2x3x1x{len(METRICS)}")
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


@case("sweep_untouched_policies_run_once")
def case_sweep_untouched_policies_run_once(ctx, _):
    """A key of one policy leaves the others alone: they run at the first point only, and every
    point still equals a run with that value set, policy by policy."""
    path = ctx.src("scenarios/baseline.toml")
    key = "policies.jic.service_level"
    r = ctx.ok("sweep", path, "--param", key, "--values", "0.9,0.95", "-n", "3", "--quiet",
               "--format", "json", "--out", "sw")
    doc = strict_json(r.out, r.cmd())
    events = [pt["run"]["events_executed"] for pt in doc["sweep"]]
    alone = ctx.ok("run", path, "-n", "3", "--policy", "jic", "--set", f"{key}=0.95",
                   "--format", "json", "--quiet")
    check(events[1] == strict_json(alone.out, alone.cmd())["events_executed"] < events[0],
          f"the second point should run jic alone: events {events}")
    _, rows = _curves(ctx, "sw")
    for value in ("0.9", "0.95"):
        ctx.ok("run", path, "-n", "3", "--set", f"{key}={value}", "--out", "r" + value,
               "--quiet")
        _, srows = read_csv(ctx.tmp / ("r" + value) / "summary.csv", "summary.csv")
        check([x for x in srows] == [x[2:] for x in rows if x[1] == value],
              f"sweep point {value} differs from a run with that value")
    # A key outside the policies touches every policy: all of them run at every point.
    r = ctx.ok("sweep", path, "--param", "costs.order_cost", "--values", "25,50", "-n", "2",
               "--quiet", "--format", "json")
    events = [pt["run"]["events_executed"] for pt in strict_json(r.out, r.cmd())["sweep"]]
    check(events[0] > 0 and events[1] > 0.8 * events[0], f"costs.order_cost sweep: {events}")
