"""Simulating the whole VietShop world vs Faker producing a name, an address and an e-mail row by row.

Target: for N = 20,000 customers, ``simulate`` (every table) takes less time than Faker alone needs for
three fields per customer. Both run in this process, one after the other, so the ratio is what counts.

    python benchmarks/bench_simulate_vs_faker.py [N]
"""

from __future__ import annotations

import sys
import time


def faker_rows(n: int) -> float:
    from faker import Faker

    fake = Faker("vi_VN")
    Faker.seed(0)
    t0 = time.perf_counter()
    rows = [(fake.name(), fake.address(), fake.email()) for _ in range(n)]
    elapsed = time.perf_counter() - t0
    assert len(rows) == n
    return elapsed


def simulate_world(n: int) -> tuple[float, object]:
    from ecrm_lab.synth import ShopConfig, simulate

    cfg = ShopConfig(n_customers=n)
    simulate(ShopConfig.preset("tiny"), rng=0)  # warm up imports and caches
    t0 = time.perf_counter()
    data = simulate(cfg, rng=0)
    return time.perf_counter() - t0, data


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    t_sim, data = simulate_world(n)
    t_faker = faker_rows(n)
    print(f"N = {n:,} customers")
    print(f"simulate() whole world : {t_sim:7.2f} s  ({data})")
    print(f"Faker name+address+email row by row: {t_faker:7.2f} s")
    print(f"ratio simulate / Faker : {t_sim / t_faker:7.3f}  (target < 1)")


if __name__ == "__main__":
    main()
