// File: tests/models/io/sweep_values_test.cpp
// What --values words make (numbers, booleans or text), and how each value is shown and set.
#include "models/io/sweep_values.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace m = jitsim::models;

namespace {

m::SweepAxis axis_of(const std::vector<std::string>& words, std::string& why) {
  m::SweepAxis a{"k", {}, {}, {}};
  why = m::set_sweep_values(a, words);
  return a;
}

}  // namespace

TEST_SUITE("sweep values") {
  TEST_CASE("all numbers make a number axis, exactly as typed") {
    std::string why;
    const m::SweepAxis a = axis_of({"1", "0.1", "-2.5e3"}, why);
    CHECK(why.empty());
    CHECK(a.kind == m::SweepAxis::Kind::number);
    CHECK(a.values == std::vector<double>{1, 0.1, -2500});
    CHECK(a.labels.empty());
    CHECK(m::sweep_value_text(a, 0.1) == "0.1");
    CHECK(m::sweep_value_toml(a, 0.1) == "0.1");
  }

  TEST_CASE("true/false make a boolean axis; other words a text axis, by index") {
    std::string why;
    const m::SweepAxis b = axis_of({"true", "false"}, why);
    CHECK(why.empty());
    CHECK(b.kind == m::SweepAxis::Kind::boolean);
    CHECK(b.values == std::vector<double>{0, 1});
    CHECK(m::sweep_value_toml(b, 1) == "false");  // a TOML boolean, not a string
    const m::SweepAxis t = axis_of({"daily", "none", "a \"q\""}, why);
    CHECK(why.empty());
    CHECK(t.kind == m::SweepAxis::Kind::text);
    CHECK(t.labels == std::vector<std::string>{"daily", "none", "a \"q\""});
    CHECK(t.values == std::vector<double>{0, 1, 2});
    CHECK(m::sweep_value_text(t, 1) == "none");
    CHECK(m::sweep_value_toml(t, 1) == "\"none\"");
    CHECK(m::sweep_value_toml(t, 2) == "\"a \\\"q\\\"\"");  // escaped as a TOML string
  }

  TEST_CASE("mixed kinds, empty words and non-finite numbers are refused") {
    std::string why;
    axis_of({"1", "x"}, why);
    CHECK(why.find("'1' is a number and 'x' is not") != std::string::npos);
    axis_of({"true", "maybe"}, why);
    CHECK(why.find("'maybe'") != std::string::npos);
    axis_of({"a", ""}, why);
    CHECK(why == "an empty value");
    axis_of({"1", "inf"}, why);
    CHECK(why.find("'inf' is not a finite number") != std::string::npos);
    axis_of({"1e400"}, why);
    CHECK(why.find("'1e400' is not a finite number") != std::string::npos);
  }
}
