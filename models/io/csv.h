// -----------------------------------------------------------------------------
// File: models/io/csv.h
// -----------------------------------------------------------------------------
// A small, strict CSV reader for scenario side files (skus_file, demand traces): RFC 4180
// quoting, a header row, LF or CRLF line ends, and the line and column of every cell so that
// problems can be reported where they are.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace jitsim::models {

struct CsvCell {
  std::string text;                    // unquoted, "" unescaped
  std::uint32_t line = 0, column = 0;  // 1-based, of the cell's first character (its quote if any)
  bool quoted = false;
};

struct CsvError {
  std::uint32_t line = 0, column = 0;
  std::string message;
};

struct CsvTable {
  std::vector<CsvCell> header;
  std::vector<std::vector<CsvCell>> rows;  // every row has one cell per kept column
  std::vector<std::size_t> kept;           // header index of each cell of a row
  std::vector<CsvError> errors;            // structural problems; rows with them are dropped
  std::size_t more_errors = 0;             // found beyond CsvOptions::max_errors, not stored
  bool header_too_wide = false;            // more than max_columns names: nothing else read
  bool ok() const { return errors.empty() && more_errors == 0; }
  /// Index within a row of the kept column named `name`, or -1.
  std::ptrdiff_t column_index(std::string_view name) const;
  /// Index of the header named `name`, or -1.
  std::ptrdiff_t header_index(std::string_view name) const;
};

struct CsvOptions {
  std::size_t max_rows = SIZE_MAX;     // data rows read; later ones are not looked at
  std::size_t max_columns = SIZE_MAX;  // fields per record; a wider record is an error
  std::size_t max_errors = SIZE_MAX;   // errors stored; the rest are only counted
  // Columns whose cells are kept (all when empty): the others are checked and dropped, so a
  // wide file costs no memory for the columns nobody reads.
  std::function<bool(std::string_view)> keep_column;
  // When set, each good row goes here (and then is dropped) instead of into CsvTable::rows;
  // the table passed along has its header and `kept` filled in.
  std::function<void(const CsvTable&, const std::vector<CsvCell>&)> on_row;
};

/// Parses `text`. Rules: the first record is the header (non-empty, unique names); every later
/// record has as many fields as the header; a field is either quoted ("..." with "" for a quote,
/// may span lines) or has no quote at all; nothing may follow a closing quote but a comma or the
/// line end; a final line end is optional; a UTF-8 byte-order mark is skipped. Columns count
/// characters (UTF-8 code points), not bytes. Keeps going after a bad record. Stops after
/// `max_rows` data rows (memory stays bounded whatever the input): the caller sees
/// max_rows rows and decides whether that is too many.
CsvTable parse_csv(std::string_view text, std::size_t max_rows = SIZE_MAX);
CsvTable parse_csv(std::string_view text, const CsvOptions& options);

}  // namespace jitsim::models
