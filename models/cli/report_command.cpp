// File: models/cli/report_command.cpp
// `jitsim report DIR`: a self-contained HTML page (inline SVG charts, no script, no network)
// from the output folder of `jitsim run --out` or `jitsim sweep --out`.
#include <filesystem>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "models/cli/commands.h"
#include "models/cli/common.h"
#include "models/cli/file_set.h"
#include "models/cli/output_dir.h"
#include "models/results/html_report.h"

namespace jitsim::cli {

namespace {

struct ReportOptions {
  std::string dir;
  std::string out;  // default DIR/report.html
  bool quiet = false;
};

// The folder must be one complete, unedited set (its manifest), so that a page never shows a
// torn or mixed folder as one run.
void verify_folder(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const std::string redo = fmt::format("run the command that wrote {} again", dir);
  if (fs::exists(fs::path(dir) / "summary.csv", ec)) {
    verify_file_set(dir, "run", redo,
                    {"summary.csv", "replications.csv", "paired.csv", "per_sku.csv", "per_site.csv",
                     "per_lane.csv", "run.json", "scenario.resolved.toml", "timeseries.csv",
                     "timeseries_summary.csv"});
  } else if (fs::exists(fs::path(dir) / "curves.csv", ec)) {
    verify_file_set(dir, "sweep", redo, {"curves.csv", "sweep.json", "scenario.resolved.toml"});
  } else if (fs::exists(fs::path(dir) / "optimize.csv", ec)) {
    verify_file_set(dir, "optimize", redo, {"optimize.csv", "run.json", "scenario.resolved.toml"});
  } else if (fs::exists(fs::path(dir) / "stress.csv", ec)) {
    verify_file_set(dir, "stress", redo, {"stress.csv", "run.json", "scenario.resolved.toml"});
  } else if (fs::exists(fs::path(dir) / "advise.csv", ec)) {
    verify_file_set(dir, "advise", redo,
                    {"advise.csv", "advise.json", "run.json", "scenario.resolved.toml"});
  } else if (fs::exists(fs::path(dir) / "sensitivity.csv", ec)) {
    verify_file_set(
        dir, "sensitivity", redo,
        {"sensitivity.csv", "sensitivity_global.csv", "run.json", "scenario.resolved.toml"});
  }
}

int report(const ReportOptions& o) {
  verify_folder(o.dir);
  std::string html;
  try {
    html = models::render_html_report(o.dir);
  } catch (const models::ReportInputError& e) {
    throw UsageError(e.what());
  }
  namespace fs = std::filesystem;
  const fs::path target = o.out.empty() ? fs::path(o.dir) / "report.html" : fs::path(o.out);
  if (target.filename().empty()) {
    throw UsageError(fmt::format("--out {}: expected a file name", o.out));
  }
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    throw UsageError(fmt::format("--out {}: folder {} does not exist", o.out, folder.string()));
  }
  OutputDir out(folder);
  out.add(target.filename().string(), std::move(html));
  out.commit();
  if (!o.quiet) fmt::print("wrote {}\n", target.string());
  return kSuccess;
}

}  // namespace

Subcommand add_report_command(CLI::App& app) {
  auto o = std::make_shared<ReportOptions>();
  CLI::App* cmd = app.add_subcommand(
      "report", "Write a self-contained HTML report (SVG charts) of a run or sweep output folder");
  cmd->add_option("DIR", o->dir, "Output folder of 'jitsim run --out' or 'jitsim sweep --out'")
      ->required();
  cmd->add_option("--out", o->out, "HTML file to write (default DIR/report.html)")
      ->check(non_empty_path());
  cmd->add_flag("-q,--quiet", o->quiet, "Do not print the path written");
  cmd->footer(
      "The page needs no network and no JavaScript: open it in any browser, attach it to a mail.\n"
      "DIR must be an intact set: its manifest.toml (written last by run/sweep/merge) must list\n"
      "every result file with its size and SHA-256; a torn, edited or mixed folder is refused.\n"
      "Its cost rows add up to total_cost (a part it cannot name shows as 'other cost parts').\n"
      "Files, columns and metrics of newer jitsim versions that it does not know are ignored.\n"
      "Examples:\n"
      "  jitsim run scenarios/shipping_delay_2022.toml --timeseries daily --out out/delay\n"
      "  jitsim report out/delay            # writes out/delay/report.html\n"
      "  jitsim sweep scenarios/shipping_delay_2022.toml --out out/curves\n"
      "  jitsim report out/curves --out curves.html");
  return {cmd, [o] { return report(*o); }};
}

}  // namespace jitsim::cli
