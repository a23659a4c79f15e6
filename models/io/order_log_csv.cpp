// File: models/io/order_log_csv.cpp
#include "models/io/order_log_csv.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "models/io/text_format.h"

namespace jitsim::models {

namespace {

// Exactly `n` decimal digits at s[at..].
bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
  if (s.size() < at + n) return false;
  out = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

// A trailing Z or +-HH[:]MM offset (after optional spaces): accepted, ignored.
bool offset_suffix(std::string_view s) {
  s = trim(s);
  if (s.empty() || s == "Z" || s == "z") return true;
  if (s.front() != '+' && s.front() != '-') return false;
  int h = 0, m = 0;
  if (s.size() == 6 && s[3] == ':') return digits(s, 1, 2, h) && digits(s, 4, 2, m) && h < 24;
  if (s.size() == 5) return digits(s, 1, 2, h) && digits(s, 3, 2, m) && h < 24;
  return s.size() == 3 && digits(s, 1, 2, h) && h < 24;
}

bool whole_number(std::string_view s, double max, std::int64_t& out) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty() || s.size() > 13) return false;  // 1e12 has 13 digits
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() && out >= 0 &&
         static_cast<double>(out) <= max;
}

}  // namespace

bool parse_order_time(std::string_view text, double max_days, bool& dated, std::int64_t& day,
                      double& time, std::string& why) {
  const std::string_view s = trim(text);
  int y = 0, mo = 0, d = 0;
  if (digits(s, 0, 4, y) && s.size() >= 10 && s[4] == '-' && s[7] == '-') {
    dated = true;
    const bool parts = digits(s, 5, 2, mo) && digits(s, 8, 2, d);
    const std::chrono::year_month_day date{std::chrono::year(y),
                                           std::chrono::month(static_cast<unsigned>(mo)),
                                           std::chrono::day(static_cast<unsigned>(d))};
    if (!parts || !date.ok()) {
      why = "not a valid date YYYY-MM-DD";
      return false;
    }
    day = std::chrono::sys_days(date).time_since_epoch().count();  // days since 1970-01-01
    time = 0.5;                                                    // a date alone: midday
    if (s.size() == 10) return true;
    int h = 0, mi = 0, sec = 0;
    if ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(s, 11, 2, h) || s.size() < 16 ||
        s[13] != ':' || !digits(s, 14, 2, mi) || h > 23 || mi > 59) {
      why = "expected YYYY-MM-DD, or a date-time YYYY-MM-DDTHH:MM[:SS]";
      return false;
    }
    std::size_t at = 16;
    double frac = 0;
    if (s.size() > at && s[at] == ':') {
      if (!digits(s, at + 1, 2, sec) || sec > 59) {
        why = "seconds: expected 00 to 59";
        return false;
      }
      at += 3;
      if (s.size() > at && s[at] == '.') {  // fractions of a second
        std::size_t e = at + 1;
        double scale = 0.1;
        while (e < s.size() && s[e] >= '0' && s[e] <= '9')
          frac += (s[e++] - '0') * scale, scale /= 10;
        if (e == at + 1) {
          why = "expected digits after the decimal point of the seconds";
          return false;
        }
        at = e;
      }
    }
    if (!offset_suffix(s.substr(at))) {
      why = "after the time, only Z or a UTC offset +-HH:MM may follow";
      return false;
    }
    time = std::min((h * 3600.0 + mi * 60.0 + sec + frac) / 86400.0, std::nextafter(1.0, 0.0));
    return true;
  }
  dated = false;
  std::string_view n = s;
  if (!n.empty() && n.front() == '+') n.remove_prefix(1);
  double t = 0;
  const auto r = std::from_chars(n.data(), n.data() + n.size(), t);
  if (n.empty() || n.find_first_not_of("-0123456789.eE") != std::string_view::npos ||
      r.ec != std::errc() || r.ptr != n.data() + n.size() || !std::isfinite(t) || t < 0 ||
      t >= max_days) {
    why = fmt::format(
        "expected days from day 0 (a number in [0, {:g})) or an ISO date "
        "YYYY-MM-DD[THH:MM[:SS]]",
        max_days);
    return false;
  }
  day = static_cast<std::int64_t>(std::floor(t));
  time = t - static_cast<double>(day);
  return true;
}

OrderLog read_order_log(std::string_view text, const OrderLogColumns& columns,
                        const CsvOptions& limits, double max_days, double max_quantity,
                        const OrderLogProblem& problem) {
  OrderLog log;
  bool bad = false;
  bool prepared = false, have_columns = false;
  std::size_t time_cell = 0, sku_cell = 0, quantity_cell = 0;
  int kind = -1;  // of the times: -1 unknown yet, 0 numbers, 1 dates
  std::uint32_t kind_line = 0;
  std::int64_t lo = std::numeric_limits<std::int64_t>::max(), hi = 0;
  std::uint32_t hi_line = 0, hi_column = 0, lo_line = 0;
  CsvOptions options = limits;
  options.keep_column = [&](std::string_view name) {
    return name == columns.time || name == columns.sku || name == columns.quantity;
  };
  std::unordered_map<std::string, std::vector<LoggedOrder>>& out = log.by_sku;
  options.on_row = [&](const CsvTable& table, const std::vector<CsvCell>& row) {
    if (!prepared) {  // the header is known once the first row arrives
      prepared = true;
      const auto t = table.column_index(columns.time), k = table.column_index(columns.sku),
                 q = table.column_index(columns.quantity);
      have_columns = t >= 0 && k >= 0 && q >= 0;
      if (have_columns) {
        time_cell = static_cast<std::size_t>(t);
        sku_cell = static_cast<std::size_t>(k);
        quantity_cell = static_cast<std::size_t>(q);
      }
    }
    ++log.rows;
    if (!have_columns) return;  // the caller reports the missing column
    const CsvCell& tc = row[time_cell];
    const CsvCell& qc = row[quantity_cell];
    LoggedOrder o;
    bool dated = false;
    std::string why;
    bool row_ok = true;
    if (trim(tc.text).empty()) {
      problem(tc.line, tc.column, fmt::format("{}: missing time of the order", columns.time));
      row_ok = false;
    } else if (!parse_order_time(tc.text, max_days, dated, o.day, o.time, why)) {
      problem(tc.line, tc.column, fmt::format("{}: {}, found '{}'", columns.time, why, tc.text));
      row_ok = false;
    } else if (kind >= 0 && kind != (dated ? 1 : 0)) {
      problem(tc.line, tc.column,
              fmt::format("{}: expected {} like line {}, found '{}' (numbers of days and dates "
                          "do not mix)",
                          columns.time, kind ? "a date" : "a number of days", kind_line, tc.text));
      row_ok = false;
    } else {
      if (kind < 0) kind = dated ? 1 : 0, kind_line = tc.line;
      if (o.day > hi || log.rows == 1) hi = o.day, hi_line = tc.line, hi_column = tc.column;
      if (o.day < lo) lo = o.day, lo_line = tc.line;
    }
    if (!whole_number(qc.text, max_quantity, o.quantity)) {
      problem(qc.line, qc.column,
              fmt::format("{}: expected a whole number of units in [0, 1e12], found '{}'",
                          columns.quantity, qc.text));
      row_ok = false;
    }
    if (!row_ok) {
      bad = true;
      return;
    }
    out[row[sku_cell].text].push_back(o);
  };
  CsvTable parsed = parse_csv(text, options);
  log.header = std::move(parsed.header);
  for (const CsvError& e : parsed.errors) problem(e.line, e.column, e.message);
  log.more_errors = parsed.more_errors;
  bad = bad || !parsed.ok() || parsed.header_too_wide;
  if (log.rows == 0 && parsed.errors.empty()) {
    problem(1, 1, "expected at least one order (a row) after the header");
    bad = true;
  }
  if (!have_columns) bad = true;
  if (!bad && kind == 1) {  // dates: day 0 is the earliest
    if (static_cast<double>(hi - lo) >= max_days) {
      problem(hi_line, hi_column,
              fmt::format("{}: the log spans {} days (from line {}), more than the limit of {:g}",
                          columns.time, hi - lo + 1, lo_line, max_days));
      bad = true;
    }
    for (auto& [sku, orders] : out) {
      for (LoggedOrder& o : orders) o.day -= lo;
    }
    hi -= lo;
  }
  log.days = hi + 1;
  log.ok = !bad;
  return log;
}

}  // namespace jitsim::models
