"""Service quality in online retail: gaps, the importance–performance grid, and what they do to retention.

The survey behind it follows E-S-QUAL (Parasuraman, Zeithaml & Malhotra 2005): on each dimension —
efficiency, fulfilment, system availability, privacy, and for customers who needed help the recovery
dimensions responsiveness, compensation and contact (``vocabulary.codes("sq_dimension")``) — a customer
gives an **expectation** and a **perception** score on a 1–7 scale. The **gap** is perception minus
expectation (SERVQUAL's gap 5): negative where the shop falls short of what the customer expected.

* :func:`gap_by_dimension`, :func:`gap_by_customer` — the gaps, with confidence intervals;
* :func:`importance_performance` and :func:`plot_ipa` — the importance–performance grid (Martilla &
  James 1977): importance = mean expectation (stated importance), performance = mean perception, cut
  at the grand means into four quadrants (``vocabulary.codes("ipa_quadrant")``);
* :func:`gap_churn_link` — do customers with larger gaps churn more? A logistic regression of a
  churn label on the customer's gaps (statsmodels ``Logit``), as odds ratios with intervals;
* :func:`retention_by_experience` and :func:`plot_retention_by_experience` — a generic table of
  service events (deliveries with their delay, warranty claims with their outcome, tickets with their
  response time), each with a later-retention label: retention rate per group, with Wilson intervals.

Input tables
------------
``surveys`` (long): one row per customer and dimension — ``customer_id``, ``dimension``,
``expectation`` and ``perception`` (numbers from 1 to 7; averages of several items are fine).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._docs import fill_doc
from ._stats import wilson_interval
from ._validate import (
    as_numbers,
    require_columns,
    require_nonempty,
    require_present,
    require_unique_key,
)
from .errors import InputError

__all__ = [
    "SCALE",
    "gap_by_dimension",
    "gap_by_customer",
    "importance_performance",
    "gap_churn_link",
    "retention_by_experience",
    "plot_gaps",
    "plot_ipa",
    "plot_retention_by_experience",
]

#: The survey scale: scores from 1 (strongly disagree / very low) to 7.
SCALE: tuple[int, int] = (1, 7)


def _check_level(ci_level: Any) -> float:
    import numbers

    if isinstance(ci_level, bool) or not isinstance(ci_level, numbers.Real):
        raise TypeError(f"ci_level must be a number such as 0.95, not {ci_level!r}")
    if not 0 < ci_level < 1:
        raise ValueError(f"ci_level must lie strictly between 0 and 1, got {ci_level}")
    return float(ci_level)


def _surveys(
    surveys: Any,
    customer_col: str,
    dimension_col: str,
    expectation_col: str,
    perception_col: str,
    table: str = "surveys",
) -> pd.DataFrame:
    """Checked copy of a surveys table: ids present, (customer, dimension) unique, scores in 1–7."""
    require_columns(
        surveys, [customer_col, dimension_col, expectation_col, perception_col], table=table
    )
    require_nonempty(surveys, table=table)
    require_present(surveys[customer_col], table=table, column=customer_col, what="id")
    require_present(surveys[dimension_col], table=table, column=dimension_col, what="dimension")
    require_unique_key(surveys, [customer_col, dimension_col], table=table)
    out = surveys.copy()
    lo, hi = SCALE
    for c in (expectation_col, perception_col):
        s = as_numbers(out[c], table=table, column=c).astype("float64")
        bad = (s < lo) | (s > hi)
        if bad.any():
            first = s.index[bad.to_numpy()][0]
            raise InputError(
                f"has {int(bad.sum())} score(s) outside the {lo}–{hi} scale (e.g. {s.loc[first]:g})",
                table=table,
                column=c,
                row=first,
                fix=f"scores must lie between {lo} and {hi}: rescale another scale first "
                f"(1 + 6·(x − min)/(max − min)) or drop the bad answers",
            )
        out[c] = s
    return out


def _dimension_order(values: Iterable[Any]) -> list[Any]:
    """Dimensions in the vocabulary's order, unknown ones after them (sorted)."""
    from .vocabulary import codes

    known = codes("sq_dimension")
    vals = list(dict.fromkeys(values))
    first = [c for c in known if c in vals]
    rest = sorted((v for v in vals if v not in known), key=str)
    return first + rest


_SURVEY_PARAMS = """surveys : pandas.DataFrame
        One row per customer and dimension: ``customer_col``, ``dimension_col``,
        ``expectation_col`` and ``perception_col`` (numbers from 1 to 7).
    customer_col, dimension_col, expectation_col, perception_col : str
        Column names (defaults ``customer_id``, ``dimension``, ``expectation``, ``perception``)."""


def _doc(f):
    f.__doc__ = f.__doc__.replace("{surveys}", _SURVEY_PARAMS)
    return fill_doc(f)


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
    from .vocabulary import codes

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


# ------------------------------------------------------------------------------------------ plots
def _ax(ax: Any, size: tuple[float, float]) -> Any:
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=size)
    return ax


def _dim_label(code: Any, lang: str | None) -> str:
    from .i18n import label
    from .vocabulary import codes

    return label(("sq_dimension", code), lang) if code in codes("sq_dimension") else str(code)


@fill_doc
def plot_gaps(gaps: pd.DataFrame, *, ax: Any = None, lang: str | None = None) -> Any:
    """Draw each dimension's mean gap (perception − expectation) as a bar from zero, with its interval.

    Parameters
    ----------
    gaps : pandas.DataFrame
        The table of :func:`gap_by_dimension`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default: a new figure.
    {lang}

    Returns
    -------
    matplotlib.axes.Axes
        The axes; bars left of zero are shortfalls.
    """
    from .i18n import label

    require_columns(gaps, ["dimension", "gap", "ci_low", "ci_high"], table="gaps")
    require_nonempty(gaps, table="gaps")
    ax = _ax(ax, (6.5, 0.45 * len(gaps) + 1.5))
    y = np.arange(len(gaps))[::-1]
    err = np.vstack([gaps["gap"] - gaps["ci_low"], gaps["ci_high"] - gaps["gap"]])
    colors = np.where(gaps["gap"] < 0, "#d55e00", "#029e73")
    ax.barh(y, gaps["gap"], xerr=np.nan_to_num(err), color=colors, capsize=3, left=0)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(y, [_dim_label(d, lang) for d in gaps["dimension"]])
    ax.set_xlabel(label("service_gap", lang))
    return ax


@fill_doc
def plot_ipa(grid: pd.DataFrame, *, ax: Any = None, lang: str | None = None) -> Any:
    """Draw the importance–performance grid: one point per dimension, the cut lines, the quadrants.

    Parameters
    ----------
    grid : pandas.DataFrame
        The table of :func:`importance_performance`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default: a new figure.
    {lang}

    Returns
    -------
    matplotlib.axes.Axes
        The axes: performance (x) against importance (y), both on the 1–7 scale.
    """
    from .i18n import label

    need = ["dimension", "importance", "performance", "importance_cut", "performance_cut"]
    require_columns(grid, need, table="grid")
    require_nonempty(grid, table="grid")
    ax = _ax(ax, (6.0, 5.5))
    lo, hi = SCALE
    ic, pc = float(grid["importance_cut"].iloc[0]), float(grid["performance_cut"].iloc[0])
    ax.axvline(pc, color="#949494", linestyle="--", linewidth=1)
    ax.axhline(ic, color="#949494", linestyle="--", linewidth=1)
    ax.scatter(grid["performance"], grid["importance"], color="#0173b2", zorder=3)
    for _, r in grid.iterrows():
        ax.annotate(
            _dim_label(r["dimension"], lang),
            (r["performance"], r["importance"]),
            textcoords="offset points",
            xytext=(5, 4),
            fontsize=8,
        )
    from .vocabulary import codes

    corners = [  # in the order of codes("ipa_quadrant")
        (lo + 0.1, hi - 0.1, "left", "top"),
        (hi - 0.1, hi - 0.1, "right", "top"),
        (lo + 0.1, lo + 0.1, "left", "bottom"),
        (hi - 0.1, lo + 0.1, "right", "bottom"),
    ]
    for code, (x, y, ha, va) in zip(codes("ipa_quadrant"), corners, strict=True):
        ax.text(
            x,
            y,
            label(("ipa_quadrant", code), lang),
            ha=ha,
            va=va,
            fontsize=8,
            color="#555555",
            style="italic",
        )
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_xlabel(label("performance", lang))
    ax.set_ylabel(label("importance", lang))
    return ax


@fill_doc
def plot_retention_by_experience(
    table: pd.DataFrame, *, xlabel: str | None = None, ax: Any = None, lang: str | None = None
) -> Any:
    """Draw the retention rate per experience group as bars from 0 % with Wilson intervals.

    Parameters
    ----------
    table : pandas.DataFrame
        The table of :func:`retention_by_experience`.
    xlabel : str, optional
        Label of the group axis (e.g. "Số ngày giao trễ").
    ax : matplotlib.axes.Axes, optional
        Where to draw; default: a new figure.
    {lang}

    Returns
    -------
    matplotlib.axes.Axes
        The axes, the rate axis in % from 0 %.
    """
    from matplotlib.ticker import PercentFormatter

    from .i18n import label

    require_columns(table, ["group", "retention_rate", "ci_low", "ci_high"], table="table")
    require_nonempty(table, table="table")
    ax = _ax(ax, (0.8 * len(table) + 2.5, 4.0))
    x = np.arange(len(table))
    err = np.vstack(
        [table["retention_rate"] - table["ci_low"], table["ci_high"] - table["retention_rate"]]
    ).clip(min=0)
    ax.bar(x, table["retention_rate"], yerr=err, color="#029e73", capsize=4, bottom=0)
    ax.set_xticks(x, [str(g) for g in table["group"]])
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_ylabel(label("retention_rate", lang))
    if xlabel:
        ax.set_xlabel(xlabel)
    return ax
