// File: tests/sim/row_log_test.cpp
// RowLog keeps rows in memory or in its temporary file without changing a bit of them, and the
// bounded-memory summaries of its columns equal summarize() / summarize_paired() bit for bit.
#include "sim/row_log.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include "sim/log_summary.h"
#include "sim/statistics.h"

using namespace jitsim::sim;

namespace {

bool same(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b) ||
         (std::isnan(a) && std::isnan(b));
}

// Rows of 3 columns: continuous values, heavy ties (a few levels), and values with NaNs.
std::vector<std::vector<double>> make_rows(std::size_t n, std::uint64_t seed) {
  boost::random::mt19937_64 rng(seed);
  boost::random::uniform_real_distribution<double> u(-1e3, 1e6);
  boost::random::uniform_int_distribution<int> level(-2, 3);
  std::vector<std::vector<double>> rows;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = u(rng);
    rows.push_back({x, 0.5 * level(rng), level(rng) == 3 ? kUndefined : x / 7});
  }
  return rows;
}

// Restores the default budget when a test ends.
struct Budget {
  std::size_t saved = RowLog::memory_budget();
  explicit Budget(std::size_t bytes) { RowLog::set_memory_budget(bytes); }
  ~Budget() { RowLog::set_memory_budget(saved); }
};

}  // namespace

TEST_SUITE("row log") {
  TEST_CASE("rows read back identical whether they stayed in memory or spilled to the file") {
    for (const std::size_t budget : {std::size_t{0}, std::size_t{64} << 20}) {
      const Budget b(budget);
      const auto rows = make_rows(3 * RowLog::kBlockRows + 17, 7);
      RowLog log(3);
      for (const auto& r : rows) log.push_back(r.data());
      CHECK(log.size() == rows.size());
      CHECK(log.spilled() == (budget == 0));
      std::vector<double> row(3);
      for (std::size_t i = 0; i < rows.size(); i += 97) {
        log.row(i, row.data());
        for (std::size_t c = 0; c < 3; ++c) CHECK(same(row[c], rows[i][c]));
      }
      std::size_t i = 0;
      bool all_same = true;
      log.for_each_row([&](const double* r) {
        for (std::size_t c = 0; c < 3; ++c) all_same = all_same && same(r[c], rows[i][c]);
        ++i;
      });
      CHECK(i == rows.size());
      CHECK(all_same);
      const RowLog copy(log);  // a copy has its own storage
      RowLog moved(std::move(log));
      for (const RowLog* l :
           {static_cast<const RowLog*>(&copy), static_cast<const RowLog*>(&moved)}) {
        l->row(rows.size() - 1, row.data());
        CHECK(same(row[0], rows.back()[0]));
      }
    }
  }

  TEST_CASE("column summaries equal summarize() bit for bit, in memory or by radix selection") {
    const Budget b(0);  // spill everything
    for (const std::size_t n :
         {std::size_t{1}, std::size_t{2}, std::size_t{21}, std::size_t{5000}}) {
      const auto rows = make_rows(n, 11 + n);
      RowLog log(3);
      for (const auto& r : rows) log.push_back(r.data());
      for (std::size_t c = 0; c < 3; ++c) {
        std::vector<double> column;
        for (const auto& r : rows) column.push_back(r[c]);
        const Summary want = summarize(column);
        // in_memory 0 forces the radix path even for tiny columns; 1 << 20 the gathered one.
        for (const std::size_t in_memory : {std::size_t{0}, std::size_t{3}, std::size_t{1} << 20}) {
          const Summary got = summarize_column(log, c, in_memory);
          CAPTURE(n);
          CAPTURE(c);
          CAPTURE(in_memory);
          CHECK(got.n == want.n);
          CHECK(same(got.mean, want.mean));
          CHECK(same(got.sd, want.sd));
          CHECK(same(got.ci95_low, want.ci95_low));
          CHECK(same(got.ci95_high, want.ci95_high));
          CHECK(same(got.p05, want.p05));
          CHECK(same(got.p50, want.p50));
          CHECK(same(got.p95, want.p95));
        }
      }
    }
  }

  TEST_CASE("order statistics of a spilled column are exact for every rank") {
    const Budget b(0);
    const auto rows = make_rows(4000, 3);
    RowLog log(3);
    for (const auto& r : rows) log.push_back(r.data());
    std::vector<double> sorted;
    for (const auto& r : rows) sorted.push_back(r[1]);  // ties everywhere
    std::sort(sorted.begin(), sorted.end());
    std::vector<std::size_t> ranks{0, 1, 999, 2000, 3998, 3999};
    const std::vector<double> got = column_order_statistics(log, 1, ranks, 0);
    for (std::size_t i = 0; i < ranks.size(); ++i) CHECK(got[i] == sorted[ranks[i]]);
    // Negative, zero and huge values: the order-preserving keys across the sign.
    RowLog signs(1);
    const std::vector<double> values{-1e300, -2.5, -0.0, 0.0, 1e-300, 3.0, 1e300, -7.0};
    for (const double v : values) signs.push_back(&v);
    std::vector<double> want(values);
    std::sort(want.begin(), want.end());
    std::vector<std::size_t> all(values.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
    const std::vector<double> each = column_order_statistics(signs, 0, all, 0);
    for (std::size_t i = 0; i < all.size(); ++i) CHECK(each[i] == want[i]);
  }

  TEST_CASE("paired summaries of logs equal summarize_paired() bit for bit") {
    const Budget b(0);
    std::vector<RowLog> logs;
    std::vector<std::vector<std::vector<double>>> data;
    for (std::uint64_t p = 0; p < 3; ++p) {
      data.push_back(make_rows(2 * RowLog::kBlockRows + 5, 100 + p));
      logs.emplace_back(3);
      for (const auto& r : data.back()) logs.back().push_back(r.data());
    }
    const std::vector<const RowLog*> view{&logs[0], &logs[1], &logs[2]};
    for (std::size_t c = 0; c < 3; ++c) {
      const std::vector<PairedSummary> got = summarize_column_pairs(view, c, c != 1);
      REQUIRE(got.size() == 3);
      std::size_t k = 0;
      for (std::size_t a = 0; a < 3; ++a) {
        for (std::size_t bb = a + 1; bb < 3; ++bb, ++k) {
          std::vector<double> x, y;
          for (const auto& r : data[a]) x.push_back(r[c]);
          for (const auto& r : data[bb]) y.push_back(r[c]);
          const PairedSummary want = summarize_paired(x, y, c != 1);
          CHECK(got[k].n == want.n);
          CHECK(same(got[k].mean_diff, want.mean_diff));
          CHECK(same(got[k].sd, want.sd));
          CHECK(same(got[k].ci95_low, want.ci95_low));
          CHECK(same(got[k].share_better, want.share_better));
        }
      }
    }
  }
}
