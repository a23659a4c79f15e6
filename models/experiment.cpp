// File: models/experiment.cpp
#include "models/experiment.h"

#include <exception>
#include <map>
#include <mutex>
#include <thread>

#include "models/simulation.h"

namespace jitsim::models {

ExperimentResult run_experiment(const ModelSetup& setup, const ExperimentOptions& options) {
  const std::size_t n_policies = options.policies.size();
  const std::uint64_t total = options.replications;
  ExperimentResult result;
  result.policies.resize(n_policies);
  for (PolicyResults& p : result.policies) {
    p.runs.assign(total, MetricValues{});
    if (options.per_sku) p.per_sku.assign(setup.scenario.skus.size(), SkuStats{});
  }

  std::atomic<std::uint64_t> next{0};
  std::atomic<std::uint64_t> events{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;  // guards everything below
  std::exception_ptr error;
  std::uint64_t done = 0;
  // Per-SKU values of finished replications wait here until every earlier one is folded.
  std::map<std::uint64_t, std::vector<std::vector<MetricValues>>> waiting;
  std::uint64_t next_to_fold = 0;
  std::vector<bool> finished(total, false);

  auto fold_ready = [&] {  // with the mutex held
    for (auto it = waiting.find(next_to_fold); it != waiting.end();
         it = waiting.find(next_to_fold)) {
      for (std::size_t p = 0; p < n_policies; ++p) {
        const auto& skus = it->second[p];
        for (std::size_t s = 0; s < skus.size(); ++s) {
          for (std::size_t m = 0; m < kMetricCount; ++m) {
            if (!std::isnan(skus[s][m])) result.policies[p].per_sku[s][m].add(skus[s][m]);
          }
        }
      }
      waiting.erase(it);
      ++next_to_fold;
    }
  };

  auto worker = [&] {
    try {
      Simulation sim(setup);
      ReplicationOptions ro;
      ro.check_invariants = options.check_invariants;
      ro.per_sku = options.per_sku;
      for (;;) {
        if (failed || (options.cancel && options.cancel->load())) return;
        const std::uint64_t i = next++;
        if (i >= total) return;
        std::vector<std::vector<MetricValues>> skus(options.per_sku ? n_policies : 0);
        for (std::size_t p = 0; p < n_policies; ++p) {
          ReplicationResult r = sim.run(options.policies[p], options.first_replication + i, ro);
          result.policies[p].runs[i] = r.metrics;  // distinct slots: no lock needed
          events += r.events;
          if (options.per_sku) skus[p] = std::move(r.per_sku);
        }
        std::lock_guard lock(mutex);
        finished[i] = true;
        if (options.per_sku) {
          waiting.emplace(i, std::move(skus));
          fold_ready();
        }
        ++done;
        if (options.progress) options.progress(done, total);
      }
    } catch (...) {
      std::lock_guard lock(mutex);
      if (!error) error = std::current_exception();
      failed = true;
    }
  };

  const unsigned threads =
      std::max(1u, std::min<unsigned>(options.threads, static_cast<unsigned>(total)));
  if (threads == 1) {
    worker();
  } else {
    std::vector<std::jthread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
  }
  if (error) std::rethrow_exception(error);

  // A cancelled run keeps the leading run of finished replications (a clean prefix).
  std::uint64_t prefix = 0;
  while (prefix < total && finished[prefix]) ++prefix;
  result.replications_done = prefix;
  result.cancelled = prefix < total;
  for (PolicyResults& p : result.policies) p.runs.resize(prefix);
  result.events = events;
  return result;
}

}  // namespace jitsim::models
