// -----------------------------------------------------------------------------
// File: models/simulation.h
// -----------------------------------------------------------------------------
// One replication of one policy, start to finish. A Simulation owns a kernel and one of each
// agent; it is reused for many replications (one per thread), so that after the first run
// nothing is allocated per event.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <vector>

#include "models/carrier_agent.h"
#include "models/customer_agent.h"
#include "models/metrics.h"
#include "models/replenishment_agent.h"
#include "models/supplier_agent.h"
#include "models/warehouse_agent.h"
#include "models/world.h"

namespace jitsim::models {

/// Thrown by a run with invariant checks on, at the first broken identity.
class InvariantViolation : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ReplicationOptions {
  bool check_invariants = false;  // verify conservation of units after every event
  bool per_sku = false;           // also return every SKU's metrics
  TraceSink* trace = nullptr;     // receives every step (jitsim trace)
};

struct ReplicationResult {
  MetricValues metrics{};
  std::vector<MetricValues> per_sku;  // when asked for
  std::uint64_t events = 0;
};

class Simulation {
 public:
  explicit Simulation(const ModelSetup& setup);
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  /// Runs replication `replication` of policy `policy` (index into the scenario's policies).
  ReplicationResult run(std::size_t policy, std::uint64_t replication,
                        const ReplicationOptions& options = {});

 private:
  void dispatch(const sim::Event& e);

  World world_;
  CustomerAgent customers_;
  WarehouseAgent warehouse_;
  SupplierAgent suppliers_;
  CarrierAgent carriers_;
  ReplenishmentAgent replenishment_;
  bool day_clock_ = false;
};

}  // namespace jitsim::models
