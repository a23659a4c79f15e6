#!/usr/bin/env python3
"""Writes a long-tail catalogue scenario for the scale benchmarks (bench/RESULTS.md, "Scale").

N SKUs behind one overseas supplier and one ocean carrier at one warehouse: demand rates fall
off as a Zipf-like long tail (a few SKUs sell tens of orders a day, most well under one), unit
costs vary, and three policies (jit, jic, hybrid) can be compared. The SKUs go to a
`skus_file` CSV next to the scenario, as a real catalogue would.

  /usr/bin/python3 bench/catalogue.py --skus 10000 -o /tmp/cat10k.toml
  ./build/models/jitsim run /tmp/cat10k.toml -n 1 --policy jit --threads 1 --quiet

With --echelons E the warehouse becomes a serial chain of E sites (the vendor's ocean lane into
the first, a truck lane from each to the next, customers at the last), so every SKU is stocked
at all E: SKUs x E item-locations (100,000 x 10 = the contract's 1,000,000).
"""
import argparse
import random
from pathlib import Path


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--skus", type=int, required=True)
    ap.add_argument("-o", "--output", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--echelons", type=int, default=0, help="sites in series (0: one warehouse)")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    csv_path = a.output.with_suffix(".skus.csv")
    # Total demand grows with the catalogue: ~0.55 orders a day per SKU on average.
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(a.skus)]
    scale = 0.55 * a.skus / sum(weights)
    with csv_path.open("w") as f:
        sites = [f"e-{k + 1:02d}" for k in range(a.echelons)]
        at = ",site" if sites else ""
        f.write(f"id,unit_cost,price,supplier,carrier,critical,demand.orders_per_day{at}\n")
        for i, w in enumerate(weights):
            cost = round(rng.uniform(2, 60), 2)
            f.write(f"sku-{i:06d},{cost},{round(cost * 2.2, 2)},ocean-vendor,ocean,"
                    f"{'true' if i < a.skus // 5 else 'false'},{w * scale:.6g}"
                    f"{',' + sites[-1] if sites else ''}\n")
    network = "".join(f'[[sites]]\nid = "{site}"\n\n' for site in sites)
    if sites:
        network += "[[carriers]]\nid = \"truck\"\ntransit_days = 1\n\n"
    for k, site in enumerate(sites):
        source, carrier = ("ocean-vendor", "ocean") if k == 0 else (sites[k - 1], "truck")
        network += (f'[[lanes]]\nid = "to-{site}"\nfrom = "{source}"\nto = "{site}"\n'
                    f'carrier = "{carrier}"\n\n')
    a.output.write_text(f'''skus_file = "{csv_path.name}"

[scenario]
name = "Long-tail catalogue of {a.skus} SKUs behind one overseas lane"
horizon_days = 365
warmup_days = 120
seed = {a.seed}
replications = 30

[costs]
holding_rate_per_year = 0.25
order_cost = 20.0
backorder_cost_per_unit_day = 0.2

[warehouse]
dock_to_stock_days = 1

[[suppliers]]
id = "ocean-vendor"
lead_time_days = {{ dist = "gamma", mean = 25, sd = 5 }}

[[carriers]]
id = "ocean"
transit_days = {{ dist = "lognormal", mean = 28, sd = 4 }}
cost_per_unit = 0.4

{network}[[policies]]
name = "jit"
kind = "jit"

[[policies]]
name = "jic"
kind = "jic"

[[policies]]
name = "hybrid"
kind = "hybrid"
''')
    print(f"{a.output}: {a.skus} SKUs x {max(1, a.echelons)} site(s) ({csv_path.name})")


if __name__ == "__main__":
    main()
