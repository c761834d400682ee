"""Plots of the acquisition results (funnel, attribution, gains)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .._validate import require_columns, require_nonempty
from ..plotting import _axes as _new_ax

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.axes import Axes


def _text(code: str, lang: str | None, **fmt) -> str:
    """The text ``acquisition.<code>`` of ``data/vocabulary/text.csv`` in the language ``lang``."""
    from ..i18n import text

    return text(f"acquisition.{code}", lang, **fmt)


def _percent_axis(ax: Axes, axis: str = "y") -> None:
    from matplotlib.ticker import PercentFormatter

    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(PercentFormatter(1.0, decimals=0))


def plot_funnel(
    table: pd.DataFrame, *, ax: Axes | None = None, top: int = 6, lang: str | None = None
) -> Axes:
    """Draw each funnel step as a percentage of the people reached, for the ``top`` largest channels.

    Bars start at zero on a linear axis in %; the first step (everyone reached, 100 %) is left out
    so the later steps stay readable, and each bar is labelled with its percentage.

    Parameters
    ----------
    table : DataFrame
        The output of :func:`funnel`: ``channel``, ``step``, ``share_of_reached``.
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
    part = table[table["channel"].isin(keep) & (table["step"].astype(str) != "reached")]
    plot = pd.DataFrame(
        {
            "channel": part["channel"].map(lambda c: label(c, lang)),
            "step": part["step"].astype(str).map(lambda s: label(f"funnel_{s}", lang)),
            "share": part["share_of_reached"].to_numpy(dtype=float),
        }
    )
    sns.barplot(data=plot, x="channel", y="share", hue="step", ax=ax)
    for bars in ax.containers:
        ax.bar_label(bars, labels=[f"{b.get_height():.0%}" for b in bars], fontsize=7, padding=1)
    ax.set_ylim(0, None)
    _percent_axis(ax)
    ax.set_ylabel(_text("funnel_ylabel", lang))
    ax.set_xlabel("")
    ax.legend(title="", loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.tick_params(axis="x", labelrotation=20)
    return ax


def plot_channel_economics(
    economics: pd.DataFrame,
    economics_long: pd.DataFrame | None = None,
    *,
    gross_margin: float | None = None,
    axes=None,
    lang: str | None = None,
):
    """Draw CAC against conversion rate (bubbles sized by new customers) and ROAS by channel.

    Parameters
    ----------
    economics : DataFrame
        The output of :func:`channel_economics`: ``channel``, ``spend``, ``new_customers``,
        ``conversion_rate``, ``cac`` (VND per new customer), ``roas`` (revenue / spend).
    economics_long : DataFrame, optional
        The same table with a longer revenue horizon (``horizon_days=…``); its ROAS is drawn
        next to the first-order ROAS.
    gross_margin : float, optional
        Gross margin as a share of revenue (0–1); a dashed line marks the break-even ROAS
        1 / ``gross_margin`` (the revenue per VND of spend at which the gross profit pays the spend).
    axes : pair of matplotlib Axes, optional
        Where to draw (default: a new figure with two panels).
    lang : str, optional
        Language of the labels (default: the current language).

    Returns
    -------
    array of two matplotlib Axes
        The bubble chart (CAC in VND, conversion in %, both linear) and the ROAS bars (linear,
        from zero), channels sorted by first-order ROAS; only channels with spend and new customers.
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    from ..i18n import label
    from ..plotting import PALETTE, vnd_axis

    cols = ["channel", "spend", "new_customers", "conversion_rate", "cac", "roas"]
    require_columns(economics, cols, table="economics")
    require_nonempty(economics, table="economics")
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(13, 5))
    ax, bx = axes
    eco = economics[(economics["spend"] > 0) & (economics["new_customers"] > 0)]
    if eco.empty:
        from ..errors import InputError

        raise InputError(
            "no channel has both spend and new customers: there is no CAC nor ROAS to draw",
            table="economics",
            fix="choose a period (start, end) in which the paid channels won customers",
        )
    size = 1200 / max(float(eco["new_customers"].max()), 1.0)
    ax.scatter(
        eco["conversion_rate"],
        eco["cac"],
        s=eco["new_customers"] * size,
        color=PALETTE[0],
        alpha=0.6,
    )
    for k, row in enumerate(eco.sort_values("cac").itertuples()):
        ax.annotate(
            label(row.channel, lang), (row.conversion_rate, row.cac), textcoords="offset points",
            xytext=(8, 4 if k % 2 else -12), fontsize=9,
        )  # fmt: skip
    top = float(eco["new_customers"].max())
    for n in sorted({int(round(top / 4, -1)) or 1, int(round(top, -1)) or 1}):
        ax.scatter(
            [], [], s=n * size, color=PALETTE[0], alpha=0.6, label=f"{n:,}".replace(",", ".")
        )
    ax.legend(title=_text("economics_new_customers", lang), labelspacing=1.5, borderpad=1)
    ax.set_xlim(0, None)
    ax.set_ylim(0, float(eco["cac"].max()) * 1.15)
    vnd_axis(ax)
    _percent_axis(ax, "x")
    ax.set_xlabel(_text("economics_conversion", lang))
    ax.set_ylabel(_text("economics_cac", lang))
    first = _text("economics_first_order", lang)
    parts = [eco.assign(horizon=first)]
    if economics_long is not None:
        require_columns(economics_long, ["channel", "roas"], table="economics_long")
        longer = economics_long[economics_long["channel"].isin(eco["channel"])]
        parts.append(longer.assign(horizon=_text("economics_longer", lang)))
    roas = pd.concat(parts, ignore_index=True)
    order = eco.sort_values("roas", ascending=False)["channel"].map(lambda c: label(c, lang))
    roas["name"] = roas["channel"].map(lambda c: label(c, lang))
    sns.barplot(data=roas, y="name", x="roas", hue="horizon", order=list(order), ax=bx)
    bx.axvline(1, color="#6b6b6b", linestyle=":", label="ROAS = 1")
    if gross_margin is not None:
        if not 0 < gross_margin <= 1:
            from ..errors import InputError

            raise InputError(
                f"gross_margin must be a share of revenue in (0, 1], got {gross_margin!r}",
                fix="pass the margin as a share, e.g. 0.33 for 33 %",
            )
        bx.axvline(
            1 / gross_margin, color="#b2182b", linestyle="--",
            label=_text("economics_breakeven", lang, breakeven=1 / gross_margin),
        )  # fmt: skip
    bx.set_xlim(0, None)
    bx.set_xlabel(_text("economics_roas", lang))
    bx.set_ylabel("")
    bx.legend(fontsize=8, loc="lower right")
    return axes


def plot_lift(gains: pd.DataFrame, *, ax: Axes | None = None, lang: str | None = None) -> Axes:
    """Draw the lift of each score group as bars from zero, with the no-model level 1 dashed.

    Parameters
    ----------
    gains : DataFrame
        The output of :func:`~ecrm_lab.evaluation.gains_table`: ``group`` (1 = highest scores)
        and ``lift`` (the group's buyer rate / the overall rate).
    ax : matplotlib Axes, optional
        Where to draw (default: a new figure).
    lang : str, optional
        Language of the labels (default: the current language).

    Returns
    -------
    matplotlib Axes
        The axes drawn on.
    """
    from ..plotting import PALETTE

    require_columns(gains, ["group", "lift"], table="gains")
    require_nonempty(gains, table="gains")
    ax = _new_ax(ax, (5.5, 5))
    ax.bar(gains["group"].astype(str), gains["lift"], color=PALETTE[0])
    ax.axhline(1, color="#949494", linestyle="--")
    ax.set_ylim(0, None)
    ax.set_xlabel(_text("lift_xlabel", lang))
    ax.set_ylabel(_text("lift_ylabel", lang))
    return ax


def plot_tv_response(
    daily: pd.DataFrame, flights: pd.DataFrame | None = None, *, axes=None, lang: str | None = None
):
    """Draw the daily TV spend above the daily new visitors, with the TV flights shaded.

    Parameters
    ----------
    daily : DataFrame
        The output of :func:`tv_response_table`: ``date``, ``tv_spend`` (VND), ``visits`` and
        ``control`` (new people per day).
    flights : DataFrame, optional
        TV campaigns with ``start_date`` and ``end_date``, shaded on both panels.
    axes : pair of matplotlib Axes, optional
        Where to draw (default: a new figure with two panels sharing the date axis).
    lang : str, optional
        Language of the labels (default: the current language).

    Returns
    -------
    array of two matplotlib Axes
        The spend panel and the visits panel.
    """
    import matplotlib.pyplot as plt

    from ..plotting import PALETTE, vnd_axis

    require_columns(daily, ["date", "tv_spend", "visits", "control"], table="daily")
    require_nonempty(daily, table="daily")
    if axes is None:
        _, axes = plt.subplots(2, 1, figsize=(12, 6), sharex=True, height_ratios=[1, 1.6])
    top, bottom = axes
    top.fill_between(daily["date"], daily["tv_spend"], step="mid", color=PALETTE[1], linewidth=0)
    top.set_ylim(0, None)
    vnd_axis(top)
    top.set_ylabel(_text("tv_spend", lang))
    bottom.plot(daily["date"], daily["control"], color="#949494", linewidth=0.8,
                label=_text("tv_control", lang))  # fmt: skip
    bottom.plot(daily["date"], daily["visits"], color=PALETTE[0], linewidth=1.0,
                label=_text("tv_visits", lang))  # fmt: skip
    if flights is not None:
        require_columns(flights, ["start_date", "end_date"], table="flights")
        for each in axes:
            for row in flights.itertuples():
                each.axvspan(row.start_date, row.end_date, color=PALETTE[1], alpha=0.12, lw=0)
    bottom.set_ylim(0, None)
    bottom.set_ylabel(_text("tv_people", lang))
    bottom.legend(loc="upper left", fontsize=9)
    return axes


def plot_adstock_grid(
    fit, *, truth: tuple[float, int] | None = None, ax: Axes | None = None, vmin: float = 0.8,
    lang: str | None = None,
) -> Axes:  # fmt: skip
    """Draw the R² of every (decay, lag) pair of an adstock fit as a heat map.

    Parameters
    ----------
    fit : AdstockFit
        The output of :func:`fit_adstock`: ``grid`` (columns ``decay``, ``lag``, ``r2``),
        ``decay`` and ``lag`` of the best pair (marked with a star).
    truth : (decay, lag), optional
        The simulator's planted pair, circled in red.
    ax : matplotlib Axes, optional
        Where to draw (default: a new figure).
    vmin : float, default 0.8
        R² at and below which cells share the darkest colour.
    lang : str, optional
        Language of the labels (default: the current language).

    Returns
    -------
    matplotlib Axes
        The axes drawn on.
    """
    import seaborn as sns

    require_columns(fit.grid, ["decay", "lag", "r2"], table="fit.grid")
    ax = _new_ax(ax, (8, 6.5))
    r2 = fit.grid.pivot(index="decay", columns="lag", values="r2").sort_index(ascending=False)
    sns.heatmap(r2, cmap="viridis", vmin=vmin, ax=ax,
                cbar_kws={"label": _text("adstock_r2", lang, vmin=vmin)})  # fmt: skip
    rows = {round(float(d), 2): i for i, d in enumerate(r2.index)}
    cols = {int(lag): j for j, lag in enumerate(r2.columns)}
    ax.plot(cols[int(fit.lag)] + 0.5, rows[round(float(fit.decay), 2)] + 0.5, marker="*",
            markersize=16, color="white")  # fmt: skip
    if truth is not None:
        d, lag = truth
        ax.plot(cols[int(lag)] + 0.5, rows[round(float(d), 2)] + 0.5, marker="o", markersize=22,
                markerfacecolor="none", markeredgecolor="red", markeredgewidth=2)  # fmt: skip
    ax.set_yticklabels([f"{d:.2f}" for d in r2.index], rotation=0)
    ax.set_xlabel(_text("adstock_lag", lang))
    ax.set_ylabel(_text("adstock_decay", lang))
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
