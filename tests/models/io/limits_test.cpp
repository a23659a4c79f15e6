// -----------------------------------------------------------------------------
// File: tests/models/io/limits_test.cpp
// -----------------------------------------------------------------------------
// Hostile input against the limits of models/io/limits.h: each refused with a located error,
// none crashing or filling memory; and --set checked exactly like a file.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include <fmt/format.h>

#include "models/io/csv.h"
#include "models/io/diagnostics.h"
#include "models/io/scenario_loader.h"
#include "models/io/toml_depth.h"

namespace fs = std::filesystem;
using namespace jitsim::models;

namespace {

const char* base_text = R"([scenario]
horizon_days = 100
warmup_days = 100
seed = 5

[[suppliers]]
id = "s"
lead_time_days = 5

[[carriers]]
id = "c"
transit_days = 2

[[skus]]
id = "a"
unit_cost = 10
price = 20
supplier = "s"
carrier = "c"
demand = { orders_per_day = 3 }

[[policies]]
name = "jit"
kind = "jit"

[[policies]]
name = "jic"
kind = "jic"
)";

std::string errors(const LoadResult& r) {
  std::string out;
  for (const Diagnostic& d : r.diagnostics) {
    if (d.severity == Diagnostic::Severity::error) out += format(d) + "\n";
  }
  return out;
}

std::string first_error(const LoadResult& r) {
  const std::string e = errors(r);
  return e.substr(0, e.find('\n'));
}

LoadResult load(const std::string& text, const std::vector<std::string>& sets = {}) {
  return load_scenario_text(text, "t.toml", fs::temp_directory_path(), sets);
}

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("jitsim-limits-test-" + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name, std::ios::binary) << text;
  }
};

}  // namespace

TEST_SUITE("scenario") {
  TEST_CASE("limits: dotted keys too long for the parser's stack") {
    std::string key = "a";
    for (int i = 0; i < 100'000; ++i) key += ".a";
    std::string header = "[";  // appended, not `"[" + key`: GCC 12 warns (-Wrestrict) on that
    header += key;
    header += "]\nx = 1\n";
    CHECK(overlong_dotted_key(header, 64) == 64 * 2);
    std::string assignment = key;
    assignment += " = 1";
    CHECK(overlong_dotted_key(assignment, 64) != std::string_view::npos);
    std::string floats = "x = [";
    for (int i = 0; i < 100'000; ++i) floats += "1.5, ";
    floats += "2.5]\ns = \"";
    floats += key;
    floats += "\"\n# ";
    floats += key;
    floats += "\nm = '''";
    floats += key;
    floats += "'''\n";
    CHECK(overlong_dotted_key(floats, 64) == std::string_view::npos);
    CHECK(overlong_dotted_key("a.b.c = 1", 3) == std::string_view::npos);
    CHECK(overlong_dotted_key("a.b.c.d = 1", 3) == 5);
    // Through the loader: a located error, not a crash.
    const LoadResult r = load(header);
    CHECK(first_error(r).rfind("t.toml:1:", 0) == 0);
    CHECK(first_error(r).find("nesting deeper than 64") != std::string::npos);
  }

  TEST_CASE("limits: an extends chain of more than 64 files") {
    TempDir dir;
    dir.write("f0.toml", base_text);
    for (int i = 1; i < 70; ++i) {
      dir.write(fmt::format("f{}.toml", i), fmt::format("extends = \"f{}.toml\"\n", i - 1));
    }
    CHECK(load_scenario(dir.path / "f63.toml").ok());  // 64 files
    const LoadResult r = load_scenario(dir.path / "f69.toml");
    // f69 is file 1; f6 is file 64 and names the 65th.
    CHECK(first_error(r).rfind((dir.path / "f6.toml").string() + ":1:11: error: extends:", 0) == 0);
    CHECK(first_error(r).find("64 files") != std::string::npos);
  }

  TEST_CASE("limits: quantities of units and orders_per_day") {
    const std::string sku =
        "[[skus]]\nid = \"a\"\nunit_cost = 1\nprice = 2\nsupplier = \"s\"\n"
        "carrier = \"c\"\n";
    for (const char* bad : {"1e17", "{ dist = \"normal\", mean = 1, sd = 2e11 }",
                            "{ dist = \"exponential\", mean = 1e11 }",
                            "{ dist = \"empirical\", values = [1, 2e12] }"}) {
      const std::string text = std::string(base_text) +
                               "[[skus]]\nid = \"b\"\nunit_cost = 1\n"
                               "price = 2\nsupplier = \"s\"\ncarrier = \"c\"\n"
                               "demand = { orders_per_day = 1, order_size = " +
                               bad + " }\n";
      INFO(bad);
      CHECK(first_error(load(text)).find("skus.b.demand.order_size: a quantity of units") !=
            std::string::npos);
    }
    CHECK(load(base_text, {"skus.a.demand.order_size={ dist = \"normal\", mean = 10, sd = 1e9 }"})
              .ok());
    const LoadResult opd = load(base_text, {"skus.a.demand.orders_per_day=1e7"});
    CHECK(first_error(opd).rfind("<command line>:1:", 0) == 0);
    for (const char* set :
         {"suppliers.s.min_order_qty=2e12", "suppliers.s.order_multiple=2e12",
          "carriers.c.capacity_units_per_day=2e12", "warehouse.storage_capacity_units=2e12",
          "skus.a.initial_on_hand=2000000000000", "skus.a.demand.order_size=1e400"}) {
      INFO(set);
      CHECK_FALSE(load(base_text, {set}).ok());
    }
  }

  TEST_CASE("limits: windows fit in the run") {
    CHECK(load(base_text, {"policies.jic.window_days=200"}).ok());
    const LoadResult r = load(base_text, {"policies.jic.window_days=201"});
    CHECK(first_error(r).find("longer than the run") != std::string::npos);
    CHECK_FALSE(load(std::string(base_text) + "[[shocks]]\nid = \"x\"\nkind = \"port_closure\"\n"
                                              "start_day = 1\nduration_days = 1e9\n")
                    .ok());
  }

  TEST_CASE("limits: --set is checked like a file") {
    const LoadResult dup = load(base_text, {"policies.jit.name=jic"});
    CHECK(first_error(dup).rfind("<command line>:1:19: error: policies.jic: duplicate name", 0) ==
          0);
    CHECK_FALSE(load(base_text, {"skus.a.id=\"\""}).ok());
    const LoadResult utf8 = load(base_text, {"scenario.name=ab\xff"});
    CHECK(first_error(utf8).rfind("<command line>:1:17: error:", 0) == 0);
    // A table merges: the seed stays.
    const LoadResult merged = load(base_text, {"scenario={ name = \"x\" }"});
    REQUIRE(merged.ok());
    CHECK(merged.scenario->scenario.seed == 5);
    CHECK(merged.scenario->scenario.name == "x");
    CHECK(merged.scenario->scenario.horizon_days == 100);
  }

  TEST_CASE("limits: a bad file stays bad whatever the overrides") {
    const std::string text = std::string(base_text) + "\n";
    std::string bad = text;
    bad.replace(bad.find("seed = 5"), 8, "seed = -5");
    const LoadResult r = load(bad, {"?scenario.seed=3"});
    CHECK(first_error(r).rfind("t.toml:4:8: error: scenario.seed", 0) == 0);
    CHECK(errors(r).find("<command line>") == std::string::npos);
  }

  TEST_CASE("limits: at least one SKU and policy; at most 256 policies") {
    TempDir dir;
    dir.write("h.csv", "id,unit_cost,price,supplier,carrier,demand.orders_per_day\n");
    std::string text = base_text;
    text.erase(text.find("[[skus]]"), text.find("[[policies]]") - text.find("[[skus]]"));
    dir.write("s.toml", "skus_file = \"h.csv\"\n" + text);
    const LoadResult r = load_scenario(dir.path / "s.toml");
    CHECK(first_error(r).rfind((dir.path / "s.toml").string() + ":1:13: error: skus:", 0) == 0);
    std::string many = base_text;
    for (int i = 0; i < 300; ++i) {
      many += fmt::format("[[policies]]\nname = \"p{}\"\nkind = \"jit\"\n", i);
    }
    CHECK(first_error(load(many)).find("the limit is 256") != std::string::npos);
  }

  TEST_CASE("limits: at most 1000 error lines, then one saying how many more") {
    std::string many;  // 1500 unknown top-level keys
    for (int i = 0; i < 1500; ++i) many += fmt::format("x{} = 1\n", i);
    const LoadResult r = load(many + base_text);
    std::size_t lines = 0;
    for (const Diagnostic& d : r.diagnostics) lines += d.severity == Diagnostic::Severity::error;
    CHECK(lines == 1001);
    CHECK(r.diagnostics.back().message.find("500 more errors not shown") == 0);
  }

  TEST_CASE("csv: kept columns, capped errors, a too wide header") {
    CsvOptions o;
    o.keep_column = [](std::string_view name) { return name == "b"; };
    const CsvTable t = parse_csv("a,b,c\n1,2,3\n4,5,6\n", o);
    REQUIRE(t.rows.size() == 2);
    CHECK(t.rows[0].size() == 1);
    CHECK(t.rows[1][0].text == "5");
    CHECK(t.column_index("b") == 0);
    CHECK(t.column_index("a") == -1);
    CHECK(t.header_index("c") == 2);
    CsvOptions capped;
    capped.max_errors = 3;
    std::string bad = "a\n";
    for (int i = 0; i < 10; ++i) bad += "x\"y\n";
    const CsvTable e = parse_csv(bad, capped);
    CHECK(e.errors.size() == 3);
    CHECK(e.more_errors == 7);
    CsvOptions narrow;
    narrow.max_columns = 4;
    const CsvTable w = parse_csv("a,b,c,d,e\n1,2,3,4,5\n", narrow);
    CHECK(w.header_too_wide);
    CHECK(w.rows.empty());
    CHECK_FALSE(w.ok());
  }

  TEST_CASE("diagnostics: a line break in a message is written escaped") {
    const Diagnostic d{Diagnostic::Severity::error, "f.csv", 2, 3, "found '1\n2\r'"};
    CHECK(format(d) == "f.csv:2:3: error: found '1\\n2\\r'");
  }
}
