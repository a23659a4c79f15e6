// -----------------------------------------------------------------------------
// File: models/results/report_inputs.h
// -----------------------------------------------------------------------------
// What `jitsim report` reads from an output folder: summary.csv, paired.csv,
// timeseries_summary.csv, per_site.csv, per_lane.csv and the network of run.json of a run,
// curves.csv of a sweep, and the name, settings and shocks of scenario.resolved.toml. Columns are
// found by name and unknown files, columns and metrics are ignored, so folders of older and newer
// versions read alike. A malformed file throws ReportInputError (models/results/html_report.h)
// naming the file, line and column.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace jitsim::models::report_inputs {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Stat {
  double mean = kNaN, sd = kNaN, lo = kNaN, hi = kNaN, p05 = kNaN, p50 = kNaN, p95 = kNaN, n = 0;
};

struct Series {
  std::vector<double> day, p05, p50, p95;
};

struct PairRow {
  double mean_diff = kNaN, lo = kNaN, hi = kNaN, share_better = kNaN;
};

/// A replenishment path of the network, as run.json's "network" lists it.
struct LaneShape {
  std::string id, from, from_kind, to, carrier;  // from_kind: "supplier" or "site"
  bool expedite = false;
};

/// The sites (in network order) and lanes of run.json's "network"; empty without it.
struct NetworkShape {
  std::vector<std::string> sites;
  std::vector<LaneShape> lanes;
};

/// policy -> row (a site or a lane) -> metric. Only mean, lo and hi are set.
using PerRowStats = std::map<std::string, std::map<std::string, std::map<std::string, Stat>>>;

struct RunData {
  std::vector<std::string> policies;                         // in file order
  std::map<std::string, std::map<std::string, Stat>> stats;  // policy -> metric
  std::vector<std::string> pairs;                            // "a-vs-b", in file order
  std::map<std::string, std::map<std::string, PairRow>> paired;
  std::map<std::string, std::map<std::string, Series>> series;  // policy -> metric
  std::vector<std::string> sites, lanes;  // in the order of per_site.csv, per_lane.csv
  PerRowStats per_site, per_lane;         // empty without per_site.csv, per_lane.csv
  NetworkShape network;
  std::vector<std::string> files;

  const Stat* stat(const std::string& policy, const std::string& metric) const {
    const auto p = stats.find(policy);
    if (p == stats.end()) return nullptr;
    const auto m = p->second.find(metric);
    return m == p->second.end() ? nullptr : &m->second;
  }
  /// The statistic of `metric` at `site` (of `lane`) under `policy`, or null.
  const Stat* site_stat(const std::string& policy, const std::string& site,
                        const std::string& metric) const {
    return find(per_site, policy, site, metric);
  }
  const Stat* lane_stat(const std::string& policy, const std::string& lane,
                        const std::string& metric) const {
    return find(per_lane, policy, lane, metric);
  }

 private:
  static const Stat* find(const PerRowStats& table, const std::string& policy,
                          const std::string& row, const std::string& metric) {
    const auto p = table.find(policy);
    if (p == table.end()) return nullptr;
    const auto r = p->second.find(row);
    if (r == p->second.end()) return nullptr;
    const auto m = r->second.find(metric);
    return m == r->second.end() ? nullptr : &m->second;
  }
};

struct CurvePoint {
  double x = kNaN;
  Stat s;
  double cvar95 = kNaN;  // curves.csv's cvar95 (NaN in a folder of an earlier version)
  std::string argmin;    // on total_cost: "best", "within_noise", "separable" or empty
};

struct SweepData {
  std::string parameter, parameter2;  // parameter2 empty for a one-parameter sweep
  std::vector<std::string> policies;
  std::vector<double> values2;  // {0} for a one-parameter sweep
  std::vector<double> values;   // the first parameter's values, ascending
  // A text axis (choices, true/false): its values in the order swept; the x (or value2) of
  // a point is then the index of its label. Empty for a numeric axis.
  std::vector<std::string> labels, labels2;
  // (value2, policy, metric) -> points in increasing x
  std::map<std::tuple<double, std::string, std::string>, std::vector<CurvePoint>> curves;

  const std::vector<CurvePoint>* curve(double v2, const std::string& policy,
                                       const std::string& metric) const {
    const auto it = curves.find({v2, policy, metric});
    return it == curves.end() ? nullptr : &it->second;
  }
};

struct ShockSpan {
  std::string id, kind;
  double start = kNaN, end = kNaN;  // end from the typical duration
};

struct Meta {
  std::string name;
  double horizon_days = kNaN, warmup_days = kNaN;
  std::optional<std::int64_t> seed, replications;
  std::vector<ShockSpan> shocks;  // shocks with a fixed start day
  std::size_t random_shocks = 0;  // shocks with random starts (not drawn)
};

/// summary.csv (required), paired.csv, timeseries_summary.csv, per_site.csv, per_lane.csv and
/// run.json's "network" (optional) of a run folder.
RunData read_run(const std::filesystem::path& dir);
/// curves.csv of a sweep folder.
SweepData read_sweep(const std::filesystem::path& dir);
/// The scenario's name, run settings and shocks from scenario.resolved.toml; empty without it.
Meta read_meta(const std::filesystem::path& dir);

}  // namespace jitsim::models::report_inputs
