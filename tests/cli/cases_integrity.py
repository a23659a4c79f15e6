# Output folders, checkpoints and shards as verifiable sets (manifest.toml written last with
# each file's size and SHA-256 and the run's identity); input identity by content; merge in
# any order with empty shards and relative trace paths; write failures that say why.
# Exec'd inside cli_test.py's namespace (case, check, ctx helpers, VALIDATION, ...).

import hashlib
import resource


def _manifest_files(folder):
    """{name: (size, sha256)} of DIR/manifest.toml's [[files]] (written by toml++: one key a
    line, single-quoted strings)."""
    text = (Path(folder) / "manifest.toml").read_text()
    files = {}
    for block in text.split("[[files]]")[1:]:
        name = re.search(r"name = '([^']*)'", block).group(1)
        size = int(re.search(r"size = (\d+)", block).group(1))
        sha = re.search(r"sha256 = '([0-9a-f]{64})'", block).group(1)
        files[name] = (size, sha)
    return files


def _reseal(folder, name):
    """Rewrites the manifest entry of `name` to the file's current size and hash: a forged
    manifest, so that the reader's own row checks are what must refuse the file."""
    path = Path(folder) / "manifest.toml"
    data = (Path(folder) / name).read_bytes()
    blocks = path.read_text().split("[[files]]")
    for i, block in enumerate(blocks[1:], 1):
        if f"name = '{name}'" in block:
            block = re.sub(r"size = \d+", f"size = {len(data)}", block)
            block = re.sub(r"sha256 = '[0-9a-f]{64}'",
                           f"sha256 = '{hashlib.sha256(data).hexdigest()}'", block)
            blocks[i] = block
    path.write_text("[[files]]".join(blocks))


def _trace_scenario(ctx, folder="inputs", horizon=300):
    """The validation scenario with a trace demand (data/history.csv, relative to the file)
    and a short horizon; returns the scenario's path relative to ctx.tmp."""
    src = (ctx.source / VALIDATION).read_text()
    src = src.replace("horizon_days = 3650", f"horizon_days = {horizon}")
    src = src.replace("demand = { orders_per_day = 5, order_size = 1 }",
                      'demand = { trace = "data/history.csv", column = "item", noise = "poisson" }')
    src = src[:src.rindex("[sweep]")]
    base = ctx.tmp / folder
    (base / "data").mkdir(parents=True, exist_ok=True)
    (base / "trace_run.toml").write_text(src)
    (base / "data/history.csv").write_text(
        "day,item\n" + "".join(f"{d},{5 + d % 3}\n" for d in range(horizon + 100)))
    return f"{folder}/trace_run.toml"


@case("integrity_out_manifest")
def case_integrity_out_manifest(ctx, _):
    path = ctx.src(VALIDATION)
    run = ["run", path, "-n", "3", "--quiet", "--out", "res"]
    ctx.ok(*run)
    files = _manifest_files(ctx.tmp / "res")
    check(set(files) == OUT_FILES - {"manifest.toml"},
          f"manifest.toml lists {sorted(files)}, want the six result files")
    for name, (size, sha) in files.items():
        data = (ctx.tmp / "res" / name).read_bytes()
        check(len(data) == size and hashlib.sha256(data).hexdigest() == sha,
              f"manifest.toml: wrong size or SHA-256 for {name}")
    text = (ctx.tmp / "res/manifest.toml").read_text()
    check("kind = 'run'" in text and "[identity]" in text and VALIDATION.split("/")[-1] in text,
          f"manifest.toml lacks kind, identity or the scenario among its inputs:\n{text}")
    r = ctx.ok(*run, "--resume")
    check("nothing to do" in r.err, f"--resume on an intact completed run: {r.err}")
    ctx.ok("report", "res", "--quiet")
    pristine = {f: (ctx.tmp / "res" / f).read_bytes() for f in OUT_FILES}

    def restore():
        for f, b in pristine.items():
            (ctx.tmp / "res" / f).write_bytes(b)

    # An edited file (same size: only the hash tells), a file of another run, a torn set.
    other = ["run", path, "-n", "3", "--quiet", "--seed", "8", "--out", "other"]
    ctx.ok(*other)
    edited = bytearray(pristine["replications.csv"])
    edited[-3] = ord("7") if edited[-3] != ord("7") else ord("8")
    tampers = {
        "edited": ("replications.csv", bytes(edited)),
        "mixed": ("replications.csv", (ctx.tmp / "other/replications.csv").read_bytes()),
        "truncated": ("summary.csv", pristine["summary.csv"][:100]),
    }
    for what, (name, content) in tampers.items():
        restore()
        (ctx.tmp / "res" / name).write_bytes(content)
        ctx.usage_error(*run, "--resume", expect_in_err=[f"res/{name}", "afresh"])
        ctx.usage_error("report", "res", expect_in_err=[f"res/{name}"])
    restore()
    (ctx.tmp / "res/per_sku.csv").unlink()
    ctx.usage_error(*run, "--resume", expect_in_err=["res/per_sku.csv", "missing"])
    restore()
    (ctx.tmp / "res/manifest.toml").unlink()   # what a kill during the renames leaves
    ctx.usage_error(*run, "--resume", expect_in_err=["res/manifest.toml", "not a complete"])
    ctx.usage_error("report", "res", expect_in_err=["manifest.toml"])
    # A known file the set does not list (left by another write) is refused too.
    ctx.ok(*run)
    (ctx.tmp / "res/timeseries.csv").write_text("policy,replication,day\n")
    ctx.usage_error(*run, "--resume", expect_in_err=["res/timeseries.csv", "not one of"])
    # A new run replaces the whole set: files of the old set it does not write are removed.
    ctx.ok("run", path, "-n", "2", "--quiet", "--out", "ts", "--timeseries", "daily")
    check((ctx.tmp / "ts/timeseries.csv").exists(), "no timeseries.csv with --timeseries")
    ctx.ok("run", path, "-n", "2", "--quiet", "--out", "ts")
    check(set(dir_listing(ctx.tmp / "ts")) == OUT_FILES,
          f"a run over a --timeseries folder left {dir_listing(ctx.tmp / 'ts')}")
    ctx.ok("report", "ts", "--quiet")
    # Sweep folders are sets as well.
    ctx.ok("sweep", path, "--param", "policies.base-stock.level", "--values", "24,25", "-n", "2",
           "--quiet", "--out", "sw")
    check(set(_manifest_files(ctx.tmp / "sw")) == {"curves.csv", "sweep.json",
                                                   "scenario.resolved.toml"},
          f"sweep manifest lists {sorted(_manifest_files(ctx.tmp / 'sw'))}")
    ctx.ok("report", "sw", "--quiet")
    with open(ctx.tmp / "sw/curves.csv", "a") as f:
        f.write("x\n")
    ctx.usage_error("report", "sw", expect_in_err=["sw/curves.csv"])


# A stand-in for SIGKILL at an exact moment: killed just before the Nth rename(2).
_KILL_SHIM = r"""
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdlib.h>
static int count;
int rename(const char *from, const char *to) {
  static int (*real)(const char *, const char *);
  if (!real) real = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
  const char *at = getenv("JITSIM_TEST_KILL_AT_RENAME");
  if (at && ++count == atoi(at)) raise(SIGKILL);
  return real(from, to);
}
"""


def _kill_shim(ctx):
    cc = shutil.which("cc") or shutil.which("gcc")
    check(cc, "no C compiler to build the rename shim")
    (ctx.tmp / "shim.c").write_text(_KILL_SHIM)
    so = ctx.tmp / "shim.so"
    r = subprocess.run([cc, "-shared", "-fPIC", "-o", str(so), str(ctx.tmp / "shim.c"), "-ldl"],
                       capture_output=True, text=True)
    check(r.returncode == 0, f"cannot build the rename shim: {r.stderr}")
    return so


@case("integrity_kill_during_commit")
def case_integrity_kill_during_commit(ctx, _):
    """A SIGKILL at any moment of writing a folder leaves the old complete set, or a set the
    readers refuse as torn; never a mix that --resume calls complete."""
    so = _kill_shim(ctx)
    path = ctx.src(VALIDATION)
    run_a = ["run", path, "-n", "2", "--quiet", "--seed", "1", "--out", "res"]
    run_b = ["run", path, "-n", "3", "--quiet", "--seed", "2", "--out", "res"]
    ctx.ok(*run_a)
    pristine = {f: (ctx.tmp / "res" / f).read_bytes() for f in OUT_FILES}
    renames = len(OUT_FILES)   # six files, then the manifest
    for k in range(1, renames + 2):
        shutil.rmtree(ctx.tmp / "res")
        (ctx.tmp / "res").mkdir()
        for f, b in pristine.items():
            (ctx.tmp / "res" / f).write_bytes(b)
        # Under AddressSanitizer the preloaded library comes before its runtime: allowed.
        asan = os.environ.get("ASAN_OPTIONS", "")
        env = dict(os.environ, LD_PRELOAD=str(so), JITSIM_TEST_KILL_AT_RENAME=str(k),
                   ASAN_OPTIONS=(asan + ":" if asan else "") + "verify_asan_link_order=0")
        proc = subprocess.run([ctx.jitsim] + run_b, cwd=ctx.tmp, env=env, capture_output=True,
                              text=True, timeout=120)
        if k > renames:
            check(proc.returncode == 0, f"run B without a kill: exit {proc.returncode}")
            r = ctx.ok(*run_b, "--resume")
            check("nothing to do" in r.err, f"complete set not recognised: {r.err}")
            continue
        check(proc.returncode == -signal.SIGKILL,
              f"kill at rename {k}: exit {proc.returncode} {proc.stderr}")
        # Neither run may take the folder for its own complete results; report refuses it.
        for argv in (run_a, run_b):
            r = ctx.run(*argv, "--resume")
            check(r.rc == 2 and "res/manifest.toml" in r.err,
                  f"after a kill at rename {k} of {renames}, --resume must refuse the torn "
                  f"folder (exit 2, naming the manifest)" + r.describe())
        ctx.usage_error("report", "res")
        # Running again (without --resume) writes a complete set over it.
        ctx.ok(*run_b)
        r = ctx.ok(*run_b, "--resume")
        check("nothing to do" in r.err, f"rewritten set after a kill at rename {k}: {r.err}")
        leftovers = [p for p in dir_listing(ctx.tmp / "res") if ".tmp-" in p]
        check(not leftovers, f"temporaries of the killed write remain: {leftovers}")


@case("integrity_checkpoint")
def case_integrity_checkpoint(ctx, _):
    """An edited checkpoint, or one whose files come from two saves, is refused by --resume."""
    path = ctx.src("scenarios/supplier_shutdown.toml")
    argv = [ctx.jitsim, "run", path, "-n", "3000", "--threads", "1", "--quiet"]
    saves = []
    for name, after in (("early", 0.8), ("late", 1.8)):
        rc, _, err, _ = _interrupted(ctx, argv + ["--out", name], signal.SIGTERM, after)
        check(rc in (130, 143), f"expected an interrupted run, exit {rc}: {err}")
        saves.append(ctx.tmp / name / "checkpoint")
    for s in saves:
        check((s / "manifest.toml").exists(), f"{s}: no manifest.toml in the checkpoint")
    resume = lambda name: ["run", path, "-n", "3000", "--threads", "1", "--quiet", "--out", name,
                           "--resume"]
    early, late = saves
    # Files of two saves: the early checkpoint with the late one's metric rows.
    if (early / "replications.csv").read_bytes() != (late / "replications.csv").read_bytes():
        shutil.copy(late / "replications.csv", early / "replications.csv")
        ctx.usage_error(*resume("early"), expect_in_err=["checkpoint/replications.csv",
                                                          "remove"])
    # An edited value in a metric row (same size).
    rows = bytearray((late / "replications.csv").read_bytes())
    i = rows.rindex(b",") + 1
    rows[i] = ord("1") if rows[i] != ord("1") else ord("2")
    (late / "replications.csv").write_bytes(bytes(rows))
    ctx.usage_error(*resume("late"), expect_in_err=["checkpoint/replications.csv"])
    # A checkpoint of another run (other --seed) is refused with the reason.
    ctx.usage_error(*resume("late"), "--seed", "5", expect_in_err=["checkpoint"])
    # A trace CSV changed after the interrupt is not blended into the resumed run.
    scenario = _trace_scenario(ctx, "long", horizon=20000)
    cmd = ["run", scenario, "-n", "100000", "--threads", "1", "--quiet", "--out", "tr"]
    rc, _, err, _ = _interrupted(ctx, [ctx.jitsim] + cmd, signal.SIGINT, 0.8)
    check(rc == 130 and (ctx.tmp / "tr/checkpoint/manifest.toml").exists(),
          f"expected an interrupted run with a checkpoint, exit {rc}: {err}")
    trace = ctx.tmp / "long/data/history.csv"
    trace.write_text(trace.read_text().replace("\n10,6\n", "\n10,60\n"))
    ctx.usage_error(*cmd, "--resume", expect_in_err=["history.csv", "another run"])


@case("integrity_input_identity")
def case_integrity_input_identity(ctx, _):
    """The content of every input file (trace CSV, extends, the scenario) is part of the run's
    identity: --resume and merge refuse changed inputs."""
    scenario = _trace_scenario(ctx)
    trace = ctx.tmp / "inputs/data/history.csv"
    run = ["run", scenario, "-n", "4", "--quiet", "--out", "res"]
    ctx.ok(*run)
    text = (ctx.tmp / "res/manifest.toml").read_text()
    check("history.csv" in text and "trace_run.toml" in text,
          f"the manifest's identity does not list the input files:\n{text}")
    r = ctx.ok(*run, "--resume")
    check("nothing to do" in r.err, r.err)
    original = trace.read_text()
    trace.write_text(original.replace("\n10,6\n", "\n10,60\n"))
    ctx.usage_error(*run, "--resume", expect_in_err=["history.csv", "another run"])
    # Shards of one batch run before and after the trace changed are not one run.
    trace.write_text(original)
    ctx.ok("run", scenario, "-n", "4", "--quiet", "--shard", "1/2", "--out", "s1")
    trace.write_text(original.replace("\n10,6\n", "\n10,60\n"))
    ctx.ok("run", scenario, "-n", "4", "--quiet", "--shard", "2/2", "--out", "s2")
    ctx.usage_error("merge", "s1", "s2", "--out", "m", expect_in_err=["history.csv"])
    check(not (ctx.tmp / "m").exists(), "a refused merge wrote files")
    # ...and neither is a merge after the trace changed under both shards.
    ctx.ok("run", scenario, "-n", "4", "--quiet", "--shard", "1/2", "--out", "s1")
    trace.write_text(original)
    ctx.usage_error("merge", "s1", "s2", "--out", "m", expect_in_err=["history.csv"])
    # An `extends` base whose content changed (even a comment) is a changed input too.
    (ctx.tmp / "inputs/base.toml").write_text((ctx.source / VALIDATION).read_text())
    (ctx.tmp / "inputs/child.toml").write_text('extends = "base.toml"\n[scenario]\nseed = 3\n')
    run = ["run", "inputs/child.toml", "-n", "2", "--quiet", "--out", "ext"]
    ctx.ok(*run)
    with open(ctx.tmp / "inputs/base.toml", "a") as f:
        f.write("# edited\n")
    ctx.usage_error(*run, "--resume", expect_in_err=["base.toml"])


@case("integrity_merge_order")
def case_integrity_merge_order(ctx, _):
    """merge takes shards in any order (a glob sorts 10 before 8), empty shards included, and
    resolves relative trace paths where the scenario was, from any working folder."""
    scenario = _trace_scenario(ctx)
    ctx.ok("run", scenario, "-n", "3", "--quiet", "--out", "single")
    for i in range(1, 11):   # 10 shards of 3 replications: 7 are empty
        ctx.ok("run", scenario, "-n", "3", "--quiet", "--shard", f"{i}/10", "--out",
               f"shards/{i}")
    glob_order = sorted(str(p.relative_to(ctx.tmp)) for p in (ctx.tmp / "shards").iterdir())
    check(glob_order[:3] == ["shards/1", "shards/10", "shards/2"], f"{glob_order}")
    (ctx.tmp / "elsewhere").mkdir()
    ctx.ok("merge", *[f"../{d}" for d in glob_order], "--out", "../merged",
           cwd=ctx.tmp / "elsewhere")
    _same_outputs(ctx, "single", "merged", "a run and its 10 merged shards (7 empty)")
    check((ctx.tmp / "merged/manifest.toml").exists(), "merged folder without a manifest")
    r = ctx.ok("run", scenario, "-n", "3", "--quiet", "--out", "merged", "--resume")
    check("nothing to do" in r.err, f"a merged folder is the single run's set: {r.err}")
    # A shard given twice, or one missing, is refused.
    ctx.usage_error("merge", *glob_order, "shards/3", "--out", "dup",
                    expect_in_err=["both shard 3/10"])
    ctx.usage_error("merge", *[d for d in glob_order if d != "shards/10"], "--out", "miss",
                    expect_in_err=["shard 10/10 is missing"])


@case("integrity_shard_rows")
def case_integrity_shard_rows(ctx, _):
    """A shard with a missing, extra, relabelled or edited row is refused, even when its
    manifest was rewritten to match (merge checks the rows themselves too)."""
    path = ctx.src(VALIDATION)
    for i in (1, 2):
        ctx.ok("run", path, "-n", "4", "--quiet", "--shard", f"{i}/2", "--out", f"good{i}")
    ctx.ok("merge", "good1", "good2", "--out", "ok")
    lines = (ctx.tmp / "good2/replications.csv").read_text().splitlines(keepends=True)
    header, rows = lines[0], lines[1:]
    check(len(rows) == 2 and rows[0].startswith("base-stock,2,"), f"shard 2 rows: {rows}")
    tampered = {
        "deleted": header + rows[0],
        "extra": header + rows[0] + rows[1] + rows[1],
        "relabelled": header + rows[0] + rows[1].replace("base-stock,3,", "base-stock,2,", 1),
        "edited": header + rows[0] + rows[1][:-3] + ("9" if rows[1][-3] != "9" else "8") +
        rows[1][-2:],
    }
    for what, text in tampered.items():
        for forged in (False, True):
            d = f"{what}{'_forged' if forged else ''}"
            shutil.copytree(ctx.tmp / "good2", ctx.tmp / d)
            (ctx.tmp / d / "replications.csv").write_text(text)
            if forged:
                _reseal(ctx.tmp / d, "replications.csv")
            if forged and what == "edited":
                continue   # a forged manifest over an edited number is beyond any check
            r = ctx.usage_error("merge", "good1", d, "--out", f"m_{d}",
                                expect_in_err=[f"{d}/replications.csv"])
            check(not (ctx.tmp / f"m_{d}").exists(), f"merge of a {what} shard wrote files")
    # per_sku_replications.csv: a dropped row under a forged manifest.
    shutil.copytree(ctx.tmp / "good2", ctx.tmp / "sku")
    sku = (ctx.tmp / "sku/per_sku_replications.csv").read_text().splitlines(keepends=True)
    (ctx.tmp / "sku/per_sku_replications.csv").write_text("".join(sku[:-1]))
    _reseal(ctx.tmp / "sku", "per_sku_replications.csv")
    ctx.usage_error("merge", "good1", "sku", "--out", "m_sku",
                    expect_in_err=["sku/per_sku_replications.csv"])
    # Sweep shards: each point folder is a set.
    grid = ["sweep", path, "--param", "policies.base-stock.level", "--values", "24,25", "-n",
            "3", "--quiet"]
    for i in (1, 2):
        ctx.ok(*grid, "--shard", f"{i}/2", "--out", f"sw{i}")
    ctx.ok("merge", "sw2", "sw1", "--out", "swm")
    with open(ctx.tmp / "sw2/point-0001/replications.csv", "a") as f:
        f.write("base-stock,9" + ",0" * len(METRICS) + "\n")
    ctx.usage_error("merge", "sw1", "sw2", "--out", "swm2",
                    expect_in_err=["sw2/point-0001/replications.csv"])
    # A point folder of another sweep (other values) inside a shard: the shard's own manifest
    # lists its points' manifests, so the mix is refused even with one shard.
    ctx.ok("sweep", path, "--param", "policies.base-stock.level", "--values", "24,26", "-n", "3",
           "--quiet", "--shard", "1/1", "--out", "swx")
    ctx.ok("sweep", path, "--param", "policies.base-stock.level", "--values", "24,25", "-n", "3",
           "--quiet", "--shard", "1/1", "--out", "swy")
    shutil.rmtree(ctx.tmp / "swy/point-0001")
    shutil.copytree(ctx.tmp / "swx/point-0001", ctx.tmp / "swy/point-0001")
    ctx.usage_error("merge", "swy", "--out", "swm3", expect_in_err=["swy/point-0001/manifest.toml"])


def _limited_run(ctx, argv, fsize):
    """Runs jitsim with files limited to `fsize` bytes (SIGXFSZ ignored, so a write past it
    fails with EFBIG): a full disk without mounting one."""
    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
    proc = subprocess.run([ctx.jitsim] + argv, cwd=ctx.tmp, capture_output=True, text=True,
                          preexec_fn=limit, timeout=120)
    return proc


@case("integrity_full_disk")
def case_integrity_full_disk(ctx, _):
    path = ctx.src(VALIDATION)
    # A write that fails part-way says why and leaves nothing, not even the folders it made.
    proc = _limited_run(ctx, ["run", path, "-n", "3", "--quiet", "--out", "new/deeper/res"], 3000)
    check(proc.returncode == 1, f"expected exit 1, got {proc.returncode}: {proc.stderr}")
    check("File too large" in proc.stderr and "cannot write" in proc.stderr,
          f"the message must give the system's reason: {proc.stderr!r}")
    check(proc.stdout == "", f"stdout after a failed write: {proc.stdout!r}")
    check(not (ctx.tmp / "new").exists(), f"a failed --out left {dir_listing(ctx.tmp / 'new')}")
    # Over an existing complete set: the old set stays complete and readable.
    ctx.ok("run", path, "-n", "2", "--quiet", "--out", "old")
    before = {f: (ctx.tmp / "old" / f).read_bytes() for f in OUT_FILES}
    proc = _limited_run(ctx, ["run", path, "-n", "3", "--quiet", "--seed", "9", "--out", "old"],
                        3000)
    check(proc.returncode == 1, f"expected exit 1, got {proc.returncode}: {proc.stderr}")
    check({f: (ctx.tmp / "old" / f).read_bytes() for f in OUT_FILES} == before and
          set(dir_listing(ctx.tmp / "old")) == OUT_FILES,
          f"a failed write changed the old set: {dir_listing(ctx.tmp / 'old')}")
    r = ctx.ok("run", path, "-n", "2", "--quiet", "--out", "old", "--resume")
    check("nothing to do" in r.err, r.err)
    # A real full file system, where mounting one is allowed (root, private mount namespace).
    unshare = shutil.which("unshare")
    (ctx.tmp / "small").mkdir()
    script = ('mount -t tmpfs -o size=12k tmpfs "$1" || exit 99; '
              '"$2" run "$3" -n 3 --quiet --out "$1/res"; echo "rc=$?"; ls -A "$1"')
    if unshare:
        p = subprocess.run([unshare, "-m", "sh", "-c", script, "sh", str(ctx.tmp / "small"),
                            ctx.jitsim, path], capture_output=True, text=True, timeout=120)
        if p.returncode != 99 and "rc=" in p.stdout:
            check("rc=1" in p.stdout, f"tmpfs full: {p.stdout} {p.stderr}")
            check("No space left on device" in p.stderr, f"no reason given: {p.stderr!r}")
            check(p.stdout.strip().endswith("rc=1"),
                  f"a failed --out on a full tmpfs left files: {p.stdout}")
        else:
            print(f"note: tmpfs check skipped (cannot mount: {p.stderr.strip()})")


@case("integrity_empty_out")
def case_integrity_empty_out(ctx, _):
    """--out '' is a usage error everywhere, not a silent "write nothing"."""
    path = ctx.src(VALIDATION)
    ctx.usage_error("run", path, "-n", "2", "--out", "", expect_in_err=["--out"])
    ctx.usage_error("sweep", path, "-n", "2", "--out", "")
    ctx.usage_error("trace", path, "--out", "")
    ctx.ok("run", path, "-n", "2", "--quiet", "--shard", "1/1", "--out", "sh")
    ctx.usage_error("merge", "sh", "--out", "")
    ctx.usage_error("report", "sh", "--out", "")
    check(sorted(os.listdir(ctx.tmp)) == ["sh"], f"stray files: {os.listdir(ctx.tmp)}")
