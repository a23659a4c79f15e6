// -----------------------------------------------------------------------------
// File: tests/fuzz/fuzz_scenario.h
// -----------------------------------------------------------------------------
// The fuzz entry point over the whole scenario-loading path, shared by the libFuzzer target
// (fuzz_scenario) and the replay test of the normal build (fuzz_scenario_replay).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace jitsim::fuzz {

/// Splits `data` at NUL bytes into up to 4 files and then `--set` overrides:
///   part 0: main.toml   part 1: base.toml   part 2: skus.csv   part 3: trace.csv
///   parts 4..11: one `--set key.path=value` override each (later parts are ignored).
/// Files whose part is absent are not written. Writes them into a fresh folder, loads
/// main.toml with jitsim::models::load_scenario, and on success plans every policy and checks
/// that the resolved TOML (to_toml) loads again to an equal scenario and prints identically.
/// Aborts (a finding) on a broken round trip or an "internal error" diagnostic.
/// Returns "ok" or the loader's diagnostics, one per line.
std::string run_one(const std::uint8_t* data, std::size_t size);

}  // namespace jitsim::fuzz
