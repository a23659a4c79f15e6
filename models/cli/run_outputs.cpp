// File: models/cli/run_outputs.cpp
#include "models/cli/run_outputs.h"

#include <fmt/format.h>

#include "models/cli/output_dir.h"
#include "models/report.h"
#include "models/sha256.h"

namespace jitsim::cli {

void write_run_outputs(const CommonOptions& o, const LoadedScenario& loaded,
                       const models::ModelSetup& setup, const std::vector<std::size_t>& policies,
                       const models::ExperimentResult& result, double wall_seconds) {
  const models::Scenario& sc = loaded.scenario;
  models::RunReport report = models::make_report(sc, policies, result);
  report.scenario_sha256 = models::sha256_hex(loaded.resolved_toml);
  report.wall_seconds = wall_seconds;
  const std::string json = models::to_json(report);
  if (!o.out_dir.empty()) {
    OutputDir out(o.out_dir);
    out.add("summary.csv", models::summary_csv(report));
    out.add_stream("replications.csv", [&](std::ostream& s) {
      models::write_replications_csv(s, sc, policies, result);
    });
    out.add("paired.csv", models::paired_csv(report));
    out.add("per_sku.csv", models::per_sku_csv(setup, policies, result));
    out.add("scenario.resolved.toml", loaded.resolved_toml);
    out.add("run.json", json);
    if (!result.policies.empty() && !result.policies.front().days.empty()) {
      out.add_stream("timeseries.csv", [&](std::ostream& s) {
        models::write_timeseries_csv(s, sc, policies, result);
      });
      out.add_stream("timeseries_summary.csv", [&](std::ostream& s) {
        models::write_timeseries_summary_csv(s, sc, policies, result);
      });
    }
    out.commit();
  }
  if (o.format == "json") {
    fmt::print("{}", json);
  } else if (o.format == "csv") {
    fmt::print("{}", models::summary_csv(report));
  } else {
    fmt::print("{}", models::comparison_table(report));
  }
}

void write_shard(const std::string& dir, const LoadedScenario& loaded,
                 const std::vector<std::size_t>& policies, const models::ExperimentResult& result,
                 std::uint64_t index, std::uint64_t count, std::uint64_t total) {
  const models::Scenario& sc = loaded.scenario;
  std::string names;
  for (const std::size_t p : policies) {
    names += fmt::format("{}\"{}\"", names.empty() ? "" : ", ", sc.policies[p].name);
  }
  const std::string manifest = fmt::format(
      "# A shard of a jitsim run; combine the shards with: jitsim merge DIR1 DIR2 ...\n"
      "jitsim_version = \"{}\"\nscenario_sha256 = \"{}\"\nshard = {}\nshards = {}\n"
      "first_replication = {}\nreplications = {}\ntotal_replications = {}\n"
      "events_executed = {}\npolicies = [{}]\n",
      models::kVersion, models::sha256_hex(loaded.resolved_toml), index, count,
      result.first_replication, result.replications_done, total, result.events, names);
  OutputDir out(dir);
  out.add("shard.toml", manifest);
  out.add_stream("replications.csv",
                 [&](std::ostream& s) { models::write_replications_csv(s, sc, policies, result); });
  out.add_stream("per_sku_replications.csv", [&](std::ostream& s) {
    models::write_sku_replications_csv(s, sc, policies, result);
  });
  out.add("scenario.resolved.toml", loaded.resolved_toml);
  out.commit();
}

}  // namespace jitsim::cli
