// -----------------------------------------------------------------------------
// File: models/decisions/sensitivity.h
// -----------------------------------------------------------------------------
// `jitsim sensitivity`: how much each named parameter moves the policies' costs, and the gap
// between two of them. Two views, every setting run with common random numbers (same seed,
// same replications, so settings and policies compare replication by replication):
//   - one at a time: each parameter at its low and at its high value, the others at the
//     scenario's; per policy the mean total_cost with its 95 % interval, and the paired
//     difference of the two compared policies (a tornado chart ranks the swings);
//   - global: a Latin hypercube over all the parameters at once (latin_hypercube.h), and a
//     linear metamodel of the mean cost on the parameters (linear_metamodel.h) with its
//     standardised coefficients and R^2, per policy and for the paired difference.
// The scenario is loaded through a callback (the CLI's, which prints diagnostics), so that
// this layer needs no command line.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "models/decisions/candidate.h"
#include "models/decisions/linear_metamodel.h"
#include "models/model/scenario.h"
#include "sim/statistics.h"

namespace jitsim::models {

/// One --param KEY=low:high. `integer`: both bounds were written as integers, so the design
/// points of the global view are rounded to integers too (a base-stock level, a pickers count).
struct SensitivityParameter {
  std::string key;
  double low = 0, high = 0;
  bool integer = false;
};

/// Parses "KEY=low:high". Throws std::invalid_argument with a message saying what is wrong
/// (no '=', no ':', a bound that is not a finite number, low >= high, an empty key).
SensitivityParameter parse_sensitivity_parameter(const std::string& text);

/// The --set text that puts `p` at `value` ("key=value", integers without a decimal point).
std::string sensitivity_override(const SensitivityParameter& p, double value);

/// Loads the scenario with the given --set overrides appended; nullopt when they fail (the
/// callback has reported why).
using ScenarioLoader = std::function<std::optional<Scenario>(const std::vector<std::string>&)>;

/// Thrown when a setting's scenario cannot be loaded (the loader has printed the diagnostics).
class SensitivityInputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct SensitivityOptions {
  std::vector<SensitivityParameter> parameters;
  std::vector<std::size_t> policies;  // indices into the scenario's policies, in report order
  std::size_t compare_a = 0, compare_b = 1;  // positions in `policies`: the paired difference a - b
  bool paired = true;       // false (one policy): no paired difference, its fields stay empty
  std::size_t samples = 0;  // global design points; 0: no global view
  std::uint64_t replications = 0;  // per setting
  std::uint64_t seed = 0;          // keys the Latin hypercube
  RunSettings run;  // progress is called with (settings done + share, settings in all)
};

/// One end of a one-at-a-time swing.
struct SwingEnd {
  double value = 0;                        // the parameter's value
  std::vector<sim::Summary> cost;          // total_cost per policy (position in options.policies)
  sim::PairedSummary difference;           // total_cost of a - b, replication by replication
  std::vector<double> a_values, b_values;  // the compared policies' per-replication costs
};

struct SwingRow {
  SensitivityParameter parameter;
  SwingEnd low, high;
};

struct GlobalView {
  std::vector<std::vector<double>> points;     // one row of parameter values per design point
  std::vector<std::vector<double>> mean_cost;  // [point][policy]
  std::vector<double> mean_difference;         // [point]: mean of a - b
  std::vector<LinearFit> policy_fits;          // per policy
  LinearFit difference_fit;
};

struct SensitivityResult {
  std::vector<SwingRow> swings;  // in --param order
  std::optional<GlobalView> global;
};

/// Runs both views. Returns nullopt when run.cancel stopped it (nothing is kept). Throws
/// SensitivityInputError when a setting does not load.
std::optional<SensitivityResult> run_sensitivity(const ScenarioLoader& load,
                                                 const SensitivityOptions& options);

/// Swing width of one series: |high - low| of the policy's mean cost, or of the mean paired
/// difference when `policy` is npos.
double swing_width(const SwingRow& row, std::size_t policy);

}  // namespace jitsim::models
