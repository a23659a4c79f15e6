// File: models/decisions/sensitivity.cpp
#include "models/decisions/sensitivity.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "models/decisions/latin_hypercube.h"
#include "models/io/text_format.h"

namespace jitsim::models {

namespace {

// A bound: a finite number; `integer` when written without '.', 'e' or 'E'.
double parse_bound(std::string_view text, const std::string& whole, bool& integer) {
  double x = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(x)) {
    throw std::invalid_argument(
        fmt::format("--param {}: '{}' is not a number (expected KEY=LOW:HIGH)", whole, text));
  }
  integer = integer && text.find_first_of(".eE") == std::string_view::npos;
  return x;
}

// Runs one setting: `overrides` on top of the scenario, every policy, `replications`.
// Returns nullopt when cancelled.
std::optional<Candidate> run_setting(const ScenarioLoader& load,
                                     const std::vector<std::string>& overrides,
                                     const SensitivityOptions& o, double done_before,
                                     double total) {
  std::optional<Scenario> sc = load(overrides);
  if (!sc) {
    std::string what;
    for (const std::string& s : overrides) what += (what.empty() ? "" : ", ") + s;
    throw SensitivityInputError(fmt::format("the scenario does not load with {}", what));
  }
  Candidate c(std::move(*sc), o.policies);
  RunSettings settings = o.run;
  const auto reps = static_cast<double>(o.replications);
  settings.progress = [&](double d, std::uint64_t) {
    if (o.run.progress) {
      o.run.progress(done_before + d / reps, static_cast<std::uint64_t>(total));
    }
  };
  if (!c.run_more(o.replications, settings)) return std::nullopt;
  return c;
}

SwingEnd swing_end(const Candidate& c, double value, const SensitivityOptions& o) {
  SwingEnd end;
  end.value = value;
  for (std::size_t slot = 0; slot < o.policies.size(); ++slot) {
    end.cost.push_back(sim::summarize(c.values(slot, Metric::total_cost)));
  }
  if (!o.paired) return end;
  end.a_values = c.values(o.compare_a, Metric::total_cost);
  end.b_values = c.values(o.compare_b, Metric::total_cost);
  end.difference = sim::summarize_paired(end.a_values, end.b_values, true);
  return end;
}

double mean_of(const std::vector<double>& v) {
  return sim::summarize(v).mean;
}

}  // namespace

SensitivityParameter parse_sensitivity_parameter(const std::string& text) {
  const std::size_t eq = text.rfind('=');
  if (eq == std::string::npos || eq == 0) {
    throw std::invalid_argument(
        fmt::format("--param {}: expected KEY=LOW:HIGH (a key path as --set takes it)", text));
  }
  const std::string_view range = std::string_view(text).substr(eq + 1);
  const std::size_t colon = range.find(':');
  if (colon == std::string_view::npos) {
    throw std::invalid_argument(fmt::format("--param {}: expected KEY=LOW:HIGH", text));
  }
  SensitivityParameter p;
  p.key = text.substr(0, eq);
  p.integer = true;
  p.low = parse_bound(range.substr(0, colon), text, p.integer);
  p.high = parse_bound(range.substr(colon + 1), text, p.integer);
  if (!(p.low < p.high)) {
    throw std::invalid_argument(fmt::format("--param {}: need LOW < HIGH", text));
  }
  if (p.integer && (std::abs(p.low) > 9e15 || std::abs(p.high) > 9e15)) p.integer = false;
  return p;
}

std::string sensitivity_override(const SensitivityParameter& p, double value) {
  if (p.integer) return fmt::format("{}={}", p.key, static_cast<long long>(std::llround(value)));
  return fmt::format("{}={}", p.key, format_number(value));
}

std::optional<SensitivityResult> run_sensitivity(const ScenarioLoader& load,
                                                 const SensitivityOptions& o) {
  if (o.policies.empty() ||
      (o.paired && (o.compare_a >= o.policies.size() || o.compare_b >= o.policies.size()))) {
    throw std::invalid_argument("sensitivity: the compared policies are not among those run");
  }
  const double total = static_cast<double>(2 * o.parameters.size() + o.samples);
  double done = 0;
  SensitivityResult result;
  for (const SensitivityParameter& p : o.parameters) {
    SwingRow row;
    row.parameter = p;
    for (const bool high : {false, true}) {
      const double value = high ? p.high : p.low;
      auto c = run_setting(load, {sensitivity_override(p, value)}, o, done, total);
      if (!c) return std::nullopt;
      (high ? row.high : row.low) = swing_end(*c, value, o);
      ++done;
    }
    result.swings.push_back(std::move(row));
  }
  if (o.samples == 0) return result;

  GlobalView g;
  const std::vector<std::vector<double>> unit =
      latin_hypercube(o.samples, o.parameters.size(), o.seed);
  for (const std::vector<double>& u : unit) {
    std::vector<double> x;
    std::vector<std::string> overrides;
    for (std::size_t j = 0; j < o.parameters.size(); ++j) {
      const SensitivityParameter& p = o.parameters[j];
      double v = p.low + u[j] * (p.high - p.low);
      // An integer key gets the nearest integer: each stratum still maps to its own part of the
      // range, though two narrow strata may round to one value.
      if (p.integer) v = std::round(v);
      x.push_back(v);
      overrides.push_back(sensitivity_override(p, v));
    }
    auto c = run_setting(load, overrides, o, done, total);
    if (!c) return std::nullopt;
    std::vector<double> costs;
    for (std::size_t slot = 0; slot < o.policies.size(); ++slot) {
      costs.push_back(mean_of(c->values(slot, Metric::total_cost)));
    }
    if (o.paired) {
      const std::vector<double> a = c->values(o.compare_a, Metric::total_cost);
      const std::vector<double> b = c->values(o.compare_b, Metric::total_cost);
      g.mean_difference.push_back(sim::summarize_paired(a, b, true).mean_diff);
    }
    g.mean_cost.push_back(std::move(costs));
    g.points.push_back(std::move(x));
    ++done;
  }
  for (std::size_t slot = 0; slot < o.policies.size(); ++slot) {
    std::vector<double> y;
    for (const std::vector<double>& costs : g.mean_cost) y.push_back(costs[slot]);
    g.policy_fits.push_back(fit_linear(g.points, y));
  }
  if (o.paired) g.difference_fit = fit_linear(g.points, g.mean_difference);
  result.global = std::move(g);
  return result;
}

double swing_width(const SwingRow& row, std::size_t policy) {
  if (policy == static_cast<std::size_t>(-1)) {
    return std::abs(row.high.difference.mean_diff - row.low.difference.mean_diff);
  }
  return std::abs(row.high.cost[policy].mean - row.low.cost[policy].mean);
}

}  // namespace jitsim::models
