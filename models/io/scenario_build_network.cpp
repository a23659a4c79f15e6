// File: models/io/scenario_build_network.cpp
// Tree -> Scenario: [[sites]], [[lanes]], where each SKU's customers order, a policy's expedite
// rule, and the network check (every stocked item-location reachable by a lane, no cycles).
#include <algorithm>
#include <cmath>

#include "models/io/scenario_loading.h"
#include "models/model/network.h"

namespace jitsim::models::loading {

void Loader::build_sites(const Node& root, Scenario& s) {
  const auto list = entries(root, "sites", limits::max_sites);
  Keys allowed = keys_of("sites[]");
  for (std::string_view k : keys_of("warehouse")) allowed.push_back(k);
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Node& t = *list[i];
    const std::string path = entry_path("sites", t, i, "id");
    check_keys(t, path, allowed);
    SiteSpec site;
    site.warehouse = s.warehouse;  // [warehouse] gives every site its defaults
    read_id(t, path, site.id);
    read_warehouse(t, path, site.warehouse);
    read(t, path, spec("sites[]", "sourcing"), site.sourcing);
    read(t, path, spec("sites[]", "allocation"), site.allocation);
    read(t, path, spec("sites[]", "priority"), site.priority);
    register_id(site.id, s.sites.size(), site_ids_, site_names_);
    s.sites.push_back(std::move(site));
  }
}

void Loader::build_lanes(const Node& root, Scenario& s) {
  const auto list = entries(root, "lanes", limits::max_entities);
  if (!list.empty() && s.sites.empty()) {
    error(root.find("lanes")->loc,
          "lanes: [[lanes]] lead into sites; add the [[sites]] they reach (without sites, each "
          "SKU's supplier and carrier are its lane)");
    return;
  }
  if (list.empty() && !s.sites.empty() && !root.find("lanes")) {
    error(root.find("sites")->loc,
          "sites: a network needs [[lanes]] (from a supplier or a site, to a site, by a carrier)");
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Node& t = *list[i];
    const std::string path = entry_path("lanes", t, i, "id");
    check_keys(t, path, keys_of("lanes[]"));
    LaneSpec lane;
    read_id(t, path, lane.id);
    if (const Node* n = t.find("from")) {
      if (auto v = string(*n, join(path, "from"))) {
        const auto sup = supplier_ids_.find(*v);
        const auto site = site_ids_.find(*v);
        if (sup != supplier_ids_.end() && site != site_ids_.end()) {
          error(n->loc, fmt::format("{}: '{}' is both a supplier and a site; rename one",
                                    join(path, "from"), *v));
        } else if (sup != supplier_ids_.end()) {
          lane.from = sup->second;
        } else if (site != site_ids_.end()) {
          lane.from_site = true;
          lane.from = site->second;
        } else {
          std::vector<std::string> names = supplier_names_;
          names.insert(names.end(), site_names_.begin(), site_names_.end());
          error(n->loc, fmt::format("{}: unknown supplier or site '{}'{}", join(path, "from"), *v,
                                    did_you_mean_suffix(*v, names)));
        }
      }
    } else {
      missing(t, path, "from", " (a supplier id, or a site id for a transfer)");
    }
    if (const Node* n = t.find("to")) {
      if (auto v = reference(*n, join(path, "to"), "site", site_ids_, site_names_)) lane.to = *v;
      if (lane.from_site && lane.from == lane.to && t.find("from")) {
        error(n->loc,
              fmt::format("{}: a lane cannot lead from a site to itself", join(path, "to")));
      }
    } else {
      missing(t, path, "to");
    }
    if (const Node* n = t.find("carrier")) {
      if (auto v = reference(*n, join(path, "carrier"), "carrier", carrier_ids_, carrier_names_)) {
        lane.carrier = *v;
      }
    } else {
      missing(t, path, "carrier");
    }
    if (const Node* n = t.find("skus")) {
      if (!n->is_array()) {
        error(n->loc, fmt::format("{}: expected a list of SKU ids, found {}", join(path, "skus"),
                                  describe(*n)));
      } else {
        for (std::size_t k = 0; k < n->items.size(); ++k) {
          const std::string kp = fmt::format("{}[{}]", join(path, "skus"), k);
          if (auto v = reference(n->items[k], kp, "SKU", sku_ids_, sku_names_)) {
            lane.skus.push_back(*v);
            if (*v < s.skus.size() && s.skus[*v].is_kit()) {
              error(n->items[k].loc,
                    fmt::format("{}: '{}' is a kit, assembled at its sites from its components: "
                                "no lane carries it (lanes carry its components)",
                                kp, s.skus[*v].id));
            }
          }
        }
        if (n->items.empty()) {
          error(n->loc, fmt::format("{}: an empty list carries nothing; leave the key out to "
                                    "carry every SKU the site stocks",
                                    join(path, "skus")));
        }
      }
    }
    read(t, path, spec("lanes[]", "priority"), lane.priority);
    read(t, path, spec("lanes[]", "share"), lane.share);
    read(t, path, spec("lanes[]", "expedite"), lane.expedite);
    register_id(lane.id, s.lanes.size(), lane_ids_, lane_names_);
    expedite_lanes_.push_back(lane.expedite);
    s.lanes.push_back(std::move(lane));
  }
}

void Loader::read_demand_sites(const Node& t, const std::string& path, Sku& sku) {
  const Node* one = t.find("site");
  const Node* many = t.find("demand_sites");
  if ((one || many) && site_ids_.empty()) {
    const Node* n = one ? one : many;
    error(n->loc, fmt::format("{}: places customers at a site, but the scenario has no [[sites]]",
                              join(path, one ? "site" : "demand_sites")));
    return;
  }
  if (one && many) {
    error(many->loc, fmt::format("{}: give either 'site' or 'demand_sites', not both",
                                 join(path, "demand_sites")));
    return;
  }
  if (one) {
    if (auto v = reference(*one, join(path, "site"), "site", site_ids_, site_names_)) {
      sku.demand_sites.push_back({*v, 1.0});
    }
    return;
  }
  if (!many || !expect_table(*many, join(path, "demand_sites"))) return;
  const std::string dp = join(path, "demand_sites");
  for (std::size_t k = 0; k < many->keys.size(); ++k) {
    const std::string kp = join(dp, many->keys[k]);
    const auto it = site_ids_.find(many->keys[k]);
    if (it == site_ids_.end()) {
      error(many->key_locs[k], fmt::format("{}: unknown site '{}'{}", dp, many->keys[k],
                                           did_you_mean_suffix(many->keys[k], site_names_)));
      continue;
    }
    if (auto v = number(many->items[k], kp, {.lo = 0, .lo_open = true})) {
      sku.demand_sites.push_back({it->second, *v});
    }
  }
  if (many->keys.empty()) error(many->loc, fmt::format("{}: name at least one site", dp));
}

// A kit's bill of materials and assembly (skus[].bom, assembly, assembly_days).
void Loader::read_kit(const Node& t, const std::string& path, Scenario& s, std::size_t index) {
  Sku& sku = s.skus[index];
  const Node* bom = t.find("bom");
  if (!bom) {
    for (const char* key : {"assembly", "assembly_days"}) {
      if (const Node* n = t.find(key)) {
        error(n->loc, fmt::format("{}: used only by a kit; add bom = {{ \"component-id\" = "
                                  "units, ... }}",
                                  join(path, key)));
      }
    }
    return;
  }
  read(t, path, spec("skus[]", "assembly"), sku.assembly);
  read(t, path, spec("skus[]", "assembly_days"), sku.assembly_days);
  if (!expect_table(*bom, join(path, "bom"))) return;
  const std::string bp = join(path, "bom");
  if (bom->keys.empty()) {
    error(bom->loc, fmt::format("{}: name at least one component (a SKU id -> units per kit)", bp));
  }
  for (std::size_t k = 0; k < bom->keys.size(); ++k) {
    const std::string& id = bom->keys[k];
    const std::string kp = join(bp, id);
    const auto it = sku_ids_.find(id);
    if (it == sku_ids_.end()) {
      error(bom->key_locs[k],
            fmt::format("{}: unknown SKU '{}'{}", bp, id, did_you_mean_suffix(id, sku_names_)));
      continue;
    }
    if (it->second == index) {
      error(bom->key_locs[k], fmt::format("{}: a kit cannot be its own component", kp));
      continue;
    }
    if (auto q = whole(bom->items[k], kp, 1, static_cast<std::int64_t>(limits::max_units))) {
      sku.bom.push_back({it->second, *q});
    }
  }
  if (sku.kit_on_order() && t.find("initial_on_hand")) {
    error(t.find("initial_on_hand")->loc,
          fmt::format("{}: an on_order kit holds no stock (it is assembled as orders arrive); "
                      "leave initial_on_hand out or use assembly = \"to_stock\"",
                      join(path, "initial_on_hand")));
  }
}

// Cross-SKU kit rules, once every BOM is read: components are not kits, and an on_order kit's
// sites do not make customers wait with patience (a waiting kit holds reserved components).
void Loader::check_kits(const Node& root, const Scenario& s) {
  const Node* list = root.find("skus");
  if (!list || !list->is_array()) return;
  for (std::size_t i = 0; i < s.skus.size() && i < list->items.size(); ++i) {
    const Sku& kit = s.skus[i];
    if (!kit.is_kit()) continue;
    const Node& t = list->items[i];
    const std::string path = entry_path("skus", t, i, "id");
    const Node* bom = t.find("bom");
    for (std::size_t k = 0; bom && k < bom->keys.size(); ++k) {
      const auto it = sku_ids_.find(bom->keys[k]);
      if (it == sku_ids_.end() || it->second >= s.skus.size() || !s.skus[it->second].is_kit()) {
        continue;
      }
      error(bom->key_locs[k],
            fmt::format("{}: '{}' is itself a kit; kits of kits are not supported: list its "
                        "components in this bom instead",
                        join(join(path, "bom"), bom->keys[k]), bom->keys[k]));
    }
    if (!kit.kit_on_order()) continue;
    std::vector<std::size_t> sites;
    for (const DemandSite& d : kit.demand_sites) sites.push_back(d.site);
    if (sites.empty()) sites.push_back(0);
    for (const std::size_t site : sites) {
      const Warehouse& w = s.sites.empty() ? s.warehouse : s.sites[site].warehouse;
      if (w.unmet_demand != UnmetDemand::patience) continue;
      const Node* at = t.find("assembly") ? t.find("assembly") : bom;
      error(at->loc, fmt::format("{}: an on_order kit cannot be sold at {} with unmet_demand = "
                                 "\"patience\" (a waiting kit holds reserved components); use "
                                 "assembly = \"to_stock\" or \"backorder\" / \"lost_sales\" there",
                                 join(path, "assembly"),
                                 s.sites.empty() ? std::string("the warehouse")
                                                 : fmt::format("site '{}'", s.sites[site].id)));
    }
  }
}

void Loader::read_expedite(const Node& n, const std::string& path, PolicyParams& out) {
  if (!expect_table(n, path)) return;
  check_keys(n, path, {"lane", "below_days"});
  ExpediteRule rule;
  bool ok = true;
  if (const Node* l = n.find("lane")) {
    if (auto v = reference(*l, join(path, "lane"), "lane", lane_ids_, lane_names_)) {
      rule.lane = *v;
      if (!expedite_lanes_[*v]) {
        error(l->loc, fmt::format("{}: lane '{}' is not an expedite lane; set expedite = true on "
                                  "it (regular orders then leave it alone)",
                                  join(path, "lane"), lane_names_[*v]));
      }
    } else {
      ok = false;
    }
  } else {
    missing(n, path, "lane", " (the id of a lane with expedite = true)");
    ok = false;
  }
  if (const Node* b = n.find("below_days")) {
    if (auto v = number(*b, join(path, "below_days"), r_level_days)) {
      rule.below_days = *v;
    } else {
      ok = false;
    }
  } else {
    missing(n, path, "below_days",
            " (expedite when the expedited position is below this many "
            "days of planned demand)");
    ok = false;
  }
  if (ok) out.expedite = rule;
}

void Loader::check_network(const Node& root, const Scenario& s) {
  if (s.sites.empty() || error_count() > 0) return;
  try {
    const Network n = build_network(s);
    if (n.items.size() > limits::max_item_locations) {
      error(root.find("sites")->loc,
            fmt::format("sites: the network stocks {} item-locations; the limit is {}",
                        n.items.size(), limits::max_item_locations));
    }
  } catch (const NetworkError& e) {
    const Node* sites = root.find("sites");
    const Loc* at = &sites->loc;
    if (e.site != kNoIndex && sites->is_array() && e.site < sites->items.size()) {
      at = &sites->items[e.site].loc;
    }
    error(*at, fmt::format("sites: {}", e.what()));
  }
}

}  // namespace jitsim::models::loading
