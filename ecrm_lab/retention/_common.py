"""Shared pieces of the retention methods: reading the orders table once, day arithmetic."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
import pandas as pd

from .._validate import as_timestamp, require_whole
from ..errors import InputError
from ..tables import prepare_orders


def window(value: Any, name: str = "window_days") -> int:
    """An inactivity window (whole days ≥ 1); ``TypeError``/``ValueError`` naming the argument."""
    return require_whole(
        value,
        name,
        minimum=1,
        unit="days",
        why="a customer is churned after this many days without a purchase, so it must be ≥ 1",
    )


def check_ci_level(ci_level: Any) -> float:
    """``ci_level`` as a float in (0, 1)."""
    if isinstance(ci_level, bool) or not isinstance(ci_level, numbers.Real):
        raise TypeError(f"ci_level must be a number such as 0.95, not {ci_level!r}")
    if not 0 < ci_level < 1:
        raise ValueError(f"ci_level must lie strictly between 0 and 1, got {ci_level}")
    return float(ci_level)


def purchases(
    orders: Any,
    *,
    customer_col: str,
    date_col: str,
    amount_col: str | None = None,
    status_col: str | None = None,
    completed: Any = "completed",
    as_of: Any = None,
    table: str = "orders",
) -> pd.DataFrame:
    """The purchases of ``orders`` as a small table ``customer``, ``day`` (midnight) [, ``amount``].

    Checks through :func:`ecrm_lab.tables.prepare_orders`; keeps only ``status == completed`` rows
    when ``status_col`` is given.
    """
    require = ["customer", "date"]
    if amount_col is not None:
        require.append("amount")
    if status_col is not None:
        require.append("status")
    o = prepare_orders(
        orders,
        order_col=None,
        customer_col=customer_col,
        date_col=date_col,
        amount_col=amount_col,
        status_col=status_col,
        require=require,
        as_of=None if as_of is None else end_of_day(as_of),
        table=table,
    )
    if status_col is not None:
        done = (o[status_col] == completed).to_numpy(dtype=bool, na_value=False)
        if not done.any():
            seen = ", ".join(repr(x) for x in pd.unique(o[status_col].dropna()).tolist()[:6])
            raise InputError(
                f"has no {completed!r} value (values: {seen})",
                table=table,
                column=status_col,
                fix="pass completed='…' with the status of a completed order, or status_col=None "
                "to count every order",
            )
        o = o[done]
    out = pd.DataFrame(
        {"customer": o[customer_col].to_numpy(), "day": o[date_col].dt.normalize().to_numpy()}
    )
    if amount_col is not None:
        out["amount"] = o[amount_col].to_numpy(dtype=float)
    return out


def days_between(later: pd.Series | pd.Timestamp, earlier: pd.Series | pd.Timestamp) -> Any:
    """Whole days from ``earlier`` to ``later`` (both at midnight)."""
    d = later - earlier
    if isinstance(d, pd.Timedelta):
        return int(d.days)
    return (d / np.timedelta64(1, "D")).round().astype("int64")


def day(value: Any, name: str = "as_of") -> pd.Timestamp:
    """A date argument as a Timestamp at midnight (the day it names)."""
    return as_timestamp(value, name).normalize()


def end_of_day(value: Any, name: str = "as_of") -> pd.Timestamp:
    """The last moment of the day ``value`` names: orders during that day are inside the window."""
    return day(value, name) + pd.Timedelta(days=1) - pd.Timedelta(nanoseconds=1)
