// -----------------------------------------------------------------------------
// File: models/io/csv.cpp
// -----------------------------------------------------------------------------
#include "models/io/csv.h"

#include <set>

#include <fmt/format.h>

namespace jitsim::models {

std::ptrdiff_t CsvTable::header_index(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i].text == name) return static_cast<std::ptrdiff_t>(i);
  }
  return -1;
}

std::ptrdiff_t CsvTable::column_index(std::string_view name) const {
  const std::ptrdiff_t h = header_index(name);
  if (h < 0) return -1;
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (kept[i] == static_cast<std::size_t>(h)) return static_cast<std::ptrdiff_t>(i);
  }
  return -1;
}

namespace {

class Parser {
 public:
  Parser(std::string_view text, const CsvOptions& options) : text_(text), options_(options) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // BOM: not part of the first cell
  }

  CsvTable run() {
    CsvTable table;
    errors_ = &table;
    bool have_header = false;
    std::size_t rows = 0;
    std::vector<CsvCell> record;
    while (pos_ < text_.size() && rows < options_.max_rows) {
      record.clear();
      const std::uint32_t record_line = line_;
      std::size_t fields = 0;
      const bool good = read_record(record, fields, have_header ? &keep_ : nullptr);
      if (!have_header) {
        have_header = true;
        table.header = std::move(record);
        record = {};
        check_header(table);
        if (!good && too_wide_) {  // nothing below could be matched to it
          table.header_too_wide = true;
          break;
        }
        for (std::size_t i = 0; i < table.header.size(); ++i) {
          const bool keep = !options_.keep_column || options_.keep_column(table.header[i].text);
          keep_.push_back(keep ? 1 : 0);
          if (keep) table.kept.push_back(i);
        }
        continue;
      }
      if (!good) continue;
      if (fields != table.header.size()) {
        add_error({record_line, 1,
                   fmt::format("expected {} fields (as in the header), found {}",
                               table.header.size(), fields)});
        continue;
      }
      ++rows;
      if (options_.on_row) {
        options_.on_row(table, record);
      } else {
        table.rows.push_back(record);
      }
    }
    if (!have_header) add_error({1, 1, "empty CSV file: a header row is required"});
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
  // Cells of columns not in `keep` (when given) are read and dropped; `fields` counts all.
  bool read_record(std::vector<CsvCell>& record, std::size_t& fields,
                   const std::vector<char>* keep) {
    for (;;) {
      if (fields == options_.max_columns) {
        add_error({line_, column_,
                   fmt::format("more than {} fields in one record", options_.max_columns)});
        skip_to_line_end();
        too_wide_ = true;
        return false;
      }
      const bool kept = !keep || (fields < keep->size() && (*keep)[fields]);
      ++fields;
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
              if (kept) cell.text += '"';
              advance();
              continue;
            }
            closed = true;
            break;
          }
          if (kept) cell.text += peek();
          advance();
        }
        if (!closed) {
          add_error({cell.line, cell.column, "unterminated quoted field"});
          return false;
        }
        if (!at_end() && peek() != ',' && !at_line_end()) {
          add_error({line_, column_,
                     "unexpected character after a closing quote (expected ',' or the "
                     "line end)"});
          skip_to_line_end();
          return false;
        }
      } else {
        while (!at_end() && peek() != ',' && !at_line_end()) {
          if (peek() == '"') {
            add_error({line_, column_, "a quote inside an unquoted field (quote the whole field)"});
            skip_to_line_end();
            return false;
          }
          if (peek() == '\r') {
            add_error({line_, column_, "a lone carriage return (expected CRLF or LF)"});
            skip_to_line_end();
            return false;
          }
          if (kept) cell.text += peek();
          advance();
        }
      }
      if (kept) record.push_back(std::move(cell));
      if (!at_end() && peek() == ',') {
        advance();
        continue;
      }
      take_line_end();
      return true;
    }
  }

  void add_error(CsvError e) {
    if (errors_->errors.size() < options_.max_errors) {
      errors_->errors.push_back(std::move(e));
    } else {
      ++errors_->more_errors;
    }
  }

  void check_header(CsvTable& table) {
    std::set<std::string> seen;
    for (const CsvCell& c : table.header) {
      if (c.text.empty()) {
        add_error({c.line, c.column, "empty column name in the header"});
      } else if (!seen.insert(c.text).second) {
        add_error(
            {c.line, c.column, fmt::format("duplicate column name '{}' in the header", c.text)});
      }
    }
  }

  std::string_view text_;
  const CsvOptions& options_;
  CsvTable* errors_ = nullptr;
  std::vector<char> keep_;  // per header column: are its cells kept
  bool too_wide_ = false;
  std::size_t pos_ = 0;
  std::uint32_t line_ = 1, column_ = 1;
};

}  // namespace

CsvTable parse_csv(std::string_view text, std::size_t max_rows) {
  CsvOptions options;
  options.max_rows = max_rows;
  return Parser(text, options).run();
}

CsvTable parse_csv(std::string_view text, const CsvOptions& options) {
  return Parser(text, options).run();
}

}  // namespace jitsim::models
