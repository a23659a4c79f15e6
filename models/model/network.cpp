// File: models/model/network.cpp
#include "models/model/network.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <tuple>
#include <utility>

#include <fmt/format.h>

namespace jitsim::models {

namespace {

template <class T>
std::uint32_t u32(T v) {
  return static_cast<std::uint32_t>(v);
}

// Without [[sites]]: one site, one item-location per SKU, a lane per (supplier, carrier).
Network single_site(const Scenario& sc) {
  Network n;
  n.sites.push_back({"warehouse", &sc.warehouse, Sourcing::first, Allocation::fifo, 0});
  std::map<std::pair<std::size_t, std::size_t>, std::uint32_t> lane_index;
  n.items.reserve(sc.skus.size());
  for (std::size_t s = 0; s < sc.skus.size(); ++s) {
    const Sku& sku = sc.skus[s];
    if (sku.is_kit()) {  // made here from its components: no lane
      ItemLocation il;
      il.sku = u32(s);
      il.lane = kNoIndex;
      il.customer_share = 1;
      n.items.push_back(std::move(il));
      n.customer_items.push_back({{u32(s), 1.0}});
      continue;
    }
    const auto [it, added] =
        lane_index.emplace(std::make_pair(sku.supplier, sku.carrier), u32(n.lanes.size()));
    if (added) {
      Lane lane;
      lane.id = sc.suppliers[sku.supplier].id + "->" + sc.carriers[sku.carrier].id;
      lane.supplier = u32(sku.supplier);
      lane.carrier = u32(sku.carrier);
      lane.route = u32(n.routes.size());
      n.routes.push_back({lane.id, lane.carrier});
      n.lanes.push_back(std::move(lane));
    }
    ItemLocation il;
    il.sku = u32(s);
    il.lane = it->second;
    il.sources.push_back({it->second, kNoIndex});
    il.customer_share = 1;
    n.items.push_back(std::move(il));
    n.customer_items.push_back({{u32(s), 1.0}});
  }
  return n;
}

bool carries(const LaneSpec& lane, std::size_t sku) {
  return lane.skus.empty() || std::find(lane.skus.begin(), lane.skus.end(), sku) != lane.skus.end();
}

Network multi_site(const Scenario& sc) {
  Network n;
  for (const SiteSpec& s : sc.sites) {
    n.sites.push_back({s.id, &s.warehouse, s.sourcing, s.allocation, s.priority});
  }
  std::map<std::tuple<bool, std::size_t, std::size_t, std::size_t>, std::uint32_t> routes;
  for (const LaneSpec& spec : sc.lanes) {
    Lane lane;
    lane.id = spec.id;
    lane.from_site = spec.from_site;
    lane.supplier = spec.from_site ? 0 : u32(spec.from);
    lane.source_site = spec.from_site ? u32(spec.from) : 0;
    lane.carrier = u32(spec.carrier);
    lane.destination = u32(spec.to);
    lane.priority = spec.priority;
    lane.share = spec.share;
    lane.expedite = spec.expedite;
    const auto key = std::make_tuple(spec.from_site, spec.from, spec.carrier, spec.to);
    const auto [it, added] = routes.emplace(key, u32(n.routes.size()));
    if (added) {
      const std::string& from =
          spec.from_site ? sc.sites[spec.from].id : sc.suppliers[spec.from].id;
      n.routes.push_back({from + "->" + sc.carriers[spec.carrier].id + "->" + sc.sites[spec.to].id,
                          u32(spec.carrier)});
    }
    lane.route = it->second;
    n.lanes.push_back(std::move(lane));
  }

  // Stocked (site, sku) pairs: customers' sites, then upstream along transfer lanes.
  const std::size_t n_sites = sc.sites.size(), n_skus = sc.skus.size();
  std::vector<char> stocked(n_sites * n_skus, 0);
  std::vector<double> share(n_sites * n_skus, 0.0);
  const auto at = [&](std::size_t site, std::size_t sku) { return site * n_skus + sku; };
  for (std::size_t k = 0; k < n_skus; ++k) {
    const Sku& sku = sc.skus[k];
    if (sku.demand_sites.empty()) {
      stocked[at(0, k)] = 1;
      share[at(0, k)] = 1;
      continue;
    }
    double total = 0;
    for (const DemandSite& d : sku.demand_sites) total += d.share;
    for (const DemandSite& d : sku.demand_sites) {
      stocked[at(d.site, k)] = 1;
      share[at(d.site, k)] += total > 0 ? d.share / total : 0.0;
    }
  }
  for (std::size_t k = 0; k < n_skus; ++k) {
    for (const BomLine& b : sc.skus[k].bom) {
      for (std::size_t s = 0; s < n_sites; ++s) {
        if (stocked[at(s, k)]) stocked[at(s, b.sku)] = 1;
      }
    }
  }
  for (bool grew = true; grew;) {  // at most one pass per site of a chain
    grew = false;
    for (const LaneSpec& lane : sc.lanes) {
      if (!lane.from_site) continue;
      for (std::size_t k = 0; k < n_skus; ++k) {
        if (sc.skus[k].is_kit()) continue;  // made where it is sold, never transferred
        if (stocked[at(lane.to, k)] && carries(lane, k) && !stocked[at(lane.from, k)]) {
          stocked[at(lane.from, k)] = 1;
          grew = true;
        }
      }
    }
  }

  std::vector<std::uint32_t> index(n_sites * n_skus, kNoIndex);
  for (std::size_t s = 0; s < n_sites; ++s) {
    for (std::size_t k = 0; k < n_skus; ++k) {
      if (!stocked[at(s, k)]) continue;
      index[at(s, k)] = u32(n.items.size());
      ItemLocation il;
      il.sku = u32(k);
      il.site = u32(s);
      il.customer_share = share[at(s, k)];
      n.items.push_back(std::move(il));
    }
  }
  for (ItemLocation& il : n.items) {
    if (sc.skus[il.sku].is_kit()) {
      il.lane = kNoIndex;
      continue;
    }
    for (std::size_t l = 0; l < sc.lanes.size(); ++l) {
      const LaneSpec& lane = sc.lanes[l];
      if (lane.to != il.site || !carries(lane, il.sku)) continue;
      const Source src{u32(l), lane.from_site ? index[at(lane.from, il.sku)] : kNoIndex};
      (lane.expedite ? il.expedites : il.sources).push_back(src);
    }
    std::stable_sort(il.sources.begin(), il.sources.end(), [&](const Source& a, const Source& b) {
      return sc.lanes[a.lane].priority < sc.lanes[b.lane].priority;
    });
    if (il.sources.empty()) {
      throw NetworkError(
          fmt::format("site '{}' stocks SKU '{}' but no lane (other than an "
                      "expedite lane) brings it there: add a [[lanes]] entry "
                      "to '{}' that carries it",
                      sc.sites[il.site].id, sc.skus[il.sku].id, sc.sites[il.site].id),
          kNoIndex, il.sku, il.site);
    }
    il.lane = il.sources.front().lane;
  }
  for (std::size_t i = 0; i < n.items.size(); ++i) {
    for (const Source& src : n.items[i].sources) {
      if (src.upstream != kNoIndex) n.items[src.upstream].downstream.push_back(u32(i));
    }
    for (const Source& src : n.items[i].expedites) {
      if (src.upstream != kNoIndex) n.items[src.upstream].downstream.push_back(u32(i));
    }
  }
  n.customer_items.resize(n_skus);
  for (std::size_t k = 0; k < n_skus; ++k) {
    double cumulative = 0;
    for (std::size_t s = 0; s < n_sites; ++s) {
      const std::uint32_t i = index[at(s, k)];
      if (i == kNoIndex || share[at(s, k)] <= 0) continue;
      cumulative += share[at(s, k)];
      n.customer_items[k].push_back({i, cumulative});
    }
    if (!n.customer_items[k].empty()) n.customer_items[k].back().second = 1.0;
  }
  return n;
}

// Downstream item-locations before the ones that feed them (depth-first post-order); a
// transfer cycle has no such order.
std::vector<std::uint32_t> order_downstream_first(const Scenario& sc, const Network& n) {
  std::vector<std::uint32_t> order;
  std::vector<char> state(n.items.size(), 0);  // 0 new, 1 on the path, 2 done
  const auto visit = [&](auto&& self, std::uint32_t i) -> void {
    if (state[i] == 2) return;
    if (state[i] == 1) {
      const ItemLocation& il = n.items[i];
      throw NetworkError(fmt::format("the lanes carrying SKU '{}' form a cycle through site '{}': "
                                     "transfers must flow one way",
                                     sc.skus[il.sku].id, n.sites[il.site].id),
                         kNoIndex, il.sku, il.site);
    }
    state[i] = 1;
    for (const std::uint32_t d : n.items[i].downstream) self(self, d);
    for (const std::uint32_t k : n.items[i].kits) self(self, k);  // kit demand flows to parts
    state[i] = 2;
    order.push_back(i);
  };
  for (std::uint32_t i = 0; i < n.items.size(); ++i) visit(visit, i);
  return order;
}

// Each kit's components at its site (stocked there by construction) and the reverse links.
void link_kits(const Scenario& sc, Network& n) {
  for (std::uint32_t i = 0; i < n.items.size(); ++i) {
    const ItemLocation& il = n.items[i];
    for (const BomLine& b : sc.skus[il.sku].bom) {
      const std::uint32_t c = n.find(b.sku, il.site);
      if (c == kNoIndex) continue;
      n.items[i].components.emplace_back(c, b.quantity);
      n.items[c].kits.push_back(i);
    }
  }
}

void plan_lanes(const Scenario& sc, Network& n) {
  for (Lane& lane : n.lanes) {
    const Warehouse& dest = *n.sites[lane.destination].config;
    const DistributionSpec& transit = sc.carriers[lane.carrier].transit_days;
    // Summed in the order source, transit, dock-to-stock (the single-site plan's bits).
    double mean = 0, var = 0;
    if (lane.from_site) {
      const Warehouse& from = *n.sites[lane.source_site].config;
      if (from.pickers) {
        mean = from.pick_time_days.expected();
        var = from.pick_time_days.variance();
      }
    } else {
      const DistributionSpec& lead = sc.suppliers[lane.supplier].lead_time_days;
      mean = lead.expected();
      var = lead.variance();
    }
    lane.planned_lead_time = mean + transit.expected() + dest.dock_to_stock_days.expected();
    lane.planned_lead_time_variance = var + transit.variance() + dest.dock_to_stock_days.variance();
  }
}

}  // namespace

std::uint32_t Network::find(std::size_t sku, std::size_t site) const {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].sku == sku && items[i].site == site) return u32(i);
  }
  return kNoIndex;
}

Network build_network(const Scenario& sc) {
  Network n = sc.sites.empty() ? single_site(sc) : multi_site(sc);
  link_kits(sc, n);
  n.downstream_first = order_downstream_first(sc, n);
  plan_lanes(sc, n);
  return n;
}

std::string item_name(const Scenario& sc, const Network& n, std::size_t item) {
  const ItemLocation& il = n.items[item];
  const std::string& sku = sc.skus[il.sku].id;
  return il.site == 0 ? sku : sku + "@" + n.sites[il.site].id;
}

std::vector<std::string> item_names(const Scenario& sc) {
  const Network n = build_network(sc);
  std::vector<std::string> names;
  names.reserve(n.items.size());
  for (std::size_t i = 0; i < n.items.size(); ++i) names.push_back(item_name(sc, n, i));
  return names;
}

}  // namespace jitsim::models
