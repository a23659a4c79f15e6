// -----------------------------------------------------------------------------
// File: sim/batched_draws.h
// -----------------------------------------------------------------------------
// Exponential draws made a batch at a time and handed out in order. The values and their order
// are exactly those of one draw per call from the same engine; only the timing differs. One
// draw is a chain of dependent cycles (engine, ziggurat, division): drawn one per
// event it sits on the critical path of every event, while the draws of a batch are
// independent and the processor overlaps them (bench/RESULTS.md, "hot path").
#pragma once

#include <array>
#include <cstddef>

#include <boost/random/exponential_distribution.hpp>

#include "sim/random.h"

namespace jitsim::sim {

template <std::size_t N = 16>
class BatchedExponential {
 public:
  /// Forgets any drawn values; the next call draws a new batch at `rate`.
  void reset(double rate) {
    rate_ = rate;
    next_ = N;
  }

  /// The next Exp(rate) value of `engine`'s sequence.
  double next(Engine& engine) {
    if (next_ == N) {
      boost::random::exponential_distribution<double> exp(rate_);
      for (double& v : values_) v = exp(engine);
      next_ = 0;
    }
    return values_[next_++];
  }

 private:
  std::array<double, N> values_{};
  std::size_t next_ = N;
  double rate_ = 1;
};

}  // namespace jitsim::sim
