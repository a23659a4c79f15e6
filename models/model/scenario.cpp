// -----------------------------------------------------------------------------
// File: models/model/scenario.cpp
// -----------------------------------------------------------------------------
// Names of the scenario enums exactly as written in scenario files.
#include "models/model/scenario.h"

namespace jitsim::models {

std::string_view to_string(UnmetDemand v) {
  switch (v) {
    case UnmetDemand::backorder:
      return "backorder";
    case UnmetDemand::lost_sales:
      return "lost_sales";
    case UnmetDemand::patience:
      return "patience";
  }
  return "?";
}

std::string_view to_string(PolicyKind v) {
  switch (v) {
    case PolicyKind::jit:
      return "jit";
    case PolicyKind::jic:
      return "jic";
    case PolicyKind::hybrid:
      return "hybrid";
    case PolicyKind::base_stock:
      return "base_stock";
    case PolicyKind::rq:
      return "rq";
    case PolicyKind::ss:
      return "ss";
    case PolicyKind::periodic:
      return "periodic";
  }
  return "?";
}

std::string_view to_string(Forecast v) {
  switch (v) {
    case Forecast::moving_average:
      return "moving_average";
    case Forecast::exp_smoothing:
      return "exp_smoothing";
    case Forecast::plan:
      return "plan";
  }
  return "?";
}

std::string_view to_string(OrderQuantityRule v) {
  switch (v) {
    case OrderQuantityRule::up_to:
      return "up_to";
    case OrderQuantityRule::eoq:
      return "eoq";
  }
  return "?";
}

std::string_view to_string(SignalBatching v) {
  switch (v) {
    case SignalBatching::daily:
      return "daily";
    case SignalBatching::none:
      return "none";
  }
  return "?";
}

std::string_view to_string(ShockKind v) {
  switch (v) {
    case ShockKind::shipping_delay:
      return "shipping_delay";
    case ShockKind::port_closure:
      return "port_closure";
    case ShockKind::supplier_shutdown:
      return "supplier_shutdown";
    case ShockKind::capacity_cut:
      return "capacity_cut";
    case ShockKind::quality_failure:
      return "quality_failure";
    case ShockKind::demand_spike:
      return "demand_spike";
    case ShockKind::receiving_slowdown:
      return "receiving_slowdown";
    case ShockKind::shipment_loss:
      return "shipment_loss";
    case ShockKind::site_outage:
      return "site_outage";
  }
  return "?";
}

std::string_view to_string(ShockTarget v) {
  switch (v) {
    case ShockTarget::warehouse:
      return "warehouse";
    case ShockTarget::supplier:
      return "supplier";
    case ShockTarget::carrier:
      return "carrier";
    case ShockTarget::sku:
      return "sku";
    case ShockTarget::site:
      return "site";
  }
  return "?";
}

std::string pair_name(std::string_view a, std::string_view b) {
  std::string name(a);
  name += "-vs-";
  name += b;
  return name;
}

std::string_view to_string(SpikeShape v) {
  switch (v) {
    case SpikeShape::step:
      return "step";
    case SpikeShape::ramp:
      return "ramp";
    case SpikeShape::viral:
      return "viral";
  }
  return "?";
}

std::string_view to_string(Sourcing v) {
  switch (v) {
    case Sourcing::first:
      return "first";
    case Sourcing::backup:
      return "backup";
    case Sourcing::split:
      return "split";
  }
  return "?";
}

std::string_view to_string(Allocation v) {
  return v == Allocation::fifo ? "fifo" : "priority";
}

std::string_view to_string(OrderResample v) {
  return v == OrderResample::none ? "none" : "days";
}

std::string_view to_string(Assembly v) {
  return v == Assembly::on_order ? "on_order" : "to_stock";
}

std::string_view to_string(PositionScope v) {
  return v == PositionScope::installation ? "installation" : "echelon";
}

}  // namespace jitsim::models
