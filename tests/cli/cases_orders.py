# File: tests/cli/cases_orders.py
# Order-log demand from the command line: the example's exact replay demands exactly the
# log's units per SKU (computed here from the CSV), its bootstrap differs between replications
# and not between thread counts, and bad logs exit 2 with the CSV location and no output.
# Exec'd inside cli_test.py's namespace (case, check, Ctx helpers, ...).

ORDERS_EXAMPLE = "scenarios/orders_bootstrap.toml"
ORDERS_LOG = "scenarios/orders_shopify.csv"


def _orders_log_units(ctx):
    _, rows = read_csv(Path(ctx.src(ORDERS_LOG)), "orders_shopify.csv")
    units = {}
    for r in rows:
        units[r[7]] = units.get(r[7], 0) + int(r[4])
    return units


def _orders_per_sku(ctx, out, metric):
    _, rows = read_csv(ctx.tmp / out / "per_sku.csv", "per_sku.csv")
    return {(x[0], x[1]): (float(x[5]), float(x[6]), float(x[7])) for x in rows if x[4] == metric}


@case("orders_exact_replay")
def case_orders_exact_replay(ctx, _):
    sets = ["--set", "scenario.horizon_days=56", "--set", "scenario.warmup_days=0"]
    for sku in ("HOODIE-BLK-M", "HOODIE-BLK-L", "TEE-WHT-M"):
        sets += ["--set", f"skus.{sku}.demand.resample=\"none\""]
    ctx.ok("run", ctx.src(ORDERS_EXAMPLE), "-n", "3", "--out", "o", "--quiet", *sets)
    units = _orders_log_units(ctx)
    got = _orders_per_sku(ctx, "o", "units_demanded")
    for (policy, sku), (mean, lo, hi) in got.items():
        # Every replication replays the same log: mean and interval are its total exactly.
        check(mean == units[sku] and lo == hi == mean,
              f"{policy} {sku}: units_demanded {mean} [{lo}, {hi}], want {units[sku]} exactly")
    check(len(got) == 6, f"per_sku rows: {sorted(got)}")


@case("orders_bootstrap")
def case_orders_bootstrap(ctx, _):
    one = ctx.ok("run", ctx.src(ORDERS_EXAMPLE), "-n", "4", "--threads", "1", "--format", "json")
    two = ctx.ok("run", ctx.src(ORDERS_EXAMPLE), "-n", "4", "--threads", "2", "--format", "json")
    d1, d2 = strict_json(one.out, one.cmd()), strict_json(two.out, two.cmd())
    check(without_wall(d1) == without_wall(d2), "the bootstrap depends on the thread count")
    demanded = d1["policies"]["jit"]["units_demanded"]
    check(demanded["sd"] > 0, f"replications do not differ: {demanded}")
    # Common random numbers: every policy sees the same bootstrapped days.
    check(demanded == d1["policies"]["jic"]["units_demanded"], "policies see different demand")


@case("orders_bad_logs")
def case_orders_bad_logs(ctx, _):
    text = Path(ctx.src(ORDERS_EXAMPLE)).read_text()
    header = "Name,Created at,Lineitem quantity,Lineitem sku\n"
    bad = {
        "time": (header + "#1,2026-03-02 10:00:00,1,TEE-WHT-M\n#2,yesterday,1,TEE-WHT-M\n",
                 ":3:4: error: Created at: "),
        "quantity": (header + "#1,2026-03-02,-2,TEE-WHT-M\n",
                     ":2:15: error: Lineitem quantity: expected a whole number"),
        "fields": (header + "#1,2026-03-02,1\n", ":2:1: error: expected 4 fields"),
    }
    for name, (csv_text, where) in bad.items():
        (ctx.tmp / f"{name}.csv").write_text(csv_text)
        (ctx.tmp / f"{name}.toml").write_text(text.replace("orders_shopify.csv", f"{name}.csv"))
        ctx.usage_error("run", f"{name}.toml", "-n", "1", "--out", f"out_{name}",
                        expect_in_err=[f"{name}.csv{where}"])
        check(not (ctx.tmp / f"out_{name}").exists(), f"{name}: partial output written")
    ctx.usage_error("validate", ctx.src(ORDERS_EXAMPLE), "--set",
                    "skus.TEE-WHT-M.demand.sku=\"TEE-WHT-XL\"",
                    expect_in_err=["no orders of SKU 'TEE-WHT-XL'", "did you mean"])
