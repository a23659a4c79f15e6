// -----------------------------------------------------------------------------
// File: models/results/report_page.h
// -----------------------------------------------------------------------------
// The frame every report page shares: the document head and its style sheet (one place for
// the look of the tables, charts and captions of models/results/html_report.cpp and
// report_network.cpp).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "models/results/report_inputs.h"

namespace jitsim::models {

/// "<!DOCTYPE html>" up to the opening <main>, titled `title` (escaped), with the style sheet.
std::string page_head(const std::string& title);

/// Each policy's colour: the same policy has the same colour in every chart (and notebook).
std::map<std::string, std::string> policy_colours(const std::vector<std::string>& policies);

/// The line under a page's title: `extra`, the horizon and the seed of `meta`.
std::string meta_line(const report_inputs::Meta& meta, const std::string& extra);

}  // namespace jitsim::models
