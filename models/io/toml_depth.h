// -----------------------------------------------------------------------------
// File: models/io/toml_depth.h
// -----------------------------------------------------------------------------
// A lexical pre-check of TOML text for dotted keys too long to parse safely. toml++ builds and
// destroys the tables of a dotted key (`[a.b.c]`, `a.b.c = 1`) recursively, so a key of some
// 100,000 parts overflows the stack inside the parser, before the loader's nesting limit can
// see the tree. Inline tables and arrays need no such check: toml++ caps them at 256 levels.
#pragma once

#include <cstddef>
#include <string_view>

namespace jitsim::models {

/// Byte offset of the dot that gives a dotted key more than `max_parts` parts, or npos.
/// Strings and comments are skipped; a float such as 1.5 counts as a two-part chain, so values
/// never trigger it.
std::size_t overlong_dotted_key(std::string_view text, std::size_t max_parts);

}  // namespace jitsim::models
