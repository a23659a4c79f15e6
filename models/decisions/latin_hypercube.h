// -----------------------------------------------------------------------------
// File: models/decisions/latin_hypercube.h
// -----------------------------------------------------------------------------
// A Latin hypercube design on the unit cube (McKay, Beckman and Conover, 1979): n points in d
// dimensions such that, in every dimension, each of the n strata [k/n, (k+1)/n) holds exactly
// one point. The strata are paired at random across dimensions (one random permutation per
// dimension) and each point lies at a random place inside its stratum. The randomness comes
// from the project's counter-based streams keyed by the seed, so a seed gives the same design
// on every machine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace jitsim::models {

/// `points` rows of `dimensions` values in [0, 1): row i, column j is
/// (perm_j[i] + u_ij) / points with perm_j a random permutation of 0..points-1 and u_ij uniform
/// on [0, 1). Empty when points or dimensions is 0.
std::vector<std::vector<double>> latin_hypercube(std::size_t points, std::size_t dimensions,
                                                 std::uint64_t seed);

}  // namespace jitsim::models
