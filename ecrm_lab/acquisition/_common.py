"""Shared pieces of the acquisition methods: model names, the pseudo-channel, order helpers."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError
from ..vocabulary import codes

#: The attribution models of :func:`attribute`, rule-based first.
MODELS: tuple[str, ...] = codes("attribution_model")
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


# ---------------------------------------------------------------------------------------------------
# Shared parameter docs: written once, added to each function's Parameters section by
# :func:`shared_docs` (only for the parameters the function has and does not document itself).
# ---------------------------------------------------------------------------------------------------
_PARAM_DOCS: dict[str, tuple[str, str]] = {
    "as_of": (
        "date-like, optional",
        "End of the observation window: a row dated after it is an :class:`~ecrm_lab.InputError`.",
    ),
    "prospect_col": ("str", "Prospect id column (``prospects`` and ``touchpoints``)."),
    "customer_col": ("str", "Customer id column, the same name in every table."),
    "channel_col": ("str", "Channel column, the same name in every table."),
    "prospect_date_col": ("str", "First-touch time column of ``prospects``."),
    "touch_date_col": ("str", "Time column of ``touchpoints``."),
    "kind_col": (
        "str or None",
        "Kind column of ``touchpoints`` (``click``, ``impression``, ``visit``); ``None``: not used.",
    ),
    "order_col": (
        "str or None",
        "Order id column of ``orders`` (unique); ``None`` for a table without order ids.",
    ),
    "order_date_col": ("str", "Order time column of ``orders``."),
    "amount_col": ("str", "Amount column of ``orders`` (VND paid, ≥ 0)."),
    "status_col": (
        "str or None",
        "Status column of ``orders``; ``None``: every order is a purchase.",
    ),
    "completed": ("object", "The status of a completed order (a purchase)."),
    "spend_date_col": ("str", "Day column of ``marketing_spend``."),
    "spend_col": ("str", "Spend column (VND, ≥ 0) of ``marketing_spend`` or of the daily table."),
}


def shared_docs(func):
    """Add the shared descriptions of ``func``'s column-name parameters to its docstring."""
    import inspect

    doc = func.__doc__ or ""
    names = [
        n
        for n in inspect.signature(func).parameters
        if n in _PARAM_DOCS and f"\n    {n} :" not in doc and f", {n}" not in doc
    ]
    if not names:
        return func
    lines = "".join(f"    {n} : {_PARAM_DOCS[n][0]}\n        {_PARAM_DOCS[n][1]}\n" for n in names)
    marker = "\n    Returns\n    -------"
    sep = "\n"
    if "\n    Parameters\n    ----------\n" not in doc:
        lines, sep = "    Parameters\n    ----------\n" + lines, "\n\n"
    if marker in doc:
        head, tail = doc.split(marker, 1)
        func.__doc__ = head.rstrip("\n") + sep + lines + marker + tail
    else:
        func.__doc__ = doc.rstrip() + "\n\n" + lines
    return func
