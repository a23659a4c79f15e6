// File: tests/models/model/daily_draws_test.cpp
#include "models/model/daily_draws.h"

#include <doctest/doctest.h>

#include <vector>

using jitsim::models::DailyDraws;
using jitsim::sim::DistributionKind;
using jitsim::sim::DistributionSpec;

TEST_CASE("DailyDraws: a day's draw is the same whichever days are asked for") {
  const auto engine = jitsim::sim::make_engine({.seed = 3});
  const DistributionSpec uniform{.kind = DistributionKind::uniform, .min = 0, .max = 1};
  DailyDraws every_day, some_days;
  every_day.reset(engine, uniform, -10.5);  // starts at day -11
  some_days.reset(engine, uniform, -10.5);
  std::vector<double> by_day;
  for (int day = -11; day < 40; ++day) by_day.push_back(every_day.at(day + 0.25));
  for (const int day : {-11, -3, -3, 7, 8, 39}) {
    CHECK(some_days.at(day + 0.75) == by_day[static_cast<std::size_t>(day + 11)]);
  }
  CHECK(by_day[0] != by_day[1]);  // a new draw each day
}

TEST_CASE("DailyDraws: a fixed value is returned every day") {
  DailyDraws draws;
  draws.reset(jitsim::sim::make_engine({.seed = 3}), DistributionSpec::constant(4.5), 0);
  CHECK(draws.at(0) == 4.5);
  CHECK(draws.at(1e6) == 4.5);
  // Reset to another distribution, the sequence draws again.
  draws.reset(jitsim::sim::make_engine({.seed = 3}),
              {.kind = DistributionKind::uniform, .min = 0, .max = 1}, 0);
  const double first = draws.at(0.5);
  CHECK(first != draws.at(1.5));
  CHECK(first < 1);
}
