// File: tests/sim/random_test.cpp
#include "sim/random.h"

#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <set>
#include <vector>

using namespace jitsim::sim;

TEST_SUITE("random") {
  TEST_CASE("the engine is Philox4x32-10 keyed by the stream seed") {
    const StreamKey key{.seed = 1, .replication = 2, .entity = 3, .purpose = 4};
    Engine e = make_engine(key);
    Philox4x32 p(stream_seed(key));
    for (int i = 0; i < 5; ++i) CHECK(e() == p());
    CHECK(sizeof(Engine) <= 48);  // small enough for one record per item-location
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

TEST_CASE("Philox4x32-10 matches the published known answers (Random123 kat_vectors)") {
  using P = jitsim::sim::Philox4x32;
  CHECK(P::block({0, 0, 0, 0}, {0, 0}) ==
        std::array<std::uint32_t, 4>{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u});
  CHECK(
      P::block({0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}, {0xffffffffu, 0xffffffffu}) ==
      std::array<std::uint32_t, 4>{0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu});
  CHECK(
      P::block({0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}, {0xa4093822u, 0x299f31d0u}) ==
      std::array<std::uint32_t, 4>{0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u});
  // The engine hands out the blocks of counters 0, 1, ... two 64-bit words each.
  P e(0);
  const auto b0 = P::block({0, 0, 0, 0}, {0, 0});
  const auto b1 = P::block({1, 0, 0, 0}, {0, 0});
  CHECK(e() == (std::uint64_t{b0[0]} | std::uint64_t{b0[1]} << 32));
  CHECK(e() == (std::uint64_t{b0[2]} | std::uint64_t{b0[3]} << 32));
  CHECK(e() == (std::uint64_t{b1[0]} | std::uint64_t{b1[1]} << 32));
}
