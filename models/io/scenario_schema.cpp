// File: models/io/scenario_schema.cpp
#include "models/io/scenario_schema.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace jitsim::models::loading {

unsigned kind_mask(PolicyKind k) {
  switch (k) {
    case PolicyKind::jit:
      return k_jit;
    case PolicyKind::jic:
      return k_jic;
    case PolicyKind::hybrid:
      return k_jit | k_jic;
    case PolicyKind::base_stock:
      return k_base;
    case PolicyKind::rq:
      return k_rq;
    case PolicyKind::ss:
      return k_ss;
    case PolicyKind::periodic:
      return k_periodic;
  }
  return 0;
}

std::string kinds_taking(unsigned mask) {
  std::vector<std::string_view> names;
  if (mask & k_jit) names.push_back("jit");
  if (mask & k_jic) names.push_back("jic");
  if (mask & (k_jit | k_jic)) names.push_back("hybrid");
  if (mask & k_base) names.push_back("base_stock");
  if (mask & k_rq) names.push_back("rq");
  if (mask & k_ss) names.push_back("ss");
  if (mask & k_periodic) names.push_back("periodic");
  return fmt::format("{}", fmt::join(names, ", "));
}

// Arrays of tables merged by identity across `extends`, and addressed by it in `--set`.
const char* identity_key(std::string_view array) {
  if (array == "policies") return "name";
  if (array == "suppliers" || array == "carriers" || array == "skus" || array == "shocks") {
    return "id";
  }
  return nullptr;
}

std::string_view entity_word(std::string_view array) {
  if (array == "suppliers") return "supplier";
  if (array == "carriers") return "carrier";
  if (array == "skus") return "SKU";
  if (array == "policies") return "policy";
  if (array == "shocks") return "shock";
  return "entry";
}

const std::set<std::string_view>& all_known_keys() {
  static const std::set<std::string_view> keys = [] {
    std::set<std::string_view> s;
    for (const Keys* list :
         {&root_keys, &scenario_keys, &costs_keys, &warehouse_keys, &supplier_keys, &carrier_keys,
          &sku_keys, &poisson_demand_keys, &trace_demand_keys, &distribution_keys,
          &policy_common_keys, &hybrid_keys, &critical_keys, &shock_common_keys, &shock_target_keys,
          &shock_param_keys, &occurrence_keys, &sweep_keys}) {
      s.insert(list->begin(), list->end());
    }
    for (const ParamKey& p : param_keys) s.insert(p.name);
    return s;
  }();
  return keys;
}

}  // namespace jitsim::models::loading
