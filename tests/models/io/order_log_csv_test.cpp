// -----------------------------------------------------------------------------
// File: tests/models/io/order_log_csv_test.cpp
// -----------------------------------------------------------------------------
// Order-log demand (`demand = { orders_file = ... }`, scenarios/README.md "order-log form"):
// the time formats, the per-SKU rows by log day, one load for several SKUs, the writer's round
// trip, and every class of bad input located at the CSV cell (or the scenario key).
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include <fmt/format.h>

#include "models/io/diagnostics.h"
#include "models/io/order_log_csv.h"
#include "models/io/scenario_loader.h"
#include "models/io/scenario_writer.h"

using namespace jitsim::models;

namespace {

std::filesystem::path orders_dir() {
  const auto dir = std::filesystem::temp_directory_path() /
                   fmt::format("jitsim-order-log-tests-{}", static_cast<long>(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

void write(const std::string& name, const std::string& text) {
  std::ofstream(orders_dir() / name) << text;
}

// A one-supplier chain whose SKUs "a" and "b" have the given demand tables.
std::string scenario(const std::string& demand_a, const std::string& demand_b = "",
                     double horizon = 10) {
  std::string text = fmt::format(
      "[scenario]\nhorizon_days = {}\nseed = 3\n[[suppliers]]\nid = \"s\"\nlead_time_days = 1\n"
      "[[carriers]]\nid = \"c\"\ntransit_days = 0\n"
      "[[skus]]\nid = \"a\"\nunit_cost = 1\nprice = 2\nsupplier = \"s\"\ncarrier = \"c\"\n"
      "demand = {}\n",
      horizon, demand_a);
  if (!demand_b.empty()) {
    text += fmt::format(
        "[[skus]]\nid = \"b\"\nunit_cost = 1\nprice = 2\nsupplier = \"s\"\ncarrier = \"c\"\n"
        "demand = {}\n",
        demand_b);
  }
  return text + "[[policies]]\nname = \"p\"\nkind = \"base_stock\"\nlevel = 10\n";
}

LoadResult load(const std::string& text, std::vector<std::string> overrides = {}) {
  return load_scenario_text(text, "t.toml", orders_dir(), overrides);
}

std::string all_of(const LoadResult& r) {
  std::string out;
  for (const Diagnostic& d : r.diagnostics) out += format(d) + "\n";
  return out;
}

// The first error, formatted, contains `location` and `message`.
void check_error(const LoadResult& r, const std::string& location, const std::string& message) {
  INFO(all_of(r));
  REQUIRE_FALSE(r.ok());
  bool found = false;
  for (const Diagnostic& d : r.diagnostics) {
    const std::string f = format(d);
    found = found || (f.find(location + ": error: ") != std::string::npos &&
                      f.find(message) != std::string::npos);
  }
  CHECK(found);
}

}  // namespace

TEST_SUITE("order log") {
  TEST_CASE("times: days from day 0, dates and date-times, offsets ignored") {
    bool dated = false;
    std::int64_t day = 0;
    double time = 0;
    std::string why;
    REQUIRE(parse_order_time("12.25", 1e6, dated, day, time, why));
    CHECK_FALSE(dated);
    CHECK(day == 12);
    CHECK(time == 0.25);
    REQUIRE(parse_order_time("2024-03-01", 1e6, dated, day, time, why));
    CHECK(dated);
    CHECK(time == 0.5);  // a date alone: midday
    const std::int64_t march_first = day;
    // Absolute day numbers (days since 1970-01-01; 2000-01-01 is day 10,957, then 31 + 29).
    REQUIRE(parse_order_time("1970-01-01", 1e6, dated, day, time, why));
    CHECK(day == 0);
    REQUIRE(parse_order_time("2000-03-01", 1e6, dated, day, time, why));
    CHECK(day == 10957 + 31 + 29);
    REQUIRE(parse_order_time("2024-03-01", 1e6, dated, day, time, why));
    REQUIRE(parse_order_time("2024-02-28T18:00", 1e6, dated, day, time, why));
    CHECK(day == march_first - 2);  // 2024 is a leap year
    CHECK(time == 0.75);
    REQUIRE(parse_order_time("2024-03-01 06:00:00 -0500", 1e6, dated, day, time, why));
    CHECK(day == march_first);
    CHECK(time == 0.25);
    REQUIRE(parse_order_time("2024-03-01T12:00:00.5Z", 1e6, dated, day, time, why));
    CHECK(time == doctest::Approx(0.5 + 0.5 / 86400));
    REQUIRE(parse_order_time("1970-01-02T00:00+01:00", 1e6, dated, day, time, why));
    CHECK(day == 1);
    for (const char* bad : {"2023-02-29", "2024-13-01", "2024-03-01T24:00", "2024-03-01T10",
                            "2024-03-01T10:00 EST", "-1", "1e6", "abc", "2024-03-01T10:00:61"}) {
      CAPTURE(bad);
      CHECK_FALSE(parse_order_time(bad, 1e6, dated, day, time, why));
    }
  }

  TEST_CASE("rows by SKU and log day, in time order; one load serves several SKUs") {
    // Rows out of order (newest first, as Shopify exports), other columns ignored.
    write("two.csv",
          "note,time,sku,quantity\n"
          "x,3.5,a,2\n"
          "y,0.75,b,1\n"
          "z,0.25,a,4\n"
          "w,3.25,a,1\n"
          "v,0.25,a,7\n"
          "u,7.5,b,3\n");
    const LoadResult r = load(scenario("{ orders_file = \"two.csv\" }",
                                       "{ orders_file = \"two.csv\", resample = \"days\" }"));
    INFO(all_of(r));
    REQUIRE(r.ok());
    const Demand& a = r.scenario->skus[0].demand;
    const Demand& b = r.scenario->skus[1].demand;
    CHECK(a.log_days() == 8);  // days 0 .. 7 of the file, days without orders included
    CHECK(b.log_days() == 8);
    CHECK(a.order_day_begin == std::vector<std::uint32_t>{0, 2, 2, 2, 4, 4, 4, 4, 4});
    CHECK(a.order_time == std::vector<double>{0.25, 0.25, 0.25, 0.5});
    CHECK(a.order_quantity == std::vector<std::int64_t>{4, 7, 1, 2});  // ties in file order
    CHECK(a.trace == std::vector<double>{11, 0, 0, 3, 0, 0, 0, 0});    // daily totals, for plans
    CHECK(b.order_quantity == std::vector<std::int64_t>{1, 3});
    CHECK(b.orders_resample == OrderResample::days);
    REQUIRE(r.inputs.size() == 1);  // the log, read once for both SKUs
  }

  TEST_CASE("column mapping, the sku key, dates from the earliest, round trip") {
    write("shop.csv",
          "Name,Created at,Lineitem quantity,Lineitem sku\n"
          "#3,2024-03-03 09:00:00 -0500,1,HOODIE\n"
          "#2,2024-03-02,2,TEE\n"
          "#1,2024-03-01T18:00:00Z,3,HOODIE\n");
    const std::string cols =
        "columns = { time = \"Created at\", sku = \"Lineitem sku\", quantity = \"Lineitem "
        "quantity\" }";
    const std::string text = scenario(fmt::format("{{ orders_file = \"shop.csv\", sku = "
                                                  "\"HOODIE\", {} }}",
                                                  cols),
                                      fmt::format("{{ orders_file = \"shop.csv\", sku = \"TEE\", "
                                                  "resample = \"none\", {} }}",
                                                  cols));
    const LoadResult r = load(text);
    INFO(all_of(r));
    REQUIRE(r.ok());
    const Demand& a = r.scenario->skus[0].demand;
    CHECK(a.order_day_begin == std::vector<std::uint32_t>{0, 1, 1, 2});
    CHECK(a.order_time == std::vector<double>{0.75, 0.375});
    CHECK(a.order_quantity == std::vector<std::int64_t>{3, 1});
    const Demand& b = r.scenario->skus[1].demand;
    CHECK(b.order_day_begin == std::vector<std::uint32_t>{0, 0, 1, 1});  // day 0 of the file
    CHECK(b.order_time == std::vector<double>{0.5});
    const std::string written = to_toml(*r.scenario);
    CHECK(written.find("orders_file = \"shop.csv\"") != std::string::npos);
    const LoadResult again = load_scenario_text(written, "resolved.toml", orders_dir());
    INFO(written);
    REQUIRE(again.ok());
    CHECK(*again.scenario == *r.scenario);
    // A --set switches one SKU to the bootstrap; another form replaces the whole table.
    const LoadResult set = load(text, {"skus.b.demand.resample=\"days\""});
    REQUIRE_FALSE(set.ok());  // a log of 3 days cannot be drawn by weekday
    const LoadResult poisson = load(text, {"skus.b.demand={ orders_per_day = 2 }"});
    INFO(all_of(poisson));
    REQUIRE(poisson.ok());
    CHECK_FALSE(poisson.scenario->skus[1].demand.is_orders());
  }

  TEST_CASE("bad order logs: located at the CSV cell or the scenario key, nothing loaded") {
    write("bad_time.csv", "time,sku,quantity\n1,a,2\nnoon,a,1\n");
    check_error(load(scenario("{ orders_file = \"bad_time.csv\" }")),
                (orders_dir() / "bad_time.csv").string() + ":3:1",
                "time: expected days from day 0");
    write("bad_qty.csv", "time,sku,quantity\n1,a,2\n2,a,-1\n3,a,1.5\n");
    const LoadResult q = load(scenario("{ orders_file = \"bad_qty.csv\" }"));
    check_error(q, (orders_dir() / "bad_qty.csv").string() + ":3:5",
                "quantity: expected a whole number of units in [0, 1e12], found '-1'");
    check_error(q, (orders_dir() / "bad_qty.csv").string() + ":4:5", "found '1.5'");
    write("mixed.csv", "time,sku,quantity\n2024-01-01,a,2\n3,a,1\n");
    check_error(load(scenario("{ orders_file = \"mixed.csv\" }")),
                (orders_dir() / "mixed.csv").string() + ":3:1", "do not mix");
    write("empty_time.csv", "time,sku,quantity\n,a,2\n");
    check_error(load(scenario("{ orders_file = \"empty_time.csv\" }")),
                (orders_dir() / "empty_time.csv").string() + ":2:1", "missing time");
    write("ragged.csv", "time,sku,quantity\n1,a\n");
    check_error(load(scenario("{ orders_file = \"ragged.csv\" }")),
                (orders_dir() / "ragged.csv").string() + ":2:1", "expected 3 fields");
    write("header_only.csv", "time,sku,quantity\n");
    check_error(load(scenario("{ orders_file = \"header_only.csv\" }")),
                (orders_dir() / "header_only.csv").string() + ":1:1", "at least one order");
    write("long.csv", "time,sku,quantity\n2024-01-01,a,1\n5000-01-01,a,1\n");
    check_error(load(scenario("{ orders_file = \"long.csv\" }")),
                (orders_dir() / "long.csv").string() + ":3:1", "more than the limit");
    write("ok.csv", "time,sku,quantity\n0.5,a,1\n1.5,x,1\n");
    check_error(load(scenario("{ orders_file = \"missing.csv\" }")), "t.toml:16:26",
                "missing.csv': no such file");
    check_error(load(scenario("{ orders_file = \"ok.csv\", columns = { time = \"when\" } }")),
                "t.toml:16:55", "skus.a.demand.columns.time: no column 'when'");
    check_error(load(scenario("{ orders_file = \"ok.csv\", sku = \"z\" }")), "t.toml:16:42",
                "skus.a.demand.sku: no orders of SKU 'z' in column 'sku'");
    check_error(load(scenario("{ orders_file = \"ok.csv\" }", "{ orders_file = \"ok.csv\" }")),
                "t.toml:23:26", "no orders of SKU 'b'");
    check_error(load(scenario("{ orders_file = \"ok.csv\", resample = \"days\" }")), "t.toml:16:47",
                "at least 7 days");
    check_error(load(scenario("{ orders_file = \"ok.csv\", resample = \"weeks\" }")),
                "t.toml:16:47", "resample: expected \"none\" or \"days\"");
    check_error(load(scenario("{ orders_file = \"ok.csv\", orders_per_day = 3 }")), "t.toml:16:36",
                "not used with an order log");
    check_error(load(scenario("{ orders_per_day = 3, resample = \"days\" }")), "t.toml:16:32",
                "used only with orders_file");
    check_error(load(scenario("{ orders_file = \"ok.csv\", columns = { when = \"time\" } }")),
                "t.toml:16:48", "columns.when: unknown key");
  }

  TEST_CASE("a run longer than an exactly replayed log: a warning, the log repeats") {
    write("short.csv", "time,sku,quantity\n0.5,a,1\n1.5,a,1\n");
    const LoadResult r = load(scenario("{ orders_file = \"short.csv\" }"));
    INFO(all_of(r));
    REQUIRE(r.ok());
    CHECK(all_of(r).find("the log spans 2 days, the run 10") != std::string::npos);
  }
}

TEST_SUITE("order log") {
  TEST_CASE("skus_file rows may read an order log, relative to the CSV") {
    std::filesystem::create_directories(orders_dir() / "sub");
    write("sub/log.csv", "when,item,qty\n0.5,A1,2\n1.25,A1,1\n0.75,B2,4\n");
    write("sub/skus.csv",
          "id,unit_cost,price,supplier,carrier,demand.orders_per_day,demand.orders_file,"
          "demand.sku,demand.resample,demand.columns.time,demand.columns.sku,"
          "demand.columns.quantity\n"
          "x,1,2,s,c,,log.csv,A1,none,when,item,qty\n"
          "y,1,2,s,c,3,,,,,,\n");
    const std::string text =
        "skus_file = \"sub/skus.csv\"\n" + scenario(
                                               "{ orders_file = \"sub/log.csv\", sku = "
                                               "\"B2\", columns = { time = \"when\", sku = "
                                               "\"item\", quantity = \"qty\" } }");
    const LoadResult r = load(text);
    INFO(all_of(r));
    REQUIRE(r.ok());
    const auto& skus = r.scenario->skus;
    REQUIRE(skus.size() == 3);
    const auto find = [&](const std::string& id) {
      return *std::find_if(skus.begin(), skus.end(), [&](const Sku& k) { return k.id == id; });
    };
    CHECK(find("x").demand.order_quantity == std::vector<std::int64_t>{2, 1});
    CHECK(find("x").demand.order_day_begin == std::vector<std::uint32_t>{0, 1, 2});
    CHECK(find("y").demand.orders_per_day == 3);
    CHECK_FALSE(find("y").demand.is_orders());
    CHECK(find("a").demand.order_quantity == std::vector<std::int64_t>{4});
    CHECK(r.inputs.size() == 2);  // the SKU CSV and the log, read once for both SKUs
  }
}
