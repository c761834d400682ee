"""Service-quality gaps: by dimension, by customer, the importance–performance grid, gaps versus churn."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._validate import (
    as_numbers,
    require_columns,
    require_nonempty,
    require_present,
    require_unique_key,
)
from ..errors import InputError
from ._common import SCALE, _check_level, _dimension_order, _doc, _surveys

__all__ = ["gap_by_dimension", "gap_by_customer", "importance_performance", "gap_churn_link"]


@_doc
def gap_by_dimension(
    surveys: pd.DataFrame,
    *,
    customer_col: str = "customer_id",
    dimension_col: str = "dimension",
    expectation_col: str = "expectation",
    perception_col: str = "perception",
    ci_level: float = 0.95,
) -> pd.DataFrame:
    """Average expectation, perception and gap (perception − expectation) per service dimension.

    Parameters
    ----------
    {surveys}
    {ci_level}

    Returns
    -------
    pandas.DataFrame
        One row per dimension (vocabulary order, then others sorted): ``dimension``, ``n``
        (answers), ``expectation`` and ``perception`` (means), ``gap`` (mean of perception −
        expectation), ``ci_low``, ``ci_high`` (t interval of the mean gap; missing when n = 1) and
        ``share_negative`` (share of customers whose perception fell short of their expectation).

    Raises
    ------
    ecrm_lab.InputError
        Missing columns, no rows, missing ids, a customer answering a dimension twice, scores that
        are text, missing, or outside 1–7.

    Examples
    --------
    >>> s = pd.DataFrame({"customer_id": ["a", "b", "a", "b"],
    ...                   "dimension": ["fulfillment", "fulfillment", "privacy", "privacy"],
    ...                   "expectation": [7, 6, 5, 5], "perception": [4, 5, 6, 5]})
    >>> gap_by_dimension(s)[["dimension", "n", "expectation", "perception", "gap", "share_negative"]]
         dimension  n  expectation  perception  gap  share_negative
    0  fulfillment  2          6.5         4.5 -2.0             1.0
    1      privacy  2          5.0         5.5  0.5             0.0
    """
    from scipy import stats

    level = _check_level(ci_level)
    s = _surveys(surveys, customer_col, dimension_col, expectation_col, perception_col)
    s["_gap"] = s[perception_col] - s[expectation_col]
    rows = []
    for d in _dimension_order(s[dimension_col]):
        part = s[s[dimension_col] == d]
        g = part["_gap"].to_numpy()
        n = len(g)
        mean = float(g.mean())
        if n > 1:
            half = stats.t.ppf(0.5 + level / 2, n - 1) * g.std(ddof=1) / np.sqrt(n)
            lo, hi = mean - half, mean + half
        else:
            lo = hi = np.nan
        rows.append(
            {
                "dimension": d,
                "n": n,
                "expectation": float(part[expectation_col].mean()),
                "perception": float(part[perception_col].mean()),
                "gap": mean,
                "ci_low": lo,
                "ci_high": hi,
                "share_negative": float((g < 0).mean()),
            }
        )
    return pd.DataFrame(rows).astype({"n": "int64"})


@_doc
def gap_by_customer(
    surveys: pd.DataFrame,
    *,
    customer_col: str = "customer_id",
    dimension_col: str = "dimension",
    expectation_col: str = "expectation",
    perception_col: str = "perception",
) -> pd.DataFrame:
    """Each customer's gap (perception − expectation) on each dimension, and their mean gap.

    Parameters
    ----------
    {surveys}

    Returns
    -------
    pandas.DataFrame
        One row per customer (sorted): ``customer_col``, one column per dimension (vocabulary order;
        missing where the customer did not answer it) and ``mean_gap`` (mean over the dimensions the
        customer answered).

    Raises
    ------
    ecrm_lab.InputError
        As :func:`gap_by_dimension`.

    Examples
    --------
    >>> s = pd.DataFrame({"customer_id": ["a", "a", "b"],
    ...                   "dimension": ["privacy", "fulfillment", "privacy"],
    ...                   "expectation": [5, 7, 6], "perception": [6, 4, 6]})
    >>> gap_by_customer(s)
      customer_id  fulfillment  privacy  mean_gap
    0           a         -3.0      1.0      -1.0
    1           b          NaN      0.0       0.0
    """
    s = _surveys(surveys, customer_col, dimension_col, expectation_col, perception_col)
    s["_gap"] = s[perception_col] - s[expectation_col]
    wide = s.pivot(index=customer_col, columns=dimension_col, values="_gap")
    wide = wide[_dimension_order(wide.columns)]
    wide["mean_gap"] = wide.mean(axis=1)
    wide.columns.name = None
    return wide.sort_index().reset_index()


@_doc
def importance_performance(
    surveys: pd.DataFrame,
    *,
    customer_col: str = "customer_id",
    dimension_col: str = "dimension",
    expectation_col: str = "expectation",
    perception_col: str = "perception",
    cut: str | tuple[float, float] = "mean",
) -> pd.DataFrame:
    """Place each dimension on the importance–performance grid and name its quadrant.

    Importance is the mean expectation (what customers say matters), performance the mean
    perception. The grid is cut at the means over the dimensions (``cut="mean"``, the usual choice,
    which compares the dimensions with each other), at the scale's middle 4 (``cut="scale"``), or at
    a given ``(importance, performance)`` pair.

    Parameters
    ----------
    {surveys}
    cut : "mean", "scale" or tuple of float, default "mean"
        Where the quadrants are cut.

    Returns
    -------
    pandas.DataFrame
        One row per dimension: ``dimension``, ``n``, ``importance``, ``performance``, ``gap``
        (performance − importance), ``quadrant`` (``concentrate_here``: important and below the
        cut in performance; ``keep_up``: important and performing; ``low_priority``: neither;
        ``possible_overkill``: performing on what matters less), ``importance_cut`` and
        ``performance_cut``. A value equal to the cut counts as high.

    Raises
    ------
    ecrm_lab.InputError
        As :func:`gap_by_dimension`.

    Examples
    --------
    >>> s = pd.DataFrame({"customer_id": ["a"] * 4, "dimension": ["efficiency", "fulfillment",
    ...                   "system_availability", "privacy"],
    ...                   "expectation": [6, 7, 4, 3], "perception": [6, 4, 3, 6]})
    >>> importance_performance(s)[["dimension", "importance", "performance", "quadrant"]]
                 dimension  importance  performance           quadrant
    0           efficiency         6.0          6.0            keep_up
    1          fulfillment         7.0          4.0   concentrate_here
    2  system_availability         4.0          3.0       low_priority
    3              privacy         3.0          6.0  possible_overkill
    """
    g = gap_by_dimension(
        surveys,
        customer_col=customer_col,
        dimension_col=dimension_col,
        expectation_col=expectation_col,
        perception_col=perception_col,
    )
    imp, perf = g["expectation"], g["perception"]
    if isinstance(cut, str):
        if cut == "mean":
            ic, pc = float(imp.mean()), float(perf.mean())
        elif cut == "scale":
            ic = pc = float(sum(SCALE)) / 2
        else:
            raise ValueError(f"cut must be 'mean', 'scale' or a pair of numbers, not {cut!r}")
    else:
        ic, pc = (float(x) for x in cut)
    from ..vocabulary import codes

    # the quadrants in the vocabulary's order: concentrate here, keep up, low priority, overkill
    concentrate, keep_up, low, overkill = codes("ipa_quadrant")
    hi_i, hi_p = imp >= ic, perf >= pc
    quadrant = np.select(
        [hi_i & ~hi_p, hi_i & hi_p, ~hi_i & ~hi_p], [concentrate, keep_up, low], overkill
    )
    return pd.DataFrame(
        {
            "dimension": g["dimension"],
            "n": g["n"],
            "importance": imp,
            "performance": perf,
            "gap": perf - imp,
            "quadrant": quadrant,
            "importance_cut": ic,
            "performance_cut": pc,
        }
    )


@_doc
def gap_churn_link(
    surveys: pd.DataFrame,
    churn: pd.DataFrame,
    *,
    churn_col: str = "churned",
    dimensions: Sequence[Any] | None = None,
    customer_col: str = "customer_id",
    dimension_col: str = "dimension",
    expectation_col: str = "expectation",
    perception_col: str = "perception",
    ci_level: float = 0.95,
) -> pd.DataFrame:
    """Estimate how each dimension's gap changes the odds of churning (logistic regression).

    The model is ``logit P(churned) = b0 + b1·gap_1 + … + bk·gap_k`` over the customers who
    answered every dimension used (complete cases) and have a churn label; the odds ratio of a
    dimension, ``exp(b)``, is the factor by which one more point of gap multiplies the odds of
    churning, the other gaps held equal. Gaps are negative where the shop falls short, so an odds
    ratio **below 1** means "the better the experience compared with the expectation, the less
    churn". This is an association in observational data, not a controlled effect.

    Parameters
    ----------
    surveys : pandas.DataFrame
        One row per customer and dimension: ``customer_col``, ``dimension_col``,
        ``expectation_col`` and ``perception_col`` (numbers from 1 to 7).
    churn : pandas.DataFrame
        One row per customer: ``customer_col`` and ``churn_col`` (0/1 or boolean), e.g. the
        customers of :func:`ecrm_lab.retention.churn_labels` labelled after the survey.
    churn_col : str, default "churned"
        Name of the churn label in ``churn``.
    dimensions : sequence, optional
        The dimensions to use (default: all).
    customer_col, dimension_col, expectation_col, perception_col : str
        Column names (defaults ``customer_id``, ``dimension``, ``expectation``, ``perception``);
        ``customer_col`` names the customer in both tables.
    {ci_level}

    Returns
    -------
    pandas.DataFrame
        One row per dimension: ``dimension``, ``coef`` (log odds ratio per point of gap),
        ``std_err``, ``odds_ratio``, ``ci_low``, ``ci_high`` (interval of the odds ratio),
        ``p_value``, and ``n`` and ``n_churned`` (customers in the fit).

    Raises
    ------
    ecrm_lab.InputError
        For a bad surveys or churn table, a label other than 0/1, an unknown dimension, fewer
        complete customers than terms + 10, or a label that one gap separates perfectly.
    """
    import warnings

    import statsmodels.api as sm

    level = _check_level(ci_level)
    wide = gap_by_customer(
        surveys,
        customer_col=customer_col,
        dimension_col=dimension_col,
        expectation_col=expectation_col,
        perception_col=perception_col,
    ).drop(columns="mean_gap")
    dims = [c for c in wide.columns if c != customer_col]
    if dimensions is not None:
        unknown = [d for d in dimensions if d not in dims]
        if unknown:
            raise InputError(
                f"has no dimension {unknown[0]!r}; its dimensions are {', '.join(map(str, dims))}",
                table="surveys",
                column=dimension_col,
                fix="pass dimensions= a subset of these",
            )
        dims = list(dimensions)
    require_columns(churn, [customer_col, churn_col], table="churn")
    require_nonempty(churn, table="churn")
    require_present(churn[customer_col], table="churn", column=customer_col, what="id")
    require_unique_key(churn, [customer_col], table="churn")
    lab = churn[churn_col]
    if pd.api.types.is_bool_dtype(lab):
        lab = lab.astype("int64")
    y = as_numbers(lab, table="churn", column=churn_col)
    bad = ~y.isin([0, 1])
    if bad.any():
        raise InputError(
            f"must hold 0/1 or True/False, but {int(bad.sum())} value(s) do not",
            table="churn",
            column=churn_col,
            row=y.index[bad.to_numpy()][0],
            fix="convert it, e.g. (churn['status'] == 'churned')",
        )
    labels = pd.DataFrame({customer_col: churn[customer_col].to_numpy(), "_y": y.to_numpy()})
    data = wide[[customer_col, *dims]].merge(labels, on=customer_col, how="inner").dropna()
    if len(data) < len(dims) + 10:
        raise InputError(
            f"leaves {len(data)} customer(s) with every gap and a churn label, too few for "
            f"{len(dims)} gap(s)",
            table="churn",
            column=customer_col,
            fix="check that the customer ids of both tables match, or use fewer dimensions",
        )
    if data["_y"].nunique() < 2:
        raise InputError(
            "has a single outcome among the surveyed customers: nothing to explain",
            table="churn",
            column=churn_col,
            fix="use a period in which some customers churned and some stayed",
        )
    X = sm.add_constant(data[dims].astype(float), has_constant="add")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            res = sm.Logit(data["_y"].astype(float), X).fit(disp=0, maxiter=200)
        except Exception as err:  # perfect separation, singular matrix, no convergence
            raise InputError(
                f"cannot be related to the gaps by a logistic fit ({type(err).__name__}: {err})",
                table="churn",
                column=churn_col,
                fix="a gap separates churners perfectly or two gaps are collinear: use fewer "
                "dimensions or more customers",
            ) from None
    ci = np.asarray(res.conf_int(alpha=1 - level))[1:]
    coef = np.asarray(res.params)[1:]
    return pd.DataFrame(
        {
            "dimension": dims,
            "coef": coef,
            "std_err": np.asarray(res.bse)[1:],
            "odds_ratio": np.exp(coef),
            "ci_low": np.exp(ci[:, 0]),
            "ci_high": np.exp(ci[:, 1]),
            "p_value": np.asarray(res.pvalues)[1:],
            "n": len(data),
            "n_churned": int(data["_y"].sum()),
        }
    )
