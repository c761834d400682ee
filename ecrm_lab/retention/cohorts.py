"""Cohort retention: of the customers who first bought in a month, what share buys again later?"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._docs import fill_doc
from .._validate import require_columns, require_nonempty
from ..errors import InputError
from ._common import day, purchases

__all__ = ["cohort_retention", "cohort_matrix"]

_PERIODS = {"M": "month", "W": "week", "Q": "quarter"}


@fill_doc
def cohort_retention(
    orders: pd.DataFrame,
    *,
    as_of: Any = None,
    period: str = "M",
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    status_col: str | None = "status",
    completed: Any = "completed",
) -> pd.DataFrame:
    """Tabulate cohort retention: per cohort (period of the first purchase), the share buying in each later period.

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order: ``customer_col`` (id), ``date_col`` (order time) and, unless
        ``status_col`` is None, ``status_col`` (only ``completed`` orders are purchases).
    as_of : str, date or pandas.Timestamp, optional
        The observation date (default: the last purchase day). Only periods that have ended by
        ``as_of`` are shown, so the last, unfinished period never looks like a drop.
    period : {"M", "W", "Q"}, default "M"
        Calendar month, week (Monday to Sunday) or quarter.
    {customer_col}
    date_col : str, default "order_date"
        Name of the order-date column.
    {status_col}
    {completed}

    Returns
    -------
    pandas.DataFrame
        Long table, one row per cohort and period offset, sorted: ``cohort`` (the first-purchase
        period, text such as ``"2025-01"``), ``period`` (0 = the cohort's own period, 1 = the next,
        …), ``n_customers`` (size of the cohort), ``active`` (customers of the cohort who bought in
        that period) and ``retention`` (active / n_customers; 1.0 in period 0). Use
        :func:`cohort_matrix` for the cohort × period grid.

    Raises
    ------
    ecrm_lab.InputError
        For a bad orders table, and when no period has ended by ``as_of``.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "b", "a", "c"],
    ...     "order_date": ["2025-01-05", "2025-01-20", "2025-02-03", "2025-02-10"]})
    >>> cohort_retention(orders, as_of="2025-02-28", status_col=None)
        cohort  period  n_customers  active  retention
    0  2025-01       0            2       2        1.0
    1  2025-01       1            2       1        0.5
    2  2025-02       0            1       1        1.0
    """
    if period not in _PERIODS:
        raise ValueError(f"period must be one of {', '.join(map(repr, _PERIODS))}, not {period!r}")
    p = purchases(
        orders,
        customer_col=customer_col,
        date_col=date_col,
        status_col=status_col,
        completed=completed,
        as_of=as_of,
    )
    t = p["day"].max() if as_of is None else day(as_of)
    per = p["day"].dt.to_period(period)
    p = p.assign(ordinal=per.array.asi8)
    first = p.groupby("customer")["ordinal"].transform("min")
    p = p.assign(cohort_ord=first, period=p["ordinal"] - first)
    # periods that have ended by as_of: their last day is on or before it
    last_done = (t + pd.Timedelta(days=1)).to_period(period).ordinal - 1
    p = p[p["ordinal"] <= last_done]
    if p.empty:
        raise InputError(
            f"has no purchase in a {_PERIODS[period]} that ended by as_of={t.date()}",
            table="orders",
            column=date_col,
            fix="pass a later as_of, or a shorter period",
        )
    sizes = p[p["period"] == 0].groupby("cohort_ord")["customer"].nunique()
    active = p.groupby(["cohort_ord", "period"])["customer"].nunique()
    grid = []
    for c, n in sizes.items():
        for k in range(int(last_done - c) + 1):
            grid.append((c, k, int(n), int(active.get((c, k), 0))))
    out = pd.DataFrame(grid, columns=["cohort_ord", "period", "n_customers", "active"])
    out.insert(
        0, "cohort", [str(pd.Period(ordinal=int(c), freq=period)) for c in out["cohort_ord"]]
    )
    out = out.drop(columns="cohort_ord")
    out["retention"] = out["active"] / out["n_customers"]
    return out.astype({"period": "int64", "n_customers": "int64", "active": "int64"})


def cohort_matrix(retention: pd.DataFrame) -> pd.DataFrame:
    """Pivot the table of :func:`cohort_retention` into the cohort × period grid of retention rates.

    Parameters
    ----------
    retention : pandas.DataFrame
        The long table of :func:`cohort_retention` (``cohort``, ``period``, ``retention``).

    Returns
    -------
    pandas.DataFrame
        Index ``cohort`` (oldest first), one column per period offset (0, 1, …), retention rates in
        [0, 1]; a cell is missing where that period had not ended by ``as_of``.

    Examples
    --------
    >>> long = pd.DataFrame({"cohort": ["2025-01", "2025-01", "2025-02"], "period": [0, 1, 0],
    ...                      "retention": [1.0, 0.5, 1.0]})
    >>> m = cohort_matrix(long)
    >>> m.columns.tolist(), m.loc["2025-01"].tolist(), m.loc["2025-02"].tolist()
    ([0, 1], [1.0, 0.5], [1.0, nan])
    """
    require_columns(retention, ["cohort", "period", "retention"], table="retention")
    require_nonempty(retention, table="retention")
    m = retention.pivot(index="cohort", columns="period", values="retention")
    return m.sort_index().astype(np.float64)
