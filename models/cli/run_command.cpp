// File: models/cli/run_command.cpp
// `jitsim run`: Monte Carlo of every policy side by side.
#include <memory>

#include <fmt/format.h>

#include "models/cli/commands.h"
#include "models/cli/common.h"
#include "models/cli/output_dir.h"
#include "models/experiment.h"
#include "models/report.h"
#include "models/sha256.h"

namespace jitsim::cli {

namespace {

int run(const CommonOptions& o) {
  const auto loaded = load(o);
  if (!loaded) return kBadInput;
  const models::Scenario& sc = loaded->scenario;
  const std::vector<std::size_t> policies = select_policies(sc, o.policies);
  const models::ModelSetup setup(sc);

  models::ExperimentOptions eo;
  eo.policies = policies;
  eo.replications = static_cast<std::uint64_t>(sc.scenario.replications);
  eo.threads = thread_count(o);
  eo.check_invariants = o.check_invariants;
  eo.per_sku = !o.out_dir.empty();
  eo.cancel = &interrupted();
  Progress progress("run", !o.quiet);
  eo.progress = [&](std::uint64_t done, std::uint64_t total) { progress.update(done, total); };
  const double start = now_seconds();
  const models::ExperimentResult result = models::run_experiment(setup, eo);
  if (result.cancelled) {
    fmt::print(stderr, "jitsim: interrupted after {} of {} replications; nothing written\n",
               result.replications_done, eo.replications);
    return kInterrupted;
  }
  models::RunReport report = models::make_report(sc, policies, result);
  report.scenario_sha256 = models::sha256_hex(loaded->resolved_toml);
  report.wall_seconds = now_seconds() - start;

  const std::string json = models::to_json(report);
  if (!o.out_dir.empty()) {
    OutputDir out(o.out_dir);
    out.add("summary.csv", models::summary_csv(report));
    out.add("replications.csv", models::replications_csv(sc, policies, result, 0));
    out.add("paired.csv", models::paired_csv(report));
    out.add("per_sku.csv", models::per_sku_csv(setup, policies, result));
    out.add("scenario.resolved.toml", loaded->resolved_toml);
    out.add("run.json", json);
    out.commit();
  }
  if (o.format == "json") {
    fmt::print("{}", json);
  } else if (o.format == "csv") {
    fmt::print("{}", models::summary_csv(report));
  } else {
    fmt::print("{}", models::comparison_table(report));
  }
  return kSuccess;
}

}  // namespace

Subcommand add_run_command(CLI::App& app) {
  auto o = std::make_shared<CommonOptions>();
  CLI::App* cmd =
      app.add_subcommand("run", "Monte Carlo of every policy (or --policy P ...) side by side");
  add_common_options(*cmd, *o);
  cmd->footer(
      "Examples:\n"
      "  jitsim run scenarios/baseline.toml\n"
      "  jitsim run scenarios/baseline.toml -n 200 --policy jit --policy jic --out results/\n"
      "  jitsim run scenarios/baseline.toml --set costs.order_cost=80 --format json");
  return {cmd, [o] { return run(*o); }};
}

}  // namespace jitsim::cli
