"""Customer lifetime value: the BTYD summary table and the BG/NBD model.

Two different "recencies" live side by side in this field; the names here say which is which:

* ``recency_btyd`` (BG/NBD's tₓ): time from the first to the last purchase — larger is better;
* RFM recency (see :mod:`ecrm_lab.rfm`): time from the last purchase to the snapshot — smaller is better.
  ``RFM recency = T − recency_btyd``.

References: Fader, Hardie & Lee (2005), "Counting your customers the easy way: an alternative to the
Pareto/NBD model", *Marketing Science* 24(2), 275–284.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._validate import require_columns

__all__ = ["btyd_summary", "fit_bgnbd", "bgnbd_loglik"]


def btyd_summary(
    orders: pd.DataFrame,
    *,
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    observation_end: str | pd.Timestamp | None = None,
    time_unit: str = "W",
) -> pd.DataFrame:
    """Per-customer frequency, BG/NBD recency and age from an order table.

    Orders on the same day are merged into one purchase (as in Fader, Hardie & Lee's CDNOW analysis).

    Parameters
    ----------
    orders : DataFrame
        One row per order with a customer column and a date column.
    observation_end : date-like, optional
        End of the calibration period; orders after it are ignored. Default: the last order date.
    time_unit : {"W", "D"}
        Unit of ``recency_btyd`` and ``T``: weeks (default) or days.

    Returns
    -------
    DataFrame
        Indexed by customer: ``frequency`` (number of repeat purchase days), ``recency_btyd`` (first to
        last purchase), ``T`` (first purchase to ``observation_end``).
    """
    require_columns(orders, [customer_col, date_col], table="orders")
    if len(orders) == 0:
        raise ValueError("the orders table is empty: a BTYD summary needs at least one order")
    if time_unit not in ("W", "D"):
        raise ValueError(f"time_unit must be 'W' or 'D', got {time_unit!r}")
    dates = pd.to_datetime(orders[date_col], errors="coerce")
    if dates.isna().any():
        raise ValueError(
            f"orders.{date_col} has {int(dates.isna().sum())} missing or unreadable dates"
        )
    day = dates.dt.normalize()
    end = day.max() if observation_end is None else pd.Timestamp(observation_end).normalize()
    if end < day.min():
        raise ValueError(
            f"observation_end {end.date()} is before the first order ({day.min().date()}): choose a later date"
        )
    df = pd.DataFrame({"c": orders[customer_col].to_numpy(), "d": day.to_numpy()})
    df = df[df["d"] <= end].drop_duplicates()
    g = df.groupby("c", sort=True)["d"]
    first, last, n = g.min(), g.max(), g.size()
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


def bgnbd_loglik(params, frequency, recency, T) -> np.ndarray:
    """Per-customer BG/NBD log-likelihood for ``params = (r, alpha, a, b)``."""
    from scipy.special import betaln, gammaln

    r, alpha, a, b = params
    x = np.asarray(frequency, dtype=float)
    tx = np.asarray(recency, dtype=float)
    T = np.asarray(T, dtype=float)
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = betaln(a, b + x) - betaln(a, b) - (r + x) * np.log(alpha + T)
    with np.errstate(invalid="ignore", divide="ignore"):
        a3 = np.where(
            x > 0,
            betaln(a + 1, np.maximum(b + x - 1, 1e-12))
            - betaln(a, b)
            - (r + x) * np.log(alpha + tx),
            -np.inf,
        )
    return a1 + np.logaddexp(a2, a3)


def fit_bgnbd(summary: pd.DataFrame, *, start=(1.0, 1.0, 1.0, 1.0)) -> pd.Series:
    """Fit the BG/NBD model by maximum likelihood.

    Parameters
    ----------
    summary : DataFrame
        Columns ``frequency``, ``recency_btyd`` and ``T`` (e.g. from :func:`btyd_summary`).

    Returns
    -------
    Series
        ``r``, ``alpha``, ``a``, ``b``, ``loglik`` (total log-likelihood), ``mean_purchase_rate``
        (``r / alpha`` per time unit) and ``mean_dropout`` (``a / (a + b)``).
    """
    from scipy.optimize import minimize

    require_columns(summary, ["frequency", "recency_btyd", "T"], table="summary")
    if len(summary) == 0:
        raise ValueError("the summary table is empty: fit_bgnbd needs at least one customer")
    x = summary["frequency"].to_numpy(float)
    tx = summary["recency_btyd"].to_numpy(float)
    T = summary["T"].to_numpy(float)
    if (x < 0).any() or (tx < 0).any() or (tx > T + 1e-9).any():
        raise ValueError("summary needs frequency ≥ 0 and 0 ≤ recency_btyd ≤ T for every customer")

    def nll(log_params):
        return -bgnbd_loglik(np.exp(log_params), x, tx, T).sum()

    res = minimize(
        nll,
        np.log(start),
        method="Nelder-Mead",
        options={"xatol": 1e-6, "fatol": 1e-6, "maxiter": 4000},
    )
    res = minimize(nll, res.x, method="L-BFGS-B")
    r, alpha, a, b = np.exp(res.x)
    return pd.Series(
        {
            "r": r,
            "alpha": alpha,
            "a": a,
            "b": b,
            "loglik": -res.fun,
            "mean_purchase_rate": r / alpha,
            "mean_dropout": a / (a + b),
        }
    )
