"""Survival analysis of customers: Kaplan–Meier curves and the Cox proportional-hazards model.

Both come from statsmodels (``statsmodels.duration``): :class:`~statsmodels.duration.survfunc.SurvfuncRight`
for Kaplan–Meier with Greenwood standard errors, :class:`~statsmodels.duration.hazard_regression.PHReg`
for Cox. The usual Python survival library, lifelines, is not used because no release installs beside
the project's pandas 3 (lifelines 0.30 requires pandas < 3; 0.29 pulls numpy 1.26 back). What is
written here by hand is small: the pointwise confidence band of the Kaplan–Meier curve on the
log(−log) scale (the default of lifelines and R's ``survival``; statsmodels gives the standard errors),
and turning text covariates into 0/1 columns for Cox.

Durations are whole or fractional numbers (days, months); the event is 1 (churned, observed) or 0
(censored: still a customer when observation ended).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

import numpy as np
import pandas as pd

from .._docs import fill_doc
from .._validate import as_numbers, require_columns, require_nonempty, require_present
from ..errors import InputError
from ._common import check_ci_level, day, days_between, purchases, window

__all__ = ["survival_data", "kaplan_meier", "fit_cox", "CoxFit"]


@fill_doc
def survival_data(
    orders: pd.DataFrame,
    *,
    as_of: Any,
    window_days: int,
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    status_col: str | None = "status",
    completed: Any = "completed",
) -> pd.DataFrame:
    """Turn an orders table into one survival record per customer (duration, churned) for e-retail.

    Churn is declared ``window_days`` after a customer's last purchase (:func:`churn_labels`), so a
    churned customer's duration runs from the first purchase to the last one plus the window; an
    active customer is **censored** at ``as_of``: we only know they lasted at least that long.

    Parameters
    ----------
    orders : pandas.DataFrame
        As for :func:`churn_labels`.
    {as_of}
    window_days : int
        The inactivity window (≥ 1).
    {customer_col}
    date_col : str, default "order_date"
        Name of the order-date column.
    {status_col}
    {completed}

    Returns
    -------
    pandas.DataFrame
        One row per customer: ``customer_col``, ``first_order`` (day), ``duration_days`` (days from
        the first purchase to the declared churn, or to ``as_of`` when censored) and ``churned``
        (1 = churn observed, 0 = censored).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b"],
    ...                        "order_date": ["2025-01-01", "2025-01-11", "2025-03-25"]})
    >>> survival_data(orders, as_of="2025-03-31", window_days=30, status_col=None)
      customer_id first_order  duration_days  churned
    0           a  2025-01-01             40        1
    1           b  2025-03-25              6        0
    """
    w = window(window_days)
    t = day(as_of)
    p = purchases(
        orders,
        customer_col=customer_col,
        date_col=date_col,
        status_col=status_col,
        completed=completed,
        as_of=t,
    )
    g = p.groupby("customer", sort=True)["day"]
    first, last = g.min(), g.max()
    churned = days_between(t, last) >= w
    duration = np.where(churned, days_between(last, first) + w, days_between(t, first))
    return pd.DataFrame(
        {
            customer_col: first.index.to_numpy(),
            "first_order": first.to_numpy(),
            "duration_days": duration.astype("int64"),
            "churned": churned.to_numpy().astype("int64"),
        }
    )


def _durations_events(
    df: Any, duration_col: str, event_col: str, table: str, extra: Iterable[str] = ()
) -> tuple[pd.Series, pd.Series]:
    require_columns(df, [duration_col, event_col, *extra], table=table)
    require_nonempty(df, table=table)
    d = as_numbers(df[duration_col], table=table, column=duration_col, nonnegative=True)
    e_raw = df[event_col]
    if pd.api.types.is_bool_dtype(e_raw):
        e_raw = e_raw.astype("int64")
    elif not pd.api.types.is_numeric_dtype(e_raw):
        is_text = e_raw.map(lambda v: isinstance(v, str))
        first = e_raw.index[is_text.to_numpy()][0] if is_text.any() else None
        example = None if first is None else e_raw.loc[first]
        raise InputError(
            f"must be 1 (churn observed) or 0 (censored), not text (e.g. {example!r})",
            table=table,
            column=event_col,
            row=first,
            fix=f"convert it, e.g. ({table}[{event_col!r}] == 'Yes').astype(int)",
        )
    e = as_numbers(e_raw, table=table, column=event_col)
    bad = ~e.isin([0, 1])
    if bad.any():
        raise InputError(
            f"must be 1 (churn observed) or 0 (censored), but {int(bad.sum())} value(s) are not "
            f"(e.g. {e[bad].iloc[0]!r})",
            table=table,
            column=event_col,
            row=e.index[bad.to_numpy()][0],
            fix=f"convert it, e.g. ({table}[{event_col!r}] == 'Yes').astype(int)",
        )
    return d.astype(float), e.astype("int64")


@fill_doc
def kaplan_meier(
    df: pd.DataFrame,
    *,
    duration_col: str = "duration_days",
    event_col: str = "churned",
    group_col: str | None = None,
    ci_level: float = 0.95,
    table: str = "survival",
) -> pd.DataFrame:
    """Estimate the Kaplan–Meier survival curve (share still a customer after t), per group, with a band.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per customer: ``duration_col`` (time observed, ≥ 0), ``event_col`` (1 or True =
        churned at that time, 0 or False = censored) and optionally ``group_col`` (any labels).
        E.g. the table of :func:`survival_data`, or a contract table such as Telco's ``tenure`` and
        ``churned``.
    duration_col : str, default "duration_days"
        Name of the duration column.
    event_col : str, default "churned"
        Name of the event column.
    group_col : str, optional
        One curve per value of this column.
    {ci_level}
    table : str, default "survival"
        The table's name in error messages.

    Returns
    -------
    pandas.DataFrame
        One row per group and time (time 0 first, then each time with a churn), sorted: ``group``
        (only with ``group_col``), ``time``, ``n_at_risk`` (customers still observed just before
        ``time``), ``n_events`` (churns at ``time``), ``survival`` (Kaplan–Meier estimate, 1 at
        time 0), ``std_err`` (Greenwood) and ``ci_low``, ``ci_high`` (pointwise interval on the
        log(−log) scale; equal to ``survival`` where it is 1 or 0).

    Raises
    ------
    ecrm_lab.InputError
        Missing column, no rows, a duration that is text, missing or negative, an event other than
        0/1, a missing group label.

    Examples
    --------
    >>> d = pd.DataFrame({"duration_days": [1, 2, 2, 3], "churned": [1, 1, 0, 1]})
    >>> kaplan_meier(d)[["time", "n_at_risk", "n_events", "survival"]]
       time  n_at_risk  n_events  survival
    0   0.0          4         0      1.00
    1   1.0          4         1      0.75
    2   2.0          3         1      0.50
    3   3.0          1         1      0.00
    """
    from statsmodels.duration.survfunc import SurvfuncRight

    level = check_ci_level(ci_level)
    extra = [group_col] if group_col else []
    d, e = _durations_events(df, duration_col, event_col, table, extra)
    z = NormalDist().inv_cdf(0.5 + level / 2)
    if group_col:
        require_present(df[group_col], table=table, column=group_col, what="group label")
        groups = list(pd.unique(df[group_col]))
        try:
            groups = sorted(groups)
        except TypeError:
            pass
    else:
        groups = [None]
    parts = []
    for g in groups:
        mask = np.ones(len(d), dtype=bool) if g is None else (df[group_col] == g).to_numpy()
        dd, ee = d.to_numpy()[mask], e.to_numpy()[mask]
        n = len(dd)
        if ee.sum() == 0:  # no churn at all: the curve stays at 1
            times, risk, events, s, se = (np.array([]),) * 5
        else:
            sf = SurvfuncRight(dd, ee)
            times, risk, events = sf.surv_times, sf.n_risk, sf.n_events
            s, se = sf.surv_prob, sf.surv_prob_se
        with np.errstate(divide="ignore", invalid="ignore"):
            inner = (s > 0) & (s < 1)
            se_ll = np.where(inner, se / (s * np.abs(np.log(s))), 0.0)
            low = np.where(inner, s ** np.exp(z * se_ll), s)
            high = np.where(inner, s ** np.exp(-z * se_ll), s)
        part = pd.DataFrame(
            {
                "time": np.r_[0.0, times],
                "n_at_risk": np.r_[n, risk].astype("int64"),
                "n_events": np.r_[0, events].astype("int64"),
                "survival": np.r_[1.0, s],
                "std_err": np.r_[0.0, np.nan_to_num(se, nan=0.0)],
                "ci_low": np.r_[1.0, low],
                "ci_high": np.r_[1.0, high],
            }
        )
        if g is not None:
            part.insert(0, "group", g)
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


@dataclass(frozen=True)
class CoxFit:
    """A fitted Cox proportional-hazards model (result of :func:`fit_cox`).

    Parameters
    ----------
    table : pandas.DataFrame
        One row per term: ``term`` (a numeric covariate, or ``column[level]`` for a level of a text
        covariate versus its first level), ``coef`` (log hazard ratio), ``std_err``,
        ``hazard_ratio`` (exp(coef): how many times faster churn happens per unit, or for that level),
        ``ci_low``, ``ci_high`` (interval of the hazard ratio) and ``p_value``.
    n : int
        Number of customers.
    n_events : int
        Number of observed churns.
    log_likelihood : float
        Partial log-likelihood at the estimate.
    ties : str
        How tied durations were handled (``"efron"`` or ``"breslow"``).
    """

    table: pd.DataFrame
    n: int
    n_events: int
    log_likelihood: float
    ties: str

    def hazard_ratio(self, term: str) -> float:
        """Return the hazard ratio of one term.

        Parameters
        ----------
        term : str
            A term of :attr:`table`.

        Returns
        -------
        float
            ``exp(coef)`` of that term.
        """
        row = self.table.loc[self.table["term"] == term, "hazard_ratio"]
        if row.empty:
            raise KeyError(f"no term {term!r}; the terms are {', '.join(self.table['term'])}")
        return float(row.iloc[0])


#: Most levels a text covariate of :func:`fit_cox` may have (one 0/1 term per level but the first).
_MAX_LEVELS = 30


def _design(df: pd.DataFrame, covariates: list[str], table: str) -> pd.DataFrame:
    cols = []
    for c in covariates:
        s = df[c]
        if pd.api.types.is_bool_dtype(s):
            cols.append(s.astype("float64").rename(c))
        elif pd.api.types.is_numeric_dtype(s):
            cols.append(as_numbers(s, table=table, column=c).astype("float64"))
        else:
            require_present(s, table=table, column=c, what="value")
            numeric = pd.to_numeric(s, errors="coerce")
            if numeric.notna().mean() >= 0.9:  # numbers with a few stray texts: not a category
                bad = s.index[numeric.isna().to_numpy()][0]
                raise InputError(
                    f"holds numbers but also text (e.g. {s.loc[bad]!r})",
                    table=table,
                    column=c,
                    row=bad,
                    fix=f"fix or drop the text rows, then pd.to_numeric({table}[{c!r}])",
                )
            levels = sorted(pd.unique(s), key=str)
            if len(levels) > _MAX_LEVELS:
                raise InputError(
                    f"has {len(levels)} distinct text values: a categorical covariate needs a few "
                    f"levels (at most {_MAX_LEVELS})",
                    table=table,
                    column=c,
                    fix="group rare values into 'other', or leave this column out of covariates",
                )
            if len(levels) < 2:
                raise InputError(
                    f"has a single value ({levels[0]!r}): it cannot explain any difference",
                    table=table,
                    column=c,
                    fix="drop it from covariates",
                )
            for lv in levels[1:]:
                cols.append((s == lv).astype("float64").rename(f"{c}[{lv}]"))
    X = pd.concat(cols, axis=1)
    constant = [c for c in X.columns if X[c].nunique() < 2]
    if constant:
        raise InputError(
            f"is constant ({X[constant[0]].iloc[0]!r} in every row): it cannot explain any difference",
            table=table,
            column=constant[0],
            fix="drop it from covariates",
        )
    return X


@fill_doc
def fit_cox(
    df: pd.DataFrame,
    *,
    covariates: Iterable[str],
    duration_col: str = "duration_days",
    event_col: str = "churned",
    ci_level: float = 0.95,
    ties: str = "efron",
    table: str = "survival",
) -> CoxFit:
    """Fit a Cox proportional-hazards model: how much faster churn comes with each covariate.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per customer: ``duration_col``, ``event_col`` (as for :func:`kaplan_meier`) and the
        ``covariates`` — numbers or booleans (one term each) or text (one 0/1 term per level but the
        first, sorted).
    covariates : iterable of str
        The explanatory columns.
    duration_col : str, default "duration_days"
        Name of the duration column.
    event_col : str, default "churned"
        Name of the event column.
    {ci_level}
    ties : {"efron", "breslow"}, default "efron"
        Handling of tied durations (Efron's is the more accurate).
    table : str, default "survival"
        The table's name in error messages.

    Returns
    -------
    CoxFit
        The hazard-ratio table and the fit's sizes.

    Raises
    ------
    ecrm_lab.InputError
        For the problems listed in :func:`kaplan_meier`, a covariate that is missing, infinite, or
        constant, and a table without any churn.

    Examples
    --------
    >>> d = pd.DataFrame({"duration_days": [5, 8, 12, 20, 25, 30, 40, 60],
    ...                   "churned": [1, 1, 1, 0, 1, 1, 0, 1],
    ...                   "late_delivery": [1, 1, 0, 1, 0, 1, 0, 0]})
    >>> fit = fit_cox(d, covariates=["late_delivery"])
    >>> fit.hazard_ratio("late_delivery") > 1
    True
    """
    from statsmodels.duration.hazard_regression import PHReg

    level = check_ci_level(ci_level)
    if isinstance(covariates, str):
        covariates = [covariates]
    covariates = list(covariates)
    if not covariates:
        raise ValueError("covariates is empty: name at least one column")
    if ties not in ("efron", "breslow"):
        raise ValueError(f"ties must be 'efron' or 'breslow', not {ties!r}")
    d, e = _durations_events(df, duration_col, event_col, table, covariates)
    if e.sum() == 0:
        raise InputError(
            "has no churn (every row is censored): a hazard cannot be estimated",
            table=table,
            column=event_col,
            fix="use a longer observation period or a table with observed churns",
        )
    X = _design(df, covariates, table)
    try:
        res = PHReg(d.to_numpy(), X.to_numpy(), status=e.to_numpy(), ties=ties).fit()
    except np.linalg.LinAlgError:
        raise InputError(
            "the covariates are collinear (one is a combination of the others), so their effects "
            "cannot be told apart",
            table=table,
            column=", ".join(covariates),
            fix="drop one of the covariates that move together",
        ) from None
    ci = np.asarray(res.conf_int(alpha=1 - level))
    coef = np.asarray(res.params)
    out = pd.DataFrame(
        {
            "term": list(X.columns),
            "coef": coef,
            "std_err": np.asarray(res.bse),
            "hazard_ratio": np.exp(coef),
            "ci_low": np.exp(ci[:, 0]),
            "ci_high": np.exp(ci[:, 1]),
            "p_value": np.asarray(res.pvalues),
        }
    )
    return CoxFit(
        table=out, n=len(d), n_events=int(e.sum()), log_likelihood=float(res.llf), ties=ties
    )
