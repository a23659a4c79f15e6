// File: models/results/report_heatmap.cpp
#include "models/results/report_heatmap.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

namespace jitsim::models::svg {

namespace {

// A sequential scale light (low) to dark (high), readable by colour-blind readers (the stops
// of the "viridis" palette, reversed so that cheap cells are light).
constexpr std::array<std::array<int, 3>, 5> kStops{
    {{253, 231, 37}, {94, 201, 98}, {33, 145, 140}, {59, 82, 139}, {68, 1, 84}}};

std::string colour_at(double t) {
  t = std::clamp(t, 0.0, 1.0) * static_cast<double>(kStops.size() - 1);
  const auto k = std::min(static_cast<std::size_t>(t), kStops.size() - 2);
  const double f = t - static_cast<double>(k);
  std::array<int, 3> c{};
  for (std::size_t i = 0; i < 3; ++i) {
    c[i] = static_cast<int>(std::lround(kStops[k][i] + f * (kStops[k + 1][i] - kStops[k][i])));
  }
  return fmt::format("#{:02x}{:02x}{:02x}", c[0], c[1], c[2]);
}

}  // namespace

std::string heatmap_svg(const HeatmapGrid& g) {
  const std::size_t nx = g.x_values.size(), ny = g.y_values.size();
  if (nx == 0 || ny == 0 || g.cells.size() != nx * ny) return "";
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const double v : g.cells) {
    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  }
  constexpr double kW = 820, kLeft = 150, kRight = 110, kTop = 44, kBottom = 64;
  constexpr double kFont = 11;
  const double cw = (kW - kLeft - kRight) / static_cast<double>(nx);
  // Rows fill about 360 px: tall enough for the rotated parameter name beside them.
  const double ch = std::clamp(360.0 / static_cast<double>(ny), 14.0, 120.0);
  const double h = kTop + ch * static_cast<double>(ny) + kBottom;
  const auto scale = [&](double v) { return hi > lo ? (v - lo) / (hi - lo) : 0.5; };
  std::string s = fmt::format(
      "<svg viewBox=\"0 0 {0} {1}\" role=\"img\" aria-label=\"{2}\">\n"
      "<rect x=\"0\" y=\"0\" width=\"{0}\" height=\"{1}\" fill=\"#fff\"/>\n"
      "<text x=\"{3}\" y=\"22\" class=\"title\">{4}</text>\n",
      kW, c1(h), esc(g.title), c1(kLeft), esc(fit_text(g.title, kW - kLeft - 10, 15, true)));
  // Row ix of the sweep is a column here; the second parameter's first value at the top.
  for (std::size_t ix = 0; ix < nx; ++ix) {
    for (std::size_t iy = 0; iy < ny; ++iy) {
      const double v = g.cells[ix * ny + iy];
      const double x = kLeft + cw * static_cast<double>(ix);
      const double y = kTop + ch * static_cast<double>(iy);
      s += fmt::format(
          "<rect class=\"cell\" data-x=\"{}\" data-y=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" "
          "height=\"{}\" fill=\"{}\" stroke=\"#fff\" stroke-width=\"0.5\"><title>{} = {}, {} = "
          "{}: {}</title></rect>\n",
          esc(g.x_values[ix]), esc(g.y_values[iy]), c1(x), c1(y), c1(cw), c1(ch),
          std::isfinite(v) ? colour_at(scale(v)) : "#d9d9d9", esc(g.x_label), esc(g.x_values[ix]),
          esc(g.y_label), esc(g.y_values[iy]), esc(show(v, g.unit)));
      if (ix * ny + iy == g.marked) {
        s += fmt::format(
            "<rect class=\"argmin\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" "
            "stroke=\"#d00\" stroke-width=\"3\"><title>lowest mean</title></rect>\n",
            c1(x + 1.5), c1(y + 1.5), c1(cw - 3), c1(ch - 3));
      }
    }
  }
  // Axis labels: every value when they fit, else about twelve of them.
  const std::size_t x_every = std::max<std::size_t>(1, nx / 12);
  for (std::size_t ix = 0; ix < nx; ix += x_every) {
    s += fmt::format("<text x=\"{}\" y=\"{}\" class=\"tick\" text-anchor=\"middle\">{}</text>\n",
                     c1(kLeft + cw * (static_cast<double>(ix) + 0.5)),
                     c1(kTop + ch * static_cast<double>(ny) + 16),
                     esc(fit_text(g.x_values[ix], cw * static_cast<double>(x_every), kFont)));
  }
  const std::size_t y_every = ch >= kFont + 2 ? 1 : static_cast<std::size_t>(std::ceil(13 / ch));
  for (std::size_t iy = 0; iy < ny; iy += y_every) {
    s += fmt::format("<text x=\"{}\" y=\"{}\" class=\"tick\" text-anchor=\"end\">{}</text>\n",
                     c1(kLeft - 6), c1(kTop + ch * (static_cast<double>(iy) + 0.5) + 4),
                     esc(fit_text(g.y_values[iy], kLeft - 30, kFont)));
  }
  s +=
      fmt::format("<text x=\"{}\" y=\"{}\" class=\"axis-label\" text-anchor=\"middle\">{}</text>\n",
                  c1(kLeft + 0.5 * (kW - kLeft - kRight)), c1(h - 14),
                  esc(fit_text(g.x_label, kW - kLeft - kRight, 12.5)));
  s += fmt::format(
      "<text transform=\"translate(16,{}) rotate(-90)\" class=\"axis-label\" "
      "text-anchor=\"middle\">{}</text>\n",
      c1(0.5 * h), esc(fit_text(g.y_label, h - 12, 12.5)));
  // The legend: the scale from the lowest to the highest value, low at the bottom.
  const double lx = kW - kRight + 24, ly = kTop, lh = std::max(ch * static_cast<double>(ny), 80.0);
  s += fmt::format("<defs><linearGradient id=\"hm-{}\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">",
                   esc(g.id));
  for (std::size_t k = 0; k < kStops.size(); ++k) {
    const double t = static_cast<double>(k) / static_cast<double>(kStops.size() - 1);
    s += fmt::format("<stop offset=\"{}\" stop-color=\"{}\"/>", c1(t), colour_at(t));
  }
  s += fmt::format(
      "</linearGradient></defs>\n<g class=\"legend\"><rect x=\"{0}\" y=\"{1}\" width=\"14\" "
      "height=\"{2}\" fill=\"url(#hm-{3})\"/>\n"
      "<text x=\"{4}\" y=\"{5}\" class=\"tick\">{6}</text>\n"
      "<text x=\"{4}\" y=\"{7}\" class=\"tick\">{8}</text></g>\n",
      c1(lx), c1(ly), c1(lh), esc(g.id), c1(lx + 18), c1(ly + 10),
      esc(std::isfinite(hi) ? show(hi, g.unit) : "–"), c1(ly + lh),
      esc(std::isfinite(lo) ? show(lo, g.unit) : "–"));
  return s + "</svg>";
}

}  // namespace jitsim::models::svg
