// File: models/results/report_advise.cpp
#include "models/results/report_advise.h"

#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "models/results/report_csv.h"
#include "models/results/report_page.h"
#include "models/results/svg_plot.h"
#include "models/version.h"

namespace jitsim::models {

std::string advise_section(const std::filesystem::path& dir) {
  const CsvFile f(dir / "advise.csv", {"class", "skus", "recommended", "confidence", "axis", "lo",
                                       "hi", "flips", "to", "at", "ci95_low", "ci95_high"});
  std::string html =
      "<h2 id=\"advice\">Advice</h2>\n<p>Per SKU class, the cheapest policy meeting the fill "
      "rate minimum, the share of replications in which it is the cheapest, and where along each "
      "stress axis the recommendation changes (95 % interval).</p>\n"
      "<table>\n<tr><th>class</th><th>SKUs</th><th>recommended</th><th>confidence</th>"
      "<th>axis</th><th>searched</th><th>flips to</th><th>at</th><th>interval</th></tr>\n";
  for (std::size_t r = 0; r < f.rows(); ++r) {
    const auto cell = [&](std::string_view column) { return svg::esc(f.text(r, column)); };
    html +=
        fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} .. {}</td>",
                    cell("class"), cell("skus"), cell("recommended"), cell("confidence"),
                    cell("axis"), cell("lo"), cell("hi"));
    if (f.text(r, "flips") == "true") {
      html += fmt::format("<td>{}</td><td>{}</td><td>{} .. {}</td></tr>\n", cell("to"), cell("at"),
                          cell("ci95_low"), cell("ci95_high"));
    } else {
      html += "<td>no flip</td><td></td><td></td></tr>\n";
    }
  }
  return html + "</table>\n";
}

std::string advise_page(const std::filesystem::path& dir) {
  return page_head("jitsim report: advice") + "<h1>" + svg::esc(dir.filename().string()) +
         "</h1>\n" + advise_section(dir) +
         fmt::format(
             "<footer>Made by <code>jitsim report</code> (jitsim {}) from advise.csv."
             "</footer>\n</main>\n</body>\n</html>\n",
             kVersion);
}

}  // namespace jitsim::models
