// -----------------------------------------------------------------------------
// File: models/scenario_loader.cpp
// -----------------------------------------------------------------------------
// Scenario loading in four steps:
//   1. read each file (byte budget, UTF-8 check), parse it with toml++ and convert it into a
//      small located tree (Node) that keeps file order and survives merging with its
//      locations (toml++ nodes drop their source region when copied);
//   2. per file: inline the `skus_file` rows, then merge the file over its `extends` base;
//   3. apply the `--set` overrides to the merged tree;
//   4. validate the tree into a Scenario, loading demand traces on the way.
// Every problem is recorded as a located Diagnostic and the work goes on wherever it can, so
// one run reports everything. Format reference: scenarios/README.md.
#include "models/scenario_loader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <deque>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "models/csv.h"
#include "models/limits.h"
#include "models/sha256.h"
#include "models/toml_depth.h"
#include "models/trace_csv.h"

namespace jitsim::models {

bool LoadResult::ok() const {
  return !has_error(diagnostics);
}

namespace {

namespace fs = std::filesystem;
using DKind = sim::DistributionKind;
using Keys = std::vector<std::string_view>;

// Limits from the contract (models/limits.h): no input can exhaust the machine.
using limits::max_array_items;
using limits::max_entities;
using limits::max_nesting;
using limits::max_replications;
using limits::max_skus;
using limits::max_string_bytes;
using limits::max_toml_bytes;
using limits::max_total_bytes;
using limits::max_total_days;
constexpr auto max_whole_units = static_cast<std::int64_t>(limits::max_units);
constexpr std::size_t max_sku_rows = max_skus + 1;    // one more than allowed: reported as such
constexpr std::size_t max_trace_rows = 1'000'001;     // days of warm-up + horizon, plus one
constexpr std::size_t max_trace_values = 50'000'000;  // over all SKUs: 400 MB of doubles
constexpr double default_review_period_days = 7;

// ---------------------------------------------------------------------------------------------
// Located tree
// ---------------------------------------------------------------------------------------------

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

Node make_table(Loc at) {
  Node n;
  n.loc = at;
  return n;
}

Node make_string(std::string s, Loc at) {
  Node n;
  n.kind = Node::Kind::string;
  n.text = std::move(s);
  n.loc = at;
  return n;
}

// "a float", "string \"x\"", "42": what was found, for messages.
std::string describe(const Node& n) {
  switch (n.kind) {
    case Node::Kind::table:
      return "a table";
    case Node::Kind::array:
      return "an array";
    case Node::Kind::string: {
      std::string s = n.text.size() > 40 ? n.text.substr(0, 37) + "..." : n.text;
      return fmt::format("string \"{}\"", s);
    }
    case Node::Kind::integer:
      return fmt::format("{}", n.integer);
    case Node::Kind::floating:
      return fmt::format("{}", n.floating);
    case Node::Kind::boolean:
      return n.boolean ? "true" : "false";
    case Node::Kind::other:
      return n.text;
  }
  return "?";
}

std::string join(std::string_view path, std::string_view key) {
  if (path.empty()) return std::string(key);
  return fmt::format("{}.{}", path, key);
}

std::string quoted_list(const Keys& values) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += i + 1 == values.size() ? " or " : ", ";
    out += fmt::format("\"{}\"", values[i]);
  }
  return out;
}

// "a gamma", "an exponential", "an rq".
std::string article(std::string_view word) {
  const bool vowel =
      !word.empty() && std::string_view("aeiou").find(word.front()) != std::string_view::npos;
  return fmt::format("{} {}", vowel || word == "rq" ? "an" : "a", word);
}

// ---------------------------------------------------------------------------------------------
// Schema: the keys each table allows
// ---------------------------------------------------------------------------------------------

const Keys root_keys = {"extends",  "skus_file", "scenario", "costs",  "warehouse", "suppliers",
                        "carriers", "skus",      "policies", "shocks", "sweep"};
const Keys scenario_keys = {"name", "horizon_days", "warmup_days", "seed", "replications"};
const Keys costs_keys = {"holding_rate_per_year",   "order_cost",
                         "backorder_cost_per_unit", "backorder_cost_per_unit_day",
                         "lost_sale_penalty",       "pipeline_holding"};
const Keys warehouse_keys = {
    "unmet_demand", "patience_days",  "dock_to_stock_days",     "receiving_capacity_units_per_day",
    "pickers",      "pick_time_days", "storage_capacity_units", "overflow_cost_per_unit_day"};
const Keys supplier_keys = {"id",
                            "lead_time_days",
                            "capacity_units_per_day",
                            "defect_rate",
                            "min_order_qty",
                            "order_multiple",
                            "unit_cost_multiplier"};
const Keys carrier_keys = {"id",
                           "transit_days",
                           "capacity_units_per_day",
                           "cost_per_shipment",
                           "cost_per_unit",
                           "loss_probability"};
const Keys sku_keys = {"id",
                       "unit_cost",
                       "price",
                       "supplier",
                       "carrier",
                       "critical",
                       "shelf_life_days",
                       "initial_on_hand",
                       "holding_cost_per_unit_day",
                       "demand"};
const Keys poisson_demand_keys = {"orders_per_day",   "order_size",      "weekly",
                                  "annual_amplitude", "annual_peak_day", "trend_per_year"};
const Keys trace_demand_keys = {"trace", "column", "noise"};
const Keys distribution_keys = {"dist", "value", "mean", "sd", "min", "max", "values", "weights"};
const Keys policy_common_keys = {"name", "kind", "per_sku"};
const Keys hybrid_keys = {"critical", "critical_policy", "other_policy"};
const Keys critical_keys = {"flagged", "top_revenue_share", "lead_time_cv_above"};
const Keys shock_common_keys = {"id", "kind", "start_day", "occurrence", "duration_days"};
const Keys shock_target_keys = {"carrier", "supplier", "sku"};
const Keys shock_param_keys = {"delay_factor", "extra_days",      "in_transit",  "recovery_days",
                               "factor",       "capacity_factor", "defect_rate", "multiplier",
                               "shape",        "loss_probability"};
const Keys occurrence_keys = {"rate_per_year"};
const Keys sweep_keys = {"parameter", "values"};

// Policy parameters and the kinds that take them.
enum : unsigned { k_jit = 1, k_jic = 2, k_base = 4, k_rq = 8, k_ss = 16, k_periodic = 32 };
struct ParamKey {
  std::string_view name;
  unsigned kinds;
};
constexpr ParamKey param_keys[] = {
    {"safety_factor", k_jit},
    {"buffer_days", k_jit},
    {"batch", k_jit},
    {"adapt", k_jit},
    {"service_level", k_jic},
    {"review_period_days", k_jic | k_periodic},
    {"forecast", k_jic},
    {"window_days", k_jic},
    {"alpha", k_jic},
    {"order_quantity", k_jic | k_rq},
    {"order_quantity_days", k_rq},
    {"level", k_base},
    {"level_days", k_base},
    {"reorder_point", k_rq | k_ss},
    {"reorder_point_days", k_rq | k_ss},
    {"order_up_to", k_ss | k_periodic},
    {"order_up_to_days", k_ss | k_periodic},
};

unsigned kind_mask(PolicyKind k) {
  switch (k) {
    case PolicyKind::jit:
      return k_jit;
    case PolicyKind::jic:
      return k_jic;
    case PolicyKind::hybrid:
      return k_jit | k_jic;
    case PolicyKind::base_stock:
      return k_base;
    case PolicyKind::rq:
      return k_rq;
    case PolicyKind::ss:
      return k_ss;
    case PolicyKind::periodic:
      return k_periodic;
  }
  return 0;
}

std::string kinds_taking(unsigned mask) {
  std::vector<std::string_view> names;
  if (mask & k_jit) names.push_back("jit");
  if (mask & k_jic) names.push_back("jic");
  if (mask & (k_jit | k_jic)) names.push_back("hybrid");
  if (mask & k_base) names.push_back("base_stock");
  if (mask & k_rq) names.push_back("rq");
  if (mask & k_ss) names.push_back("ss");
  if (mask & k_periodic) names.push_back("periodic");
  return fmt::format("{}", fmt::join(names, ", "));
}

// Arrays of tables merged by identity across `extends`, and addressed by it in `--set`.
const char* identity_key(std::string_view array) {
  if (array == "policies") return "name";
  if (array == "suppliers" || array == "carriers" || array == "skus" || array == "shocks") {
    return "id";
  }
  return nullptr;
}

std::string_view entity_word(std::string_view array) {
  if (array == "suppliers") return "supplier";
  if (array == "carriers") return "carrier";
  if (array == "skus") return "SKU";
  if (array == "policies") return "policy";
  if (array == "shocks") return "shock";
  return "entry";
}

const std::set<std::string_view>& all_known_keys() {
  static const std::set<std::string_view> keys = [] {
    std::set<std::string_view> s;
    for (const Keys* list :
         {&root_keys, &scenario_keys, &costs_keys, &warehouse_keys, &supplier_keys, &carrier_keys,
          &sku_keys, &poisson_demand_keys, &trace_demand_keys, &distribution_keys,
          &policy_common_keys, &hybrid_keys, &critical_keys, &shock_common_keys, &shock_target_keys,
          &shock_param_keys, &occurrence_keys, &sweep_keys}) {
      s.insert(list->begin(), list->end());
    }
    for (const ParamKey& p : param_keys) s.insert(p.name);
    return s;
  }();
  return keys;
}

// Columns of a skus_file: the [[skus]] keys, nested ones flattened with dots.
enum class CellType { string, value, boolean, list, on_hand };
struct SkuColumn {
  std::string_view name;
  CellType type;
};
constexpr SkuColumn sku_columns[] = {
    {"id", CellType::string},
    {"unit_cost", CellType::value},
    {"price", CellType::value},
    {"supplier", CellType::string},
    {"carrier", CellType::string},
    {"critical", CellType::boolean},
    {"shelf_life_days", CellType::value},
    {"initial_on_hand", CellType::on_hand},
    {"holding_cost_per_unit_day", CellType::value},
    {"demand.orders_per_day", CellType::value},
    {"demand.order_size", CellType::value},
    {"demand.order_size.dist", CellType::string},
    {"demand.order_size.value", CellType::value},
    {"demand.order_size.mean", CellType::value},
    {"demand.order_size.sd", CellType::value},
    {"demand.order_size.min", CellType::value},
    {"demand.order_size.max", CellType::value},
    {"demand.order_size.values", CellType::list},
    {"demand.order_size.weights", CellType::list},
    {"demand.weekly", CellType::list},
    {"demand.annual_amplitude", CellType::value},
    {"demand.annual_peak_day", CellType::value},
    {"demand.trend_per_year", CellType::value},
    {"demand.trace", CellType::string},
    {"demand.column", CellType::string},
    {"demand.noise", CellType::string},
};

// ---------------------------------------------------------------------------------------------
// Small parsing helpers
// ---------------------------------------------------------------------------------------------

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A plain decimal number ("12", "-3.5", "1e3"), as an integer node when it has no '.', 'e'.
std::optional<Node> parse_plain_number(std::string_view s, Loc at) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  if (s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  Node n;
  n.loc = at;
  if (s.find_first_not_of("-0123456789") == std::string_view::npos) {
    std::int64_t v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec == std::errc() && r.ptr == s.data() + s.size()) {
      n.kind = Node::Kind::integer;
      n.integer = v;
      return n;
    }
  }
  if (s.find_first_not_of("-+0123456789.eE") != std::string_view::npos) return std::nullopt;
  double d = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), d);
  if (r.ec == std::errc::result_out_of_range && r.ptr == s.data() + s.size()) {
    // 1e400: a number, but none a double can hold (1e-400 is just 0).
    if (s.find("e-") != std::string_view::npos || s.find("E-") != std::string_view::npos) {
      n.kind = Node::Kind::floating;
      n.floating = 0;
      return n;
    }
    n.kind = Node::Kind::other;
    n.text = fmt::format("{} (a number out of range: not finite)", s);
    return n;
  }
  if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  n.kind = Node::Kind::floating;
  n.floating = d;
  return n;
}

// Position of the first NUL byte or invalid UTF-8 sequence, or npos.
std::size_t first_bad_byte(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0) return i;
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > s.size()) return i;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    const bool overlong =
        (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::string_view::npos;
}

// 1-based line and column (in code points) of byte offset `pos`.
std::pair<std::uint32_t, std::uint32_t> line_column(std::string_view s, std::size_t pos) {
  std::uint32_t line = 1, column = 1;
  for (std::size_t i = 0; i < pos && i < s.size(); ++i) {
    if (s[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return {line, column};
}

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

// ---------------------------------------------------------------------------------------------
// Merging (extends, skus_file rows)
// ---------------------------------------------------------------------------------------------

std::optional<std::string> identity_of(const Node& entry, const char* key) {
  if (!entry.is_table()) return std::nullopt;
  const Node* id = entry.find(key);
  if (!id || !id->is_string()) return std::nullopt;
  return id->text;
}

// A table whose discriminator changes (distribution `dist`, policy/shock `kind`, demand form)
// replaces the earlier one instead of merging into it: its old parameters would not fit.
bool replaces(const Node& base, const Node& over) {
  for (const char* d : {"dist", "kind"}) {
    const Node* b = base.find(d);
    const Node* o = over.find(d);
    if (b && o && b->is_string() && o->is_string() && b->text != o->text) return true;
  }
  const auto form = [](const Node& n) {
    if (n.find("trace")) return 1;
    if (n.find("orders_per_day")) return 2;
    return 0;
  };
  const int fb = form(base), fo = form(over);
  return fb != 0 && fo != 0 && fb != fo;
}

void merge_tables(Node& base, Node&& over, bool top_level);

void merge_entry(Node& base, Node&& over) {
  if (!base.is_table() || !over.is_table() || replaces(base, over)) {
    base = std::move(over);
    return;
  }
  const Loc at = over.loc;
  merge_tables(base, std::move(over), false);
  base.loc = at;
}

// Arrays of tables by identity: same id overrides keys, new ids are appended.
void merge_entries(Node& base, Node&& over, const char* key) {
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < base.items.size(); ++i) {
    if (auto id = identity_of(base.items[i], key)) index.emplace(*id, i);
  }
  for (Node& e : over.items) {
    const auto id = identity_of(e, key);
    const auto it = id ? index.find(*id) : index.end();
    if (it != index.end()) {
      merge_entry(base.items[it->second], std::move(e));
    } else {
      if (id) index.emplace(*id, base.items.size());
      base.items.push_back(std::move(e));
    }
  }
  base.loc = over.loc;
}

void merge_tables(Node& base, Node&& over, bool top_level) {
  for (std::size_t i = 0; i < over.keys.size(); ++i) {
    const auto j = base.index_of(over.keys[i]);
    if (j < 0) {
      base.keys.push_back(over.keys[i]);
      base.key_locs.push_back(over.key_locs[i]);
      base.items.push_back(std::move(over.items[i]));
      continue;
    }
    Node& b = base.items[static_cast<std::size_t>(j)];
    Node& o = over.items[i];
    const char* id_key = top_level ? identity_key(over.keys[i]) : nullptr;
    if (b.is_table() && o.is_table()) {
      merge_entry(b, std::move(o));
    } else if (id_key && b.is_array() && o.is_array() && b.all_tables() && o.all_tables()) {
      merge_entries(b, std::move(o), id_key);
    } else {
      b = std::move(o);
      base.key_locs[static_cast<std::size_t>(j)] = over.key_locs[i];
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Numeric ranges for messages
// ---------------------------------------------------------------------------------------------

// 1e12 rather than 1000000000000 in messages.
std::string short_number(double v) {
  if (std::abs(v) < 1e9) return fmt::format("{}", v);
  std::string s = fmt::format("{:g}", v);
  s.erase(std::remove(s.begin(), s.end(), '+'), s.end());
  return s;
}

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

Range any_number() {
  return {};
}
Range at_least(double lo) {
  return {.lo = lo};
}
Range above(double lo) {
  return {.lo = lo, .lo_open = true};
}
Range between(double lo, double hi) {
  return {.lo = lo, .hi = hi};
}
// A quantity of units (or units a day): within limits::max_units.
Range units(bool positive = false) {
  return {.lo = 0, .hi = limits::max_units, .lo_open = positive};
}

// How far a distribution of units reaches: its largest value when it has one, otherwise
// mean + limits::tail_sds standard deviations (what "about never exceeded" means here).
std::pair<double, std::string> reach(const sim::DistributionSpec& d) {
  using limits::tail_sds;
  switch (d.kind) {
    case DKind::fixed:
      return {d.value, "its value"};
    case DKind::uniform:
      return {d.max, "its max"};
    case DKind::empirical:
      return {d.values.empty() ? 0 : *std::max_element(d.values.begin(), d.values.end()),
              "its largest value"};
    case DKind::exponential:
      return {d.mean * (1 + tail_sds), fmt::format("mean + {} sd", tail_sds)};
    case DKind::poisson:
      return {d.mean + tail_sds * std::sqrt(d.mean), fmt::format("mean + {} sd", tail_sds)};
    default:
      return {d.mean + tail_sds * d.sd, fmt::format("mean + {} sd", tail_sds)};
  }
}

// ---------------------------------------------------------------------------------------------
// The loader
// ---------------------------------------------------------------------------------------------

struct TraceFile {
  bool ok = false;  // read and parsed (cell problems are per column)
  bool day_ok = true;
  const Source* src = nullptr;
  std::string text;  // kept for a later pass over columns the first did not read
  std::vector<CsvCell> header;
  std::map<std::string, TraceColumn> columns;  // read columns
};

class Loader {
 public:
  LoadResult load_path(const fs::path& path, const std::vector<std::string>& overrides);
  LoadResult load_text(std::string_view text, const std::string& display_name,
                       const fs::path& base_dir, const std::vector<std::string>& overrides);

 private:
  // diagnostics
  void error(const Loc& at, std::string message) { report(at, std::move(message), true); }
  void warning(const Loc& at, std::string message) { report(at, std::move(message), false); }
  void report(const Loc& at, std::string message, bool is_error);
  void note_more(const Loc& at, std::size_t count);  // errors found and not stored
  std::size_t error_count() const { return errors_; }
  LoadResult finish(std::optional<Scenario> scenario);
  LoadResult build_with_overrides(Node& root, const std::vector<std::string>& overrides);

  // files
  const Source* new_source(std::string name, fs::path dir);
  std::optional<std::string> read_file(const fs::path& path, const std::string& display,
                                       const Loc& named_at, std::string_view key_path);
  bool check_text(std::string_view text, const Source* src, std::string_view what);
  std::optional<Node> parse_toml(std::string_view text, const Source* src);
  Node convert(const toml::node& n, const LocMap& map, int depth, const Loc& fallback);
  std::optional<Node> load_chain(std::string_view text, const Source* src,
                                 const std::optional<fs::path>& canonical);
  void check_duplicates(const Node& root);
  std::optional<Node> load_sku_csv(const Node& name_node);
  Node sku_cell(const CsvCell& cell, CellType type, const Source* src);
  void insert_flattened(Node& row, std::string_view column, Node value, const Loc& at);
  std::pair<fs::path, std::string> resolve(const Node& name_node) const;

  // --set
  void apply_override(Node& root, const std::string& given, std::uint32_t index);
  void check_override_duplicates(const Node& root);

  // validation
  Scenario build(const Node& root);
  void check_keys(const Node& table, const std::string& path, const Keys& allowed);
  bool expect_table(const Node& n, const std::string& path);
  void missing(const Node& table, const std::string& path, std::string_view key,
               std::string_view extra = {});
  std::optional<double> number(const Node& n, const std::string& path, Range r);
  std::optional<std::int64_t> whole(const Node& n, const std::string& path, std::int64_t lo,
                                    std::int64_t hi = std::numeric_limits<std::int64_t>::max());
  std::optional<std::string> string(const Node& n, const std::string& path);
  std::optional<bool> boolean(const Node& n, const std::string& path);
  template <class E>
  std::optional<E> choice(const Node& n, const std::string& path,
                          const std::vector<std::pair<std::string_view, E>>& options);
  std::optional<sim::DistributionSpec> distribution(const Node& n, const std::string& path);
  std::optional<sim::DistributionSpec> units_distribution(const Node& n, const std::string& path);
  bool within_run(const Node& n, const std::string& path, double days);
  void require_some(const Node& root, std::string_view key, std::size_t found);
  std::optional<std::vector<double>> number_list(const Node& n, const std::string& path, Range r);
  std::vector<const Node*> entries(const Node& root, std::string_view key, std::size_t limit);
  std::string entry_path(std::string_view array, const Node& entry, std::size_t i,
                         const char* id_key);
  template <class T>
  void read_number(const Node& table, const std::string& path, std::string_view key, Range r,
                   T& out);
  void read_distribution(const Node& table, const std::string& path, std::string_view key,
                         sim::DistributionSpec& out);

  void build_scenario_info(const Node& root, Scenario& s);
  void build_costs(const Node& root, Scenario& s);
  void build_warehouse(const Node& root, Scenario& s);
  void build_suppliers(const Node& root, Scenario& s);
  void build_carriers(const Node& root, Scenario& s);
  void build_skus(const Node& root, Scenario& s);
  void build_demand(const Node& n, const std::string& path, const std::string& sku_id, Demand& d);
  void load_trace(const Node& demand, const Node& trace_node, const std::string& path,
                  const std::string& sku_id, Demand& d);
  void build_policies(const Node& root, Scenario& s);
  void read_params(const Node& table, const std::string& path, unsigned mask,
                   std::string_view label, const Keys& extra, PolicyParams& out);
  void build_shocks(const Node& root, Scenario& s);
  void build_sweep(const Node& root, Scenario& s);
  void check_parameter_path(const Node& root, const Node& param);
  void warn_warmup(const Node& root, const Scenario& s);
  std::optional<std::size_t> reference(const Node& n, const std::string& path,
                                       std::string_view what,
                                       const std::unordered_map<std::string, std::size_t>& ids,
                                       const std::vector<std::string>& names);

  std::deque<Source> sources_;
  std::vector<std::pair<Diagnostic, int>> diagnostics_;  // with the source's rank
  std::size_t errors_ = 0;
  // At most limits::max_error_lines errors (and as many warnings) are kept; the rest are
  // counted, so that millions of bad rows cannot fill memory with messages.
  std::size_t kept_errors_ = 0, kept_warnings_ = 0, more_errors_ = 0, more_warnings_ = 0;
  Loc first_more_error_, first_more_warning_;
  std::set<std::string> seen_;  // kept diagnostics: the files-alone pass and the final one agree
  bool files_alone_ = false;    // validating the files before the overrides: errors only
  bool overrides_applied_ = false;
  std::size_t chain_files_ = 1;   // files in the extends chain being read, this one included
  std::size_t trace_values_ = 0;  // daily trace values held over all SKUs
  std::uintmax_t bytes_read_ = 0;
  bool depth_reported_ = false;
  bool fatal_ = false;  // the tree is incomplete (unreadable or unparsable file): no validation
  std::vector<fs::path> chain_;  // canonical paths of the files being loaded (cycle detection)
  const Source* root_src_ = nullptr;
  const Source* command_line_ = nullptr;
  std::map<std::string, TraceFile> traces_;
  std::vector<InputFile> inputs_;
  std::map<std::string, std::set<std::string>> trace_wanted_;  // file -> columns read from it
  void foresee_traces(const Node& root);

  double run_days_ = 0;  // warmup_days + horizon_days when both are valid, else 0 (unknown)
  std::unordered_map<std::string, std::size_t> supplier_ids_, carrier_ids_, sku_ids_;
  std::vector<std::string> supplier_names_, carrier_names_, sku_names_;
};

void Loader::report(const Loc& at, std::string message, bool is_error) {
  if (!is_error && files_alone_) return;  // warnings come from the final pass only
  Diagnostic d;
  d.severity = is_error ? Diagnostic::Severity::error : Diagnostic::Severity::warning;
  d.file = at.src ? at.src->name : std::string("<unknown>");
  d.line = std::max<std::uint32_t>(at.line, 1);
  d.column = std::max<std::uint32_t>(at.column, 1);
  d.message = std::move(message);
  std::size_t& kept = is_error ? kept_errors_ : kept_warnings_;
  if (kept >= limits::max_error_lines) {
    // Past the cap, a problem of the files found again with the overrides is not new.
    if (overrides_applied_ && at.src != command_line_) return;
    if (is_error) ++errors_;
    std::size_t& more = is_error ? more_errors_ : more_warnings_;
    if (more++ == 0) (is_error ? first_more_error_ : first_more_warning_) = at;
    return;
  }
  if (!seen_.insert(format(d)).second) return;  // reported already
  if (is_error) ++errors_;
  ++kept;
  diagnostics_.emplace_back(std::move(d), at.src ? at.src->rank : 0);
}

void Loader::note_more(const Loc& at, std::size_t count) {
  if (count == 0) return;
  errors_ += count;
  if (more_errors_ == 0) first_more_error_ = at;
  more_errors_ += count;
}

LoadResult Loader::finish(std::optional<Scenario> scenario) {
  // File order: by source (in the order they were read), then line and column.
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(), [](const auto& a, const auto& b) {
    if (a.second != b.second) return a.second < b.second;
    if (a.first.line != b.first.line) return a.first.line < b.first.line;
    return a.first.column < b.first.column;
  });
  LoadResult result;
  for (auto& [d, rank] : diagnostics_) result.diagnostics.push_back(std::move(d));
  const auto more_line = [&](const Loc& at, std::size_t n, bool is_error) {
    if (n == 0) return;
    result.diagnostics.push_back(
        {is_error ? Diagnostic::Severity::error : Diagnostic::Severity::warning,
         at.src ? at.src->name : std::string("<unknown>"), std::max<std::uint32_t>(at.line, 1),
         std::max<std::uint32_t>(at.column, 1),
         fmt::format("{} more {} not shown (at most {} are reported per run; this is the first "
                     "of them): fix the ones above first",
                     n, is_error ? "errors" : "warnings", limits::max_error_lines)});
  };
  more_line(first_more_error_, more_errors_, true);
  more_line(first_more_warning_, more_warnings_, false);
  if (errors_ == 0) result.scenario = std::move(scenario);
  result.inputs = std::move(inputs_);
  return result;
}

const Source* Loader::new_source(std::string name, fs::path dir) {
  sources_.push_back({std::move(name), std::move(dir), static_cast<int>(sources_.size())});
  return &sources_.back();
}

std::optional<std::string> Loader::read_file(const fs::path& path, const std::string& display,
                                             const Loc& at, std::string_view key_path) {
  // "extends: cannot read ..." names the key that asked for the file.
  const std::string who = key_path.empty() ? std::string() : fmt::format("{}: ", key_path);
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec == std::errc::too_many_symbolic_link_levels) {
    error(at, who + fmt::format("cannot read '{}': a symlink loop (too many levels of symbolic "
                                "links; the path cannot be resolved)",
                                display));
    return std::nullopt;
  }
  if (ec && ec != std::errc::no_such_file_or_directory) {
    error(at, who + fmt::format("cannot read '{}': {}", display, ec.message()));
    return std::nullopt;
  }
  if (ec || !fs::exists(status)) {
    error(at, who + fmt::format("cannot read '{}': no such file", display));
    return std::nullopt;
  }
  if (fs::is_directory(status)) {
    error(at, who + fmt::format("cannot read '{}': it is a directory", display));
    return std::nullopt;
  }
  // Devices and pipes could be endless or block for ever: only plain files are read.
  if (!fs::is_regular_file(status)) {
    error(at, who + fmt::format("cannot read '{}': not a regular file", display));
    return std::nullopt;
  }
  const std::uintmax_t size = fs::file_size(path, ec);
  if (!ec && bytes_read_ + size > max_total_bytes) {
    error(at,
          who + fmt::format("cannot read '{}': input files would exceed the limit of 256 MiB in "
                            "total ({} bytes read so far, this file has {})",
                            display, bytes_read_, size));
    return std::nullopt;
  }
  // A parsed TOML document takes ~100 times its size in memory; SKU catalogues belong in CSV.
  const bool toml_file = key_path.empty() || key_path == "extends";
  if (!ec && toml_file && size > max_toml_bytes) {
    error(at, who + fmt::format("cannot read '{}': a scenario TOML file is limited to 8 MiB "
                                "(this one has {} bytes; put long SKU lists in skus_file)",
                                display, size));
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error(at, who + fmt::format("cannot read '{}': cannot open it", display));
    return std::nullopt;
  }
  std::string text;
  char buffer[1 << 16];
  while (in) {
    in.read(buffer, sizeof buffer);
    const auto got = static_cast<std::size_t>(in.gcount());
    if (bytes_read_ + text.size() + got > max_total_bytes) {
      error(at,
            who + fmt::format("cannot read '{}': input files exceed the limit of 256 MiB in total",
                              display));
      return std::nullopt;
    }
    text.append(buffer, got);
  }
  if (in.bad()) {
    error(at, who + fmt::format("cannot read '{}': read error", display));
    return std::nullopt;
  }
  bytes_read_ += text.size();
  inputs_.push_back({display, sha256_hex(text)});
  return text;
}

bool Loader::check_text(std::string_view text, const Source* src, std::string_view what) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    error({src, 1, 1}, fmt::format("empty file: expected {}", what));
    return false;
  }
  const std::size_t bad = first_bad_byte(text);
  if (bad != std::string_view::npos) {
    const auto [line, column] = line_column(text, bad);
    error({src, line, column},
          text[bad] == '\0' ? fmt::format("binary file: NUL byte; expected {} as UTF-8 text", what)
                            : fmt::format("invalid UTF-8 byte 0x{:02X}; expected {} as UTF-8 text",
                                          static_cast<unsigned char>(text[bad]), what));
    return false;
  }
  return true;
}

std::optional<Node> Loader::parse_toml(std::string_view text, const Source* src) {
  if (const std::size_t dot = overlong_dotted_key(text, max_nesting);
      dot != std::string_view::npos) {
    const auto [line, column] = line_column(text, dot);
    error({src, line, column},
          fmt::format("nesting deeper than {} levels (a dotted key of more than {} parts)",
                      max_nesting, max_nesting));
    return std::nullopt;
  }
  try {
    const toml::table table = toml::parse(text, std::string_view{src->name});
    depth_reported_ = false;
    return convert(table,
                   LocMap{.src = src, .fixed = false, .at = {}, .line = 0, .column_shift = 0}, 0,
                   Loc{src, 1, 1});
  } catch (const toml::parse_error& e) {
    const std::string_view what = e.description();
    // toml++ says so for 1e400: name the reason.
    const bool huge = what.find("floating-point") != std::string_view::npos &&
                      what.find("could not be interpreted") != std::string_view::npos;
    error(
        {src, e.source().begin.line, e.source().begin.column},
        fmt::format("TOML syntax: {}{}", what, huge ? " (a number out of range: not finite)" : ""));
  }
  return std::nullopt;
}

Node Loader::convert(const toml::node& n, const LocMap& map, int depth, const Loc& fallback) {
  Node out;
  out.loc = map.map(n.source(), fallback);
  if (depth > max_nesting) {
    if (!depth_reported_) {
      error(out.loc, fmt::format("nesting deeper than {} levels", max_nesting));
      depth_reported_ = true;
    }
    out.kind = Node::Kind::other;
    out.text = "a too deeply nested value";
    out.poisoned = true;
    return out;
  }
  switch (n.type()) {
    case toml::node_type::table: {
      struct Entry {
        const toml::key* key;
        const toml::node* node;
        Loc key_loc;
      };
      std::vector<Entry> entries;
      for (auto&& [k, v] : *n.as_table()) entries.push_back({&k, &v, map.map(k.source(), out.loc)});
      std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return std::pair(a.key_loc.line, a.key_loc.column) <
               std::pair(b.key_loc.line, b.key_loc.column);
      });
      for (const Entry& e : entries) {
        if (e.key->str().size() > max_string_bytes) {
          error(e.key_loc, "key longer than 64 KiB");
          continue;
        }
        out.keys.emplace_back(e.key->str());
        out.key_locs.push_back(e.key_loc);
        out.items.push_back(convert(*e.node, map, depth + 1, e.key_loc));
        if (out.items.back().poisoned && depth_reported_ && depth > 0) out.poisoned = true;
      }
      break;
    }
    case toml::node_type::array:
      out.kind = Node::Kind::array;
      if (n.as_array()->size() > max_array_items) {
        error(out.loc, fmt::format("an array of more than {} values", max_array_items));
        out.poisoned = true;
        break;
      }
      for (const toml::node& e : *n.as_array()) {
        out.items.push_back(convert(e, map, depth + 1, out.loc));
        // A value with a too deep part is reported once, there: silence checks of its parents.
        if (out.items.back().poisoned && depth_reported_ && depth > 0) out.poisoned = true;
      }
      break;
    case toml::node_type::string: {
      out.kind = Node::Kind::string;
      const std::string& s = n.as_string()->get();
      if (s.size() > max_string_bytes) {
        error(out.loc,
              fmt::format("string of {} bytes is longer than the limit of 64 KiB", s.size()));
        out.poisoned = true;
      } else {
        out.text = s;
      }
      break;
    }
    case toml::node_type::integer:
      out.kind = Node::Kind::integer;
      out.integer = n.as_integer()->get();
      break;
    case toml::node_type::floating_point:
      out.kind = Node::Kind::floating;
      out.floating = n.as_floating_point()->get();
      break;
    case toml::node_type::boolean:
      out.kind = Node::Kind::boolean;
      out.boolean = n.as_boolean()->get();
      break;
    case toml::node_type::date:
      out.kind = Node::Kind::other, out.text = "a date";
      break;
    case toml::node_type::time:
      out.kind = Node::Kind::other, out.text = "a time";
      break;
    case toml::node_type::date_time:
      out.kind = Node::Kind::other, out.text = "a date-time";
      break;
    default:
      out.kind = Node::Kind::other, out.text = "an unknown value";
      break;
  }
  return out;
}

// Relative paths resolve against the directory of the source that names them.
std::pair<fs::path, std::string> Loader::resolve(const Node& name_node) const {
  const fs::path rel(name_node.text);
  const fs::path dir = name_node.loc.src ? name_node.loc.src->dir : fs::path();
  const fs::path full = rel.is_absolute() || dir.empty() ? rel : (dir / rel).lexically_normal();
  return {full, full.string()};
}

// Calls on_duplicate(array, key, id, first, again) for every id given twice in one of the
// arrays of tables (the id nodes of the first and the repeated entry).
template <class OnDuplicate>
void for_each_duplicate_id(const Node& root, OnDuplicate&& on_duplicate) {
  for (std::string_view array : {"suppliers", "carriers", "skus", "policies", "shocks"}) {
    const Node* list = root.find(array);
    if (!list || !list->is_array()) continue;
    const char* key = identity_key(array);
    std::unordered_map<std::string, const Node*> seen;
    for (const Node& e : list->items) {
      const auto id = identity_of(e, key);
      if (!id) continue;
      const Node* id_node = e.find(key);
      const auto [it, fresh] = seen.emplace(*id, id_node);
      if (!fresh) on_duplicate(array, key, *id, it->second, id_node);
    }
  }
}

void Loader::check_duplicates(const Node& root) {
  for_each_duplicate_id(root, [&](std::string_view array, const char* key, const std::string& id,
                                  const Node* first, const Node* again) {
    error(again->loc, fmt::format("{}.{}: duplicate {} '{}' (first defined at line {}); {}s must "
                                  "be unique within a file",
                                  array, id, key, id, first->loc.line, key));
  });
}

std::optional<Node> Loader::load_chain(std::string_view text, const Source* src,
                                       const std::optional<fs::path>& canonical) {
  if (!check_text(text, src, "a TOML scenario")) return std::nullopt;
  auto parsed = parse_toml(text, src);
  if (!parsed) return std::nullopt;
  Node root = std::move(*parsed);
  check_duplicates(root);

  // skus_file rows come first; the file's own [[skus]] merge over them by id.
  if (const Node* sf = root.find("skus_file")) {
    if (!sf->is_string()) {
      error(sf->loc,
            fmt::format("skus_file: expected a string (a CSV path), found {}", describe(*sf)));
    } else if (auto rows = load_sku_csv(*sf)) {
      if (Node* own = root.find("skus"); own && own->is_array() && own->all_tables()) {
        merge_entries(*rows, std::move(*own), "id");
        *own = std::move(*rows);
      } else if (!own) {
        root.set("skus", root.key_loc("skus_file"), std::move(*rows));
      }
    }
    root.erase("skus_file");
  }

  const Node* ext = root.find("extends");
  if (!ext) return root;
  Node ext_node = *ext;
  root.erase("extends");
  if (!ext_node.is_string() || ext_node.text.empty()) {
    error(ext_node.loc, fmt::format("extends: expected the path of a scenario file, found {}",
                                    describe(ext_node)));
    return root;
  }
  const auto [path, display] = resolve(ext_node);
  if (chain_files_ >= limits::max_extends_files) {
    // Each file of a chain is read while the next waits: the chain length bounds the stack.
    error(ext_node.loc,
          fmt::format("extends: a chain of more than {} files ('{}' would be file {})",
                      limits::max_extends_files, display, chain_files_ + 1));
    fatal_ = true;
    return root;
  }
  std::error_code ec;
  const fs::path canon = fs::weakly_canonical(path, ec);
  const fs::path key = ec ? path : canon;
  if (std::find(chain_.begin(), chain_.end(), key) != chain_.end() ||
      (canonical && key == *canonical)) {
    std::string cycle;
    bool in = false;
    for (const fs::path& p : chain_) {
      if (p == key) in = true;
      if (in) cycle += fmt::format("{} -> ", p.filename().string());
    }
    error(ext_node.loc, fmt::format("extends: cycle: {}{}", cycle, path.filename().string()));
    fatal_ = true;
    return root;
  }
  auto base_text = read_file(path, display, ext_node.loc, "extends");
  if (!base_text) {
    fatal_ = true;
    return root;
  }
  const Source* base_src = new_source(display, path.parent_path());
  chain_.push_back(key);
  ++chain_files_;
  auto base = load_chain(*base_text, base_src, key);
  --chain_files_;
  chain_.pop_back();
  if (!base) {
    fatal_ = true;
    return root;
  }
  merge_tables(*base, std::move(root), true);
  return base;
}

// ---------------------------------------------------------------------------------------------
// skus_file
// ---------------------------------------------------------------------------------------------

Node Loader::sku_cell(const CsvCell& cell, CellType type, const Source* src) {
  const Loc at{src, cell.line, cell.column};
  const std::string_view text = cell.text;
  const auto as_value = [&](std::string_view t) -> Node {
    if (auto n = parse_plain_number(t, at)) return *n;
    if (overlong_dotted_key(t, max_nesting) != std::string_view::npos) {
      return make_string(std::string(trim(t)), at);  // reported as a type error where it is used
    }
    try {
      const toml::table doc = toml::parse(fmt::format("v = {}", t), std::string_view{src->name});
      if (doc.size() == 1 && doc.contains("v")) {
        depth_reported_ = false;
        return convert(*doc.get("v"),
                       LocMap{.src = src, .fixed = true, .at = at, .line = 0, .column_shift = 0}, 1,
                       at);
      }
    } catch (const toml::parse_error&) {
    }
    return make_string(std::string(trim(t)), at);  // reported as a type error where it is used
  };
  switch (type) {
    case CellType::string:
      return make_string(std::string(text), at);
    case CellType::boolean: {
      std::string t(trim(text));
      for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (t == "true" || t == "false") {
        Node n;
        n.kind = Node::Kind::boolean;
        n.boolean = t == "true";
        n.loc = at;
        return n;
      }
      return make_string(std::string(text), at);
    }
    case CellType::on_hand:
      if (trim(text) == "policy") return make_string("policy", at);
      return as_value(text);
    case CellType::list: {
      if (!trim(text).empty() && trim(text).front() == '[') return as_value(text);
      Node list;
      list.kind = Node::Kind::array;
      list.loc = at;
      std::size_t start = 0;
      for (;;) {
        const std::size_t semi = text.find(';', start);
        list.items.push_back(as_value(text.substr(start, semi - start)));
        if (semi == std::string_view::npos) break;
        start = semi + 1;
      }
      return list;
    }
    case CellType::value:
      return as_value(text);
  }
  return make_string(std::string(text), at);
}

void Loader::insert_flattened(Node& row, std::string_view column, Node value, const Loc& at) {
  Node* table = &row;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = column.find('.', start);
    const std::string key(column.substr(start, dot - start));
    if (dot == std::string_view::npos) {
      if (table->find(key)) {
        error(at, fmt::format("column '{}' conflicts with another column of this row", column));
        return;
      }
      table->set(key, at, std::move(value));
      return;
    }
    Node* child = table->find(key);
    if (!child) {
      table->set(key, at, make_table(at));
      child = table->find(key);
    } else if (!child->is_table()) {
      error(at, fmt::format("column '{}' conflicts with column '{}' of this row", column,
                            column.substr(0, dot)));
      return;
    }
    table = child;
    start = dot + 1;
  }
}

std::optional<Node> Loader::load_sku_csv(const Node& name_node) {
  const auto [path, display] = resolve(name_node);
  auto text = read_file(path, display, name_node.loc, "skus_file");
  if (!text) {
    fatal_ = true;
    return std::nullopt;
  }
  const Source* src = new_source(display, path.parent_path());
  if (!check_text(*text, src, "a CSV file of SKUs")) {
    fatal_ = true;
    return std::nullopt;
  }
  CsvOptions options;
  options.max_rows = max_sku_rows;
  options.max_columns = limits::max_csv_columns;
  options.max_errors = limits::max_error_lines;
  options.keep_column = [](std::string_view name) {  // unknown columns are errors: not kept
    return std::any_of(std::begin(sku_columns), std::end(sku_columns),
                       [&](const SkuColumn& c) { return c.name == name; });
  };
  const CsvTable csv = parse_csv(*text, options);
  for (const CsvError& e : csv.errors) error({src, e.line, e.column}, e.message);
  note_more({src, 1, 1}, csv.more_errors);

  std::vector<std::optional<CellType>> types;
  std::vector<std::string_view> names;
  for (const SkuColumn& c : sku_columns) names.push_back(c.name);
  bool has_id = false;
  for (const CsvCell& h : csv.header) {
    std::optional<CellType> type;
    for (const SkuColumn& c : sku_columns) {
      if (c.name == h.text) type = c.type;
    }
    if (!type && !h.text.empty()) {
      error({src, h.line, h.column},
            fmt::format("unknown column '{}' (columns are [[skus]] keys, nested ones as "
                        "demand.orders_per_day){}",
                        h.text, did_you_mean_suffix(h.text, names)));
    }
    has_id = has_id || h.text == "id";
    types.push_back(type);
  }
  if (!has_id && !csv.header.empty()) {
    error({src, csv.header.front().line, csv.header.front().column},
          "missing column 'id' (one SKU per row, identified by its id)");
  }

  Node rows;
  rows.kind = Node::Kind::array;
  rows.loc = name_node.loc;
  std::unordered_map<std::string, std::uint32_t> seen;
  for (const auto& record : csv.rows) {
    if (record.empty()) continue;  // no known column: reported at the header
    Node row = make_table({src, record.front().line, 1});
    for (std::size_t k = 0; k < record.size(); ++k) {
      const std::size_t i = csv.kept[k];                  // the cell's column
      if (!types[i] || record[k].text.empty()) continue;  // empty cell: key not given
      const Loc at{src, record[k].line, record[k].column};
      if (record[k].text.size() > max_string_bytes) {
        error(at, "cell longer than 64 KiB");
        continue;
      }
      insert_flattened(row, csv.header[i].text, sku_cell(record[k], *types[i], src), at);
      if (csv.header[i].text == "id") {
        const auto [it, fresh] = seen.emplace(record[k].text, record[k].line);
        if (!fresh) {
          error(at, fmt::format("skus.{}: duplicate id '{}' (first defined at line {}); ids "
                                "must be unique within a file",
                                record[k].text, record[k].text, it->second));
        }
      }
    }
    rows.items.push_back(std::move(row));
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// --set
// ---------------------------------------------------------------------------------------------

void Loader::apply_override(Node& root, const std::string& given, std::uint32_t index) {
  const Source* src = command_line_;
  // A leading '?' marks an override that only changes what the files say: it creates no table
  // (so a file missing [scenario] is still reported in the file, not on the command line).
  const bool may_create = given.empty() || given.front() != '?';
  const std::string text = may_create ? given : given.substr(1);
  const auto at = [&](std::size_t offset) {
    return Loc{src, index, static_cast<std::uint32_t>(offset + 1)};
  };
  if (text.size() > max_string_bytes) {
    error(at(0), "--set: override longer than 64 KiB");
    return;
  }
  // The same checks as a file's text: UTF-8, no NUL, no dotted key too long to parse.
  if (const std::size_t bad = first_bad_byte(text); bad != std::string::npos) {
    error({src, index, line_column(text, bad).second},
          fmt::format("--set: invalid UTF-8 byte 0x{:02X}; overrides must be UTF-8 text",
                      static_cast<unsigned char>(text[bad])));
    return;
  }
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    error(at(0), fmt::format("--set: expected key.path=value, found '{}'", text));
    return;
  }
  struct Seg {
    std::string text;
    std::size_t offset;
  };
  std::vector<Seg> segs;
  for (std::size_t start = 0;;) {
    const std::size_t dot = text.find('.', start);
    const std::size_t end = std::min(dot, eq);
    segs.push_back({text.substr(start, end - start), start});
    if (segs.back().text.empty()) {
      error(at(start), fmt::format("--set: empty key in path '{}'", text.substr(0, eq)));
      return;
    }
    if (end == eq) break;
    start = dot + 1;
    if (segs.size() == static_cast<std::size_t>(max_nesting)) {
      error(at(start), fmt::format("--set: a key path of more than {} parts (nesting deeper "
                                   "than {} levels)",
                                   max_nesting, max_nesting));
      return;
    }
  }
  const std::string path = text.substr(0, eq);
  const std::string value_text = text.substr(eq + 1);
  if (segs.front().text == "extends" || segs.front().text == "skus_file") {
    // Both are resolved per file before the overrides apply.
    error(at(0), fmt::format("--set {}: '{}' can only be given in a scenario file", path,
                             segs.front().text));
    return;
  }

  // The value: a TOML value, or a bare word taken as a string.
  Node value;
  const std::string_view v = trim(value_text);
  if (v.empty()) {
    error(at(eq + 1), fmt::format("--set {}: missing value after '='", path));
    return;
  }
  if (const std::size_t dot = overlong_dotted_key(value_text, max_nesting);
      dot != std::string::npos) {
    error(at(eq + 1 + dot),
          fmt::format("--set {}: nesting deeper than {} levels", path, max_nesting));
    return;
  }
  try {
    const std::string doc = fmt::format("v = {}", value_text);
    const toml::table t = toml::parse(doc, std::string_view{src->name});
    if (t.size() != 1 || !t.contains("v")) throw std::runtime_error("more than one value");
    depth_reported_ = false;
    const LocMap map{.src = src,
                     .fixed = false,
                     .at = {},
                     .line = index,
                     .column_shift = static_cast<std::int64_t>(eq + 2) - 5};
    value = convert(*t.get("v"), map, static_cast<int>(segs.size()), at(eq + 1));
  } catch (const toml::parse_error& e) {
    if (std::string_view("\"'[{").find(v.front()) != std::string_view::npos) {
      error(at(eq + 1),
            fmt::format("--set {}: the value is not valid TOML: {}", path, e.description()));
      return;
    }
    const Loc v_at = at(eq + 1 + static_cast<std::size_t>(v.data() - value_text.data()));
    // 1e400 is a number out of range, not the word "1e400".
    if (auto number = parse_plain_number(v, v_at)) {
      value = std::move(*number);
    } else {
      value = make_string(std::string(v), v_at);
    }
  } catch (const std::exception&) {
    error(at(eq + 1), fmt::format("--set {}: expected a single value", path));
    return;
  }

  Node* table = &root;
  std::size_t i = 0;
  std::string prefix;
  while (i + 1 < segs.size()) {
    const Seg& seg = segs[i];
    Node* child = table->find(seg.text);
    const char* id_key = table == &root ? identity_key(seg.text) : nullptr;
    if (id_key && (!child || child->is_array())) {
      // Arrays of tables are addressed by id; ids may contain dots, so try the longest first.
      const std::string array = seg.text;
      bool found = false;
      std::vector<std::string> ids;
      if (child) {
        for (Node& e : child->items) {
          if (auto id = identity_of(e, id_key)) ids.push_back(*id);
        }
        for (std::size_t j = segs.size() - 1; j-- > i + 1 && !found;) {
          std::string candidate = segs[i + 1].text;
          for (std::size_t k = i + 2; k <= j; ++k) candidate += "." + segs[k].text;
          for (Node& e : child->items) {
            if (identity_of(e, id_key) == candidate) {
              table = &e;
              prefix = join(array, candidate);
              i = j + 1;
              found = true;
              break;
            }
          }
        }
      }
      if (found) continue;
      if (i + 2 == segs.size() &&
          std::find(ids.begin(), ids.end(), segs[i + 1].text) != ids.end()) {
        error(at(segs[i + 1].offset),
              fmt::format("--set {}: name a key of the {} after its {} (e.g. {}.{}.{})", path,
                          entity_word(array), id_key, array, segs[i + 1].text,
                          array == "policies" ? "kind" : "id"));
        return;
      }
      error(at(segs[i + 1].offset),
            fmt::format("--set {}: unknown {} '{}'{}", path, entity_word(array), segs[i + 1].text,
                        did_you_mean_suffix(segs[i + 1].text, ids)));
      return;
    }
    prefix = join(prefix, seg.text);
    if (!child) {
      if (!may_create) return;
      table->set(seg.text, at(seg.offset), make_table(at(seg.offset)));
      child = table->find(seg.text);
    } else if (!child->is_table()) {
      error(at(seg.offset),
            fmt::format("--set {}: {} is {}, not a table", path, prefix, describe(*child)));
      return;
    }
    table = child;
    ++i;
  }
  // A table (or an array of tables by id) merges into what is there, as with extends: keys it
  // does not name keep their values (`--set 'scenario={name="x"}'` keeps the seed).
  Node* existing = table->find(segs.back().text);
  const char* id_key = table == &root ? identity_key(segs.back().text) : nullptr;
  if (existing && existing->is_table() && value.is_table()) {
    merge_entry(*existing, std::move(value));
    return;
  }
  if (existing && id_key && existing->is_array() && value.is_array() && existing->all_tables() &&
      value.all_tables()) {
    std::set<std::string> ids;  // within one value, as within one file, ids are unique
    for (const Node& e : value.items) {
      const auto id = identity_of(e, id_key);
      if (id && !ids.insert(*id).second) {
        error(e.find(id_key)->loc, fmt::format("--set {}: duplicate {} '{}' in the value; {}s "
                                               "must be unique",
                                               path, id_key, *id, id_key));
        return;
      }
    }
    merge_entries(*existing, std::move(value), id_key);
    return;
  }
  table->set(segs.back().text, at(segs.back().offset), std::move(value));
}

void Loader::check_override_duplicates(const Node& root) {
  // Within the files, ids are unique (checked per file, merged by id across extends), so a
  // duplicate now was made by --set (a renamed entry): reported there.
  for_each_duplicate_id(root, [&](std::string_view array, const char* key, const std::string& id,
                                  const Node* first, const Node* again) {
    const bool second_on_line = again->loc.src == command_line_;
    const Node* here = second_on_line || first->loc.src != command_line_ ? again : first;
    const Node* other = here == again ? first : again;
    error(here->loc, fmt::format("{}.{}: duplicate {} '{}' (also given at {}:{}); {}s must be "
                                 "unique",
                                 array, id, key, id, other->loc.src ? other->loc.src->name : "?",
                                 other->loc.line, key));
  });
}

// ---------------------------------------------------------------------------------------------
// Typed access with located errors
// ---------------------------------------------------------------------------------------------

void Loader::check_keys(const Node& table, const std::string& path, const Keys& allowed) {
  for (std::size_t i = 0; i < table.keys.size(); ++i) {
    const std::string& k = table.keys[i];
    if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
    error(table.key_locs[i],
          fmt::format("{}: unknown key{}", join(path, k), did_you_mean_suffix(k, allowed)));
  }
}

bool Loader::expect_table(const Node& n, const std::string& path) {
  if (n.is_table()) return true;
  if (!n.poisoned) error(n.loc, fmt::format("{}: expected a table, found {}", path, describe(n)));
  return false;
}

void Loader::missing(const Node& table, const std::string& path, std::string_view key,
                     std::string_view extra) {
  error(table.loc, fmt::format("{}: missing required key '{}'{}", path.empty() ? "top level" : path,
                               key, extra));
}

std::optional<double> Loader::number(const Node& n, const std::string& path, Range r) {
  if (n.poisoned) return std::nullopt;
  double v = 0;
  if (n.kind == Node::Kind::integer) {
    v = static_cast<double>(n.integer);
  } else if (n.kind == Node::Kind::floating) {
    v = n.floating;
    if (!std::isfinite(v)) {
      error(n.loc, fmt::format("{}: expected a finite number, found {}", path, describe(n)));
      return std::nullopt;
    }
  } else {
    error(n.loc, fmt::format("{}: expected {}, found {}", path, r.describe(), describe(n)));
    return std::nullopt;
  }
  if (!r.contains(v)) {
    error(n.loc, fmt::format("{}: expected {}, found {}", path, r.describe(), describe(n)));
    return std::nullopt;
  }
  return v;
}

std::optional<std::int64_t> Loader::whole(const Node& n, const std::string& path, std::int64_t lo,
                                          std::int64_t hi) {
  if (n.poisoned) return std::nullopt;
  const Range r{.lo = static_cast<double>(lo),
                .hi = hi == std::numeric_limits<std::int64_t>::max()
                          ? std::numeric_limits<double>::infinity()
                          : static_cast<double>(hi)};
  const std::string expected = r.describe("a whole number");
  std::int64_t v = 0;
  if (n.kind == Node::Kind::integer) {
    v = n.integer;
  } else if (n.kind == Node::Kind::floating) {
    const double d = n.floating;
    if (!std::isfinite(d)) {
      error(n.loc, fmt::format("{}: expected a finite number, found {}", path, describe(n)));
      return std::nullopt;
    }
    if (d != std::floor(d) || d < -9.2e18 || d > 9.2e18) {
      error(n.loc,
            fmt::format("{}: expected {} (whole units), found {}", path, expected, describe(n)));
      return std::nullopt;
    }
    v = static_cast<std::int64_t>(d);
  } else {
    error(n.loc, fmt::format("{}: expected {}, found {}", path, expected, describe(n)));
    return std::nullopt;
  }
  if (v < lo || v > hi) {
    error(n.loc, fmt::format("{}: expected {}, found {}", path, expected, describe(n)));
    return std::nullopt;
  }
  return v;
}

std::optional<std::string> Loader::string(const Node& n, const std::string& path) {
  if (n.poisoned) return std::nullopt;
  if (!n.is_string()) {
    error(n.loc, fmt::format("{}: expected a string, found {}", path, describe(n)));
    return std::nullopt;
  }
  return n.text;
}

std::optional<bool> Loader::boolean(const Node& n, const std::string& path) {
  if (n.poisoned) return std::nullopt;
  if (n.kind != Node::Kind::boolean) {
    error(n.loc, fmt::format("{}: expected true or false, found {}", path, describe(n)));
    return std::nullopt;
  }
  return n.boolean;
}

template <class E>
std::optional<E> Loader::choice(const Node& n, const std::string& path,
                                const std::vector<std::pair<std::string_view, E>>& options) {
  if (n.poisoned) return std::nullopt;
  Keys names;
  for (const auto& o : options) names.push_back(o.first);
  if (n.is_string()) {
    for (const auto& o : options) {
      if (o.first == n.text) return o.second;
    }
  }
  error(n.loc, fmt::format("{}: expected {}, found {}{}", path, quoted_list(names), describe(n),
                           n.is_string() ? did_you_mean_suffix(n.text, names) : ""));
  return std::nullopt;
}

std::optional<std::vector<double>> Loader::number_list(const Node& n, const std::string& path,
                                                       Range r) {
  if (n.poisoned) return std::nullopt;
  if (!n.is_array()) {
    error(n.loc, fmt::format("{}: expected an array of numbers, found {}", path, describe(n)));
    return std::nullopt;
  }
  std::vector<double> out;
  bool ok = true;
  for (std::size_t i = 0; i < n.items.size(); ++i) {
    auto v = number(n.items[i], fmt::format("{}[{}]", path, i), r);
    if (v) {
      out.push_back(*v);
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<sim::DistributionSpec> Loader::distribution(const Node& n, const std::string& path) {
  using sim::DistributionSpec;
  if (n.poisoned) return std::nullopt;
  if (n.is_number()) {
    auto v = number(n, path, at_least(0));
    if (!v) return std::nullopt;
    return DistributionSpec::constant(*v);
  }
  if (!n.is_table()) {
    error(n.loc, fmt::format("{}: expected a number >= 0 or a distribution table such as "
                             "{{ dist = \"gamma\", mean = 20, sd = 4 }}, found {}",
                             path, describe(n)));
    return std::nullopt;
  }
  const Node* dist = n.find("dist");
  if (!dist) {
    missing(n, path, "dist", " (the distribution's kind)");
    check_keys(n, path, distribution_keys);
    return std::nullopt;
  }
  const std::vector<std::pair<std::string_view, DKind>> kinds = {
      {"fixed", DKind::fixed},     {"exponential", DKind::exponential}, {"uniform", DKind::uniform},
      {"normal", DKind::normal},   {"lognormal", DKind::lognormal},     {"gamma", DKind::gamma},
      {"poisson", DKind::poisson}, {"empirical", DKind::empirical}};
  const auto kind = choice(*dist, join(path, "dist"), kinds);
  if (!kind) {
    check_keys(n, path, distribution_keys);
    return std::nullopt;
  }
  Keys params;
  switch (*kind) {
    case DKind::fixed:
      params = {"value"};
      break;
    case DKind::exponential:
    case DKind::poisson:
      params = {"mean"};
      break;
    case DKind::uniform:
      params = {"min", "max"};
      break;
    case DKind::normal:
    case DKind::lognormal:
    case DKind::gamma:
      params = {"mean", "sd"};
      break;
    case DKind::empirical:
      params = {"values", "weights"};
      break;
  }
  const std::string kind_name(sim::to_string(*kind));
  bool ok = true;
  for (std::size_t i = 0; i < n.keys.size(); ++i) {
    const std::string& k = n.keys[i];
    if (k == "dist" || std::find(params.begin(), params.end(), k) != params.end()) continue;
    ok = false;
    if (std::find(distribution_keys.begin(), distribution_keys.end(), k) !=
        distribution_keys.end()) {
      error(n.key_locs[i], fmt::format("{}: {} distribution takes only {}", join(path, k),
                                       article(kind_name), fmt::join(params, ", ")));
    } else {
      error(n.key_locs[i],
            fmt::format("{}: unknown key{}", join(path, k), did_you_mean_suffix(k, params)));
    }
  }
  DistributionSpec spec;
  spec.kind = *kind;
  const auto get = [&](std::string_view key, Range r) -> std::optional<double> {
    const Node* p = n.find(key);
    if (!p) {
      missing(
          n, path, key,
          fmt::format(" ({} distribution takes {})", article(kind_name), fmt::join(params, ", ")));
      return std::nullopt;
    }
    return number(*p, join(path, key), r);
  };
  const auto set = [&](double& field, std::string_view key, Range r) {
    if (auto v = get(key, r)) {
      field = *v;
    } else {
      ok = false;
    }
  };
  switch (*kind) {
    case DKind::fixed:
      set(spec.value, "value", at_least(0));
      break;
    case DKind::exponential:
      set(spec.mean, "mean", above(0));
      break;
    case DKind::poisson:
      set(spec.mean, "mean", at_least(0));
      break;
    case DKind::normal:
      set(spec.mean, "mean", at_least(0));
      set(spec.sd, "sd", at_least(0));
      break;
    case DKind::lognormal:
    case DKind::gamma:
      set(spec.mean, "mean", above(0));
      set(spec.sd, "sd", at_least(0));
      break;
    case DKind::uniform:
      set(spec.min, "min", at_least(0));
      set(spec.max, "max", at_least(0));
      if (ok && spec.min > spec.max) {
        error(n.find("max")->loc, fmt::format("{}: expected max >= min ({}), found {}",
                                              join(path, "max"), spec.min, spec.max));
        ok = false;
      }
      break;
    case DKind::empirical: {
      const Node* values = n.find("values");
      if (!values) {
        missing(n, path, "values", " (an empirical distribution takes values and weights)");
        return std::nullopt;
      }
      auto vs = number_list(*values, join(path, "values"), at_least(0));
      if (!vs) return std::nullopt;
      if (vs->empty()) {
        error(values->loc, fmt::format("{}: expected at least one value", join(path, "values")));
        return std::nullopt;
      }
      spec.values = *vs;
      if (const Node* weights = n.find("weights")) {
        auto ws = number_list(*weights, join(path, "weights"), at_least(0));
        if (!ws) return std::nullopt;
        if (ws->size() != vs->size()) {
          error(weights->loc, fmt::format("{}: expected {} weights (one per value), found {}",
                                          join(path, "weights"), vs->size(), ws->size()));
          return std::nullopt;
        }
        double total = 0;
        for (double w : *ws) total += w;
        if (!(total > 0) || !std::isfinite(total)) {
          error(weights->loc, fmt::format("{}: expected weights with a positive finite sum",
                                          join(path, "weights")));
          return std::nullopt;
        }
        spec.weights = *ws;
      }
      break;
    }
  }
  if (!ok) return std::nullopt;
  return spec;
}

template <class T>
void Loader::read_number(const Node& table, const std::string& path, std::string_view key, Range r,
                         T& out) {
  const Node* n = table.find(key);
  if (!n) return;
  if (auto v = number(*n, join(path, key), r)) out = *v;
}

void Loader::read_distribution(const Node& table, const std::string& path, std::string_view key,
                               sim::DistributionSpec& out) {
  const Node* n = table.find(key);
  if (!n) return;
  if (auto v = distribution(*n, join(path, key))) out = *v;
}

std::optional<sim::DistributionSpec> Loader::units_distribution(const Node& n,
                                                                const std::string& path) {
  auto d = distribution(n, path);
  if (!d) return d;
  const auto [x, how] = reach(*d);
  if (!(x <= limits::max_units)) {
    error(n.loc, fmt::format("{}: a quantity of units must stay <= 1e12, and this one reaches {} "
                             "({})",
                             path, short_number(x), how));
    return std::nullopt;
  }
  return d;
}

// Windows and durations (a distribution: its mean) fit in the run: a longer one means nothing
// more, and buffers sized by them must stay bounded.
bool Loader::within_run(const Node& n, const std::string& path, double days) {
  if (run_days_ <= 0 || days <= run_days_) return true;
  error(n.loc, fmt::format("{}: {} days is longer than the run (warmup_days + horizon_days = {} "
                           "days)",
                           path, days, run_days_));
  return false;
}

void Loader::require_some(const Node& root, std::string_view key, std::size_t found) {
  const Node* list = root.find(key);
  if (found > 0 || !list || !list->is_array() || !list->items.empty()) return;
  error(list->loc, fmt::format("{}: an empty list (a skus_file without rows counts as one): at "
                               "least one {} is needed",
                               key, entity_word(key)));
}

std::vector<const Node*> Loader::entries(const Node& root, std::string_view key,
                                         std::size_t limit) {
  std::vector<const Node*> out;
  const Node* list = root.find(key);
  if (!list || list->poisoned) return out;
  if (!list->is_array()) {
    error(list->loc, fmt::format("{}: expected an array of tables ([[{}]]), found {}", key, key,
                                 describe(*list)));
    return out;
  }
  for (std::size_t i = 0; i < list->items.size(); ++i) {
    const Node& e = list->items[i];
    if (i == limit) {
      error(e.loc, fmt::format("{}: too many entries ({}); the limit is {}", key,
                               list->items.size(), limit));
      break;
    }
    if (!e.is_table()) {
      if (!e.poisoned) {
        error(e.loc, fmt::format("{}[{}]: expected a table, found {}", key, i, describe(e)));
      }
      continue;
    }
    out.push_back(&e);
  }
  return out;
}

std::string Loader::entry_path(std::string_view array, const Node& entry, std::size_t i,
                               const char* id_key) {
  if (auto id = identity_of(entry, id_key); id && !id->empty()) return join(array, *id);
  return fmt::format("{}[{}]", array, i);
}

std::optional<std::size_t> Loader::reference(
    const Node& n, const std::string& path, std::string_view what,
    const std::unordered_map<std::string, std::size_t>& ids,
    const std::vector<std::string>& names) {
  auto s = string(n, path);
  if (!s) return std::nullopt;
  const auto it = ids.find(*s);
  if (it == ids.end()) {
    error(n.loc,
          fmt::format("{}: unknown {} '{}'{}", path, what, *s, did_you_mean_suffix(*s, names)));
    return std::nullopt;
  }
  return it->second;
}

// ---------------------------------------------------------------------------------------------
// Validation: tree -> Scenario
// ---------------------------------------------------------------------------------------------

void Loader::build_scenario_info(const Node& root, Scenario& s) {
  run_days_ = 0;
  const Node* t = root.find("scenario");
  if (!t) {
    error(root.loc, "missing required table [scenario] (with at least horizon_days)");
    return;
  }
  if (!expect_table(*t, "scenario")) return;
  const std::string path = "scenario";
  check_keys(*t, path, scenario_keys);
  ScenarioInfo& info = s.scenario;
  if (const Node* n = t->find("name")) {
    if (auto v = string(*n, "scenario.name")) info.name = *v;
  }
  const Node* horizon = t->find("horizon_days");
  if (!horizon) missing(*t, path, "horizon_days", " (the measured period, in days)");
  if (horizon) read_number(*t, path, "horizon_days", above(0), info.horizon_days);
  read_number(*t, path, "warmup_days", at_least(0), info.warmup_days);
  if (info.horizon_days + info.warmup_days > max_total_days) {
    const Node* at = t->find("warmup_days") ? t->find("warmup_days") : horizon;
    error(at ? at->loc : t->loc,
          fmt::format("scenario: warmup_days + horizon_days = {} exceeds the limit of 1000000 days",
                      info.horizon_days + info.warmup_days));
  } else if (info.horizon_days > 0) {
    run_days_ = info.horizon_days + info.warmup_days;
  }
  if (const Node* n = t->find("seed")) {
    if (auto v = whole(*n, "scenario.seed", 0)) info.seed = static_cast<std::uint64_t>(*v);
  }
  if (const Node* n = t->find("replications")) {
    if (auto v = whole(*n, "scenario.replications", 1, max_replications)) info.replications = *v;
  }
}

void Loader::build_costs(const Node& root, Scenario& s) {
  const Node* t = root.find("costs");
  if (!t || !expect_table(*t, "costs")) return;
  const std::string path = "costs";
  check_keys(*t, path, costs_keys);
  Costs& c = s.costs;
  read_number(*t, path, "holding_rate_per_year", at_least(0), c.holding_rate_per_year);
  read_number(*t, path, "order_cost", at_least(0), c.order_cost);
  read_number(*t, path, "backorder_cost_per_unit", at_least(0), c.backorder_cost_per_unit);
  read_number(*t, path, "backorder_cost_per_unit_day", at_least(0), c.backorder_cost_per_unit_day);
  read_number(*t, path, "lost_sale_penalty", at_least(0), c.lost_sale_penalty);
  if (const Node* n = t->find("pipeline_holding")) {
    if (auto v = boolean(*n, "costs.pipeline_holding")) c.pipeline_holding = *v;
  }
}

void Loader::build_warehouse(const Node& root, Scenario& s) {
  const Node* t = root.find("warehouse");
  if (!t || !expect_table(*t, "warehouse")) return;
  const std::string path = "warehouse";
  check_keys(*t, path, warehouse_keys);
  Warehouse& w = s.warehouse;
  if (const Node* n = t->find("unmet_demand")) {
    if (auto v = choice<UnmetDemand>(*n, "warehouse.unmet_demand",
                                     {{"backorder", UnmetDemand::backorder},
                                      {"lost_sales", UnmetDemand::lost_sales},
                                      {"patience", UnmetDemand::patience}})) {
      w.unmet_demand = *v;
      if (*v == UnmetDemand::patience && !t->find("patience_days")) {
        error(n->loc,
              "warehouse.unmet_demand: \"patience\" needs patience_days (how long "
              "customers wait for the rest of their order)");
      }
    }
  }
  read_number(*t, path, "patience_days", at_least(0), w.patience_days);
  if (const Node* n = t->find("patience_days")) {
    within_run(*n, join(path, "patience_days"), w.patience_days);
  }
  read_distribution(*t, path, "dock_to_stock_days", w.dock_to_stock_days);
  if (const Node* n = t->find("receiving_capacity_units_per_day")) {
    if (auto v = number(*n, join(path, "receiving_capacity_units_per_day"), units(true))) {
      w.receiving_capacity_units_per_day = *v;
    }
  }
  if (const Node* n = t->find("pickers")) {
    if (auto v = whole(*n, "warehouse.pickers", 1)) w.pickers = *v;
  }
  read_distribution(*t, path, "pick_time_days", w.pick_time_days);
  if (const Node* n = t->find("storage_capacity_units")) {
    if (auto v = number(*n, join(path, "storage_capacity_units"), units())) {
      w.storage_capacity_units = *v;
    }
  }
  read_number(*t, path, "overflow_cost_per_unit_day", at_least(0), w.overflow_cost_per_unit_day);
}

void Loader::build_suppliers(const Node& root, Scenario& s) {
  const auto list = entries(root, "suppliers", max_entities);
  if (list.empty() && !root.find("suppliers")) {
    error(root.loc, "missing required [[suppliers]]: at least one supplier is needed");
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Node& t = *list[i];
    const std::string path = entry_path("suppliers", t, i, "id");
    check_keys(t, path, supplier_keys);
    Supplier sup;
    if (const Node* id = t.find("id")) {
      if (auto v = string(*id, join(path, "id"))) {
        if (v->empty())
          error(id->loc, fmt::format("{}: expected a non-empty id", join(path, "id")));
        sup.id = *v;
      }
    } else {
      missing(t, path, "id");
    }
    if (const Node* lt = t.find("lead_time_days")) {
      if (auto d = distribution(*lt, join(path, "lead_time_days"))) sup.lead_time_days = *d;
    } else {
      missing(t, path, "lead_time_days", " (order -> goods handed to the carrier)");
    }
    if (const Node* n = t.find("capacity_units_per_day")) {
      if (auto v = number(*n, join(path, "capacity_units_per_day"), units(true))) {
        sup.capacity_units_per_day = *v;
      }
    }
    read_number(t, path, "defect_rate", between(0, 1), sup.defect_rate);
    if (const Node* n = t.find("min_order_qty")) {
      if (auto v = whole(*n, join(path, "min_order_qty"), 1, max_whole_units)) {
        sup.min_order_qty = *v;
      }
    }
    if (const Node* n = t.find("order_multiple")) {
      if (auto v = whole(*n, join(path, "order_multiple"), 1, max_whole_units)) {
        sup.order_multiple = *v;
      }
    }
    read_number(t, path, "unit_cost_multiplier", at_least(0), sup.unit_cost_multiplier);
    if (!sup.id.empty()) {
      supplier_ids_.emplace(sup.id, s.suppliers.size());
      supplier_names_.push_back(sup.id);
    }
    s.suppliers.push_back(std::move(sup));
  }
  require_some(root, "suppliers", list.size());
}

void Loader::build_carriers(const Node& root, Scenario& s) {
  const auto list = entries(root, "carriers", max_entities);
  if (list.empty() && !root.find("carriers")) {
    error(root.loc, "missing required [[carriers]]: at least one carrier is needed");
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Node& t = *list[i];
    const std::string path = entry_path("carriers", t, i, "id");
    check_keys(t, path, carrier_keys);
    Carrier car;
    if (const Node* id = t.find("id")) {
      if (auto v = string(*id, join(path, "id"))) {
        if (v->empty())
          error(id->loc, fmt::format("{}: expected a non-empty id", join(path, "id")));
        car.id = *v;
      }
    } else {
      missing(t, path, "id");
    }
    if (const Node* tr = t.find("transit_days")) {
      if (auto d = distribution(*tr, join(path, "transit_days"))) car.transit_days = *d;
    } else {
      missing(t, path, "transit_days");
    }
    if (const Node* n = t.find("capacity_units_per_day")) {
      if (auto v = number(*n, join(path, "capacity_units_per_day"), units(true))) {
        car.capacity_units_per_day = *v;
      }
    }
    read_number(t, path, "cost_per_shipment", at_least(0), car.cost_per_shipment);
    read_number(t, path, "cost_per_unit", at_least(0), car.cost_per_unit);
    read_number(t, path, "loss_probability", between(0, 1), car.loss_probability);
    if (!car.id.empty()) {
      carrier_ids_.emplace(car.id, s.carriers.size());
      carrier_names_.push_back(car.id);
    }
    s.carriers.push_back(std::move(car));
  }
  require_some(root, "carriers", list.size());
}

void Loader::build_skus(const Node& root, Scenario& s) {
  const auto list = entries(root, "skus", max_skus);
  if (list.empty() && !root.find("skus")) {
    error(root.loc, "missing required [[skus]] (or skus_file): at least one SKU is needed");
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Node& t = *list[i];
    const std::string path = entry_path("skus", t, i, "id");
    check_keys(t, path, sku_keys);
    Sku sku;
    if (const Node* id = t.find("id")) {
      if (auto v = string(*id, join(path, "id"))) {
        if (v->empty())
          error(id->loc, fmt::format("{}: expected a non-empty id", join(path, "id")));
        sku.id = *v;
      }
    } else {
      missing(t, path, "id");
    }
    if (!t.find("unit_cost")) missing(t, path, "unit_cost");
    read_number(t, path, "unit_cost", at_least(0), sku.unit_cost);
    if (!t.find("price")) missing(t, path, "price");
    read_number(t, path, "price", at_least(0), sku.price);
    if (const Node* n = t.find("supplier")) {
      if (auto v =
              reference(*n, join(path, "supplier"), "supplier", supplier_ids_, supplier_names_)) {
        sku.supplier = *v;
      }
    } else {
      missing(t, path, "supplier");
    }
    if (const Node* n = t.find("carrier")) {
      if (auto v = reference(*n, join(path, "carrier"), "carrier", carrier_ids_, carrier_names_)) {
        sku.carrier = *v;
      }
    } else {
      missing(t, path, "carrier");
    }
    if (const Node* n = t.find("critical")) {
      if (auto v = boolean(*n, join(path, "critical"))) sku.critical = *v;
    }
    read_number(t, path, "shelf_life_days", at_least(0), sku.shelf_life_days);
    if (const Node* n = t.find("initial_on_hand")) {
      if (n->is_string()) {
        if (n->text != "policy") {
          error(n->loc, fmt::format("{}: expected \"policy\" or a whole number >= 0, found {}",
                                    join(path, "initial_on_hand"), describe(*n)));
        }
      } else if (auto v = whole(*n, join(path, "initial_on_hand"), 0, max_whole_units)) {
        sku.initial_on_hand = *v;
      }
    }
    if (const Node* n = t.find("holding_cost_per_unit_day")) {
      if (auto v = number(*n, join(path, "holding_cost_per_unit_day"), at_least(0))) {
        sku.holding_cost_per_unit_day = *v;
      }
    }
    if (const Node* n = t.find("demand")) {
      build_demand(*n, join(path, "demand"), sku.id, sku.demand);
    } else {
      missing(t, path, "demand", " (demand = { orders_per_day = ... } or { trace = ... })");
    }
    const Node* price = t.find("price");
    if (price && t.find("unit_cost") && sku.price < sku.unit_cost) {
      warning(price->loc, fmt::format("{}: price {} is below unit_cost {} (sold at a loss: a "
                                      "loss leader?)",
                                      join(path, "price"), sku.price, sku.unit_cost));
    }
    if (!sku.id.empty()) {
      sku_ids_.emplace(sku.id, s.skus.size());
      sku_names_.push_back(sku.id);
    }
    s.skus.push_back(std::move(sku));
  }
  require_some(root, "skus", list.size());
}

void Loader::build_demand(const Node& n, const std::string& path, const std::string& sku_id,
                          Demand& d) {
  if (!expect_table(n, path)) return;
  Keys all = poisson_demand_keys;
  all.insert(all.end(), trace_demand_keys.begin(), trace_demand_keys.end());
  if (const Node* trace = n.find("trace")) {
    for (std::size_t i = 0; i < n.keys.size(); ++i) {
      const std::string& k = n.keys[i];
      if (std::find(poisson_demand_keys.begin(), poisson_demand_keys.end(), k) !=
          poisson_demand_keys.end()) {
        error(n.key_locs[i], fmt::format("{}: not used with a trace (a trace demand takes only "
                                         "trace, column, noise)",
                                         join(path, k)));
      } else if (std::find(trace_demand_keys.begin(), trace_demand_keys.end(), k) ==
                 trace_demand_keys.end()) {
        error(n.key_locs[i],
              fmt::format("{}: unknown key{}", join(path, k), did_you_mean_suffix(k, all)));
      }
    }
    load_trace(n, *trace, path, sku_id, d);
    return;
  }
  for (std::size_t i = 0; i < n.keys.size(); ++i) {
    const std::string& k = n.keys[i];
    if (k == "column" || k == "noise") {
      error(n.key_locs[i], fmt::format("{}: used only with trace = \"file.csv\"", join(path, k)));
    } else if (std::find(poisson_demand_keys.begin(), poisson_demand_keys.end(), k) ==
               poisson_demand_keys.end()) {
      error(n.key_locs[i],
            fmt::format("{}: unknown key{}", join(path, k), did_you_mean_suffix(k, all)));
    }
  }
  if (!n.find("orders_per_day")) {
    missing(n, path, "orders_per_day", " (or trace = \"file.csv\")");
  }
  read_number(n, path, "orders_per_day", between(0, limits::max_orders_per_day), d.orders_per_day);
  bool size_ok = true;
  if (const Node* size = n.find("order_size")) {
    auto v = units_distribution(*size, join(path, "order_size"));
    size_ok = v.has_value();
    if (v) d.order_size = *v;
  }
  // Planned units a day: bounded, so that stock and backlog counts never overflow a run.
  if (const Node* opd = n.find("orders_per_day");
      opd && size_ok && d.orders_per_day * d.order_size.expected() > limits::max_units) {
    error(opd->loc,
          fmt::format("{}: orders_per_day x mean order size = {} units a day exceeds "
                      "the limit of 1e12",
                      join(path, "orders_per_day"), d.orders_per_day * d.order_size.expected()));
  }
  if (const Node* w = n.find("weekly")) {
    if (auto v = number_list(*w, join(path, "weekly"), at_least(0))) {
      if (v->size() != 7) {
        error(w->loc, fmt::format("{}: expected 7 factors (one per weekday), found {}",
                                  join(path, "weekly"), v->size()));
      } else {
        std::copy(v->begin(), v->end(), d.weekly.begin());
      }
    }
  }
  read_number(n, path, "annual_amplitude", between(0, 1), d.annual_amplitude);
  read_number(n, path, "annual_peak_day", any_number(), d.annual_peak_day);
  read_number(n, path, "trend_per_year", above(-1), d.trend_per_year);
}

void Loader::load_trace(const Node& demand, const Node& trace_node, const std::string& path,
                        const std::string& sku_id, Demand& d) {
  auto file = string(trace_node, join(path, "trace"));
  if (!file) return;
  if (file->empty()) {
    error(trace_node.loc, fmt::format("{}: expected the path of a CSV file", join(path, "trace")));
    return;
  }
  d.trace_file = *file;
  const Node* column_node = demand.find("column");
  std::string column = sku_id;
  if (column_node) {
    auto c = string(*column_node, join(path, "column"));
    if (!c) return;
    column = *c;
  }
  d.trace_column = column;
  if (const Node* noise = demand.find("noise")) {
    if (auto v = choice<bool>(*noise, join(path, "noise"), {{"none", false}, {"poisson", true}})) {
      d.trace_poisson_noise = *v;
    }
  }

  const auto [full, display] = resolve(trace_node);
  CsvOptions csv_limits;
  csv_limits.max_rows = max_trace_rows;
  csv_limits.max_columns = limits::max_csv_columns;
  csv_limits.max_errors = limits::max_error_lines;
  auto it = traces_.find(display);
  if (it == traces_.end()) {
    TraceFile tf;
    if (auto text = read_file(full, display, trace_node.loc, join(path, "trace"))) {
      tf.src = new_source(display, full.parent_path());
      if (check_text(*text, tf.src, "a CSV file of daily demand")) {
        // One pass for every column this scenario reads from the file.
        const TraceRead read = read_trace_columns(
            *text, trace_wanted_[display], true, csv_limits, limits::max_units,
            [&](std::uint32_t line, std::uint32_t col, std::string message) {
              error({tf.src, line, col}, std::move(message));
            },
            tf.columns);
        note_more({tf.src, 1, 1}, read.more_errors);
        tf.header = read.header;
        tf.day_ok = read.day_ok;
        tf.ok = !read.header_too_wide;  // reported there; no column can be looked up
        tf.text = std::move(*text);
      }
    }
    it = traces_.emplace(display, std::move(tf)).first;
  }
  TraceFile& tf = it->second;
  if (!tf.ok) return;
  const bool in_header =
      column != "day" && std::any_of(tf.header.begin(), tf.header.end(),
                                     [&](const CsvCell& h) { return h.text == column; });
  if (in_header && !tf.columns.count(column)) {  // not foreseen (e.g. a --set): one more pass
    read_trace_columns(
        tf.text, {column}, false, csv_limits, limits::max_units,
        [&](std::uint32_t line, std::uint32_t col, std::string message) {
          error({tf.src, line, col}, std::move(message));
        },
        tf.columns);
  }
  auto col_it = tf.columns.find(column);
  if (!in_header || col_it == tf.columns.end()) {
    std::vector<std::string> names;
    for (const CsvCell& h : tf.header) {
      if (h.text != "day") names.push_back(h.text);
    }
    const Loc at = column_node ? column_node->loc : trace_node.loc;
    error(at, fmt::format("{}: no column '{}' in '{}'{}{}", join(path, "column"), column, display,
                          column_node ? "" : " (the column defaults to the SKU id)",
                          did_you_mean_suffix(column, names)));
    return;
  }
  if (!tf.day_ok) return;
  if (!col_it->second.ok) return;
  // Every SKU holds its own copy of its column: bound the total.
  trace_values_ += col_it->second.values.size();
  if (trace_values_ > max_trace_values) {
    error(trace_node.loc, fmt::format("{}: the demand traces of all SKUs hold more than {} daily "
                                      "values in total; use shorter traces or fewer trace SKUs",
                                      join(path, "trace"), max_trace_values));
    return;
  }
  d.trace = col_it->second.values;
}

void Loader::read_params(const Node& table, const std::string& path, unsigned mask,
                         std::string_view label, const Keys& extra, PolicyParams& out) {
  Keys allowed = extra;
  for (const ParamKey& p : param_keys) {
    if (p.kinds & mask) allowed.push_back(p.name);
  }
  for (std::size_t i = 0; i < table.keys.size(); ++i) {
    const std::string& k = table.keys[i];
    if (std::find(extra.begin(), extra.end(), k) != extra.end()) continue;
    const Loc& at = table.key_locs[i];
    const auto* p = std::find_if(std::begin(param_keys), std::end(param_keys),
                                 [&](const ParamKey& pk) { return pk.name == k; });
    if (p == std::end(param_keys)) {
      error(at, fmt::format("{}: unknown key{}", join(path, k), did_you_mean_suffix(k, allowed)));
      continue;
    }
    if (!(p->kinds & mask)) {
      error(at, fmt::format("{}: not a parameter of {} (it belongs to {})", join(path, k), label,
                            kinds_taking(p->kinds)));
      continue;
    }
    const Node& n = table.items[i];
    const std::string kp = join(path, k);
    if (k == "safety_factor") {
      if (auto v = number(n, kp, at_least(0))) out.safety_factor = *v;
    } else if (k == "buffer_days") {
      if (auto v = number(n, kp, at_least(0))) out.buffer_days = *v;
    } else if (k == "batch") {
      if (auto v = choice<SignalBatching>(
              n, kp, {{"daily", SignalBatching::daily}, {"none", SignalBatching::none}})) {
        out.batch = *v;
      }
    } else if (k == "adapt") {
      if (auto v = boolean(n, kp)) out.adapt = *v;
    } else if (k == "service_level") {
      if (auto v = number(n, kp, {.lo = 0, .hi = 1, .lo_open = true, .hi_open = true})) {
        out.service_level = *v;
      }
    } else if (k == "review_period_days") {
      // A tiny period is a review storm (1e-300 never advances the clock: a hang).
      if (auto v = number(n, kp, at_least(limits::min_review_period_days))) {
        out.review_period_days = *v;
      }
    } else if (k == "forecast") {
      if (auto v = choice<Forecast>(n, kp,
                                    {{"moving_average", Forecast::moving_average},
                                     {"exp_smoothing", Forecast::exp_smoothing},
                                     {"plan", Forecast::plan}})) {
        out.forecast = *v;
      }
    } else if (k == "window_days") {
      if (auto v = number(n, kp, at_least(1)); v && within_run(n, kp, *v)) out.window_days = *v;
    } else if (k == "alpha") {
      if (auto v = number(n, kp, {.lo = 0, .hi = 1, .lo_open = true})) out.alpha = *v;
    } else if (k == "order_quantity" && (mask & k_jic)) {
      if (auto v = choice<OrderQuantityRule>(
              n, kp, {{"up_to", OrderQuantityRule::up_to}, {"eoq", OrderQuantityRule::eoq}})) {
        out.order_quantity_rule = *v;
      }
    } else {
      // Levels: "x" in whole units or "x_days" in days of planned demand, not both.
      const bool days = k.size() > 5 && k.compare(k.size() - 5, 5, "_days") == 0;
      const std::string base = days ? k.substr(0, k.size() - 5) : k;
      const std::string other = days ? base : base + "_days";
      const auto other_index = table.index_of(other);
      if (other_index >= 0 && static_cast<std::size_t>(other_index) < i) {
        error(at, fmt::format("{}: give either '{}' or '{}', not both", kp, base, base + "_days"));
        continue;
      }
      const bool positive = base == "order_quantity";
      std::optional<Level> level;
      if (days) {
        // Days of planned demand: no more than the longest run.
        const Range r{.lo = 0, .hi = max_total_days, .lo_open = positive};
        if (auto v = number(n, kp, r)) level = Level{*v, true};
      } else if (auto v = whole(n, kp, positive ? 1 : 0, max_whole_units)) {
        level = Level{static_cast<double>(*v), false};
      }
      if (!level) continue;
      if (base == "level") out.level = level;
      if (base == "reorder_point") out.reorder_point = level;
      if (base == "order_quantity") out.order_quantity = level;
      if (base == "order_up_to") out.order_up_to = level;
    }
  }
  // Parameters of another forecast method than the one chosen here.
  if (out.forecast && table.find("forecast")) {
    const auto misplaced = [&](std::string_view key, std::string_view method) {
      if (table.find(key)) {
        error(table.key_loc(key),
              fmt::format("{}: used only with forecast = \"{}\"", join(path, key), method));
      }
    };
    if (*out.forecast != Forecast::moving_average) misplaced("window_days", "moving_average");
    if (*out.forecast != Forecast::exp_smoothing) misplaced("alpha", "exp_smoothing");
  }
  if (out.reorder_point && out.order_up_to && !out.reorder_point->in_days &&
      !out.order_up_to->in_days && out.order_up_to->amount <= out.reorder_point->amount &&
      table.find("order_up_to")) {
    error(
        table.find("order_up_to")->loc,
        fmt::format("{}: expected order_up_to > reorder_point ({}), found {}",
                    join(path, "order_up_to"), out.reorder_point->amount, out.order_up_to->amount));
  }
}

void Loader::build_policies(const Node& root, Scenario& s) {
  const auto list = entries(root, "policies", limits::max_policies);
  require_some(root, "policies", list.size());
  if (list.empty() && !root.find("policies")) {
    error(root.loc, "missing required [[policies]]: at least one policy is needed");
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Node& t = *list[i];
    const std::string path = entry_path("policies", t, i, "name");
    PolicySpec p;
    if (const Node* n = t.find("name")) {
      if (auto v = string(*n, join(path, "name"))) {
        if (v->empty())
          error(n->loc, fmt::format("{}: expected a non-empty name", join(path, "name")));
        p.name = *v;
      }
    } else {
      missing(t, path, "name");
    }
    const Node* kind_node = t.find("kind");
    std::optional<PolicyKind> kind;
    if (kind_node) {
      kind = choice<PolicyKind>(*kind_node, join(path, "kind"),
                                {{"jit", PolicyKind::jit},
                                 {"jic", PolicyKind::jic},
                                 {"hybrid", PolicyKind::hybrid},
                                 {"base_stock", PolicyKind::base_stock},
                                 {"rq", PolicyKind::rq},
                                 {"ss", PolicyKind::ss},
                                 {"periodic", PolicyKind::periodic}});
    } else {
      missing(t, path, "kind", " (jit, jic, hybrid, base_stock, rq, ss or periodic)");
    }
    if (!kind) {
      s.policies.push_back(std::move(p));
      continue;  // parameters cannot be checked without a kind
    }
    p.kind = *kind;
    const std::string label = fmt::format("{} policy", article(to_string(*kind)));
    const unsigned mask = kind_mask(*kind);
    Keys extra = policy_common_keys;
    if (*kind == PolicyKind::hybrid)
      extra.insert(extra.end(), hybrid_keys.begin(), hybrid_keys.end());
    // Hybrid-only keys on another kind get a clearer message than "unknown key".
    for (std::string_view k : hybrid_keys) {
      if (*kind != PolicyKind::hybrid && t.find(k)) {
        error(t.key_loc(k), fmt::format("{}: only a hybrid policy takes '{}'", join(path, k), k));
        extra.push_back(k);
      }
    }
    read_params(t, path, mask, label, extra, p.params);

    if (*kind == PolicyKind::hybrid) {
      if (const Node* c = t.find("critical"); c && expect_table(*c, join(path, "critical"))) {
        const std::string cp = join(path, "critical");
        check_keys(*c, cp, critical_keys);
        p.critical.flagged = false;  // criteria not named are off
        if (const Node* n = c->find("flagged")) {
          if (auto v = boolean(*n, join(cp, "flagged"))) p.critical.flagged = *v;
        }
        if (const Node* n = c->find("top_revenue_share")) {
          if (auto v =
                  number(*n, join(cp, "top_revenue_share"), {.lo = 0, .hi = 1, .lo_open = true})) {
            p.critical.top_revenue_share = *v;
          }
        }
        if (const Node* n = c->find("lead_time_cv_above")) {
          if (auto v = number(*n, join(cp, "lead_time_cv_above"), at_least(0))) {
            p.critical.lead_time_cv_above = *v;
          }
        }
      }
      if (const Node* c = t.find("critical_policy");
          c && expect_table(*c, join(path, "critical_policy"))) {
        read_params(*c, join(path, "critical_policy"), k_jic, "critical_policy (the jic half)", {},
                    p.critical_policy);
      }
      if (const Node* c = t.find("other_policy");
          c && expect_table(*c, join(path, "other_policy"))) {
        read_params(*c, join(path, "other_policy"), k_jit, "other_policy (the jit half)", {},
                    p.other_policy);
      }
    }

    if (const Node* ps = t.find("per_sku"); ps && expect_table(*ps, join(path, "per_sku"))) {
      for (std::size_t k = 0; k < ps->keys.size(); ++k) {
        const std::string kp = join(join(path, "per_sku"), ps->keys[k]);
        const auto it = sku_ids_.find(ps->keys[k]);
        if (it == sku_ids_.end()) {
          error(ps->key_locs[k],
                fmt::format("{}: unknown SKU '{}'{}", join(path, "per_sku"), ps->keys[k],
                            did_you_mean_suffix(ps->keys[k], sku_names_)));
          continue;
        }
        if (!expect_table(ps->items[k], kp)) continue;
        SkuOverride o;
        o.sku = it->second;
        read_params(ps->items[k], kp, mask, fmt::format("per-SKU overrides of {}", label), {},
                    o.params);
        p.per_sku.push_back(std::move(o));
      }
    }

    // Required parameters per kind.
    const auto require = [&](std::string_view key) {
      if (!t.find(key) && !t.find(fmt::format("{}_days", key))) {
        missing(t, path, key, fmt::format(" (or '{}_days') for {}", key, label));
      }
    };
    switch (*kind) {
      case PolicyKind::base_stock:
        require("level");
        break;
      case PolicyKind::rq:
        require("reorder_point");
        require("order_quantity");
        break;
      case PolicyKind::ss:
        require("reorder_point");
        require("order_up_to");
        break;
      case PolicyKind::periodic:
        require("order_up_to");
        break;
      default:
        break;
    }
    s.policies.push_back(std::move(p));
  }
}

void Loader::build_shocks(const Node& root, Scenario& s) {
  const auto list = entries(root, "shocks", max_entities);
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Node& t = *list[i];
    const std::string path = entry_path("shocks", t, i, "id");
    Shock sh;
    if (const Node* n = t.find("id")) {
      if (auto v = string(*n, join(path, "id"))) {
        if (v->empty()) error(n->loc, fmt::format("{}: expected a non-empty id", join(path, "id")));
        sh.id = *v;
      }
    } else {
      missing(t, path, "id");
    }
    std::optional<ShockKind> kind;
    if (const Node* n = t.find("kind")) {
      kind = choice<ShockKind>(*n, join(path, "kind"),
                               {{"shipping_delay", ShockKind::shipping_delay},
                                {"port_closure", ShockKind::port_closure},
                                {"supplier_shutdown", ShockKind::supplier_shutdown},
                                {"capacity_cut", ShockKind::capacity_cut},
                                {"quality_failure", ShockKind::quality_failure},
                                {"demand_spike", ShockKind::demand_spike},
                                {"receiving_slowdown", ShockKind::receiving_slowdown},
                                {"shipment_loss", ShockKind::shipment_loss}});
    } else {
      missing(t, path, "kind");
    }

    // Keys each kind takes: its targets and its parameters.
    Keys targets, params;
    if (kind) {
      switch (*kind) {
        case ShockKind::shipping_delay:
          targets = {"carrier"}, params = {"delay_factor", "extra_days", "in_transit"};
          break;
        case ShockKind::port_closure:
          targets = {"carrier"};
          break;
        case ShockKind::supplier_shutdown:
          targets = {"supplier"}, params = {"recovery_days"};
          break;
        case ShockKind::capacity_cut:
          targets = {"supplier", "carrier"}, params = {"factor"};
          break;
        case ShockKind::quality_failure:
          targets = {"supplier"}, params = {"defect_rate"};
          break;
        case ShockKind::demand_spike:
          targets = {"sku"}, params = {"multiplier", "shape"};
          break;
        case ShockKind::receiving_slowdown:
          params = {"factor", "capacity_factor"};
          break;
        case ShockKind::shipment_loss:
          targets = {"carrier"}, params = {"loss_probability"};
          break;
      }
      sh.kind = *kind;
    }
    const std::string kind_name = kind ? std::string(to_string(*kind)) : std::string();
    Keys allowed = shock_common_keys;
    if (kind) {
      allowed.insert(allowed.end(), targets.begin(), targets.end());
      allowed.insert(allowed.end(), params.begin(), params.end());
    } else {
      allowed.insert(allowed.end(), shock_target_keys.begin(), shock_target_keys.end());
      allowed.insert(allowed.end(), shock_param_keys.begin(), shock_param_keys.end());
    }
    for (std::size_t k = 0; k < t.keys.size(); ++k) {
      const std::string& key = t.keys[k];
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      const Loc& at = t.key_locs[k];
      const bool is_target = std::find(shock_target_keys.begin(), shock_target_keys.end(), key) !=
                             shock_target_keys.end();
      const bool is_param = std::find(shock_param_keys.begin(), shock_param_keys.end(), key) !=
                            shock_param_keys.end();
      if (is_target) {
        error(at, fmt::format("{}: {} shock does not target a {} ({})", join(path, key),
                              article(kind_name), key,
                              targets.empty()
                                  ? std::string("it acts on the warehouse")
                                  : fmt::format("it targets a {}", fmt::join(targets, " or a "))));
      } else if (is_param) {
        error(at,
              fmt::format("{}: not used by {} shock{}", join(path, key), article(kind_name),
                          params.empty() ? std::string(" (it takes no parameters)")
                                         : fmt::format(" (it takes {})", fmt::join(params, ", "))));
      } else {
        error(at,
              fmt::format("{}: unknown key{}", join(path, key), did_you_mean_suffix(key, allowed)));
      }
    }

    // Target: which of the kind's entities (omitted: all of them).
    if (kind) {
      switch (*kind) {
        case ShockKind::supplier_shutdown:
        case ShockKind::quality_failure:
          sh.target_kind = ShockTarget::supplier;
          break;
        case ShockKind::demand_spike:
          sh.target_kind = ShockTarget::sku;
          break;
        case ShockKind::receiving_slowdown:
          sh.target_kind = ShockTarget::warehouse;
          break;
        default:
          sh.target_kind = ShockTarget::carrier;
          break;
      }
      const Node* sup = t.find("supplier");
      const Node* car = t.find("carrier");
      if (*kind == ShockKind::capacity_cut) {
        if (sup && car) {
          error(car->loc, fmt::format("{}: a capacity_cut targets a supplier or a carrier, not "
                                      "both",
                                      join(path, "carrier")));
        } else if (!sup && !car) {
          missing(t, path, "supplier", " (or 'carrier'): a capacity_cut cuts one of them");
        }
        if (sup && !car) sh.target_kind = ShockTarget::supplier;
      }
      const auto target = [&](std::string_view key, std::string_view what,
                              const std::unordered_map<std::string, std::size_t>& ids,
                              const std::vector<std::string>& names) {
        if (const Node* n = t.find(key)) {
          if (std::find(targets.begin(), targets.end(), key) == targets.end()) return;
          sh.target = reference(*n, join(path, key), what, ids, names);
        }
      };
      if (sh.target_kind == ShockTarget::supplier) {
        target("supplier", "supplier", supplier_ids_, supplier_names_);
      }
      if (sh.target_kind == ShockTarget::carrier) {
        target("carrier", "carrier", carrier_ids_, carrier_names_);
      }
      if (sh.target_kind == ShockTarget::sku) target("sku", "SKU", sku_ids_, sku_names_);
    }

    // Start: a day, or a Poisson process of starts.
    const Node* start = t.find("start_day");
    const Node* occ = t.find("occurrence");
    if (start && occ) {
      const bool start_first =
          std::pair(t.key_loc("start_day").line, t.key_loc("start_day").column) <
          std::pair(t.key_loc("occurrence").line, t.key_loc("occurrence").column);
      error(start_first ? t.key_loc("occurrence") : t.key_loc("start_day"),
            fmt::format("{}: give either start_day or occurrence, not both", path));
    } else if (!start && !occ) {
      missing(t, path, "start_day", " (or occurrence = { rate_per_year = ... })");
    }
    if (start && !occ) {
      const double earliest = -s.scenario.warmup_days;
      if (auto v = number(*start, join(path, "start_day"), at_least(earliest))) sh.start_day = *v;
    }
    if (occ && !start && expect_table(*occ, join(path, "occurrence"))) {
      const std::string op = join(path, "occurrence");
      check_keys(*occ, op, occurrence_keys);
      if (const Node* r = occ->find("rate_per_year")) {
        if (auto v = number(*r, join(op, "rate_per_year"), above(0))) sh.rate_per_year = *v;
      } else {
        missing(*occ, op, "rate_per_year");
      }
    }
    if (const Node* d = t.find("duration_days")) {
      if (auto v = distribution(*d, join(path, "duration_days"));
          v && within_run(*d, join(path, "duration_days"), v->expected())) {
        sh.duration_days = *v;
      }
    } else {
      missing(t, path, "duration_days");
    }

    // Kind parameters (only those the kind takes; others were reported above).
    const auto takes = [&](std::string_view key) {
      return std::find(params.begin(), params.end(), key) != params.end();
    };
    if (takes("delay_factor")) read_number(t, path, "delay_factor", above(0), sh.delay_factor);
    if (takes("extra_days")) read_number(t, path, "extra_days", at_least(0), sh.extra_days);
    if (takes("in_transit")) {
      if (const Node* n = t.find("in_transit")) {
        if (auto v = boolean(*n, join(path, "in_transit"))) sh.in_transit = *v;
      }
    }
    if (takes("recovery_days")) {
      read_number(t, path, "recovery_days", at_least(0), sh.recovery_days);
      if (const Node* n = t.find("recovery_days")) {
        within_run(*n, join(path, "recovery_days"), sh.recovery_days);
      }
    }
    if (takes("factor")) read_number(t, path, "factor", at_least(0), sh.factor);
    if (takes("capacity_factor")) {
      read_number(t, path, "capacity_factor", at_least(0), sh.capacity_factor);
    }
    if (takes("defect_rate")) read_number(t, path, "defect_rate", between(0, 1), sh.defect_rate);
    if (takes("multiplier")) {  // it multiplies the arrival rate: bounded like orders_per_day
      read_number(t, path, "multiplier", between(0, limits::max_demand_multiplier), sh.multiplier);
    }
    if (takes("shape")) {
      if (const Node* n = t.find("shape")) {
        if (auto v = choice<SpikeShape>(*n, join(path, "shape"),
                                        {{"step", SpikeShape::step},
                                         {"ramp", SpikeShape::ramp},
                                         {"viral", SpikeShape::viral}})) {
          sh.shape = *v;
        }
      }
    }
    if (takes("loss_probability")) {
      read_number(t, path, "loss_probability", between(0, 1), sh.loss_probability);
    }
    s.shocks.push_back(std::move(sh));
  }
}

void Loader::check_parameter_path(const Node& root, const Node& param) {
  // Same addressing as --set; reported at the string (columns assume no escapes in it).
  const std::string& text = param.text;
  const auto at = [&](std::size_t offset) {
    return Loc{param.loc.src, param.loc.line,
               param.loc.column + 1 + static_cast<std::uint32_t>(offset)};
  };
  std::vector<std::pair<std::string, std::size_t>> segs;
  for (std::size_t start = 0;;) {
    const std::size_t dot = text.find('.', start);
    segs.emplace_back(text.substr(start, dot - start), start);
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  const Node* table = &root;
  for (std::size_t i = 0; i < segs.size(); ++i) {
    const auto& [seg, offset] = segs[i];
    if (seg.empty()) {
      error(at(offset), fmt::format("sweep.parameter: empty key in '{}'", text));
      return;
    }
    const char* id_key = table == &root ? identity_key(seg) : nullptr;
    if (id_key) {
      const Node* list = root.find(seg);
      std::vector<std::string> ids;
      if (list && list->is_array()) {
        for (const Node& e : list->items) {
          if (auto id = identity_of(e, id_key)) ids.push_back(*id);
        }
      }
      bool found = false;
      static const std::vector<Node> no_entries;  // a reference, not a copy, in both branches
      for (std::size_t j = segs.size() - 1; j-- > i + 1 && !found;) {
        std::string candidate = segs[i + 1].first;
        for (std::size_t k = i + 2; k <= j; ++k) candidate += "." + segs[k].first;
        for (const Node& e : list ? list->items : no_entries) {
          if (identity_of(e, id_key) == candidate) {
            table = &e;
            i = j;
            found = true;
            break;
          }
        }
      }
      if (!found) {
        const std::size_t k = std::min(i + 1, segs.size() - 1);
        error(at(segs[k].second),
              fmt::format("sweep.parameter: unknown {} '{}' in '{}'{}", entity_word(seg),
                          segs[k].first, text, did_you_mean_suffix(segs[k].first, ids)));
        return;
      }
      continue;
    }
    if (!all_known_keys().count(seg)) {
      const std::vector<std::string_view> known(all_known_keys().begin(), all_known_keys().end());
      error(at(offset), fmt::format("sweep.parameter: unknown key '{}' in '{}'{}", seg, text,
                                    did_you_mean_suffix(seg, known)));
      return;
    }
    const Node* child = table ? table->find(seg) : nullptr;
    table = child && child->is_table() ? child : nullptr;
    if (!table) {
      // The rest of the path is created by the sweep, as by --set: only check the key names.
      for (std::size_t k = i + 1; k < segs.size(); ++k) {
        if (!all_known_keys().count(segs[k].first)) {
          const std::vector<std::string_view> known(all_known_keys().begin(),
                                                    all_known_keys().end());
          error(at(segs[k].second),
                fmt::format("sweep.parameter: unknown key '{}' in '{}'{}", segs[k].first, text,
                            did_you_mean_suffix(segs[k].first, known)));
          return;
        }
      }
      return;
    }
  }
}

void Loader::build_sweep(const Node& root, Scenario& s) {
  const Node* sw = root.find("sweep");
  if (!sw || sw->poisoned) return;
  std::vector<std::pair<const Node*, std::string>> axes;
  if (sw->is_table()) {
    axes.emplace_back(sw, "sweep");
  } else if (sw->is_array() && sw->all_tables()) {
    for (std::size_t i = 0; i < sw->items.size(); ++i) {
      axes.emplace_back(&sw->items[i], fmt::format("sweep[{}]", i));
    }
  } else {
    error(sw->loc, fmt::format("sweep: expected a table ([sweep]) or an array of tables "
                               "([[sweep]]), found {}",
                               describe(*sw)));
    return;
  }
  for (const auto& [t, path] : axes) {
    check_keys(*t, path, sweep_keys);
    SweepAxis axis;
    bool ok = true;
    if (const Node* p = t->find("parameter")) {
      if (auto v = string(*p, join(path, "parameter"))) {
        axis.parameter = *v;
        check_parameter_path(root, *p);
      } else {
        ok = false;
      }
    } else {
      missing(*t, path, "parameter", " (a key path as for --set)");
      ok = false;
    }
    if (const Node* v = t->find("values")) {
      if (auto list = number_list(*v, join(path, "values"), any_number())) {
        if (list->empty()) {
          error(v->loc, fmt::format("{}: expected at least one value", join(path, "values")));
          ok = false;
        }
        axis.values = *list;
      } else {
        ok = false;
      }
    } else {
      missing(*t, path, "values");
      ok = false;
    }
    if (ok) s.sweep.push_back(std::move(axis));
  }
  double points = 1;
  for (const SweepAxis& a : s.sweep) points *= static_cast<double>(a.values.size());
  if (!s.sweep.empty() && points > static_cast<double>(limits::max_grid_points)) {
    error(sw->loc, fmt::format("sweep: a grid of {} points exceeds the limit of {} (the product "
                               "of the axes' value counts)",
                               points, limits::max_grid_points));
  }
}

void Loader::warn_warmup(const Node& root, const Scenario& s) {
  double lead = 0;
  for (const Sku& sku : s.skus) {
    if (sku.supplier >= s.suppliers.size() || sku.carrier >= s.carriers.size()) continue;
    lead = std::max(lead, s.suppliers[sku.supplier].lead_time_days.expected() +
                              s.carriers[sku.carrier].transit_days.expected() +
                              s.warehouse.dock_to_stock_days.expected());
  }
  double review = 0;
  for (const PolicySpec& p : s.policies) {
    const auto consider = [&](const PolicyParams& params, const PolicyParams* fallback) {
      if (params.review_period_days) {
        review = std::max(review, *params.review_period_days);
      } else if (fallback && fallback->review_period_days) {
        review = std::max(review, *fallback->review_period_days);
      } else {
        review = std::max(review, default_review_period_days);
      }
    };
    if (p.kind == PolicyKind::jic || p.kind == PolicyKind::periodic) {
      consider(p.params, nullptr);
      for (const SkuOverride& o : p.per_sku) consider(o.params, &p.params);
    } else if (p.kind == PolicyKind::hybrid) {
      consider(p.critical_policy, &p.params);
      for (const SkuOverride& o : p.per_sku) consider(o.params, &p.params);
    }
  }
  const double needed = 2 * lead + review;
  if (s.scenario.warmup_days >= needed) return;
  const Node* t = root.find("scenario");
  const Node* w = t ? t->find("warmup_days") : nullptr;
  const Loc at = w ? w->loc : (t ? t->loc : root.loc);
  warning(at, fmt::format("scenario.warmup_days: {} days is shorter than 2 x the longest planned "
                          "lead time ({} days) + the longest review period ({} days) = {} days; "
                          "the first measured days will still show the empty start",
                          s.scenario.warmup_days, lead, review, needed));
}

// The trace columns the SKUs will read, per file, so that each file is read in one pass.
void Loader::foresee_traces(const Node& root) {
  const Node* list = root.find("skus");
  if (!list || !list->is_array()) return;
  for (const Node& e : list->items) {
    const Node* demand = e.is_table() ? e.find("demand") : nullptr;
    const Node* trace = demand && demand->is_table() ? demand->find("trace") : nullptr;
    if (!trace || !trace->is_string() || trace->text.empty()) continue;
    const Node* column = demand->find("column");
    const Node* id = e.find("id");
    std::string name = column && column->is_string() ? column->text
                       : id && id->is_string()       ? id->text
                                                     : std::string();
    trace_wanted_[resolve(*trace).second].insert(std::move(name));
  }
}

Scenario Loader::build(const Node& root) {
  Scenario s;
  check_keys(root, "", root_keys);
  build_scenario_info(root, s);
  build_costs(root, s);
  build_warehouse(root, s);
  build_suppliers(root, s);
  build_carriers(root, s);
  foresee_traces(root);
  build_skus(root, s);
  build_policies(root, s);
  build_shocks(root, s);
  build_sweep(root, s);
  if (error_count() == 0) warn_warmup(root, s);
  return s;
}

// ---------------------------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------------------------

LoadResult Loader::build_with_overrides(Node& root, const std::vector<std::string>& overrides) {
  command_line_ = new_source(std::string(command_line_file), fs::path());
  if (overrides.empty()) return finish(build(root));
  // A bad file is bad whatever the overrides (a flag must not hide `replications = 0`): the
  // files are validated alone first (errors only), then with the overrides. A problem found by
  // both passes is reported once.
  files_alone_ = true;
  build(root);
  files_alone_ = false;
  supplier_ids_.clear(), carrier_ids_.clear(), sku_ids_.clear();
  supplier_names_.clear(), carrier_names_.clear(), sku_names_.clear();
  trace_values_ = 0;
  overrides_applied_ = true;
  for (std::size_t i = 0; i < overrides.size(); ++i) {
    apply_override(root, overrides[i], static_cast<std::uint32_t>(i + 1));
  }
  check_override_duplicates(root);
  return finish(build(root));
}

LoadResult Loader::load_path(const fs::path& path, const std::vector<std::string>& overrides) {
  const std::string display = path.string();
  const Source* src = new_source(display, path.parent_path());
  root_src_ = src;
  const Loc at{src, 1, 1};
  auto text = read_file(path, display, at, "");
  if (!text) return finish(std::nullopt);
  std::error_code ec;
  const fs::path canon = fs::weakly_canonical(path, ec);
  chain_.push_back(ec ? path : canon);
  auto root = load_chain(*text, src, chain_.back());
  chain_.clear();
  if (!root || fatal_) return finish(std::nullopt);
  return build_with_overrides(*root, overrides);
}

LoadResult Loader::load_text(std::string_view text, const std::string& display_name,
                             const fs::path& base_dir, const std::vector<std::string>& overrides) {
  const Source* src = new_source(display_name, base_dir);
  root_src_ = src;
  if (text.size() > max_total_bytes) {
    error({src, 1, 1}, "input exceeds the limit of 256 MiB");
    return finish(std::nullopt);
  }
  bytes_read_ = text.size();
  auto root = load_chain(text, src, std::nullopt);
  if (!root || fatal_) return finish(std::nullopt);
  return build_with_overrides(*root, overrides);
}

}  // namespace

LoadResult load_scenario(const std::filesystem::path& path,
                         const std::vector<std::string>& set_overrides) {
  try {
    Loader loader;
    return loader.load_path(path, set_overrides);
  } catch (const std::exception& e) {
    LoadResult r;
    r.diagnostics.push_back({Diagnostic::Severity::error, path.string(), 1, 1,
                             fmt::format("internal error while loading: {}", e.what())});
    return r;
  }
}

LoadResult load_scenario_text(std::string_view text, const std::string& display_name,
                              const std::filesystem::path& base_dir,
                              const std::vector<std::string>& set_overrides) {
  try {
    Loader loader;
    return loader.load_text(text, display_name, base_dir, set_overrides);
  } catch (const std::exception& e) {
    LoadResult r;
    r.diagnostics.push_back({Diagnostic::Severity::error, display_name, 1, 1,
                             fmt::format("internal error while loading: {}", e.what())});
    return r;
  }
}

}  // namespace jitsim::models
