// File: tests/models/results/json_writer_test.cpp
#include "models/results/json_writer.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "models/results/report.h"

namespace {

using jitsim::models::kMetricCount;
using jitsim::models::kPairedMetrics;
using jitsim::models::PairReport;
using jitsim::models::PolicyReport;
using jitsim::models::RunReport;
using Json = nlohmann::ordered_json;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// Values a report can hold, the awkward ones included: undefined, infinite, both zeros, whole
// numbers, ones with no short decimal form, the extremes of double.
const std::vector<double> kValues{kNaN,    kInf,
                                  -kInf,   0.0,
                                  -0.0,    365.0,
                                  0.1,     1.0 / 3,
                                  -2.5e-7, 1e300,
                                  5e-324,  1e21,
                                  123.456, 9007199254740993.0,
                                  -1.0,    2.2250738585072014e-308};

double value(std::size_t k) {
  return kValues[k % kValues.size()];
}

// Names with every character JSON must escape, DEL, and multi-byte UTF-8.
std::string awkward_name(const char* tail) {
  std::string s = "q\"uote\\back/slash\nnew\r\t";
  for (char c = 0; c < 0x20; ++c) s += c;
  s += '\x7f';
  s += "ünï €uro 😀 ";
  return s + tail;
}

RunReport sample_report() {
  RunReport r;
  r.scenario_name = awkward_name("scenario");
  r.scenario_sha256 = std::string(64, 'a');
  r.seed = std::numeric_limits<std::uint64_t>::max();
  r.replications = 7;
  r.horizon_days = 365;
  r.warmup_days = 0.5;
  r.events = 123456789012ULL;
  r.wall_seconds = 1.0 / 3;
  std::size_t k = 0;
  for (const char* tail : {"a", "b", "plain"}) {
    PolicyReport p;
    p.name = tail[0] == 'p' ? std::string(tail) : awkward_name(tail);
    for (auto& s : p.metrics) {
      s = {k % 8,        value(k),     value(k + 1), value(k + 2),
           value(k + 3), value(k + 4), value(k + 5), value(k + 6)};
      ++k;
    }
    r.policies.push_back(p);
  }
  for (std::size_t a = 0; a < r.policies.size(); ++a) {
    for (std::size_t b = a + 1; b < r.policies.size(); ++b) {
      PairReport pr{r.policies[a].name, r.policies[b].name, {}};
      for (auto& s : pr.metrics) {
        s = {k % 5, value(k), value(k + 1), value(k + 2), value(k + 3), value(k + 4)};
        ++k;
      }
      r.pairs.push_back(pr);
    }
  }
  return r;
}

// A parsed number against the report's: null exactly where the value is not finite, else the
// same double (0 stands for -0, as in the CSV files).
void check_number(const Json& j, double x) {
  if (!std::isfinite(x)) {
    CHECK(j.is_null());
  } else {
    REQUIRE(j.is_number());
    CHECK(j.get<double>() == x);
  }
}

std::vector<std::string> keys(const Json& j) {
  std::vector<std::string> out;
  for (const auto& item : j.items()) out.push_back(item.key());
  return out;
}

}  // namespace

TEST_CASE("run JSON parses back to the report's names and numbers") {
  const RunReport r = sample_report();
  const std::string text = jitsim::models::to_json(r);
  CHECK(text.find('\x7f') == std::string::npos);  // DEL escaped (TOML readers refuse it raw)
  const Json doc = Json::parse(text);             // throws on invalid JSON or UTF-8

  CHECK(keys(doc) == std::vector<std::string>{"jitsim_version", "scenario", "scenario_sha256",
                                              "seed", "replications", "horizon_days", "warmup_days",
                                              "events_executed", "wall_seconds", "policies",
                                              "paired"});
  CHECK(doc["jitsim_version"].get<std::string>() == jitsim::models::kVersion);
  CHECK(doc["scenario"].get<std::string>() == r.scenario_name);
  CHECK(doc["scenario_sha256"].get<std::string>() == r.scenario_sha256);
  CHECK(doc["seed"].is_number_unsigned());
  CHECK(doc["seed"].get<std::uint64_t>() == r.seed);
  CHECK(doc["replications"].get<std::uint64_t>() == r.replications);
  CHECK(doc["events_executed"].get<std::uint64_t>() == r.events);
  CHECK(doc["horizon_days"].is_number_integer());  // 365, not 365.0
  check_number(doc["horizon_days"], r.horizon_days);
  check_number(doc["warmup_days"], r.warmup_days);
  check_number(doc["wall_seconds"], r.wall_seconds);

  const Json& policies = doc["policies"];
  REQUIRE(policies.size() == r.policies.size());
  std::size_t i = 0;
  for (const auto& item : policies.items()) {
    const PolicyReport& p = r.policies[i++];
    CHECK(item.key() == p.name);
    REQUIRE(item.value().size() == kMetricCount);
    std::size_t m = 0;
    for (const auto& metric : item.value().items()) {
      CHECK(metric.key() == jitsim::models::metric_info()[m].name);
      const auto& s = p.metrics[m++];
      const Json& j = metric.value();
      CHECK(keys(j) == std::vector<std::string>{"mean", "sd", "ci95_low", "ci95_high", "p05", "p50",
                                                "p95", "n"});
      check_number(j["mean"], s.mean);
      check_number(j["sd"], s.sd);
      check_number(j["ci95_low"], s.ci95_low);
      check_number(j["ci95_high"], s.ci95_high);
      check_number(j["p05"], s.p05);
      check_number(j["p50"], s.p50);
      check_number(j["p95"], s.p95);
      CHECK(j["n"].get<std::uint64_t>() == s.n);
    }
  }

  const Json& paired = doc["paired"];
  REQUIRE(paired.size() == r.pairs.size());
  i = 0;
  for (const auto& item : paired.items()) {
    const PairReport& pr = r.pairs[i++];
    CHECK(item.key() == pr.a + "-vs-" + pr.b);
    REQUIRE(item.value().size() == kPairedMetrics.size());
    std::size_t m = 0;
    for (const auto& metric : item.value().items()) {
      CHECK(metric.key() == jitsim::models::info(kPairedMetrics[m]).name);
      const auto& s = pr.metrics[m++];
      const Json& j = metric.value();
      check_number(j["mean_diff"], s.mean_diff);
      check_number(j["sd"], s.sd);
      check_number(j["ci95_low"], s.ci95_low);
      check_number(j["ci95_high"], s.ci95_high);
      check_number(j["share_better"], s.share_better);
      CHECK(j["n"].get<std::uint64_t>() == s.n);
    }
  }
}

TEST_CASE("numbers keep the project's shortest round-trip spelling") {
  const auto one = [](const Json& v) {
    const std::string s = jitsim::models::write_json(v);
    return s.substr(0, s.size() - 1);  // without the final newline
  };
  CHECK(one(365.0) == "365");
  CHECK(one(-0.0) == "0");
  CHECK(one(0.1) == "0.1");
  CHECK(one(1e21) == "1e+21");
  CHECK(one(kNaN) == "null");
  CHECK(one(-kInf) == "null");
  CHECK(one(std::numeric_limits<std::uint64_t>::max()) == "18446744073709551615");
  CHECK(one(std::int64_t{-3}) == "-3");
  CHECK(one(true) == "true");
  CHECK(one(nullptr) == "null");
  for (const double x : kValues) {
    if (!std::isfinite(x)) continue;
    const std::string s = one(x);
    CHECK(std::strtod(s.c_str(), nullptr) == x);  // round trip (-0 reads back as 0 == -0)
    CHECK(s.size() <= Json(x).dump().size());     // never longer than nlohmann's shortest form
  }
}

TEST_CASE("layout: flat containers on one line, nested ones broken and indented") {
  const Json doc = {{"a", 1},
                    {"s", "x"},
                    {"flat", {{"m", 0.5}, {"n", 2}}},
                    {"list", Json::array({1, 2})},
                    {"empty", Json::object()},
                    {"nested", Json::array({Json::array({1}), 3})},
                    {"after", false}};
  CHECK(jitsim::models::write_json(doc) ==
        "{\"a\": 1, \"s\": \"x\",\n"
        "  \"flat\": {\"m\": 0.5, \"n\": 2},\n"
        "  \"list\": [1, 2],\n"
        "  \"empty\": {\n"
        "  },\n"
        "  \"nested\": [\n"
        "    [1], 3\n"
        "  ], \"after\": false\n"
        "}\n");
  CHECK(jitsim::models::write_json(Json::object()) == "{\n}\n");
  CHECK(jitsim::models::write_json(Json::array()) == "[\n]\n");
}
