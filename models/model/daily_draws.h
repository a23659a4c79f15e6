// -----------------------------------------------------------------------------
// File: models/model/daily_draws.h
// -----------------------------------------------------------------------------
// One draw per calendar day from a stream, the same for a given day whichever days are asked
// for: draws are made for every day in sequence, asked for or not. This keeps e.g. the lead
// time of day 120 identical under every policy although policies order on different days.
#pragma once

#include <cmath>

#include "sim/distribution.h"
#include "sim/random.h"

namespace jitsim::models {

class DailyDraws {
 public:
  /// Starts the sequence at day `first_day` from `engine`.
  void reset(const sim::Engine& engine, const sim::DistributionSpec& spec, double first_day) {
    engine_ = engine;
    sampler_ = sim::Sampler(spec);
    next_day_ = static_cast<long long>(std::floor(first_day));
    fixed_ = spec.kind == sim::DistributionKind::fixed;
    current_ = fixed_ ? spec.value : 0;
  }
  /// The draw of the day containing time `t` (days are asked for in non-decreasing order).
  double at(double t) {
    if (fixed_) return current_;  // a fixed value draws nothing: no day to step through
    const auto day = static_cast<long long>(std::floor(t));
    while (next_day_ <= day) {
      current_ = sampler_(engine_);
      ++next_day_;
    }
    return current_;
  }

 private:
  sim::Engine engine_;
  sim::Sampler sampler_;
  long long next_day_ = 0;
  bool fixed_ = false;
  double current_ = 0;
};

}  // namespace jitsim::models
