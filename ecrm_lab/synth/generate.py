"""Write a world to disk block by block: bounded memory, 1 or more processes, or a Dask cluster.

Layout of the output folder:

* ``format="parquet"``: each table is a Parquet dataset folder ``<table>/part-<block:05d>.parquet``,
  one file per customer block; the shared and reduced tables (``products``, ``campaigns``,
  ``marketing_spend``, ``truth_params``) are a single ``part-00000.parquet``. Columns have compact
  types: categories as dictionaries (int32 codes), counts as int32, VND amounts as int64, dates and
  times as timestamps in seconds, float32 where one decimal is all there is (``sessions.minutes``).
* ``format="csv"``: one ``<table>.csv`` per table, as :meth:`ShopData.save` writes it.

Plus ``config.yaml`` (the config and the seed) and ``manifest.json`` (every file, its rows and sha256).

Each block is a task that simulates its customers and writes its own part files, returning only the
number of rows and the block's share of the reduced tables, so the memory of the parent process does not
grow with the world and a worker holds one block at a time. The rows depend on the seed and
``ShopConfig.block_size`` only, never on the engine or the number of workers.
"""

from __future__ import annotations

import os
import pathlib
import shutil
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from .. import _schema
from .._atomic import atomic_output
from .._manifest import write_manifest
from .config import ShopConfig
from .core import resolve_seed
from .engine import block_table_names, reduce_tables, run_block, run_shared
from .parts import EVERY_BLOCK_REDUCED, OUTPUT_TABLES, REDUCERS, Block, plan_blocks

__all__ = ["generate", "ENGINES", "FORMATS", "arrow_schema"]

ENGINES = ("local", "dask")
FORMATS = ("parquet", "csv")
_FLOAT32 = {("sessions", "minutes")}
_BLOCKS_DIR = ".blocks"


def arrow_schema(table: str):
    """Return the compact pyarrow schema of a known table (see the module docstring).

    Parameters
    ----------
    table : str
        A table of the world (:data:`~ecrm_lab.synth.parts.OUTPUT_TABLES`).

    Returns
    -------
    pyarrow.Schema
        One field per column of :mod:`ecrm_lab._schema`, in order: categories as dictionaries
        (int32 codes), dates and times as timestamps in seconds, VND integers as int64 and other
        integers as int32, numbers as float64 (float32 for ``sessions.minutes``), booleans, else
        strings.

    Raises
    ------
    KeyError
        If ``table`` is not a known table; the message lists the known ones.

    Examples
    --------
    >>> arrow_schema("marketing_spend").names
    ['date', 'channel', 'spend']
    """
    import pyarrow as pa

    fields = []
    for col in _schema.columns_of(table):
        if col.kind == "category":
            typ = pa.dictionary(pa.int32(), pa.string())
        elif col.kind in ("date", "datetime"):
            typ = pa.timestamp("s")
        elif col.kind == "integer":
            typ = pa.int64() if col.unit == "VND" else pa.int32()
        elif col.kind == "number":
            typ = pa.float32() if (table, col.column) in _FLOAT32 else pa.float64()
        elif col.kind == "boolean":
            typ = pa.bool_()
        else:
            typ = pa.string()
        fields.append(pa.field(col.column, typ))
    return pa.schema(fields)


def _write_parquet(df: pd.DataFrame, table: str, path: pathlib.Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(table)
    df = df[[f.name for f in schema]]
    arrays = []
    for field in schema:
        s = df[field.name]
        if pa.types.is_dictionary(field.type) or pa.types.is_string(field.type):
            arr = pa.array(s, from_pandas=True)  # pandas' arrow strings pass without a copy
            if pa.types.is_dictionary(arr.type):
                arr = arr.cast(pa.string())
            if not pa.types.is_string(arr.type):
                arr = arr.cast(pa.string())
            if pa.types.is_dictionary(field.type):
                arr = arr.dictionary_encode().cast(field.type)
        elif pa.types.is_timestamp(field.type):
            arr = pa.array(pd.to_datetime(s).astype("datetime64[s]"), type=field.type)
        else:
            arr = pa.array(s, type=field.type, from_pandas=True)
        arrays.append(arr)
    path.parent.mkdir(parents=True, exist_ok=True)
    # dictionary pages only where values repeat (not for ids, names and texts): faster and smaller
    repeat = [f.name for f in schema if not pa.types.is_string(f.type)]
    pq.write_table(
        pa.Table.from_arrays(arrays, schema=schema),
        path,
        compression="zstd",
        use_dictionary=repeat,
    )


def _csv_text(df: pd.DataFrame, table: str, header: bool) -> str:
    from ..shopdata import restore_dtypes

    return restore_dtypes(df, table).to_csv(
        index=False, header=header, encoding="utf-8", lineterminator="\n"
    )


def _write(df: pd.DataFrame, table: str, folder: pathlib.Path, block: int, fmt: str) -> str:
    """Write one block's part of a table; returns its path relative to ``folder``."""
    if fmt == "parquet":
        rel = f"{table}/part-{block:05d}.parquet"
        _write_parquet(df, table, folder / rel)
    else:
        rel = f"{_BLOCKS_DIR}/{table}/part-{block:05d}.csv"
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(_csv_text(df, table, header=False), encoding="utf-8")
    return rel


def _block_task(
    config: Mapping[str, Any], block: Block, shared: Mapping[str, Any], folder: str, fmt: str
) -> dict[str, Any]:
    """Simulate one block and write its part files (runs in a worker)."""
    cfg = ShopConfig.from_dict(config)
    tables = run_block(cfg, block, shared)
    rows = {}
    for name in block_table_names():
        _write(tables[name], name, pathlib.Path(folder), block.index, fmt)
        rows[name] = len(tables[name])
    keep = REDUCERS if block.index == 0 else EVERY_BLOCK_REDUCED
    return {"block": block.index, "rows": rows, "reduce": {k: tables[k] for k in keep}}


def _run_local(tasks, workers: int, on_done):
    if workers == 1:
        for args in tasks:
            on_done(_block_task(*args))
        return
    import concurrent.futures as cf
    import multiprocessing

    with cf.ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(_block_task, *args) for args in tasks]
        try:
            for fut in cf.as_completed(futures):
                on_done(fut.result())
        except BaseException:
            for fut in futures:
                fut.cancel()
            raise


def _run_dask(tasks, workers: int, scheduler: str | None, on_done):
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:  # pragma: no cover - depends on the installation
        raise ImportError(
            "the Dask engine needs the optional extra: pip install 'ecrm_lab[scale]'"
        ) from None
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
    client = Client(scheduler if scheduler is not None else cluster)
    try:
        futures = [client.submit(_block_task, *args, pure=False) for args in tasks]
        for fut in as_completed(futures):
            on_done(fut.result())
            fut.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def generate(
    config: ShopConfig,
    out: str | os.PathLike,
    *,
    rng: int = 0,
    format: str = "parquet",
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    overwrite: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Simulate a world block by block and write it to the folder ``out``.

    Parameters
    ----------
    config : ShopConfig
        The scenario (``config.block_size`` customers per block).
    out : path
        Output folder; written atomically (a temporary folder beside it is renamed at the end).
    rng : int
        Seed.
    format : {"parquet", "csv"}
        File format (see the module docstring for the layout).
    workers : int
        Worker processes (``engine="local"``) or Dask workers of the local cluster.
    engine : {"local", "dask"}
        ``local``: this process (``workers=1``) or a spawn-safe process pool; ``dask``: a
        ``dask.distributed`` cluster (a local one unless ``scheduler`` is given; the workers of a
        remote cluster must see the output folder).
    scheduler : str, optional
        Address of a running ``distributed`` scheduler (``tcp://host:8786``).
    overwrite : bool
        Replace an output folder that holds files.
    progress : callable, optional
        Called as ``progress(blocks_done, n_blocks)`` after each block.

    Returns
    -------
    dict
        Rows written per table, in the order of the tables.
    """
    if not isinstance(config, ShopConfig):
        raise TypeError(f"config must be a ShopConfig, not {type(config).__name__}")
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}: choose one of {', '.join(FORMATS)}")
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be an integer ≥ 1, got {workers!r}")
    if scheduler is not None and engine != "dask":
        raise ValueError("a scheduler address needs engine='dask'")
    if isinstance(rng, bool) or not isinstance(rng, int) or rng < 0:
        raise ValueError(f"rng must be a non-negative integer seed, got {rng!r}")
    seed = resolve_seed(rng)
    blocks = plan_blocks(config.n_customers, config.block_size, seed)
    with atomic_output(out, overwrite=overwrite) as tmp:
        shared = run_shared(config, seed)
        shared_tables = {k: v for k, v in shared.items() if not k.startswith("_")}
        rows: dict[str, int] = {}
        files: dict[str, list[str]] = {}
        for name, df in shared_tables.items():
            files[name] = [_write(df, name, tmp, 0, format)]
            rows[name] = len(df)
        partials: dict[str, dict[int, pd.DataFrame]] = {}
        done = 0

        def on_done(result: dict[str, Any]) -> None:
            nonlocal done
            for name, n in result["rows"].items():
                rows[name] = rows.get(name, 0) + n
            for name, df in result["reduce"].items():
                partials.setdefault(name, {})[result["block"]] = df
            done += 1
            if progress:
                progress(done, len(blocks))

        cfg_dict = config.to_dict()
        tasks = [(cfg_dict, b, shared, str(tmp), format) for b in blocks]
        if engine == "dask":
            _run_dask(tasks, workers, scheduler, on_done)
        else:
            _run_local(tasks, workers, on_done)
        reduced = reduce_tables({k: [v[i] for i in sorted(v)] for k, v in partials.items()})
        for name, df in reduced.items():
            files[name] = [_write(df, name, tmp, 0, format)]
            rows[name] = len(df)
        for name in block_table_names():
            files[name] = [_write_marker(name, b.index, format) for b in blocks]
        if format == "csv":
            files = _join_csv(tmp, files)
        meta = {"seed": int(rng), **cfg_dict}
        import yaml

        (tmp / "config.yaml").write_text(
            yaml.safe_dump(meta, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
        write_manifest(tmp, {t: files[t] for t in OUTPUT_TABLES}, fmt=format, config=meta)
    return {t: rows[t] for t in OUTPUT_TABLES}


def _write_marker(table: str, block: int, fmt: str) -> str:
    """The relative path :func:`_write` gave a block's part of ``table``."""
    if fmt == "parquet":
        return f"{table}/part-{block:05d}.parquet"
    return f"{_BLOCKS_DIR}/{table}/part-{block:05d}.csv"


def _join_csv(folder: pathlib.Path, files: dict[str, list[str]]) -> dict[str, list[str]]:
    """Concatenate each table's CSV parts, in block order, below one header into ``<table>.csv``."""
    out = {}
    for table, parts in files.items():
        target = folder / f"{table}.csv"
        header = ",".join(c.column for c in _schema.columns_of(table)) + "\n"
        with target.open("wb") as dst:
            dst.write(header.encode("utf-8"))
            for rel in parts:
                with (folder / rel).open("rb") as src:  # parts are written without a header
                    shutil.copyfileobj(src, dst, 1 << 20)
        out[table] = [target.name]
    shutil.rmtree(folder / _BLOCKS_DIR, ignore_errors=True)
    return out
