# File: tests/cli/cases_outbound.py
# Outbound delivery and promises from the command line: the outbound_promise example's metrics
# in every output (console, per_sku.csv, paired.csv, the trace's customer_delivered rows), and
# bad outbound values exit 2 with a FILE:LINE:COLUMN error at the offending key.
# Exec'd inside cli_test.py's namespace (case, check, Ctx helpers, ...).

OUTBOUND_PROMISE = "scenarios/outbound_promise.toml"


@case("outbound_outputs")
def case_outbound_outputs(ctx, _):
    ctx.ok("run", ctx.src(OUTBOUND_PROMISE), "-n", "3", "--out", "o", "--quiet")
    _, rows = read_csv(ctx.tmp / "o/per_sku.csv", "per_sku.csv")
    for metric in ("outbound_cost", "avg_delivery_days", "otif"):
        check(any(x[4] == metric for x in rows), f"per_sku.csv lacks {metric}")
    _, paired = read_csv(ctx.tmp / "o/paired.csv", "paired.csv")
    check(any(x[1] == "otif" for x in paired), "paired.csv lacks otif")
    console = ctx.ok("run", ctx.src(OUTBOUND_PROMISE), "-n", "3").out
    for word in ("outbound_cost", "avg_delivery_days", "otif"):
        check(word in console, f"console report lacks {word}")
    # Without outbound the console keeps its old rows (otif undefined, no carrier cost).
    plain = ctx.ok("run", ctx.src("scenarios/baseline_3pl_marketplace.toml"), "-n", "2").out
    check("otif" not in plain and "outbound_cost" not in plain,
          "no outbound: the outbound rows must be absent")
    trace = ctx.ok("trace", ctx.src(OUTBOUND_PROMISE), "--policy", "jit").out
    check("customer_delivered" in trace, "jitsim trace: no customer_delivered row with outbound")


def _outbound_bad_file(ctx, old, new):
    text = (ctx.source / OUTBOUND_PROMISE).read_text()
    text = text.replace('extends = "baseline_3pl_marketplace.toml"',
                        f'extends = "{ctx.src("scenarios/baseline_3pl_marketplace.toml")}"')
    text = text.replace(old, new)
    path = ctx.tmp / "bad_outbound.toml"
    path.write_text(text)
    return path, text.splitlines()


@case("outbound_bad_values")
def case_outbound_bad_values(ctx, _):
    for old, new, key in (("promise_days = 4", "promise_days = -1", "promise_days"),
                          ("cost_per_order = 4.5", "cost_per_order = -2", "cost_per_order")):
        path, lines = _outbound_bad_file(ctx, old, new)
        r = ctx.usage_error("run", path, "-n", "1", expect_in_err=[f"outbound.{key}"])
        m = ERROR_LINE.match(r.err.splitlines()[0])
        check(m is not None, "expected FILE:LINE:COLUMN: error: ..." + r.describe())
        want = next(i for i, l in enumerate(lines, 1) if l.startswith(new))
        check(m.group("file").endswith("bad_outbound.toml") and int(m.group("line")) == want,
              f"error at {m.group('file')}:{m.group('line')}, want line {want}" + r.describe())


@case("outbound_report")
def case_outbound_report(ctx, _):
    r = ctx.ok("run", ctx.src(OUTBOUND_PROMISE), "-n", "3", "--out", "ob")
    policies, rows = _console_table(r.out)
    # Console: the cost rows (fulfilment and outbound included) add up to total_cost.
    for k, p in enumerate(policies):
        parts = [rows[m][k] for m in COST_PARTS + ["fulfilment_cost", "outbound_cost"] if m in rows]
        total, unit = rows["total_cost"][k]
        shown = sum(v for v, _ in parts)
        check(abs(shown - total) <= 0.5 * (unit + sum(u for _, u in parts)) + 1e-9,
              f"console, {p}: the cost rows add up to {shown}, total_cost shows {total}")
    page = _report(ctx, "ob")
    table = _html_table(page)
    for m in ("outbound_cost", "avg_delivery_days", "otif"):
        check(m in table, f"report.html: no {m} row")
    _check_html_sums(table, policies, "report.html (outbound)")
    check("outbound" in page, "report.html: no outbound part in the cost breakdown")
    # Without outbound the page has none of the rows.
    ctx.ok("run", ctx.src("scenarios/baseline.toml"), "-n", "2", "--out", "plain", "--quiet")
    plain = _html_table(_report(ctx, "plain"))
    for m in ("outbound_cost", "avg_delivery_days", "otif"):
        check(m not in plain, f"report.html without outbound: {m} row shown")
