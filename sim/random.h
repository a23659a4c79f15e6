// -----------------------------------------------------------------------------
// File: sim/random.h
// -----------------------------------------------------------------------------
// Random streams keyed by (seed, replication, entity, purpose).
//
// Every random quantity in a model draws from its own stream, derived from the key alone,
// never from which thread runs a replication or in which order entities draw. Two runs that
// differ only in the policy (or the thread count) therefore see the same random futures:
// common random numbers.
#pragma once

#include <cstdint>
#include <string_view>

#include <boost/random/uniform_01.hpp>

#include "sim/philox.h"

namespace jitsim::sim {

/// The engine behind every stream: counter-based, 40 bytes, the same sequence on every
/// platform; Boost.Random's distributions turn its bits into variates.
using Engine = Philox4x32;

/// SplitMix64 finaliser: a bijective 64-bit mixer with good avalanche.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/// Stable 64-bit id of a name (FNV-1a then mixed), so an entity's stream does not depend on
/// where it stands in a file.
constexpr std::uint64_t name_id(std::string_view name) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return mix64(h);
}

/// Identifies one stream.
struct StreamKey {
  std::uint64_t seed = 0;
  std::uint64_t replication = 0;
  std::uint64_t entity = 0;   // e.g. name_id("server:3")
  std::uint64_t purpose = 0;  // a small constant chosen by the model (arrivals, service, ...)
};

/// 64-bit seed of the stream `key` (each field mixed in turn, so nearby keys give unrelated seeds).
std::uint64_t stream_seed(const StreamKey& key);

/// A freshly seeded engine for `key`.
Engine make_engine(const StreamKey& key);

/// Uniform variate on [0, 1).
inline double uniform01(Engine& engine) {
  return boost::random::uniform_01<double>{}(engine);
}

}  // namespace jitsim::sim
