// File: models/decisions/break_even.cpp
#include "models/decisions/break_even.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "models/decisions/advise.h"
#include "models/io/scenario_loader.h"
#include "models/io/scenario_writer.h"
#include "sim/statistics.h"

namespace jitsim::models {

std::vector<StressAxis> default_axes(const Scenario& scenario) {
  const double outage_max = std::min(90.0, scenario.scenario.horizon_days);
  return {
      {AxisKind::carrier_delay, "carrier_delay", 0.5, 3.0, 1.0, "x"},
      {AxisKind::demand_volatility, "demand_volatility", 0.0, 3.0, 1.0, "x"},
      {AxisKind::lead_time_variability, "lead_time_variability", 0.0, 3.0, 1.0, "x"},
      {AxisKind::supplier_outage, "supplier_outage", 0.0, outage_max, 0.0, " days"},
  };
}

const StressAxis* find_axis(const std::vector<StressAxis>& axes, const std::string& name) {
  for (const StressAxis& a : axes) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

sim::DistributionSpec scale_spread(const sim::DistributionSpec& spec, double k) {
  using sim::DistributionKind;
  sim::DistributionSpec out = spec;
  auto gamma = [&](double mean, double sd) {
    if (sd <= 0) return sim::DistributionSpec::constant(mean);
    sim::DistributionSpec g;
    g.kind = DistributionKind::gamma;
    g.mean = mean;
    g.sd = sd;
    return g;
  };
  switch (spec.kind) {
    case DistributionKind::fixed:
      break;
    case DistributionKind::normal:
    case DistributionKind::lognormal:
    case DistributionKind::gamma:
      out.sd = spec.sd * k;
      break;
    case DistributionKind::uniform: {
      const double mid = 0.5 * (spec.min + spec.max), half = 0.5 * (spec.max - spec.min) * k;
      out.min = std::max(0.0, mid - half);
      out.max = mid + half;
      break;
    }
    case DistributionKind::empirical: {
      const double mean = spec.expected();
      for (double& v : out.values) v = std::max(0.0, mean + k * (v - mean));
      break;
    }
    case DistributionKind::exponential:
      if (k != 1) out = gamma(spec.mean, k * spec.mean);
      break;
    case DistributionKind::poisson:
      if (k != 1) out = gamma(spec.mean, k * std::sqrt(spec.mean));
      break;
  }
  return out;
}

namespace {

// The one shock an axis adds, as a [[shocks]] entry (every carrier or supplier: no target).
std::string axis_shock(const Scenario& sc, const StressAxis& axis, double value) {
  const double warmup = sc.scenario.warmup_days, horizon = sc.scenario.horizon_days;
  if (axis.kind == AxisKind::carrier_delay) {
    return fmt::format(
        "\n[[shocks]]\nid = \"advise-carrier-delay\"\nkind = \"shipping_delay\"\n"
        "start_day = {}\nduration_days = {}\ndelay_factor = {}\n",
        -warmup, warmup + horizon, value);
  }
  return fmt::format(
      "\n[[shocks]]\nid = \"advise-supplier-outage\"\nkind = \"supplier_shutdown\"\n"
      "start_day = 0\nduration_days = {}\n",
      value);
}

}  // namespace

Scenario scenario_at(const Scenario& scenario, const std::filesystem::path& base_dir,
                     const StressAxis& axis, double value) {
  if (value == axis.neutral) return scenario;
  Scenario changed = scenario;
  std::string extra;
  switch (axis.kind) {
    case AxisKind::carrier_delay:
    case AxisKind::supplier_outage:
      extra = axis_shock(scenario, axis, value);
      break;
    case AxisKind::demand_volatility:
      for (Sku& s : changed.skus) {
        if (!s.demand.is_replay()) s.demand.order_size = scale_spread(s.demand.order_size, value);
      }
      break;
    case AxisKind::lead_time_variability:
      for (Supplier& s : changed.suppliers)
        s.lead_time_days = scale_spread(s.lead_time_days, value);
      break;
  }
  // Through the loader: the changed scenario is checked like a file (and its plans derived).
  std::string text = to_toml(changed);
  text.append(extra);
  const std::string name = fmt::format("<advise {}={}>", axis.name, value);
  LoadResult r = load_scenario_text(text, name, base_dir);
  if (!r.ok()) {
    std::string why;
    for (const Diagnostic& d : r.diagnostics) {
      why.push_back('\n');
      why.append(format(d));
    }
    throw std::runtime_error(
        fmt::format("the scenario at {} = {} does not load:{}", axis.name, value, why));
  }
  return std::move(*r.scenario);
}

namespace {

bool both_meet(const ClassPoint& p, std::size_t a, std::size_t b) {
  return p.meets[a] && p.meets[b];
}

sim::PairedSummary paired_cost(const ClassPoint& p, std::size_t a, std::size_t b) {
  return sim::summarize_paired(p.cost[a], p.cost[b], true);
}

}  // namespace

std::optional<BreakEven> search_break_even(const StressAxis& axis, double end, int steps,
                                           const ClassAt& class_at) {
  BreakEven be;
  be.axis = axis.name;
  be.lo = std::min(axis.neutral, end);
  be.hi = std::max(axis.neutral, end);
  const ClassPoint* start = class_at(axis.neutral);
  if (!start) return std::nullopt;
  be.from = start->recommended;
  be.to = be.from;
  if (end == axis.neutral) return be;
  const ClassPoint* far_point = class_at(end);
  if (!far_point) return std::nullopt;
  if (far_point->recommended == be.from) return be;  // no flip on this side
  // Bracket [near, far]: `from` recommended at near, something else at far.
  std::vector<std::pair<double, const ClassPoint*>> seen{{axis.neutral, start}, {end, far_point}};
  double near = axis.neutral, far = end;
  const ClassPoint* near_point = start;
  for (int i = 0; i < steps; ++i) {
    const double mid = 0.5 * (near + far);
    const ClassPoint* p = class_at(mid);
    if (!p) return std::nullopt;
    seen.emplace_back(mid, p);
    if (p->recommended == be.from) {
      near = mid;
      near_point = p;
    } else {
      far = mid;
      far_point = p;
    }
  }
  be.flips = true;
  be.to = far_point->recommended;
  // Crossing by cost: both policies meet the fill minimum at both ends of the last bracket
  // and their paired mean difference changes sign there.
  const double dn = paired_cost(*near_point, be.from, be.to).mean_diff;
  const double df = paired_cost(*far_point, be.from, be.to).mean_diff;
  const bool by_cost = both_meet(*near_point, be.from, be.to) &&
                       both_meet(*far_point, be.from, be.to) && dn <= 0 && df > 0;
  be.by_fill = !by_cost;
  if (by_cost) {
    be.at = near + (far - near) * (dn / (dn - df));
    // Nearest evaluated point on each side whose paired interval excludes 0 that way.
    double low_side = axis.neutral, high_side = end;
    const double toward = end > axis.neutral ? 1.0 : -1.0;
    for (const auto& [v, p] : seen) {
      const sim::PairedSummary d = paired_cost(*p, be.from, be.to);
      const double along = (v - be.at) * toward;  // < 0: the `from` side
      if (along <= 0 && d.ci95_high < 0 && (v - low_side) * toward > 0) low_side = v;
      if (along >= 0 && d.ci95_low > 0 && (v - high_side) * toward < 0) high_side = v;
    }
    be.ci95_low = std::min(low_side, high_side);
    be.ci95_high = std::max(low_side, high_side);
  } else {
    be.at = 0.5 * (near + far);
    be.ci95_low = std::min(near, far);
    be.ci95_high = std::max(near, far);
  }
  return be;
}

}  // namespace jitsim::models
