"""Plots of the RFM lesson: the segment map of the R × F grid, segment value, segment migration."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .._docs import fill_doc
from ..plotting import _need_table as _need

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.axes import Axes

__all__ = ["plot_segment_map", "plot_segment_value", "plot_segment_migration"]


def _t(key: str, lang: str | None, **kw) -> str:
    """The text ``rfm.<key>`` of ``data/vocabulary/text.csv`` in the language ``lang``."""
    from ..i18n import text

    return text(f"rfm.{key}", lang, **kw)


def _tool_handles(stages: list[str], lang: str | None, alpha: float = 1.0) -> list:
    """Legend patches for the lifecycle stages whose tools act on a segment (in the given order)."""
    from matplotlib.patches import Patch

    from ..i18n import label
    from ..plotting import STAGE_COLORS

    return [
        Patch(facecolor=STAGE_COLORS[s], alpha=alpha, label=label(("stage", s), lang=lang))
        for s in stages
    ]


def _percent(share: float, lang: str | None = None) -> str:
    """``0.074`` → ``"7,4 %"`` in Vietnamese (decimal comma), ``"7.4 %"`` in English."""
    from ..i18n import get_language

    text = f"{100 * share:.1f} %"
    return text.replace(".", ",") if (lang or get_language()) == "vi" else text


@fill_doc
def plot_segment_map(
    segments: pd.DataFrame, *, ax: Axes | None = None, lang: str | None = None
) -> Axes:
    """Draw the R × F grid with each named segment as one block: its name, customers and share.

    Each segment of :func:`~ecrm_lab.rfm.segment_grid` covers a rectangle of (F score, R score)
    cells; the block is coloured by the lifecycle stage whose tools act on the segment
    (``lifecycle_tool``: expansion, retention or lapsed) and labelled with the segment's name, its
    number of customers and their share. A score no customer has (ties can leave one unused) is
    marked on its axis with "(0)".

    Parameters
    ----------
    segments : DataFrame
        One row per customer with ``r_score``, ``f_score`` and ``segment``, e.g. from
        :func:`~ecrm_lab.rfm.rfm_segments`.
    ax : matplotlib Axes, optional
        Where to draw; a new 10 × 6.5 inch figure when omitted.
    {lang}

    Returns
    -------
    matplotlib.axes.Axes
        F score 1–5 across, R score 1–5 up (5 = most recent, top), one labelled block per segment.

    Raises
    ------
    InputError
        ``segments`` is not a non-empty table with those columns.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    from .. import vocabulary
    from ..plotting import STAGE_COLORS

    _need(segments, ["r_score", "f_score", "segment"], "segments", "rfm_segments")
    voc = vocabulary.table("segment").set_index("code")
    labels = vocabulary.labels("segment", lang)
    counts = segments["segment"].astype(str).value_counts()
    total = int(counts.sum())
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 6.5))
    from .segments import _score_range

    for code, row in voc.iterrows():
        (r0, r1), (f0, f1) = _score_range(row["r_scores"]), _score_range(row["f_scores"])
        n = int(counts.get(code, 0))
        colour = STAGE_COLORS.get(row["lifecycle_tool"], "#949494")
        ax.add_patch(
            Rectangle(
                (f0 - 0.5, r0 - 0.5), f1 - f0 + 1, r1 - r0 + 1,
                facecolor=colour, alpha=0.35 if n else 0.1, edgecolor="white", linewidth=3,
            )
        )  # fmt: skip
        count = f"{n:,}".replace(",", ".")
        ax.text(
            (f0 + f1) / 2, (r0 + r1) / 2, f"{labels[code]}\n{count} ({_percent(n / total, lang)})",
            ha="center", va="center", fontsize=9, wrap=True,
        )  # fmt: skip
    f_used = set(segments["f_score"].astype(int))
    r_used = set(segments["r_score"].astype(int))
    ax.set_xticks(range(1, 6), [f"{k}" + ("" if k in f_used else "\n(0)") for k in range(1, 6)])
    ax.set_yticks(range(1, 6), [f"{k}" + ("" if k in r_used else " (0)") for k in range(1, 6)])
    ax.set_xlim(0.5, 5.5)
    ax.set_ylim(0.5, 5.5)
    ax.grid(False)
    ax.set_xlabel(_t("f_axis", lang))
    ax.set_ylabel(_t("r_axis", lang))
    ax.set_title(_t("map_title", lang, n=f"{total:,}".replace(",", ".")))
    ax.legend(
        handles=_tool_handles(list(dict.fromkeys(voc["lifecycle_tool"])), lang, alpha=0.35), title=_t("tool_legend", lang), loc="upper left",
        bbox_to_anchor=(1.01, 1), frameon=False,
    )  # fmt: skip
    return ax


@fill_doc
def plot_segment_value(
    value: pd.DataFrame, *, horizon_days: int | None = None, lang: str | None = None
) -> list:
    """Draw, per segment, its share of customers beside its share of money, and its future value.

    Parameters
    ----------
    value : DataFrame
        From :func:`~ecrm_lab.rfm.segment_value`: ``segment``, ``segment_label``,
        ``customer_share``, ``monetary_share`` and, when computed with orders,
        ``future_revenue_per_customer``.
    horizon_days : int, optional
        The horizon of the future columns (only used in the label).
    {lang}

    Returns
    -------
    list of matplotlib.axes.Axes
        The left axes: horizontal bars from zero on a linear % axis, two per segment (customers,
        money spent), segments best first. The right axes (when ``value`` has the future
        columns): mean future revenue per customer (₫), from zero.

    Raises
    ------
    InputError
        ``value`` is not a non-empty table with those columns.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator, PercentFormatter

    from ..plotting import PALETTE, STAGE_COLORS, format_vnd, vnd_axis

    cols = ["segment", "segment_label", "customer_share", "monetary_share"]
    _need(value, cols, "value", "segment_value")
    future = "future_revenue_per_customer" in value.columns
    fig, axes = plt.subplots(
        1, 2 if future else 1, figsize=(12, 5.5) if future else (8, 5.5), sharey=True,
        squeeze=False,
    )  # fmt: skip
    axes = list(axes[0])
    y = np.arange(len(value))
    left = axes[0]
    for k, (col, colour) in enumerate(
        (("customer_share", PALETTE[7]), ("monetary_share", PALETTE[0]))
    ):
        bars = left.barh(y + (k - 0.5) * 0.4, value[col].to_numpy(float), 0.4, color=colour,
                         label=_t(col, lang))  # fmt: skip
        left.bar_label(bars, labels=[_percent(v, lang) for v in value[col]], padding=2, fontsize=8)
    left.set_yticks(y, value["segment_label"])
    left.invert_yaxis()
    left.xaxis.set_major_formatter(PercentFormatter(1, decimals=0))
    left.set_xlim(0, max(value["customer_share"].max(), value["monetary_share"].max()) * 1.25)
    left.set_xlabel(_t("share_axis", lang))
    left.set_title(_t("value_title", lang))
    left.legend(loc="lower right")
    if future:
        from .. import vocabulary

        right = axes[1]
        tool = vocabulary.table("segment").set_index("code")["lifecycle_tool"]
        colours = [STAGE_COLORS.get(tool.get(s, ""), "#949494") for s in value["segment"]]
        per = value["future_revenue_per_customer"].to_numpy(float)
        bars = right.barh(y, per, 0.6, color=colours)
        right.bar_label(bars, labels=[format_vnd(round(v, -3), lang=lang) for v in per], padding=2,
                        fontsize=8)  # fmt: skip
        right.set_xlim(0, per.max() * 1.3)
        vnd_axis(right, "x")
        right.xaxis.set_major_locator(MaxNLocator(4))
        h = "" if horizon_days is None else int(horizon_days)
        right.set_xlabel(_t("future_axis", lang, h=h))
        right.set_title(_t("future_title", lang, h=h))
        right.legend(
            handles=_tool_handles(list(dict.fromkeys(tool.reindex(value["segment"]).dropna())), lang),
            title=_t("tool_legend", lang), loc="lower right",
        )  # fmt: skip
    fig.tight_layout()
    return axes


@fill_doc
def plot_segment_migration(
    migration: pd.DataFrame, *, ax: Axes | None = None, lang: str | None = None
) -> Axes:
    """Draw the migration table as a heat map: the share of each start segment in each end segment.

    Parameters
    ----------
    migration : DataFrame
        From :func:`~ecrm_lab.rfm.segment_migration`: ``from_segment``, ``to_segment`` (codes;
        missing for a customer absent on that side), ``share_of_from`` (0–1).
    ax : matplotlib Axes, optional
        Where to draw; a new 11 × 7 inch figure when omitted.
    {lang}

    Returns
    -------
    matplotlib.axes.Axes
        Rows: segment at the start (best first; "(new)" for customers who had not bought yet);
        columns: segment at the end; each cell annotated with its share in % (cells no customer
        moved to are left blank). Only segments that occur are shown; every row sums to 100 %.

    Raises
    ------
    InputError
        ``migration`` is not a non-empty table with those columns.
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    from .. import vocabulary

    _need(
        migration, ["from_segment", "to_segment", "share_of_from"], "migration", "segment_migration"
    )
    none = "__none__"
    m = migration.assign(
        from_segment=migration["from_segment"].astype("string").fillna(none),
        to_segment=migration["to_segment"].astype("string").fillna(none),
    )
    grid = m.pivot_table(
        index="from_segment", columns="to_segment", values="share_of_from", aggfunc="sum"
    )
    order = [*vocabulary.codes("segment"), none]
    rows = [c for c in order if c in grid.index]
    cols = [c for c in order if c in grid.columns]
    grid = grid.reindex(index=rows, columns=cols).fillna(0.0)
    labels = {**vocabulary.labels("segment", lang)}
    row_labels = [labels.get(c, _t("new", lang)) if c != none else _t("new", lang) for c in rows]
    col_labels = [labels.get(c, c) if c != none else _t("absent", lang) for c in cols]
    if ax is None:
        _, ax = plt.subplots(figsize=(11, 7))
    n = m.pivot_table(index="from_segment", columns="to_segment", values="share_of_from",
                      aggfunc="size").reindex(index=rows, columns=cols)  # fmt: skip
    sns.heatmap(
        100 * grid.to_numpy(), annot=True, fmt=".0f", cmap="Blues", vmin=0, vmax=100, ax=ax,
        mask=n.isna().to_numpy(), linewidths=0.5, linecolor="#eeeeee",
        xticklabels=col_labels, yticklabels=row_labels, cbar_kws={"label": _t("migration_cbar", lang)},
    )  # fmt: skip
    ax.grid(False)
    ax.set_xlabel(_t("migration_to", lang))
    ax.set_ylabel(_t("migration_from", lang))
    ax.set_title(_t("migration_title", lang))
    ax.tick_params(axis="x", rotation=35)
    for tick in ax.get_xticklabels():
        tick.set_horizontalalignment("right")
    return ax
