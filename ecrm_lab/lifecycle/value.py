"""Past and future revenue per lifecycle stage."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._validate import require_columns, require_nonempty
from ..errors import InputError
from ._core import (
    STAGE_DTYPE,
    STAGES,
    _as_day,
    _check_int,
    _day_number,
    _day_str,
    _days,
    prepare_lifecycle_orders,
)

if TYPE_CHECKING:  # pragma: no cover - typing only
    pass

__all__ = ["value_by_stage"]


def value_by_stage(
    stages: pd.DataFrame,
    orders: pd.DataFrame,
    *,
    as_of: Any,
    horizon_days: int = 180,
    past_days: int = 365,
    customer_col: str = "customer_id",
    stage_col: str = "stage",
    order_col: str | None = "order_id",
    order_date_col: str = "order_date",
    amount_col: str = "amount",
    status_col: str | None = "status",
    completed: Any = "completed",
) -> pd.DataFrame:
    """Past and future revenue per person in each stage (does the stage predict value?).

    Parameters
    ----------
    stages : DataFrame
        One row per person with ``customer_col`` and ``stage_col`` — typically the output of
        :func:`assign_stages` at the same ``as_of``. Rows with a missing customer id (unconverted
        prospects) count with zero revenue.
    orders : DataFrame
        As in :func:`assign_stages` (duplicated orders refused the same way); it must reach at least
        ``horizon_days`` past ``as_of``.
    as_of : date-like
        The snapshot day of ``stages``.
    horizon_days : int, default 180
        Future revenue: purchases in the ``horizon_days`` days after ``as_of``.
    past_days : int, default 365
        Past revenue: purchases in the last ``past_days`` days up to ``as_of``.
    customer_col, stage_col, order_col, order_date_col, amount_col, status_col : str
        Column names; the defaults match VietShop (``order_col`` and ``status_col`` may be
        ``None``).
    completed : object, default "completed"
        The status value of a completed order.

    Returns
    -------
    DataFrame
        One row per stage (all five, in :data:`STAGES` order): ``stage``, ``n_customers``, ``share``,
        ``past_revenue_per_customer``, ``future_revenue_per_customer`` (completed orders only, averaged
        over everyone in the stage, buyers or not; NaN for an empty stage) and
        ``future_buyer_share`` (share who buy at least once in the horizon).

    Raises
    ------
    InputError
        Bad tables: missing columns, unknown stage values, duplicated customers in ``stages``,
        duplicated orders, bad dates or amounts.
    ValueError
        The horizon running past the last order,
        ``as_of`` before the first order or before a ``last_order_date`` in ``stages``.
    """
    require_columns(stages, [customer_col, stage_col], table="stages")
    require_nonempty(stages, table="stages")
    horizon_days = _check_int(horizon_days, "horizon_days", minimum=1)
    past_days = _check_int(past_days, "past_days", minimum=1)
    st = stages[stage_col]
    unknown = pd.unique(st[~st.isin(STAGES)].astype(object))
    if len(unknown):
        shown = ", ".join(repr(x) for x in list(unknown)[:5])
        raise InputError(
            f"has unknown stage(s) {shown}",
            table="stages",
            column=stage_col,
            row=st.index[(~st.isin(STAGES)).to_numpy()][0],
            fix=f"the stages are {', '.join(STAGES)} (use the output of assign_stages)",
        )
    ids = stages[customer_col]
    dup = ids[ids.notna() & ids.duplicated()]
    if len(dup):
        raise InputError(
            f"has duplicated customers (e.g. {dup.iloc[0]!r}), who would count twice",
            table="stages",
            column=customer_col,
            row=dup.index[0],
            fix="keep one row per customer (use the output of assign_stages)",
        )
    orders = prepare_lifecycle_orders(
        orders,
        order_col=order_col,
        customer_col=customer_col,
        date_col=order_date_col,
        amount_col=amount_col,
        status_col=status_col,
    )
    o_day = _days(orders[order_date_col], table="orders", column=order_date_col)
    ts = _as_day(as_of, "as_of")
    day = _day_number(ts)
    first, last = int(o_day.min()), int(o_day.max())
    if day < first:
        raise ValueError(
            f"as_of {ts.date()} is before the first order ({_day_str(first)}): choose a date inside the data"
        )
    if day + horizon_days > last:
        raise ValueError(
            f"as_of + horizon_days = {_day_str(day + horizon_days)} is after the last order ({_day_str(last)}): "
            "future revenue would be cut off; choose an earlier as_of or a shorter horizon_days"
        )
    if "last_order_date" in stages.columns:
        lod = pd.to_datetime(stages["last_order_date"], errors="coerce")
        if isinstance(lod.dtype, pd.DatetimeTZDtype):
            lod = lod.dt.tz_localize(None)
        # compare days: a purchase at 15:00 on the as_of day is "on or before as_of"
        if (lod.dt.normalize() > ts).any():
            raise ValueError(
                f"stages has last_order_date after as_of {ts.date()}: the stages were assigned at a later "
                "date; pass the as_of used in assign_stages"
            )

    if status_col:
        done = (orders[status_col] == completed).to_numpy(dtype=bool, na_value=False)
    else:
        done = np.ones(len(orders), dtype=bool)
    amount = pd.to_numeric(orders[amount_col]).to_numpy(dtype=float)
    past = done & (o_day <= day) & (o_day > day - past_days)
    future = done & (o_day > day) & (o_day <= day + horizon_days)
    key = orders[customer_col]
    past_rev = pd.Series(amount[past]).groupby(key[past].to_numpy()).sum()
    fut_rev = pd.Series(amount[future]).groupby(key[future].to_numpy()).sum()
    person_past = ids.map(past_rev).fillna(0.0).to_numpy(dtype=float)
    person_fut = ids.map(fut_rev).fillna(0.0).to_numpy(dtype=float)
    code = pd.Categorical(st.astype(object), dtype=STAGE_DTYPE).codes
    k = len(STAGES)
    n = np.bincount(code, minlength=k)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = pd.DataFrame(
            {
                "stage": pd.Categorical(STAGES, dtype=STAGE_DTYPE),
                "n_customers": n.astype(np.int64),
                "share": n / n.sum(),
                "past_revenue_per_customer": np.bincount(code, weights=person_past, minlength=k)
                / n,
                "future_revenue_per_customer": np.bincount(code, weights=person_fut, minlength=k)
                / n,
                "future_buyer_share": np.bincount(
                    code, weights=(person_fut > 0).astype(float), minlength=k
                )
                / n,
            }
        )
    return out
