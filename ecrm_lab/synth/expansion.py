"""Opt-in expansion behaviours of the order baskets: up-sell between price tiers, replenishment.

Both are off by default (``ShopConfig.upsell_prob = replenish_prob = 0``): then the order lines are
exactly those of :func:`~ecrm_lab.synth.purchases.make_order_items` and every table is byte-identical
to a world without them. Switched on, they change the baskets (never the order dates, statuses or
customers) and draw from the stream of part 16 (``block.seed.stream(16, block.index)``), so the
other parts' draws do not move.

* **Up-sell** (``upsell_prob``): walking through each customer's orders in time, a line in a
  subcategory the customer bought before (in a completed order) moves, with probability
  ``upsell_prob``, to the product one price tier above their previous purchase there
  (:func:`product_tier`: basic → standard → premium) priced nearest the line's own product, unless
  it already is in a dearer tier than that purchase or the previous one was premium (the previous
  purchase is the dearest line of the subcategory in the customer's last completed order holding
  one). Among consecutive purchases from a basic product, the share that go to a dearer tier is then
  about ``share₀ + upsell_prob · (1 − share₀)``, ``share₀`` being the share without the behaviour;
  from a standard product the rise is a little smaller, since those purchases now include customers
  moved up from basic, who would rarely go further by themselves.
* **Replenishment** (``replenish_prob``): a consumable (``replenish_days`` of the ``subcategory``
  vocabulary) bought in a completed order is bought again — the same product and quantity, one
  line added — with probability ``replenish_prob`` in the customer's first order placed between
  :data:`REPLENISH_WINDOW` times its cycle after it (if there is such an order; the repeat buy is
  itself a purchase that can be replenished).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from .. import vocabulary
from ._common import truth_rows
from .config import ShopConfig

__all__ = [
    "product_tier",
    "replenish_days",
    "expansion_truth",
    "BasketBehaviours",
    "REPLENISH_WINDOW",
]

#: A replenishment falls in the first order between these multiples of the cycle after the purchase.
REPLENISH_WINDOW = (0.9, 1.3)


def product_tier(products: pd.DataFrame) -> pd.Series:
    """The price tier of each product: price terciles within its subcategory.

    The simulator's ``products.tier`` column holds the same tiers, except where equal prices meet at
    a tercile boundary: the catalogue split them in the order it drew them, this function gives
    equal prices the same tier (their average rank). Use it on a catalogue without a tier column.

    Parameters
    ----------
    products : DataFrame
        One row per product: ``subcategory`` and ``price``.

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
    rank = products.groupby("subcategory")["price"].rank(pct=True, method="average").to_numpy()
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
    return truth_rows(rows, n)


@dataclasses.dataclass(frozen=True)
class BasketBehaviours:
    """The opt-in basket behaviours of one block, applied by :func:`~.purchases.make_order_items`.

    Parameters
    ----------
    upsell_prob, replenish_prob : float
        ``ShopConfig.upsell_prob`` and ``ShopConfig.replenish_prob`` (see the module docstring).
    rng : numpy.random.Generator
        The block's stream of part 16.
    """

    upsell_prob: float
    replenish_prob: float
    rng: np.random.Generator

    @classmethod
    def from_config(cls, cfg: ShopConfig, rng_factory) -> BasketBehaviours | None:
        """The behaviours of ``cfg``, or None when both are off (then nothing is drawn).

        Parameters
        ----------
        cfg : ShopConfig
            The world's configuration.
        rng_factory : callable
            Called without arguments to make the generator, only when a behaviour is on.

        Returns
        -------
        BasketBehaviours or None
            None when ``upsell_prob`` and ``replenish_prob`` are both 0.
        """
        if cfg.upsell_prob <= 0 and cfg.replenish_prob <= 0:
            return None
        return cls(cfg.upsell_prob, cfg.replenish_prob, rng_factory())

    def apply(
        self,
        products: pd.DataFrame,
        order_pos: np.ndarray,
        prod_row: np.ndarray,
        qty: np.ndarray,
        events: pd.DataFrame,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Change the drawn order lines: up-sell first, then the replenishment buys.

        Parameters
        ----------
        products : DataFrame
            The catalogue: ``subcategory``, ``price`` (and ``tier``, else :func:`product_tier`).
        order_pos, prod_row, qty : array of int
            Each line's order (position in ``events``), product (row of ``products``) and quantity,
            ordered by order.
        events : DataFrame
            One row per order, sorted by customer then day: ``cust``, ``day``, ``status``.

        Returns
        -------
        order_pos : numpy.ndarray of int
            Each line's order, after the behaviours (lines ordered by order, then line).
        line_no : numpy.ndarray of int
            Line number within the order, from 0 (an added line comes after the order's own).
        prod_row : numpy.ndarray of int
            Each line's product (row of ``products``).
        qty : numpy.ndarray of int
            Each line's quantity.
        """
        cust = events["cust"].to_numpy().astype(np.int64)
        day = events["day"].to_numpy().astype(np.int64)
        done = events["status"].isin(vocabulary.codes("status", "purchase")).to_numpy()
        prod_row = prod_row.copy()
        if self.upsell_prob > 0:
            prod_row = self._upsell(products, order_pos, prod_row, cust, done)
        first = np.searchsorted(order_pos, order_pos, side="left")
        line_no = np.arange(order_pos.size) - first
        if self.replenish_prob > 0:
            order_pos, line_no, prod_row, qty = self._replenish(
                products, order_pos, line_no, prod_row, qty, cust, day, done
            )
        return order_pos, line_no, prod_row, qty

    def _upsell(self, products, order_pos, prod_row, cust, done) -> np.ndarray:
        tiers = list(vocabulary.codes("tier"))
        tier_col = products["tier"] if "tier" in products else product_tier(products)
        tier = pd.Categorical(tier_col, categories=tiers).codes.astype(np.int64)
        sub = pd.factorize(products["subcategory"], sort=True)[0].astype(np.int64)
        n_sub = int(sub.max()) + 1
        price = products["price"].to_numpy().astype(float)
        # products of each (subcategory, tier), by price: the dearer product nearest a line's price
        group = sub * len(tiers) + tier
        by_group = np.lexsort((price, group))
        g_sorted, p_sorted = group[by_group], np.log(price[by_group])
        k_sorted = g_sorted * 1e3 + p_sorted  # log prices are far below 1e3: sorted by group, price

        # rounds: the k-th order of every customer at once (orders are sorted by customer, day)
        o_first = np.searchsorted(cust, cust, side="left")
        o_round = np.arange(cust.size) - o_first
        line_round = o_round[order_pos]
        line_cust = cust[order_pos]
        last = np.full((int(cust.max()) + 1 if cust.size else 0, n_sub), -1, dtype=np.int8)
        order = np.argsort(line_round, kind="stable")
        bounds = np.searchsorted(line_round[order], np.arange(int(line_round.max(initial=0)) + 2))
        for r in range(len(bounds) - 1):
            idx = order[bounds[r] : bounds[r + 1]]
            if idx.size == 0:
                continue
            c, s = line_cust[idx], sub[prod_row[idx]]
            prev = last[c, s].astype(np.int64)
            u = self.rng.random(idx.size)
            cur = tier[prod_row[idx]]
            up = (prev >= 0) & (prev < len(tiers) - 1) & (cur <= prev) & (u < self.upsell_prob)
            if up.any():
                want = s[up] * len(tiers) + prev[up] + 1
                lo = np.searchsorted(g_sorted, want, side="left")
                hi = np.searchsorted(g_sorted, want, side="right")
                has = hi > lo
                # the product of the wanted tier priced nearest the current line's price
                target = np.log(price[prod_row[idx[up]]])
                pos = np.searchsorted(k_sorted, want * 1e3 + target)
                left = np.clip(pos - 1, lo, np.maximum(hi - 1, lo))
                right = np.clip(pos, lo, np.maximum(hi - 1, lo))
                left, right = (
                    np.minimum(left, g_sorted.size - 1),
                    np.minimum(right, g_sorted.size - 1),
                )
                near = np.abs(p_sorted[left] - target) <= np.abs(p_sorted[right] - target)
                pick = np.where(near, left, right)
                new = prod_row[idx[up]].copy()
                new[has] = by_group[pick[has]]
                prod_row[idx[up]] = new
            # the customer's last purchase in the subcategory: the dearest line of a completed order
            kept = done[order_pos[idx]]
            c, s = c[kept], s[kept]
            last[c, s] = -1
            np.maximum.at(last, (c, s), tier[prod_row[idx[kept]]].astype(np.int8))
        return prod_row

    def _replenish(self, products, order_pos, line_no, prod_row, qty, cust, day, done):
        cycle_of = replenish_days()
        cycle = products["subcategory"].map(cycle_of).fillna(0).to_numpy().astype(float)
        n_days = int(day.max(initial=0)) + 1
        key = cust * (n_days + 1) + day  # orders sorted by customer then day: key is sorted
        n_prod = len(products)
        have = np.unique(order_pos * n_prod + prod_row)  # (order, product) pairs held
        src_order, src_prod, src_qty = order_pos, prod_row, qty
        new_parts = []
        while True:
            c = cycle[src_prod]
            keep = (c > 0) & done[src_order]
            so, sp, sq, c = src_order[keep], src_prod[keep], src_qty[keep], c[keep]
            if so.size == 0:
                break
            u = self.rng.random(so.size)
            lo_day = day[so] + np.ceil(REPLENISH_WINDOW[0] * c).astype(np.int64)
            hi_day = day[so] + np.floor(REPLENISH_WINDOW[1] * c).astype(np.int64)
            t = np.searchsorted(key, cust[so] * (n_days + 1) + lo_day, side="left")
            ok = t < key.size
            t = np.minimum(t, max(key.size - 1, 0))
            ok &= (cust[t] == cust[so]) & (day[t] <= hi_day) & (u < self.replenish_prob)
            so, sp, sq, t = so[ok], sp[ok], sq[ok], t[ok]
            pair = t * n_prod + sp
            # one line per product and order: not when the order already holds the product
            _, first = np.unique(pair, return_index=True)
            fresh = np.zeros(pair.size, dtype=bool)
            fresh[first] = True
            fresh &= ~np.isin(pair, have, assume_unique=False)
            t, sp, sq = t[fresh], sp[fresh], sq[fresh]
            if t.size == 0:
                break
            have = np.union1d(have, pair[fresh])
            new_parts.append((t, sp, sq))
            src_order, src_prod, src_qty = t, sp, sq
        if not new_parts:
            return order_pos, line_no, prod_row, qty
        add_order = np.concatenate([p[0] for p in new_parts])
        add_prod = np.concatenate([p[1] for p in new_parts])
        add_qty = np.concatenate([p[2] for p in new_parts])
        # added lines come after the order's own lines, in the order they were added
        n_lines = np.bincount(order_pos, minlength=len(cust))
        seq = np.argsort(add_order, kind="stable")
        add_order, add_prod, add_qty = add_order[seq], add_prod[seq], add_qty[seq]
        k = np.arange(add_order.size) - np.searchsorted(add_order, add_order, side="left")
        add_line = n_lines[add_order] + k
        order_pos = np.concatenate([order_pos, add_order])
        line_no = np.concatenate([line_no, add_line])
        prod_row = np.concatenate([prod_row, add_prod])
        qty = np.concatenate([qty, add_qty])
        seq = np.lexsort((line_no, order_pos))
        return order_pos[seq], line_no[seq], prod_row[seq], qty[seq]
