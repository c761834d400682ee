"""Plots of the retention analyses: cohort heatmap, survival curves, calibration, the choice of the
inactivity window and the churn model beside its baseline."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._docs import fill_doc
from .._validate import require_columns, require_nonempty
from ..plotting import _axes as _ax
from .cohorts import cohort_matrix

__all__ = [
    "plot_cohort_heatmap",
    "plot_survival",
    "plot_calibration",
    "plot_window_tradeoff",
    "plot_model_metrics",
]


def _t(key: str, lang: str | None, **kw: Any) -> str:
    """The text ``retention.<key>`` of ``data/vocabulary/text.csv`` in the language ``lang``."""
    from ..i18n import text

    return text(f"retention.{key}", lang, **kw)


@fill_doc
def plot_cohort_heatmap(
    retention: pd.DataFrame,
    *,
    max_periods: int | None = 12,
    ax: Any = None,
    lang: str | None = None,
) -> Any:
    """Draw the cohort retention matrix as a heatmap, cells in %.

    Parameters
    ----------
    retention : pandas.DataFrame
        The long table of :func:`cohort_retention`.
    max_periods : int or None, default 12
        Show periods 0 … ``max_periods`` only (None: all).
    ax : matplotlib.axes.Axes, optional
        Where to draw; default: a new figure.
    {lang}

    Returns
    -------
    matplotlib.axes.Axes
        The axes; the colour scale runs from 0 % to 100 %.
    """
    import seaborn as sns
    from matplotlib.ticker import PercentFormatter

    from ..i18n import label

    m = cohort_matrix(retention)
    if max_periods is not None:
        m = m.loc[:, [c for c in m.columns if c <= max_periods]]
    ax = _ax(ax, (0.6 * m.shape[1] + 2.5, 0.35 * m.shape[0] + 1.5))
    sns.heatmap(
        m,
        vmin=0,
        vmax=1,
        cmap="Blues",
        annot=m.shape[1] <= 13 and m.shape[0] <= 24,
        fmt=".0%",
        annot_kws={"fontsize": 7},
        cbar_kws={"format": PercentFormatter(1.0), "label": label("retention_rate", lang)},
        ax=ax,
    )
    ax.set_xlabel(label("periods_since_first_purchase", lang))
    ax.set_ylabel(label("cohort", lang))
    return ax


@fill_doc
def plot_survival(
    km: pd.DataFrame, *, band: bool = True, ax: Any = None, lang: str | None = None
) -> Any:
    """Draw Kaplan–Meier survival curves (one per group) with their confidence bands, y axis in %.

    Parameters
    ----------
    km : pandas.DataFrame
        The table of :func:`kaplan_meier`.
    band : bool, default True
        Shade the confidence band.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default: a new figure.
    {lang}

    Returns
    -------
    matplotlib.axes.Axes
        The axes: share still a customer (0 %–100 %) against time.
    """
    from matplotlib.ticker import PercentFormatter

    from ..i18n import label

    require_columns(km, ["time", "survival", "ci_low", "ci_high"], table="km")
    require_nonempty(km, table="km")
    ax = _ax(ax, (6.5, 4.2))
    groups = km.groupby("group", sort=False) if "group" in km else [(None, km)]
    for g, part in groups:
        line = ax.step(
            part["time"],
            part["survival"],
            where="post",
            label=None if g is None else str(label(g, lang)),
        )
        if band:
            ax.fill_between(
                part["time"],
                part["ci_low"],
                part["ci_high"],
                step="post",
                alpha=0.2,
                color=line[0].get_color(),
                linewidth=0,
            )
    ax.set_ylim(0, 1.02)
    ax.set_xlim(left=0)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_ylabel(label("survival_probability", lang))
    ax.set_xlabel(label("duration_days", lang))
    if "group" in km:
        ax.legend()
    return ax


@fill_doc
def plot_calibration(calibration: pd.DataFrame, *, ax: Any = None, lang: str | None = None) -> Any:
    """Draw predicted against observed churn rates (a calibration plot), both axes in %.

    Parameters
    ----------
    calibration : pandas.DataFrame
        :attr:`ChurnModelFit.calibration` (``mean_predicted``, ``observed_rate``).
    ax : matplotlib.axes.Axes, optional
        Where to draw; default: a new figure.
    {lang}

    Returns
    -------
    matplotlib.axes.Axes
        The axes, with the diagonal of perfect calibration.
    """
    from matplotlib.ticker import PercentFormatter

    from ..i18n import label

    require_columns(calibration, ["mean_predicted", "observed_rate"], table="calibration")
    require_nonempty(calibration, table="calibration")
    ax = _ax(ax, (4.8, 4.5))
    top = float(np.nanmax(calibration[["mean_predicted", "observed_rate"]].to_numpy())) * 1.05
    top = min(1.0, max(top, 0.05))
    ax.plot([0, top], [0, top], linestyle="--", color="#949494")
    ax.plot(calibration["mean_predicted"], calibration["observed_rate"], marker="o")
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel(label("predicted_churn_rate", lang))
    ax.set_ylabel(label("observed_churn_rate", lang))
    return ax


@fill_doc
def plot_window_tradeoff(
    tradeoff: pd.DataFrame,
    *,
    chosen: int | None = None,
    ax: Any = None,
    lang: str | None = None,
) -> Any:
    """Draw, per inactivity window, the churn rate it gives (bars) and the pauses it would mislabel.

    Parameters
    ----------
    tradeoff : pandas.DataFrame
        The table of :func:`window_tradeoff`: ``window_days``, ``churn_rate`` and
        ``share_gaps_longer`` (shares in [0, 1]).
    chosen : int, optional
        A window to mark (its bar is darker and labelled), e.g. the one the lesson uses.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default: a new figure.
    {lang}

    Returns
    -------
    matplotlib.axes.Axes
        The axes: windows in the order of the table (short to long), both shares in % on one axis
        from 0 %.

    Raises
    ------
    ecrm_lab.InputError
        When the table lacks a column or has no rows, or ``chosen`` is not one of its windows.
    """
    from matplotlib.ticker import PercentFormatter

    from ..errors import InputError

    cols = ["window_days", "churn_rate", "share_gaps_longer"]
    require_columns(tradeoff, cols, table="tradeoff")
    require_nonempty(tradeoff, table="tradeoff")
    windows = [int(w) for w in tradeoff["window_days"]]
    if chosen is not None and chosen not in windows:
        raise InputError(
            f"has no window of {chosen} days (its windows are {', '.join(map(str, windows))})",
            table="tradeoff",
            column="window_days",
            fix="pass chosen= one of the windows, or compute the tradeoff for that window",
        )
    ax = _ax(ax, (7.0, 4.2))
    x = np.arange(len(windows))
    colors = ["#0173b2" if w == chosen else "#8fbcdb" for w in windows]
    ax.bar(
        x, tradeoff["churn_rate"].to_numpy(float), color=colors, label=_t("churn_rate_bar", lang)
    )
    ax.plot(
        x,
        tradeoff["share_gaps_longer"].to_numpy(float),
        color="#de8f05",
        marker="o",
        label=_t("gaps_longer_line", lang),
    )
    if chosen is not None:
        k = windows.index(chosen)
        top = float(tradeoff["churn_rate"].iloc[k])
        ax.annotate(
            _t("chosen_window", lang, n=chosen),
            (k, top),
            xytext=(0, 6),
            textcoords="offset points",
            ha="center",
            fontsize=9,
        )
    ax.set_xticks(x, [str(w) for w in windows])
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel(_t("window_xlabel", lang))
    ax.set_ylabel(_t("share_ylabel", lang))
    ax.legend(loc="upper right", fontsize=9)
    return ax


_METRICS = ("roc_auc", "pr_auc", "precision_at_k")


@fill_doc
def plot_model_metrics(
    metrics: pd.DataFrame, *, top_share: float = 0.1, ax: Any = None, lang: str | None = None
) -> Any:
    """Draw the churn model's ROC AUC, PR AUC and precision among the riskiest next to the baseline's.

    Parameters
    ----------
    metrics : pandas.DataFrame
        :attr:`ChurnModelFit.metrics`: rows ``model`` = ``"model"`` and ``"baseline"``, columns
        ``roc_auc``, ``pr_auc``, ``precision_at_k`` and ``churn_rate`` (shares in [0, 1]).
    top_share : float, default 0.1
        The share of riskiest rows ``precision_at_k`` looked at (:attr:`ChurnModelFit.top_share`),
        for the label.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default: a new figure.
    {lang}

    Returns
    -------
    matplotlib.axes.Axes
        The axes: one group of two horizontal bars (model, baseline) per metric, from 0 to 1, with
        the test rows' churn rate (what a random list would reach) as a dashed line.

    Raises
    ------
    ecrm_lab.InputError
        When a column or one of the two rows is missing.
    """
    from ..errors import InputError

    require_columns(metrics, ["model", *_METRICS, "churn_rate"], table="metrics")
    rows = metrics.set_index("model")
    missing = [r for r in ("model", "baseline") if r not in rows.index]
    if missing:
        raise InputError(
            f"has no row {missing[0]!r} in column 'model'",
            table="metrics",
            column="model",
            fix="pass ChurnModelFit.metrics (rows 'model' and 'baseline')",
        )
    ax = _ax(ax, (7.0, 3.8))
    y = np.arange(len(_METRICS))
    h = 0.38
    for k, (who, color) in enumerate((("model", "#0173b2"), ("baseline", "#949494"))):
        values = rows.loc[who, list(_METRICS)].to_numpy(float)
        bars = ax.barh(
            y - h / 2 + k * h, values, height=h, color=color, label=_t(f"{who}_bar", lang)
        )
        ax.bar_label(bars, labels=[f"{v:.3f}" for v in values], padding=3, fontsize=8)
    rate = float(rows.loc["model", "churn_rate"])
    ax.axvline(rate, color="#de8f05", linestyle="--", linewidth=1, label=_t("random_list", lang))
    pct = f"{100 * top_share:g}"
    ax.set_yticks(y, [_t(f"metric_{m}", lang, pct=pct) for m in _METRICS])
    ax.invert_yaxis()
    ax.set_xlim(0, 1.08)
    ax.set_xlabel(_t("metric_xlabel", lang))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, fontsize=9, frameon=False)
    return ax
