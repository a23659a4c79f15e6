// -----------------------------------------------------------------------------
// File: models/csv.cpp
// -----------------------------------------------------------------------------
#include "models/csv.h"

#include <set>

#include <fmt/format.h>

namespace jitsim::models {

std::ptrdiff_t CsvTable::column_index(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i].text == name) return static_cast<std::ptrdiff_t>(i);
  }
  return -1;
}

namespace {

class Parser {
 public:
  Parser(std::string_view text, std::size_t max_rows) : text_(text), max_rows_(max_rows) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // BOM: not part of the first cell
  }

  CsvTable run() {
    CsvTable table;
    bool have_header = false;
    while (pos_ < text_.size() && table.rows.size() < max_rows_) {
      std::vector<CsvCell> record;
      const std::uint32_t record_line = line_;
      const bool good = read_record(record, table.errors);
      if (!have_header) {
        have_header = true;
        table.header = std::move(record);
        check_header(table);
        continue;
      }
      if (!good) continue;
      if (record.size() != table.header.size()) {
        table.errors.push_back({record_line, 1,
                                fmt::format("expected {} fields (as in the header), found {}",
                                            table.header.size(), record.size())});
        continue;
      }
      table.rows.push_back(std::move(record));
    }
    if (!have_header) table.errors.push_back({1, 1, "empty CSV file: a header row is required"});
    return table;
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }

  // Advances one byte; columns count code points, so UTF-8 continuation bytes do not count.
  void advance() {
    const char c = text_[pos_++];
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++column_;
    }
  }

  // True at a line end ("\n" or "\r\n"); consumes it.
  bool take_line_end() {
    if (at_end()) return false;
    if (peek() == '\n') {
      advance();
      return true;
    }
    if (peek() == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') {
      advance();
      advance();
      return true;
    }
    return false;
  }

  bool at_line_end() const {
    return !at_end() && (peek() == '\n' ||
                         (peek() == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n'));
  }

  void skip_to_line_end() {
    while (!at_end() && !at_line_end()) advance();
    take_line_end();
  }

  // Reads one record including its line end. False (with an error) on a quoting problem; the
  // rest of that line is skipped.
  bool read_record(std::vector<CsvCell>& record, std::vector<CsvError>& errors) {
    for (;;) {
      CsvCell cell;
      cell.line = line_;
      cell.column = column_;
      if (!at_end() && peek() == '"') {
        cell.quoted = true;
        advance();
        bool closed = false;
        while (!at_end()) {
          if (peek() == '"') {
            advance();
            if (!at_end() && peek() == '"') {
              cell.text += '"';
              advance();
              continue;
            }
            closed = true;
            break;
          }
          cell.text += peek();
          advance();
        }
        if (!closed) {
          errors.push_back({cell.line, cell.column, "unterminated quoted field"});
          return false;
        }
        if (!at_end() && peek() != ',' && !at_line_end()) {
          errors.push_back({line_, column_,
                            "unexpected character after a closing quote (expected ',' or the "
                            "line end)"});
          skip_to_line_end();
          return false;
        }
      } else {
        while (!at_end() && peek() != ',' && !at_line_end()) {
          if (peek() == '"') {
            errors.push_back(
                {line_, column_, "a quote inside an unquoted field (quote the whole field)"});
            skip_to_line_end();
            return false;
          }
          if (peek() == '\r') {
            errors.push_back({line_, column_, "a lone carriage return (expected CRLF or LF)"});
            skip_to_line_end();
            return false;
          }
          cell.text += peek();
          advance();
        }
      }
      record.push_back(std::move(cell));
      if (!at_end() && peek() == ',') {
        advance();
        continue;
      }
      take_line_end();
      return true;
    }
  }

  static void check_header(CsvTable& table) {
    std::set<std::string> seen;
    for (const CsvCell& c : table.header) {
      if (c.text.empty()) {
        table.errors.push_back({c.line, c.column, "empty column name in the header"});
      } else if (!seen.insert(c.text).second) {
        table.errors.push_back(
            {c.line, c.column, fmt::format("duplicate column name '{}' in the header", c.text)});
      }
    }
  }

  std::string_view text_;
  std::size_t max_rows_;
  std::size_t pos_ = 0;
  std::uint32_t line_ = 1, column_ = 1;
};

}  // namespace

CsvTable parse_csv(std::string_view text, std::size_t max_rows) {
  return Parser(text, max_rows).run();
}

}  // namespace jitsim::models
