// -----------------------------------------------------------------------------
// File: models/agents/run_log.h
// -----------------------------------------------------------------------------
// One policy's metric values, one row per replication in replication order. Held in memory up
// to a budget shared by all logs and spilled to an unnamed temporary file beyond it
// (sim::RowLog: 8 MiB in all), so a run's memory does not grow with its replication count.
#pragma once

#include <algorithm>
#include <cstddef>

#include "models/model/metrics.h"
#include "sim/row_log.h"

namespace jitsim::models {

class RunLog {
 public:
  RunLog() : log_(kMetricCount) {}

  void push_back(const MetricValues& v) { log_.push_back(v.data()); }
  std::size_t size() const { return log_.size(); }
  bool empty() const { return log_.empty(); }
  /// Row `i`, by value (it may come from the file).
  MetricValues operator[](std::size_t i) const {
    MetricValues v;
    log_.row(i, v.data());
    return v;
  }
  /// Calls f(const MetricValues&) for every replication in order.
  template <class F>
  void for_each(F&& f) const {
    MetricValues v;
    log_.for_each_row([&](const double* row) {
      std::copy(row, row + kMetricCount, v.begin());
      f(v);
    });
  }
  const sim::RowLog& log() const { return log_; }

 private:
  sim::RowLog log_;
};

}  // namespace jitsim::models
