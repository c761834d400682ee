"""Plots of the retention analyses: cohort heatmap, survival curves, calibration."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._docs import fill_doc
from .._validate import require_columns, require_nonempty
from .cohorts import cohort_matrix

__all__ = ["plot_cohort_heatmap", "plot_survival", "plot_calibration"]


def _ax(ax: Any, size: tuple[float, float]) -> Any:
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=size)
    return ax


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
