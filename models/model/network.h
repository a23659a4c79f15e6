// -----------------------------------------------------------------------------
// File: models/model/network.h
// -----------------------------------------------------------------------------
// Where stock is held and how it is replenished, as indices the agents share. The unit of
// stock state is the item-location (one SKU at one site): it has its own stock, backlog,
// replenishment rule, review moments and ledger. Replenishment reaches an item-location
// through a lane: goods made by a supplier, shipped by a carrier, to a destination site.
//
// A scenario without sites has one site, its [warehouse], and one item-location per SKU in
// SKU order, so item-location i is SKU i and the lanes are the (supplier, carrier) pairs of
// the SKUs in the order they are first used.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/model/scenario.h"

namespace jitsim::models {

/// A place that holds stock: a fulfilment centre, a distribution centre, a store.
struct Site {
  std::string id;
};

/// How goods reach a site: made by `supplier`, shipped by `carrier`, received at `destination`.
struct Lane {
  std::uint32_t supplier = 0;     // index into Scenario::suppliers
  std::uint32_t carrier = 0;      // index into Scenario::carriers
  std::uint32_t destination = 0;  // index into Network::sites
};

/// One SKU stocked at one site, replenished through one lane.
struct ItemLocation {
  std::uint32_t sku = 0;   // index into Scenario::skus
  std::uint32_t site = 0;  // index into Network::sites
  std::uint32_t lane = 0;  // index into Network::lanes
};

struct Network {
  std::vector<Site> sites;
  std::vector<Lane> lanes;
  std::vector<ItemLocation> items;  // the item-locations, by SKU within site

  std::size_t item_count() const { return items.size(); }
  const ItemLocation& item(std::size_t i) const { return items[i]; }
  const Lane& lane_of(std::size_t item) const { return lanes[items[item].lane]; }
};

/// The network of `scenario`: today one site (the [warehouse]) holding every SKU.
Network build_network(const Scenario& scenario);

/// The name that keys an item-location's random streams and labels it in outputs: the SKU's
/// id at the first site (so single-site results keep their streams), "sku@site" elsewhere.
std::string item_name(const Scenario& scenario, const Network& network, std::size_t item);

}  // namespace jitsim::models
