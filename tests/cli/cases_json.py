# CLI cases of the JSON outputs (run.json, sweep.json, --format json) with names that need
# escaping: quotes, backslash, control characters, DEL and non-ASCII text must come back from a
# JSON parser exactly as the scenario spelled them, and every number must equal the CSV files'
# (written by other code from the same run). Exec'd inside cli_test.py's namespace; helpers
# are prefixed json_.

# The names as Python reads them; the scenario spells them with TOML escapes (JSON_SCENARIO).
JSON_SCENARIO_NAME = "Q\"uote\\back\nslash\ttab \x01 ctrl \x7f del, ünï €uro 😀"
JSON_POLICIES = ["j\"i\\t\nü", "café – \"jic\"", "plain"]

JSON_SCENARIO = r'''
[scenario]
name = "Q\"uote\\back\nslash\ttab \u0001 ctrl \u007f del, ünï €uro 😀"
horizon_days = 60
warmup_days = 10

[[suppliers]]
id = "shenzhen"
lead_time_days = { dist = "gamma", mean = 20, sd = 4 }

[[carriers]]
id = "ocean"
transit_days = 5

[[skus]]
id = "hoodie"
unit_cost = 18
price = 45
supplier = "shenzhen"
carrier = "ocean"
demand = { orders_per_day = 30 }

[[policies]]
name = "j\"i\\t\nü"
kind = "jit"

[[policies]]
name = "caf\u00e9 \u2013 \"jic\""
kind = "jic"

[[policies]]
name = "plain"
kind = "jic"
service_level = 0.9
'''


def json_write_scenario(ctx):
    path = ctx.tmp / "names.toml"
    path.write_text(JSON_SCENARIO, encoding="utf-8")
    return path


def json_load(path):
    """Parses a JSON file strictly: UTF-8, no NaN/Infinity, no raw control characters."""
    raw = Path(path).read_bytes()
    check(b"\x7f" not in raw, f"{path}: DEL written raw (TOML and JSON readers differ on it)")
    return strict_json(raw.decode("utf-8"), str(path))


def json_same_number(j, csv_field_text, where):
    """A JSON value against the same value in a CSV file: equal doubles, null for empty."""
    c = csv_number(csv_field_text, where)
    if c is None:
        check(j is None, f"{where}: JSON {j!r}, CSV empty (undefined)")
    else:
        check(j is not None and float(j) == c, f"{where}: JSON {j!r}, CSV {csv_field_text!r}")


def json_check_against_csv(doc, summary_rows, paired_rows, where):
    """Every number of a run document equals summary.csv's / paired.csv's (curves.csv's)."""
    count = 0
    for row in summary_rows:
        s = doc["policies"][row["policy"]][row["metric"]]
        for k in SUMMARY_KEYS:
            json_same_number(s[k], row[k],
                             f"{where}: policies.{row['policy']!r}.{row['metric']}.{k}")
        count += 1
    check(count == len(doc["policies"]) * len(METRICS), f"{where}: {count} summary rows")
    if paired_rows is None:  # a sweep writes no paired.csv
        return
    for row in paired_rows:
        s = doc["paired"][row["pair"]][row["metric"]]
        for k in PAIRED_KEYS:
            json_same_number(s[k], row[k], f"{where}: paired.{row['pair']!r}.{row['metric']}.{k}")
    check(len(paired_rows) == len(doc["paired"]) * len(PAIRED), f"{where}: paired rows")


@case("json_escaped_names_run")
def case_json_escaped_names_run(ctx, _):
    """run.json and --format json read back the names exactly and the CSVs' numbers."""
    path = json_write_scenario(ctx)
    r = ctx.ok("run", path, "-n", "3", "--threads", "2", "--quiet", "--format", "json",
               "--out", "o")
    doc = json_load(ctx.tmp / "o/run.json")
    check(strict_json(r.out, r.cmd()) == doc, "--format json differs from run.json")
    check_run_json(doc, JSON_POLICIES, 3, "run.json")
    check(doc["scenario"] == JSON_SCENARIO_NAME, f"scenario name read back as {doc['scenario']!r}")
    check(doc["horizon_days"] == 60 and doc["warmup_days"] == 10 and doc["seed"] == 1,
          f"header {[doc[k] for k in HEADER_KEYS]}")
    summary = read_dicts(ctx.tmp / "o/summary.csv")
    check({row["policy"] for row in summary} == set(JSON_POLICIES),
          f"summary.csv policies {sorted({row['policy'] for row in summary})}")
    json_check_against_csv(doc, summary, read_dicts(ctx.tmp / "o/paired.csv"), "run.json")
    # Whole numbers are written as integers (not 1.0) and undefined values as null.
    text = (ctx.tmp / "o/run.json").read_text(encoding="utf-8")
    check('"horizon_days": 60,' in text, "horizon_days not written as 60")
    check(all(isinstance(doc["policies"][p]["orders_placed"]["n"], int) for p in JSON_POLICIES),
          "n is not an integer")


@case("json_escaped_names_sweep")
def case_json_escaped_names_sweep(ctx, _):
    """sweep.json: every point's run reads back the names and curves.csv's numbers."""
    path = json_write_scenario(ctx)
    values = [25, 50.5]
    r = ctx.ok("sweep", path, "-n", "2", "--threads", "2", "--quiet", "--param",
               "costs.order_cost", "--values", ",".join(str(v) for v in values), "--format",
               "json", "--out", "sw")
    doc = json_load(ctx.tmp / "sw/sweep.json")
    check(strict_json(r.out, r.cmd()) == doc, "--format json differs from sweep.json")
    check(list(doc.keys()) == ["sweep", "argmin"] and len(doc["sweep"]) == len(values),
          f"sweep.json: keys {list(doc.keys())}")
    curves = read_dicts(ctx.tmp / "sw/curves.csv")
    for v, point in zip(values, doc["sweep"]):
        check(list(point.keys()) == ["point", "run", "tail_risk"],
              f"point keys {list(point.keys())}")
        check(point["point"] == {"costs.order_cost": v}, f"point {point['point']!r}, want {v}")
        run = point["run"]
        check_run_json(run, JSON_POLICIES, 2, f"sweep.json point {v}")
        check(run["scenario"] == JSON_SCENARIO_NAME, f"point {v}: scenario {run['scenario']!r}")
        rows = [row for row in curves if float(row["value"]) == v]
        json_check_against_csv(run, rows, None, f"sweep.json point {v}")
