# File: tests/cli/cases_sweep_text.py
# `jitsim sweep` over text and boolean values: each point equals `run --set`, bad values are
# refused before anything runs, [sweep] tables, shards and the report carry the words.
# Exec'd inside cli_test.py's namespace (case, check, Ctx helpers, VALIDATION, ...).

ST_CHOICE = "warehouse.unmet_demand"     # a choice: backorder, lost_sales, patience
ST_FLAG = "costs.pipeline_holding"       # a boolean


def _st_point_rows(rows, value, value_column=1, first=3):
    """curves.csv rows of one value as summary.csv rows (policy, metric, mean, ..., n)."""
    return [x[first:-2] for x in rows if x[value_column] == value]


@case("sweep_text_points_equal_runs")
def case_sweep_text_points_equal_runs(ctx, _):
    path = ctx.src(VALIDATION)
    for key, values in ((ST_CHOICE, ["backorder", "lost_sales"]), (ST_FLAG, ["true", "false"])):
        d = key.replace(".", "_")
        r = ctx.ok("sweep", path, "--param", key, "--values", ",".join(values), "-n", "4",
                   "--out", d)
        for v in values:
            check(f"{key} = {v}:" in r.out, f"the console table should name {key} = {v}:\n{r.out}")
        header, rows = read_csv(ctx.tmp / d / "curves.csv", f"{d}/curves.csv")
        check(header[:2] == ["parameter", "value"], f"curves.csv header {header}")
        check(sorted({x[1] for x in rows}) == sorted(values),
              f"curves.csv values {sorted({x[1] for x in rows})}, want {values}")
        per_value = {}
        for v in values:
            # Bit for bit (shortest round-trip numbers): the same seed, the same futures.
            ctx.ok("run", path, "-n", "4", "--set", f"{key}={v}", "--out", f"{d}_{v}", "--quiet")
            _, srows = read_csv(ctx.tmp / f"{d}_{v}" / "summary.csv", "summary.csv")
            per_value[v] = [x[1:] for x in srows]
            check(per_value[v] == _st_point_rows(rows, v),
                  f"sweep point {key} = {v} differs from run --set {key}={v}")
        check(per_value[values[0]] != per_value[values[1]],
              f"{key}: both values gave the same results; the override did not apply")
        doc = strict_json((ctx.tmp / d / "sweep.json").read_text(), "sweep.json")
        points = [p["point"][key] for p in doc["sweep"]]
        want = [v == "true" for v in values] if key == ST_FLAG else values
        check(points == want, f"sweep.json points {points}, want {want}")
        csv_out = ctx.ok("sweep", path, "--param", key, "--values", ",".join(values), "-n", "4",
                         "--format", "csv")
        check(csv_out.out == (ctx.tmp / d / "curves.csv").read_text(),
              "sweep --format csv != curves.csv")


@case("sweep_text_bad_values")
def case_sweep_text_bad_values(ctx, _):
    path = ctx.src(VALIDATION)
    base = ["sweep", path, "-n", "2", "--param", ST_CHOICE]
    # A value the key does not take: the loader's diagnostic, before any point runs.
    for extra in ([], ["--shard", "1/2"]):
        r = ctx.usage_error(*base, "--values", "backorder,weekly", "--out", "bad", *extra,
                            expect_in_err=[ST_CHOICE, "weekly", "backorder", "lost_sales",
                                           ": error: "])
        check(re.search(r"^<command line>:\d+:\d+: error: ", r.err, re.M),
              "expected a located diagnostic" + r.describe())
        check(not (ctx.tmp / "bad").exists() or dir_listing(ctx.tmp / "bad") == [],
              f"a refused sweep wrote {dir_listing(ctx.tmp / 'bad')}")
    # One type per parameter.
    ctx.usage_error(*base, "--values", "backorder,3",
                    expect_in_err=["'3' is a number", "all numbers or all text"])
    ctx.usage_error("sweep", path, "-n", "2", "--param", ST_FLAG, "--values", "true,yes",
                    expect_in_err=["true/false mixed with the text 'yes'"])
    ctx.usage_error("sweep", path, "-n", "2", "--param", ST_FLAG, "--values", "true,,false",
                    expect_in_err=["an empty value"])
    # A word for a numeric key reaches the loader, which names the key.
    ctx.usage_error("sweep", path, "-n", "2", "--param", "costs.order_cost", "--values", "a,b",
                    expect_in_err=["costs.order_cost", "expected a number"])
    # optimize searches numbers: a text axis is refused, naming sweep.
    ctx.usage_error("optimize", path, "--policy", "base-stock", "--param", ST_CHOICE,
                    "--values", "backorder,lost_sales",
                    expect_in_err=["optimize: --param " + ST_CHOICE, "jitsim sweep"])


@case("sweep_text_table")
def case_sweep_text_table(ctx, _):
    """[sweep] with strings and booleans runs as --param/--values do, and writes back."""
    text = Path(ctx.src(VALIDATION)).read_text()
    text = re.sub(r"(?ms)^\[sweep\].*?(?=^\[|\Z)", "", text)
    text += (f'\n[[sweep]]\nparameter = "{ST_CHOICE}"\nvalues = ["backorder", "lost_sales"]\n'
             f'\n[[sweep]]\nparameter = "{ST_FLAG}"\nvalues = [false, true]\n')
    (ctx.tmp / "table.toml").write_text(text)
    ctx.ok("sweep", "table.toml", "-n", "3", "--out", "t", "--quiet")
    ctx.ok("sweep", ctx.src(VALIDATION), "-n", "3", "--param", ST_CHOICE, "--values",
           "backorder,lost_sales", "--param", ST_FLAG, "--values", "false,true", "--out", "c",
           "--quiet")
    check((ctx.tmp / "t/curves.csv").read_bytes() == (ctx.tmp / "c/curves.csv").read_bytes(),
          "[sweep] with text values and --param/--values give different curves.csv")
    resolved = (ctx.tmp / "t/scenario.resolved.toml").read_text()
    check('values = ["backorder", "lost_sales"]' in resolved and "values = [false, true]" in
          resolved, f"scenario.resolved.toml does not keep the [sweep] values:\n{resolved}")
    # The resolved scenario sweeps the same (it reloads to the same [sweep]).
    ctx.ok("sweep", "t/scenario.resolved.toml", "-n", "3", "--out", "again", "--quiet")
    check((ctx.tmp / "again/curves.csv").read_bytes() == (ctx.tmp / "t/curves.csv").read_bytes(),
          "the resolved scenario's [sweep] sweeps differently")
    # A string that reads as a number stays a string (quoted in the point's --set).
    (ctx.tmp / "names.toml").write_text(
        text.replace(f'parameter = "{ST_CHOICE}"\nvalues = ["backorder", "lost_sales"]',
                     'parameter = "scenario.name"\nvalues = ["1", "true"]'))
    ctx.ok("sweep", "names.toml", "-n", "2", "--out", "names", "--quiet")
    doc = strict_json((ctx.tmp / "names/sweep.json").read_text(), "sweep.json")
    check([p["point"]["scenario.name"] for p in doc["sweep"]] == ["1", "1", "true", "true"],
          "scenario.name values should stay the strings \"1\" and \"true\"")
    # A [sweep] value the key does not take: the diagnostic, and where the value came from.
    (ctx.tmp / "weekly.toml").write_text(text.replace('"lost_sales"', '"weekly"'))
    ctx.usage_error("sweep", "weekly.toml", "-n", "2", "--out", "w",
                    expect_in_err=["weekly", "lost_sales", "the scenario's [sweep]"])
    check(not (ctx.tmp / "w").exists(), "a refused [sweep] wrote its --out folder")
    # A value of another type in the table is located in the file.
    (ctx.tmp / "mixed.toml").write_text(
        text.replace('values = [false, true]', 'values = [false, "yes"]'))
    r = ctx.usage_error("sweep", "mixed.toml", "-n", "2",
                        expect_in_err=["sweep[1].values[1]: expected true or false"])
    line = text.replace('values = [false, true]', '@').split("@")[0].count("\n") + 1
    check(f"mixed.toml:{line}:" in r.err, f"expected mixed.toml:{line}:" + r.describe())


@case("sweep_text_shard_merge")
def case_sweep_text_shard_merge(ctx, _):
    grid = ["sweep", ctx.src(VALIDATION), "--param", ST_CHOICE, "--values",
            "lost_sales,backorder", "--param", ST_FLAG, "--values", "true,false", "-n", "5",
            "--quiet"]
    ctx.ok(*grid, "--out", "single")
    for i in (1, 2):
        ctx.ok(*grid, "--shard", f"{i}/2", "--out", f"shard{i}")
    ctx.ok("merge", "shard2", "shard1", "--out", "merged")
    for f in ("curves.csv", "scenario.resolved.toml"):
        check((ctx.tmp / "single" / f).read_bytes() == (ctx.tmp / "merged" / f).read_bytes(),
              f"{f} of merged text-sweep shards differs from a single sweep")
    strip = lambda s: re.sub(r'"wall_seconds": [^,}]*', "", s)
    check(strip((ctx.tmp / "single/sweep.json").read_text()) ==
          strip((ctx.tmp / "merged/sweep.json").read_text()),
          "sweep.json of merged text-sweep shards differs from a single sweep")


@case("sweep_text_report")
def case_sweep_text_report(ctx, _):
    path = ctx.src(VALIDATION)
    ctx.ok("sweep", path, "--param", ST_CHOICE, "--values", "backorder,lost_sales", "-n", "3",
           "--out", "one", "--quiet")
    ctx.ok("report", "one", "--quiet")
    html = (ctx.tmp / "one/report.html").read_text()
    for v in ("backorder", "lost_sales"):
        check(re.search(rf'class="tick category"[^>]*><title>{v}</title>', html),
              f"the report should label the category {v} on the chart's axis")
        check(f'<th scope="row">{v}</th>' in html, f"the report's table should have a row {v}")
    check("total_cost per value of " + ST_CHOICE in html, "the cost chart of a text axis")
    check(html.count("<circle") >= 2 * 3, "the charts should draw a point per category")
    check("<polyline" not in html, "a text axis has no line between its categories")
    check("do not cross" not in html, "categories have no order: no crossings text")
    # A grid of two text axes: both axes' labels on the heatmap.
    ctx.ok("sweep", path, "--param", ST_CHOICE, "--values", "backorder,lost_sales", "--param",
           ST_FLAG, "--values", "true,false", "-n", "3", "--out", "grid", "--quiet")
    ctx.ok("report", "grid", "--quiet")
    html = (ctx.tmp / "grid/report.html").read_text()
    check("Cost over the grid" in html, "a grid report should have heatmaps")
    for v in ("backorder", "lost_sales", "true", "false"):
        check(f">{v}</text>" in html, f"the heatmap should label {v}")
    check(f"<h2>{ST_FLAG} = true</h2>" in html, "sections per value of the second text axis")
