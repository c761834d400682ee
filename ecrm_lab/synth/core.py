"""``simulate``: one call from a config and a seed to a whole VietShop world.

``simulate`` is a short loop over the ordered parts of the world (:data:`~ecrm_lab.synth.parts.PARTS`;
how to add one is described there).
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import numpy as np

from ..shopdata import ShopData
from .config import ShopConfig
from .engine import simulate_tables
from .parts import PARTS, Seed

__all__ = ["simulate", "PARTS", "Seed", "resolve_seed", "check_progress"]


def resolve_seed(rng: int | np.random.Generator | None) -> Seed:
    """Check ``rng`` and turn it into a :class:`Seed`.

    An int seed ``s`` gives the streams ``SeedSequence(s, spawn_key=(key,))``; a fresh
    ``numpy.random.default_rng(s)`` gives the same ones. A Generator's seed sequence is advanced, so a
    second call with the same Generator gives another world (as ``Generator.spawn`` would).

    Parameters
    ----------
    rng : int, numpy.random.Generator or None
        A non-negative int seed, a Generator built from a ``SeedSequence``
        (``numpy.random.default_rng``), or None for fresh entropy (a different world every call).

    Returns
    -------
    Seed
        The root of the world's random streams.

    Raises
    ------
    TypeError
        If ``rng`` is of another type (a bool included) or a Generator without a ``SeedSequence``.
    ValueError
        If the int seed is negative.

    Examples
    --------
    >>> resolve_seed(42)
    Seed(entropy=42, spawn_key=(), offset=0)
    """
    if isinstance(rng, np.random.Generator):
        ss = rng.bit_generator.seed_seq
        if not isinstance(ss, np.random.SeedSequence):
            raise TypeError(
                "rng must be a Generator built from a SeedSequence (numpy.random.default_rng)"
            )
        seed = Seed(ss.entropy, tuple(ss.spawn_key), ss.n_children_spawned)
        ss.spawn(len(PARTS))
        return seed
    if rng is None:
        return Seed(np.random.SeedSequence().entropy)
    if isinstance(rng, bool) or not isinstance(rng, int | np.integer):
        raise TypeError(f"rng must be an int, a numpy Generator or None, not {type(rng).__name__}")
    if rng < 0:
        raise ValueError(f"rng must be a non-negative integer seed, got {rng}")
    return Seed(int(rng))


def check_progress(progress: bool | Callable[[str], None] | None) -> Callable[[str], None]:
    """Return the progress callback of a ``progress`` argument.

    Parameters
    ----------
    progress : bool, callable or None
        ``None`` or ``False``: silent; ``True``: print ``VietShop: <part>`` to stderr as each part
        starts; a function: called with each part's name.

    Returns
    -------
    callable
        A function of one str (the part's name).

    Raises
    ------
    TypeError
        If ``progress`` is neither a bool, None nor callable.
    """
    if progress is None or progress is False:
        return lambda name: None
    if progress is True:
        return lambda name: print(f"VietShop: {name}", file=sys.stderr)
    if not callable(progress):
        raise TypeError(
            f"progress must be True, False or a function called with each part's name, "
            f"not {type(progress).__name__} {progress!r}"
        )
    return progress


def simulate(
    config: ShopConfig | None = None,
    *,
    rng: int | np.random.Generator | None = None,
    progress: bool | Callable[[str], None] | None = None,
) -> ShopData:
    """Simulate one VietShop world.

    Parameters
    ----------
    config : ShopConfig, optional
        The scenario; default ``ShopConfig()`` (the ``small`` preset).
    rng : int, numpy.random.Generator or None
        Source of all randomness (SPEC 7). Each part of the world draws from its own stream, in each
        block of ``config.block_size`` customers (:mod:`ecrm_lab.synth.parts`), so a part added later
        never changes the existing tables for the same seed, and the same seed and block size give the
        same rows however the blocks are run (:func:`ecrm_lab.synth.generate.generate` writes them to
        disk block by block, on several processes or a Dask cluster).
    progress : bool or callable, optional
        ``True`` prints the name of each part as it starts; a function is called with that name (the
        CLI's progress bar); ``False`` or ``None``: silent.

    Returns
    -------
    ShopData
        The 22 tables, in this order (``data.table_names``): the shop's ``customers``,
        ``products``, ``orders``, ``order_items``, ``sessions`` and the hidden ``truth``; marketing
        and sales ``prospects``, ``touchpoints``, ``campaigns``, ``marketing_spend``,
        ``sales_chats``, ``chat_messages`` and their hidden ``truth_params``; service
        ``deliveries``, ``tickets``, ``warranty_claims``, ``surveys`` and the hidden
        ``service_truth``; CRM ``emails``, ``winback``, ``referrals`` and the hidden ``crm_truth``.

    Examples
    --------
    >>> data = simulate(ShopConfig.preset("tiny"), rng=42)
    >>> len(data.customers)
    200
    >>> len(data.table_names), data.table_names[13], data.table_names[-1]
    (22, 'deliveries', 'crm_truth')
    """
    if config is None:
        config = ShopConfig()
    if not isinstance(config, ShopConfig):
        raise TypeError(f"config must be a ShopConfig, not {type(config).__name__}")
    step = check_progress(progress)
    seed = resolve_seed(rng)
    tables = simulate_tables(config, seed, step)
    meta = {"seed": int(rng) if isinstance(rng, int | np.integer) else None, **config.to_dict()}
    return ShopData(tables, config=meta)
