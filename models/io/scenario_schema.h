// -----------------------------------------------------------------------------
// File: models/io/scenario_schema.h
// -----------------------------------------------------------------------------
// The scenario file's keys (internal to the loader): which keys each table allows, the policy
// parameters and the kinds that take them, the arrays addressed by id, the skus_file columns.
// Documented for analysts in scenarios/README.md.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "models/model/scenario.h"

namespace jitsim::models::loading {

using Keys = std::vector<std::string_view>;

inline const Keys root_keys = {"extends",   "skus_file", "scenario", "costs",
                               "warehouse", "suppliers", "carriers", "skus",
                               "policies",  "shocks",    "sweep"};
inline const Keys scenario_keys = {"name", "horizon_days", "warmup_days", "seed", "replications"};
inline const Keys costs_keys = {"holding_rate_per_year",   "order_cost",
                                "backorder_cost_per_unit", "backorder_cost_per_unit_day",
                                "lost_sale_penalty",       "pipeline_holding"};
inline const Keys warehouse_keys = {
    "unmet_demand", "patience_days",  "dock_to_stock_days",     "receiving_capacity_units_per_day",
    "pickers",      "pick_time_days", "storage_capacity_units", "overflow_cost_per_unit_day"};
inline const Keys supplier_keys = {"id",
                                   "lead_time_days",
                                   "capacity_units_per_day",
                                   "defect_rate",
                                   "min_order_qty",
                                   "order_multiple",
                                   "unit_cost_multiplier"};
inline const Keys carrier_keys = {"id",
                                  "transit_days",
                                  "capacity_units_per_day",
                                  "cost_per_shipment",
                                  "cost_per_unit",
                                  "loss_probability"};
inline const Keys sku_keys = {"id",
                              "unit_cost",
                              "price",
                              "supplier",
                              "carrier",
                              "critical",
                              "shelf_life_days",
                              "initial_on_hand",
                              "holding_cost_per_unit_day",
                              "demand"};
inline const Keys poisson_demand_keys = {"orders_per_day",   "order_size",      "weekly",
                                         "annual_amplitude", "annual_peak_day", "trend_per_year"};
inline const Keys trace_demand_keys = {"trace", "column", "noise"};
inline const Keys distribution_keys = {"dist", "value", "mean",   "sd",
                                       "min",  "max",   "values", "weights"};
inline const Keys policy_common_keys = {"name", "kind", "per_sku"};
inline const Keys hybrid_keys = {"critical", "critical_policy", "other_policy"};
inline const Keys critical_keys = {"flagged", "top_revenue_share", "lead_time_cv_above"};
inline const Keys shock_common_keys = {"id", "kind", "start_day", "occurrence", "duration_days"};
inline const Keys shock_target_keys = {"carrier", "supplier", "sku"};
inline const Keys shock_param_keys = {
    "delay_factor",    "extra_days",  "in_transit", "recovery_days", "factor",
    "capacity_factor", "defect_rate", "multiplier", "shape",         "loss_probability"};
inline const Keys occurrence_keys = {"rate_per_year"};
inline const Keys sweep_keys = {"parameter", "values"};

// Policy parameters and the kinds that take them.
enum : unsigned { k_jit = 1, k_jic = 2, k_base = 4, k_rq = 8, k_ss = 16, k_periodic = 32 };
struct ParamKey {
  std::string_view name;
  unsigned kinds;
};
inline constexpr ParamKey param_keys[] = {
    {"safety_factor", k_jit},
    {"buffer_days", k_jit},
    {"batch", k_jit},
    {"adapt", k_jit},
    {"service_level", k_jic},
    {"review_period_days", k_jic | k_periodic},
    {"forecast", k_jic},
    {"window_days", k_jic},
    {"alpha", k_jic},
    {"order_quantity", k_jic | k_rq},
    {"order_quantity_days", k_rq},
    {"level", k_base},
    {"level_days", k_base},
    {"reorder_point", k_rq | k_ss},
    {"reorder_point_days", k_rq | k_ss},
    {"order_up_to", k_ss | k_periodic},
    {"order_up_to_days", k_ss | k_periodic},
};

unsigned kind_mask(PolicyKind k);
/// The kinds that take a parameter of `mask`, for messages.
std::string kinds_taking(unsigned mask);
/// Arrays of tables merged by identity across `extends`, and addressed by it in `--set`: the
/// identity key ("id", "name"), or nullptr for other keys.
const char* identity_key(std::string_view array);
std::string_view entity_word(std::string_view array);
/// Every key of every table (for "did you mean" across tables).
const std::set<std::string_view>& all_known_keys();

// Columns of a skus_file: the [[skus]] keys, nested ones flattened with dots.
enum class CellType { string, value, boolean, list, on_hand };
struct SkuColumn {
  std::string_view name;
  CellType type;
};
inline constexpr SkuColumn sku_columns[] = {
    {"id", CellType::string},
    {"unit_cost", CellType::value},
    {"price", CellType::value},
    {"supplier", CellType::string},
    {"carrier", CellType::string},
    {"critical", CellType::boolean},
    {"shelf_life_days", CellType::value},
    {"initial_on_hand", CellType::on_hand},
    {"holding_cost_per_unit_day", CellType::value},
    {"demand.orders_per_day", CellType::value},
    {"demand.order_size", CellType::value},
    {"demand.order_size.dist", CellType::string},
    {"demand.order_size.value", CellType::value},
    {"demand.order_size.mean", CellType::value},
    {"demand.order_size.sd", CellType::value},
    {"demand.order_size.min", CellType::value},
    {"demand.order_size.max", CellType::value},
    {"demand.order_size.values", CellType::list},
    {"demand.order_size.weights", CellType::list},
    {"demand.weekly", CellType::list},
    {"demand.annual_amplitude", CellType::value},
    {"demand.annual_peak_day", CellType::value},
    {"demand.trend_per_year", CellType::value},
    {"demand.trace", CellType::string},
    {"demand.column", CellType::string},
    {"demand.noise", CellType::string},
};

}  // namespace jitsim::models::loading
