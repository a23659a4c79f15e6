// File: models/results/json_writer.cpp
#include "models/results/json_writer.h"

#include <algorithm>
#include <cstdint>
#include <stdexcept>

#include <fmt/format.h>

#include "models/io/text_format.h"

namespace jitsim::models {

namespace {

using Json = nlohmann::ordered_json;

bool is_container(const Json& v) {
  return v.is_object() || v.is_array();
}

// Written on one line: a non-empty container of scalars only. An empty one breaks, as "{\n}"
// (a run of one policy has no pairs: "paired": {\n  }).
bool is_flat(const Json& v) {
  return !v.empty() &&
         std::none_of(v.begin(), v.end(), [](const Json& e) { return is_container(e); });
}

void write_scalar(std::string& out, const Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
      out += "null";
      break;
    case Json::value_t::boolean:
      out += v.get<bool>() ? "true" : "false";
      break;
    case Json::value_t::number_unsigned:
      out += fmt::format("{}", v.get<std::uint64_t>());
      break;
    case Json::value_t::number_integer:
      out += fmt::format("{}", v.get<std::int64_t>());
      break;
    case Json::value_t::number_float: {
      const std::string s = format_number(v.get<double>());
      out += s.empty() ? "null" : s;
      break;
    }
    case Json::value_t::string:
      out += quoted_string(v.get_ref<const std::string&>());
      break;
    default:  // binary and discarded values are never built
      throw std::logic_error("write_json: value without a JSON spelling");
  }
}

void write_value(std::string& out, const Json& v, std::size_t indent) {
  if (!is_container(v)) {
    write_scalar(out, v);
    return;
  }
  const bool object = v.is_object();
  out += object ? '{' : '[';
  const bool flat = is_flat(v);
  bool first = true;
  // items() gives keys for objects; for arrays the key is the index, unused.
  for (const auto& item : v.items()) {
    const Json& member = item.value();
    if (!first) out += ',';
    if (!flat && is_container(member)) {
      out += '\n';
      out.append(indent + 2, ' ');
    } else if (!first) {
      out += ' ';
    }
    first = false;
    if (object) {
      out += quoted_string(item.key());
      out += ": ";
    }
    write_value(out, member, indent + 2);
  }
  if (!flat) {
    out += '\n';
    out.append(indent, ' ');
  }
  out += object ? '}' : ']';
}

}  // namespace

std::string write_json(const nlohmann::ordered_json& doc) {
  std::string out;
  write_value(out, doc, 0);
  out += '\n';
  return out;
}

}  // namespace jitsim::models
