// File: models/results/report_inputs.cpp
#include "models/results/report_inputs.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <string_view>

#include <fmt/format.h>
#include <toml++/toml.h>
#include <nlohmann/json.hpp>

#include "models/io/file_text.h"
#include "models/results/html_report.h"
#include "models/results/report_csv.h"

namespace jitsim::models::report_inputs {

namespace {

namespace fs = std::filesystem;

Stat read_stat(const CsvFile& f, std::size_t row) {
  Stat s;
  s.mean = f.number(row, "mean");
  s.sd = f.number(row, "sd");
  s.lo = f.number(row, "ci95_low");
  s.hi = f.number(row, "ci95_high");
  s.p05 = f.number(row, "p05");
  s.p50 = f.number(row, "p50");
  s.p95 = f.number(row, "p95");
  s.n = f.number(row, "n");
  return s;
}

void add_unique(std::vector<std::string>& list, const std::string& name) {
  if (std::find(list.begin(), list.end(), name) == list.end()) list.push_back(name);
}

// A representative duration: the value, the mean, or the middle of a uniform range.
double typical(const toml::node* node) {
  if (!node) return kNaN;
  if (const auto v = node->value<double>()) return *v;
  if (const toml::table* t = node->as_table()) {
    if (const auto v = (*t)["value"].value<double>()) return *v;
    if (const auto v = (*t)["mean"].value<double>()) return *v;
    const auto lo = (*t)["min"].value<double>();
    const auto hi = (*t)["max"].value<double>();
    if (lo && hi) return 0.5 * (*lo + *hi);
  }
  return kNaN;
}

// per_site.csv or per_lane.csv (`key`: "site" or "lane"), if the folder has it: rows in file
// order into `names`, statistics into `table`.
void read_per_row(const fs::path& dir, const char* file, const char* key,
                  std::vector<std::string>& names, PerRowStats& table,
                  std::vector<std::string>& files) {
  if (!fs::exists(dir / file)) return;
  const CsvFile f(dir / file, {"policy", key, "metric", "mean", "ci95_low", "ci95_high"});
  files.emplace_back(file);
  for (std::size_t r = 0; r < f.rows(); ++r) {
    const std::string& row = f.text(r, key);
    add_unique(names, row);
    Stat& s = table[f.text(r, "policy")][row][f.text(r, "metric")];
    s.mean = f.number(r, "mean");
    s.lo = f.number(r, "ci95_low");
    s.hi = f.number(r, "ci95_high");
  }
}

// "file:LINE:COL" of the byte offset `at` (1-based, as nlohmann counts) in `text`.
std::string position(const std::string& file, const std::string& text, std::size_t at) {
  std::size_t line = 1, col = 1;
  for (std::size_t i = 0; i + 1 < at && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line, col = 1;
    } else {
      ++col;
    }
  }
  return fmt::format("{}:{}:{}", file, line, col);
}

// A string member of a network entry; a missing member is empty, another type an error.
std::string member(const nlohmann::json& entry, const char* key, const std::string& where) {
  const auto it = entry.find(key);
  if (it == entry.end() || it->is_null()) return {};
  if (!it->is_string()) {
    throw ReportInputError(fmt::format("{}.{}: expected a string", where, key));
  }
  return it->get<std::string>();
}

// The "network" object of run.json (sites in network order, lanes); empty without it.
NetworkShape read_network(const fs::path& dir, std::vector<std::string>& files) {
  NetworkShape net;
  const fs::path path = dir / "run.json";
  const auto text = read_file_text(path);
  if (!text) return net;
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(*text);
  } catch (const nlohmann::json::parse_error& e) {
    throw ReportInputError(
        fmt::format("{}: not valid JSON", position(path.string(), *text, e.byte)));
  }
  const auto it = doc.is_object() ? doc.find("network") : doc.end();
  if (it == doc.end() || it->is_null()) return net;
  const std::string where = path.string() + ": network";
  if (!it->is_object()) throw ReportInputError(where + ": expected an object");
  files.emplace_back("run.json");
  // Each list: an array of objects with a string "id".
  auto entries = [&](const char* list) {
    std::vector<std::pair<const nlohmann::json*, std::string>> out;
    const auto l = it->find(list);
    if (l == it->end() || l->is_null()) return out;
    if (!l->is_array())
      throw ReportInputError(fmt::format("{}.{}: expected an array", where, list));
    for (std::size_t i = 0; i < l->size(); ++i) {
      const std::string at = fmt::format("{}.{}[{}]", where, list, i);
      const nlohmann::json& e = (*l)[i];
      if (!e.is_object()) throw ReportInputError(at + ": expected an object");
      if (member(e, "id", at).empty()) throw ReportInputError(at + ": no \"id\"");
      out.emplace_back(&e, at);
    }
    return out;
  };
  for (const auto& [e, at] : entries("sites")) add_unique(net.sites, member(*e, "id", at));
  for (const auto& [e, at] : entries("lanes")) {
    LaneShape lane{member(*e, "id", at), member(*e, "from", at),    member(*e, "from_kind", at),
                   member(*e, "to", at), member(*e, "carrier", at), false};
    if (lane.from.empty() || lane.to.empty()) {
      throw ReportInputError(at + ": a lane needs \"from\" and \"to\"");
    }
    if (const auto x = e->find("expedite"); x != e->end() && !x->is_null()) {
      if (!x->is_boolean()) throw ReportInputError(at + ".expedite: expected true or false");
      lane.expedite = x->get<bool>();
    }
    net.lanes.push_back(std::move(lane));
  }
  return net;
}

}  // namespace

RunData read_run(const std::filesystem::path& dir) {
  RunData run;
  const CsvFile summary(dir / "summary.csv", {"policy", "metric", "mean", "sd", "ci95_low",
                                              "ci95_high", "p05", "p50", "p95", "n"});
  run.files.push_back("summary.csv");
  for (std::size_t r = 0; r < summary.rows(); ++r) {
    const std::string& policy = summary.text(r, "policy");
    add_unique(run.policies, policy);
    run.stats[policy][summary.text(r, "metric")] = read_stat(summary, r);
  }
  if (run.policies.empty()) {
    throw ReportInputError(fmt::format("{}: no rows", (dir / "summary.csv").string()));
  }
  if (fs::exists(dir / "paired.csv")) {
    const CsvFile paired(dir / "paired.csv",
                         {"pair", "metric", "mean_diff", "ci95_low", "ci95_high", "share_better"});
    run.files.push_back("paired.csv");
    for (std::size_t r = 0; r < paired.rows(); ++r) {
      const std::string& pair = paired.text(r, "pair");
      add_unique(run.pairs, pair);
      run.paired[pair][paired.text(r, "metric")] = {
          paired.number(r, "mean_diff"), paired.number(r, "ci95_low"),
          paired.number(r, "ci95_high"), paired.number(r, "share_better")};
    }
  }
  if (fs::exists(dir / "timeseries_summary.csv")) {
    const CsvFile ts(dir / "timeseries_summary.csv",
                     {"day", "policy", "metric", "p05", "p50", "p95"});
    run.files.push_back("timeseries_summary.csv");
    for (std::size_t r = 0; r < ts.rows(); ++r) {
      Series& s = run.series[ts.text(r, "policy")][ts.text(r, "metric")];
      s.day.push_back(ts.number(r, "day"));
      s.p05.push_back(ts.number(r, "p05"));
      s.p50.push_back(ts.number(r, "p50"));
      s.p95.push_back(ts.number(r, "p95"));
    }
  }
  read_per_row(dir, "per_site.csv", "site", run.sites, run.per_site, run.files);
  read_per_row(dir, "per_lane.csv", "lane", run.lanes, run.per_lane, run.files);
  run.network = read_network(dir, run.files);
  return run;
}

SweepData read_sweep(const std::filesystem::path& dir) {
  SweepData sw;
  const CsvFile curves(dir / "curves.csv", {"parameter", "value", "policy", "metric", "mean", "sd",
                                            "ci95_low", "ci95_high", "p05", "p50", "p95", "n"});
  const bool grid = curves.has("parameter2") && curves.has("value2");
  std::set<double> values, values2;
  const bool tails = curves.has("cvar95"), arg_min = curves.has("argmin");
  // A column with a value that is not a number is a text axis: its categories by first
  // appearance (curves.csv lists the points in the order they were swept).
  const auto categories = [&](std::string_view column, std::map<std::string, double>& index) {
    std::vector<std::string> out;
    bool text = false;
    for (std::size_t r = 0; r < curves.rows(); ++r) {
      const std::string& t = curves.text(r, column);
      double x = 0;
      const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), x);
      text = text || t.empty() || ec != std::errc() || end != t.data() + t.size();
      if (index.emplace(t, static_cast<double>(out.size())).second) out.push_back(t);
    }
    return text ? out : std::vector<std::string>{};
  };
  std::map<std::string, double> index, index2;
  sw.labels = categories("value", index);
  if (grid) sw.labels2 = categories("value2", index2);
  const auto x_of = [&](std::size_t r, std::string_view column, bool text,
                        const std::map<std::string, double>& at) {
    return text ? at.at(curves.text(r, column)) : curves.number(r, column);
  };
  for (std::size_t r = 0; r < curves.rows(); ++r) {
    if (sw.parameter.empty()) sw.parameter = curves.text(r, "parameter");
    const double v2 = grid ? x_of(r, "value2", !sw.labels2.empty(), index2) : 0.0;
    if (grid && sw.parameter2.empty()) sw.parameter2 = curves.text(r, "parameter2");
    values2.insert(v2);
    const std::string& policy = curves.text(r, "policy");
    add_unique(sw.policies, policy);
    const double x = x_of(r, "value", !sw.labels.empty(), index);
    values.insert(x);
    sw.curves[{v2, policy, curves.text(r, "metric")}].push_back(
        {x, read_stat(curves, r), tails ? curves.number(r, "cvar95") : kNaN,
         arg_min ? curves.text(r, "argmin") : std::string()});
  }
  if (sw.policies.empty()) {
    throw ReportInputError(fmt::format("{}: no rows", (dir / "curves.csv").string()));
  }
  for (auto& [key, points] : sw.curves) {
    std::stable_sort(points.begin(), points.end(),
                     [](const CurvePoint& a, const CurvePoint& b) { return a.x < b.x; });
  }
  sw.values2.assign(values2.begin(), values2.end());
  sw.values.assign(values.begin(), values.end());
  return sw;
}

// The scenario's name, run settings and shocks, from scenario.resolved.toml (optional).
Meta read_meta(const std::filesystem::path& dir) {
  Meta meta;
  const auto text = read_file_text(dir / "scenario.resolved.toml");
  if (!text) return meta;
  try {
    const toml::table doc = toml::parse(*text, std::string_view{"scenario.resolved.toml"});
    meta.name = doc["scenario"]["name"].value_or(std::string());
    meta.horizon_days = doc["scenario"]["horizon_days"].value_or(kNaN);
    meta.warmup_days = doc["scenario"]["warmup_days"].value_or(kNaN);
    if (const auto s = doc["scenario"]["seed"].value<std::int64_t>()) meta.seed = *s;
    if (const auto n = doc["scenario"]["replications"].value<std::int64_t>()) {
      meta.replications = *n;
    }
    if (const toml::array* shocks = doc["shocks"].as_array()) {
      for (const toml::node& node : *shocks) {
        const toml::table* t = node.as_table();
        if (!t) continue;
        const auto start = (*t)["start_day"].value<double>();
        if (!start) {
          ++meta.random_shocks;
          continue;
        }
        ShockSpan w;
        w.id = (*t)["id"].value_or(std::string());
        w.kind = (*t)["kind"].value_or(std::string());
        w.start = *start;
        w.end = *start + typical((*t)["duration_days"].node());
        meta.shocks.push_back(std::move(w));
      }
    }
  } catch (const toml::parse_error&) {
    return Meta{};  // the report still renders, without the scenario's details
  }
  return meta;
}

}  // namespace jitsim::models::report_inputs
