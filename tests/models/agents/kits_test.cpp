// -----------------------------------------------------------------------------
// File: tests/models/agents/kits_test.cpp
// -----------------------------------------------------------------------------
// Kits (scenarios/README.md "Kits") against exact identities, per replication: components are
// consumed exactly per BOM, a kit unit is served from stock only when all its components were,
// assembly follows its capacity and assembly_days to the bit, and a to_stock kit is
// replenished by assembly orders that draw its components down. Every run checks the
// conservation identities after every event (kit units included).
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <string>

#include <fmt/format.h>

#include "model_test_support.h"

namespace m = jitsim::models;
using jitsim::models::Metric;
using namespace jitsim::testing;

namespace {

// Item-locations of the single site, in SKU order.
constexpr int kA = 0, kB = 1, kKit = 2;

struct KitFile {
  std::string unmet = "backorder";
  std::string assembly = "on_order";
  std::string assembly_days = "0.2";
  std::string warehouse_extra;
  double a_rate = 0;  // customers of component a besides the kit's
  std::string kit_size = R"({ dist = "empirical", values = [1, 2, 3], weights = [0.5, 0.3, 0.2] })";
  double kit_rate = 5;
  std::string components_stock;  // e.g. "initial_on_hand = 1000000"
  std::string policies = R"([[policies]]
name = "jit"
kind = "jit"
safety_factor = 0.0

[[policies]]
name = "jic"
kind = "jic"
service_level = 0.8
forecast = "plan")";

  std::string toml() const {
    return fmt::format(R"(
[scenario]
horizon_days = 400
warmup_days = 60
seed = 5
[warehouse]
unmet_demand = "{}"
{}
[[suppliers]]
id = "s"
lead_time_days = {{ dist = "gamma", mean = 6, sd = 3 }}
[[carriers]]
id = "c"
transit_days = 2
[[skus]]
id = "a"
unit_cost = 4
price = 9
supplier = "s"
carrier = "c"
demand = {{ orders_per_day = {} }}
{}
[[skus]]
id = "b"
unit_cost = 2
price = 5
supplier = "s"
carrier = "c"
demand = {{ orders_per_day = 0 }}
{}
[[skus]]
id = "kit"
unit_cost = 9
price = 30
demand = {{ orders_per_day = {}, order_size = {} }}
bom = {{ "a" = 1, "b" = 2 }}
assembly = "{}"
assembly_days = {}
{}
)",
                       unmet, warehouse_extra, a_rate, components_stock, components_stock, kit_rate,
                       kit_size, assembly, assembly_days, policies);
  }
};

std::int64_t total(const RecordingTrace& t, std::string_view event, int item) {
  std::int64_t sum = 0;
  for (const TraceLine& l : t.of(event, item)) sum += l.quantity;
  return sum;
}

std::vector<m::MetricValues> per_sku_run(const m::Scenario& sc, std::size_t policy,
                                         std::uint64_t rep) {
  const m::ModelSetup setup(sc);
  m::Simulation sim(setup);
  m::ReplicationOptions o;
  o.per_sku = true;
  o.check_invariants = true;
  return sim.run(policy, rep, o).per_sku;
}

double at(const m::MetricValues& v, Metric k) {
  return v[static_cast<std::size_t>(k)];
}

}  // namespace

TEST_SUITE("kits") {
  TEST_CASE("kits: components are consumed exactly per BOM (on_order and to_stock)") {
    for (const char* assembly : {"on_order", "to_stock"}) {
      for (const char* unmet : {"backorder", "lost_sales"}) {
        KitFile f;
        f.assembly = assembly;
        f.unmet = unmet;
        f.a_rate = 3;
        if (std::string(assembly) == "to_stock") {
          f.policies +=
              "\nper_sku = { \"kit\" = { kind = \"ss\", reorder_point = 8, "
              "order_up_to = 30 } }";
        }
        const m::Scenario sc = scenario_from(f.toml());
        for (std::size_t policy = 0; policy < 2; ++policy) {
          for (std::uint64_t rep = 0; rep < 4; ++rep) {
            CAPTURE(assembly);
            CAPTURE(unmet);
            CAPTURE(policy);
            CAPTURE(rep);
            RecordingTrace t;
            run_once(sc, policy, rep, &t);  // invariants checked after every event
            const std::int64_t kits = total(t, "kit_consumed", kKit);
            CHECK(kits > 100);
            CHECK(total(t, "kit_consumed", kA) == 1 * kits);
            CHECK(total(t, "kit_consumed", kB) == 2 * kits);
            // Every kit order whose components were consumed went into assembly (to stock:
            // at once; on order: when the whole customer order had its components).
            if (std::string(assembly) == "to_stock") {
              CHECK(total(t, "assembly_started", kKit) == kits);
              CHECK(total(t, "receipt", kKit) <= kits);
              CHECK(total(t, "receipt", kKit) > 0);
            } else {
              CHECK(total(t, "assembly_started", kKit) <= kits);
              CHECK(total(t, "assembled", kKit) <= total(t, "assembly_started", kKit));
            }
          }
        }
      }
    }
  }

  TEST_CASE("kits: an on_order kit's fill rate is never above its components'") {
    SUBCASE("components with no other customers: kit fill <= each component's fill") {
      KitFile f;
      const m::Scenario sc = scenario_from(f.toml());
      for (std::size_t policy = 0; policy < 2; ++policy) {
        for (std::uint64_t rep = 0; rep < 5; ++rep) {
          const auto v = per_sku_run(sc, policy, rep);
          const double kit = at(v[kKit], Metric::fill_rate);
          CAPTURE(policy);
          CAPTURE(rep);
          CHECK(kit < 1.0);  // shortages happen, so the bound is tested
          CHECK(kit <= at(v[kA], Metric::fill_rate));
          CHECK(kit <= at(v[kB], Metric::fill_rate));
          // The kit's customers are its components' only customers: q x the kit's demand.
          CHECK(at(v[kA], Metric::units_demanded) == at(v[kKit], Metric::units_demanded));
          CHECK(at(v[kB], Metric::units_demanded) == 2 * at(v[kKit], Metric::units_demanded));
        }
      }
    }
    SUBCASE("with other customers: kit units from stock x q <= the component's from stock") {
      KitFile f;
      f.a_rate = 4;
      const m::Scenario sc = scenario_from(f.toml());
      for (std::uint64_t rep = 0; rep < 5; ++rep) {
        const auto v = per_sku_run(sc, 0, rep);
        const double kit_served =
            at(v[kKit], Metric::fill_rate) * at(v[kKit], Metric::units_demanded);
        CHECK(kit_served <=
              at(v[kA], Metric::fill_rate) * at(v[kA], Metric::units_demanded) + 1e-6);
        CHECK(2 * kit_served <=
              at(v[kB], Metric::fill_rate) * at(v[kB], Metric::units_demanded) + 1e-6);
      }
    }
  }

  TEST_CASE("kits: assembly follows the site's capacity and assembly_days exactly") {
    // Components always on hand: every kit order goes to assembly when it arrives, one unit
    // each; capacity 8 a day (1/8 day per unit, FIFO), then 0.25 days; picking is instant.
    KitFile f;
    f.components_stock = "initial_on_hand = 1000000";
    f.kit_size = "1";
    f.kit_rate = 6;
    f.assembly_days = "0.25";
    f.warehouse_extra = "assembly_capacity_units_per_day = 8";
    f.policies = "[[policies]]\nname = \"none\"\nkind = \"base_stock\"\nlevel = 0";
    const m::Scenario sc = scenario_from(f.toml());
    for (std::uint64_t rep = 0; rep < 3; ++rep) {
      RecordingTrace t;
      run_once(sc, 0, rep, &t);
      std::map<std::uint64_t, double> assembled, shipped;
      for (const TraceLine& l : t.of("assembled", kKit)) assembled[l.customer_order] = l.time;
      for (const TraceLine& l : t.of("customer_shipped", kKit)) shipped[l.customer_order] = l.time;
      const auto orders = t.of("customer_order", kKit);
      REQUIRE(orders.size() > 1000);
      double free_at = -60;  // the start of the warm-up
      std::map<long long, int> per_day;
      std::size_t checked = 0, queued = 0;
      for (const TraceLine& o : orders) {
        free_at = std::max(free_at, o.time) + 1.0 / 8;
        if (free_at > o.time + 1.0 / 8) ++queued;
        const double done = free_at + 0.25;
        if (done >= 400) break;  // the horizon
        ++per_day[static_cast<long long>(std::floor(free_at - 1.0 / 8))];
        REQUIRE(assembled.count(o.customer_order) == 1);
        CHECK(assembled[o.customer_order] == done);
        CHECK(shipped[o.customer_order] == done);
        CHECK(shipped[o.customer_order] - o.time >= 0.25);
        ++checked;
      }
      CHECK(checked > 1000);
      CHECK(queued > 100);  // orders did wait for capacity
      for (const auto& [day, n] : per_day) CHECK(n <= 8);
    }
  }

  TEST_CASE("kits: a to_stock kit is replenished by assembly orders from its components") {
    KitFile f;
    f.assembly = "to_stock";
    f.assembly_days = "{ dist = \"uniform\", min = 0.5, max = 1.5 }";
    f.warehouse_extra = "assembly_capacity_units_per_day = 40";
    f.policies =
        "[[policies]]\nname = \"bs\"\nkind = \"base_stock\"\nlevel = 400\n"
        "per_sku = { \"kit\" = { kind = \"ss\", reorder_point = 20, order_up_to = 60 } }";
    const m::Scenario sc = scenario_from(f.toml());
    for (std::uint64_t rep = 0; rep < 4; ++rep) {
      RecordingTrace t;
      run_once(sc, 0, rep, &t);
      // The kit's orders are assembly orders: (s,S) sizes, no supplier, no carrier.
      const auto pos = t.of("purchase_order", kKit);
      REQUIRE(pos.size() > 10);
      for (const TraceLine& p : pos) CHECK(p.quantity >= 40);  // S - IP with IP <= s
      CHECK(t.of("released", kKit).empty());
      CHECK(t.of("departure", kKit).empty());
      const std::int64_t kits = total(t, "kit_consumed", kKit);
      CHECK(total(t, "kit_consumed", kA) == kits);
      CHECK(total(t, "kit_consumed", kB) == 2 * kits);
      CHECK(total(t, "receipt", kKit) > 0);
      const auto v = per_sku_run(sc, 0, rep);
      CHECK(at(v[kKit], Metric::fill_rate) > 0.5);
      CHECK(at(v[kKit], Metric::purchase_cost) == 0);
      CHECK(at(v[kKit], Metric::transport_cost) == 0);
      CHECK(at(v[kKit], Metric::ordering_cost) == 0);  // order_cost is 0 in this file
      CHECK(at(v[kB], Metric::units_demanded) == 0);   // a kit's assembly is internal demand
    }
  }

  TEST_CASE("kits in a network: on_order at a lost-sales centre, to_stock at the DC") {
    // The centre's components come by transfer from the DC (the lane carries every SKU the
    // centre stocks, never a kit); the DC assembles its own kit to stock from the same parts.
    const m::Scenario sc = scenario_from(R"(
[scenario]
horizon_days = 300
warmup_days = 60
seed = 3
[[sites]]
id = "dc"
assembly_capacity_units_per_day = 30
[[sites]]
id = "shop"
unmet_demand = "lost_sales"
[[suppliers]]
id = "s"
lead_time_days = { dist = "gamma", mean = 5, sd = 2 }
[[carriers]]
id = "c"
transit_days = 1
[[lanes]]
id = "in"
from = "s"
to = "dc"
carrier = "c"
[[lanes]]
id = "out"
from = "dc"
to = "shop"
carrier = "c"
[[skus]]
id = "a"
unit_cost = 3
price = 8
site = "dc"
demand = { orders_per_day = 2 }
[[skus]]
id = "b"
unit_cost = 1
price = 3
site = "dc"
demand = { orders_per_day = 0 }
[[skus]]
id = "gift"
unit_cost = 6
price = 20
site = "shop"
demand = { orders_per_day = 4 }
bom = { "a" = 1, "b" = 3 }
assembly_days = 0.1
[[skus]]
id = "pack"
unit_cost = 5
price = 15
site = "dc"
demand = { orders_per_day = 3 }
bom = { "a" = 2, "b" = 1 }
assembly = "to_stock"
assembly_days = { dist = "uniform", min = 0.5, max = 1 }
[[policies]]
name = "jit"
kind = "jit"
[[policies]]
name = "bs"
kind = "base_stock"
level_days = 12
)");
    const m::ModelSetup setup(sc);
    const m::Network& net = setup.network;
    const auto item = [&](std::size_t sku, std::size_t site) {
      const std::uint32_t i = net.find(sku, site);
      REQUIRE(i != m::kNoIndex);
      return static_cast<int>(i);
    };
    const int a_dc = item(0, 0), b_dc = item(1, 0), pack = item(3, 0);
    const int a_shop = item(0, 1), b_shop = item(1, 1), gift = item(2, 1);
    CHECK(net.find(2, 0) == m::kNoIndex);  // the gift is made at the shop only
    CHECK(net.items[static_cast<std::size_t>(gift)].sources.empty());
    CHECK(net.items[static_cast<std::size_t>(a_shop)].sources.size() == 1);
    for (std::size_t policy = 0; policy < 2; ++policy) {
      for (std::uint64_t rep = 0; rep < 3; ++rep) {
        CAPTURE(policy);
        CAPTURE(rep);
        RecordingTrace t;
        run_once(sc, policy, rep, &t);
        const std::int64_t gifts = total(t, "kit_consumed", gift);
        const std::int64_t packs = total(t, "kit_consumed", pack);
        CHECK(gifts > 100);
        CHECK(packs > 100);
        CHECK(total(t, "kit_consumed", a_shop) == gifts);
        CHECK(total(t, "kit_consumed", b_shop) == 3 * gifts);
        CHECK(total(t, "kit_consumed", a_dc) == 2 * packs);
        CHECK(total(t, "kit_consumed", b_dc) == packs);
        const auto v = per_sku_run(sc, policy, rep);
        const double g = at(v[static_cast<std::size_t>(gift)], Metric::fill_rate);
        CHECK(g <= at(v[static_cast<std::size_t>(a_shop)], Metric::fill_rate));
        CHECK(g <= at(v[static_cast<std::size_t>(b_shop)], Metric::fill_rate));
        CHECK(at(v[static_cast<std::size_t>(pack)], Metric::purchase_cost) == 0);
      }
    }
  }

  TEST_CASE("kits: the example scenario validates and runs with invariants checked") {
    const m::LoadResult r =
        m::load_scenario(JITSIM_SOURCE_DIR "/scenarios/dc_marketplace_kits.toml", {});
    std::string diagnostics;
    for (const auto& d : r.diagnostics) diagnostics += m::format(d) + "\n";
    INFO(diagnostics);
    REQUIRE(r.ok());
    const m::ModelSetup setup(*r.scenario);
    const std::uint32_t kit = setup.network.find(5, 0);
    REQUIRE(kit != m::kNoIndex);
    CHECK(setup.network.items[kit].is_kit());
    CHECK(setup.network.items[kit].sources.empty());
    for (std::size_t policy = 0; policy < r.scenario->policies.size(); ++policy) {
      RecordingTrace t;
      run_once(*r.scenario, policy, 0, &t);
      CHECK(total(t, "kit_consumed", static_cast<int>(kit)) > 0);
    }
  }
}
