// -----------------------------------------------------------------------------
// File: models/results/report_stress.h
// -----------------------------------------------------------------------------
// The "Stress" section of `jitsim report` for a folder written by `jitsim stress --out`: a
// table of the weak links (nodes ranked by the cost of their outage) and a chart of time to
// survive against time to recover, one point per node and policy. It reads stress.csv.
#pragma once

#include <filesystem>
#include <string>

namespace jitsim::models {

/// True when `dir` holds a stress folder (its run.json says "command": "stress").
bool is_stress_folder(const std::filesystem::path& dir);

/// The section's HTML (an <h2 id="stress">, the table, the chart), from DIR/stress.csv.
/// Throws std::runtime_error when the file is missing or malformed.
std::string stress_section(const std::filesystem::path& dir);

}  // namespace jitsim::models
