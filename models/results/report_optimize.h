// -----------------------------------------------------------------------------
// File: models/results/report_optimize.h
// -----------------------------------------------------------------------------
// The page `jitsim report` draws for an output folder of `jitsim optimize --out` (it has
// optimize.csv): the chosen setting, the candidates' objective against fill rate with 95 %
// whiskers, the frontier of the candidates no other one beats on both (cheaper and at least as
// good a fill rate), the chosen one marked, and the table of every candidate with its status.
// It reads only optimize.csv.
#pragma once

#include <filesystem>
#include <string>

namespace jitsim::models {

/// The whole page for `dir`. Throws ReportInputError (models/results/html_report.h) when
/// optimize.csv is missing or malformed.
///
/// **Example**: `if (fs::exists(dir / "optimize.csv")) return optimize_page(dir);`
std::string optimize_page(const std::filesystem::path& dir);

}  // namespace jitsim::models
