"""Run the parts of a world: the shared parts once, the block parts block by block.

:func:`run_shared` and :func:`run_block` are all an engine needs; :func:`simulate_tables` runs every
block in this process and keeps the tables in memory (used by :func:`~ecrm_lab.synth.simulate`), while
:mod:`ecrm_lab.synth.generate` streams the blocks to disk on a process pool or a Dask cluster.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

import pandas as pd

from .._docs import fill_doc
from .config import ShopConfig
from .parts import OUTPUT_TABLES, PARTS, REDUCERS, Block, Seed, plan_blocks

__all__ = [
    "run_shared",
    "run_block",
    "reduce_tables",
    "simulate_tables",
    "shared_table_names",
    "block_table_names",
]


def _public(tables: Mapping[str, Any]) -> dict[str, pd.DataFrame]:
    return {k: v for k, v in tables.items() if not k.startswith("_")}


def shared_table_names() -> tuple[str, ...]:
    """Name the output tables made once by the shared parts.

    Returns
    -------
    tuple of str
        Table names, in the order of :data:`~ecrm_lab.synth.parts.OUTPUT_TABLES`.
    """
    return tuple(t for t in OUTPUT_TABLES if t in _outputs("shared"))


def block_table_names() -> tuple[str, ...]:
    """Name the output tables made block by block and concatenated (not reduced).

    Returns
    -------
    tuple of str
        Table names, in the order of :data:`~ecrm_lab.synth.parts.OUTPUT_TABLES`; the tables of
        :data:`~ecrm_lab.synth.parts.REDUCERS` are left out.
    """
    return tuple(t for t in OUTPUT_TABLES if t not in _outputs("shared") and t not in REDUCERS)


def _outputs(scope: str) -> set[str]:
    return {t for part in PARTS if part.scope == scope for t in part.tables}


@fill_doc
def run_shared(
    cfg: ShopConfig, seed: Seed, progress: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """Run the shared parts once.

    Parameters
    ----------
    {synth_cfg}
    {synth_seed}
    {synth_progress}

    Returns
    -------
    dict
        ``{table name: table}`` of the shared parts, working tables (names starting with ``_``)
        included; pass it to :func:`run_block`.
    """
    tables: dict[str, Any] = {}
    whole = Block(0, 0, cfg.n_customers, cfg.n_customers, seed)
    for part in PARTS:
        if part.scope == "shared":
            if progress:
                progress(part.name)
            tables.update(part.run(cfg, seed.stream(part.key), MappingProxyType(tables), whole))
    return tables


@fill_doc
def run_block(
    cfg: ShopConfig,
    block: Block,
    shared: Mapping[str, Any],
    progress: Callable[[str], None] | None = None,
) -> dict[str, pd.DataFrame]:
    """Run the block parts for one customer block.

    Parameters
    ----------
    {synth_cfg}
    block : Block
        The customer block (:func:`~ecrm_lab.synth.parts.plan_blocks`).
    shared : mapping
        The tables of the shared parts, from :func:`run_shared`.
    {synth_progress}

    Returns
    -------
    dict of pandas.DataFrame
        ``{table name: DataFrame}``: every output table except the shared ones, for this block's
        customers. Concatenate the tables over blocks, and combine those in
        :data:`~ecrm_lab.synth.parts.REDUCERS` with :func:`reduce_tables`.
    """
    tables: dict[str, Any] = dict(shared)
    for part in PARTS:
        if part.scope == "block":
            if progress:
                progress(part.name)
            rng = block.seed.stream(part.key, block.index)
            tables.update(part.run(cfg, rng, MappingProxyType(tables), block))
    return {k: v for k, v in _public(tables).items() if k not in shared}


def reduce_tables(partials: Mapping[str, list[pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """Combine the reduced tables over blocks.

    Parameters
    ----------
    partials : mapping of str to list of pandas.DataFrame
        ``{table name: [block 0's table, block 1's table, …]}`` for tables of
        :data:`~ecrm_lab.synth.parts.REDUCERS`, in block order.

    Returns
    -------
    dict of pandas.DataFrame
        ``{table name: the world's table}``: the daily ``marketing_spend`` summed over blocks,
        ``campaigns`` and ``truth_params`` as block 0 made them.
    """
    return {name: REDUCERS[name](parts) for name, parts in partials.items()}


@fill_doc
def simulate_tables(
    cfg: ShopConfig, seed: Seed, progress: Callable[[str], None] | None = None
) -> dict[str, pd.DataFrame]:
    """Compute every output table of a world, block by block in this process (held in memory).

    Parameters
    ----------
    {synth_cfg}
    {synth_seed}
    {synth_progress}

    Returns
    -------
    dict of pandas.DataFrame
        ``{table name: DataFrame}`` for the tables of :data:`~ecrm_lab.synth.parts.OUTPUT_TABLES`,
        in that order (the columns of each are described in :mod:`ecrm_lab._schema`).
    """
    shared = run_shared(cfg, seed, progress)
    pieces: dict[str, list[pd.DataFrame]] = {}
    for block in plan_blocks(cfg.n_customers, cfg.block_size, seed):
        for name, df in run_block(cfg, block, shared, progress).items():
            pieces.setdefault(name, []).append(df)
    out = _public(shared)
    out.update(reduce_tables({k: v for k, v in pieces.items() if k in REDUCERS}))
    for name, parts in pieces.items():
        if name not in REDUCERS:
            out[name] = parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)
    return {name: out[name] for name in OUTPUT_TABLES}
