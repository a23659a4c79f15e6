# File: tests/cli/cases_sweep.py
# `jitsim sweep`: curves.csv, --values and --range, grids, bad parameters, interrupts and
# the shipping-delay curve.
# Exec'd inside cli_test.py's namespace (case, check, Ctx helpers, VALIDATION, ...).

def _curves(ctx, d):
    header, rows = read_csv(ctx.tmp / d / "curves.csv", f"{d}/curves.csv")
    return header, rows


SWEEP_PARAM = "policies.base-stock.level"
# Columns appended after the summary ones (tail risk, arg-min): earlier readers are unchanged.
CURVES_APPENDED = ["cvar95", "argmin"]


@case("sweep_curves")
def case_sweep_curves(ctx, _):
    path = ctx.src(VALIDATION)
    r = ctx.ok("sweep", path, "--param", SWEEP_PARAM, "--values", "20,25,30", "-n", "5",
               "--out", "v", "--quiet")
    check("curves.csv" in dir_listing(ctx.tmp / "v"), f"sweep --out: {dir_listing(ctx.tmp / 'v')}")
    check(not [x for x in dir_listing(ctx.tmp / "v") if x.startswith(".")],
          f"temporary files left: {dir_listing(ctx.tmp / 'v')}")
    header, rows = _curves(ctx, "v")
    want = ["parameter", "value"] + CURVES_TAIL + CURVES_APPENDED
    check(header == want, f"curves.csv header {header}, want {want}")
    check(len(rows) == 3 * 1 * len(METRICS),
          f"curves.csv has {len(rows)} rows, want 3 x 1 x {len(METRICS)}")
    check([(x[0], x[1], x[2], x[3]) for x in rows]
          == [(SWEEP_PARAM, v, "base-stock", m) for v in ["20", "25", "30"] for m in METRICS],
          "curves.csv rows are not values x policies x metrics in order")
    for x in rows:
        for k, f in zip(SUMMARY_KEYS, x[4:]):
            csv_number(f, f"curves.csv {x[1]} {x[3]} {k}")
        check_n(int(x[11]), csv_number(x[4], "mean"), x[3], 5, f"curves.csv {x[1]} {x[3]}")
    fill = [float(x[4]) for x in rows if x[3] == "fill_rate"]
    check(fill[0] < fill[1] < fill[2], f"fill_rate should increase with the level: {fill}")
    hold = [float(x[4]) for x in rows if x[3] == "holding_cost"]
    check(hold[0] < hold[1] < hold[2], f"holding_cost should increase with the level: {hold}")
    # A sweep point equals a run with that value set (same seed, common random numbers).
    ctx.ok("run", path, "-n", "5", "--set", f"{SWEEP_PARAM}=25", "--out", "r25", "--quiet")
    _, srows = read_csv(ctx.tmp / "r25/summary.csv", "summary.csv")
    check([x[1:] for x in srows] == [x[3:-2] for x in rows if x[1] == "25"],
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
    tail = CURVES_TAIL + CURVES_APPENDED
    check(header[:2] == ["parameter", "value"] and header[-len(tail):] == tail,
          f"grid curves.csv header {header}")
    check(len(rows) == 2 * 3 * 1 * len(METRICS),
          f"grid curves.csv has {len(rows)} rows, want 2x3x1x{len(METRICS)}")
    extra = len(header) - 2 - len(tail)
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
        check([x for x in srows] == [x[2:-2] for x in rows if x[1] == value],
              f"sweep point {value} differs from a run with that value")
    # A key outside the policies touches every policy: all of them run at every point.
    r = ctx.ok("sweep", path, "--param", "costs.order_cost", "--values", "25,50", "-n", "2",
               "--quiet", "--format", "json")
    events = [pt["run"]["events_executed"] for pt in strict_json(r.out, r.cmd())["sweep"]]
    check(events[0] > 0 and events[1] > 0.8 * events[0], f"costs.order_cost sweep: {events}")


# ---------------------------------------------------------------------------------------------
# Tail risk (p95, CVaR 95 %) and the arg-min, checked against the replications themselves.

def _cvar(values, p=0.95):
    v = sorted(values)
    q = _type7(v, p)
    tail = [x for x in v if x >= q] or v[-1:]
    return sum(tail) / len(tail)


def _close(a, b, what):
    check(math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9), f"{what}: jitsim {a!r}, independent {b!r}")


def _t975(df):
    from scipy import stats  # Debian's python3-scipy (tests use /usr/bin/python3)
    return float(stats.t.ppf(0.975, df))


def _paired_within_noise(a, b):
    """Student-t 95 % interval of mean(a - b), and whether it holds 0 (undefined: it does)."""
    d = [x - y for x, y in zip(a, b)]
    n = len(d)
    mean = sum(d) / n
    if n < 2:
        return mean, None, None, True
    sd = math.sqrt(sum((x - mean) ** 2 for x in d) / (n - 1))
    hw = _t975(n - 1) * sd / math.sqrt(n)
    return mean, mean - hw, mean + hw, mean - hw <= 0 <= mean + hw


TAIL_VALUES = ["18", "22", "24", "25", "26", "28", "34"]


@case("sweep_tails_and_argmin")
def case_sweep_tails_and_argmin(ctx, _):
    """p95 and CVaR of every point equal the ones computed from its replications (a --shard
    1/1 run writes them), and the arg-min set equals the one of independent paired intervals."""
    path = ctx.src(VALIDATION)
    args = ["sweep", path, "--param", SWEEP_PARAM, "--values", ",".join(TAIL_VALUES), "-n",
            "25", "--horizon-days", "730"]
    r = ctx.ok(*args, "--out", "full", "--quiet")
    ctx.ok(*args, "--shard", "1/1", "--out", "reps", "--quiet")
    rows = read_dicts(ctx.tmp / "full/curves.csv")
    reps = {}  # value -> metric -> values in replication order
    for k, v in enumerate(TAIL_VALUES):
        got = sorted(read_dicts(ctx.tmp / f"reps/point-{k:04}/replications.csv"),
                     key=lambda x: int(x["replication"]))
        check(len(got) == 25, f"point {v}: {len(got)} replications in the shard")
        reps[v] = {m: [float(x[m]) for x in got if x[m] != ""] for m in METRICS}
    checked = 0
    for row in rows:
        vals = reps[row["value"]][row["metric"]]
        if not vals:
            check(row["cvar95"] == "", f"{row['value']} {row['metric']}: cvar95 of no values")
            continue
        where = f"curves.csv value {row['value']} {row['metric']}"
        _close(float(row["p95"]), _type7(sorted(vals), 0.95), where + " p95")
        _close(float(row["cvar95"]), _cvar(vals), where + " cvar95")
        check(float(row["cvar95"]) >= float(row["p95"]) - 1e-9, where + ": CVaR below p95")
        checked += 1
    check(checked >= len(TAIL_VALUES) * 20, f"only {checked} rows had values")
    # The arg-min: the lowest mean, and the points whose paired interval to it holds 0.
    costs = {v: reps[v]["total_cost"] for v in TAIL_VALUES}
    best = min(TAIL_VALUES, key=lambda v: (sum(costs[v]) / len(costs[v]), TAIL_VALUES.index(v)))
    want = {}
    for v in TAIL_VALUES:
        mean, lo, hi, within = _paired_within_noise(costs[v], costs[best])
        want[v] = ("best" if v == best else "within_noise" if within else "separable", lo, hi)
    got = {x["value"]: x["argmin"] for x in rows if x["metric"] == "total_cost"}
    check(got == {v: w[0] for v, w in want.items()}, f"argmin column {got}, want {want}")
    check(all(x["argmin"] == "" for x in rows if x["metric"] != "total_cost"),
          "argmin filled on a metric other than total_cost")
    check("separable" in got.values(), f"the test needs a separable point: {got}")
    doc = strict_json((ctx.tmp / "full/sweep.json").read_text(), "full/sweep.json")
    check(list(doc.keys()) == ["sweep", "argmin"], f"sweep.json keys {list(doc.keys())}")
    a = doc["argmin"]["base-stock"]
    check(a["best"] == {SWEEP_PARAM: float(best)}, f"sweep.json best {a['best']}, want {best}")
    check(a["within_noise"] == [{SWEEP_PARAM: float(v)} for v in TAIL_VALUES
                                if want[v][0] != "separable"],
          f"sweep.json within_noise {a['within_noise']}")
    for entry, v in zip(a["vs_best"], TAIL_VALUES):
        if v == best:
            continue
        _close(entry["ci95_low"], want[v][1], f"vs_best {v} ci95_low")
        _close(entry["ci95_high"], want[v][2], f"vs_best {v} ci95_high")
    for point, v in zip(doc["sweep"], TAIL_VALUES):
        tr = point["tail_risk"]["base-stock"]
        _close(tr["cvar95"], _cvar(costs[v]), f"sweep.json tail_risk {v}")
        _close(tr["p95"], _type7(sorted(costs[v]), 0.95), f"sweep.json p95 {v}")
    # The console names the best value and the values within noise.
    table = ctx.ok(*args).out
    check(re.search(rf"base-stock: best {best} \(\d+\); within noise: ", table),
          "the console table should name the best value" + r.describe())
    # Merged shards give the same tail and arg-min (the merge keeps the replications).
    ctx.ok("merge", "reps", "--out", "merged")
    check((ctx.tmp / "merged/curves.csv").read_bytes() == (ctx.tmp / "full/curves.csv").read_bytes(),
          "curves.csv of merged shards differs from the sweep's")


@case("sweep_per_sku")
def case_sweep_per_sku(ctx, _):
    """--per-sku: curves_per_sku.csv holds, at each point, per_sku.csv's total_cost and
    fill_rate rows of a run with that value set."""
    path = ctx.src(BASELINE)
    key = "costs.order_cost"
    ctx.ok("sweep", path, "--param", key, "--values", "25,60", "-n", "2", "--policy", "jit",
           "--policy", "jic", "--per-sku", "--out", "ps", "--quiet")
    header, rows = read_csv(ctx.tmp / "ps/curves_per_sku.csv", "curves_per_sku.csv")
    want = ["parameter", "value", "policy", "sku", "site", "critical", "metric", "mean",
            "ci95_low", "ci95_high"]
    check(header == want, f"curves_per_sku.csv header {header}, want {want}")
    for v in ("25", "60"):
        ctx.ok("run", path, "-n", "2", "--policy", "jit", "--policy", "jic", "--set",
               f"{key}={v}", "--out", "r" + v, "--quiet")
        _, srows = read_csv(ctx.tmp / ("r" + v) / "per_sku.csv", "per_sku.csv")
        srows = [x for x in srows if x[4] in ("total_cost", "fill_rate")]
        check(len(srows) >= 2 * 30 * 2, f"per_sku.csv of run {v}: {len(srows)} rows")
        check([x[2:] for x in rows if x[1] == v] == srows,
              f"curves_per_sku.csv at {key} = {v} differs from run --set {key}={v}'s per_sku.csv")
    # Without --per-sku no such file; --per-sku needs --out and refuses --shard.
    ctx.ok("sweep", path, "--param", key, "--values", "25", "-n", "1", "--policy", "jit",
           "--out", "plain", "--quiet")
    check("curves_per_sku.csv" not in dir_listing(ctx.tmp / "plain"), "curves_per_sku.csv unasked")
    ctx.usage_error("sweep", path, "--param", key, "--values", "25", "-n", "1", "--per-sku")
    ctx.usage_error("sweep", path, "--param", key, "--values", "25", "-n", "1", "--per-sku",
                    "--shard", "1/2", "--out", "sh")
    check(dir_listing(ctx.tmp / "sh") == [], "a refused --per-sku --shard left files")


@case("sweep_report_heatmap_and_tails")
def case_sweep_report_heatmap(ctx, _):
    """A grid's report draws per policy a heatmap with one labelled cell per point and the
    arg-min cell outlined; a one-parameter report shows the tail chart and the best value."""
    path = ctx.src(VALIDATION)
    a_values, b_values = ["20", "25", "30"], ["0.5", "2"]
    ctx.ok("sweep", path, "--param", SWEEP_PARAM, "--values", ",".join(a_values), "--param",
           "costs.backorder_cost_per_unit_day", "--values", ",".join(b_values), "-n", "4",
           "--out", "g", "--quiet")
    ctx.ok("report", "g", "--quiet")
    html = (ctx.tmp / "g/report.html").read_text(encoding="utf-8")
    cells = re.findall(r'<rect class="cell" data-x="([^"]*)" data-y="([^"]*)"', html)
    check(sorted(cells) == sorted((a, b) for a in a_values for b in b_values),
          f"heatmap cells {cells}")
    check(f">{SWEEP_PARAM}</text>" in html and ">costs.backorder_cost_per_unit_day</text>" in html,
          "heatmap axes are not labelled with the parameters")
    check("url(#hm-0)" in html, "the heatmap has no colour legend")
    marks = [m.start() for m in re.finditer(r'class="argmin" x=', html)]
    check(len(marks) == 1, f"{len(marks)} arg-min marks, want 1 (one policy)")
    best = [x for x in read_dicts(ctx.tmp / "g/curves.csv") if x["argmin"] == "best"]
    check(len(best) == 1, f"curves.csv has {len(best)} best rows")
    # The mark follows the cell of curves.csv's best point.
    cell = html.find(f'data-x="{best[0]["value"]}" data-y="{best[0]["value2"]}"')
    check(0 <= cell < marks[0] and html.find('<rect class="cell"', cell + 1) > marks[0],
          "the arg-min mark is not on the best cell")
    # One parameter: the tail chart (mean, p95, CVaR lines) and the best value in words.
    ctx.ok("sweep", path, "--param", SWEEP_PARAM, "--values", ",".join(TAIL_VALUES), "-n", "6",
           "--out", "one", "--quiet")
    ctx.ok("report", "one", "--quiet")
    html = (ctx.tmp / "one/report.html").read_text(encoding="utf-8")
    for cls in ("tail-mean", "tail-p95", "tail-cvar"):
        check(f'class="{cls}"' in html, f"the sweep report has no {cls} line")
    best = [x["value"] for x in read_dicts(ctx.tmp / "one/curves.csv") if x["argmin"] == "best"]
    check(re.search(rf"<b>base-stock</b>: best value {best[0]} \(", html),
          f"the report should name the best value {best}")
    check("within noise" in html, "the report should name the values within noise")
