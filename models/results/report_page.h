// -----------------------------------------------------------------------------
// File: models/results/report_page.h
// -----------------------------------------------------------------------------
// The frame every report page shares: the document head and its style sheet (one place for
// the look of the tables, charts and captions of models/results/html_report.cpp and
// report_network.cpp).
#pragma once

#include <string>

namespace jitsim::models {

/// "<!DOCTYPE html>" up to the opening <main>, titled `title` (escaped), with the style sheet.
std::string page_head(const std::string& title);

}  // namespace jitsim::models
