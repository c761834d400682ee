"""Simulating the whole VietShop world vs Faker producing a name, an address and an e-mail row by row.

Target (issue 9): for N = 20,000 customers, ``simulate`` (every table) takes at most 0.5 × the time
Faker alone needs for three fields per customer. Both run in this process, one after the other, so the
ratio is what counts. "cold" includes importing the simulator and its first call (what a student pays
in a fresh kernel); "warm" is a later call. The time of each part is printed too. On a shared machine
the load changes from second to second, so the warm call and Faker run REPEAT times, one after the
other, and the best time of each is compared (REPEAT=1: one of each, as before); the CPU times
(``time.process_time``, all threads) are compared too, as they depend less on the other jobs.

    python benchmarks/bench_simulate_vs_faker.py [N] [REPEAT]
"""

from __future__ import annotations

import sys
import time


def faker_rows(n: int) -> tuple[float, float]:
    from faker import Faker

    fake = Faker("vi_VN")
    Faker.seed(0)
    t0, c0 = time.perf_counter(), time.process_time()
    rows = [(fake.name(), fake.address(), fake.email()) for _ in range(n)]
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    assert len(rows) == n
    return elapsed, cpu


def simulate_cold(n: int) -> float:
    t0 = time.perf_counter()
    from ecrm_lab.synth import ShopConfig, simulate

    simulate(ShopConfig(n_customers=n), rng=0)
    return time.perf_counter() - t0


def simulate_warm(n: int) -> tuple[float, float, dict[str, float], object]:
    from ecrm_lab.synth import ShopConfig, simulate

    cfg = ShopConfig(n_customers=n)
    parts: dict[str, float] = {}
    last = [None, 0.0]

    def progress(name: str) -> None:
        now = time.perf_counter()
        if last[0] is not None:
            parts[last[0]] = parts.get(last[0], 0.0) + now - last[1]
        last[:] = [name, now]

    from ecrm_lab.synth import core

    def shopdata(tables, **kw):  # the block tables are joined: time ShopData's dtype checks apart
        progress("ShopData")
        return plain(tables, **kw)

    plain, core.ShopData = core.ShopData, shopdata
    try:
        t0, c0 = time.perf_counter(), time.process_time()
        data = simulate(cfg, rng=0, progress=progress)
        warm, cpu = time.perf_counter() - t0, time.process_time() - c0
    finally:
        core.ShopData = plain
    progress("")  # close the last part
    return warm, cpu, parts, data


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    cold = simulate_cold(n)
    runs, fakes = [], []
    for _ in range(repeat):
        runs.append(simulate_warm(n))
        fakes.append(faker_rows(n))
    warm, _, parts, data = min(runs, key=lambda r: r[0])
    cpu = min(r[1] for r in runs)
    t_faker, cpu_faker = min(f[0] for f in fakes), min(f[1] for f in fakes)
    print(f"N = {n:,} customers: {data}")
    print(f"simulate() cold (imports + first call): {cold:7.2f} s")
    print(
        f"simulate() warm (best of {repeat})           : {warm:7.2f} s   all: "
        + ", ".join(f"{r[0]:.2f}" for r in runs)
    )
    for name, sec in sorted(parts.items(), key=lambda kv: -kv[1]):
        print(f"    {name:<12} {sec:6.2f} s")
    print(
        f"Faker name+address+email (best of {repeat}): {t_faker:7.2f} s   all: "
        + ", ".join(f"{t[0]:.2f}" for t in fakes)
    )
    print(f"CPU time (best of {repeat}): simulate {cpu:.2f} s, Faker {cpu_faker:.2f} s")
    print(
        f"ratio simulate / Faker: cold {cold / t_faker:6.3f}, warm {warm / t_faker:6.3f}, "
        f"warm CPU {cpu / cpu_faker:6.3f}  (target ≤ 0.5)"
    )


if __name__ == "__main__":
    main()
