// File: tests/models/agents/pool_test.cpp
#include "models/agents/pool.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <set>

#include <boost/random/uniform_int_distribution.hpp>

#include "sim/random.h"

using jitsim::models::Pool;
using jitsim::models::Ring;

namespace {
struct Record {  // an odd size (40 bytes), like the model's records
  std::uint64_t a = 0, b = 0, c = 0, d = 0;
  std::uint32_t e = 0;
};
}  // namespace

TEST_CASE("Ring is a FIFO queue across growth and wrap-around") {
  Ring<Record> ring;
  std::deque<std::uint64_t> reference;
  auto engine = jitsim::sim::make_engine({.seed = 7});
  boost::random::uniform_int_distribution<int> op(0, 9);
  std::uint64_t next = 0;
  for (int i = 0; i < 20'000; ++i) {
    // Phases that mostly push, then mostly pop: the buffer grows while its head is mid-way.
    const bool pushing = (i / 2'000) % 2 == 0 ? op(engine) < 7 : op(engine) < 3;
    if (pushing || reference.empty()) {
      if (next % 2 == 0) {
        ring.push_back({next, 0, 0, 0, 0});
      } else {
        ring.emplace_back_for_overwrite().a = next;
      }
      reference.push_back(next++);
    } else if (op(engine) < 8) {
      REQUIRE(ring.front().a == reference.front());
      ring.pop_front();
      reference.pop_front();
    } else {  // several at once, across the wrap-around too
      const std::size_t n = std::min<std::size_t>(reference.size(), 1 + next % 5);
      ring.pop_front(n);
      reference.erase(reference.begin(), reference.begin() + static_cast<std::ptrdiff_t>(n));
      if (!reference.empty()) REQUIRE(ring.front().a == reference.front());
    }
    REQUIRE(ring.size() == reference.size());
    if (!reference.empty()) {
      CHECK(ring[ring.size() - 1].a == reference.back());
      CHECK(ring[ring.size() / 2].a == reference[reference.size() / 2]);
    }
  }
  CHECK(next > 9'000);
  ring.clear();
  CHECK(ring.empty());
  ring.push_back({42, 0, 0, 0, 0});
  CHECK(ring.front().a == 42);
}

TEST_CASE("Pool gives stable indices and recycles released ones") {
  Pool<Record> pool;
  const std::uint32_t a = pool.acquire({1, 0, 0, 0, 0});
  const std::uint32_t b = pool.acquire({2, 0, 0, 0, 0});
  CHECK(a != b);
  CHECK(pool[a].a == 1);
  CHECK(pool[b].a == 2);
  pool.release(a);
  CHECK(pool.in_use() == 1);
  const std::uint32_t c = pool.acquire({3, 0, 0, 0, 0});
  CHECK(c == a);  // recycled: no growth
  CHECK(pool[c].a == 3);
  CHECK(pool[b].a == 2);
  std::set<std::uint32_t> seen{b, c};
  for (int i = 0; i < 100; ++i) seen.insert(pool.acquire({}));
  CHECK(seen.size() == 102);
  CHECK(pool.in_use() == 102);
  pool.clear();
  CHECK(pool.in_use() == 0);
}
