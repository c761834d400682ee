"""Plots of the lifecycle lesson: reorders after a service failure, stage sizes (at one date and
over time), the stage-flow picture of a transition matrix and the value of each stage."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..plotting import _need_table
from ._core import STAGES

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.axes import Axes

__all__ = [
    "plot_reorder_after_failure",
    "plot_stage_counts",
    "plot_stage_sizes",
    "plot_stage_flow",
    "plot_stage_value",
]


def _t(key: str, lang: str | None, **kw) -> str:
    """The text ``lifecycle.<key>`` of ``data/vocabulary/text.csv`` in the language ``lang``."""
    from ..i18n import text

    return text(f"lifecycle.{key}", lang, **kw)


def _need(table: pd.DataFrame, columns: list[str], name: str, source: str) -> None:
    """The shared plot-input check; an empty table is left to the plot (it draws nothing)."""
    _need_table(table, columns, name, source, nonempty=False)


def _day_text(value) -> str:
    return pd.Timestamp(value).strftime("%d/%m/%Y")


def plot_reorder_after_failure(
    reorder: pd.DataFrame,
    *,
    horizon_days: int = 180,
    ax: Axes | None = None,
    lang: str | None = None,
) -> Axes:
    """Draw bars of the reorder rate after completed and failed orders, with their 95 % intervals.

    Parameters
    ----------
    reorder : DataFrame
        From :func:`repurchase_after_failure`: columns ``order_type`` ("first" / "repeat"),
        ``outcome`` ("completed" / "failed"), ``reorder_rate``, ``ci_low``, ``ci_high`` (shares
        0–1).
    horizon_days : int, default 180
        The horizon the table was computed with (only used in the axis label).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.
    lang : {"vi", "en"}, optional
        Language of the labels; default: the current language.

    Returns
    -------
    matplotlib.axes.Axes
        Grouped bars from zero on a linear % axis, one group per order type, labelled in %.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import PercentFormatter

    cols = ["order_type", "outcome", "reorder_rate", "ci_low", "ci_high"]
    _need(reorder, cols, "reorder", "repurchase_after_failure")
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.5))
    types = [t for t in ("first", "repeat") if t in set(reorder["order_type"])]
    colours = {"completed": "#029e73", "failed": "#d55e00"}
    x = np.arange(len(types))
    for j, outcome in enumerate(("completed", "failed")):
        part = reorder[reorder["outcome"] == outcome].set_index("order_type").reindex(types)
        rate = part["reorder_rate"].to_numpy(dtype=float)
        errors = [rate - part["ci_low"].to_numpy(float), part["ci_high"].to_numpy(float) - rate]
        bars = ax.bar(
            x + (j - 0.5) * 0.38, rate, 0.38, color=colours[outcome], yerr=errors, capsize=4,
            label=_t(outcome, lang),
        )  # fmt: skip
        ax.bar_label(bars, labels=[f"{r:.0%}" for r in rate], padding=14)
    ax.set_xticks(x, [_t(t, lang) for t in types])
    ax.yaxis.set_major_formatter(PercentFormatter(1))
    ax.set_ylim(0, 1)
    ax.set_ylabel(_t("reorder_y", lang, h=horizon_days))
    ax.set_title(_t("reorder_title", lang))
    ax.legend(title=_t("this_order", lang), loc="upper left")
    return ax


def plot_stage_counts(
    stages: pd.DataFrame, *, as_of=None, ax: Axes | None = None, lang: str | None = None
) -> Axes:
    """Draw bars of the number of customers in each lifecycle stage at one date.

    Parameters
    ----------
    stages : DataFrame
        From :func:`assign_stages`: one row per customer, column ``stage`` (codes of
        :data:`STAGES`).
    as_of : date-like, optional
        The observation date of ``stages`` (shown in the title).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.
    lang : {"vi", "en"}, optional
        Language of the labels; default: the current language.

    Returns
    -------
    matplotlib.axes.Axes
        One bar per stage that occurs, in lifecycle order, from zero, labelled with its count.
    """
    import matplotlib.pyplot as plt

    from ..i18n import label
    from ..plotting import STAGE_COLORS

    _need(stages, ["stage"], "stages", "assign_stages")
    sizes = stages["stage"].astype(str).value_counts()
    present = [s for s in STAGES if sizes.get(s, 0) > 0]
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4))
    bars = ax.bar(
        [label(s, lang=lang) for s in present],
        [int(sizes[s]) for s in present],
        color=[STAGE_COLORS[s] for s in present],
    )
    ax.bar_label(bars, labels=[f"{int(sizes[s]):,}".replace(",", ".") for s in present], padding=2)
    ax.set_ylim(0, 1.12 * max(int(sizes[s]) for s in present))
    ax.tick_params(axis="x", labelrotation=20)
    ax.set_ylabel(_t("customers", lang))
    if as_of is not None:
        ax.set_title(_t("counts_title", lang, d=_day_text(as_of)))
    return ax


def plot_stage_sizes(
    sizes: pd.DataFrame,
    *,
    warmup_days: int = 180,
    events=None,
    ax: Axes | None = None,
    lang: str | None = None,
) -> Axes:
    """Stacked areas of the number of customers in each stage over time.

    Parameters
    ----------
    sizes : DataFrame
        From :func:`stage_sizes`: columns ``date``, ``stage``, ``n_customers`` (long format).
    warmup_days : int, default 180
        The first ``warmup_days`` after the first date of the data are shaded: the rules cannot
        see 180 days of silence yet (use the ``lapse_days`` of the rules).
    events : dict or sequence of (label, date), optional
        Events to mark with a dotted vertical line and a label (e.g. the mega-sale months).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.
    lang : {"vi", "en"}, optional
        Language of the labels; default: the current language.

    Returns
    -------
    matplotlib.axes.Axes
        The stacked areas, stages in lifecycle order, with a legend of the stages.
    """
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    from ..i18n import label
    from ..plotting import STAGE_COLORS

    _need(sizes, ["date", "stage", "n_customers"], "sizes", "stage_sizes")
    wide = sizes.pivot(index="date", columns="stage", values="n_customers")
    present = [s for s in STAGES if s in wide.columns and wide[s].sum() > 0]
    wide = wide.reindex(columns=present).fillna(0)
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 4.5))
    ax.stackplot(
        wide.index, wide.T.to_numpy(), labels=[label(s, lang=lang) for s in present],
        colors=[STAGE_COLORS[s] for s in present], alpha=0.9,
    )  # fmt: skip
    start = pd.Timestamp(wide.index.min()).to_period("M").to_timestamp()
    end_warm = start + pd.Timedelta(days=warmup_days)
    top = float(wide.sum(axis=1).max())
    ax.axvspan(wide.index.min(), end_warm, color="white", alpha=0.55)
    ax.text(wide.index.min(), 0.55 * top, _t("warmup", lang, n=warmup_days), fontsize=9)
    pairs = events.items() if isinstance(events, dict) else (events or [])
    for name, day in pairs:
        ax.axvline(pd.Timestamp(day), color="0.3", linestyle=":", linewidth=1)
        ax.text(pd.Timestamp(day), 1.01 * top, name, ha="center", va="bottom", fontsize=9)
    ax.set_ylim(0, 1.08 * top)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%m/%Y"))
    handles, names = ax.get_legend_handles_labels()
    ax.legend(
        handles[::-1], names[::-1], loc="upper left", bbox_to_anchor=(1.01, 1),
        title=_t("stage", lang),
    )  # fmt: skip
    ax.set_title(_t("sizes_title", lang), pad=16)
    ax.set_xlabel(_t("month", lang))
    ax.set_ylabel(_t("customers", lang))
    return ax


def plot_stage_value(
    value: pd.DataFrame,
    *,
    as_of,
    horizon_days: int = 180,
    past_days: int = 365,
    lang: str | None = None,
):
    """Two bar panels: mean revenue per customer of each stage before and after the date.

    Parameters
    ----------
    value : DataFrame
        From :func:`value_by_stage`: columns ``stage``, ``past_revenue_per_customer`` and
        ``future_revenue_per_customer`` (₫ per customer).
    as_of : date-like
        The observation date of the table (shown in the panel titles).
    horizon_days, past_days : int, default 180 and 365
        The windows the table was computed with (shown in the panel titles).
    lang : {"vi", "en"}, optional
        Language of the labels; default: the current language.

    Returns
    -------
    numpy.ndarray of matplotlib Axes
        The two panels (past, future), bars from zero in lifecycle order, on one ₫ axis.
    """
    import matplotlib.pyplot as plt

    from ..i18n import label
    from ..plotting import STAGE_COLORS, format_vnd, vnd_axis

    cols = ["stage", "past_revenue_per_customer", "future_revenue_per_customer"]
    _need(value, cols, "value", "value_by_stage")
    table = value.assign(stage=value["stage"].astype(str)).set_index("stage")
    present = [s for s in STAGES if s in table.index]
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.5), sharey=True, layout="constrained")
    day = _day_text(as_of)
    panels = [
        ("past_revenue_per_customer", _t("past", lang, n=past_days, d=day)),
        ("future_revenue_per_customer", _t("future", lang, n=horizon_days, d=day)),
    ]
    for ax, (column, title) in zip(axes, panels, strict=True):
        v = table.loc[present, column].to_numpy(dtype=float)
        bars = ax.bar(
            [label(s, lang=lang) for s in present], v, color=[STAGE_COLORS[s] for s in present]
        )
        ax.bar_label(bars, labels=[format_vnd(round(x, -3), lang=lang) for x in v], fontsize=9)
        vnd_axis(ax)
        ax.set_title(title)
        ax.tick_params(axis="x", labelrotation=20)
    axes[0].set_ylabel(_t("revenue", lang))
    fig.suptitle(_t("value_title", lang), fontweight="bold")
    return axes


# ----------------------------------------------------------------------------------- plot
def plot_stage_flow(
    matrix: pd.DataFrame,
    *,
    ax: Axes | None = None,
    kind: str = "auto",
    lang: str | None = None,
) -> Axes:
    """Draw a transition matrix: a two-column flow picture (counts) or a heatmap (row shares).

    Parameters
    ----------
    matrix : DataFrame
        From :func:`transition_matrix`: rows "from", columns "to", labels in :data:`STAGES`.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.
    kind : {"auto", "flow", "heatmap"}
        ``"flow"`` needs counts (``normalize=False``): stacked bars of the stages at start (left) and
        end (right) joined by bands as wide as the number of people who moved. ``"heatmap"`` shows the
        cells as numbers. ``"auto"`` picks the flow for counts and the heatmap for shares.
    lang : {"vi", "en"}, optional
        Language of the stage labels (:func:`ecrm_lab.i18n.label`); default: the current language.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    import matplotlib.pyplot as plt

    from ..errors import InputError
    from ..i18n import label
    from ..plotting import STAGE_COLORS

    _need(matrix, [], "matrix", "transition_matrix")
    bad = [str(x) for x in [*matrix.index, *matrix.columns] if x not in STAGES]
    if bad:
        raise InputError(
            f"has unknown stage label(s) {', '.join(sorted(set(bad)))}: rows and columns must be "
            f"among {', '.join(STAGES)}",
            table="matrix",
            fix="pass the table transition_matrix returns",
        )
    if kind not in ("auto", "flow", "heatmap"):
        raise ValueError(f"kind must be 'auto', 'flow' or 'heatmap', got {kind!r}")
    m = matrix.reindex(index=list(STAGES), columns=list(STAGES))
    values = m.to_numpy(dtype=float)
    if (values[~np.isnan(values)] < 0).any():
        raise InputError(
            "has negative cells: counts and shares must be ≥ 0",
            table="matrix",
            fix="pass the table transition_matrix returns",
        )
    shares = matrix.attrs.get("normalize")
    if shares is None:  # not made by transition_matrix: guess from the row sums
        rs = np.nansum(values, axis=1)
        shares = bool(np.all(np.isclose(rs[rs > 0], 1.0)) and np.nanmax(values) <= 1.0)
    if kind == "auto":
        kind = "heatmap" if shares else "flow"
    if kind == "flow" and shares:
        raise ValueError(
            "a flow picture needs counts: call transition_matrix(..., normalize=False), or use kind='heatmap'"
        )
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 5))
    names = [label(s, lang=lang) for s in STAGES]
    from_name = _t("flow_from", lang)
    to_name = _t("flow_to", lang)

    if kind == "heatmap":
        top = np.nanmax(values) if np.isfinite(values).any() and np.nanmax(values) > 0 else 1.0
        ax.imshow(np.ma.masked_invalid(values), cmap="Blues", vmin=0, vmax=top)
        for i in range(len(STAGES)):
            for j in range(len(STAGES)):
                v = values[i, j]
                if np.isfinite(v):
                    if shares:
                        # a few people must not read as nobody: 0.3 % shows as "<1%", not "0%"
                        text = "<1%" if 0 < v < 0.005 else f"{v:.0%}"
                    else:
                        text = f"{int(round(v))}"
                    colour = "white" if v > 0.6 * top else "black"  # readable on dark cells
                    ax.text(j, i, text, ha="center", va="center", fontsize=9, color=colour)
        ax.set_xticks(range(len(STAGES)), names, rotation=30, ha="right")
        ax.set_yticks(range(len(STAGES)), names)
        ax.set_xlabel(to_name)
        ax.set_ylabel(from_name)
        ax.grid(False)
        return ax

    counts = np.nan_to_num(values)
    total = counts.sum()
    if total <= 0:
        raise InputError(
            "is all zeros: there is nothing to draw",
            table="matrix",
            fix="pick a period in which customers are in some stage",
        )
    gap = 0.02 * total
    left_tot, right_tot = counts.sum(axis=1), counts.sum(axis=0)

    def stack(tot):
        tops, y = [], 0.0
        for v in tot:
            tops.append(y)
            y += v + (gap if v > 0 else 0)
        return np.array(tops)

    left_y, right_y = stack(left_tot), stack(right_tot)
    bar = 0.08
    x = np.linspace(bar, 1 - bar, 60)
    smooth = 0.5 - 0.5 * np.cos(np.pi * (x - bar) / (1 - 2 * bar))
    out_off = left_y.copy()
    in_off = right_y.copy()
    for i, src in enumerate(STAGES):
        for j in range(len(STAGES)):
            v = counts[i, j]
            if v <= 0:
                continue
            y0a, y1a = out_off[i], in_off[j]
            lower = y0a + (y1a - y0a) * smooth
            ax.fill_between(x, lower, lower + v, color=STAGE_COLORS[src], alpha=0.45, linewidth=0)
            out_off[i] += v
            in_off[j] += v
    for tot, ys, x0, align, xt in (
        (left_tot, left_y, 0.0, "right", -0.01),
        (right_tot, right_y, 1 - bar, "left", 1.01),
    ):
        for s, name, v, y in zip(STAGES, names, tot, ys, strict=True):
            if v <= 0:
                continue
            ax.add_patch(plt.Rectangle((x0, y), bar, v, color=STAGE_COLORS[s]))
            ax.text(xt, y + v / 2, f"{name} ({int(round(v))})", ha=align, va="center", fontsize=9)
    ax.set_xlim(-0.35, 1.35)
    ax.set_ylim(max(left_y[-1] + left_tot[-1], right_y[-1] + right_tot[-1]) + gap, -gap)
    ax.set_xticks([bar / 2, 1 - bar / 2], [from_name, to_name])
    ax.set_yticks([])
    ax.grid(False)
    for side in ("left", "right", "top", "bottom"):
        ax.spines[side].set_visible(False)
    return ax
