// File: models/cli/run_resume.cpp
#include "models/cli/run_resume.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "models/cli/checkpoint.h"
#include "models/cli/file_set.h"
#include "models/cli/run_outputs.h"

namespace jitsim::cli {

namespace {

// What DIR holds already: no completed run, this very run completed, or another run. A
// completed run is a verified set (a torn, edited or mixed one is refused) whose identity says
// which run made it: resolved scenario, input file contents and policies.
enum class Completed { none, this_run, other_run };
Completed completed_here(const std::string& out_dir, const LoadedScenario& loaded,
                         const std::vector<std::size_t>& policies, std::string& why) {
  namespace fs = std::filesystem;
  static const std::vector<std::string> kRunFiles{
      "summary.csv",    "replications.csv",      "paired.csv", "per_sku.csv",
      "per_site.csv",   "per_lane.csv",          "run.json",   "scenario.resolved.toml",
      "timeseries.csv", "timeseries_summary.csv"};
  const bool any = has_manifest(out_dir) ||
                   std::any_of(kRunFiles.begin(), kRunFiles.end(),
                               [&](const std::string& f) { return fs::exists(out_dir + "/" + f); });
  if (!any) return Completed::none;
  const FileSet set = verify_file_set(
      out_dir, "run",
      fmt::format("run without --resume to write {} afresh, or use another --out", out_dir),
      kRunFiles);
  why = identity_difference(run_identity(loaded, policy_names(loaded.scenario, policies)),
                            set.identity);
  return why.empty() ? Completed::this_run : Completed::other_run;
}

}  // namespace

RunStart resume_run(const CommonOptions& o, const LoadedScenario& loaded,
                    const models::ModelSetup& setup, const std::vector<std::size_t>& policies,
                    models::ExperimentResult& result) {
  if (read_checkpoint(o.out_dir, loaded, setup, policies, result)) {
    if (!o.quiet) {
      fmt::print(stderr, "resuming after {} of {} replications from {}/{}\n",
                 result.replications_done,
                 static_cast<std::uint64_t>(loaded.scenario.scenario.replications), o.out_dir,
                 kCheckpointFolder);
    }
    return RunStart::resumed;
  }
  std::string why;  // how the run in --out differs from this one
  switch (completed_here(o.out_dir, loaded, policies, why)) {
    case Completed::this_run:
      fmt::print(stderr, "{} already holds this completed run; nothing to do\n", o.out_dir);
      return RunStart::already_complete;
    case Completed::other_run:
      throw UsageError(
          fmt::format("--resume: {} holds the results of another run ({}); nothing to resume there",
                      o.out_dir, why));
    case Completed::none:
      break;
  }
  return RunStart::fresh;
}

}  // namespace jitsim::cli
