// File: models/results/report_network.cpp
#include "models/results/report_network.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "models/results/svg_plot.h"

namespace jitsim::models {

namespace {

using namespace svg;  // NOLINT(google-build-using-namespace): the section is drawn with it
using namespace report_inputs;  // NOLINT(google-build-using-namespace): and from these

struct Row {
  const char* metric;
  const char* label;
  Unit unit;
};
constexpr std::array<Row, 6> kSiteRows{{
    {"fill_rate", "fill rate", Unit::fraction},
    {"lost_sales_units", "lost sales (units)", Unit::units},
    {"avg_backorders_units", "average backorders (units)", Unit::units},
    {"avg_on_hand_value", "cash tied up in stock", Unit::money},
    {"total_cost", "total cost", Unit::money},
    {"internal_fill_rate", "internal fill rate (transfers served from stock)", Unit::fraction},
}};
constexpr std::array<Row, 5> kLaneRows{{
    {"units_ordered", "units ordered", Unit::units},
    {"units_received", "units received", Unit::units},
    {"orders_placed", "orders placed", Unit::units},
    {"transport_cost", "transport cost", Unit::money},
    {"lost_in_transit_units", "lost in transit (units)", Unit::units},
}};

// The drawing's lanes: normal and expedite colours; idle lanes dashed at the minimum width.
constexpr const char* kLaneColour = "#4E79A7";
constexpr const char* kExpediteColour = "#E15759";
constexpr const char* kIdleDash = "5 4";
constexpr double kMinWidth = 1.5, kMaxWidth = 14;

bool defined(const Stat* s) {
  return s && std::isfinite(s->mean);
}

// Every site (lane): those of run.json's network in its order, then any only the CSV names.
std::vector<std::string> all_sites(const RunData& run) {
  std::vector<std::string> out = run.network.sites;
  for (const LaneShape& l : run.network.lanes) {
    if (l.from_kind == "site" && std::find(out.begin(), out.end(), l.from) == out.end()) {
      out.push_back(l.from);
    }
    if (std::find(out.begin(), out.end(), l.to) == out.end()) out.push_back(l.to);
  }
  for (const std::string& s : run.sites) {
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  }
  return out;
}

std::vector<std::string> all_lanes(const RunData& run) {
  std::vector<std::string> out;
  for (const LaneShape& l : run.network.lanes) {
    if (std::find(out.begin(), out.end(), l.id) == out.end()) out.push_back(l.id);
  }
  for (const std::string& l : run.lanes) {
    if (std::find(out.begin(), out.end(), l) == out.end()) out.push_back(l);
  }
  return out;
}

// A lane's source is a site when run.json says so (or, saying nothing, names a site).
bool from_site(const LaneShape& l, const std::vector<std::string>& sites) {
  return l.from_kind == "site" ||
         (l.from_kind.empty() && std::find(sites.begin(), sites.end(), l.from) != sites.end());
}

const LaneShape* shape_of(const RunData& run, const std::string& lane) {
  for (const LaneShape& l : run.network.lanes) {
    if (l.id == lane) return &l;
  }
  return nullptr;
}

// ---------------------------------------------------------------------------------------------
// The lead: what a manager reads first.

std::string lead(const RunData& run, const std::vector<std::string>& sites,
                 const std::vector<std::string>& lanes) {
  std::vector<std::string> parts;
  // The lowest fill rate of any site under any policy: where service suffers most.
  const std::string* worst_site = nullptr;
  const std::string* worst_policy = nullptr;
  double worst = 2;
  for (const std::string& s : sites) {
    for (const std::string& p : run.policies) {
      const Stat* st = run.site_stat(p, s, "fill_rate");
      if (defined(st) && st->mean < worst) worst = st->mean, worst_site = &s, worst_policy = &p;
    }
  }
  if (sites.size() > 1 && worst_site) {
    parts.push_back(
        fmt::format("of the {} sites, <strong>{}</strong> has the lowest fill rate ({}{})",
                    sites.size(), esc(*worst_site), esc(show(worst, Unit::fraction)),
                    run.policies.size() > 1 ? " under " + esc(*worst_policy) : std::string()));
  }
  // The busiest lane and the idle ones, under the policy the drawing shows.
  const std::string& p = run.policies.front();
  const std::string* busiest = nullptr;
  double most = 0;
  std::vector<std::string> idle;
  for (const std::string& l : lanes) {
    const Stat* st = run.lane_stat(p, l, "units_received");
    if (!defined(st)) continue;
    if (st->mean > most) most = st->mean, busiest = &l;
    if (st->mean <= 0) idle.push_back(esc(l));
  }
  const std::string under = run.policies.size() > 1 ? " under " + esc(p) : std::string();
  if (lanes.size() > 1 && busiest) {
    parts.push_back(
        fmt::format("of the {} lanes, <strong>{}</strong> carries the most ({} units received{})",
                    lanes.size(), esc(*busiest), esc(show(most, Unit::units)), under));
  }
  if (!idle.empty() && idle.size() < lanes.size()) {
    std::string names;
    for (const std::string& n : idle) names += (names.empty() ? "" : ", ") + n;
    parts.push_back(
        fmt::format("{} {} received nothing{}", idle.size() == 1 ? "lane" : "lanes", names, under));
  }
  if (parts.empty()) return "";
  std::string text;
  for (const std::string& part : parts) text += (text.empty() ? "" : "; ") + part;
  text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return "<p>" + text + ".</p>\n";
}

// ---------------------------------------------------------------------------------------------
// The tables: one group of rows per site (lane), one column per policy.

std::string cell(const Stat* s, Unit unit) {
  if (!defined(s)) return "<td>–</td>";
  const std::string hw = show_hw(0.5 * (s->hi - s->lo), s->mean, unit);
  return fmt::format("<td>{}{}</td>", esc(show(s->mean, unit)),
                     hw.empty() ? "" : fmt::format(" <small>± {}</small>", esc(hw)));
}

std::string table_head(const RunData& run, const std::map<std::string, std::string>& colours,
                       const char* first) {
  std::string out = fmt::format("<table class=\"cmp\">\n<thead><tr><th>{}</th>", first);
  for (const std::string& p : run.policies) {
    const auto c = colours.find(p);
    out += fmt::format("<th><span class=\"sw\" style=\"background:{}\"></span>{}</th>",
                       c == colours.end() ? "#888" : c->second, esc(p));
  }
  return out + "</tr></thead>\n<tbody>\n";
}

template <std::size_t N, typename Lookup>
std::string table_rows(const RunData& run, const std::array<Row, N>& rows, const Lookup& stat) {
  std::string out;
  for (const Row& row : rows) {
    // A metric the folder does not have at all (an older jitsim) is left out; one that is
    // undefined here (e.g. no transfer was asked of a site) shows a dash.
    if (std::none_of(run.policies.begin(), run.policies.end(),
                     [&](const std::string& p) { return stat(p, row.metric) != nullptr; })) {
      continue;
    }
    out += fmt::format("<tr><th scope=\"row\">{} <code>{}</code></th>", row.label, row.metric);
    for (const std::string& p : run.policies) out += cell(stat(p, row.metric), row.unit);
    out += "</tr>\n";
  }
  return out;
}

std::string site_table(const RunData& run, const std::map<std::string, std::string>& colours,
                       const std::vector<std::string>& sites) {
  std::string out = table_head(run, colours, "site, metric");
  const auto span = run.policies.size() + 1;
  for (const std::string& s : sites) {
    const std::string rows = table_rows(run, kSiteRows, [&](const std::string& p, const char* m) {
      return run.site_stat(p, s, m);
    });
    if (rows.empty()) continue;
    out += fmt::format("<tr class=\"grp\"><th scope=\"rowgroup\" colspan=\"{}\">{}</th></tr>\n",
                       span, esc(s)) +
           rows;
  }
  return out + "</tbody>\n</table>\n";
}

std::string lane_table(const RunData& run, const std::map<std::string, std::string>& colours,
                       const std::vector<std::string>& lanes) {
  std::string out = table_head(run, colours, "lane, metric");
  const auto span = run.policies.size() + 1;
  for (const std::string& l : lanes) {
    const std::string rows = table_rows(run, kLaneRows, [&](const std::string& p, const char* m) {
      return run.lane_stat(p, l, m);
    });
    if (rows.empty()) continue;
    std::string path;
    if (const LaneShape* shape = shape_of(run, l)) {
      path = fmt::format(" <small>{} → {}{}{}</small>", esc(shape->from), esc(shape->to),
                         shape->carrier.empty() ? "" : " by " + esc(shape->carrier),
                         shape->expedite ? ", expedite" : "");
    }
    out += fmt::format("<tr class=\"grp\"><th scope=\"rowgroup\" colspan=\"{}\">{}{}</th></tr>\n",
                       span, esc(l), path) +
           rows;
  }
  return out + "</tbody>\n</table>\n";
}

// ---------------------------------------------------------------------------------------------
// The drawing

constexpr double kNodeFont = 12.5;  // class "cat": bold
constexpr double kLabelFont = 11;   // class "value"
constexpr double kMaxLabel = 360;   // longer names are shortened (the full one is the tooltip)
constexpr double kMargin = 20, kTop = 48, kRowGap = 44, kPortGap = 10;

struct Node {
  std::string id;
  bool supplier = false;
  std::size_t column = 0;
  double x = 0, y = 0, w = 0, h = 30;  // top-left corner and size
  std::vector<std::size_t> in, out;    // lane indices, in the order of their other end's y
};

// A site's depth: 1 if only suppliers (or nothing) feed it, else 1 + its deepest feeding site.
// Relaxed at most once per site, so a (malformed) cycle cannot loop.
std::map<std::string, std::size_t> depths(const std::vector<std::string>& sites,
                                          const std::vector<LaneShape>& lanes) {
  std::map<std::string, std::size_t> d;
  for (const std::string& s : sites) d[s] = 1;
  for (std::size_t round = 0; round < sites.size(); ++round) {
    bool changed = false;
    for (const LaneShape& l : lanes) {
      if (!from_site(l, sites) || !d.count(l.from)) continue;
      const std::size_t want = std::min(d[l.from] + 1, sites.size());
      if (d[l.to] < want) d[l.to] = want, changed = true;
    }
    if (!changed) break;
  }
  return d;
}

// Legend entries below the drawing, wrapped into rows: a sample (line or box) and its text.
struct LegendEntry {
  std::string sample, text;
};

std::string network_drawing(const RunData& run, const std::vector<std::string>& sites) {
  const std::vector<LaneShape>& lanes = run.network.lanes;
  const std::string& policy = run.policies.front();
  // Nodes: suppliers in order of first mention, then sites by depth.
  std::vector<Node> nodes;
  std::map<std::string, std::size_t> site_at, supplier_at;
  for (const LaneShape& l : lanes) {
    if (!from_site(l, sites) && !supplier_at.count(l.from)) {
      supplier_at[l.from] = nodes.size();
      Node n;
      n.id = l.from, n.supplier = true;
      nodes.push_back(std::move(n));
    }
  }
  const auto depth = depths(sites, lanes);
  for (const std::string& s : sites) {
    site_at[s] = nodes.size();
    Node n;
    n.id = s, n.column = depth.at(s);
    nodes.push_back(std::move(n));
  }
  // Columns actually used, left to right (no suppliers: the sites start at the left edge).
  std::vector<std::size_t> used;
  used.reserve(nodes.size());
  for (const Node& n : nodes) used.push_back(n.column);
  std::sort(used.begin(), used.end());
  used.erase(std::unique(used.begin(), used.end()), used.end());
  for (Node& n : nodes) {
    n.column = static_cast<std::size_t>(std::lower_bound(used.begin(), used.end(), n.column) -
                                        used.begin());
  }
  const std::size_t columns = used.size();
  // Lane ends, volumes and widths.
  struct End {
    std::size_t from, to;
    double units;
    bool idle;
  };
  std::vector<End> ends;
  double most = 0;
  bool volumes = false;
  for (const LaneShape& l : lanes) {
    const std::size_t from = from_site(l, sites) ? site_at.at(l.from) : supplier_at.at(l.from);
    const Stat* st = run.lane_stat(policy, l.id, "units_received");
    volumes = volumes || st;
    const double u = defined(st) ? st->mean : 0;
    most = std::max(most, u);
    ends.push_back({from, site_at.at(l.to), u, !(u > 0)});
    nodes[from].out.push_back(ends.size() - 1);
    nodes[site_at.at(l.to)].in.push_back(ends.size() - 1);
  }
  auto width = [&](const End& e) {
    if (!volumes) return 2.5;
    return e.idle || most <= 0 ? kMinWidth : kMinWidth + (kMaxWidth - kMinWidth) * e.units / most;
  };
  // Node sizes from their labels; column widths; gaps wide enough for the lane labels.
  std::vector<double> col_w(columns, 0), col_h(columns, 0), gap(columns, 120);
  std::vector<std::size_t> col_n(columns, 0);
  for (Node& n : nodes) {
    n.w = text_width(fit_text(n.id, kMaxLabel, kNodeFont, true), kNodeFont, true) + 24;
    n.h = std::max(30.0, kPortGap * static_cast<double>(std::max(n.in.size(), n.out.size())) + 12);
    col_w[n.column] = std::max(col_w[n.column], n.w);
    col_h[n.column] += n.h + (col_n[n.column]++ ? kRowGap : 0);
  }
  auto lane_label = [&](std::size_t i) {
    const std::string name = fit_text(lanes[i].id, kMaxLabel / 2, kLabelFont);
    return volumes ? name + " · " + show(ends[i].units, Unit::units) : name;
  };
  for (std::size_t i = 0; i < lanes.size(); ++i) {
    const std::size_t c = std::min(nodes[ends[i].from].column, columns - 1);
    gap[c] = std::max(gap[c], text_width(lane_label(i), kLabelFont) + 40);
  }
  const std::string title = fmt::format("Network: units received per lane under {}", policy);
  double need = 2 * kMargin;
  for (std::size_t c = 0; c < columns; ++c) need += col_w[c] + (c + 1 < columns ? gap[c] : 0);
  const double w = std::max({Plot::kW, need, text_width(title, 15, true) + 2 * kMargin});
  if (columns > 1) {  // spread the spare width over the gaps
    const double extra = (w - need) / static_cast<double>(columns - 1);
    for (std::size_t c = 0; c + 1 < columns; ++c) gap[c] += extra;
  }
  const double area = *std::max_element(col_h.begin(), col_h.end());
  // Place the nodes: each column centred in its slot and stacked from the middle.
  std::vector<double> col_x(columns, kMargin), col_y(columns, 0);
  for (std::size_t c = 1; c < columns; ++c) col_x[c] = col_x[c - 1] + col_w[c - 1] + gap[c - 1];
  if (columns == 1) col_x[0] = (w - col_w[0]) / 2;
  for (std::size_t c = 0; c < columns; ++c) col_y[c] = kTop + (area - col_h[c]) / 2;
  for (Node& n : nodes) {
    n.x = col_x[n.column] + (col_w[n.column] - n.w) / 2;
    n.y = col_y[n.column];
    col_y[n.column] += n.h + kRowGap;
  }
  // Each node's lanes leave (enter) at ports spread over its edge, ordered by the other end's
  // height, so arrows into one site do not cover each other.
  std::vector<double> y_out(lanes.size()), y_in(lanes.size());
  auto centre = [&](std::size_t n) { return nodes[n].y + nodes[n].h / 2; };
  for (std::size_t k = 0; k < nodes.size(); ++k) {
    Node& n = nodes[k];
    std::stable_sort(n.out.begin(), n.out.end(), [&](std::size_t a, std::size_t b) {
      return centre(ends[a].to) < centre(ends[b].to);
    });
    std::stable_sort(n.in.begin(), n.in.end(), [&](std::size_t a, std::size_t b) {
      return centre(ends[a].from) < centre(ends[b].from);
    });
    for (std::size_t i = 0; i < n.out.size(); ++i) {
      y_out[n.out[i]] =
          centre(k) +
          (static_cast<double>(i) - 0.5 * static_cast<double>(n.out.size() - 1)) * kPortGap;
    }
    for (std::size_t i = 0; i < n.in.size(); ++i) {
      y_in[n.in[i]] =
          centre(k) +
          (static_cast<double>(i) - 0.5 * static_cast<double>(n.in.size() - 1)) * kPortGap;
    }
  }
  // Of lanes with the same two ends, the lower half are labelled below their line.
  std::vector<bool> below(lanes.size(), false);
  for (std::size_t i = 0; i < lanes.size(); ++i) {
    std::size_t n = 0, k = 0;
    for (std::size_t j = 0; j < lanes.size(); ++j) {
      if (ends[j].from != ends[i].from || ends[j].to != ends[i].to) continue;
      k += y_in[j] < y_in[i] ? 1 : 0;
      ++n;
    }
    below[i] = n > 1 && 2 * k >= n;
  }
  std::string body;
  // Lanes first (under the boxes): a curve from the source's right edge to an arrowhead at the
  // destination's left edge; its label sits at the curve's middle.
  for (std::size_t i = 0; i < lanes.size(); ++i) {
    const LaneShape& l = lanes[i];
    const End& e = ends[i];
    const double lw = width(e);
    const double head = 7 + 0.6 * lw, half = std::max(4.5, 0.5 * lw + 3);
    const double x1 = nodes[e.from].x + nodes[e.from].w, y1 = y_out[i];
    const double x2 = nodes[e.to].x - 1, y2 = y_in[i];
    const double xe = x2 - head + 1, dx = 0.5 * (xe - x1);
    const char* colour = l.expedite ? kExpediteColour : kLaneColour;
    const Stat* st = run.lane_stat(policy, l.id, "units_received");
    const std::string tip =
        fmt::format("{}: {} → {}{}{}; units received under {}: {}{}", l.id, l.from, l.to,
                    l.carrier.empty() ? "" : " by " + l.carrier, l.expedite ? " (expedite)" : "",
                    policy, show(defined(st) ? st->mean : kNaN, Unit::units),
                    defined(st) && std::isfinite(st->lo)
                        ? fmt::format(" (95 % interval {} to {})", show(st->lo, Unit::units),
                                      show(st->hi, Unit::units))
                        : "");
    body += fmt::format(
        "<path class=\"lane\" data-lane=\"{}\" d=\"M{},{} C{},{} {},{} {},{}\" fill=\"none\" "
        "stroke=\"{}\" stroke-width=\"{}\"{} stroke-opacity=\"0.8\"><title>{}</title></path>\n",
        esc(l.id), c1(x1), c1(y1), c1(x1 + dx), c1(y1), c1(xe - dx), c1(y2), c1(xe), c1(y2), colour,
        c1(lw), e.idle && volumes ? fmt::format(" stroke-dasharray=\"{}\"", kIdleDash) : "",
        esc(tip));
    body += fmt::format("<polygon points=\"{},{} {},{} {},{}\" fill=\"{}\"/>\n", c1(x2), c1(y2),
                        c1(x2 - head), c1(y2 - half), c1(x2 - head), c1(y2 + half), colour);
    body += fmt::format(
        "<text x=\"{}\" y=\"{}\" class=\"value\" text-anchor=\"middle\" stroke=\"#fff\" "
        "stroke-width=\"3\" paint-order=\"stroke\">{}</text>\n",
        c1(0.5 * (x1 + xe)), c1(0.5 * (y1 + y2) + (below[i] ? 0.5 * lw + 11 : -0.5 * lw - 3)),
        esc(lane_label(i)));
  }
  for (const Node& n : nodes) {
    std::string tip = (n.supplier ? "supplier " : "site ") + n.id;
    if (!n.supplier) {
      const Stat* f = run.site_stat(policy, n.id, "fill_rate");
      if (defined(f))
        tip += fmt::format("; fill rate under {}: {}", policy, show(f->mean, Unit::fraction));
    }
    body += fmt::format(
        "<g class=\"node\" data-node=\"{}\"><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" "
        "height=\"{}\" "
        "rx=\"5\" fill=\"{}\" stroke=\"{}\"/><text x=\"{}\" y=\"{}\" class=\"cat\" "
        "text-anchor=\"middle\">{}</text></g>\n",
        esc(n.id), esc(tip), c1(n.x), c1(n.y), c1(n.w), c1(n.h), n.supplier ? "#eeeeee" : "#e8f0f8",
        n.supplier ? "#888" : kLaneColour, c1(n.x + n.w / 2), c1(n.y + n.h / 2 + 4.5),
        esc(fit_text(n.id, kMaxLabel, kNodeFont, true)));
  }
  // The legend, in rows that stay inside the drawing.
  auto line_sample = [](const char* colour, double lw, const char* dash) {
    return fmt::format(
        "<line x1=\"0\" x2=\"28\" y1=\"0\" y2=\"0\" stroke=\"{}\" stroke-width=\"{}\"{}/>", colour,
        c1(lw), dash ? fmt::format(" stroke-dasharray=\"{}\"", dash) : "");
  };
  auto box_sample = [](const char* fill, const char* stroke) {
    return fmt::format(
        "<rect x=\"4\" y=\"-7\" width=\"20\" height=\"14\" rx=\"3\" fill=\"{}\" stroke=\"{}\"/>",
        fill, stroke);
  };
  std::vector<LegendEntry> legend;
  legend.push_back(
      {line_sample(kLaneColour, 6, nullptr),
       volumes ? fmt::format("lane: width ∝ units received (widest {})", show(most, Unit::units))
               : std::string("lane (no per_lane.csv: volumes unknown)")});
  if (std::any_of(lanes.begin(), lanes.end(), [](const LaneShape& l) { return l.expedite; })) {
    legend.push_back({line_sample(kExpediteColour, 3, nullptr), "expedite lane"});
  }
  if (volumes && std::any_of(ends.begin(), ends.end(), [](const End& e) { return e.idle; })) {
    legend.push_back({line_sample("#666", kMinWidth, kIdleDash), "idle: nothing received"});
  }
  if (!supplier_at.empty()) legend.push_back({box_sample("#eeeeee", "#888"), "supplier"});
  legend.push_back({box_sample("#e8f0f8", kLaneColour), "site"});
  std::string legend_svg;
  double lx = kMargin, ly = kTop + area + 30;
  for (const LegendEntry& item : legend) {
    const double iw = 36 + text_width(item.text, 12) + 22;
    if (lx + iw > w - kMargin && lx > kMargin) lx = kMargin, ly += 22;
    legend_svg += fmt::format(
        "<g transform=\"translate({},{})\">{}<text x=\"36\" y=\"4\" class=\"legend\">{}</text>"
        "</g>\n",
        c1(lx), c1(ly), item.sample, esc(item.text));
    lx += iw;
  }
  const double h = ly + 18;
  return fmt::format(
      "<svg viewBox=\"0 0 {0} {1}\" role=\"img\" aria-label=\"{2}\">\n"
      "<rect x=\"0\" y=\"0\" width=\"{0}\" height=\"{1}\" fill=\"#fff\"/>\n"
      "<text x=\"{3}\" y=\"24\" class=\"title\">{4}</text>\n{5}{6}</svg>",
      c1(w), c1(h), esc("network of " + std::to_string(sites.size()) + " sites"), c1(kMargin),
      esc(title), body, legend_svg);
}

}  // namespace

std::string network_section(const RunData& run, const std::map<std::string, std::string>& colours) {
  const std::vector<std::string> sites = all_sites(run);
  const std::vector<std::string> lanes = all_lanes(run);
  if ((sites.size() <= 1 && lanes.size() <= 1) || run.policies.empty()) return "";
  std::string html = "<h2 id=\"network\">Network</h2>\n" + lead(run, sites, lanes);
  if (!run.network.lanes.empty()) {
    const std::string& p = run.policies.front();
    html += figure(
        network_drawing(run, sites),
        fmt::format(
            "Suppliers on the left, then the sites by depth: a site fed only by suppliers is in "
            "the first column, one fed by a site of column d in column d + 1. Each arrow is a "
            "lane; its width is proportional to the mean units it delivered over the run under "
            "<strong>{}</strong>{}. A thin dashed arrow is a lane that delivered nothing; red "
            "ones are expedite lanes, used only by a policy's expediting rule. Hover over an "
            "arrow or a box for its numbers.",
            esc(p),
            run.policies.size() > 1 ? " (the first policy; the table has the others)" : ""));
  }
  if (!run.per_site.empty()) {
    html += "<h3>Per site</h3>\n" + site_table(run, colours, sites);
  }
  if (!run.per_lane.empty()) {
    html += "<h3>Per lane</h3>\n" + lane_table(run, colours, lanes);
  }
  return html;
}

}  // namespace jitsim::models
