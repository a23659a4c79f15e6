# File: tests/cli/cases_sensitivity.py
# `jitsim sensitivity`: the JSON document's shape, the --out files and their agreement with
# run --set, the report's tornado, bad --param text, --threads 1 vs 2, a network scenario.
# Exec'd inside cli_test.py's namespace (case, check, Ctx helpers, PERISHABLES, ...).

SENS_POLICIES = ["--policy", "base-stock", "--policy", "rq"]
SENS_PARAMS = ["--param", "policies.base-stock.level_days=1:3",
               "--param", "costs.lost_sale_penalty=2.0:10"]
SENS_TORNADO = ["parameter", "low", "high", "series", "kind", "mean_at_low", "ci95_low_at_low",
                "ci95_high_at_low", "mean_at_high", "ci95_low_at_high", "ci95_high_at_high",
                "swing", "n"]
SENS_GLOBAL = ["series", "kind", "term", "coefficient", "standardized", "r_squared", "points"]


def _sensitivity(ctx, *extra):
    return ctx.ok("sensitivity", ctx.src(PERISHABLES), *SENS_POLICIES, *SENS_PARAMS, "-n", "4",
                  "--horizon-days", "120", "--samples", "6", "--quiet", *extra)


@case("sensitivity_json_and_files")
def case_sensitivity_json_and_files(ctx, _):
    r = _sensitivity(ctx, "--format", "json", "--out", "s")
    doc = strict_json(r.out, r.cmd())
    for key in ("one_at_a_time", "global", "policies", "compare", "replications", "seed"):
        check(key in doc, f"sensitivity --format json: no {key!r}")
    check(doc["policies"] == ["base-stock", "rq"], f"policies {doc['policies']}")
    check(doc["compare"] == ["base-stock", "rq"], f"compare {doc['compare']}: want the first two")
    oat = doc["one_at_a_time"]
    check([x["parameter"] for x in oat]
          == ["policies.base-stock.level_days", "costs.lost_sale_penalty"],
          "one_at_a_time is not in --param order")
    for x in oat:
        for end in ("low", "high"):
            costs = x[end]["total_cost"]
            check(set(costs) == {"base-stock", "rq"}, f"{x['parameter']} {end}: {set(costs)}")
            pair = x[end]["paired"]
            # The paired mean is the difference of the means (same replications: an identity).
            check(close(pair["mean_diff"], costs["base-stock"]["mean"] - costs["rq"]["mean"],
                        rel=1e-9, abs_tol=1e-6),
                  f"{x['parameter']} {end}: paired {pair['mean_diff']} != difference of means")
            check(costs["rq"]["ci95_low"] <= costs["rq"]["mean"] <= costs["rq"]["ci95_high"],
                  f"{x['parameter']} {end}: interval does not hold the mean")
    level = oat[0]
    # rq does not read base-stock's level: common random numbers give it the same cost at both.
    check(level["low"]["total_cost"]["rq"] == level["high"]["total_cost"]["rq"],
          "rq's cost changed with base-stock's level: the swings do not share random numbers")
    check(level["swing"]["rq"] == 0, f"rq's swing {level['swing']['rq']}, want 0")
    g = doc["global"]
    check(g["points"] == 6 and len(g["design_points"]) == 6, f"global points {g['points']}")
    for series in ("base-stock", "rq", "base-stock-vs-rq"):
        fit = g["metamodel"][series]
        check([t["parameter"] for t in fit["terms"]] == [x["parameter"] for x in oat],
              f"metamodel {series}: terms")
        check(fit["r_squared"] is None or -1e-9 <= fit["r_squared"] <= 1 + 1e-9,
              f"metamodel {series}: R^2 {fit['r_squared']}")
    # Latin hypercube: the continuous parameter has one point in each sixth of its range.
    xs = sorted(p["values"]["costs.lost_sale_penalty"] for p in g["design_points"])
    strata = [int((x - 2) / 8 * 6) for x in xs]
    check(strata == list(range(6)), f"lost_sale_penalty points {xs}: not one per stratum")
    files = dir_listing(ctx.tmp / "s")
    for f in ("sensitivity.csv", "sensitivity_global.csv", "run.json", "manifest.toml"):
        check(f in files, f"sensitivity --out: no {f} in {files}")
    check(strict_json((ctx.tmp / "s/run.json").read_text(), "run.json") == doc,
          "run.json differs from --format json")
    header, rows = read_csv(ctx.tmp / "s/sensitivity.csv", "sensitivity.csv")
    check(header == SENS_TORNADO, f"sensitivity.csv header {header}")
    check(len(rows) == 2 * 3, f"sensitivity.csv: {len(rows)} rows, want 2 parameters x 3 series")
    check([x[3] for x in rows[:3]] == ["base-stock", "rq", "base-stock-vs-rq"], "series order")
    header, grows = read_csv(ctx.tmp / "s/sensitivity_global.csv", "sensitivity_global.csv")
    check(header == SENS_GLOBAL, f"sensitivity_global.csv header {header}")
    check(len(grows) == 3 * 3, f"sensitivity_global.csv: {len(grows)} rows, want 3 series x 3")
    # A swing end is a run with that value set (same seed, same replications).
    ctx.ok("run", ctx.src(PERISHABLES), *SENS_POLICIES, "-n", "4", "--horizon-days", "120",
           "--set", "costs.lost_sale_penalty=10", "--out", "r", "--quiet")
    _, srows = read_csv(ctx.tmp / "r/summary.csv", "summary.csv")
    run_mean = {x[0]: float(x[2]) for x in srows if x[1] == "total_cost"}
    hi = oat[1]["high"]["total_cost"]
    for p in ("base-stock", "rq"):
        check(close(run_mean[p], hi[p]["mean"], rel=1e-12),
              f"{p} at lost_sale_penalty 10: sensitivity {hi[p]['mean']}, run {run_mean[p]}")
    # --format csv prints sensitivity.csv.
    r = _sensitivity(ctx, "--format", "csv")
    check(r.out == (ctx.tmp / "s/sensitivity.csv").read_text(), "--format csv != sensitivity.csv")


@case("sensitivity_report_tornado")
def case_sensitivity_report_tornado(ctx, _):
    _sensitivity(ctx, "--out", "s")
    ctx.ok("report", "s", "--quiet")
    page = (ctx.tmp / "s/report.html").read_text(encoding="utf-8")
    check(page.count("<figure class=\"chart\">") == 3,
          "report: want a tornado per policy and one for the paired difference")
    check("Tornado: total cost of base-stock" in page, "report: no tornado of base-stock")
    check("Tornado: paired difference base-stock-vs-rq" in page, "report: no paired tornado")
    check("costs.lost_sale_penalty" in page and "R²" in page, "report: no metamodel table")
    # Widest swing on top: in rq's chart the penalty (base-stock's level does not move rq) comes first.
    rq = page[page.index("Tornado: total cost of rq"):]
    rq = rq[:rq.index("</figure>")]
    check(rq.index("costs.lost_sale_penalty") < rq.index("policies.base-stock.level_days"),
          "rq's tornado: the widest swing is not on top")
    # An edited sensitivity.csv is refused (the folder is one verified set).
    (ctx.tmp / "s/sensitivity.csv").write_text("parameter\n")
    ctx.usage_error("report", "s", expect_in_err=["sensitivity.csv"])


@case("sensitivity_bad_param")
def case_sensitivity_bad_param(ctx, _):
    path = ctx.src(PERISHABLES)
    for bad, what in (("costs.order_cost", "KEY=LOW:HIGH"), ("costs.order_cost=5", "KEY=LOW:HIGH"),
                      ("costs.order_cost=a:5", "not a number"), ("costs.order_cost=5:5", "LOW < HIGH"),
                      ("costs.order_cost=9:1", "LOW < HIGH")):
        ctx.usage_error("sensitivity", path, "--param", bad, "--quiet", expect_in_err=[what])
    ctx.usage_error("sensitivity", path, "--quiet", expect_in_err=["--param"])
    ctx.usage_error("sensitivity", path, "--param", "costs.no_such_key=1:2", "--quiet")
    ctx.usage_error("sensitivity", path, "--param", "costs.order_cost=1:2", "--compare", "rq,nope",
                    "--quiet", expect_in_err=["nope"])
    ctx.usage_error("sensitivity", path, "--param", "costs.order_cost=1:2", "--samples", "2",
                    "--quiet", expect_in_err=["--samples"])


@case("sensitivity_threads_identical")
def case_sensitivity_threads(ctx, _):
    one = _sensitivity(ctx, "--threads", "1", "--format", "json", "--compare", "rq,base-stock")
    two = _sensitivity(ctx, "--threads", "2", "--format", "json", "--compare", "rq,base-stock")
    check(one.out == two.out, "--threads 1 and --threads 2 give different outputs")
    check(strict_json(one.out, "json")["compare"] == ["rq", "base-stock"], "--compare order")


@case("sensitivity_network")
def case_sensitivity_network(ctx, _):
    r = ctx.ok("sensitivity", ctx.src("bench/scenarios/dc_fba.toml"), "-n", "2",
               "--horizon-days", "60", "--policy", "jit", "--policy", "jic",
               "--param", "costs.order_cost=10:100", "--samples", "3", "--quiet",
               "--format", "json")
    doc = strict_json(r.out, r.cmd())
    hi = doc["one_at_a_time"][0]["high"]["total_cost"]
    lo = doc["one_at_a_time"][0]["low"]["total_cost"]
    for p in ("jit", "jic"):
        check(hi[p]["mean"] > lo[p]["mean"], f"{p}: a dearer order does not raise the cost")


@case("sensitivity_one_policy")
def case_sensitivity_one_policy(ctx, _):
    # One policy: its swings and metamodel, no paired series; the same numbers as the same
    # policy run beside another (common random numbers: a policy's futures do not depend on
    # which others run).
    args = ["sensitivity", ctx.src(PERISHABLES), *SENS_PARAMS, "-n", "4", "--horizon-days",
            "120", "--samples", "6", "--quiet"]
    one = strict_json(ctx.ok(*args, "--policy", "base-stock", "--format", "json",
                             "--out", "one").out, "sensitivity --policy base-stock")
    two = strict_json(_sensitivity(ctx, "--format", "json").out, "sensitivity, two policies")
    check(one["compare"] == [] and one["policies"] == ["base-stock"],
          f"one policy: compare {one['compare']}, policies {one['policies']}")
    for a, b in zip(one["one_at_a_time"], two["one_at_a_time"]):
        check(list(a["swing"]) == ["base-stock"], f"one policy: swing series {list(a['swing'])}")
        check("paired" not in a["low"] and "paired" not in a["high"], "one policy: a paired end")
        for end in ("low", "high"):
            check(a[end]["total_cost"]["base-stock"] == b[end]["total_cost"]["base-stock"],
                  f"{a['parameter']} {end}: base-stock alone differs from beside rq")
    check(list(one["global"]["metamodel"]) == ["base-stock"],
          f"one policy: metamodel series {list(one['global']['metamodel'])}")
    _, rows = read_csv(ctx.tmp / "one/sensitivity.csv", "sensitivity.csv")
    check(rows and all(r[4] == "policy" for r in rows), "one policy: a paired row in the CSV")
    ctx.ok("report", "one", "--quiet")
    page = (ctx.tmp / "one/report.html").read_text(encoding="utf-8")
    check(page.count("<figure class=\"chart\">") == 1 and "paired difference" not in page.split(
        "<figure")[1], "one policy: the report should draw one tornado and no paired one")
    table = ctx.ok(*args, "--policy", "base-stock").out
    check(" - " not in table.splitlines()[1], f"one policy: a difference column in\n{table}")
    ctx.usage_error(*args, "--policy", "base-stock", "--compare", "base-stock,rq",
                    expect_in_err=["--compare", "one policy"])
