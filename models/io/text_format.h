// -----------------------------------------------------------------------------
// File: models/io/text_format.h
// -----------------------------------------------------------------------------
// How jitsim writes numbers and strings into its text outputs (CSV, JSON, resolved TOML), in
// one place so that every output agrees. Only the standard library and fmt: the scenario
// writer and the fuzz target link it without the report code.
#pragma once

#include <string>
#include <string_view>

namespace jitsim::models {

/// A number in shortest round-trip form, 0 for both zeros ("" for NaN or infinity).
std::string format_number(double x);

/// A CSV field: quoted (RFC 4180) when it holds a separator, quote or line break.
std::string csv_field(std::string_view s);

/// `s` as a double-quoted string that JSON and TOML (basic string) both read back exactly:
/// quote, backslash and control characters (and DEL, which TOML forbids raw) escaped.
std::string quoted_string(std::string_view s);

/// `s` without the spaces and tabs at either end.
std::string_view trim(std::string_view s);

}  // namespace jitsim::models
