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
