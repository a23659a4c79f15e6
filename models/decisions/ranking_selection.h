// -----------------------------------------------------------------------------
// File: models/decisions/ranking_selection.h
// -----------------------------------------------------------------------------
// Ranking and selection with constraints: which of k settings has the best mean objective among
// those whose constraint means are on the right side of their bounds, by sampling more only
// where the settings cannot yet be told apart. Pure: it sees the settings only through a
// SampleSource (run more replications, read the values so far), so it can be tested on any
// numbers.
//
// The procedure is Kim and Nelson's (2001) fully sequential KN procedure for the objective,
// with a feasibility check on every constraint (Andradottir and Kim (2010) in spirit):
//   1. every setting gets n0 replications; S2[i][l] is the sample variance of the paired
//      differences X_i - X_l over those n0 (replication r has the same random futures at every
//      setting, so the differences are paired: common random numbers make S2 small, and KN uses
//      only S2, so the positive correlation they induce is accounted for, not assumed away);
//   2. eta = ((2 alpha / (k - 1))^(-2 / (n0 - 1)) - 1) / 2, h2 = 2 eta (n0 - 1), alpha = 0.05,
//      indifference zone delta = tolerance x |the best first-stage mean|;
//   3. at r replications (all surviving settings have the same r), setting i is excluded by a
//      feasible surviving l when mean_i(r) - mean_l(r) > max(0, delta / (2 r) (h2 S2[i][l] /
//      delta^2 - r)) (objective as "lower is better"); a constraint is met when its one-sided
//      95 % Student-t interval lies on the right side of the bound, failed when it lies wholly on
//      the wrong side (the setting is then infeasible and stops), undecided otherwise;
//   4. survivors get more replications (blocks of about r / 5, the same for every survivor) until
//      one feasible setting is left, or every pair of survivors has r > h2 S2 / delta^2 (then
//      the best mean is chosen, as KN's last step does), or the budget cannot pay for one more
//      replication of every survivor. At the budget end the feasible survivor with the best mean
//      is chosen and the other survivors are "not_separated".
// Only a setting shown feasible may exclude another: an undecided one may still fail.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace jitsim::models {

/// The settings under comparison, as the procedure sees them.
class SampleSource {
 public:
  virtual ~SampleSource() = default;
  virtual std::size_t size() const = 0;
  /// Runs `count` more replications of setting `index`; false when cancelled.
  virtual bool run_more(std::size_t index, std::uint64_t count) = 0;
  /// Setting `index`'s value in every replication so far: column 0 the objective, column
  /// 1 + j constraint j's metric.
  virtual std::vector<double> values(std::size_t index, std::size_t column) const = 0;
};

/// "metric >= bound" or "metric <= bound" on a metric's mean.
struct ConstraintBound {
  bool at_least = true;  // >=; false: <=
  double bound = 0;
};

struct SelectionOptions {
  bool lower_is_better = true;  // of the objective
  std::vector<ConstraintBound> constraints;
  double tolerance = 0.005;        // delta = tolerance x |best first-stage mean|
  std::uint64_t first_stage = 10;  // n0 >= 2
  std::uint64_t budget = 0;        // candidate-replications in all; >= n0 x size()
  double alpha = 0.05;             // 1 - alpha: probability of a correct selection
};

enum class SelectionStatus { best, excluded, infeasible, not_separated };
std::string_view status_name(SelectionStatus s);

enum class Feasibility { feasible, infeasible, undecided };
/// "met", "failed", "undecided".
std::string_view feasibility_name(Feasibility f);

struct SettingOutcome {
  SelectionStatus status = SelectionStatus::not_separated;
  std::vector<Feasibility> constraints;  // one per constraint
  std::uint64_t replications = 0;
  double mean = 0;  // objective mean over its replications
};

struct SelectionResult {
  std::vector<SettingOutcome> settings;
  std::ptrdiff_t best = -1;  // index of the chosen setting; -1 when none was shown feasible
  bool separated = false;    // the procedure ended before the budget did
  bool cancelled = false;
  double delta = 0;         // the indifference zone used
  double h2 = 0;            // KN's constant
  std::uint64_t spent = 0;  // replications run, all settings
};

/// Runs the procedure. Requires options.first_stage >= 2 and budget >= first_stage x size().
SelectionResult select_best(SampleSource& source, const SelectionOptions& options);

/// One-sided 95 % Student-t half-width factor: the 0.95 quantile with `df` degrees of freedom.
double student_t_95(double df);

}  // namespace jitsim::models
