// File: models/results/report_optimize.cpp
#include "models/results/report_optimize.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "models/io/text_format.h"
#include "models/model/metrics.h"
#include "models/results/html_report.h"
#include "models/results/report_csv.h"
#include "models/results/report_page.h"
#include "models/results/svg_plot.h"
#include "models/version.h"

namespace jitsim::models {

namespace {

namespace fs = std::filesystem;
using namespace svg;

struct Row {
  std::vector<std::string> params;
  std::string status;
  double n = 0, mean = 0, low = 0, high = 0, fill = 0;
};

struct OptimizeData {
  std::vector<std::string> parameters;
  std::string objective = "total_cost";
  std::vector<Row> rows;
};

OptimizeData read_optimize(const fs::path& dir) {
  const CsvFile f(dir / "optimize.csv",
                  {"status", "n", "objective", "mean", "ci95_low", "ci95_high", "fill_rate"});
  // The parameters are the columns before status, in --param order.
  OptimizeData d;
  for (const std::string& c : f.columns()) {
    if (c == "status") break;
    d.parameters.push_back(c);
  }
  for (std::size_t r = 0; r < f.rows(); ++r) {
    Row row;
    for (const std::string& p : d.parameters) row.params.push_back(f.text(r, p));
    row.status = f.text(r, "status");
    row.n = f.number(r, "n");
    row.mean = f.number(r, "mean");
    row.low = f.number(r, "ci95_low");
    row.high = f.number(r, "ci95_high");
    row.fill = f.number(r, "fill_rate");
    d.objective = f.text(r, "objective");
    d.rows.push_back(std::move(row));
  }
  if (d.rows.empty()) {
    throw ReportInputError(fmt::format("{}: no candidates", f.path().string()));
  }
  return d;
}

bool lower_is_better(const std::string& metric) {
  for (const MetricInfo& m : metric_info()) {
    if (m.name == metric) return m.lower_is_better;
  }
  return true;
}

Unit unit_of(const std::string& metric) {
  if (metric.ends_with("_rate") || metric.ends_with("_level") || metric.ends_with("fraction")) {
    return Unit::fraction;
  }
  if (metric.ends_with("_cost") || metric == "profit" || metric == "revenue" ||
      metric.ends_with("_value")) {
    return Unit::money;
  }
  return Unit::ratio;
}

// The candidates no other beats on both the objective and the fill rate, by fill rate.
std::vector<std::size_t> frontier(const OptimizeData& d) {
  const double sign = lower_is_better(d.objective) ? 1 : -1;
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < d.rows.size(); ++i) {
    const Row& a = d.rows[i];
    if (!std::isfinite(a.mean) || !std::isfinite(a.fill)) continue;
    bool beaten = false;
    for (const Row& b : d.rows) {
      if (!std::isfinite(b.mean) || !std::isfinite(b.fill)) continue;
      const bool no_worse = sign * b.mean <= sign * a.mean && b.fill >= a.fill;
      const bool better = sign * b.mean < sign * a.mean || b.fill > a.fill;
      if (no_worse && better) beaten = true;
    }
    if (!beaten) out.push_back(i);
  }
  std::sort(out.begin(), out.end(),
            [&](std::size_t a, std::size_t b) { return d.rows[a].fill < d.rows[b].fill; });
  return out;
}

std::string label_of(const OptimizeData& d, const Row& r) {
  std::string s;
  for (std::size_t k = 0; k < d.parameters.size(); ++k) {
    s += fmt::format("{}{} = {}", k ? ", " : "", d.parameters[k], r.params[k]);
  }
  return s;
}

const char* status_colour(const std::string& status) {
  if (status == "best") return "#d62728";
  if (status == "not_separated") return "#1f77b4";
  if (status == "infeasible") return "#bdbdbd";
  return "#636363";  // excluded
}

std::string frontier_chart(const OptimizeData& d) {
  double xlo = std::numeric_limits<double>::infinity(), xhi = -xlo, ylo = xlo, yhi = -xlo;
  for (const Row& r : d.rows) {
    if (!std::isfinite(r.mean) || !std::isfinite(r.fill)) continue;
    xlo = std::min(xlo, r.fill), xhi = std::max(xhi, r.fill);
    for (const double v : {r.mean, r.low, r.high}) {
      if (std::isfinite(v)) ylo = std::min(ylo, v), yhi = std::max(yhi, v);
    }
  }
  if (!std::isfinite(xlo) || !std::isfinite(ylo)) return "";
  const Unit unit = unit_of(d.objective);
  const double ypad = 0.06 * std::max(yhi - ylo, std::abs(yhi) * 1e-3 + 1e-12);
  const double xpad = 0.04 * std::max(xhi - xlo, 1e-3);
  const Ticks yt = nice_ticks(ylo - ypad, yhi + ypad);
  const Ticks xt = nice_ticks(std::max(0.0, xlo - xpad), std::min(1.0, xhi + xpad), 6);
  const std::vector<LegendItem> legend{{"#d62728", "chosen", false},
                                       {"#636363", "excluded", false},
                                       {"#1f77b4", "not separated", false},
                                       {"#bdbdbd", "infeasible", false},
                                       {"#ff7f0e", "frontier", true}};
  Plot plot(fmt::format("{} against fill rate, every candidate", d.objective), xt.lo, xt.hi, yt.lo,
            yt.hi, Plot::kH, 84, 24, legend);
  plot.y_axis(yt, unit, d.objective + " (mean, 95 % interval)");
  plot.x_axis(xt, Unit::fraction, "fill rate (mean)");
  std::vector<double> fx, fy;
  for (const std::size_t i : frontier(d))
    fx.push_back(d.rows[i].fill), fy.push_back(d.rows[i].mean);
  plot.line(fx, fy, "#ff7f0e", 1.8);
  const Row* chosen = nullptr;
  for (const Row& r : d.rows) {
    if (!std::isfinite(r.mean) || !std::isfinite(r.fill)) continue;
    const std::string tip =
        fmt::format("{}: {} {} (95 % interval {} to {}), fill rate {}, n = {}", label_of(d, r),
                    d.objective, show(r.mean, unit), show(r.low, unit), show(r.high, unit),
                    show(r.fill, Unit::fraction), r.n);
    if (std::isfinite(r.low) && std::isfinite(r.high)) {
      plot.whisker(r.fill, r.low, r.high, status_colour(r.status), tip);
    }
    plot.body += fmt::format(
        "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\"><title>{} ({})</title></circle>\n",
        c1(plot.x(r.fill)), c1(plot.y(r.mean)), r.status == "best" ? 6 : 3.5,
        status_colour(r.status), esc(tip), esc(r.status));
    if (r.status == "best") chosen = &r;
  }
  if (chosen != nullptr) {
    plot.note(plot.x(chosen->fill) + 9, plot.y(chosen->mean) - 9, "chosen: " + label_of(d, *chosen),
              "value", 12);
  }
  return figure(plot.svg(d.objective + " against fill rate of every candidate"),
                "Each dot is a candidate setting (its mean over its replications; the whisker its "
                "95 % interval). The orange line joins the candidates no other one beats on both "
                "the objective and the fill rate. The large red dot is the chosen setting.");
}

std::string candidate_table(const OptimizeData& d) {
  const Unit unit = unit_of(d.objective);
  std::string out = "<table class=\"cmp\">\n<thead><tr>";
  for (const std::string& p : d.parameters) out += fmt::format("<th>{}</th>", esc(p));
  out += fmt::format(
      "<th>status</th><th>n</th><th>{}</th><th>95 % interval</th><th>fill "
      "rate</th></tr></thead>\n<tbody>\n",
      esc(d.objective));
  for (const Row& r : d.rows) {
    const char* td = r.status == "best" ? "<td class=\"best\">" : "<td>";
    out += "<tr>";
    for (const std::string& v : r.params) out += fmt::format("{}{}</td>", td, esc(v));
    out += fmt::format("{0}{1}</td>{0}{2}</td>{0}{3}</td>{0}{4} to {5}</td>{0}{6}</td></tr>\n", td,
                       esc(r.status), r.n, esc(show(r.mean, unit)), esc(show(r.low, unit)),
                       esc(show(r.high, unit)), esc(show(r.fill, Unit::fraction)));
  }
  return out + "</tbody>\n</table>\n";
}

}  // namespace

std::string optimize_page(const fs::path& dir) {
  const OptimizeData d = read_optimize(dir);
  std::string parameters;
  for (const std::string& p : d.parameters) parameters += (parameters.empty() ? "" : ", ") + p;
  std::string html = page_head("jitsim report: optimize " + parameters);
  html += fmt::format("<h1>Optimize {}</h1>\n", esc(parameters));
  const Row* best = nullptr;
  for (const Row& r : d.rows) {
    if (r.status == "best") best = &r;
  }
  if (best != nullptr) {
    html += fmt::format(
        "<p>Chosen: <strong>{}</strong>, {} {} (95 % interval {} to {}) over {} replications, "
        "fill rate {}. Candidates ran on the same random futures (common random numbers); "
        "those that could not yet be told apart got more replications.</p>\n",
        esc(label_of(d, *best)), esc(d.objective), esc(show(best->mean, unit_of(d.objective))),
        esc(show(best->low, unit_of(d.objective))), esc(show(best->high, unit_of(d.objective))),
        best->n, esc(show(best->fill, Unit::fraction)));
  } else {
    html += "<p>No candidate was shown to meet every constraint.</p>\n";
  }
  html += "<h2>Cost versus service</h2>\n" + frontier_chart(d);
  html += "<h2>Candidates</h2>\n" + candidate_table(d);
  html += fmt::format(
      "<footer>Made by <code>jitsim report</code> (jitsim {}) from optimize.csv.</footer>\n"
      "</main>\n</body>\n</html>\n",
      kVersion);
  return html;
}

}  // namespace jitsim::models
