# File: tests/cli/cases_validate.py
# `jitsim validate` and scenario files: every example validates and runs, validate's
# output validates to itself, bad files give located errors (exit 2, nothing written) for
# every command, and warnings stay warnings.
# Exec'd inside cli_test.py's namespace (case, check, Ctx helpers, VALIDATION, ...).

# Every example scenario validates and runs with the invariant checks on.
@argument_case("scenario")
def case_scenario(ctx, rel):
    path = ctx.src(Path("scenarios") / rel)
    check(Path(path).is_file(), f"no such scenario {path}")
    r = ctx.run("validate", path)
    check(r.rc == 0, "validate must accept every example scenario" + r.describe())
    check("error:" not in r.err, "validate printed an error line" + r.describe())
    check(r.out.strip() != "", "validate printed no resolved scenario" + r.describe())
    t0 = time.monotonic()
    r = ctx.run("run", path, "-n", "2", "--threads", "2", "--check-invariants", "--quiet",
                "--format", "json")
    check(r.rc == 0, "run -n 2 --check-invariants must succeed" + r.describe())
    check("error:" not in r.err, "run printed an error line" + r.describe())
    doc = strict_json(r.out, r.cmd())
    policies = scenario_ids(ctx.ok("validate", path).out, "policies", "name")
    check(policies, f"found no [[policies]] in validate's output for {rel}")
    check_run_json(doc, policies, 2, r.cmd())
    dt = time.monotonic() - t0
    check(dt < 30, f"{r.cmd()} took {dt:.1f} s; example scenarios must run -n 2 in well under 30 s")


# validate's output is a scenario that validates to itself.
@case("validate_round_trip")
def case_validate_round_trip(ctx, _):
    work = ctx.tmp / "scenarios"
    shutil.copytree(ctx.source / "scenarios", work)
    files = sorted(p for p in work.rglob("*.toml"))
    check(files, "no scenario files found")
    for f in files:
        rel = f.relative_to(ctx.tmp)
        first = ctx.ok("validate", rel)
        again_path = f.with_name(f.stem + ".roundtrip.toml")   # next to it: CSV paths resolve
        again_path.write_text(first.out)
        second = ctx.ok("validate", again_path.relative_to(ctx.tmp))
        check(second.out == first.out,
              f"validate of validate's output differs for {rel}:\n" +
              _first_diff(first.out, second.out))
        check("error:" not in second.err, f"round trip of {rel} printed errors" + second.describe())
    # The resolved file is the same scenario: same hash, same numbers.
    for rel in [VALIDATION, PERISHABLES]:
        orig = Path(rel)
        rt = orig.with_name(orig.stem + ".roundtrip.toml")
        a = strict_json(ctx.ok("run", orig, "-n", "2", "--threads", "1", "--format", "json").out,
                        "run original")
        b = strict_json(ctx.ok("run", rt, "-n", "2", "--threads", "1", "--format", "json").out,
                        "run round-tripped")
        check(without_wall(a) == without_wall(b),
              f"running the resolved scenario of {rel} gives different results than the original")


# Bad files: exit 2, located error lines, nothing on stdout, nothing in --out.

# name -> (file, first-error file as typed, line, col, substrings of the first message)
BAD_FILES = {
    "unknown_key": ("bad/unknown_key.toml", "bad/unknown_key.toml", 5, 1,
                    ["lead_time_day", "did you mean 'lead_time_days'"]),
    "wrong_type": ("bad/wrong_type.toml", "bad/wrong_type.toml", 4, 16,
                   ["scenario.horizon_days", "string"]),
    "dangling_reference": ("bad/dangling_reference.toml", "bad/dangling_reference.toml", 5, 12,
                           ["shenzen", "did you mean 'shenzhen'"]),
    "empty": ("bad/empty.toml", "bad/empty.toml", 1, 1, ["empty"]),
    "binary": ("bad/binary.toml", "bad/binary.toml", 2, 17, ["binary"]),
    "missing_extends": ("bad/missing_extends.toml", "bad/missing_extends.toml", 3, 11,
                        ["extends", "no_such_base.toml"]),
    "error_in_base": ("bad/error_in_base.toml", "bad/_broken_base.toml", 4, 11,
                      ["warehouse.pickers"]),
    "extends_cycle": ("bad/cycle_a.toml", "bad/cycle_b.toml", 2, 11, ["cycle"]),
    "invalid_utf8": ("bad/invalid_utf8.toml", "bad/invalid_utf8.toml", 2, 12, ["UTF-8"]),
    "parse_error": ("bad/parse_error.toml", "bad/parse_error.toml", 3, 21, []),
    "csv_unknown_column": ("bad/csv_unknown_column.toml", "bad/unknown_column.csv", 1, 37,
                           ["did you mean 'demand.orders_per_day'"]),
    "duplicate_id": ("bad/duplicate_id.toml", "bad/duplicate_id.toml", 8, 6, ["duplicate"]),
    "several_problems": ("bad/several_problems.toml", "bad/several_problems.toml", 4, 16,
                         ["horizon_days"]),
    # Our own, in tests/cli/data/.
    "unknown_key_inline": ("bad/cli_unknown_key_inline.toml", "bad/cli_unknown_key_inline.toml",
                           6, 12, ["orders_per_dy", "did you mean 'orders_per_day'"]),
    "unknown_key_scenario": ("bad/cli_unknown_key_scenario.toml",
                             "bad/cli_unknown_key_scenario.toml", 4, 1,
                             ["did you mean 'replications'"]),
    "policy_kind_typo": ("bad/cli_policy_kind_typo.toml", "bad/cli_policy_kind_typo.toml", 5, 8,
                         ["did you mean 'base_stock'"]),
    "wrong_type_bool": ("bad/cli_wrong_type_bool.toml", "bad/cli_wrong_type_bool.toml", 4, 20,
                        ["costs.pipeline_holding", "string"]),
    "wrong_type_array": ("bad/cli_wrong_type_array.toml", "bad/cli_wrong_type_array.toml", 5, 16,
                         ["carriers.ocean.transit_days", "array"]),
    "dangling_shock_target": ("bad/cli_dangling_shock.toml", "bad/cli_dangling_shock.toml", 6, 11,
                              ["did you mean 'ocean'"]),
    "missing_extends_in_base": ("bad/cli_extends_broken_chain.toml",
                                "bad/cli_base_missing_extends.toml", 2, 11,
                                ["extends", "nowhere/base.toml"]),
    "comments_only": ("bad/cli_comments_only.toml", "bad/cli_comments_only.toml", 1, 1,
                      ["[scenario]"]),
    "duplicate_key": ("bad/cli_duplicate_key.toml", "bad/cli_duplicate_key.toml", 3, 16,
                      ["horizon_days"]),
    # Generated in the test folder (see _make_generated).
    "gzip_file": ("bad/gen_gzip.toml", "bad/gen_gzip.toml", 1, None, []),
    "utf16_file": ("bad/gen_utf16.toml", "bad/gen_utf16.toml", 1, 1, []),
    "missing_file": ("bad/no_such_file.toml", "bad/no_such_file.toml", 1, 1, ["no_such_file"]),
    "directory": ("bad", "bad", 1, 1, ["directory"]),
}


EXPECTED_ERROR_COUNT = {"several_problems": 5}


def _bad_file_commands(path, out):
    # No -n/--seed here: those are --set overrides and would replace a bad value of the file
    # (replications = 0) instead of reporting it. bad_file_with_flags covers them.
    return [
        ["validate", path],
        ["run", path, "--quiet", "--out", out],
        ["run", path, "--format", "json", "--out", out],
        ["sweep", path, "--param", "scenario.seed", "--values", "1,2", "--out", out],
        ["trace", path, "--policy", "jit"],
    ]


@case_family("bad", BAD_FILES)
def case_bad(ctx, name):
    path, first_file, line, col, subs = BAD_FILES[name]
    _prepare_bad(ctx)
    out = ctx.tmp / "out"
    for argv in _bad_file_commands(path, "out"):
        r = ctx.run(*argv, timeout=60)
        check_error_output(r, first_file, line, col, subs, EXPECTED_ERROR_COUNT.get(name))
        check(dir_listing(out) == [], f"{r.cmd()} left files in --out: {dir_listing(out)}")


@case("bad_catalogue")
def case_bad_catalogue(ctx, _):
    """Every file of tests/data/bad/ (except the valid base) fails cleanly, for every command."""
    bad = _prepare_bad(ctx)
    files = sorted(p.name for p in bad.glob("*.toml") if p.name != "_base.toml")
    check(len(files) > 30, f"only {len(files)} bad files found")
    out = ctx.tmp / "out"
    for f in files:
        for argv in _bad_file_commands(f"bad/{f}", "out")[:2]:
            r = ctx.run(*argv, timeout=60)
            check_error_output(r)
            m = ERROR_LINE.match(r.err.splitlines()[0])
            check(m.group("file").startswith("bad/"),
                  f"error names {m.group('file')!r}, not the path as typed" + r.describe())
            check(dir_listing(out) == [], f"{r.cmd()} left files in --out: {dir_listing(out)}")


@case("bad_file_with_flags")
def case_bad_file_with_flags(ctx, _):
    """Good flags on a bad file: the errors still name the file, not the command line."""
    _prepare_bad(ctx)
    for f in ["bad/cli_comments_only.toml", "bad/missing_required.toml", "bad/wrong_type.toml"]:
        for flags in (["-n", "2"], ["--seed", "3", "--warmup-days", "10"]):
            r = ctx.run("run", f, *flags, "--out", "out")
            check_error_output(r)
            lines = r.err.splitlines()
            check(all(ln.startswith(f + ":") for ln in lines),
                  f"every problem is in {f} (the flags are valid), but some error lines name "
                  "another place" + r.describe())
            check(dir_listing(ctx.tmp / "out") == [], "files left in --out")


@case("warmup_warning")
def case_warmup_warning(ctx, _):
    """A warm-up shorter than 2 x lead time + review period is a warning, not an error."""
    path = ctx.src(VALIDATION)   # lead time 4: needs 8 days
    r = ctx.ok("validate", path, "--warmup-days", "0")
    lines = r.err.splitlines()
    check(any(re.match(r"^.+:\d+:\d+: warning: .*warmup_days", ln) for ln in lines),
          "expected a located 'warning:' about warmup_days" + r.describe())
    check("error:" not in r.err, "a warning is not an error" + r.describe())
    r = ctx.ok("run", path, "-n", "2", "--warmup-days", "3", "--quiet")
    check("warning:" in r.err, "run should warn about the short warm-up too" + r.describe())
    r = ctx.ok("validate", path)   # 50 days: no warning
    check(r.err == "", "no warning expected with warmup_days = 50" + r.describe())
