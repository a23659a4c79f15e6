// File: models/io/scenario_overrides.cpp
// --set: an override applied to the merged tree, checked like a file.
#include "models/io/scenario_loading.h"

#include <algorithm>
#include <cmath>

#include "models/io/text_format.h"
#include "models/io/toml_depth.h"

namespace jitsim::models::loading {

void Loader::apply_override(Node& root, const std::string& given, std::uint32_t index) {
  const Source* src = command_line_;
  // A leading '?' marks an override that only changes what the files say: it creates no table
  // (so a file missing [scenario] is still reported in the file, not on the command line).
  const bool may_create = given.empty() || given.front() != '?';
  const std::string text = may_create ? given : given.substr(1);
  const auto at = [&](std::size_t offset) {
    return Loc{src, index, static_cast<std::uint32_t>(offset + 1)};
  };
  if (text.size() > max_string_bytes) {
    error(at(0), "--set: override longer than 64 KiB");
    return;
  }
  // The same checks as a file's text: UTF-8, no NUL, no dotted key too long to parse.
  if (const std::size_t bad = first_bad_byte(text); bad != std::string::npos) {
    error({src, index, line_column(text, bad).second},
          fmt::format("--set: invalid UTF-8 byte 0x{:02X}; overrides must be UTF-8 text",
                      static_cast<unsigned char>(text[bad])));
    return;
  }
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    error(at(0), fmt::format("--set: expected key.path=value, found '{}'", text));
    return;
  }
  struct Seg {
    std::string text;
    std::size_t offset;
  };
  std::vector<Seg> segs;
  for (std::size_t start = 0;;) {
    const std::size_t dot = text.find('.', start);
    const std::size_t end = std::min(dot, eq);
    segs.push_back({text.substr(start, end - start), start});
    if (segs.back().text.empty()) {
      error(at(start), fmt::format("--set: empty key in path '{}'", text.substr(0, eq)));
      return;
    }
    if (end == eq) break;
    start = dot + 1;
    if (segs.size() == static_cast<std::size_t>(max_nesting)) {
      error(at(start), fmt::format("--set: a key path of more than {} parts (nesting deeper "
                                   "than {} levels)",
                                   max_nesting, max_nesting));
      return;
    }
  }
  const std::string path = text.substr(0, eq);
  const std::string value_text = text.substr(eq + 1);
  if (segs.front().text == "extends" || segs.front().text == "skus_file") {
    // Both are resolved per file before the overrides apply.
    error(at(0), fmt::format("--set {}: '{}' can only be given in a scenario file", path,
                             segs.front().text));
    return;
  }

  // The value: a TOML value, or a bare word taken as a string.
  Node value;
  const std::string_view v = trim(value_text);
  if (v.empty()) {
    error(at(eq + 1), fmt::format("--set {}: missing value after '='", path));
    return;
  }
  if (const std::size_t dot = overlong_dotted_key(value_text, max_nesting);
      dot != std::string::npos) {
    error(at(eq + 1 + dot),
          fmt::format("--set {}: nesting deeper than {} levels", path, max_nesting));
    return;
  }
  try {
    const std::string doc = fmt::format("v = {}", value_text);
    const toml::table t = toml::parse(doc, std::string_view{src->name});
    if (t.size() != 1 || !t.contains("v")) throw std::runtime_error("more than one value");
    depth_reported_ = false;
    const LocMap map{.src = src,
                     .fixed = false,
                     .at = {},
                     .line = index,
                     .column_shift = static_cast<std::int64_t>(eq + 2) - 5};
    value = convert(*t.get("v"), map, static_cast<int>(segs.size()), at(eq + 1));
  } catch (const toml::parse_error& e) {
    if (std::string_view("\"'[{").find(v.front()) != std::string_view::npos) {
      error(at(eq + 1),
            fmt::format("--set {}: the value is not valid TOML: {}", path, e.description()));
      return;
    }
    const Loc v_at = at(eq + 1 + static_cast<std::size_t>(v.data() - value_text.data()));
    // 1e400 is a number out of range, not the word "1e400".
    if (auto number = parse_plain_number(v, v_at)) {
      value = std::move(*number);
    } else {
      value = make_string(std::string(v), v_at);
    }
  } catch (const std::exception&) {
    error(at(eq + 1), fmt::format("--set {}: expected a single value", path));
    return;
  }

  Node* table = &root;
  std::size_t i = 0;
  std::string prefix;
  while (i + 1 < segs.size()) {
    const Seg& seg = segs[i];
    Node* child = table->find(seg.text);
    const char* id_key = table == &root ? identity_key(seg.text) : nullptr;
    if (id_key && (!child || child->is_array())) {
      // Arrays of tables are addressed by id; ids may contain dots, so try the longest first.
      const std::string array = seg.text;
      bool found = false;
      std::vector<std::string> ids;
      if (child) {
        for (Node& e : child->items) {
          if (auto id = identity_of(e, id_key)) ids.push_back(*id);
        }
        for (std::size_t j = segs.size() - 1; j-- > i + 1 && !found;) {
          std::string candidate = segs[i + 1].text;
          for (std::size_t k = i + 2; k <= j; ++k) candidate += "." + segs[k].text;
          for (Node& e : child->items) {
            if (identity_of(e, id_key) == candidate) {
              table = &e;
              prefix = join(array, candidate);
              i = j + 1;
              found = true;
              break;
            }
          }
        }
      }
      if (found) continue;
      if (i + 2 == segs.size() &&
          std::find(ids.begin(), ids.end(), segs[i + 1].text) != ids.end()) {
        error(at(segs[i + 1].offset),
              fmt::format("--set {}: name a key of the {} after its {} (e.g. {}.{}.{})", path,
                          entity_word(array), id_key, array, segs[i + 1].text,
                          array == "policies" ? "kind" : "id"));
        return;
      }
      error(at(segs[i + 1].offset),
            fmt::format("--set {}: unknown {} '{}'{}", path, entity_word(array), segs[i + 1].text,
                        did_you_mean_suffix(segs[i + 1].text, ids)));
      return;
    }
    prefix = join(prefix, seg.text);
    if (!child) {
      if (!may_create) return;
      table->set(seg.text, at(seg.offset), make_table(at(seg.offset)));
      child = table->find(seg.text);
    } else if (!child->is_table()) {
      error(at(seg.offset),
            fmt::format("--set {}: {} is {}, not a table", path, prefix, describe(*child)));
      return;
    }
    table = child;
    ++i;
  }
  // A table (or an array of tables by id) merges into what is there, as with extends: keys it
  // does not name keep their values (`--set 'scenario={name="x"}'` keeps the seed).
  Node* existing = table->find(segs.back().text);
  const char* id_key = table == &root ? identity_key(segs.back().text) : nullptr;
  if (existing && existing->is_table() && value.is_table()) {
    merge_entry(*existing, std::move(value));
    return;
  }
  if (existing && id_key && existing->is_array() && value.is_array() && existing->all_tables() &&
      value.all_tables()) {
    std::set<std::string> ids;  // within one value, as within one file, ids are unique
    for (const Node& e : value.items) {
      const auto id = identity_of(e, id_key);
      if (id && !ids.insert(*id).second) {
        error(e.find(id_key)->loc, fmt::format("--set {}: duplicate {} '{}' in the value; {}s "
                                               "must be unique",
                                               path, id_key, *id, id_key));
        return;
      }
    }
    merge_entries(*existing, std::move(value), id_key);
    return;
  }
  table->set(segs.back().text, at(segs.back().offset), std::move(value));
}

void Loader::check_override_duplicates(const Node& root) {
  // Within the files, ids are unique (checked per file, merged by id across extends), so a
  // duplicate now was made by --set (a renamed entry): reported there.
  for_each_duplicate_id(root, [&](std::string_view array, const char* key, const std::string& id,
                                  const Node* first, const Node* again) {
    const bool second_on_line = again->loc.src == command_line_;
    const Node* here = second_on_line || first->loc.src != command_line_ ? again : first;
    const Node* other = here == again ? first : again;
    error(here->loc, fmt::format("{}.{}: duplicate {} '{}' (also given at {}:{}); {}s must be "
                                 "unique",
                                 array, id, key, id, other->loc.src ? other->loc.src->name : "?",
                                 other->loc.line, key));
  });
}

}  // namespace jitsim::models::loading
