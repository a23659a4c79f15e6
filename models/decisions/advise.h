// -----------------------------------------------------------------------------
// File: models/decisions/advise.h
// -----------------------------------------------------------------------------
// `jitsim advise`: "JIT, JIC or hybrid for this chain?" answered per SKU class. Every policy of
// the scenario runs at the scenario as given and at points along stress axes (break_even.h),
// all with common random numbers; per class (abc_classes.h) the recommended policy is the
// cheapest by class total_cost mean among those whose class fill rate mean meets the minimum,
// with the share of replications in which it is the cheapest such policy, and along each axis
// the point where that recommendation changes (scenarios/README.md "jitsim advise").
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "models/decisions/abc_classes.h"
#include "models/decisions/break_even.h"
#include "models/decisions/candidate.h"

namespace jitsim::models {

struct AdviseSettings {
  double min_fill_rate = 0.95;
  std::uint64_t replications = 0;        // per policy and axis point
  std::vector<StressAxis> axes;          // default_axes(...) when empty
  int bisection_steps = 5;               // halvings of a bracket around a flip
  std::filesystem::path base_dir = ".";  // relative trace paths of the scenario resolve here
  RunSettings run;                       // breakdown_runs is forced on
  /// Called before each axis point is run: its axis (nullptr at the scenario as given), value.
  std::function<void(const StressAxis* axis, double value)> on_point;
};

/// One class at one point: each policy's per-replication class values, and the choice.
struct ClassPoint {
  std::vector<std::vector<double>> cost;     // [policy slot][replication]
  std::vector<std::vector<double>> fill;     // [policy slot][replication], NaN without demand
  std::vector<double> cost_mean, fill_mean;  // by policy slot
  std::vector<char> meets;                   // by policy slot: fill_mean >= the minimum
  std::size_t recommended = 0;               // policy slot
  bool meets_min_fill = false;  // false: no policy met it; `recommended` has the best fill
  double confidence = 0;        // share of replications where `recommended` is the cheapest
                                // policy meeting the minimum in that replication
};

/// Every class at one point of an axis (or at the scenario as given).
struct AdvisePoint {
  double value = 0;
  std::vector<ClassPoint> classes;  // in AdviseResult::classes order
};

struct ClassAdvice {
  SkuClass sku_class;
  ClassPoint at_scenario;
  std::vector<BreakEven> break_even;  // per axis: a flip below and/or above, or none
};

struct AdviseResult {
  std::vector<std::string> policies;  // names, in slot order
  std::vector<std::string> sku_ids;   // Scenario::skus ids (for the classes' indices)
  std::vector<ClassAdvice> classes;
  std::vector<StressAxis> axes;
  std::uint64_t replications = 0;        // per policy and point
  std::uint64_t points = 0;              // settings evaluated (the scenario and every axis point)
  std::uint64_t replications_spent = 0;  // points x policies x replications
  bool cancelled = false;                // stopped by RunSettings::cancel: nothing valid
};

/// The choice among policies for one class from its per-replication values (filled in place:
/// means, recommended, meets_min_fill, confidence).
void choose_policy(ClassPoint& point, double min_fill_rate);

/// Runs the scenario's policies at `scenario` and along the axes and returns the advice.
/// Throws std::runtime_error when an axis point does not load (a message saying which).
AdviseResult advise(const Scenario& scenario, const AdviseSettings& settings);

/// Evaluates `scenario` (every policy, `settings.replications` replications, CRN) for the
/// given classes: the building block of advise(), exposed for tests.
std::optional<AdvisePoint> evaluate_point(const Scenario& scenario,
                                          const std::vector<SkuClass>& classes,
                                          const AdviseSettings& settings);

}  // namespace jitsim::models
