// -----------------------------------------------------------------------------
// File: models/decisions/break_even.h
// -----------------------------------------------------------------------------
// The stress axes of `jitsim advise` (what each one changes in the scenario) and the search for
// the point along an axis where a class's recommended policy changes: from the scenario as
// given outwards to each end of the axis, then bisection of the bracket where the
// recommendation differs, every point run with the same random futures (common random
// numbers), so that the paired cost difference of the two policies is what moves.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "models/model/scenario.h"

namespace jitsim::models {

struct ClassPoint;

enum class AxisKind { carrier_delay, demand_volatility, lead_time_variability, supplier_outage };

struct StressAxis {
  AxisKind kind = AxisKind::carrier_delay;
  std::string name;  // as in the outputs and --axis
  double lo = 0, hi = 0;
  double neutral = 0;  // the value at which the scenario is unchanged (inside [lo, hi])
  std::string unit;    // "x" for factors, " days" for durations (text output)
};

/// The four axes with their ranges for `scenario` (scenarios/README.md "jitsim advise").
std::vector<StressAxis> default_axes(const Scenario& scenario);
/// The axis of that name from default_axes, or nullptr.
const StressAxis* find_axis(const std::vector<StressAxis>& axes, const std::string& name);

/// `spec` with its spread scaled by `k` >= 0 and its mean kept: sd x k (normal, lognormal,
/// gamma); uniform about its midpoint (min clipped at 0); empirical values about their mean
/// (clipped at 0); exponential and poisson become a gamma of the same mean and k x their sd
/// (unchanged at k = 1); a fixed value has no spread and stays as it is.
sim::DistributionSpec scale_spread(const sim::DistributionSpec& spec, double k);

/// The scenario at `value` on `axis` (the scenario itself at the neutral value). Shocks are
/// appended to its resolved TOML and loaded again (relative trace paths from `base_dir`).
/// Throws std::runtime_error with the loader's messages if that fails.
Scenario scenario_at(const Scenario& scenario, const std::filesystem::path& base_dir,
                     const StressAxis& axis, double value);

/// Where along one side of an axis a class's recommendation changes.
struct BreakEven {
  std::string axis;
  double lo = 0, hi = 0;  // the side searched (from the neutral value to one end)
  bool flips = false;
  std::size_t from = 0, to = 0;        // policy slots: recommended at the scenario, past the flip
  double at = 0;                       // estimated crossing
  double ci95_low = 0, ci95_high = 0;  // see search_break_even
  bool by_fill = false;  // the change comes from a fill rate crossing the minimum, not cost
};

/// Evaluates one axis value for the class searched (nullptr when cancelled).
using ClassAt = std::function<const ClassPoint*(double value)>;

/// Searches [axis.neutral, end] (end = axis.lo or axis.hi): when the recommendation at `end`
/// differs from the one at the neutral value, bisects `steps` times. `at`: where the paired
/// mean cost difference (from - to) interpolates to 0 in the last bracket (its midpoint when
/// the change comes from the fill rate minimum). The interval: from the evaluated point nearest
/// the crossing on the `from` side whose paired 95 % interval lies below 0 (the neutral value
/// if none) to the nearest on the `to` side whose interval lies above 0 (the end if none).
/// Returns nullopt when cancelled.
std::optional<BreakEven> search_break_even(const StressAxis& axis, double end, int steps,
                                           const ClassAt& class_at);

}  // namespace jitsim::models
