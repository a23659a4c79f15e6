// File: models/decisions/ranking_selection.cpp
#include "models/decisions/ranking_selection.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <boost/math/distributions/students_t.hpp>

#include "sim/statistics.h"

namespace jitsim::models {

namespace {

// The first-stage objective values of every setting, as "lower is better", kept to compute the
// paired-difference variances S2 when a pair is compared (k x k of them would not fit a large
// grid's memory).
class FirstStage {
 public:
  FirstStage(std::vector<std::vector<double>> values) : values_(std::move(values)) {}
  double paired_variance(std::size_t i, std::size_t l) const {
    sim::RunningStats d;
    const std::vector<double>& a = values_[i];
    const std::vector<double>& b = values_[l];
    for (std::size_t r = 0; r < a.size() && r < b.size(); ++r) {
      if (!std::isnan(a[r]) && !std::isnan(b[r])) d.add(a[r] - b[r]);
    }
    const double v = d.variance();
    return std::isnan(v) ? 0 : v;
  }

 private:
  std::vector<std::vector<double>> values_;
};

double mean_of(const std::vector<double>& x) {
  sim::RunningStats s;
  for (const double v : x) {
    if (!std::isnan(v)) s.add(v);
  }
  return s.mean();
}

// Constraint j of a setting after its replications so far (see the header, step 3).
Feasibility check_constraint(const std::vector<double>& values, const ConstraintBound& c) {
  sim::RunningStats s;
  for (const double v : values) {
    if (!std::isnan(v)) s.add(v);
  }
  if (s.count() < 2) return Feasibility::undecided;
  const double half = student_t_95(static_cast<double>(s.count()) - 1) * s.sd() /
                      std::sqrt(static_cast<double>(s.count()));
  const double low = s.mean() - half, high = s.mean() + half;
  if (c.at_least) {
    if (low >= c.bound) return Feasibility::feasible;
    if (high < c.bound) return Feasibility::infeasible;
  } else {
    if (high <= c.bound) return Feasibility::feasible;
    if (low > c.bound) return Feasibility::infeasible;
  }
  return Feasibility::undecided;
}

}  // namespace

std::string_view status_name(SelectionStatus s) {
  switch (s) {
    case SelectionStatus::best:
      return "best";
    case SelectionStatus::excluded:
      return "excluded";
    case SelectionStatus::infeasible:
      return "infeasible";
    case SelectionStatus::not_separated:
      return "not_separated";
  }
  return "not_separated";
}

std::string_view feasibility_name(Feasibility f) {
  switch (f) {
    case Feasibility::feasible:
      return "met";
    case Feasibility::infeasible:
      return "failed";
    case Feasibility::undecided:
      return "undecided";
  }
  return "undecided";
}

double student_t_95(double df) {
  if (!(df > 0)) return sim::kUndefined;
  return boost::math::quantile(boost::math::students_t_distribution<double>(df), 0.95);
}

SelectionResult select_best(SampleSource& source, const SelectionOptions& o) {
  const std::size_t k = source.size();
  const std::uint64_t n0 = o.first_stage;
  SelectionResult out;
  out.settings.resize(k);
  for (SettingOutcome& s : out.settings) {
    s.constraints.assign(o.constraints.size(), Feasibility::undecided);
  }
  const double sign = o.lower_is_better ? 1.0 : -1.0;  // minimise sign x objective
  const auto objective = [&](std::size_t i) {
    std::vector<double> x = source.values(i, 0);
    for (double& v : x) v *= sign;
    return x;
  };

  // Step 1: n0 replications of every setting.
  std::vector<std::vector<double>> first(k);
  for (std::size_t i = 0; i < k; ++i) {
    if (!source.run_more(i, n0)) {
      out.cancelled = true;
      return out;
    }
    out.spent += n0;
    first[i] = objective(i);
  }
  const FirstStage stage(std::move(first));

  // Step 2: the constants. delta from the best first-stage mean (a zero objective leaves only
  // the budget to end the sampling).
  double best_first = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < k; ++i) best_first = std::min(best_first, mean_of(objective(i)));
  out.delta = o.tolerance * std::abs(best_first);
  if (!(out.delta > 0)) out.delta = std::numeric_limits<double>::min();
  if (k > 1) {
    const double eta = 0.5 * (std::pow(2 * o.alpha / static_cast<double>(k - 1),
                                       -2.0 / static_cast<double>(n0 - 1)) -
                              1);
    out.h2 = 2 * eta * static_cast<double>(n0 - 1);
  }
  const double delta = out.delta, h2 = out.h2;

  std::vector<bool> active(k, true);
  std::vector<double> means(k);
  std::uint64_t r = n0;
  for (;;) {
    // Step 3: constraints (a decision, once made, is kept), then the objective.
    std::vector<bool> feasible(k, false);
    for (std::size_t i = 0; i < k; ++i) {
      if (!active[i]) continue;
      SettingOutcome& s = out.settings[i];
      bool all_met = true;
      for (std::size_t j = 0; j < o.constraints.size(); ++j) {
        if (s.constraints[j] == Feasibility::undecided) {
          s.constraints[j] = check_constraint(source.values(i, 1 + j), o.constraints[j]);
        }
        if (s.constraints[j] == Feasibility::infeasible) {
          s.status = SelectionStatus::infeasible;
          active[i] = false;
        }
        all_met = all_met && s.constraints[j] == Feasibility::feasible;
      }
      feasible[i] = active[i] && all_met;
      means[i] = mean_of(objective(i));
    }
    // Eliminators in order of their means: the best one usually excludes a setting first.
    std::vector<std::size_t> eliminators;
    for (std::size_t l = 0; l < k; ++l) {
      if (feasible[l]) eliminators.push_back(l);
    }
    std::stable_sort(eliminators.begin(), eliminators.end(),
                     [&](std::size_t a, std::size_t b) { return means[a] < means[b]; });
    const double rd = static_cast<double>(r);
    std::vector<std::size_t> excluded;
    for (std::size_t i = 0; i < k; ++i) {
      if (!active[i]) continue;
      for (const std::size_t l : eliminators) {
        if (l == i) continue;
        const double w = std::max(
            0.0, delta / (2 * rd) * (h2 * stage.paired_variance(i, l) / (delta * delta) - rd));
        if (means[i] - means[l] > w) {
          excluded.push_back(i);
          break;
        }
      }
    }
    for (const std::size_t i : excluded) {  // simultaneous, as in KN
      active[i] = false;
      out.settings[i].status = SelectionStatus::excluded;
    }

    // Step 4: stop, or sample the survivors again.
    std::vector<std::size_t> survivors;
    for (std::size_t i = 0; i < k; ++i) {
      if (active[i]) survivors.push_back(i);
    }
    bool done = true;
    for (const std::size_t i : survivors) done = done && feasible[i];
    if (done && survivors.size() > 1) {
      for (std::size_t a = 0; a < survivors.size() && done; ++a) {
        for (std::size_t b = a + 1; b < survivors.size() && done; ++b) {
          const double n_ab =
              h2 * stage.paired_variance(survivors[a], survivors[b]) / (delta * delta);
          done = rd > n_ab;
        }
      }
    }
    const std::uint64_t left = o.budget > out.spent ? o.budget - out.spent : 0;
    const bool budget_end = !done && left < survivors.size();
    if (done || budget_end) {
      out.separated = done;
      std::ptrdiff_t best = -1;
      for (const std::size_t i : survivors) {
        if (feasible[i] && (best < 0 || means[i] < means[static_cast<std::size_t>(best)])) {
          best = static_cast<std::ptrdiff_t>(i);
        }
      }
      for (const std::size_t i : survivors) {
        out.settings[i].status = done ? SelectionStatus::excluded : SelectionStatus::not_separated;
      }
      if (best >= 0) out.settings[static_cast<std::size_t>(best)].status = SelectionStatus::best;
      out.best = best;
      break;
    }
    const std::uint64_t block =
        std::min<std::uint64_t>(std::max<std::uint64_t>(1, r / 5), left / survivors.size());
    for (const std::size_t i : survivors) {
      if (!source.run_more(i, block)) {
        out.cancelled = true;
        return out;
      }
      out.spent += block;
    }
    r += block;
  }
  for (std::size_t i = 0; i < k; ++i) {
    out.settings[i].replications = source.values(i, 0).size();
    out.settings[i].mean = mean_of(source.values(i, 0));
  }
  return out;
}

}  // namespace jitsim::models
