// -----------------------------------------------------------------------------
// File: models/results/report_network.h
// -----------------------------------------------------------------------------
// The "Network" section of `jitsim report`'s run page: a one-sentence lead (the site with the
// lowest fill rate, the lane that carries most), a drawing of the network (suppliers on the
// left, sites in columns by depth, lanes as arrows as wide as the units they carried), and the
// per-site and per-lane tables with their 95 % intervals. It reads per_site.csv, per_lane.csv
// and run.json's "network" through models/results/report_inputs.h.
#pragma once

#include <map>
#include <string>

#include "models/results/report_inputs.h"

namespace jitsim::models {

/// The section's HTML (an <h2 id="network">, its lead, one <figure class="chart"> when run.json
/// has the network's lanes, the tables), or "" when the run has at most one site and one lane:
/// a single-site run shows nothing more than the comparison does. `colours`: policy -> colour
/// of the page's other charts.
///
/// **Example**: `html += network_section(run, colours);`
std::string network_section(const report_inputs::RunData& run,
                            const std::map<std::string, std::string>& colours);

}  // namespace jitsim::models
