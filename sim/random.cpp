// File: sim/random.cpp
#include "sim/random.h"

namespace jitsim::sim {

std::uint64_t stream_seed(const StreamKey& key) {
  std::uint64_t h = mix64(key.seed);
  h = mix64(h ^ key.replication);
  h = mix64(h ^ key.entity);
  h = mix64(h ^ key.purpose);
  return h;
}

Engine make_engine(const StreamKey& key) {
  return Engine{stream_seed(key)};
}

}  // namespace jitsim::sim
