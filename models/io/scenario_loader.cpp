// -----------------------------------------------------------------------------
// File: models/io/scenario_loader.cpp
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
// The loader's parts, by job, are listed in scenario_loading.h; this file holds diagnostics,
// files, TOML, extends chains and skus_file rows, and the entry points.
#include "models/io/scenario_loader.h"

#include <algorithm>
#include <cmath>
#include <fstream>

#include "models/io/scenario_loading.h"
#include "models/io/sha256.h"
#include "models/io/text_format.h"
#include "models/io/toml_depth.h"

namespace jitsim::models {

bool LoadResult::ok() const {
  return !has_error(diagnostics);
}

namespace loading {

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
    return std::any_of(sku_columns().begin(), sku_columns().end(),
                       [&](const SkuColumn& c) { return c.name == name; });
  };
  const CsvTable csv = parse_csv(*text, options);
  for (const CsvError& e : csv.errors) error({src, e.line, e.column}, e.message);
  note_more({src, 1, 1}, csv.more_errors);

  std::vector<std::optional<CellType>> types;
  std::vector<std::string_view> names;
  for (const SkuColumn& c : sku_columns()) names.push_back(c.name);
  bool has_id = false;
  for (const CsvCell& h : csv.header) {
    std::optional<CellType> type;
    for (const SkuColumn& c : sku_columns()) {
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
  check_keys(root, "", keys_of(""));
  build_scenario_info(root, s);
  build_costs(root, s);
  build_finance(root, s);
  build_customers(root, s);
  build_warehouse(root, s);
  build_sites(root, s);
  build_suppliers(root, s);
  build_carriers(root, s);
  foresee_traces(root);
  build_skus(root, s);
  build_lanes(root, s);
  check_kits(root, s);
  check_pallet_fees(root, s);
  build_policies(root, s);
  build_shocks(root, s);
  build_sweep(root, s);
  check_network(root, s);
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

}  // namespace loading

using loading::Loader;

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
