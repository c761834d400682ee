"""Simulating the whole VietShop world vs Faker producing a name, an address and an e-mail row by row.

Target (issue 9): for N = 20,000 customers, ``simulate`` (every table) takes at most 0.5 × the time
Faker alone needs for three fields per customer. Both run in this process, one after the other, so the
ratio is what counts. "cold" includes importing the simulator and its first call (what a student pays
in a fresh kernel); "warm" is a second call. The time of each part is printed too.

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


def simulate_world(n: int) -> tuple[float, float, dict[str, float], object]:
    t0 = time.perf_counter()
    from ecrm_lab.synth import ShopConfig, simulate

    cfg = ShopConfig(n_customers=n)
    data = simulate(cfg, rng=0)
    cold = time.perf_counter() - t0
    parts: dict[str, float] = {}
    last = [None, 0.0]

    def progress(name: str) -> None:
        now = time.perf_counter()
        if last[0] is not None:
            parts[last[0]] = parts.get(last[0], 0.0) + now - last[1]
        last[:] = [name, now]

    t0 = time.perf_counter()
    data = simulate(cfg, rng=0, progress=progress)
    warm = time.perf_counter() - t0
    progress("")  # close the last part (table assembly after it is counted in it)
    return cold, warm, parts, data


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    cold, warm, parts, data = simulate_world(n)
    t_faker = faker_rows(n)
    print(f"N = {n:,} customers: {data}")
    print(f"simulate() cold (imports + first call): {cold:7.2f} s")
    print(f"simulate() warm (second call)         : {warm:7.2f} s")
    for name, sec in sorted(parts.items(), key=lambda kv: -kv[1]):
        print(f"    {name:<12} {sec:6.2f} s")
    print(f"Faker name+address+email row by row   : {t_faker:7.2f} s")
    print(
        f"ratio simulate / Faker: cold {cold / t_faker:6.3f}, warm {warm / t_faker:6.3f}  (target ≤ 0.5)"
    )


if __name__ == "__main__":
    main()
