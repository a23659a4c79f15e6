// File: models/results/report_advise.cpp
#include "models/results/report_advise.h"

#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "models/io/csv.h"
#include "models/io/file_text.h"
#include "models/results/svg_plot.h"

namespace jitsim::models {

std::string advise_section(const std::filesystem::path& dir) {
  const std::filesystem::path path = dir / "advise.csv";
  const std::optional<std::string> text = read_file_text(path);
  if (!text) throw std::runtime_error(fmt::format("{}: cannot be read", path.string()));
  const CsvTable t = parse_csv(*text);
  const std::vector<std::string> names{"class", "skus", "recommended", "confidence",
                                       "axis",  "lo",   "hi",          "flips",
                                       "to",    "at",   "ci95_low",    "ci95_high"};
  std::vector<std::ptrdiff_t> col;
  for (const std::string& n : names) {
    col.push_back(t.column_index(n));
    if (!t.ok() || col.back() < 0) {
      throw std::runtime_error(fmt::format("{}: not an advise.csv (column {})", path.string(), n));
    }
  }
  auto cell = [&](const std::vector<CsvCell>& row, std::size_t k) {
    return svg::esc(row[static_cast<std::size_t>(col[k])].text);
  };
  std::string html =
      "<h2 id=\"advice\">Advice</h2>\n<p>Per SKU class, the cheapest policy meeting the fill "
      "rate minimum, the share of replications in which it is the cheapest, and where along each "
      "stress axis the recommendation changes (95 % interval).</p>\n"
      "<table>\n<tr><th>class</th><th>SKUs</th><th>recommended</th><th>confidence</th>"
      "<th>axis</th><th>searched</th><th>flips to</th><th>at</th><th>interval</th></tr>\n";
  for (const std::vector<CsvCell>& row : t.rows) {
    const bool flips = row[static_cast<std::size_t>(col[7])].text == "true";
    html +=
        fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} .. {}</td>",
                    cell(row, 0), cell(row, 1), cell(row, 2), cell(row, 3), cell(row, 4),
                    cell(row, 5), cell(row, 6));
    if (flips) {
      html += fmt::format("<td>{}</td><td>{}</td><td>{} .. {}</td></tr>\n", cell(row, 8),
                          cell(row, 9), cell(row, 10), cell(row, 11));
    } else {
      html += "<td>no flip</td><td></td><td></td></tr>\n";
    }
  }
  return html + "</table>\n";
}

}  // namespace jitsim::models
