"""Wall time and peak memory of simulating 1,000,000 customers (target: ≤ 60 s and ≤ 4 GB here).

The simulation runs in a child process so that its peak resident memory (ru_maxrss) is its own. A
baseline workload (sorting 20 million floats) runs in the same child first; the ratio of the two times is
less sensitive to a busy machine than the seconds are.

    python benchmarks/bench_large.py [N]
"""

from __future__ import annotations

import subprocess
import sys

CHILD = r"""
import resource, sys, time
import numpy as np
t0 = time.perf_counter()
np.sort(np.random.default_rng(0).random(20_000_000))
baseline = time.perf_counter() - t0
from ecrm_lab.synth import ShopConfig, simulate
n = int(sys.argv[1])
t0 = time.perf_counter()
data = simulate(ShopConfig(n_customers=n), rng=1)
elapsed = time.perf_counter() - t0
peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
print(f"N = {n:,} customers: {data}")
print(f"wall time  : {elapsed:6.1f} s   (target ≤ 60 s)")
print(f"peak memory: {peak_gb:6.2f} GB  (target ≤ 4 GB)")
print(f"baseline (sort 20M floats): {baseline:.2f} s; simulate / baseline = {elapsed / baseline:.1f}")
"""


def main() -> None:
    n = sys.argv[1] if len(sys.argv) > 1 else "1000000"
    subprocess.run([sys.executable, "-c", CHILD, n], check=True)


if __name__ == "__main__":
    main()
