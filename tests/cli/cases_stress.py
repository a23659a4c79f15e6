# File: tests/cli/cases_stress.py
# `jitsim stress`: the JSON shape, --target, bad options, --out files, the report page and
# byte-identical outputs whatever --threads, on a single-site and a network scenario.
# Exec'd inside cli_test.py's namespace (case, check, Ctx helpers, VALIDATION, ...).

STRESS_METRICS = ["time_to_survive_days", "time_to_survive_censored_share",
                  "time_to_recover_days", "lost_sales_units", "backordered_units", "cost_impact"]
STRESS_NETWORK = "bench/scenarios/dc_fba.toml"
STRESS_FAST = ["-n", "3", "--horizon-days", "400", "--quiet"]


def _stress_nodes(ctx, path):
    """(id, kind) of every node of the scenario, from its resolved TOML (validate)."""
    resolved = ctx.ok("validate", path).out
    sites = scenario_ids(resolved, "sites") or ["warehouse"]
    return ([(i, "supplier") for i in scenario_ids(resolved, "suppliers")]
            + [(i, "carrier") for i in scenario_ids(resolved, "carriers")]
            + [(i, "site") for i in sites])


def _check_stress_doc(doc, nodes, policies, where):
    check(list(doc.keys()) == ["nodes"], f"{where}: top-level keys {list(doc.keys())}")
    got = sorted((n["id"], n["kind"]) for n in doc["nodes"])
    check(got == sorted(nodes), f"{where}: nodes {got}, want {sorted(nodes)}")
    impacts = []
    for n in doc["nodes"]:
        check(list(n.keys()) == ["id", "kind", "policies"], f"{where}: node keys {list(n.keys())}")
        check(list(n["policies"].keys()) == policies,
              f"{where}: {n['id']} policies {list(n['policies'].keys())}, want {policies}")
        for p, metrics in n["policies"].items():
            check(list(metrics.keys()) == STRESS_METRICS,
                  f"{where}: {n['id']} {p} metrics {list(metrics.keys())}")
            for m, s in metrics.items():
                check(list(s.keys()) == ["mean", "ci95_low", "ci95_high"],
                      f"{where}: {n['id']} {p} {m} keys {list(s.keys())}")
                if s["mean"] is not None and s["ci95_low"] is not None:
                    check(s["ci95_low"] <= s["mean"] + 1e-9 <= s["ci95_high"] + 2e-9,
                          f"{where}: {n['id']} {p} {m}: mean outside its interval {s}")
            share = metrics["time_to_survive_censored_share"]["mean"]
            check(0 <= share <= 1, f"{where}: censored share {share}")
        impacts.append(max(s["cost_impact"]["mean"] for s in n["policies"].values()))
    check(impacts == sorted(impacts, reverse=True),
          f"{where}: nodes not ranked by the largest mean cost impact: {impacts}")


@case("stress_json_shape")
def case_stress_json_shape(ctx, _):
    path = ctx.src(VALIDATION)
    r = ctx.ok("stress", path, *STRESS_FAST, "--format", "json", "--duration-days", "20")
    doc = strict_json(r.out, r.cmd())
    _check_stress_doc(doc, _stress_nodes(ctx, path), ["base-stock"], r.cmd())


@case("stress_target")
def case_stress_target(ctx, _):
    path = ctx.src(VALIDATION)
    nodes = _stress_nodes(ctx, path)
    supplier = [i for i, k in nodes if k == "supplier"][0]
    r = ctx.ok("stress", path, *STRESS_FAST, "--format", "json", "--target", supplier,
               "--target", "warehouse")
    doc = strict_json(r.out, r.cmd())
    got = sorted(n["id"] for n in doc["nodes"])
    check(got == sorted([supplier, "warehouse"]), f"--target: nodes {got}")
    # The same node alone gives the same numbers (nodes do not influence each other).
    one = strict_json(ctx.ok("stress", path, *STRESS_FAST, "--format", "json", "--target",
                             supplier).out, "one target")
    check([n for n in doc["nodes"] if n["id"] == supplier] == one["nodes"],
          "a node's results depend on which other nodes were stressed")
    ctx.usage_error("stress", path, *STRESS_FAST, "--target", "no-such-node", "--out", "bad",
                    expect_in_err=["no-such-node"])
    check(not (ctx.tmp / "bad").exists(), "an unknown --target left an output folder")
    ctx.usage_error("stress", path, *STRESS_FAST, "--duration-days", "0")
    ctx.usage_error("stress", path, *STRESS_FAST, "--start-day", "400")
    ctx.usage_error("stress", path, *STRESS_FAST, "--start-day", "-1")


@case("stress_out_report")
def case_stress_out_report(ctx, _):
    path = ctx.src(VALIDATION)
    r = ctx.ok("stress", path, *STRESS_FAST, "--out", "s", "--format", "json")
    listing = dir_listing(ctx.tmp / "s")
    check(listing == ["manifest.toml", "run.json", "scenario.resolved.toml", "stress.csv"],
          f"stress --out wrote {listing}")
    header, rows = read_csv(ctx.tmp / "s/stress.csv", "stress.csv")
    want = ["rank", "node", "kind", "policy"] + [
        f"{m}_{f}" for m in STRESS_METRICS for f in ["mean", "ci95_low", "ci95_high"]]
    check(header == want, f"stress.csv header {header}")
    nodes = _stress_nodes(ctx, path)
    check(len(rows) == len(nodes), f"stress.csv: {len(rows)} rows, want {len(nodes)}")
    doc = strict_json(r.out, r.cmd())
    # stress.csv holds the printed JSON's numbers, node by node in rank order.
    for row, node in zip(rows, doc["nodes"]):
        check(row[1] == node["id"], f"stress.csv order {row[1]} vs {node['id']}")
        mean = node["policies"]["base-stock"]["cost_impact"]["mean"]
        check(close(float(row[header.index("cost_impact_mean")]), mean),
              f"stress.csv cost impact {row} vs {mean}")
    run = json.loads((ctx.tmp / "s/run.json").read_text())
    check(run["command"] == "stress" and run["nodes"] == doc["nodes"],
          "run.json: command or nodes differ from --format json")
    check(run["replications_spent"] == 3 * (len(nodes) + 1),
          f"run.json replications_spent {run['replications_spent']}")
    ctx.ok("report", "s", "--quiet")
    html = (ctx.tmp / "s/report.html").read_text()
    check('id="stress"' in html and "<svg" in html and "Weak links" in html,
          "the report of a stress folder lacks its section or chart")
    for node_id, _ in nodes:
        check(node_id in html, f"the report does not name node {node_id}")
    # A number the page cannot read is named at its line and column, even in a sealed set.
    text = (ctx.tmp / "s/stress.csv").read_text().splitlines()
    cells = text[1].split(",")
    col = header.index("cost_impact_mean")
    cells[col] = "abc"
    (ctx.tmp / "s/stress.csv").write_text("\n".join([text[0], ",".join(cells)] + text[2:]) + "\n")
    _reseal_all(ctx.tmp / "s")
    at = len(",".join(cells[:col])) + 2
    ctx.usage_error("report", "s", expect_in_err=[f"stress.csv:2:{at}:", "expected a number"])
    # An edited stress.csv is refused (the folder is one verified set).
    (ctx.tmp / "s/stress.csv").write_text("rank\n")
    ctx.usage_error("report", "s", expect_in_err=["stress.csv"])


@case("stress_threads_network")
def case_stress_threads_network(ctx, _):
    path = ctx.src(STRESS_NETWORK)
    args = ["stress", path, "-n", "4", "--horizon-days", "300", "--duration-days", "20",
            "--quiet"]
    one = ctx.ok(*args, "--threads", "1", "--format", "json", "--out", "t1")
    two = ctx.ok(*args, "--threads", "2", "--format", "json", "--out", "t2")
    check(one.out == two.out, "stress --format json differs between --threads 1 and 2")
    check((ctx.tmp / "t1/stress.csv").read_bytes() == (ctx.tmp / "t2/stress.csv").read_bytes(),
          "stress.csv differs between --threads 1 and 2")
    doc = strict_json(one.out, one.cmd())
    resolved = ctx.ok("validate", path).out
    _check_stress_doc(doc, _stress_nodes(ctx, path), scenario_ids(resolved, "policies", "name"),
                      one.cmd())
    kinds = {n["kind"] for n in doc["nodes"]}
    check(kinds == {"supplier", "carrier", "site"}, f"network nodes of kinds {kinds}")
