"""Plots of the expansion lesson: gaps between purchases, purchases after a reminder date, the
lift of association rules, price-tier transitions and the referral tree by generation.

Every function takes the table an analysis function of :mod:`ecrm_lab.expansion` returns, draws on
``ax`` (a new figure when omitted) and labels in the language ``lang`` from
``data/vocabulary/text.csv`` (codes ``expansion.*``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..plotting import _axes
from ..plotting import _need_table as _need

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.axes import Axes

__all__ = [
    "plot_interpurchase_gaps",
    "plot_reminder_outcomes",
    "plot_lift_heatmap",
    "plot_tier_transitions",
    "plot_referral_generations",
]


def _t(key: str, lang: str | None, **kw) -> str:
    """The text ``expansion.<key>`` of ``data/vocabulary/text.csv`` in the language ``lang``."""
    from ..i18n import text

    return text(f"expansion.{key}", lang, **kw)


def plot_interpurchase_gaps(
    gaps: pd.DataFrame,
    *,
    max_days: int = 365,
    bin_days: int = 7,
    ax: Axes | None = None,
    lang: str | None = None,
) -> Axes:
    """Draw a histogram of the days between consecutive purchases, with the median marked.

    Parameters
    ----------
    gaps : DataFrame
        From :func:`interpurchase_times`: one row per repeat purchase, column ``gap_days`` (int ≥ 1).
    max_days : int, default 365
        Gaps above it are not drawn (their number is written on the plot); the median is over all.
    bin_days : int, default 7
        Width of a bar, in days.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.
    lang : {"vi", "en"}, optional
        Language of the labels; default: the current language.

    Returns
    -------
    matplotlib.axes.Axes
        Bars from zero (counts of repeat purchases per ``bin_days``-day band), a dashed line at the
        median gap with its value.

    Raises
    ------
    InputError
        ``gaps`` without ``gap_days``, or empty.
    ValueError
        ``max_days`` or ``bin_days`` below 1.
    """
    _need(gaps, ["gap_days"], "gaps", "interpurchase_times")
    if int(max_days) < 1 or int(bin_days) < 1:
        raise ValueError("max_days and bin_days must be >= 1")
    days = pd.to_numeric(gaps["gap_days"], errors="coerce").dropna().to_numpy(dtype=float)
    ax = _axes(ax, (10, 4.5))
    from ..i18n import get_language

    median = float(np.median(days))
    edges = np.arange(0, int(max_days) + 1, int(bin_days))
    if edges[-1] < int(max_days):
        edges = np.append(edges, int(max_days))
    shown = days[days <= edges[-1]]
    ax.hist(shown, bins=edges, color="#0173b2", edgecolor="white")
    m = f"{median:.1f}".removesuffix(".0")
    if (lang or get_language()) == "vi":
        m = m.replace(".", ",")  # Vietnamese decimal comma
    ax.axvline(median, color="#d55e00", ls="--", lw=2, label=_t("gap_median", lang, m=m))
    beyond = int((days > edges[-1]).sum())
    if beyond:
        ax.text(
            0.99, 0.95, _t("gap_beyond", lang, n=beyond, d=int(edges[-1])),
            transform=ax.transAxes, ha="right", va="top", fontsize=9, color="#555555",
        )  # fmt: skip
    ax.set_xlim(0, edges[-1])
    ax.set_ylim(bottom=0)
    ax.set_xlabel(_t("gap_xlabel", lang))
    ax.set_ylabel(_t("gap_ylabel", lang))
    ax.set_title(_t("gap_title", lang))
    ax.legend(loc="center right")
    return ax


def plot_reminder_outcomes(
    outcomes: pd.DataFrame,
    *,
    horizon_days: int = 30,
    ax: Axes | None = None,
    lang: str | None = None,
) -> Axes:
    """Draw bars of the purchase rate after the as-of date by band of days until due, with 95 % CIs.

    Parameters
    ----------
    outcomes : DataFrame
        From :func:`reminder_outcomes`: ``band`` (str), ``customers`` (int), ``rate``, ``ci_low``,
        ``ci_high`` (shares 0–1), in band order (from long overdue to due later).
    horizon_days : int, default 30
        The horizon the table was computed with (only used in the axis label).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.
    lang : {"vi", "en"}, optional
        Language of the labels; default: the current language.

    Returns
    -------
    matplotlib.axes.Axes
        One bar per band, in the table's (time) order, from zero on a linear % axis, labelled with
        the rate and the number of customers above its interval; overdue bands (``high`` ≤ 0) in
        another colour, with a legend, and a dotted line where the due date falls.

    Raises
    ------
    InputError
        A table without the columns of :func:`reminder_outcomes`, or empty.
    """
    from matplotlib.patches import Patch
    from matplotlib.ticker import PercentFormatter

    cols = ["band", "customers", "rate", "ci_low", "ci_high"]
    _need(outcomes, cols, "outcomes", "reminder_outcomes")
    ax = _axes(ax, (10, 4.5))
    rate = outcomes["rate"].to_numpy(dtype=float)
    err = [rate - outcomes["ci_low"].to_numpy(float), outcomes["ci_high"].to_numpy(float) - rate]
    x = np.arange(len(outcomes))
    overdue = (outcomes["high"] <= 0).to_numpy() if "high" in outcomes else np.zeros(len(x), bool)
    colours = np.where(overdue, "#de8f05", "#029e73")
    ax.bar(x, rate, 0.7, color=colours, yerr=err, capsize=4)
    tops = outcomes["ci_high"].to_numpy(float)
    for xi, top, r, n in zip(x, tops, rate, outcomes["customers"], strict=True):
        ax.text(xi, top + 0.01, f"{r:.0%}\n(n = {n})", ha="center", va="bottom", fontsize=9)
    if overdue.any() and not overdue.all():
        ax.axvline(int(overdue.sum()) - 0.5, color="#555555", ls=":", lw=1.5)
    handles = [
        Patch(color="#de8f05", label=_t("overdue", lang)),
        Patch(color="#029e73", label=_t("not_due", lang)),
    ]
    ax.legend(handles=handles, loc="upper right")
    ax.set_xticks(x, outcomes["band"].astype(str))
    ax.yaxis.set_major_formatter(PercentFormatter(1, decimals=0))
    ax.set_ylim(0, max(0.1, float(np.nanmax(outcomes["ci_high"]))) * 1.3)
    ax.set_xlabel(_t("due_xlabel", lang))
    ax.set_ylabel(_t("due_ylabel", lang, h=horizon_days))
    ax.set_title(_t("due_title", lang))
    return ax


def plot_lift_heatmap(
    rules: pd.DataFrame,
    *,
    highlight: Iterable[tuple[str, str]] | dict | None = None,
    max_items: int = 16,
    ax: Axes | None = None,
    lang: str | None = None,
) -> Axes:
    """Draw the lift of single-item rules {A} → {C} as a heat map, antecedents × consequents.

    Parameters
    ----------
    rules : DataFrame
        From :func:`association_rules`: ``antecedents``, ``consequents`` (tuples), ``lift``. Only
        rules with one item on each side are drawn.
    highlight : pairs (A, C) or dict {A: C}, optional
        Cells to outline, e.g. the complements the simulator planted; a legend names them.
    max_items : int, default 16
        At most this many items per axis: those in the rules of highest lift.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.
    lang : {"vi", "en"}, optional
        Language of the labels; default: the current language.

    Returns
    -------
    matplotlib.axes.Axes
        A heat map (no bars): only items that occur in a rule, ordered by their best lift; a cell
        per rule with its lift written in it, empty where no rule passed the thresholds; a colour
        bar from lift 1 (diverging around 1 when some lifts are below it).

    Raises
    ------
    InputError
        A table without the columns of :func:`association_rules`, or no single-item rule in it.
    ValueError
        ``max_items`` below 2.
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import Normalize, TwoSlopeNorm
    from matplotlib.patches import Patch, Rectangle

    from ..errors import InputError

    _need(rules, ["antecedents", "consequents", "lift"], "rules", "association_rules")
    if int(max_items) < 2:
        raise ValueError(f"max_items must be >= 2, got {max_items!r}")
    one = rules[(rules["antecedents"].map(len) == 1) & (rules["consequents"].map(len) == 1)]
    if one.empty:
        raise InputError(
            "has no rule with one item on each side",
            table="rules",
            fix="lower min_support / min_confidence, or keep single_consequent=True",
        )
    df = pd.DataFrame(
        {
            "a": one["antecedents"].map(lambda t: str(t[0])).to_numpy(),
            "c": one["consequents"].map(lambda t: str(t[0])).to_numpy(),
            "lift": one["lift"].to_numpy(dtype=float),
        }
    )
    best = pd.concat([df[["a", "lift"]].rename(columns={"a": "i"}),
                      df[["c", "lift"]].rename(columns={"c": "i"})])  # fmt: skip
    order = best.groupby("i")["lift"].max().sort_values(ascending=False, kind="stable")
    keep = list(order.index[: int(max_items)])
    df = df[df["a"].isin(keep) & df["c"].isin(keep)]
    rows = [i for i in keep if i in set(df["a"])]
    cols = [i for i in keep if i in set(df["c"])]
    grid = df.pivot_table(index="a", columns="c", values="lift", aggfunc="max").reindex(
        index=rows, columns=cols
    )
    ax = _axes(ax, (10, 5.6))
    values = grid.to_numpy(dtype=float)
    top = max(float(np.nanmax(values)), 1.01)
    low = min(float(np.nanmin(values)), 0.99)
    if low < 1:  # lifts on both sides of 1: a diverging scale centred on independence
        norm, cmap = TwoSlopeNorm(vcenter=1.0, vmin=low, vmax=top), "RdBu_r"
    else:
        norm, cmap = Normalize(vmin=1.0, vmax=top), "Reds"
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, aspect="auto", norm=norm)
    ax.grid(False)
    for (i, j), v in np.ndenumerate(values):
        if np.isfinite(v):
            strong = abs(v - 1) > 0.6 * (top - 1)
            ax.text(j, i, f"{v:.1f}", ha="center", va="center", fontsize=8,
                    color="white" if strong else "black")  # fmt: skip
    pairs = list(highlight.items()) if isinstance(highlight, dict) else list(highlight or [])
    outlined = 0
    for a, c in pairs:
        if a in rows and c in cols and np.isfinite(grid.loc[a, c]):
            i, j = rows.index(a), cols.index(c)
            ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, lw=2.5, ec="black"))
            outlined += 1
    ax.set_xticks(range(len(cols)), cols, rotation=45, ha="right")
    ax.set_yticks(range(len(rows)), rows)
    ax.set_xlabel(_t("consequent", lang))
    ax.set_ylabel(_t("antecedent", lang))
    ax.set_title(_t("lift_title", lang), pad=26 if outlined else 6)
    plt.colorbar(image, ax=ax, label=_t("lift_colorbar", lang), shrink=0.8)
    if outlined:
        handle = Patch(fill=False, ec="black", lw=2.5, label=_t("highlight", lang))
        ax.legend(handles=[handle], loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    return ax


def plot_tier_transitions(
    transitions: pd.DataFrame, *, ax: Axes | None = None, lang: str | None = None
) -> Axes:
    """Draw a tier-transition matrix as a heat map of row shares (%), tiers labelled in ``lang``.

    Parameters
    ----------
    transitions : DataFrame
        From :func:`tier_transitions` (``normalize=True``): square, index ``from`` and columns
        ``to`` (tier codes), each row's shares summing to 1 (a row of zeros: no transition from it).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.
    lang : {"vi", "en"}, optional
        Language of the labels; default: the current language.

    Returns
    -------
    matplotlib.axes.Axes
        A heat map (no bars) from 0 to 100 %, each cell labelled in %, cells above the diagonal
        (a dearer next tier: up-sell) outlined.

    Raises
    ------
    InputError
        A table that is not square with the same tiers on both axes, or holds shares outside
        [0, 1] (pass ``normalize=True``).
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    from ..errors import InputError
    from ..i18n import label

    if not isinstance(transitions, pd.DataFrame) or transitions.empty:
        raise InputError(
            "is not a tier-transition table", table="transitions",
            fix="pass the table tier_transitions returns",
        )  # fmt: skip
    if list(transitions.index) != list(transitions.columns):
        raise InputError(
            "does not have the same tiers as rows and columns",
            table="transitions",
            fix="pass the table tier_transitions returns",
        )
    values = transitions.to_numpy(dtype=float)
    if np.nanmax(values) > 1 + 1e-9 or np.nanmin(values) < 0:
        raise InputError(
            "holds counts, not shares",
            table="transitions",
            fix="pass tier_transitions(..., normalize=True)",
        )
    ax = _axes(ax, (6.5, 5))
    image = ax.imshow(values * 100, cmap="Blues", vmin=0, vmax=100)
    ax.grid(False)
    for (i, j), v in np.ndenumerate(values):
        ax.text(j, i, f"{v:.0%}", ha="center", va="center",
                color="white" if v > 0.55 else "black")  # fmt: skip
        if j > i:
            ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, lw=1.5, ec="#d55e00"))
    names = [label(("tier", str(t)), lang=lang) for t in transitions.index]
    ax.set_xticks(range(len(names)), names)
    ax.set_yticks(range(len(names)), names)
    ax.set_xlabel(_t("tier_to", lang))
    ax.set_ylabel(_t("tier_from", lang))
    ax.set_title(_t("tier_title", lang))
    plt.colorbar(image, ax=ax, label=_t("tier_colorbar", lang), shrink=0.8)
    return ax


def plot_referral_generations(
    tree: pd.DataFrame, *, ax: Axes | None = None, lang: str | None = None
) -> Axes:
    """Draw bars of the number of people in each generation of the referral tree.

    Parameters
    ----------
    tree : DataFrame
        From :func:`referral_tree`: one row per person, column ``generation`` (int, 0 = root).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.
    lang : {"vi", "en"}, optional
        Language of the labels; default: the current language.

    Returns
    -------
    matplotlib.axes.Axes
        One bar per generation that occurs, in generation order, from zero, labelled with its count.

    Raises
    ------
    InputError
        A table without ``generation``, or empty.
    """
    _need(tree, ["generation"], "tree", "referral_tree")
    sizes = tree["generation"].astype(int).value_counts().sort_index()
    ax = _axes(ax, (8, 4))
    bars = ax.bar([str(g) for g in sizes.index], sizes.to_numpy(), color="#0173b2")
    ax.bar_label(bars, labels=[f"{n:,}".replace(",", ".") for n in sizes.to_numpy()], padding=3)
    ax.set_ylim(0, float(sizes.max()) * 1.15)
    ax.set_xlabel(_t("generation", lang))
    ax.set_ylabel(_t("people", lang))
    ax.set_title(_t("generations_title", lang))
    return ax
