// File: models/model/network.cpp
#include "models/model/network.h"

#include <map>
#include <utility>

namespace jitsim::models {

Network build_network(const Scenario& sc) {
  Network n;
  n.sites.push_back({"warehouse"});
  std::map<std::pair<std::size_t, std::size_t>, std::uint32_t> lane_index;
  n.items.reserve(sc.skus.size());
  for (std::size_t s = 0; s < sc.skus.size(); ++s) {
    const Sku& sku = sc.skus[s];
    const auto [it, added] = lane_index.emplace(std::make_pair(sku.supplier, sku.carrier),
                                                static_cast<std::uint32_t>(n.lanes.size()));
    if (added) {
      n.lanes.push_back(
          {static_cast<std::uint32_t>(sku.supplier), static_cast<std::uint32_t>(sku.carrier), 0});
    }
    n.items.push_back({static_cast<std::uint32_t>(s), 0, it->second});
  }
  return n;
}

std::string item_name(const Scenario& sc, const Network& n, std::size_t item) {
  const ItemLocation& il = n.items[item];
  const std::string& sku = sc.skus[il.sku].id;
  return il.site == 0 ? sku : sku + "@" + n.sites[il.site].id;
}

}  // namespace jitsim::models
