// File: tests/models/results/report_heatmap_test.cpp
// The heatmap of a two-parameter sweep: one cell per grid point, labelled, the arg-min marked.
#include "models/results/report_heatmap.h"

#include <cmath>
#include <string>

#include <doctest/doctest.h>
#include <fmt/format.h>

namespace jitsim::models::svg {

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("heatmap_svg: a cell per point, labels, legend and the marked arg-min") {
  HeatmapGrid g;
  g.title = "mean total_cost: jit";
  g.x_label = "policies.jit.level";
  g.y_label = "costs.order_cost";
  g.x_values = {"20", "25", "30"};
  g.y_values = {"10", "<50>"};
  g.cells = {9, 8, 7, 3, 5, std::nan("")};  // [x][y]: x = 25, y = <50> is the minimum
  g.marked = 3;
  g.id = "t1";
  const std::string s = heatmap_svg(g);
  CHECK(count(s, "<rect class=\"cell\"") == 6);
  for (const char* x : {"20", "25", "30"}) {
    for (const char* y : {"10", "&lt;50&gt;"}) {
      CHECK(count(s, fmt::format("data-x=\"{}\" data-y=\"{}\"", x, y)) == 1);
    }
  }
  CHECK(count(s, "class=\"argmin\"") == 1);
  // The outline follows the marked cell (25, <50>).
  const std::size_t cell = s.find("data-x=\"25\" data-y=\"&lt;50&gt;\"");
  const std::size_t mark = s.find("class=\"argmin\"");
  const std::size_t next_cell = s.find("<rect class=\"cell\"", cell + 1);
  CHECK(cell < mark);
  CHECK(mark < next_cell);
  CHECK(s.find(">policies.jit.level</text>") != std::string::npos);
  CHECK(s.find(">costs.order_cost</text>") != std::string::npos);
  CHECK(s.find("url(#hm-t1)") != std::string::npos);
  CHECK(s.find("#d9d9d9") != std::string::npos);  // the undefined cell
  // Lowest and highest values label the legend.
  CHECK(s.find(">" + show(3, Unit::money) + "</text>") != std::string::npos);
  CHECK(s.find(">" + show(9, Unit::money) + "</text>") != std::string::npos);
  // No mark when none is asked for; a malformed grid draws nothing.
  g.marked = 99;
  CHECK(count(heatmap_svg(g), "class=\"argmin\"") == 0);
  g.cells.pop_back();
  CHECK(heatmap_svg(g).empty());
}

}  // namespace jitsim::models::svg
