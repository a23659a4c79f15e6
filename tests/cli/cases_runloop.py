# Run loop: memory that does not grow with -n, interrupts within a second (even inside one
# long replication, while loading, while merging), and MPI batches with --target-ci.
# Exec'd inside cli_test.py's namespace: @case, check, ctx, _interrupted, _same_outputs, ...

# Two base-stock policies over a two-day horizon: a replication takes microseconds, so large
# replication counts are cheap. {extra} adds keys to [scenario] or whole tables.
_TINY = """{top}
[scenario]
name = "tiny"
horizon_days = {horizon}
warmup_days = 3
seed = 3
replications = 10

[[suppliers]]
id = "s"
lead_time_days = 1

[[carriers]]
id = "c"
transit_days = 0.5
{skus}
[[policies]]
name = "low"
kind = "base_stock"
level = 2

[[policies]]
name = "high"
kind = "base_stock"
level = 5
"""
_ONE_SKU = """
[[skus]]
id = "a"
unit_cost = 1.0
price = 2.0
supplier = "s"
carrier = "c"
demand = {{ orders_per_day = {rate} }}
"""


def _tiny(ctx, name, horizon=2, rate=3, top="", skus=None):
    path = ctx.tmp / name
    path.write_text(_TINY.format(top=top, horizon=horizon,
                                 skus=_ONE_SKU.format(rate=rate) if skus is None else skus))
    return str(path)


def _peak_rss_kb(ctx, *args):
    """Runs jitsim and returns (exit code, stderr, its own peak resident set in KiB)."""
    argv = [ctx.jitsim] + [str(a) for a in args]
    proc = subprocess.Popen(argv, cwd=ctx.tmp, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)   # this child's rusage alone
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, err, usage.ru_maxrss


def _type7(values, p):
    """Quantile p of `values`, type 7 (linear between order statistics), computed here."""
    xs = sorted(values)
    h = (len(xs) - 1) * p
    lo = math.floor(h)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (h - lo) * (xs[hi] - xs[lo])


@case("memory_flat_in_n")
def case_memory_flat_in_n(ctx, _):
    """Peak memory does not grow with the replication count (rows spill to a temporary file
    and summaries read it column by column), and the quantiles stay exact."""
    path = _tiny(ctx, "tiny.toml")
    peaks = {}
    for n in (20000, 200000):
        rc, err, peak = _peak_rss_kb(ctx, "run", path, "-n", n, "--threads", "2", "--quiet",
                                     "--out", f"o{n}", "--format", "json")
        check(rc == 0, f"jitsim run -n {n} exited {rc}: {_clip(err)}")
        peaks[n] = peak
    grow = (peaks[200000] - peaks[20000]) / 1024
    check(grow < 4, f"peak RSS grew by {grow:.1f} MiB from -n 20000 ({peaks[20000]} KiB) to "
          f"-n 200000 ({peaks[200000]} KiB): memory must not grow with the replication count")
    # The summary's quantiles and moments against replications.csv, computed independently.
    reps = read_dicts(ctx.tmp / "o200000/replications.csv")
    check(len(reps) == 2 * 200000, f"replications.csv has {len(reps)} rows, want 2 x 200000")
    summary = {(r["policy"], r["metric"]): r for r in read_dicts(ctx.tmp / "o200000/summary.csv")}
    for policy in ("low", "high"):
        for metric in ("total_cost", "fill_rate", "avg_on_hand_units", "orders_placed"):
            xs = [float(r[metric]) for r in reps if r["policy"] == policy and r[metric] != ""]
            row = summary[(policy, metric)]
            check(int(row["n"]) == len(xs), f"{policy} {metric}: n {row['n']} != {len(xs)}")
            for key, p in (("p05", 0.05), ("p50", 0.5), ("p95", 0.95)):
                want = _type7(xs, p)
                check(close(float(row[key]), want, rel=1e-12, abs_tol=1e-12),
                      f"{policy} {metric} {key}: summary.csv says {row[key]}, the "
                      f"replications give {want!r}")
            mean = math.fsum(xs) / len(xs)
            check(close(float(row["mean"]), mean, rel=1e-9),
                  f"{policy} {metric} mean {row['mean']} != {mean}")


@case("target_ci_cap")
def case_target_ci_cap(ctx, _):
    """--target-ci's default maximum (100 batches) stops at the 10,000,000 replication limit."""
    path = _tiny(ctx, "tiny.toml")
    argv = [ctx.jitsim, "run", path, "-n", "200000", "--target-ci", "1e-9", "--quiet"]
    rc, _, err, _ = _interrupted(ctx, argv, signal.SIGINT, 1.0)
    check(rc == 130, f"expected exit 130 after SIGINT, got {rc}: {_clip(err)}")
    check(re.search(r"\bof 10000000\b", err),
          f"the default --target-ci maximum should be 10000000 replications: {_clip(err)}")


def _long_replication(ctx):
    # 1,000 orders a day for 900,000 days: one replication runs for many minutes.
    return [ctx.jitsim, "run", _tiny(ctx, "long.toml", horizon=900000, rate=1000), "-n", "2",
            "--threads", "1", "--quiet"]


@case("interrupt_long_replication")
def case_interrupt_long_replication(ctx, _):
    """SIGINT, SIGTERM and SIGHUP stop one long replication within a second, with exit
    128 + signal; the unfinished replication is dropped."""
    for sig, code in ((signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)):
        out = ctx.tmp / f"out-{code}"
        argv = _long_replication(ctx) + ["--out", str(out)]
        rc, out_text, err, dt = _interrupted(ctx, argv, sig, 1.5)
        what = f"{signal.Signals(sig).name} during one 900,000-day replication"
        check(rc == code, f"{what}: exit {rc}, want {code}; stderr: {_clip(err)}")
        check(dt < 2.0, f"{what}: took {dt:.2f} s to stop (limit 1 s, with slack)")
        check(out_text == "", f"{what}: printed on stdout: {_clip(out_text)}")
        check(re.search(r"\b0 of 2\b", err), f"{what}: should report 0 of 2 done: {_clip(err)}")
        listing = dir_listing(out)
        check(all(p.startswith("checkpoint") for p in listing),
              f"{what}: --out holds {listing}, expected only checkpoint/")


@case("interrupt_second_signal")
def case_interrupt_second_signal(ctx, _):
    """A second signal ends the process at once."""
    argv = _long_replication(ctx)
    proc = subprocess.Popen(argv, cwd=ctx.tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        time.sleep(1.0)
        check(proc.poll() is None, f"jitsim ended early (exit {proc.returncode})")
        proc.send_signal(signal.SIGINT)
        proc.send_signal(signal.SIGTERM)
        t0 = time.monotonic()
        _, err = proc.communicate(timeout=30)
        dt = time.monotonic() - t0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    check(proc.returncode in (130, 143), f"exit {proc.returncode} after two signals: {err}")
    check(dt < 2.0, f"took {dt:.2f} s to stop after a second signal")


@case("interrupt_sighup_resume")
def case_interrupt_sighup_resume(ctx, _):
    """SIGHUP (a closed terminal) keeps the finished replications for --resume, like SIGINT."""
    path = _tiny(ctx, "tiny.toml")
    argv = [ctx.jitsim, "run", path, "-n", "200000", "--threads", "2", "--out", "res", "--quiet"]
    rc, _, err, dt = _interrupted(ctx, argv, signal.SIGHUP, 1.0)
    check(rc == 129, f"expected exit 129 after SIGHUP, got {rc}: {_clip(err)}")
    check(dt < 2.0, f"took {dt:.2f} s to stop after SIGHUP")
    check((ctx.tmp / "res/checkpoint/checkpoint.toml").exists(),
          f"no checkpoint after SIGHUP: {dir_listing(ctx.tmp / 'res')}")
    check("--resume" in err, f"the message should say how to resume: {_clip(err)}")
    ctx.ok(*argv[1:], "--resume")
    ctx.ok("run", path, "-n", "200000", "--threads", "2", "--out", "full", "--quiet")
    _same_outputs(ctx, "full", "res", "an uninterrupted run and one resumed after SIGHUP")


@case("interrupt_load")
def case_interrupt_load(ctx, _):
    """A slow load (100,000 SKUs from a CSV) stops at once on a signal, exit 128 + signal."""
    rows = ["id,unit_cost,price,supplier,carrier,demand.orders_per_day"]
    rows += [f"sku-{i},1.5,3,s,c,0.5" for i in range(100000)]
    (ctx.tmp / "skus.csv").write_text("\n".join(rows) + "\n")
    path = _tiny(ctx, "big.toml", top='skus_file = "skus.csv"', skus="")
    for sig, code in ((signal.SIGTERM, 143), (signal.SIGINT, 130)):
        argv = [ctx.jitsim, "run", path, "-n", "1", "--quiet", "--out", f"o{code}"]
        rc, out_text, err, dt = _interrupted(ctx, argv, sig, 0.3)
        check(rc == code, f"{signal.Signals(sig).name} while loading: exit {rc}, want {code}: "
              f"{_clip(err)}")
        check(dt < 1.5, f"took {dt:.2f} s to stop while loading")
        check(out_text == "" and dir_listing(ctx.tmp / f"o{code}") == [],
              "an interrupted load wrote output")


@case("interrupt_merge")
def case_interrupt_merge(ctx, _):
    """merge stops within a second on a signal and leaves no partial output."""
    path = _tiny(ctx, "tiny.toml")
    for i in (1, 2):
        ctx.ok("run", path, "-n", "100000", "--shard", f"{i}/2", "--out", f"shard{i}", "--quiet")
    t0 = time.monotonic()
    ctx.ok("merge", "shard1", "shard2", "--out", "whole", "--format", "csv")
    took = time.monotonic() - t0
    check(took > 1.5, f"merge took only {took:.2f} s: too fast to interrupt in this test")
    for sig, code, after in ((signal.SIGTERM, 143, 0.5), (signal.SIGINT, 130, 0.4 * took)):
        out = ctx.tmp / f"merged-{code}"
        argv = [ctx.jitsim, "merge", "shard1", "shard2", "--out", str(out)]
        rc, out_text, err, dt = _interrupted(ctx, argv, sig, after)
        what = f"{signal.Signals(sig).name} {after:.1f} s into merge"
        check(rc == code, f"{what}: exit {rc}, want {code}: {_clip(err)}")
        check(dt < 2.0, f"{what}: took {dt:.2f} s to stop")
        check(out_text == "", f"{what}: printed {_clip(out_text)}")
        check(dir_listing(out) == [], f"{what}: left {dir_listing(out)}")


@case("mpi_target_ci")
def case_mpi_target_ci(ctx, _):
    """mpirun with --target-ci finishes (every rank follows rank 0's decision to go on) and
    writes the bytes of the single-process run."""
    exe, env = _mpirun()
    check(exe is not None, "mpirun not found (scripts/install-deps.sh installs openmpi-bin)")
    path = ctx.src(PERISHABLES)
    common = ["run", path, "-n", "5", "--target-ci", "0.002", "--max-replications", "60",
              "--quiet", "--threads", "1"]
    single = ctx.ok(*common, "--out", "single", "--format", "json")
    k = strict_json(single.out, "json")["replications"]
    check(k > 5, f"the single run stopped after {k} replications: the test needs batches")
    for np in ("2", "3"):
        argv = [exe, "-np", np, ctx.jitsim, *common, "--out", f"mpi{np}"]
        try:
            p = subprocess.run(argv, cwd=ctx.tmp, env=env, capture_output=True, text=True,
                               timeout=90)
        except subprocess.TimeoutExpired:
            raise Failure(f"mpirun -np {np} jitsim run ... --target-ci hangs")
        check(p.returncode == 0, f"{' '.join(argv)} exited {p.returncode}: {_clip(p.stderr)}")
        _same_outputs(ctx, "single", f"mpi{np}", f"one process and mpirun -np {np} --target-ci")


@case("spill_dir_unusable")
def case_spill_dir_unusable(ctx, _):
    """A run whose values must spill, with no usable $TMPDIR, fails cleanly (exit 1, the folder
    named, nothing written) instead of growing in memory."""
    path = _tiny(ctx, "tiny.toml")
    argv = [ctx.jitsim, "run", path, "-n", "40000", "--threads", "2", "--quiet", "--out", "o"]
    env = dict(os.environ, TMPDIR=str(ctx.tmp / "missing"))
    p = subprocess.run(argv, cwd=ctx.tmp, env=env, capture_output=True, text=True, timeout=120)
    check(p.returncode == 1, f"exit {p.returncode}, want 1: {_clip(p.stderr)}")
    check("missing" in p.stderr and "temporary file" in p.stderr,
          f"the message should name the temporary folder: {_clip(p.stderr)}")
    check(p.stdout == "" and dir_listing(ctx.tmp / "o") == [], "a failed run wrote output")
