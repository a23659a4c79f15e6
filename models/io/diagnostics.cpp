// -----------------------------------------------------------------------------
// File: models/io/diagnostics.cpp
// -----------------------------------------------------------------------------
#include "models/io/diagnostics.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace jitsim::models {

namespace {

// One problem, one line: control characters quoted from the input (a CSV cell may hold a line
// break) are written escaped.
std::string one_line(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7F) {
      out += fmt::format("\\x{:02X}", u);
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string format(const Diagnostic& d) {
  return fmt::format("{}:{}:{}: {}: {}", one_line(d.file), d.line, d.column,
                     d.severity == Diagnostic::Severity::error ? "error" : "warning",
                     one_line(d.message));
}

bool has_error(const std::vector<Diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Diagnostic::Severity::error; });
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Three rolling rows are enough for the transposition case.
  std::vector<std::size_t> prev2(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

template <class Range>
std::optional<std::string> closest(std::string_view word, const Range& candidates) {
  const std::string w = lower(word);
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const auto& c : candidates) {
    const std::string_view cv(c);
    if (cv == word) continue;  // an exact match is not a suggestion
    const std::size_t d = edit_distance(w, lower(cv));
    if (!best || d < best_distance) {
      best = std::string(cv);
      best_distance = d;
    }
  }
  if (!best) return std::nullopt;
  const std::size_t limit = std::max<std::size_t>(2, w.size() / 3);
  if (best_distance > limit || best_distance >= std::max(w.size(), best->size())) {
    return std::nullopt;
  }
  return best;
}

}  // namespace

std::optional<std::string> did_you_mean(std::string_view word,
                                        const std::vector<std::string>& candidates) {
  return closest(word, candidates);
}

std::optional<std::string> did_you_mean(std::string_view word,
                                        const std::vector<std::string_view>& candidates) {
  return closest(word, candidates);
}

std::string did_you_mean_suffix(std::string_view word, const std::vector<std::string>& candidates) {
  const auto m = did_you_mean(word, candidates);
  return m ? fmt::format("; did you mean '{}'?", *m) : std::string();
}

std::string did_you_mean_suffix(std::string_view word,
                                const std::vector<std::string_view>& candidates) {
  const auto m = did_you_mean(word, candidates);
  return m ? fmt::format("; did you mean '{}'?", *m) : std::string();
}

}  // namespace jitsim::models
