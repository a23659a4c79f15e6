// File: models/io/sweep_values.cpp
#include "models/io/sweep_values.h"

#include <charconv>
#include <cmath>
#include <system_error>

#include <fmt/format.h>

#include "models/io/text_format.h"

namespace jitsim::models {

std::string sweep_value_text(const SweepAxis& axis, double v) {
  if (!axis.categorical()) return format_number(v);
  return axis.labels.at(static_cast<std::size_t>(v));
}

std::string sweep_value_toml(const SweepAxis& axis, double v) {
  if (axis.kind == SweepAxis::Kind::text) return quoted_string(sweep_value_text(axis, v));
  return sweep_value_text(axis, v);
}

std::string set_sweep_values(SweepAxis& axis, const std::vector<std::string>& words) {
  std::vector<double> numbers;
  std::size_t booleans = 0;
  std::string first_number, first_word, first_text;  // first_text: a word not true/false
  for (const std::string& w : words) {
    if (w.empty()) return "an empty value";
    double x = 0;
    const auto [end, ec] = std::from_chars(w.data(), w.data() + w.size(), x);
    if (end == w.data() + w.size() && ec == std::errc() && std::isfinite(x)) {
      numbers.push_back(x);
      if (first_number.empty()) first_number = w;
      continue;
    }
    if (end == w.data() + w.size()) return fmt::format("'{}' is not a finite number", w);
    if (w == "true" || w == "false") {
      ++booleans;
    } else if (first_text.empty()) {
      first_text = w;
    }
    if (first_word.empty()) first_word = w;
  }
  axis.values.clear();
  axis.labels.clear();
  if (numbers.size() == words.size()) {
    axis.kind = SweepAxis::Kind::number;
    axis.values = std::move(numbers);
    return {};
  }
  if (!numbers.empty()) {
    return fmt::format(
        "'{}' is a number and '{}' is not: the values of one parameter are all "
        "numbers or all text",
        first_number, first_word);
  }
  if (booleans != 0 && booleans != words.size()) {
    return fmt::format(
        "true/false mixed with the text '{}': the values of one parameter are "
        "all booleans or all text",
        first_text);
  }
  axis.kind = booleans ? SweepAxis::Kind::boolean : SweepAxis::Kind::text;
  axis.labels = words;
  for (std::size_t i = 0; i < words.size(); ++i) axis.values.push_back(static_cast<double>(i));
  return {};
}

}  // namespace jitsim::models
