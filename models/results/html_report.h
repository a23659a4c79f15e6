// -----------------------------------------------------------------------------
// File: models/results/html_report.h
// -----------------------------------------------------------------------------
// `jitsim report`: one self-contained HTML page (inline CSS and SVG, no script, no network)
// drawn from the files of an output folder, for readers without Python. A `run` folder gives
// the comparison table, the cost breakdown, fill rate and cash tied up with 95 % intervals, the
// paired differences, for a network the Network section (models/results/report_network.h) and,
// when timeseries_summary.csv is there, stock and backlog over time (shocks marked). A `sweep`
// folder gives the cost curves with their bands and where they cross. The page reads only the
// output files (summary.csv, paired.csv, timeseries_summary.csv, per_site.csv, per_lane.csv,
// run.json, curves.csv, scenario.resolved.toml; models/results/report_inputs.h) and draws with
// models/results/svg_plot.h; it holds no model logic.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

namespace jitsim::models {

/// An output folder that cannot be reported on (missing, not a run or sweep folder, a
/// malformed file). The message names the folder or the file, line and column.
class ReportInputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The HTML page for the output folder `dir` of `jitsim run --out` or `jitsim sweep --out`.
/// Every chart is one <svg> inside a <figure class="chart">. Throws ReportInputError.
std::string render_html_report(const std::filesystem::path& dir);

}  // namespace jitsim::models
