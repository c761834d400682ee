"""Plot of the lifecycle lesson: the stage-flow picture of a transition matrix."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ._core import STAGES

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.axes import Axes

__all__ = ["plot_stage_flow"]


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

    from ..i18n import label
    from ..plotting import STAGE_COLORS

    if not isinstance(matrix, pd.DataFrame):
        raise TypeError(
            f"matrix must be a DataFrame from transition_matrix, not {type(matrix).__name__}"
        )
    bad = [str(x) for x in [*matrix.index, *matrix.columns] if x not in STAGES]
    if bad:
        raise ValueError(
            f"matrix has unknown stage label(s) {', '.join(sorted(set(bad)))}: rows and columns must be "
            f"among {', '.join(STAGES)} (use transition_matrix)"
        )
    if kind not in ("auto", "flow", "heatmap"):
        raise ValueError(f"kind must be 'auto', 'flow' or 'heatmap', got {kind!r}")
    m = matrix.reindex(index=list(STAGES), columns=list(STAGES))
    values = m.to_numpy(dtype=float)
    if (values[~np.isnan(values)] < 0).any():
        raise ValueError("matrix has negative cells: counts and shares must be ≥ 0")
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
    from_name = "Giai đoạn đầu kỳ" if (lang or _lang()) == "vi" else "Stage at start"
    to_name = "Giai đoạn cuối kỳ" if (lang or _lang()) == "vi" else "Stage at end"

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
        raise ValueError("matrix is all zeros: there is nothing to draw")
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


def _lang() -> str:
    from ..i18n import get_language

    return get_language()
