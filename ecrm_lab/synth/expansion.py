"""Opt-in expansion behaviours of the order baskets: up-sell between price tiers, replenishment.

Both are off by default (``ShopConfig.upsell_prob = replenish_prob = 0``): then the order lines are
exactly those of :func:`~ecrm_lab.synth.purchases.make_order_items` and every table is byte-identical
to a world without them. Switched on, they change the baskets (never the order dates, statuses or
customers) and draw from the stream of part 16 (``block.seed.stream(16, block.index)``), so the
other parts' draws do not move.

* **Up-sell** (``upsell_prob``): walking through each customer's orders in time, a line in a
  subcategory the customer bought before moves, with probability ``upsell_prob``, to a product one
  price tier above the tier of their previous purchase there (:func:`product_tier`: basic →
  standard → premium), unless it already is in a dearer tier than that purchase or the previous
  one was premium. Among consecutive purchases in a subcategory the share that go to a dearer tier
  is then ``share₀ + upsell_prob · (1 − share₀)`` for the purchases from a basic or standard
  product, ``share₀`` being the share without the behaviour.
* **Replenishment** (``replenish_prob``): a consumable (``replenish_days`` of the ``subcategory``
  vocabulary) bought in a completed order is bought again — the same product and quantity, one
  line added — with probability ``replenish_prob`` in the customer's first order placed between
  :data:`REPLENISH_WINDOW` times its cycle after it (if there is such an order; the repeat buy is
  itself a purchase that can be replenished).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import vocabulary
from .config import ShopConfig

__all__ = ["product_tier", "replenish_days", "expansion_truth", "REPLENISH_WINDOW"]

#: A replenishment falls in the first order between these multiples of the cycle after the purchase.
REPLENISH_WINDOW = (0.75, 1.35)


def product_tier(products: pd.DataFrame) -> pd.Series:
    """The price tier of each product: price terciles within its subcategory.

    The simulator's ``products.tier`` column holds exactly this; use it on a catalogue without one.

    Parameters
    ----------
    products : DataFrame
        One row per product: ``subcategory`` and ``price``, in catalogue order (ties in price are
        ranked in row order).

    Returns
    -------
    pandas.Series
        Codes of the ``tier`` vocabulary (``basic``, ``standard``, ``premium``; cheapest first), on
        the index of ``products``: a product whose price rank within its subcategory is in the first
        third (rank / count ≤ 1/3) is basic, up to 2/3 standard, else premium.

    Examples
    --------
    >>> p = pd.DataFrame({"subcategory": ["a", "a", "a", "b"], "price": [30, 10, 20, 5]})
    >>> product_tier(p).tolist()
    ['premium', 'basic', 'standard', 'premium']
    """
    tiers = vocabulary.codes("tier")
    rank = products.groupby("subcategory")["price"].rank(pct=True, method="first").to_numpy()
    return pd.Series(
        np.select([rank <= 1 / 3, rank <= 2 / 3], list(tiers[:2]), tiers[2]),
        index=products.index,
        name="tier",
    )


def replenish_days() -> dict[str, int]:
    """The replenishment cycle (days) of each consumable subcategory, by Vietnamese name.

    Returns
    -------
    dict of str to int
        Subcategory name (``products.subcategory``) → days, from the ``replenish_days`` column of the
        ``subcategory`` vocabulary; subcategories that are not consumables are left out.

    Examples
    --------
    >>> replenish_days()["Tã bỉm"]
    21
    """
    days = vocabulary.mapping("subcategory", "replenish_days", key="vi")
    return {k: int(v) for k, v in days.items() if str(v).strip()}


def expansion_truth(cfg: ShopConfig, n: int) -> pd.DataFrame:
    """``crm_truth`` rows of the opt-in expansion behaviours (their planted settings).

    Parameters
    ----------
    cfg : ShopConfig
        The world's configuration (``upsell_prob``, ``replenish_prob``).
    n : int
        Customers of the block (the weight of the rows when the blocks are combined).

    Returns
    -------
    DataFrame
        ``parameter``, ``value``, ``n``, ``description``.
    """
    from .emails import _truth_rows

    rows = [
        (
            "upsell_prob",
            cfg.upsell_prob,
            "probability that a repeat purchase in a subcategory moves one tier above the "
            "previous one (0: off)",
        ),
        (
            "replenish_prob",
            cfg.replenish_prob,
            "probability that a consumable is bought again near its replenishment cycle (0: off)",
        ),
        (
            "replenish_window_low",
            REPLENISH_WINDOW[0],
            "a replenishment falls in the first order from this multiple of the cycle …",
        ),
        ("replenish_window_high", REPLENISH_WINDOW[1], "… up to this multiple of the cycle"),
    ]
    return _truth_rows(rows, n)
