// File: models/io/toml_depth.cpp
#include "models/io/toml_depth.h"

namespace jitsim::models {

namespace {

bool bare_or_space(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == ' ' || c == '\t';
}

// Index just past the string that starts at `i` (its opening quote), or text.size().
std::size_t skip_string(std::string_view text, std::size_t i) {
  const char q = text[i];
  const bool multi = text.substr(i, 3) == std::string_view(q == '"' ? "\"\"\"" : "'''");
  std::size_t j = i + (multi ? 3 : 1);
  while (j < text.size()) {
    const char c = text[j];
    if (q == '"' && c == '\\') {
      j += 2;  // an escape: the next character never closes the string
      continue;
    }
    if (!multi && c == '\n') return j;  // unterminated: the parser reports it
    if (c == q && (!multi || text.substr(j, 3) == std::string_view(q == '"' ? "\"\"\"" : "'''"))) {
      return j + (multi ? 3 : 1);
    }
    ++j;
  }
  return text.size();
}

}  // namespace

std::size_t overlong_dotted_key(std::string_view text, std::size_t max_parts) {
  std::size_t dots = 0;  // dots in the current chain of key parts
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '"' || c == '\'') {
      const bool multi = text.substr(i + 1, 2) == std::string_view(c == '"' ? "\"\"" : "''");
      i = skip_string(text, i);
      if (multi) dots = 0;  // a multi-line string is a value, never a key part
      continue;
    }
    if (c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
      dots = 0;
      continue;
    }
    if (c == '.') {
      if (++dots >= max_parts) return i;
    } else if (!bare_or_space(c)) {
      dots = 0;
    }
    ++i;
  }
  return std::string_view::npos;
}

}  // namespace jitsim::models
