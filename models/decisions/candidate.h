// -----------------------------------------------------------------------------
// File: models/decisions/candidate.h
// -----------------------------------------------------------------------------
// One setting under evaluation by a decision command (an optimize candidate, a node taken out
// by stress, a point on an advise axis, a sensitivity design point): its scenario, set up once,
// and every selected policy's replications so far. Replications are added in blocks, always
// continuing from the last one; replication r draws the same random futures at every candidate
// (common random numbers: the streams depend on the seed and r, not on the setting), so two
// candidates, or two policies of one, compare replication by replication.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "models/agents/experiment.h"
#include "models/model/metrics.h"
#include "models/model/scenario.h"

namespace jitsim::models {

/// How replications are run (the same for every candidate of one command).
struct RunSettings {
  unsigned threads = 1;
  bool check_invariants = false;
  bool breakdown_runs = false;  // keep each replication's per item-location, site and lane values
  const std::atomic<bool>* cancel = nullptr;  // stop early (see ExperimentOptions::cancel)
  const StockoutWatch* watch = nullptr;       // see ExperimentOptions::watch
  /// Called with the replications finished within the current call (shares included).
  std::function<void(double done, std::uint64_t total)> progress;
};

class Candidate {
 public:
  /// `policies`: indices into scenario.policies, in report order.
  Candidate(Scenario scenario, std::vector<std::size_t> policies);

  /// Runs `count` more replications of every policy. Returns false when cancelled (the
  /// replications finished before the stop are kept).
  bool run_more(std::uint64_t count, const RunSettings& settings);

  std::uint64_t replications() const { return result_.replications_done; }
  const Scenario& scenario() const { return *scenario_; }
  const std::vector<std::size_t>& policies() const { return policies_; }
  /// `slot`: position in policies().
  const PolicyResults& results(std::size_t slot) const { return result_.policies[slot]; }
  /// The metric's value in every replication so far, in replication order.
  std::vector<double> values(std::size_t slot, Metric metric) const;

 private:
  std::unique_ptr<Scenario> scenario_;  // stable address: setup_ refers to it
  std::unique_ptr<ModelSetup> setup_;
  std::vector<std::size_t> policies_;
  ExperimentResult result_;
};

/// The metric of that name (scenarios/README.md), or nullptr.
const Metric* find_metric(std::string_view name);

}  // namespace jitsim::models
