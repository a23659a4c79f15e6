# File: tests/cli/cases_trace.py
# `jitsim trace`: the event log of one replication, audited against run's numbers.
# Exec'd inside cli_test.py's namespace (case, check, Ctx helpers, VALIDATION, ...).

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


@case("network_outputs")
def case_network_outputs(ctx, _):
    """A DC feeding two FCs: trace rows name their site and lane; per_site.csv and per_lane.csv
    name every site and lane and add up to the run; run.json draws the network."""
    path = ctx.src("bench/scenarios/dc_fba.toml")
    sites = ["dc-reno", "fba-east", "fba-west"]
    lanes = {"ocean-reno": ("ningbo-factory", "supplier", "dc-reno"),
             "reno-east": ("dc-reno", "site", "fba-east"),
             "reno-west": ("dc-reno", "site", "fba-west")}
    policy = scenario_ids(ctx.ok("validate", path).out, "policies", "name")[0]
    r = ctx.ok("trace", path, "--policy", policy, "-n", "2")
    rows = list(csv.DictReader(io.StringIO(r.out)))
    check({row["site"] for row in rows} == set(sites), "trace: sites")
    for row in rows:
        if row["event"] in ("purchase_order", "departure", "arrival", "receipt"):
            check(row["lane"] in lanes and lanes[row["lane"]][2] == row["site"],
                  f"trace: {row['event']} at {row['site']} on lane {row['lane']!r}")
        if row["event"] == "transfer_order":
            check(row["site"] == "dc-reno", f"trace: transfer order at {row['site']}")
        if row["event"] in ("customer_order", "initial_stock", "expired"):
            check(row["lane"] == "", f"trace: {row['event']} with a lane {row['lane']!r}")
    check({row["lane"] for row in rows} - {""} == set(lanes), "trace: lanes")
    ctx.ok("run", path, "-n", "3", "--out", "res", "--quiet")
    summary = {(x["policy"], x["metric"]): x for x in read_dicts(ctx.tmp / "res/summary.csv")}
    policies = list(dict.fromkeys(p for p, _ in summary))
    per_site = read_dicts(ctx.tmp / "res/per_site.csv")
    check([x["site"] for x in per_site if x["policy"] == policy
           and x["metric"] == "total_cost"] == sites, "per_site.csv: sites in network order")
    for p in policies:
        for m in ("holding_cost", "total_cost", "orders_placed", "units_shipped"):
            total = sum(float(x["mean"]) for x in per_site if x["policy"] == p and x["metric"] == m)
            check(close(total, float(summary[(p, m)]["mean"]), 1e-9, 1e-6),
                  f"per_site.csv {p} {m}: sites sum to {total}")
        rate = [x for x in per_site if x["policy"] == p and x["metric"] == "internal_fill_rate"]
        check(rate[0]["mean"] != "" and rate[1]["mean"] == "" and rate[2]["mean"] == "",
              f"per_site.csv {p}: internal_fill_rate only at the DC: {rate}")
    per_lane = read_dicts(ctx.tmp / "res/per_lane.csv")
    for p in policies:
        total = sum(float(x["mean"]) for x in per_lane
                    if x["policy"] == p and x["metric"] == "transport_cost")
        check(close(total, float(summary[(p, "transport_cost")]["mean"]), 1e-9, 1e-6),
              f"per_lane.csv {p}: transport costs sum to {total}")
    per_sku = read_dicts(ctx.tmp / "res/per_sku.csv")
    check({(x["sku"], x["site"]) for x in per_sku} ==
          {(s, site) for s in scenario_ids(ctx.ok("validate", path).out, "skus", "id")
           for site in sites}, "per_sku.csv: one row group per SKU and site, bare SKU ids")
    doc = strict_json((ctx.tmp / "res/run.json").read_text(), "run.json")
    check([s["id"] for s in doc["network"]["sites"]] == sites, "run.json network sites")
    check({x["id"]: (x["from"], x["from_kind"], x["to"]) for x in doc["network"]["lanes"]} == lanes,
          "run.json network lanes")
    # Shards and threads give the same breakdown bytes.
    for i in (1, 2):
        ctx.ok("run", path, "-n", "3", "--shard", f"{i}/2", "--out", f"shard{i}", "--quiet")
    ctx.ok("merge", "shard1", "shard2", "--out", "merged")
    ctx.ok("run", path, "-n", "3", "--threads", "2", "--out", "t2", "--quiet")
    for f in ("per_site.csv", "per_lane.csv", "per_sku.csv", "summary.csv"):
        a = (ctx.tmp / "res" / f).read_bytes()
        check(a == (ctx.tmp / "merged" / f).read_bytes(), f"{f}: merged shards differ")
        check(a == (ctx.tmp / "t2" / f).read_bytes(), f"{f}: --threads 2 differs")
