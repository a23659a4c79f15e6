// File: models/decisions/candidate.cpp
#include "models/decisions/candidate.h"

#include <utility>

namespace jitsim::models {

Candidate::Candidate(Scenario scenario, std::vector<std::size_t> policies)
    : scenario_(std::make_unique<Scenario>(std::move(scenario))),
      setup_(std::make_unique<ModelSetup>(*scenario_)),
      policies_(std::move(policies)) {
  result_.policies.resize(policies_.size());
}

bool Candidate::run_more(std::uint64_t count, const RunSettings& settings) {
  ExperimentOptions eo;
  eo.policies = policies_;
  eo.first_replication = result_.replications_done;
  eo.replications = count;
  eo.threads = settings.threads;
  eo.check_invariants = settings.check_invariants;
  eo.breakdown = settings.breakdown_runs;
  eo.keep_breakdown_runs = settings.breakdown_runs;
  eo.cancel = settings.cancel;
  eo.watch = settings.watch;
  eo.progress = settings.progress;
  extend_experiment(*setup_, eo, result_);
  return !result_.cancelled;
}

std::vector<double> Candidate::values(std::size_t slot, Metric metric) const {
  std::vector<double> out;
  out.reserve(result_.policies[slot].runs.size());
  const auto m = static_cast<std::size_t>(metric);
  result_.policies[slot].runs.for_each([&](const MetricValues& v) { out.push_back(v[m]); });
  return out;
}

const Metric* find_metric(std::string_view name) {
  static const auto metrics = [] {
    std::array<Metric, kMetricCount> all{};
    for (std::size_t i = 0; i < kMetricCount; ++i) all[i] = static_cast<Metric>(i);
    return all;
  }();
  for (std::size_t i = 0; i < kMetricCount; ++i) {
    if (metric_info()[i].name == name) return &metrics[i];
  }
  return nullptr;
}

}  // namespace jitsim::models
