"""Service experiences versus later retention: a delivery's delay, a claim's outcome, a ticket's handling."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._docs import fill_doc
from .._stats import wilson_interval
from .._validate import as_numbers, require_columns, require_nonempty, require_present
from ..errors import InputError
from ._common import _check_level

__all__ = ["retention_by_experience"]


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
