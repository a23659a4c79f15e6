// -----------------------------------------------------------------------------
// File: models/io/scenario_writer.cpp
// -----------------------------------------------------------------------------
#include "models/io/scenario_writer.h"

#include <cmath>

#include <fmt/format.h>

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
std::vector<std::string> params(const PolicyParams& p) {
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
  return out;
}

std::string inline_table(const std::vector<std::string>& items) {
  if (items.empty()) return "{}";
  return fmt::format("{{ {} }}", fmt::join(items, ", "));
}

}  // namespace

std::string to_toml(const Scenario& s) {
  std::string out;
  const auto line = [&](std::string_view k, const std::string& v) {
    out += fmt::format("{} = {}\n", k, v);
  };
  const auto capacity = [&](std::string_view k, const std::optional<double>& v) {
    if (v) {
      line(k, num(*v));
    } else {
      out += fmt::format("# {}: unlimited\n", k);
    }
  };
  out += "# Resolved scenario (extends, skus_file and --set applied; defaults written out).\n\n";

  out += "[scenario]\n";
  line("name", quoted_string(s.scenario.name));
  line("horizon_days", num(s.scenario.horizon_days));
  line("warmup_days", num(s.scenario.warmup_days));
  line("seed", fmt::format("{}", s.scenario.seed));
  line("replications", fmt::format("{}", s.scenario.replications));

  out += "\n[costs]\n";
  line("holding_rate_per_year", num(s.costs.holding_rate_per_year));
  line("order_cost", num(s.costs.order_cost));
  line("backorder_cost_per_unit", num(s.costs.backorder_cost_per_unit));
  line("backorder_cost_per_unit_day", num(s.costs.backorder_cost_per_unit_day));
  line("lost_sale_penalty", num(s.costs.lost_sale_penalty));
  line("pipeline_holding", s.costs.pipeline_holding ? "true" : "false");

  const Warehouse& w = s.warehouse;
  out += "\n[warehouse]\n";
  line("unmet_demand", quoted_string(to_string(w.unmet_demand)));
  line("patience_days", num(w.patience_days));
  line("dock_to_stock_days", dist(w.dock_to_stock_days));
  capacity("receiving_capacity_units_per_day", w.receiving_capacity_units_per_day);
  if (w.pickers) {
    line("pickers", fmt::format("{}", *w.pickers));
  } else {
    out += "# pickers: unlimited (picking takes no time)\n";
  }
  line("pick_time_days", dist(w.pick_time_days));
  capacity("storage_capacity_units", w.storage_capacity_units);
  line("overflow_cost_per_unit_day", num(w.overflow_cost_per_unit_day));

  for (const Supplier& sup : s.suppliers) {
    out += "\n[[suppliers]]\n";
    line("id", quoted_string(sup.id));
    line("lead_time_days", dist(sup.lead_time_days));
    capacity("capacity_units_per_day", sup.capacity_units_per_day);
    line("defect_rate", num(sup.defect_rate));
    line("min_order_qty", fmt::format("{}", sup.min_order_qty));
    line("order_multiple", fmt::format("{}", sup.order_multiple));
    line("unit_cost_multiplier", num(sup.unit_cost_multiplier));
  }

  for (const Carrier& c : s.carriers) {
    out += "\n[[carriers]]\n";
    line("id", quoted_string(c.id));
    line("transit_days", dist(c.transit_days));
    capacity("capacity_units_per_day", c.capacity_units_per_day);
    line("cost_per_shipment", num(c.cost_per_shipment));
    line("cost_per_unit", num(c.cost_per_unit));
    line("loss_probability", num(c.loss_probability));
  }

  const auto id_of = [](const auto& list, std::size_t i) {
    return i < list.size() ? list[i].id : std::string("?");
  };
  for (const Sku& sku : s.skus) {
    out += "\n[[skus]]\n";
    line("id", quoted_string(sku.id));
    line("unit_cost", num(sku.unit_cost));
    line("price", num(sku.price));
    line("supplier", quoted_string(id_of(s.suppliers, sku.supplier)));
    line("carrier", quoted_string(id_of(s.carriers, sku.carrier)));
    line("critical", sku.critical ? "true" : "false");
    line("shelf_life_days", num(sku.shelf_life_days));
    line("initial_on_hand",
         sku.initial_on_hand ? fmt::format("{}", *sku.initial_on_hand) : quoted_string("policy"));
    if (sku.holding_cost_per_unit_day) {
      line("holding_cost_per_unit_day", num(*sku.holding_cost_per_unit_day));
    }
    const Demand& d = sku.demand;
    if (d.is_trace()) {
      line("demand", fmt::format("{{ trace = {}, column = {}, noise = {} }}",
                                 quoted_string(d.trace_file), quoted_string(d.trace_column),
                                 quoted_string(d.trace_poisson_noise ? "poisson" : "none")));
    } else {
      line("demand",
           fmt::format("{{ orders_per_day = {}, order_size = {}, weekly = {}, annual_amplitude = "
                       "{}, annual_peak_day = {}, trend_per_year = {} }}",
                       num(d.orders_per_day), dist(d.order_size),
                       list({d.weekly.begin(), d.weekly.end()}), num(d.annual_amplitude),
                       num(d.annual_peak_day), num(d.trend_per_year)));
    }
  }

  for (const PolicySpec& p : s.policies) {
    out += "\n[[policies]]\n";
    line("name", quoted_string(p.name));
    line("kind", quoted_string(to_string(p.kind)));
    for (const std::string& item : params(p.params)) out += item + "\n";
    if (p.kind == PolicyKind::hybrid) {
      std::vector<std::string> c{fmt::format("flagged = {}", p.critical.flagged)};
      if (p.critical.top_revenue_share) {
        c.push_back(fmt::format("top_revenue_share = {}", num(*p.critical.top_revenue_share)));
      }
      if (p.critical.lead_time_cv_above) {
        c.push_back(fmt::format("lead_time_cv_above = {}", num(*p.critical.lead_time_cv_above)));
      }
      line("critical", inline_table(c));
      if (auto cp = params(p.critical_policy); !cp.empty())
        line("critical_policy", inline_table(cp));
      if (auto op = params(p.other_policy); !op.empty()) line("other_policy", inline_table(op));
    }
    if (!p.per_sku.empty()) {
      std::vector<std::string> items;
      for (const SkuOverride& o : p.per_sku) {
        items.push_back(
            fmt::format("{} = {}", key(id_of(s.skus, o.sku)), inline_table(params(o.params))));
      }
      line("per_sku", inline_table(items));
    }
  }

  for (const Shock& sh : s.shocks) {
    out += "\n[[shocks]]\n";
    line("id", quoted_string(sh.id));
    line("kind", quoted_string(to_string(sh.kind)));
    if (sh.target) {
      switch (sh.target_kind) {
        case ShockTarget::supplier:
          line("supplier", quoted_string(id_of(s.suppliers, *sh.target)));
          break;
        case ShockTarget::carrier:
          line("carrier", quoted_string(id_of(s.carriers, *sh.target)));
          break;
        case ShockTarget::sku:
          line("sku", quoted_string(id_of(s.skus, *sh.target)));
          break;
        case ShockTarget::warehouse:
          break;
      }
    } else if (sh.target_kind != ShockTarget::warehouse) {
      out += fmt::format("# target: every {}\n", to_string(sh.target_kind));
    }
    if (sh.start_day) line("start_day", num(*sh.start_day));
    if (sh.rate_per_year) {
      line("occurrence", fmt::format("{{ rate_per_year = {} }}", num(*sh.rate_per_year)));
    }
    line("duration_days", dist(sh.duration_days));
    switch (sh.kind) {
      case ShockKind::shipping_delay:
        line("delay_factor", num(sh.delay_factor));
        line("extra_days", num(sh.extra_days));
        line("in_transit", sh.in_transit ? "true" : "false");
        break;
      case ShockKind::port_closure:
        break;
      case ShockKind::supplier_shutdown:
        line("recovery_days", num(sh.recovery_days));
        break;
      case ShockKind::capacity_cut:
        line("factor", num(sh.factor));
        break;
      case ShockKind::quality_failure:
        line("defect_rate", num(sh.defect_rate));
        break;
      case ShockKind::demand_spike:
        line("multiplier", num(sh.multiplier));
        line("shape", quoted_string(to_string(sh.shape)));
        break;
      case ShockKind::receiving_slowdown:
        line("factor", num(sh.factor));
        line("capacity_factor", num(sh.capacity_factor));
        break;
      case ShockKind::shipment_loss:
        line("loss_probability", num(sh.loss_probability));
        break;
    }
  }

  if (s.sweep.size() == 1) {
    out += "\n[sweep]\n";
    line("parameter", quoted_string(s.sweep[0].parameter));
    line("values", list(s.sweep[0].values));
  } else {
    for (const SweepAxis& a : s.sweep) {
      out += "\n[[sweep]]\n";
      line("parameter", quoted_string(a.parameter));
      line("values", list(a.values));
    }
  }
  return out;
}

}  // namespace jitsim::models
