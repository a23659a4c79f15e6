// File: models/agents/experiment.cpp
#include "models/agents/experiment.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

#include "models/agents/simulation.h"

namespace jitsim::models {

ExperimentResult run_experiment(const ModelSetup& setup, const ExperimentOptions& options) {
  ExperimentResult result;
  result.first_replication = options.first_replication;
  result.policies.resize(options.policies.size());
  for (PolicyResults& p : result.policies) {
    if (options.breakdown) p.breakdown.assign(BreakdownLayout(setup).size(), {});
  }
  extend_experiment(setup, options, result);
  return result;
}

void extend_experiment(const ModelSetup& setup, const ExperimentOptions& options,
                       ExperimentResult& into) {
  const std::size_t n_policies = options.policies.size();
  const std::uint64_t total = options.replications;
  const std::size_t base = into.policies.empty() ? 0 : into.policies.front().runs.size();
  const bool fold_breakdown = options.breakdown && !options.keep_breakdown_runs;
  const BreakdownLayout layout(setup);
  const unsigned threads =
      std::max(1u, std::min<unsigned>(options.threads,
                                      static_cast<unsigned>(std::max<std::uint64_t>(total, 1))));
  // How far a thread may run ahead of the oldest unfinished replication: bounds what waits.
  const std::uint64_t window = 8 * static_cast<std::uint64_t>(threads);

  auto stop_asked = [&] { return options.cancel && options.cancel->load(); };
  std::atomic<std::uint64_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;  // guards everything below
  std::condition_variable appended;
  std::exception_ptr error;
  // Finished replications wait here (by index) until every earlier one is appended.
  struct Finished {
    std::vector<ReplicationResult> policies;
  };
  std::map<std::uint64_t, Finished> waiting;
  std::uint64_t next_to_append = 0;
  // Per worker: the share of its replication under way (all policies), for the progress.
  std::vector<std::atomic<double>> under_way(threads);
  auto report_progress = [&] {  // under the lock
    double done = static_cast<double>(next_to_append + waiting.size());
    for (const auto& share : under_way) done += share.load(std::memory_order_relaxed);
    options.progress(done, total);
  };

  auto append = [&](Finished& f) {  // under the lock, in replication order
    for (std::size_t p = 0; p < n_policies; ++p) {
      PolicyResults& out = into.policies[p];
      ReplicationResult& r = f.policies[p];
      out.runs.push_back(r.metrics);
      into.events += r.events;
      if (options.timeseries) out.days.push_back(std::move(r.days));
      if (options.watch) out.watched.emplace_back(r.first_short_at, r.backordered_units);
      if (options.keep_breakdown_runs) {
        out.breakdown_runs.push_back(flatten(layout, r));
      } else if (fold_breakdown) {
        fold(flatten(layout, r), out.breakdown);
      }
    }
  };

  auto worker = [&](unsigned slot) {
    try {
      Simulation sim(setup);
      std::size_t policy_at = 0;  // of the replication under way
      const std::function<void(double)> on_share = [&](double share) {
        under_way[slot].store(
            (static_cast<double>(policy_at) + share) / static_cast<double>(n_policies),
            std::memory_order_relaxed);
        const std::unique_lock lock(mutex, std::try_to_lock);  // skipped when busy: cheap
        if (lock.owns_lock()) report_progress();
      };
      ReplicationOptions ro;
      if (options.progress) ro.progress = &on_share;
      ro.check_invariants = options.check_invariants;
      ro.per_sku = ro.per_site = options.breakdown;
      ro.timeseries = options.timeseries;
      ro.cancel = options.cancel;
      ro.watch = options.watch;
      for (;;) {
        if (failed || stop_asked()) return;
        const std::uint64_t i = next++;
        if (i >= total) return;
        {
          std::unique_lock lock(mutex);
          while (i >= next_to_append + window && !failed && !stop_asked()) {
            // Timed, as a signal sets the cancel flag without notifying.
            appended.wait_for(lock, std::chrono::milliseconds(50));
          }
          if (failed || stop_asked()) return;
        }
        Finished f;
        f.policies.reserve(n_policies);
        for (std::size_t p = 0; p < n_policies; ++p) {
          policy_at = p;
          f.policies.push_back(sim.run(options.policies[p], options.first_replication + i, ro));
          if (f.policies.back().interrupted) return;  // dropped, unfinished
        }
        std::lock_guard lock(mutex);
        under_way[slot].store(0, std::memory_order_relaxed);
        waiting.emplace(i, std::move(f));
        for (auto it = waiting.find(next_to_append); it != waiting.end();
             it = waiting.find(next_to_append)) {
          append(it->second);
          waiting.erase(it);
          ++next_to_append;
          if (options.progress) report_progress();
        }
        appended.notify_all();
      }
    } catch (...) {
      std::lock_guard lock(mutex);
      if (!error) error = std::current_exception();
      failed = true;
      appended.notify_all();
    }
  };

  if (threads == 1) {
    worker(0);
  } else {
    std::vector<std::jthread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker, t);
  }
  if (error) std::rethrow_exception(error);

  // A cancelled run keeps what was appended: the leading run of finished replications.
  into.cancelled = next_to_append < total;
  into.replications_done = base + next_to_append;
}

}  // namespace jitsim::models
