// File: models/results/html_report.cpp
#include "models/results/html_report.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <system_error>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "models/results/report.h"
#include "models/results/report_advise.h"
#include "models/results/report_inputs.h"
#include "models/results/report_network.h"
#include "models/results/report_optimize.h"
#include "models/results/report_page.h"
#include "models/results/report_sensitivity.h"
#include "models/results/report_stress.h"
#include "models/results/report_sweep.h"
#include "models/results/svg_plot.h"

namespace jitsim::models {

namespace {

namespace fs = std::filesystem;
using namespace svg;            // NOLINT(google-build-using-namespace): the page is drawn with it
using namespace report_inputs;  // NOLINT(google-build-using-namespace): and from these

// ---------------------------------------------------------------------------------------------
// Run charts

struct CostPart {
  const char* metric;
  const char* label;
  const char* colour;
};
// The parts of total_cost (outbound_cost: with an outbound carrier). fulfilment_cost comes
// with network scenarios (a folder of a newer
// jitsim may have it); a folder with parts this list lacks shows them as "other".
constexpr std::array<CostPart, 9> kCostParts{{{"holding_cost", "holding", "#4E79A7"},
                                              {"ordering_cost", "ordering", "#F28E2B"},
                                              {"transport_cost", "transport", "#76B7B2"},
                                              {"backorder_cost", "backorder", "#E15759"},
                                              {"lost_sales_cost", "lost sales", "#B07AA1"},
                                              {"overflow_cost", "overflow", "#EDC948"},
                                              {"spoilage_cost", "spoilage", "#9C755F"},
                                              {"fulfilment_cost", "fulfilment", "#FF9DA7"},
                                              {"outbound_cost", "outbound", "#59A14F"}}};
constexpr CostPart kOtherCost{"", "other", "#BAB0AC"};

double mean_or_zero(const Stat* s) {
  return s && std::isfinite(s->mean) ? s->mean : 0.0;
}

// total_cost less the parts named in kCostParts: zero (up to rounding) unless the folder holds
// a part this version does not know.
double other_cost(const RunData& run, const std::string& policy) {
  const Stat* total = run.stat(policy, "total_cost");
  if (!total || !std::isfinite(total->mean)) return 0;
  double parts = 0;
  for (const CostPart& part : kCostParts) parts += mean_or_zero(run.stat(policy, part.metric));
  const double rest = total->mean - parts;
  return std::abs(rest) > 1e-9 * std::max(1.0, std::abs(total->mean)) ? rest : 0.0;
}

bool any_other_cost(const RunData& run) {
  return std::any_of(run.policies.begin(), run.policies.end(),
                     [&](const std::string& p) { return other_cost(run, p) != 0; });
}

// The mean of a cost part (kOtherCost: the rest of total_cost).
double part_mean(const RunData& run, const std::string& policy, const CostPart& part) {
  return part.metric[0] == 0 ? other_cost(run, policy)
                             : mean_or_zero(run.stat(policy, part.metric));
}

std::string cost_breakdown_chart(const RunData& run,
                                 const std::map<std::string, std::string>& colours) {
  std::vector<CostPart> parts;
  for (const CostPart& part : kCostParts) {
    for (const std::string& p : run.policies) {
      if (mean_or_zero(run.stat(p, part.metric)) != 0) {
        parts.push_back(part);
        break;
      }
    }
  }
  if (any_other_cost(run)) parts.push_back(kOtherCost);
  double top = 0;
  for (const std::string& p : run.policies) {
    double sum = 0;
    for (const CostPart& part : parts) sum += part_mean(run, p, part);
    top = std::max(top, sum);
    if (const Stat* t = run.stat(p, "total_cost"); t && std::isfinite(t->hi)) {
      top = std::max(top, t->hi);
    }
  }
  const Ticks yt = nice_ticks(0, top * 1.08);
  const auto n = static_cast<double>(run.policies.size());
  std::vector<LegendItem> legend;
  legend.reserve(parts.size());
  for (const CostPart& part : parts) legend.emplace_back(part.colour, part.label, false);
  Plot plot("Cost breakdown per policy (mean over replications)", 0, n, yt.lo, yt.hi, Plot::kH, 84,
            24, legend);
  plot.y_axis(yt, Unit::money, "cost over the horizon (currency)");
  const double bar = std::min(90.0, 0.55 * (plot.x(1) - plot.x(0)));
  for (std::size_t i = 0; i < run.policies.size(); ++i) {
    const std::string& p = run.policies[i];
    const double cx = plot.x(static_cast<double>(i) + 0.5);
    double base = 0;
    for (const CostPart& part : parts) {
      const double v = part_mean(run, p, part);
      if (v <= 0) continue;
      plot.body += fmt::format(
          "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"#fff\" "
          "stroke-width=\"0.5\"><title>{} {}: {}</title></rect>\n",
          c1(cx - bar / 2), c1(plot.y(base + v)), c1(bar), c1(plot.y(base) - plot.y(base + v)),
          part.colour, esc(p), part.label, grouped(v, 0));
      base += v;
    }
    if (const Stat* t = run.stat(p, "total_cost")) {
      plot.whisker(static_cast<double>(i) + 0.5, t->lo, t->hi, "#222",
                   fmt::format("{} total_cost 95 % interval: {} to {}", p, grouped(t->lo, 0),
                               grouped(t->hi, 0)));
      const double label_at = std::isfinite(t->hi) ? std::max(t->hi, base) : base;
      plot.body +=
          fmt::format("<text x=\"{}\" y=\"{}\" class=\"value\" text-anchor=\"middle\">{}</text>\n",
                      c1(cx), c1(plot.y(label_at) - 8), grouped(t->mean, 0));
    }
  }
  plot.categories(run.policies, colours);
  return figure(plot.svg("cost breakdown per policy"),
                "Stacked means of the cost components that make up <code>total_cost</code> "
                "(purchase cost excluded). The whisker is the 95 % confidence interval of the mean "
                "total cost; the number above the bar is that mean.");
}

// One dot (or bar from zero) per policy with its 95 % interval.
std::string interval_chart(const RunData& run, const std::map<std::string, std::string>& colours,
                           const std::string& metric, Unit unit, const std::string& title,
                           const std::string& axis_label, bool bars, const std::string& caption) {
  double lo = bars ? 0 : std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  for (const std::string& p : run.policies) {
    if (const Stat* s = run.stat(p, metric)) {
      for (const double v : {s->mean, s->lo, s->hi}) {
        if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
      }
    }
  }
  if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
  const double pad = bars ? 0.08 * hi : 0.12 * (hi - lo);
  Ticks yt = nice_ticks(bars ? 0 : lo - pad, hi + pad);
  if (unit == Unit::fraction) yt = nice_ticks(std::max(0.0, lo - pad), std::min(1.0, hi + pad));
  Plot plot(title, 0, static_cast<double>(run.policies.size()), yt.lo, yt.hi);
  plot.y_axis(yt, unit, axis_label);
  const double bar = std::min(90.0, 0.55 * (plot.x(1) - plot.x(0)));
  for (std::size_t i = 0; i < run.policies.size(); ++i) {
    const std::string& p = run.policies[i];
    const Stat* s = run.stat(p, metric);
    if (!s || !std::isfinite(s->mean)) continue;
    const double at = static_cast<double>(i) + 0.5;
    const std::string& colour = colours.at(p);
    const std::string tip = fmt::format("{} {}: {} (95 % interval {} to {})", p, metric,
                                        show(s->mean, unit), show(s->lo, unit), show(s->hi, unit));
    // A share's interval (normal approximation, few replications) may pass 0 or 100 %: drawn
    // up to the axis, as a share cannot; the tooltip and the table give the numbers.
    const double lo_drawn = unit == Unit::fraction ? std::max(s->lo, 0.0) : s->lo;
    const double hi_drawn = unit == Unit::fraction ? std::min(s->hi, 1.0) : s->hi;
    if (bars) {
      plot.body += fmt::format(
          "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" fill-opacity=\"0.85\">"
          "<title>{}</title></rect>\n",
          c1(plot.x(at) - bar / 2), c1(plot.y(s->mean)), c1(bar),
          c1(plot.y(yt.lo < 0 ? 0 : yt.lo) - plot.y(s->mean)), colour, esc(tip));
      plot.whisker(at, lo_drawn, hi_drawn, "#222", tip);
    } else {
      plot.whisker(at, lo_drawn, hi_drawn, colour, tip);
      plot.body += fmt::format(
          "<circle cx=\"{}\" cy=\"{}\" r=\"5.5\" fill=\"{}\"><title>{}</title></circle>\n",
          c1(plot.x(at)), c1(plot.y(s->mean)), colour, esc(tip));
    }
    const double label_at = std::isfinite(hi_drawn) ? hi_drawn : s->mean;
    plot.body +=
        fmt::format("<text x=\"{}\" y=\"{}\" class=\"value\" text-anchor=\"middle\">{}</text>\n",
                    c1(plot.x(at)), c1(plot.y(label_at) - 8), esc(show(s->mean, unit)));
  }
  plot.categories(run.policies, colours);
  return figure(plot.svg(title), caption);
}

// Paired differences a - b of one metric, one row per pair (a forest plot).
constexpr double kPairPx = 12.5;  // the pair names (class "cat")
std::string paired_chart(const RunData& run, const std::string& metric, Unit unit,
                         const std::string& axis_label) {
  double lo = 0, hi = 0;
  for (const std::string& pair : run.pairs) {
    const auto it = run.paired.at(pair).find(metric);
    if (it == run.paired.at(pair).end()) continue;
    for (const double v : {it->second.lo, it->second.hi, it->second.mean_diff}) {
      if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    }
  }
  const double pad = 0.08 * (hi - lo);
  const Ticks xt = nice_ticks(lo - pad, hi + pad);
  const auto rows = static_cast<double>(run.pairs.size());
  const double height = std::max(220.0, 64 + 58 + 34 * rows);
  // Room on the left for the longest pair name, up to 40 % of the width (longer names are
  // shortened; the full name is the label's tooltip).
  double left = 130;
  for (const std::string& pair : run.pairs) {
    left = std::max(left, text_width(pair, kPairPx, true) + 20);
  }
  left = std::min(left, 0.4 * Plot::kW);
  Plot plot(fmt::format("Paired differences of {} (a − b, same random futures)", metric), xt.lo,
            xt.hi, rows, 0, height, left, 150);
  plot.x_axis(xt, unit, axis_label);
  plot.body += fmt::format(
      "<line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#444\" stroke-dasharray=\"4 "
      "3\"/>\n",
      c1(plot.x(0)), c1(plot.top()), c1(plot.bottom()));
  for (std::size_t i = 0; i < run.pairs.size(); ++i) {
    const std::string& pair = run.pairs[i];
    const double cy = plot.y(static_cast<double>(i) + 0.5);
    plot.body += fmt::format(
        "<g><title>{}</title><text x=\"{}\" y=\"{}\" class=\"cat\" text-anchor=\"end\">{}</text>"
        "</g>\n",
        esc(pair), c1(plot.kL - 8), c1(cy + 4), esc(fit_text(pair, plot.kL - 16, kPairPx, true)));
    const auto it = run.paired.at(pair).find(metric);
    if (it == run.paired.at(pair).end() || !std::isfinite(it->second.mean_diff)) continue;
    const PairRow& d = it->second;
    const std::string tip = fmt::format(
        "{}: {} (95 % interval {} to {}); a better in {:.0f} % of replications", pair,
        show(d.mean_diff, unit), show(d.lo, unit), show(d.hi, unit), 100 * d.share_better);
    if (std::isfinite(d.lo) && std::isfinite(d.hi)) {
      plot.body += fmt::format(
          "<line x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\" stroke=\"#333\" stroke-width=\"2\"/>",
          c1(plot.x(d.lo)), c1(plot.x(d.hi)), c1(cy));
    }
    plot.body += fmt::format(
        "<circle cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"#333\"><title>{}</title></circle>"
        "<text x=\"{}\" y=\"{}\" class=\"value\" text-anchor=\"start\">a better in {:.0f} "
        "%</text>\n",
        c1(plot.x(d.mean_diff)), c1(cy), esc(tip), c1(Plot::kW - plot.kR + 10), c1(cy + 4),
        100 * d.share_better);
  }
  return figure(plot.svg("paired differences of " + metric),
                "Mean of the replication-by-replication difference a − b with its 95 % interval. "
                "An interval that does not cross the dashed zero line is a clear difference. "
                "\"a better\" counts ties as half.");
}

// The series of `metric` of policy p, or null.
const Series* series_of(const RunData& run, const std::string& p, const std::string& metric) {
  const auto pit = run.series.find(p);
  if (pit == run.series.end()) return nullptr;
  const auto it = pit->second.find(metric);
  return it == pit->second.end() || it->second.day.empty() ? nullptr : &it->second;
}

// True if some policy's `metric` is non-zero on some day (in its 5-95 % band).
bool series_nonzero(const RunData& run, const std::string& metric) {
  for (const std::string& p : run.policies) {
    const Series* s = series_of(run, p, metric);
    if (!s) continue;
    for (const auto* v : {&s->p05, &s->p50, &s->p95}) {
      if (std::any_of(v->begin(), v->end(), [](double x) { return std::isfinite(x) && x != 0; })) {
        return true;
      }
    }
  }
  return false;
}

// The shocks with a fixed start that fall in [xlo, xhi).
std::vector<ShockSpan> shocks_in(const Meta& meta, double xlo, double xhi) {
  std::vector<ShockSpan> out;
  for (const ShockSpan& w : meta.shocks) {
    const double end = std::isfinite(w.end) ? w.end : w.start + 1;
    if (std::min(end, xhi) > std::max(w.start, xlo)) out.push_back(w);
  }
  return out;
}

std::string series_chart(const RunData& run, const std::map<std::string, std::string>& colours,
                         const Meta& meta, const std::string& metric, const std::string& title,
                         const std::string& axis_label, Unit unit) {
  double xlo = std::numeric_limits<double>::infinity(), xhi = -xlo, yhi = 0;
  std::vector<LegendItem> legend;
  for (const std::string& p : run.policies) {
    const Series* s = series_of(run, p, metric);
    if (!s) continue;
    xlo = std::min(xlo, s->day.front());
    xhi = std::max(xhi, s->day.back() + 1);
    for (const double v : s->p95)
      if (std::isfinite(v)) yhi = std::max(yhi, v);
    legend.emplace_back(colours.at(p), p + " (median)", true);
  }
  if (!std::isfinite(xlo)) return "";
  const std::vector<ShockSpan> shocks = shocks_in(meta, xlo, xhi);
  if (!shocks.empty()) legend.emplace_back("#e4e4e4", "shock window", false);
  const Ticks xt = nice_ticks(xlo, xhi, 8);
  const Ticks yt = nice_ticks(0, yhi * 1.05);
  Plot plot(title, xlo, xhi, yt.lo, yt.hi, Plot::kH, 84, 24, legend);
  for (const ShockSpan& w : shocks) {
    const double a = std::max(w.start, xlo);
    const double b = std::min(std::isfinite(w.end) ? w.end : w.start + 1, xhi);
    plot.body += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#888\" fill-opacity=\"0.10\">"
        "<title>shock {} ({}), days {} to {}</title></rect>\n",
        c1(plot.x(a)), c1(plot.top()), c1(plot.x(b) - plot.x(a)), c1(plot.bottom() - plot.top()),
        esc(w.id), esc(w.kind), show(w.start, Unit::days), show(w.end, Unit::days));
  }
  plot.y_axis(yt, unit, axis_label);
  plot.x_axis(xt, Unit::days, "day of the measured period");
  // Shock labels stacked at the top of the plot, each at its start.
  for (std::size_t i = 0; i < shocks.size(); ++i) {
    const ShockSpan& w = shocks[i];
    if (!(w.start >= xlo && w.start < xhi)) continue;
    plot.body += fmt::format(
        "<line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#666\" "
        "stroke-dasharray=\"3 3\"/>\n",
        c1(plot.x(w.start)), c1(plot.top()), c1(plot.bottom()));
    plot.note(plot.x(w.start) + 3, plot.top() + 12 + 12 * static_cast<double>(i % 4), w.id, "shock",
              10.5);
  }
  for (const std::string& p : run.policies) {
    if (const Series* s = series_of(run, p, metric)) {
      plot.band(s->day, s->p05, s->p95, colours.at(p), 0.09);
    }
  }
  for (const std::string& p : run.policies) {
    if (const Series* s = series_of(run, p, metric)) plot.line(s->day, s->p50, colours.at(p), 2);
  }
  std::string caption =
      "Median over replications (line) and 5th to 95th percentile band (shaded, 90 % of "
      "replications) of the daily value, summed over SKUs.";
  if (!shocks.empty()) {
    caption +=
        " Grey spans are the scenario's shocks with a fixed start (drawn for their typical "
        "duration).";
  }
  if (meta.random_shocks > 0) {
    caption += fmt::format(
        " {} shock(s) with random starts are not drawn: they fall on different days in each "
        "replication.",
        meta.random_shocks);
  }
  return figure(plot.svg(title), caption);
}

// ---------------------------------------------------------------------------------------------
// Tables

struct Row {
  const char* metric;
  const char* label;
  Unit unit;
  int better;             // -1 lower is better, +1 higher, 0 neither
  bool optional = false;  // shown only where some policy has a non-zero mean
};
// Every part of total_cost (overflow and spoilage only where they occur, so that the parts
// shown add up to the total), purchase cost apart from them.
constexpr std::array<Row, 30> kTableRows{{
    {"total_cost", "total cost", Unit::money, -1},
    {"holding_cost", "holding cost", Unit::money, -1},
    {"ordering_cost", "ordering cost", Unit::money, -1},
    {"transport_cost", "transport cost", Unit::money, -1},
    {"backorder_cost", "backorder cost", Unit::money, -1},
    {"lost_sales_cost", "lost-sales cost", Unit::money, -1},
    {"overflow_cost", "overflow cost", Unit::money, -1, true},
    {"spoilage_cost", "spoilage cost", Unit::money, -1, true},
    {"fulfilment_cost", "fulfilment cost", Unit::money, -1, true},
    {"outbound_cost", "outbound delivery cost", Unit::money, -1, true},
    {"fill_rate", "fill rate (units from stock)", Unit::fraction, +1},
    {"order_fill_rate", "order fill rate", Unit::fraction, +1},
    {"cycle_service_level", "cycle service level", Unit::fraction, +1},
    {"avg_on_hand_value", "cash tied up (avg on-hand value)", Unit::money, -1},
    {"avg_backorders_units", "avg backlog (units)", Unit::units, -1},
    {"lost_sales_units", "lost sales (units)", Unit::units, -1},
    {"spoiled_units", "spoiled (units)", Unit::units, -1, true},
    {"orders_per_day", "purchase orders per day", Unit::per_day, 0},
    {"stockout_time_fraction", "share of SKU-time out of stock", Unit::fraction, -1},
    // Outbound (an outbound carrier or promise): order -> door, and OTIF where promised.
    {"avg_delivery_days", "avg order-to-door days", Unit::days, -1},
    {"otif", "OTIF (complete within the promise)", Unit::fraction, +1},
    {"time_to_recover_days", "time to recover after a shock (days)", Unit::days, -1},
    {"purchase_cost", "purchase cost (not part of total cost)", Unit::money, 0},
    {"profit", "profit", Unit::money, +1},
    {"avg_working_capital", "working capital (avg)", Unit::money, -1},
    {"peak_working_capital", "working capital (peak)", Unit::money, -1},
    {"cash_conversion_cycle_days", "cash conversion cycle (days)", Unit::days, -1},
    {"financing_cost", "financing cost (not part of total cost)", Unit::money, -1},
    // Churn ([customers]): demand that came, and what churn turned away (their sum: the
    // demand without churn).
    {"units_demanded", "units demanded (with churn)", Unit::units, 0, true},
    {"demand_lost_to_churn_units", "demand lost to churn (units)", Unit::units, -1, true},
}};

std::string comparison_table(const RunData& run, const std::map<std::string, std::string>& colours,
                             double horizon_days) {
  std::string out = "<table class=\"cmp\">\n<thead><tr><th>metric</th>";
  for (const std::string& p : run.policies) {
    out += fmt::format("<th><span class=\"sw\" style=\"background:{}\"></span>{}</th>",
                       colours.at(p), esc(p));
  }
  out += "</tr></thead>\n<tbody>\n";
  const bool churn = std::any_of(run.policies.begin(), run.policies.end(), [&](const auto& p) {
    const Stat* s = run.stat(p, "demand_lost_to_churn_units");
    return s && std::isfinite(s->mean) && s->mean != 0;
  });
  // Outbound rows only where a carrier charges or a promise is scored (otif defined).
  const bool outbound = std::any_of(run.policies.begin(), run.policies.end(), [&](const auto& p) {
    const Stat* cost = run.stat(p, "outbound_cost");
    const Stat* otif = run.stat(p, "otif");
    return (cost && std::isfinite(cost->mean) && cost->mean != 0) ||
           (otif && std::isfinite(otif->mean));
  });
  for (const Row& row : kTableRows) {
    // The rest of total_cost, if the folder has parts this version does not name.
    if (std::string_view(row.metric) == "fill_rate" && any_other_cost(run)) {
      out +=
          "<tr><th scope=\"row\">other cost parts <small>(in total cost, not named in this "
          "version)</small></th>";
      for (const std::string& p : run.policies) {
        out += fmt::format("<td>{}</td>", esc(show(other_cost(run, p), Unit::money)));
      }
      out += "</tr>\n";
    }
    if (std::string_view(row.metric) == "units_demanded" && !churn) continue;  // churn only
    if (std::string_view(row.metric) == "avg_delivery_days" && !outbound) continue;
    bool any = false, nonzero = false;
    for (const std::string& p : run.policies) {
      const Stat* s = run.stat(p, row.metric);
      any = any || (s && std::isfinite(s->mean));
      nonzero = nonzero || (s && std::isfinite(s->mean) && s->mean != 0);
    }
    if (!any || (row.optional && !nonzero)) continue;
    std::string best;
    double best_v = kNaN;
    if (row.better != 0 && run.policies.size() > 1) {
      for (const std::string& p : run.policies) {
        const Stat* s = run.stat(p, row.metric);
        if (!s || !std::isfinite(s->mean)) continue;
        if (!std::isfinite(best_v) || (row.better < 0 ? s->mean < best_v : s->mean > best_v)) {
          best_v = s->mean, best = p;
        }
      }
    }
    // A tie (e.g. no lost sales under any policy) has no best.
    std::size_t at_best = 0;
    for (const std::string& p : run.policies) {
      const Stat* s = run.stat(p, row.metric);
      at_best += s && s->mean == best_v ? 1 : 0;
    }
    if (at_best > 1) best.clear();
    out += fmt::format("<tr><th scope=\"row\">{} <code>{}</code></th>", row.label, row.metric);
    for (const std::string& p : run.policies) {
      const Stat* s = run.stat(p, row.metric);
      if (!s || !std::isfinite(s->mean)) {
        out += "<td>–</td>";
        continue;
      }
      const std::string hw = show_hw(0.5 * (s->hi - s->lo), s->mean, row.unit);
      out += fmt::format("<td{}>{}{}</td>", p == best ? " class=\"best\"" : "",
                         esc(show(s->mean, row.unit)),
                         hw.empty() ? "" : fmt::format(" <small>± {}</small>", esc(hw)));
    }
    out += "</tr>\n";
  }
  // The tail: the cost of a bad run, not only of the average one, named by the run's length
  // (a horizon is not always a year).
  out += fmt::format(
      "<tr><th scope=\"row\">total cost, 95th percentile <small>(p95 over {})</small></th>",
      std::isfinite(horizon_days) ? fmt::format("{}-day runs", format_number(horizon_days))
                                  : std::string("the replications"));
  for (const std::string& p : run.policies) {
    const Stat* s = run.stat(p, "total_cost");
    out += fmt::format("<td>{}</td>", s ? esc(show(s->p95, Unit::money)) : "–");
  }
  return out + "</tr>\n</tbody>\n</table>\n";
}

std::string paired_table(const RunData& run) {
  std::string out =
      "<table class=\"cmp\">\n<thead><tr><th>pair (a-vs-b)</th><th>total cost a − b</th>"
      "<th>a cheaper in</th><th>fill rate a − b</th><th>cash tied up a − b</th></tr></thead>\n"
      "<tbody>\n";
  auto cell = [&](const std::string& pair, const char* metric, Unit unit) {
    const auto& m = run.paired.at(pair);
    const auto it = m.find(metric);
    if (it == m.end() || !std::isfinite(it->second.mean_diff)) return std::string("<td>–</td>");
    const PairRow& d = it->second;
    if (unit == Unit::fraction) {
      return fmt::format("<td>{:+.2f} pp <small>[{:+.2f}, {:+.2f}]</small></td>", 100 * d.mean_diff,
                         100 * d.lo, 100 * d.hi);
    }
    return fmt::format("<td>{} <small>[{}, {}]</small></td>", esc(show(d.mean_diff, unit)),
                       esc(show(d.lo, unit)), esc(show(d.hi, unit)));
  };
  for (const std::string& pair : run.pairs) {
    const auto& m = run.paired.at(pair);
    const auto tc = m.find("total_cost");
    const double share = tc == m.end() ? kNaN : tc->second.share_better;
    out += fmt::format(
        "<tr><th scope=\"row\">{}</th>{}<td>{}</td>{}{}</tr>\n", esc(pair),
        cell(pair, "total_cost", Unit::money),
        std::isfinite(share) ? fmt::format("{:.0f} % of replications", 100 * share) : "–",
        cell(pair, "fill_rate", Unit::fraction), cell(pair, "avg_on_hand_value", Unit::money));
  }
  return out + "</tbody>\n</table>\n";
}

// ---------------------------------------------------------------------------------------------
// The page

std::string run_page(const fs::path& dir) {
  const RunData run = read_run(dir);
  const Meta meta = read_meta(dir);
  const auto colours = policy_colours(run.policies);
  const Stat* any = run.stat(run.policies.front(), "total_cost");
  const std::string name = meta.name.empty() ? dir.filename().string() : meta.name;
  std::string html = page_head("jitsim report: " + name);
  html += fmt::format("<h1>{}</h1>\n", esc(name));
  html += meta_line(meta, any ? fmt::format("{:.0f} replications per policy", any->n) : "");
  html += fmt::format(
      "<p>Every policy ran on the same random futures (common random numbers). Cells: mean "
      "over replications ± half-width of its 95 % confidence interval{}.</p>\n",
      run.policies.size() > 1 ? "; the best mean of each row is highlighted" : "");
  html += "<h2>Comparison</h2>\n" + comparison_table(run, colours, meta.horizon_days);
  html += "<h2>Cost breakdown</h2>\n" + cost_breakdown_chart(run, colours);
  html += "<h2>Service and cash</h2>\n";
  html += interval_chart(run, colours, "fill_rate", Unit::fraction,
                         "Fill rate: units served from stock (95 % interval)",
                         "fill rate (% of units demanded)", false,
                         "Dot: mean over replications; whisker: 95 % confidence interval of the "
                         "mean. The axis does not start at zero.");
  html += interval_chart(run, colours, "avg_on_hand_value", Unit::money,
                         "Cash tied up in stock (95 % interval)",
                         "average on-hand value at unit cost (currency)", true,
                         "Time-average value of the stock on hand at unit cost "
                         "(<code>avg_on_hand_value</code>); whisker: 95 % confidence interval.");
  if (!run.pairs.empty()) {
    html += "<h2>Paired differences</h2>\n" + paired_table(run);
    html += paired_chart(run, "total_cost", Unit::money, "difference in total cost (currency)");
  }
  html += network_section(run, colours);  // empty for a single site and lane
  if (!run.series.empty()) {
    const bool shocks = !meta.shocks.empty() || meta.random_shocks > 0;
    html += shocks ? "<h2>Over time, around the shocks</h2>\n" : "<h2>Over time</h2>\n";
    html += series_chart(run, colours, meta, "on_hand", "Stock on hand over time",
                         "units on hand (all SKUs)", Unit::units);
    // A flat zero line says nothing: say why there is no backlog instead.
    if (series_nonzero(run, "backlog")) {
      html += series_chart(run, colours, meta, "backlog", "Backlog over time",
                           "units back-ordered (all SKUs)", Unit::units);
    } else {
      bool lost = false;
      for (const std::string& p : run.policies) {
        lost = lost || mean_or_zero(run.stat(p, "lost_sales_units")) > 0;
      }
      html += fmt::format(
          "<p class=\"meta\">No backlog chart: no policy had a unit back-ordered on any "
          "day{}.</p>\n",
          lost ? " (unmet demand is lost here, not back-ordered: see lost sales in the table)"
               : "");
    }
    // Folders of runs before working capital was measured have no such series.
    if (series_nonzero(run, "working_capital")) {
      html +=
          series_chart(run, colours, meta, "working_capital", "Cash tied up over time",
                       "working capital: on hand + pipeline + receivables - payables", Unit::money);
    }
  } else {
    html +=
        "<p class=\"meta\">No time series in this folder: run with <code>--timeseries "
        "daily</code> to see stock and backlog over time.</p>\n";
  }
  std::string files;
  for (const std::string& f : run.files) files += (files.empty() ? "" : ", ") + f;
  html += fmt::format(
      "<footer>Made by <code>jitsim report</code> (jitsim {}) from {}{}.</footer>\n</main>\n"
      "</body>\n</html>\n",
      kVersion, esc(files), meta.name.empty() ? "" : ", scenario.resolved.toml");
  return html;
}

}  // namespace

std::string render_html_report(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    throw ReportInputError(fmt::format("{}: not a folder", dir.string()));
  }
  if (fs::exists(dir / "summary.csv")) return run_page(dir);
  if (fs::exists(dir / "curves.csv")) return sweep_page(dir);
  if (fs::exists(dir / "optimize.csv")) return optimize_page(dir);
  if (fs::exists(dir / "stress.csv")) return stress_page(dir, policy_colours);
  if (fs::exists(dir / "advise.csv")) return advise_page(dir);
  if (fs::exists(dir / "sensitivity.csv")) return sensitivity_page(dir);
  throw ReportInputError(fmt::format(
      "{}: not an output folder of jitsim run, sweep, optimize, stress, advise or sensitivity "
      "(--out DIR; none of summary.csv, curves.csv, optimize.csv, stress.csv, advise.csv, "
      "sensitivity.csv is there)",
      dir.string()));
}

}  // namespace jitsim::models
