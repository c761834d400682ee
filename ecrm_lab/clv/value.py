"""The value of purchases and customers: gamma-gamma, simple-formula and discounted CLV."""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._validate import require_columns, require_nonempty
from ..errors import InputError
from .bgnbd import (
    _LOG_BOUNDS,
    BGNBDConvergenceWarning,
    BGNBDFit,
    _numeric_gradient,
    _positive_params,
)

__all__ = ["GammaGammaFit", "fit_gamma_gamma", "gamma_gamma_loglik", "simple_clv", "discounted_clv"]


# ----------------------------------------------------------------------------- gamma-gamma
@dataclasses.dataclass(frozen=True)
class GammaGammaFit:
    """A fitted gamma-gamma model of the mean purchase value (returned by :func:`fit_gamma_gamma`).

    Parameters
    ----------
    p : float
        Shape of the gamma distribution of one purchase's value.
    q, gamma : float
        Shape and scale of the gamma heterogeneity of the value's rate across customers.
    log_likelihood : float
        Total log-likelihood (a log density of the customers' mean values) at the estimate.
    converged : bool
        The optimiser reported success and the gradient is near zero.
    n_customers : int
        Customers with repeat purchases the model was fitted on.
    message : str
        The optimiser's last word, or why the fit is not trusted.
    """

    p: float
    q: float
    gamma: float
    log_likelihood: float
    converged: bool
    n_customers: int
    message: str = ""

    def conditional_expected_value(self, summary: pd.DataFrame) -> pd.Series:
        """Expected mean purchase value of each customer, given their repeat purchases.

        ``(γ + x·m) · p / (p·x + q − 1)``: a weighted mean of the population mean
        ``p·γ / (q − 1)`` and the customer's own mean ``m`` (Fader, Hardie & Lee 2005, eq. 3).

        Parameters
        ----------
        summary : DataFrame
            One row per customer: ``frequency`` (whole numbers ≥ 0) and ``monetary_value`` (≥ 0; it
            is ignored where ``frequency`` is 0, who get the population mean).

        Returns
        -------
        pandas.Series
            ``expected_value`` (float), indexed like ``summary``.

        Raises
        ------
        InputError
            Missing column, empty table, bad values.
        ValueError
            ``q ≤ 1`` (the population mean is infinite).
        """
        if self.q <= 1:
            raise ValueError(f"the expected value needs q > 1, the fit has q = {self.q:.3g}")
        x, m = _check_money(summary, fitting=False)
        m = np.where(x > 0, m, 0.0)
        value = (self.gamma + x * m) * self.p / (self.p * x + self.q - 1)
        return pd.Series(value, index=summary.index, name="expected_value")


def _check_money(summary: Any, fitting: bool = True) -> tuple[np.ndarray, np.ndarray]:
    cols = ["frequency", "monetary_value"]
    require_columns(summary, cols, table="summary")
    require_nonempty(summary, table="summary")
    values = []
    for c in cols:
        s = summary[c]
        v = s.to_numpy(float) if pd.api.types.is_numeric_dtype(s) else None
        bad = None if v is None else ~np.isfinite(v) | (v < 0)
        if v is None or pd.api.types.is_bool_dtype(s) or bad.any():
            raise InputError(
                "must hold finite numbers ≥ 0",
                table="summary",
                column=c,
                row=None if v is None else summary.index[bad][0],
                fix="build the summary with summary_from_transactions(..., amount_col=...)",
            )
        values.append(v)
    x, m = values
    if np.any(x != np.round(x)):
        raise InputError(
            "must hold whole numbers (repeat purchases)", table="summary", column="frequency"
        )
    if fitting:
        bad = (x > 0) & (m <= 0)
        if bad.any():
            raise InputError(
                "is 0 for a customer with repeat purchases",
                table="summary",
                column="monetary_value",
                row=summary.index[bad][0],
                fix="gamma-gamma needs positive purchase values",
            )
        if (x > 0).sum() < 2:
            raise InputError(
                "has fewer than two customers with repeat purchases",
                table="summary",
                column="frequency",
                fix="use a longer calibration period or more customers",
            )
    return x, m


def gamma_gamma_loglik(params: Sequence[float], frequency, monetary) -> np.ndarray:
    """Per-customer gamma-gamma log-likelihood of the mean value ``monetary`` of ``frequency`` purchases.

    Parameters
    ----------
    params : sequence of 3 floats
        ``(p, q, gamma)``, all > 0.
    frequency : array-like of int
        Purchases the mean is taken over (x > 0).
    monetary : array-like of float
        Mean value of those purchases (m > 0).

    Returns
    -------
    numpy.ndarray
        ``log f(m | p, q, γ, x)`` of each customer (a log density).

    Examples
    --------
    >>> round(float(gamma_gamma_loglik((1.0, 1.0, 1.0), [1], [1.0])[0]), 6)  # log(1/4)
    -1.386294
    """
    from scipy.special import gammaln

    p, q, g = _positive_params(params, ("p", "q", "gamma"))
    x = np.asarray(frequency, dtype=float)
    m = np.asarray(monetary, dtype=float)
    px = p * x
    return (
        gammaln(px + q)
        - gammaln(px)
        - gammaln(q)
        + q * np.log(g)
        + (px - 1) * np.log(m)
        + px * np.log(x)
        - (px + q) * np.log(x * m + g)
    )


def fit_gamma_gamma(
    summary: pd.DataFrame,
    *,
    start: Sequence[float] | None = None,
    on_failure: str = "warn",
) -> GammaGammaFit:
    """Fit the gamma-gamma model of the mean purchase value by maximum likelihood.

    Fitted on the customers with repeat purchases (``frequency > 0``), whose ``monetary_value`` is
    the mean of their repeat purchases — as in Fader, Hardie & Lee (2005) and ``lifetimes``. The
    model assumes the mean value does not depend on the number of purchases; check
    ``summary[["frequency", "monetary_value"]].corr()`` (about 0.11 on CDNOW). ``p`` and ``gamma``
    are only weakly identified apart (a ridge in the likelihood); the population mean
    ``p * gamma / (q - 1)`` and ``q`` are well determined. The values are divided by their mean
    before the fit (the model is scale-free: ``gamma`` scales with the money unit, the
    log-likelihood shifts by ``n · log(scale)``), so order values in ₫ (10⁵–10⁶) fit as well as
    values in dollars.

    Parameters
    ----------
    summary : DataFrame
        One row per customer: ``frequency`` and ``monetary_value``, e.g. from
        :func:`summary_from_transactions`.
    start : 3 positive numbers, optional
        Starting values of ``(p, q, gamma)``, ``gamma`` in the unit of ``monetary_value``.
        Default: ``(1, 1, m̄)`` with ``m̄`` the mean value of the repeat buyers.
    on_failure : {"warn", "raise"}, default "warn"
        When the fit does not converge: a :class:`BGNBDConvergenceWarning` or a ``RuntimeError``.

    Returns
    -------
    GammaGammaFit
        Frozen result: ``p``, ``q``, ``gamma``, ``log_likelihood``, ``converged``, ``n_customers``,
        ``message``; ``conditional_expected_value(summary)``.

    Raises
    ------
    InputError
        Missing column, empty table, negative or missing values, a repeat buyer with value 0, fewer
        than two repeat buyers.

    Examples
    --------
    >>> from ecrm_lab.clv import load_cdnow, summary_from_transactions
    >>> s = summary_from_transactions(load_cdnow(), calibration_end="1997-09-30")
    >>> gg = fit_gamma_gamma(s)
    >>> round(gg.p, 2), round(gg.q, 2), round(gg.gamma, 2)
    (6.25, 3.74, 15.44)
    """
    from scipy.optimize import minimize

    if on_failure not in ("warn", "raise"):
        raise ValueError(f"on_failure must be 'warn' or 'raise', got {on_failure!r}")
    x, m = _check_money(summary)
    x, m = x[x > 0], m[x > 0]
    n = len(x)
    scale = float(m.mean())  # fit on m / scale: gamma comes back times scale
    start_arr = np.asarray((1.0, 1.0, scale) if start is None else start, dtype=float)
    if start_arr.shape != (3,) or not np.all(np.isfinite(start_arr)) or np.any(start_arr <= 0):
        raise ValueError(f"start must be 3 positive numbers (p, q, gamma), got {start!r}")
    start_arr = start_arr / np.array([1.0, 1.0, scale])
    m = m / scale

    def nll(log_params: np.ndarray) -> float:
        value = -gamma_gamma_loglik(np.exp(log_params), x, m).sum() / n
        return float(value) if np.isfinite(value) else 1e10

    bounds = [_LOG_BOUNDS] * 3
    first = minimize(
        nll, np.clip(np.log(start_arr), *_LOG_BOUNDS), method="L-BFGS-B", bounds=bounds
    )
    polish = minimize(
        nll,
        first.x,
        method="Nelder-Mead",
        bounds=bounds,
        options={"xatol": 1e-9, "fatol": 1e-13, "maxiter": 8000},
    )
    res = minimize(nll, polish.x, method="L-BFGS-B", bounds=bounds)
    best = min((first, polish, res), key=lambda o: o.fun)
    grad = _numeric_gradient(nll, best.x)
    problems = [] if res.success else [f"optimiser: {res.message}"]
    if np.max(np.abs(grad)) > 1e-3:
        problems.append(f"gradient not near zero (max |g| = {np.max(np.abs(grad)):.2g})")
    if np.any(
        np.isclose(best.x, _LOG_BOUNDS[0], atol=1e-3)
        | np.isclose(best.x, _LOG_BOUNDS[1], atol=1e-3)
    ):
        problems.append("a parameter is on its bound: the data do not identify it")
    p, q, g = np.exp(best.x)
    fit = GammaGammaFit(
        p=float(p),
        q=float(q),
        gamma=float(g * scale),
        log_likelihood=float(-best.fun * n - n * np.log(scale)),
        converged=not problems,
        n_customers=n,
        message="; ".join(problems) if problems else str(res.message),
    )
    if problems:
        text = f"fit_gamma_gamma did not converge ({fit.message}); do not trust these parameters"
        if on_failure == "raise":
            raise RuntimeError(text)
        warnings.warn(text, BGNBDConvergenceWarning, stacklevel=2)
    return fit


# -------------------------------------------------------------------------------- CLV figures
def simple_clv(margin, retention, discount_rate):
    """The simple-formula CLV of a customer: ``margin × retention / (1 + discount_rate − retention)``.

    The value of a constant yearly ``margin`` received at the end of each year the customer stays,
    with a constant ``retention`` rate and ``discount_rate`` over an infinite horizon (Gupta &
    Lehmann 2003).

    Parameters
    ----------
    margin : float or array-like
        Margin per period (money, ≥ 0).
    retention : float or array-like
        Probability of staying one more period, in [0, 1).
    discount_rate : float or array-like
        Discount rate per period, ≥ 0.

    Returns
    -------
    float or numpy.ndarray
        The CLV, same shape as the broadcast inputs.

    Raises
    ------
    ValueError
        Retention outside [0, 1), negative margin or discount rate.

    Examples
    --------
    >>> round(simple_clv(100.0, 0.8, 0.1), 2)  # 100 * 0.8 / 0.3
    266.67
    """
    mm, r, d = (np.asarray(v, dtype=float) for v in (margin, retention, discount_rate))
    if np.any(~np.isfinite(r)) or np.any((r < 0) | (r >= 1)):
        raise ValueError("retention must lie in [0, 1): a share of customers who stay a period")
    if np.any(~np.isfinite(mm)) or np.any(mm < 0) or np.any(~np.isfinite(d)) or np.any(d < 0):
        raise ValueError("margin and discount_rate must be finite numbers >= 0")
    value = mm * r / (1 + d - r)
    return float(value) if value.ndim == 0 else value


def discounted_clv(
    bgnbd: BGNBDFit,
    gamma_gamma: GammaGammaFit,
    summary: pd.DataFrame,
    *,
    n_periods: int = 12,
    period: float = 52 / 12,
    discount_rate: float = 0.01,
    margin: float = 1.0,
) -> pd.Series:
    """Discounted CLV of each customer: expected purchases per future period × expected value.

    ``Σₖ margin · E[value] · (E[Y(k·period)] − E[Y((k−1)·period)]) / (1 + discount_rate)^k`` for
    k = 1 … ``n_periods``, with E[Y] from :meth:`BGNBDFit.conditional_expected_purchases` and
    E[value] from :meth:`GammaGammaFit.conditional_expected_value` (the discrete discounting of
    ``lifetimes``' ``customer_lifetime_value``).

    Parameters
    ----------
    bgnbd : BGNBDFit
        The purchase model, fitted in the summary's time unit.
    gamma_gamma : GammaGammaFit
        The value model.
    summary : DataFrame
        One row per customer: ``frequency``, ``recency_btyd``, ``T``, ``monetary_value``.
    n_periods : int, default 12
        Future periods summed over.
    period : float, default 52/12
        Length of one period in the summary's time unit (default: a month in weeks).
    discount_rate : float, default 0.01
        Discount rate per period, ≥ 0.
    margin : float, default 1.0
        Share of the value that is margin, in (0, 1].

    Returns
    -------
    pandas.Series
        ``clv`` (float ≥ 0), indexed like ``summary``.

    Raises
    ------
    InputError
        A summary without the needed columns or with bad values.
    ValueError
        Non-positive ``n_periods`` or ``period``, negative ``discount_rate``, ``margin`` outside (0, 1].
    """
    if int(n_periods) < 1 or not period > 0 or not discount_rate >= 0 or not 0 < margin <= 1:
        raise ValueError("need n_periods >= 1, period > 0, discount_rate >= 0 and 0 < margin <= 1")
    value = gamma_gamma.conditional_expected_value(summary).to_numpy()
    total = np.zeros(len(summary))
    before = np.zeros(len(summary))
    for k in range(1, int(n_periods) + 1):
        upto = bgnbd.conditional_expected_purchases(summary, k * period).to_numpy()
        total += (upto - before) / (1 + discount_rate) ** k
        before = upto
    return pd.Series(margin * value * total, index=summary.index, name="clv")
