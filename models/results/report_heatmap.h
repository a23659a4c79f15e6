// -----------------------------------------------------------------------------
// File: models/results/report_heatmap.h
// -----------------------------------------------------------------------------
// A two-parameter sweep as a heatmap: one cell per grid point coloured by a value (mean total
// cost), the axes labelled with the parameters and their values, a colour legend, and the
// arg-min cell outlined. Inline SVG, like the other charts of `jitsim report`.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "models/results/svg_plot.h"

namespace jitsim::models::svg {

struct HeatmapGrid {
  std::string title;
  std::string x_label, y_label;                 // the first parameter (columns), the second (rows)
  std::vector<std::string> x_values, y_values;  // their values as text, in sweep order
  std::vector<double> cells;  // cells[ix * y_values.size() + iy] (the sweep's point order)
  Unit unit = Unit::money;
  std::size_t marked = std::numeric_limits<std::size_t>::max();  // the cell outlined (arg-min)
  std::string id;  // unique on the page (names the legend's gradient)
};

/// The heatmap's SVG. Each cell is a <rect class="cell" data-x=".." data-y=".."> with a
/// tooltip; the marked cell also gets a <rect class="argmin">. Undefined values are grey.
std::string heatmap_svg(const HeatmapGrid& grid);

}  // namespace jitsim::models::svg
