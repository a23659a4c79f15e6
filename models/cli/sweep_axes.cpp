// File: models/cli/sweep_axes.cpp
#include "models/cli/sweep_axes.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "models/cli/common.h"
#include "models/io/limits.h"
#include "models/io/sweep_values.h"

namespace jitsim::cli {

namespace {

double parse_number(std::string_view text, std::string_view flag) {
  double x = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(x)) {
    throw UsageError(fmt::format("{}: '{}' is not a number", flag, text));
  }
  return x;
}

// Numbers, or words (text, or true/false): set_sweep_values decides which the axis holds.
void parse_values(std::string_view text, models::SweepAxis& axis) {
  // Counted before anything is allocated: a grid holds at most max_grid_points points.
  const auto count = static_cast<std::size_t>(std::count(text.begin(), text.end(), ',')) + 1;
  if (count > models::limits::max_grid_points) {
    throw UsageError(fmt::format("--values: {} values; a sweep grid holds at most {} points", count,
                                 models::limits::max_grid_points));
  }
  std::vector<std::string> words;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = text.find(',', start);
    words.emplace_back(text.substr(start, comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (const std::string why = models::set_sweep_values(axis, words); !why.empty()) {
    throw UsageError(fmt::format("--param {} --values {}: {}", axis.parameter, text, why));
  }
}

std::vector<double> parse_range(std::string_view text) {
  const std::size_t a = text.find(':');
  const std::size_t b = a == std::string_view::npos ? a : text.find(':', a + 1);
  if (b == std::string_view::npos)
    throw UsageError(fmt::format("--range {}: expected FROM:TO:STEP", text));
  const double from = parse_number(text.substr(0, a), "--range");
  const double to = parse_number(text.substr(a + 1, b - a - 1), "--range");
  const double step = parse_number(text.substr(b + 1), "--range");
  if (!(step > 0) || to < from) {
    throw UsageError(fmt::format("--range {}: need FROM <= TO and STEP > 0", text));
  }
  const double count = std::floor((to - from) / step + 1e-9) + 1;
  if (count > static_cast<double>(models::limits::max_grid_points)) {
    throw UsageError(fmt::format("--range {}: {} values; a sweep grid holds at most {} points",
                                 text, count, models::limits::max_grid_points));
  }
  std::vector<double> out;
  for (int i = 0; i < static_cast<int>(count); ++i) {
    // 12 significant digits: 0.7 + 1 x 0.1 is 0.8 as typed, not 0.7999999999999999.
    const std::string rounded = fmt::format("{:.12g}", from + i * step);
    out.push_back(std::strtod(rounded.c_str(), nullptr));
  }
  return out;
}

}  // namespace

std::vector<models::SweepAxis> axes_from_command_line(const CLI::App& cmd,
                                                      const std::vector<std::string>& params,
                                                      const std::vector<std::string>& values,
                                                      const std::vector<std::string>& ranges) {
  std::vector<models::SweepAxis> axes;
  std::size_t p = 0, v = 0, r = 0;
  for (const CLI::Option* opt : cmd.parse_order()) {  // one entry per occurrence
    const std::string name = opt->get_name();
    const bool is_values = name == "--values";
    if (name == "--param") {
      axes.push_back({params.at(p++), {}, {}, {}});
    } else if (is_values || name == "--range") {
      if (axes.empty() || !axes.back().values.empty()) {
        throw UsageError("sweep: give one --values or --range after each --param");
      }
      if (is_values) {
        parse_values(values.at(v++), axes.back());
      } else {
        axes.back().values = parse_range(ranges.at(r++));
      }
    }
  }
  for (const models::SweepAxis& axis : axes) {
    if (axis.values.empty())
      throw UsageError("sweep: give one --values or --range after each --param");
  }
  return axes;
}

void check_sweep_axes(const std::vector<models::SweepAxis>& axes) {
  if (axes.empty()) throw UsageError("sweep: no --param given and the scenario has no [sweep]");
  if (axes.size() > 2) throw UsageError("sweep: at most two parameters (a grid)");
  double grid = 1;
  for (const models::SweepAxis& a : axes) grid *= static_cast<double>(a.values.size());
  if (grid > static_cast<double>(models::limits::max_grid_points)) {
    throw UsageError(
        fmt::format("sweep: a grid of {} points; the limit is {} (the product of "
                    "the parameters' value counts)",
                    grid, models::limits::max_grid_points));
  }
}

}  // namespace jitsim::cli
