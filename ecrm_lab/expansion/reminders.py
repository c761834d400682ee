"""Re-sell: inter-purchase times and next-purchase reminders."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._docs import fill_doc
from .._validate import (
    as_timestamp,
)
from ..errors import InputError


def _purchase_days(orders, *, as_of, customer_col, date_col, status_col) -> pd.DataFrame:
    """Distinct (customer, day) purchases, sorted: columns ``c`` and ``d``."""
    from .. import vocabulary
    from ..tables import prepare_orders

    use_status = (
        status_col is not None and isinstance(orders, pd.DataFrame) and status_col in orders
    )
    end = None
    if as_of is not None:
        end = (
            as_timestamp(as_of, "as_of").normalize() + pd.Timedelta(days=1) - pd.Timedelta(1, "ns")
        )
    df = prepare_orders(
        orders,
        order_col=None,
        customer_col=customer_col,
        date_col=date_col,
        amount_col=None,
        status_col=status_col if use_status else None,
        require=("customer", "date") + (("status",) if use_status else ()),
        as_of=end,
    )
    if use_status:
        df = df[df[status_col].astype("string").isin(vocabulary.codes("status", "purchase"))]
        if df.empty:
            raise InputError(
                "has no completed order",
                table="orders",
                column=status_col,
                fix="pass orders with status 'completed', or status_col=None to count every row",
            )
    days = pd.DataFrame({"c": df[customer_col].to_numpy(), "d": df[date_col].dt.normalize()})
    return days.drop_duplicates().sort_values(["c", "d"], ignore_index=True)


@fill_doc
def interpurchase_times(
    orders: pd.DataFrame,
    *,
    as_of: Any = None,
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    status_col: str | None = "status",
) -> pd.DataFrame:
    """The gap in days between each purchase and the customer's previous one.

    Purchases are completed orders (when ``status_col`` is present) merged by day: two orders on one
    day are one purchase, so a gap is always ≥ 1 day.

    Parameters
    ----------
    orders : DataFrame
        One row per order: ``customer_col`` (id), ``date_col`` (date, none after ``as_of``),
        optionally ``status_col``.
    as_of : date-like, optional
        The observation date; default: no limit.
    {customer_col}
    {date_col}
    status_col : str or None, default "status"
        Order status column; None (or absent) counts every row.

    Returns
    -------
    DataFrame
        One row per repeat purchase: ``customer_col``, ``purchase_no`` (int, 2 = the second purchase),
        ``previous_date``, ``purchase_date`` (datetime64) and ``gap_days`` (int ≥ 1).

    Raises
    ------
    InputError
        Missing column, empty table, missing ids, unreadable or late dates, no completed order.

    Examples
    --------
    >>> o = pd.DataFrame({"customer_id": ["a", "a", "a", "b"],
    ...     "order_date": ["2025-01-01", "2025-01-11", "2025-01-31", "2025-01-05"]})
    >>> interpurchase_times(o)[["customer_id", "purchase_no", "gap_days"]]
      customer_id  purchase_no  gap_days
    0           a            2        10
    1           a            3        20
    """
    days = _purchase_days(
        orders, as_of=as_of, customer_col=customer_col, date_col=date_col, status_col=status_col
    )
    prev = days.groupby("c")["d"].shift()
    out = pd.DataFrame(
        {
            customer_col: days["c"],
            "purchase_no": days.groupby("c").cumcount() + 1,
            "previous_date": prev,
            "purchase_date": days["d"],
        }
    )
    out = out[prev.notna().to_numpy()].reset_index(drop=True)
    out["gap_days"] = (out["purchase_date"] - out["previous_date"]).dt.days.astype(np.int64)
    out["purchase_no"] = out["purchase_no"].astype(np.int64)
    return out


@fill_doc
def next_purchase_reminders(
    orders: pd.DataFrame,
    *,
    as_of: Any,
    lead_days: int = 3,
    min_purchases: int = 2,
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    status_col: str | None = "status",
) -> pd.DataFrame:
    """When each repeat customer's next purchase is due, from their median gap between purchases.

    ``due_date = last purchase + median gap`` (gaps of :func:`interpurchase_times`); the reminder
    goes out ``lead_days`` before it. Customers with fewer than ``min_purchases`` purchase days have
    no gap to learn from and are left out.

    Parameters
    ----------
    orders : DataFrame
        One row per order: ``customer_col``, ``date_col`` (none after ``as_of``), optionally
        ``status_col``.
    {as_of}
    lead_days : int, default 3
        Days before the due date the reminder is sent (≥ 0).
    min_purchases : int, default 2
        Purchase days a customer needs (≥ 2).
    {customer_col}
    {date_col}
    status_col : str or None, default "status"
        Order status column; None (or absent) counts every row.

    Returns
    -------
    DataFrame
        Indexed by customer (sorted): ``n_purchases`` (int, purchase days), ``last_purchase``,
        ``median_gap_days`` (float), ``due_date``, ``remind_on`` (datetime64, the due date rounded
        down to a day, minus ``lead_days``), ``days_until_due`` (int, negative when overdue) and
        ``overdue`` (bool, the due date is before ``as_of``).

    Raises
    ------
    InputError
        As :func:`interpurchase_times`.
    ValueError
        Negative ``lead_days`` or ``min_purchases`` below 2.

    Examples
    --------
    >>> o = pd.DataFrame({"customer_id": ["a", "a", "a", "b"],
    ...     "order_date": ["2025-01-01", "2025-01-11", "2025-01-31", "2025-01-05"]})
    >>> r = next_purchase_reminders(o, as_of="2025-02-10", lead_days=2)
    >>> r[["median_gap_days", "due_date", "remind_on", "days_until_due"]]  # doctest: +NORMALIZE_WHITESPACE
                 median_gap_days   due_date  remind_on  days_until_due
    customer_id
    a                       15.0 2025-02-15 2025-02-13               5
    """
    if int(lead_days) < 0 or int(min_purchases) < 2:
        raise ValueError("need lead_days >= 0 and min_purchases >= 2")
    gaps = interpurchase_times(
        orders, as_of=as_of, customer_col=customer_col, date_col=date_col, status_col=status_col
    )
    end = as_timestamp(as_of, "as_of").normalize()
    g = gaps.groupby(customer_col, sort=True)
    out = pd.DataFrame(
        {
            "n_purchases": (g.size() + 1).astype(np.int64),
            "last_purchase": g["purchase_date"].max(),
            "median_gap_days": g["gap_days"].median().astype(float),
        }
    )
    out = out[out["n_purchases"] >= int(min_purchases)]
    out["due_date"] = (
        out["last_purchase"] + pd.to_timedelta(out["median_gap_days"], unit="D")
    ).dt.floor("D")
    out["remind_on"] = out["due_date"] - pd.Timedelta(days=int(lead_days))
    out["days_until_due"] = (out["due_date"] - end).dt.days.astype(np.int64)
    out["overdue"] = out["days_until_due"] < 0
    return out


# ------------------------------------------------------------------------------ cross-sell


#: Default bands of ``days_until_due`` for :func:`reminder_outcomes` (right-closed, in days).
DUE_BANDS = (-10_000, -180, -90, -30, -1, 30, 90, 10_000)


def reminder_outcomes(
    reminders: pd.DataFrame,
    orders: pd.DataFrame,
    *,
    as_of: Any,
    horizon_days: int = 30,
    bands: tuple[int, ...] = DUE_BANDS,
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    status_col: str | None = "status",
) -> pd.DataFrame:
    """Share of customers who bought in the ``horizon_days`` after ``as_of``, by how due they were.

    Checks the reminder rule against what happened next: customers of
    :func:`next_purchase_reminders` (computed at ``as_of``) are put in bands of ``days_until_due``
    (negative = overdue) and each band's purchase rate in ``(as_of, as_of + horizon_days]`` is
    given with its 95 % Wilson interval.

    Parameters
    ----------
    reminders : DataFrame
        From :func:`next_purchase_reminders` at ``as_of``: indexed by customer, column
        ``days_until_due`` (int).
    orders : DataFrame
        The orders, including those after ``as_of``: ``customer_col``, ``date_col``, optionally
        ``status_col`` (only completed orders count).
    as_of : date-like
        The date the reminders were computed at.
    horizon_days : int, default 30
        Days after ``as_of`` in which a purchase counts (≥ 1).
    bands : tuple of int, default :data:`DUE_BANDS`
        Increasing edges of the right-closed bands of ``days_until_due``.
    customer_col, date_col : str
        Column names of ``orders``.
    status_col : str or None, default "status"
        Order status column; None (or absent) counts every row.

    Returns
    -------
    DataFrame
        One row per band that holds customers, in band order: ``band`` (str: ``"-29 … -1"`` for the
        band (-30, -1] of whole days; the first and last band of ``bands`` written open,
        ``"≤ -180"``, ``"≥ 91"``), ``low``, ``high`` (int, the band's edges, right-closed), ``customers`` (int), ``buyers`` (int, bought
        within the horizon), ``rate`` (float, 0–1), ``ci_low``, ``ci_high`` (float, 95 % Wilson).

    Raises
    ------
    InputError
        ``reminders`` without ``days_until_due``, ``orders`` as in :func:`interpurchase_times`, no
        customer inside the bands.
    ValueError
        ``horizon_days`` < 1, or ``bands`` not increasing with at least two edges.

    Examples
    --------
    >>> o = pd.DataFrame({"customer_id": ["a", "a", "a", "b", "b", "b"],
    ...     "order_date": ["2025-01-01", "2025-01-21", "2025-02-05",
    ...                    "2024-06-01", "2024-06-11", "2024-06-21"]})
    >>> r = next_purchase_reminders(o[o["order_date"] < "2025-02-01"], as_of="2025-01-31")
    >>> reminder_outcomes(r, o, as_of="2025-01-31", bands=(-1000, -1, 1000))[
    ...     ["band", "customers", "buyers", "rate"]]  # doctest: +NORMALIZE_WHITESPACE
       band  customers  buyers  rate
    0  ≤ -1          1       0   0.0
    1   ≥ 0          1       1   1.0
    """
    from .._stats import wilson_interval
    from .._validate import require_columns

    if int(horizon_days) < 1:
        raise ValueError(f"horizon_days must be >= 1, got {horizon_days!r}")
    edges = [int(b) for b in bands]
    if len(edges) < 2 or any(b <= a for a, b in zip(edges, edges[1:], strict=False)):
        raise ValueError(f"bands must be at least two increasing edges, got {bands!r}")
    require_columns(reminders, ["days_until_due"], table="reminders")
    start = as_timestamp(as_of, "as_of").normalize()
    end = start + pd.Timedelta(days=int(horizon_days))
    days = _purchase_days(
        orders, as_of=None, customer_col=customer_col, date_col=date_col, status_col=status_col
    )
    buyers = set(days.loc[(days["d"] > start) & (days["d"] <= end), "c"])
    due = pd.to_numeric(reminders["days_until_due"], errors="coerce")
    if due.isna().any():
        raise InputError(
            "has a missing or non-numeric days_until_due",
            table="reminders",
            column="days_until_due",
            fix="pass the table next_purchase_reminders returns",
        )
    cut = pd.cut(due, edges, right=True)
    df = pd.DataFrame({"band": cut, "bought": reminders.index.isin(list(buyers))})
    df = df.dropna(subset=["band"])
    if df.empty:
        raise InputError(
            "has no customer inside the bands",
            table="reminders",
            column="days_until_due",
            fix="widen bands",
        )
    g = df.groupby("band", observed=True)["bought"]
    out = pd.DataFrame({"customers": g.size(), "buyers": g.sum()}).astype(np.int64)
    low, high = wilson_interval(out["buyers"].to_numpy(), out["customers"].to_numpy())
    out = out.assign(
        rate=out["buyers"] / out["customers"], ci_low=np.asarray(low), ci_high=np.asarray(high)
    )
    out.insert(0, "low", [int(i.left) for i in out.index])
    out.insert(1, "high", [int(i.right) for i in out.index])
    names = [f"{int(i.left) + 1} … {int(i.right)}" for i in out.index]
    if out.index[0].left == edges[0]:
        names[0] = f"≤ {int(out.index[0].right)}"
    if out.index[-1].right == edges[-1]:
        names[-1] = f"≥ {int(out.index[-1].left) + 1}"
    out.insert(0, "band", names)
    return out.reset_index(drop=True)
