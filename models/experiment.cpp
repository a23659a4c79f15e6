// File: models/experiment.cpp
#include "models/experiment.h"

#include <cmath>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

#include "models/simulation.h"

namespace jitsim::models {

namespace {
void fold_one(const std::vector<MetricValues>& skus, std::vector<SkuStats>& stats) {
  for (std::size_t s = 0; s < skus.size(); ++s) {
    for (std::size_t m = 0; m < kMetricCount; ++m) {
      if (!std::isnan(skus[s][m])) stats[s][m].add(skus[s][m]);
    }
  }
}
}  // namespace

void fold_sku_runs(const std::vector<std::vector<MetricValues>>& sku_runs,
                   std::vector<SkuStats>& stats) {
  for (const auto& skus : sku_runs) fold_one(skus, stats);
}

ExperimentResult run_experiment(const ModelSetup& setup, const ExperimentOptions& options) {
  ExperimentResult result;
  result.first_replication = options.first_replication;
  result.policies.resize(options.policies.size());
  for (PolicyResults& p : result.policies) {
    if (options.per_sku) p.per_sku.assign(setup.scenario.skus.size(), SkuStats{});
  }
  extend_experiment(setup, options, result);
  return result;
}

void extend_experiment(const ModelSetup& setup, const ExperimentOptions& options,
                       ExperimentResult& into) {
  const std::size_t n_policies = options.policies.size();
  const std::uint64_t total = options.replications;
  const std::size_t base = into.policies.empty() ? 0 : into.policies.front().runs.size();
  for (PolicyResults& p : into.policies) {
    p.runs.resize(base + total);
    if (options.keep_sku_runs) p.sku_runs.resize(base + total);
    if (options.timeseries) p.days.resize(base + total);
  }
  const bool fold = options.per_sku && !options.keep_sku_runs;

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

  auto worker = [&] {
    try {
      Simulation sim(setup);
      ReplicationOptions ro;
      ro.check_invariants = options.check_invariants;
      ro.per_sku = options.per_sku;
      ro.timeseries = options.timeseries;
      for (;;) {
        if (failed || (options.cancel && options.cancel->load())) return;
        const std::uint64_t i = next++;
        if (i >= total) return;
        std::vector<std::vector<MetricValues>> skus(fold ? n_policies : 0);
        for (std::size_t p = 0; p < n_policies; ++p) {
          ReplicationResult r = sim.run(options.policies[p], options.first_replication + i, ro);
          PolicyResults& out = into.policies[p];
          out.runs[base + i] = r.metrics;  // distinct slots: no lock needed
          events += r.events;
          if (options.timeseries) out.days[base + i] = std::move(r.days);
          if (options.keep_sku_runs) {
            out.sku_runs[base + i] = std::move(r.per_sku);
          } else if (fold) {
            skus[p] = std::move(r.per_sku);
          }
        }
        std::lock_guard lock(mutex);
        finished[i] = true;
        if (fold) {
          waiting.emplace(i, std::move(skus));
          for (auto it = waiting.find(next_to_fold); it != waiting.end();
               it = waiting.find(next_to_fold)) {
            for (std::size_t p = 0; p < n_policies; ++p)
              fold_one(it->second[p], into.policies[p].per_sku);
            waiting.erase(it);
            ++next_to_fold;
          }
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
      std::max(1u, std::min<unsigned>(options.threads,
                                      static_cast<unsigned>(std::max<std::uint64_t>(total, 1))));
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
  into.cancelled = prefix < total;
  into.replications_done = base + prefix;
  for (PolicyResults& p : into.policies) {
    p.runs.resize(base + prefix);
    if (options.keep_sku_runs) p.sku_runs.resize(base + prefix);
    if (options.timeseries) p.days.resize(base + prefix);
  }
  into.events += events;
}

}  // namespace jitsim::models
