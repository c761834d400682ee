"""The parts of a VietShop world and the order in which they run (:data:`PARTS`).

A part is a small adapter ``run(cfg, rng, tables, block) -> {name: table}``: it receives the config,
its own ``numpy.random.Generator``, the tables made so far (a read-only mapping) and the customer
block it works on (:class:`Block`), and returns its tables. Names that start with ``_`` are working
tables (arrays or frames passed to later parts) and are not part of the output. The real work lives
in one module per part of the world (:mod:`~ecrm_lab.synth.people`, :mod:`~ecrm_lab.synth.catalog`,
:mod:`~ecrm_lab.synth.purchases`, :mod:`~ecrm_lab.synth.orders`, :mod:`~ecrm_lab.synth.truth`,
:mod:`~ecrm_lab.synth.sessions`, :mod:`~ecrm_lab.synth.marketing`, :mod:`~ecrm_lab.synth.chats`,
:mod:`~ecrm_lab.synth.service`, :mod:`~ecrm_lab.synth.surveys`,
:mod:`~ecrm_lab.synth.emails`, :mod:`~ecrm_lab.synth.winback`, :mod:`~ecrm_lab.synth.referrals`,
:mod:`~ecrm_lab.synth.expansion`).

Shared parts and block parts
----------------------------
Parts whose tables do not depend on the customers (``scope="shared"``: the catalogue) run once.
All other parts run once per customer block (``scope="block"``): block ``b`` holds the customers at
global positions ``b·block_size … (b+1)·block_size − 1`` (:attr:`ShopConfig.block_size`), a random
slice of the world, so one block alone still follows the BG/NBD and adstock assumptions. A block's
tables are concatenated with the other blocks' tables in block order, except the tables in
:data:`REDUCERS`, which are combined over the blocks after they have all run (the daily marketing
spend is a sum over blocks; campaigns and truth parameters do not depend on the block; each value of
``crm_truth`` is the blocks' values averaged with the weights ``n``). The reducers of
:data:`EVERY_BLOCK_REDUCED` receive every block's table, the others block 0's only.

Random streams
--------------
Every part has a fixed ``key``. A shared part draws from
``numpy.random.SeedSequence(seed, spawn_key=(key,))``, a block part in block ``b`` from
``SeedSequence(seed, spawn_key=(key, b))``, so the rows depend only on the seed, the block size and
the part's key — never on which parts come before it, how many there are, or how the blocks are
scheduled over workers. A part may also draw from its shared stream in every block
(:meth:`Block.shared_stream`): the marketing part does so for the daily spend noise, which must be the
same in all blocks.

Ids
---
Customer ids come from the customer's global position (``KH000001`` …); order, prospect, touchpoint
and chat ids are numbered within the block and carry the block number (:mod:`ecrm_lab.synth.ids`).

How to add a part
-----------------
1. Write the model in its own module ``ecrm_lab/synth/<part>.py``: a function taking the config, a
   ``rng`` keyword and the tables (or arrays) it needs, returning DataFrames, documented column by
   column.
2. Write a ``_<part>(cfg, rng, tables, block)`` adapter below that picks its inputs from ``tables``
   and returns ``{table_name: DataFrame}``.
3. Append ``Part("<part>", key=<next unused key>, run=_<part>, scope=...)`` at the **end** of
   :data:`PARTS` (``"shared"`` if it does not depend on the customers, else ``"block"``; a table that
   must be combined over blocks needs an entry in :data:`REDUCERS`).
   Never renumber or reuse a key: the existing tables then stay byte-identical for the same seed
   (``tests/test_scale.py`` checks this by hashing every table).
4. Describe its tables in :mod:`ecrm_lab._schema` and add them to :data:`OUTPUT_TABLES`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from .catalog import make_products
from .chats import make_chats
from .config import ShopConfig
from .emails import make_emails
from .expansion import BasketBehaviours, expansion_truth
from .marketing import make_marketing
from .orders import finish_orders, order_heads
from .people import make_customers
from .purchases import clocks, draw_traits, simulate_purchases
from .service import make_deliveries, make_tickets, make_warranty_claims, service_params
from .referrals import make_referrals
from .sessions import make_sessions
from .surveys import make_surveys, survey_params
from .truth import make_truth
from .winback import make_winback

__all__ = [
    "Part",
    "Block",
    "Seed",
    "PARTS",
    "OUTPUT_TABLES",
    "REDUCERS",
    "EVERY_BLOCK_REDUCED",
    "plan_blocks",
]


@dataclasses.dataclass(frozen=True)
class Seed:
    """The root of all random streams of one world (picklable, so workers can rebuild the streams).

    Parameters
    ----------
    entropy : int, tuple of int or None
        The entropy of the root ``numpy.random.SeedSequence`` (the int seed).
    spawn_key : tuple of int, default ()
        The spawn key of the root sequence (non-empty when the seed came from a Generator).
    offset : int, default 0
        Added to every part's key, so that a second world from the same Generator gets new streams.

    Examples
    --------
    >>> seed = Seed(42)
    >>> bool(seed.stream(3).random() == Seed(42).stream(3).random())
    True
    """

    entropy: int | tuple[int, ...] | None
    spawn_key: tuple[int, ...] = ()
    offset: int = 0

    def stream(self, key: int, block: int | None = None) -> np.random.Generator:
        """Return the generator of part ``key``: shared (``block=None``) or of one customer block.

        Parameters
        ----------
        key : int
            The part's fixed key (:attr:`Part.key`).
        block : int, optional
            The customer block's number; None: the part's shared stream.

        Returns
        -------
        numpy.random.Generator
            A fresh generator on ``SeedSequence(entropy, spawn_key=(*spawn_key, offset + key[,
            block]))``: the same arguments always give the same numbers.
        """
        tail = (self.offset + key,) if block is None else (self.offset + key, block)
        ss = np.random.SeedSequence(self.entropy, spawn_key=(*self.spawn_key, *tail))
        return np.random.default_rng(ss)


@dataclasses.dataclass(frozen=True)
class Block:
    """A slice of the customers: positions ``first … first + size − 1`` of ``n_customers``.

    Parameters
    ----------
    index : int
        The block's number (0, 1, …), used in its random streams and ids.
    first : int
        Global position of the block's first customer.
    size : int
        Number of customers in the block.
    n_customers : int
        Number of customers in the whole world.
    seed : Seed
        The root of the world's random streams.
    """

    index: int
    first: int
    size: int
    n_customers: int
    seed: Seed

    @property
    def scale(self) -> float:
        """This block's share of all customers."""
        return self.size / self.n_customers

    def shared_stream(self, key: int) -> np.random.Generator:
        """Return the shared stream of part ``key`` (the same generator state in every block).

        Parameters
        ----------
        key : int
            The part's fixed key (:attr:`Part.key`).

        Returns
        -------
        numpy.random.Generator
            ``self.seed.stream(key)``, a fresh generator.
        """
        return self.seed.stream(key)


def plan_blocks(n_customers: int, block_size: int, seed: Seed) -> list[Block]:
    """Cut the customers of a world into blocks of ``block_size``.

    Parameters
    ----------
    n_customers : int
        Number of customers in the world.
    block_size : int
        Customers per block (:attr:`ShopConfig.block_size`); the last block may be smaller.
    seed : Seed
        The root of the world's random streams, kept by every block.

    Returns
    -------
    list of Block
        The blocks in order: block ``b`` holds the positions ``b·block_size`` …
        ``(b+1)·block_size − 1``.

    Examples
    --------
    >>> [(b.first, b.size) for b in plan_blocks(5, 2, Seed(0))]
    [(0, 2), (2, 2), (4, 1)]
    """
    return [
        Block(i, first, min(block_size, n_customers - first), n_customers, seed)
        for i, first in enumerate(range(0, n_customers, block_size))
    ]


Tables = Mapping[str, Any]


@dataclasses.dataclass(frozen=True)
class Part:
    """One part of the world: a name, a fixed random-stream key and the function that makes it.

    Parameters
    ----------
    name : str
        The part's name (shown by the progress callback).
    key : int
        The fixed key of its random streams; never renumbered or reused.
    run : callable
        ``run(cfg, rng, tables, block) -> {table name: table}`` (see the module docstring).
    scope : {"block", "shared"}, default "block"
        ``"shared"``: runs once for the whole world; ``"block"``: once per customer block.
    tables : tuple of str, default ()
        Its output tables (working tables ``_…`` left out).
    """

    name: str
    key: int
    run: Callable[[ShopConfig, np.random.Generator, Tables, Block], dict[str, Any]]
    scope: str = "block"
    tables: tuple[str, ...] = ()  # its output tables (working tables ``_…`` left out)


def _customers(cfg, rng, tables, block):
    customers = make_customers(cfg, rng=rng, first=block.first, n=block.size)
    signup_day = (customers["signup_date"] - pd.Timestamp(cfg.start)).dt.days.to_numpy()
    return {"customers": customers, "_signup_day": signup_day}


def _products(cfg, rng, tables, block):
    return {"products": make_products(cfg.n_products, rng=rng)}


def _traits(cfg, rng, tables, block):
    channel = tables["customers"]["acquisition_channel"].to_numpy()
    return {"_traits": draw_traits(cfg, channel, rng=rng)}


def _purchases(cfg, rng, tables, block):
    events, churn_day = simulate_purchases(cfg, tables["_signup_day"], tables["_traits"], rng=rng)
    truth = make_truth(
        cfg, tables["customers"]["customer_id"].to_numpy(), tables["_traits"], churn_day
    )
    return {"_events": events, "_churn_day": churn_day, "truth": truth}


def _orders(cfg, rng, tables, block):
    heads, vrate, chrono = order_heads(
        cfg,
        tables["_events"],
        tables["customers"]["customer_id"].to_numpy(),
        rng=rng,
        block=block.index,
    )
    return {"_order_heads": heads, "_voucher_rate": vrate, "_chrono": chrono}


def _order_items(cfg, rng, tables, block):
    orders, items = finish_orders(
        tables["_order_heads"],
        tables["_voucher_rate"],
        tables["_chrono"],
        tables["_events"],
        tables["products"],
        len(tables["customers"]),
        rng=rng,
        # the opt-in basket behaviours draw from part 16's stream (None when off: no draw at all)
        behaviours=BasketBehaviours.from_config(cfg, lambda: block.seed.stream(16, block.index)),
    )
    return {"orders": orders, "order_items": items}


def _sessions(cfg, rng, tables, block):
    customers, events = tables["customers"], tables["_events"]
    sess = make_sessions(
        cfg,
        events["cust"].to_numpy(),
        events["day"].to_numpy(),
        tables["_signup_day"],
        tables["_churn_day"],
        tables["_traits"],
        customers["acquisition_channel"].to_numpy(),
        clocks(cfg),
        rng=rng,
    )
    sessions = pd.DataFrame(
        {
            "customer_id": customers["customer_id"].to_numpy()[sess["cust"].to_numpy()],
            "session_date": pd.Timestamp(cfg.start)
            + pd.to_timedelta(sess["day"].to_numpy(), unit="D"),
            "visits": sess["visits"].to_numpy(),
            "pageviews": sess["pageviews"].to_numpy(),
            "minutes": sess["minutes"].to_numpy(),
            "traffic_source": sess["traffic_source"].to_numpy(),
        }
    )
    return {"sessions": sessions}


def _marketing(cfg, rng, tables, block):
    mk = make_marketing(
        cfg,
        tables["customers"],
        tables["orders"],
        rng=rng,
        spend_rng=block.shared_stream(7),
        block=block.index,
    )
    return {
        "prospects": mk["prospects"],
        "touchpoints": mk["touchpoints"],
        "campaigns": mk["campaigns"],
        "marketing_spend": mk["marketing_spend"],
        "_marketing_params": mk["params"],
    }


def _chats(cfg, rng, tables, block):
    ch = make_chats(
        cfg,
        tables["customers"],
        tables["orders"],
        tables["order_items"],
        tables["products"],
        tables["prospects"],
        rng=rng,
        block=block.index,
    )
    params = pd.concat([tables["_marketing_params"], ch["params"]], ignore_index=True)
    return {
        "sales_chats": ch["sales_chats"],
        "chat_messages": ch["chat_messages"],
        "truth_params": params,
    }


def _deliveries(cfg, rng, tables, block):
    d = make_deliveries(cfg, tables["customers"], tables["orders"], tables["_churn_day"], rng=rng)
    return {"deliveries": d}


def _tickets(cfg, rng, tables, block):
    t = make_tickets(
        cfg,
        tables["customers"],
        tables["orders"],
        tables["deliveries"],
        tables["_churn_day"],
        tables["_signup_day"],
        rng=rng,
        block=block.index,
    )
    return {"tickets": t}


def _warranty_claims(cfg, rng, tables, block):
    c = make_warranty_claims(
        cfg,
        tables["customers"],
        tables["orders"],
        tables["order_items"],
        tables["products"],
        tables["deliveries"],
        tables["_churn_day"],
        rng=rng,
        block=block.index,
    )
    return {"warranty_claims": c}


def _surveys(cfg, rng, tables, block):
    s = make_surveys(
        cfg,
        tables["customers"],
        tables["truth"],
        tables["deliveries"],
        tables["tickets"],
        tables["warranty_claims"],
        tables["_churn_day"],
        rng=rng,
    )
    truth = pd.concat([service_params(), survey_params()], ignore_index=True)
    return {"surveys": s, "service_truth": truth}


def _emails(cfg, rng, tables, block):
    emails, truth = make_emails(
        cfg, tables["customers"], tables["orders"], rng=rng, block=block.index
    )
    return {"emails": emails, "_crm_truth_emails": truth}


def _winback(cfg, rng, tables, block):
    winback, truth = make_winback(
        cfg,
        tables["customers"],
        tables["orders"],
        tables["_traits"],
        tables["_churn_day"],
        rng=rng,
    )
    return {"winback": winback, "_crm_truth_winback": truth}


def _referrals(cfg, rng, tables, block):
    referrals, truth = make_referrals(cfg, tables["customers"], tables["orders"], rng=rng)
    return {"referrals": referrals, "_crm_truth_referrals": truth}


def _expansion(cfg, rng, tables, block):
    # The opt-in order behaviours (up-sell, replenishment) draw from this part's stream inside the
    # order_items part (``block.seed.stream(16, block.index)``); here only their truth is recorded
    # and the block's crm_truth assembled.
    parts = [
        tables["_crm_truth_emails"],
        tables["_crm_truth_winback"],
        tables["_crm_truth_referrals"],
        expansion_truth(cfg, block.size),
    ]
    return {"crm_truth": pd.concat(parts, ignore_index=True)}


#: The parts in the order they run. ``key`` fixes each part's random stream (see the module docstring:
#: new parts go at the end with the next unused key).
PARTS: tuple[Part, ...] = (
    Part("customers", 0, _customers, tables=("customers",)),
    Part("products", 1, _products, scope="shared", tables=("products",)),
    Part("traits", 2, _traits),
    Part("purchases", 3, _purchases, tables=("truth",)),
    Part("orders", 4, _orders),
    Part("order_items", 5, _order_items, tables=("orders", "order_items")),
    Part("sessions", 6, _sessions, tables=("sessions",)),
    Part(
        "marketing",
        7,
        _marketing,
        tables=("prospects", "touchpoints", "campaigns", "marketing_spend"),
    ),
    Part("chats", 8, _chats, tables=("sales_chats", "chat_messages", "truth_params")),
    Part("deliveries", 9, _deliveries, tables=("deliveries",)),
    Part("tickets", 10, _tickets, tables=("tickets",)),
    Part("warranty_claims", 11, _warranty_claims, tables=("warranty_claims",)),
    Part("surveys", 12, _surveys, tables=("surveys", "service_truth")),
    Part("emails", 13, _emails, tables=("emails",)),
    Part("winback", 14, _winback, tables=("winback",)),
    Part("referrals", 15, _referrals, tables=("referrals",)),
    Part("expansion", 16, _expansion, tables=("crm_truth",)),
)

#: The tables of a world, in the order :class:`~ecrm_lab.shopdata.ShopData` lists them.
OUTPUT_TABLES = (
    "customers", "products", "orders", "order_items", "sessions", "truth", "prospects",
    "touchpoints", "campaigns", "marketing_spend", "sales_chats", "chat_messages", "truth_params",
    "deliveries", "tickets", "warranty_claims", "surveys", "service_truth",
    "emails", "winback", "referrals", "crm_truth",
)  # fmt: skip


def _sum_spend(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Daily spend per channel of the world: the sum of the blocks' spend (same date × channel rows)."""
    first = parts[0]
    for other in parts[1:]:
        if not (
            np.array_equal(other["date"].to_numpy(), first["date"].to_numpy())
            and np.array_equal(other["channel"].to_numpy(), first["channel"].to_numpy())
        ):
            raise RuntimeError("blocks disagree on the date × channel rows of marketing_spend")
    total = np.sum([p["spend"].to_numpy() for p in parts], axis=0)
    return first.assign(spend=total.astype(first["spend"].dtype))


def _first(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """A table that does not depend on the block: block 0's copy."""
    return parts[0]


def _combine_truth(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """``crm_truth`` of the world: each parameter's value averaged over the blocks, weighted by ``n``.

    ``n`` (the customers, e-mails or customers at risk a value is computed over) is summed; a value
    over no unit at all (``n`` = 0 in every block) is missing.
    """
    df = pd.concat(parts, ignore_index=True)
    first = df.drop_duplicates("parameter").set_index("parameter")
    w = df["n"].to_numpy().astype(float)
    v = np.nan_to_num(df["value"].to_numpy()) * w
    total = pd.Series(v).groupby(df["parameter"].to_numpy(), sort=False).sum()
    n = pd.Series(df["n"].to_numpy()).groupby(df["parameter"].to_numpy(), sort=False).sum()
    value = (total / n.replace(0, np.nan)).round(6)
    return pd.DataFrame(
        {
            "parameter": first.index.to_numpy(),
            "value": value.reindex(first.index).to_numpy(),
            "n": n.reindex(first.index).to_numpy().astype(np.int64),
            "description": first["description"].to_numpy(),
        }
    )


#: Tables combined over blocks after all blocks have run (all other block tables are concatenated).
REDUCERS: dict[str, Callable[[list[pd.DataFrame]], pd.DataFrame]] = {
    "marketing_spend": _sum_spend,
    "campaigns": _first,
    "truth_params": _first,
    "service_truth": _first,
    "crm_truth": _combine_truth,
}

#: Reduced tables whose reducer needs the table of every block (the others use block 0's).
EVERY_BLOCK_REDUCED = ("marketing_spend", "crm_truth")
