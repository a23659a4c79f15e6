// -----------------------------------------------------------------------------
// File: tests/models/io/scenario_loader_test.cpp
// -----------------------------------------------------------------------------
// Scenario files: good files load to the expected values, extends/skus_file/traces/--set
// resolve as documented, the resolved TOML round-trips, and every class of bad input gives a
// located diagnostic (tests/data/bad/ holds one problem class per file).
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include <fmt/format.h>

#include "models/io/csv.h"
#include "models/io/diagnostics.h"
#include "models/io/scenario_loader.h"
#include "models/io/scenario_writer.h"

namespace fs = std::filesystem;
using namespace jitsim::models;
using jitsim::sim::DistributionKind;
using jitsim::sim::DistributionSpec;

namespace {

const std::string good_dir = JITSIM_SOURCE_DIR "/tests/data/scenarios/";
const std::string bad_dir = JITSIM_SOURCE_DIR "/tests/data/bad/";

std::vector<std::string> errors_of(const LoadResult& r) {
  std::vector<std::string> out;
  for (const Diagnostic& d : r.diagnostics) {
    if (d.severity == Diagnostic::Severity::error) out.push_back(format(d));
  }
  return out;
}

std::string all_of(const LoadResult& r) {
  std::string out;
  for (const Diagnostic& d : r.diagnostics) out += format(d) + "\n";
  return out;
}

// Loads a file that must be good (warnings allowed).
Scenario load_good(const std::string& path, const std::vector<std::string>& sets = {}) {
  const LoadResult r = load_scenario(path, sets);
  INFO(all_of(r));
  REQUIRE(r.ok());
  REQUIRE(r.scenario.has_value());
  return *r.scenario;
}

// The first error must start with `location: error: ` and contain `message`.
void check_first_error(const LoadResult& r, const std::string& location,
                       const std::string& message) {
  INFO(all_of(r));
  CHECK_FALSE(r.ok());
  CHECK_FALSE(r.scenario.has_value());
  const auto errors = errors_of(r);
  REQUIRE_FALSE(errors.empty());
  const std::string prefix = location + ": error: ";
  CHECK(errors.front().substr(0, prefix.size()) == prefix);
  CHECK(errors.front().find(message) != std::string::npos);
}

void write_file(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

// A scratch directory under the system temp folder, removed at scope end.
struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("jitsim-loader-test-" + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

const char* minimal_text = R"(
[scenario]
horizon_days = 100
warmup_days = 100

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
)";

}  // namespace

TEST_SUITE("scenario") {
  TEST_CASE("diagnostics format and did-you-mean") {
    Diagnostic d{Diagnostic::Severity::error, "a.toml", 3, 7, "boom"};
    CHECK(format(d) == "a.toml:3:7: error: boom");
    d.severity = Diagnostic::Severity::warning;
    CHECK(format(d) == "a.toml:3:7: warning: boom");
    CHECK(edit_distance("kitten", "sitting") == 3);
    CHECK(edit_distance("lead_time_day", "lead_time_days") == 1);
    CHECK(edit_distance("ab", "ba") == 1);
    const std::vector<std::string> keys{"lead_time_days", "capacity_units_per_day", "id"};
    CHECK(did_you_mean("lead_tme_days", keys) == "lead_time_days");
    CHECK(did_you_mean("Lead_Time_Days", keys) == "lead_time_days");
    CHECK_FALSE(did_you_mean("colour", keys).has_value());
    CHECK(did_you_mean_suffix("ix", keys) == "; did you mean 'id'?");
  }

  TEST_CASE("enum spellings are those of scenario files") {
    CHECK(to_string(UnmetDemand::lost_sales) == "lost_sales");
    CHECK(to_string(PolicyKind::base_stock) == "base_stock");
    CHECK(to_string(Forecast::exp_smoothing) == "exp_smoothing");
    CHECK(to_string(OrderQuantityRule::up_to) == "up_to");
    CHECK(to_string(SignalBatching::daily) == "daily");
    CHECK(to_string(ShockKind::receiving_slowdown) == "receiving_slowdown");
    CHECK(to_string(ShockTarget::warehouse) == "warehouse");
    CHECK(to_string(SpikeShape::viral) == "viral");
  }

  TEST_CASE("csv reader: quoting, CRLF, cell positions") {
    const CsvTable t =
        parse_csv("\xEF\xBB\xBFid,note\r\na,\"x, \"\"y\"\"\"\r\n\"b\",\"two\nlines\"\nc,é\n");
    REQUIRE(t.ok());
    REQUIRE(t.header.size() == 2);
    CHECK(t.header[1].text == "note");
    REQUIRE(t.rows.size() == 3);
    CHECK(t.rows[0][1].text == "x, \"y\"");
    CHECK(t.rows[0][1].line == 2);
    CHECK(t.rows[0][1].column == 3);
    CHECK(t.rows[1][0].quoted);
    CHECK(t.rows[1][1].text == "two\nlines");
    CHECK(t.rows[2][0].line == 5);  // after the two-line cell
    CHECK(t.column_index("note") == 1);
    CHECK(t.column_index("nope") == -1);
  }

  TEST_CASE("csv reader: strict errors with positions, and keeps going") {
    const CsvTable t = parse_csv("a,b\n1,2,3\n4,\"5\"x\n6,7\"\n8,\"9\n");
    REQUIRE(t.errors.size() == 4);
    CHECK(t.errors[0].line == 2);
    CHECK(t.errors[0].message.find("expected 2 fields") != std::string::npos);
    CHECK(t.errors[1].line == 3);
    CHECK(t.errors[1].column == 6);
    CHECK(t.errors[2].line == 4);
    CHECK(t.errors[2].column == 4);
    CHECK(t.errors[3].line == 5);
    CHECK(t.errors[3].message == "unterminated quoted field");
    CHECK(t.rows.empty());
    const CsvTable dup = parse_csv("a,a,\n");
    CHECK(dup.errors.size() == 2);
  }

  TEST_CASE("full scenario loads every key") {
    const Scenario s = load_good(good_dir + "full.toml");
    CHECK(s.scenario.name == "Viral spike at a mid-size apparel brand");
    CHECK(s.scenario.horizon_days == 365);
    CHECK(s.scenario.warmup_days == 120);
    CHECK(s.scenario.seed == 42);
    CHECK(s.scenario.replications == 200);
    CHECK(s.costs.holding_rate_per_year == 0.3);
    CHECK(s.costs.order_cost == 50);
    CHECK(s.costs.lost_sale_penalty == 2);
    CHECK(s.costs.pipeline_holding);
    CHECK(s.warehouse.unmet_demand == UnmetDemand::patience);
    CHECK(s.warehouse.patience_days == 3);
    CHECK(s.warehouse.dock_to_stock_days == DistributionSpec::constant(0.25));
    CHECK(s.warehouse.receiving_capacity_units_per_day == 5000);
    CHECK(s.warehouse.pickers == 4);
    CHECK(s.warehouse.pick_time_days.kind == DistributionKind::exponential);
    CHECK(s.warehouse.pick_time_days.mean == 0.01);
    CHECK(s.warehouse.storage_capacity_units == 60000);

    REQUIRE(s.suppliers.size() == 2);
    CHECK(s.suppliers[0].id == "shenzhen");
    CHECK(s.suppliers[0].lead_time_days.kind == DistributionKind::gamma);
    CHECK(s.suppliers[0].lead_time_days.mean == 20);
    CHECK(s.suppliers[0].lead_time_days.sd == 4);
    CHECK(s.suppliers[0].capacity_units_per_day == 4000);
    CHECK(s.suppliers[0].defect_rate == 0.01);
    CHECK(s.suppliers[0].min_order_qty == 200);
    CHECK(s.suppliers[0].order_multiple == 50);
    CHECK_FALSE(s.suppliers[1].capacity_units_per_day.has_value());
    CHECK(s.suppliers[1].lead_time_days.kind == DistributionKind::uniform);
    CHECK(s.suppliers[1].lead_time_days.max == 6);

    REQUIRE(s.carriers.size() == 2);
    CHECK(s.carriers[0].transit_days.kind == DistributionKind::lognormal);
    CHECK(s.carriers[0].loss_probability == 0.001);
    CHECK(s.carriers[1].transit_days.values == std::vector<double>{2, 3, 4});
    CHECK(s.carriers[1].transit_days.weights == std::vector<double>{0.2, 0.5, 0.3});

    REQUIRE(s.skus.size() == 2);
    const Sku& h = s.skus[0];
    CHECK(h.id == "hoodie-black-m");
    CHECK(h.supplier == 0);
    CHECK(h.carrier == 0);
    CHECK(h.critical);
    CHECK(h.shelf_life_days == 120);
    CHECK_FALSE(h.initial_on_hand.has_value());
    CHECK(h.demand.orders_per_day == 30);
    CHECK(h.demand.weekly == std::array<double, 7>{1, 1, 1, 1, 1.2, 1.4, 0.9});
    CHECK(h.demand.annual_amplitude == 0.2);
    CHECK(h.demand.annual_peak_day == 330);
    CHECK(h.demand.trend_per_year == 0.05);
    const Sku& t = s.skus[1];
    CHECK(t.supplier == 1);
    CHECK(t.carrier == 1);
    CHECK(t.initial_on_hand == 500);
    CHECK(t.holding_cost_per_unit_day == 0.002);
    CHECK(t.demand.order_size.kind == DistributionKind::poisson);
    CHECK(t.demand.order_size.mean == 2);

    REQUIRE(s.policies.size() == 7);
    CHECK(s.policies[0].kind == PolicyKind::jit);
    CHECK(s.policies[0].params == PolicyParams{});
    const PolicySpec& jic = s.policies[1];
    CHECK(jic.params.service_level == 0.99);
    CHECK(jic.params.review_period_days == 7);
    CHECK(jic.params.forecast == Forecast::exp_smoothing);
    CHECK(jic.params.alpha == 0.2);
    CHECK(jic.params.order_quantity_rule == OrderQuantityRule::eoq);
    const PolicySpec& hybrid = s.policies[2];
    CHECK(hybrid.kind == PolicyKind::hybrid);
    CHECK(hybrid.critical.flagged);
    CHECK(hybrid.critical.top_revenue_share == 0.8);
    CHECK_FALSE(hybrid.critical.lead_time_cv_above.has_value());
    CHECK(hybrid.critical_policy.service_level == 0.995);
    CHECK(hybrid.other_policy.safety_factor == 0.2);
    CHECK(hybrid.other_policy.batch == SignalBatching::none);
    const PolicySpec& base = s.policies[3];
    CHECK(base.params.level == Level{45, true});
    REQUIRE(base.per_sku.size() == 1);
    CHECK(base.per_sku[0].sku == 1);
    CHECK(base.per_sku[0].params.level == Level{300, false});
    CHECK(s.policies[4].params.reorder_point == Level{400, false});
    CHECK(s.policies[4].params.order_quantity == Level{30, true});
    CHECK(s.policies[5].params.order_up_to == Level{900, false});
    CHECK(s.policies[6].params.review_period_days == 14);

    REQUIRE(s.shocks.size() == 5);
    const Shock& delay = s.shocks[0];
    CHECK(delay.kind == ShockKind::shipping_delay);
    CHECK(delay.target_kind == ShockTarget::carrier);
    CHECK(delay.target == 0);
    CHECK(delay.start_day == 90);
    CHECK_FALSE(delay.rate_per_year.has_value());
    CHECK(delay.duration_days == DistributionSpec::constant(120));
    CHECK(delay.delay_factor == 1.23);
    const Shock& fire = s.shocks[1];
    CHECK(fire.target_kind == ShockTarget::supplier);
    CHECK(fire.rate_per_year == 0.2);
    CHECK_FALSE(fire.start_day.has_value());
    CHECK(fire.duration_days.kind == DistributionKind::uniform);
    CHECK(fire.recovery_days == 14);
    CHECK(s.shocks[2].target_kind == ShockTarget::sku);
    CHECK(s.shocks[2].shape == SpikeShape::viral);
    CHECK(s.shocks[2].multiplier == 4);
    CHECK(s.shocks[3].target_kind == ShockTarget::warehouse);
    CHECK_FALSE(s.shocks[3].target.has_value());
    CHECK(s.shocks[3].capacity_factor == 0.5);
    CHECK(s.shocks[4].target_kind == ShockTarget::carrier);
    CHECK(s.shocks[4].target == 1);

    REQUIRE(s.sweep.size() == 1);
    CHECK(s.sweep[0].parameter == "shocks.port-congestion-2022.delay_factor");
    CHECK(s.sweep[0].values == std::vector<double>{1.0, 1.1, 1.23, 1.5, 2.0});
  }

  TEST_CASE("minimal scenario: defaults filled in, warm-up warning") {
    const LoadResult r = load_scenario(good_dir + "minimal.toml");
    REQUIRE(r.ok());
    const Scenario& s = *r.scenario;
    Scenario expected;
    expected.scenario.horizon_days = 100;
    Supplier supplier;
    supplier.id = "s";
    supplier.lead_time_days = DistributionSpec::constant(5);
    expected.suppliers.push_back(supplier);
    Carrier carrier;
    carrier.id = "c";
    carrier.transit_days = DistributionSpec::constant(2);
    expected.carriers.push_back(carrier);
    Sku sku;
    sku.id = "a";
    sku.unit_cost = 10;
    sku.price = 20;
    sku.demand.orders_per_day = 3;
    expected.skus.push_back(sku);
    PolicySpec jit;
    jit.name = "jit";
    expected.policies.push_back(jit);
    CHECK(s == expected);
    CHECK(s.scenario.seed == 1);
    CHECK(s.scenario.replications == 30);
    CHECK(s.costs.holding_rate_per_year == 0.25);
    CHECK(s.suppliers[0].min_order_qty == 1);
    CHECK_FALSE(s.warehouse.pickers.has_value());
    // Warm-up 0 < 2 x (5 + 2 + 0): a warning, not an error.
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(format(r.diagnostics[0])
              .find(good_dir + "minimal.toml:2:1: warning: "
                               "scenario.warmup_days: 0 days is shorter than 2 x the "
                               "longest planned lead time (7 days)") == 0);
  }

  TEST_CASE("warm-up warning counts the longest review period") {
    std::string text = minimal_text;
    text +=
        "\n[[policies]]\nname = \"p\"\nkind = \"periodic\"\nreview_period_days = 90\n"
        "order_up_to = 50\n";
    const LoadResult r = load_scenario_text(text, "mem.toml", good_dir);
    REQUIRE(r.ok());
    REQUIRE(r.diagnostics.size() == 1);  // 100 < 2 x 7 + 90
    CHECK(format(r.diagnostics[0]).find("mem.toml:4:15: warning: scenario.warmup_days: 100") == 0);
    const LoadResult quiet = load_scenario_text(minimal_text, "mem.toml", good_dir);
    CHECK(quiet.ok());
    CHECK(quiet.diagnostics.empty());
  }

  TEST_CASE("price below unit cost is a warning, not an error") {
    std::string text = minimal_text;
    text.replace(text.find("price = 20"), 10, "price = 8");
    const LoadResult r = load_scenario_text(text, "mem.toml", good_dir);
    CHECK(r.ok());
    REQUIRE(r.scenario.has_value());
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(format(r.diagnostics[0]) ==
          "mem.toml:17:9: warning: skus.a.price: price 8 is below unit_cost 10 (sold at a loss: "
          "a loss leader?)");
  }

  TEST_CASE("extends: tables merge, arrays merge by id, later wins") {
    const Scenario s = load_good(good_dir + "variant.toml");
    CHECK(s.scenario.name == "variant");
    CHECK(s.scenario.horizon_days == 365);
    CHECK(s.scenario.warmup_days == 100);
    CHECK(s.scenario.seed == 7);
    CHECK(s.costs.order_cost == 80);
    CHECK(s.costs.backorder_cost_per_unit_day == 0.5);
    CHECK(s.warehouse.pickers == 2);
    REQUIRE(s.suppliers.size() == 2);
    CHECK(s.suppliers[0].id == "far");
    CHECK(s.suppliers[0].min_order_qty == 100);
    CHECK(s.suppliers[1].id == "near");
    REQUIRE(s.skus.size() == 3);
    CHECK(s.skus[0].id == "a");
    CHECK(s.skus[0].price == 30);
    CHECK(s.skus[0].unit_cost == 10);
    CHECK(s.skus[0].supplier == 1);
    CHECK(s.skus[0].demand.orders_per_day == 12);
    CHECK(s.skus[0].demand.weekly == std::array<double, 7>{1, 1, 1, 1, 1, 2, 2});
    CHECK(s.skus[1].id == "b");
    CHECK(s.skus[1].supplier == 0);
    CHECK(s.skus[2].id == "c");
    REQUIRE(s.policies.size() == 2);
    CHECK(s.policies[1].kind == PolicyKind::jic);
    CHECK(s.policies[1].params.service_level == 0.99);
  }

  TEST_CASE("extends: chains, relative to the extending file, a new kind replaces") {
    const Scenario s = load_good(good_dir + "sub/variant_deep.toml");
    CHECK(s.scenario.name == "variant");
    CHECK(s.scenario.seed == 99);
    CHECK(s.costs.order_cost == 80);
    REQUIRE(s.skus.size() == 3);
    REQUIRE(s.policies.size() == 2);
    CHECK(s.policies[1].kind == PolicyKind::periodic);
    CHECK(s.policies[1].params.order_up_to == Level{500, false});
    CHECK_FALSE(s.policies[1].params.service_level.has_value());
  }

  TEST_CASE("extends: a cycle is reported at the extends line that closes it") {
    const LoadResult r = load_scenario(bad_dir + "cycle_a.toml");
    check_first_error(r, bad_dir + "cycle_b.toml:2:11",
                      "extends: cycle: cycle_a.toml -> cycle_b.toml -> cycle_a.toml");
    CHECK(errors_of(r).size() == 1);
  }

  TEST_CASE("extends: a missing file is reported at its extends line") {
    check_first_error(load_scenario(bad_dir + "missing_extends.toml"),
                      bad_dir + "missing_extends.toml:3:11",
                      "extends: cannot read '" + bad_dir + "no_such_base.toml': no such file");
  }

  TEST_CASE("skus_file: rows are SKUs, merged with the TOML skus by id") {
    const Scenario s = load_good(good_dir + "with_csv.toml");
    REQUIRE(s.skus.size() == 4);
    CHECK(s.skus[0].id == "csv-a");
    CHECK(s.skus[0].unit_cost == 10);
    CHECK(s.skus[0].critical);
    CHECK_FALSE(s.skus[0].initial_on_hand.has_value());
    CHECK(s.skus[0].demand.orders_per_day == 5);
    CHECK(s.skus[0].demand.weekly == std::array<double, 7>{1, 1, 1, 1, 1.2, 1.4, 0.9});
    CHECK(s.skus[1].id == "csv-b");
    CHECK(s.skus[1].unit_cost == 2.5);
    CHECK(s.skus[1].price == 99);  // the TOML entry with the same id wins
    CHECK_FALSE(s.skus[1].critical);
    CHECK(s.skus[1].initial_on_hand == 40);
    CHECK(s.skus[1].demand.order_size.kind == DistributionKind::poisson);
    CHECK(s.skus[1].demand.order_size.mean == 2);
    CHECK(s.skus[2].id == "csv, quoted");
    CHECK(s.skus[2].demand.weekly == std::array<double, 7>{1, 1, 1, 1, 1, 1, 1});
    CHECK(s.skus[3].id == "toml-only");
  }

  TEST_CASE("demand traces: columns, default column, noise, day column") {
    const Scenario s = load_good(good_dir + "trace.toml");
    REQUIRE(s.skus.size() == 2);
    const Demand& d = s.skus[0].demand;
    CHECK(d.is_trace());
    CHECK(d.trace_file == "history.csv");
    CHECK(d.trace_column == "hoodie-black-m");
    CHECK(d.trace_poisson_noise);
    CHECK(d.trace == std::vector<double>{3, 0, 4, 5, 6});
    const Demand& tee = s.skus[1].demand;
    CHECK(tee.trace_column == "tee");
    CHECK_FALSE(tee.trace_poisson_noise);
    CHECK(tee.trace == std::vector<double>{10, 11.5, 12, 13, 14});
  }

  TEST_CASE("--set: every value form") {
    const Scenario s = load_good(
        good_dir + "full.toml",
        {"skus.hoodie-black-m.demand.orders_per_day=40", "policies.jic.service_level=0.95",
         "shocks.port-congestion-2022.delay_factor=1.5", "warehouse.unmet_demand=lost_sales",
         "suppliers.porto.lead_time_days={ dist = \"gamma\", mean = 20, sd = 4 }",
         "costs.pipeline_holding=false", "scenario.name=\"x = y\"", "scenario.seed=7",
         "warehouse.pickers=2.0", "policies.hybrid.critical.lead_time_cv_above=0.5",
         "policies.base.per_sku.hoodie-black-m.level_days=3"});
    CHECK(s.skus[0].demand.orders_per_day == 40);
    CHECK(s.skus[0].demand.annual_amplitude == 0.2);  // the rest of the table stays
    CHECK(s.policies[1].params.service_level == 0.95);
    CHECK(s.shocks[0].delay_factor == 1.5);
    CHECK(s.warehouse.unmet_demand == UnmetDemand::lost_sales);
    CHECK(s.suppliers[1].lead_time_days.kind == DistributionKind::gamma);
    CHECK(s.suppliers[1].lead_time_days.sd == 4);
    CHECK_FALSE(s.costs.pipeline_holding);
    CHECK(s.scenario.name == "x = y");
    CHECK(s.scenario.seed == 7);
    CHECK(s.warehouse.pickers == 2);
    CHECK(s.policies[2].critical.lead_time_cv_above == 0.5);
    REQUIRE(s.policies[3].per_sku.size() == 2);
    CHECK(s.policies[3].per_sku[1].sku == 0);
    CHECK(s.policies[3].per_sku[1].params.level == Level{3, true});
  }

  TEST_CASE("--set: creates missing tables and reaches SKUs from skus_file") {
    const Scenario s =
        load_good(good_dir + "with_csv.toml",
                  {"skus.csv, quoted.price=5", "warehouse.pickers=3", "costs.order_cost=12"});
    CHECK(s.skus[2].price == 5);
    CHECK(s.warehouse.pickers == 3);
    CHECK(s.costs.order_cost == 12);
  }

  TEST_CASE("--set: problems are located on the command line") {
    const std::string file = good_dir + "full.toml";
    check_first_error(load_scenario(file, {"skus.hodie-black-m.demand.orders_per_day=40"}),
                      "<command line>:1:6",
                      "unknown SKU 'hodie-black-m'; did you mean 'hoodie-black-m'?");
    check_first_error(load_scenario(file, {"scenario.seed=1", "warehouse.pikers=3"}),
                      "<command line>:2:11",
                      "warehouse.pikers: unknown key; did you mean 'pickers'?");
    check_first_error(load_scenario(file, {"policies.jc.kind=\"jit\""}), "<command line>:1:10",
                      "unknown policy 'jc'; did you mean 'jic'?");
    check_first_error(load_scenario(file, {"scenario.seed.x=1"}), "<command line>:1:10",
                      "scenario.seed is 42, not a table");
    check_first_error(load_scenario(file, {"scenario.horizon_days=abc"}), "<command line>:1:23",
                      "scenario.horizon_days: expected a number > 0, found string \"abc\"");
    check_first_error(load_scenario(file, {"scenario.seed=1", "skus_file=\"x.csv\""}),
                      "<command line>:2:1", "'skus_file' can only be given in a scenario file");
    check_first_error(load_scenario(file, {"noequals"}), "<command line>:1:1",
                      "expected key.path=value");
    check_first_error(load_scenario(file, {"scenario.horizon_days=[1,"}), "<command line>:1:23",
                      "the value is not valid TOML");
    check_first_error(load_scenario(file, {"skus.hoodie-black-m.demand.order_size={ dist = "
                                           "\"poisson\", mean = -2 }"}),
                      "<command line>:1:66", "demand.order_size.mean: expected a number >= 0");
  }

  TEST_CASE("round trip: to_toml then load gives an equal scenario") {
    for (const char* name : {"full.toml", "minimal.toml", "variant.toml", "sub/variant_deep.toml",
                             "with_csv.toml", "trace.toml"}) {
      CAPTURE(name);
      const Scenario s = load_good(good_dir + name);
      const std::string text = to_toml(s);
      CHECK(to_toml(s) == text);  // deterministic
      const LoadResult again = load_scenario_text(text, "resolved.toml", good_dir);
      INFO(all_of(again));
      INFO(text);
      REQUIRE(again.ok());
      CHECK(*again.scenario == s);
    }
    const Scenario s = load_good(good_dir + "minimal.toml");
    const std::string text = to_toml(s);
    CHECK(text.find("# pickers: unlimited") != std::string::npos);
    CHECK(text.find("# receiving_capacity_units_per_day: unlimited") != std::string::npos);
    CHECK(text.find("skus_file =") == std::string::npos);
  }

  TEST_CASE("round trip: awkward values") {
    Scenario s = load_good(
        good_dir + "full.toml",
        {"scenario.name=\"quote \\\" backslash \\\\ tab \\t\"", "skus.hoodie-black-m.unit_cost=0.1",
         "costs.order_cost=1e-300", "scenario.horizon_days=333.3333333333333"});
    s.sweep.push_back({"scenario.warmup_days", {0, 30}, {}, {}});  // two axes: [[sweep]]
    const std::string text = to_toml(s);
    CHECK(text.find("[[sweep]]") != std::string::npos);
    const LoadResult again = load_scenario_text(text, "resolved.toml", good_dir);
    INFO(all_of(again));
    REQUIRE(again.ok());
    CHECK(*again.scenario == s);
  }

  TEST_CASE("sweep: text and boolean values load, write and reload identically") {
    std::string text = minimal_text;
    text +=
        "[[sweep]]\nparameter = \"warehouse.unmet_demand\"\nvalues = [\"backorder\", "
        "\"lost_sales\", \"x \\\" y\"]\n"
        "[[sweep]]\nparameter = \"skus.a.critical\"\nvalues = [true, false]\n";
    const LoadResult r = load_scenario_text(text, "mem.toml", good_dir);
    INFO(all_of(r));
    REQUIRE(r.ok());
    const Scenario& s = *r.scenario;
    REQUIRE(s.sweep.size() == 2);
    CHECK(s.sweep[0].kind == SweepAxis::Kind::text);
    CHECK(s.sweep[0].labels == std::vector<std::string>{"backorder", "lost_sales", "x \" y"});
    CHECK(s.sweep[0].values == std::vector<double>{0, 1, 2});  // the labels' indices
    CHECK(s.sweep[1].kind == SweepAxis::Kind::boolean);
    CHECK(s.sweep[1].labels == std::vector<std::string>{"true", "false"});
    const std::string written = to_toml(s);
    CHECK(written.find("values = [\"backorder\", \"lost_sales\", \"x \\\" y\"]") !=
          std::string::npos);
    CHECK(written.find("values = [true, false]") != std::string::npos);
    const LoadResult again = load_scenario_text(written, "resolved.toml", good_dir);
    INFO(all_of(again));
    REQUIRE(again.ok());
    CHECK(*again.scenario == s);
    CHECK(to_toml(*again.scenario) == written);

    // One type per axis: a number among strings, a string among booleans, are located.
    std::string mixed = minimal_text;
    mixed += "[sweep]\nparameter = \"warehouse.unmet_demand\"\nvalues = [\"backorder\", 2]\n";
    check_first_error(load_scenario_text(mixed, "mem.toml", good_dir), "mem.toml:27:24",
                      "sweep.values[1]: expected a string, found");
    mixed = minimal_text;
    mixed += "[sweep]\nparameter = \"skus.a.critical\"\nvalues = [true, \"no\"]\n";
    check_first_error(load_scenario_text(mixed, "mem.toml", good_dir), "mem.toml:27:17",
                      "sweep.values[1]: expected true or false");
    mixed = minimal_text;
    mixed += "[sweep]\nparameter = \"costs.order_cost\"\nvalues = [1, \"2\"]\n";
    check_first_error(load_scenario_text(mixed, "mem.toml", good_dir), "mem.toml:27:14",
                      "sweep.values[1]: expected a number");
  }

  TEST_CASE("sweep: several axes, and a bad parameter path") {
    std::string text = minimal_text;
    text +=
        "[[sweep]]\nparameter = \"skus.a.demand.orders_per_day\"\nvalues = [1, 2]\n"
        "[[sweep]]\nparameter = \"warehouse.pickers\"\nvalues = [1, 2, 3]\n";
    const LoadResult r = load_scenario_text(text, "mem.toml", good_dir);
    INFO(all_of(r));
    REQUIRE(r.ok());
    REQUIRE(r.scenario->sweep.size() == 2);
    CHECK(r.scenario->sweep[1].parameter == "warehouse.pickers");
    CHECK(r.scenario->sweep[1].values == std::vector<double>{1, 2, 3});

    std::string bad = minimal_text;
    bad += "[sweep]\nparameter = \"skus.b.price\"\nvalues = [1]\n";
    check_first_error(load_scenario_text(bad, "mem.toml", good_dir), "mem.toml:26:19",
                      "sweep.parameter: unknown SKU 'b' in 'skus.b.price'");
    bad = minimal_text;
    bad += "[sweep]\nparameter = \"warehouse.pikers\"\nvalues = []\n";
    const LoadResult r2 = load_scenario_text(bad, "mem.toml", good_dir);
    check_first_error(r2, "mem.toml:26:24",
                      "unknown key 'pikers' in 'warehouse.pikers'; did "
                      "you mean 'pickers'?");
    CHECK(errors_of(r2).size() == 2);  // and the empty values
  }

  TEST_CASE("bad-file catalogue: one located error per problem class") {
    struct Case {
      const char* file;
      const char* location;  // file:line:column of the first error
      const char* message;   // part of its message
    };
    const Case cases[] = {
        {"parse_error.toml", "parse_error.toml:3:21", "TOML syntax: Error while parsing string"},
        {"empty.toml", "empty.toml:1:1", "empty file: expected a TOML scenario"},
        {"binary.toml", "binary.toml:2:17", "binary file: NUL byte"},
        {"invalid_utf8.toml", "invalid_utf8.toml:2:12", "invalid UTF-8 byte 0xE9"},
        {"unknown_key.toml", "unknown_key.toml:5:1",
         "suppliers.shenzhen.lead_time_day: unknown key; did you mean 'lead_time_days'?"},
        {"unknown_table.toml", "unknown_table.toml:3:2",
         "cost: unknown key; did you mean 'costs'?"},
        {"wrong_type.toml", "wrong_type.toml:4:16",
         "scenario.horizon_days: expected a number > 0, found string \"365\""},
        {"date_value.toml", "date_value.toml:4:16",
         "scenario.horizon_days: expected a number > 0, found a date"},
        {"out_of_range.toml", "out_of_range.toml:5:15",
         "suppliers.shenzhen.defect_rate: expected a number in [0, 1], found 1.5"},
        {"nan.toml", "nan.toml:4:14", "costs.order_cost: expected a finite number, found nan"},
        {"infinite_distribution.toml", "infinite_distribution.toml:5:42",
         "carriers.ocean.transit_days.mean: expected a finite number, found inf"},
        {"fractional_units.toml", "fractional_units.toml:5:17",
         "suppliers.shenzhen.min_order_qty: expected a whole number in [1, 1e12] (whole units), "
         "found 2.5"},
        {"dangling_reference.toml", "dangling_reference.toml:5:12",
         "skus.hoodie.supplier: unknown supplier 'shenzen'; did you mean 'shenzhen'?"},
        {"dangling_per_sku.toml", "dangling_per_sku.toml:7:13",
         "policies.base.per_sku: unknown SKU 'hodie'; did you mean 'hoodie'?"},
        {"duplicate_id.toml", "duplicate_id.toml:8:6",
         "carriers.air: duplicate id 'air' (first defined at line 4)"},
        {"missing_required.toml", "missing_required.toml:1:1",
         "scenario: missing required key 'horizon_days'"},
        {"missing_table.toml", "missing_table.toml:1:1", "missing required [[carriers]]"},
        {"bad_distribution_kind.toml", "bad_distribution_kind.toml:5:27",
         "found string \"gama\"; did you mean 'gamma'?"},
        {"bad_distribution_param.toml", "bad_distribution_param.toml:5:53",
         "suppliers.shenzhen.lead_time_days.sd: an exponential distribution takes only mean"},
        {"negative_distribution.toml", "negative_distribution.toml:4:48",
         "warehouse.dock_to_stock_days.min: expected a number >= 0, found -1"},
        {"empirical_mismatch.toml", "empirical_mismatch.toml:4:79",
         "warehouse.pick_time_days.weights: expected 3 weights (one per value), found 2"},
        {"shock_wrong_target.toml", "shock_wrong_target.toml:6:1",
         "shocks.congestion.supplier: a shipping_delay shock does not target a supplier (it "
         "targets a carrier)"},
        {"shock_unused_key.toml", "shock_unused_key.toml:9:1",
         "shocks.closure.delay_factor: not used by a port_closure shock"},
        {"outage_unused_key.toml", "outage_unused_key.toml:8:1",
         "shocks.flood.capacity_factor: not used by a site_outage shock"},
        {"kit_unknown_component.toml", "kit_unknown_component.toml:8:9",
         "skus.bundle.bom: unknown SKU 'hodie'; did you mean 'hoodie'?"},
        {"kit_bad_quantity.toml", "kit_bad_quantity.toml:8:20",
         "skus.bundle.bom.hoodie: expected a whole number in [1, 1e12], found 0"},
        {"kit_self.toml", "kit_self.toml:8:9",
         "skus.bundle.bom.bundle: a kit cannot be its own component"},
        {"kit_of_kits.toml", "kit_of_kits.toml:15:9",
         "skus.double-bundle.bom.bundle: 'bundle' is itself a kit; kits of kits are not "
         "supported"},
        {"kit_initial_stock.toml", "kit_initial_stock.toml:8:19",
         "skus.bundle.initial_on_hand: an on_order kit holds no stock"},
        {"kit_patience.toml", "kit_patience.toml:13:12",
         "skus.bundle.assembly: an on_order kit cannot be sold at the warehouse with "
         "unmet_demand = \"patience\""},
        {"kit_on_lane.toml", "kit_on_lane.toml:22:17",
         "lanes.in.skus[1]: 'set' is a kit, assembled at its sites from its components: no "
         "lane carries it"},
        {"assembly_without_bom.toml", "assembly_without_bom.toml:10:12",
         "skus.bundle.assembly: used only by a kit; add bom = "},
        {"assembly_capacity_zero.toml", "assembly_capacity_zero.toml:4:35",
         "warehouse.assembly_capacity_units_per_day: expected a number in (0, 1e12], found 0"},
        {"shock_two_starts.toml", "shock_two_starts.toml:8:1",
         "shocks.fire: give either start_day or occurrence, not both"},
        {"policy_bad_key.toml", "policy_bad_key.toml:5:1",
         "policies.jit.service_level: not a parameter of a jit policy (it belongs to jic, hybrid)"},
        {"policy_missing_param.toml", "policy_missing_param.toml:3:1",
         "policies.rq: missing required key 'order_quantity' (or 'order_quantity_days') for an "
         "rq policy"},
        {"policy_both_forms.toml", "policy_both_forms.toml:7:1",
         "policies.base.level_days: give either 'level' or 'level_days', not both"},
        {"hybrid_key_on_jic.toml", "hybrid_key_on_jic.toml:5:1",
         "policies.jic.critical: only a hybrid policy takes 'critical'"},
        {"bad_enum.toml", "bad_enum.toml:4:16",
         "warehouse.unmet_demand: expected \"backorder\", \"lost_sales\" or \"patience\", found "
         "string \"lost_sale\"; did you mean 'lost_sales'?"},
        {"weekly_six.toml", "weekly_six.toml:5:21",
         "skus.hoodie.demand.weekly: expected 7 factors (one per weekday), found 6"},
        {"replications_limit.toml", "replications_limit.toml:4:16",
         "scenario.replications: expected a whole number in [1, 10000000], found 20000000"},
        {"horizon_limit.toml", "horizon_limit.toml:5:15",
         "warmup_days + horizon_days = 1000090 exceeds the limit of 1000000 days"},
        {"error_in_base.toml", "_broken_base.toml:4:11",
         "warehouse.pickers: expected a whole number >= 1, found 0"},
        {"csv_bad_cell.toml", "bad_cell.csv:3:24",
         "skus.bad.demand.orders_per_day: expected a number in [0, 1000000], found string "
         "\"lots\""},
        {"csv_unknown_column.toml", "unknown_column.csv:1:37",
         "unknown column 'demand.orders_per_dy' (columns are [[skus]] keys, nested ones as "
         "demand.orders_per_day); did you mean 'demand.orders_per_day'?"},
        {"csv_quoting.toml", "bad_quoting.csv:2:11", "a quote inside an unquoted field"},
        {"csv_dangling.toml", "dangling.csv:2:16",
         "skus.x.carrier: unknown carrier 'ocaen'; did you mean 'ocean'?"},
        {"trace_negative.toml", "negative_trace.csv:3:3",
         "hoodie: expected a number in [0, 1e12] (units demanded on day 1), found '-2'"},
        {"trace_day_gap.toml", "gap_trace.csv:4:1",
         "day: expected 2 (days are consecutive from 0, one row each), found '3'"},
        {"trace_missing_column.toml", "trace_missing_column.toml:5:46",
         "skus.hoodie.demand.column: no column 'hoody' in '" JITSIM_SOURCE_DIR
         "/tests/data/bad/gap_trace.csv'; did you mean 'hoodie'?"},
    };
    for (const Case& c : cases) {
      CAPTURE(c.file);
      check_first_error(load_scenario(bad_dir + c.file), bad_dir + c.location, c.message);
    }
  }

  TEST_CASE("several problems in one file give several diagnostics, in file order") {
    const LoadResult r = load_scenario(bad_dir + "several_problems.toml");
    const std::string f = bad_dir + "several_problems.toml";
    const std::vector<std::string> expected = {
        f + ":4:16: error: scenario.horizon_days: expected a number > 0, found -5",
        f + ":5:16: error: scenario.replications: expected a whole number in [1, 10000000], "
            "found 0",
        f + ":9:1: error: suppliers.shenzhen.lead_tme_days: unknown key; did you mean "
            "'lead_time_days'?",
        f + ":10:15: error: suppliers.shenzhen.defect_rate: expected a number in [0, 1], found 2",
        f + ":14:11: error: skus.hoodie.carrier: unknown carrier 'ocen'; did you mean 'ocean'?",
    };
    CHECK(errors_of(r) == expected);
    CHECK_FALSE(r.scenario.has_value());

    const LoadResult t = load_scenario(bad_dir + "trace_negative.toml");
    CHECK(errors_of(t).size() == 3);  // negative, missing and nan cells
  }

  TEST_CASE("a file that does not exist") {
    const LoadResult r = load_scenario(bad_dir + "nope.toml");
    check_first_error(r, bad_dir + "nope.toml:1:1", "cannot read");
  }

  TEST_CASE("limits: long strings, deep nesting, too many entries, total bytes") {
    std::string text = minimal_text;
    text.replace(text.find("[scenario]\n") + 11, 0,
                 "name = \"" + std::string(64 * 1024 + 1, 'x') + "\"\n");
    check_first_error(load_scenario_text(text, "mem.toml", good_dir), "mem.toml:3:8",
                      "string of 65537 bytes is longer than the limit of 64 KiB");

    text = minimal_text;
    text += "[sweep]\nparameter = \"scenario.seed\"\nvalues = " + std::string(65, '[') +
            std::string(65, ']') + "\n";
    check_first_error(load_scenario_text(text, "mem.toml", good_dir), "mem.toml:27:73",
                      "nesting deeper than 64 levels");

    text = minimal_text;
    const auto first_line = std::count(text.begin(), text.end(), '\n') + 1;
    for (int i = 0; i < 10'000; ++i) {
      text += "[[suppliers]]\nid = \"x" + std::to_string(i) + "\"\nlead_time_days = 1\n";
    }
    // The 10001st supplier is the 10000th appended one.
    check_first_error(load_scenario_text(text, "mem.toml", good_dir),
                      "mem.toml:" + std::to_string(first_line + 3 * 9'999) + ":1",
                      "suppliers: too many entries (10001); the limit is 10000");

    // A sparse file just over the budget is refused before it is read.
    TempDir dir;
    write_file(dir.path / "main.toml", "extends = \"huge.toml\"\n");
    { std::ofstream(dir.path / "huge.toml"); }
    fs::resize_file(dir.path / "huge.toml", (std::uintmax_t{256} << 20) + 1);
    check_first_error(load_scenario(dir.path / "main.toml"),
                      (dir.path / "main.toml").string() + ":1:11",
                      "input files would exceed the limit of 256 MiB in total");
  }

  TEST_CASE("limits: pipes, devices and oversized TOML files are refused before reading") {
    TempDir dir;
    write_file(dir.path / "fifo.toml", "extends = \"pipe.toml\"\n");
    REQUIRE(::mkfifo((dir.path / "pipe.toml").c_str(), 0600) == 0);
    check_first_error(load_scenario(dir.path / "fifo.toml"),
                      (dir.path / "fifo.toml").string() + ":1:11", "not a regular file");
    write_file(dir.path / "dev.toml", "extends = \"/dev/zero\"\n");
    check_first_error(load_scenario(dir.path / "dev.toml"),
                      (dir.path / "dev.toml").string() + ":1:11", "not a regular file");
    write_file(dir.path / "big.toml", "# " + std::string(8u << 20, 'x') + "\n");
    write_file(dir.path / "main.toml", "extends = \"big.toml\"\n");
    check_first_error(load_scenario(dir.path / "main.toml"),
                      (dir.path / "main.toml").string() + ":1:11", "limited to 8 MiB");
  }

  TEST_CASE("policy names whose pairs would share an a-vs-b name are refused") {
    const auto policy = [](std::string_view name) {
      return fmt::format("\n[[policies]]\nname = \"{}\"\nkind = \"jit\"\n", name);
    };
    // "-vs-" inside a name is fine while every pair keeps a name of its own...
    const LoadResult fine = load_scenario_text(
        std::string(minimal_text) + policy("a-vs-b") + policy("c"), "pairs.toml", ".");
    CHECK(fine.ok());
    // ...but x with y-vs-z and x-vs-y with z would both be "x-vs-y-vs-z" in paired outputs.
    const std::string head =
        std::string(minimal_text) + policy("x") + policy("y-vs-z") + policy("x-vs-y");
    const auto z_line = static_cast<int>(std::count(head.begin(), head.end(), '\n')) + 3;
    const LoadResult r = load_scenario_text(head + policy("z"), "pairs.toml", ".");
    REQUIRE_FALSE(r.ok());
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].line == z_line);
    CHECK(r.diagnostics[0].message ==
          "policies.z.name: the pairs 'x' with 'y-vs-z' and 'x-vs-y' with 'z' would both be "
          "named 'x-vs-y-vs-z' in paired.csv and run.json; rename one of these policies (a name "
          "without \"-vs-\")");
  }

  TEST_CASE("limits: arrays of more than 100000 values") {
    std::string values = "0";
    for (int i = 0; i < 100'000; ++i) values += ",0";
    const std::string text = std::string(minimal_text) +
                             "\n[sweep]\nparameter = \"costs.order_cost\"\nvalues = [" + values +
                             "]\n";
    const LoadResult r = load_scenario_text(text, "arr.toml", ".");
    CHECK_FALSE(r.ok());
    bool found = false;
    for (const auto& d : r.diagnostics)
      found = found || d.message.find("more than 100000") != std::string::npos;
    CHECK(found);
  }

  TEST_CASE("limits: at most 100000 SKUs") {
    TempDir dir;
    std::string csv = "id,unit_cost,price,supplier,carrier,demand.orders_per_day\n";
    csv.reserve(4'000'000);
    for (int i = 0; i <= 100'000; ++i) {
      csv += 'k';  // appended piecewise: g++ 12 warns falsely (-Wrestrict) on "k" + string
      csv += std::to_string(i);
      csv += ",1,2,s,c,1\n";
    }
    write_file(dir.path / "skus.csv", csv);
    std::string text = minimal_text;
    text.erase(text.find("[[skus]]"), text.find("[[policies]]") - text.find("[[skus]]"));
    write_file(dir.path / "main.toml", "skus_file = \"skus.csv\"\n" + text);
    const LoadResult r = load_scenario(dir.path / "main.toml");
    check_first_error(r, (dir.path / "skus.csv").string() + ":100002:1",
                      "skus: too many entries (100001); the limit is 100000");
    CHECK(errors_of(r).size() == 1);
  }

  TEST_CASE("never throws, never crashes on mangled input") {
    std::ifstream in(good_dir + "full.toml", std::ios::binary);
    const std::string original((std::istreambuf_iterator<char>(in)), {});
    std::mt19937_64 rng(12345);
    for (int i = 0; i < 300; ++i) {
      std::string text = original;
      const int edits = 1 + static_cast<int>(rng() % 4);
      for (int e = 0; e < edits; ++e) {
        const std::size_t at = rng() % text.size();
        switch (rng() % 3) {
          case 0:
            text[at] = static_cast<char>(rng() % 256);
            break;
          case 1:
            text.erase(at, 1 + rng() % 20);
            break;
          default:
            text.insert(at, std::string(1 + rng() % 3, "=[]{}\"'.,#\n"[rng() % 11]));
        }
      }
      LoadResult r;
      CHECK_NOTHROW(r = load_scenario_text(text, "fuzz.toml", good_dir));
      if (!r.ok()) CHECK_FALSE(r.scenario.has_value());
      for (const Diagnostic& d : r.diagnostics) {
        CHECK(d.line >= 1);
        CHECK(d.column >= 1);
      }
    }
  }
}
