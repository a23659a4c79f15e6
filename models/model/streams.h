// -----------------------------------------------------------------------------
// File: models/model/streams.h
// -----------------------------------------------------------------------------
// The purposes of the model's random streams. With the entity's name they key a stream
// (sim/random.h), so e.g. the demand of SKU "a" in replication 3 is the same under every policy.
#pragma once

#include <cstdint>

namespace jitsim::models {

enum class Stream : std::uint64_t {
  demand_arrivals = 1,  // per SKU: order arrival times (and thinning)
  order_sizes,          // per SKU: order sizes
  trace_noise,          // per SKU: Poisson noise of a replayed trace
  pick_times,           // warehouse: one pick time per customer order, in arrival order
  dock_to_stock,        // warehouse: one draw per received consignment
  defects,              // per SKU: rejected units at receiving
  lead_time,            // per supplier: one lead time per production day
  transit,              // per route (from, carrier, to): one transit time per shipment day
  loss,                 // per route: one loss draw per shipment day
  shock,                // per shock: occurrences and durations
  site_choice,          // per SKU with demand_sites: the site of each customer order
  assembly,             // per kit item-location: one assembly time per kit order
  churn,                // per SKU with churn: one uniform per arrival, thinning by the share
                        //   of customers kept (no earlier stream moves)
  outbound_delivery,    // per item-location with outbound: one delivery time per customer
                        //   order, keyed by the order's id (after churn: none moves)
  order_days,           // per replication, shared by every SKU with resample = "days": one
                        //   uniform per day picks the log day (last: no earlier stream moves)
};

}  // namespace jitsim::models
