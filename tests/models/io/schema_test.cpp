// -----------------------------------------------------------------------------
// File: tests/models/io/schema_test.cpp
// -----------------------------------------------------------------------------
// The scenario schema (models/io/scenario_schema.h) against what it drives and documents:
// scenarios/README.md's key tables are rendered from it (between <!-- schema:TABLE begin -->
// and <!-- schema:TABLE end -->), tests/fuzz/scenario.dict holds its names, its choices are the
// spellings of to_string, and the loader refuses values just outside its limits.
// Regenerate the README tables and the dictionary after a schema change:
//   scripts/schema-docs.sh build
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "model_test_support.h"
#include "models/io/diagnostics.h"
#include "models/io/scenario_loader.h"
#include "models/io/scenario_schema.h"

using namespace jitsim::models;
using namespace jitsim::models::loading;

namespace {

const std::string readme_path = JITSIM_SOURCE_DIR "/scenarios/README.md";
const std::string dict_path = JITSIM_SOURCE_DIR "/tests/fuzz/scenario.dict";

// Set by scripts/schema-docs.sh: write the expected text instead of failing.
bool write_mode() {
  const char* v = std::getenv("JITSIM_SCHEMA_WRITE");
  return v && std::string_view(v) == "1";
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string marker_name(std::string_view table) {
  return table.empty() ? "top-level" : std::string(table);
}

std::string type_text(const KeySpec& k) {
  switch (k.type) {
    case Type::number:
      return "number";
    case Type::whole:
      return "whole number";
    case Type::boolean:
      return "boolean";
    case Type::string:
      return "string";
    case Type::id:
      return "id";
    case Type::reference:
      return "id reference";
    case Type::path:
      return "string (path)";
    case Type::choice:
      return "string (choice)";
    case Type::distribution:
      return "distribution";
    case Type::list:
      return "array of numbers";
    case Type::values:
      return "array of numbers, strings or booleans";
    case Type::table:
      return "table";
  }
  return "?";
}

std::string range_text(const Range& r) {
  const bool has_lo = std::isfinite(r.lo), has_hi = std::isfinite(r.hi);
  if (has_lo && has_hi) {
    return fmt::format("{}{}, {}{}", r.lo_open ? "(" : "[", short_number(r.lo), short_number(r.hi),
                       r.hi_open ? ")" : "]");
  }
  if (has_lo) return fmt::format("{} {}", r.lo_open ? ">" : ">=", short_number(r.lo));
  if (has_hi) return fmt::format("{} {}", r.hi_open ? "<" : "<=", short_number(r.hi));
  return "";
}

std::string allowed_text(const KeySpec& k) {
  std::vector<std::string> parts;
  if (!k.choices.empty()) {
    std::vector<std::string> names;
    for (std::string_view c : k.choices) names.push_back(fmt::format("`\"{}\"`", c));
    parts.push_back(fmt::format("{}", fmt::join(names, ", ")));
  }
  const std::string range = range_text(k.range);
  switch (k.type) {
    case Type::number:
      if (!range.empty() || k.note.empty()) parts.push_back(range.empty() ? "any number" : range);
      break;
    case Type::whole:
      parts.push_back(range.empty() ? "whole" : "whole, " + range);
      break;
    case Type::list:
      if (!range.empty()) parts.push_back("each " + range);
      break;
    case Type::distribution:
      parts.push_back("non-negative distribution");
      break;
    default:
      break;
  }
  std::string out = fmt::format("{}", fmt::join(parts, " or "));
  if (!k.note.empty()) out += (out.empty() ? "" : "; ") + std::string(k.note);
  return out;
}

std::string default_text(std::string_view d) {
  if (d == "required") return "**required**";
  if (!d.empty() && (d.front() == '"' || d.front() == '[' || d.front() == '{')) {
    return fmt::format("`{}`", d);
  }
  return std::string(d);
}

std::string kinds_text(const KeySpec& k) {
  if (k.kinds == 0) return "all";
  std::vector<std::string_view> names;
  if (k.table.starts_with("shocks")) {
    for (std::size_t i = 0; i < std::size(shock_kind_names); ++i) {
      if (k.kinds & (1U << i)) names.push_back(shock_kind_names[i]);
    }
  } else {
    const std::pair<unsigned, std::string_view> bits[] = {
        {k_jit, "jit"}, {k_jic, "jic"}, {k_hybrid, "hybrid"},    {k_base, "base_stock"},
        {k_rq, "rq"},   {k_ss, "ss"},   {k_periodic, "periodic"}};
    for (const auto& [b, name] : bits) {
      if (k.kinds & b) names.push_back(name);
    }
  }
  return fmt::format("{}", fmt::join(names, ", "));
}

// The markdown table of one schema table (a "kinds" column where keys depend on the kind).
std::string render(std::string_view table) {
  bool with_kinds = false;
  for (const KeySpec& k : schema) with_kinds = with_kinds || (k.table == table && k.kinds != 0);
  std::string out = with_kinds ? "| key | type | unit | default | allowed | kinds | meaning |\n"
                                 "|---|---|---|---|---|---|---|\n"
                               : "| key | type | unit | default | allowed | meaning |\n"
                                 "|---|---|---|---|---|---|\n";
  for (const KeySpec& k : schema) {
    if (k.table != table) continue;
    out += fmt::format("| `{}` | {} | {} | {} | {} |", k.name, type_text(k), k.unit,
                       default_text(k.default_value), allowed_text(k));
    if (with_kinds) out += fmt::format(" {} |", kinds_text(k));
    out += fmt::format(" {} |\n", k.doc);
  }
  return out;
}

struct Section {
  std::size_t begin, end;  // the text between the marker lines
};

std::optional<Section> find_section(const std::string& text, std::string_view table) {
  const std::string b = fmt::format("<!-- schema:{} begin -->\n", marker_name(table));
  const std::string e = fmt::format("<!-- schema:{} end -->", marker_name(table));
  const auto bp = text.find(b);
  if (bp == std::string::npos) return std::nullopt;
  const auto ep = text.find(e, bp);
  if (ep == std::string::npos) return std::nullopt;
  return Section{bp + b.size(), ep};
}

std::set<std::string> dict_entries(const std::string& text) {
  std::set<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.size() >= 2 && line.front() == '"' && line.back() == '"') {
      out.insert(line.substr(1, line.size() - 2));
    }
  }
  return out;
}

// Every key and choice name of the schema.
std::set<std::string> schema_words() {
  std::set<std::string> out;
  for (const KeySpec& k : schema) {
    out.insert(std::string(k.name));
    for (std::string_view c : k.choices) out.insert(std::string(c));
  }
  return out;
}

// The one-SKU chain of the model tests, with a hybrid policy "p" and a capacity_cut shock "x"
// on supplier "s", so that every table set_path() names exists.
std::string base_text() {
  jitsim::testing::Chain c;
  c.policies = "[[policies]]\nname = \"p\"\nkind = \"hybrid\"";
  c.extra =
      "[[shocks]]\nid = \"x\"\nkind = \"capacity_cut\"\nsupplier = \"s\"\nstart_day = 1\n"
      "duration_days = 1";
  return c.toml();
}

// The --set path of a key of the tables above, or "" for tables not addressed this way.
std::string set_path(const KeySpec& k) {
  const std::string_view t = k.table;
  const auto join = [&](std::string_view prefix) { return fmt::format("{}.{}", prefix, k.name); };
  if (t == "scenario" || t == "costs" || t == "warehouse") return join(t);
  if (t == "finance" || t == "warehouse.fees" || t == "warehouse.outbound") return join(t);
  if (t == "scenario" || t == "costs" || t == "warehouse" || t == "customers") return join(t);
  if (t == "suppliers[]") return join("suppliers.s");
  if (t == "carriers[]") return join("carriers.c");
  if (t == "skus[]") return join("skus.a");
  if (t == "skus[].demand") return join("skus.a.demand");
  if (t == "policies[].params" && (k.kinds & (k_jit | k_jic))) return join("policies.p");
  if (t == "policies[].critical") return join("policies.p.critical");
  if (t == "shocks[].params" && (k.kinds & s_cut)) return join("shocks.x");
  return "";
}

}  // namespace

TEST_SUITE("schema") {
  TEST_CASE("schema: every key is declared once, with a default and a docs line") {
    std::set<std::pair<std::string_view, std::string_view>> seen;
    for (const KeySpec& k : schema) {
      CAPTURE(k.table);
      CAPTURE(k.name);
      CHECK(seen.emplace(k.table, k.name).second);
      CHECK_FALSE(k.default_value.empty());
      CHECK_FALSE(k.doc.empty());
      CHECK(k.range.lo <= k.range.hi);
      CHECK((k.type != Type::choice || !k.choices.empty()));
    }
    CHECK(seen.size() > 100);
  }

  TEST_CASE("schema: choice names are the spellings of to_string") {
    const auto check_enum = [](Names names, auto to_str) {
      for (std::size_t i = 0; i < names.size(); ++i) CHECK(to_str(i) == names[i]);
    };
    check_enum(unmet_demand_names, [](std::size_t i) { return to_string(UnmetDemand(i)); });
    check_enum(policy_kind_names, [](std::size_t i) { return to_string(PolicyKind(i)); });
    check_enum(batch_names, [](std::size_t i) { return to_string(SignalBatching(i)); });
    check_enum(forecast_names, [](std::size_t i) { return to_string(Forecast(i)); });
    check_enum(order_quantity_names, [](std::size_t i) { return to_string(OrderQuantityRule(i)); });
    check_enum(shock_kind_names, [](std::size_t i) { return to_string(ShockKind(i)); });
    check_enum(shape_names, [](std::size_t i) { return to_string(SpikeShape(i)); });
    check_enum(assembly_names, [](std::size_t i) { return to_string(Assembly(i)); });
    check_enum(resample_names, [](std::size_t i) { return to_string(OrderResample(i)); });
    check_enum(dist_names, [](std::size_t i) {
      return jitsim::sim::to_string(jitsim::sim::DistributionKind(i));
    });
    CHECK(std::size(shock_kind_names) == static_cast<std::size_t>(ShockKind::site_outage) + 1);
  }

  TEST_CASE("schema: the loader refuses a value just outside a key's limits, as declared") {
    int checked = 0;
    const std::string text = base_text();
    for (const KeySpec& k : schema) {
      const std::string path = set_path(k);
      if (path.empty() || !k.choices.empty()) continue;
      if (k.type != Type::number && k.type != Type::whole) continue;
      if (!std::isfinite(k.range.lo)) continue;
      CAPTURE(path);
      const double below = k.range.lo_open ? k.range.lo : k.range.lo - 1;
      const LoadResult r =
          load_scenario_text(text, "t.toml", ".", {fmt::format("{}={}", path, below)});
      REQUIRE_FALSE(r.ok());
      const std::string noun = k.type == Type::whole ? "a whole number" : "a number";
      std::string found;
      for (const Diagnostic& d : r.diagnostics) {
        if (format(d).find(path + ": expected " + k.range.describe(noun)) != std::string::npos) {
          found = format(d);
        }
      }
      CHECK_MESSAGE(!found.empty(), format(r.diagnostics.front()));
      ++checked;
    }
    CHECK(checked > 30);
  }

  TEST_CASE("schema: scenarios/README.md key tables are rendered from the schema") {
    std::string readme = read_text(readme_path);
    REQUIRE_FALSE(readme.empty());
    std::string stale;
    for (std::string_view table : schema_tables()) {
      const auto section = find_section(readme, table);
      if (!section) {
        stale += fmt::format("no section <!-- schema:{} begin --> ... end\n", marker_name(table));
        continue;
      }
      const std::string expected = render(table);
      const std::string actual = readme.substr(section->begin, section->end - section->begin);
      if (actual == expected) continue;
      if (write_mode()) {
        readme.replace(section->begin, section->end - section->begin, expected);
        continue;
      }
      stale += fmt::format("section {} differs; expected:\n{}\n", marker_name(table), expected);
    }
    // Every generated section names a table of the schema (none is left over).
    for (std::size_t p = 0; (p = readme.find("<!-- schema:", p)) != std::string::npos; ++p) {
      const std::string name = readme.substr(p + 12, readme.find(' ', p + 12) - p - 12);
      bool known = false;
      for (std::string_view t : schema_tables()) known = known || marker_name(t) == name;
      if (!known) stale += fmt::format("section {} is not a schema table\n", name);
    }
    if (write_mode()) write_text(readme_path, readme);
    CHECK_MESSAGE(stale.empty(), stale,
                  "\nregenerate with: scripts/schema-docs.sh build (then review the diff)");
  }

  TEST_CASE("schema: README key tables outside the generated sections name schema keys") {
    // Hand-written tables (kinds of policies, shocks, distributions) whose first cell is one
    // `word`: a key or a choice name of the schema, so that a renamed key cannot linger there.
    const std::string readme = read_text(readme_path);
    const std::string reference = readme.substr(0, readme.find("## Example scenarios"));
    const std::set<std::string> words = schema_words();
    std::istringstream in(reference);
    int rows = 0;
    for (std::string line; std::getline(in, line);) {
      if (!line.starts_with("| `")) continue;
      const auto end = line.find("` |");
      if (end == std::string::npos) continue;
      std::string word = line.substr(3, end - 3);
      if (word.size() >= 2 && word.front() == '"' && word.back() == '"') {
        word = word.substr(1, word.size() - 2);
      }
      if (word.find_first_of(" +.=") != std::string::npos) continue;  // an expression
      CAPTURE(line);
      CHECK(words.count(word) == 1);
      ++rows;
    }
    CHECK(rows > 100);
  }

  TEST_CASE("schema: the fuzz dictionary holds every key and choice name") {
    std::string dict = read_text(dict_path);
    REQUIRE_FALSE(dict.empty());
    const std::set<std::string> have = dict_entries(dict);
    std::vector<std::string> missing;
    for (const std::string& w : schema_words()) {
      if (!have.count(w)) missing.push_back(w);
    }
    if (write_mode() && !missing.empty()) {
      std::string add = "# Added by scripts/schema-docs.sh (schema keys and choices):\n";
      for (const std::string& w : missing) add += fmt::format("\"{}\"\n", w);
      write_text(dict_path, dict + add);
      missing.clear();
    }
    CHECK_MESSAGE(missing.empty(),
                  fmt::format("missing from tests/fuzz/scenario.dict: {}; regenerate with: "
                              "scripts/schema-docs.sh build",
                              fmt::join(missing, ", ")));
  }
}
