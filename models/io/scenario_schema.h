// -----------------------------------------------------------------------------
// File: models/io/scenario_schema.h
// -----------------------------------------------------------------------------
// The scenario file's keys, each declared once: table, name, type, unit, default, limits,
// choices and one docs line. It drives the loader's unknown-key checks and did-you-mean, its
// plain range checks (special cross-key rules stay in the loader), the order of the resolved
// TOML, the skus_file columns, scenarios/README.md's key tables and the fuzz dictionary
// (tests/models/io/schema_test.cpp checks both). Internal to models/io.
#pragma once

#include <array>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "models/io/limits.h"
#include "models/io/scenario_tree.h"
#include "models/model/scenario.h"

namespace jitsim::models::loading {

using Keys = std::vector<std::string_view>;
using Names = std::span<const std::string_view>;

enum class Type {
  number,        // a finite number within `range`
  whole,         // a whole number within `range` (and the `choices`, if any, as strings)
  boolean,       // true / false
  string,        // any string
  id,            // a non-empty string, unique within its list
  reference,     // the id of an entity of another list
  path,          // a file path, relative to the file naming it
  choice,        // one of `choices`
  distribution,  // a number or a { dist = ... } table (see table "distribution")
  list,          // an array of numbers within `range`
  values,        // an array of numbers, of strings or of booleans (one type): [sweep]'s values
  table,         // a table of other keys
};

// Kinds a policy parameter belongs to (a hybrid takes the jit and the jic ones).
enum : unsigned {
  k_jit = 1,
  k_jic = 2,
  k_base = 4,
  k_rq = 8,
  k_ss = 16,
  k_periodic = 32,
  k_hybrid = 64  // keys of the hybrid kind itself (critical, critical_policy, other_policy)
};
// Shock kinds taking a key: one bit per ShockKind.
constexpr unsigned bit(ShockKind k) {
  return 1U << static_cast<unsigned>(k);
}
inline constexpr unsigned s_delay = bit(ShockKind::shipping_delay);
inline constexpr unsigned s_port = bit(ShockKind::port_closure);
inline constexpr unsigned s_shutdown = bit(ShockKind::supplier_shutdown);
inline constexpr unsigned s_cut = bit(ShockKind::capacity_cut);
inline constexpr unsigned s_quality = bit(ShockKind::quality_failure);
inline constexpr unsigned s_spike = bit(ShockKind::demand_spike);
inline constexpr unsigned s_receiving = bit(ShockKind::receiving_slowdown);
inline constexpr unsigned s_loss = bit(ShockKind::shipment_loss);
inline constexpr unsigned s_outage = bit(ShockKind::site_outage);

// Choice names, in the order of their enum (schema_test checks them against to_string).
inline constexpr std::string_view unmet_demand_names[] = {"backorder", "lost_sales", "patience"};
inline constexpr std::string_view noise_names[] = {"none", "poisson"};  // false, true
inline constexpr std::string_view on_hand_names[] = {"policy"};
inline constexpr std::string_view dist_names[] = {
    "fixed", "exponential", "uniform", "normal", "lognormal", "gamma", "poisson", "empirical"};
inline constexpr std::string_view policy_kind_names[] = {"jit", "jic", "hybrid",  "base_stock",
                                                         "rq",  "ss",  "periodic"};
inline constexpr std::string_view batch_names[] = {"daily", "none"};
inline constexpr std::string_view forecast_names[] = {"moving_average", "exp_smoothing", "plan"};
inline constexpr std::string_view order_quantity_names[] = {"up_to", "eoq"};
inline constexpr std::string_view shock_kind_names[] = {
    "shipping_delay", "port_closure",       "supplier_shutdown", "capacity_cut", "quality_failure",
    "demand_spike",   "receiving_slowdown", "shipment_loss",     "site_outage"};
inline constexpr std::string_view shape_names[] = {"step", "ramp", "viral"};
inline constexpr std::string_view sourcing_names[] = {"first", "backup", "split"};
inline constexpr std::string_view allocation_names[] = {"fifo", "priority"};
inline constexpr std::string_view position_names[] = {"installation", "echelon"};
inline constexpr std::string_view assembly_names[] = {"on_order", "to_stock"};
inline constexpr std::string_view resample_names[] = {"none", "days"};

struct KeySpec {
  std::string_view table;  // "costs", "suppliers[]", "skus[].demand", "policies[].params", ...
  std::string_view name;
  Type type;
  std::string_view unit;
  std::string_view default_value;  // as the resolved TOML writes it; "required", "none", ...
  Range range;                     // number, whole, list: the allowed values
  Names choices;                   // choice (and whole numbers that also take words)
  unsigned kinds;                  // policy (k_*) or shock (s_*) kinds taking it; 0: all
  std::string_view note;           // a rule beyond the range (cross-key), for the docs
  std::string_view doc;
};

// Limits, as the tables read them.
constexpr Range ge(double lo) {
  return {.lo = lo};
}
constexpr Range gt(double lo) {
  return {.lo = lo, .lo_open = true};
}
constexpr Range in(double lo, double hi) {
  return {.lo = lo, .hi = hi};
}
inline constexpr Range r_any{};
inline constexpr Range r_fraction = in(0, 1);
inline constexpr Range r_units = in(0, limits::max_units);
inline constexpr Range r_positive_units = {.lo = 0, .hi = limits::max_units, .lo_open = true};
inline constexpr Range r_whole_units = in(1, limits::max_units);
inline constexpr Range r_level_days = in(0, limits::max_total_days);

using Ty = Type;
// clang-format off
inline constexpr KeySpec schema[] = {
// table, name, type, unit, default, limits, choices, kinds, note, docs line
{"", "extends", Ty::path, "", "none", r_any, {}, 0, "", "start from this file, relative to the file naming it"},
{"", "skus_file", Ty::path, "", "none", r_any, {}, 0, "", "CSV with one SKU per row, relative to the file naming it"},
{"", "scenario", Ty::table, "", "required", r_any, {}, 0, "", "run length, seed, replications"},
{"", "costs", Ty::table, "", "none", r_any, {}, 0, "", "cost rates"},
{"", "warehouse", Ty::table, "", "none", r_any, {}, 0, "", "receiving, picking, storage, unmet demand"},
{"", "finance", Ty::table, "", "none", r_any, {}, 0, "", "payment terms and cost of capital (working capital metrics)"},
{"", "sites", Ty::table, "", "none", r_any, {}, 0, "array of tables", "[[sites]]: stocking locations of a network (none: the single site [warehouse])"},
{"", "lanes", Ty::table, "", "none", r_any, {}, 0, "array of tables; with sites", "[[lanes]]: replenishment paths into sites"},
{"", "suppliers", Ty::table, "", "required", r_any, {}, 0, "array of tables", "[[suppliers]]: at least one"},
{"", "carriers", Ty::table, "", "required", r_any, {}, 0, "array of tables", "[[carriers]]: at least one"},
{"", "skus", Ty::table, "", "required", r_any, {}, 0, "array of tables", "[[skus]]: at least one, here or in skus_file"},
{"", "policies", Ty::table, "", "required", r_any, {}, 0, "array of tables", "[[policies]]: at least one"},
{"", "shocks", Ty::table, "", "none", r_any, {}, 0, "array of tables", "[[shocks]]: disruptions"},
{"", "sweep", Ty::table, "", "none", r_any, {}, 0, "or an array of tables", "parameter values to sweep"},
{"", "customers", Ty::table, "", "none", r_any, {}, 0, "", "customers' lost trust after stock-outs (churn)"},

{"scenario", "name", Ty::string, "", "\"\"", r_any, {}, 0, "", "label in outputs"},
{"scenario", "horizon_days", Ty::number, "days", "required", gt(0), {}, 0, "", "measured period, days [0, horizon)"},
{"scenario", "warmup_days", Ty::number, "days", "0", ge(0), {}, 0, "", "simulated before day 0, not measured"},
{"scenario", "seed", Ty::whole, "", "1", ge(0), {}, 0, "", "master seed of every random stream"},
{"scenario", "replications", Ty::whole, "", "30", in(1, limits::max_replications), {}, 0, "", "Monte Carlo replications per policy"},

{"costs", "holding_rate_per_year", Ty::number, "fraction of unit cost per unit-year", "0.25", ge(0), {}, 0, "", "capital, rent, insurance, obsolescence; a SKU may give `holding_cost_per_unit_day` instead"},
{"costs", "order_cost", Ty::number, "money per order", "0", ge(0), {}, 0, "", "fixed cost per purchase order"},
{"costs", "backorder_cost_per_unit", Ty::number, "money per unit", "0", ge(0), {}, 0, "", "once, per unit that goes into backlog"},
{"costs", "backorder_cost_per_unit_day", Ty::number, "money per unit-day", "0", ge(0), {}, 0, "", "per unit-day of backlog"},
{"costs", "lost_sale_penalty", Ty::number, "money per unit", "0", ge(0), {}, 0, "", "per lost unit, on top of the lost margin"},
{"costs", "pipeline_holding", Ty::boolean, "", "false", r_any, {}, 0, "", "also charge holding on units ordered and not yet sellable"},

{"warehouse", "unmet_demand", Ty::choice, "", "\"backorder\"", r_any, unmet_demand_names, 0, "", "what happens to demand that finds no stock"},
{"warehouse", "patience_days", Ty::number, "days", "0", ge(0), {}, 0, "<= warmup + horizon; required with \"patience\"", "how long customers wait for the rest of their order, then cancel it (lost)"},
{"warehouse", "dock_to_stock_days", Ty::distribution, "days", "0", r_any, {}, 0, "", "receiving: arrival -> sellable"},
{"warehouse", "receiving_capacity_units_per_day", Ty::number, "units/day", "unlimited", r_positive_units, {}, 0, "", "units received per day, FIFO"},
{"warehouse", "pickers", Ty::whole, "servers", "unlimited", ge(1), {}, 0, "", "pick/pack servers; unlimited = picking takes no time"},
{"warehouse", "pick_time_days", Ty::distribution, "days per customer order", "0", r_any, {}, 0, "", "time one picker spends on one order"},
{"warehouse", "storage_capacity_units", Ty::number, "units", "unlimited", r_units, {}, 0, "", "above it, overflow cost applies"},
{"warehouse", "overflow_cost_per_unit_day", Ty::number, "money per unit-day", "0", ge(0), {}, 0, "", "for each unit above storage capacity"},
{"warehouse", "assembly_capacity_units_per_day", Ty::number, "units/day", "unlimited", r_positive_units, {}, 0, "", "kit units assembled per day, FIFO over the site's kits"},
{"warehouse", "fees", Ty::table, "", "none", r_any, {}, 0, "table `warehouse.fees`", "a 3PL's activity-based fees at the site (part of fulfilment_cost)"},
{"warehouse", "outbound", Ty::table, "", "none", r_any, {}, 0, "table `warehouse.outbound`", "the carrier to the customer's door and the delivery promise (outbound_cost, avg_delivery_days, otif)"},

{"warehouse.fees", "receiving_per_unit", Ty::number, "money per unit", "0", ge(0), {}, 0, "", "per unit received from a lane (rejected units too)"},
{"warehouse.fees", "storage_per_unit_day", Ty::number, "money per unit-day", "0", ge(0), {}, 0, "", "per unit-day on hand"},
{"warehouse.fees", "storage_per_pallet_day", Ty::number, "money per pallet-day", "0", ge(0), {}, 0, "every SKU stocked there needs `units_per_pallet`", "per pallet-day; a SKU takes ceil(on hand / units_per_pallet) pallets"},
{"warehouse.fees", "pick_per_order", Ty::number, "money per order", "0", ge(0), {}, 0, "", "per order shipped (customer orders, transfer orders)"},
{"warehouse.fees", "pick_per_unit", Ty::number, "money per unit", "0", ge(0), {}, 0, "", "per unit shipped (kit units, not their components)"},
{"warehouse.fees", "kitting_per_unit", Ty::number, "money per kit unit", "0", ge(0), {}, 0, "", "per kit unit assembled"},
{"warehouse.fees", "monthly_minimum", Ty::number, "money per 30 days", "0", ge(0), {}, 0, "", "billed per 30-day block of the measured period when its activity fees fall short (the last, shorter block pro rata)"},

{"warehouse.outbound", "cost_per_order", Ty::number, "money per order", "0", ge(0), {}, 0, "", "per customer order shipped (once: an order ships in one parcel)"},
{"warehouse.outbound", "cost_per_unit", Ty::number, "money per unit", "0", ge(0), {}, 0, "", "per unit shipped to customers"},
{"warehouse.outbound", "delivery_days", Ty::distribution, "days", "0", r_any, {}, 0, "", "shipped -> at the customer's door, drawn per order"},
{"warehouse.outbound", "promise_days", Ty::number, "days", "none", ge(0), {}, 0, "none: its orders count in no otif", "order -> door within this counts as on time (otif)"},

{"finance", "supplier_payment_days", Ty::number, "days", "30", in(0, limits::max_total_days), {}, 0, "", "suppliers are paid this long after their goods are received"},
{"finance", "customer_payment_days", Ty::number, "days", "0", in(0, limits::max_total_days), {}, 0, "", "customers pay this long after their order ships (marketplaces: 14)"},
{"finance", "cost_of_capital_per_year", Ty::number, "fraction per year", "0.1", ge(0), {}, 0, "", "prices the working capital in financing_cost (not part of total_cost)"},

{"sites[]", "id", Ty::id, "", "required", r_any, {}, 0, "", "referenced by lanes, SKUs, `per_site`, `sku@site` and shocks; a site also takes every [warehouse] key (default: [warehouse]'s value)"},
{"sites[]", "sourcing", Ty::choice, "", "\"first\"", r_any, sourcing_names, 0, "", "how a SKU's orders use its lanes: the lane of lowest priority, the first available, or split by shares"},
{"sites[]", "allocation", Ty::choice, "", "\"fifo\"", r_any, allocation_names, 0, "", "scarce stock among waiting customer and transfer orders: by arrival, or by requester priority"},
{"sites[]", "priority", Ty::whole, "", "0", in(-1e6, 1e6), {}, 0, "", "as a requester at an upstream site with priority allocation: lower first; customers 0"},

{"lanes[]", "id", Ty::id, "", "required", r_any, {}, 0, "", "names the lane in outputs and `expedite`"},
{"lanes[]", "from", Ty::reference, "", "required", r_any, {}, 0, "a supplier id or a site id", "where goods come from (a site: a transfer)"},
{"lanes[]", "to", Ty::reference, "", "required", r_any, {}, 0, "a site id", "the site replenished"},
{"lanes[]", "carrier", Ty::reference, "", "required", r_any, {}, 0, "a carrier id", "who ships"},
{"lanes[]", "skus", Ty::reference, "", "every SKU `to` stocks", r_any, {}, 0, "a list of SKU ids", "the SKUs it carries"},
{"lanes[]", "priority", Ty::whole, "", "1", in(-1e6, 1e6), {}, 0, "", "order of preference for \"first\" and \"backup\" (ties: file order)"},
{"lanes[]", "share", Ty::number, "", "1", ge(0), {}, 0, "", "its part of the units for \"split\" (shares are used in proportion to their sum)"},
{"lanes[]", "expedite", Ty::boolean, "", "false", r_any, {}, 0, "", "used only by a policy's `expedite` rule"},

{"suppliers[]", "id", Ty::id, "", "required", r_any, {}, 0, "", "referenced by SKUs and shocks"},
{"suppliers[]", "lead_time_days", Ty::distribution, "days", "required", r_any, {}, 0, "", "order released -> goods handed to the carrier"},
{"suppliers[]", "capacity_units_per_day", Ty::number, "units/day", "unlimited", r_positive_units, {}, 0, "", "orders released FIFO, whole orders, in daily buckets"},
{"suppliers[]", "defect_rate", Ty::number, "fraction", "0", r_fraction, {}, 0, "", "share of units rejected at receiving (scrapped)"},
{"suppliers[]", "min_order_qty", Ty::whole, "units", "1", r_whole_units, {}, 0, "", "orders are raised to at least this"},
{"suppliers[]", "order_multiple", Ty::whole, "units", "1", r_whole_units, {}, 0, "", "orders are rounded up to a multiple of this"},
{"suppliers[]", "unit_cost_multiplier", Ty::number, "", "1", ge(0), {}, 0, "", "price relative to a SKU's `unit_cost`"},

{"carriers[]", "id", Ty::id, "", "required", r_any, {}, 0, "", "referenced by SKUs and shocks"},
{"carriers[]", "transit_days", Ty::distribution, "days", "required", r_any, {}, 0, "", "hand-over -> arrival at the warehouse"},
{"carriers[]", "capacity_units_per_day", Ty::number, "units/day", "unlimited", r_positive_units, {}, 0, "", "units that may depart per day; the rest waits"},
{"carriers[]", "cost_per_shipment", Ty::number, "money", "0", ge(0), {}, 0, "", "per shipment (one supplier, one carrier, one day)"},
{"carriers[]", "cost_per_unit", Ty::number, "money per unit", "0", ge(0), {}, 0, "", "per unit shipped"},
{"carriers[]", "loss_probability", Ty::number, "probability", "0", r_fraction, {}, 0, "", "a whole shipment is lost"},

{"skus[]", "id", Ty::id, "", "required", r_any, {}, 0, "", "referenced by `per_sku`, shocks and `--set`"},
{"skus[]", "unit_cost", Ty::number, "money per unit", "required", ge(0), {}, 0, "", "purchase cost"},
{"skus[]", "price", Ty::number, "money per unit", "required", ge(0), {}, 0, "", "selling price; below `unit_cost` gives a warning (loss leader)"},
{"skus[]", "supplier", Ty::reference, "", "required without [[sites]]", r_any, {}, 0, "a supplier id", "who makes it (with sites: the lanes say)"},
{"skus[]", "carrier", Ty::reference, "", "required without [[sites]]", r_any, {}, 0, "a carrier id", "who ships it (with sites: the lanes say)"},
{"skus[]", "site", Ty::reference, "", "the first site", r_any, {}, 0, "a site id; not with demand_sites", "where its customers order"},
{"skus[]", "demand_sites", Ty::table, "", "none", r_any, {}, 0, "site ids -> shares > 0", "its customer orders split at random among these sites by share"},
{"skus[]", "critical", Ty::boolean, "", "false", r_any, {}, 0, "", "used by `hybrid` policies (`flagged`)"},
{"skus[]", "shelf_life_days", Ty::number, "days", "0", ge(0), {}, 0, "", "units expire FIFO this long after becoming sellable; 0 = never"},
{"skus[]", "initial_on_hand", Ty::whole, "units", "\"policy\"", in(0, limits::max_units), on_hand_names, 0, "", "stock at the start of the warm-up; `\"policy\"` = the policy's target"},
{"skus[]", "holding_cost_per_unit_day", Ty::number, "money per unit-day", "none", ge(0), {}, 0, "", "replaces `holding_rate_per_year` for this SKU"},
{"skus[]", "units_per_pallet", Ty::whole, "units", "none", r_whole_units, {}, 0, "", "for `storage_per_pallet_day` fees"},
{"skus[]", "outbound", Ty::table, "", "its site's", r_any, {}, 0, "the keys of table `warehouse.outbound`", "replaces its sites' outbound (keys not given: their defaults)"},
{"skus[]", "demand", Ty::table, "", "required", r_any, {}, 0, "", "one of the two forms below"},
{"skus[]", "bom", Ty::table, "", "none", r_any, {}, 0, "SKU ids (not kits, not itself) -> whole units >= 1", "makes it a kit of these components, assembled at its sites (no supplier, carrier or lane)"},
{"skus[]", "assembly", Ty::choice, "", "\"on_order\"", r_any, assembly_names, 0, "with `bom` only", "a kit: assembled as orders arrive (no stock), or to stock by its policy"},
{"skus[]", "assembly_days", Ty::distribution, "days per kit order", "0", r_any, {}, 0, "with `bom` only", "assembly time, drawn per kit order, after the site's assembly capacity"},

{"skus[].demand", "orders_per_day", Ty::number, "orders/day", "required", in(0, limits::max_orders_per_day), {}, 0, "", "base rate of customer orders"},
{"skus[].demand", "order_size", Ty::distribution, "units per order", "1", r_any, {}, 0, "reaching at most 1e12 (see [Limits](#limits))", "rounded to the nearest whole unit; 0 places no order"},
{"skus[].demand", "weekly", Ty::list, "factors", "[1, 1, 1, 1, 1, 1, 1]", ge(0), {}, 0, "exactly 7", "factor by weekday = floor(day) mod 7 (day 0 is weekday 0), used as given"},
{"skus[].demand", "annual_amplitude", Ty::number, "fraction", "0", r_fraction, {}, 0, "", "seasonality: x (1 + a cos(2 pi (day - peak) / 365))"},
{"skus[].demand", "annual_peak_day", Ty::number, "day", "0", r_any, {}, 0, "", "day of the seasonal peak"},
{"skus[].demand", "trend_per_year", Ty::number, "fraction per year", "0", gt(-1), {}, 0, "", "x (1 + trend)^(day / 365)"},

{"skus[].demand(trace)", "trace", Ty::path, "", "required", r_any, {}, 0, "", "CSV of daily quantities, relative to the file naming it"},
{"skus[].demand(trace)", "column", Ty::string, "", "the SKU's `id`", r_any, {}, 0, "a column of that CSV", "which column to replay"},
{"skus[].demand(trace)", "noise", Ty::choice, "", "\"none\"", r_any, noise_names, 0, "", "`\"poisson\"`: each day's quantity is Poisson with the trace value as mean"},

{"skus[].demand(orders)", "orders_file", Ty::path, "", "required", r_any, {}, 0, "", "CSV order log, one row per order, relative to the file naming it"},
{"skus[].demand(orders)", "sku", Ty::string, "", "the SKU's `id`", r_any, {}, 0, "a value of the log's SKU column", "whose rows this SKU replays"},
{"skus[].demand(orders)", "resample", Ty::choice, "", "\"none\"", r_any, resample_names, 0, "`\"days\"`: a log of at least 7 days", "`\"none\"`: exact replay; `\"days\"`: each day replays a log day of the same weekday drawn at random"},
{"skus[].demand(orders)", "columns", Ty::table, "", "the defaults below", r_any, {}, 0, "", "which CSV columns hold the time, SKU and quantity"},

{"skus[].demand(orders).columns", "time", Ty::string, "", "\"time\"", r_any, {}, 0, "a column of the log", "days from day 0, or an ISO date or date-time"},
{"skus[].demand(orders).columns", "sku", Ty::string, "", "\"sku\"", r_any, {}, 0, "a column of the log", "the SKU of the order"},
{"skus[].demand(orders).columns", "quantity", Ty::string, "", "\"quantity\"", r_any, {}, 0, "a column of the log", "units ordered, a whole number in [0, 1e12]"},

{"distribution", "dist", Ty::choice, "", "required", r_any, dist_names, 0, "", "the kind; a plain number is a fixed value"},
{"distribution", "value", Ty::number, "", "required", ge(0), {}, 0, "with fixed", "the value"},
{"distribution", "mean", Ty::number, "", "required", ge(0), {}, 0, "with exponential, poisson, normal, lognormal, gamma; > 0 for exponential, lognormal, gamma", "the mean (of the value itself, not of its log)"},
{"distribution", "sd", Ty::number, "", "required", ge(0), {}, 0, "with normal, lognormal, gamma", "the standard deviation"},
{"distribution", "min", Ty::number, "", "required", ge(0), {}, 0, "with uniform", "the lower bound"},
{"distribution", "max", Ty::number, "", "required", ge(0), {}, 0, "with uniform; >= min", "the upper bound"},
{"distribution", "values", Ty::list, "", "required", ge(0), {}, 0, "with empirical; at least one", "the values drawn from"},
{"distribution", "weights", Ty::list, "", "equal", ge(0), {}, 0, "with empirical; one per value, positive sum", "their relative weights"},

{"policies[]", "name", Ty::id, "", "required", r_any, {}, 0, "", "names the policy in outputs, `--set` and `sweep`"},
{"policies[]", "kind", Ty::choice, "", "required", r_any, policy_kind_names, 0, "", "the replenishment rule"},
{"policies[]", "per_sku", Ty::table, "", "none", r_any, {}, 0, "SKU ids or \"sku@site\" -> tables of parameters", "per-SKU (or per item-location) overrides with the keys of the policy's kind, or `kind` and that kind's keys"},
{"policies[]", "per_site", Ty::table, "", "none", r_any, {}, 0, "site ids -> tables of parameters", "overrides for every SKU of a site, as `per_sku`"},
{"policies[]", "critical", Ty::table, "", "{ flagged = true }", r_any, {}, k_hybrid, "", "which SKUs get the jic half (table `policies[].critical`)"},
{"policies[]", "critical_policy", Ty::table, "", "none", r_any, {}, k_hybrid, "jic parameters", "overrides for the jic half"},
{"policies[]", "other_policy", Ty::table, "", "none", r_any, {}, k_hybrid, "jit parameters", "overrides for the jit half"},

{"policies[].params", "safety_factor", Ty::number, "", "0.1", ge(0), {}, k_jit, "", "extra target above the lead-time demand, as a fraction"},
{"policies[].params", "buffer_days", Ty::number, "days of demand", "0", ge(0), {}, k_jit, "", "extra target in days of planned demand"},
{"policies[].params", "batch", Ty::choice, "", "\"daily\"", r_any, batch_names, k_jit, "", "signals sent once a day, or at once"},
{"policies[].params", "adapt", Ty::boolean, "", "false", r_any, {}, k_jit, "", "re-estimate mu daily from 28 days of observed demand"},
{"policies[].params", "service_level", Ty::number, "probability", "0.98", {.lo = 0, .hi = 1, .lo_open = true, .hi_open = true}, {}, k_jic, "", "target probability of no stock-out per cycle"},
{"policies[].params", "review_period_days", Ty::number, "days", "7", ge(limits::min_review_period_days), {}, k_jic | k_periodic, "", "time between reviews"},
{"policies[].params", "forecast", Ty::choice, "", "\"moving_average\"", r_any, forecast_names, k_jic, "", "how daily demand is forecast"},
{"policies[].params", "window_days", Ty::number, "days", "28", ge(1), {}, k_jic, "<= warmup + horizon; only with moving_average", "days of demand averaged"},
{"policies[].params", "alpha", Ty::number, "", "0.1", {.lo = 0, .hi = 1, .lo_open = true}, {}, k_jic, "only with exp_smoothing", "smoothing constant"},
{"policies[].params", "order_quantity", Ty::whole, "units", "jic: \"up_to\"; rq: required", r_whole_units, order_quantity_names, k_jic | k_rq | k_periodic, "words for jic, units for rq and periodic", "jic: order up to S or max(EOQ, S - IP); rq: the quantity Q; periodic: Q at every review while IP < S (no S: always; the TQ policy)"},
{"policies[].params", "order_quantity_days", Ty::number, "days of demand", "none", {.lo = 0, .hi = limits::max_total_days, .lo_open = true}, {}, k_rq | k_periodic, "not with order_quantity", "Q in days of planned demand"},
{"policies[].params", "level", Ty::whole, "units", "none", r_units, {}, k_base, "", "base-stock level S"},
{"policies[].params", "level_days", Ty::number, "days of demand", "none", r_level_days, {}, k_base, "not with level", "S in days of planned demand"},
{"policies[].params", "reorder_point", Ty::whole, "units", "none", r_units, {}, k_rq | k_ss, "", "order when the inventory position falls to it"},
{"policies[].params", "reorder_point_days", Ty::number, "days of demand", "none", r_level_days, {}, k_rq | k_ss, "not with reorder_point", "the reorder point in days of planned demand"},
{"policies[].params", "order_up_to", Ty::whole, "units", "none", r_units, {}, k_ss | k_periodic, "> reorder_point (ss, both in units)", "order-up-to level"},
{"policies[].params", "order_up_to_days", Ty::number, "days of demand", "none", r_level_days, {}, k_ss | k_periodic, "not with order_up_to", "the order-up-to level in days of planned demand"},

{"policies[].params", "position", Ty::choice, "", "\"installation\"", r_any, position_names, k_base | k_periodic, "", "the inventory position read: this item-location's, or its echelon's (plus every item-location downstream)"},
{"policies[].params", "expedite", Ty::table, "", "none", r_any, {}, k_jit | k_jic | k_base | k_rq | k_ss | k_periodic, "{ lane = an expedite lane's id, below_days = days }", "dual-index rule: top up the expedited position to ceil(mu x below_days) on that lane"},

{"policies[].critical", "flagged", Ty::boolean, "", "false", r_any, {}, 0, "", "SKUs with `critical = true`"},
{"policies[].critical", "top_revenue_share", Ty::number, "fraction", "none", {.lo = 0, .hi = 1, .lo_open = true}, {}, 0, "", "A items of an ABC ranking by planned revenue"},
{"policies[].critical", "lead_time_cv_above", Ty::number, "", "none", ge(0), {}, 0, "", "SKUs whose planned lead time has a larger coefficient of variation"},

{"shocks[]", "id", Ty::id, "", "required", r_any, {}, 0, "", "names the shock in `--set` and `sweep`"},
{"shocks[]", "kind", Ty::choice, "", "required", r_any, shock_kind_names, 0, "", "what happens"},
{"shocks[]", "supplier", Ty::reference, "", "every supplier", r_any, {}, s_shutdown | s_cut | s_quality, "a supplier id", "the supplier hit"},
{"shocks[]", "carrier", Ty::reference, "", "every carrier", r_any, {}, s_delay | s_port | s_cut | s_loss, "a carrier id", "the carrier hit"},
{"shocks[]", "sku", Ty::reference, "", "every SKU", r_any, {}, s_spike, "a SKU id", "the SKU hit"},
{"shocks[]", "site", Ty::reference, "", "every site", r_any, {}, s_receiving | s_outage, "a site id", "the site hit"},
{"shocks[]", "start_day", Ty::number, "day", "required", r_any, {}, 0, ">= -warmup_days; or occurrence", "day it starts"},
{"shocks[]", "occurrence", Ty::table, "", "none", r_any, {}, 0, "instead of start_day", "random starts (table `shocks[].occurrence`)"},
{"shocks[]", "duration_days", Ty::distribution, "days", "required", r_any, {}, 0, "mean <= warmup + horizon", "how long it lasts"},

{"shocks[].occurrence", "rate_per_year", Ty::number, "starts per year", "required", gt(0), {}, 0, "", "Poisson starts over the whole run"},

{"shocks[].params", "delay_factor", Ty::number, "", "1", gt(0), {}, s_delay, "", "transit time x factor"},
{"shocks[].params", "extra_days", Ty::number, "days", "0", ge(0), {}, s_delay, "", "days added to transit"},
{"shocks[].params", "in_transit", Ty::boolean, "", "true", r_any, {}, s_delay, "", "also delay shipments already under way"},
{"shocks[].params", "recovery_days", Ty::number, "days", "0", ge(0), {}, s_shutdown, "<= warmup + horizon", "capacity ramps back up over these days"},
{"shocks[].params", "factor", Ty::number, "", "1", ge(0), {}, s_cut | s_receiving, "", "capacity x factor; receiving: dock-to-stock x factor"},
{"shocks[].params", "capacity_factor", Ty::number, "", "1", ge(0), {}, s_receiving, "", "receiving capacity x factor"},
{"shocks[].params", "defect_rate", Ty::number, "fraction", "0", r_fraction, {}, s_quality, "", "share of units rejected at receiving"},
{"shocks[].params", "multiplier", Ty::number, "", "1", in(0, limits::max_demand_multiplier), {}, s_spike, "", "arrival rate x multiplier at the peak"},
{"shocks[].params", "shape", Ty::choice, "", "\"step\"", r_any, shape_names, s_spike, "", "how the multiplier rises and falls"},
{"shocks[].params", "loss_probability", Ty::number, "probability", "0", r_fraction, {}, s_loss, "", "a whole shipment is lost"},

{"customers", "churn_per_short_order", Ty::number, "fraction of the current rate", "0", r_fraction, {}, 0, "", "every customer order not filled complete at arrival lowers its item-location's demand rate by this fraction of the current rate; 0 = no churn"},
{"customers", "churn_recovery_days", Ty::number, "days", "90", gt(0), {}, 0, "", "the lost share returns exponentially with this time constant"},

{"sweep", "parameter", Ty::string, "", "required", r_any, {}, 0, "a key path as for `--set`", "the key swept"},
{"sweep", "values", Ty::values, "", "required", r_any, {}, 0, "at least one", "its values"},
};
// clang-format on

/// The declaration of a key, found at compile time (a name not in the schema does not compile).
consteval const KeySpec& spec(std::string_view table, std::string_view name) {
  for (const KeySpec& k : schema) {
    if (k.table == table && k.name == name) return k;
  }
  throw std::logic_error("no such key in the scenario schema");
}

/// The tables of the schema, in order of first appearance.
const std::vector<std::string_view>& schema_tables();
/// The key names of one table, in schema order.
const Keys& keys_of(std::string_view table);
/// The key names of one table taken by the kinds of `mask` (0: the keys of every kind).
Keys keys_of(std::string_view table, unsigned mask);
/// The declaration of a key, or nullptr.
const KeySpec* find_key(std::string_view table, std::string_view name);

unsigned kind_mask(PolicyKind k);
/// The kinds that take a parameter of `mask`, for messages.
std::string kinds_taking(unsigned mask);
/// Arrays of tables merged by identity across `extends`, and addressed by it in `--set`: the
/// identity key ("id", "name"), or nullptr for other keys.
const char* identity_key(std::string_view array);
std::string_view entity_word(std::string_view array);
/// Every key of every table (for "did you mean" across tables).
const std::set<std::string_view>& all_known_keys();

// Columns of a skus_file: the [[skus]] keys, nested ones flattened with dots (derived from the
// schema: skus[], then its demand forms, an order-size distribution's keys after it).
enum class CellType { string, value, boolean, list, on_hand };
struct SkuColumn {
  std::string name;
  CellType type;
};
const std::vector<SkuColumn>& sku_columns();

}  // namespace jitsim::models::loading
