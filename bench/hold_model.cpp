// -----------------------------------------------------------------------------
// File: bench/hold_model.cpp
// -----------------------------------------------------------------------------
// The classic hold model: N events pending; each executed event schedules one new event at
// now + Exp(1). Measures the kernel against a baseline on std::priority_queue of
// (time, sequence) pairs, in the same run. items_per_second = events executed per second.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <functional>
#include <queue>
#include <utility>
#include <vector>

#include <boost/random/exponential_distribution.hpp>

#include "sim/kernel.h"
#include "sim/random.h"

namespace {

using jitsim::sim::Event;
using jitsim::sim::Kernel;

constexpr std::int64_t kEventsPerIteration = 1'000'000;

void BM_HoldModel(benchmark::State& state) {
  const auto pending = static_cast<std::size_t>(state.range(0));
  auto engine = jitsim::sim::make_engine({.seed = 1});
  boost::random::exponential_distribution<double> exp1(1.0);
  Kernel kernel;
  kernel.reserve(pending + 1);
  for (std::size_t i = 0; i < pending; ++i) kernel.schedule_in(exp1(engine), {.target = 0});
  std::uint64_t sink = 0;
  for (auto _ : state) {
    for (std::int64_t i = 0; i < kEventsPerIteration; ++i) {
      kernel.step([&](const Event& e) {
        sink += e.target;
        kernel.schedule_in(exp1(engine), e);
      });
    }
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(state.iterations() * kEventsPerIteration);
  state.counters["queue_MiB"] = static_cast<double>(kernel.memory_bytes()) / (1 << 20);
}

void BM_HoldModelStdPriorityQueue(benchmark::State& state) {
  const auto pending = static_cast<std::size_t>(state.range(0));
  auto engine = jitsim::sim::make_engine({.seed = 1});
  boost::random::exponential_distribution<double> exp1(1.0);
  using Entry = std::pair<double, std::uint64_t>;  // (time, sequence): FIFO ties as in the kernel
  struct Queue : std::priority_queue<Entry, std::vector<Entry>, std::greater<>> {
    std::size_t memory_bytes() const { return c.capacity() * sizeof(Entry); }
  } queue;
  std::uint64_t sequence = 0;
  double now = 0;
  for (std::size_t i = 0; i < pending; ++i) queue.emplace(exp1(engine), sequence++);
  for (auto _ : state) {
    for (std::int64_t i = 0; i < kEventsPerIteration; ++i) {
      now = queue.top().first;
      queue.pop();
      queue.emplace(now + exp1(engine), sequence++);
    }
  }
  benchmark::DoNotOptimize(now);
  state.SetItemsProcessed(state.iterations() * kEventsPerIteration);
  state.counters["queue_MiB"] = static_cast<double>(queue.memory_bytes()) / (1 << 20);
}

}  // namespace

BENCHMARK(BM_HoldModel)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HoldModelStdPriorityQueue)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);
