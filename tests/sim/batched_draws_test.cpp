// File: tests/sim/batched_draws_test.cpp
#include "sim/batched_draws.h"

#include <doctest/doctest.h>

#include <boost/random/exponential_distribution.hpp>

TEST_CASE("batched exponential draws are the one-at-a-time draws, in order") {
  using jitsim::sim::Engine;
  for (double rate : {0.25, 3.0, 400.0}) {
    Engine batched_engine(42), plain_engine(42);
    jitsim::sim::BatchedExponential<16> batched;
    batched.reset(rate);
    boost::random::exponential_distribution<double> plain(rate);
    // 100 values cross six batch boundaries; every value must be bit-identical.
    for (int i = 0; i < 100; ++i) REQUIRE(batched.next(batched_engine) == plain(plain_engine));
    // reset() drops the rest of a batch: the next value is a fresh draw from the engine,
    // which has run ahead to the end of the current batch.
    batched.reset(rate);
    for (int i = 100; i < 112; ++i) plain(plain_engine);  // the 12 drawn but not handed out
    CHECK(batched.next(batched_engine) == plain(plain_engine));
  }
}
