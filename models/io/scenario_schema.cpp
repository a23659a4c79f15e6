// -----------------------------------------------------------------------------
// File: models/io/scenario_schema.cpp
// -----------------------------------------------------------------------------
// Lookups over the schema (the declarations are in the header) and names for messages.
#include "models/io/scenario_schema.h"

#include <algorithm>
#include <map>

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
  if (array == "suppliers" || array == "carriers" || array == "skus" || array == "shocks" ||
      array == "sites" || array == "lanes") {
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
  if (array == "sites") return "site";
  if (array == "lanes") return "lane";
  return "entry";
}

const std::set<std::string_view>& all_known_keys() {
  static const std::set<std::string_view> keys = [] {
    std::set<std::string_view> names;
    for (const KeySpec& k : schema) names.insert(k.name);
    return names;
  }();
  return keys;
}

const std::vector<std::string_view>& schema_tables() {
  static const std::vector<std::string_view> tables = [] {
    std::vector<std::string_view> out;
    for (const KeySpec& k : schema) {
      if (std::find(out.begin(), out.end(), k.table) == out.end()) out.push_back(k.table);
    }
    return out;
  }();
  return tables;
}

const Keys& keys_of(std::string_view table) {
  static const std::map<std::string_view, Keys> by_table = [] {
    std::map<std::string_view, Keys> out;
    for (const KeySpec& k : schema) out[k.table].push_back(k.name);
    return out;
  }();
  const auto it = by_table.find(table);
  if (it == by_table.end()) throw std::logic_error(fmt::format("no schema table '{}'", table));
  return it->second;
}

Keys keys_of(std::string_view table, unsigned mask) {
  Keys out;
  for (const KeySpec& k : schema) {
    if (k.table == table && (mask == 0 ? k.kinds == 0 : (k.kinds & mask) != 0)) {
      out.push_back(k.name);
    }
  }
  return out;
}

const KeySpec* find_key(std::string_view table, std::string_view name) {
  for (const KeySpec& k : schema) {
    if (k.table == table && k.name == name) return &k;
  }
  return nullptr;
}

namespace {

CellType cell_type(const KeySpec& k) {
  switch (k.type) {
    case Type::boolean:
      return CellType::boolean;
    case Type::list:
      return CellType::list;
    case Type::whole:
      return k.choices.empty() ? CellType::value : CellType::on_hand;
    case Type::number:
    case Type::distribution:
    case Type::table:
    case Type::values:  // [sweep]'s: never a SKU column
      return CellType::value;
    case Type::string:
    case Type::id:
    case Type::reference:
    case Type::path:
    case Type::choice:
      return CellType::string;
  }
  return CellType::value;
}

}  // namespace

const std::vector<SkuColumn>& sku_columns() {
  static const std::vector<SkuColumn> columns = [] {
    std::vector<SkuColumn> out;
    for (std::string_view name : keys_of("skus[]")) {
      const KeySpec& k = *find_key("skus[]", name);
      if (name != "demand") {
        out.push_back({std::string(name), cell_type(k)});
        continue;
      }
      for (std::string_view form :
           {"skus[].demand", "skus[].demand(trace)", "skus[].demand(orders)"}) {
        for (std::string_view d : keys_of(form)) {
          const KeySpec& dk = *find_key(form, d);
          const std::string column = fmt::format("demand.{}", d);
          if (dk.type == Type::table) {  // the order log's columns: demand.columns.time, ...
            const std::string sub = fmt::format("{}.{}", form, d);
            for (std::string_view c : keys_of(sub)) {
              out.push_back({fmt::format("{}.{}", column, c), cell_type(*find_key(sub, c))});
            }
            continue;
          }
          out.push_back({column, cell_type(dk)});
          if (dk.type != Type::distribution) continue;
          for (std::string_view p : keys_of("distribution")) {
            out.push_back(
                {fmt::format("{}.{}", column, p), cell_type(*find_key("distribution", p))});
          }
        }
      }
    }
    return out;
  }();
  return columns;
}

}  // namespace jitsim::models::loading
