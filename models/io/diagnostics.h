// -----------------------------------------------------------------------------
// File: models/io/diagnostics.h
// -----------------------------------------------------------------------------
// Located problems found in input files ("FILE:LINE:COLUMN: error: MESSAGE"), and the
// "did you mean ...?" helper used for misspelt keys and references.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jitsim::models {

struct Diagnostic {
  enum class Severity { error, warning };
  Severity severity = Severity::error;
  std::string file;                    // display name of the file (or "<command line>")
  std::uint32_t line = 0, column = 0;  // 1-based
  std::string message;
  bool operator==(const Diagnostic&) const = default;
};

/// `FILE:LINE:COLUMN: error: MESSAGE` (or `warning:`), on one line, no trailing newline:
/// control characters in FILE or MESSAGE are written escaped (\n, \r, \t, \xNN).
std::string format(const Diagnostic& d);

/// True when `diagnostics` holds at least one error.
bool has_error(const std::vector<Diagnostic>& diagnostics);

/// Edit distance (Damerau-Levenshtein, optimal string alignment) between two byte strings.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` when it is close enough to be a plausible typo
/// (distance <= 2, or <= a third of the word's length for long words); nullopt otherwise.
std::optional<std::string> did_you_mean(std::string_view word,
                                        const std::vector<std::string>& candidates);
std::optional<std::string> did_you_mean(std::string_view word,
                                        const std::vector<std::string_view>& candidates);

/// "; did you mean 'x'?" when did_you_mean finds a candidate, "" otherwise.
std::string did_you_mean_suffix(std::string_view word, const std::vector<std::string>& candidates);
std::string did_you_mean_suffix(std::string_view word,
                                const std::vector<std::string_view>& candidates);

}  // namespace jitsim::models
