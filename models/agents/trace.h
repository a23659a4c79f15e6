// File: models/agents/trace.h
// The event trace of one replication (`jitsim trace`): every step that moves units, with the
// SKU's stock right after it, so that any metric can be recomputed from the rows. Agents write
// steps through the World's Tracer; it costs one branch when no sink is attached.
#pragma once

#include <cstdint>
#include <limits>
#include <string_view>

namespace jitsim::models {

/// What a trace row records (the `event` column).
enum class TraceEvent : std::uint8_t {
  initial_stock,       // units placed at the start of the warm-up
  customer_order,      // a customer order arrived (quantity asked)
  customer_shipped,    // a customer order left, fully picked
  customer_cancelled,  // a waiting customer gave up the unfilled rest (patience)
  purchase_order,      // a purchase order was placed
  released,            // a supplier released it into production
  departure,           // a consignment left with its carrier
  arrival,             // it reached the dock
  receipt,             // accepted units became sellable (backlog first)
  rejected,            // defective units were scrapped at receiving
  lost_in_transit,     // the consignment was lost with its shipment
  expired,             // units reached the end of their shelf life
  transfer_order,      // a downstream site's order reached this item-location
  transfer_shipped,    // this item-location shipped a transfer order, fully picked
  kit_consumed,        // components went into kits: on a component its units, on the kit
                       //   the kit units they make (served from stock, or completed later)
  assembly_started,    // a kit order (customer's or assembly order) has all its components
  assembled,           // an on_order kit order is assembled and goes to picking
  customer_churned,    // churn turned a customer away: the order they would have placed
  customer_delivered,  // outbound: the order reaches the customer's door (units delivered);
                       //   written when it ships, with the time of delivery (the one row
                       //   whose time may lie ahead of the rows after it)
};

/// The `event` column's word for `e` (its enumerator's name).
std::string_view trace_event_name(TraceEvent e);

/// One traced step and the SKU's stock right after it.
struct TraceRecord {
  double time = 0;
  TraceEvent event = TraceEvent::customer_order;
  std::uint32_t item = 0;
  std::int64_t quantity = 0;
  std::uint64_t customer_order = 0;                                // 0: none
  std::uint64_t purchase_order = 0;                                // 0: none
  std::uint64_t shipment = 0;                                      // 0: none
  std::uint32_t lane = std::numeric_limits<std::uint32_t>::max();  // max: none
  std::int64_t on_hand = 0;
  std::int64_t backlog = 0;
  std::int64_t on_order = 0;
};

/// Receives every traced step of a replication (only `jitsim trace` and tests attach one).
class TraceSink {
 public:
  virtual ~TraceSink() = default;
  virtual void record(const TraceRecord& r) = 0;
};

/// A SKU's stock as the tracer reads it (the warehouse provides it).
struct StockLevels {
  std::int64_t on_hand = 0, backlog = 0, on_order = 0;
};
class StockSource {
 public:
  virtual ~StockSource() = default;
  virtual StockLevels stock_levels(std::uint32_t item) const = 0;
};

/// Writes steps to the attached sink, if any, completing them with the SKU's stock.
class Tracer {
 public:
  void attach(TraceSink* sink, const StockSource* stock) {
    sink_ = sink;
    stock_ = stock;
  }
  bool enabled() const { return sink_ != nullptr; }
  void operator()(double time, TraceEvent event, std::uint32_t item, std::int64_t quantity,
                  std::uint64_t customer_order = 0, std::uint64_t purchase_order = 0,
                  std::uint64_t shipment = 0,
                  std::uint32_t lane = std::numeric_limits<std::uint32_t>::max()) const {
    if (sink_) write(time, event, item, quantity, customer_order, purchase_order, shipment, lane);
  }

 private:
  void write(double time, TraceEvent event, std::uint32_t item, std::int64_t quantity,
             std::uint64_t customer_order, std::uint64_t purchase_order, std::uint64_t shipment,
             std::uint32_t lane) const;
  TraceSink* sink_ = nullptr;
  const StockSource* stock_ = nullptr;
};

}  // namespace jitsim::models
