// -----------------------------------------------------------------------------
// File: models/agents/experiment.h
// -----------------------------------------------------------------------------
// Monte Carlo over policies x replications. Replication r of every policy runs with the same
// random streams (common random numbers). Replications are spread over threads, each with its
// own Simulation; finished replications are appended and the breakdown (per item-location, site
// and lane: models/agents/breakdown.h) folded strictly in
// replication order (a replication that finishes early waits, and a thread does not start one
// too far ahead of the oldest unfinished one), so the output is identical whatever the thread
// count, and whatever split into shards or processes is merged back (fold). Nothing
// is allocated per replication up front: metric rows go to a RunLog, which spills to a
// temporary file, so memory does not grow with the replication count.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "models/agents/breakdown.h"
#include "models/agents/run_log.h"
#include "models/agents/simulation.h"
#include "models/agents/world.h"
#include "models/model/metrics.h"
#include "sim/statistics.h"

namespace jitsim::models {

struct ExperimentOptions {
  std::vector<std::size_t> policies;    // indices into the scenario's policies, in report order
  std::uint64_t first_replication = 0;  // replications [first, first + count) are run
  std::uint64_t replications = 0;
  unsigned threads = 1;
  bool check_invariants = false;
  bool breakdown = true;             // per item-location, site and lane: folded in breakdown...
  bool keep_breakdown_runs = false;  // ...or, with this, kept raw (shards, processes)
  bool timeseries = false;           // keep every replication's daily values
  /// Called (from worker threads, serialised) after each replication of every policy and every
  /// few thousand events within one: `done` counts finished replications plus the shares of
  /// those under way, so that one long replication shows progress too.
  std::function<void(double done, std::uint64_t total)> progress;
  /// When set, every replication also reports what the watch saw (PolicyResults::watched).
  const StockoutWatch* watch = nullptr;
  /// Set by another thread or a signal handler to stop early, even inside a replication (the
  /// unfinished replications are dropped; the result keeps a clean prefix).
  const std::atomic<bool>* cancel = nullptr;
};

struct PolicyResults {
  RunLog runs;                               // by replication
  BreakdownStats breakdown;                  // folded, in BreakdownLayout order
  std::vector<Breakdown> breakdown_runs;     // by replication, with keep_breakdown_runs
  std::vector<std::vector<DayValues>> days;  // [replication][day] with timeseries
  /// With ExperimentOptions::watch, by replication: first_short_at and backordered_units.
  std::vector<std::pair<double, double>> watched;
};

struct ExperimentResult {
  std::vector<PolicyResults> policies;  // in ExperimentOptions::policies order
  std::uint64_t first_replication = 0;
  std::uint64_t replications_done = 0;  // < requested only when cancelled
  std::uint64_t events = 0;
  bool cancelled = false;
};

/// Runs the experiment. Throws InvariantViolation (with checks on) or whatever the model throws.
ExperimentResult run_experiment(const ModelSetup& setup, const ExperimentOptions& options);

/// Runs options.replications more replications starting at options.first_replication, which
/// must be where `into` ends, and appends them (the breakdown keeps folding in order).
void extend_experiment(const ModelSetup& setup, const ExperimentOptions& options,
                       ExperimentResult& into);

}  // namespace jitsim::models
