// -----------------------------------------------------------------------------
// File: models/results/report_sweep.h
// -----------------------------------------------------------------------------
// The sweep page of `jitsim report` (a folder of `jitsim sweep --out`): per policy the curves
// of the mean with their bands, the tail (p95 and CVaR 95 %) beside the mean, the cheapest
// point with the points within noise of it, and for a two-parameter grid a heatmap.
#pragma once

#include <filesystem>
#include <string>

namespace jitsim::models {

/// The whole HTML page of the sweep folder `dir` (curves.csv, scenario.resolved.toml).
/// Throws report_inputs::ReportInputError for a folder it cannot read.
std::string sweep_page(const std::filesystem::path& dir);

}  // namespace jitsim::models
