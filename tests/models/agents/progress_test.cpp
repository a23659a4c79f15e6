// File: tests/models/agents/progress_test.cpp
// Progress within replications: one long replication reports how far it has got.
#include <doctest/doctest.h>

#include <vector>

#include "model_test_support.h"
#include "models/agents/experiment.h"

namespace m = jitsim::models;
using namespace jitsim::testing;

TEST_CASE("progress counts shares of the replications under way, rising to the total") {
  Chain c;
  c.scenario = "horizon_days = 2000\nwarmup_days = 100\nseed = 5";
  c.sku = "unit_cost = 10\nprice = 20\ndemand = { orders_per_day = 50 }";
  const m::Scenario sc = c.load();
  const m::ModelSetup setup(sc);
  for (const unsigned threads : {1u, 2u}) {
    m::ExperimentOptions eo;
    eo.policies = {0};
    eo.replications = 2;
    eo.threads = threads;
    std::vector<double> seen;
    eo.progress = [&](double done, std::uint64_t total) {
      CHECK(total == 2);
      seen.push_back(done);
    };
    const m::ExperimentResult r = m::run_experiment(setup, eo);
    REQUIRE(r.replications_done == 2);
    // ~100,000 events per replication: many reports inside each, none past the total.
    REQUIRE(seen.size() > 20);
    std::size_t inside_first = 0;
    for (const double d : seen) {
      CHECK(d >= 0);
      CHECK(d <= 2);
      if (d > 0 && d < 1) ++inside_first;
    }
    CHECK(inside_first > 5);
    CHECK(seen.back() == 2);
    if (threads == 1) {  // one worker: the count never goes back
      for (std::size_t i = 1; i < seen.size(); ++i) CHECK(seen[i] >= seen[i - 1]);
    }
  }
}
