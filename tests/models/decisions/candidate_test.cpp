// File: tests/models/decisions/candidate_test.cpp
// Candidates add replications in blocks that continue the same random futures.
#include <doctest/doctest.h>

#include <vector>

#include "model_test_support.h"
#include "models/decisions/candidate.h"

namespace m = jitsim::models;
using namespace jitsim::testing;

namespace {

m::Scenario two_policies() {
  Chain c;
  c.scenario = "horizon_days = 200\nwarmup_days = 20\nseed = 11";
  c.policies =
      "[[policies]]\nname = \"low\"\nkind = \"base_stock\"\nlevel = 5\n"
      "[[policies]]\nname = \"high\"\nkind = \"base_stock\"\nlevel = 12";
  return c.load();
}

}  // namespace

TEST_CASE("replications added in blocks equal the same replications run at once") {
  m::Candidate blocks(two_policies(), {0, 1});
  m::Candidate once(two_policies(), {0, 1});
  const m::RunSettings settings;
  m::RunSettings two_threads;
  two_threads.threads = 2;
  REQUIRE(blocks.run_more(3, settings));
  REQUIRE(blocks.run_more(5, settings));
  REQUIRE(once.run_more(8, two_threads));
  REQUIRE(blocks.replications() == 8);
  for (std::size_t slot = 0; slot < 2; ++slot) {
    const std::vector<double> a = blocks.values(slot, m::Metric::total_cost);
    const std::vector<double> b = once.values(slot, m::Metric::total_cost);
    REQUIRE(a.size() == 8);
    CHECK(a == b);  // bit for bit
  }
  // The two policies differ, so the check above compares something.
  CHECK(blocks.values(0, m::Metric::fill_rate) != blocks.values(1, m::Metric::fill_rate));
}

TEST_CASE("metrics are found by their contract names") {
  REQUIRE(m::find_metric("fill_rate") != nullptr);
  CHECK(*m::find_metric("fill_rate") == m::Metric::fill_rate);
  CHECK(*m::find_metric("time_to_recover_days") == m::Metric::time_to_recover_days);
  CHECK(m::find_metric("fillrate") == nullptr);
}
