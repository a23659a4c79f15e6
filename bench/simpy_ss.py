#!/usr/bin/env python3
"""The (s, S) benchmark model of bench/model_throughput.cpp written in SimPy, as a SimPy user
would write it, to measure SimPy's speed on this machine next to jitsim's (bench/RESULTS.md).

Poisson 10 orders a day of one unit, s = 20, S = 60, lead time 5 days, backorders, 10,010 days
per replication; on-hand stock is integrated over time as the C++ loops do.

Usage:  /usr/bin/python3 bench/simpy_ss.py [--replications N]
        /usr/bin/python3 bench/simpy_ss.py --against build/bench/jitsim_bench [--rounds K]
Needs SimPy 3 or 4 (Debian 12: apt-get install python3-simpy3). The first form prints one JSON
line per replication: wall seconds, SimPy events (all it scheduled: timeouts, process starts and
ends), model events (demands + receipts, as the hand-written loops count) and simulated days per
second. The second alternates K rounds of jitsim's BM_SsModel (median of 5 repetitions) and of
SimPy (median of N replications), so that both see the same phase of a shared machine, and
prints each round's ratio of simulated days per second and their median.
"""
import argparse
import json
import random
import statistics
import subprocess
import sys
import time

try:
    import simpy
except ImportError:
    sys.exit("simpy_ss.py: SimPy is not installed (Debian 12: apt-get install python3-simpy3)")

RATE, LOW, HIGH, LEAD, DAYS = 10.0, 20, 60, 5.0, 10_010


class SsStock:
    def __init__(self, env, rng):
        self.env, self.rng = env, rng
        self.on_hand, self.backlog, self.on_order = HIGH, 0, 0
        self.area, self.last = 0.0, 0.0
        self.model_events = 0

    def advance(self):
        now = self.env.now
        self.area += self.on_hand * (now - self.last)
        self.last = now

    def reorder(self):
        position = self.on_hand + self.on_order - self.backlog
        if position <= LOW:
            units = HIGH - position
            self.on_order += units
            self.env.process(self.delivery(units))

    def delivery(self, units):
        yield self.env.timeout(LEAD)
        self.advance()
        self.model_events += 1
        self.on_order -= units
        to_backlog = min(units, self.backlog)
        self.backlog -= to_backlog
        self.on_hand += units - to_backlog
        self.reorder()

    def customers(self):
        while True:
            yield self.env.timeout(self.rng.expovariate(RATE))
            self.advance()
            self.model_events += 1
            if self.on_hand > 0:
                self.on_hand -= 1
            else:
                self.backlog += 1
            self.reorder()


def replication(seed):
    env = simpy.Environment()
    stock = SsStock(env, random.Random(seed))
    env.process(stock.customers())
    start = time.perf_counter()
    env.run(until=DAYS)
    wall = time.perf_counter() - start
    simpy_events = next(env._eid) if hasattr(env, "_eid") else None  # events scheduled
    return {"simpy": simpy.__version__, "seed": seed, "wall_seconds": wall,
            "simpy_events": simpy_events, "model_events": stock.model_events,
            "simpy_events_per_s": simpy_events / wall if simpy_events else None,
            "sim_days_per_s": DAYS / wall, "avg_on_hand": stock.area / DAYS}


def jitsim_days_per_s(bench):
    out = subprocess.run([bench, "--benchmark_filter=BM_SsModel$", "--benchmark_repetitions=5",
                          "--benchmark_report_aggregates_only=true", "--benchmark_format=json"],
                         check=True, capture_output=True, text=True).stdout
    medians = [b for b in json.loads(out)["benchmarks"] if b["name"].endswith("_median")]
    return medians[0]["sim_days_per_s"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=3)
    parser.add_argument("--against", metavar="JITSIM_BENCH",
                        help="alternate with this jitsim_bench binary and print the ratios")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if not args.against:
        for seed in range(1, args.replications + 1):
            print(json.dumps(replication(seed)), flush=True)
        return
    ratios = []
    for r in range(1, args.rounds + 1):
        jitsim = jitsim_days_per_s(args.against)
        simpy_rate = statistics.median(replication(seed)["sim_days_per_s"]
                                       for seed in range(1, args.replications + 1))
        ratios.append(jitsim / simpy_rate)
        print(f"round {r}: jitsim {jitsim / 1e6:.3f} M simulated days/s, SimPy "
              f"{simpy_rate / 1e3:.1f} k: {ratios[-1]:.1f}x", flush=True)
    print(f"median of {args.rounds} rounds: {statistics.median(ratios):.1f}x "
          f"(min {min(ratios):.1f}x, max {max(ratios):.1f}x), SimPy {simpy.__version__}, "
          f"Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
