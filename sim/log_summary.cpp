// File: sim/log_summary.cpp
#include "sim/log_summary.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <memory>

namespace jitsim::sim {

namespace {

// Order-preserving key of a non-NaN double: x < y exactly when key(x) < key(y). -0 is taken
// as +0 (they compare equal, so either is the same order statistic).
std::uint64_t key_of(double x) {
  const auto u = std::bit_cast<std::uint64_t>(x == 0 ? 0.0 : x);
  return u >> 63 ? ~u : u | (std::uint64_t{1} << 63);
}
double value_of(std::uint64_t key) {
  return std::bit_cast<double>(key >> 63 ? key & ~(std::uint64_t{1} << 63) : ~key);
}

template <class F>
void for_each_value(const RowLog& log, std::size_t c, F&& f) {
  std::vector<double> column;
  for (std::size_t b = 0; b < log.blocks(); ++b) {
    log.read_column(b, c, column);
    for (const double x : column) f(x);
  }
}

constexpr int kDigitBits = 16;
constexpr std::size_t kBuckets = std::size_t{1} << kDigitBits;

// One wanted rank: the values whose keys start with `prefix` (its top `bits` bits) hold it,
// `below` values lie under them and `count` share the prefix.
struct Target {
  std::size_t rank = 0;
  std::uint64_t prefix = 0;
  int bits = 0;
  std::size_t below = 0;
  std::size_t count = 0;
  bool done = false;
  double value = 0;
  std::vector<double> gathered;
  std::unique_ptr<std::array<std::size_t, kBuckets>> histogram;

  bool matches(std::uint64_t key) const { return bits == 0 || key >> (64 - bits) == prefix; }
};

}  // namespace

std::vector<double> column_order_statistics(const RowLog& log, std::size_t c,
                                            std::span<const std::size_t> ranks,
                                            std::size_t in_memory) {
  std::size_t n = 0;
  for_each_value(log, c, [&](double x) { n += !std::isnan(x); });
  std::vector<Target> targets(ranks.size());
  for (std::size_t i = 0; i < ranks.size(); ++i) {
    targets[i].rank = ranks[i];
    targets[i].count = n;
  }
  for (;;) {
    std::vector<Target*> counting, gathering;
    for (Target& t : targets) {
      if (t.done) continue;
      if (t.bits == 64) {  // the whole key is known: all these values are one value
        t.value = value_of(t.prefix);
        t.done = true;
      } else if (t.count <= in_memory) {
        t.gathered.reserve(t.count);
        gathering.push_back(&t);
      } else {
        if (!t.histogram) t.histogram = std::make_unique<std::array<std::size_t, kBuckets>>();
        t.histogram->fill(0);
        counting.push_back(&t);
      }
    }
    if (counting.empty() && gathering.empty()) break;
    for_each_value(log, c, [&](double x) {
      if (std::isnan(x)) return;
      const std::uint64_t key = key_of(x);
      for (Target* t : gathering) {
        if (t->matches(key)) t->gathered.push_back(x);
      }
      for (Target* t : counting) {
        if (t->matches(key))
          ++(*t->histogram)[(key >> (64 - t->bits - kDigitBits)) & (kBuckets - 1)];
      }
    });
    for (Target* t : gathering) {
      const auto at = t->gathered.begin() + static_cast<std::ptrdiff_t>(t->rank - t->below);
      std::nth_element(t->gathered.begin(), at, t->gathered.end());
      t->value = *at;
      t->done = true;
      t->gathered = {};
    }
    for (Target* t : counting) {
      std::size_t below = t->below, digit = 0;
      while (below + (*t->histogram)[digit] <= t->rank) below += (*t->histogram)[digit++];
      t->below = below;
      t->count = (*t->histogram)[digit];
      t->prefix = (t->prefix << kDigitBits) | digit;
      t->bits += kDigitBits;
    }
  }
  std::vector<double> out;
  out.reserve(targets.size());
  for (const Target& t : targets) out.push_back(t.value);
  return out;
}

RunningStats column_stats(const RowLog& log, std::size_t c) {
  RunningStats stats;
  for_each_value(log, c, [&](double x) {
    if (!std::isnan(x)) stats.add(x);
  });
  return stats;
}

Summary summarize_column(const RowLog& log, std::size_t c, std::size_t in_memory) {
  // Gathered while it fits; a longer column is summarised without holding it.
  std::vector<double> values;
  bool fits = true;
  RunningStats stats;
  for_each_value(log, c, [&](double x) {
    if (std::isnan(x)) return;
    stats.add(x);
    if (!fits) return;
    if (values.size() < in_memory) {
      values.push_back(x);
    } else {
      fits = false;
      values = {};
    }
  });
  if (fits || stats.count() == 0) return summarize(values);
  Summary s;
  s.n = stats.count();
  s.mean = stats.mean();
  student_interval(stats, s.sd, s.ci95_low, s.ci95_high);
  constexpr std::array kP{0.05, 0.50, 0.95};
  std::vector<std::size_t> ranks;
  std::array<QuantileRank, kP.size()> at;
  for (std::size_t i = 0; i < kP.size(); ++i) {
    at[i] = quantile_rank(s.n, kP[i]);
    ranks.push_back(at[i].lo);
    ranks.push_back(std::min(at[i].lo + 1, s.n - 1));
  }
  const std::vector<double> v = column_order_statistics(log, c, ranks, in_memory);
  s.p05 = at[0].between(v[0], v[1]);
  s.p50 = at[1].between(v[2], v[3]);
  s.p95 = at[2].between(v[4], v[5]);
  return s;
}

std::vector<PairedSummary> summarize_column_pairs(std::span<const RowLog* const> logs,
                                                  std::size_t c, bool lower_is_better) {
  const std::size_t k = logs.size();
  const std::size_t pairs = k < 2 ? 0 : k * (k - 1) / 2;
  std::vector<RunningStats> stats(pairs);
  std::vector<double> better(pairs, 0.0);
  std::vector<std::vector<double>> columns(k);
  const std::size_t blocks = k ? logs[0]->blocks() : 0;
  for (std::size_t b = 0; b < blocks && pairs; ++b) {
    for (std::size_t p = 0; p < k; ++p) logs[p]->read_column(b, c, columns[p]);
    const std::size_t rows = columns[0].size();
    std::size_t pair = 0;
    for (std::size_t a = 0; a < k; ++a) {
      for (std::size_t bb = a + 1; bb < k; ++bb, ++pair) {
        const std::vector<double>& x = columns[a];
        const std::vector<double>& y = columns[bb];
        for (std::size_t r = 0; r < rows; ++r) {  // as summarize_paired, replication by replication
          if (std::isnan(x[r]) || std::isnan(y[r])) continue;
          stats[pair].add(x[r] - y[r]);
          if (x[r] == y[r]) {
            better[pair] += 0.5;
          } else if ((x[r] < y[r]) == lower_is_better) {
            better[pair] += 1;
          }
        }
      }
    }
  }
  std::vector<PairedSummary> out(pairs);
  for (std::size_t i = 0; i < pairs; ++i) {
    PairedSummary& s = out[i];
    s.n = stats[i].count();
    if (s.n == 0) continue;
    s.mean_diff = stats[i].mean();
    student_interval(stats[i], s.sd, s.ci95_low, s.ci95_high);
    s.share_better = better[i] / static_cast<double>(s.n);
  }
  return out;
}

}  // namespace jitsim::sim
