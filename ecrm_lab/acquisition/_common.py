"""Shared pieces of the acquisition methods: model names, the pseudo-channel, order helpers."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError

#: The attribution models of :func:`attribute`, rule-based first.
MODELS: tuple[str, ...] = (
    "first_touch",
    "last_touch",
    "linear",
    "time_decay",
    "position_based",
    "markov",
)
#: Pseudo-channel credited with conversions that have no touchpoint in their journey.
NO_TOUCHPOINT = "no_touchpoint"


def completed_mask(orders: pd.DataFrame, status_col: str | None, completed: Any) -> np.ndarray:
    """Boolean array: which orders are purchases (``status == completed``; all without a status)."""
    if not status_col:
        return np.ones(len(orders), dtype=bool)
    done = (orders[status_col] == completed).to_numpy(dtype=bool, na_value=False)
    if not done.any():
        seen = ", ".join(repr(x) for x in pd.unique(orders[status_col].dropna()).tolist()[:6])
        raise InputError(
            f"has no {completed!r} value (values: {seen})",
            table="orders",
            column=status_col,
            fix="pass completed='…' with the status of a completed order, or status_col=None to "
            "count every order",
        )
    return done


def order_roles(*roles: str, status_col: str | None) -> tuple[str, ...]:
    """The roles of ``prepare_orders`` a method needs, with ``status`` when a status column is used."""
    return (*roles, "status") if status_col else roles


def positive_number(value: Any, name: str, *, allow_zero: bool = False) -> float:
    """``value`` as a finite float > 0 (≥ 0 with ``allow_zero``); ``TypeError``/``ValueError`` otherwise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise TypeError(f"{name} must be a finite number, not {type(value).__name__} {value!r}")
    if value < 0 or (value == 0 and not allow_zero):
        bound = "≥ 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be {bound}, got {value}")
    return float(value)


def first_purchases(orders, done, *, customer_col, date_col, amount_col, order_col=None):
    """One row per buyer: the first completed order (time, amount, id), indexed by customer."""
    cols = [customer_col, date_col, amount_col] + ([order_col] if order_col else [])
    buys = orders.loc[done, cols].sort_values([customer_col, date_col], kind="stable")
    return buys.drop_duplicates(customer_col).set_index(customer_col)
