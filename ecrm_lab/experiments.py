"""Randomised experiments: the effect of each arm versus a control arm (uplift, A/B tests).

Shared by every lesson that compares a treated group with a control group (win-back offers, e-mail
campaigns, the Hillstrom e-mail test).

* :func:`estimate_uplift` — one row per arm: size, rate (binary outcome) or mean (continuous
  outcome), absolute lift versus control with its confidence interval and p-value.
* :func:`plot_uplift` — the lifts with their intervals, bars from zero.

Methods (all from statsmodels, which is tested and maintained; nothing is written by hand):

* **binary outcome** (0/1, True/False): the interval of the difference of two proportions is
  **Newcombe's hybrid score interval** (``statsmodels.stats.proportion.confint_proportions_2indep``,
  ``method="newcomb"``) — unlike the Wald interval ``d ± z·se`` it stays sensible for small arms and
  rates near 0 %, as conversion rates are; the p-value is the classic pooled **two-proportion z-test**
  (``statsmodels.stats.proportion.proportions_ztest``), the test every A/B-testing text teaches.
* **continuous outcome** (spend, number of orders): **Welch's t-test** and its interval for the
  difference of means (``statsmodels.stats.weightstats.CompareMeans``, ``usevar="unequal"``), which
  does not assume equal variances in the arms.

Each arm is compared with the control on its own; with several arms no multiple-testing correction
is applied (say so when you report three or more comparisons).

>>> import pandas as pd
>>> df = pd.DataFrame({"arm": ["offer"] * 4 + ["none"] * 4, "bought": [1, 1, 1, 0, 1, 0, 0, 0]})
>>> estimate_uplift(df, arm="arm", outcome="bought", control="none")[["arm", "n", "rate", "lift"]]
     arm  n  rate  lift
0   none  4  0.25   0.0
1  offer  4  0.75   0.5
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
import pandas as pd

from ._docs import fill_doc
from ._validate import as_numbers, require_columns, require_nonempty, require_present
from .errors import InputError

__all__ = ["estimate_uplift", "plot_uplift", "outcome_kind"]


def _check_ci_level(ci_level: Any) -> float:
    if isinstance(ci_level, bool) or not isinstance(ci_level, numbers.Real):
        raise TypeError(f"ci_level must be a number such as 0.95, not {ci_level!r}")
    if not 0 < ci_level < 1:
        raise ValueError(f"ci_level must lie strictly between 0 and 1, got {ci_level}")
    return float(ci_level)


def outcome_kind(values: pd.Series) -> str:
    """Say whether an outcome column is ``"binary"`` (only 0 and 1, or booleans) or ``"continuous"``.

    Parameters
    ----------
    values : pandas.Series
        The outcome, already numeric (or boolean).

    Returns
    -------
    str
        ``"binary"`` or ``"continuous"``.

    Raises
    ------
    ValueError
        A value that is not a number (text such as ``"yes"``), or no value at all.

    Examples
    --------
    >>> outcome_kind(pd.Series([0, 1, 1])), outcome_kind(pd.Series([0.0, 12.5]))
    ('binary', 'continuous')
    """
    if pd.api.types.is_bool_dtype(values):
        return "binary"
    numbers = pd.to_numeric(values, errors="coerce")
    text = numbers.isna() & values.notna()
    if text.any():
        raise ValueError(
            f"outcome_kind needs numbers or booleans, but {int(text.sum())} value(s) are not "
            f"(e.g. {values[text].iloc[0]!r}): convert the outcome with pd.to_numeric first"
        )
    v = numbers.dropna().unique()
    if len(v) == 0:
        raise ValueError("outcome_kind needs at least one outcome value; all are missing")
    return "binary" if set(v.tolist()) <= {0, 1} else "continuous"


@fill_doc
def estimate_uplift(
    df: pd.DataFrame,
    *,
    arm: str,
    outcome: str,
    control: Any,
    kind: str | None = None,
    ci_level: float = 0.95,
    table: str = "experiment",
) -> pd.DataFrame:
    """Estimate each arm's effect on an outcome versus the control arm, with intervals and p-values.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per person in the experiment. Columns: ``arm`` (the arm the person was randomly
        assigned to; any labels, no missing value) and ``outcome`` (a number: 0/1 or True/False for a
        binary outcome such as "reactivated", any number for a continuous one such as spend).
    arm : str
        Name of the arm column.
    outcome : str
        Name of the outcome column.
    control : object
        The label of the control arm in ``arm`` (e.g. ``"No E-Mail"``, ``"no_offer"``).
    kind : {"binary", "continuous"}, optional
        How to treat the outcome; default: ``"binary"`` when it holds only 0/1 (or booleans),
        ``"continuous"`` otherwise. ``"binary"`` on other values is an error.
    {ci_level}
    table : str, default "experiment"
        The table's name in error messages.

    Returns
    -------
    pandas.DataFrame
        One row per arm, the control first, then the other arms in sorted order:

        - ``arm``: the arm's label;
        - ``n``: number of people in the arm;
        - ``successes`` (binary only): people with outcome 1;
        - ``rate`` (binary) or ``mean`` (continuous): the arm's outcome; ``std`` (continuous only):
          its standard deviation;
        - ``lift``: absolute difference versus control (rate or mean of the arm minus that of the
          control; 0 for the control itself);
        - ``ci_low``, ``ci_high``: the confidence interval of ``lift`` (Newcombe for a binary
          outcome, Welch for a continuous one; missing for the control);
        - ``p_value``: two-sided p-value of "no difference" (pooled two-proportion z-test or Welch's
          t-test; missing for the control).

    Raises
    ------
    ecrm_lab.InputError
        Not a DataFrame, missing columns, no rows, a missing arm label, an outcome that is text,
        missing or infinite, a control arm that is not in the table, a single arm, an arm with one
        person only (continuous outcome), or ``kind="binary"`` on values other than 0/1.

    Examples
    --------
    >>> df = pd.DataFrame({"arm": ["a", "a", "b", "b"], "spend": [10.0, 14.0, 20.0, 30.0]})
    >>> estimate_uplift(df, arm="arm", outcome="spend", control="a")[["arm", "mean", "lift"]]
      arm  mean  lift
    0   a  12.0   0.0
    1   b  25.0  13.0
    """
    from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest
    from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

    level = _check_ci_level(ci_level)
    require_columns(df, [arm, outcome], table=table)
    require_nonempty(df, table=table)
    require_present(df[arm], table=table, column=arm, what="arm label")
    raw = df[outcome]
    if pd.api.types.is_datetime64_any_dtype(raw) or isinstance(raw.dtype, pd.PeriodDtype):
        raise InputError(
            f"holds dates ({raw.dtype}), not an outcome",
            table=table,
            column=outcome,
            fix="pass the outcome column: 0/1 or True/False for a rate, a number for a mean",
        )
    require_present(raw, table=table, column=outcome, what="outcome")
    if pd.api.types.is_bool_dtype(raw):
        raw = raw.astype("int64")
    y = as_numbers(raw, table=table, column=outcome)
    detected = outcome_kind(y)
    if kind is None:
        kind = detected
    elif kind not in ("binary", "continuous"):
        raise ValueError(f"kind must be 'binary', 'continuous' or None, not {kind!r}")
    if kind == "binary" and detected != "binary":
        bad = ~y.isin([0, 1])
        raise InputError(
            f"must hold only 0/1 (or True/False) for a rate, but {int(bad.sum())} value(s) do not "
            f"(e.g. {y[bad].iloc[0]!r})",
            table=table,
            column=outcome,
            row=y.index[bad.to_numpy()][0],
            fix=f"turn it into 0/1 first (e.g. {table}[{outcome!r}] > 0), or pass "
            "kind='continuous' to compare means",
        )
    arms = df[arm]
    labels = list(pd.unique(arms))
    if control not in labels:
        shown = ", ".join(repr(a) for a in labels[:8])
        raise InputError(
            f"has no control arm {control!r}; its arms are {shown}",
            table=table,
            column=arm,
            fix="pass control= one of these labels",
        )
    if len(labels) < 2:
        raise InputError(
            f"has only one arm ({control!r}): there is nothing to compare it with",
            table=table,
            column=arm,
            fix="give a table with the control arm and at least one treated arm",
        )
    others = sorted((a for a in labels if a != control), key=str)
    groups = {a: y[(arms == a).to_numpy()].to_numpy(dtype=float) for a in [control, *others]}
    if kind == "continuous":
        small = [a for a, v in groups.items() if len(v) < 2]
        if small:
            raise InputError(
                f"arm {small[0]!r} has a single person: a mean's interval needs at least two",
                table=table,
                column=arm,
                fix="merge or drop that arm",
            )
    ctrl = groups[control]
    rows = []
    for a, v in groups.items():
        row: dict[str, Any] = {"arm": a, "n": len(v)}
        if kind == "binary":
            k = int(v.sum())
            row |= {"successes": k, "rate": k / len(v)}
            if a == control:
                row |= {"lift": 0.0, "ci_low": np.nan, "ci_high": np.nan, "p_value": np.nan}
            else:
                kc = int(ctrl.sum())
                lo, hi = confint_proportions_2indep(
                    k, len(v), kc, len(ctrl), method="newcomb", compare="diff", alpha=1 - level
                )
                if k + kc in (0, len(v) + len(ctrl)):  # all 0 or all 1: no evidence of a difference
                    p = 1.0
                else:
                    p = float(proportions_ztest([k, kc], [len(v), len(ctrl)])[1])
                row |= {
                    "lift": k / len(v) - kc / len(ctrl),
                    "ci_low": float(lo),
                    "ci_high": float(hi),
                    "p_value": p,
                }
        else:
            row |= {"mean": float(v.mean()), "std": float(v.std(ddof=1))}
            if a == control:
                row |= {"lift": 0.0, "ci_low": np.nan, "ci_high": np.nan, "p_value": np.nan}
            else:
                cm = CompareMeans(DescrStatsW(v), DescrStatsW(ctrl))
                if v.std() == 0 and ctrl.std() == 0:  # no spread: the difference is exact
                    d = float(v.mean() - ctrl.mean())
                    lo = hi = d
                    p = 1.0 if d == 0 else 0.0
                else:
                    lo, hi = cm.tconfint_diff(alpha=1 - level, usevar="unequal")
                    p = float(cm.ttest_ind(usevar="unequal")[1])
                row |= {
                    "lift": float(v.mean() - ctrl.mean()),
                    "ci_low": float(lo),
                    "ci_high": float(hi),
                    "p_value": p,
                }
        rows.append(row)
    out = pd.DataFrame(rows)
    out["n"] = out["n"].astype("int64")
    if "successes" in out:
        out["successes"] = out["successes"].astype("int64")
    return out


def _arm_label(arm: Any, lang: str | None) -> str:
    """The vocabulary label of an arm code (e.g. ``winback_arm``), else the arm as written."""
    from .i18n import AmbiguousLabelError, label

    try:
        return str(label(arm, lang))
    except (AmbiguousLabelError, KeyError, TypeError, ValueError):
        return str(arm)


@fill_doc
def plot_uplift(
    uplift: pd.DataFrame,
    *,
    truth: Any = None,
    ax: Any = None,
    lang: str | None = None,
) -> Any:
    """Draw each treated arm's lift versus control with its confidence interval (bars from zero).

    Parameters
    ----------
    uplift : pandas.DataFrame
        The table of :func:`estimate_uplift` (columns ``arm``, ``lift``, ``ci_low``, ``ci_high``
        and ``rate`` or ``mean``). Arms that are vocabulary codes (``winback_arm``) are shown by
        their label, others as written.
    truth : float or mapping of arm to float, optional
        The true effect, where it is known (a simulator's planted value): one number for every
        treated arm, or one per arm. Drawn as a diamond on each arm's bar, labelled in the legend.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default: a new figure.
    {lang}

    Returns
    -------
    matplotlib.axes.Axes
        The axes; for a binary outcome the lift axis is in percentage points.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import PercentFormatter

    from .i18n import label

    require_columns(uplift, ["arm", "lift", "ci_low", "ci_high"], table="uplift")
    treated = uplift[uplift["ci_low"].notna()]
    if treated.empty:
        raise InputError(
            "has no treated arm (every row is the control)",
            table="uplift",
            fix="pass the table returned by estimate_uplift",
        )
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 0.6 * len(treated) + 1.5))
    y = np.arange(len(treated))
    err = np.vstack(
        [treated["lift"] - treated["ci_low"], treated["ci_high"] - treated["lift"]]
    ).clip(min=0)
    ax.barh(y, treated["lift"], xerr=err, color="#0173b2", capsize=4, left=0)
    ax.axvline(0, color="black", linewidth=0.8)
    if truth is not None:
        from .i18n import text

        arms = list(treated["arm"])
        if isinstance(truth, dict):
            unknown = [a for a in truth if a not in arms]
            if unknown:
                raise InputError(
                    f"has no treated arm {unknown[0]!r} named in truth",
                    table="uplift",
                    column="arm",
                    fix=f"key truth by the treated arms: {', '.join(map(repr, arms))}",
                )
            pts = [(k, float(truth[a])) for k, a in enumerate(arms) if a in truth]
        else:
            pts = [(k, float(truth)) for k in range(len(arms))]
        ax.scatter(
            [v for _, v in pts],
            [k for k, _ in pts],
            marker="D",
            s=60,
            color="#de8f05",
            zorder=3,
            label=text("experiments.truth_marker", lang),
        )
        ax.legend(loc="best", fontsize=9)
    ax.set_yticks(y, [_arm_label(a, lang) for a in treated["arm"]])
    ax.set_xlabel(label("lift_vs_control", lang))
    if "rate" in uplift.columns:
        ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    return ax
