// File: models/agents/trace.cpp
#include "models/agents/trace.h"

namespace jitsim::models {

std::string_view trace_event_name(TraceEvent e) {
  switch (e) {
    case TraceEvent::initial_stock:
      return "initial_stock";
    case TraceEvent::customer_order:
      return "customer_order";
    case TraceEvent::customer_shipped:
      return "customer_shipped";
    case TraceEvent::customer_cancelled:
      return "customer_cancelled";
    case TraceEvent::purchase_order:
      return "purchase_order";
    case TraceEvent::released:
      return "released";
    case TraceEvent::departure:
      return "departure";
    case TraceEvent::arrival:
      return "arrival";
    case TraceEvent::receipt:
      return "receipt";
    case TraceEvent::rejected:
      return "rejected";
    case TraceEvent::lost_in_transit:
      return "lost_in_transit";
    case TraceEvent::expired:
      return "expired";
    case TraceEvent::transfer_order:
      return "transfer_order";
    case TraceEvent::transfer_shipped:
      return "transfer_shipped";
    case TraceEvent::kit_consumed:
      return "kit_consumed";
    case TraceEvent::assembly_started:
      return "assembly_started";
    case TraceEvent::assembled:
      return "assembled";
    case TraceEvent::customer_churned:
      return "customer_churned";
    case TraceEvent::customer_delivered:
      return "customer_delivered";
  }
  return "unknown";
}

void Tracer::write(double time, TraceEvent event, std::uint32_t item, std::int64_t quantity,
                   std::uint64_t customer_order, std::uint64_t purchase_order,
                   std::uint64_t shipment, std::uint32_t lane) const {
  const StockLevels s = stock_ ? stock_->stock_levels(item) : StockLevels{};
  sink_->record({time, event, item, quantity, customer_order, purchase_order, shipment, lane,
                 s.on_hand, s.backlog, s.on_order});
}

}  // namespace jitsim::models
