"""Churn labels for non-contractual e-retail: an inactivity window, and what the window costs.

In a shop without contracts nobody announces that they have left: a customer is **called churned**
when they have not bought for ``window_days`` days up to the observation date ``as_of``. The window is
a choice, and a trade-off:

* a **short** window calls churned many slow but loyal buyers who were about to come back (false
  alarms: win-back offers wasted on them, and a churn rate that looks worse than it is);
* a **long** window misses nothing that comes back, but it labels a customer only long after they
  have gone — too late to win them back — and a label needs ``window_days`` of future data to be
  known, so a model can only be trained on snapshots at least that old.

:func:`window_tradeoff` puts numbers on it: for each window, the churn rate it gives and the share of
the observed repeat purchases that came after a pause at least that long (customers the rule would
have called churned although they came back). A common choice is a window that only a small share
(5–10 %) of repeat purchases exceed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from .._docs import fill_doc
from ._common import day, days_between, purchases, window

__all__ = ["churn_labels", "window_tradeoff"]


def _per_customer(p: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    g = p.groupby("customer", sort=True)["day"]
    out = pd.DataFrame({"first_order": g.min(), "last_order": g.max(), "n_orders": g.size()})
    out["n_orders"] = out["n_orders"].astype("int64")
    out["days_since_last"] = days_between(as_of, out["last_order"])
    return out


@fill_doc
def churn_labels(
    orders: pd.DataFrame,
    *,
    as_of: Any,
    window_days: int,
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    status_col: str | None = "status",
    completed: Any = "completed",
) -> pd.DataFrame:
    """Label each customer churned (no purchase in the last ``window_days`` days) or active on ``as_of``.

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order: ``customer_col`` (id), ``date_col`` (order time, none after ``as_of``)
        and, unless ``status_col`` is None, ``status_col`` (only ``completed`` orders are purchases).
    {as_of}
    window_days : int
        The inactivity window (≥ 1): a customer whose last purchase is ``window_days`` or more days
        before ``as_of`` is churned. See the module's notes on the choice.
    {customer_col}
    date_col : str, default "order_date"
        Name of the order-date column.
    {status_col}
    {completed}

    Returns
    -------
    pandas.DataFrame
        One row per customer with a purchase up to ``as_of``, sorted by customer: ``customer_col``,
        ``first_order`` and ``last_order`` (days), ``n_orders`` (purchases), ``days_since_last``
        (days from the last purchase to ``as_of``) and ``churned`` (bool: ``days_since_last >=
        window_days``). A customer who first bought within the window is active by this rule.

    Raises
    ------
    ecrm_lab.InputError
        For a bad orders table (missing column, no rows, missing id, unreadable date or a date after
        ``as_of``, no completed order).
    ValueError
        For ``window_days`` < 1 (``TypeError`` if it is not a whole number).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b"],
    ...                        "order_date": ["2025-01-01", "2025-03-01", "2025-01-10"]})
    >>> churn_labels(orders, as_of="2025-03-31", window_days=60, status_col=None)
      customer_id first_order last_order  n_orders  days_since_last  churned
    0           a  2025-01-01 2025-03-01         2               30    False
    1           b  2025-01-10 2025-01-10         1               80     True
    """
    w = window(window_days)
    t = day(as_of)
    p = purchases(
        orders,
        customer_col=customer_col,
        date_col=date_col,
        status_col=status_col,
        completed=completed,
        as_of=t,
    )
    out = _per_customer(p, t)
    out["churned"] = out["days_since_last"] >= w
    return out.rename_axis(customer_col).reset_index()


@fill_doc
def window_tradeoff(
    orders: pd.DataFrame,
    *,
    as_of: Any,
    windows_days: Iterable[int] = (30, 60, 90, 120, 180, 270, 365),
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    status_col: str | None = "status",
    completed: Any = "completed",
) -> pd.DataFrame:
    """Compare inactivity windows: the churn rate each gives and how often it would be wrong.

    Parameters
    ----------
    orders : pandas.DataFrame
        As for :func:`churn_labels`.
    {as_of}
    windows_days : iterable of int
        The windows to compare (each ≥ 1).
    {customer_col}
    date_col : str, default "order_date"
        Name of the order-date column.
    {status_col}
    {completed}

    Returns
    -------
    pandas.DataFrame
        One row per window, in the order given: ``window_days``, ``n_customers``, ``churned``
        (customers labelled churned on ``as_of``), ``churn_rate`` (churned / n_customers),
        ``n_repeat_gaps`` (pauses between two consecutive purchases of a customer, all customers)
        and ``share_gaps_longer`` (share of those pauses ≥ the window: returns the rule would have
        mislabelled as churn; missing when nobody bought twice).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "a", "b"],
    ...     "order_date": ["2025-01-01", "2025-01-21", "2025-04-01", "2025-03-20"]})
    >>> t = window_tradeoff(orders, as_of="2025-04-30", windows_days=[30, 60], status_col=None)
    >>> t[["window_days", "churned", "churn_rate", "share_gaps_longer"]]
       window_days  churned  churn_rate  share_gaps_longer
    0           30        1         0.5                0.5
    1           60        0         0.0                0.5
    """
    if isinstance(windows_days, int):
        windows_days = [windows_days]
    ws = [window(w, "windows_days") for w in windows_days]
    if not ws:
        raise ValueError("windows_days is empty: give at least one window, e.g. [30, 90, 180]")
    t = day(as_of)
    p = purchases(
        orders,
        customer_col=customer_col,
        date_col=date_col,
        status_col=status_col,
        completed=completed,
        as_of=t,
    )
    per = _per_customer(p, t)
    days = p.drop_duplicates().sort_values(["customer", "day"], kind="stable")
    gaps = days.groupby("customer")["day"].diff().dropna() / np.timedelta64(1, "D")
    gaps = gaps.to_numpy()
    rows = []
    for w in ws:
        churned = int((per["days_since_last"] >= w).sum())
        rows.append(
            {
                "window_days": w,
                "n_customers": len(per),
                "churned": churned,
                "churn_rate": churned / len(per),
                "n_repeat_gaps": len(gaps),
                "share_gaps_longer": float((gaps >= w).mean()) if len(gaps) else np.nan,
            }
        )
    return pd.DataFrame(rows)
