// File: models/results/report.cpp
#include "models/results/report.h"

#include "models/results/json_writer.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "sim/log_summary.h"

namespace jitsim::models {

RunReport make_report(const Scenario& sc, const std::vector<std::size_t>& policies,
                      const ExperimentResult& result) {
  RunReport r;
  r.scenario_name = sc.scenario.name;
  r.seed = sc.scenario.seed;
  r.replications = result.replications_done;
  r.horizon_days = sc.scenario.horizon_days;
  r.warmup_days = sc.scenario.warmup_days;
  r.events = result.events;
  for (std::size_t k = 0; k < policies.size(); ++k) {
    PolicyReport p;
    p.name = sc.policies[policies[k]].name;
    // Column by column from the logs: bounded memory however many replications (exact
    // quantiles included, see sim/log_summary.h).
    for (std::size_t m = 0; m < kMetricCount; ++m) {
      p.metrics[m] = sim::summarize_column(result.policies[k].runs.log(), m);
    }
    r.policies.push_back(std::move(p));
  }
  for (std::size_t a = 0; a < policies.size(); ++a) {
    for (std::size_t b = a + 1; b < policies.size(); ++b) {
      r.pairs.push_back({r.policies[a].name, r.policies[b].name, {}});
    }
  }
  std::vector<const sim::RowLog*> logs;
  for (const PolicyResults& p : result.policies) logs.push_back(&p.runs.log());
  for (std::size_t k = 0; k < kPairedMetrics.size(); ++k) {
    const auto m = static_cast<std::size_t>(kPairedMetrics[k]);
    const std::vector<sim::PairedSummary> pairs =
        sim::summarize_column_pairs(logs, m, metric_info()[m].lower_is_better);
    for (std::size_t i = 0; i < pairs.size(); ++i) r.pairs[i].metrics[k] = pairs[i];
  }
  return r;
}

nlohmann::ordered_json run_document(const RunReport& r) {
  using Json = nlohmann::ordered_json;
  Json doc = Json::object();
  doc["jitsim_version"] = std::string(kVersion);
  doc["scenario"] = r.scenario_name;
  doc["scenario_sha256"] = r.scenario_sha256;
  doc["seed"] = r.seed;
  doc["replications"] = r.replications;
  doc["horizon_days"] = r.horizon_days;
  doc["warmup_days"] = r.warmup_days;
  doc["events_executed"] = r.events;
  doc["wall_seconds"] = r.wall_seconds;
  Json& policies = doc["policies"] = Json::object();
  for (const PolicyReport& p : r.policies) {
    Json& metrics = policies[p.name] = Json::object();
    for (std::size_t m = 0; m < kMetricCount; ++m) {
      const sim::Summary& s = p.metrics[m];
      metrics[std::string(metric_info()[m].name)] = {
          {"mean", s.mean}, {"sd", s.sd},   {"ci95_low", s.ci95_low}, {"ci95_high", s.ci95_high},
          {"p05", s.p05},   {"p50", s.p50}, {"p95", s.p95},           {"n", s.n}};
    }
  }
  Json& paired = doc["paired"] = Json::object();
  for (const PairReport& pr : r.pairs) {
    Json& metrics = paired[pair_name(pr.a, pr.b)] = Json::object();
    for (std::size_t m = 0; m < kPairedMetrics.size(); ++m) {
      const sim::PairedSummary& s = pr.metrics[m];
      metrics[std::string(info(kPairedMetrics[m]).name)] = {
          {"mean_diff", s.mean_diff},       {"sd", s.sd},
          {"ci95_low", s.ci95_low},         {"ci95_high", s.ci95_high},
          {"share_better", s.share_better}, {"n", s.n}};
    }
  }
  if (!r.sites.empty()) {
    Json& network = doc["network"] = Json::object();
    Json& sites = network["sites"] = Json::array();
    for (const std::string& id : r.sites) sites.push_back({{"id", id}});
    Json& lanes = network["lanes"] = Json::array();
    for (const NetworkLane& l : r.lanes) {
      lanes.push_back({{"id", l.id},
                       {"from", l.from},
                       {"from_kind", l.from_kind},
                       {"to", l.to},
                       {"carrier", l.carrier},
                       {"expedite", l.expedite}});
    }
  }
  return doc;
}

void describe_network(const ModelSetup& setup, RunReport& report) {
  const Scenario& sc = setup.scenario;
  const Network& n = setup.network;
  report.sites.clear();
  report.lanes.clear();
  for (const Site& s : n.sites) report.sites.push_back(s.id);
  for (const Lane& l : n.lanes) {
    report.lanes.push_back({l.id,
                            l.from_site ? n.sites[l.source_site].id : sc.suppliers[l.supplier].id,
                            l.from_site ? "site" : "supplier", n.sites[l.destination].id,
                            sc.carriers[l.carrier].id, l.expedite});
  }
}

std::string to_json(const RunReport& r) {
  return write_json(run_document(r));
}

std::string summary_csv(const RunReport& r) {
  std::string out = "policy,metric,mean,sd,ci95_low,ci95_high,p05,p50,p95,n\n";
  for (const PolicyReport& p : r.policies) {
    for (std::size_t m = 0; m < kMetricCount; ++m) {
      const sim::Summary& s = p.metrics[m];
      out += fmt::format("{},{},{},{},{},{},{},{},{},{}\n", csv_field(p.name),
                         metric_info()[m].name, format_number(s.mean), format_number(s.sd),
                         format_number(s.ci95_low), format_number(s.ci95_high),
                         format_number(s.p05), format_number(s.p50), format_number(s.p95), s.n);
    }
  }
  return out;
}

std::string paired_csv(const RunReport& r) {
  std::string out = "pair,metric,mean_diff,sd,ci95_low,ci95_high,share_better,n\n";
  for (const PairReport& pr : r.pairs) {
    for (std::size_t m = 0; m < kPairedMetrics.size(); ++m) {
      const sim::PairedSummary& s = pr.metrics[m];
      out += fmt::format("{},{},{},{},{},{},{},{}\n", csv_field(pair_name(pr.a, pr.b)),
                         info(kPairedMetrics[m]).name, format_number(s.mean_diff),
                         format_number(s.sd), format_number(s.ci95_low), format_number(s.ci95_high),
                         format_number(s.share_better), s.n);
    }
  }
  return out;
}

namespace {
void write_metric_header(std::ostream& out) {
  for (const MetricInfo& m : metric_info()) out << ',' << m.name;
  out << '\n';
}
void write_metric_values(std::ostream& out, const MetricValues& values) {
  for (const double x : values) out << ',' << format_number(x);
  out << '\n';
}
}  // namespace

void write_replications_csv(std::ostream& out, const Scenario& sc,
                            const std::vector<std::size_t>& policies,
                            const ExperimentResult& result) {
  out << "policy,replication";
  write_metric_header(out);
  for (std::size_t k = 0; k < policies.size(); ++k) {
    const std::string name = csv_field(sc.policies[policies[k]].name);
    std::uint64_t i = result.first_replication;
    result.policies[k].runs.for_each([&](const MetricValues& v) {
      out << name << ',' << i++;
      write_metric_values(out, v);
    });
  }
}

void write_part_replications_csv(std::ostream& out, const ModelSetup& setup,
                                 const std::vector<std::size_t>& policies,
                                 const ExperimentResult& result, Part part) {
  const BreakdownLayout layout(setup);
  out << "policy,replication," << part_name(part);
  for (const std::string_view v : part_values(part)) out << ',' << v;
  out << '\n';
  const std::vector<std::string>& names = layout.row_names(part);
  for (std::size_t k = 0; k < policies.size(); ++k) {
    const std::string name = csv_field(setup.scenario.policies[policies[k]].name);
    const auto& runs = result.policies[k].breakdown_runs;
    for (std::size_t i = 0; i < runs.size(); ++i) {
      for (std::size_t row = 0; row < layout.rows(part); ++row) {
        out << name << ',' << result.first_replication + i << ',' << csv_field(names[row]);
        const double* at = runs[i].data() + layout.offset(part, row);
        for (std::size_t v = 0; v < layout.width(part); ++v) out << ',' << format_number(at[v]);
        out << '\n';
      }
    }
  }
}

namespace {
double day_value(const DayValues& d, std::size_t k) {
  switch (k) {
    case 0:
      return d.on_hand;
    case 1:
      return d.backlog;
    case 2:
      return d.on_order;
    case 3:
      return d.fill_rate;
    case 4:
      return d.cost;
    default:
      return d.working_capital;
  }
}
}  // namespace

void write_timeseries_csv(std::ostream& out, const Scenario& sc,
                          const std::vector<std::size_t>& policies,
                          const ExperimentResult& result) {
  out << "day,policy,replication";
  for (const std::string_view name : kDayValueNames) out << ',' << name;
  out << '\n';
  for (std::size_t k = 0; k < policies.size(); ++k) {
    const std::string name = csv_field(sc.policies[policies[k]].name);
    const auto& reps = result.policies[k].days;
    for (std::size_t r = 0; r < reps.size(); ++r) {
      for (std::size_t d = 0; d < reps[r].size(); ++d) {
        out << d << ',' << name << ',' << result.first_replication + r;
        for (std::size_t v = 0; v < kDayValueNames.size(); ++v) {
          out << ',' << format_number(day_value(reps[r][d], v));
        }
        out << '\n';
      }
    }
  }
}

void write_timeseries_summary_csv(std::ostream& out, const Scenario& sc,
                                  const std::vector<std::size_t>& policies,
                                  const ExperimentResult& result) {
  out << "day,policy,metric,p05,p50,p95,mean\n";
  std::vector<double> values;
  for (std::size_t k = 0; k < policies.size(); ++k) {
    const std::string name = csv_field(sc.policies[policies[k]].name);
    const auto& reps = result.policies[k].days;
    const std::size_t days = reps.empty() ? 0 : reps.front().size();
    for (std::size_t d = 0; d < days; ++d) {
      for (std::size_t v = 0; v < kDayValueNames.size(); ++v) {
        values.clear();
        for (const auto& rep : reps) values.push_back(day_value(rep[d], v));
        const sim::Summary s = sim::summarize(values);
        out << d << ',' << name << ',' << kDayValueNames[v] << ',' << format_number(s.p05) << ','
            << format_number(s.p50) << ',' << format_number(s.p95) << ',' << format_number(s.mean)
            << '\n';
      }
    }
  }
}

namespace {
// "mean,ci95_low,ci95_high" of values folded over replications (no interval below two).
std::string mean_and_interval(const sim::RunningStats& st) {
  double low = sim::kUndefined, high = sim::kUndefined;
  if (st.count() > 1) {
    const double half = sim::student_t_975(static_cast<double>(st.count() - 1)) * st.sd() /
                        std::sqrt(static_cast<double>(st.count()));
    low = st.mean() - half;
    high = st.mean() + half;
  }
  return fmt::format("{},{},{}", format_number(st.mean()), format_number(low), format_number(high));
}
}  // namespace

std::string per_sku_csv(const ModelSetup& setup, const std::vector<std::size_t>& policies,
                        const ExperimentResult& result) {
  const Scenario& sc = setup.scenario;
  const BreakdownLayout layout(setup);
  std::string out = "policy,sku,site,critical,metric,mean,ci95_low,ci95_high\n";
  for (std::size_t k = 0; k < policies.size(); ++k) {
    const PolicySpec& policy = sc.policies[policies[k]];
    const BreakdownStats& stats = result.policies[k].breakdown;
    if (stats.empty()) continue;
    for (std::size_t s = 0; s < layout.rows(Part::sku); ++s) {
      const ItemLocation& item = setup.network.item(s);
      const bool critical = policy.kind == PolicyKind::hybrid ? setup.rules[policies[k]][s].critical
                                                              : setup.sku_of(s).critical;
      const std::string key =
          fmt::format("{},{},{},{}", csv_field(policy.name), csv_field(sc.skus[item.sku].id),
                      csv_field(setup.network.sites[item.site].id), critical ? "true" : "false");
      for (std::size_t m = 0; m < kMetricCount; ++m) {
        if (!metric_info()[m].per_sku) continue;
        out += fmt::format("{},{},{}\n", key, metric_info()[m].name,
                           mean_and_interval(stats[layout.offset(Part::sku, s) + m]));
      }
    }
  }
  return out;
}

std::string part_csv(const ModelSetup& setup, const std::vector<std::size_t>& policies,
                     const ExperimentResult& result, Part part) {
  const BreakdownLayout layout(setup);
  std::string out = fmt::format("policy,{},metric,mean,ci95_low,ci95_high\n", part_name(part));
  const std::vector<std::string_view>& values = part_values(part);
  for (std::size_t k = 0; k < policies.size(); ++k) {
    const std::string policy = csv_field(setup.scenario.policies[policies[k]].name);
    const BreakdownStats& stats = result.policies[k].breakdown;
    if (stats.empty()) continue;
    for (std::size_t row = 0; row < layout.rows(part); ++row) {
      const std::string key = policy + ',' + csv_field(layout.row_names(part)[row]);
      for (std::size_t v = 0; v < values.size(); ++v) {
        out += fmt::format("{},{},{}\n", key, values[v],
                           mean_and_interval(stats[layout.offset(part, row) + v]));
      }
    }
  }
  return out;
}

namespace {

// Enough digits to read a value in a table, fewer as it grows (files keep full precision).
std::string human(double x) {
  if (!std::isfinite(x)) return "-";
  const double a = std::abs(x);
  if (a >= 1e4) return fmt::format("{:.0f}", x);
  if (a >= 100) return fmt::format("{:.1f}", x);
  if (a >= 1) return fmt::format("{:.2f}", x);
  return fmt::format("{:.4f}", x);
}

// A row of the console table; an optional row is shown only where some policy has a non-zero
// mean (overflow and spoilage exist only with a storage cap or a shelf life), so the cost rows
// shown always add up to total_cost without padding every table with zero rows.
struct TableRow {
  Metric metric;
  bool optional = false;  // shown only where some policy has a non-zero mean
  bool money = false;     // working capital: shown only with fees or customer payment terms
};

bool any_nonzero(const RunReport& r, Metric m) {
  return std::any_of(r.policies.begin(), r.policies.end(), [m](const PolicyReport& p) {
    const double x = p.metrics[static_cast<std::size_t>(m)].mean;
    return std::isfinite(x) && x != 0;
  });
}

}  // namespace

std::string comparison_table(const RunReport& r) {
  // Every part of total_cost, then purchase_cost (not part of it) next to profit.
  static constexpr std::array<TableRow, 28> kRows{
      {{Metric::total_cost},
       {Metric::cost_per_day},
       {Metric::holding_cost},
       {Metric::ordering_cost},
       {Metric::transport_cost},
       {Metric::backorder_cost},
       {Metric::lost_sales_cost},
       {Metric::overflow_cost, true},
       {Metric::spoilage_cost, true},
       {Metric::fulfilment_cost, true},
       {Metric::outbound_cost, true},
       {Metric::fill_rate},
       {Metric::order_fill_rate},
       {Metric::cycle_service_level},
       {Metric::avg_on_hand_value},
       {Metric::avg_backorders_units},
       {Metric::lost_sales_units},
       {Metric::spoiled_units, true},
       {Metric::orders_per_day},
       {Metric::inventory_turnover},
       {Metric::stockout_time_fraction},
       {Metric::avg_customer_wait_days},
       {Metric::purchase_cost},
       {Metric::profit},
       {Metric::avg_working_capital, false, true},
       {Metric::peak_working_capital, false, true},
       {Metric::cash_conversion_cycle_days, false, true},
       {Metric::financing_cost, false, true}}};
  // Runs without fees or customer terms keep the table they always had.
  const bool money = any_nonzero(r, Metric::fulfilment_cost) || any_nonzero(r, Metric::dso_days);
  std::string out = fmt::format(
      "{}\n{} replications per policy, horizon {} days (warm-up {}), seed {}. "
      "Cells: mean ± 95 % half-width.\n\n",
      r.scenario_name.empty() ? "(unnamed scenario)" : r.scenario_name, r.replications,
      format_number(r.horizon_days), format_number(r.warmup_days), r.seed);
  std::vector<std::vector<std::string>> cells;
  std::vector<std::string> header{"metric"};
  for (const PolicyReport& p : r.policies) header.push_back(p.name);
  cells.push_back(header);
  const auto add_row = [&](Metric m) {
    std::vector<std::string> row{std::string(info(m).name)};
    for (const PolicyReport& p : r.policies) {
      const sim::Summary& s = p.metrics[static_cast<std::size_t>(m)];
      std::string cell = human(s.mean);
      if (std::isfinite(s.ci95_high)) cell += " ± " + human(0.5 * (s.ci95_high - s.ci95_low));
      row.push_back(cell);
    }
    cells.push_back(row);
  };
  for (const auto& [m, optional, working_capital] : kRows) {
    if (optional && !any_nonzero(r, m)) continue;
    if (working_capital && !money) continue;
    add_row(m);
  }
  // Outbound delivery: order -> door and the share delivered complete within the promise.
  // Absent without an outbound carrier or promise (the table stays what it was).
  if (any_nonzero(r, Metric::outbound_cost) || any_nonzero(r, Metric::otif)) {
    add_row(Metric::avg_delivery_days);
    add_row(Metric::otif);
  }
  // Churn ([customers]): the demand that came, what churn turned away, and their sum (the
  // demand without churn; a mean of sums, so no interval). Absent without churn.
  if (any_nonzero(r, Metric::demand_lost_to_churn_units)) {
    add_row(Metric::units_demanded);
    add_row(Metric::demand_lost_to_churn_units);
    std::vector<std::string> row{"units_demanded_without_churn"};
    for (const PolicyReport& p : r.policies) {
      row.push_back(
          human(p.metrics[static_cast<std::size_t>(Metric::units_demanded)].mean +
                p.metrics[static_cast<std::size_t>(Metric::demand_lost_to_churn_units)].mean));
    }
    cells.push_back(row);
  }
  std::vector<std::size_t> width(header.size(), 0);
  for (const auto& row : cells) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      // "±" is two bytes but one column.
      const std::size_t w = row[c].size() - (row[c].find("±") != std::string::npos ? 1 : 0);
      width[c] = std::max(width[c], w);
    }
  }
  for (const auto& row : cells) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::size_t w = row[c].size() - (row[c].find("±") != std::string::npos ? 1 : 0);
      const std::string pad(width[c] - w, ' ');
      out += c == 0 ? row[c] + pad : "  " + pad + row[c];
    }
    out += '\n';
  }
  if (!r.pairs.empty()) {
    out += "\nPaired differences (a - b, same random futures), total_cost and fill_rate:\n";
    for (const PairReport& pr : r.pairs) {
      const sim::PairedSummary& cost = pr.metrics[0];
      const sim::PairedSummary& fill = pr.metrics[2];
      out += fmt::format(
          "  {} vs {}: total_cost {} [{}, {}], {} cheaper in {:.0f} % of replications; fill_rate "
          "{} [{}, {}]\n",
          pr.a, pr.b, human(cost.mean_diff), human(cost.ci95_low), human(cost.ci95_high), pr.a,
          std::isfinite(cost.share_better) ? 100 * cost.share_better : 0.0, human(fill.mean_diff),
          human(fill.ci95_low), human(fill.ci95_high));
    }
  }
  return out;
}

}  // namespace jitsim::models
