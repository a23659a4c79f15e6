// -----------------------------------------------------------------------------
// File: models/io/scenario_loading.h
// -----------------------------------------------------------------------------
// The scenario loader's class (internal): what its parts share. Its members are defined by job:
//   scenario_loader.cpp        diagnostics, files, TOML, extends chains, skus_file, entry points
//   scenario_overrides.cpp     --set
//   scenario_fields.cpp        typed access with located errors (numbers, distributions, ...)
//   scenario_build.cpp         tree -> Scenario: scenario, costs, warehouse, suppliers,
//                              carriers, SKUs, demand and traces
//   scenario_build_rules.cpp   tree -> Scenario: policies, shocks, sweep, the warm-up warning
//   scenario_build_network.cpp tree -> Scenario: sites, lanes, where SKUs are sold
// The tree it works on is in scenario_tree.h, the keys in scenario_schema.h.
#pragma once

#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "models/io/csv.h"
#include "models/io/diagnostics.h"
#include "models/io/limits.h"
#include "models/io/order_log_csv.h"
#include "models/io/scenario_loader.h"
#include "models/io/scenario_schema.h"
#include "models/io/scenario_tree.h"
#include "models/io/trace_csv.h"
#include "models/model/scenario.h"

namespace jitsim::models::loading {

using DKind = sim::DistributionKind;

// The value type of a field that may be optional.
template <class T>
struct optional_value {
  using type = T;
};
template <class T>
struct optional_value<std::optional<T>> {
  using type = T;
};

// Limits from the contract (models/io/limits.h): no input can exhaust the machine.
using limits::max_array_items;
using limits::max_entities;
using limits::max_nesting;
using limits::max_replications;
using limits::max_skus;
using limits::max_string_bytes;
using limits::max_toml_bytes;
using limits::max_total_bytes;
using limits::max_total_days;
inline constexpr auto max_whole_units = static_cast<std::int64_t>(limits::max_units);
// One more row than allowed is read, so that the excess is reported as such.
inline constexpr std::size_t max_sku_rows = max_skus + 1;
inline constexpr std::size_t max_trace_rows = 1'000'001;     // days of warm-up + horizon, plus one
inline constexpr std::size_t max_trace_values = 50'000'000;  // over all SKUs: 400 MB of doubles
inline constexpr double default_review_period_days = 7;

struct TraceFile {
  bool ok = false;  // read and parsed (cell problems are per column)
  bool day_ok = true;
  const Source* src = nullptr;
  std::string text;  // kept for a later pass over columns the first did not read
  std::vector<CsvCell> header;
  std::map<std::string, TraceColumn> columns;  // read columns
};

// An order log as read with one column mapping (several SKUs share it).
struct OrderLogFile {
  bool read = false;  // the file was read (its problems are reported)
  std::string display;
  OrderLog log;
};
// At most this many orders in one log (24 bytes each while loading), plus one to detect more.
inline constexpr std::size_t max_order_rows = 10'000'001;

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
  /// [sweep]'s values: numbers, strings or booleans (one type); false after an error.
  bool read_sweep_values(const Node& v, const std::string& path, SweepAxis& axis);
  std::vector<const Node*> entries(const Node& root, std::string_view key, std::size_t limit);
  std::string entry_path(std::string_view array, const Node& entry, std::size_t i,
                         const char* id_key);
  template <class T>
  void read_number(const Node& table, const std::string& path, std::string_view key, Range r,
                   T& out);
  // A key as the schema declares it (its type and limits), when the table has it.
  template <class T>
  void read(const Node& table, const std::string& path, const KeySpec& k, T& out);
  std::optional<std::int64_t> whole(const Node& n, const std::string& path, const Range& r);
  template <class E>
  std::optional<E> choice(const Node& n, const std::string& path, const KeySpec& k);
  void read_distribution(const Node& table, const std::string& path, std::string_view key,
                         sim::DistributionSpec& out);

  void build_scenario_info(const Node& root, Scenario& s);
  void build_costs(const Node& root, Scenario& s);
  void build_finance(const Node& root, Scenario& s);
  void read_fees(const Node& t, const std::string& path, Fees& f);
  void read_outbound(const Node& t, const std::string& path, Outbound& o);
  void check_pallet_fees(const Node& root, const Scenario& s);
  void build_customers(const Node& root, Scenario& s);
  void build_warehouse(const Node& root, Scenario& s);
  void read_warehouse(const Node& t, const std::string& path, Warehouse& w);
  void read_id(const Node& t, const std::string& path, std::string& id);
  /// Makes entity `index` findable by its id (references, did-you-mean), if it has one.
  static void register_id(const std::string& id, std::size_t index,
                          std::unordered_map<std::string, std::size_t>& ids,
                          std::vector<std::string>& names) {
    if (id.empty()) return;
    ids.emplace(id, index);
    names.push_back(id);
  }
  // scenario_build_network.cpp
  void build_sites(const Node& root, Scenario& s);
  void build_lanes(const Node& root, Scenario& s);
  void read_demand_sites(const Node& t, const std::string& path, Sku& sku);
  void read_kit(const Node& t, const std::string& path, Scenario& s, std::size_t sku);
  void check_kits(const Node& root, const Scenario& s);
  void read_expedite(const Node& n, const std::string& path, PolicyParams& out);
  void check_network(const Node& root, const Scenario& s);
  void build_suppliers(const Node& root, Scenario& s);
  void build_carriers(const Node& root, Scenario& s);
  void build_skus(const Node& root, Scenario& s);
  void build_demand(const Node& n, const std::string& path, const std::string& sku_id, Demand& d);
  void load_trace(const Node& demand, const Node& trace_node, const std::string& path,
                  const std::string& sku_id, Demand& d);
  // scenario_build_orders.cpp
  void load_orders(const Node& demand, const Node& file_node, const std::string& path,
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
  std::map<std::string, OrderLogFile> order_logs_;  // by path and column mapping
  std::vector<InputFile> inputs_;
  std::map<std::string, std::set<std::string>> trace_wanted_;  // file -> columns read from it
  void foresee_traces(const Node& root);

  double run_days_ = 0;  // warmup_days + horizon_days when both are valid, else 0 (unknown)
  std::unordered_map<std::string, std::size_t> supplier_ids_, carrier_ids_, sku_ids_, site_ids_,
      lane_ids_;
  std::vector<std::string> supplier_names_, carrier_names_, sku_names_, site_names_, lane_names_;
  std::vector<bool> expedite_lanes_;  // by lane
};

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

// A choice in the schema: its names in the order of the enum E.
template <class E>
std::optional<E> Loader::choice(const Node& n, const std::string& path, const KeySpec& k) {
  std::vector<std::pair<std::string_view, E>> options;
  for (std::size_t i = 0; i < k.choices.size(); ++i) {
    options.emplace_back(k.choices[i], static_cast<E>(i));
  }
  return choice(n, path, options);
}

template <class T>
void Loader::read(const Node& table, const std::string& path, const KeySpec& k, T& out) {
  const Node* n = table.find(k.name);
  if (!n) return;
  const std::string kp = join(path, k.name);
  using V = typename optional_value<T>::type;
  if constexpr (std::is_same_v<V, bool>) {
    if (auto v = boolean(*n, kp)) out = *v;
  } else if constexpr (std::is_same_v<V, double>) {
    if (auto v = number(*n, kp, k.range)) out = *v;
  } else if constexpr (std::is_same_v<V, sim::DistributionSpec>) {
    if (auto v = distribution(*n, kp)) out = *v;
  } else if constexpr (std::is_integral_v<V>) {
    if (auto v = whole(*n, kp, k.range)) out = static_cast<V>(*v);
  } else {
    if (auto v = choice<V>(*n, kp, k)) out = *v;
  }
}

template <class T>
void Loader::read_number(const Node& table, const std::string& path, std::string_view key, Range r,
                         T& out) {
  const Node* n = table.find(key);
  if (!n) return;
  if (auto v = number(*n, join(path, key), r)) out = *v;
}

}  // namespace jitsim::models::loading
