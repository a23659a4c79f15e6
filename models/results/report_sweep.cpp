// File: models/results/report_sweep.cpp
#include "models/results/report_sweep.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "models/results/report.h"
#include "models/results/report_heatmap.h"
#include "models/results/report_inputs.h"
#include "models/results/report_page.h"
#include "models/results/svg_plot.h"

namespace jitsim::models {

namespace {

namespace fs = std::filesystem;
using namespace svg;            // NOLINT(google-build-using-namespace): the page is drawn with it
using namespace report_inputs;  // NOLINT(google-build-using-namespace): and from these

// ---------------------------------------------------------------------------------------------
// Sweep charts

struct Crossing {
  std::string a, b;
  double x = kNaN;
  bool a_lower_before = false;
};

// Where the mean curves of a and b change order (linear interpolation between values).
std::vector<Crossing> crossings(const std::string& a, const std::vector<CurvePoint>& ca,
                                const std::string& b, const std::vector<CurvePoint>& cb) {
  std::vector<Crossing> out;
  if (ca.size() != cb.size()) return out;
  double prev_d = kNaN, prev_x = kNaN;
  for (std::size_t i = 0; i < ca.size(); ++i) {
    if (ca[i].x != cb[i].x) return {};
    const double d = ca[i].s.mean - cb[i].s.mean;
    if (!std::isfinite(d)) continue;
    if (std::isfinite(prev_d) && d != 0 && prev_d != 0 && (d < 0) != (prev_d < 0)) {
      out.push_back({a, b, prev_x + (ca[i].x - prev_x) * prev_d / (prev_d - d), prev_d < 0});
    }
    if (d != 0) prev_d = d, prev_x = ca[i].x;
  }
  return out;
}

// Every crossing of every pair of policies' curves of `metric` (at second value v2).
std::vector<Crossing> all_crossings(const SweepData& sw, double v2, const std::string& metric) {
  std::vector<Crossing> out;
  for (std::size_t i = 0; i < sw.policies.size(); ++i) {
    for (std::size_t j = i + 1; j < sw.policies.size(); ++j) {
      const auto* ca = sw.curve(v2, sw.policies[i], metric);
      const auto* cb = sw.curve(v2, sw.policies[j], metric);
      if (!ca || !cb) continue;
      for (Crossing& x : crossings(sw.policies[i], *ca, sw.policies[j], *cb)) {
        out.push_back(std::move(x));
      }
    }
  }
  return out;
}

std::string fmt_x(double x) {
  return fmt::format("{:.4g}", x);
}

// A value of the first axis, or of the second, as the reader reads it: the number, or the
// text of a text axis (whose x is the index of its label).
std::string x_text(const SweepData& sw, double x) {
  return sw.labels.empty() ? fmt_x(x) : sw.labels.at(static_cast<std::size_t>(x));
}
std::string v2_text(const SweepData& sw, double v2) {
  return sw.labels2.empty() ? fmt_x(v2) : sw.labels2.at(static_cast<std::size_t>(v2));
}

// Where policy k of n sits within the slot of category x (x_categories puts it at x + 0.5):
// side by side, so that their intervals do not hide each other.
double dodge(double x, std::size_t k, std::size_t n) {
  const double w = std::min(0.7 / static_cast<double>(n), 0.2);
  return x + 0.5 + (static_cast<double>(k) - 0.5 * static_cast<double>(n - 1)) * w;
}

// A text axis: its values have no order or distance, so each policy's mean is a point with its
// 95 % interval per category, and nothing is drawn between categories.
std::string category_chart(const SweepData& sw, const std::map<std::string, std::string>& colours,
                           double v2, const std::string& metric, Unit unit,
                           const std::string& axis_label) {
  double ylo = std::numeric_limits<double>::infinity(), yhi = -ylo;
  for (const std::string& p : sw.policies) {
    const auto* c = sw.curve(v2, p, metric);
    if (!c) continue;
    for (const CurvePoint& pt : *c) {
      for (const double v : {pt.s.mean, pt.s.lo, pt.s.hi}) {
        if (std::isfinite(v)) ylo = std::min(ylo, v), yhi = std::max(yhi, v);
      }
    }
  }
  if (!std::isfinite(ylo)) return "";
  const double pad = std::max(0.06 * (yhi - ylo), 1e-9 * std::max(1.0, std::abs(yhi)));
  const bool from_zero = unit != Unit::fraction && ylo >= 0 && ylo < 0.5 * yhi;
  Ticks yt = nice_ticks(from_zero ? 0 : ylo - pad, yhi + pad);
  if (unit == Unit::fraction) yt = nice_ticks(std::max(0.0, ylo - pad), std::min(1.0, yhi + pad));
  std::string title = fmt::format("{} per value of {}", metric, sw.parameter);
  if (!sw.parameter2.empty()) title += fmt::format(" ({} = {})", sw.parameter2, v2_text(sw, v2));
  std::vector<LegendItem> legend;
  for (const std::string& p : sw.policies) {
    if (sw.curve(v2, p, metric)) legend.emplace_back(colours.at(p), p, false);
  }
  Plot plot(title, 0, static_cast<double>(sw.labels.size()), yt.lo, yt.hi, Plot::kH, 84, 24,
            legend);
  plot.y_axis(yt, unit, axis_label);
  plot.x_categories(sw.labels, sw.parameter);
  for (std::size_t k = 0; k < sw.policies.size(); ++k) {
    const std::string& p = sw.policies[k];
    const auto* c = sw.curve(v2, p, metric);
    if (!c) continue;
    for (const CurvePoint& pt : *c) {
      if (!std::isfinite(pt.s.mean)) continue;
      const double at = dodge(pt.x, k, sw.policies.size());
      const std::string tip = fmt::format("{} at {} = {}: {} (95 % interval {} to {})", p,
                                          sw.parameter, x_text(sw, pt.x), show(pt.s.mean, unit),
                                          show(pt.s.lo, unit), show(pt.s.hi, unit));
      plot.whisker(at, pt.s.lo, pt.s.hi, colours.at(p), tip);
      plot.body += fmt::format(
          "<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{}\"><title>{}</title></circle>\n",
          c1(plot.x(at)), c1(plot.y(pt.s.mean)), colours.at(p), esc(tip));
    }
  }
  return figure(plot.svg(title),
                fmt::format("Mean of <code>{}</code> over replications at each value of "
                            "<code>{}</code> (points), with its 95 % confidence interval "
                            "(whiskers). The values are categories: nothing lies between them.",
                            esc(metric), esc(sw.parameter)));
}

// For a text axis: the best policy at each category (crossings need an order of values).
std::string category_best_text(const SweepData& sw, double v2, const std::string& metric,
                               bool lower_is_better) {
  if (sw.policies.size() < 2) return "";
  std::string items;
  for (std::size_t i = 0; i < sw.labels.size(); ++i) {
    std::string best;
    double bv = kNaN;
    for (const std::string& p : sw.policies) {
      const auto* c = sw.curve(v2, p, metric);
      if (!c) continue;
      for (const CurvePoint& pt : *c) {
        if (pt.x != static_cast<double>(i) || !std::isfinite(pt.s.mean)) continue;
        if (!std::isfinite(bv) || (lower_is_better ? pt.s.mean < bv : pt.s.mean > bv)) {
          bv = pt.s.mean, best = p;
        }
      }
    }
    if (best.empty()) continue;
    items += fmt::format("<li>{} = <b>{}</b>: <b>{}</b></li>", esc(sw.parameter), esc(sw.labels[i]),
                         esc(best));
  }
  if (items.empty()) return "";
  return fmt::format("<p>The policy with the {} mean <code>{}</code> at each value:</p><ul>{}</ul>",
                     lower_is_better ? "lowest" : "highest", esc(metric), items);
}

std::string curve_chart(const SweepData& sw, const std::map<std::string, std::string>& colours,
                        double v2, const std::string& metric, Unit unit,
                        const std::string& axis_label, bool mark_crossings) {
  if (!sw.labels.empty()) return category_chart(sw, colours, v2, metric, unit, axis_label);
  double xlo = std::numeric_limits<double>::infinity(), xhi = -xlo;
  double ylo = xlo, yhi = -xlo;
  for (const std::string& p : sw.policies) {
    const auto* c = sw.curve(v2, p, metric);
    if (!c) continue;
    for (const CurvePoint& pt : *c) {
      xlo = std::min(xlo, pt.x), xhi = std::max(xhi, pt.x);
      for (const double v : {pt.s.mean, pt.s.lo, pt.s.hi}) {
        if (std::isfinite(v)) ylo = std::min(ylo, v), yhi = std::max(yhi, v);
      }
    }
  }
  if (!std::isfinite(xlo) || !std::isfinite(ylo)) return "";
  const double pad = 0.06 * (yhi - ylo);
  const bool from_zero = unit != Unit::fraction && ylo >= 0 && ylo < 0.5 * yhi;
  Ticks yt = nice_ticks(from_zero ? 0 : ylo - pad, yhi + pad);
  if (unit == Unit::fraction) yt = nice_ticks(std::max(0.0, ylo - pad), std::min(1.0, yhi + pad));
  const Ticks xt = nice_ticks(xlo, xhi, 6);
  std::string title = fmt::format("{} against {}", metric, sw.parameter);
  if (!sw.parameter2.empty()) title += fmt::format(" ({} = {})", sw.parameter2, v2_text(sw, v2));
  std::vector<LegendItem> legend;
  for (const std::string& p : sw.policies) {
    if (sw.curve(v2, p, metric)) legend.emplace_back(colours.at(p), p, true);
  }
  legend.emplace_back("#d9d9d9", "95 % interval of the mean", false);
  Plot plot(title, std::min(xlo, xt.lo), std::max(xhi, xt.hi), yt.lo, yt.hi, Plot::kH, 84, 24,
            legend);
  plot.y_axis(yt, unit, axis_label);
  plot.x_axis(xt, Unit::ratio, sw.parameter);
  for (const std::string& p : sw.policies) {
    const auto* c = sw.curve(v2, p, metric);
    if (!c) continue;
    std::vector<double> xs, lo, hi, mean;
    for (const CurvePoint& pt : *c) {
      xs.push_back(pt.x), lo.push_back(pt.s.lo), hi.push_back(pt.s.hi), mean.push_back(pt.s.mean);
    }
    plot.band(xs, lo, hi, colours.at(p), 0.16);
  }
  for (const std::string& p : sw.policies) {
    const auto* c = sw.curve(v2, p, metric);
    if (!c) continue;
    std::vector<double> xs, mean;
    for (const CurvePoint& pt : *c) xs.push_back(pt.x), mean.push_back(pt.s.mean);
    plot.line(xs, mean, colours.at(p), 2.2);
    for (const CurvePoint& pt : *c) {
      if (!std::isfinite(pt.s.mean)) continue;
      plot.body += fmt::format(
          "<circle cx=\"{}\" cy=\"{}\" r=\"3.5\" fill=\"{}\"><title>{} at {} = {}: {} (95 % "
          "interval {} to {})</title></circle>\n",
          c1(plot.x(pt.x)), c1(plot.y(pt.s.mean)), colours.at(p), esc(p), esc(sw.parameter),
          fmt_x(pt.x), esc(show(pt.s.mean, unit)), esc(show(pt.s.lo, unit)),
          esc(show(pt.s.hi, unit)));
    }
  }
  if (mark_crossings) {
    // Staggered so that crossings close together stay readable.
    std::size_t k = 0;
    for (const Crossing& x : all_crossings(sw, v2, metric)) {
      plot.body += fmt::format(
          "<line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#222\" "
          "stroke-dasharray=\"2 4\"/>\n",
          c1(plot.x(x.x)), c1(plot.top()), c1(plot.bottom()));
      plot.note(plot.x(x.x) + 3, plot.top() + 12 + 12 * static_cast<double>(k++ % 4),
                x.a + " × " + x.b, "shock", 10.5);
    }
  }
  return figure(plot.svg(title),
                fmt::format("Mean of <code>{}</code> over replications at each value of "
                            "<code>{}</code> (points), with its 95 % confidence band.",
                            esc(metric), esc(sw.parameter)));
}

std::string crossing_text(const SweepData& sw, double v2, const std::string& metric, Unit unit,
                          bool lower_is_better) {
  if (!sw.labels.empty()) return category_best_text(sw, v2, metric, lower_is_better);
  if (sw.policies.size() < 2) return "";  // one curve: nothing crosses, nothing to rank
  std::vector<std::string> lines;
  for (const Crossing& x : all_crossings(sw, v2, metric)) {
    const std::string& low_before = x.a_lower_before ? x.a : x.b;
    const std::string& low_after = x.a_lower_before ? x.b : x.a;
    lines.push_back(fmt::format(
        "<li><b>{}</b> and <b>{}</b> cross at {} ≈ {}: below it {} has the {} {}, above it "
        "{}.</li>",
        esc(x.a), esc(x.b), esc(sw.parameter), fmt_x(x.x), esc(low_before),
        lower_is_better ? "lower (better)" : "lower", esc(metric), esc(low_after)));
  }
  if (!lines.empty()) {
    std::string out =
        fmt::format("<p>Where the <code>{}</code> curves cross:</p><ul>", esc(metric));
    for (const std::string& l : lines) out += l;
    return out + "</ul>";
  }
  // No crossing: name the policy that is best everywhere, if one is.
  std::string best_everywhere;
  const auto* first = sw.curve(v2, sw.policies.front(), metric);
  if (first) {
    std::set<std::string> best;
    for (std::size_t k = 0; k < first->size(); ++k) {
      std::string b;
      double bv = kNaN;
      for (const std::string& p : sw.policies) {
        const auto* c = sw.curve(v2, p, metric);
        if (!c || k >= c->size() || !std::isfinite((*c)[k].s.mean)) continue;
        const double v = (*c)[k].s.mean;
        if (!std::isfinite(bv) || (lower_is_better ? v < bv : v > bv)) bv = v, b = p;
      }
      best.insert(b);
    }
    if (best.size() == 1) best_everywhere = *best.begin();
  }
  (void)unit;
  return fmt::format("<p>The <code>{}</code> curves do not cross over the swept range{}.</p>",
                     esc(metric),
                     best_everywhere.empty()
                         ? ""
                         : fmt::format(": <b>{}</b> is {} at every value", esc(best_everywhere),
                                       lower_is_better ? "lowest" : "highest"));
}

// ---------------------------------------------------------------------------------------------
// Tail risk, arg-min and heatmaps

// total_cost's mean, p95 and CVaR(95 %) per policy: how much worse than the mean a bad run is.
std::string tail_chart(const SweepData& sw, const std::map<std::string, std::string>& colours,
                       double v2) {
  double xlo = std::numeric_limits<double>::infinity(), xhi = -xlo;
  double ylo = xlo, yhi = -xlo;
  bool any_cvar = false;
  for (const std::string& p : sw.policies) {
    const auto* c = sw.curve(v2, p, "total_cost");
    if (!c) continue;
    for (const CurvePoint& pt : *c) {
      xlo = std::min(xlo, pt.x), xhi = std::max(xhi, pt.x);
      for (const double v : {pt.s.mean, pt.s.p95, pt.cvar95}) {
        if (std::isfinite(v)) ylo = std::min(ylo, v), yhi = std::max(yhi, v);
      }
      any_cvar = any_cvar || std::isfinite(pt.cvar95);
    }
  }
  if (!std::isfinite(xlo) || !std::isfinite(ylo) || !any_cvar) return "";
  const Ticks yt = nice_ticks(ylo >= 0 && ylo < 0.5 * yhi ? 0 : ylo - 0.06 * (yhi - ylo),
                              yhi + 0.06 * (yhi - ylo));
  const Ticks xt = nice_ticks(xlo, xhi, 6);
  std::string title = fmt::format("total_cost: mean, p95 and CVaR 95 % against {}", sw.parameter);
  if (!sw.parameter2.empty()) title += fmt::format(" ({} = {})", sw.parameter2, v2_text(sw, v2));
  const bool categories = !sw.labels.empty();
  if (categories) xlo = 0, xhi = static_cast<double>(sw.labels.size());
  std::vector<LegendItem> legend;
  for (const std::string& p : sw.policies) {
    if (sw.curve(v2, p, "total_cost")) legend.emplace_back(colours.at(p), p, true);
  }
  Plot plot(title, categories ? xlo : std::min(xlo, xt.lo), categories ? xhi : std::max(xhi, xt.hi),
            yt.lo, yt.hi, Plot::kH, 84, 24, legend);
  plot.y_axis(yt, Unit::money, "total cost over the horizon (currency)");
  if (categories) {
    plot.x_categories(sw.labels, sw.parameter);
  } else {
    plot.x_axis(xt, Unit::ratio, sw.parameter);
  }
  for (std::size_t k = 0; categories && k < sw.policies.size(); ++k) {
    // Per category: the mean a dot, p95 a ring, CVaR a square, one above the other.
    const std::string& p = sw.policies[k];
    const auto* c = sw.curve(v2, p, "total_cost");
    if (!c) continue;
    for (const CurvePoint& pt : *c) {
      const double cx = plot.x(dodge(pt.x, k, sw.policies.size()));
      const std::string at = fmt::format("{} at {} = {}", p, sw.parameter, x_text(sw, pt.x));
      if (std::isfinite(pt.s.mean)) {
        plot.body += fmt::format(
            "<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{}\" class=\"tail-mean\"><title>{}: "
            "mean {}</title></circle>\n",
            c1(cx), c1(plot.y(pt.s.mean)), colours.at(p), esc(at),
            esc(show(pt.s.mean, Unit::money)));
      }
      if (std::isfinite(pt.s.p95)) {
        plot.body += fmt::format(
            "<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.6\" "
            "class=\"tail-p95\"><title>{}: p95 {}</title></circle>\n",
            c1(cx), c1(plot.y(pt.s.p95)), colours.at(p), esc(at), esc(show(pt.s.p95, Unit::money)));
      }
      if (std::isfinite(pt.cvar95)) {
        plot.body += fmt::format(
            "<rect x=\"{}\" y=\"{}\" width=\"7\" height=\"7\" fill=\"{}\" class=\"tail-cvar\">"
            "<title>{}: CVaR 95 % {}</title></rect>\n",
            c1(cx - 3.5), c1(plot.y(pt.cvar95) - 3.5), colours.at(p), esc(at),
            esc(show(pt.cvar95, Unit::money)));
      }
    }
  }
  if (categories) {
    return figure(plot.svg(title),
                  "Per policy and value: the mean of <code>total_cost</code> (dot), its 95th "
                  "percentile over the replications (ring) and CVaR 95 % (square: the mean of "
                  "the replications at or above the 95th percentile).");
  }
  for (const std::string& p : sw.policies) {
    const auto* c = sw.curve(v2, p, "total_cost");
    if (!c) continue;
    std::vector<double> xs, mean, p95, cvar;
    for (const CurvePoint& pt : *c) {
      xs.push_back(pt.x), mean.push_back(pt.s.mean), p95.push_back(pt.s.p95);
      cvar.push_back(pt.cvar95);
    }
    plot.line(xs, mean, colours.at(p), 2.2, " class=\"tail-mean\"");
    plot.line(xs, p95, colours.at(p), 1.6, " stroke-dasharray=\"6 4\" class=\"tail-p95\"");
    plot.line(xs, cvar, colours.at(p), 1.6, " stroke-dasharray=\"2 3\" class=\"tail-cvar\"");
  }
  return figure(plot.svg(title),
                "Per policy: the mean of <code>total_cost</code> (solid), its 95th percentile "
                "over the replications (dashed) and CVaR 95 % (dotted: the mean of the "
                "replications at or above the 95th percentile).");
}

// The points of the sweep (all second values) of one policy's total_cost with an arg-min mark.
std::vector<std::pair<double, const CurvePoint*>> cost_points(const SweepData& sw,
                                                              const std::string& policy) {
  std::vector<std::pair<double, const CurvePoint*>> out;
  for (const double v2 : sw.values2) {
    if (const auto* c = sw.curve(v2, policy, "total_cost")) {
      for (const CurvePoint& pt : *c) out.emplace_back(v2, &pt);
    }
  }
  return out;
}

// "best value 0.95; values 0.93-0.97 within noise", per policy, from curves.csv's argmin.
std::string arg_min_text(const SweepData& sw) {
  std::string items;
  for (const std::string& p : sw.policies) {
    const auto pts = cost_points(sw, p);
    const auto label = [&](const std::pair<double, const CurvePoint*>& at) {
      return sw.parameter2.empty()
                 ? x_text(sw, at.second->x)
                 : fmt::format("({}, {})", x_text(sw, at.second->x), v2_text(sw, at.first));
    };
    std::string best;
    double best_mean = kNaN;
    std::vector<std::string> within;
    std::vector<double> within_x;
    for (const auto& at : pts) {
      if (at.second->argmin == "best") best = label(at), best_mean = at.second->s.mean;
      if (at.second->argmin == "best" || at.second->argmin == "within_noise") {
        within.push_back(label(at));
        within_x.push_back(at.second->x);
      }
    }
    if (best.empty()) continue;
    std::string noise;
    if (within.size() == 1) {
      noise = "no other value within noise";
    } else if (sw.parameter2.empty()) {
      // A run of neighbouring values reads as a range; a gap is listed.
      std::size_t first = 0;
      while (sw.values[first] != within_x.front()) ++first;
      // Categories have no neighbours: a text axis's values are listed.
      const bool run = sw.labels.empty() && first + within_x.size() <= sw.values.size() &&
                       std::equal(within_x.begin(), within_x.end(),
                                  sw.values.begin() + static_cast<std::ptrdiff_t>(first));
      std::string list;
      for (const std::string& w : within) list += (list.empty() ? "" : ", ") + w;
      noise = run ? fmt::format("values {}-{} within noise", within.front(), within.back())
                  : fmt::format("values {} within noise", list);
    } else {
      std::string list;
      for (std::size_t k = 0; k < within.size() && k < 12; ++k) {
        list += (k ? ", " : "") + within[k];
      }
      if (within.size() > 12) list += fmt::format(" and {} more", within.size() - 12);
      noise = fmt::format("{} of {} points within noise: {}", within.size(), pts.size(), list);
    }
    items += fmt::format("<li class=\"argmin\"><b>{}</b>: best value {} ({}); {}</li>\n", esc(p),
                         esc(best), esc(show(best_mean, Unit::money)), esc(noise));
  }
  if (items.empty()) return "";
  return "<p>Lowest mean total cost per policy; within noise: the paired 95 % interval of the "
         "difference to it (the same replications at every point) contains 0.</p>\n<ul>\n" +
         items + "</ul>\n";
}

// Per policy, a heatmap of mean total_cost over the grid, the arg-min outlined.
std::string heatmaps(const SweepData& sw) {
  std::string out;
  for (std::size_t k = 0; k < sw.policies.size(); ++k) {
    const std::string& p = sw.policies[k];
    HeatmapGrid g;
    g.title = fmt::format("mean total_cost: {}", p);
    g.x_label = sw.parameter, g.y_label = sw.parameter2;
    for (const double x : sw.values) g.x_values.push_back(x_text(sw, x));
    for (const double y : sw.values2) g.y_values.push_back(v2_text(sw, y));
    g.cells.assign(sw.values.size() * sw.values2.size(), kNaN);
    g.id = std::to_string(k);
    for (std::size_t iy = 0; iy < sw.values2.size(); ++iy) {
      const auto* c = sw.curve(sw.values2[iy], p, "total_cost");
      if (!c) continue;
      for (const CurvePoint& pt : *c) {
        const auto ix = static_cast<std::size_t>(
            std::lower_bound(sw.values.begin(), sw.values.end(), pt.x) - sw.values.begin());
        g.cells[ix * sw.values2.size() + iy] = pt.s.mean;
        if (pt.argmin == "best") g.marked = ix * sw.values2.size() + iy;
      }
    }
    out += figure(heatmap_svg(g),
                  fmt::format("Mean <code>total_cost</code> of <b>{}</b> at every point of the "
                              "grid (light: cheap); outlined: the lowest mean.",
                              esc(p)));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Table

std::string sweep_table(const SweepData& sw, const std::map<std::string, std::string>& colours,
                        double v2) {
  std::string out = fmt::format("<table class=\"cmp\">\n<thead><tr><th>{}</th>", esc(sw.parameter));
  for (const std::string& p : sw.policies) {
    out += fmt::format("<th><span class=\"sw\" style=\"background:{}\"></span>{}</th>",
                       colours.at(p), esc(p));
  }
  out += "</tr></thead>\n<tbody>\n";
  const auto* first = sw.curve(v2, sw.policies.front(), "total_cost");
  if (!first) return out + "</tbody>\n</table>\n";
  for (std::size_t k = 0; k < first->size(); ++k) {
    std::string best;
    double best_v = kNaN;
    for (const std::string& p : sw.policies) {
      const auto* c = sw.curve(v2, p, "total_cost");
      if (c && k < c->size() && std::isfinite((*c)[k].s.mean) &&
          (!std::isfinite(best_v) || (*c)[k].s.mean < best_v)) {
        best_v = (*c)[k].s.mean, best = p;
      }
    }
    // Highlight only what tells policies apart: not the only policy, not a tie.
    std::size_t at_best = 0;
    for (const std::string& p : sw.policies) {
      const auto* c = sw.curve(v2, p, "total_cost");
      at_best += c && k < c->size() && (*c)[k].s.mean == best_v ? 1 : 0;
    }
    if (sw.policies.size() < 2 || at_best > 1) best.clear();
    out += fmt::format("<tr><th scope=\"row\">{}</th>", esc(x_text(sw, (*first)[k].x)));
    for (const std::string& p : sw.policies) {
      const auto* c = sw.curve(v2, p, "total_cost");
      const auto* f = sw.curve(v2, p, "fill_rate");
      if (!c || k >= c->size()) {
        out += "<td>–</td>";
        continue;
      }
      const Stat& s = (*c)[k].s;
      out += fmt::format(
          "<td{}>{} <small>± {}</small>{}</td>", p == best ? " class=\"best\"" : "",
          esc(show(s.mean, Unit::money)), esc(show_hw(0.5 * (s.hi - s.lo), s.mean, Unit::money)),
          f && k < f->size()
              ? fmt::format("<br><small>fill {}</small>", esc(show((*f)[k].s.mean, Unit::fraction)))
              : "");
    }
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

}  // namespace

std::string sweep_page(const fs::path& dir) {
  const SweepData sw = read_sweep(dir);
  const Meta meta = read_meta(dir);
  const auto colours = policy_colours(sw.policies);
  const std::string name = meta.name.empty() ? dir.filename().string() : meta.name;
  std::string html = page_head("jitsim report: sweep of " + sw.parameter);
  html += fmt::format("<h1>{}</h1>\n", esc(name));
  std::string what = "sweep of " + sw.parameter;
  if (!sw.parameter2.empty()) what += " × " + sw.parameter2;
  const auto* first = sw.curve(sw.values2.front(), sw.policies.front(), "total_cost");
  if (first && !first->empty()) {
    what += fmt::format(", {:.0f} replications per point", first->front().s.n);
  }
  html += meta_line(meta, what);
  html +=
      "<p>Every policy at every value ran on the same random futures. Bands are 95 % "
      "confidence intervals of the mean.</p>\n";
  const std::string best = arg_min_text(sw);
  if (!best.empty()) html += "<h2>Lowest cost</h2>\n" + best;
  if (!sw.parameter2.empty()) html += "<h2>Cost over the grid</h2>\n" + heatmaps(sw);
  for (const double v2 : sw.values2) {
    if (!sw.parameter2.empty()) {
      html += fmt::format("<h2>{} = {}</h2>\n", esc(sw.parameter2), esc(v2_text(sw, v2)));
    }
    html += fmt::format(
        "<h2>Comparison</h2>\n<p>Cells: mean total cost ± 95 % half-width, and the fill "
        "rate{}.</p>\n",
        sw.policies.size() > 1 ? "; the cheapest policy at each value is highlighted" : "");
    html += sweep_table(sw, colours, v2);
    html += "<h2>Cost curves</h2>\n";
    html += curve_chart(sw, colours, v2, "total_cost", Unit::money,
                        "total cost over the horizon (currency)", true);
    html += crossing_text(sw, v2, "total_cost", Unit::money, true);
    html += "<h2>Tail risk</h2>\n" + tail_chart(sw, colours, v2);
    html += "<h2>Service and cash</h2>\n";
    html += curve_chart(sw, colours, v2, "fill_rate", Unit::fraction,
                        "fill rate (% of units demanded)", true);
    html += crossing_text(sw, v2, "fill_rate", Unit::fraction, false);
    html += curve_chart(sw, colours, v2, "avg_on_hand_value", Unit::money,
                        "average on-hand value at unit cost (currency)", false);
  }
  html += fmt::format(
      "<footer>Made by <code>jitsim report</code> (jitsim {}) from curves.csv{}.</footer>\n"
      "</main>\n</body>\n</html>\n",
      kVersion, meta.name.empty() ? "" : ", scenario.resolved.toml");
  return html;
}

}  // namespace jitsim::models
