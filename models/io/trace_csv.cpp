// File: models/io/trace_csv.cpp
#include "models/io/trace_csv.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "models/io/text_format.h"

namespace jitsim::models {

namespace {

// A plain decimal number, or false (out of range counts as not a number here).
bool plain_number(std::string_view s, double& out) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty() || s.find_first_not_of("-+0123456789.eE") != std::string_view::npos) return false;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() && std::isfinite(out);
}

}  // namespace

TraceRead read_trace_columns(std::string_view text, const std::set<std::string>& columns,
                             bool structure, const CsvOptions& limits, double max_value,
                             const TraceProblem& problem, std::map<std::string, TraceColumn>& out) {
  TraceRead read;
  std::string max_text = fmt::format("{:g}", max_value);  // 1e12, not 1e+12
  max_text.erase(std::remove(max_text.begin(), max_text.end(), '+'), max_text.end());
  std::vector<TraceColumn*> targets;  // per kept cell; nullptr for the day column
  std::vector<std::string_view> names;
  std::ptrdiff_t day_cell = -1;
  bool day_reported = !structure;
  bool prepared = false;
  CsvOptions options = limits;
  options.keep_column = [&](std::string_view name) {
    return name == "day" || columns.count(std::string(name)) > 0;
  };
  options.on_row = [&](const CsvTable& table, const std::vector<CsvCell>& row) {
    if (!prepared) {  // the header is known once the first row arrives
      prepared = true;
      for (const std::size_t h : table.kept) {
        const std::string& name = table.header[h].text;
        if (name == "day") {
          day_cell = static_cast<std::ptrdiff_t>(targets.size());
          targets.push_back(nullptr);
        } else {
          TraceColumn& c = out[name];
          c = TraceColumn{true, {}};
          targets.push_back(&c);
        }
        names.push_back(name);
      }
    }
    const std::size_t r = read.rows++;
    if (day_cell >= 0 && !day_reported) {
      const CsvCell& dc = row[static_cast<std::size_t>(day_cell)];
      double day = 0;
      if (!plain_number(dc.text, day) || day != static_cast<double>(r) ||
          trim(dc.text).find_first_of(".eE") != std::string_view::npos) {
        problem(dc.line, dc.column,
                fmt::format("day: expected {} (days are consecutive from 0, one row each), found "
                            "'{}'",
                            r, dc.text));
        day_reported = true;
        read.day_ok = false;
        for (TraceColumn* c : targets) {
          if (c) c->ok = false;
        }
      }
    }
    for (std::size_t k = 0; k < row.size(); ++k) {
      TraceColumn* c = targets[k];
      if (!c) continue;
      const CsvCell& cell = row[k];
      double x = 0;
      if (trim(cell.text).empty()) {
        problem(cell.line, cell.column, fmt::format("{}: missing value for day {}", names[k], r));
        c->ok = false;
      } else if (!plain_number(cell.text, x) || x < 0 || x > max_value) {
        problem(cell.line, cell.column,
                fmt::format("{}: expected a number in [0, {}] (units demanded on day {}), found "
                            "'{}'",
                            names[k], max_text, r, cell.text));
        c->ok = false;
      } else if (c->ok) {
        c->values.push_back(x);
      }
    }
  };
  CsvTable parsed = parse_csv(text, options);
  read.header = std::move(parsed.header);
  read.more_errors = structure ? parsed.more_errors : 0;
  read.header_too_wide = parsed.header_too_wide;
  if (structure) {
    for (const CsvError& e : parsed.errors) problem(e.line, e.column, e.message);
    if (read.rows == 0 && parsed.errors.empty()) {
      problem(1, 1, "expected at least one row of daily demand after the header");
    }
  }
  if (read.rows == 0) {  // asked for and in the header, but no row: not usable
    for (const CsvCell& h : read.header) {
      if (columns.count(h.text)) out[h.text] = TraceColumn{false, {}};
    }
  }
  return read;
}

}  // namespace jitsim::models
