// File: tests/sim/kernel_test.cpp
#include "sim/kernel.h"

#include <doctest/doctest.h>

#include <atomic>
#include <vector>

#include <boost/random/exponential_distribution.hpp>

#include "sim/random.h"

using jitsim::sim::Event;
using jitsim::sim::Kernel;
using jitsim::sim::Time;

TEST_SUITE("kernel") {
  TEST_CASE("run_until runs events strictly before the end and then sets the clock to it") {
    Kernel k;
    std::vector<Time> seen;
    k.schedule_at(1.0, {});
    k.schedule_at(2.0, {});
    k.schedule_at(5.0, {});
    k.run_until(5.0, [&](const Event&) { seen.push_back(k.now()); });
    CHECK(seen == std::vector<Time>{1.0, 2.0});
    CHECK(k.now() == 5.0);
    CHECK(k.pending() == 1);
    k.run_until(6.0, [&](const Event&) { seen.push_back(k.now()); });
    CHECK(seen.back() == 5.0);
    CHECK(k.events_executed() == 3);
  }

  TEST_CASE("events scheduled by a handler run in the same call when due") {
    Kernel k;
    int count = 0;
    k.schedule_in(0.5, {.kind = 1});
    k.run_until(10.0, [&](const Event& e) {
      ++count;
      if (e.kind == 1 && count < 5) k.schedule_in(1.0, {.kind = 1});
    });
    CHECK(count == 5);
    CHECK(k.idle());
  }

  TEST_CASE("scheduling in the past or at a non-finite time is an error") {
    Kernel k;
    k.schedule_at(2.0, {});
    k.run_until(3.0, [](const Event&) {});
    CHECK_THROWS_AS(k.schedule_at(2.5, {}), jitsim::sim::CausalityError);
    CHECK_THROWS_AS(k.schedule_in(-0.1, {}), jitsim::sim::CausalityError);
    CHECK_THROWS_AS(k.schedule_at(std::numeric_limits<double>::infinity(), {}),
                    jitsim::sim::CausalityError);
    CHECK_THROWS_AS(k.schedule_at(std::numeric_limits<double>::quiet_NaN(), {}),
                    jitsim::sim::CausalityError);
    CHECK_NOTHROW(k.schedule_at(3.0, {}));  // now itself is fine
  }

  TEST_CASE("stop returns from run_until after the current event") {
    Kernel k;
    for (int i = 1; i <= 5; ++i) k.schedule_at(i, {.payload = static_cast<std::uint64_t>(i)});
    std::uint64_t last = 0;
    k.run_until(100.0, [&](const Event& e) {
      last = e.payload;
      if (e.payload == 3) k.stop();
    });
    CHECK(last == 3);
    CHECK(k.stopped());
    CHECK(k.now() == 3.0);
    CHECK(k.pending() == 2);
  }

  TEST_CASE("a stop flag set by another party ends run_until within kPollEvents events") {
    Kernel k;
    std::atomic<bool> flag{false};
    k.set_stop_flag(&flag);
    // An endless chain of events: only the flag can end it.
    std::uint64_t ran = 0;
    k.schedule_at(0.0, {});
    k.run_until(1e300, [&](const Event&) {
      if (++ran == 10) flag = true;
      k.schedule_in(1.0, {});
    });
    CHECK(k.interrupted());
    CHECK(ran <= Kernel::kPollEvents);
    flag = false;
    k.run_until(k.now() + 5, [&](const Event&) { k.schedule_in(1.0, {}); });
    CHECK_FALSE(k.interrupted());
  }

  TEST_CASE("cancelled events never run") {
    Kernel k;
    const auto id = k.schedule_at(1.0, {.payload = 1});
    k.schedule_at(2.0, {.payload = 2});
    CHECK(k.cancel(id));
    std::vector<std::uint64_t> ran;
    k.run_until(10.0, [&](const Event& e) { ran.push_back(e.payload); });
    CHECK(ran == std::vector<std::uint64_t>{2});
  }

  TEST_CASE("step runs one event and reports idleness") {
    Kernel k;
    k.schedule_at(1.5, {.payload = 9});
    std::uint64_t got = 0;
    CHECK(k.step([&](const Event& e) { got = e.payload; }));
    CHECK(got == 9);
    CHECK(k.now() == 1.5);
    CHECK_FALSE(k.step([](const Event&) {}));
  }

  TEST_CASE("two runs of a random hold model with the same seed are identical event for event") {
    auto run = [](std::uint64_t seed) {
      Kernel k;
      auto engine = jitsim::sim::make_engine({.seed = seed});
      boost::random::exponential_distribution<double> exp1(1.0);
      for (std::uint64_t i = 0; i < 100; ++i) k.schedule_in(exp1(engine), {.payload = i});
      std::vector<std::pair<Time, std::uint64_t>> log;
      k.run_until(200.0, [&](const Event& e) {
        log.emplace_back(k.now(), e.payload);
        k.schedule_in(exp1(engine), e);
      });
      return log;
    };
    const auto a = run(11), b = run(11), c = run(12);
    CHECK(a.size() > 10000);
    CHECK(a == b);
    CHECK(a != c);
  }

  TEST_CASE("reset moves the clock to a start time (e.g. a negative warm-up start)") {
    Kernel k;
    k.reset(-60.0);
    CHECK(k.now() == -60.0);
    k.schedule_at(-59.0, {});
    int n = 0;
    k.run_until(0.0, [&](const Event&) { ++n; });
    CHECK(n == 1);
    CHECK(k.now() == 0.0);
  }
}
