// File: tests/sim/random_test.cpp
#include "sim/random.h"

#include <doctest/doctest.h>

#include <cmath>
#include <set>
#include <vector>

using namespace jitsim::sim;

TEST_SUITE("random") {
  TEST_CASE("the engine is the standard 64-bit Mersenne Twister") {
    Engine e;  // default seed 5489
    Engine::result_type x = 0;
    for (int i = 0; i < 10000; ++i) x = e();
    CHECK(x == 9981545732273789042ULL);  // value fixed by the C++ standard [rand.predef]
  }

  TEST_CASE("a stream depends only on its key") {
    const StreamKey key{.seed = 42, .replication = 3, .entity = name_id("sku:a"), .purpose = 1};
    Engine a = make_engine(key);
    Engine b = make_engine(key);
    // Drawing from an unrelated stream in between changes nothing (no shared state).
    Engine other = make_engine({.seed = 42, .replication = 3, .entity = name_id("sku:b")});
    for (int i = 0; i < 100; ++i) {
      other();
      CHECK(a() == b());
    }
  }

  TEST_CASE("every field of the key changes the stream") {
    std::set<std::uint64_t> seeds;
    for (std::uint64_t s = 0; s < 4; ++s)
      for (std::uint64_t r = 0; r < 4; ++r)
        for (std::uint64_t e = 0; e < 4; ++e)
          for (std::uint64_t p = 0; p < 4; ++p) seeds.insert(stream_seed({s, r, e, p}));
    CHECK(seeds.size() == 256);
    // Swapping fields must not collide either.
    CHECK(stream_seed({1, 2, 0, 0}) != stream_seed({2, 1, 0, 0}));
  }

  TEST_CASE("neighbouring streams are uncorrelated") {
    constexpr int n = 200000;
    Engine a = make_engine({.seed = 1, .replication = 0});
    Engine b = make_engine({.seed = 1, .replication = 1});
    double sa = 0, sb = 0, sab = 0, saa = 0, sbb = 0;
    for (int i = 0; i < n; ++i) {
      const double x = uniform01(a), y = uniform01(b);
      sa += x, sb += y, sab += x * y, saa += x * x, sbb += y * y;
    }
    const double cov = sab / n - (sa / n) * (sb / n);
    const double r = cov / std::sqrt((saa / n - sa * sa / n / n) * (sbb / n - sb * sb / n / n));
    CHECK(std::abs(r) < 4.0 / std::sqrt(n));  // 4 standard errors of a null correlation
    CHECK(std::abs(sa / n - 0.5) < 4.0 * std::sqrt(1.0 / 12 / n));
  }

  TEST_CASE("name ids are stable and distinct") {
    CHECK(name_id("supplier:shenzhen") == name_id("supplier:shenzhen"));
    CHECK(name_id("a") != name_id("b"));
    CHECK(name_id("") != name_id(" "));
  }
}
