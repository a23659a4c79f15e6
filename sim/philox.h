// -----------------------------------------------------------------------------
// File: sim/philox.h
// -----------------------------------------------------------------------------
// Philox4x32-10 (Salmon, Moraes, Dror and Shaw, "Parallel random numbers: as easy as 1, 2, 3",
// SC 2011) as a 64-bit engine for Boost.Random's distributions. A counter-based generator: the
// n-th block of output is a keyed bijection of n, so a stream is its 64-bit key and a counter.
// That is 40 bytes of state instead of the Mersenne Twister's 2.5 KB, and seeding costs
// nothing: a catalogue of 100,000 SKUs with several streams each fits in cache-friendly
// records, and distinct keys give unrelated streams (the property the paper tests with
// TestU01's BigCrush).
#pragma once

#include <array>
#include <cstdint>

namespace jitsim::sim {

class Philox4x32 {
 public:
  using result_type = std::uint64_t;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }

  Philox4x32() = default;
  explicit Philox4x32(std::uint64_t key)
      : key_{static_cast<std::uint32_t>(key), static_cast<std::uint32_t>(key >> 32)} {}

  result_type operator()() {
    if (used_ == 2) refill();
    return out_[used_++];
  }

  /// The ten-round block of (counter, key), for the known-answer tests.
  static std::array<std::uint32_t, 4> block(std::array<std::uint32_t, 4> c,
                                            std::array<std::uint32_t, 2> k) {
    for (int round = 0; round < 10; ++round) {
      if (round > 0) {
        k[0] += 0x9E3779B9u;  // Weyl sequence of the key (golden ratio, sqrt(3) - 1)
        k[1] += 0xBB67AE85u;
      }
      const std::uint64_t p0 = std::uint64_t{0xD2511F53u} * c[0];
      const std::uint64_t p1 = std::uint64_t{0xCD9E8D57u} * c[2];
      c = {static_cast<std::uint32_t>(p1 >> 32) ^ c[1] ^ k[0], static_cast<std::uint32_t>(p1),
           static_cast<std::uint32_t>(p0 >> 32) ^ c[3] ^ k[1], static_cast<std::uint32_t>(p0)};
    }
    return c;
  }

 private:
  void refill() {
    const auto b = block(
        {static_cast<std::uint32_t>(counter_), static_cast<std::uint32_t>(counter_ >> 32), 0, 0},
        key_);
    ++counter_;
    out_[0] = std::uint64_t{b[0]} | std::uint64_t{b[1]} << 32;
    out_[1] = std::uint64_t{b[2]} | std::uint64_t{b[3]} << 32;
    used_ = 0;
  }

  std::uint64_t counter_ = 0;
  std::array<std::uint32_t, 2> key_{};
  std::array<std::uint64_t, 2> out_{};
  std::uint32_t used_ = 2;  // outputs of out_ already handed out
};

}  // namespace jitsim::sim
