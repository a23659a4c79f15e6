// File: models/cli/checkpoint.cpp
#include "models/cli/checkpoint.h"

#include <charconv>
#include <filesystem>
#include <map>
#include <sstream>
#include <tuple>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "models/cli/file_set.h"
#include "models/cli/output_dir.h"
#include "models/cli/run_outputs.h"
#include "models/io/csv.h"
#include "models/results/report.h"

namespace jitsim::cli {

namespace {

std::string folder(const std::string& out_dir) {
  return out_dir + "/" + kCheckpointFolder;
}

double parse_double(const std::string& text) {
  double x = 0;
  std::from_chars(text.data(), text.data() + text.size(), x);
  return x;
}

}  // namespace

void write_checkpoint(const std::string& out_dir, const LoadedScenario& loaded,
                      const models::ModelSetup& setup, const std::vector<std::size_t>& policies,
                      const models::ExperimentResult& result) {
  const models::Scenario& sc = loaded.scenario;
  OutputDir out(folder(out_dir));
  const toml::table t{{"replications_done", static_cast<std::int64_t>(result.replications_done)},
                      {"events_executed", static_cast<std::int64_t>(result.events)}};
  std::ostringstream text;
  text << "# jitsim run --resume continues from here (see jitsim help run)\n" << t << '\n';
  out.add("checkpoint.toml", text.str());
  out.add_stream("replications.csv",
                 [&](std::ostream& s) { models::write_replications_csv(s, sc, policies, result); });
  out.add_stream("breakdown_state.csv", [&](std::ostream& s) {
    s << "policy,part,name,value,n,mean,m2\n";
    const models::BreakdownLayout layout(setup);
    for (std::size_t k = 0; k < policies.size(); ++k) {
      const models::BreakdownStats& stats = result.policies[k].breakdown;
      if (stats.empty()) continue;
      const std::string policy = models::csv_field(sc.policies[policies[k]].name);
      for (const models::Part part : models::kParts) {
        const std::vector<std::string_view>& values = models::part_values(part);
        for (std::size_t row = 0; row < layout.rows(part); ++row) {
          const std::string key = fmt::format("{},{},{}", policy, models::part_name(part),
                                              models::csv_field(layout.row_names(part)[row]));
          for (std::size_t v = 0; v < values.size(); ++v) {
            const sim::RunningStats::State st = stats[layout.offset(part, row) + v].state();
            s << key << ',' << values[v] << ',' << st.n << ',' << models::format_number(st.mean)
              << ',' << models::format_number(st.m2) << '\n';
          }
        }
      }
    }
  });
  out.set_manifest(manifest_header("checkpoint", run_identity(loaded, policy_names(sc, policies))));
  out.commit();
}

bool read_checkpoint(const std::string& out_dir, const LoadedScenario& loaded,
                     const models::ModelSetup& setup, const std::vector<std::size_t>& policies,
                     models::ExperimentResult& into) {
  const std::string dir = folder(out_dir);
  if (!std::filesystem::exists(dir)) return false;
  const models::Scenario& sc = loaded.scenario;
  const std::string fresh = fmt::format("remove {} to start afresh", dir);
  // The set first (torn by a kill, edited, or files of two saves), then whose run it is.
  const FileSet set = verify_file_set(dir, "checkpoint", fresh);
  const std::vector<std::string> names = policy_names(sc, policies);
  const std::string why = identity_difference(run_identity(loaded, names), set.identity);
  if (!why.empty()) {
    throw UsageError(fmt::format("--resume: {} belongs to another run: {}; {}", dir, why, fresh));
  }
  const toml::table manifest = read_toml(dir + "/checkpoint.toml");
  into.policies.assign(policies.size(), {});
  read_metric_rows(
      dir + "/replications.csv", 2,
      [&](const std::string& p, std::uint64_t, const std::string&, const models::MetricValues& v) {
        const auto k =
            static_cast<std::size_t>(std::find(names.begin(), names.end(), p) - names.begin());
        into.policies.at(k).runs.push_back(v);
      });
  // Every (part, row name, value) to its place in the layout: the state file keys rows by
  // name, so a stale or edited one fails loudly instead of landing in the wrong place.
  const models::BreakdownLayout layout(setup);
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> place;
  for (const models::Part part : models::kParts) {
    const std::vector<std::string_view>& values = models::part_values(part);
    for (std::size_t row = 0; row < layout.rows(part); ++row) {
      for (std::size_t v = 0; v < values.size(); ++v) {
        place[{std::string(models::part_name(part)), layout.row_names(part)[row],
               std::string(values[v])}] = layout.offset(part, row) + v;
      }
    }
  }
  for (auto& p : into.policies) p.breakdown.assign(layout.size(), {});
  const models::CsvTable state = models::parse_csv(read_text(dir + "/breakdown_state.csv"));
  for (const auto& row : state.rows) {
    const auto k = static_cast<std::size_t>(std::find(names.begin(), names.end(), row[0].text) -
                                            names.begin());
    const sim::RunningStats::State st{static_cast<std::size_t>(parse_double(row[4].text)),
                                      parse_double(row[5].text), parse_double(row[6].text)};
    into.policies.at(k).breakdown.at(place.at({row[1].text, row[2].text, row[3].text})) =
        sim::RunningStats(st);
  }
  into.replications_done = manifest["replications_done"].value_or(std::uint64_t{0});
  into.events = manifest["events_executed"].value_or(std::uint64_t{0});
  for (const auto& p : into.policies) {
    if (p.runs.size() != into.replications_done) {
      throw UsageError(fmt::format("--resume: {} is incomplete; remove it to start afresh", dir));
    }
  }
  return true;
}

void remove_checkpoint(const std::string& out_dir) {
  std::error_code ec;
  std::filesystem::remove_all(folder(out_dir), ec);
}

}  // namespace jitsim::cli
