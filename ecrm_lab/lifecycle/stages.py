"""Assign each person a lifecycle stage at a snapshot date."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._core import (
    _NONE,
    _check_as_of,
    _dates,
    _prepare,
    _resolve_options,
    _stage_categorical,
    _stages_at,
)

if TYPE_CHECKING:  # pragma: no cover - typing only
    pass

__all__ = ["assign_stages"]


def assign_stages(
    customers: pd.DataFrame,
    orders: pd.DataFrame,
    sessions: pd.DataFrame | None,
    *,
    as_of: str | dt.date | pd.Timestamp,
    prospects: pd.DataFrame | None = None,
    new_days: int = 90,
    lapse_days: int = 180,
    window: int = 180,
    growth: float = 0.25,
    min_window_orders: int = 2,
    customer_col: str = "customer_id",
    signup_col: str | None = "signup_date",
    order_col: str | None = "order_id",
    order_date_col: str = "order_date",
    amount_col: str = "amount",
    status_col: str | None = "status",
    completed: Any = "completed",
    session_date_col: str = "session_date",
    prospect_col: str = "prospect_id",
    touch_date_col: str = "first_touch_date",
) -> pd.DataFrame:
    """Assign each person who exists at ``as_of`` one lifecycle stage (rules in the module docstring).

    Parameters
    ----------
    customers : DataFrame
        One row per customer: ``customer_col`` (unique id) and, unless ``signup_col=None``, a sign-up
        date (missing values allowed).
    orders : DataFrame
        One row per order: ``order_col`` (unique order id), ``customer_col``, ``order_date_col``
        (date or timestamp), ``amount_col`` (money paid, ≥ 0) and ``status_col`` (only ``status == completed``
        is a purchase; ``status_col=None`` counts every order). Orders after ``as_of`` are ignored.
        Duplicated orders would count twice and are refused: a repeated ``order_col`` id, or —
        when the table has no ``order_col`` column — rows identical in customer, date, amount and
        status (``order_col=None`` counts every row as one order).
    sessions : DataFrame or None
        Web/app activity: ``customer_col`` and ``session_date_col``. ``None`` when you have none
        (activity then comes from orders only).
    as_of : date-like
        Snapshot day. Must lie between the first order and the last order or session.
    prospects : DataFrame, optional
        People reached by marketing: ``prospect_col``, ``touch_date_col`` (first touch) and
        ``customer_col`` (the customer they became, empty if none). Converted prospects date their
        customer's first sign of life; unconverted ones add one selection row each.
    new_days : int, default 90
        Rule 3: a first purchase in the last ``new_days`` days means acquisition.
    lapse_days : int, default 180
        Rule 2: no activity in the last ``lapse_days`` days means lapsed.
    window : int, default 180
        Length of the current and of the previous window in rule 4.
    growth : float, default 0.25
        Rule 4: spend in the current window must be ≥ ``(1 + growth)`` × spend in the previous one.
    min_window_orders : int, default 2
        Rule 4: minimum number of purchases in the current window.
    customer_col, signup_col, order_col, order_date_col, amount_col, status_col : str
        Column names; the defaults match VietShop (``signup_col``, ``order_col`` and ``status_col``
        may be ``None``).
    completed : object, default "completed"
        The status value of a completed order.
    session_date_col, prospect_col, touch_date_col : str
        Column names of ``sessions`` and ``prospects``.

    Returns
    -------
    DataFrame
        One row per customer who exists at ``as_of`` (in the order of ``customers``), then one row per
        unconverted prospect whose first touch is on or before ``as_of``:

        * ``customer_col`` — the customer id (missing for an unconverted prospect);
        * ``prospect_col`` — only when ``prospects`` is given: the (earliest) prospect id of the person;
        * ``stage`` — ordered categorical, categories :data:`STAGES`;
        * ``first_seen_date`` — first sign of life (sign-up, order, session or first touch);
        * ``first_order_date``, ``last_order_date`` — first and last purchase on or before ``as_of``;
        * ``n_orders`` — purchases on or before ``as_of``;
        * ``last_active_date`` — last order (any status) or session; ``days_since_active`` — days
          from it to ``as_of`` (nullable integer);
        * ``n_orders_window`` — purchases in the current window;
        * ``value_window``, ``value_before`` — spend on purchases in the current and previous window.

    Raises
    ------
    InputError
        A bad table (a ``ValueError``), naming table, column, first bad row and fix: not a
        DataFrame, missing columns, empty tables, missing or duplicated ids, duplicated orders,
        negative or non-numeric amounts, numeric or unreadable dates, orders/sessions of unknown
        customers, no completed order at all.
    TypeError
        ``as_of`` is not a date, a rule has the wrong type.
    ValueError
        ``as_of`` outside the data, windows < 1, ``growth`` < 0.
    """
    opts = _resolve_options(
        {
            "new_days": new_days,
            "lapse_days": lapse_days,
            "window": window,
            "growth": growth,
            "min_window_orders": min_window_orders,
            "customer_col": customer_col,
            "signup_col": signup_col,
            "order_col": order_col,
            "order_date_col": order_date_col,
            "amount_col": amount_col,
            "status_col": status_col,
            "completed": completed,
            "session_date_col": session_date_col,
            "prospect_col": prospect_col,
            "touch_date_col": touch_date_col,
        }
    )
    prep = _prepare(customers, orders, sessions, prospects, opts)
    day = _check_as_of(prep, as_of)
    code, det = _stages_at(prep, day, opts, details=True)
    keep = code >= 0
    ids = prep["ids"]
    if prep["n_extra"]:
        dtype = ids.dtype if pd.api.types.is_string_dtype(ids.dtype) else object
        cust_ids = np.concatenate(
            [ids.to_numpy(dtype=object), np.full(prep["n_extra"], None, dtype=object)]
        )
        out = pd.DataFrame({customer_col: pd.array(cust_ids[keep], dtype=dtype)})
    else:
        out = pd.DataFrame({customer_col: ids[keep]})
    if prep["prospect_ids"] is not None:
        out[prospect_col] = pd.array(prep["prospect_ids"][keep], dtype="string")
    out["stage"] = _stage_categorical(code[keep])
    out["first_seen_date"] = _dates(prep["first_seen"][keep])
    out["first_order_date"] = _dates(det["first_buy"][keep])
    out["last_order_date"] = _dates(det["last_buy"][keep])
    out["n_orders"] = det["n_orders"][keep].astype(np.int64)
    last_active = det["last_active"][keep]
    out["last_active_date"] = _dates(last_active)
    since = pd.array(day - last_active, dtype="Int64")
    since[last_active <= _NONE] = pd.NA
    out["days_since_active"] = since
    out["n_orders_window"] = det["n_window"][keep].astype(np.int64)
    for name in ("value_window", "value_before"):
        money = det[name][keep]
        out[name] = np.round(money).astype(np.int64) if prep["integer_money"] else money
    return out
