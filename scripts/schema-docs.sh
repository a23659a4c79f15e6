#!/usr/bin/env bash
# Regenerate what the scenario schema (models/io/scenario_schema.h) documents: the key tables of
# scenarios/README.md (between <!-- schema:TABLE begin --> and <!-- schema:TABLE end -->) and the
# missing names of tests/fuzz/scenario.dict. The schema doctest renders them and, with
# JITSIM_SCHEMA_WRITE=1, writes them instead of failing; review the diff, then commit.
# Usage: scripts/schema-docs.sh [BUILD_DIR]   (the models/io test binary must be built)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
bin="$build/tests/models_io_tests"
if [ ! -x "$bin" ]; then
  echo "schema-docs: $bin not found; build first (cmake --build $build)" >&2
  exit 2
fi
JITSIM_SCHEMA_WRITE=1 "$bin" --test-suite=schema
git --no-pager diff --stat -- scenarios/README.md tests/fuzz/scenario.dict || true
