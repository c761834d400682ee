"""Import time: ``import ecrm_lab`` (and each topic module) at most twice as long as ``import pandas``.

Each import runs in a fresh interpreter, several times, alternating; the medians are compared.

    python benchmarks/bench_import.py [repeats]
"""

from __future__ import annotations

import statistics
import subprocess
import sys

CASES = {
    "import pandas": "import pandas",
    "import ecrm_lab": "import ecrm_lab",
    "from ecrm_lab import load_vietshop": "from ecrm_lab import load_vietshop",
    "import ecrm_lab.lifecycle": "import ecrm_lab.lifecycle",
    "import ecrm_lab.acquisition": "import ecrm_lab.acquisition",
    "import ecrm_lab.spin": "import ecrm_lab.spin",
    "from ecrm_lab.synth import simulate": "from ecrm_lab.synth import simulate",
}


def one(stmt: str) -> float:
    code = f"import time; t=time.perf_counter(); {stmt}; print(time.perf_counter()-t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout)


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    times = {name: [] for name in CASES}
    for _ in range(repeats):
        for name, stmt in CASES.items():
            times[name].append(one(stmt))
    base = statistics.median(times["import pandas"])
    for name, values in times.items():
        med = statistics.median(values)
        print(f"{name:<36} median {med * 1000:7.1f} ms   ratio to pandas {med / base:5.2f}")
    print("target: import ecrm_lab and each topic module ≤ 2 × import pandas")


if __name__ == "__main__":
    main()
