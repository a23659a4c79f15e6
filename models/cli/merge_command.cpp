// File: models/cli/merge_command.cpp
// `jitsim merge DIR...`: puts the shards of one batch (jitsim run --shard i/n --out DIR) back
// together in replication order and writes exactly what a single run would have written.
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <tuple>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "models/cli/commands.h"
#include "models/cli/common.h"
#include "models/cli/file_set.h"
#include "models/cli/run_outputs.h"
#include "models/io/csv.h"
#include "models/io/scenario_loader.h"
#include "models/io/sha256.h"

namespace jitsim::cli {

namespace {

struct MergeOptions {
  std::vector<std::string> shards;
  std::string format = "table";
  std::string out_dir;
};

struct Shard {
  std::string dir;
  std::string sha;
  std::string scenario_dir;  // where the run's relative trace paths resolve
  std::uint64_t index = 0, count = 0, first = 0, replications = 0, total = 0, events = 0;
  std::vector<std::string> policies;
  RunIdentity identity;
};

std::string rerun_hint(const std::string& dir) {
  return fmt::format("run that shard again (jitsim run|sweep ... --shard I/N --out {})", dir);
}

Shard read_manifest(const std::string& dir) {
  const std::string path = dir + "/shard.toml";
  Shard s;
  s.dir = dir;
  s.identity = verify_file_set(dir, "shard", rerun_hint(dir)).identity;
  const toml::table t = read_toml(path);
  s.scenario_dir = t["scenario_dir"].value_or(std::string());
  s.sha = t["scenario_sha256"].value_or(std::string());
  s.index = t["shard"].value_or(std::uint64_t{0});
  s.count = t["shards"].value_or(std::uint64_t{0});
  s.first = t["first_replication"].value_or(std::uint64_t{0});
  s.replications = t["replications"].value_or(std::uint64_t{0});
  s.total = t["total_replications"].value_or(std::uint64_t{0});
  s.events = t["events_executed"].value_or(std::uint64_t{0});
  if (const toml::array* a = t["policies"].as_array()) {
    for (const auto& p : *a) s.policies.push_back(p.value_or(std::string()));
  }
  if (s.sha.size() != 64 || s.count == 0) throw UsageError(path + ": not a jitsim shard manifest");
  return s;
}

// Reads a shard's per-replication rows of `part` (write_part_replications_csv), calling
// row(path, policy, replication, row index, values) once per row. Every (policy, replication,
// row) must appear exactly once, with a number or an empty cell in every value column.
void read_part_rows(const Shard& shard, models::Part part, const models::BreakdownLayout& layout,
                    const std::function<void(const std::string&, const std::string&, std::uint64_t,
                                             std::size_t, const std::vector<double>&)>& row) {
  const std::string path = shard.dir + "/" + part_replications_file(part);
  const models::CsvTable t = models::parse_csv(read_text(path));
  if (!t.ok()) {
    throw UsageError(fmt::format("{}:{}:{}: error: {}", path, t.errors[0].line, t.errors[0].column,
                                 t.errors[0].message));
  }
  const std::vector<std::string_view>& names = models::part_values(part);
  std::vector<std::size_t> column;
  for (const std::string_view name : names) {
    const std::ptrdiff_t c = t.column_index(name);
    if (c < 0)
      throw UsageError(fmt::format("{}: no column {}; {}", path, name, rerun_hint(shard.dir)));
    column.push_back(static_cast<std::size_t>(c));
  }
  std::map<std::string, std::size_t> row_index;
  for (std::size_t r = 0; r < layout.rows(part); ++r) row_index[layout.row_names(part)[r]] = r;
  std::set<std::tuple<std::string, std::uint64_t, std::size_t>> seen;
  std::vector<double> values(names.size());
  for (const auto& cells : t.rows) {
    const std::uint64_t rep = static_cast<std::uint64_t>(csv_number(cells[1], path));
    const auto r = row_index.find(cells[2].text);
    if (r == row_index.end() || !seen.emplace(cells[0].text, rep, r->second).second) {
      throw UsageError(fmt::format("{}:{}: unexpected row ({} '{}' unknown or repeated); {}", path,
                                   cells[0].line, models::part_name(part), cells[2].text,
                                   rerun_hint(shard.dir)));
    }
    for (std::size_t v = 0; v < names.size(); ++v) values[v] = csv_number(cells[column[v]], path);
    row(path, cells[0].text, rep, r->second, values);
  }
  const std::size_t expected = shard.policies.size() * shard.replications * layout.rows(part);
  if (seen.size() != expected) {
    throw UsageError(
        fmt::format("{}: {} row(s), expected one per policy, replication and {} ({}); {}", path,
                    seen.size(), models::part_name(part), expected, rerun_hint(shard.dir)));
  }
}

// A run put back together from its shards.
struct MergedRun {
  LoadedScenario loaded;
  std::vector<std::size_t> policies;
  models::ExperimentResult result;
};

MergedRun merge_run_shards(const std::vector<std::string>& dirs, bool breakdown) {
  std::vector<Shard> shards;
  shards.reserve(dirs.size());
  for (const std::string& dir : dirs) shards.push_back(read_manifest(dir));
  // By shard number, not by first replication: empty shards (more shards than replications)
  // share their first replication with the next one. A shell glob gives any order.
  std::sort(shards.begin(), shards.end(),
            [](const Shard& a, const Shard& b) { return a.index < b.index; });
  const Shard& head = shards.front();
  for (std::size_t k = 0; k < shards.size(); ++k) {
    const Shard& s = shards[k];
    const std::string why = identity_difference(head.identity, s.identity);
    if (s.sha != head.sha || s.total != head.total || s.policies != head.policies ||
        s.count != head.count || !why.empty()) {
      throw UsageError(fmt::format("{} and {} are shards of different runs{}", head.dir, s.dir,
                                   why.empty() ? std::string() : ": " + why));
    }
    if (k > 0 && shards[k - 1].index == s.index) {
      throw UsageError(fmt::format("{} and {} are both shard {}/{}", shards[k - 1].dir, s.dir,
                                   s.index, s.count));
    }
  }
  for (std::uint64_t i = 1, k = 0; i <= head.count; ++i) {
    if (k < shards.size() && shards[k].index == i) {
      ++k;
    } else {
      throw UsageError(fmt::format("shard {}/{} is missing (got {} of {} shards)", i, head.count,
                                   shards.size(), head.count));
    }
  }
  std::uint64_t expected = 0;
  for (const Shard& s : shards) {
    if (s.first != expected) {
      throw UsageError(fmt::format("shards do not cover replications {}..{} (got {})", expected,
                                   head.total - 1, s.dir));
    }
    expected += s.replications;
  }
  if (expected != head.total) {
    throw UsageError(fmt::format("shards cover {} of {} replications", expected, head.total));
  }

  // The scenario as the shards ran it (their resolved copies are identical, as the hashes say),
  // its relative trace paths resolved where the scenario was, not in the shard folder.
  const std::string scenario_path = head.dir + "/scenario.resolved.toml";
  const std::string resolved = read_text(scenario_path);
  const std::filesystem::path base_dir =
      std::filesystem::path(head.scenario_dir.empty() ? head.dir : head.scenario_dir);
  models::LoadResult loaded_result = models::load_scenario_text(resolved, scenario_path, base_dir);
  if (!loaded_result.ok()) {
    for (const auto& d : loaded_result.diagnostics) fmt::print(stderr, "{}\n", models::format(d));
    throw UsageError(scenario_path + ": cannot be loaded");
  }
  // The traces read now must be those the shards ran with.
  for (const models::InputFile& f : loaded_result.inputs) {
    const auto& inputs = head.identity.inputs;
    if (std::none_of(inputs.begin(), inputs.end(),
                     [&](const models::InputFile& i) { return i.sha256 == f.sha256; })) {
      throw UsageError(fmt::format(
          "{} has changed since the shards ran (its SHA-256 is not among their inputs'); merge "
          "needs the input files the shards were run with",
          f.path));
    }
  }
  MergedRun m{
      {std::move(*loaded_result.scenario), resolved, head.identity.inputs, base_dir}, {}, {}};
  const models::Scenario& sc = m.loaded.scenario;
  for (const std::string& name : head.policies) {
    const auto it = std::find_if(sc.policies.begin(), sc.policies.end(),
                                 [&](const models::PolicySpec& p) { return p.name == name; });
    if (it == sc.policies.end()) throw UsageError("shard names an unknown policy " + name);
    m.policies.push_back(static_cast<std::size_t>(it - sc.policies.begin()));
  }
  models::ExperimentResult& result = m.result;
  result.policies.resize(m.policies.size());
  // The breakdown's layout; its row names key the shards' per-part rows.
  const models::ModelSetup setup(sc);
  const models::BreakdownLayout layout(setup);
  if (breakdown) {
    for (auto& p : result.policies) p.breakdown.assign(layout.size(), {});
  }
  auto policy_index = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(head.policies.begin(), head.policies.end(), name) -
                                    head.policies.begin());
  };
  for (const Shard& shard : shards) {
    // Each policy's rows are replications first..first+n-1 in order: a missing, extra or
    // relabelled row is refused (the manifest's hashes already refuse an edited file).
    const std::string rows_path = shard.dir + "/replications.csv";
    std::vector<std::uint64_t> seen(m.policies.size(), 0);
    auto bad_row = [&](const std::string& path, const std::string& p, std::uint64_t rep) {
      return UsageError(fmt::format(
          "{}: unexpected row (policy '{}', replication {}): the shard holds replications "
          "{}..{} of policies {}; {}",
          path, p, rep, shard.first, shard.first + shard.replications - 1,
          toml_string_array(head.policies), rerun_hint(shard.dir)));
    };
    read_metric_rows(
        rows_path, 2,
        [&](const std::string& p, std::uint64_t rep, const std::string&,
            const models::MetricValues& v) {
          const std::size_t k = policy_index(p);
          if (k >= seen.size() || rep != shard.first + seen[k] || seen[k] == shard.replications) {
            throw bad_row(rows_path, p, rep);
          }
          ++seen[k];
          result.policies[k].runs.push_back(v);
        });
    for (std::size_t k = 0; k < seen.size(); ++k) {
      if (seen[k] != shard.replications) {
        throw UsageError(fmt::format("{}: {} row(s) of policy '{}', expected {}; {}", rows_path,
                                     seen[k], head.policies[k], shard.replications,
                                     rerun_hint(shard.dir)));
      }
    }
    result.events += shard.events;
    if (!breakdown) continue;
    // The shard's breakdowns, folded in replication order exactly as a single run folds them.
    std::vector<std::vector<models::Breakdown>> runs(
        m.policies.size(),
        std::vector<models::Breakdown>(shard.replications, models::Breakdown(layout.size())));
    for (const models::Part part : models::kParts) {
      read_part_rows(
          shard, part, layout,
          [&](const std::string& path, const std::string& p, std::uint64_t rep, std::size_t row,
              const std::vector<double>& values) {
            const std::size_t k = policy_index(p);
            if (k >= seen.size() || rep < shard.first || rep >= shard.first + shard.replications) {
              throw bad_row(path, p, rep);
            }
            std::copy(values.begin(), values.end(),
                      runs[k][rep - shard.first].begin() +
                          static_cast<std::ptrdiff_t>(layout.offset(part, row)));
          });
    }
    for (std::size_t p = 0; p < m.policies.size(); ++p) {
      for (const models::Breakdown& r : runs[p]) models::fold(r, result.policies[p].breakdown);
    }
  }
  result.replications_done = head.total;
  return m;
}

// Sweep shards: DIR/sweep_shard.toml and one run shard per point in DIR/point-NNNN/.
int merge_sweep(const MergeOptions& mo) {
  std::vector<models::SweepAxis> axes;
  std::size_t points = 0;
  std::string sha;
  RunIdentity identity;
  for (const std::string& dir : mo.shards) {
    const std::string path = dir + "/sweep_shard.toml";
    const RunIdentity mine_id = verify_file_set(dir, "sweep_shard", rerun_hint(dir)).identity;
    if (sha.empty()) {
      identity = mine_id;
    } else if (const std::string why = identity_difference(identity, mine_id); !why.empty()) {
      throw UsageError(fmt::format("{} is a shard of another sweep: {}", dir, why));
    }
    const toml::table t = read_toml(path);
    std::vector<models::SweepAxis> mine;
    if (const toml::array* a = t["axes"].as_array()) {
      for (const auto& node : *a) {
        const toml::table* axis = node.as_table();
        if (!axis) continue;
        models::SweepAxis x{(*axis)["parameter"].value_or(std::string()), {}, {}, {}};
        if (const toml::array* v = (*axis)["values"].as_array()) {
          // As the sweep wrote them: numbers, or strings (text) or booleans, by index.
          for (const auto& value : *v) {
            const double index = static_cast<double>(x.values.size());
            if (const auto* text = value.as_string()) {
              x.kind = models::SweepAxis::Kind::text;
              x.labels.push_back(text->get());
              x.values.push_back(index);
            } else if (const auto* flag = value.as_boolean()) {
              x.kind = models::SweepAxis::Kind::boolean;
              x.labels.emplace_back(flag->get() ? "true" : "false");
              x.values.push_back(index);
            } else {
              x.values.push_back(value.value_or(0.0));
            }
          }
          if (x.categorical() && x.labels.size() != x.values.size()) {
            throw UsageError(fmt::format("{}: the values of {} mix types", path, x.parameter));
          }
        }
        mine.push_back(std::move(x));
      }
    }
    const auto my_points = t["points"].value_or(std::size_t{0});
    const std::string my_sha = t["scenario_sha256"].value_or(std::string());
    if (sha.empty()) {
      axes = mine, points = my_points, sha = my_sha;
    } else if (mine != axes || my_points != points || my_sha != sha) {
      throw UsageError(fmt::format("{} is a shard of another sweep", dir));
    }
  }
  if (points == 0) throw UsageError(fmt::format("{}: a sweep shard without points", mo.shards[0]));
  std::vector<SweepPoint> merged;
  std::uint64_t replications = 0;
  for (std::size_t pi = 0; pi < points; ++pi) {
    std::vector<std::string> dirs;
    for (const std::string& dir : mo.shards) dirs.push_back(fmt::format("{}/point-{:04}", dir, pi));
    const MergedRun m = merge_run_shards(dirs, false);
    SweepPoint point;
    const std::size_t inner = axes.size() == 2 ? axes[1].values.size() : 1;
    point.values.push_back(axes[0].values.at(pi / inner));
    if (axes.size() == 2) point.values.push_back(axes[1].values.at(pi % inner));
    point.report = models::make_report(m.loaded.scenario, m.policies, m.result);
    point.report.scenario_sha256 = models::sha256_hex(m.loaded.resolved_toml);
    keep_sweep_tails(point, m.result);
    replications = m.result.replications_done;
    identity.policies = policy_names(m.loaded.scenario, m.policies);
    merged.push_back(std::move(point));
  }
  CommonOptions o;
  o.format = mo.format;
  o.out_dir = mo.out_dir;
  write_sweep_outputs(o, axes, merged, replications,
                      read_text(mo.shards.front() + "/scenario.resolved.toml"), identity);
  return kSuccess;
}

int merge(const MergeOptions& mo) {
  namespace fs = std::filesystem;
  const bool sweep = fs::exists(mo.shards.front() + "/sweep_shard.toml");
  if (sweep) return merge_sweep(mo);
  MergedRun m = merge_run_shards(mo.shards, true);
  const models::ModelSetup setup(m.loaded.scenario);
  CommonOptions o;
  o.format = mo.format;
  o.out_dir = mo.out_dir;
  write_run_outputs(o, m.loaded, setup, m.policies, m.result, 0.0);
  return kSuccess;
}

}  // namespace

Subcommand add_merge_command(CLI::App& app) {
  auto o = std::make_shared<MergeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "merge", "Combine the shards of a batch (jitsim run --shard I/N --out DIR) into one run");
  cmd->add_option("shards", o->shards, "Shard folders")->required()->check(CLI::ExistingDirectory);
  cmd->add_option("--format", o->format, "Standard output format")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  cmd->add_option("--out", o->out_dir, "Write the result files into this folder")
      ->check(non_empty_path());
  cmd->footer(
      "The merged files are byte for byte those of a single run (wall_seconds aside).\n"
      "Shards may come in any order (shards/* puts 10 before 8) and may be empty. Each shard's\n"
      "manifest.toml is checked: a shard without it, with a missing or edited file or a\n"
      "missing, extra or relabelled row, shards of different runs (other scenario, policies\n"
      "or input file contents), a missing or duplicate shard, or a trace CSV changed since\n"
      "the shards ran: exit 2.\n"
      "Interrupted (SIGINT, SIGTERM, SIGHUP), merge stops within a second, writes nothing and\n"
      "exits 128 + the signal (130, 143, 129).\n"
      "Example:\n"
      "  for i in 1 2 3 4; do jitsim run s.toml -n 1000 --shard $i/4 --out shard$i; done\n"
      "  jitsim merge shard1 shard2 shard3 shard4 --out results/");
  return {cmd, [o] { return merge(*o); }};
}

}  // namespace jitsim::cli
