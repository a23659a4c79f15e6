// File: tests/models/results/report_network_test.cpp
// The report's network section on two fixture folders (tests/data/report_network/): `network`
// (2 policies, 3 sites, 4 lanes of which one expedite and one idle under the first policy, a
// site named "store<&>b") and `single_site` (one site, one lane: no section).
#include "models/results/report_network.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "models/results/html_report.h"
#include "models/results/report_inputs.h"

namespace {

namespace fs = std::filesystem;
using jitsim::models::network_section;
using jitsim::models::render_html_report;
using jitsim::models::ReportInputError;
using jitsim::models::report_inputs::read_run;
using jitsim::models::report_inputs::RunData;

const fs::path kData = fs::path(JITSIM_SOURCE_DIR) / "tests/data/report_network";

struct LaneDrawn {
  double width = 0;
  std::string colour;
  bool dashed = false;
};

// The drawn lanes of a page, by lane id (the escaped id as written in data-lane).
std::map<std::string, LaneDrawn> drawn_lanes(const std::string& html) {
  static const std::regex lane(
      R"re(<path class="lane" data-lane="([^"]*)" d="[^"]*" fill="none" stroke="([^"]*)" )re"
      R"re(stroke-width="([0-9.]+)"( stroke-dasharray="[^"]*")?)re");
  std::map<std::string, LaneDrawn> out;
  for (std::sregex_iterator it(html.begin(), html.end(), lane), end; it != end; ++it) {
    out[(*it)[1]] = {std::stod((*it)[3]), (*it)[2], (*it)[4].matched};
  }
  return out;
}

// The boxes of the drawing: name (as in the tooltip) -> (x, right edge).
std::map<std::string, std::pair<double, double>> drawn_nodes(const std::string& html) {
  static const std::regex node(
      R"re(<g class="node" data-node="([^"]*)"><title>[^<]*</title><rect x="([0-9.]+)" )re"
      R"re(y="[0-9.]+" width="([0-9.]+)")re");
  std::map<std::string, std::pair<double, double>> out;
  for (std::sregex_iterator it(html.begin(), html.end(), node), end; it != end; ++it) {
    const double x = std::stod((*it)[2]);
    out[(*it)[1]] = {x, x + std::stod((*it)[3])};
  }
  return out;
}

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

// A scratch copy of the network fixture with one file replaced, removed at the end of scope.
struct Scratch {
  Scratch(const std::string& file, const std::string& text)
      : dir(fs::temp_directory_path() /
            ("jitsim_report_network_" + std::to_string(std::rand()) + "_" + file)) {
    fs::remove_all(dir);
    fs::create_directories(dir);
    for (const char* f : {"summary.csv", "per_site.csv", "per_lane.csv", "run.json"}) {
      fs::copy_file(kData / "network" / f, dir / f);
    }
    std::ofstream(dir / file, std::ios::trunc) << text;
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  fs::path dir;
};

std::string error_of(const Scratch& s) {
  try {
    (void)read_run(s.dir);
  } catch (const ReportInputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_SUITE("report network") {
  TEST_CASE(
      "network section: the inputs: per_site.csv, per_lane.csv and run.json's network, in file "
      "order") {
    const RunData run = read_run(kData / "network");
    CHECK(run.sites == std::vector<std::string>{"dc-central", "store-a", "store<&>b"});
    CHECK(run.lanes == std::vector<std::string>{"ocean", "air", "truck-a", "truck-b"});
    REQUIRE(run.site_stat("jic", "store-a", "fill_rate"));
    CHECK(run.site_stat("jic", "store-a", "fill_rate")->mean == doctest::Approx(0.981));
    CHECK(std::isnan(run.site_stat("jit", "dc-central", "fill_rate")->mean));  // an empty cell
    CHECK(run.lane_stat("jit", "ocean", "units_received")->hi == doctest::Approx(9180));
    CHECK(run.lane_stat("jit", "ocean", "no_such_metric") == nullptr);
    REQUIRE(run.network.lanes.size() == 4);
    CHECK(run.network.sites.size() == 3);
    CHECK(run.network.lanes[1].expedite);
    CHECK(run.network.lanes[2].from_kind == "site");
    CHECK(run.network.lanes[3].to == "store<&>b");
    CHECK(std::count(run.files.begin(), run.files.end(), "per_lane.csv") == 1);
  }

  TEST_CASE("network section: a malformed input names the file, line and column") {
    const std::string bad_csv = error_of(Scratch(
        "per_site.csv", "policy,site,metric,mean,ci95_low,ci95_high\njit,a,fill_rate,x9,0,1\n"));
    CHECK(bad_csv.find("per_site.csv:2:17: mean: expected a number, found 'x9'") !=
          std::string::npos);
    const std::string no_col =
        error_of(Scratch("per_lane.csv", "policy,metric,mean,ci95_low,ci95_high\n"));
    CHECK(no_col.find("per_lane.csv:1:1: no column 'lane'") != std::string::npos);
    const std::string bad_json = error_of(Scratch("run.json", "{\n  \"network\": [1,\n}\n"));
    CHECK(bad_json.find("run.json:3:1: not valid JSON") != std::string::npos);
    const std::string bad_lane =
        error_of(Scratch("run.json", R"({"network": {"lanes": [{"id": 3}]}})"));
    CHECK(bad_lane.find("network.lanes[0].id: expected a string") != std::string::npos);
    const std::string no_end =
        error_of(Scratch("run.json", R"({"network": {"lanes": [{"id": "x", "from": "a"}]}})"));
    CHECK(no_end.find("network.lanes[0]: a lane needs \"from\" and \"to\"") != std::string::npos);
    // A run.json without "network" (a single-site run of an older jitsim) is no error.
    const Scratch old("run.json", R"({"jitsim_version": "0.9"})");
    CHECK(error_of(old).empty());
    CHECK(read_run(old.dir).network.lanes.empty());
  }

  TEST_CASE(
      "network section: three sites and four lanes: the section, its tables and its drawing") {
    const std::string html = render_html_report(kData / "network");
    REQUIRE(html.find("<h2 id=\"network\">Network</h2>") != std::string::npos);
    // Before the time series and after the comparison.
    CHECK(html.find("<h2>Comparison</h2>") < html.find("id=\"network\""));
    // Every site and lane named (in its table and its drawing), the odd name escaped.
    for (const char* name : {"dc-central", "store-a", "store&lt;&amp;&gt;b", "vn-maker"}) {
      CAPTURE(name);
      CHECK(count(html, name) >= 2);
    }
    CHECK(html.find("store<&>b") == std::string::npos);
    CHECK(html.find("<&>") == std::string::npos);
    for (const char* lane : {"ocean", "air", "truck-a", "truck-b"}) {
      CAPTURE(lane);
      CHECK(html.find(std::string("<th scope=\"rowgroup\" colspan=\"3\">") + lane) !=
            std::string::npos);
    }
    // Undefined values are dashes, never "nan".
    CHECK_FALSE(std::regex_search(html, std::regex(R"(\bnan\b)", std::regex::icase)));
    CHECK(html.find("<td>–</td>") != std::string::npos);
    // Widths follow the first policy's units received; the idle lane is dashed at the minimum.
    const auto lanes = drawn_lanes(html);
    REQUIRE(lanes.size() == 4);
    CHECK(lanes.at("ocean").width > lanes.at("truck-a").width);
    CHECK(lanes.at("truck-a").width > lanes.at("air").width);
    CHECK(lanes.at("air").width > lanes.at("truck-b").width);
    CHECK(lanes.at("truck-b").width == doctest::Approx(1.5));
    CHECK(lanes.at("truck-b").dashed);
    CHECK_FALSE(lanes.at("ocean").dashed);
    CHECK_FALSE(lanes.at("air").dashed);
    CHECK(lanes.at("air").colour != lanes.at("ocean").colour);  // expedite
    CHECK(lanes.at("truck-a").colour == lanes.at("ocean").colour);
    // Columns by depth: supplier, then the site it feeds, then the sites that one feeds.
    const auto nodes = drawn_nodes(html);
    REQUIRE(nodes.size() == 4);
    CHECK(nodes.at("vn-maker").second < nodes.at("dc-central").first);
    CHECK(nodes.at("dc-central").second < nodes.at("store-a").first);
    auto centre = [&](const char* n) { return 0.5 * (nodes.at(n).first + nodes.at(n).second); };
    CHECK(centre("store-a") == doctest::Approx(centre("store&lt;&amp;&gt;b")).epsilon(0.001));
    // Nothing outside the drawing's viewBox.
    std::smatch vb;
    const auto at = html.find("aria-label=\"network of");
    REQUIRE(at != std::string::npos);
    const std::string from_net = html.substr(html.rfind("<svg viewBox", at));
    REQUIRE(std::regex_search(from_net, vb, std::regex(R"re(<svg viewBox="0 0 ([0-9.]+) )re")));
    for (const auto& [name, box] : nodes) CHECK(box.second <= std::stod(vb[1]));
    // The lead names the weakest site and the busiest lane; the caption the policy drawn.
    CHECK(html.find("<strong>store&lt;&amp;&gt;b</strong> has the lowest fill rate (87.40 % "
                    "under jit)") != std::string::npos);
    CHECK(html.find("<strong>ocean</strong> carries the most (9,000 units received under jit)") !=
          std::string::npos);
    CHECK(html.find("lane truck-b received nothing") != std::string::npos);
    CHECK(html.find("under <strong>jit</strong> (the first policy") != std::string::npos);
    // One <svg> per chart, as for every other chart of the page.
    CHECK(count(html, "<svg") == count(html, "<figure class=\"chart\">"));
    CHECK(html.find("per_site.csv, per_lane.csv, run.json") != std::string::npos);
  }

  TEST_CASE("network section: one site and one lane: no section") {
    const RunData run = read_run(kData / "single_site");
    CHECK(run.sites.size() == 1);
    CHECK(run.lanes.size() == 1);
    CHECK(network_section(run, {}).empty());
    CHECK(render_html_report(kData / "single_site").find("id=\"network\"") == std::string::npos);
  }

  TEST_CASE("network section: no network files (a folder of an older jitsim): no section") {
    RunData run;
    run.policies = {"jit"};
    CHECK(network_section(run, {}).empty());
    run.sites = {"a", "b"};  // names without any statistic still make a section
    run.per_site["jit"]["a"]["fill_rate"].mean = 0.5;
    CHECK_FALSE(network_section(run, {}).empty());
  }
}
