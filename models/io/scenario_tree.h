// -----------------------------------------------------------------------------
// File: models/io/scenario_tree.h
// -----------------------------------------------------------------------------
// The located tree the scenario loader works on (internal to the loader): TOML and CSV input
// converted into Nodes that keep file order and their source positions through merging, the
// merge rules of `extends` and skus_file rows, and the small parsing and message helpers.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "sim/distribution.h"

namespace jitsim::models::loading {

namespace fs = std::filesystem;
using Keys = std::vector<std::string_view>;

struct Source {
  std::string name;  // display name in diagnostics
  fs::path dir;      // relative paths named in this source resolve against it
  int rank = 0;      // order of first reading, to sort diagnostics
};

struct Loc {
  const Source* src = nullptr;
  std::uint32_t line = 0, column = 0;
};

struct Node {
  enum class Kind { table, array, string, integer, floating, boolean, other };
  Kind kind = Kind::table;
  bool poisoned = false;  // a problem with it was reported already: stay silent about it
  Loc loc;
  std::string text;  // string value; for `other` the type's name ("a date", ...)
  std::int64_t integer = 0;
  double floating = 0;
  bool boolean = false;
  std::vector<Node> items;        // array elements, or table values (parallel to keys)
  std::vector<std::string> keys;  // table keys, in file order
  std::vector<Loc> key_locs;

  bool is_table() const { return kind == Kind::table; }
  bool is_array() const { return kind == Kind::array; }
  bool is_string() const { return kind == Kind::string; }
  bool is_number() const { return kind == Kind::integer || kind == Kind::floating; }

  std::ptrdiff_t index_of(std::string_view key) const {
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] == key) return static_cast<std::ptrdiff_t>(i);
    }
    return -1;
  }
  const Node* find(std::string_view key) const {
    const auto i = index_of(key);
    return i < 0 ? nullptr : &items[static_cast<std::size_t>(i)];
  }
  Node* find(std::string_view key) {
    const auto i = index_of(key);
    return i < 0 ? nullptr : &items[static_cast<std::size_t>(i)];
  }
  const Loc& key_loc(std::string_view key) const {
    const auto i = index_of(key);
    return i < 0 ? loc : key_locs[static_cast<std::size_t>(i)];
  }
  void set(std::string key, Loc at, Node value) {
    const auto i = index_of(key);
    if (i >= 0) {
      items[static_cast<std::size_t>(i)] = std::move(value);
      key_locs[static_cast<std::size_t>(i)] = at;
      return;
    }
    keys.push_back(std::move(key));
    key_locs.push_back(at);
    items.push_back(std::move(value));
  }
  void erase(std::string_view key) {
    const auto i = index_of(key);
    if (i < 0) return;
    keys.erase(keys.begin() + i);
    key_locs.erase(key_locs.begin() + i);
    items.erase(items.begin() + i);
  }
  bool all_tables() const {
    return std::all_of(items.begin(), items.end(), [](const Node& n) { return n.is_table(); });
  }
};

Node make_table(Loc at);
Node make_string(std::string s, Loc at);
/// "a float", "string \"x\"", "42": what was found, for messages.
std::string describe(const Node& n);
/// "path.key" (or "key" at the top).
std::string join(std::string_view path, std::string_view key);
/// "\"a\", \"b\" or \"c\"".
std::string quoted_list(const Keys& values);
/// "a gamma", "an exponential", "an rq".
std::string article(std::string_view word);

/// A plain decimal number ("12", "-3.5", "1e3"), as an integer node when it has no '.', 'e'.
std::optional<Node> parse_plain_number(std::string_view s, Loc at);
/// Position of the first NUL byte or invalid UTF-8 sequence, or npos.
std::size_t first_bad_byte(std::string_view s);
/// 1-based line and column (in code points) of byte offset `pos`.
std::pair<std::uint32_t, std::uint32_t> line_column(std::string_view s, std::size_t pos);

// How toml++ source positions map onto our locations.
struct LocMap {
  const Source* src = nullptr;
  bool fixed = false;  // every node at `at` (a CSV cell)
  Loc at;
  std::uint32_t line = 0;         // when nonzero, every node is on this line (a --set) ...
  std::int64_t column_shift = 0;  // ... and its column shifted by this much

  Loc map(const toml::source_region& r, const Loc& fallback) const {
    if (fixed) return at;
    if (r.begin.line == 0) return fallback;  // implicit tables have no position
    if (line != 0) {
      const std::int64_t c = std::max<std::int64_t>(1, r.begin.column + column_shift);
      return {src, line, static_cast<std::uint32_t>(c)};
    }
    return {src, r.begin.line, r.begin.column};
  }
};

// Merging (extends, skus_file rows, --set tables).
std::optional<std::string> identity_of(const Node& entry, const char* key);
/// A table whose discriminator changes (distribution `dist`, policy/shock `kind`, demand form)
/// replaces the earlier one instead of merging into it: its old parameters would not fit.
bool replaces(const Node& base, const Node& over);
void merge_entry(Node& base, Node&& over);
/// Arrays of tables by identity: same id overrides keys, new ids are appended.
void merge_entries(Node& base, Node&& over, const char* key);
void merge_tables(Node& base, Node&& over, bool top_level);

// Numeric ranges for messages.
/// 1e12 rather than 1000000000000 in messages.
std::string short_number(double v);
struct Range {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false, hi_open = false;

  bool contains(double v) const {
    if (lo_open ? !(v > lo) : !(v >= lo)) return false;
    if (hi_open ? !(v < hi) : !(v <= hi)) return false;
    return true;
  }
  std::string describe(std::string_view noun = "a number") const {
    const bool has_lo = std::isfinite(lo), has_hi = std::isfinite(hi);
    if (has_lo && has_hi) {
      return fmt::format("{} in {}{}, {}{}", noun, lo_open ? "(" : "[", short_number(lo),
                         short_number(hi), hi_open ? ")" : "]");
    }
    if (has_lo) return fmt::format("{} {} {}", noun, lo_open ? ">" : ">=", short_number(lo));
    if (has_hi) return fmt::format("{} {} {}", noun, hi_open ? "<" : "<=", short_number(hi));
    return fmt::format("{}", noun);
  }
};
Range any_number();
Range at_least(double lo);
Range above(double lo);
Range between(double lo, double hi);
/// A quantity of units (or units a day): within limits::max_units.
Range units(bool positive = false);
/// How far a distribution of units reaches: its largest value when it has one, otherwise
/// mean + limits::tail_sds standard deviations (what "about never exceeded" means here).
std::pair<double, std::string> reach(const sim::DistributionSpec& d);

}  // namespace jitsim::models::loading
