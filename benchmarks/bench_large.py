"""Wall time and peak memory of writing a large world to Parquet with ``ecrm-lab generate``.

Targets (issue 9 §4, on 2 cores): 1,000,000 customers in ≤ 90 s and ≤ 2.5 GB peak resident memory;
the peak at 1 M at most 1.25 × the peak at 250 k (memory bounded by the block, not the world);
``--workers 2`` faster than 1.

Each run is a child ``ecrm-lab generate`` process. Memory is sampled every 0.2 s with psutil over the
whole process tree (the parent and its worker processes): "peak tree" is the largest sum seen, "peak
process" the largest single process (also checked against ``ru_maxrss`` of the waited-for children). A
baseline workload (sorting 20 million floats) runs first in this process; the ratio of each run to it
is less sensitive to a busy machine than the seconds are. The CPU seconds of the whole process tree
(``RUSAGE_CHILDREN``: the run and its waited-for workers) are printed too: on a machine shared with other
jobs they move much less than the wall time, and CPU / workers is what the wall time would be on free
cores if the work spread evenly.

    python benchmarks/bench_large.py                 # 250k on 1 and 2 workers, then 1M on 2 workers
    python benchmarks/bench_large.py 250000:1 250000:2   # chosen runs, N:workers
"""

from __future__ import annotations

import pathlib
import resource
import shutil
import subprocess
import sys
import tempfile
import time


def _baseline() -> float:
    import numpy as np

    t0 = time.perf_counter()
    np.sort(np.random.default_rng(0).random(20_000_000))
    return time.perf_counter() - t0


def run(n: int, workers: int, folder: pathlib.Path) -> dict[str, float]:
    import psutil

    out = folder / f"w{n}_{workers}"
    cmd = [
        sys.executable, "-m", "ecrm_lab.cli", "generate", "--customers", str(n), "--format",
        "parquet", "--workers", str(workers), "--out", str(out), "--quiet",
    ]  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = psutil.Popen(cmd, stdout=subprocess.DEVNULL)
    peak_tree = peak_proc = 0
    while proc.poll() is None:
        try:
            procs = [proc, *proc.children(recursive=True)]
            rss = [p.memory_info().rss for p in procs]
        except psutil.Error:
            continue
        peak_tree = max(peak_tree, sum(rss))
        peak_proc = max(peak_proc, max(rss))
        time.sleep(0.2)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        raise SystemExit(f"generate failed with status {proc.returncode}")
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    shutil.rmtree(out)
    return {
        "wall": wall, "cpu": cpu, "tree": peak_tree / 1e9, "proc": peak_proc / 1e9,
        "disk": size / 1e9,
    }  # fmt: skip


def main() -> None:
    runs = [tuple(map(int, a.split(":"))) for a in sys.argv[1:]] or [
        (250_000, 1),
        (250_000, 2),
        (1_000_000, 2),
    ]
    base = _baseline()
    print(f"baseline (sort 20M floats): {base:.2f} s")
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench_large_") as tmp:
        for n, workers in runs:
            r = run(n, workers, pathlib.Path(tmp))
            results[(n, workers)] = r
            print(
                f"N = {n:>9,}  workers {workers}: wall {r['wall']:6.1f} s ({r['wall'] / base:5.1f}"
                f" × baseline)  peak tree {r['tree']:5.2f} GB  peak process {r['proc']:5.2f} GB"
                f"  on disk {r['disk']:5.2f} GB\n{'':24}CPU {r['cpu']:6.1f} s (process tree;"
                f" CPU / workers = {r['cpu'] / workers:5.1f} s)",
                flush=True,
            )
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024**2
    print(f"ru_maxrss of the largest waited-for child: {children:.2f} GB")
    for (n, w), r in results.items():
        if n == 1_000_000 and (250_000, w) in results:
            ratio = r["tree"] / results[(250_000, w)]["tree"]
            print(f"peak tree 1M / 250k (workers {w}): {ratio:.2f}  (target ≤ 1.25)")
        if w == 2 and (n, 1) in results:
            print(
                f"N = {n:,}: workers 2 / workers 1 wall time = {r['wall'] / results[(n, 1)]['wall']:.2f}"
            )
    print("targets: 1M ≤ 90 s and ≤ 2.5 GB; RSS(1M) ≤ 1.25 × RSS(250k); workers 2 faster than 1")


if __name__ == "__main__":
    main()
