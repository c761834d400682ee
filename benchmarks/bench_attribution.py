"""Attribution at scale: all six models on a simulated shop vs a plain Python loop over journeys.

Target: ``compare_attribution`` (six models, the journeys built once) on N customers takes less time
than the straightforward loop below needs for the linear model alone — the loop is what a student or a
first draft would write (group the touchpoints per customer, walk each journey). Both run in this
process on the same tables, so the ratio is what counts; the loop's credit is checked against
``attribute(model="linear")``.

    python benchmarks/bench_attribution.py [N]
"""

from __future__ import annotations

import sys
import time
import tracemalloc


def linear_by_loop(touchpoints, orders) -> dict[str, float]:
    done = orders[orders["status"] == "completed"].sort_values("order_date")
    first = done.drop_duplicates("customer_id").set_index("customer_id")["order_date"]
    credit: dict[str, float] = {}
    tp = touchpoints[touchpoints["customer_id"].notna()]
    for customer, group in tp.groupby("customer_id"):
        if customer not in first.index:
            continue
        path = group[group["timestamp"] <= first[customer]]["channel"].astype(str).tolist()
        for channel in path:
            credit[channel] = credit.get(channel, 0.0) + 1.0 / len(path)
    return credit


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    from ecrm_lab.acquisition import attribute, compare_attribution
    from ecrm_lab.synth import ShopConfig, simulate

    data = simulate(ShopConfig(n_customers=n), rng=0)
    tp, orders = data.touchpoints, data.orders
    attribute(tp.head(1000), orders, model="linear")  # warm up imports

    t0 = time.perf_counter()
    loop = linear_by_loop(tp, orders)
    t_loop = time.perf_counter() - t0

    t0 = time.perf_counter()
    table = compare_attribution(tp, orders)
    t_all = time.perf_counter() - t0

    tracemalloc.start()  # a second run for memory: tracing slows Python down several times
    compare_attribution(tp, orders)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    linear = table[table["model"] == "linear"].set_index("channel")["conversions"]
    worst = max(abs(linear.get(c, 0.0) - v) for c, v in loop.items())
    print(f"N = {n:,} customers, {len(tp):,} touchpoints, {len(orders):,} orders")
    print(
        f"compare_attribution (6 models): {t_all:7.2f} s, peak traced memory {peak / 2**20:6.0f} MiB"
    )
    print(
        f"Python loop, linear model only : {t_loop:7.2f} s  (largest credit difference {worst:.2e})"
    )
    print(f"ratio six models / loop        : {t_all / t_loop:7.3f}  (target < 1)")


if __name__ == "__main__":
    main()
