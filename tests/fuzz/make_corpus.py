#!/usr/bin/env python3
"""Builds the fuzz seed corpus from the project's scenario files.

Usage: /usr/bin/python3 tests/fuzz/make_corpus.py OUT_DIR [SOURCE_DIR]

One seed per TOML file in scenarios/, tests/data/scenarios/ (recursively) and tests/data/bad/,
in the fuzz input layout (fuzz_scenario.h): main TOML, NUL, base TOML, NUL, skus CSV, NUL,
trace CSV, then NUL-separated --set overrides. The file an `extends` names becomes the base
(renamed base.toml; its own extends is dropped), a `skus_file` CSV (of the main file or the
base) becomes skus.csv and the first demand `trace` CSV becomes trace.csv. Each file also gets
a second seed with a few --set overrides. Standard library only; deterministic output.
"""
import hashlib
import pathlib
import re
import sys

EXTENDS = re.compile(r'^(\s*extends\s*=\s*)"([^"]*)"', re.M)
SKUS_FILE = re.compile(r'(skus_file\s*=\s*)"([^"]*)"')
TRACE = re.compile(r'(trace\s*=\s*)"([^"]*)"')
OVERRIDES = [b"?scenario.seed=7", b"scenario.replications=3",
             b"costs.order_cost=12.5", b"warehouse.unmet_demand=lost_sales"]


def read(path):
    try:
        return path.read_bytes()
    except OSError:
        return None


def seed_for(path):
    main = path.read_text(encoding="utf-8", errors="surrogateescape")
    base = None
    side = {"skus.csv": None, "trace.csv": None}  # side files, by the name the seed gives them

    m = EXTENDS.search(main)
    if m:
        base_path = path.parent / m.group(2)
        raw = read(base_path)
        if raw is not None:
            base = raw.decode("utf-8", errors="surrogateescape")
            base = EXTENDS.sub("", base)
        main = EXTENDS.sub(r'\1"base.toml"', main, count=1)

    def take_side_files(text, where):
        """Points the text's side-file keys at the seed's names, keeping the first file seen."""
        for pattern, name in ((SKUS_FILE, "skus.csv"), (TRACE, "trace.csv")):
            found = pattern.search(text)
            if not found:
                continue
            if side[name] is None:
                side[name] = read(where / found.group(2))
            text = pattern.sub(rf'\1"{name}"', text)
        return text

    main = take_side_files(main, path.parent)
    if base is not None:
        base_dir = (path.parent / EXTENDS.search(path.read_text(errors="replace")).group(2)).parent
        base = take_side_files(base, base_dir)
    skus, trace = side["skus.csv"], side["trace.csv"]

    enc = lambda s: s.encode("utf-8", errors="surrogateescape")
    parts = [enc(main)]
    if base is not None or skus is not None or trace is not None:
        parts.append(enc(base) if base is not None else b"")
    if skus is not None or trace is not None:
        parts.append(skus if skus is not None else b"")
    if trace is not None:
        parts.append(trace)
    plain = b"\0".join(parts)
    while len(parts) < 4:
        parts.append(b"")
    with_sets = b"\0".join(parts + OVERRIDES)
    return [plain, with_sets]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = pathlib.Path(sys.argv[1])
    src = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else pathlib.Path(__file__).parents[2]
    out.mkdir(parents=True, exist_ok=True)
    files = sorted(src.glob("scenarios/**/*.toml")) + sorted(src.glob("tests/data/scenarios/**/*.toml")) \
        + sorted(src.glob("tests/data/bad/*.toml"))
    count = 0
    for f in files:
        for seed in seed_for(f):
            name = f.stem + "-" + hashlib.sha1(seed).hexdigest()[:12]
            (out / name).write_bytes(seed)
            count += 1
    print(f"{count} seeds from {len(files)} files in {out}")


if __name__ == "__main__":
    main()
