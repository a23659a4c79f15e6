# CLI cases of `jitsim run`'s console table and `jitsim report`'s page: the cost rows add up to
# the total, nothing drawn runs off a chart, no empty chart, labels that say what they show,
# and report reading older and newer output folders. Exec'd inside cli_test.py's namespace.

import html as _html
import xml.etree.ElementTree as _ET

SHOCKS = "scenarios/shipping_delay_2022.toml"   # fixed-start shocks, 4 policies, 30 SKUs

# ---------------------------------------------------------------------------------------------
# Reading the console table and the page.


def _console_table(text):
    """{metric: [(shown mean, its last-digit unit), ...]} and the policies of `run`'s table."""
    lines = text.splitlines()
    start = next((i for i, l in enumerate(lines) if l.split()[:1] == ["metric"]), None)
    check(start is not None, f"no table header in:\n{text}")
    policies = lines[start].split()[1:]
    rows = {}
    for line in lines[start + 1:]:
        if not line.strip():
            break
        cells = [c.strip() for c in re.split(r"\s{2,}", line.strip())[1:]]
        check(len(cells) == len(policies), f"row {line!r}: {len(cells)} cells")
        values = []
        for c in cells:
            shown = c.split("±")[0].strip()
            check(re.fullmatch(r"-?\d+(\.\d+)?", shown), f"cell {c!r} of {line!r}")
            decimals = len(shown.split(".")[1]) if "." in shown else 0
            values.append((float(shown), 10.0 ** -decimals))
        rows[line.split()[0]] = values
    return policies, rows


def _html_table(page):
    """{metric: [shown mean or None]} from the page's first comparison table."""
    table = page[page.index('<table class="cmp">'):]
    table = table[:table.index("</table>")]
    rows = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S):
        m = re.search(r"<code>(\w+)</code></th>", tr)
        if "other cost parts" in tr:
            m = re.match("(other)", "other")
        if not m:
            continue
        cells = []
        for td in re.findall(r"<td[^>]*>(.*?)</td>", tr, flags=re.S):
            shown = _html.unescape(re.sub(r"<small>.*?</small>", "", td)).strip()
            cells.append(None if shown == "–" else float(shown.replace(",", "").rstrip(" %")))
        rows[m.group(1)] = cells
    return rows


def _check_html_sums(table, policies, what):
    """The cost rows of the page's table add up to its total cost."""
    for k, p in enumerate(policies):
        parts = [table[m][k] for m in COST_PARTS + ["fulfilment_cost", "outbound_cost", "other"]
                 if m in table]
        total = table["total_cost"][k]
        # Each shown number is rounded to a unit (values >= 1000) or to 4 digits.
        check(abs(sum(parts) - total) <= 0.5 * (1 + len(parts)),
              f"{what}, {p}: the cost rows add up to {sum(parts)}, total cost shows {total}")


def _report(ctx, folder, *extra):
    ctx.ok("report", folder, "--quiet", *extra)
    return (ctx.tmp / folder / "report.html").read_text(encoding="utf-8")


def _summary_means(folder):
    out = {}
    for row in read_dicts(folder / "summary.csv"):
        out.setdefault(row["metric"], {})[row["policy"]] = csv_number(row["mean"], "summary.csv")
    return out


# Font size in px and boldness of each text class of the page's style sheet.
_FONTS = {"title": (15, True), "tick": (11, False), "axis-label": (12.5, False),
          "legend": (12, False), "cat": (12.5, True), "value": (11, False),
          "shock": (10.5, False)}


def _text_extents(svg):
    """(label, class, lo, hi, limit) of each <text>: its estimated extent along the line it is
    written on (font size x characters x an average glyph width of DejaVu Sans) and the size
    of the viewBox in that direction."""
    root = _ET.fromstring(svg)
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    out = []
    for el in root.iter():
        if not el.tag.endswith("text"):
            continue
        label = "".join(el.itertext())
        cls = el.get("class", "")
        px, bold = _FONTS.get(cls, (12, False))
        m = re.search(r"font-size:\s*([\d.]+)px", el.get("style", ""))
        if m:
            px = float(m.group(1))
        w = len(label) * px * (0.62 if bold else 0.55)
        anchor = el.get("text-anchor", "start")
        transform = el.get("transform", "")
        if "rotate(-90)" in transform:
            tx, ty = (float(v) for v in re.search(r"translate\(([\d.]+),([\d.]+)\)",
                                                  transform).groups())
            at, limit = ty, height   # written upwards: the extent is vertical
            lo = {"start": at - w, "middle": at - w / 2, "end": at}[anchor]
        else:
            at, limit = float(el.get("x")), width
            lo = {"start": at, "middle": at - w / 2, "end": at - w}[anchor]
            check(0 <= float(el.get("y")) - 0.2 * px and float(el.get("y")) <= height,
                  f"text {label!r} at y={el.get('y')} outside the chart (height {height})")
        out.append((label, cls, lo, lo + w, limit))
    return out


def _check_layout(page, what):
    svgs = re.findall(r"<svg\b.*?</svg>", page, flags=re.S)
    check(svgs, f"{what}: no chart")
    for svg in svgs:
        title = re.search(r'aria-label="([^"]*)"', svg).group(1)
        for label, cls, lo, hi, limit in _text_extents(svg):
            check(lo >= 0 and hi <= limit,
                  f"{what}, chart {title!r}: {cls} text {label!r} spans {lo:.0f}..{hi:.0f}, "
                  f"outside 0..{limit:.0f} (clipped)")


# ---------------------------------------------------------------------------------------------
# 1. The cost rows shown add up to total_cost (spoilage, overflow included where they occur).


@case("report_cost_parts_add_up")
def case_report_cost_parts_add_up(ctx, _):
    r = ctx.ok("run", ctx.src(PERISHABLES), "-n", "4", "--quiet", "--out", "peri")
    means = _summary_means(ctx.tmp / "peri")
    nonzero = [m for m in COST_PARTS if any(v for v in means[m].values() if v is not None)]
    check("spoilage_cost" in nonzero, "perishables.toml should have spoilage")
    policies, rows = _console_table(r.out)
    for m in nonzero:
        check(m in rows, f"console table: cost part {m} (non-zero) missing:\n{r.out}")
    check("spoiled_units" in rows, "console table: spoiled_units missing")
    check("purchase_cost" in rows, "console table: purchase_cost missing")
    for k, p in enumerate(policies):
        parts = [rows[m][k] for m in COST_PARTS if m in rows]
        total, unit = rows["total_cost"][k]
        shown = sum(v for v, _ in parts)
        rounding = 0.5 * (unit + sum(u for _, u in parts))
        check(abs(shown - total) <= rounding + 1e-9,
              f"console table, {p}: the cost rows add up to {shown}, total_cost shows {total}")
    # A part that is zero for every policy (overflow here, if so) is not padded in.
    for m in COST_PARTS[5:]:
        if m not in nonzero:
            check(m not in rows, f"console table: all-zero optional row {m} shown")

    page = _report(ctx, "peri")
    table = _html_table(page)
    for m in nonzero + ["spoiled_units", "purchase_cost"]:
        check(m in table, f"report.html table: {m} missing")
    check("other" not in table, "report.html: 'other cost parts' where every part is named")
    _check_html_sums(table, list(means["total_cost"]), "report.html table")
    # The cost breakdown stacks every non-zero part, spoilage included, and names it.
    chart = page[page.index('aria-label="cost breakdown per policy"'):]
    chart = chart[:chart.index("</svg>")]
    check('class="legend">spoilage<' in chart, "cost breakdown: no spoilage in the legend")
    for p, v in means["spoilage_cost"].items():
        if v:
            check(f"<title>{p} spoilage: " in chart, f"cost breakdown: no spoilage bar for {p}")


# ---------------------------------------------------------------------------------------------
# 2. Nothing clipped, no empty chart, labels that fit the run.


@case("report_layout_run")
def case_report_layout_run(ctx, _):
    # Long policy names, lost sales (no backlog), no shocks, a 364-day horizon.
    ctx.ok("run", ctx.src(PERISHABLES), "-n", "3", "--timeseries", "daily", "--quiet",
           "--out", "peri")
    page = _report(ctx, "peri")
    _check_layout(page, "perishables")
    check("Backlog over time" not in page and "No backlog chart" in page,
          "a backlog that is zero every day is drawn as a flat chart instead of being explained")
    check("around the shocks" not in page, "'around the shocks' on a scenario without shocks")
    check("Over time</h2>" in page, "no 'Over time' section")
    check("a bad year" not in page and "p95 over 364-day runs" in page,
          "the tail row should name the 364-day horizon")
    # Another horizon, another label.
    ctx.ok("run", ctx.src(PERISHABLES), "-n", "2", "--horizon-days", "180", "--quiet",
           "--out", "short")
    check("p95 over 180-day runs" in _report(ctx, "short"), "tail row of a 180-day run")
    # Shocks: the section says so, the shock windows are drawn, still nothing clipped.
    ctx.ok("run", ctx.src(SHOCKS), "-n", "2", "--timeseries", "daily", "--quiet",
           "--out", "shocks")
    page = _report(ctx, "shocks")
    _check_layout(page, "shipping_delay_2022")
    check("Over time, around the shocks</h2>" in page and "shock window" in page,
          "a scenario with shocks: no shocks section")
    check("Backlog over time" in page, "a backlog that is not zero should be drawn")


@case("report_layout_sweep")
def case_report_layout_sweep(ctx, _):
    # One policy: nothing to highlight or rank.
    ctx.ok("sweep", ctx.src(VALIDATION), "--param", "policies.base-stock.level", "--values",
           "22,24,26", "-n", "2", "--quiet", "--out", "one")
    page = _report(ctx, "one")
    _check_layout(page, "one-policy sweep")
    check('class="best"' not in page, "a one-policy sweep highlights its cells")
    check("highlighted" not in page and "est at every value" not in page,
          "a one-policy sweep says a policy is best")
    # Several policies, a grid with long parameter names (long chart titles).
    ctx.ok("sweep", ctx.src(PERISHABLES), "--param", "costs.order_cost", "--values",
           "4,8", "--param", "costs.lost_sale_penalty", "--values", "6,12",
           "-n", "2", "--quiet", "--out", "grid")
    page = _report(ctx, "grid")
    _check_layout(page, "grid sweep")
    check('class="best"' in page, "a sweep of several policies highlights the cheapest")


# ---------------------------------------------------------------------------------------------
# 4. report reads older and newer output folders alike.


def _reseal_all(folder):
    """Rewrites folder/manifest.toml's file list over the files now there (sizes, SHA-256),
    keeping its header: the set a jitsim writing these files would have sealed."""
    import hashlib
    manifest = folder / "manifest.toml"
    text = manifest.read_text()
    head, _, rest = text.partition("[[files]]")
    names = re.findall(r"^name = '([^']*)'", "[[files]]" + rest, re.M)
    entries = []
    for name in names:
        f = folder / name
        if f.exists():
            data = f.read_bytes()
            entries.append(f"[[files]]\nname = '{name}'\nsha256 = "
                           f"'{hashlib.sha256(data).hexdigest()}'\nsize = {len(data)}\n")
    manifest.write_text(head + "\n".join(entries))


@case("report_folder_versions")
def case_report_folder_versions(ctx, _):
    ctx.ok("run", ctx.src(PERISHABLES), "-n", "2", "--quiet", "--out", "new")
    ctx.ok("sweep", ctx.src(VALIDATION), "--param", "policies.base-stock.level", "--values",
           "22,24", "-n", "2", "--quiet",
           "--out", "sweep")
    # Newer: files this version does not know, an extra column, a new metric (the folder's
    # manifest re-sealed over the edited files, as the newer version would have written it).
    for d in ("new", "sweep"):
        (ctx.tmp / d / "notes.txt").write_text("anything\n")
        (ctx.tmp / d / "extra").mkdir()
    # ... and cost parts: fulfilment_cost (networks) and one this version does not know, both
    # in total_cost.
    summary = ctx.tmp / "new/summary.csv"
    header, rows = read_csv(summary, "summary.csv")
    mean = header.index("mean")
    policies = list(dict.fromkeys(r[0] for r in rows))
    out = [header + ["p99"]]
    for r in rows:
        if r[1] == "total_cost":
            r = r[:mean] + [repr(float(r[mean]) + 100 + 250)] + r[mean + 1:]
        out.append(r + ["1"])
    for p in policies:
        for metric, value in (("fulfilment_cost", 100), ("packaging_cost", 250),
                              ("carbon_kg", 7)):
            out.append([p, metric] + [str(value)] * (len(header) - 2) + ["1"])
    summary.write_text("\n".join(",".join(r) for r in out) + "\n")
    _reseal_all(ctx.tmp / "new")
    page = _report(ctx, "new")
    check("<code>total_cost</code>" in page, "newer folder: no comparison table")
    check("carbon_kg" not in page and "packaging_cost" not in page,
          "an unknown metric should be left out, not shown raw")
    table = _html_table(page)
    check("fulfilment_cost" in table and "other" in table,
          "newer folder: fulfilment cost and the unnamed rest of total cost should be rows")
    _check_html_sums(table, policies, "newer folder")
    check('class="legend">other<' in page, "cost breakdown: no 'other' part")
    _report(ctx, "sweep")
    # Older: no run.json, scenario, paired or per-SKU file; metrics added since are absent.
    ctx.ok("run", ctx.src(PERISHABLES), "-n", "2", "--quiet", "--out", "old")
    for f in ("run.json", "scenario.resolved.toml", "paired.csv", "per_sku.csv", "per_site.csv",
              "per_lane.csv",
              "notes.txt", "report.html"):
        (ctx.tmp / "old" / f).unlink(missing_ok=True)
    later = {"overflow_cost", "spoilage_cost", "spoiled_units", "purchase_cost",
             "cycle_service_level", "time_to_recover_days", "carbon_kg", "fulfilment_cost",
             "packaging_cost"}
    header, rows = read_csv(ctx.tmp / "old/summary.csv", "summary.csv")
    keep = [header] + [r for r in rows if r[1] not in later]
    (ctx.tmp / "old/summary.csv").write_text("\n".join(",".join(r) for r in keep) + "\n")
    _reseal_all(ctx.tmp / "old")
    page = _report(ctx, "old")
    check("<code>total_cost</code>" in page and "<code>spoilage_cost</code>" not in page,
          "older folder: the table should show the metrics the folder has")
    # Its total still includes spoilage: shown as the unnamed rest, so the rows add up.
    _check_html_sums(_html_table(page), policies, "older folder")
    _check_layout(page, "older folder")
