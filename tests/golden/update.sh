#!/usr/bin/env bash
# Regenerates tests/golden/fingerprints.csv: for every example scenario (scenarios/**/*.toml),
# the sha256 of summary.csv from
#   jitsim run scenarios/X.toml --seed S -n N --threads 2 --out DIR
# Existing rows keep their seed and replications; new scenarios get seed 42 and 3 replications;
# rows of deleted scenarios are dropped.
#
# The golden tests (ctest -R '^golden\.') fail whenever a summary changes. When a change of the
# model is intended, run this script and commit the new fingerprints.csv IN THE SAME COMMIT as
# the model change, with a commit message that says why the numbers moved. Never regenerate
# just to make a failing test pass without knowing why it failed.
#
# Usage: tests/golden/update.sh [BUILD_DIR]     (default: build; needs BUILD_DIR/models/jitsim)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
jitsim=$build/models/jitsim
if [ ! -x "$jitsim" ]; then
  echo "update.sh: $jitsim not found; build first (cmake --build $build)" >&2
  exit 2
fi
csv=$root/tests/golden/fingerprints.csv
default_seed=42
default_n=3

declare -A seed_of n_of
if [ -f "$csv" ]; then
  while IFS=, read -r scenario seed n _; do
    [ "$scenario" = scenario ] && continue
    seed_of[$scenario]=$seed
    n_of[$scenario]=$n
  done <"$csv"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$tmp/fingerprints.csv
echo "scenario,seed,replications,sha256" >"$out"
cd "$root"
while IFS= read -r scenario; do
  seed=${seed_of[$scenario]:-$default_seed}
  n=${n_of[$scenario]:-$default_n}
  rm -rf "$tmp/run"
  "$jitsim" run "$scenario" --seed "$seed" -n "$n" --threads 2 --out "$tmp/run" --quiet >/dev/null
  hash=$(sha256sum "$tmp/run/summary.csv" | cut -d' ' -f1)
  echo "$scenario,$seed,$n,$hash" >>"$out"
  old=$(grep "^$scenario," "$csv" 2>/dev/null | cut -d, -f4 || true)
  if [ -z "$old" ]; then
    echo "new      $scenario $hash"
  elif [ "$old" != "$hash" ]; then
    echo "changed  $scenario $old -> $hash"
  else
    echo "same     $scenario"
  fi
done < <(find scenarios -name '*.toml' | LC_ALL=C sort)
cp "$out" "$csv"
echo "wrote $csv"
