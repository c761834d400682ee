"""Plots of the SPIN lesson: confusion matrix, conversion rates, fitted effects."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .._validate import require_columns
from ..errors import InputError
from ._common import _feature_name, _text
from .classifier import ClassifierEvaluation

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.axes import Axes

__all__ = [
    "plot_accuracy_by_group",
    "plot_confusion_matrix",
    "plot_conversion_rates",
    "plot_effects",
]


# ------------------------------------------------------------------------------ plots
def plot_confusion_matrix(
    cm: pd.DataFrame | ClassifierEvaluation,
    *,
    ax: Axes | None = None,
    normalize: bool = False,
    lang: str | None = None,
) -> Axes:
    """Draw a confusion matrix as a heatmap: true labels in rows, predicted labels in columns.

    Parameters
    ----------
    cm : DataFrame or ClassifierEvaluation
        Counts (``ClassifierEvaluation.confusion``), or the evaluation itself.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.
    normalize : bool, default False
        Show each row as shares of its true label (the diagonal is then the recall) instead of counts.
    lang : {"vi", "en"}, optional
        Language of the axis labels.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    import matplotlib.pyplot as plt

    if isinstance(cm, ClassifierEvaluation):
        cm = cm.confusion
    if not isinstance(cm, pd.DataFrame):
        raise TypeError(
            f"cm must be a confusion-matrix DataFrame (evaluate_classifier(...).confusion), not "
            f"{type(cm).__name__}"
        )
    values = cm.to_numpy(dtype=float)
    if values.ndim != 2 or values.shape[0] != values.shape[1] or values.size == 0:
        raise ValueError(f"cm must be a square table of counts, got shape {values.shape}")
    if np.isnan(values).any() or (values < 0).any():
        raise ValueError("cm must hold counts ≥ 0 (no missing values)")
    if normalize:
        sums = values.sum(axis=1, keepdims=True)
        values = np.divide(values, sums, out=np.zeros_like(values), where=sums > 0)
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 4.2))
    top = values.max() if values.max() > 0 else 1.0
    ax.imshow(values, cmap="Blues", vmin=0, vmax=top)
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = values[i, j]
            text = f"{v:.0%}" if normalize else f"{int(round(v))}"
            ax.text(
                j,
                i,
                text,
                ha="center",
                va="center",
                fontsize=11,
                color="white" if v > 0.6 * top else "black",
            )
    ax.set_xticks(range(values.shape[1]), [str(c) for c in cm.columns])
    ax.set_yticks(range(values.shape[0]), [str(c) for c in cm.index])
    ax.set_xlabel(_text("confusion_xlabel", lang))
    ax.set_ylabel(_text("confusion_ylabel", lang))
    ax.grid(False)
    return ax


def _level_text(table: pd.DataFrame, ci_level: float | None) -> str:
    """ " 90 %" for the interval level given or stored in ``table.attrs``; "" when unknown."""
    level = table.attrs.get("ci_level") if ci_level is None else ci_level
    if level is None:
        return ""
    if isinstance(level, bool) or not isinstance(level, (int, float)) or not 0 < level < 1:
        raise ValueError(f"ci_level must lie strictly between 0 and 1 (e.g. 0.95), got {level!r}")
    return f" {100 * float(level):.3g} %"


def plot_conversion_rates(
    outcomes: pd.DataFrame,
    *,
    ax: Axes | None = None,
    lang: str | None = None,
    color: str = "#0173b2",
    ci_level: float | None = None,
) -> Axes:
    """Conversion rates of chats with their confidence intervals, one horizontal line per group.

    Parameters
    ----------
    outcomes : DataFrame
        From :func:`sequence_outcomes` (single ``by`` or a list of features).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.
    lang : {"vi", "en"}, optional
        Language of the labels.
    color : str
        Colour of the points.
    ci_level : float, optional
        Level of the intervals, for the axis label. Default: ``outcomes.attrs["ci_level"]`` (set by
        :func:`sequence_outcomes`); when neither is known the label names no level.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import PercentFormatter

    require_columns(outcomes, ["conversion_rate", "ci_low", "ci_high", "n_chats"], table="outcomes")
    if len(outcomes) == 0:
        raise InputError("is empty", table="outcomes", fix="lower min_chats in sequence_outcomes")
    pct = _level_text(outcomes, ci_level)
    if "feature" in outcomes.columns and "value" in outcomes.columns:
        names = []
        for f, v in zip(outcomes["feature"], outcomes["value"], strict=True):
            fname = _feature_name(str(f), lang)
            if isinstance(v, (bool, np.bool_)):
                v = _text("yes" if v else "no", lang)
            names.append(f"{fname}: {v}")
    else:
        group = next(
            c
            for c in outcomes.columns
            if c not in ("n_chats", "n_purchases", "conversion_rate", "ci_low", "ci_high")
        )
        names = [str(v) for v in outcomes[group]]
    y = np.arange(len(outcomes))[::-1]
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.45 * len(outcomes) + 1.5))
    rate = outcomes["conversion_rate"].to_numpy(dtype=float)
    err = np.vstack(
        [rate - outcomes["ci_low"].to_numpy(float), outcomes["ci_high"].to_numpy(float) - rate]
    )
    ax.errorbar(rate, y, xerr=err, fmt="o", color=color, ecolor=color, capsize=3)
    labels = [f"{n}  (n={int(k)})" for n, k in zip(names, outcomes["n_chats"], strict=True)]
    ax.set_yticks(y, labels)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel(_text("outcomes_xlabel", lang, pct=pct, level=pct.strip() + " " if pct else ""))
    return ax


def plot_effects(
    table: pd.DataFrame,
    *,
    ax: Axes | None = None,
    lang: str | None = None,
    include_intercept: bool = False,
    ci_level: float | None = None,
) -> Axes:
    """Fitted effects (log-odds) with confidence intervals, and the planted values when known.

    Parameters
    ----------
    table : DataFrame
        From :func:`fit_sequence_effects` or :func:`compare_with_truth` (then the ``true_value``
        column is drawn as red diamonds).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.
    lang : {"vi", "en"}, optional
        Language of the labels.
    include_intercept : bool, default False
        Also draw the intercept (it is on another scale: the log-odds of a chat with no feature).
    ci_level : float, optional
        Level of the intervals, for the legend. Default: ``table.attrs["ci_level"]`` (set by
        :func:`fit_sequence_effects` and kept by :func:`compare_with_truth`); when neither is known
        the legend names no level.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    import matplotlib.pyplot as plt

    require_columns(table, ["estimate", "ci_low", "ci_high"], table="effects")
    t = table if include_intercept else table.drop(index="intercept", errors="ignore")
    if len(t) == 0:
        raise InputError(
            "has no terms to draw",
            table="effects",
            fix="pass the table fit_sequence_effects returns, or include_intercept=True",
        )
    pct = _level_text(table, ci_level)
    y = np.arange(len(t))[::-1]
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.55 * len(t) + 1.5))
    est = t["estimate"].to_numpy(float)
    err = np.vstack([est - t["ci_low"].to_numpy(float), t["ci_high"].to_numpy(float) - est])
    ax.errorbar(
        est,
        y,
        xerr=err,
        fmt="o",
        color="#0173b2",
        capsize=3,
        label=_text("effects_estimate", lang, pct=pct, level=pct.strip() + " " if pct else ""),
    )
    if "true_value" in t.columns:
        ax.scatter(
            t["true_value"].to_numpy(float),
            y,
            marker="D",
            color="#d55e00",
            zorder=3,
            label=_text("effects_truth", lang),
        )
    ax.axvline(0, color="#949494", linewidth=1)
    ax.set_yticks(y, [_feature_name(str(i), lang) for i in t.index])
    ax.set_xlabel(_text("effects_xlabel", lang))
    ax.legend(loc="best", fontsize=9)
    return ax


def plot_accuracy_by_group(
    evaluation: ClassifierEvaluation,
    *,
    reference: ClassifierEvaluation | None = None,
    names: dict | None = None,
    ax: Axes | None = None,
    lang: str | None = None,
    color: str = "#0173b2",
) -> Axes:
    """Accuracy on each held-out group (e.g. product category), as horizontal bars from 0 %.

    Parameters
    ----------
    evaluation : ClassifierEvaluation
        From :func:`evaluate_classifier` with ``leave_out=...``: its ``by_group`` table (index the
        group, column ``accuracy`` in 0–1) is drawn, sorted from the lowest accuracy up.
    reference : ClassifierEvaluation, optional
        An evaluation whose ``accuracy`` (dashed line) and ``baseline_accuracy`` (dotted line,
        always guessing the most frequent label) are drawn for comparison.
    names : dict, optional
        Display name of each group (e.g. ``{"beauty": "Mỹ phẩm & làm đẹp"}``); others as written.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.
    lang : {"vi", "en"}, optional
        Language of the labels.
    color : str
        Colour of the bars.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on: one bar per group, labelled with its accuracy in %.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import PercentFormatter

    by_group = getattr(evaluation, "by_group", None)
    if not isinstance(by_group, pd.DataFrame) or "accuracy" not in by_group.columns:
        raise ValueError(
            "evaluation has no accuracy by group. Fix: use evaluate_classifier(leave_out='category')"
        )
    acc = by_group["accuracy"].astype(float).sort_values()
    labels = [str((names or {}).get(g, g)) for g in acc.index]
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.4 * len(acc) + 1.5))
    bars = ax.barh(labels, acc.to_numpy(), color=color)
    if reference is not None:
        ax.axvline(
            reference.accuracy,
            color="#de8f05",
            linestyle="--",
            label=_text("accuracy_cv", lang),
        )
        ax.axvline(
            reference.baseline_accuracy,
            color="#949494",
            linestyle=":",
            label=_text("accuracy_baseline", lang),
        )
        ax.legend(loc="upper center", bbox_to_anchor=(0.4, -0.15), ncol=2, frameon=False)
    ax.set_xlim(0, 1.1)
    ax.set_xticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.bar_label(bars, labels=[f"{v:.0%}" for v in acc], padding=3, fontsize=9)
    ax.set_xlabel(_text("accuracy_xlabel", lang))
    return ax
