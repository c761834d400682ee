"""The BTYD summary tables (calibration and hold-out) and historic CLV; the CDNOW data."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._validate import as_timestamp
from ..errors import InputError

__all__ = ["load_cdnow", "btyd_summary", "summary_from_transactions", "historic_clv"]

#: Order statuses that are not purchases (VietShop's ``orders.status``).
CANCELLED_STATUSES = ("cancelled",)


def load_cdnow() -> pd.DataFrame:
    """The CDNOW sample of Fader, Hardie & Lee (2005): 2,357 customers' purchases, 1997-01 … 1998-06.

    Shipped with the package (``ecrm_lab/data/cdnow/``; provenance and licence in its ``SOURCES.md``),
    read with :mod:`importlib.resources`, so it works offline.

    Returns
    -------
    DataFrame
        One row per purchase occasion (6,919 rows): ``customer_id`` (int, 1 … 2,357), ``order_date``
        (datetime64), ``n_cds`` (int, CDs bought) and ``amount`` (float, US dollars).

    Examples
    --------
    >>> cdnow = load_cdnow()
    >>> len(cdnow), cdnow["customer_id"].nunique()
    (6919, 2357)
    """
    import gzip
    from importlib import resources

    ref = resources.files("ecrm_lab").joinpath("data/cdnow/CDNOW_sample.txt.gz")
    with ref.open("rb") as raw, gzip.open(raw, "rt", encoding="ascii") as text:
        df = pd.read_csv(
            text,
            sep=r"\s+",
            header=None,
            names=["master_id", "customer_id", "date", "n_cds", "amount"],
            dtype={"master_id": "int64", "customer_id": "int64", "date": str},
        )
    return pd.DataFrame(
        {
            "customer_id": df["customer_id"],
            "order_date": pd.to_datetime(df["date"], format="%Y%m%d"),
            "n_cds": df["n_cds"].astype("int64"),
            "amount": df["amount"].astype(float),
        }
    )


def btyd_summary(
    orders: pd.DataFrame,
    *,
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    as_of: str | pd.Timestamp | None = None,
    time_unit: str = "W",
    status_col: str | None = "status",
    after_end: str = "raise",
    observation_end: str | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Per-customer frequency, BG/NBD recency and age from an order table.

    Orders on the same day are merged into one purchase (as in Fader, Hardie & Lee's CDNOW analysis), so
    duplicated rows never count twice. Cancelled orders are not purchases: when the table has a
    ``status_col`` column, rows whose status is ``"cancelled"`` are left out (returned orders stay: the
    customer did buy). A table without that column is taken to hold purchases only.

    Parameters
    ----------
    orders : DataFrame
        One row per order: ``customer_col`` (any hashable id, no missing values), ``date_col`` (dates or
        date strings — not numbers: ``20250101`` or epoch seconds are refused, convert them with
        ``pd.to_datetime`` first) and optionally ``status_col``.
    customer_col, date_col : str
        Column names.
    as_of : date-like, optional
        End of the calibration period (the observation date). Default: the last order date.
    time_unit : {"W", "D"}
        Unit of ``recency_btyd`` and ``T``: weeks (default) or days.
    status_col : str or None, default "status"
        Order status column; ``None`` counts every row as a purchase.
    after_end : {"raise", "drop"}, default "raise"
        What to do with orders dated after ``as_of``: an :class:`~ecrm_lab.InputError`, or leave
        them out (a calibration/hold-out split).
    observation_end : date-like, optional
        Former name of ``as_of``, still accepted (give one of the two).

    Returns
    -------
    DataFrame
        Indexed by customer (sorted): ``frequency`` (int, number of repeat purchase days),
        ``recency_btyd`` (float, first to last purchase) and ``T`` (float, first purchase to
        ``as_of``), both in ``time_unit``.

    Raises
    ------
    InputError
        (through :func:`ecrm_lab.tables.prepare_orders`) Missing column, empty table, missing ids or
        statuses, numeric or unreadable dates; and orders after ``as_of`` (with
        ``after_end="raise"``), fewer than two customers.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "a", "b"],
    ...                        "order_date": ["2025-01-01", "2025-01-08", "2025-01-08", "2025-01-15"]})
    >>> btyd_summary(orders, as_of="2025-01-29")  # doctest: +NORMALIZE_WHITESPACE
                 frequency  recency_btyd    T
    customer_id
    a                    1           1.0  4.0
    b                    0           0.0  2.0
    """
    from ..tables import prepare_orders

    if time_unit not in ("W", "D"):
        raise ValueError(f"time_unit must be 'W' or 'D', got {time_unit!r}")
    if after_end not in ("raise", "drop"):
        raise ValueError(f"after_end must be 'raise' or 'drop', got {after_end!r}")
    use_status = (
        status_col is not None and isinstance(orders, pd.DataFrame) and status_col in orders.columns
    )
    orders = prepare_orders(
        orders,
        order_col=None,
        customer_col=customer_col,
        date_col=date_col,
        amount_col=None,
        status_col=status_col if use_status else None,
        require=("customer", "date", "status") if use_status else ("customer", "date"),
    )
    day = orders[date_col].dt.normalize()
    keep = np.ones(len(orders), dtype=bool)
    if use_status:
        keep = ~orders[status_col].astype("string").isin(CANCELLED_STATUSES).to_numpy()
        if not keep.any():
            raise InputError(
                "every order is cancelled, so there is no purchase left",
                table="orders",
                column=status_col,
                fix="pass completed orders, or status_col=None to count every row",
            )
    if observation_end is not None:
        if as_of is not None:
            raise TypeError("give as_of or its former name observation_end, not both")
        as_of = observation_end
    end = day.max() if as_of is None else as_timestamp(as_of, "as_of")
    end = end.normalize()
    first_day = day[keep].min()
    if end < first_day:
        raise ValueError(
            f"as_of {end.date()} is before the first order ({first_day.date()}): "
            "choose a later date"
        )
    late = keep & (day > end).to_numpy()
    if late.any() and after_end == "raise":
        raise InputError(
            f"{int(late.sum())} order(s) are dated after as_of={end.date()}",
            table="orders",
            column=date_col,
            row=orders.index[late][0],
            fix="pass a later as_of, filter the orders first, or after_end='drop' "
            "for a calibration/hold-out split",
        )
    keep &= ~late
    df = pd.DataFrame({"c": orders[customer_col].to_numpy()[keep], "d": day.to_numpy()[keep]})
    df = df.drop_duplicates()
    g = df.groupby("c", sort=True)["d"]
    first, last, n = g.min(), g.max(), g.size()
    if len(n) < 2:
        raise InputError(
            f"holds purchases of only {len(n)} customer",
            table="orders",
            column=customer_col,
            fix="a BTYD summary describes a customer base: pass the orders of all customers",
        )
    scale = 7.0 if time_unit == "W" else 1.0
    out = pd.DataFrame(
        {
            "frequency": (n - 1).astype(np.int64),
            "recency_btyd": (last - first).dt.days / scale,
            "T": (end - first).dt.days / scale,
        }
    )
    out.index.name = customer_col
    return out


# ------------------------------------------------------------------ calibration / hold-out summary
def summary_from_transactions(
    transactions: pd.DataFrame,
    *,
    calibration_end: Any,
    observation_end: Any = None,
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    amount_col: str | None = "amount",
    status_col: str | None = "status",
    time_unit: str = "W",
    order_col: str | None = "order_id",
) -> pd.DataFrame:
    """BG/NBD and gamma-gamma inputs from a transaction table, with an optional hold-out period.

    The calibration columns are :func:`btyd_summary` at ``as_of=calibration_end`` (same-day
    purchases merged, cancelled orders left out), so the two never disagree. Conventions shared with
    ``lifetimes``' ``calibration_and_holdout_data`` and PyMC-Marketing's ``rfm_summary``: frequency
    counts *repeat* purchase days, ``monetary_value`` is the mean value of the repeat purchase days
    (the first purchase is left out; 0 for a customer without repeat purchase).

    **Recency here is BG/NBD recency** (``recency_btyd``): time from the customer's *first* to the
    *last* purchase (larger is better). It is not RFM recency (:func:`ecrm_lab.rfm.rfm_table`), the
    days from the *last* purchase to the snapshot (smaller is better):
    ``RFM recency = T − recency_btyd``.

    Parameters
    ----------
    transactions : DataFrame
        One row per order: ``customer_col`` (id), ``date_col`` (date), ``amount_col`` (money ≥ 0 when
        not None), ``status_col`` (optional, as in :func:`btyd_summary`). None after
        ``observation_end``.
    calibration_end : date-like
        Last day of the calibration period: between the first purchase and the last day of the data
        (before ``observation_end``).
    observation_end : date-like, optional
        Last day of the hold-out period; adds the hold-out columns.
    customer_col, date_col, amount_col, status_col : str
        Column names; ``amount_col=None`` leaves out ``monetary_value``, ``status_col=None`` counts
        every row.
    time_unit : {"W", "D"}
        Unit of ``recency_btyd``, ``T`` and ``duration_holdout``: weeks (default) or days.
    order_col : str or None, default "order_id"
        Order key: when the table has this column, a repeated order id is an error (a copied row
        would add its amount twice).

    Returns
    -------
    DataFrame
        Indexed by customer (those whose first purchase is on or before ``calibration_end``):
        ``frequency`` (int), ``recency_btyd`` and ``T`` (float), ``monetary_value`` (float, with
        ``amount_col``) and, with ``observation_end``, ``frequency_holdout`` (int, purchase days in
        the hold-out) and ``duration_holdout`` (float, its length).

    Raises
    ------
    InputError
        The problems of :func:`btyd_summary`; negative or non-numeric amounts; a ``calibration_end`` before the
        first purchase or after the last day of the data; orders after ``observation_end``, or an
        ``observation_end`` not after ``calibration_end``.

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["a", "a", "a", "b", "b"],
    ...     "order_date": ["2025-01-01", "2025-01-15", "2025-02-12", "2025-01-08", "2025-02-05"],
    ...     "amount": [10.0, 30.0, 20.0, 5.0, 7.0]})
    >>> s = summary_from_transactions(t, calibration_end="2025-01-29", observation_end="2025-02-26")
    >>> s.T  # doctest: +NORMALIZE_WHITESPACE
    customer_id          a    b
    frequency          1.0  0.0
    recency_btyd       2.0  0.0
    T                  4.0  3.0
    monetary_value    30.0  0.0
    frequency_holdout  1.0  1.0
    duration_holdout   4.0  4.0
    """
    from ..tables import prepare_orders

    use_status = (
        status_col is not None
        and isinstance(transactions, pd.DataFrame)
        and status_col in transactions.columns
    )
    roles = ("customer", "date") + (("amount",) if amount_col else ())
    roles += ("status",) if use_status else ()
    use_order = (
        order_col is not None
        and isinstance(transactions, pd.DataFrame)
        and order_col in transactions.columns
    )
    roles += ("order",) if use_order else ()
    cal = as_timestamp(calibration_end, "calibration_end").normalize()
    obs = None if observation_end is None else as_timestamp(observation_end, "observation_end")
    if obs is not None and obs.normalize() <= cal:
        raise ValueError(f"observation_end {obs.date()} must be after calibration_end {cal.date()}")
    df = prepare_orders(
        transactions,
        order_col=order_col if use_order else None,
        customer_col=customer_col,
        date_col=date_col,
        amount_col=amount_col,
        status_col=status_col if use_status else None,
        require=roles,
        as_of=None
        if obs is None
        else obs.normalize() + pd.Timedelta(days=1) - pd.Timedelta(1, "ns"),
        table="transactions",
    )
    if use_status:
        df = df[~df[status_col].astype("string").isin(CANCELLED_STATUSES).to_numpy()]
    day = df[date_col].dt.normalize()
    if len(day) and not (day.min() <= cal <= day.max()):
        raise InputError(
            f"calibration_end={cal.date()} lies outside the purchases "
            f"({day.min().date()} … {day.max().date()})",
            table="transactions",
            column=date_col,
            fix="choose a calibration end between the first and the last purchase",
        )
    out = btyd_summary(
        df,
        customer_col=customer_col,
        date_col=date_col,
        as_of=cal,
        time_unit=time_unit,
        status_col=None,
        after_end="drop",
    )
    daily = pd.DataFrame({"c": df[customer_col].to_numpy(), "d": day.to_numpy()})
    if amount_col:
        daily["m"] = df[amount_col].to_numpy(float)
    daily = daily.groupby(["c", "d"], sort=True, as_index=False).sum()
    daily = daily[daily["c"].isin(out.index)]
    in_cal = (daily["d"] <= cal).to_numpy()
    if amount_col:
        calib = daily[in_cal]
        repeat = calib[calib.groupby("c").cumcount() > 0]
        mean = repeat.groupby("c")["m"].mean()
        out["monetary_value"] = mean.reindex(out.index).fillna(0.0).to_numpy()
    if obs is not None:
        n_hold = daily[~in_cal].groupby("c").size()
        out["frequency_holdout"] = n_hold.reindex(out.index).fillna(0).astype(np.int64).to_numpy()
        scale = 7.0 if time_unit == "W" else 1.0
        out["duration_holdout"] = (obs.normalize() - cal).days / scale
    return out


def historic_clv(
    orders: pd.DataFrame,
    *,
    as_of: Any,
    margin: float = 1.0,
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    amount_col: str = "amount",
    status_col: str | None = "status",
    order_col: str | None = "order_id",
) -> pd.DataFrame:
    """Historic CLV: what each customer has brought in so far (completed orders up to ``as_of``).

    Parameters
    ----------
    orders : DataFrame
        One row per order: ``customer_col``, ``date_col`` (none after ``as_of``), ``amount_col``
        (money ≥ 0), ``status_col`` (optional; only ``completed``-like purchase statuses count).
    as_of : date-like
        The observation date.
    margin : float, default 1.0
        Gross margin share of revenue, in (0, 1].
    customer_col, date_col, amount_col, status_col : str
        Column names.
    order_col : str or None, default "order_id"
        Order key: when the table has this column, a repeated order id is an error.

    Returns
    -------
    DataFrame
        Indexed by customer: ``n_orders`` (int), ``revenue`` (float), ``historic_clv`` (float,
        ``margin × revenue``).

    Raises
    ------
    InputError
        As :func:`~ecrm_lab.tables.prepare_orders`; no purchase left.
    ValueError
        ``margin`` outside (0, 1].

    Examples
    --------
    >>> o = pd.DataFrame({"order_id": [1, 2, 3], "customer_id": ["a", "a", "b"],
    ...     "order_date": ["2025-01-01", "2025-02-01", "2025-01-05"], "amount": [100.0, 50.0, 30.0]})
    >>> historic_clv(o, as_of="2025-03-01", margin=0.3)["historic_clv"].round(2).tolist()
    [45.0, 9.0]
    """
    from .. import vocabulary
    from ..tables import prepare_orders

    if not 0 < margin <= 1:
        raise ValueError(f"margin must lie in (0, 1], got {margin!r}")
    use_status = (
        status_col is not None and isinstance(orders, pd.DataFrame) and status_col in orders
    )
    roles = ("customer", "date", "amount") + (("status",) if use_status else ())
    use_order = order_col is not None and isinstance(orders, pd.DataFrame) and order_col in orders
    roles += ("order",) if use_order else ()
    end = as_timestamp(as_of, "as_of").normalize() + pd.Timedelta(days=1) - pd.Timedelta(1, "ns")
    df = prepare_orders(
        orders,
        order_col=order_col if use_order else None,
        customer_col=customer_col,
        date_col=date_col,
        amount_col=amount_col,
        status_col=status_col if use_status else None,
        require=roles,
        as_of=end,
    )
    if use_status:
        df = df[
            df[status_col].astype("string").isin(vocabulary.codes("status", "purchase")).to_numpy()
        ]
        if df.empty:
            raise InputError(
                "has no completed order",
                table="orders",
                column=status_col,
                fix="check the statuses",
            )
    g = df.groupby(customer_col, sort=True)[amount_col]
    out = pd.DataFrame({"n_orders": g.size().astype(np.int64), "revenue": g.sum().astype(float)})
    out["historic_clv"] = margin * out["revenue"]
    return out
