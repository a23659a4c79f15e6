// -----------------------------------------------------------------------------
// File: models/results/svg_plot.h
// -----------------------------------------------------------------------------
// The drawing kit of `jitsim report`: numbers as a reader reads them, round axis ticks, and a
// plotting area that writes inline SVG. It lays out every label it draws (title, legend, axis
// labels, category names) from an estimate of its width, wrapping or shortening what would
// not fit, so that nothing is clipped at the edges of the chart.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace jitsim::models::svg {

/// Text for HTML and SVG: & < > " ' escaped.
std::string esc(std::string_view s);
/// A coordinate: one decimal is plenty.
std::string c1(double v);
/// 1234567.8 -> "1,234,568" (decimals = 0).
std::string grouped(double x, int decimals);

enum class Unit { money, units, fraction, days, per_day, ratio };

/// A value as a person reads it: fractions in percent, large numbers grouped, else 4 digits.
std::string show(double x, Unit unit);
/// A half-width shown with the precision of the value it goes with.
std::string show_hw(double hw, double value, Unit unit);

struct Ticks {
  double lo = 0, hi = 1, step = 1;
  std::vector<double> at;
};
/// About `target` round ticks (1, 2 or 5 x 10^k apart) covering [lo, hi].
Ticks nice_ticks(double lo, double hi, int target = 5);
std::string tick_label(double v, const Ticks& t, Unit unit);

/// Estimated width in pixels of `s` in DejaVu Sans (the page's font) at `font_px`: on the
/// wide side (lower-case text measures 0.50-0.58 em per character), so a label laid out with it
/// fits.
double text_width(std::string_view s, double font_px, bool bold = false);
/// `s`, shortened with "…" to at most `max_px` wide.
std::string fit_text(const std::string& s, double max_px, double font_px, bool bold = false);

/// A legend entry: colour, label, drawn as a line (else a box).
using LegendItem = std::tuple<std::string, std::string, bool>;

/// A plotting area with linear axes; elements are appended to `body`. The title wraps and the
/// legend breaks into rows to stay inside the chart; the chart grows by the rows they take.
class Plot {
 public:
  static constexpr double kW = 820, kH = 400, kB = 58;

  Plot(const std::string& title, double xlo, double xhi, double ylo, double yhi, double height = kH,
       double left = 84, double right = 24, const std::vector<LegendItem>& legend = {});
  const double kL, kR;  // left and right margins

  double x(double v) const { return kL + (v - xlo_) / (xhi_ - xlo_) * (kW - kL - kR); }
  double y(double v) const { return h_ - kB - (v - ylo_) / (yhi_ - ylo_) * (h_ - top_ - kB); }
  double top() const { return top_; }
  double bottom() const { return h_ - kB; }

  void y_axis(const Ticks& t, Unit unit, const std::string& label);
  void x_axis(const Ticks& t, Unit unit, const std::string& label);
  void x_label(const std::string& label);
  /// Policy names under categorical positions 0.5, 1.5, ... with their colour.
  void categories(const std::vector<std::string>& names,
                  const std::map<std::string, std::string>& colours);
  /// Category names (a text axis's values) under positions 0.5, 1.5, ..., and the axis label.
  void x_categories(const std::vector<std::string>& names, const std::string& label);
  /// A small label (class `cls`, `font_px`) starting at (at_x, at_y), or ending there when
  /// it would run past the right edge.
  void note(double at_x, double at_y, const std::string& text, const char* cls, double font_px);
  /// A vertical whisker from lo to hi at x.
  void whisker(double at, double lo, double hi, const std::string& colour, const std::string& tip);
  /// A polyline through (xs, ys), skipping undefined points.
  void line(const std::vector<double>& xs, const std::vector<double>& ys, const std::string& colour,
            double width, const std::string& extra = "");
  /// A filled band between lo and hi over xs.
  void band(const std::vector<double>& xs, const std::vector<double>& lo,
            const std::vector<double>& hi, const std::string& colour, double opacity);

  std::string svg(const std::string& aria) const;

  std::string body;

 private:
  double top_, h_, xlo_, xhi_, ylo_, yhi_;
  std::string head_;  // title and legend
};

/// One chart: the svg and its caption in a <figure class="chart">.
std::string figure(const std::string& svg, const std::string& caption);

}  // namespace jitsim::models::svg
