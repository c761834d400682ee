"""Service experiences versus later retention: a delivery's delay, a claim's outcome, a ticket's handling."""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._docs import fill_doc
from .._stats import wilson_interval
from .._validate import as_numbers, require_columns, require_nonempty, require_present
from ..errors import InputError
from ._common import _check_level

__all__ = ["retention_by_experience", "retained_after"]


@fill_doc
def retention_by_experience(
    events: pd.DataFrame,
    *,
    value_col: str,
    retained_col: str = "retained",
    bins: Sequence[float] | None = None,
    ci_level: float = 0.95,
    table: str = "events",
) -> pd.DataFrame:
    """Tabulate the later retention rate per kind of service experience (delay, claim outcome, …).

    Parameters
    ----------
    events : pandas.DataFrame
        One row per service event — a delivery, a warranty claim, a support ticket: ``value_col``
        (what happened: a number such as days of delay, or a label such as the claim's outcome) and
        ``retained_col`` (0/1 or boolean: did the customer buy again in the period after the
        event?). A customer with several events counts once per event.
    value_col : str
        The experience column.
    retained_col : str, default "retained"
        The later-retention label.
    bins : sequence of float, optional
        For a numeric ``value_col``: the edges of the groups, e.g. ``[-inf, 0, 2, 5, inf]`` (right
        edge included: ``(0, 2]``). Without bins every distinct value is a group.
    {ci_level}
    table : str, default "events"
        The table's name in error messages.

    Returns
    -------
    pandas.DataFrame
        One row per group, in the order of the bins (else sorted): ``group`` (the value, or the
        interval as text such as ``"(0, 2]"``), ``n`` (events), ``retained``, ``retention_rate``
        and ``ci_low``, ``ci_high`` (Wilson interval).

    Raises
    ------
    ecrm_lab.InputError
        Missing columns, no rows, a missing value, a label other than 0/1, a numeric value outside
        every bin, bins on a text column.

    Examples
    --------
    >>> ev = pd.DataFrame({"delay_days": [0, 0, 1, 3, 4, 6],
    ...                    "retained": [1, 1, 1, 0, 1, 0]})
    >>> retention_by_experience(ev, value_col="delay_days", bins=[-1, 0, 3, 10])[
    ...     ["group", "n", "retained", "retention_rate"]]
         group  n  retained  retention_rate
    0  (-1, 0]  2         2             1.0
    1   (0, 3]  2         1             0.5
    2  (3, 10]  2         1             0.5
    """
    level = _check_level(ci_level)
    require_columns(events, [value_col, retained_col], table=table)
    require_nonempty(events, table=table)
    require_present(events[value_col], table=table, column=value_col, what="value")
    lab = events[retained_col]
    if pd.api.types.is_bool_dtype(lab):
        lab = lab.astype("int64")
    y = as_numbers(lab, table=table, column=retained_col)
    bad = ~y.isin([0, 1])
    if bad.any():
        raise InputError(
            f"must hold 0/1 or True/False, but {int(bad.sum())} value(s) do not "
            f"(e.g. {y[bad].iloc[0]!r})",
            table=table,
            column=retained_col,
            row=y.index[bad.to_numpy()][0],
            fix="convert it to 0/1: 1 = bought again in the later period",
        )
    v = events[value_col]
    if bins is not None:
        if not pd.api.types.is_numeric_dtype(v) or pd.api.types.is_bool_dtype(v):
            raise InputError(
                "holds labels, not numbers, so it cannot be cut into bins",
                table=table,
                column=value_col,
                fix="drop bins= to get one group per label",
            )
        v = as_numbers(v, table=table, column=value_col)
        edges = [float(b) for b in bins]
        if len(edges) < 2 or any(a >= b for a, b in zip(edges[:-1], edges[1:], strict=True)):
            raise ValueError(f"bins must be at least two increasing edges, got {list(bins)}")
        cat = pd.cut(v, edges, right=True)
        if cat.isna().any():
            first = v.index[cat.isna().to_numpy()][0]
            raise InputError(
                f"has {int(cat.isna().sum())} value(s) outside the bins {edges[0]:g}…{edges[-1]:g} "
                f"(e.g. {v.loc[first]:g}; the left edge is excluded)",
                table=table,
                column=value_col,
                row=first,
                fix="widen the bins, e.g. start with -np.inf and end with np.inf",
            )
        groups = [str(c).replace(".0,", ",").replace(".0]", "]") for c in cat.cat.categories]
        key = cat.cat.codes.to_numpy()
        order = range(len(groups))
    else:
        if isinstance(v.dtype, pd.CategoricalDtype):  # a filtered table keeps unused categories
            v = v.cat.remove_unused_categories().astype(object)
        uniq = pd.unique(v)
        try:
            uniq = sorted(uniq)
        except TypeError:
            uniq = sorted(uniq, key=str)
        groups = list(uniq)
        pos = {g: i for i, g in enumerate(groups)}
        key = v.map(pos).to_numpy()
        order = range(len(groups))
    yy = y.to_numpy()
    n = np.bincount(key, minlength=len(groups))
    k = np.bincount(key, weights=yy, minlength=len(groups))
    keep = [i for i in order if n[i] > 0]
    low, high = wilson_interval(k[keep], n[keep], ci_level=level)
    return pd.DataFrame(
        {
            "group": [groups[i] for i in keep],
            "n": n[keep].astype("int64"),
            "retained": k[keep].astype("int64"),
            "retention_rate": k[keep] / n[keep],
            "ci_low": np.atleast_1d(low),
            "ci_high": np.atleast_1d(high),
        }
    )


@fill_doc
def retained_after(
    events: pd.DataFrame,
    orders: pd.DataFrame,
    *,
    event_date_col: str,
    horizon_days: int = 180,
    end: Any = None,
    customer_col: str = "customer_id",
    order_date_col: str = "order_date",
    status_col: str | None = "status",
    completed: Any = "completed",
    table: str = "events",
) -> pd.DataFrame:
    """Label each service event with whether the customer bought again within a horizon after it.

    The label is what :func:`retention_by_experience` tabulates: a delivery, a ticket or a warranty
    claim is **retained** when the same customer has a purchase (an order with status
    ``completed``) dated strictly after the event's day and at most ``horizon_days`` days after
    it. Events whose horizon ends after ``end`` are dropped: the data could not show whether those
    customers came back, and counting them as lost would make late events look worse.

    Parameters
    ----------
    events : pandas.DataFrame
        One row per service event: ``customer_col`` and ``event_date_col`` (the day the customer
        lived the experience, e.g. the delivery day), plus any other columns (kept).
    orders : pandas.DataFrame
        One row per order: ``customer_col``, ``order_date_col`` and ``status_col``; checked by
        :func:`ecrm_lab.tables.prepare_orders`.
    event_date_col : str
        The event's date column in ``events``.
    horizon_days : int, default 180
        Days after the event in which a purchase counts as "bought again" (at least 1).
    end : date-like, optional
        Last day of the data; default: the day of the last order.
    {customer_col}
    order_date_col : str, default "order_date"
        The order date column of ``orders``.
    {status_col}
    {completed}
    table : str, default "events"
        The events table's name in error messages.

    Returns
    -------
    pandas.DataFrame
        The events whose horizon fits before ``end`` (original index and columns), plus
        ``next_purchase`` (day of the customer's first purchase after the event; missing when
        none) and ``retained`` (bool: ``next_purchase`` within ``horizon_days``).

    Raises
    ------
    ecrm_lab.InputError
        Missing columns, no rows, a missing customer or unreadable event date, a bad orders
        table, or no event with a full horizon before ``end``.

    Examples
    --------
    >>> ev = pd.DataFrame({"customer_id": ["a", "b", "c"],
    ...                    "delivered": ["2025-01-10", "2025-01-10", "2025-06-01"]})
    >>> od = pd.DataFrame({"order_id": ["o1", "o2", "o3"], "customer_id": ["a", "b", "c"],
    ...                    "order_date": ["2025-02-01", "2025-12-01", "2025-06-30"],
    ...                    "status": ["completed"] * 3})
    >>> retained_after(ev, od, event_date_col="delivered", horizon_days=90)
      customer_id   delivered next_purchase  retained
    0           a  2025-01-10    2025-02-01      True
    1           b  2025-01-10    2025-12-01     False
    2           c  2025-06-01    2025-06-30      True
    """
    from .. import tables
    from .._validate import as_datetimes

    if isinstance(horizon_days, bool) or not isinstance(horizon_days, numbers.Integral):
        raise TypeError(f"horizon_days must be a whole number of days, not {horizon_days!r}")
    if horizon_days < 1:
        raise ValueError(f"horizon_days must be at least 1, got {horizon_days}")
    require_columns(events, [customer_col, event_date_col], table=table)
    require_nonempty(events, table=table)
    require_present(events[customer_col], table=table, column=customer_col, what="id")
    when = as_datetimes(events[event_date_col], table=table, column=event_date_col)
    require_present(when, table=table, column=event_date_col, what="date")
    require = ("customer", "date") + (("status",) if status_col is not None else ())
    od = tables.prepare_orders(
        orders,
        order_col=None,
        customer_col=customer_col,
        date_col=order_date_col,
        amount_col=None,
        status_col=status_col,
        require=require,
    )
    last = od[order_date_col].max().normalize()
    stop = last if end is None else pd.Timestamp(end).normalize()
    if status_col is not None:
        od = od[od[status_col] == completed]
    day = when.dt.normalize()
    full = (day + pd.Timedelta(days=int(horizon_days))) <= stop
    if not full.any():
        raise InputError(
            f"has no event with a full {horizon_days}-day horizon before {stop.date()}",
            table=table,
            column=event_date_col,
            fix="use a shorter horizon_days, a later end, or events from earlier in the data",
        )
    out = events.loc[full.to_numpy()].copy()
    left = pd.DataFrame(
        {
            "_pos": np.arange(len(out)),
            "_c": out[customer_col].to_numpy(),
            "_d": day[full].to_numpy(),
        }
    ).sort_values("_d", kind="stable")
    right = (
        pd.DataFrame({"_c": od[customer_col].to_numpy(), "_n": od[order_date_col].dt.normalize()})
        .assign(_d=lambda f: f["_n"])
        .sort_values("_d", kind="stable")
    )
    nxt = pd.merge_asof(
        left, right, on="_d", by="_c", direction="forward", allow_exact_matches=False
    ).sort_values("_pos")
    out["next_purchase"] = nxt["_n"].to_numpy()
    gap = (out["next_purchase"] - day[full]).dt.days
    out["retained"] = (gap <= horizon_days).fillna(False).astype(bool).to_numpy()
    return out
