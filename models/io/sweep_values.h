// -----------------------------------------------------------------------------
// File: models/io/sweep_values.h
// -----------------------------------------------------------------------------
// The values of a sweep axis as text: how outputs show them, how a point becomes a --set
// override, and how values typed on a command line (or read back from a manifest) become an
// axis of numbers, of text or of booleans.
#pragma once

#include <string>
#include <vector>

#include "models/model/scenario.h"

namespace jitsim::models {

/// The value at `v` of `axis` as the outputs show it: the number, or the label with index `v`.
std::string sweep_value_text(const SweepAxis& axis, double v);

/// The value at `v` as a --set value (a TOML value): text quoted as a TOML string, so a word
/// such as "none" or "1" stays a string; numbers and booleans as written.
std::string sweep_value_toml(const SweepAxis& axis, double v);

/// Makes `axis` hold `words` as typed: all numbers, a number axis; all `true`/`false`, a
/// boolean one; words that are neither, a text one. Returns why they cannot make one axis
/// (empty when they can): an empty word, numbers mixed with words, booleans mixed with text.
std::string set_sweep_values(SweepAxis& axis, const std::vector<std::string>& words);

}  // namespace jitsim::models
