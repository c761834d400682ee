"""RFM table: recency (days since the last purchase), frequency and monetary value per customer."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._docs import fill_doc
from .._validate import as_timestamp
from ..errors import InputError

__all__ = ["rfm_table"]


def _purchase_statuses() -> tuple[str, ...]:
    from .. import vocabulary

    return vocabulary.codes("status", subset="purchase")


@fill_doc
def rfm_table(
    orders: pd.DataFrame,
    *,
    as_of: Any,
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    amount_col: str = "amount",
    status_col: str | None = "status",
    statuses: tuple[str, ...] | None = None,
    order_col: str | None = "order_id",
    drop_later: bool = False,
) -> pd.DataFrame:
    """Recency, frequency and monetary value of every customer with a completed order.

    Only purchases count: when the table has ``status_col``, the orders whose status is one of
    ``statuses`` (default: the statuses flagged ``purchase`` in the vocabulary, i.e. ``completed``);
    cancelled and returned orders are left out. Every order is one purchase (two orders on one day
    count twice).

    **Recency here is RFM recency**: days from the customer's *last* purchase to ``as_of`` (0 = bought
    on ``as_of``; smaller is better). It is not BG/NBD's recency of
    :func:`ecrm_lab.clv.summary_from_transactions`, which runs from the *first* to the last purchase
    (larger is better).

    Parameters
    ----------
    orders : DataFrame
        One row per order: ``customer_col`` (id), ``date_col`` (date or timestamp, none after
        ``as_of``), ``amount_col`` (money paid, > 0) and optionally ``status_col``.
    {as_of}
    {customer_col}
    date_col, amount_col : str
        Order date and amount columns.
    status_col : str or None, default "status"
        Order status column; a table without it (or None) counts every row as a purchase, as in
        :func:`ecrm_lab.clv.btyd_summary`.
    statuses : tuple of str, optional
        The statuses that are purchases.
    order_col : str or None, default "order_id"
        Order key: when the table has this column, a repeated order id is an error (a copied row
        would count twice).
    drop_later : bool, default False
        Leave out the orders placed after ``as_of`` (to look at the shop on an earlier day with
        the whole orders table). By default such an order is an error: a table meant to end on
        ``as_of`` that goes further is usually a mistake.

    Returns
    -------
    DataFrame
        Indexed by customer (sorted), one row per customer with at least one purchase:
        ``last_purchase`` (datetime64, the day of the last purchase), ``recency_days`` (int, days from
        it to ``as_of``), ``frequency`` (int, purchases), ``monetary`` (float, total amount) and
        ``mean_order_value`` (float, ``monetary / frequency``).

    Raises
    ------
    InputError
        Missing column, empty table, missing ids, unreadable dates, orders after ``as_of`` (unless
        ``drop_later``), amounts that are not numbers or not > 0, no order with a purchase status
        (on or before ``as_of``).

    Examples
    --------
    >>> orders = pd.DataFrame({"order_id": [1, 2, 3, 4], "customer_id": ["a", "a", "b", "b"],
    ...     "order_date": ["2025-01-01", "2025-01-20", "2025-01-10", "2025-01-25"],
    ...     "amount": [100.0, 50.0, 80.0, 20.0],
    ...     "status": ["completed", "completed", "completed", "cancelled"]})
    >>> rfm_table(orders, as_of="2025-01-31")[["recency_days", "frequency", "monetary"]]
    ... # doctest: +NORMALIZE_WHITESPACE
                 recency_days  frequency  monetary
    customer_id
    a                      11          2     150.0
    b                      21          1      80.0
    >>> rfm_table(orders, as_of="2025-01-15", drop_later=True)["frequency"].to_dict()
    {'a': 1, 'b': 1}
    """
    from ..tables import prepare_orders

    end = as_timestamp(as_of, "as_of").normalize() + pd.Timedelta(days=1) - pd.Timedelta(1, "ns")
    use_order = order_col is not None and isinstance(orders, pd.DataFrame) and order_col in orders
    use_status = (
        status_col is not None and isinstance(orders, pd.DataFrame) and status_col in orders
    )
    require = ("customer", "date", "amount") + (("status",) if use_status else ())
    require += ("order",) if use_order else ()
    df = prepare_orders(
        orders,
        order_col=order_col if use_order else None,
        customer_col=customer_col,
        date_col=date_col,
        amount_col=amount_col,
        status_col=status_col if use_status else None,
        require=require,
        as_of=None if drop_later else end,
    )
    if drop_later:
        df = df[(df[date_col] <= end).to_numpy()]
        if df.empty:
            raise InputError(
                f"has no order on or before as_of ({end.date()})",
                table="orders",
                column=date_col,
                fix="choose a later as_of",
            )
    if use_status:
        keep = df[status_col].astype("string").isin(statuses or _purchase_statuses())
        if not keep.any():
            raise InputError(
                "has no order with a purchase status",
                table="orders",
                column=status_col,
                fix=f"pass statuses=(...) naming the purchase statuses, or status_col=None "
                f"(found: {', '.join(map(str, df[status_col].unique()[:5]))})",
            )
        df = df[keep.to_numpy()]
    bad = (df[amount_col] <= 0).to_numpy()
    if bad.any():
        raise InputError(
            f"has {int(bad.sum())} purchase amount(s) of 0 or less",
            table="orders",
            column=amount_col,
            row=df.index[bad][0],
            fix="a purchase has a positive amount: drop refunds and free orders, or fix them",
        )
    day = df[date_col].dt.normalize()
    g = pd.DataFrame({"c": df[customer_col].to_numpy(), "d": day.to_numpy(), "m": df[amount_col]})
    agg = g.groupby("c", sort=True).agg(
        last_purchase=("d", "max"), frequency=("d", "size"), monetary=("m", "sum")
    )
    out = pd.DataFrame(
        {
            "last_purchase": agg["last_purchase"],
            "recency_days": (end.normalize() - agg["last_purchase"]).dt.days.astype(np.int64),
            "frequency": agg["frequency"].astype(np.int64),
            "monetary": agg["monetary"].astype(float),
        }
    )
    out["mean_order_value"] = out["monetary"] / out["frequency"]
    out.index.name = customer_col
    return out
