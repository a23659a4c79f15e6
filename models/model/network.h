// -----------------------------------------------------------------------------
// File: models/model/network.h
// -----------------------------------------------------------------------------
// Where stock is held and how it is replenished, as indices the agents share. The unit of
// stock state is the item-location (one SKU at one site): it has its own stock, backlog,
// replenishment rule, review moments and ledger. Replenishment reaches an item-location
// through its lanes: from a supplier (made, then shipped by a carrier) or from another site
// (a transfer: an order on the upstream item-location, picked there and shipped).
//
// A scenario without sites has one site, its [warehouse], and one item-location per SKU in
// SKU order, so item-location i is SKU i and the lanes are the (supplier, carrier) pairs of
// the SKUs in the order they are first used. With [[sites]], a site stocks a SKU when the SKU's
// customers order there, a lane from the site carries it to a site that stocks it, or it is a
// component of a kit stocked there. A kit is assembled where it is stocked: it has no lane.
#pragma once

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "models/model/scenario.h"

namespace jitsim::models {

inline constexpr std::uint32_t kNoIndex = std::numeric_limits<std::uint32_t>::max();

/// A place that holds stock: a fulfilment centre, a distribution centre, a store.
struct Site {
  std::string id;
  const Warehouse* config = nullptr;  // receiving, picking, storage, unmet demand
  Sourcing sourcing = Sourcing::first;
  Allocation allocation = Allocation::fifo;
  std::int64_t priority = 0;  // as a requester at an upstream site with priority allocation
};

/// How goods reach a site: from a supplier or a site, by a carrier, to a destination.
struct Lane {
  std::string id;                 // the [[lanes]] id, or "supplier->carrier" without sites
  bool from_site = false;         // a transfer from `source_site`
  std::uint32_t supplier = 0;     // index into Scenario::suppliers (when !from_site)
  std::uint32_t source_site = 0;  // index into Network::sites (when from_site)
  std::uint32_t carrier = 0;      // index into Scenario::carriers
  std::uint32_t destination = 0;  // index into Network::sites
  std::uint32_t route = 0;        // shipments group per route (from, carrier, to) and day
  std::int64_t priority = 1;
  double share = 1;
  bool expedite = false;
  double planned_lead_time = 0;  // supplier lead time (or upstream pick time) + transit + dock
  double planned_lead_time_variance = 0;
};

/// One way an item-location is replenished: a lane, and for a transfer the item-location
/// at the lane's source site that the order is placed on.
struct Source {
  std::uint32_t lane = 0;
  std::uint32_t upstream = kNoIndex;  // kNoIndex: the lane comes from a supplier
};

/// One SKU stocked at one site.
struct ItemLocation {
  std::uint32_t sku = 0;          // index into Scenario::skus
  std::uint32_t site = 0;         // index into Network::sites
  std::uint32_t lane = 0;         // the lane of lowest priority (planning, "first")
  std::vector<Source> sources;    // regular lanes, by priority then file order (never empty)
  std::vector<Source> expedites;  // lanes marked expedite that serve it
  std::vector<std::uint32_t> downstream;  // item-locations that order from this one
  double customer_share = 0;              // share of the SKU's customer orders placed here
  // Kits: a kit is made at its site from components stocked there, so it has no lane (`lane`
  // is kNoIndex, `sources` empty); its components list it in `kits`.
  std::vector<std::pair<std::uint32_t, std::int64_t>> components;  // item-location, units per kit
  std::vector<std::uint32_t> kits;  // kit item-locations that consume this one
  bool is_kit() const { return !components.empty(); }
};

/// A shipment route: what shares a carrier's daily shipment.
struct Route {
  std::string name;  // "from->carrier->to" ("supplier->carrier" without sites): streams
  std::uint32_t carrier = 0;
};

struct Network {
  std::vector<Site> sites;
  std::vector<Lane> lanes;
  std::vector<Route> routes;
  std::vector<ItemLocation> items;  // the item-locations, by SKU within site
  /// Per SKU: its customers' item-locations and cumulative shares (the last is 1).
  std::vector<std::vector<std::pair<std::uint32_t, double>>> customer_items;
  /// Item-locations with downstream item-locations first (planning's order).
  std::vector<std::uint32_t> downstream_first;

  std::size_t item_count() const { return items.size(); }
  const ItemLocation& item(std::size_t i) const { return items[i]; }
  const Lane& lane_of(std::size_t item) const { return lanes[items[item].lane]; }  // not a kit
  /// The item-location of `sku` at `site`, or kNoIndex.
  std::uint32_t find(std::size_t sku, std::size_t site) const;
};

/// A scenario whose lanes cannot form a network; `lane` / `sku` / `site` locate the problem
/// (kNoIndex where not applicable).
class NetworkError : public std::invalid_argument {
 public:
  NetworkError(const std::string& what, std::uint32_t lane_index, std::uint32_t sku_index,
               std::uint32_t site_index)
      : std::invalid_argument(what), lane(lane_index), sku(sku_index), site(site_index) {}
  std::uint32_t lane, sku, site;
};

/// The network of `scenario`. Throws NetworkError when a stocked item-location has no lane or
/// transfers form a cycle.
Network build_network(const Scenario& scenario);

/// The name that keys an item-location's random streams and labels it in outputs: the SKU's
/// id at the first site (so single-site results keep their streams), "sku@site" elsewhere.
std::string item_name(const Scenario& scenario, const Network& network, std::size_t item);
/// Every item-location's name, in network order (per_sku rows, checkpoints, merges).
std::vector<std::string> item_names(const Scenario& scenario);

}  // namespace jitsim::models
