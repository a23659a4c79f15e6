// -----------------------------------------------------------------------------
// File: models/sha256.h
// -----------------------------------------------------------------------------
// SHA-256 (FIPS 180-4) of a byte string, as 64 lowercase hex digits. Used to fingerprint the
// resolved scenario in run outputs and the golden summaries.
#pragma once

#include <string>
#include <string_view>

namespace jitsim::models {

std::string sha256_hex(std::string_view data);

}  // namespace jitsim::models
