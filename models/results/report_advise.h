// -----------------------------------------------------------------------------
// File: models/results/report_advise.h
// -----------------------------------------------------------------------------
// The "Advice" section of `jitsim report` for an output folder of `jitsim advise --out`: per
// SKU class the recommended policy and its confidence, and per stress axis where the
// recommendation flips, with its interval (from advise.csv; scenarios/README.md "jitsim
// advise").
#pragma once

#include <filesystem>
#include <string>

namespace jitsim::models {

/// The section's HTML (an <h2 id="advice"> and one table), read from dir/advise.csv. Throws
/// ReportInputError at FILE:LINE:COLUMN when it is missing or malformed.
///
/// **Example**: `html += advise_section(dir);`
std::string advise_section(const std::filesystem::path& dir);

/// The whole page of an advise folder: its title, the section and a footer naming the file.
std::string advise_page(const std::filesystem::path& dir);

}  // namespace jitsim::models
