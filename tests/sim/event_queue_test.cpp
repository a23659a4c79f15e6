// File: tests/sim/event_queue_test.cpp
#include "sim/event_queue.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include <boost/random/uniform_int_distribution.hpp>

#include "sim/random.h"

using jitsim::sim::Event;
using jitsim::sim::EventQueue;
using jitsim::sim::Time;

namespace {
std::vector<std::uint64_t> drain(EventQueue& q) {
  std::vector<std::uint64_t> payloads;
  while (!q.empty()) {
    Time t;
    Event e;
    q.pop(t, e);
    payloads.push_back(e.payload);
  }
  return payloads;
}
}  // namespace

TEST_SUITE("event_queue") {
  TEST_CASE("events pop in time order") {
    EventQueue q;
    q.push(3.0, 0, {.payload = 3});
    q.push(1.0, 0, {.payload = 1});
    q.push(2.0, 0, {.payload = 2});
    CHECK(drain(q) == std::vector<std::uint64_t>{1, 2, 3});
  }

  TEST_CASE("equal times pop by priority, then in scheduling order") {
    EventQueue q;
    for (std::uint64_t i = 0; i < 20; ++i) q.push(5.0, 7, {.payload = i});
    q.push(5.0, 3, {.payload = 100});  // lower priority value runs first
    const auto order = drain(q);
    REQUIRE(order.size() == 21);
    CHECK(order[0] == 100);
    for (std::uint64_t i = 0; i < 20; ++i) CHECK(order[i + 1] == i);
  }

  TEST_CASE("a random mix pops sorted by (time, priority, sequence)") {
    EventQueue q;
    auto engine = jitsim::sim::make_engine({.seed = 7});
    boost::random::uniform_int_distribution<int> small(0, 9);
    struct Key {
      Time t;
      int prio;
      std::uint64_t seq;
    };
    std::vector<Key> keys;
    for (std::uint64_t i = 0; i < 5000; ++i) {
      const Key k{static_cast<Time>(small(engine)), small(engine), i};
      keys.push_back(k);
      q.push(k.t, static_cast<jitsim::sim::Priority>(k.prio), {.payload = i});
    }
    std::stable_sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
      return a.t < b.t || (a.t == b.t && a.prio < b.prio);
    });
    const auto order = drain(q);
    REQUIRE(order.size() == keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) CHECK(order[i] == keys[i].seq);
  }

  TEST_CASE("cancel removes a pending event and refuses stale handles") {
    EventQueue q;
    const auto a = q.push(1.0, 0, {.payload = 1});
    const auto b = q.push(2.0, 0, {.payload = 2});
    q.push(3.0, 0, {.payload = 3});
    CHECK(q.cancel(a));
    CHECK_FALSE(q.cancel(a));  // twice
    CHECK(q.size() == 2);
    CHECK(q.next_time() == 2.0);
    Time t;
    Event e;
    q.pop(t, e);
    CHECK(e.payload == 2);
    CHECK_FALSE(q.cancel(b));  // already ran
    // The freed slot is reused; the old handle must not cancel the new event.
    q.push(4.0, 0, {.payload = 4});
    CHECK_FALSE(q.cancel(a));
    CHECK(drain(q) == std::vector<std::uint64_t>{3, 4});
  }

  TEST_CASE("cancelling everything leaves the queue empty") {
    EventQueue q;
    std::vector<jitsim::sim::EventId> ids;
    for (int i = 0; i < 10; ++i) ids.push_back(q.push(i, 0, {}));
    for (auto id : ids) CHECK(q.cancel(id));
    CHECK(q.empty());
    CHECK(q.size() == 0);
  }
}

TEST_CASE("FIFO order survives the renumbering of sequence numbers") {
  EventQueue q;
  q.set_next_sequence_for_testing((std::uint64_t{1} << 32) - 3);
  for (std::uint64_t i = 0; i < 8; ++i) q.push(1.0, 0, {.payload = i});  // crosses 2^32
  q.push(0.5, 0, {.payload = 100});
  CHECK(drain(q) == std::vector<std::uint64_t>{100, 0, 1, 2, 3, 4, 5, 6, 7});
}

TEST_CASE("negative times order correctly (warm-up runs before day 0)") {
  EventQueue q;
  q.push(0.0, 0, {.payload = 3});
  q.push(-60.0, 0, {.payload = 1});
  q.push(-0.5, 0, {.payload = 2});
  q.push(1e-300, 0, {.payload = 4});
  q.push(-1e-300, 0, {.payload = 0});  // smallest magnitude negative after -0.5
  Time t;
  Event e;
  q.pop(t, e);
  CHECK(t == -60.0);
  CHECK(drain(q) == std::vector<std::uint64_t>{2, 0, 3, 4});
}

TEST_CASE("a default handle names no event, even after slots were reused many times") {
  EventQueue q;
  for (int i = 0; i < 32768; ++i) {  // slot 0 is reused until its 16-bit stamp wraps to 0
    q.push(i, 0, {});
    Time t;
    Event e;
    q.pop(t, e);
  }
  q.push(1e6, 0, {.payload = 1});
  CHECK_FALSE(q.cancel(jitsim::sim::EventId{}));
  CHECK(q.size() == 1);
}
