# File: tests/cli/cases_run.py
# `jitsim run`: --format json, the --out files and their numbers, reproducibility and
# common random numbers, metric identities, interrupt and --resume, write failures, odd
# names, mpirun, paired comparisons, --target-ci, --timeseries.
# Exec'd inside cli_test.py's namespace (case, check, Ctx helpers, VALIDATION, ...).

# --format json shape.
@case("run_json_shape")
def case_run_json_shape(ctx, _):
    policies = scenario_ids(ctx.ok("validate", ctx.src(BASELINE)).out, "policies", "name")
    check(len(policies) >= 3, f"baseline has policies {policies}")
    r = ctx.ok("run", ctx.src(BASELINE), "-n", "3", "--threads", "2", "--format", "json")
    doc = strict_json(r.out, r.cmd())
    check_run_json(doc, policies, 3, r.cmd())
    check(doc["horizon_days"] == 365 and doc["seed"] == 20240601, "header differs from the file")
    check(doc["scenario"].startswith("Baseline"), f"scenario name {doc['scenario']!r}")
    for p in policies:
        for m in ["total_cost", "fill_rate", "units_demanded", "profit"]:
            s = doc["policies"][p][m]
            for k in SUMMARY_KEYS:
                check(s[k] is not None, f"policies.{p}.{m}.{k} is null with n = 3")
            check(s["ci95_low"] <= s["mean"] <= s["ci95_high"], f"{p}.{m}: mean outside its CI")
            check(s["p05"] <= s["p50"] <= s["p95"], f"{p}.{m}: quantiles not ordered")
        check(doc["policies"][p]["time_to_recover_days"]["mean"] is None,
              f"{p}: time_to_recover_days must be null without shocks")
    # A policy subset keeps file order and pairs only the chosen ones.
    r = ctx.ok("run", ctx.src(BASELINE), "-n", "2", "--policy", policies[2], "--policy",
               policies[0], "--format", "json")
    check_run_json(strict_json(r.out, r.cmd()), [policies[0], policies[2]], 2, r.cmd())


@case("run_json_n1")
def case_run_json_n1(ctx, _):
    policies = scenario_ids(ctx.ok("validate", ctx.src(PERISHABLES)).out, "policies", "name")
    r = ctx.ok("run", ctx.src(PERISHABLES), "-n", "1", "--format", "json")
    doc = strict_json(r.out, r.cmd())
    check_run_json(doc, policies, 1, r.cmd())
    for p in policies:
        for m in METRICS:
            s = doc["policies"][p][m]
            for k in ["sd", "ci95_low", "ci95_high"]:
                check(s[k] is None, f"-n 1: policies.{p}.{m}.{k} = {s[k]!r}, want null")
            if s["mean"] is not None:
                check(s["p50"] == s["mean"] == s["p05"] == s["p95"],
                      f"-n 1: {p}.{m} quantiles differ from the only value")
    for pr, d in doc["paired"].items():
        for m, s in d.items():
            for k in ["sd", "ci95_low", "ci95_high"]:
                check(s[k] is None, f"-n 1: paired.{pr}.{m}.{k} = {s[k]!r}, want null")


# --out contents.
@case("out_contents")
def case_out_contents(ctx, _):
    n = 4
    resolved = ctx.ok("validate", ctx.src(BASELINE), "-n", str(n)).out
    policies = scenario_ids(resolved, "policies", "name")
    skus = scenario_ids(resolved, "skus")
    check(len(skus) == 30, f"baseline should have 30 SKUs, validate shows {len(skus)}")
    r = ctx.ok("run", ctx.src(BASELINE), "-n", str(n), "--threads", "2", "--format", "json",
               "--out", "res")
    out = ctx.tmp / "res"
    listing = dir_listing(out)
    check(set(listing) == OUT_FILES, f"--out holds {listing}, want exactly {sorted(OUT_FILES)}")
    # run.json is stdout's JSON.
    stdout_doc = strict_json(r.out, r.cmd())
    file_doc = strict_json((out / "run.json").read_text(), "run.json")
    check(without_wall(stdout_doc) == without_wall(file_doc), "run.json differs from stdout")
    check_run_json(file_doc, policies, n, "run.json")
    check((out / "scenario.resolved.toml").read_text() == resolved,
          "scenario.resolved.toml differs from what validate -n 4 prints")
    # summary.csv
    header, rows = read_csv(out / "summary.csv", "summary.csv")
    check(header == SUMMARY_COLUMNS, f"summary.csv header {header}, want {SUMMARY_COLUMNS}")
    check(len(rows) == len(policies) * len(METRICS),
          f"summary.csv has {len(rows)} rows, want {len(policies)} x {len(METRICS)}")
    check([(r_[0], r_[1]) for r_ in rows] == [(p, m) for p in policies for m in METRICS],
          "summary.csv rows are not policies x metrics in order")
    summary = {}
    for row in rows:
        vals = {k: csv_number(v, f"summary.csv {row[0]}.{row[1]}.{k}")
                for k, v in zip(SUMMARY_KEYS, row[2:])}
        summary[(row[0], row[1])] = vals
        js = file_doc["policies"][row[0]][row[1]]
        for k in SUMMARY_KEYS:
            check(close(vals[k], js[k], 1e-15, 0), f"summary.csv {row[0]}.{row[1]}.{k} = "
                  f"{vals[k]} but run.json has {js[k]}")
    # --format csv prints summary.csv.
    r_csv = ctx.ok("run", ctx.src(BASELINE), "-n", str(n), "--threads", "2", "--format", "csv")
    check(r_csv.out == (out / "summary.csv").read_text(),
          "--format csv output differs from summary.csv")
    # replications.csv: policies x replications, and summary recomputed from it.
    reps = load_replications(out)
    check(len(reps) == len(policies) * n,
          f"replications.csv has {len(reps)} rows, want {len(policies)} x {n}")
    check([(x["policy"], x["replication"]) for x in reps]
          == [(p, i) for p in policies for i in range(n)],
          "replications.csv rows are not policy x replication 0..n-1 in order")
    for p in policies:
        for m in METRICS:
            xs = [x[m] for x in reps if x["policy"] == p]
            s = summary[(p, m)]
            if any(v is None for v in xs):
                continue
            mean = sum(xs) / n
            check(close(s["mean"], mean), f"summary {p}.{m}.mean {s['mean']} != mean of "
                  f"replications.csv {mean}")
            sd = math.sqrt(sum((v - mean) ** 2 for v in xs) / (n - 1))
            check(close(s["sd"], sd, 1e-7, 1e-9), f"summary {p}.{m}.sd {s['sd']} != {sd}")
            half = T975[n - 1] * sd / math.sqrt(n)
            check(close(s["ci95_low"], mean - half, 1e-7, 1e-7)
                  and close(s["ci95_high"], mean + half, 1e-7, 1e-7),
                  f"summary {p}.{m} CI [{s['ci95_low']}, {s['ci95_high']}] != Student t "
                  f"[{mean - half}, {mean + half}]")
            xs_sorted = sorted(xs)
            for k, q in [("p05", 0.05), ("p50", 0.5), ("p95", 0.95)]:
                check(close(s[k], quantile7(xs_sorted, q), 1e-12, 1e-12),
                      f"summary {p}.{m}.{k} = {s[k]}, linear interpolation of the order "
                      f"statistics gives {quantile7(xs_sorted, q)}")
            check(s["n"] == n, f"summary {p}.{m}.n = {s['n']}, but every replication defines it")
    # paired.csv: pairs x 8, recomputed from the replications.
    header, rows = read_csv(out / "paired.csv", "paired.csv")
    check(header == PAIRED_COLUMNS, f"paired.csv header {header}, want {PAIRED_COLUMNS}")
    pairs = [(a, b) for i, a in enumerate(policies) for b in policies[i + 1:]]
    check([(r_[0], r_[1]) for r_ in rows] == [(f"{a}-vs-{b}", m) for a, b in pairs
                                               for m, _ in PAIRED],
          f"paired.csv rows are not pairs x {len(PAIRED)} metrics in order")
    for row in rows:
        vals = {k: csv_number(v, f"paired.csv {row[0]}.{row[1]}.{k}")
                for k, v in zip(PAIRED_KEYS, row[2:])}
        a, b = row[0].split("-vs-")
        m = row[1]
        higher = dict(PAIRED)[m]
        xa = [x[m] for x in reps if x["policy"] == a]
        xb = [x[m] for x in reps if x["policy"] == b]
        if any(v is None for v in xa + xb):
            continue
        d = [u - v for u, v in zip(xa, xb)]
        check(close(vals["mean_diff"], sum(d) / n, 1e-9, 1e-9),
              f"paired.csv {row[0]} {m} mean_diff {vals['mean_diff']} != {sum(d) / n}")
        better = sum(1.0 if (u > v if higher else u < v) else 0.5 if u == v else 0.0
                     for u, v in zip(xa, xb)) / n
        check(close(vals["share_better"], better, 1e-12, 1e-12),
              f"paired.csv {row[0]} {m} share_better {vals['share_better']}, want {better} "
              f"({'higher' if higher else 'lower'} is better)")
        js = file_doc["paired"][row[0]][m]
        for k in PAIRED_KEYS:
            check(close(vals[k], js[k], 1e-15, 0), f"paired.csv {row[0]}.{m}.{k} != run.json")
    # per_sku.csv: policies x SKUs x the per-SKU metrics.
    header, rows = read_csv(out / "per_sku.csv", "per_sku.csv")
    check(header == PER_SKU_COLUMNS, f"per_sku.csv header {header}, want {PER_SKU_COLUMNS}")
    groups = {}
    for row in rows:
        check(len(row) == len(header), f"per_sku.csv row {row}")
        check(row[2] == "warehouse", f"per_sku.csv site {row[2]!r} (one site: 'warehouse')")
        check(row[3] in ("true", "false"), f"per_sku.csv critical {row[3]!r}")
        check(row[4] in METRICS, f"per_sku.csv metric {row[4]!r} is not a contract metric")
        for k, v in zip(["mean", "ci95_low", "ci95_high"], row[5:]):
            csv_number(v, f"per_sku.csv {row[0]}.{row[1]}.{row[4]}.{k}")
        groups.setdefault((row[0], row[1]), []).append(row[4])
    check(list(groups.keys()) == [(p, s) for p in policies for s in skus],
          "per_sku.csv groups are not policies x SKUs in order")
    per_sku_metrics = next(iter(groups.values()))
    check(per_sku_metrics == [m for m in METRICS if m in per_sku_metrics],
          "per_sku.csv metrics are not in contract order")
    for k, v in groups.items():
        check(v == per_sku_metrics, f"per_sku.csv {k} has metrics {v}, others {per_sku_metrics}")
    check(len(rows) == len(policies) * len(skus) * len(per_sku_metrics),
          f"per_sku.csv has {len(rows)} rows, want {len(policies)} x {len(skus)} x "
          f"{len(per_sku_metrics)}")
    # Additive per-SKU metrics sum to the total (sums over SKUs).
    for m in ["units_demanded", "units_shipped", "holding_cost", "ordering_cost",
              "purchase_cost", "revenue", "lost_sales_units"]:
        if m not in per_sku_metrics:
            continue
        for p in policies:
            total = sum(float(row[5]) for row in rows if row[0] == p and row[4] == m)
            check(close(total, summary[(p, m)]["mean"], 1e-9, 1e-6),
                  f"per_sku.csv {p} {m}: SKUs sum to {total}, summary mean "
                  f"{summary[(p, m)]['mean']}")
    # per_site.csv: the one site's metrics are the run's (the same per-replication values).
    _, rows = read_csv(out / "per_site.csv", "per_site.csv")
    for row in rows:
        check(row[1] == "warehouse", f"per_site.csv site {row[1]!r}")
        if row[2] in METRICS and row[3] != "":
            check(close(csv_number(row[3], "per_site.csv mean"), summary[(row[0], row[2])]["mean"],
                        1e-9, 1e-9), f"per_site.csv {row[0]} {row[2]} != summary mean")
    check(len(rows) == len(policies) * (len(METRICS) + 1), f"per_site.csv has {len(rows)} rows")
    # per_lane.csv: the lanes' transport costs and orders add up to the run's.
    _, rows = read_csv(out / "per_lane.csv", "per_lane.csv")
    for p in policies:
        for m in ["transport_cost", "orders_placed", "lost_in_transit_units"]:
            total = sum(float(row[3]) for row in rows if row[0] == p and row[2] == m)
            check(close(total, summary[(p, m)]["mean"], 1e-9, 1e-6),
                  f"per_lane.csv {p} {m}: lanes sum to {total}, summary {summary[(p, m)]['mean']}")
    # No stray files anywhere in the working folder.
    stray = [x for x in dir_listing(ctx.tmp) if not x.startswith("res")]
    check(stray == [], f"files left in the working folder: {stray}")


@case("out_undefined_empty")
def case_out_undefined_empty(ctx, _):
    """Undefined values (-n 1: sd, CI; no shocks: time_to_recover_days) are empty CSV fields."""
    ctx.ok("run", ctx.src(VALIDATION), "-n", "1", "--out", "res", "--quiet")
    header, rows = read_csv(ctx.tmp / "res/summary.csv", "summary.csv")
    for row in rows:
        check(row[3] == "" and row[4] == "" and row[5] == "",
              f"-n 1: summary.csv {row[1]} sd/ci95 should be empty, got {row[3:6]}")
        check_n(int(row[9]), csv_number(row[2], "mean"), row[1], 1, f"summary.csv {row[1]}")
    ttr = [row for row in rows if row[1] == "time_to_recover_days"][0]
    check(ttr[2] == "", f"time_to_recover_days mean without shocks should be empty: {ttr}")
    reps = (ctx.tmp / "res/replications.csv").read_text()
    check(not re.search(r"(?i)\b(nan|inf)", reps), "replications.csv holds nan/inf")
    doc = strict_json((ctx.tmp / "res/run.json").read_text(), "run.json")
    check(doc["policies"]["base-stock"]["time_to_recover_days"]["mean"] is None,
          "run.json: time_to_recover_days mean should be null")


# Reproducibility.
OUT_COMPARED = ["summary.csv", "replications.csv", "paired.csv", "per_sku.csv", "per_site.csv",
                "per_lane.csv",
                "scenario.resolved.toml"]


@case("reproducible_threads")
def case_reproducible_threads(ctx, _):
    path = ctx.src("scenarios/supplier_shutdown.toml")   # random shocks, several policies
    ctx.ok("run", path, "-n", "3", "--threads", "1", "--out", "t1", "--quiet")
    ctx.ok("run", path, "-n", "3", "--threads", "2", "--out", "t2", "--quiet")
    for f in OUT_COMPARED:
        a, b = (ctx.tmp / "t1" / f).read_bytes(), (ctx.tmp / "t2" / f).read_bytes()
        check(a == b, f"{f} differs between --threads 1 and --threads 2")
    a = strict_json((ctx.tmp / "t1/run.json").read_text(), "run.json")
    b = strict_json((ctx.tmp / "t2/run.json").read_text(), "run.json")
    check(without_wall(a) == without_wall(b),
          "run.json (minus wall_seconds) differs between --threads 1 and 2")
    # The bytes, not just the values, apart from wall_seconds.
    strip = lambda s: re.sub(r'"wall_seconds": [^,}]*', '"wall_seconds": X', s)
    check(strip((ctx.tmp / "t1/run.json").read_text()) == strip((ctx.tmp / "t2/run.json")
                                                                  .read_text()),
          "run.json bytes differ (beyond wall_seconds) between --threads 1 and 2")
    # Again in the same process count: the same bytes.
    ctx.ok("run", path, "-n", "3", "--threads", "2", "--out", "t3", "--quiet")
    for f in OUT_COMPARED:
        check((ctx.tmp / "t3" / f).read_bytes() == (ctx.tmp / "t2" / f).read_bytes(),
              f"{f} differs between two identical runs")


@case("reproducible_seed")
def case_reproducible_seed(ctx, _):
    path = ctx.src(PERISHABLES)
    ctx.ok("run", path, "-n", "3", "--seed", "11", "--out", "s11", "--quiet")
    ctx.ok("run", path, "-n", "3", "--seed", "12", "--out", "s12", "--quiet")
    a = load_replications(ctx.tmp / "s11")
    b = load_replications(ctx.tmp / "s12")
    diff = [m for m in ["total_cost", "units_demanded", "fill_rate"]
            if [x[m] for x in a] == [x[m] for x in b]]
    check(not diff, f"--seed 11 and --seed 12 give identical {diff}")
    ja = strict_json((ctx.tmp / "s11/run.json").read_text(), "")
    jb = strict_json((ctx.tmp / "s12/run.json").read_text(), "")
    check(ja["seed"] == 11 and jb["seed"] == 12, "seed not in run.json")
    check(ja["scenario_sha256"] != jb["scenario_sha256"],
          "scenario_sha256 is the same for two seeds (the resolved scenario differs)")


@case("common_random_numbers")
def case_common_random_numbers(ctx, _):
    path = ctx.src("scenarios/supplier_shutdown.toml")
    policies = scenario_ids(ctx.ok("validate", path).out, "policies", "name")
    check("jit" in policies, f"no jit policy in {policies}")
    ctx.ok("run", path, "-n", "3", "--out", "all", "--quiet")
    ctx.ok("run", path, "-n", "3", "--policy", "jit", "--out", "jit", "--quiet")
    all_rows = (ctx.tmp / "all/replications.csv").read_text().splitlines()
    jit_rows = (ctx.tmp / "jit/replications.csv").read_text().splitlines()
    check(jit_rows[0] == all_rows[0], "replications.csv headers differ")
    want = [ln for ln in all_rows[1:] if ln.startswith("jit,")]
    check(jit_rows[1:] == want, "--policy jit alone gives other replication rows than the full "
          "run (common random numbers: a policy's results must not depend on the others)")
    s_all = [ln for ln in (ctx.tmp / "all/summary.csv").read_text().splitlines()
             if ln.startswith("jit,")]
    s_jit = (ctx.tmp / "jit/summary.csv").read_text().splitlines()[1:]
    check(s_all == s_jit, "--policy jit summary rows differ from the full run's jit rows")
    check((ctx.tmp / "jit/paired.csv").read_text().strip() == PAIRED_COLUMNS_LINE,
          "one policy: paired.csv should hold only its header")


PAIRED_COLUMNS_LINE = ",".join(PAIRED_COLUMNS)


# Ratios are ratios of sums; identities per replication.
@case("metric_identities")
def case_metric_identities(ctx, _):
    import tomllib
    for rel, horizon in [(PERISHABLES, 364), ("scenarios/viral_spike.toml", 365),
                         (VALIDATION, 3650)]:
        d = Path(rel).stem
        ctx.ok("run", ctx.src(rel), "-n", "3", "--threads", "2", "--out", d, "--quiet")
        resolved = tomllib.loads((ctx.tmp / d / "scenario.resolved.toml").read_text())
        penalty = resolved.get("costs", {}).get("lost_sale_penalty", 0.0)
        nonzero = set()
        for x in load_replications(ctx.tmp / d):
            where = f"{rel} {x['policy']} replication {x['replication']}"
            parts = sum(x[m] for m in COST_PARTS)
            check(close(x["total_cost"], parts, 1e-9, 1e-6),
                  f"{where}: total_cost {x['total_cost']} != sum of the 7 parts {parts}")
            check(close(x["cost_per_day"], x["total_cost"] / horizon, 1e-9, 1e-9),
                  f"{where}: cost_per_day {x['cost_per_day']} != total_cost / {horizon}")
            # Accounting profit: revenue - purchase cost - operating costs - penalties paid;
            # the lost margin (never earned) and spoilage (paid in purchase_cost) are not in it.
            operating = parts - x["lost_sales_cost"] - x["spoilage_cost"]
            profit = (x["revenue"] - x["purchase_cost"] - operating
                      - penalty * x["lost_sales_units"])
            check(close(x["profit"], profit, 1e-9, 1e-6),
                  f"{where}: profit {x['profit']} != revenue - purchase_cost - operating costs "
                  f"- lost_sale_penalty x lost units {profit}")
            check(close(x["lost_sales_per_day"], x["lost_sales_units"] / horizon, 1e-9, 1e-12),
                  f"{where}: lost_sales_per_day != lost_sales_units / horizon")
            check(close(x["orders_per_day"], x["orders_placed"] / horizon, 1e-9, 1e-12),
                  f"{where}: orders_per_day != orders_placed / horizon")
            for m in ["fill_rate", "order_fill_rate", "cycle_service_level",
                      "stockout_time_fraction"]:
                check(x[m] is None or 0 <= x[m] <= 1, f"{where}: {m} = {x[m]} outside [0, 1]")
            check(x["fill_rate"] is not None, f"{where}: fill_rate undefined with demand")
            for m in ["units_demanded", "units_shipped", "orders_placed", "lost_sales_units",
                      "spoiled_units", "rejected_units", "lost_in_transit_units"]:
                check(x[m] >= 0 and x[m] == int(x[m]), f"{where}: {m} = {x[m]} not whole units")
            for m in METRICS:
                if x[m] is not None and x[m] != 0:
                    nonzero.add(m)
            if x["avg_customer_wait_days"] is not None and x["p95_customer_wait_days"] is not None:
                check(x["p95_customer_wait_days"] >= 0, f"{where}: negative wait")
        if rel == PERISHABLES:
            check(penalty > 0, f"{rel}: lost_sale_penalty is 0; the profit identity should "
                  "exercise it")
            for m in ["lost_sales_cost", "spoilage_cost", "spoiled_units", "lost_sales_units"]:
                check(m in nonzero, f"{rel}: {m} is zero everywhere; the identity test should "
                      "exercise it")


@case("interrupt")
def case_interrupt(ctx, _):
    out = ctx.tmp / "res"
    argv = [ctx.jitsim, "run", ctx.src(BASELINE), "-n", "2000", "--out", str(out)]
    rc, out_text, err_text, dt = _interrupted(ctx, argv, signal.SIGINT, 1.0)
    desc = (f"\n  command: jitsim run {BASELINE} -n 2000 --out DIR, SIGINT after 1 s\n"
            f"  exit: {rc}\n  stdout: {_clip(out_text)}\n  stderr: {_clip(err_text)}")
    check(rc == 130, "expected exit 130 after SIGINT" + desc)
    check(re.search(r"\b\d+ of 2000\b", err_text), "stderr should say how far it got "
          "(N of 2000 replications)" + desc)
    check(dt < 10, f"took {dt:.1f} s to stop after SIGINT" + desc)
    # No result file and no temporary: only the documented checkpoint for --resume.
    listing = dir_listing(out)
    check(listing and all(p.startswith("checkpoint") for p in listing),
          f"--out after an interrupt holds {listing}, expected only checkpoint/" + desc)
    check(out_text == "", "nothing should be printed on stdout after an interrupt" + desc)


@case("resume")
def case_resume(ctx, _):
    path = ctx.src("scenarios/supplier_shutdown.toml")
    argv = [ctx.jitsim, "run", path, "-n", "120", "--threads", "2", "--out", "res", "--quiet"]
    rc, _, err_text, _ = _interrupted(ctx, argv, signal.SIGTERM, 1.5)
    check(rc == 143, f"expected exit 143 (128 + SIGTERM) after SIGTERM, got {rc}")
    check("--resume" in err_text, f"the message should say how to resume: {err_text}")
    check((ctx.tmp / "res/checkpoint/checkpoint.toml").exists(), "no checkpoint after SIGTERM")
    ctx.ok(*argv[1:], "--resume")
    ctx.ok("run", path, "-n", "120", "--threads", "2", "--out", "full", "--quiet")
    _same_outputs(ctx, "full", "res", "an uninterrupted run and an interrupted, resumed one")
    check(not (ctx.tmp / "res/checkpoint").exists(), "the checkpoint outlived the completed run")
    # On a completed folder --resume changes nothing.
    before = {f: (ctx.tmp / "res" / f).read_bytes() for f in MC_COMPARED + ["run.json"]}
    r = ctx.ok(*argv[1:], "--resume")
    check("nothing to do" in r.err, f"--resume on a completed run: {r.err}")
    check(all((ctx.tmp / "res" / f).read_bytes() == b for f, b in before.items()),
          "--resume on a completed run changed its files")
    # A checkpoint of another scenario is refused.
    ctx.usage_error(*argv[1:], "--resume", "--seed", "99")
    # So is a completed run of other policies (same scenario, seed and -n).
    ctx.usage_error(*argv[1:], "--resume", "--policy", "jit", expect_in_err=["another run"])
    check(all((ctx.tmp / "res" / f).read_bytes() == b for f, b in before.items()),
          "a refused --resume changed the completed run's files")


# More of "files are written whole or not at all" and exit 1 for a failure while running.
@case("out_write_failure")
def case_out_write_failure(ctx, _):
    path = ctx.src(VALIDATION)
    # One of the names is taken by a folder: nothing may be written, and the message is useful.
    (ctx.tmp / "res/paired.csv/keep").mkdir(parents=True)
    r = ctx.run("run", path, "-n", "2", "--quiet", "--out", "res")
    check(r.rc == 1, "expected exit 1 (failure while running) when --out cannot be written"
          + r.describe())
    check(dir_listing(ctx.tmp / "res") == ["paired.csv", "paired.csv/keep"],
          f"a failed --out left {dir_listing(ctx.tmp / 'res')} (files are written whole or "
          "not at all)" + r.describe())
    check(not r.err.rstrip().endswith("Success"),
          "the error message gives no reason ('Success')" + r.describe())
    # --out names a file.
    (ctx.tmp / "afile").write_text("x")
    r = ctx.run("run", path, "-n", "2", "--quiet", "--out", "afile")
    check(r.rc in (1, 2), "expected exit 1 or 2 for --out naming a file" + r.describe())
    check((ctx.tmp / "afile").read_text() == "x", "--out clobbered a file")
    check(sorted(os.listdir(ctx.tmp)) == ["afile", "res"], f"stray files: {os.listdir(ctx.tmp)}")
    # Old results are replaced as a whole.
    ctx.ok("run", path, "-n", "2", "--quiet", "--out", "ok", "--seed", "1")
    ctx.ok("run", path, "-n", "3", "--quiet", "--out", "ok", "--seed", "2")
    check(set(dir_listing(ctx.tmp / "ok")) == OUT_FILES, f"{dir_listing(ctx.tmp / 'ok')}")
    check(len(load_replications(ctx.tmp / "ok")) == 3, "replications.csv not replaced")


ODD = "tests/cli/data/good/odd_names.toml"


@case("odd_names")
def case_odd_names(ctx, _):
    """Names with commas, quotes, backslashes, tabs and accents survive CSV and JSON."""
    path = ctx.src(ODD)
    name = "Caf\u00e9 \"odd\", names\\ok\tend"
    policies = ["bs, 20", 'jit "lean"', "p\u00e9riodique"]
    skus = ["item, large", 'item "small"']
    r = ctx.ok("run", path, "--format", "json", "--out", "res", "--quiet")
    doc = strict_json(r.out, r.cmd())
    check(doc["scenario"] == name, f"scenario name {doc['scenario']!r}, want {name!r}")
    check_run_json(doc, policies, 3, r.cmd())
    for f in ["summary.csv", "replications.csv", "per_sku.csv"]:
        header, rows = read_csv(ctx.tmp / "res" / f, f)
        for row in rows:
            check(len(row) == len(header), f"{f}: row {row} has {len(row)} fields, header "
                  f"{len(header)} (names not quoted?)")
            check(row[0] in policies, f"{f}: policy {row[0]!r}")
        if f == "per_sku.csv":
            check(sorted({row[1] for row in rows}) == sorted(skus), "per_sku.csv SKUs")
    _, rows = read_csv(ctx.tmp / "res/paired.csv", "paired.csv")
    check({row[0] for row in rows} == {f"{a}-vs-{b}" for i, a in enumerate(policies)
                                       for b in policies[i + 1:]}, "paired.csv pair names")
    a = ctx.ok("validate", path)
    (ctx.tmp / "again.toml").write_text(a.out)
    b = ctx.ok("validate", "again.toml")
    check(a.out == b.out, "validate round trip of odd names:\n" + _first_diff(a.out, b.out))
    # The manifests jitsim writes and reads back name the policies: shards, merged, give the
    # single run's files, and --resume recognises the completed run.
    for i in (1, 2):
        ctx.ok("run", path, "--shard", f"{i}/2", "--out", f"shard{i}", "--quiet")
    ctx.ok("merge", "shard2", "shard1", "--out", "merged", "--format", "csv")
    _same_outputs(ctx, "res", "merged", "a run and its merged shards (odd policy names)")
    r = ctx.ok("run", path, "--out", "res", "--quiet", "--resume")
    check("nothing to do" in r.err, f"--resume on a completed run with odd names: {r.err}")
    r = ctx.ok("trace", path, "--policy", "bs, 20", "-n", "3")
    header, rows = read_csv(r.out, "trace")
    bad = [row for row in rows if len(row) != 12 or row[2] not in skus]
    check(not bad, f"trace CSV: {len(bad)} rows do not parse as 12 fields with a SKU id, e.g. "
          f"{bad[:2]}; SKU ids holding a comma or quote must be quoted\n  command: {r.cmd()}")


@case("mpi_bytes")
def case_mpi_bytes(ctx, _):
    exe, env = _mpirun()
    check(exe is not None, "mpirun not found (scripts/install-deps.sh installs openmpi-bin)")
    path = ctx.src("scenarios/supplier_shutdown.toml")
    ctx.ok("run", path, "-n", "5", "--threads", "2", "--out", "single", "--quiet")
    for np in ("2", "3"):
        argv = [exe, "-np", np, ctx.jitsim, "run", path, "-n", "5", "--threads", "1",
                "--out", f"mpi{np}", "--quiet", "--format", "json"]
        p = subprocess.run(argv, cwd=ctx.tmp, env=env, capture_output=True, text=True,
                           timeout=300)
        check(p.returncode == 0, f"{' '.join(argv)} exited {p.returncode}: {_clip(p.stderr)}")
        check(p.stdout.count('"jitsim_version"') == 1, "under mpirun only rank 0 should print")
        _same_outputs(ctx, "single", f"mpi{np}", f"one process and mpirun -np {np}")
    # A sweep under mpirun prints what a local sweep prints.
    sweep = ["sweep", ctx.src(VALIDATION), "--param", "costs.backorder_cost_per_unit_day",
             "--values", "0.5,1", "-n", "4", "--format", "csv", "--quiet"]
    local = ctx.ok(*sweep).out
    p = subprocess.run([exe, "-np", "2", ctx.jitsim, *sweep], cwd=ctx.tmp, env=env,
                       capture_output=True, text=True, timeout=300)
    check(p.returncode == 0 and p.stdout == local, "mpirun -np 2 sweep differs from a local one")


@case("paired_narrower")
def case_paired_narrower(ctx, _):
    # Common random numbers: policies see the same demand, lead times and shocks, so the
    # paired difference varies far less than two independent runs would.
    ctx.ok("run", ctx.src("scenarios/supplier_shutdown.toml"), "-n", "20", "--out", "o",
           "--quiet")
    summary = {(r["policy"], r["metric"]): r for r in read_dicts(ctx.tmp / "o/summary.csv")}
    paired = {(r["pair"], r["metric"]): r for r in read_dicts(ctx.tmp / "o/paired.csv")}
    for a, b in [("jit", "jic"), ("jit", "hybrid"), ("jic", "hybrid")]:
        pr = paired[(f"{a}-vs-{b}", "total_cost")]
        paired_half = (float(pr["ci95_high"]) - float(pr["ci95_low"])) / 2
        sa, sb = float(summary[(a, "total_cost")]["sd"]), float(summary[(b, "total_cost")]["sd"])
        unpaired_half = 2.024 * math.sqrt(sa * sa / 20 + sb * sb / 20)  # t(0.975, 38)
        check(paired_half < 0.5 * unpaired_half,
              f"{a}-vs-{b}: paired half-width {paired_half:.1f} is not much narrower than the "
              f"unpaired {unpaired_half:.1f}")


@case("target_ci")
def case_target_ci(ctx, _):
    path = ctx.src(PERISHABLES)
    r = ctx.ok("run", path, "-n", "5", "--target-ci", "0.01", "--max-replications", "400",
               "--format", "json", "--quiet")
    doc = strict_json(r.out, "--target-ci json")
    k = doc["replications"]
    check(k % 5 == 0 and 5 < k <= 400, f"--target-ci used {k} replications (batches of 5)")

    def precise(d):
        return all(abs(p["total_cost"]["ci95_high"] - p["total_cost"]["ci95_low"]) / 2
                   <= 0.01 * abs(p["total_cost"]["mean"]) for p in d["policies"].values())

    check(precise(doc) or k == 400, "stopped before every policy's interval was within 1 %")
    before = strict_json(ctx.ok("run", path, "-n", str(k - 5), "--format", "json",
                                "--quiet").out, "json")
    check(k == 400 or not precise(before),
          f"{k - 5} replications were already precise enough: --target-ci overshot")
    # The same replications as a plain run of k: identical numbers.
    plain = strict_json(ctx.ok("run", path, "-n", str(k), "--format", "json", "--quiet").out, "")
    # (The header's scenario_sha256 differs: the resolved scenario says -n 5.)
    check(plain["policies"] == doc["policies"] and plain["paired"] == doc["paired"],
          "--target-ci run differs from a plain run of as many replications")


@case("timeseries")
def case_timeseries(ctx, _):
    path = ctx.src("scenarios/supplier_shutdown.toml")
    ctx.ok("run", path, "-n", "3", "--timeseries", "daily", "--out", "ts", "--quiet")
    resolved = (ctx.tmp / "ts/scenario.resolved.toml").read_text()
    horizon = int(float(re.search(r"horizon_days = ([0-9.]+)", resolved).group(1)))
    policies = scenario_ids(resolved, "policies", "name")
    rows = read_dicts(ctx.tmp / "ts/timeseries.csv")
    check(list(rows[0].keys()) == ["day", "policy", "replication", "on_hand", "backlog",
                                   "on_order", "fill_rate", "cost", "working_capital"],
          "timeseries.csv header")
    check(len(rows) == len(policies) * 3 * horizon,
          f"timeseries.csv: {len(rows)} rows, expected policies x 3 x {horizon}")
    # The daily costs add up to each replication's total_cost.
    reps = {(r["policy"], r["replication"]): float(r["total_cost"])
            for r in read_dicts(ctx.tmp / "ts/replications.csv")}
    sums = {}
    for r in rows:
        key = (r["policy"], r["replication"])
        sums[key] = sums.get(key, 0.0) + float(r["cost"])
    for key, total in reps.items():
        check(close(sums[key], total, rel=1e-6), f"{key}: daily costs sum to {sums[key]}, "
              f"total_cost is {total}")
    summary = read_dicts(ctx.tmp / "ts/timeseries_summary.csv")
    check(list(summary[0].keys()) == ["day", "policy", "metric", "p05", "p50", "p95", "mean"],
          "timeseries_summary.csv header")
    check(len(summary) == horizon * len(policies) * 6, "timeseries_summary.csv row count")
    ctx.usage_error("run", path, "-n", "2", "--timeseries", "daily")  # needs --out
