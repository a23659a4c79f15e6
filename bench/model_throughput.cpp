// -----------------------------------------------------------------------------
// File: bench/model_throughput.cpp
// -----------------------------------------------------------------------------
// The full model against a special-purpose loop on the same textbook case, and the model on a
// realistic 50-SKU scenario. items_per_second = events executed per second; the counter
// sim_days_per_s = simulated days (per policy replication) per wall second.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <queue>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/random/exponential_distribution.hpp>

#include "models/agents/simulation.h"
#include "models/io/scenario_loader.h"
#include "sim/random.h"

namespace {

using namespace jitsim;

models::Scenario load(const std::string& name) {
  models::LoadResult r =
      models::load_scenario(std::string(JITSIM_SOURCE_DIR) + "/bench/scenarios/" + name);
  if (!r.ok()) throw std::runtime_error("cannot load bench scenario " + name);
  return *r.scenario;
}

// The full model on bench/scenarios/ss_single_sku.toml: one replication per iteration.
void BM_SsModel(benchmark::State& state) {
  const models::Scenario sc = load("ss_single_sku.toml");
  const models::ModelSetup setup(sc);
  models::Simulation sim(setup);
  std::uint64_t events = 0, rep = 0;
  for (auto _ : state) events += sim.run(0, rep++).events;
  state.SetItemsProcessed(static_cast<std::int64_t>(events));
  state.counters["sim_days_per_s"] = benchmark::Counter(
      static_cast<double>(rep) * (sc.scenario.horizon_days + sc.scenario.warmup_days),
      benchmark::Counter::kIsRate);
}

// The (s, S) textbook case by hand: Poisson(10) unit demand, s = 20, S = 60, lead time 5,
// backorders, 10,010 days; events = demands + receipts. SsStock is the state both hand-written
// loops below share; each keeps the same time-average of on-hand stock as the model.
constexpr double kSsRate = 10, kSsLead = 5, kSsDays = 10010;
struct SsStock {
  static constexpr long kLow = 20, kHigh = 60;
  long on_hand = kHigh, backlog = 0, on_order = 0;
  double area = 0, last = 0;  // integral of on-hand stock up to `last`

  void advance(double t) {
    area += static_cast<double>(on_hand) * (t - last);
    last = t;
  }
  void receive(long units) {
    on_order -= units;
    const long to_backlog = std::min(units, backlog);
    backlog -= to_backlog;
    on_hand += units - to_backlog;
  }
  void demand_one() {
    if (on_hand > 0) {
      --on_hand;
    } else {
      ++backlog;
    }
  }
  // Units to order now (0: none), counted as on order.
  long reorder() {
    const long ip = on_hand + on_order - backlog;
    if (ip > kLow) return 0;
    on_order += kHigh - ip;
    return kHigh - ip;
  }
};

void report_hand_loop(benchmark::State& state, std::uint64_t events, std::uint64_t reps,
                      double sink) {
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(static_cast<std::int64_t>(events));
  state.counters["sim_days_per_s"] =
      benchmark::Counter(static_cast<double>(reps) * kSsDays, benchmark::Counter::kIsRate);
}

// With a fixed lead time orders arrive in the order placed, so a FIFO replaces the event list.
void BM_SsHandLoop(benchmark::State& state) {
  std::uint64_t events = 0, rep = 0;
  double sink = 0;
  for (auto _ : state) {
    auto engine = sim::make_engine({.seed = 1, .replication = rep++});
    boost::random::exponential_distribution<double> gap(kSsRate);
    std::deque<std::pair<double, long>> pipeline;  // (arrival time, units)
    SsStock stock;
    double next_demand = gap(engine);
    for (;;) {
      const bool receipt = !pipeline.empty() && pipeline.front().first <= next_demand;
      const double t = receipt ? pipeline.front().first : next_demand;
      if (t >= kSsDays) break;
      stock.advance(t);
      ++events;
      if (receipt) {
        stock.receive(pipeline.front().second);
        pipeline.pop_front();
      } else {
        stock.demand_one();
        next_demand = t + gap(engine);
      }
      if (const long units = stock.reorder()) pipeline.emplace_back(t + kSsLead, units);
    }
    sink += stock.area / kSsDays;
  }
  report_hand_loop(state, events, rep, sink);
}

// The same with a general event list (a binary heap of demand and receipt events, as a
// hand-written simulation that allowed random lead times would need): the kind of
// special-purpose loop the issue's ~35 M events/s figure refers to. Same events, same draws.
void BM_SsHandLoopEventList(benchmark::State& state) {
  struct Pending {
    double time;
    std::uint64_t sequence;
    long units;  // 0: a customer demand; > 0: a receipt of that many units
    bool operator>(const Pending& o) const {
      return time > o.time || (time == o.time && sequence > o.sequence);
    }
  };
  std::uint64_t events = 0, rep = 0;
  double sink = 0;
  for (auto _ : state) {
    auto engine = sim::make_engine({.seed = 1, .replication = rep++});
    boost::random::exponential_distribution<double> gap(kSsRate);
    std::priority_queue<Pending, std::vector<Pending>, std::greater<>> list;
    std::uint64_t sequence = 0;
    SsStock stock;
    list.push({gap(engine), sequence++, 0});
    for (;;) {
      const Pending e = list.top();
      if (e.time >= kSsDays) break;
      list.pop();
      stock.advance(e.time);
      ++events;
      if (e.units > 0) {
        stock.receive(e.units);
      } else {
        stock.demand_one();
        list.push({e.time + gap(engine), sequence++, 0});
      }
      if (const long units = stock.reorder()) list.push({e.time + kSsLead, sequence++, units});
    }
    sink += stock.area / kSsDays;
  }
  report_hand_loop(state, events, rep, sink);
}

// bench/scenarios/throughput_50sku.toml: one replication of each of jit, jic and hybrid per
// iteration. sim_years_per_min counts each policy's replication.
void BM_Throughput50Sku(benchmark::State& state) {
  const models::Scenario sc = load("throughput_50sku.toml");
  const models::ModelSetup setup(sc);
  models::Simulation sim(setup);
  std::uint64_t events = 0, rep = 0;
  for (auto _ : state) {
    for (std::size_t p = 0; p < sc.policies.size(); ++p) events += sim.run(p, rep).events;
    ++rep;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(events));
  const double years = static_cast<double>(rep * sc.policies.size()) *
                       (sc.scenario.horizon_days + sc.scenario.warmup_days) / 365.0;
  state.counters["sim_years_per_min"] = benchmark::Counter(years * 60, benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(BM_SsModel)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SsHandLoop)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SsHandLoopEventList)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Throughput50Sku)->Unit(benchmark::kMillisecond);
