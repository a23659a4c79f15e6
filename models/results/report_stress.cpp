// File: models/results/report_stress.cpp
#include "models/results/report_stress.h"

#include <algorithm>
#include <cmath>
#include <string_view>

#include <fmt/format.h>

#include "models/results/html_report.h"
#include "models/results/report_csv.h"
#include "models/results/report_page.h"
#include "models/results/svg_plot.h"
#include "models/version.h"

namespace jitsim::models {

namespace {

namespace fs = std::filesystem;
using svg::esc;
using svg::Unit;

struct Row {
  std::string rank, node, kind, policy;
  double tts = NAN, tts_lo = NAN, tts_hi = NAN, censored = NAN, ttr = NAN, lost = NAN,
         backordered = NAN, impact = NAN, impact_lo = NAN, impact_hi = NAN;
};

std::vector<Row> read_rows(const fs::path& dir) {
  const CsvFile f(dir / "stress.csv",
                  {"rank", "node", "kind", "policy", "time_to_survive_days_mean",
                   "time_to_survive_days_ci95_low", "time_to_survive_days_ci95_high",
                   "time_to_survive_censored_share_mean", "time_to_recover_days_mean",
                   "lost_sales_units_mean", "backordered_units_mean", "cost_impact_mean",
                   "cost_impact_ci95_low", "cost_impact_ci95_high"});
  std::vector<Row> rows;
  for (std::size_t r = 0; r < f.rows(); ++r) {
    const auto v = [&](std::string_view column) { return f.number(r, column); };
    rows.push_back({f.text(r, "rank"), f.text(r, "node"), f.text(r, "kind"), f.text(r, "policy"),
                    v("time_to_survive_days_mean"), v("time_to_survive_days_ci95_low"),
                    v("time_to_survive_days_ci95_high"), v("time_to_survive_censored_share_mean"),
                    v("time_to_recover_days_mean"), v("lost_sales_units_mean"),
                    v("backordered_units_mean"), v("cost_impact_mean"), v("cost_impact_ci95_low"),
                    v("cost_impact_ci95_high")});
  }
  return rows;
}

std::string table(const std::vector<Row>& rows, const std::map<std::string, std::string>& colour) {
  std::string html =
      "<table>\n<thead><tr><th>rank</th><th>node</th><th>kind</th><th>policy</th>"
      "<th>cost impact [95 % interval]</th><th>time to survive (days)</th><th>censored</th>"
      "<th>time to recover (days)</th><th>lost units</th><th>backordered units</th></tr>"
      "</thead>\n<tbody>\n";
  std::string last;
  for (const Row& r : rows) {
    const bool first = r.node + "\x1f" + r.kind != last;
    last = r.node + "\x1f" + r.kind;
    const auto c = colour.find(r.policy);
    html += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td><span style=\"color:{}\">■</span> {}</td>"
        "<td>{} [{}, {}]</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
        first ? esc(r.rank) : "", first ? esc(r.node) : "", first ? esc(r.kind) : "",
        c == colour.end() ? "#333" : c->second, esc(r.policy), svg::show(r.impact, Unit::money),
        svg::show(r.impact_lo, Unit::money), svg::show(r.impact_hi, Unit::money),
        svg::show(r.tts, Unit::days), svg::show(r.censored, Unit::fraction),
        svg::show(r.ttr, Unit::days), svg::show(r.lost, Unit::units),
        svg::show(r.backordered, Unit::units));
  }
  return html + "</tbody>\n</table>\n";
}

// Time to survive (x) against time to recover (y): a node above the diagonal takes longer to
// recover than the chain can live without it.
std::string chart(const std::vector<Row>& rows, const std::map<std::string, std::string>& colour,
                  const std::vector<std::string>& policies) {
  double hi = 1;
  for (const Row& r : rows) {
    if (std::isfinite(r.tts)) hi = std::max(hi, r.tts);
    if (std::isfinite(r.ttr)) hi = std::max(hi, r.ttr);
  }
  const svg::Ticks ticks = svg::nice_ticks(0, hi);
  std::vector<svg::LegendItem> legend;
  legend.reserve(policies.size());
  for (const std::string& p : policies) legend.emplace_back(colour.at(p), p, false);
  svg::Plot plot("Time to survive against time to recover, per node and policy", ticks.lo, ticks.hi,
                 ticks.lo, ticks.hi, svg::Plot::kH, 84, 24, legend);
  plot.x_axis(ticks, Unit::days, "time to survive (days)");
  plot.y_axis(ticks, Unit::days, "time to recover (days)");
  plot.line({ticks.lo, ticks.hi}, {ticks.lo, ticks.hi}, "#BBBBBB", 1, "stroke-dasharray=\"4 4\"");
  for (const Row& r : rows) {
    if (!std::isfinite(r.tts) || !std::isfinite(r.ttr)) continue;
    plot.body += fmt::format(
        "<circle cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"{}\"><title>{} ({}), {}: survives {} days, "
        "recovers in {} days</title></circle>\n",
        svg::c1(plot.x(r.tts)), svg::c1(plot.y(r.ttr)), colour.at(r.policy), esc(r.node),
        esc(r.kind), esc(r.policy), svg::show(r.tts, Unit::days), svg::show(r.ttr, Unit::days));
    plot.note(plot.x(r.tts) + 7, plot.y(r.ttr) - 4, r.node, "value", 11);
  }
  return svg::figure(plot.svg("time to survive against time to recover"),
                     "One point per node and policy. Points above the dashed diagonal take "
                     "longer to recover than the chain survives without the node. Censored "
                     "times to survive (no short order before the horizon) are drawn at the "
                     "horizon's distance from the outage start.");
}

}  // namespace

std::string stress_page(const fs::path& dir, const PolicyColours& colours) {
  const std::vector<Row> rows = read_rows(dir);
  std::vector<std::string> policies;
  for (const Row& r : rows) {
    if (std::find(policies.begin(), policies.end(), r.policy) == policies.end()) {
      policies.push_back(r.policy);
    }
  }
  const auto colour = colours(policies);
  std::string html = page_head("jitsim report: stress");
  html += fmt::format("<h1>Stress: {}</h1>\n", esc(dir.filename().string()));
  html += "<h2 id=\"stress\">Weak links</h2>\n";
  html +=
      "<p>Each node (supplier, carrier, site) was taken out in turn for the same window, on "
      "the undisturbed run's random futures. Nodes are ranked by the largest mean cost impact "
      "over the policies (disturbed total cost minus undisturbed, paired by replication).</p>\n";
  if (rows.empty()) {
    html += "<p>No node was stressed.</p>\n";
  } else {
    html += table(rows, colour);
    html += chart(rows, colour, policies);
  }
  html += fmt::format(
      "<footer>Made by <code>jitsim report</code> (jitsim {}) from stress.csv.</footer>\n"
      "</main>\n</body>\n</html>\n",
      kVersion);
  return html;
}

}  // namespace jitsim::models
