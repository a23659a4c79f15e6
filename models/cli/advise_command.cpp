// File: models/cli/advise_command.cpp
// `jitsim advise`: JIT, JIC or hybrid for this chain, per SKU class, with the points along the
// stress axes where the answer changes (models/decisions/advise.h). Text for a manager, JSON,
// and with --out advise.json, advise.csv and run.json, written whole or not at all.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/cli/commands.h"
#include "models/cli/common.h"
#include "models/cli/file_set.h"
#include "models/cli/output_dir.h"
#include "models/decisions/advise.h"
#include "models/io/sha256.h"
#include "models/io/text_format.h"
#include "models/results/json_writer.h"
#include "models/version.h"

namespace jitsim::cli {

namespace {

struct AdviseOptions {
  CommonOptions common;
  std::string min_fill_rate = "0.95";
  std::string format = "text";
  std::vector<std::string> axes;
};

double parse_min_fill(const std::string& text) {
  char* end = nullptr;
  const double x = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(x) || x < 0 || x > 1) {
    throw UsageError(
        fmt::format("--min-fill-rate must be a fraction in [0, 1] (e.g. 0.95), got '{}'", text));
  }
  return x;
}

std::string percent(double x) {
  return std::isnan(x) ? "n/a" : fmt::format("{:.0f} %", 100 * x);
}

std::string axis_value(const models::StressAxis& axis, double v) {
  return axis.unit == "x" ? fmt::format("x{:.3g}", v) : fmt::format("{:.3g}{}", v, axis.unit);
}

// "x1.05-1.16", "5.6-8.4 days".
std::string axis_range(const models::StressAxis& axis, double a, double b) {
  return axis.unit == "x" ? fmt::format("x{:.3g}-{:.3g}", a, b)
                          : fmt::format("{:.3g}-{:.3g}{}", a, b, axis.unit);
}

// "when carrier delays rise above x1.3": the axis in words, in the direction of the flip.
std::string flip_condition(const models::StressAxis& axis, const models::BreakEven& be) {
  const bool up = be.hi > axis.neutral;
  const std::string at = axis_value(axis, be.at);
  switch (axis.kind) {
    case models::AxisKind::carrier_delay:
      return fmt::format("carrier delays {} {}", up ? "rise above" : "fall below", at);
    case models::AxisKind::demand_volatility:
      return fmt::format("demand volatility (order-size spread) {} {}",
                         up ? "rises above" : "falls below", at);
    case models::AxisKind::lead_time_variability:
      return fmt::format("supplier lead-time spread {} {}", up ? "rises above" : "falls below", at);
    case models::AxisKind::supplier_outage:
      return fmt::format("a supplier outage lasts longer than {}", at);
  }
  return {};
}

std::string class_paragraph(const models::AdviseResult& r, const models::ClassAdvice& c,
                            double min_fill) {
  const models::ClassPoint& p = c.at_scenario;
  const std::string& rec = r.policies[p.recommended];
  const std::string label =
      c.sku_class.name == "critical" ? "critical items" : c.sku_class.name + " items";
  std::string text = fmt::format("For {} ({} SKU{}) ", label, c.sku_class.skus.size(),
                                 c.sku_class.skus.size() == 1 ? "" : "s");
  if (p.meets_min_fill) {
    text += fmt::format("choose {}: cheapest meeting {} fill in {} of futures", rec,
                        percent(min_fill), percent(p.confidence));
  } else {
    text += fmt::format("no policy meets {} fill; {} comes closest ({} fill)", percent(min_fill),
                        rec, percent(p.fill_mean[p.recommended]));
  }
  std::vector<std::string> flips, steady;
  for (const models::StressAxis& axis : r.axes) {
    double lo = axis.neutral, hi = axis.neutral;  // the range searched without a flip
    for (const models::BreakEven& be : c.break_even) {
      if (be.axis != axis.name) continue;
      if (be.flips) {
        flips.push_back(fmt::format("it flips to {} when {} ({}{})", r.policies[be.to],
                                    flip_condition(axis, be),
                                    axis_range(axis, be.ci95_low, be.ci95_high),
                                    be.by_fill ? ", by the fill minimum" : ""));
      } else {
        lo = std::min(lo, be.lo);
        hi = std::max(hi, be.hi);
      }
    }
    if (lo < hi) steady.push_back(fmt::format("{} {}", axis.name, axis_range(axis, lo, hi)));
  }
  for (const std::string& f : flips) text += "; " + f;
  text += ".";
  if (!steady.empty()) {
    text += " No flip within";
    for (std::size_t i = 0; i < steady.size(); ++i) text += (i ? ", " : " ") + steady[i];
    text += ".";
  }
  return text + "\n";
}

nlohmann::ordered_json advise_document(const models::AdviseResult& r, double min_fill) {
  nlohmann::ordered_json doc;
  doc["min_fill_rate"] = min_fill;
  doc["replications"] = r.replications;
  doc["policies"] = r.policies;
  doc["classes"] = nlohmann::ordered_json::array();
  for (const models::ClassAdvice& c : r.classes) {
    const models::ClassPoint& p = c.at_scenario;
    nlohmann::ordered_json cj;
    cj["class"] = c.sku_class.name;
    cj["skus"] = nlohmann::ordered_json::array();
    for (const std::size_t s : c.sku_class.skus) cj["skus"].push_back(r.sku_ids[s]);
    cj["recommended"] = r.policies[p.recommended];
    cj["meets_min_fill"] = p.meets_min_fill;
    cj["confidence"] = p.confidence;
    cj["by_policy"] = nlohmann::ordered_json::array();
    for (std::size_t k = 0; k < r.policies.size(); ++k) {
      cj["by_policy"].push_back({{"policy", r.policies[k]},
                                 {"total_cost_mean", p.cost_mean[k]},
                                 {"fill_rate_mean", p.fill_mean[k]}});
    }
    cj["break_even"] = nlohmann::ordered_json::array();
    for (const models::BreakEven& be : c.break_even) {
      nlohmann::ordered_json bj;
      bj["axis"] = be.axis;
      bj["lo"] = be.lo;
      bj["hi"] = be.hi;
      bj["flips"] = be.flips;
      if (be.flips) {
        bj["from"] = r.policies[be.from];
        bj["to"] = r.policies[be.to];
        bj["at"] = be.at;
        bj["ci95_low"] = be.ci95_low;
        bj["ci95_high"] = be.ci95_high;
        bj["by_fill"] = be.by_fill;
      }
      cj["break_even"].push_back(std::move(bj));
    }
    doc["classes"].push_back(std::move(cj));
  }
  doc["points"] = r.points;
  doc["replications_spent"] = r.replications_spent;
  return doc;
}

std::string advise_csv(const models::AdviseResult& r) {
  using models::csv_field;
  using models::format_number;
  std::string out =
      "class,skus,recommended,meets_min_fill,confidence,axis,lo,hi,flips,from,to,at,ci95_low,"
      "ci95_high,by_fill\n";
  for (const models::ClassAdvice& c : r.classes) {
    const models::ClassPoint& p = c.at_scenario;
    for (const models::BreakEven& be : c.break_even) {
      out += fmt::format("{},{},{},{},{},{},{},{},{},", csv_field(c.sku_class.name),
                         c.sku_class.skus.size(), csv_field(r.policies[p.recommended]),
                         p.meets_min_fill, format_number(p.confidence), csv_field(be.axis),
                         format_number(be.lo), format_number(be.hi), be.flips);
      if (be.flips) {
        out += fmt::format("{},{},{},{},{},{}\n", csv_field(r.policies[be.from]),
                           csv_field(r.policies[be.to]), format_number(be.at),
                           format_number(be.ci95_low), format_number(be.ci95_high), be.by_fill);
      } else {
        out += ",,,,,\n";
      }
    }
  }
  return out;
}

int advise(AdviseOptions& ao) {
  const CommonOptions& o = ao.common;
  const double min_fill = parse_min_fill(ao.min_fill_rate);
  const auto loaded = load(o);
  if (!loaded) return kBadInput;
  const models::Scenario& sc = loaded->scenario;
  models::AdviseSettings settings;
  settings.min_fill_rate = min_fill;
  settings.replications = static_cast<std::uint64_t>(sc.scenario.replications);
  settings.base_dir = loaded->scenario_dir;
  const std::vector<models::StressAxis> all = models::default_axes(sc);
  for (const std::string& name : ao.axes) {
    const models::StressAxis* a = models::find_axis(all, name);
    if (!a) {
      throw UsageError(fmt::format(
          "--axis: no axis '{}' (carrier_delay, demand_volatility, lead_time_variability, "
          "supplier_outage)",
          name));
    }
    settings.axes.push_back(*a);
  }
  if (settings.axes.empty()) settings.axes = all;

  Progress progress("advise", !o.quiet);
  // The points to come are not known ahead (bisection runs only where a flip is): the bar
  // counts points, against at least the scenario and both ends of every axis.
  std::uint64_t started = 0, expected = 1;
  for (const models::StressAxis& a : settings.axes)
    expected += (a.lo != a.neutral) + (a.hi != a.neutral);
  settings.on_point = [&](const models::StressAxis*, double) { ++started; };
  settings.run.threads = thread_count(o);
  settings.run.check_invariants = o.check_invariants;
  settings.run.cancel = &interrupted();
  settings.run.progress = [&](double d, std::uint64_t total) {
    const double point_share = total ? d / static_cast<double>(total) : 0;
    expected = std::max(expected, started);
    progress.update(static_cast<double>(started - 1) + point_share, expected);
  };
  models::AdviseResult result;
  {
    const DeferInterrupts defer;
    result = models::advise(sc, settings);
  }
  if (result.cancelled || interrupted()) {
    fmt::print(stderr, "jitsim advise: interrupted; nothing written\n");
    return interrupted_exit_code();
  }

  const nlohmann::ordered_json doc = advise_document(result, min_fill);
  if (!o.out_dir.empty()) {
    OutputDir out(o.out_dir);
    out.add("advise.json", models::write_json(doc));
    out.add("advise.csv", advise_csv(result));
    nlohmann::ordered_json run;
    run["command"] = "advise";
    run["jitsim_version"] = std::string(models::kVersion);
    run["scenario"] = sc.scenario.name;
    run["scenario_sha256"] = models::sha256_hex(loaded->resolved_toml);
    run["seed"] = sc.scenario.seed;
    run["replications"] = result.replications;
    run["min_fill_rate"] = min_fill;
    run["axes"] = nlohmann::ordered_json::array();
    for (const models::StressAxis& a : result.axes) {
      run["axes"].push_back({{"axis", a.name}, {"lo", a.lo}, {"hi", a.hi}, {"neutral", a.neutral}});
    }
    run["points"] = result.points;
    run["replications_spent"] = result.replications_spent;
    out.add("run.json", models::write_json(run));
    out.add("scenario.resolved.toml", loaded->resolved_toml);
    out.set_manifest(manifest_header("advise", run_identity(*loaded, result.policies)));
    out.commit();
  }
  if (ao.format == "json") {
    fmt::print("{}", models::write_json(doc));
  } else {
    for (const models::ClassAdvice& c : result.classes) {
      fmt::print("{}\n", class_paragraph(result, c, min_fill));
    }
    fmt::print(
        "({} settings x {} policies x {} replications = {} replications, common random "
        "numbers)\n",
        result.points, result.policies.size(), result.replications, result.replications_spent);
  }
  return kSuccess;
}

}  // namespace

Subcommand add_advise_command(CLI::App& app) {
  auto o = std::make_shared<AdviseOptions>();
  CLI::App* cmd = app.add_subcommand(
      "advise",
      "JIT, JIC or hybrid? The cheapest policy meeting a fill rate, per SKU class, "
      "and where the answer flips along stress axes");
  add_common_options(*cmd, o->common, kRunOptions | kInvariantsOption);
  cmd->add_option("--min-fill-rate", o->min_fill_rate,
                  "Class fill rate a policy must reach to be chosen (default 0.95)");
  cmd->add_option("--axis", o->axes,
                  "Search only this stress axis (repeatable): carrier_delay, demand_volatility, "
                  "lead_time_variability, supplier_outage");
  cmd->add_option("--format", o->format, "Standard output format")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--out", o->common.out_dir,
                  "Write advise.json, advise.csv and run.json into this folder")
      ->check(non_empty_path());
  cmd->footer(
      "Classes: A, B, C by planned revenue (80 % / 15 % / 5 %) and the critical-flagged SKUs.\n"
      "Examples:\n"
      "  jitsim advise scenarios/advise_calm_domestic.toml\n"
      "  jitsim advise scenarios/advise_erratic_ocean.toml --min-fill-rate 0.98 --format json "
      "--out advice/");
  return {cmd, [o] { return advise(*o); }};
}

}  // namespace jitsim::cli
