// File: models/io/scenario_fields.cpp
// Typed access to the tree with located errors: numbers, whole numbers, strings, choices,
// distributions, references, windows.
#include "models/io/scenario_loading.h"

#include <algorithm>
#include <cmath>

namespace jitsim::models::loading {

void Loader::check_keys(const Node& table, const std::string& path, const Keys& allowed) {
  for (std::size_t i = 0; i < table.keys.size(); ++i) {
    const std::string& k = table.keys[i];
    if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
    error(table.key_locs[i],
          fmt::format("{}: unknown key{}", join(path, k), did_you_mean_suffix(k, allowed)));
  }
}

bool Loader::expect_table(const Node& n, const std::string& path) {
  if (n.is_table()) return true;
  if (!n.poisoned) error(n.loc, fmt::format("{}: expected a table, found {}", path, describe(n)));
  return false;
}

void Loader::missing(const Node& table, const std::string& path, std::string_view key,
                     std::string_view extra) {
  error(table.loc, fmt::format("{}: missing required key '{}'{}", path.empty() ? "top level" : path,
                               key, extra));
}

std::optional<double> Loader::number(const Node& n, const std::string& path, Range r) {
  if (n.poisoned) return std::nullopt;
  double v = 0;
  if (n.kind == Node::Kind::integer) {
    v = static_cast<double>(n.integer);
  } else if (n.kind == Node::Kind::floating) {
    v = n.floating;
    if (!std::isfinite(v)) {
      error(n.loc, fmt::format("{}: expected a finite number, found {}", path, describe(n)));
      return std::nullopt;
    }
  } else {
    error(n.loc, fmt::format("{}: expected {}, found {}", path, r.describe(), describe(n)));
    return std::nullopt;
  }
  if (!r.contains(v)) {
    error(n.loc, fmt::format("{}: expected {}, found {}", path, r.describe(), describe(n)));
    return std::nullopt;
  }
  return v;
}

std::optional<std::int64_t> Loader::whole(const Node& n, const std::string& path, std::int64_t lo,
                                          std::int64_t hi) {
  if (n.poisoned) return std::nullopt;
  const Range r{.lo = static_cast<double>(lo),
                .hi = hi == std::numeric_limits<std::int64_t>::max()
                          ? std::numeric_limits<double>::infinity()
                          : static_cast<double>(hi)};
  const std::string expected = r.describe("a whole number");
  std::int64_t v = 0;
  if (n.kind == Node::Kind::integer) {
    v = n.integer;
  } else if (n.kind == Node::Kind::floating) {
    const double d = n.floating;
    if (!std::isfinite(d)) {
      error(n.loc, fmt::format("{}: expected a finite number, found {}", path, describe(n)));
      return std::nullopt;
    }
    if (d != std::floor(d) || d < -9.2e18 || d > 9.2e18) {
      error(n.loc,
            fmt::format("{}: expected {} (whole units), found {}", path, expected, describe(n)));
      return std::nullopt;
    }
    v = static_cast<std::int64_t>(d);
  } else {
    error(n.loc, fmt::format("{}: expected {}, found {}", path, expected, describe(n)));
    return std::nullopt;
  }
  if (v < lo || v > hi) {
    error(n.loc, fmt::format("{}: expected {}, found {}", path, expected, describe(n)));
    return std::nullopt;
  }
  return v;
}

std::optional<std::int64_t> Loader::whole(const Node& n, const std::string& path, const Range& r) {
  const auto hi = std::isfinite(r.hi) ? static_cast<std::int64_t>(r.hi)
                                      : std::numeric_limits<std::int64_t>::max();
  return whole(n, path, static_cast<std::int64_t>(r.lo), hi);
}

std::optional<std::string> Loader::string(const Node& n, const std::string& path) {
  if (n.poisoned) return std::nullopt;
  if (!n.is_string()) {
    error(n.loc, fmt::format("{}: expected a string, found {}", path, describe(n)));
    return std::nullopt;
  }
  return n.text;
}

std::optional<bool> Loader::boolean(const Node& n, const std::string& path) {
  if (n.poisoned) return std::nullopt;
  if (n.kind != Node::Kind::boolean) {
    error(n.loc, fmt::format("{}: expected true or false, found {}", path, describe(n)));
    return std::nullopt;
  }
  return n.boolean;
}

std::optional<std::vector<double>> Loader::number_list(const Node& n, const std::string& path,
                                                       Range r) {
  if (n.poisoned) return std::nullopt;
  if (!n.is_array()) {
    error(n.loc, fmt::format("{}: expected an array of numbers, found {}", path, describe(n)));
    return std::nullopt;
  }
  std::vector<double> out;
  bool ok = true;
  for (std::size_t i = 0; i < n.items.size(); ++i) {
    auto v = number(n.items[i], fmt::format("{}[{}]", path, i), r);
    if (v) {
      out.push_back(*v);
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<sim::DistributionSpec> Loader::distribution(const Node& n, const std::string& path) {
  using sim::DistributionSpec;
  if (n.poisoned) return std::nullopt;
  if (n.is_number()) {
    auto v = number(n, path, at_least(0));
    if (!v) return std::nullopt;
    return DistributionSpec::constant(*v);
  }
  if (!n.is_table()) {
    error(n.loc, fmt::format("{}: expected a number >= 0 or a distribution table such as "
                             "{{ dist = \"gamma\", mean = 20, sd = 4 }}, found {}",
                             path, describe(n)));
    return std::nullopt;
  }
  const Keys& distribution_keys = keys_of("distribution");
  const Node* dist = n.find("dist");
  if (!dist) {
    missing(n, path, "dist", " (the distribution's kind)");
    check_keys(n, path, distribution_keys);
    return std::nullopt;
  }
  const auto kind = choice<DKind>(*dist, join(path, "dist"), spec("distribution", "dist"));
  if (!kind) {
    check_keys(n, path, distribution_keys);
    return std::nullopt;
  }
  Keys params;
  switch (*kind) {
    case DKind::fixed:
      params = {"value"};
      break;
    case DKind::exponential:
    case DKind::poisson:
      params = {"mean"};
      break;
    case DKind::uniform:
      params = {"min", "max"};
      break;
    case DKind::normal:
    case DKind::lognormal:
    case DKind::gamma:
      params = {"mean", "sd"};
      break;
    case DKind::empirical:
      params = {"values", "weights"};
      break;
  }
  const std::string kind_name(sim::to_string(*kind));
  bool ok = true;
  for (std::size_t i = 0; i < n.keys.size(); ++i) {
    const std::string& k = n.keys[i];
    if (k == "dist" || std::find(params.begin(), params.end(), k) != params.end()) continue;
    ok = false;
    if (std::find(distribution_keys.begin(), distribution_keys.end(), k) !=
        distribution_keys.end()) {
      error(n.key_locs[i], fmt::format("{}: {} distribution takes only {}", join(path, k),
                                       article(kind_name), fmt::join(params, ", ")));
    } else {
      error(n.key_locs[i],
            fmt::format("{}: unknown key{}", join(path, k), did_you_mean_suffix(k, params)));
    }
  }
  DistributionSpec spec;
  spec.kind = *kind;
  const auto get = [&](std::string_view key, Range r) -> std::optional<double> {
    const Node* p = n.find(key);
    if (!p) {
      missing(
          n, path, key,
          fmt::format(" ({} distribution takes {})", article(kind_name), fmt::join(params, ", ")));
      return std::nullopt;
    }
    return number(*p, join(path, key), r);
  };
  const auto set = [&](double& field, std::string_view key, Range r) {
    if (auto v = get(key, r)) {
      field = *v;
    } else {
      ok = false;
    }
  };
  switch (*kind) {
    case DKind::fixed:
      set(spec.value, "value", at_least(0));
      break;
    case DKind::exponential:
      set(spec.mean, "mean", above(0));
      break;
    case DKind::poisson:
      set(spec.mean, "mean", at_least(0));
      break;
    case DKind::normal:
      set(spec.mean, "mean", at_least(0));
      set(spec.sd, "sd", at_least(0));
      break;
    case DKind::lognormal:
    case DKind::gamma:
      set(spec.mean, "mean", above(0));
      set(spec.sd, "sd", at_least(0));
      break;
    case DKind::uniform:
      set(spec.min, "min", at_least(0));
      set(spec.max, "max", at_least(0));
      if (ok && spec.min > spec.max) {
        error(n.find("max")->loc, fmt::format("{}: expected max >= min ({}), found {}",
                                              join(path, "max"), spec.min, spec.max));
        ok = false;
      }
      break;
    case DKind::empirical: {
      const Node* values = n.find("values");
      if (!values) {
        missing(n, path, "values", " (an empirical distribution takes values and weights)");
        return std::nullopt;
      }
      auto vs = number_list(*values, join(path, "values"), at_least(0));
      if (!vs) return std::nullopt;
      if (vs->empty()) {
        error(values->loc, fmt::format("{}: expected at least one value", join(path, "values")));
        return std::nullopt;
      }
      spec.values = *vs;
      if (const Node* weights = n.find("weights")) {
        auto ws = number_list(*weights, join(path, "weights"), at_least(0));
        if (!ws) return std::nullopt;
        if (ws->size() != vs->size()) {
          error(weights->loc, fmt::format("{}: expected {} weights (one per value), found {}",
                                          join(path, "weights"), vs->size(), ws->size()));
          return std::nullopt;
        }
        double total = 0;
        for (double w : *ws) total += w;
        if (!(total > 0) || !std::isfinite(total)) {
          error(weights->loc, fmt::format("{}: expected weights with a positive finite sum",
                                          join(path, "weights")));
          return std::nullopt;
        }
        spec.weights = *ws;
      }
      break;
    }
  }
  if (!ok) return std::nullopt;
  return spec;
}

void Loader::read_distribution(const Node& table, const std::string& path, std::string_view key,
                               sim::DistributionSpec& out) {
  const Node* n = table.find(key);
  if (!n) return;
  if (auto v = distribution(*n, join(path, key))) out = *v;
}

std::optional<sim::DistributionSpec> Loader::units_distribution(const Node& n,
                                                                const std::string& path) {
  auto d = distribution(n, path);
  if (!d) return d;
  const auto [x, how] = reach(*d);
  if (!(x <= limits::max_units)) {
    error(n.loc, fmt::format("{}: a quantity of units must stay <= 1e12, and this one reaches {} "
                             "({})",
                             path, short_number(x), how));
    return std::nullopt;
  }
  return d;
}

// Windows and durations (a distribution: its mean) fit in the run: a longer one means nothing
// more, and buffers sized by them must stay bounded.
bool Loader::within_run(const Node& n, const std::string& path, double days) {
  if (run_days_ <= 0 || days <= run_days_) return true;
  error(n.loc, fmt::format("{}: {} days is longer than the run (warmup_days + horizon_days = {} "
                           "days)",
                           path, days, run_days_));
  return false;
}

void Loader::require_some(const Node& root, std::string_view key, std::size_t found) {
  const Node* list = root.find(key);
  if (found > 0 || !list || !list->is_array() || !list->items.empty()) return;
  error(list->loc, fmt::format("{}: an empty list (a skus_file without rows counts as one): at "
                               "least one {} is needed",
                               key, entity_word(key)));
}

std::vector<const Node*> Loader::entries(const Node& root, std::string_view key,
                                         std::size_t limit) {
  std::vector<const Node*> out;
  const Node* list = root.find(key);
  if (!list || list->poisoned) return out;
  if (!list->is_array()) {
    error(list->loc, fmt::format("{}: expected an array of tables ([[{}]]), found {}", key, key,
                                 describe(*list)));
    return out;
  }
  for (std::size_t i = 0; i < list->items.size(); ++i) {
    const Node& e = list->items[i];
    if (i == limit) {
      error(e.loc, fmt::format("{}: too many entries ({}); the limit is {}", key,
                               list->items.size(), limit));
      break;
    }
    if (!e.is_table()) {
      if (!e.poisoned) {
        error(e.loc, fmt::format("{}[{}]: expected a table, found {}", key, i, describe(e)));
      }
      continue;
    }
    out.push_back(&e);
  }
  return out;
}

std::string Loader::entry_path(std::string_view array, const Node& entry, std::size_t i,
                               const char* id_key) {
  if (auto id = identity_of(entry, id_key); id && !id->empty()) return join(array, *id);
  return fmt::format("{}[{}]", array, i);
}

std::optional<std::size_t> Loader::reference(
    const Node& n, const std::string& path, std::string_view what,
    const std::unordered_map<std::string, std::size_t>& ids,
    const std::vector<std::string>& names) {
  auto s = string(n, path);
  if (!s) return std::nullopt;
  const auto it = ids.find(*s);
  if (it == ids.end()) {
    error(n.loc,
          fmt::format("{}: unknown {} '{}'{}", path, what, *s, did_you_mean_suffix(*s, names)));
    return std::nullopt;
  }
  return it->second;
}

}  // namespace jitsim::models::loading
