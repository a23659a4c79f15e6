# File: tests/cli/cases_customers.py
# [customers] churn and a network's per-site 3PL minimum from the command line: the churn_flip
# example flips the profit ranking once churn is on, the new metric is in every output, bad
# [customers] values exit 2, and a site's monthly minimum is billed there only.
# Exec'd inside cli_test.py's namespace (case, check, Ctx helpers, ...).

CHURN_FLIP = "scenarios/churn_flip.toml"


def _paired_profit(ctx, *extra):
    r = ctx.ok("run", ctx.src(CHURN_FLIP), "-n", "10", "--format", "json", *extra)
    doc = strict_json(r.out, r.cmd())
    return doc, doc["paired"]["jit-vs-jic"]["profit"]


@case("churn_flip")
def case_churn_flip(ctx, _):
    # Without churn JIT earns more in a paired comparison (interval above 0)...
    doc0, p0 = _paired_profit(ctx, "--set", "customers.churn_per_short_order=0")
    check(p0["ci95_low"] > 0, f"no churn: jit - jic profit {p0}, want an interval above 0")
    for pol in ("jit", "jic"):
        check(doc0["policies"][pol]["demand_lost_to_churn_units"]["mean"] == 0,
              f"no churn: {pol} demand_lost_to_churn_units must be 0")
    # ...with churn it earns less: its short orders drive customers away.
    doc1, p1 = _paired_profit(ctx)
    check(p1["ci95_high"] < 0, f"churn: jit - jic profit {p1}, want an interval below 0")
    lost = {p: doc1["policies"][p]["demand_lost_to_churn_units"]["mean"] for p in ("jit", "jic")}
    check(lost["jit"] > lost["jic"] > -1, f"churn: lost units {lost}, want jit > jic")
    # Candidates are the arrivals without churn: demanded + lost = demand without churn.
    for pol in ("jit", "jic"):
        with_churn = doc1["policies"][pol]["units_demanded"]["mean"] + lost[pol]
        without = doc0["policies"]["jic"]["units_demanded"]["mean"]
        check(abs(with_churn - without) <= 1e-9 * without,
              f"{pol}: units_demanded + lost = {with_churn}, want {without}")


@case("churn_outputs")
def case_churn_outputs(ctx, _):
    r = ctx.ok("run", ctx.src(CHURN_FLIP), "-n", "3", "--out", "o", "--quiet")
    _, rows = read_csv(ctx.tmp / "o/per_sku.csv", "per_sku.csv")
    check(any(x[4] == "demand_lost_to_churn_units" for x in rows),
          "per_sku.csv lacks demand_lost_to_churn_units")
    console = ctx.ok("run", ctx.src(CHURN_FLIP), "-n", "3").out
    for word in ("demand_lost_to_churn_units", "units_demanded_without_churn"):
        check(word in console, f"console report lacks {word}")
    plain = ctx.ok("run", ctx.src(CHURN_FLIP), "-n", "3", "--set",
                   "customers.churn_per_short_order=0").out
    check("units_demanded_without_churn" not in plain, "no churn: the churn rows must be absent")
    trace = ctx.ok("trace", ctx.src(CHURN_FLIP), "--policy", "jit").out
    check("customer_churned" in trace, "jitsim trace: no customer_churned row with churn on")


@case("churn_bad_values")
def case_churn_bad_values(ctx, _):
    for bad in ("customers.churn_per_short_order=1.5", "customers.churn_recovery_days=0"):
        ctx.usage_error("run", ctx.src(CHURN_FLIP), "-n", "1", "--set", bad,
                        expect_in_err=["customers"])


@case("fees_minimum_per_site")
def case_fees_minimum_per_site(ctx, _):
    # A monthly minimum far above one site's activity bills exactly minimum x horizon / 30 there,
    # and leaves the other sites of the network as they were.
    path = ctx.src("bench/scenarios/dc_fba.toml")
    args = ["run", path, "-n", "2", "--horizon-days", "100", "--quiet"]
    ctx.ok(*args, "--out", "plain")
    ctx.ok(*args, "--set", "sites.fba-east.fees.monthly_minimum=1e6", "--out", "min")

    def fees(folder):
        header, rows = read_csv(ctx.tmp / folder / "per_site.csv", "per_site.csv")
        mean = header.index("mean")
        return {(r[0], r[1]): float(r[mean]) for r in rows if r[2] == "fulfilment_cost"}

    plain, raised = fees("plain"), fees("min")
    check(len(raised) > 3, f"per_site.csv: fulfilment_cost rows {raised}")
    for (policy, site), value in raised.items():
        want = 1e6 * 100 / 30 if site == "fba-east" else plain[(policy, site)]
        check(abs(value - want) <= 1e-9 * max(1.0, want),
              f"{policy} at {site}: fulfilment_cost {value}, want {want}")
