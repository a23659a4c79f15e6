// -----------------------------------------------------------------------------
// File: models/results/report_stress.h
// -----------------------------------------------------------------------------
// The page `jitsim report` makes of a folder written by `jitsim stress --out`: a table of the
// weak links (nodes ranked by the cost of their outage, with its 95 % interval) and a chart of
// time to survive against time to recover, one point per node and policy. It reads stress.csv
// (and run.json's scenario name and outage window when present).
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace jitsim::models {

/// policy -> colour, the same as the other pages' charts.
using PolicyColours =
    std::function<std::map<std::string, std::string>(const std::vector<std::string>&)>;

/// The whole page of a stress folder (DIR/stress.csv). Throws ReportInputError
/// (models/results/html_report.h) when stress.csv is unreadable or lacks its columns.
///
/// **Example**: `if (fs::exists(dir / "stress.csv")) return stress_page(dir, policy_colours);`
std::string stress_page(const std::filesystem::path& dir, const PolicyColours& colours);

}  // namespace jitsim::models
