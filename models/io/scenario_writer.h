// -----------------------------------------------------------------------------
// File: models/io/scenario_writer.h
// -----------------------------------------------------------------------------
// The resolved scenario as TOML (what `jitsim validate` prints and `--out` saves as
// scenario.resolved.toml): extends and --set applied, defaults written out, skus_file rows
// inlined as [[skus]], traces referenced by their file as written.
#pragma once

#include <string>

#include "models/model/scenario.h"

namespace jitsim::models {

/// Deterministic TOML for `s`; numbers in shortest round-trip form. Loading the text again
/// (with the same base directory, for traces) gives a Scenario equal to `s`. Unlimited
/// capacities (nullopt) are left out, with a comment saying so.
std::string to_toml(const Scenario& s);

}  // namespace jitsim::models
