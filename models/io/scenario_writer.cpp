// -----------------------------------------------------------------------------
// File: models/io/scenario_writer.cpp
// -----------------------------------------------------------------------------
#include "models/io/scenario_writer.h"

#include <cmath>
#include <map>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "models/io/scenario_schema.h"
#include "models/io/text_format.h"

namespace jitsim::models {
namespace {

using sim::DistributionKind;
using sim::DistributionSpec;

// Shortest round-trip form; integral values print without a fraction, which TOML reads as an
// integer (accepted wherever a float is meant). TOML also has literals for the non-finite.
std::string num(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return format_number(v);
}

std::string key(std::string_view k) {
  const bool bare = !k.empty() && k.find_first_not_of(
                                      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
                                      "qrstuvwxyz0123456789_-") == std::string_view::npos;
  return bare ? std::string(k) : quoted_string(k);
}

std::string list(const std::vector<double>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + num(v[i]);
  return out + "]";
}

// A sweep axis's values as [sweep] takes them: numbers, quoted strings or booleans.
std::string sweep_values(const SweepAxis& a) {
  if (!a.categorical()) return list(a.values);
  std::string out = "[";
  for (std::size_t i = 0; i < a.labels.size(); ++i) {
    out += (i ? ", " : "") +
           (a.kind == SweepAxis::Kind::text ? quoted_string(a.labels[i]) : a.labels[i]);
  }
  return out + "]";
}

std::string dist(const DistributionSpec& d) {
  switch (d.kind) {
    case DistributionKind::fixed:
      return num(d.value);
    case DistributionKind::exponential:
      return fmt::format("{{ dist = \"exponential\", mean = {} }}", num(d.mean));
    case DistributionKind::poisson:
      return fmt::format("{{ dist = \"poisson\", mean = {} }}", num(d.mean));
    case DistributionKind::uniform:
      return fmt::format("{{ dist = \"uniform\", min = {}, max = {} }}", num(d.min), num(d.max));
    case DistributionKind::normal:
    case DistributionKind::lognormal:
    case DistributionKind::gamma:
      return fmt::format("{{ dist = \"{}\", mean = {}, sd = {} }}", sim::to_string(d.kind),
                         num(d.mean), num(d.sd));
    case DistributionKind::empirical:
      if (d.weights.empty())
        return fmt::format("{{ dist = \"empirical\", values = {} }}", list(d.values));
      return fmt::format("{{ dist = \"empirical\", values = {}, weights = {} }}", list(d.values),
                         list(d.weights));
  }
  return "0";
}

// Policy parameters that are set, as `key = value` items.
std::vector<std::string> params(const PolicyParams& p, const Scenario& sc) {
  std::vector<std::string> out;
  const auto add = [&](std::string_view k, const std::string& v) {
    out.push_back(fmt::format("{} = {}", k, v));
  };
  const auto level = [&](std::string_view k, const std::optional<Level>& l) {
    if (!l) return;
    if (l->in_days) {
      add(fmt::format("{}_days", k), num(l->amount));
    } else {
      add(k, num(l->amount));
    }
  };
  if (p.safety_factor) add("safety_factor", num(*p.safety_factor));
  if (p.buffer_days) add("buffer_days", num(*p.buffer_days));
  if (p.batch) add("batch", quoted_string(to_string(*p.batch)));
  if (p.adapt) add("adapt", *p.adapt ? "true" : "false");
  if (p.service_level) add("service_level", num(*p.service_level));
  if (p.review_period_days) add("review_period_days", num(*p.review_period_days));
  if (p.forecast) add("forecast", quoted_string(to_string(*p.forecast)));
  if (p.window_days) add("window_days", num(*p.window_days));
  if (p.alpha) add("alpha", num(*p.alpha));
  if (p.order_quantity_rule)
    add("order_quantity", quoted_string(to_string(*p.order_quantity_rule)));
  level("level", p.level);
  level("reorder_point", p.reorder_point);
  level("order_quantity", p.order_quantity);
  level("order_up_to", p.order_up_to);
  if (p.kind) add("kind", quoted_string(to_string(*p.kind)));
  if (p.position) add("position", quoted_string(to_string(*p.position)));
  if (p.expedite && p.expedite->lane < sc.lanes.size()) {
    add("expedite",
        fmt::format("{{ lane = {}, below_days = {} }}",
                    quoted_string(sc.lanes[p.expedite->lane].id), num(p.expedite->below_days)));
  }
  return out;
}

std::string inline_table(const std::vector<std::string>& items) {
  if (items.empty()) return "{}";
  return fmt::format("{{ {} }}", fmt::join(items, ", "));
}

std::string boolean(bool b) {
  return b ? "true" : "false";
}

// The keys of one schema table, written in schema order: the values set, and in place of an
// absent key the comment given for it (an unlimited capacity, a shock's default target).
class TableLines {
 public:
  explicit TableLines(std::string_view table) : table_(table) {}
  void set(std::string_view k, std::string value) { values_[checked(k)] = std::move(value); }
  void comment(std::string_view k, std::string text) { comments_[checked(k)] = std::move(text); }
  void set_or_unlimited(std::string_view k, const std::optional<double>& v) {
    if (v) {
      set(k, num(*v));
    } else {
      comment(k, fmt::format("{}: unlimited", k));
    }
  }
  std::string lines() const {
    std::string out;
    for (std::string_view k : loading::keys_of(table_)) {
      if (auto it = values_.find(k); it != values_.end()) {
        out += fmt::format("{} = {}\n", k, it->second);
      } else if (auto c = comments_.find(k); c != comments_.end()) {
        out += fmt::format("# {}\n", c->second);
      }
    }
    return out;
  }
  std::vector<std::string> items() const {
    std::vector<std::string> out;
    for (std::string_view k : loading::keys_of(table_)) {
      if (auto it = values_.find(k); it != values_.end()) {
        out.push_back(fmt::format("{} = {}", k, it->second));
      }
    }
    return out;
  }

 private:
  std::string_view checked(std::string_view k) const {
    if (!loading::find_key(table_, k)) {
      throw std::logic_error(
          fmt::format("writer: key '{}' is not in schema table '{}'", k, table_));
    }
    return k;
  }
  std::string_view table_;
  std::map<std::string_view, std::string> values_, comments_;
};

}  // namespace

namespace {
// A [warehouse.fees] or [sites.fees] table's lines, every key written.
std::string fee_lines(const Fees& f) {
  TableLines t("warehouse.fees");
  t.set("receiving_per_unit", num(f.receiving_per_unit));
  t.set("storage_per_unit_day", num(f.storage_per_unit_day));
  t.set("storage_per_pallet_day", num(f.storage_per_pallet_day));
  t.set("pick_per_order", num(f.pick_per_order));
  t.set("pick_per_unit", num(f.pick_per_unit));
  t.set("kitting_per_unit", num(f.kitting_per_unit));
  t.set("monthly_minimum", num(f.monthly_minimum));
  return t.lines();
}

// An `outbound` inline table, every key written (promise_days only when there is one).
std::string outbound_table(const Outbound& o) {
  std::vector<std::string> keys{fmt::format("cost_per_order = {}", num(o.cost_per_order)),
                                fmt::format("cost_per_unit = {}", num(o.cost_per_unit)),
                                fmt::format("delivery_days = {}", dist(o.delivery_days))};
  if (o.promise_days) keys.push_back(fmt::format("promise_days = {}", num(*o.promise_days)));
  return inline_table(keys);
}
}  // namespace

std::string to_toml(const Scenario& s) {
  std::string out;
  const auto line = [&](std::string_view k, const std::string& v) {
    out += fmt::format("{} = {}\n", k, v);
  };
  out += "# Resolved scenario (extends, skus_file and --set applied; defaults written out).\n\n";

  TableLines info("scenario");
  info.set("name", quoted_string(s.scenario.name));
  info.set("horizon_days", num(s.scenario.horizon_days));
  info.set("warmup_days", num(s.scenario.warmup_days));
  info.set("seed", fmt::format("{}", s.scenario.seed));
  info.set("replications", fmt::format("{}", s.scenario.replications));
  out += "[scenario]\n" + info.lines();

  TableLines costs("costs");
  costs.set("holding_rate_per_year", num(s.costs.holding_rate_per_year));
  costs.set("order_cost", num(s.costs.order_cost));
  costs.set("backorder_cost_per_unit", num(s.costs.backorder_cost_per_unit));
  costs.set("backorder_cost_per_unit_day", num(s.costs.backorder_cost_per_unit_day));
  costs.set("lost_sale_penalty", num(s.costs.lost_sale_penalty));
  costs.set("pipeline_holding", boolean(s.costs.pipeline_holding));
  out += "\n[costs]\n" + costs.lines();

  // [finance] and fees only when set: files without them keep their resolved text.
  if (s.finance != Finance{}) {
    TableLines fin("finance");
    fin.set("supplier_payment_days", num(s.finance.supplier_payment_days));
    fin.set("customer_payment_days", num(s.finance.customer_payment_days));
    fin.set("cost_of_capital_per_year", num(s.finance.cost_of_capital_per_year));
    out += "\n[finance]\n" + fin.lines();
  }

  const Warehouse& w = s.warehouse;
  TableLines wh("warehouse");
  wh.set("unmet_demand", quoted_string(to_string(w.unmet_demand)));
  wh.set("patience_days", num(w.patience_days));
  wh.set("dock_to_stock_days", dist(w.dock_to_stock_days));
  wh.set_or_unlimited("receiving_capacity_units_per_day", w.receiving_capacity_units_per_day);
  if (w.pickers) {
    wh.set("pickers", fmt::format("{}", *w.pickers));
  } else {
    wh.comment("pickers", "pickers: unlimited (picking takes no time)");
  }
  wh.set("pick_time_days", dist(w.pick_time_days));
  wh.set_or_unlimited("storage_capacity_units", w.storage_capacity_units);
  wh.set("overflow_cost_per_unit_day", num(w.overflow_cost_per_unit_day));
  if (w.assembly_capacity_units_per_day) {  // kits only: other files keep their resolved text
    wh.set("assembly_capacity_units_per_day", num(*w.assembly_capacity_units_per_day));
  }
  if (w.outbound) wh.set("outbound", outbound_table(*w.outbound));  // only when set, as fees
  out += "\n[warehouse]\n" + wh.lines();
  if (w.fees != Fees{}) out += "\n[warehouse.fees]\n" + fee_lines(w.fees);

  // Written only when set: files without [customers] keep their resolved text (and digest).
  if (s.customers != Customers{}) {
    TableLines cu("customers");
    cu.set("churn_per_short_order", num(s.customers.churn_per_short_order));
    cu.set("churn_recovery_days", num(s.customers.churn_recovery_days));
    out += "\n[customers]\n" + cu.lines();
  }

  // A site writes every [warehouse] value it holds (so it reloads the same over any default).
  for (const SiteSpec& site : s.sites) {
    const Warehouse& sw = site.warehouse;
    out += "\n[[sites]]\n";
    out += fmt::format("id = {}\n", quoted_string(site.id));
    out += fmt::format("sourcing = {}\n", quoted_string(to_string(site.sourcing)));
    out += fmt::format("allocation = {}\n", quoted_string(to_string(site.allocation)));
    out += fmt::format("priority = {}\n", site.priority);
    out += fmt::format("unmet_demand = {}\n", quoted_string(to_string(sw.unmet_demand)));
    out += fmt::format("patience_days = {}\n", num(sw.patience_days));
    out += fmt::format("dock_to_stock_days = {}\n", dist(sw.dock_to_stock_days));
    if (sw.receiving_capacity_units_per_day) {
      out += fmt::format("receiving_capacity_units_per_day = {}\n",
                         num(*sw.receiving_capacity_units_per_day));
    }
    if (sw.pickers) out += fmt::format("pickers = {}\n", *sw.pickers);
    out += fmt::format("pick_time_days = {}\n", dist(sw.pick_time_days));
    if (sw.storage_capacity_units) {
      out += fmt::format("storage_capacity_units = {}\n", num(*sw.storage_capacity_units));
    }
    out += fmt::format("overflow_cost_per_unit_day = {}\n", num(sw.overflow_cost_per_unit_day));
    if (sw.assembly_capacity_units_per_day) {
      out += fmt::format("assembly_capacity_units_per_day = {}\n",
                         num(*sw.assembly_capacity_units_per_day));
    }
    if (sw.outbound) out += fmt::format("outbound = {}\n", outbound_table(*sw.outbound));
    if (sw.fees != Fees{}) out += "\n[sites.fees]\n" + fee_lines(sw.fees);
  }

  for (const Supplier& sup : s.suppliers) {
    TableLines t("suppliers[]");
    t.set("id", quoted_string(sup.id));
    t.set("lead_time_days", dist(sup.lead_time_days));
    t.set_or_unlimited("capacity_units_per_day", sup.capacity_units_per_day);
    t.set("defect_rate", num(sup.defect_rate));
    t.set("min_order_qty", fmt::format("{}", sup.min_order_qty));
    t.set("order_multiple", fmt::format("{}", sup.order_multiple));
    t.set("unit_cost_multiplier", num(sup.unit_cost_multiplier));
    out += "\n[[suppliers]]\n" + t.lines();
  }

  for (const Carrier& c : s.carriers) {
    TableLines t("carriers[]");
    t.set("id", quoted_string(c.id));
    t.set("transit_days", dist(c.transit_days));
    t.set_or_unlimited("capacity_units_per_day", c.capacity_units_per_day);
    t.set("cost_per_shipment", num(c.cost_per_shipment));
    t.set("cost_per_unit", num(c.cost_per_unit));
    t.set("loss_probability", num(c.loss_probability));
    out += "\n[[carriers]]\n" + t.lines();
  }

  const auto id_of = [](const auto& list, std::size_t i) {
    return i < list.size() ? list[i].id : std::string("?");
  };
  for (const Sku& sku : s.skus) {
    TableLines t("skus[]");
    t.set("id", quoted_string(sku.id));
    t.set("unit_cost", num(sku.unit_cost));
    t.set("price", num(sku.price));
    if (s.sites.empty() && !sku.is_kit()) {
      t.set("supplier", quoted_string(id_of(s.suppliers, sku.supplier)));
      t.set("carrier", quoted_string(id_of(s.carriers, sku.carrier)));
    }
    if (!sku.demand_sites.empty()) {
      std::vector<std::string> where;
      for (const DemandSite& d : sku.demand_sites) {
        where.push_back(fmt::format("{} = {}", key(id_of(s.sites, d.site)), num(d.share)));
      }
      t.set("demand_sites", inline_table(where));
    }
    t.set("critical", boolean(sku.critical));
    t.set("shelf_life_days", num(sku.shelf_life_days));
    if (!sku.kit_on_order()) {
      t.set("initial_on_hand",
            sku.initial_on_hand
                ? fmt::format("{}", *sku.initial_on_hand)
                : quoted_string(loading::spec("skus[]", "initial_on_hand").choices[0]));
    }
    if (sku.holding_cost_per_unit_day) {
      t.set("holding_cost_per_unit_day", num(*sku.holding_cost_per_unit_day));
    }
    if (sku.units_per_pallet) t.set("units_per_pallet", fmt::format("{}", *sku.units_per_pallet));
    if (sku.outbound) t.set("outbound", outbound_table(*sku.outbound));
    if (sku.is_kit()) {
      std::vector<std::string> lines;
      for (const BomLine& b : sku.bom) {
        lines.push_back(fmt::format("{} = {}", key(id_of(s.skus, b.sku)), b.quantity));
      }
      t.set("bom", inline_table(lines));
      t.set("assembly", quoted_string(to_string(sku.assembly)));
      t.set("assembly_days", dist(sku.assembly_days));
    }
    const Demand& d = sku.demand;
    if (d.is_orders()) {
      TableLines columns("skus[].demand(orders).columns");
      columns.set("time", quoted_string(d.time_column));
      columns.set("sku", quoted_string(d.sku_column));
      columns.set("quantity", quoted_string(d.quantity_column));
      TableLines demand("skus[].demand(orders)");
      demand.set("orders_file", quoted_string(d.orders_file));
      demand.set("sku", quoted_string(d.orders_sku));
      demand.set("resample", quoted_string(to_string(d.orders_resample)));
      demand.set("columns", inline_table(columns.items()));
      t.set("demand", inline_table(demand.items()));
    } else if (d.is_trace()) {
      TableLines demand("skus[].demand(trace)");
      demand.set("trace", quoted_string(d.trace_file));
      demand.set("column", quoted_string(d.trace_column));
      demand.set("noise", quoted_string(loading::noise_names[d.trace_poisson_noise ? 1 : 0]));
      t.set("demand", inline_table(demand.items()));
    } else {
      TableLines demand("skus[].demand");
      demand.set("orders_per_day", num(d.orders_per_day));
      demand.set("order_size", dist(d.order_size));
      demand.set("weekly", list({d.weekly.begin(), d.weekly.end()}));
      demand.set("annual_amplitude", num(d.annual_amplitude));
      demand.set("annual_peak_day", num(d.annual_peak_day));
      demand.set("trend_per_year", num(d.trend_per_year));
      t.set("demand", inline_table(demand.items()));
    }
    out += "\n[[skus]]\n" + t.lines();
  }

  for (const LaneSpec& lane : s.lanes) {
    out += "\n[[lanes]]\n";
    out += fmt::format("id = {}\n", quoted_string(lane.id));
    out += fmt::format(
        "from = {}\n",
        quoted_string(lane.from_site ? id_of(s.sites, lane.from) : id_of(s.suppliers, lane.from)));
    out += fmt::format("to = {}\n", quoted_string(id_of(s.sites, lane.to)));
    out += fmt::format("carrier = {}\n", quoted_string(id_of(s.carriers, lane.carrier)));
    if (!lane.skus.empty()) {
      std::vector<std::string> ids;
      for (const std::size_t k : lane.skus) ids.push_back(quoted_string(id_of(s.skus, k)));
      out += fmt::format("skus = [{}]\n", fmt::join(ids, ", "));
    }
    out += fmt::format("priority = {}\n", lane.priority);
    out += fmt::format("share = {}\n", num(lane.share));
    out += fmt::format("expedite = {}\n", boolean(lane.expedite));
  }

  for (const PolicySpec& p : s.policies) {
    out += "\n[[policies]]\n";
    line("name", quoted_string(p.name));
    line("kind", quoted_string(to_string(p.kind)));
    for (const std::string& item : params(p.params, s)) out += item + "\n";
    if (p.kind == PolicyKind::hybrid) {
      std::vector<std::string> c{fmt::format("flagged = {}", p.critical.flagged)};
      if (p.critical.top_revenue_share) {
        c.push_back(fmt::format("top_revenue_share = {}", num(*p.critical.top_revenue_share)));
      }
      if (p.critical.lead_time_cv_above) {
        c.push_back(fmt::format("lead_time_cv_above = {}", num(*p.critical.lead_time_cv_above)));
      }
      line("critical", inline_table(c));
      if (auto cp = params(p.critical_policy, s); !cp.empty())
        line("critical_policy", inline_table(cp));
      if (auto op = params(p.other_policy, s); !op.empty()) line("other_policy", inline_table(op));
    }
    if (!p.per_sku.empty()) {
      std::vector<std::string> items;
      for (const SkuOverride& o : p.per_sku) {
        const std::string name =
            o.site ? fmt::format("{}@{}", id_of(s.skus, o.sku), id_of(s.sites, *o.site))
                   : id_of(s.skus, o.sku);
        items.push_back(fmt::format("{} = {}", key(name), inline_table(params(o.params, s))));
      }
      line("per_sku", inline_table(items));
    }
    if (!p.per_site.empty()) {
      std::vector<std::string> items;
      for (const auto& [site, site_params] : p.per_site) {
        items.push_back(fmt::format("{} = {}", key(id_of(s.sites, site)),
                                    inline_table(params(site_params, s))));
      }
      line("per_site", inline_table(items));
    }
  }

  for (const Shock& sh : s.shocks) {
    TableLines t("shocks[]");
    t.set("id", quoted_string(sh.id));
    t.set("kind", quoted_string(to_string(sh.kind)));
    if (sh.target) {
      switch (sh.target_kind) {
        case ShockTarget::supplier:
          t.set("supplier", quoted_string(id_of(s.suppliers, *sh.target)));
          break;
        case ShockTarget::carrier:
          t.set("carrier", quoted_string(id_of(s.carriers, *sh.target)));
          break;
        case ShockTarget::sku:
          t.set("sku", quoted_string(id_of(s.skus, *sh.target)));
          break;
        case ShockTarget::site:
          t.set("site", quoted_string(id_of(s.sites, *sh.target)));
          break;
        case ShockTarget::warehouse:
          break;
      }
    } else if (sh.target_kind != ShockTarget::warehouse) {
      const std::string_view target = to_string(sh.target_kind);
      t.comment(target, fmt::format("target: every {}", target));
    }
    if (sh.start_day) t.set("start_day", num(*sh.start_day));
    if (sh.rate_per_year) {
      t.set("occurrence", fmt::format("{{ rate_per_year = {} }}", num(*sh.rate_per_year)));
    }
    t.set("duration_days", dist(sh.duration_days));
    out += "\n[[shocks]]\n" + t.lines();
    // The parameters of its kind (schema order).
    TableLines params("shocks[].params");
    const std::map<std::string_view, std::string> values = {
        {"delay_factor", num(sh.delay_factor)},
        {"extra_days", num(sh.extra_days)},
        {"in_transit", boolean(sh.in_transit)},
        {"recovery_days", num(sh.recovery_days)},
        {"factor", num(sh.factor)},
        {"capacity_factor", num(sh.capacity_factor)},
        {"defect_rate", num(sh.defect_rate)},
        {"multiplier", num(sh.multiplier)},
        {"shape", quoted_string(to_string(sh.shape))},
        {"loss_probability", num(sh.loss_probability)},
    };
    for (std::string_view k : loading::keys_of("shocks[].params", loading::bit(sh.kind))) {
      params.set(k, values.at(k));
    }
    out += params.lines();
  }

  if (s.sweep.size() == 1) {
    out += "\n[sweep]\n";
    TableLines t("sweep");
    t.set("parameter", quoted_string(s.sweep[0].parameter));
    t.set("values", sweep_values(s.sweep[0]));
    out += t.lines();
  } else {
    for (const SweepAxis& a : s.sweep) {
      out += "\n[[sweep]]\n";
      TableLines t("sweep");
      t.set("parameter", quoted_string(a.parameter));
      t.set("values", sweep_values(a));
      out += t.lines();
    }
  }
  return out;
}

}  // namespace jitsim::models
