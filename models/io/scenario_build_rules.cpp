// File: models/io/scenario_build_rules.cpp
// Tree -> Scenario: policies and their parameters, shocks, [sweep], the warm-up warning.
#include "models/io/scenario_loading.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace jitsim::models::loading {

void Loader::read_params(const Node& table, const std::string& path, unsigned mask,
                         std::string_view label, const Keys& extra, PolicyParams& out) {
  Keys allowed = extra;
  for (std::string_view name : keys_of("policies[].params", mask)) allowed.push_back(name);
  for (std::size_t i = 0; i < table.keys.size(); ++i) {
    const std::string& k = table.keys[i];
    if (std::find(extra.begin(), extra.end(), k) != extra.end()) continue;
    const Loc& at = table.key_locs[i];
    const KeySpec* p = find_key("policies[].params", k);
    if (!p) {
      error(at, fmt::format("{}: unknown key{}", join(path, k), did_you_mean_suffix(k, allowed)));
      continue;
    }
    if (!(p->kinds & mask)) {
      error(at, fmt::format("{}: not a parameter of {} (it belongs to {})", join(path, k), label,
                            kinds_taking(p->kinds)));
      continue;
    }
    const Node& n = table.items[i];
    const std::string kp = join(path, k);
    // Ranges and choices from the schema (a tiny review period would be a review storm:
    // 1e-300 never advances the clock).
    if (k == "safety_factor") {
      read(table, path, *p, out.safety_factor);
    } else if (k == "buffer_days") {
      read(table, path, *p, out.buffer_days);
    } else if (k == "batch") {
      read(table, path, *p, out.batch);
    } else if (k == "adapt") {
      read(table, path, *p, out.adapt);
    } else if (k == "service_level") {
      read(table, path, *p, out.service_level);
    } else if (k == "review_period_days") {
      read(table, path, *p, out.review_period_days);
    } else if (k == "forecast") {
      read(table, path, *p, out.forecast);
    } else if (k == "window_days") {
      if (auto v = number(n, kp, p->range); v && within_run(n, kp, *v)) out.window_days = *v;
    } else if (k == "alpha") {
      read(table, path, *p, out.alpha);
    } else if (k == "order_quantity" && (mask & k_jic)) {
      if (auto v = choice<OrderQuantityRule>(n, kp, *p)) out.order_quantity_rule = *v;
    } else if (k == "position") {
      read(table, path, *p, out.position);
    } else if (k == "expedite") {
      read_expedite(n, kp, out);
    } else {
      // Levels: "x" in whole units or "x_days" in days of planned demand, not both.
      const bool days = k.size() > 5 && k.compare(k.size() - 5, 5, "_days") == 0;
      const std::string base = days ? k.substr(0, k.size() - 5) : k;
      const std::string other = days ? base : base + "_days";
      const auto other_index = table.index_of(other);
      if (other_index >= 0 && static_cast<std::size_t>(other_index) < i) {
        error(at, fmt::format("{}: give either '{}' or '{}', not both", kp, base, base + "_days"));
        continue;
      }
      std::optional<Level> level;
      if (days) {
        // Days of planned demand: no more than the longest run.
        if (auto v = number(n, kp, p->range)) level = Level{*v, true};
      } else if (auto v = whole(n, kp, p->range)) {
        level = Level{static_cast<double>(*v), false};
      }
      if (!level) continue;
      if (base == "level") out.level = level;
      if (base == "reorder_point") out.reorder_point = level;
      if (base == "order_quantity") out.order_quantity = level;
      if (base == "order_up_to") out.order_up_to = level;
    }
  }
  // Parameters of another forecast method than the one chosen here.
  if (out.forecast && table.find("forecast")) {
    const auto misplaced = [&](std::string_view key, std::string_view method) {
      if (table.find(key)) {
        error(table.key_loc(key),
              fmt::format("{}: used only with forecast = \"{}\"", join(path, key), method));
      }
    };
    if (*out.forecast != Forecast::moving_average) misplaced("window_days", "moving_average");
    if (*out.forecast != Forecast::exp_smoothing) misplaced("alpha", "exp_smoothing");
  }
  if (out.reorder_point && out.order_up_to && !out.reorder_point->in_days &&
      !out.order_up_to->in_days && out.order_up_to->amount <= out.reorder_point->amount &&
      table.find("order_up_to")) {
    error(
        table.find("order_up_to")->loc,
        fmt::format("{}: expected order_up_to > reorder_point ({}), found {}",
                    join(path, "order_up_to"), out.reorder_point->amount, out.order_up_to->amount));
  }
}

void Loader::build_policies(const Node& root, Scenario& s) {
  const auto list = entries(root, "policies", limits::max_policies);
  require_some(root, "policies", list.size());
  if (list.empty() && !root.find("policies")) {
    error(root.loc, "missing required [[policies]]: at least one policy is needed");
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Node& t = *list[i];
    const std::string path = entry_path("policies", t, i, "name");
    PolicySpec p;
    if (const Node* n = t.find("name")) {
      if (auto v = string(*n, join(path, "name"))) {
        if (v->empty())
          error(n->loc, fmt::format("{}: expected a non-empty name", join(path, "name")));
        p.name = *v;
      }
    } else {
      missing(t, path, "name");
    }
    const Node* kind_node = t.find("kind");
    std::optional<PolicyKind> kind;
    if (kind_node) {
      kind = choice<PolicyKind>(*kind_node, join(path, "kind"), spec("policies[]", "kind"));
    } else {
      missing(t, path, "kind", " (jit, jic, hybrid, base_stock, rq, ss or periodic)");
    }
    if (!kind) {
      s.policies.push_back(std::move(p));
      continue;  // parameters cannot be checked without a kind
    }
    p.kind = *kind;
    const std::string label = fmt::format("{} policy", article(to_string(*kind)));
    const unsigned mask = kind_mask(*kind);
    Keys extra = keys_of("policies[]");
    const Keys hybrid_keys = keys_of("policies[]", k_hybrid);
    if (*kind != PolicyKind::hybrid) {
      extra.erase(std::remove_if(extra.begin(), extra.end(),
                                 [&](std::string_view k) {
                                   return std::find(hybrid_keys.begin(), hybrid_keys.end(), k) !=
                                          hybrid_keys.end();
                                 }),
                  extra.end());
    }
    // Hybrid-only keys on another kind get a clearer message than "unknown key".
    for (std::string_view k : hybrid_keys) {
      if (*kind != PolicyKind::hybrid && t.find(k)) {
        error(t.key_loc(k), fmt::format("{}: only a hybrid policy takes '{}'", join(path, k), k));
        extra.push_back(k);
      }
    }
    read_params(t, path, mask, label, extra, p.params);

    if (*kind == PolicyKind::hybrid) {
      if (const Node* c = t.find("critical"); c && expect_table(*c, join(path, "critical"))) {
        const std::string cp = join(path, "critical");
        check_keys(*c, cp, keys_of("policies[].critical"));
        p.critical.flagged = false;  // criteria not named are off
        read(*c, cp, spec("policies[].critical", "flagged"), p.critical.flagged);
        read(*c, cp, spec("policies[].critical", "top_revenue_share"),
             p.critical.top_revenue_share);
        read(*c, cp, spec("policies[].critical", "lead_time_cv_above"),
             p.critical.lead_time_cv_above);
      }
      if (const Node* c = t.find("critical_policy");
          c && expect_table(*c, join(path, "critical_policy"))) {
        read_params(*c, join(path, "critical_policy"), k_jic, "critical_policy (the jic half)", {},
                    p.critical_policy);
      }
      if (const Node* c = t.find("other_policy");
          c && expect_table(*c, join(path, "other_policy"))) {
        read_params(*c, join(path, "other_policy"), k_jit, "other_policy (the jit half)", {},
                    p.other_policy);
      }
    }

    // Overrides: the policy's kind's keys, or `kind` and the keys of that kind.
    const auto read_override = [&](const Node& table, const std::string& kp, PolicyParams& out) {
      unsigned own_mask = mask;
      std::string own_label = fmt::format("overrides of {}", label);
      if (const Node* kn = table.find("kind")) {
        if (auto k = choice<PolicyKind>(*kn, join(kp, "kind"), spec("policies[]", "kind"))) {
          if (*k == PolicyKind::hybrid) {
            error(kn->loc, fmt::format("{}: an override may change the kind to any kind but "
                                       "hybrid (a hybrid is already a kind per SKU)",
                                       join(kp, "kind")));
          } else {
            out.kind = *k;
            own_mask = kind_mask(*k);
            own_label = fmt::format("overrides to {}", article(to_string(*k)));
          }
        }
      }
      read_params(table, kp, own_mask, own_label, {"kind"}, out);
    };
    if (const Node* ps = t.find("per_sku"); ps && expect_table(*ps, join(path, "per_sku"))) {
      for (std::size_t k = 0; k < ps->keys.size(); ++k) {
        const std::string& key = ps->keys[k];
        const std::string kp = join(join(path, "per_sku"), key);
        // "sku@site": one item-location; a bare SKU id: the SKU at every site.
        const std::size_t at = key.rfind('@');
        const std::string sku_id = at == std::string::npos ? key : key.substr(0, at);
        SkuOverride o;
        if (at != std::string::npos) {
          const std::string site_id = key.substr(at + 1);
          const auto site = site_ids_.find(site_id);
          if (site == site_ids_.end()) {
            error(ps->key_locs[k],
                  fmt::format("{}: unknown site '{}' in '{}'{}", join(path, "per_sku"), site_id,
                              key, did_you_mean_suffix(site_id, site_names_)));
            continue;
          }
          o.site = site->second;
        }
        const auto it = sku_ids_.find(sku_id);
        if (it == sku_ids_.end()) {
          error(ps->key_locs[k], fmt::format("{}: unknown SKU '{}'{}", join(path, "per_sku"),
                                             sku_id, did_you_mean_suffix(sku_id, sku_names_)));
          continue;
        }
        if (!expect_table(ps->items[k], kp)) continue;
        o.sku = it->second;
        read_override(ps->items[k], kp, o.params);
        p.per_sku.push_back(o);
      }
    }
    if (const Node* ps = t.find("per_site"); ps && expect_table(*ps, join(path, "per_site"))) {
      for (std::size_t k = 0; k < ps->keys.size(); ++k) {
        const std::string kp = join(join(path, "per_site"), ps->keys[k]);
        const auto it = site_ids_.find(ps->keys[k]);
        if (it == site_ids_.end()) {
          error(ps->key_locs[k],
                fmt::format("{}: unknown site '{}'{}", join(path, "per_site"), ps->keys[k],
                            did_you_mean_suffix(ps->keys[k], site_names_)));
          continue;
        }
        if (!expect_table(ps->items[k], kp)) continue;
        PolicyParams params;
        read_override(ps->items[k], kp, params);
        p.per_site.emplace_back(it->second, params);
      }
    }

    // Required parameters per kind.
    const auto require = [&](std::string_view key) {
      if (!t.find(key) && !t.find(fmt::format("{}_days", key))) {
        missing(t, path, key, fmt::format(" (or '{}_days') for {}", key, label));
      }
    };
    switch (*kind) {
      case PolicyKind::base_stock:
        require("level");
        break;
      case PolicyKind::rq:
        require("reorder_point");
        require("order_quantity");
        break;
      case PolicyKind::ss:
        require("reorder_point");
        require("order_up_to");
        break;
      case PolicyKind::periodic:
        require("order_up_to");
        break;
      default:
        break;
    }
    s.policies.push_back(std::move(p));
  }

  // Paired outputs name a pair "a-vs-b": names holding "-vs-" could give two pairs one name
  // (x with y-vs-z, x-vs-y with z), and one would overwrite the other in run.json. Repeated
  // and missing names are reported already.
  std::set<std::string_view> names;
  for (const PolicySpec& p : s.policies) names.insert(p.name);
  if (names.size() < s.policies.size() || names.count("")) return;
  std::map<std::string, std::pair<std::size_t, std::size_t>> pairs;
  for (std::size_t a = 0; a < s.policies.size(); ++a) {
    for (std::size_t b = a + 1; b < s.policies.size(); ++b) {
      const std::string& na = s.policies[a].name;
      const std::string& nb = s.policies[b].name;
      const auto [it, added] = pairs.emplace(pair_name(na, nb), std::make_pair(a, b));
      if (added) continue;
      const auto [fa, fb] = it->second;
      error(list[b]->find("name")->loc,
            fmt::format("policies.{}.name: the pairs '{}' with '{}' and '{}' with '{}' would both "
                        "be named '{}' in paired.csv and run.json; rename one of these policies "
                        "(a name without \"-vs-\")",
                        nb, s.policies[fa].name, s.policies[fb].name, na, nb, it->first));
      return;
    }
  }
}

void Loader::build_shocks(const Node& root, Scenario& s) {
  const auto list = entries(root, "shocks", max_entities);
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Node& t = *list[i];
    const std::string path = entry_path("shocks", t, i, "id");
    Shock sh;
    if (const Node* n = t.find("id")) {
      if (auto v = string(*n, join(path, "id"))) {
        if (v->empty()) error(n->loc, fmt::format("{}: expected a non-empty id", join(path, "id")));
        sh.id = *v;
      }
    } else {
      missing(t, path, "id");
    }
    std::optional<ShockKind> kind;
    if (const Node* n = t.find("kind")) {
      kind = choice<ShockKind>(*n, join(path, "kind"), spec("shocks[]", "kind"));
    } else {
      missing(t, path, "kind");
    }

    // Keys each kind takes (from the schema): its targets and its parameters.
    const Keys shock_common_keys = keys_of("shocks[]", 0);
    const Keys shock_target_keys = keys_of("shocks[]", ~0U);
    const Keys& shock_param_keys = keys_of("shocks[].params");
    Keys targets, params;
    if (kind) {
      targets = keys_of("shocks[]", bit(*kind));
      params = keys_of("shocks[].params", bit(*kind));
      sh.kind = *kind;
    }
    const std::string kind_name = kind ? std::string(to_string(*kind)) : std::string();
    Keys allowed = shock_common_keys;
    if (kind) {
      allowed.insert(allowed.end(), targets.begin(), targets.end());
      allowed.insert(allowed.end(), params.begin(), params.end());
    } else {
      allowed.insert(allowed.end(), shock_target_keys.begin(), shock_target_keys.end());
      allowed.insert(allowed.end(), shock_param_keys.begin(), shock_param_keys.end());
    }
    for (std::size_t k = 0; k < t.keys.size(); ++k) {
      const std::string& key = t.keys[k];
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      const Loc& at = t.key_locs[k];
      const bool is_target = std::find(shock_target_keys.begin(), shock_target_keys.end(), key) !=
                             shock_target_keys.end();
      const bool is_param = std::find(shock_param_keys.begin(), shock_param_keys.end(), key) !=
                            shock_param_keys.end();
      if (is_target) {
        error(at, fmt::format("{}: {} shock does not target a {} ({})", join(path, key),
                              article(kind_name), key,
                              targets.empty()
                                  ? std::string("it acts on the warehouse")
                                  : fmt::format("it targets a {}", fmt::join(targets, " or a "))));
      } else if (is_param) {
        error(at,
              fmt::format("{}: not used by {} shock{}", join(path, key), article(kind_name),
                          params.empty() ? std::string(" (it takes no parameters)")
                                         : fmt::format(" (it takes {})", fmt::join(params, ", "))));
      } else {
        error(at,
              fmt::format("{}: unknown key{}", join(path, key), did_you_mean_suffix(key, allowed)));
      }
    }

    // Target: which of the kind's entities (omitted: all of them).
    if (kind) {
      switch (*kind) {
        case ShockKind::supplier_shutdown:
        case ShockKind::quality_failure:
          sh.target_kind = ShockTarget::supplier;
          break;
        case ShockKind::demand_spike:
          sh.target_kind = ShockTarget::sku;
          break;
        case ShockKind::receiving_slowdown:
        case ShockKind::site_outage:
          sh.target_kind = ShockTarget::warehouse;
          break;
        default:
          sh.target_kind = ShockTarget::carrier;
          break;
      }
      const Node* sup = t.find("supplier");
      const Node* car = t.find("carrier");
      if (*kind == ShockKind::capacity_cut) {
        if (sup && car) {
          error(car->loc, fmt::format("{}: a capacity_cut targets a supplier or a carrier, not "
                                      "both",
                                      join(path, "carrier")));
        } else if (!sup && !car) {
          missing(t, path, "supplier", " (or 'carrier'): a capacity_cut cuts one of them");
        }
        if (sup && !car) sh.target_kind = ShockTarget::supplier;
      }
      const auto target = [&](std::string_view key, std::string_view what,
                              const std::unordered_map<std::string, std::size_t>& ids,
                              const std::vector<std::string>& names) {
        if (const Node* n = t.find(key)) {
          if (std::find(targets.begin(), targets.end(), key) == targets.end()) return;
          sh.target = reference(*n, join(path, key), what, ids, names);
        }
      };
      if (sh.target_kind == ShockTarget::supplier) {
        target("supplier", "supplier", supplier_ids_, supplier_names_);
      }
      if (sh.target_kind == ShockTarget::carrier) {
        target("carrier", "carrier", carrier_ids_, carrier_names_);
      }
      if (sh.target_kind == ShockTarget::sku) target("sku", "SKU", sku_ids_, sku_names_);
      if ((sh.kind == ShockKind::receiving_slowdown || sh.kind == ShockKind::site_outage) &&
          t.find("site")) {
        sh.target_kind = ShockTarget::site;
        target("site", "site", site_ids_, site_names_);
      }
    }

    // Start: a day, or a Poisson process of starts.
    const Node* start = t.find("start_day");
    const Node* occ = t.find("occurrence");
    if (start && occ) {
      const bool start_first =
          std::pair(t.key_loc("start_day").line, t.key_loc("start_day").column) <
          std::pair(t.key_loc("occurrence").line, t.key_loc("occurrence").column);
      error(start_first ? t.key_loc("occurrence") : t.key_loc("start_day"),
            fmt::format("{}: give either start_day or occurrence, not both", path));
    } else if (!start && !occ) {
      missing(t, path, "start_day", " (or occurrence = { rate_per_year = ... })");
    }
    if (start && !occ) {
      const double earliest = -s.scenario.warmup_days;
      if (auto v = number(*start, join(path, "start_day"), at_least(earliest))) sh.start_day = *v;
    }
    if (occ && !start && expect_table(*occ, join(path, "occurrence"))) {
      const std::string op = join(path, "occurrence");
      check_keys(*occ, op, keys_of("shocks[].occurrence"));
      if (occ->find("rate_per_year")) {
        read(*occ, op, spec("shocks[].occurrence", "rate_per_year"), sh.rate_per_year);
      } else {
        missing(*occ, op, "rate_per_year");
      }
    }
    if (const Node* d = t.find("duration_days")) {
      if (auto v = distribution(*d, join(path, "duration_days"));
          v && within_run(*d, join(path, "duration_days"), v->expected())) {
        sh.duration_days = *v;
      }
    } else {
      missing(t, path, "duration_days");
    }

    // Kind parameters (only those the kind takes; others were reported above).
    const auto takes = [&](std::string_view key) {
      return std::find(params.begin(), params.end(), key) != params.end();
    };
    const auto param = [&](const KeySpec& k, auto& field) {
      if (takes(k.name)) read(t, path, k, field);
    };
    param(spec("shocks[].params", "delay_factor"), sh.delay_factor);
    param(spec("shocks[].params", "extra_days"), sh.extra_days);
    param(spec("shocks[].params", "in_transit"), sh.in_transit);
    param(spec("shocks[].params", "recovery_days"), sh.recovery_days);
    if (const Node* n = t.find("recovery_days"); n && takes("recovery_days")) {
      within_run(*n, join(path, "recovery_days"), sh.recovery_days);
    }
    param(spec("shocks[].params", "factor"), sh.factor);
    param(spec("shocks[].params", "capacity_factor"), sh.capacity_factor);
    param(spec("shocks[].params", "defect_rate"), sh.defect_rate);
    // The multiplier multiplies the arrival rate: bounded like orders_per_day.
    param(spec("shocks[].params", "multiplier"), sh.multiplier);
    param(spec("shocks[].params", "shape"), sh.shape);
    param(spec("shocks[].params", "loss_probability"), sh.loss_probability);
    s.shocks.push_back(std::move(sh));
  }
}

void Loader::check_parameter_path(const Node& root, const Node& param) {
  // Same addressing as --set; reported at the string (columns assume no escapes in it).
  const std::string& text = param.text;
  const auto at = [&](std::size_t offset) {
    return Loc{param.loc.src, param.loc.line,
               param.loc.column + 1 + static_cast<std::uint32_t>(offset)};
  };
  std::vector<std::pair<std::string, std::size_t>> segs;
  for (std::size_t start = 0;;) {
    const std::size_t dot = text.find('.', start);
    segs.emplace_back(text.substr(start, dot - start), start);
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  const Node* table = &root;
  for (std::size_t i = 0; i < segs.size(); ++i) {
    const auto& [seg, offset] = segs[i];
    if (seg.empty()) {
      error(at(offset), fmt::format("sweep.parameter: empty key in '{}'", text));
      return;
    }
    const char* id_key = table == &root ? identity_key(seg) : nullptr;
    if (id_key) {
      const Node* list = root.find(seg);
      std::vector<std::string> ids;
      if (list && list->is_array()) {
        for (const Node& e : list->items) {
          if (auto id = identity_of(e, id_key)) ids.push_back(*id);
        }
      }
      bool found = false;
      static const std::vector<Node> no_entries;  // a reference, not a copy, in both branches
      for (std::size_t j = segs.size() - 1; j-- > i + 1 && !found;) {
        std::string candidate = segs[i + 1].first;
        for (std::size_t k = i + 2; k <= j; ++k) candidate += "." + segs[k].first;
        for (const Node& e : list ? list->items : no_entries) {
          if (identity_of(e, id_key) == candidate) {
            table = &e;
            i = j;
            found = true;
            break;
          }
        }
      }
      if (!found) {
        const std::size_t k = std::min(i + 1, segs.size() - 1);
        error(at(segs[k].second),
              fmt::format("sweep.parameter: unknown {} '{}' in '{}'{}", entity_word(seg),
                          segs[k].first, text, did_you_mean_suffix(segs[k].first, ids)));
        return;
      }
      continue;
    }
    if (!all_known_keys().count(seg)) {
      const std::vector<std::string_view> known(all_known_keys().begin(), all_known_keys().end());
      error(at(offset), fmt::format("sweep.parameter: unknown key '{}' in '{}'{}", seg, text,
                                    did_you_mean_suffix(seg, known)));
      return;
    }
    const Node* child = table ? table->find(seg) : nullptr;
    table = child && child->is_table() ? child : nullptr;
    if (!table) {
      // The rest of the path is created by the sweep, as by --set: only check the key names.
      for (std::size_t k = i + 1; k < segs.size(); ++k) {
        if (!all_known_keys().count(segs[k].first)) {
          const std::vector<std::string_view> known(all_known_keys().begin(),
                                                    all_known_keys().end());
          error(at(segs[k].second),
                fmt::format("sweep.parameter: unknown key '{}' in '{}'{}", segs[k].first, text,
                            did_you_mean_suffix(segs[k].first, known)));
          return;
        }
      }
      return;
    }
  }
}

bool Loader::read_sweep_values(const Node& v, const std::string& path, SweepAxis& axis) {
  // Numbers, strings (e.g. an enum's choices) or booleans; one type per axis, as the key
  // takes one type. The first value decides which.
  if (v.poisoned) return false;
  if (v.is_array() && !v.items.empty() && !v.items.front().poisoned &&
      (v.items.front().is_string() || v.items.front().kind == Node::Kind::boolean)) {
    const bool text = v.items.front().is_string();
    axis.kind = text ? SweepAxis::Kind::text : SweepAxis::Kind::boolean;
    bool ok = true;
    for (std::size_t i = 0; i < v.items.size(); ++i) {
      const std::string at = fmt::format("{}[{}]", path, i);
      if (text) {
        if (auto word = string(v.items[i], at)) {
          axis.labels.push_back(*word);
        } else {
          ok = false;
        }
      } else if (auto flag = boolean(v.items[i], at)) {
        axis.labels.emplace_back(*flag ? "true" : "false");
      } else {
        ok = false;
      }
      axis.values.push_back(static_cast<double>(i));
    }
    return ok;
  }
  auto list = number_list(v, path, any_number());
  if (!list) return false;
  if (list->empty()) {
    error(v.loc, fmt::format("{}: expected at least one value", path));
    return false;
  }
  axis.values = *list;
  return true;
}

void Loader::build_sweep(const Node& root, Scenario& s) {
  const Node* sw = root.find("sweep");
  if (!sw || sw->poisoned) return;
  std::vector<std::pair<const Node*, std::string>> axes;
  if (sw->is_table()) {
    axes.emplace_back(sw, "sweep");
  } else if (sw->is_array() && sw->all_tables()) {
    for (std::size_t i = 0; i < sw->items.size(); ++i) {
      axes.emplace_back(&sw->items[i], fmt::format("sweep[{}]", i));
    }
  } else {
    error(sw->loc, fmt::format("sweep: expected a table ([sweep]) or an array of tables "
                               "([[sweep]]), found {}",
                               describe(*sw)));
    return;
  }
  for (const auto& [t, path] : axes) {
    check_keys(*t, path, keys_of("sweep"));
    SweepAxis axis;
    bool ok = true;
    if (const Node* p = t->find("parameter")) {
      if (auto v = string(*p, join(path, "parameter"))) {
        axis.parameter = *v;
        check_parameter_path(root, *p);
      } else {
        ok = false;
      }
    } else {
      missing(*t, path, "parameter", " (a key path as for --set)");
      ok = false;
    }
    if (const Node* v = t->find("values")) {
      ok = read_sweep_values(*v, join(path, "values"), axis) && ok;
    } else {
      missing(*t, path, "values");
      ok = false;
    }
    if (ok) s.sweep.push_back(std::move(axis));
  }
  double points = 1;
  for (const SweepAxis& a : s.sweep) points *= static_cast<double>(a.values.size());
  if (!s.sweep.empty() && points > static_cast<double>(limits::max_grid_points)) {
    error(sw->loc, fmt::format("sweep: a grid of {} points exceeds the limit of {} (the product "
                               "of the axes' value counts)",
                               points, limits::max_grid_points));
  }
}

void Loader::warn_warmup(const Node& root, const Scenario& s) {
  double lead = 0;
  for (const Sku& sku : s.skus) {
    if (sku.supplier >= s.suppliers.size() || sku.carrier >= s.carriers.size()) continue;
    lead = std::max(lead, s.suppliers[sku.supplier].lead_time_days.expected() +
                              s.carriers[sku.carrier].transit_days.expected() +
                              s.warehouse.dock_to_stock_days.expected());
  }
  double review = 0;
  for (const PolicySpec& p : s.policies) {
    const auto consider = [&](const PolicyParams& params, const PolicyParams* fallback) {
      if (params.review_period_days) {
        review = std::max(review, *params.review_period_days);
      } else if (fallback && fallback->review_period_days) {
        review = std::max(review, *fallback->review_period_days);
      } else {
        review = std::max(review, default_review_period_days);
      }
    };
    if (p.kind == PolicyKind::jic || p.kind == PolicyKind::periodic) {
      consider(p.params, nullptr);
      for (const SkuOverride& o : p.per_sku) consider(o.params, &p.params);
    } else if (p.kind == PolicyKind::hybrid) {
      consider(p.critical_policy, &p.params);
      for (const SkuOverride& o : p.per_sku) consider(o.params, &p.params);
    }
  }
  const double needed = 2 * lead + review;
  if (s.scenario.warmup_days >= needed) return;
  const Node* t = root.find("scenario");
  const Node* w = t ? t->find("warmup_days") : nullptr;
  const Loc at = w ? w->loc : (t ? t->loc : root.loc);
  warning(at, fmt::format("scenario.warmup_days: {} days is shorter than 2 x the longest planned "
                          "lead time ({} days) + the longest review period ({} days) = {} days; "
                          "the first measured days will still show the empty start",
                          s.scenario.warmup_days, lead, review, needed));
}

}  // namespace jitsim::models::loading
