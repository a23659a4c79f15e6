// File: models/results/svg_plot.cpp
#include "models/results/svg_plot.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace jitsim::models::svg {

// ---------------------------------------------------------------------------------------------
// Text and numbers

std::string esc(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Coordinates in the SVG: one decimal is plenty.
std::string c1(double v) {
  return fmt::format("{:.1f}", v);
}

// 1234567.8 -> "1,234,568" (decimals = 0).
std::string grouped(double x, int decimals) {
  const std::string digits = fmt::format("{:.{}f}", std::abs(x), decimals);
  const std::size_t int_end = std::min(digits.find('.'), digits.size());
  std::string out;
  if (x < 0 && digits.find_first_not_of("0.") != std::string::npos) out += '-';
  for (std::size_t i = 0; i < int_end; ++i) {
    if (i > 0 && (int_end - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  out.append(digits, int_end, std::string::npos);
  return out;
}

// A value as a person reads it: fractions in percent, large numbers grouped, else 4 digits.
std::string show(double x, Unit unit) {
  if (!std::isfinite(x)) return "–";
  if (unit == Unit::fraction) return fmt::format("{:.2f} %", 100 * x);
  if (std::abs(x) >= 1000) return grouped(x, 0);
  if (x == 0) return "0";
  const int digits = std::max(0, 3 - static_cast<int>(std::floor(std::log10(std::abs(x)))));
  return fmt::format("{:.{}f}", x, std::min(digits, 4));
}

// A half-width shown with the precision of the value it goes with.
std::string show_hw(double hw, double value, Unit unit) {
  if (!std::isfinite(hw)) return "";
  if (unit == Unit::fraction) return fmt::format("{:.2f}", 100 * hw);
  if (std::abs(value) >= 1000) return grouped(hw, 0);
  if (value == 0 && hw == 0) return "0";
  const double ref = std::abs(value) > 0 ? std::abs(value) : std::abs(hw);
  const int digits = std::max(0, 3 - static_cast<int>(std::floor(std::log10(ref))));
  return fmt::format("{:.{}f}", hw, std::min(digits, 4));
}

// About `target` round ticks (1, 2 or 5 x 10^k apart) covering [lo, hi].
Ticks nice_ticks(double lo, double hi, int target) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
  if (!(hi > lo)) {
    const double pad = lo == 0 ? 1 : 0.1 * std::abs(lo);
    lo -= pad;
    hi += pad;
  }
  const double raw = (hi - lo) / target;
  const double mag = std::pow(10, std::floor(std::log10(raw)));
  const double f = raw / mag;
  Ticks t;
  t.step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
  t.lo = std::floor(lo / t.step + 1e-9) * t.step;
  t.hi = std::ceil(hi / t.step - 1e-9) * t.step;
  for (int i = 0;; ++i) {
    double v = t.lo + i * t.step;
    if (v > t.hi + 0.5 * t.step) break;
    if (std::abs(v) < 1e-9 * t.step) v = 0;
    t.at.push_back(v);
  }
  return t;
}

std::string tick_label(double v, const Ticks& t, Unit unit) {
  if (v == 0) return unit == Unit::fraction ? "0 %" : "0";
  if (unit == Unit::fraction) {
    const int d = std::max(0, static_cast<int>(std::ceil(-std::log10(100 * t.step) - 1e-9)));
    return fmt::format("{:.{}f} %", 100 * v, d);
  }
  const double big = std::max(std::abs(t.lo), std::abs(t.hi));
  double scale = 1;
  std::string suffix;
  if (big >= 1e6 && t.step >= 1e5) {
    scale = 1e6;
    suffix = "M";
  } else if (big >= 1e4 && t.step >= 100) {
    scale = 1e3;
    suffix = "k";
  }
  const int d = std::max(0, static_cast<int>(std::ceil(-std::log10(t.step / scale) - 1e-9)));
  return fmt::format("{:.{}f}{}", v / scale, d, suffix);
}

namespace {
std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}
}  // namespace

double text_width(std::string_view s, double font_px, bool bold) {
  return static_cast<double>(code_points(s)) * font_px * (bold ? 0.62 : 0.56);
}

std::string fit_text(const std::string& s, double max_px, double font_px, bool bold) {
  if (text_width(s, font_px, bold) <= max_px) return s;
  const double per_char = font_px * (bold ? 0.62 : 0.56);
  const auto keep = static_cast<std::size_t>(std::max(1.0, std::floor(max_px / per_char) - 1));
  std::string out;
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((s[i] & 0xC0) != 0x80 && n++ == keep) break;
    out += s[i];
  }
  return out + "…";
}

// ---------------------------------------------------------------------------------------------
// The plotting area

namespace {
constexpr double kTitlePx = 15, kLegendPx = 12, kCatPx = 12.5, kAxisPx = 12.5, kRowStep = 18;
constexpr double kEdge = 8;  // nothing closer than this to the left or right edge

// The title's lines (words wrapped to `width`).
std::vector<std::string> wrap(const std::string& text, double width) {
  std::vector<std::string> lines{""};
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find(' ', at);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(at, end - at);
    const std::string joined = lines.back().empty() ? word : lines.back() + " " + word;
    if (lines.back().empty() || text_width(joined, kTitlePx, true) <= width) {
      lines.back() = joined;
    } else {
      lines.push_back(word);
    }
    at = end + 1;
  }
  return lines;
}
// True if v is in the axis range [lo, hi] (either way round), give or take rounding.
bool inside(double v, double lo, double hi) {
  const double eps = 1e-9 * std::abs(hi - lo);
  return v >= std::min(lo, hi) - eps && v <= std::max(lo, hi) + eps;
}
}  // namespace

Plot::Plot(const std::string& title, double xlo, double xhi, double ylo, double yhi, double height,
           double left, double right, const std::vector<LegendItem>& legend)
    : kL(left), kR(right), top_(64), h_(height), xlo_(xlo), xhi_(xhi), ylo_(ylo), yhi_(yhi) {
  // The title starts over the plot when it fits there, else nearer the edge, else it wraps.
  double tx = kL;
  std::vector<std::string> lines{title};
  if (tx + text_width(title, kTitlePx, true) > kW - kEdge) {
    tx = kEdge + 4;
    lines = wrap(title, kW - kEdge - tx);
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    head_ += fmt::format("<text x=\"{}\" y=\"{}\" class=\"title\">{}</text>\n", c1(tx),
                         c1(22 + kRowStep * static_cast<double>(i)), esc(lines[i]));
  }
  double extra = kRowStep * static_cast<double>(lines.size() - 1);
  // The legend under the title, in as many rows as it needs.
  double lx = tx, ly = 44 + extra;
  for (const auto& [colour, label, is_line] : legend) {
    const double w = 22 + text_width(label, kLegendPx);
    if (lx > tx && lx + w > kW - kEdge) {
      lx = tx;
      ly += kRowStep;
      extra += kRowStep;
    }
    if (is_line) {
      head_ += fmt::format(
          "<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"3\"/>",
          c1(lx), c1(lx + 18), c1(ly - 4), c1(ly - 4), colour);
    } else {
      head_ += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"12\" fill=\"{}\"/>",
                           c1(lx), c1(ly - 10), colour);
    }
    head_ += fmt::format("<text x=\"{}\" y=\"{}\" class=\"legend\">{}</text>\n", c1(lx + 22),
                         c1(ly), esc(label));
    lx += w + 14;
  }
  top_ += extra;
  h_ += extra;  // the plotting area keeps its height
}

void Plot::y_axis(const Ticks& t, Unit unit, const std::string& label) {
  for (const double v : t.at) {
    if (!inside(v, ylo_, yhi_)) continue;
    body += fmt::format(
        "<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" class=\"grid\"/>"
        "<text x=\"{}\" y=\"{}\" class=\"tick\" text-anchor=\"end\">{}</text>\n",
        c1(kL), c1(kW - kR), c1(y(v)), c1(y(v)), c1(kL - 6), c1(y(v) + 4),
        esc(tick_label(v, t, unit)));
  }
  // Centred on the plotting area, moved or made smaller where it would leave the chart.
  const double room = h_ - 2 * kEdge;
  double px = kAxisPx;
  if (text_width(label, px) > room) px = std::max(9.0, px * room / text_width(label, px));
  const double half = 0.5 * text_width(label, px);
  const double cy = std::clamp(0.5 * (top_ + h_ - kB), kEdge + half, h_ - kEdge - half);
  body += fmt::format(
      "<text transform=\"translate(16,{}) rotate(-90)\" class=\"axis-label\" "
      "text-anchor=\"middle\"{}>{}</text>\n",
      c1(cy), px == kAxisPx ? "" : fmt::format(" style=\"font-size:{:.1f}px\"", px), esc(label));
}

void Plot::x_axis(const Ticks& t, Unit unit, const std::string& label) {
  for (const double v : t.at) {
    if (!inside(v, xlo_, xhi_)) continue;  // a round tick past the data would leave the chart
    body += fmt::format(
        "<line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" class=\"grid\"/>"
        "<text x=\"{0}\" y=\"{3}\" class=\"tick\" text-anchor=\"middle\">{4}</text>\n",
        c1(x(v)), c1(top_), c1(h_ - kB), c1(h_ - kB + 16), esc(tick_label(v, t, unit)));
  }
  x_label(label);
}

void Plot::x_label(const std::string& label) {
  body += fmt::format(
      "<text x=\"{}\" y=\"{}\" class=\"axis-label\" text-anchor=\"middle\">{}</text>\n",
      c1(0.5 * (kL + kW - kR)), c1(h_ - 12), esc(fit_text(label, kW - 2 * kEdge, kAxisPx)));
}

void Plot::categories(const std::vector<std::string>& names,
                      const std::map<std::string, std::string>& colours) {
  // Each name (with its colour box) centred under its slot: a long name in a smaller font,
  // shortened only if it still does not fit.
  const double slot = names.empty() ? 0 : x(1) - x(0);
  for (std::size_t i = 0; i < names.size(); ++i) {
    const double cx = x(static_cast<double>(i) + 0.5);
    const double room = slot - 20;
    double px = kCatPx;
    if (text_width(names[i], px, true) > room) {
      px = std::max(10.0, px * room / text_width(names[i], px, true));
    }
    const std::string shown = fit_text(names[i], room, px, true);
    const double w = 14 + text_width(shown, px, true);
    const double x0 = std::max(kEdge, cx - 0.5 * w);
    body += fmt::format(
        "<g><title>{0}</title><rect x=\"{1}\" y=\"{2}\" width=\"10\" height=\"10\" fill=\"{3}\"/>"
        "<text x=\"{4}\" y=\"{5}\" class=\"cat\" text-anchor=\"start\"{6}>{7}</text></g>\n",
        esc(names[i]), c1(x0), c1(h_ - kB + 9), colours.at(names[i]), c1(x0 + 14), c1(h_ - kB + 18),
        px == kCatPx ? "" : fmt::format(" style=\"font-size:{:.1f}px\"", px), esc(shown));
  }
}

void Plot::x_categories(const std::vector<std::string>& names, const std::string& label) {
  const double slot = names.empty() ? 0 : x(1) - x(0);
  for (std::size_t i = 0; i < names.size(); ++i) {
    const double cx = x(static_cast<double>(i) + 0.5);
    body += fmt::format(
        "<text x=\"{}\" y=\"{}\" class=\"tick category\" text-anchor=\"middle\"><title>{}</title>"
        "{}</text>\n",
        c1(cx), c1(h_ - kB + 16), esc(names[i]), esc(fit_text(names[i], slot - 8, kCatPx)));
  }
  x_label(label);
}

void Plot::note(double at_x, double at_y, const std::string& text, const char* cls,
                double font_px) {
  const bool flip = at_x + text_width(text, font_px) > kW - kEdge;
  body +=
      fmt::format("<text x=\"{}\" y=\"{}\" class=\"{}\"{}>{}</text>\n", c1(flip ? at_x - 6 : at_x),
                  c1(at_y), cls, flip ? " text-anchor=\"end\"" : "", esc(text));
}

void Plot::whisker(double at, double lo, double hi, const std::string& colour,
                   const std::string& tip) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return;
  body += fmt::format(
      "<g stroke=\"{0}\" stroke-width=\"1.6\"><title>{1}</title>"
      "<line x1=\"{2}\" x2=\"{2}\" y1=\"{3}\" y2=\"{4}\"/>"
      "<line x1=\"{5}\" x2=\"{6}\" y1=\"{3}\" y2=\"{3}\"/>"
      "<line x1=\"{5}\" x2=\"{6}\" y1=\"{4}\" y2=\"{4}\"/></g>\n",
      colour, esc(tip), c1(x(at)), c1(y(lo)), c1(y(hi)), c1(x(at) - 7), c1(x(at) + 7));
}

void Plot::line(const std::vector<double>& xs, const std::vector<double>& ys,
                const std::string& colour, double width, const std::string& extra) {
  std::string pts;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    if (std::isfinite(xs[i]) && std::isfinite(ys[i])) {
      pts += fmt::format("{},{} ", c1(x(xs[i])), c1(y(ys[i])));
    }
  }
  body += fmt::format(
      "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" "
      "stroke-linejoin=\"round\"{}/>\n",
      pts, colour, width, extra);
}

void Plot::band(const std::vector<double>& xs, const std::vector<double>& lo,
                const std::vector<double>& hi, const std::string& colour, double opacity) {
  std::string pts;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    if (std::isfinite(xs[i]) && std::isfinite(hi[i])) {
      pts += fmt::format("{},{} ", c1(x(xs[i])), c1(y(hi[i])));
    }
  }
  for (std::size_t i = xs.size(); i-- > 0;) {
    if (std::isfinite(xs[i]) && std::isfinite(lo[i])) {
      pts += fmt::format("{},{} ", c1(x(xs[i])), c1(y(lo[i])));
    }
  }
  body += fmt::format("<polygon points=\"{}\" fill=\"{}\" fill-opacity=\"{}\" stroke=\"none\"/>\n",
                      pts, colour, opacity);
}

std::string Plot::svg(const std::string& aria) const {
  return fmt::format(
      "<svg viewBox=\"0 0 {0} {1}\" role=\"img\" aria-label=\"{2}\">\n"
      "<rect x=\"0\" y=\"0\" width=\"{0}\" height=\"{1}\" fill=\"#fff\"/>\n{3}{4}"
      "<line x1=\"{5}\" x2=\"{5}\" y1=\"{6}\" y2=\"{7}\" class=\"axis\"/>"
      "<line x1=\"{5}\" x2=\"{8}\" y1=\"{7}\" y2=\"{7}\" class=\"axis\"/>\n</svg>",
      kW, c1(h_), esc(aria), head_, body, c1(kL), c1(top_), c1(h_ - kB), c1(kW - kR));
}

std::string figure(const std::string& svg, const std::string& caption) {
  return fmt::format("<figure class=\"chart\">\n{}\n<figcaption>{}</figcaption>\n</figure>\n", svg,
                     caption);
}

}  // namespace jitsim::models::svg
