// File: tests/models/io/text_format_test.cpp
#include "models/io/text_format.h"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>

#include <toml++/toml.h>

using jitsim::models::csv_field;
using jitsim::models::format_number;
using jitsim::models::quoted_string;

TEST_CASE("numbers print in shortest round-trip form") {
  CHECK(format_number(0.1) == "0.1");
  CHECK(format_number(-0.0) == "0");
  CHECK(format_number(1e21) == "1e+21");
  CHECK(format_number(3) == "3");
  CHECK(std::stod(format_number(1.0 / 3)) == 1.0 / 3);  // round trip
  CHECK(format_number(std::numeric_limits<double>::quiet_NaN()).empty());
  CHECK(format_number(-std::numeric_limits<double>::infinity()).empty());
}

TEST_CASE("CSV fields are quoted only when needed, quotes doubled") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("two\nlines") == "\"two\nlines\"");
}

TEST_CASE("quoted strings escape what JSON and TOML require") {
  CHECK(quoted_string("a\"b\\c\n\t\r") == R"("a\"b\\c\n\t\r")");
  CHECK(quoted_string(std::string("\x01\x1f\x7f", 3)) == R"("\u0001\u001f\u007f")");
  CHECK(quoted_string("caf\xc3\xa9") == "\"caf\xc3\xa9\"");  // UTF-8 passes through
}

TEST_CASE("every character survives a TOML round trip") {
  std::string all;
  for (int c = 1; c < 128; ++c) all += static_cast<char>(c);
  all += "\xc3\xa9\xe2\x82\xac";  // and multi-byte UTF-8
  const toml::table t = toml::parse("x = " + quoted_string(all) + "\n");
  CHECK(t["x"].value<std::string>() == all);
}
