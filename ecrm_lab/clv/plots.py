"""Plots of the CLV lesson: the distribution of a CLV, predicted against actual purchases, P(alive)
against the time since the last purchase, and CLV against the acquisition cost of each channel."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..plotting import _need_table as _need

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.axes import Axes

    from .bgnbd import BGNBDFit

__all__ = [
    "plot_clv_distribution",
    "plot_predicted_vs_actual",
    "plot_p_alive",
    "plot_clv_vs_cac",
]


def _t(key: str, lang: str | None, **kw) -> str:
    """The text ``clv.<key>`` of ``data/vocabulary/text.csv`` in the language ``lang``."""
    from ..i18n import text

    return text(f"clv.{key}", lang, **kw)


def _money(values, name: str) -> np.ndarray:
    """Finite numbers ≥ 0 from ``values`` (a Series or array of ₫), else an InputError."""
    from ..errors import InputError

    s = pd.Series(values)
    if s.empty:
        raise InputError("is empty", table=name, fix="pass one value per customer")
    v = pd.to_numeric(s, errors="coerce").to_numpy(float)
    bad = ~np.isfinite(v) | (v < 0)
    if pd.api.types.is_bool_dtype(s) or bad.any():
        first = s.index[bad][0] if bad.any() else None
        raise InputError(
            f"must hold amounts ≥ 0 in VND; {int(bad.sum())} value(s) are missing, negative or "
            "not numbers",
            table=name,
            row=first,
            fix="pass the CLV column of historic_clv or discounted_clv",
        )
    return v


def plot_clv_distribution(
    values,
    *,
    n_bins: int = 30,
    clip_quantile: float = 0.99,
    title: str | None = None,
    ax: Axes | None = None,
    lang: str | None = None,
) -> Axes:
    """Draw a histogram of a CLV over customers, with its mean and median marked.

    CLVs are skewed (a few customers are worth many times the median), so the bins stop at the
    ``clip_quantile`` quantile and the legend says how many customers lie beyond it; the axis stays
    linear (bars from zero).

    Parameters
    ----------
    values : Series or array-like of float
        One CLV per customer, in ₫ (≥ 0), e.g. the ``historic_clv`` column of
        :func:`historic_clv` or the result of :func:`discounted_clv`.
    n_bins : int, default 30
        Number of bins up to the clip.
    clip_quantile : float, default 0.99
        Quantile where the bins stop, in (0.5, 1]; 1 draws every customer.
    title : str, optional
        Title of the plot; default: a title saying what is counted.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.
    lang : {"vi", "en"}, optional
        Language of the labels; default: the current language.

    Returns
    -------
    matplotlib.axes.Axes
        Bars of the number of customers per CLV bin (x in ₫, y in customers), a solid line at the
        mean and a dashed line at the median, both named with their values in the legend.

    Raises
    ------
    InputError
        Empty values, or values that are missing, negative or not numbers.
    ValueError
        ``n_bins`` below 1 or ``clip_quantile`` outside (0.5, 1].
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    from ..plotting import format_vnd, vnd_axis

    if int(n_bins) < 1:
        raise ValueError(f"n_bins must be >= 1, got {n_bins!r}")
    if not 0.5 < clip_quantile <= 1:
        raise ValueError(f"clip_quantile must lie in (0.5, 1], got {clip_quantile!r}")
    v = _money(values, "values")
    top = float(np.quantile(v, clip_quantile))
    if top <= 0:
        top = float(v.max()) or 1.0
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4.5))
    inside = v[v <= top]
    ax.hist(inside, bins=int(n_bins), range=(0.0, top), color="#0173b2", alpha=0.85)
    mean, median = float(v.mean()), float(np.median(v))
    ax.axvline(mean, color="#d55e00", linewidth=2, label=_t("mean", lang, v=format_vnd(mean)))
    ax.axvline(
        median, color="0.2", linestyle="--", linewidth=1.5,
        label=_t("median", lang, v=format_vnd(median)),
    )  # fmt: skip
    beyond = int((v > top).sum())
    if beyond:
        ax.plot([], [], " ", label=_t("beyond", lang, n=beyond, v=format_vnd(top)))
    ax.set_xlim(0, top)
    ax.xaxis.set_major_locator(MaxNLocator(6))
    vnd_axis(ax, "x")
    ax.set_xlabel(_t("clv_x", lang))
    ax.set_ylabel(_t("customers", lang))
    ax.set_title(title or _t("distribution_title", lang, n=f"{len(v):,}".replace(",", ".")))
    ax.legend(loc="upper right")
    return ax


def plot_predicted_vs_actual(
    table: pd.DataFrame,
    *,
    x_label: str | None = None,
    y_label: str | None = None,
    title: str | None = None,
    ax: Axes | None = None,
    lang: str | None = None,
) -> Axes:
    """Draw the actual and the predicted mean per group as lines (Fader, Hardie & Lee 2005, fig. 4).

    Parameters
    ----------
    table : DataFrame
        One row per group, in the order to draw (the index names the groups, e.g. calibration
        frequency 0 … 7 from :func:`holdout_comparison`, or deciles of a prediction): ``actual``
        and ``predicted`` (float, mean per customer of the group). When
        ``table.attrs["last_group_open"]`` is True the last group is labelled "N+".
    x_label, y_label, title : str, optional
        Axis labels and title; defaults: repeat purchases in the calibration period, mean
        purchases per customer in the hold-out period, and a title saying so.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.
    lang : {"vi", "en"}, optional
        Language of the labels; default: the current language.

    Returns
    -------
    matplotlib.axes.Axes
        Two lines with markers over the groups (actual solid, predicted dashed) on an axis from 0,
        with a legend.

    Raises
    ------
    InputError
        A table without ``actual`` and ``predicted``, or empty.
    """
    import matplotlib.pyplot as plt

    _need(table, ["actual", "predicted"], "table", "holdout_comparison")
    names = [str(i) for i in table.index]
    if table.attrs.get("last_group_open") and names:
        names[-1] = f"{names[-1]}+"
    x = np.arange(len(names))
    actual = table["actual"].to_numpy(float)
    predicted = table["predicted"].to_numpy(float)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.5))
    ax.plot(x, actual, marker="o", color="#0173b2", linewidth=2, label=_t("actual", lang))
    ax.plot(
        x, predicted, marker="s", color="#de8f05", linewidth=2, linestyle="--",
        label=_t("predicted", lang),
    )  # fmt: skip
    ax.set_xticks(x, names)
    top = np.nanmax(np.concatenate([actual, predicted]))
    ax.set_ylim(0, 1.1 * top if np.isfinite(top) and top > 0 else 1.0)
    ax.set_xlabel(x_label or _t("holdout_x", lang))
    ax.set_ylabel(y_label or _t("holdout_y", lang))
    ax.set_title(title or _t("holdout_title", lang))
    ax.legend(loc="upper left")
    return ax


def plot_p_alive(
    fit: BGNBDFit,
    *,
    T: float = 52.0,
    frequencies: Sequence[int] = (1, 2, 5, 10),
    n_points: int = 105,
    ax: Axes | None = None,
    lang: str | None = None,
) -> Axes:
    """Draw P(alive) against the weeks since the last purchase, one curve per repeat frequency.

    For a customer whose first purchase was ``T`` weeks before the observation date, with
    ``x`` repeat purchases, the last one ``w`` weeks ago (BG/NBD recency ``tₓ = T − w``), the curve
    is :meth:`BGNBDFit.p_alive` for ``w`` from 0 to ``T``. A customer without repeat purchase is
    alive with probability 1 in BG/NBD, so ``x = 0`` is not drawn.

    Parameters
    ----------
    fit : BGNBDFit
        The fitted model (time unit: weeks).
    T : float, default 52
        Weeks from the first purchase to the observation date (> 0).
    frequencies : sequence of int, default (1, 2, 5, 10)
        Repeat purchases ``x`` (≥ 1), one curve each; at most eight.
    n_points : int, default 105
        Points per curve.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.
    lang : {"vi", "en"}, optional
        Language of the labels; default: the current language.

    Returns
    -------
    matplotlib.axes.Axes
        One line per frequency, x in weeks since the last purchase (0 … T), y in % (0–100 %), with
        a legend of the frequencies.

    Raises
    ------
    ValueError
        ``T`` not positive, a frequency below 1 or not whole, more than eight frequencies, or
        ``n_points`` below 2.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import PercentFormatter

    from ..plotting import PALETTE

    if not np.isfinite(T) or T <= 0:
        raise ValueError(f"T must be a number of weeks > 0, got {T!r}")
    xs = [int(f) for f in frequencies]
    if not xs or len(xs) > 8 or any(f < 1 or f != g for f, g in zip(xs, frequencies, strict=True)):
        raise ValueError(f"frequencies must be 1 to 8 whole numbers >= 1, got {frequencies!r}")
    if int(n_points) < 2:
        raise ValueError(f"n_points must be >= 2, got {n_points!r}")
    weeks = np.linspace(0.0, float(T), int(n_points))
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.5))
    for k, x in enumerate(xs):
        grid = pd.DataFrame({"frequency": x, "recency_btyd": float(T) - weeks, "T": float(T)})
        ax.plot(
            weeks, fit.p_alive(grid).to_numpy(), color=PALETTE[k], linewidth=2,
            label=_t("p_alive_curve", lang, x=x),
        )  # fmt: skip
    ax.set_xlim(0, float(T))
    ax.set_ylim(0, 1.02)
    ax.yaxis.set_major_formatter(PercentFormatter(1))
    ax.set_xlabel(_t("p_alive_x", lang))
    ax.set_ylabel(_t("p_alive_y", lang))
    ax.set_title(_t("p_alive_title", lang, T=f"{T:g}"))
    ax.legend(title=_t("p_alive_legend", lang), loc="upper right")
    return ax


def plot_clv_vs_cac(
    table: pd.DataFrame,
    *,
    clv_col: str = "clv",
    cac_col: str = "cac",
    channel_col: str = "channel",
    ax: Axes | None = None,
    lang: str | None = None,
) -> Axes:
    """Draw paired horizontal bars of the mean CLV and the CAC of each acquisition channel.

    Channels are sorted by the ratio CLV / CAC (smallest at the top), and each pair is labelled with
    that ratio; channels without a CAC (no spend, or no new customer) are left out.

    Parameters
    ----------
    table : DataFrame
        One row per channel: ``channel_col`` (channel codes of the ``channel`` vocabulary),
        ``clv_col`` (mean CLV of a new customer of the channel, ₫) and ``cac_col`` (CAC, ₫, e.g.
        from :func:`ecrm_lab.acquisition.channel_economics`).
    clv_col, cac_col, channel_col : str
        Column names.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.
    lang : {"vi", "en"}, optional
        Language of the labels; default: the current language.

    Returns
    -------
    matplotlib.axes.Axes
        Bars from zero on a linear ₫ axis, two per channel (CLV, CAC), labelled "CLV/CAC = r".

    Raises
    ------
    InputError
        A missing column, an empty table, or no channel with a positive CAC.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    from ..errors import InputError
    from ..i18n import get_language, label
    from ..plotting import vnd_axis

    _need(table, [channel_col, clv_col, cac_col], "table", "the CLV-by-channel step")
    clv = pd.to_numeric(table[clv_col], errors="coerce")
    cac = pd.to_numeric(table[cac_col], errors="coerce")
    ok = (cac > 0) & np.isfinite(cac) & np.isfinite(clv) & (clv >= 0)
    if not ok.any():
        raise InputError(
            "has no channel with a positive CAC and a CLV ≥ 0",
            table="table",
            column=cac_col,
            fix="keep the paid channels that brought new customers",
        )
    part = pd.DataFrame(
        {"channel": table[channel_col][ok].astype(str), "clv": clv[ok], "cac": cac[ok]}
    )
    part["ratio"] = part["clv"] / part["cac"]
    part = part.sort_values("ratio", ascending=False)
    y = np.arange(len(part))
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 0.55 * len(part) + 1.8))
    ax.barh(y + 0.2, part["clv"], 0.4, color="#029e73", label=_t("clv_bar", lang))
    ax.barh(y - 0.2, part["cac"], 0.4, color="#d55e00", label=_t("cac_bar", lang))
    right = float(part[["clv", "cac"]].to_numpy().max())
    comma = (lang or get_language()) == "vi"  # 2,3 in Vietnamese, 2.3 in English
    for yi, (c, r) in enumerate(zip(part["clv"], part["ratio"], strict=True)):
        shown = f"{r:.1f}".replace(".", ",") if comma else f"{r:.1f}"
        ax.text(c + 0.01 * right, yi + 0.2, f"CLV/CAC = {shown}", va="center", fontsize=9)
    ax.set_yticks(y, [label(("channel", c), lang=lang) for c in part["channel"]])
    ax.set_xlim(0, 1.3 * right)
    ax.xaxis.set_major_locator(MaxNLocator(6))
    vnd_axis(ax, "x")
    ax.set_xlabel(_t("per_customer_vnd", lang))
    ax.set_title(_t("clv_cac_title", lang))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, frameon=False)
    return ax
