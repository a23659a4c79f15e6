// File: models/io/scenario_build.cpp
// Tree -> Scenario: [scenario], [costs], [warehouse], suppliers, carriers, SKUs, demand and
// demand traces.
#include "models/io/scenario_loading.h"

#include <algorithm>
#include <cmath>

namespace jitsim::models::loading {

void Loader::build_scenario_info(const Node& root, Scenario& s) {
  run_days_ = 0;
  const Node* t = root.find("scenario");
  if (!t) {
    error(root.loc, "missing required table [scenario] (with at least horizon_days)");
    return;
  }
  if (!expect_table(*t, "scenario")) return;
  const std::string path = "scenario";
  check_keys(*t, path, keys_of("scenario"));
  ScenarioInfo& info = s.scenario;
  if (const Node* n = t->find("name")) {
    if (auto v = string(*n, "scenario.name")) info.name = *v;
  }
  const Node* horizon = t->find("horizon_days");
  if (!horizon) missing(*t, path, "horizon_days", " (the measured period, in days)");
  read(*t, path, spec("scenario", "horizon_days"), info.horizon_days);
  read(*t, path, spec("scenario", "warmup_days"), info.warmup_days);
  if (info.horizon_days + info.warmup_days > max_total_days) {
    const Node* at = t->find("warmup_days") ? t->find("warmup_days") : horizon;
    error(at ? at->loc : t->loc,
          fmt::format("scenario: warmup_days + horizon_days = {} exceeds the limit of 1000000 days",
                      info.horizon_days + info.warmup_days));
  } else if (info.horizon_days > 0) {
    run_days_ = info.horizon_days + info.warmup_days;
  }
  read(*t, path, spec("scenario", "seed"), info.seed);
  read(*t, path, spec("scenario", "replications"), info.replications);
}

void Loader::build_costs(const Node& root, Scenario& s) {
  const Node* t = root.find("costs");
  if (!t || !expect_table(*t, "costs")) return;
  const std::string path = "costs";
  check_keys(*t, path, keys_of("costs"));
  Costs& c = s.costs;
  read(*t, path, spec("costs", "holding_rate_per_year"), c.holding_rate_per_year);
  read(*t, path, spec("costs", "order_cost"), c.order_cost);
  read(*t, path, spec("costs", "backorder_cost_per_unit"), c.backorder_cost_per_unit);
  read(*t, path, spec("costs", "backorder_cost_per_unit_day"), c.backorder_cost_per_unit_day);
  read(*t, path, spec("costs", "lost_sale_penalty"), c.lost_sale_penalty);
  read(*t, path, spec("costs", "pipeline_holding"), c.pipeline_holding);
}

void Loader::build_finance(const Node& root, Scenario& s) {
  const Node* t = root.find("finance");
  if (!t || !expect_table(*t, "finance")) return;
  const std::string path = "finance";
  check_keys(*t, path, keys_of("finance"));
  Finance& f = s.finance;
  read(*t, path, spec("finance", "supplier_payment_days"), f.supplier_payment_days);
  read(*t, path, spec("finance", "customer_payment_days"), f.customer_payment_days);
  read(*t, path, spec("finance", "cost_of_capital_per_year"), f.cost_of_capital_per_year);
}

// A site's `fees` table: its keys replace those of the fees the site starts from.
void Loader::read_fees(const Node& t, const std::string& path, Fees& f) {
  if (!expect_table(t, path)) return;
  check_keys(t, path, keys_of("warehouse.fees"));
  read(t, path, spec("warehouse.fees", "receiving_per_unit"), f.receiving_per_unit);
  read(t, path, spec("warehouse.fees", "storage_per_unit_day"), f.storage_per_unit_day);
  read(t, path, spec("warehouse.fees", "storage_per_pallet_day"), f.storage_per_pallet_day);
  read(t, path, spec("warehouse.fees", "pick_per_order"), f.pick_per_order);
  read(t, path, spec("warehouse.fees", "pick_per_unit"), f.pick_per_unit);
  read(t, path, spec("warehouse.fees", "kitting_per_unit"), f.kitting_per_unit);
  read(t, path, spec("warehouse.fees", "monthly_minimum"), f.monthly_minimum);
}

// An `outbound` table: its keys replace those of the outbound it starts from.
void Loader::read_outbound(const Node& t, const std::string& path, Outbound& o) {
  if (!expect_table(t, path)) return;
  check_keys(t, path, keys_of("warehouse.outbound"));
  read(t, path, spec("warehouse.outbound", "cost_per_order"), o.cost_per_order);
  read(t, path, spec("warehouse.outbound", "cost_per_unit"), o.cost_per_unit);
  read(t, path, spec("warehouse.outbound", "delivery_days"), o.delivery_days);
  read(t, path, spec("warehouse.outbound", "promise_days"), o.promise_days);
}

// Pallet storage fees count each SKU's pallets, so every SKU that can be on hand needs its
// units_per_pallet (an on_order kit never is).
void Loader::check_pallet_fees(const Node& root, const Scenario& s) {
  if (error_count() > 0) return;  // the tables may be malformed: their errors are out already
  const auto check = [&](const Node* table, const std::string& path, const Warehouse& w) {
    if (!(w.fees.storage_per_pallet_day > 0)) return;
    for (const Sku& sku : s.skus) {
      if (sku.units_per_pallet || sku.kit_on_order()) continue;
      const Node* fees = table ? table->find("fees") : nullptr;
      const Node* at = fees ? fees->find("storage_per_pallet_day") : nullptr;
      error(at ? at->loc : (table ? table->loc : root.loc),
            fmt::format("{}: storage_per_pallet_day needs units_per_pallet on every SKU; SKU {} "
                        "has none (add units_per_pallet = N to it)",
                        join(path, "fees.storage_per_pallet_day"), sku.id));
      return;
    }
  };
  if (s.sites.empty()) {
    check(root.find("warehouse"), "warehouse", s.warehouse);
    return;
  }
  const auto list = entries(root, "sites", limits::max_sites);
  for (std::size_t i = 0; i < s.sites.size() && i < list.size(); ++i) {
    const Node* own = list[i]->find("fees");
    const bool inherited = !(own && own->find("storage_per_pallet_day"));
    check(inherited ? root.find("warehouse") : list[i],
          inherited ? std::string("warehouse") : entry_path("sites", *list[i], i, "id"),
          s.sites[i].warehouse);
  }
}

void Loader::build_customers(const Node& root, Scenario& s) {
  const Node* t = root.find("customers");
  if (!t || !expect_table(*t, "customers")) return;
  const std::string path = "customers";
  check_keys(*t, path, keys_of("customers"));
  Customers& c = s.customers;
  read(*t, path, spec("customers", "churn_per_short_order"), c.churn_per_short_order);
  read(*t, path, spec("customers", "churn_recovery_days"), c.churn_recovery_days);
}

// An entity's required, non-empty `id`.
void Loader::read_id(const Node& t, const std::string& path, std::string& id) {
  if (const Node* n = t.find("id")) {
    if (auto v = string(*n, join(path, "id"))) {
      if (v->empty()) error(n->loc, fmt::format("{}: expected a non-empty id", join(path, "id")));
      id = *v;
    }
  } else {
    missing(t, path, "id");
  }
}

void Loader::build_warehouse(const Node& root, Scenario& s) {
  const Node* t = root.find("warehouse");
  if (!t || !expect_table(*t, "warehouse")) return;
  check_keys(*t, "warehouse", keys_of("warehouse"));
  read_warehouse(*t, "warehouse", s.warehouse);
}

// The [warehouse] keys of table `t` (the [warehouse] table, or a site over its values).
void Loader::read_warehouse(const Node& t, const std::string& path, Warehouse& w) {
  if (const Node* n = t.find("unmet_demand")) {
    if (auto v = choice<UnmetDemand>(*n, join(path, "unmet_demand"),
                                     spec("warehouse", "unmet_demand"))) {
      w.unmet_demand = *v;
      if (*v == UnmetDemand::patience && !t.find("patience_days") && !(w.patience_days > 0)) {
        error(n->loc, fmt::format("{}: \"patience\" needs patience_days (how long "
                                  "customers wait for the rest of their order)",
                                  join(path, "unmet_demand")));
      }
    }
  }
  read(t, path, spec("warehouse", "patience_days"), w.patience_days);
  if (const Node* n = t.find("patience_days")) {
    within_run(*n, join(path, "patience_days"), w.patience_days);
  }
  read(t, path, spec("warehouse", "dock_to_stock_days"), w.dock_to_stock_days);
  read(t, path, spec("warehouse", "receiving_capacity_units_per_day"),
       w.receiving_capacity_units_per_day);
  read(t, path, spec("warehouse", "pickers"), w.pickers);
  read(t, path, spec("warehouse", "pick_time_days"), w.pick_time_days);
  read(t, path, spec("warehouse", "storage_capacity_units"), w.storage_capacity_units);
  read(t, path, spec("warehouse", "overflow_cost_per_unit_day"), w.overflow_cost_per_unit_day);
  read(t, path, spec("warehouse", "assembly_capacity_units_per_day"),
       w.assembly_capacity_units_per_day);
  if (const Node* n = t.find("fees")) read_fees(*n, join(path, "fees"), w.fees);
  if (const Node* n = t.find("outbound")) {
    Outbound o = w.outbound.value_or(Outbound{});
    read_outbound(*n, join(path, "outbound"), o);
    w.outbound = o;
  }
}

void Loader::build_suppliers(const Node& root, Scenario& s) {
  const auto list = entries(root, "suppliers", max_entities);
  if (list.empty() && !root.find("suppliers")) {
    error(root.loc, "missing required [[suppliers]]: at least one supplier is needed");
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Node& t = *list[i];
    const std::string path = entry_path("suppliers", t, i, "id");
    check_keys(t, path, keys_of("suppliers[]"));
    Supplier sup;
    read_id(t, path, sup.id);
    if (const Node* lt = t.find("lead_time_days")) {
      if (auto d = distribution(*lt, join(path, "lead_time_days"))) sup.lead_time_days = *d;
    } else {
      missing(t, path, "lead_time_days", " (order -> goods handed to the carrier)");
    }
    read(t, path, spec("suppliers[]", "capacity_units_per_day"), sup.capacity_units_per_day);
    read(t, path, spec("suppliers[]", "defect_rate"), sup.defect_rate);
    read(t, path, spec("suppliers[]", "min_order_qty"), sup.min_order_qty);
    read(t, path, spec("suppliers[]", "order_multiple"), sup.order_multiple);
    read(t, path, spec("suppliers[]", "unit_cost_multiplier"), sup.unit_cost_multiplier);
    register_id(sup.id, s.suppliers.size(), supplier_ids_, supplier_names_);
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
    check_keys(t, path, keys_of("carriers[]"));
    Carrier car;
    read_id(t, path, car.id);
    if (const Node* tr = t.find("transit_days")) {
      if (auto d = distribution(*tr, join(path, "transit_days"))) car.transit_days = *d;
    } else {
      missing(t, path, "transit_days");
    }
    read(t, path, spec("carriers[]", "capacity_units_per_day"), car.capacity_units_per_day);
    read(t, path, spec("carriers[]", "cost_per_shipment"), car.cost_per_shipment);
    read(t, path, spec("carriers[]", "cost_per_unit"), car.cost_per_unit);
    read(t, path, spec("carriers[]", "loss_probability"), car.loss_probability);
    register_id(car.id, s.carriers.size(), carrier_ids_, carrier_names_);
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
    check_keys(t, path, keys_of("skus[]"));
    Sku sku;
    read_id(t, path, sku.id);
    if (!t.find("unit_cost")) missing(t, path, "unit_cost");
    read(t, path, spec("skus[]", "unit_cost"), sku.unit_cost);
    if (!t.find("price")) missing(t, path, "price");
    read(t, path, spec("skus[]", "price"), sku.price);
    if (const Node* n = t.find("supplier")) {
      if (auto v =
              reference(*n, join(path, "supplier"), "supplier", supplier_ids_, supplier_names_)) {
        sku.supplier = *v;
      }
    } else if (s.sites.empty() && !t.find("bom")) {  // a kit is made at the site
      missing(t, path, "supplier", " (or [[sites]] and [[lanes]])");
    }
    if (const Node* n = t.find("carrier")) {
      if (auto v = reference(*n, join(path, "carrier"), "carrier", carrier_ids_, carrier_names_)) {
        sku.carrier = *v;
      }
    } else if (s.sites.empty() && !t.find("bom")) {
      missing(t, path, "carrier", " (or [[sites]] and [[lanes]])");
    }
    read_demand_sites(t, path, sku);
    read(t, path, spec("skus[]", "critical"), sku.critical);
    read(t, path, spec("skus[]", "shelf_life_days"), sku.shelf_life_days);
    if (const Node* n = t.find("initial_on_hand")) {
      if (n->is_string()) {
        if (n->text != spec("skus[]", "initial_on_hand").choices[0]) {
          error(n->loc, fmt::format("{}: expected \"policy\" or a whole number >= 0, found {}",
                                    join(path, "initial_on_hand"), describe(*n)));
        }
      } else if (auto v = whole(*n, join(path, "initial_on_hand"),
                                spec("skus[]", "initial_on_hand").range)) {
        sku.initial_on_hand = *v;
      }
    }
    read(t, path, spec("skus[]", "holding_cost_per_unit_day"), sku.holding_cost_per_unit_day);
    read(t, path, spec("skus[]", "units_per_pallet"), sku.units_per_pallet);
    if (const Node* n = t.find("outbound")) {
      Outbound o;
      read_outbound(*n, join(path, "outbound"), o);
      sku.outbound = o;
    }
    if (const Node* n = t.find("demand")) {
      build_demand(*n, join(path, "demand"), sku.id, sku.demand);
    } else {
      missing(t, path, "demand",
              " (demand = { orders_per_day = ... }, { trace = ... } or { orders_file = ... })");
    }
    const Node* price = t.find("price");
    if (price && t.find("unit_cost") && sku.price < sku.unit_cost) {
      warning(price->loc, fmt::format("{}: price {} is below unit_cost {} (sold at a loss: a "
                                      "loss leader?)",
                                      join(path, "price"), sku.price, sku.unit_cost));
    }
    register_id(sku.id, s.skus.size(), sku_ids_, sku_names_);
    s.skus.push_back(std::move(sku));
  }
  require_some(root, "skus", list.size());
  // Components may be listed after their kit: the BOMs are read once every id is known.
  for (std::size_t i = 0; i < list.size() && i < s.skus.size(); ++i) {
    read_kit(*list[i], entry_path("skus", *list[i], i, "id"), s, i);
  }
}

void Loader::build_demand(const Node& n, const std::string& path, const std::string& sku_id,
                          Demand& d) {
  if (!expect_table(n, path)) return;
  const Keys& poisson_demand_keys = keys_of("skus[].demand");
  const Keys& trace_demand_keys = keys_of("skus[].demand(trace)");
  const Keys& order_demand_keys = keys_of("skus[].demand(orders)");
  Keys all = poisson_demand_keys;
  all.insert(all.end(), trace_demand_keys.begin(), trace_demand_keys.end());
  all.insert(all.end(), order_demand_keys.begin(), order_demand_keys.end());
  const auto in = [](const Keys& keys, const std::string& k) {
    return std::find(keys.begin(), keys.end(), k) != keys.end();
  };
  if (const Node* file = n.find("orders_file")) {
    for (std::size_t i = 0; i < n.keys.size(); ++i) {
      const std::string& k = n.keys[i];
      if (in(poisson_demand_keys, k) || in(trace_demand_keys, k)) {
        error(n.key_locs[i], fmt::format("{}: not used with an order log (an order-log demand "
                                         "takes only orders_file, sku, resample, columns)",
                                         join(path, k)));
      } else if (!in(order_demand_keys, k)) {
        error(n.key_locs[i],
              fmt::format("{}: unknown key{}", join(path, k), did_you_mean_suffix(k, all)));
      }
    }
    load_orders(n, *file, path, sku_id, d);
    return;
  }
  for (std::size_t i = 0; i < n.keys.size(); ++i) {
    const std::string& k = n.keys[i];
    if (in(order_demand_keys, k)) {
      error(n.key_locs[i],
            fmt::format("{}: used only with orders_file = \"orders.csv\"", join(path, k)));
    }
  }
  if (const Node* trace = n.find("trace")) {
    for (std::size_t i = 0; i < n.keys.size(); ++i) {
      const std::string& k = n.keys[i];
      if (std::find(poisson_demand_keys.begin(), poisson_demand_keys.end(), k) !=
          poisson_demand_keys.end()) {
        error(n.key_locs[i], fmt::format("{}: not used with a trace (a trace demand takes only "
                                         "trace, column, noise)",
                                         join(path, k)));
      } else if (!in(trace_demand_keys, k) && !in(order_demand_keys, k)) {
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
    } else if (!in(poisson_demand_keys, k) && !in(order_demand_keys, k)) {
      error(n.key_locs[i],
            fmt::format("{}: unknown key{}", join(path, k), did_you_mean_suffix(k, all)));
    }
  }
  if (!n.find("orders_per_day")) {
    missing(n, path, "orders_per_day", " (or trace = \"file.csv\")");
  }
  read(n, path, spec("skus[].demand", "orders_per_day"), d.orders_per_day);
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
    if (auto v = number_list(*w, join(path, "weekly"), spec("skus[].demand", "weekly").range)) {
      if (v->size() != 7) {
        error(w->loc, fmt::format("{}: expected 7 factors (one per weekday), found {}",
                                  join(path, "weekly"), v->size()));
      } else {
        std::copy(v->begin(), v->end(), d.weekly.begin());
      }
    }
  }
  read(n, path, spec("skus[].demand", "annual_amplitude"), d.annual_amplitude);
  read(n, path, spec("skus[].demand", "annual_peak_day"), d.annual_peak_day);
  read(n, path, spec("skus[].demand", "trend_per_year"), d.trend_per_year);
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
    if (auto v = choice<bool>(*noise, join(path, "noise"), spec("skus[].demand(trace)", "noise"))) {
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

}  // namespace jitsim::models::loading
