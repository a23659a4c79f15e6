#!/usr/bin/python3
"""Writes the network of SupplyNetPy's published performance benchmark as a jitsim scenario, so
that bench/network_scaling.py can time jitsim on the same supply chain (bench/RESULTS.md,
"Networks (SupplyNetPy benchmark)").

Usage: /usr/bin/python3 bench/supplynetpy_network.py --nodes N [--seed S] [--replications R]
           [--lanes all|used] [--sourcing first|split] -o FILE

The benchmark (SupplyChainSimulation/SupplyNetPy, examples/notebooks/data/
benchmark_performance.py at commit 00c23633; the library's behaviour as read in
src/SupplyNetPy/Components/core.py and utilities.py at commit 04ced641) builds, for N nodes,
N // 5 infinite suppliers, N // 10 manufacturers, N // 7 distributors and the remaining nodes
as retailers (at least one of each), links every node of an echelon to every node of the next
one, and simulates 500 days.
How each of its concepts is written here (SupplyNetPy -> jitsim):
- `infinite_supplier` S0.. (unlimited stock, no lead time of its own) -> `[[suppliers]]` S0..
  with `lead_time_days = 0` and unlimited capacity.
- `Link` with `lead_time` = Exp(mean 3 days) and `cost` = 3 per order -> a `[[lanes]]` entry on
  carrier `link` (`transit_days` exponential, mean 3; `cost_per_shipment = 3`).
- All-to-all links between adjacent echelons -> `--lanes all` (default): the same lanes;
  `--lanes used`: only the lane each node orders on (next item).
- Supplier choice: the benchmark leaves every node at SupplyNetPy's default, `SelectFirst` in
  mode "fixed", so each node always orders from the first node of its upstream list (S0, M0 or
  D0) and the other links carry nothing -> `sourcing = "first"` at every site, lane `priority`
  = position in the upstream list. (A random choice would be `split`; SupplyNetPy does not
  choose at random.)
- `Manufacturer` M0.. (product from 1 unit of one raw material, `batch_size` 100,
  `manufacturing_time` 1 day, (s, S) = (200, 800)) -> site M0.. with
  `receiving_capacity_units_per_day = 100` (one batch a day) and `dock_to_stock_days = 1` (the
  manufacturing time), (200, 800) as `ss` per_site levels.
- `distributor` D0.. with (s, S) = (100, 400) -> site D0.., (100, 400) per_site.
- `retailer` R0.. with (s, S) = (40, 150) -> site R0.., the `ss` policy's own levels.
- One raw material and one product -> one SKU `P` from S0 to the customers (1 raw unit makes 1
  product unit, so units are conserved).
- Per retailer, a `Demand` with inter-arrival times Exp(mean 1 day) and 10 units per order ->
  SKU `P` with `orders_per_day` = the number of retailers, `order_size = 10` and
  `demand_sites` in equal shares: a Poisson stream whose orders are routed at random is exactly
  one independent Poisson stream of rate 1 per retailer.
- Customer `tolerance = 0` (an order that cannot be filled leaves) -> retailer sites with
  `unmet_demand = "lost_sales"`.
- The (s, S) check, `on_hand` (SupplyNetPy keeps it as the inventory position: stock + on
  order) - backorders <= s, then order S minus that, after every decrease -> `ss`: when
  IP <= s, order S - IP, continuous review.
- `inventory_holding_cost = 0.5` per unit-day -> `holding_cost_per_unit_day = 0.5`.
- Raw material cost 2 + manufacturing cost 1, retail sell price 18 -> `unit_cost = 3`,
  `price = 18`.
- `simulate_sc_net(net, sim_time=500)` -> `horizon_days = 500`, `warmup_days = 0`.

Mismatches (they change results, not the shape of the work):
- Initial stock: SupplyNetPy starts M at 200, D at 150 and R at 80 units; jitsim's
  `initial_on_hand` is a SKU key, the same at every site, so the file uses "policy" (S at each
  site: 800, 400, 150). The idle distributors start above s in both, so they never order.
- Manufacturing: there is no bill of materials from raw material to product in a jitsim site;
  the manufacturer is a stocking site whose receiving (100 units a day, then 1 day) stands for
  production. SupplyNetPy's manufacturer also keeps at most one raw-material order in flight and
  books the commitments made meanwhile without ordering them; jitsim orders every time IP <= s.
- Capacities (M 1000, D 500, R 200 units) are not written: with IP <= S < capacity the
  stock never reaches them, and jitsim's storage capacity is a cost, not a limit.
- Upstream shortfalls: when M0 or D0 lacks the stock for an order, SupplyNetPy adds the order
  to that node's `backorder` statistic and never removes it, and the statistic enters the
  node's own (s, S) check, so M0 and D0 order ever more; in jitsim a waiting transfer lowers
  the upstream position only while it waits. The idle manufacturers start at s in
  SupplyNetPy and order once at day 0; here they start at S and never order.
- Upstream allocation: a SupplyNetPy node waits until an order's whole quantity is in stock
  (a SimPy container get); a jitsim transfer takes what is there and waits for the rest.
- A customer order that cannot be filled whole is lost whole in SupplyNetPy; jitsim serves the
  units on hand and loses the rest.
- Random draws: SupplyNetPy draws one lead time per order; jitsim draws one transit time per
  shipment (everything one node hands one carrier for one destination on one day).
- SupplyNetPy also runs a daily statistics process in every node; that is its own bookkeeping,
  not part of the supply chain, so it has no counterpart here.
- With `--lanes used`, the idle manufacturers and distributors (all but M0 and D0) have neither
  customers nor outgoing lanes, so by the contract's definition they stock nothing; with
  `--lanes all` they stock the SKU and simply never order (they start above s).

`--sourcing split` (not SupplyNetPy's behaviour) spreads every order over all upstream lanes by
equal shares: a heavier variant in which every lane carries goods.

The contract's limits (sites <= 1,000, lanes <= 10,000, 100,000 array entries and 8 MiB per
TOML file) are exceeded by the all-to-all lanes from about N = 300 and by the sites at N = 2000;
the file is still written, with a warning on stderr, so that the limit is what refuses it.
"""
import argparse
import pathlib
import sys

# Parameters of the published benchmark (source: module docstring).
HORIZON_DAYS = 500
LEAD_MEAN_DAYS = 3.0
LINK_COST = 3.0
BATCH_UNITS_PER_DAY = 100
MANUFACTURING_DAYS = 1.0
LEVELS = {"M": (200, 800), "D": (100, 400), "R": (40, 150)}
ORDER_UNITS = 10
ORDERS_PER_DAY_PER_RETAILER = 1.0
HOLDING_PER_UNIT_DAY = 0.5
UNIT_COST = 3.0  # raw material 2 + manufacturing 1
PRICE = 18.0     # the retailers' sell price

# jitsim's input limits (models/io/limits.h and the scenario contract).
LIMITS = {"sites": 1_000, "lanes": 10_000, "array entries": 100_000}
MAX_TOML_BYTES = 8 << 20


def echelons(nodes):
    """Node ids per echelon for N nodes, as the benchmark counts them."""
    if nodes < 4:
        raise ValueError("--nodes must be at least 4 (one node per echelon)")
    n_sup, n_man, n_dis = max(1, nodes // 5), max(1, nodes // 10), max(1, nodes // 7)
    n_ret = max(1, nodes - n_sup - n_man - n_dis)
    return {prefix: [f"{prefix}{i}" for i in range(count)]
            for prefix, count in (("S", n_sup), ("M", n_man), ("D", n_dis), ("R", n_ret))}


def lanes(net, mode):
    """(from, to, priority, share) for every lane: all-to-all between adjacent echelons, or
    only the first upstream node of each downstream node (the one SelectFirst orders from)."""
    out = []
    for up, down in (("S", "M"), ("M", "D"), ("D", "R")):
        sources = net[up] if mode == "all" else net[up][:1]
        for sink in net[down]:
            out.extend((src, sink, k + 1, 1.0 / len(sources)) for k, src in enumerate(sources))
    return out


def scenario_toml(nodes, seed, replications, lane_mode, sourcing):
    net = echelons(nodes)
    retailers = net["R"]
    w = []
    w.append(f"# Generated by bench/supplynetpy_network.py --nodes {nodes} --seed {seed} "
             f"--lanes {lane_mode} --sourcing {sourcing}.")
    w.append("# SupplyNetPy's performance benchmark network; the generator's docstring maps")
    w.append("# every SupplyNetPy concept to its jitsim key.")
    w.append("")
    w.append("[scenario]")
    w.append(f'name = "SupplyNetPy benchmark network, N = {nodes}"')
    w.append(f"horizon_days = {HORIZON_DAYS}")
    w.append("warmup_days = 0")
    w.append(f"seed = {seed}")
    w.append(f"replications = {replications}")
    w.append("")
    w.append("[costs]                            # SupplyNetPy charges none of these")
    w.append("order_cost = 0.0")
    w.append("backorder_cost_per_unit_day = 0.0")
    w.append("lost_sale_penalty = 0.0")
    w.append("")
    w.append("# Infinite suppliers: no lead time of their own (the links carry it).")
    for sup in net["S"]:
        w.append("[[suppliers]]")
        w.append(f'id = "{sup}"')
        w.append("lead_time_days = 0")
    w.append("")
    w.append("[[carriers]]")
    w.append('id = "link"')
    w.append(f'transit_days = {{ dist = "exponential", mean = {LEAD_MEAN_DAYS:g} }}')
    w.append(f"cost_per_shipment = {LINK_COST:g}")
    w.append("")
    w.append("# Manufacturers: receiving stands for production, one batch of 100 units a day")
    w.append("# that takes the manufacturing time of 1 day.")
    for site in net["M"]:
        w.append("[[sites]]")
        w.append(f'id = "{site}"')
        w.append(f'sourcing = "{sourcing}"')
        w.append(f"receiving_capacity_units_per_day = {BATCH_UNITS_PER_DAY}")
        w.append(f"dock_to_stock_days = {MANUFACTURING_DAYS:g}")
    for site in net["D"]:
        w.append("[[sites]]")
        w.append(f'id = "{site}"')
        w.append(f'sourcing = "{sourcing}"')
    w.append("# Retailers: a customer who finds too little stock leaves (SupplyNetPy tolerance 0).")
    for site in retailers:
        w.append("[[sites]]")
        w.append(f'id = "{site}"')
        w.append(f'sourcing = "{sourcing}"')
        w.append('unmet_demand = "lost_sales"')
    w.append("")
    w.append("# Lanes: priority = position in the upstream list (SupplyNetPy's SelectFirst).")
    for src, sink, priority, share in lanes(net, lane_mode):
        w.append("[[lanes]]")
        w.append(f'id = "{src}-{sink}"')
        w.append(f'from = "{src}"')
        w.append(f'to = "{sink}"')
        w.append('carrier = "link"')
        w.append(f"priority = {priority}")
        if sourcing == "split":
            w.append(f"share = {share!r}")
    w.append("")
    w.append("[[skus]]")
    w.append('id = "P"')
    w.append(f"unit_cost = {UNIT_COST:g}")
    w.append(f"price = {PRICE:g}")
    w.append(f'supplier = "{net["S"][0]}"')
    w.append('carrier = "link"')
    w.append(f"holding_cost_per_unit_day = {HOLDING_PER_UNIT_DAY:g}")
    w.append('initial_on_hand = "policy"')
    orders = ORDERS_PER_DAY_PER_RETAILER * len(retailers)
    w.append(f"demand = {{ orders_per_day = {orders:g}, order_size = {ORDER_UNITS} }}")
    share = 1.0 / len(retailers)
    w.extend(f"demand_sites.{site} = {share!r}" for site in retailers)
    w.append("")
    w.append("[[policies]]")
    w.append('name = "ss"')
    w.append('kind = "ss"')
    w.append(f"reorder_point = {LEVELS['R'][0]}")
    w.append(f"order_up_to = {LEVELS['R'][1]}")
    for prefix in ("M", "D"):
        low, high = LEVELS[prefix]
        w.extend(f"per_site.{site} = {{ reorder_point = {low}, order_up_to = {high} }}"
                 for site in net[prefix])
    w.append("")
    return "\n".join(w), net


def limit_warnings(net, lane_count, size_bytes):
    sites = len(net["M"]) + len(net["D"]) + len(net["R"])
    counts = {"sites": sites, "lanes": lane_count, "array entries": lane_count}
    out = [f"{name}: {counts[name]} > {limit}" for name, limit in LIMITS.items()
           if counts[name] > limit]
    if size_bytes > MAX_TOML_BYTES:
        out.append(f"file size: {size_bytes} bytes > {MAX_TOML_BYTES}")
    return out


def write(nodes, path, seed=1, replications=30, lane_mode="all", sourcing="first"):
    """Writes the scenario; returns (counts per echelon, lane count, warnings)."""
    text, net = scenario_toml(nodes, seed, replications, lane_mode, sourcing)
    data = text.encode()
    pathlib.Path(path).write_bytes(data)
    lane_count = len(lanes(net, lane_mode))
    return ({k: len(v) for k, v in net.items()}, lane_count,
            limit_warnings(net, lane_count, len(data)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--replications", type=int, default=30)
    parser.add_argument("--lanes", choices=("all", "used"), default="all")
    parser.add_argument("--sourcing", choices=("first", "split"), default="first")
    parser.add_argument("-o", "--output", required=True)
    a = parser.parse_args()
    try:
        counts, lane_count, warnings = write(a.nodes, a.output, a.seed, a.replications, a.lanes,
                                             a.sourcing)
    except ValueError as e:
        sys.exit(f"supplynetpy_network.py: {e}")
    print(f"{a.output}: suppliers {counts['S']}, manufacturers {counts['M']}, distributors "
          f"{counts['D']}, retailers {counts['R']}, lanes {lane_count}", file=sys.stderr)
    for w in warnings:
        print(f"supplynetpy_network.py: warning: beyond jitsim's limits: {w}", file=sys.stderr)


if __name__ == "__main__":
    main()
