// File: models/io/scenario_build_orders.cpp
// Order-log demand (`demand = { orders_file = ... }`): reads the log once per file and column
// mapping, and gives each SKU its rows, by log day and in time order.
#include <algorithm>
#include <numeric>

#include "models/io/scenario_loading.h"

namespace jitsim::models::loading {

void Loader::load_orders(const Node& demand, const Node& file_node, const std::string& path,
                         const std::string& sku_id, Demand& d) {
  auto file = string(file_node, join(path, "orders_file"));
  if (!file) return;
  if (file->empty()) {
    error(file_node.loc,
          fmt::format("{}: expected the path of a CSV file", join(path, "orders_file")));
    return;
  }
  d.orders_file = *file;
  d.orders_sku = sku_id;
  const Node* sku_node = demand.find("sku");
  if (sku_node) {
    auto v = string(*sku_node, join(path, "sku"));
    if (!v) return;
    d.orders_sku = *v;
  }
  const Node* resample = demand.find("resample");
  if (resample) {
    if (auto v = choice<OrderResample>(*resample, join(path, "resample"),
                                       spec("skus[].demand(orders)", "resample"))) {
      d.orders_resample = *v;
    }
  }
  const std::string cpath = join(path, "columns");
  const Node* columns = demand.find("columns");
  const Node* column_nodes[3] = {nullptr, nullptr, nullptr};  // time, sku, quantity
  std::string* column_names[3] = {&d.time_column, &d.sku_column, &d.quantity_column};
  if (columns) {
    if (!expect_table(*columns, cpath)) return;
    check_keys(*columns, cpath, keys_of("skus[].demand(orders).columns"));
    const char* keys[3] = {"time", "sku", "quantity"};
    for (int k = 0; k < 3; ++k) {
      column_nodes[k] = columns->find(keys[k]);
      if (!column_nodes[k]) continue;
      auto v = string(*column_nodes[k], join(cpath, keys[k]));
      if (!v) return;
      *column_names[k] = *v;
    }
  }

  const auto [full, display] = resolve(file_node);
  const std::string cache_key =
      fmt::format("{}\n{}\n{}\n{}", display, d.time_column, d.sku_column, d.quantity_column);
  auto it = order_logs_.find(cache_key);
  if (it == order_logs_.end()) {
    OrderLogFile f;
    f.display = display;
    if (auto text = read_file(full, display, file_node.loc, join(path, "orders_file"))) {
      const Source* src = new_source(display, full.parent_path());
      if (check_text(*text, src, "a CSV order log")) {
        CsvOptions csv_limits;
        csv_limits.max_rows = max_order_rows;
        csv_limits.max_columns = limits::max_csv_columns;
        csv_limits.max_errors = limits::max_error_lines;
        f.log = read_order_log(*text, {d.time_column, d.sku_column, d.quantity_column}, csv_limits,
                               max_total_days, limits::max_units,
                               [&](std::uint32_t line, std::uint32_t col, std::string message) {
                                 error({src, line, col}, std::move(message));
                               });
        note_more({src, 1, 1}, f.log.more_errors);
        if (f.log.rows >= max_order_rows) {
          error({src, 1, 1}, fmt::format("{}: more than {} orders; the limit is {}", display,
                                         max_order_rows - 1, max_order_rows - 1));
          f.log.ok = false;
        }
        f.read = true;
      }
    }
    it = order_logs_.emplace(cache_key, std::move(f)).first;
  }
  const OrderLogFile& f = it->second;
  if (!f.read) return;
  std::vector<std::string> names;
  for (const CsvCell& h : f.log.header) names.push_back(h.text);
  bool have_columns = true;
  const char* keys[3] = {"time", "sku", "quantity"};
  for (int k = 0; k < 3; ++k) {
    if (std::find(names.begin(), names.end(), *column_names[k]) != names.end()) continue;
    have_columns = false;
    error(column_nodes[k] ? column_nodes[k]->loc : file_node.loc,
          fmt::format("{}: no column '{}' in '{}'{}{}", join(cpath, keys[k]), *column_names[k],
                      display, column_nodes[k] ? "" : " (set columns = { ... } to name it)",
                      did_you_mean_suffix(*column_names[k], names)));
  }
  if (!have_columns || !f.log.ok) return;
  const auto rows = f.log.by_sku.find(d.orders_sku);
  if (rows == f.log.by_sku.end()) {
    std::vector<std::string> skus;
    for (const auto& [name, orders] : f.log.by_sku) skus.push_back(name);
    std::sort(skus.begin(), skus.end());
    error(sku_node ? sku_node->loc : file_node.loc,
          fmt::format("{}: no orders of SKU '{}' in column '{}' of '{}'{}{}", join(path, "sku"),
                      d.orders_sku, d.sku_column, display,
                      sku_node ? "" : " (the SKU defaults to the SKU id)",
                      did_you_mean_suffix(d.orders_sku, skus)));
    return;
  }
  const std::int64_t days = f.log.days;
  if (d.orders_resample == OrderResample::days && days < 7) {
    error(resample->loc, fmt::format("{}: \"days\" draws log days of the same weekday, so the log "
                                     "must span at least 7 days; '{}' spans {}",
                                     join(path, "resample"), display, days));
    return;
  }
  const std::vector<LoggedOrder>& orders = rows->second;
  // Every SKU holds its own copy of its rows and days: bounded with the traces.
  trace_values_ += static_cast<std::size_t>(days) * 2 + orders.size() * 2;
  if (trace_values_ > max_trace_values) {
    error(file_node.loc, fmt::format("{}: the demand traces and order logs of all SKUs hold more "
                                     "than {} values in total; use shorter logs or fewer SKUs",
                                     join(path, "orders_file"), max_trace_values));
    return;
  }
  // By day, then by time of day; orders at the same time keep their order in the file.
  std::vector<std::uint32_t> order(orders.size());
  std::iota(order.begin(), order.end(), 0U);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return orders[a].day != orders[b].day ? orders[a].day < orders[b].day
                                          : orders[a].time < orders[b].time;
  });
  d.order_day_begin.assign(static_cast<std::size_t>(days) + 1, 0);
  d.trace.assign(static_cast<std::size_t>(days), 0.0);
  d.order_time.clear(), d.order_quantity.clear();
  d.order_time.reserve(orders.size()), d.order_quantity.reserve(orders.size());
  for (const std::uint32_t i : order) {
    const LoggedOrder& o = orders[i];
    const auto day = static_cast<std::size_t>(o.day);
    ++d.order_day_begin[day + 1];
    d.trace[day] += static_cast<double>(o.quantity);
    d.order_time.push_back(o.time);
    d.order_quantity.push_back(o.quantity);
  }
  std::partial_sum(d.order_day_begin.begin(), d.order_day_begin.end(), d.order_day_begin.begin());
  for (std::size_t j = 0; j < d.trace.size(); ++j) {
    if (d.trace[j] > limits::max_units) {
      error(file_node.loc, fmt::format("{}: SKU '{}' orders {:g} units on log day {}, more than "
                                       "the limit of 1e12 a day",
                                       join(path, "orders_file"), d.orders_sku, d.trace[j], j));
      return;
    }
  }
  if (d.orders_resample == OrderResample::none && run_days_ > static_cast<double>(days)) {
    warning(file_node.loc,
            fmt::format("{}: the log spans {} days, the run {} (warm-up included): replayed "
                        "from its start again, as a trace is (or resample = \"days\")",
                        join(path, "orders_file"), days, run_days_));
  }
}

}  // namespace jitsim::models::loading
