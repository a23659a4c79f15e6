// File: models/io/scenario_tree.cpp
#include "models/io/scenario_tree.h"

#include <charconv>
#include <unordered_map>

#include "models/io/limits.h"
#include "models/io/scenario_schema.h"
#include "models/io/text_format.h"

namespace jitsim::models::loading {

using DKind = sim::DistributionKind;

Node make_table(Loc at) {
  Node n;
  n.loc = at;
  return n;
}

Node make_string(std::string s, Loc at) {
  Node n;
  n.kind = Node::Kind::string;
  n.text = std::move(s);
  n.loc = at;
  return n;
}

// "a float", "string \"x\"", "42": what was found, for messages.
std::string describe(const Node& n) {
  switch (n.kind) {
    case Node::Kind::table:
      return "a table";
    case Node::Kind::array:
      return "an array";
    case Node::Kind::string: {
      std::string s = n.text.size() > 40 ? n.text.substr(0, 37) + "..." : n.text;
      return fmt::format("string \"{}\"", s);
    }
    case Node::Kind::integer:
      return fmt::format("{}", n.integer);
    case Node::Kind::floating:
      return fmt::format("{}", n.floating);
    case Node::Kind::boolean:
      return n.boolean ? "true" : "false";
    case Node::Kind::other:
      return n.text;
  }
  return "?";
}

std::string join(std::string_view path, std::string_view key) {
  if (path.empty()) return std::string(key);
  return fmt::format("{}.{}", path, key);
}

std::string quoted_list(const Keys& values) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += i + 1 == values.size() ? " or " : ", ";
    out += fmt::format("\"{}\"", values[i]);
  }
  return out;
}

// "a gamma", "an exponential", "an rq".
std::string article(std::string_view word) {
  const bool vowel =
      !word.empty() && std::string_view("aeiou").find(word.front()) != std::string_view::npos;
  return fmt::format("{} {}", vowel || word == "rq" ? "an" : "a", word);
}

// A plain decimal number ("12", "-3.5", "1e3"), as an integer node when it has no '.', 'e'.
std::optional<Node> parse_plain_number(std::string_view s, Loc at) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  if (s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  Node n;
  n.loc = at;
  if (s.find_first_not_of("-0123456789") == std::string_view::npos) {
    std::int64_t v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec == std::errc() && r.ptr == s.data() + s.size()) {
      n.kind = Node::Kind::integer;
      n.integer = v;
      return n;
    }
  }
  if (s.find_first_not_of("-+0123456789.eE") != std::string_view::npos) return std::nullopt;
  double d = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), d);
  if (r.ec == std::errc::result_out_of_range && r.ptr == s.data() + s.size()) {
    // 1e400: a number, but none a double can hold (1e-400 is just 0).
    if (s.find("e-") != std::string_view::npos || s.find("E-") != std::string_view::npos) {
      n.kind = Node::Kind::floating;
      n.floating = 0;
      return n;
    }
    n.kind = Node::Kind::other;
    n.text = fmt::format("{} (a number out of range: not finite)", s);
    return n;
  }
  if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  n.kind = Node::Kind::floating;
  n.floating = d;
  return n;
}

// Position of the first NUL byte or invalid UTF-8 sequence, or npos.
std::size_t first_bad_byte(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0) return i;
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > s.size()) return i;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    const bool overlong =
        (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::string_view::npos;
}

// 1-based line and column (in code points) of byte offset `pos`.
std::pair<std::uint32_t, std::uint32_t> line_column(std::string_view s, std::size_t pos) {
  std::uint32_t line = 1, column = 1;
  for (std::size_t i = 0; i < pos && i < s.size(); ++i) {
    if (s[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return {line, column};
}

std::optional<std::string> identity_of(const Node& entry, const char* key) {
  if (!entry.is_table()) return std::nullopt;
  const Node* id = entry.find(key);
  if (!id || !id->is_string()) return std::nullopt;
  return id->text;
}

// A table whose discriminator changes (distribution `dist`, policy/shock `kind`, demand form)
// replaces the earlier one instead of merging into it: its old parameters would not fit.
bool replaces(const Node& base, const Node& over) {
  for (const char* d : {"dist", "kind"}) {
    const Node* b = base.find(d);
    const Node* o = over.find(d);
    if (b && o && b->is_string() && o->is_string() && b->text != o->text) return true;
  }
  const auto form = [](const Node& n) {
    if (n.find("trace")) return 1;
    if (n.find("orders_per_day")) return 2;
    if (n.find("orders_file")) return 3;
    return 0;
  };
  const int fb = form(base), fo = form(over);
  return fb != 0 && fo != 0 && fb != fo;
}

void merge_entry(Node& base, Node&& over) {
  if (!base.is_table() || !over.is_table() || replaces(base, over)) {
    base = std::move(over);
    return;
  }
  const Loc at = over.loc;
  merge_tables(base, std::move(over), false);
  base.loc = at;
}

// Arrays of tables by identity: same id overrides keys, new ids are appended.
void merge_entries(Node& base, Node&& over, const char* key) {
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < base.items.size(); ++i) {
    if (auto id = identity_of(base.items[i], key)) index.emplace(*id, i);
  }
  for (Node& e : over.items) {
    const auto id = identity_of(e, key);
    const auto it = id ? index.find(*id) : index.end();
    if (it != index.end()) {
      merge_entry(base.items[it->second], std::move(e));
    } else {
      if (id) index.emplace(*id, base.items.size());
      base.items.push_back(std::move(e));
    }
  }
  base.loc = over.loc;
}

void merge_tables(Node& base, Node&& over, bool top_level) {
  for (std::size_t i = 0; i < over.keys.size(); ++i) {
    const auto j = base.index_of(over.keys[i]);
    if (j < 0) {
      base.keys.push_back(over.keys[i]);
      base.key_locs.push_back(over.key_locs[i]);
      base.items.push_back(std::move(over.items[i]));
      continue;
    }
    Node& b = base.items[static_cast<std::size_t>(j)];
    Node& o = over.items[i];
    const char* id_key = top_level ? identity_key(over.keys[i]) : nullptr;
    if (b.is_table() && o.is_table()) {
      merge_entry(b, std::move(o));
    } else if (id_key && b.is_array() && o.is_array() && b.all_tables() && o.all_tables()) {
      merge_entries(b, std::move(o), id_key);
    } else {
      b = std::move(o);
      base.key_locs[static_cast<std::size_t>(j)] = over.key_locs[i];
    }
  }
}

// 1e12 rather than 1000000000000 in messages.
std::string short_number(double v) {
  if (std::abs(v) < 1e9) return fmt::format("{}", v);
  std::string s = fmt::format("{:g}", v);
  s.erase(std::remove(s.begin(), s.end(), '+'), s.end());
  return s;
}

Range any_number() {
  return {};
}

Range at_least(double lo) {
  return {.lo = lo};
}

Range above(double lo) {
  return {.lo = lo, .lo_open = true};
}

Range between(double lo, double hi) {
  return {.lo = lo, .hi = hi};
}

// A quantity of units (or units a day): within limits::max_units.
Range units(bool positive) {
  return {.lo = 0, .hi = limits::max_units, .lo_open = positive};
}

// How far a distribution of units reaches: its largest value when it has one, otherwise
// mean + limits::tail_sds standard deviations (what "about never exceeded" means here).
std::pair<double, std::string> reach(const sim::DistributionSpec& d) {
  using limits::tail_sds;
  switch (d.kind) {
    case DKind::fixed:
      return {d.value, "its value"};
    case DKind::uniform:
      return {d.max, "its max"};
    case DKind::empirical:
      return {d.values.empty() ? 0 : *std::max_element(d.values.begin(), d.values.end()),
              "its largest value"};
    case DKind::exponential:
      return {d.mean * (1 + tail_sds), fmt::format("mean + {} sd", tail_sds)};
    case DKind::poisson:
      return {d.mean + tail_sds * std::sqrt(d.mean), fmt::format("mean + {} sd", tail_sds)};
    default:
      return {d.mean + tail_sds * d.sd, fmt::format("mean + {} sd", tail_sds)};
  }
}

}  // namespace jitsim::models::loading
