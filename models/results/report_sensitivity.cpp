// File: models/results/report_sensitivity.cpp
#include "models/results/report_sensitivity.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include <fmt/format.h>

#include "models/io/text_format.h"
#include "models/results/html_report.h"
#include "models/results/report_csv.h"
#include "models/results/report_inputs.h"
#include "models/results/report_page.h"
#include "models/results/svg_plot.h"
#include "models/version.h"

namespace jitsim::models {

namespace {

namespace fs = std::filesystem;
using namespace svg;  // NOLINT(google-build-using-namespace): the page is drawn with it
using report_inputs::kNaN;

struct End {
  double mean = kNaN, lo = kNaN, hi = kNaN;
};

struct Bar {
  std::string parameter;
  double low = kNaN, high = kNaN;  // the parameter's values
  End at_low, at_high;
  double swing = 0;
};

struct Series {
  std::string name, kind;  // kind: "policy" or "paired"
  std::vector<Bar> bars;   // in file (--param) order
};

std::vector<Series> read_tornado(const fs::path& dir) {
  const CsvFile f(
      dir / "sensitivity.csv",
      {"parameter", "low", "high", "series", "kind", "mean_at_low", "ci95_low_at_low",
       "ci95_high_at_low", "mean_at_high", "ci95_low_at_high", "ci95_high_at_high", "swing"});
  std::vector<Series> out;
  for (std::size_t r = 0; r < f.rows(); ++r) {
    const std::string& name = f.text(r, "series");
    auto it = std::find_if(out.begin(), out.end(), [&](const Series& s) { return s.name == name; });
    if (it == out.end()) {
      out.push_back({name, f.text(r, "kind"), {}});
      it = out.end() - 1;
    }
    Bar b;
    b.parameter = f.text(r, "parameter");
    b.low = f.number(r, "low");
    b.high = f.number(r, "high");
    b.at_low = {f.number(r, "mean_at_low"), f.number(r, "ci95_low_at_low"),
                f.number(r, "ci95_high_at_low")};
    b.at_high = {f.number(r, "mean_at_high"), f.number(r, "ci95_low_at_high"),
                 f.number(r, "ci95_high_at_high")};
    b.swing = f.number(r, "swing");
    it->bars.push_back(std::move(b));
  }
  if (out.empty())
    throw ReportInputError(fmt::format("{}: no rows", (dir / "sensitivity.csv").string()));
  return out;
}

constexpr const char* kLowColour = "#4E79A7";   // the bar's part toward the low value's mean
constexpr const char* kHighColour = "#F28E2B";  // toward the high value's mean

double finite_or(double x, double fallback) {
  return std::isfinite(x) ? x : fallback;
}

// Bars sorted by swing, widest on top; each from the mean at low to the mean at high, split at
// their midpoint in two colours, with the 95 % interval of each end as a horizontal whisker.
std::string tornado_chart(const Series& s) {
  std::vector<Bar> bars = s.bars;
  std::stable_sort(bars.begin(), bars.end(),
                   [](const Bar& a, const Bar& b) { return a.swing > b.swing; });
  double lo = INFINITY, hi = -INFINITY;
  for (const Bar& b : bars) {
    for (const End& e : {b.at_low, b.at_high}) {
      lo = std::min({lo, e.mean, finite_or(e.lo, e.mean)});
      hi = std::max({hi, e.mean, finite_or(e.hi, e.mean)});
    }
  }
  if (s.kind == "paired") {  // the zero line tells which policy is cheaper
    lo = std::min(lo, 0.0);
    hi = std::max(hi, 0.0);
  }
  if (!(hi > lo)) {
    lo -= 1;
    hi += 1;
  }
  const Ticks t = nice_ticks(lo, hi);
  constexpr double kRowPx = 34;
  constexpr double kNamePx = 12.5;  // the parameter names (class "cat", bold)
  double left = 120;
  for (const Bar& b : bars) left = std::max(left, text_width(b.parameter, kNamePx, true) + 18);
  left = std::min(left, 340.0);
  const double height = 120 + kRowPx * static_cast<double>(bars.size());
  const std::string title = s.kind == "paired"
                                ? "Tornado: paired difference " + s.name + " in total cost"
                                : "Tornado: total cost of " + s.name;
  Plot plot(title, t.lo, t.hi, 0, static_cast<double>(bars.size()), height, left, 24,
            {{kLowColour, "parameter at its low value", false},
             {kHighColour, "parameter at its high value", false}});
  plot.x_axis(t, Unit::money,
              s.kind == "paired" ? "difference in total cost (currency)" : "total cost (currency)");
  if (s.kind == "paired" && t.lo < 0 && t.hi > 0) {
    plot.body += fmt::format(
        "<line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#333\" stroke-width=\"1\"/>\n",
        c1(plot.x(0)), c1(plot.top()), c1(plot.bottom()));
  }
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    const double row = static_cast<double>(bars.size() - i) - 0.5;  // top row first
    const double yc = plot.y(row), half = 0.3 * (plot.y(0) - plot.y(1));
    const double mid = 0.5 * (b.at_low.mean + b.at_high.mean);
    for (const bool high : {false, true}) {
      const End& e = high ? b.at_high : b.at_low;
      const double x0 = plot.x(std::min(mid, e.mean)), x1 = plot.x(std::max(mid, e.mean));
      plot.body += fmt::format(
          "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" opacity=\"0.85\">"
          "<title>{} = {}: {} (95 % interval {} to {})</title></rect>\n",
          c1(x0), c1(yc - half), c1(std::max(1.0, x1 - x0)), c1(2 * half),
          high ? kHighColour : kLowColour, esc(b.parameter), format_number(high ? b.high : b.low),
          show(e.mean, Unit::money), show(e.lo, Unit::money), show(e.hi, Unit::money));
      if (std::isfinite(e.lo) && std::isfinite(e.hi)) {
        plot.body += fmt::format(
            "<g stroke=\"#333\" stroke-width=\"1.2\"><line x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" "
            "y2=\"{2}\"/><line x1=\"{0}\" x2=\"{0}\" y1=\"{3}\" y2=\"{4}\"/><line x1=\"{1}\" "
            "x2=\"{1}\" y1=\"{3}\" y2=\"{4}\"/></g>\n",
            c1(plot.x(e.lo)), c1(plot.x(e.hi)), c1(yc), c1(yc - 4), c1(yc + 4));
      }
    }
    plot.body +=
        fmt::format("<text x=\"{}\" y=\"{}\" class=\"cat\" text-anchor=\"end\">{}</text>\n",
                    c1(left - 8), c1(yc + 4), esc(fit_text(b.parameter, left - 16, kNamePx, true)));
  }
  return figure(plot.svg(title),
                "Each bar runs from the mean total cost with the parameter at its low value "
                "(blue end) to the mean with it at its high value (orange end), the others at "
                "the scenario's values; whiskers: 95 % confidence intervals of those means. The "
                "widest swing is on top.");
}

// One row per parameter and series (rows of one parameter together, in --param order).
std::string swing_table(const std::vector<Series>& series) {
  std::string out =
      "<table class=\"cmp\">\n<thead><tr><th scope=\"col\">parameter</th><th "
      "scope=\"col\">series</th><th scope=\"col\">low</th><th scope=\"col\">mean at "
      "low</th><th scope=\"col\">high</th><th scope=\"col\">mean at high</th><th "
      "scope=\"col\">swing</th></tr></thead>\n<tbody>\n";
  auto cell = [](const End& e) {
    return fmt::format(
        "<td>{} <small>± {}</small></td>", show(e.mean, Unit::money),
        std::isfinite(e.lo) ? show_hw(0.5 * (e.hi - e.lo), e.mean, Unit::money) : std::string("–"));
  };
  for (std::size_t r = 0; r < series.front().bars.size(); ++r) {
    for (const Series& s : series) {
      if (r >= s.bars.size()) continue;
      const Bar& b = s.bars[r];
      out += fmt::format(
          "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td>{}<td>{}</td>{}"
          "<td>{}</td></tr>\n",
          &s == &series.front() ? esc(b.parameter) : "", esc(s.name), format_number(b.low),
          cell(b.at_low), format_number(b.high), cell(b.at_high), show(b.swing, Unit::money));
    }
  }
  return out + "</tbody>\n</table>\n";
}

std::string metamodel_table(const fs::path& dir) {
  const fs::path path = dir / "sensitivity_global.csv";
  if (!fs::exists(path)) return "<p class=\"meta\">No sensitivity_global.csv in this folder.</p>\n";
  const CsvFile f(path, {"series", "term", "coefficient", "standardized", "r_squared", "points"});
  if (f.rows() == 0) return "<p class=\"meta\">No global view in this folder.</p>\n";
  std::vector<std::string> series, terms;
  std::map<std::pair<std::string, std::string>, double> standardized;
  std::map<std::string, double> r2;
  double points = kNaN;
  for (std::size_t r = 0; r < f.rows(); ++r) {
    const std::string &s = f.text(r, "series"), &term = f.text(r, "term");
    if (std::find(series.begin(), series.end(), s) == series.end()) series.push_back(s);
    r2[s] = f.number(r, "r_squared");
    points = f.number(r, "points");
    if (term == "(intercept)") continue;
    if (std::find(terms.begin(), terms.end(), term) == terms.end()) terms.push_back(term);
    standardized[{s, term}] = f.number(r, "standardized");
  }
  std::string out = fmt::format(
      "<p>A Latin hypercube of {} points over all the parameters at once, each run like the "
      "swings; a linear regression of the mean total cost on the parameters. Cells: standardised "
      "coefficients (coefficient × sd(x) / sd(y)): the change of the cost, in its standard "
      "deviations over the design, per standard deviation of the parameter. R² near 1: the "
      "linear model explains the design's costs; well below 1: interactions or curvature "
      "matter, trust the swings less.</p>\n<table class=\"cmp\">\n<thead><tr><th "
      "scope=\"col\">parameter</th>",
      format_number(points));
  for (const std::string& s : series) out += fmt::format("<th scope=\"col\">{}</th>", esc(s));
  out += "</tr></thead>\n<tbody>\n";
  auto num = [](double x) {
    if (!std::isfinite(x)) return std::string("–");
    return fmt::format("{:.3f}", std::abs(x) < 5e-4 ? 0.0 : x);  // no "-0.000"
  };
  for (const std::string& term : terms) {
    out += fmt::format("<tr><th scope=\"row\">{}</th>", esc(term));
    for (const std::string& s : series) {
      const auto it = standardized.find({s, term});
      out += fmt::format("<td>{}</td>", num(it == standardized.end() ? kNaN : it->second));
    }
    out += "</tr>\n";
  }
  out += "<tr><th scope=\"row\">R²</th>";
  for (const std::string& s : series) out += fmt::format("<td>{}</td>", num(r2[s]));
  return out + "</tr>\n</tbody>\n</table>\n";
}

}  // namespace

std::string sensitivity_page(const fs::path& dir) {
  const std::vector<Series> series = read_tornado(dir);
  const report_inputs::Meta meta = report_inputs::read_meta(dir);
  const std::string name = meta.name.empty() ? dir.filename().string() : meta.name;
  std::string html = page_head("jitsim report: sensitivity of " + name);
  html += fmt::format("<h1>Sensitivity: {}</h1>\n", esc(name));
  std::string facts;
  if (meta.replications) facts += fmt::format("{} replications per setting", *meta.replications);
  if (meta.seed) facts += fmt::format("{}seed {}", facts.empty() ? "" : " · ", *meta.seed);
  html += fmt::format("<p class=\"meta\">{}</p>\n", esc(facts));
  html +=
      "<p>Every setting ran every policy on the same random futures (common random numbers), so "
      "the swings and the paired differences are not blurred by different luck.</p>\n"
      "<h2>One at a time</h2>\n";
  for (const Series& s : series) html += tornado_chart(s);
  html += swing_table(series);
  html += "<h2>Global view: linear metamodel</h2>\n" + metamodel_table(dir);
  html += fmt::format(
      "<footer>Made by <code>jitsim report</code> (jitsim {}) from sensitivity.csv, "
      "sensitivity_global.csv{}.</footer>\n</main>\n</body>\n</html>\n",
      kVersion, meta.name.empty() ? "" : ", scenario.resolved.toml");
  return html;
}

}  // namespace jitsim::models
