"""Service failures: how often customers order again after a failed order."""

from __future__ import annotations

import numbers
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._stats import wilson_interval
from .._validate import require_columns
from ..errors import InputError
from ._core import _as_day, _check_int, _day_number, _day_str, _timestamps, prepare_lifecycle_orders

if TYPE_CHECKING:  # pragma: no cover - typing only
    pass

__all__ = ["repurchase_after_failure"]


_ORDER_TYPES = ("first", "repeat")
_OUTCOMES = ("completed", "failed")


def repurchase_after_failure(
    orders: pd.DataFrame,
    *,
    horizon_days: int = 180,
    end: Any = None,
    split_first: bool = True,
    ci_level: float = 0.95,
    customer_col: str = "customer_id",
    order_col: str | None = "order_id",
    date_col: str = "order_date",
    status_col: str = "status",
    completed: Any = "completed",
) -> pd.DataFrame:
    """How often a customer orders again after a completed order and after a failed one.

    A **service failure** is an order that did not end as a purchase: its status is anything but
    ``completed`` (in VietShop: cancelled or returned). For every order with a full follow-up period
    the function asks: did the same customer place another order (of any status) within
    ``horizon_days`` days? The answer is summarised by the outcome of the order, and by default
    separately for customers' first orders and for their later (repeat) orders, because first-time
    buyers behave differently.

    Parameters
    ----------
    orders : DataFrame
        One row per order: ``order_col`` (unique id), ``customer_col``, ``date_col`` (date or
        timestamp) and ``status_col``. Duplicated orders are refused as in :func:`assign_stages`
        (a copy would be "a reorder on the same day").
    horizon_days : int, default 180
        Days after an order in which a new order counts as "ordered again".
    end : date-like, optional
        Last day of the data; default the day of the last order. It cannot be after the last
        order (the data could not show reorders after it).
    split_first : bool, default True
        ``True``: one group per order type (first, repeat) and outcome; ``False``: outcome only
        (``order_type`` is then ``"all"``).
    ci_level : float, default 0.95
        Level of the Wilson score interval of each rate.
    customer_col, order_col, date_col, status_col : str
        Column names; the defaults match VietShop (``order_col`` may be ``None``).
    completed : object, default "completed"
        The status value of a completed order.

    Returns
    -------
    DataFrame
        One row per group, always in this order: (first, completed), (first, failed), (repeat,
        completed), (repeat, failed) — or (all, completed), (all, failed). Columns:

        * ``order_type`` — ``"first"``, ``"repeat"`` or ``"all"``;
        * ``outcome`` — ``"completed"`` or ``"failed"`` (any other status);
        * ``n_orders`` — orders with a full follow-up;
        * ``n_reordered`` — of these, orders followed by another order within the horizon;
        * ``reorder_rate`` — ``n_reordered / n_orders`` (NaN for an empty group);
        * ``ci_low``, ``ci_high`` — Wilson score interval of the rate at ``ci_level``.

    Raises
    ------
    InputError
        A bad table (a ``ValueError``): not a DataFrame, missing columns, empty, missing customer ids,
        statuses or dates, dates holding numbers, duplicated orders, no ``completed`` status at all.
    TypeError
        A bad argument type.
    ValueError
        ``end`` outside the data, no order with a full follow-up.

    Notes
    -----
    * Dates are days. The "next order" is the customer's next order in time (same-day orders count,
      in timestamp order, ties in row order); it is **within the horizon** when its day is at most
      ``horizon_days`` days after the day of the order.
    * An order has a **full follow-up** when its day + ``horizon_days`` is on or before ``end``;
      later orders are left out (their customers had too little time to come back).
    * A **first** order is a customer's earliest order of any status; every later order is
      **repeat**.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({
    ...     "customer_id": ["a", "a", "a", "b", "b"],
    ...     "order_date": pd.to_datetime(
    ...         ["2025-01-01", "2025-01-20", "2025-02-10", "2025-01-05", "2025-01-15"]),
    ...     "status": ["completed", "cancelled", "completed", "completed", "returned"],
    ... })
    >>> out = repurchase_after_failure(orders, horizon_days=20, split_first=False)
    >>> out[["outcome", "n_orders", "n_reordered"]].to_dict("list")
    {'outcome': ['completed', 'failed'], 'n_orders': [2, 2], 'n_reordered': [2, 0]}

    (Orders up to 2025-01-21 have 20 days of follow-up before the last order, 2025-02-10. Both
    completed orders were followed within 20 days; a's cancelled order was followed 21 days later,
    b's return never.)
    """
    require_columns(orders, [customer_col, date_col, status_col], table="orders")
    horizon_days = _check_int(horizon_days, "horizon_days", minimum=1)
    if not isinstance(split_first, (bool, np.bool_)):
        raise TypeError(f"split_first must be True or False, not {type(split_first).__name__}")
    if isinstance(ci_level, bool) or not isinstance(ci_level, numbers.Real):
        raise TypeError(f"ci_level must be a number such as 0.95, not {type(ci_level).__name__}")
    if not 0 < ci_level < 1:
        raise ValueError(f"ci_level must lie strictly between 0 and 1 (e.g. 0.95), got {ci_level}")
    orders = prepare_lifecycle_orders(
        orders,
        order_col=order_col,
        customer_col=customer_col,
        date_col=date_col,
        amount_col=None,
        status_col=status_col,
    )
    cust = orders[customer_col]
    stamps = _timestamps(orders[date_col], table="orders", column=date_col)
    day = stamps.astype("datetime64[D]").astype(np.int64)
    status = orders[status_col]
    done = (status == completed).to_numpy(dtype=bool, na_value=False)
    if not done.any():
        seen = ", ".join(repr(x) for x in pd.unique(status.dropna()).tolist()[:6])
        raise InputError(
            f"has no {completed!r} value (values: {seen})",
            table="orders",
            column=status_col,
            fix="pass completed='…' with the status of a completed order",
        )
    first_day, last_day = int(day.min()), int(day.max())
    if end is None:
        end_day = last_day
    else:
        end_ts = _as_day(end, "end")
        end_day = _day_number(end_ts)
        if end_day < first_day or end_day > last_day:
            raise ValueError(
                f"end {end_ts.date()} is outside the orders ({_day_str(first_day)} … "
                f"{_day_str(last_day)}): choose a day inside the data"
            )

    codes, _ = pd.factorize(cust)
    order = np.lexsort((np.arange(len(day)), stamps.astype(np.int64), codes))
    c, d, ok = codes[order], day[order], done[order]
    same_next = np.r_[c[1:] == c[:-1], False]
    next_day = np.r_[d[1:], 0]
    reordered = same_next & (next_day - d <= horizon_days)
    is_first = np.r_[True, c[1:] != c[:-1]]
    eligible = d + horizon_days <= end_day
    if not eligible.any():
        raise ValueError(
            f"no order has {horizon_days} days of follow-up before {_day_str(end_day)}: choose a "
            "shorter horizon_days or a later end"
        )

    types = _ORDER_TYPES if split_first else ("all",)
    rows = []
    for kind in types:
        in_type = eligible if kind == "all" else eligible & (is_first == (kind == "first"))
        for outcome in _OUTCOMES:
            mask = in_type & (ok == (outcome == "completed"))
            n = int(mask.sum())
            k = int(reordered[mask].sum())
            if n:
                low, high = wilson_interval(k, n, ci_level=ci_level)
                rate = k / n
            else:
                rate = low = high = np.nan
            rows.append((kind, outcome, n, k, rate, low, high))
    return pd.DataFrame(
        rows,
        columns=[
            "order_type",
            "outcome",
            "n_orders",
            "n_reordered",
            "reorder_rate",
            "ci_low",
            "ci_high",
        ],
    ).astype({"n_orders": np.int64, "n_reordered": np.int64})
