# File: tests/cli/cases_advise.py
# `jitsim advise`: the JSON shape, the --out files, the text for a manager, determinism over
# --threads, and bad --min-fill-rate / --axis values.
# Exec'd inside cli_test.py's namespace (case, check, Ctx helpers, ...).

ADVISE_CALM = "scenarios/advise_calm_domestic.toml"
ADVISE_ARGS = ["-n", "3", "--axis", "supplier_outage", "--quiet"]
BREAK_EVEN_KEYS = ["axis", "lo", "hi", "flips"]
FLIP_KEYS = ["from", "to", "at", "ci95_low", "ci95_high", "by_fill"]


def _check_advise_doc(doc, where):
    check(list(doc)[:4] == ["min_fill_rate", "replications", "policies", "classes"],
          f"{where}: top-level keys {list(doc)}")
    check(doc["policies"] == ["jit", "jic", "hybrid"], f"{where}: policies {doc['policies']}")
    names = [c["class"] for c in doc["classes"]]
    check(names == ["A", "B", "C", "critical"], f"{where}: classes {names}")
    skus = {c["class"]: c["skus"] for c in doc["classes"]}
    check(skus["A"] == ["reagent-kit", "filter-cartridge", "sample-vials"]
          and skus["B"] == ["buffer-solution", "pipette-tips"]
          and skus["C"] == ["cleaning-wipes"]
          and skus["critical"] == ["reagent-kit"], f"{where}: class members {skus}")
    for c in doc["classes"]:
        check(c["recommended"] in doc["policies"], f"{where}: recommended {c['recommended']}")
        check(0 <= c["confidence"] <= 1, f"{where}: confidence {c['confidence']}")
        check([p["policy"] for p in c["by_policy"]] == doc["policies"],
              f"{where}: by_policy {c['by_policy']}")
        check(len(c["break_even"]) == 1, f"{where}: one side of supplier_outage searched")
        for be in c["break_even"]:
            check(list(be)[:4] == BREAK_EVEN_KEYS, f"{where}: break_even keys {list(be)}")
            check(be["axis"] == "supplier_outage" and be["lo"] == 0, f"{where}: {be}")
            if be["flips"]:
                check(list(be)[4:] == FLIP_KEYS, f"{where}: flip keys {list(be)}")
                check(be["ci95_low"] <= be["at"] <= be["ci95_high"], f"{where}: {be}")
                check(be["lo"] <= be["ci95_low"] and be["ci95_high"] <= be["hi"], f"{where}: {be}")
            else:
                check(len(be) == 4, f"{where}: no-flip entry with extra keys {be}")
    check(doc["replications_spent"] == doc["points"] * 3 * 3,
          f"{where}: replications_spent {doc['replications_spent']} != points x 3 x 3")


@case("advise_json")
def case_advise_json(ctx, _):
    r = ctx.ok("advise", ctx.src(ADVISE_CALM), "--format", "json", *ADVISE_ARGS)
    doc = strict_json(r.out, r.cmd())
    _check_advise_doc(doc, "advise --format json")
    # The same advice whatever the thread count, byte for byte.
    r2 = ctx.ok("advise", ctx.src(ADVISE_CALM), "--format", "json", "--threads", "1",
                *ADVISE_ARGS)
    check(r2.out == r.out, "advise --format json differs between --threads 1 and all cores")


@case("advise_out")
def case_advise_out(ctx, _):
    r = ctx.ok("advise", ctx.src(ADVISE_CALM), "--out", "adv", *ADVISE_ARGS)
    files = dir_listing(ctx.tmp / "adv")
    for f in ["advise.json", "advise.csv", "run.json"]:
        check(f in files, f"advise --out: {f} missing from {files}")
    check(not [x for x in files if x.startswith(".")], f"temporary files left: {files}")
    doc = strict_json((ctx.tmp / "adv/advise.json").read_text(), "advise.json")
    _check_advise_doc(doc, "advise.json")
    j = ctx.ok("advise", ctx.src(ADVISE_CALM), "--format", "json", *ADVISE_ARGS)
    check(j.out == (ctx.tmp / "adv/advise.json").read_text(),
          "advise --format json differs from advise.json")
    header, rows = read_csv(ctx.tmp / "adv/advise.csv", "advise.csv")
    check(header[:6] == ["class", "skus", "recommended", "meets_min_fill", "confidence", "axis"],
          f"advise.csv header {header}")
    check([x[0] for x in rows] == ["A", "B", "C", "critical"], f"advise.csv rows {rows}")
    for x, c in zip(rows, doc["classes"]):
        check(x[2] == c["recommended"] and close(float(x[4]), c["confidence"]),
              f"advise.csv row {x} disagrees with advise.json {c['class']}")
    run = strict_json((ctx.tmp / "adv/run.json").read_text(), "run.json")
    check(run["command"] == "advise" and run["replications"] == 3
          and run["points"] == doc["points"], f"run.json {run}")
    # Text for a manager: one paragraph per class, naming the choice.
    t = ctx.ok("advise", ctx.src(ADVISE_CALM), *ADVISE_ARGS)
    check(f"For A items (3 SKUs) choose {doc['classes'][0]['recommended']}" in t.out
          or "For A items (3 SKUs) no policy meets" in t.out, "advise text:\n" + t.out)
    check("For critical items (1 SKU)" in t.out, "advise text:\n" + t.out)


@case("advise_bad_input")
def case_advise_bad_input(ctx, _):
    for bad in ["1.5", "-0.1", "abc", "nan", ""]:
        ctx.usage_error("advise", ctx.src(ADVISE_CALM), "--min-fill-rate", bad, "--out", "x",
                        *ADVISE_ARGS, expect_in_err=["--min-fill-rate"])
        check(not (ctx.tmp / "x").exists(), f"--min-fill-rate {bad!r}: partial output written")
    ctx.usage_error("advise", ctx.src(ADVISE_CALM), "--axis", "weather", "-n", "2", "--quiet",
                    expect_in_err=["weather", "carrier_delay"])
    ctx.usage_error("advise", ctx.src(ADVISE_CALM), "--format", "csv", "-n", "2")


@case("advise_report")
def case_advise_report(ctx, _):
    ctx.ok("advise", ctx.src(ADVISE_CALM), "--out", "adv", *ADVISE_ARGS)
    ctx.ok("report", "adv", "--quiet")
    html = (ctx.tmp / "adv/report.html").read_text()
    check('<h2 id="advice">' in html, "report of an advise folder has no Advice section")
    _, rows = read_csv(ctx.tmp / "adv/advise.csv", "advise.csv")
    for x in rows:
        check(f"<td>{x[0]}</td><td>{x[1]}</td><td>{x[2]}</td>" in html,
              f"report lacks the row of class {x[0]}")
    check("from advise.csv." in html, "the advise page has no footer naming its file")
    # The folder is one verified set, like every other --out folder.
    check(dir_listing(ctx.tmp / "adv") == ["advise.csv", "advise.json", "manifest.toml",
                                            "report.html", "run.json", "scenario.resolved.toml"],
          f"advise --out wrote {dir_listing(ctx.tmp / 'adv')}")
    with open(ctx.tmp / "adv/advise.csv", "a") as f:
        f.write("extra,row\n")
    ctx.usage_error("report", "adv", expect_in_err=["advise.csv"])
