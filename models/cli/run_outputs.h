// -----------------------------------------------------------------------------
// File: models/cli/run_outputs.h
// -----------------------------------------------------------------------------
// What `run` and `merge` write: the standard output set of a run (stdout in the chosen format,
// and the --out files), and a shard's files, which merge reads back.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "models/agents/experiment.h"
#include "models/cli/common.h"
#include "models/cli/file_set.h"
#include "models/io/csv.h"
#include "models/results/report.h"

namespace jitsim::cli {

/// Prints the run in o.format and, with --out, writes the eight result files (and the two
/// time-series files when the result has daily values).
void write_run_outputs(const CommonOptions& o, const LoadedScenario& loaded,
                       const models::ModelSetup& setup, const std::vector<std::size_t>& policies,
                       const models::ExperimentResult& result, double wall_seconds);

/// Writes shard `index` of `count` (1-based) into `dir`: shard.toml, replications.csv, the
/// breakdown's per-replication files (part_replications_file) and scenario.resolved.toml.
void write_shard(const std::string& dir, const LoadedScenario& loaded,
                 const models::ModelSetup& setup, const std::vector<std::size_t>& policies,
                 const models::ExperimentResult& result, std::uint64_t index, std::uint64_t count,
                 std::uint64_t total);

/// per_sku_replications.csv, per_site_replications.csv, per_lane_replications.csv.
std::string part_replications_file(models::Part part);

/// A whole file's text; throws UsageError when it cannot be read.
std::string read_text(const std::string& path);

/// `names` as a TOML array of strings, quoted and escaped (a name may hold any character), for
/// the manifests jitsim writes and reads back with read_toml().
std::string toml_string_array(const std::vector<std::string>& names);

/// A TOML file jitsim wrote (a manifest); a syntax error throws UsageError located as
/// FILE:LINE:COLUMN.
toml::table read_toml(const std::string& path);

/// A cell of a CSV jitsim wrote as a number (empty: undefined); anything else throws
/// UsageError located as FILE:LINE:COLUMN.
double csv_number(const models::CsvCell& cell, const std::string& path);

/// Reads a CSV of per-replication metric rows written by write_replications_csv (key_columns
/// 2: policy, replication), calling row(policy, replication, "", values) for each. Throws
/// UsageError (located).
void read_metric_rows(
    const std::string& path, std::size_t key_columns,
    const std::function<void(const std::string&, std::uint64_t, const std::string&,
                             const models::MetricValues&)>& row);

/// One point of a sweep: the swept values (one per axis) and its run's report, with what the
/// curves need beyond the report: tail measures and the replications' total_cost (for the
/// arg-min's paired intervals), and, with --per-sku, its per-SKU rows.
struct SweepPoint {
  std::vector<double> values;
  models::RunReport report;
  std::vector<std::array<double, models::kMetricCount>> cvar95;  // per policy, report order
  std::vector<std::vector<double>> total_cost;                   // per policy: by replication
  std::string per_sku_rows;  // curves_per_sku.csv's rows without the point columns
};

/// Fills point.cvar95 and point.total_cost from the replications of `result` (the policies in
/// the order of point.report).
void keep_sweep_tails(SweepPoint& point, const models::ExperimentResult& result);

/// Fills point.per_sku_rows (total_cost and fill_rate per item-location) from the folded
/// breakdown of `result`.
void keep_sweep_per_sku(SweepPoint& point, const models::ModelSetup& setup,
                        const std::vector<std::size_t>& policies,
                        const models::ExperimentResult& result);

/// The --set overrides that make a sweep point of `axes` at `values`.
std::vector<std::string> point_overrides(const std::vector<models::SweepAxis>& axes,
                                         const std::vector<double>& values);

/// Prints a sweep in o.format and, with --out, writes curves.csv, sweep.json, the base
/// scenario.resolved.toml and, with `per_sku`, curves_per_sku.csv.
void write_sweep_outputs(const CommonOptions& o, const std::vector<models::SweepAxis>& axes,
                         const std::vector<SweepPoint>& points, std::uint64_t replications,
                         const std::string& base_resolved_toml, const RunIdentity& identity = {},
                         bool per_sku = false);

/// The manifest of a sweep shard (DIR/sweep_shard.toml; the points are in DIR/point-NNNN/).
void write_sweep_shard_manifest(const std::string& dir, const LoadedScenario& base,
                                const std::vector<models::SweepAxis>& axes, std::size_t points,
                                std::uint64_t index, std::uint64_t count);

}  // namespace jitsim::cli
