// File: models/agents/breakdown.cpp
#include "models/agents/breakdown.h"

#include <cmath>

namespace jitsim::models {

std::string_view part_name(Part part) {
  static constexpr std::array<std::string_view, 3> kNames{"sku", "site", "lane"};
  return kNames[static_cast<std::size_t>(part)];
}

const std::vector<std::string_view>& part_values(Part part) {
  static const std::array<std::vector<std::string_view>, 3> kValues = [] {
    std::array<std::vector<std::string_view>, 3> v;
    for (const MetricInfo& m : metric_info()) v[0].push_back(m.name);
    v[1] = v[0];
    v[1].push_back("internal_fill_rate");
    v[2].assign(kLaneValueNames.begin(), kLaneValueNames.end());
    return v;
  }();
  return kValues[static_cast<std::size_t>(part)];
}

BreakdownLayout::BreakdownLayout(const ModelSetup& setup) : item_names_(&setup.item_names) {
  for (const Site& s : setup.network.sites) names_[index(Part::site)].push_back(s.id);
  for (const Lane& l : setup.network.lanes) names_[index(Part::lane)].push_back(l.id);
  for (const Part p : kParts) {
    rows_[index(p)] = row_names(p).size();
    begin_[index(p)] = size_;
    size_ += rows_[index(p)] * width(p);
  }
}

Breakdown flatten(const BreakdownLayout& layout, const ReplicationResult& result) {
  Breakdown out;
  out.reserve(layout.size());
  for (const MetricValues& v : result.per_sku) out.insert(out.end(), v.begin(), v.end());
  for (const SiteValues& v : result.per_site) {
    out.insert(out.end(), v.metrics.begin(), v.metrics.end());
    out.push_back(v.internal_fill_rate);
  }
  for (const LaneValues& v : result.per_lane) out.insert(out.end(), v.begin(), v.end());
  return out;
}

void fold(const Breakdown& values, BreakdownStats& stats) {
  for (std::size_t j = 0; j < values.size(); ++j) {
    if (!std::isnan(values[j])) stats[j].add(values[j]);
  }
}

}  // namespace jitsim::models
