#!/usr/bin/env bash
# Style gates run by CI (scripts/run-tests.sh):
#   1. formatting: every C++ file as clang-format-14 would write it (.clang-format);
#   2. clang-tidy-14 with the project's small check set (.clang-tidy) over sim/ and models/,
#      using BUILD_DIR/compile_commands.json (skipped, with a note, if it does not exist).
# Usage: scripts/check-style.sh [BUILD_DIR]     Fix formatting with: clang-format-14 -i FILE
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files '*.cpp' '*.h')
else
  mapfile -t files < <(find sim models tests bench -name '*.cpp' -o -name '*.h' | sort)
fi
if ! clang-format-14 --dry-run -Werror "${files[@]}"; then
  echo "check-style: formatting differs from .clang-format (clang-format-14 -i FILE fixes it)" >&2
  exit 1
fi
echo "check-style: ${#files[@]} files formatted"
if [ "${JITSIM_SKIP_TIDY:-0}" = 1 ]; then exit 0; fi
if [ ! -f "$build/compile_commands.json" ]; then
  echo "check-style: $build/compile_commands.json missing: clang-tidy skipped" >&2
  exit 0
fi
mapfile -t sources < <(printf '%s\n' "${files[@]}" | grep -E '^(sim|models)/.*\.cpp$')
if ! printf '%s\n' "${sources[@]}" |
    xargs -P "$(nproc)" -n 4 clang-tidy-14 -p "$build" --quiet 2>/dev/null; then
  echo "check-style: clang-tidy found problems (above)" >&2
  exit 1
fi
echo "check-style: clang-tidy clean over ${#sources[@]} files"
