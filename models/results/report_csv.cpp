// File: models/results/report_csv.cpp
#include "models/results/report_csv.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

#include <fmt/format.h>

#include "models/io/file_text.h"
#include "models/results/html_report.h"

namespace jitsim::models {

CsvFile::CsvFile(const std::filesystem::path& path,
                 std::initializer_list<std::string_view> required)
    : path_(path) {
  const auto text = read_file_text(path);
  if (!text) throw ReportInputError(fmt::format("{}: cannot read the file", path.string()));
  table_ = parse_csv(*text);
  if (!table_.ok()) {
    const CsvError& e = table_.errors.front();
    throw ReportInputError(fmt::format("{}:{}:{}: {}", path.string(), e.line, e.column, e.message));
  }
  for (const std::string_view name : required) {
    if (table_.column_index(name) < 0) {
      throw ReportInputError(fmt::format("{}:1:1: no column '{}'", path.string(), name));
    }
  }
}

std::vector<std::string> CsvFile::columns() const {
  std::vector<std::string> out;
  for (const std::size_t k : table_.kept) out.push_back(table_.header[k].text);
  return out;
}

double CsvFile::number(std::size_t row, std::string_view column) const {
  const CsvCell& c = cell(row, column);
  if (c.text.empty()) return std::numeric_limits<double>::quiet_NaN();
  double x = 0;
  const char* end = c.text.data() + c.text.size();
  const auto [ptr, ec] = std::from_chars(c.text.data(), end, x);
  if (ec != std::errc() || ptr != end || !std::isfinite(x)) {
    throw ReportInputError(fmt::format("{}:{}:{}: {}: expected a number, found '{}'",
                                       path_.string(), c.line, c.column, column, c.text));
  }
  return x;
}

}  // namespace jitsim::models
