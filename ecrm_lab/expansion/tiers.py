"""Up-sell: transitions between price tiers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validate import (
    require_columns,
    require_present,
)
from ..errors import InputError


def tier_transitions(
    purchases: pd.DataFrame,
    *,
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    tier_col: str = "tier",
    group_col: str | None = "subcategory",
    normalize: bool = True,
) -> pd.DataFrame:
    """How the price tier of a customer's next purchase compares with the previous one (up-sell).

    Within each customer (and ``group_col``, e.g. subcategory: a premium phone case after a basic
    phone is not an up-sell), purchases are ordered by date and each consecutive pair counts one
    transition ``from`` tier → ``to`` tier. Several items on one day: each pair across consecutive
    days counts (all items of the earlier day to all items of the later day) — pass one row per
    purchase day and group if you want otherwise.

    Parameters
    ----------
    purchases : DataFrame
        One row per purchased item: ``customer_col`` (id), ``date_col`` (date), ``tier_col``
        (label, e.g. the ``tier`` vocabulary ``basic``/``standard``/``premium``) and ``group_col``.
    customer_col, date_col, tier_col : str
        Column names.
    group_col : str or None, default "subcategory"
        Transitions are counted within a group; None: across all purchases of a customer.
    normalize : bool, default True
        Shares of each ``from`` row (rows sum to 1) instead of counts.

    Returns
    -------
    DataFrame
        Square, index ``from`` and columns ``to``: the tiers in vocabulary order (kind ``tier``)
        when all are codes of it, else sorted. ``attrs["upsell_share"]`` is the share of
        transitions to a dearer tier (vocabulary order only), ``attrs["n_transitions"]`` their
        number.

    Raises
    ------
    InputError
        Missing column, empty table, missing values, unreadable dates, no customer with two
        purchases.

    Examples
    --------
    >>> p = pd.DataFrame({"customer_id": ["a", "a", "a", "b", "b"],
    ...     "order_date": ["2025-01-01", "2025-02-01", "2025-03-01", "2025-01-01", "2025-02-01"],
    ...     "tier": ["basic", "standard", "standard", "premium", "basic"]})
    >>> tier_transitions(p, group_col=None, normalize=False)  # doctest: +NORMALIZE_WHITESPACE
    to        basic  standard  premium
    from
    basic         0         1        0
    standard      0         1        0
    premium       1         0        0
    """
    from .. import vocabulary
    from ..tables import prepare_orders

    cols = [customer_col, date_col, tier_col] + ([group_col] if group_col else [])
    require_columns(purchases, cols, table="purchases")
    purchases = prepare_orders(
        purchases,
        order_col=None,
        customer_col=customer_col,
        date_col=date_col,
        amount_col=None,
        status_col=None,
        require=("customer", "date"),
        table="purchases",
    )
    for c in cols[2:]:
        require_present(purchases[c], table="purchases", column=c, what="value")
    day = purchases[date_col].dt.normalize()
    df = pd.DataFrame(
        {
            "k": list(
                zip(*[purchases[c] for c in cols if c not in (date_col, tier_col)], strict=True)
            ),
            "d": day.to_numpy(),
            "t": purchases[tier_col].astype(str).to_numpy(),
        }
    ).drop_duplicates()
    days = df[["k", "d"]].drop_duplicates().sort_values(["k", "d"])
    days["next"] = days.groupby("k")["d"].shift(-1)
    days = days.dropna(subset=["next"])
    pairs = days.merge(df, on=["k", "d"]).merge(
        df.rename(columns={"d": "next", "t": "t_next"}), on=["k", "next"]
    )
    if pairs.empty:
        raise InputError(
            "has no customer with purchases on two different days"
            + (f" in one {group_col}" if group_col else ""),
            table="purchases",
            column=customer_col,
            fix="pass a longer period, or group_col=None",
        )
    known = list(vocabulary.codes("tier"))
    seen = set(pairs["t"]) | set(pairs["t_next"])
    order = [t for t in known if t in set(df["t"])] if seen <= set(known) else sorted(set(df["t"]))
    counts = pd.crosstab(pairs["t"], pairs["t_next"]).reindex(
        index=order, columns=order, fill_value=0
    )
    counts.index.name, counts.columns.name = "from", "to"
    out = (
        counts.div(counts.sum(axis=1).replace(0, np.nan), axis=0).fillna(0.0)
        if normalize
        else counts
    )
    out.attrs["n_transitions"] = int(counts.to_numpy().sum())
    if seen <= set(known):
        rank = {t: i for i, t in enumerate(known)}
        up = (pairs["t_next"].map(rank) > pairs["t"].map(rank)).mean()
        out.attrs["upsell_share"] = float(up)
    return out


# ------------------------------------------------------------------------------- referrals
