"""The BG/NBD model: log-likelihood, maximum-likelihood fit, P(alive), conditional expectations."""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._docs import fill_doc
from .._validate import require_columns, require_nonempty
from ..errors import InputError

__all__ = [
    "bgnbd_loglik",
    "BGNBDFit",
    "BGNBDConvergenceWarning",
    "fit_bgnbd",
    "bgnbd_intervals",
    "holdout_comparison",
]


def _log_rising(z: float, x: np.ndarray) -> np.ndarray:
    """log Γ(z + x) − log Γ(z) for whole-number ``x`` ≥ 0, summed term by term (exact for huge z)."""
    x = x.astype(np.int64)
    top = int(x.max()) if x.size else 0
    cum = np.concatenate([[0.0], np.cumsum(np.log(z + np.arange(top)))])
    return cum[x]


def _positive_params(params: Sequence[float], names: Sequence[str]) -> tuple[float, ...]:
    """``params`` as floats, or a ``ValueError`` naming the parameter that is not a number > 0.

    The likelihoods are only defined for positive parameters; without this check a negative value
    gave NaN (a silent wrong answer) instead of an error.
    """
    try:
        values = tuple(float(v) for v in params)
    except (TypeError, ValueError):
        raise ValueError(
            f"params must be {len(names)} numbers ({', '.join(names)}), got {params!r}"
        ) from None
    if len(values) != len(names):
        raise ValueError(
            f"params must be {len(names)} numbers ({', '.join(names)}), got {len(values)}"
        )
    for name, v in zip(names, values, strict=True):
        if not (np.isfinite(v) and v > 0):
            raise ValueError(
                f"{name} must be a finite number > 0, got {v!r}: the model is only defined for "
                "positive parameters (use the values of a fit, e.g. fit.params)"
            )
    return values


def bgnbd_loglik(params: Sequence[float], frequency, recency, T) -> np.ndarray:
    """Per-customer BG/NBD log-likelihood for ``params = (r, alpha, a, b)``.

    Written as in Fader, Hardie & Lee (2005, eq. 6) with the gamma-function ratios summed term by term
    (``frequency`` must hold whole numbers), so it stays accurate for very large ``a`` or ``b``, where
    differences of ``log Γ`` lose every digit.

    Parameters
    ----------
    params : sequence of 4 floats
        ``(r, alpha, a, b)``, all > 0.
    frequency : array-like of int
        Repeat purchases per customer (x).
    recency : array-like of float
        BG/NBD recency per customer (tₓ, first to last purchase).
    T : array-like of float
        Time from the first purchase to the end of the calibration period.

    Returns
    -------
    numpy.ndarray
        The log-likelihood of each customer. For a repeat buyer it is a log *density* in the
        recency, so it can exceed 0 when recency and T are tiny; the total over a customer base is
        at most its value at the maximum-likelihood estimate.

    Examples
    --------
    >>> round(float(bgnbd_loglik((1.0, 1.0, 1.0, 1.0), [0], [0.0], [1.0])[0]), 6)  # log(1/2)
    -0.693147
    """
    r, alpha, a, b = _positive_params(params, ("r", "alpha", "a", "b"))
    x = np.asarray(frequency, dtype=float)
    tx = np.asarray(recency, dtype=float)
    T = np.asarray(T, dtype=float)
    if np.any(x != np.round(x)) or np.any(x < 0):
        raise ValueError("frequency must hold whole numbers ≥ 0 (repeat purchase counts)")
    # log B(a, b + x) / B(a, b) = [log Γ(b+x) − log Γ(b)] − [log Γ(a+b+x) − log Γ(a+b)]
    beta_ratio = _log_rising(b, x) - _log_rising(a + b, x)
    a1 = _log_rising(r, x) + r * np.log(alpha) + beta_ratio
    a3 = -(r + x) * np.log(alpha + T)
    with np.errstate(invalid="ignore", divide="ignore"):
        a4 = np.where(
            x > 0,
            np.log(a) - np.log(np.where(x > 0, b + x - 1, 1.0)) - (r + x) * np.log(alpha + tx),
            -np.inf,
        )
    return a1 + np.logaddexp(a3, a4)


class BGNBDConvergenceWarning(RuntimeWarning):
    """The BG/NBD optimiser stopped without a trustworthy maximum (see ``BGNBDFit.message``)."""


@dataclasses.dataclass(frozen=True)
class BGNBDFit:
    """A fitted BG/NBD model (returned by :func:`fit_bgnbd`).

    Parameters
    ----------
    r, alpha : float
        Gamma heterogeneity of the purchase rate (shape, scale in the summary's time unit).
    a, b : float
        Beta heterogeneity of the dropout probability after each purchase.
    log_likelihood : float
        Total log-likelihood at the estimate.
    converged : bool
        The optimiser reported success, the gradient is near zero and no parameter sits on its bound.
    n_customers : int
        Customers the model was fitted on.
    message : str
        The optimiser's last word, or why the fit is not trusted.
    """

    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float
    converged: bool
    n_customers: int
    message: str = ""

    @property
    def mean_purchase_rate(self) -> float:
        """Mean purchase rate while alive, ``r / alpha`` purchases per time unit."""
        return self.r / self.alpha

    @property
    def mean_dropout(self) -> float:
        """Mean probability of dropping out after a purchase, ``a / (a + b)``."""
        return self.a / (self.a + self.b)

    def p_alive(self, summary: pd.DataFrame) -> pd.Series:
        """Probability that each customer is still alive at the end of the calibration period.

        ``1 / (1 + [x > 0] · a / (b + x − 1) · ((α + T) / (α + tₓ))^(r + x))`` (Fader, Hardie &
        Lee 2005, eq. 13); a customer without repeat purchase is alive with probability 1 (BG/NBD
        only lets customers drop out right after a purchase).

        Parameters
        ----------
        summary : DataFrame
            One row per customer: ``frequency``, ``recency_btyd``, ``T`` in the fit's time unit.

        Returns
        -------
        pandas.Series
            ``p_alive`` (float in (0, 1]), indexed like ``summary``.

        Raises
        ------
        InputError
            For a summary that is not one (as :func:`fit_bgnbd`).
        """
        x, tx, T = _check_summary(summary, fitting=False)
        return pd.Series(
            1.0 / (1.0 + self._odds_dead(x, tx, T)), index=summary.index, name="p_alive"
        )

    def conditional_expected_purchases(self, summary: pd.DataFrame, t: float) -> pd.Series:
        """Expected purchases of each customer in the next ``t`` time units, given the history.

        Fader, Hardie & Lee (2005, eq. 10), with the Gauss hypergeometric function of
        :func:`scipy.special.hyp2f1`.

        Parameters
        ----------
        summary : DataFrame
            One row per customer: ``frequency``, ``recency_btyd``, ``T``.
        t : float
            Length of the future period (≥ 0, in the fit's time unit).

        Returns
        -------
        pandas.Series
            ``expected_purchases`` (float ≥ 0), indexed like ``summary``.

        Raises
        ------
        InputError
            For a summary that is not one.
        ValueError
            ``t`` negative, or ``a`` exactly 1 (where the closed form divides by zero).
        """
        from scipy.special import hyp2f1

        if not np.isfinite(t) or t < 0:
            raise ValueError(f"t must be a number >= 0, got {t!r}")
        if self.a == 1:
            raise ValueError("the closed form is undefined at a = 1 exactly; refit or perturb a")
        x, tx, T = _check_summary(summary, fitting=False)
        r, alpha, a, b = self.r, self.alpha, self.a, self.b
        z = t / (alpha + T + t)
        top = (a + b + x - 1) / (a - 1)
        top *= 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp2f1(
            r + x, b + x, a + b + x - 1, z
        )
        value = top / (1 + self._odds_dead(x, tx, T))
        return pd.Series(value, index=summary.index, name="expected_purchases")

    def _odds_dead(self, x: np.ndarray, tx: np.ndarray, T: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            odds = (self.a / (self.b + x - 1)) * ((self.alpha + T) / (self.alpha + tx)) ** (
                self.r + x
            )
        return np.where(x > 0, odds, 0.0)

    def to_series(self) -> pd.Series:
        """The numbers as a Series.

        Returns
        -------
        pandas.Series
            ``r``, ``alpha``, ``a``, ``b``, ``log_likelihood``, ``mean_purchase_rate``,
            ``mean_dropout``.
        """
        return pd.Series({k: self[k] for k in _SERIES_KEYS})

    def __getitem__(self, key: str) -> float:
        # mapping access, kept from when fit_bgnbd returned a Series (``fit["r"]``, ``fit["loglik"]``)
        key = "log_likelihood" if key == "loglik" else key
        if key not in _SERIES_KEYS:
            raise KeyError(key)
        return getattr(self, key)


_SERIES_KEYS = ("r", "alpha", "a", "b", "log_likelihood", "mean_purchase_rate", "mean_dropout")
_LOG_BOUNDS = (np.log(1e-6), np.log(1e8))  # each parameter, in log space


def _check_summary(summary: Any, fitting: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    cols = ["frequency", "recency_btyd", "T"]
    require_columns(summary, cols, table="summary")
    require_nonempty(summary, table="summary")
    if summary.index.has_duplicates:
        first = summary.index[summary.index.duplicated()][0]
        raise InputError(
            f"has customer {first!r} more than once in its index, who would weigh twice",
            table="summary",
            row=first,
            fix="keep one row per customer (btyd_summary gives one)",
        )
    values = {}
    for c in cols:
        s = summary[c]
        if pd.api.types.is_bool_dtype(s) or not pd.api.types.is_numeric_dtype(s):
            raise InputError(
                f"must be numeric, not {s.dtype}",
                table="summary",
                column=c,
                fix="build the summary with btyd_summary(orders)",
            )
        v = s.to_numpy(float)
        bad = ~np.isfinite(v)
        if bad.any():
            raise InputError(
                f"has {int(bad.sum())} missing or infinite value(s)",
                table="summary",
                column=c,
                row=summary.index[bad][0],
                fix="drop or fix these customers",
            )
        values[c] = v
    x, tx, T = values["frequency"], values["recency_btyd"], values["T"]
    checks = [
        ("frequency", (x < 0) | (x != np.round(x)), "must hold whole numbers ≥ 0"),
        ("recency_btyd", (tx < 0) | (tx > T + 1e-9), "must lie between 0 and T"),
        ("T", T < 0, "must be ≥ 0 (first purchase on or before the observation end)"),
    ]
    for col, bad, problem in checks:
        if bad.any():
            raise InputError(
                f"{problem}; {int(bad.sum())} customer(s) break it",
                table="summary",
                column=col,
                row=summary.index[bad][0],
                fix="build the summary with btyd_summary(orders)",
            )
    if not fitting:
        return x, tx, T
    if len(x) < 2:
        raise InputError(
            "has only one customer: BG/NBD estimates a population from many customers",
            table="summary",
            fix="pass the summary of the whole customer base",
        )
    if not (x > 0).any():
        raise InputError(
            "has no repeat purchase at all, so the purchase and dropout processes cannot be told apart",
            table="summary",
            column="frequency",
            fix="use a longer observation period",
        )
    return x, tx, T


def fit_bgnbd(
    summary: pd.DataFrame,
    *,
    start: Sequence[float] = (1.0, 1.0, 1.0, 1.0),
    on_failure: str = "warn",
) -> BGNBDFit:
    """Fit the BG/NBD model by maximum likelihood.

    The log-likelihood is maximised over the logarithms of ``(r, alpha, a, b)``, each bounded to
    [1e-6, 1e8], with L-BFGS-B and a Nelder–Mead restart from its end point. The fit is *converged*
    when the optimiser reports success, the gradient is small and no parameter sits on a bound.

    Parameters
    ----------
    summary : DataFrame
        One row per customer (index: customer, no repeats): ``frequency`` (whole numbers ≥ 0),
        ``recency_btyd`` and ``T``
        (0 ≤ recency_btyd ≤ T), e.g. from :func:`btyd_summary`.
    start : 4 positive numbers, default (1, 1, 1, 1)
        Starting values of ``(r, alpha, a, b)``.
    on_failure : {"warn", "raise"}, default "warn"
        When the fit does not converge: a :class:`BGNBDConvergenceWarning` (the result has
        ``converged=False``) or a ``RuntimeError``.

    Returns
    -------
    BGNBDFit
        Frozen result: ``r``, ``alpha``, ``a``, ``b``, ``log_likelihood``, ``converged``,
        ``n_customers``, ``message``; properties ``mean_purchase_rate`` (``r / alpha``) and
        ``mean_dropout`` (``a / (a + b)``); ``fit["r"]`` and ``fit.to_series()`` also work.

    Examples
    --------
    >>> from ecrm_lab.clv import btyd_summary, load_cdnow
    >>> s = btyd_summary(load_cdnow(), as_of="1997-09-30", after_end="drop")
    >>> fit = fit_bgnbd(s)
    >>> round(fit.r, 3), round(fit.alpha, 3), round(fit.a, 3), round(fit.b, 3)
    (0.243, 4.414, 0.793, 2.426)
    """
    from scipy.optimize import minimize

    if on_failure not in ("warn", "raise"):
        raise ValueError(f"on_failure must be 'warn' or 'raise', got {on_failure!r}")
    start_arr = np.asarray(start, dtype=float)
    if start_arr.shape != (4,) or not np.all(np.isfinite(start_arr)) or np.any(start_arr <= 0):
        raise ValueError(f"start must be 4 positive numbers (r, alpha, a, b), got {start!r}")
    x, tx, T = _check_summary(summary)
    # customers with the same (x, tx, T) share a likelihood term: fit on the distinct rows
    uniq, weights = np.unique(np.column_stack([x, tx, T]), axis=0, return_counts=True)
    ux, utx, uT = uniq.T
    n = len(x)

    def nll(log_params: np.ndarray) -> float:
        value = -(weights * bgnbd_loglik(np.exp(log_params), ux, utx, uT)).sum() / n
        return float(value) if np.isfinite(value) else 1e10

    bounds = [_LOG_BOUNDS] * 4
    x0 = np.clip(np.log(start_arr), *_LOG_BOUNDS)
    first = minimize(nll, x0, method="L-BFGS-B", bounds=bounds)
    polish = minimize(
        nll,
        first.x,
        method="Nelder-Mead",
        bounds=bounds,
        options={"xatol": 1e-8, "fatol": 1e-12, "maxiter": 8000},
    )
    res = minimize(nll, polish.x, method="L-BFGS-B", bounds=bounds)
    best = min((first, polish, res), key=lambda o: o.fun)
    grad = _numeric_gradient(nll, best.x)
    on_bound = np.isclose(best.x, _LOG_BOUNDS[0], atol=1e-3) | np.isclose(
        best.x, _LOG_BOUNDS[1], atol=1e-3
    )
    problems = []
    if not res.success:
        problems.append(f"optimiser: {res.message}")
    if np.max(np.abs(grad)) > 1e-3:
        problems.append(f"gradient not near zero (max |g| = {np.max(np.abs(grad)):.2g})")
    if on_bound.any():
        names = ", ".join(np.array(["r", "alpha", "a", "b"])[on_bound])
        problems.append(f"{names} on its bound: the data do not identify it")
    r, alpha, a, b = np.exp(best.x)
    fit = BGNBDFit(
        r=float(r),
        alpha=float(alpha),
        a=float(a),
        b=float(b),
        log_likelihood=float(-best.fun * n),
        converged=not problems,
        n_customers=n,
        message="; ".join(problems) if problems else str(res.message),
    )
    if problems:
        text = f"fit_bgnbd did not converge ({fit.message}); do not trust these parameters"
        if on_failure == "raise":
            raise RuntimeError(text)
        warnings.warn(text, BGNBDConvergenceWarning, stacklevel=2)
    return fit


def _numeric_gradient(f, x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    eye = np.eye(len(x)) * h
    return np.array([(f(x + e) - f(x - e)) / (2 * h) for e in eye])


def _numeric_hessian(f, x: np.ndarray, h: float = 1e-4) -> np.ndarray:
    """Central second differences of ``f`` at ``x``."""
    n = len(x)
    out = np.empty((n, n))
    eye = np.eye(n) * h
    for i in range(n):
        for j in range(i, n):
            value = (
                f(x + eye[i] + eye[j])
                - f(x + eye[i] - eye[j])
                - f(x - eye[i] + eye[j])
                + f(x - eye[i] - eye[j])
            ) / (4 * h * h)
            out[i, j] = out[j, i] = value
    return out


@fill_doc
def bgnbd_intervals(
    fit: BGNBDFit, summary: pd.DataFrame, *, ci_level: float = 0.95
) -> pd.DataFrame:
    """Wald confidence intervals of the BG/NBD parameters, from the curvature of the likelihood.

    The observed information is the negative Hessian of the total log-likelihood at the estimate,
    taken numerically over the logarithms of ``(r, alpha, a, b)``; the interval is
    ``exp(log θ ± z · se)``, so it stays positive and is wider above the estimate than below. It
    describes sampling error only, under the model: when the model is wrong (a simulator that breaks
    its assumptions, a real shop), the truth may lie outside.

    Parameters
    ----------
    fit : BGNBDFit
        The result of :func:`fit_bgnbd` on ``summary``.
    summary : DataFrame
        The summary the model was fitted on (``frequency``, ``recency_btyd``, ``T``).
    {ci_level}

    Returns
    -------
    DataFrame
        Index ``r``, ``alpha``, ``a``, ``b``; columns ``estimate``, ``ci_low``, ``ci_high`` and
        ``se_log`` (standard error of the parameter's logarithm).

    Raises
    ------
    InputError
        A summary that is not one (as :func:`fit_bgnbd`).
    ValueError
        ``ci_level`` outside (0, 1), a summary with another number of customers than the fit, or a
        likelihood that is not curved downwards at the estimate (no maximum: refit, or read
        ``fit.message``).
    """
    from scipy.stats import norm

    if not 0 < ci_level < 1:
        raise ValueError(f"ci_level must lie strictly between 0 and 1, got {ci_level!r}")
    x, tx, T = _check_summary(summary)
    if len(x) != fit.n_customers:
        raise ValueError(
            f"the fit has {fit.n_customers} customers, the summary {len(x)}: pass the summary "
            "the model was fitted on"
        )
    uniq, weights = np.unique(np.column_stack([x, tx, T]), axis=0, return_counts=True)
    ux, utx, uT = uniq.T

    def total(log_params: np.ndarray) -> float:
        return float((weights * bgnbd_loglik(np.exp(log_params), ux, utx, uT)).sum())

    theta = np.log([fit.r, fit.alpha, fit.a, fit.b])
    information = -_numeric_hessian(total, theta)
    eigen = np.linalg.eigvalsh(information)
    if not np.all(np.isfinite(eigen)) or eigen.min() <= 0:
        raise ValueError(
            "the log-likelihood is not curved downwards at the estimate, so it is no maximum: "
            "refit from other starting values and check fit.converged"
        )
    se = np.sqrt(np.diag(np.linalg.inv(information)))
    z = float(norm.ppf(0.5 + ci_level / 2))
    return pd.DataFrame(
        {
            "estimate": np.exp(theta),
            "ci_low": np.exp(theta - z * se),
            "ci_high": np.exp(theta + z * se),
            "se_log": se,
        },
        index=pd.Index(["r", "alpha", "a", "b"], name="parameter"),
    )


def holdout_comparison(
    fit: BGNBDFit, summary: pd.DataFrame, *, max_frequency: int = 7
) -> pd.DataFrame:
    """Predicted against actual hold-out purchases, by calibration frequency (Fader, Hardie & Lee, fig. 4).

    Each customer's prediction is :meth:`BGNBDFit.conditional_expected_purchases` over their own
    ``duration_holdout``; customers are grouped by calibration ``frequency``, the last group holding
    ``max_frequency`` and more.

    Parameters
    ----------
    fit : BGNBDFit
        The model fitted on the calibration columns.
    summary : DataFrame
        One row per customer with ``frequency``, ``recency_btyd``, ``T``, ``frequency_holdout`` and
        ``duration_holdout``, e.g. from :func:`ecrm_lab.clv.summary_from_transactions` with an
        ``observation_end``.
    max_frequency : int, default 7
        The last group: ``frequency >= max_frequency`` (≥ 1).

    Returns
    -------
    DataFrame
        Index ``frequency`` (int 0 … ``max_frequency``; ``attrs["last_group_open"]`` is True): columns
        ``n_customers`` (int), ``actual`` and ``predicted`` (float, mean hold-out purchases per
        customer of the group).

    Raises
    ------
    InputError
        A summary without the calibration or hold-out columns, or with bad values.
    ValueError
        ``max_frequency`` below 1.
    """
    if int(max_frequency) < 1:
        raise ValueError(f"max_frequency must be >= 1, got {max_frequency!r}")
    require_columns(summary, ["frequency_holdout", "duration_holdout"], table="summary")
    x, _, _ = _check_summary(summary, fitting=False)
    hold = summary[["frequency_holdout", "duration_holdout"]]
    for c in hold:
        v = pd.to_numeric(hold[c], errors="coerce").to_numpy(float)
        bad = ~np.isfinite(v) | (v < 0)
        if bad.any():
            raise InputError(
                "must hold finite numbers >= 0",
                table="summary",
                column=c,
                row=summary.index[bad][0],
                fix="build the summary with summary_from_transactions(..., observation_end=...)",
            )
    durations = summary["duration_holdout"].to_numpy(float)
    predicted = np.empty(len(summary))
    for d in np.unique(durations):
        rows = durations == d
        predicted[rows] = fit.conditional_expected_purchases(summary[rows], float(d)).to_numpy()
    frame = pd.DataFrame(
        {
            "frequency": np.minimum(x, int(max_frequency)).astype(np.int64),
            "actual": summary["frequency_holdout"].to_numpy(float),
            "predicted": predicted,
        }
    )
    out = frame.groupby("frequency").agg(
        n_customers=("actual", "size"), actual=("actual", "mean"), predicted=("predicted", "mean")
    )
    out["n_customers"] = out["n_customers"].astype(np.int64)
    out.attrs["last_group_open"] = True
    return out
