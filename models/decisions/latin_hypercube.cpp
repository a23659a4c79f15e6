// File: models/decisions/latin_hypercube.cpp
#include "models/decisions/latin_hypercube.h"

#include <numeric>
#include <utility>

#include <boost/random/uniform_int_distribution.hpp>

#include "sim/random.h"

namespace jitsim::models {

std::vector<std::vector<double>> latin_hypercube(std::size_t points, std::size_t dimensions,
                                                 std::uint64_t seed) {
  std::vector<std::vector<double>> design(points, std::vector<double>(dimensions));
  if (points == 0 || dimensions == 0) return {};
  const double n = static_cast<double>(points);
  std::vector<std::size_t> perm(points);
  for (std::size_t j = 0; j < dimensions; ++j) {
    // One stream per dimension: adding a parameter leaves the earlier columns as they were.
    sim::Engine engine =
        sim::make_engine({seed, 0, sim::name_id("sensitivity:latin-hypercube"), j + 1});
    std::iota(perm.begin(), perm.end(), std::size_t{0});
    for (std::size_t i = points - 1; i > 0; --i) {  // Fisher-Yates
      boost::random::uniform_int_distribution<std::size_t> pick(0, i);
      std::swap(perm[i], perm[pick(engine)]);
    }
    for (std::size_t i = 0; i < points; ++i) {
      design[i][j] = (static_cast<double>(perm[i]) + sim::uniform01(engine)) / n;
    }
  }
  return design;
}

}  // namespace jitsim::models
