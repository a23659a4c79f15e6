# File: tests/cli/cases_optimize.py
# `jitsim optimize`: the JSON shape, --out files, the report's frontier page, determinism over
# --threads, a network scenario, per-class parameters of a hybrid, and bad input.
# Exec'd inside cli_test.py's namespace (case, check, Ctx helpers, VALIDATION, ...).

OPT_PARAM = "policies.base-stock.level"
OPT_STATUSES = {"best", "excluded", "infeasible", "not_separated"}
OPT_BASE = ("--policy", "base-stock", "--param", OPT_PARAM, "--range", "22:30:1",
            "--constraint", "fill_rate>=0.9", "-n", "5", "--quiet")


def _check_optimize_doc(doc, params, candidates, budget, where):
    check(list(doc)[:2] == ["best", "candidates"], f"{where}: top-level keys {list(doc)}")
    check(len(doc["candidates"]) == candidates,
          f"{where}: {len(doc['candidates'])} candidates, want {candidates}")
    best = [c for c in doc["candidates"] if c["status"] == "best"]
    check(len(best) == 1, f"{where}: {len(best)} candidates with status best")
    for c in doc["candidates"]:
        check(c["status"] in OPT_STATUSES, f"{where}: status {c['status']}")
        check(list(c["params"]) == params, f"{where}: candidate params {c['params']}")
        o = c["objective"]
        check(o["metric"] == "total_cost", f"{where}: objective metric {o['metric']}")
        check(o["ci95_low"] <= o["mean"] <= o["ci95_high"], f"{where}: interval {o}")
        check(c["n"] >= 5, f"{where}: n {c['n']} below the first stage")
        for k in c["constraints"]:
            check(k["constraint"] == "fill_rate>=0.9" and k["metric"] == "fill_rate",
                  f"{where}: constraint {k}")
            check(k["decision"] in {"met", "failed", "undecided"}, f"{where}: decision {k}")
        if c["status"] == "infeasible":
            check(any(k["decision"] == "failed" for k in c["constraints"]),
                  f"{where}: an infeasible candidate with no failed constraint: {c}")
        if c["status"] == "best":
            check(all(k["decision"] == "met" for k in c["constraints"]),
                  f"{where}: the best candidate does not meet every constraint: {c}")
    b = doc["best"]
    check(b["params"] == best[0]["params"] and b["n"] == best[0]["n"]
          and b["objective"] == best[0]["objective"], f"{where}: best differs from its candidate")
    check(set(b["metrics"]) == set(METRICS), f"{where}: best.metrics keys")
    check(close(b["metrics"]["total_cost"]["mean"], b["objective"]["mean"]),
          f"{where}: best.metrics.total_cost != objective")
    spent = doc["optimize"]["replications_spent"]
    check(spent == sum(c["n"] for c in doc["candidates"]),
          f"{where}: replications_spent {spent} != the candidates' n summed")
    check(spent <= budget and doc["optimize"]["budget"] == budget,
          f"{where}: spent {spent} of budget {doc['optimize']['budget']}, want <= {budget}")
    return best[0]


@case("optimize_json")
def case_optimize_json(ctx, _):
    path = ctx.src(VALIDATION)
    r = ctx.ok("optimize", path, *OPT_BASE, "--format", "json")
    doc = strict_json(r.out, r.cmd())
    best = _check_optimize_doc(doc, [OPT_PARAM], 9, 50 * 9, "optimize --format json")
    # The lowest fill rate meeting 0.9 is at a level of at least 27 (exactly: P(X <= 26) =
    # 0.922 for X ~ Poisson(20), P(X <= 25) = 0.888); cost rises above the newsvendor level 25.
    check(best["params"][OPT_PARAM] >= 27, f"chosen level {best['params']} cannot meet 0.9")
    # --budget is respected, and the table names the chosen setting.
    r = ctx.ok("optimize", path, *OPT_BASE, "--budget", "60", "--format", "json")
    _check_optimize_doc(strict_json(r.out, r.cmd()), [OPT_PARAM], 9, 60, "--budget 60")
    r = ctx.ok("optimize", path, *OPT_BASE)
    check("Best: policies.base-stock.level = " in r.out, "table without the Best line" + r.describe())


@case("optimize_out_and_report")
def case_optimize_out(ctx, _):
    path = ctx.src(VALIDATION)
    r = ctx.ok("optimize", path, *OPT_BASE, "--format", "json", "--out", "o")
    files = set(dir_listing(ctx.tmp / "o"))
    want = {"optimize.csv", "run.json", "scenario.resolved.toml", "manifest.toml"}
    check(files == want, f"optimize --out wrote {sorted(files)}, want {sorted(want)}")
    run_json = json.loads((ctx.tmp / "o/run.json").read_text())
    check(without_wall(run_json["optimize"]) == without_wall(json.loads(r.out)["optimize"])
          and run_json["candidates"] == json.loads(r.out)["candidates"],
          "run.json differs from what --format json printed")
    header, rows = read_csv(ctx.tmp / "o/optimize.csv", "optimize.csv")
    check(header[:8] == [OPT_PARAM, "status", "n", "objective", "mean", "ci95_low", "ci95_high",
                         "fill_rate"], f"optimize.csv header {header}")
    check(len(rows) == 9, f"optimize.csv has {len(rows)} rows, want 9")
    for row, c in zip(rows, run_json["candidates"]):
        check(float(row[0]) == c["params"][OPT_PARAM] and row[1] == c["status"]
              and int(row[2]) == c["n"] and close(float(row[4]), c["objective"]["mean"]),
              f"optimize.csv row {row[:5]} differs from run.json {c}")
    r = ctx.ok("report", str(ctx.tmp / "o"))
    html = (ctx.tmp / "o/report.html").read_text()
    check("<svg" in html and "frontier" in html, "optimize report without the frontier chart")
    best = [c for c in run_json["candidates"] if c["status"] == "best"][0]
    level = best["params"][OPT_PARAM]
    check(f"chosen: {OPT_PARAM} = {level:g}" in html, "the chosen candidate is not marked")
    check(html.count("<circle") == 9, f"{html.count('<circle')} dots for 9 candidates")
    # An edited folder is refused like any other.
    (ctx.tmp / "o/optimize.csv").write_text((ctx.tmp / "o/optimize.csv").read_text() + "\n")
    ctx.usage_error("report", str(ctx.tmp / "o"))


@case("optimize_threads_identical")
def case_optimize_threads(ctx, _):
    path = ctx.src(VALIDATION)
    a = ctx.ok("optimize", path, *OPT_BASE, "--threads", "1", "--format", "json")
    b = ctx.ok("optimize", path, *OPT_BASE, "--threads", "2", "--format", "json")
    da, db = json.loads(a.out), json.loads(b.out)
    for d in (da, db):
        d["optimize"].pop("wall_seconds")
    check(da == db, "optimize --threads 1 and --threads 2 differ")
    a = ctx.ok("optimize", path, *OPT_BASE, "--threads", "1", "--format", "csv")
    b = ctx.ok("optimize", path, *OPT_BASE, "--threads", "2", "--format", "csv")
    check(a.out == b.out, "optimize --format csv differs between --threads 1 and 2")


@case("optimize_network")
def case_optimize_network(ctx, _):
    """A network scenario (a DC feeding two FBA sites); a per-site parameter tuned by key path."""
    path = ctx.src("bench/scenarios/dc_fba.toml")
    p1 = "policies.jic.service_level"
    p2 = "policies.jic.per_site.fba-west.service_level"
    r = ctx.ok("optimize", path, "--policy", "jic", "--param", p1, "--values", "0.9,0.99",
               "--param", p2, "--values", "0.9,0.99", "-n", "4", "--budget", "40", "--quiet",
               "--format", "json")
    doc = strict_json(r.out, r.cmd())
    check(len(doc["candidates"]) == 4, f"{len(doc['candidates'])} candidates, want 2 x 2")
    check([list(c["params"].values()) for c in doc["candidates"]]
          == [[0.9, 0.9], [0.9, 0.99], [0.99, 0.9], [0.99, 0.99]], "grid order")
    check(doc["optimize"]["replications_spent"] <= 40, "budget exceeded")
    costs = {tuple(c["params"].values()): c["objective"]["mean"] for c in doc["candidates"]}
    check(len(set(costs.values())) == 4, f"the per-site key changed nothing: {costs}")
    check(doc["best"] is not None, "no best on a scenario without constraints")


@case("optimize_bad_input")
def case_optimize_bad(ctx, _):
    path = ctx.src(VALIDATION)
    base = ["optimize", path, "--policy", "base-stock", "--param", OPT_PARAM, "--values",
            "24,25,26", "-n", "3"]
    ctx.usage_error(*base, "--objective", "cost", expect_in_err=["--objective cost"])
    ctx.usage_error(*base, "--constraint", "fill_rate=0.9", expect_in_err=["METRIC>=BOUND"])
    ctx.usage_error(*base, "--constraint", "fillrate>=0.9", expect_in_err=["no metric 'fillrate'"])
    ctx.usage_error(*base, "--constraint", "fill_rate>=high", expect_in_err=["not a number"])
    ctx.usage_error("optimize", path, "--policy", "base-stock", "--param", OPT_PARAM, "-n", "3",
                    expect_in_err=["--values or --range"])
    ctx.usage_error("optimize", path, "--policy", "base-stock", "-n", "3",
                    expect_in_err=["--param"])
    ctx.usage_error(*base, "--budget", "8", expect_in_err=["--budget 8", "3 candidates"])
    ctx.usage_error(*base, "--tolerance", "0", expect_in_err=["--tolerance"])
    ctx.usage_error(*base[:-2], "-n", "1", expect_in_err=["-n 1"])
    ctx.usage_error(*base, "--param", OPT_PARAM, "--values", "1", expect_in_err=["twice"])
    ctx.usage_error("optimize", path, "--policy", "base-stock", "--param",
                    "policies.base-stock.levl", "--values", "20,25", "-n", "2")
    ctx.usage_error("optimize", path, "--policy", "nosuch", "--param", OPT_PARAM, "--values",
                    "20,25", "-n", "2")
    ctx.usage_error("optimize", ctx.src(BASELINE), "--param", "policies.jic.service_level",
                    "--values", "0.9,0.95", "-n", "2", expect_in_err=["--policy"])
    r = ctx.ok("optimize", "--help")
    check("Examples:" in r.out and "--constraint" in r.out and "--budget" in r.out,
          "optimize --help without its options and an example" + r.describe())


@case("interrupt_optimize")
def case_interrupt_optimize(ctx, _):
    """SIGINT during the replications: exit 130 soon, nothing on stdout, nothing in --out."""
    out = ctx.tmp / "res"
    argv = [ctx.jitsim, "optimize", ctx.src(BASELINE), "--policy", "jic", "--param",
            "policies.jic.service_level", "--values", "0.9,0.95,0.99", "-n", "200",
            "--out", str(out)]
    rc, out_text, err_text, seconds = _interrupted(ctx, argv, signal.SIGINT, 1.0)
    desc = (f"\n  command: jitsim optimize baseline.toml ... -n 200 --out DIR, SIGINT after 1 s\n"
            f"  exit: {rc}\n  stderr: {_clip(err_text)}")
    check(rc == 130, "expected exit 130 after SIGINT" + desc)
    check(out_text == "", "stdout after an interrupt" + desc)
    check("nothing written" in err_text, "stderr should say nothing was written" + desc)
    check(dir_listing(out) == [], f"--out after an interrupt holds {dir_listing(out)}" + desc)


@case("optimize_per_class")
def case_optimize_per_class(ctx, _):
    # One parameter per SKU class of a hybrid: the critical items' service level (its jic half)
    # against the others' safety factor (its jit half). Each candidate is exactly the run with
    # its two --set values (common random numbers), and each key moves the cost on its own.
    path = ctx.src("scenarios/advise_calm_domestic.toml")
    crit, other = ("policies.hybrid.critical_policy.service_level",
                   "policies.hybrid.other_policy.safety_factor")
    r = ctx.ok("optimize", path, "--policy", "hybrid", "--param", crit, "--values", "0.9,0.99",
               "--param", other, "--values", "0,1.5", "-n", "4", "--budget", "16", "--quiet",
               "--format", "json")
    doc = strict_json(r.out, r.cmd())
    cands = doc["candidates"]
    check(len(cands) == 4 and all(list(c["params"]) == [crit, other] for c in cands),
          f"per-class grid: {[c['params'] for c in cands]}")
    mean = {}
    for c in cands:
        p = c["params"]
        run = strict_json(ctx.ok("run", path, "--policy", "hybrid", "-n", str(c["n"]), "--set",
                                 f"{crit}={p[crit]}", "--set", f"{other}={p[other]}",
                                 "--format", "json").out, "run --set")
        want = run["policies"]["hybrid"]["total_cost"]["mean"]
        check(c["objective"]["mean"] == want,
              f"candidate {p}: objective {c['objective']['mean']}, run --set gives {want}")
        mean[(p[crit], p[other])] = want
    check(mean[(0.9, 0)] != mean[(0.99, 0)], "the critical class's service level changes nothing")
    check(mean[(0.9, 0)] != mean[(0.9, 1.5)], "the other class's safety factor changes nothing")
