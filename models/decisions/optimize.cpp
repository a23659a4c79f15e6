// File: models/decisions/optimize.cpp
#include "models/decisions/optimize.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "models/io/text_format.h"

namespace jitsim::models {

namespace {

// The candidates as the procedure sees them: column 0 the objective, 1 + j constraint j.
class CandidateSource : public SampleSource {
 public:
  CandidateSource(std::vector<Candidate>& candidates, const OptimizeProblem& problem,
                  const RunSettings& settings, std::uint64_t budget)
      : candidates_(candidates), problem_(problem), settings_(settings), budget_(budget) {}
  std::size_t size() const override { return candidates_.size(); }
  bool run_more(std::size_t index, std::uint64_t count) override {
    RunSettings s = settings_;
    if (settings_.progress) {
      s.progress = [this](double done, std::uint64_t) {
        settings_.progress(static_cast<double>(spent_) + done, budget_);
      };
    }
    const bool ok = candidates_[index].run_more(count, s);
    spent_ += count;
    return ok;
  }
  std::vector<double> values(std::size_t index, std::size_t column) const override {
    const Metric m = column == 0 ? problem_.objective : problem_.constraints[column - 1].metric;
    return candidates_[index].values(0, m);
  }

 private:
  std::vector<Candidate>& candidates_;
  const OptimizeProblem& problem_;
  const RunSettings& settings_;
  std::uint64_t budget_;
  std::uint64_t spent_ = 0;
};

}  // namespace

std::string MetricConstraint::text() const {
  return fmt::format("{}{}{}", info(metric).name,
                     bound.at_least ? ">=" : "<=", format_number(bound.bound));
}

MetricConstraint parse_constraint(std::string_view text, std::string& error) {
  MetricConstraint c;
  const std::size_t ge = text.find(">="), le = text.find("<=");
  if ((ge == std::string_view::npos) == (le == std::string_view::npos)) {
    error = fmt::format("--constraint '{}': expected METRIC>=BOUND or METRIC<=BOUND", text);
    return c;
  }
  const std::size_t at = ge != std::string_view::npos ? ge : le;
  c.bound.at_least = ge != std::string_view::npos;
  const std::string_view name = trim(text.substr(0, at));
  const std::string_view number = trim(text.substr(at + 2));
  const Metric* m = find_metric(name);
  if (m == nullptr) {
    error = fmt::format("--constraint '{}': no metric '{}' (scenarios/README.md lists them)", text,
                        name);
    return c;
  }
  c.metric = *m;
  double x = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), x);
  if (number.empty() || ec != std::errc() || end != number.data() + number.size() ||
      !std::isfinite(x)) {
    error = fmt::format("--constraint '{}': '{}' is not a number", text, number);
    return c;
  }
  c.bound.bound = x;
  error.clear();
  return c;
}

double grid_size(const std::vector<SweepAxis>& axes) {
  double n = 1;
  for (const SweepAxis& a : axes) n *= static_cast<double>(a.values.size());
  return n;
}

std::vector<std::vector<double>> grid_points(const std::vector<SweepAxis>& axes) {
  std::vector<std::vector<double>> points{{}};
  for (const SweepAxis& axis : axes) {
    std::vector<std::vector<double>> next;
    next.reserve(points.size() * axis.values.size());
    for (const std::vector<double>& p : points) {
      for (const double v : axis.values) {
        next.push_back(p);
        next.back().push_back(v);
      }
    }
    points = std::move(next);
  }
  return points;
}

OptimizeResult optimize(std::vector<Candidate>& candidates,
                        const std::vector<std::vector<double>>& points,
                        const OptimizeProblem& problem, const RunSettings& settings) {
  SelectionOptions so;
  so.lower_is_better = info(problem.objective).lower_is_better;
  for (const MetricConstraint& c : problem.constraints) so.constraints.push_back(c.bound);
  so.tolerance = problem.tolerance;
  so.first_stage = problem.first_stage;
  so.budget = problem.budget ? problem.budget : default_budget(candidates.size());
  CandidateSource source(candidates, problem, settings, so.budget);
  const SelectionResult sel = select_best(source, so);

  OptimizeResult out;
  out.cancelled = sel.cancelled;
  if (sel.cancelled) return out;
  out.best = sel.best;
  out.separated = sel.separated;
  out.delta = sel.delta;
  out.budget = so.budget;
  out.spent = sel.spent;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    CandidateReport r;
    r.params = points[i];
    r.replications = candidates[i].replications();
    r.status = sel.settings[i].status;
    r.feasibility = sel.settings[i].constraints;
    r.objective = sim::summarize(candidates[i].values(0, problem.objective));
    for (const MetricConstraint& c : problem.constraints) {
      r.constraints.push_back(sim::summarize(candidates[i].values(0, c.metric)));
    }
    for (std::size_t m = 0; m < kMetricCount; ++m) {
      r.metrics[m] = sim::summarize(candidates[i].values(0, static_cast<Metric>(m)));
    }
    out.candidates.push_back(std::move(r));
  }
  return out;
}

std::string optimize_csv(const OptimizeProblem& problem, const OptimizeResult& result) {
  std::string csv;
  for (const SweepAxis& a : problem.params) csv += csv_field(a.parameter) + ",";
  csv += "status,n,objective,mean,ci95_low,ci95_high,fill_rate";
  for (std::size_t j = 1; j <= problem.constraints.size(); ++j) {
    csv += fmt::format(
        ",constraint_{0},constraint_{0}_mean,constraint_{0}_ci95_low,"
        "constraint_{0}_ci95_high,constraint_{0}_decision",
        j);
  }
  csv += "\n";
  for (const CandidateReport& r : result.candidates) {
    for (const double v : r.params) csv += format_number(v) + ",";
    csv += fmt::format("{},{},{},{},{},{},{}", status_name(r.status), r.replications,
                       info(problem.objective).name, format_number(r.objective.mean),
                       format_number(r.objective.ci95_low), format_number(r.objective.ci95_high),
                       format_number(r.metrics[static_cast<std::size_t>(Metric::fill_rate)].mean));
    for (std::size_t j = 0; j < r.constraints.size(); ++j) {
      csv += fmt::format(
          ",{},{},{},{},{}", csv_field(problem.constraints[j].text()),
          format_number(r.constraints[j].mean), format_number(r.constraints[j].ci95_low),
          format_number(r.constraints[j].ci95_high), feasibility_name(r.feasibility[j]));
    }
    csv += "\n";
  }
  return csv;
}

std::string optimize_table(const OptimizeProblem& problem, const OptimizeResult& result) {
  std::string head;
  std::vector<std::size_t> widths;  // a column as wide as its key path
  for (const SweepAxis& a : problem.params) {
    widths.push_back(std::max<std::size_t>(10, a.parameter.size()));
    head += fmt::format("{:>{}} ", a.parameter, widths.back());
  }
  std::string text = fmt::format(
      "Optimize {} ({} is better) over {} candidate(s): {} of {} replications spent, "
      "indifference zone {}{}.\n",
      info(problem.objective).name, info(problem.objective).lower_is_better ? "lower" : "higher",
      result.candidates.size(), result.spent, result.budget, format_number(result.delta),
      result.separated ? "" : "; the budget ended before the candidates were told apart");
  if (result.best >= 0) {
    const CandidateReport& b = result.candidates[static_cast<std::size_t>(result.best)];
    std::string setting;
    for (std::size_t k = 0; k < problem.params.size(); ++k) {
      setting += fmt::format("{}{} = {}", k ? ", " : "", problem.params[k].parameter,
                             format_number(b.params[k]));
    }
    text += fmt::format("Best: {}: {} {:.6g} [{:.6g}, {:.6g}], n = {}\n", setting,
                        info(problem.objective).name, b.objective.mean, b.objective.ci95_low,
                        b.objective.ci95_high, b.replications);
  } else {
    text += "Best: none (no candidate was shown to meet every constraint)\n";
  }
  text += "\n" + head +
          fmt::format("{:>14} {:>6} {:>14} {:>25}", "status", "n", info(problem.objective).name,
                      "95 % interval");
  for (const MetricConstraint& c : problem.constraints) text += fmt::format(" {:>18}", c.text());
  text += "\n";
  for (const CandidateReport& r : result.candidates) {
    for (std::size_t k = 0; k < r.params.size(); ++k) {
      text += fmt::format("{:>{}} ", format_number(r.params[k]), widths[k]);
    }
    text += fmt::format(
        "{:>14} {:>6} {:>14.6g} {:>25}", status_name(r.status), r.replications, r.objective.mean,
        fmt::format("[{:.6g}, {:.6g}]", r.objective.ci95_low, r.objective.ci95_high));
    for (std::size_t j = 0; j < r.constraints.size(); ++j) {
      text += fmt::format(" {:>18}", fmt::format("{:.4g} ({})", r.constraints[j].mean,
                                                 feasibility_name(r.feasibility[j])));
    }
    text += "\n";
  }
  return text;
}

}  // namespace jitsim::models
