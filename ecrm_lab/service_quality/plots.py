"""Plots of :mod:`ecrm_lab.service_quality`: gaps, the importance–performance grid, retention by experience."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._docs import fill_doc
from .._validate import require_columns, require_nonempty
from ..plotting import _axes as _ax
from ._common import SCALE

__all__ = [
    "plot_expectation_perception",
    "plot_gaps",
    "plot_ipa",
    "plot_retention_by_experience",
]


def _dim_label(code: Any, lang: str | None) -> str:
    from ..i18n import label
    from ..vocabulary import codes

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
        The axes; bars left of zero are shortfalls, and a legend names the two colours
        (only those that occur).
    """
    from ..i18n import label, text

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
    from matplotlib.patches import Patch

    handles = [
        Patch(color=c, label=text(key, lang))
        for c, key, shown in (
            ("#d55e00", "service_quality.shortfall", (gaps["gap"] < 0).any()),
            ("#029e73", "service_quality.surplus", (gaps["gap"] >= 0).any()),
        )
        if shown
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.16),
        ncol=2,
        fontsize=8,
        frameon=False,
    )
    return ax


@fill_doc
def plot_ipa(
    grid: pd.DataFrame, *, zoom: bool = False, ax: Any = None, lang: str | None = None
) -> Any:
    """Draw the importance–performance grid: one point per dimension, the cut lines, the quadrants.

    Parameters
    ----------
    grid : pandas.DataFrame
        The table of :func:`importance_performance`.
    zoom : bool, default False
        False: both axes show the whole 1–7 scale. True: each axis shows the range of the points
        and the cut with a margin of 0.25 point, so that close dimensions can be told apart (the
        quadrants keep their names in the corners).
    ax : matplotlib.axes.Axes, optional
        Where to draw; default: a new figure.
    {lang}

    Returns
    -------
    matplotlib.axes.Axes
        The axes: performance (x) against importance (y), on the 1–7 scale or zoomed.
    """
    from ..i18n import label

    if not isinstance(zoom, bool):
        raise TypeError(f"zoom must be True or False, not {zoom!r}")
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
    from ..vocabulary import codes

    corners = [  # in the order of codes("ipa_quadrant"), in axes coordinates
        (0.02, 0.98, "left", "top"),
        (0.98, 0.98, "right", "top"),
        (0.02, 0.02, "left", "bottom"),
        (0.98, 0.02, "right", "bottom"),
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
            transform=ax.transAxes,
        )
    if zoom:
        xs = np.r_[grid["performance"].to_numpy(float), pc]
        ys = np.r_[grid["importance"].to_numpy(float), ic]
        ax.set_xlim(max(lo, xs.min() - 0.25), min(hi, xs.max() + 0.25))
        ax.set_ylim(max(lo, ys.min() - 0.25), min(hi, ys.max() + 0.25))
    else:
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

    from ..i18n import label

    require_columns(table, ["group", "retention_rate", "ci_low", "ci_high"], table="table")
    require_nonempty(table, table="table")
    ax = _ax(ax, (1.5 * len(table) + 2.5, 4.0))
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


@fill_doc
def plot_expectation_perception(
    gaps: pd.DataFrame, *, ax: Any = None, lang: str | None = None
) -> Any:
    """Draw each dimension's mean expectation and mean perception on the 1–7 scale, joined by a line.

    The line between the two points is the dimension's gap; dimensions are drawn in the order of
    the table from the top (:func:`gap_by_dimension` gives the vocabulary's order; sort it by
    ``gap`` to put the largest shortfall first).

    Parameters
    ----------
    gaps : pandas.DataFrame
        The table of :func:`gap_by_dimension`: ``dimension``, ``expectation``, ``perception``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default: a new figure.
    {lang}

    Returns
    -------
    matplotlib.axes.Axes
        The axes: the score (x, the full 1–7 scale) for each dimension (y), a legend for the two
        markers.
    """
    from ..i18n import text

    require_columns(gaps, ["dimension", "expectation", "perception"], table="gaps")
    require_nonempty(gaps, table="gaps")
    ax = _ax(ax, (7.0, 0.5 * len(gaps) + 1.6))
    y = np.arange(len(gaps))[::-1]
    exp, per = gaps["expectation"].to_numpy(float), gaps["perception"].to_numpy(float)
    ax.hlines(y, np.minimum(exp, per), np.maximum(exp, per), color="#949494", linewidth=2)
    ax.scatter(
        exp, y, color="#0173b2", s=60, zorder=3, label=text("service_quality.expectation", lang)
    )
    ax.scatter(per, y, color="#d55e00", s=60, marker="D", zorder=3,
               label=text("service_quality.perception", lang))  # fmt: skip
    ax.set_yticks(y, [_dim_label(d, lang) for d in gaps["dimension"]])
    lo, hi = SCALE
    ax.set_xlim(lo - 0.2, hi + 0.2)
    ax.set_xlabel(text("service_quality.score_xlabel", lang))
    # below the axes, where it hides no point
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=8, frameon=False)
    return ax
