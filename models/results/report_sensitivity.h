// -----------------------------------------------------------------------------
// File: models/results/report_sensitivity.h
// -----------------------------------------------------------------------------
// The page `jitsim report` draws for an output folder of `jitsim sensitivity --out`: a tornado
// chart per policy and one for the paired difference (each parameter's bar runs from the mean
// at its low value to the mean at its high value, with their 95 % intervals, the widest swing
// on top), the one-at-a-time table, and the metamodel table of the global view (standardised
// coefficients and R^2). It reads sensitivity.csv, sensitivity_global.csv and
// scenario.resolved.toml only.
#pragma once

#include <filesystem>
#include <string>

namespace jitsim::models {

/// The HTML page for the folder `dir` (which holds sensitivity.csv). Throws ReportInputError
/// (models/results/html_report.h) for a missing or malformed file.
std::string sensitivity_page(const std::filesystem::path& dir);

}  // namespace jitsim::models
