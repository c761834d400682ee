"""Plots of the acquisition results (funnel, attribution, gains)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .._validate import require_columns, require_nonempty

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.axes import Axes


def _new_ax(ax, figsize):
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_funnel(
    table: pd.DataFrame, *, ax: Axes | None = None, top: int = 6, lang: str | None = None
) -> Axes:
    """Draw each funnel step as a share of the people reached, for the ``top`` largest channels.

    The y axis is logarithmic because the steps differ by orders of magnitude.

    Parameters
    ----------
    table : DataFrame
        The output of :func:`funnel`.
    ax : matplotlib Axes, optional
        Where to draw (default: a new figure).
    top : int, default 6
        Number of channels shown, the most reached first.
    lang : str, optional
        Language of the labels (default: the current language).

    Returns
    -------
    matplotlib Axes
        The axes drawn on.
    """
    import seaborn as sns

    from ..i18n import label

    require_columns(table, ["channel", "step", "share_of_reached"], table="funnel")
    require_nonempty(table, table="funnel")
    ax = _new_ax(ax, (9, 4.5))
    keep = list(dict.fromkeys(table["channel"]))[:top]
    part = table[table["channel"].isin(keep)]
    plot = pd.DataFrame(
        {
            "channel": part["channel"].map(lambda c: label(c, lang)),
            "step": part["step"].astype(str).map(lambda s: label(f"funnel_{s}", lang)),
            "share": part["share_of_reached"].to_numpy(),
        }
    )
    sns.barplot(data=plot, x="channel", y="share", hue="step", ax=ax)
    ax.set_yscale("log")
    ax.set_ylabel(label("share_of_reached_log", lang))
    ax.set_xlabel("")
    ax.legend(title="", loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.tick_params(axis="x", labelrotation=20)
    return ax


def plot_attribution(
    table: pd.DataFrame,
    *,
    ax: Axes | None = None,
    value: str = "conversions",
    lang: str | None = None,
) -> Axes:
    """Draw grouped horizontal bars: the credited ``value`` per channel under each model.

    Parameters
    ----------
    table : DataFrame
        The output of :func:`compare_attribution`.
    ax : matplotlib Axes, optional
        Where to draw (default: a new figure).
    value : str, default "conversions"
        The credited column to show (``conversions`` or ``revenue``).
    lang : str, optional
        Language of the labels (default: the current language).

    Returns
    -------
    matplotlib Axes
        The axes drawn on.
    """
    import seaborn as sns

    from ..i18n import label

    require_columns(table, ["model", "channel", value], table="attribution")
    require_nonempty(table, table="attribution")
    ax = _new_ax(ax, (10, 5.5))
    order = table.groupby("channel")[value].sum().sort_values(ascending=False).index
    plot = pd.DataFrame(
        {
            "channel": table["channel"].map(lambda c: label(c, lang)),
            "model": table["model"].map(lambda m: label(m, lang)),
            "value": table[value].to_numpy(),
        }
    )
    sns.barplot(
        data=plot, y="channel", x="value", hue="model", order=[label(c, lang) for c in order], ax=ax
    )
    ax.set_ylabel("")
    ax.set_xlabel(label(value, lang))
    ax.legend(title=label("attribution_model", lang), fontsize=8)
    return ax


def plot_gains(gains: pd.DataFrame, *, ax: Axes | None = None, lang: str | None = None) -> Axes:
    """Draw the cumulative gains curve against the random-contact diagonal.

    Parameters
    ----------
    gains : DataFrame
        The output of :func:`~ecrm_lab.evaluation.gains_table`.
    ax : matplotlib Axes, optional
        Where to draw (default: a new figure).
    lang : str, optional
        Language of the labels (default: the current language).

    Returns
    -------
    matplotlib Axes
        The axes drawn on.
    """
    from ..i18n import label

    require_columns(gains, ["cum_share_contacted", "cum_share_positives"], table="gains")
    require_nonempty(gains, table="gains")
    ax = _new_ax(ax, (5.5, 5))
    x = np.r_[0.0, gains["cum_share_contacted"].to_numpy()]
    y = np.r_[0.0, gains["cum_share_positives"].to_numpy()]
    ax.plot(x, y, marker="o", label=label("by_model_score", lang))
    ax.plot([0, 1], [0, 1], linestyle="--", color="#949494", label=label("random_contact", lang))
    ax.set_xlabel(label("share_contacted", lang))
    ax.set_ylabel(label("share_buyers_reached", lang))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.legend()
    return ax
