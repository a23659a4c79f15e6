# File: tests/cli/cases_merge.py
# `jitsim merge`: shards of a run or of a sweep give the single process's files.
# Exec'd inside cli_test.py's namespace (case, check, Ctx helpers, VALIDATION, ...).

@case("shard_merge")
def case_shard_merge(ctx, _):
    path = ctx.src("scenarios/supplier_shutdown.toml")   # random shocks, 4 policies, 30 SKUs
    ctx.ok("run", path, "-n", "7", "--out", "single", "--quiet")
    for i in (1, 2, 3):
        ctx.ok("run", path, "-n", "7", "--shard", f"{i}/3", "--out", f"shard{i}", "--quiet")
    # In any order on the command line.
    ctx.ok("merge", "shard2", "shard3", "shard1", "--out", "merged", "--format", "json")
    _same_outputs(ctx, "single", "merged", "a single run and merged shards 1/3..3/3")
    # A missing shard is refused.
    ctx.usage_error("merge", "shard1", "shard3", "--out", "partial")
    check(not (ctx.tmp / "partial").exists() or dir_listing(ctx.tmp / "partial") == [],
          "merge of incomplete shards wrote files")
    # A damaged manifest is reported at its line and column (exit 2), as a scenario file is.
    manifest = ctx.tmp / "shard2/manifest.toml"
    manifest.write_text(manifest.read_text() + "broken = [\n")
    lines = manifest.read_text().count("\n")  # the broken line is the last
    ctx.usage_error("merge", "shard1", "shard2", "shard3", "--out", "damaged",
                    expect_in_err=[f"shard2/manifest.toml:{lines}:", ": error: "])


@case("sweep_shard_merge")
def case_sweep_shard_merge(ctx, _):
    grid = ["sweep", ctx.src(VALIDATION), "--param", "costs.backorder_cost_per_unit_day",
            "--values", "0.5,1", "--param", "costs.holding_rate_per_year", "--range",
            "0.2:0.3:0.1", "-n", "5", "--quiet"]
    ctx.ok(*grid, "--out", "single")
    for i in (1, 2, 3):
        ctx.ok(*grid, "--shard", f"{i}/3", "--out", f"shard{i}")
    ctx.ok("merge", "shard3", "shard1", "shard2", "--out", "merged")
    for f in ("curves.csv", "scenario.resolved.toml"):
        check((ctx.tmp / "single" / f).read_bytes() == (ctx.tmp / "merged" / f).read_bytes(),
              f"{f} of merged sweep shards differs from a single sweep")
    strip = lambda s: re.sub(r'"wall_seconds": [^,}]*', "", s)
    check(strip((ctx.tmp / "single/sweep.json").read_text()) ==
          strip((ctx.tmp / "merged/sweep.json").read_text()),
          "sweep.json of merged shards differs from a single sweep (beyond wall_seconds)")
