// -----------------------------------------------------------------------------
// File: models/results/report_csv.h
// -----------------------------------------------------------------------------
// A CSV file of an output folder, as the report pages read it: named columns, each required
// one checked at opening, cells checked where they are read, every problem a ReportInputError
// located at FILE:LINE:COLUMN.
#pragma once

#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "models/io/csv.h"

namespace jitsim::models {

class CsvFile {
 public:
  /// Reads and parses `path`; throws ReportInputError when it cannot be read or parsed or
  /// lacks a `required` column.
  CsvFile(const std::filesystem::path& path, std::initializer_list<std::string_view> required);

  std::size_t rows() const { return table_.rows.size(); }
  /// The names of the columns, in file order.
  std::vector<std::string> columns() const;
  bool has(std::string_view column) const { return table_.column_index(column) >= 0; }
  const CsvCell& cell(std::size_t row, std::string_view column) const {
    return table_.rows[row][static_cast<std::size_t>(table_.column_index(column))];
  }
  const std::string& text(std::size_t row, std::string_view column) const {
    return cell(row, column).text;
  }
  /// The cell as a finite number; an empty cell (an undefined value) is NaN. Throws
  /// ReportInputError for anything else.
  double number(std::size_t row, std::string_view column) const;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  CsvTable table_;
};

}  // namespace jitsim::models
