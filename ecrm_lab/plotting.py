"""Plot styling for the course: colours, a readable theme, VND money axes and translated labels.

matplotlib and seaborn are imported only inside the functions that need them, so importing this
module is fast and changes no global state; call :func:`set_theme` once at the top of a notebook.

Examples
--------
>>> format_vnd(1_250_000, lang="vi")
'1,25 tr ₫'
>>> format_vnd(1_250_000, lang="en")
'1.25M ₫'
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from ecrm_lab._docs import fill_doc
from ecrm_lab.i18n import LANGUAGES, get_language, label, t
from ecrm_lab.vocabulary import codes, mapping

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.axes import Axes

__all__ = [
    "PALETTE",
    "STAGE_COLORS",
    "STATUS_COLORS",
    "set_theme",
    "format_vnd",
    "vnd_axis",
    "label_axes",
]

#: Colour-blind friendly qualitative palette (seaborn's ``"colorblind"``), as hex strings.
PALETTE: list[str] = [
    "#0173b2",
    "#de8f05",
    "#029e73",
    "#d55e00",
    "#cc78bc",
    "#ca9161",
    "#fbafe4",
    "#949494",
    "#ece133",
    "#56b4e9",
]

#: Colour of each customer-lifecycle stage (keys as in :func:`ecrm_lab.i18n.label`), from the
#: ``color`` column of ``data/vocabulary/stage.csv``.
STAGE_COLORS: dict[str, str] = mapping("stage", "color")

#: Colour of each order status, from the ``color`` column of ``data/vocabulary/status.csv``.
STATUS_COLORS: dict[str, str] = mapping("status", "color")

# rcParams applied by set_theme on top of seaborn's "whitegrid" style.
_RC: dict[str, Any] = {
    "figure.dpi": 100,
    "figure.figsize": (8.0, 4.5),
    "savefig.bbox": "tight",
    "font.family": "sans-serif",
    # DejaVu Sans ships with matplotlib and has every Vietnamese glyph and the ₫ sign.
    "font.sans-serif": ["DejaVu Sans", "Arial", "Liberation Sans", "Bitstream Vera Sans"],
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "ecrm_lab",
}


def set_theme(context: str = "notebook", *, font_scale: float = 1.0) -> None:
    """Apply the course's plot style to matplotlib and seaborn.

    Calls :func:`seaborn.set_theme` with the ``"whitegrid"`` style and :data:`PALETTE`, then sets
    readable defaults: 100 dpi, 8 × 4.5 inch figures, tight bounding boxes when saving, a font
    that renders Vietnamese diacritics (DejaVu Sans), bold titles and a fixed SVG hash salt so that
    saved SVG files are reproducible.

    Parameters
    ----------
    context : {"notebook", "paper", "talk", "poster"}, default "notebook"
        Seaborn plotting context (overall size of fonts and lines).
    font_scale : float, default 1.0
        Extra scaling of font sizes.

    Examples
    --------
    >>> set_theme()  # doctest: +SKIP
    """
    import matplotlib as mpl
    import seaborn as sns

    sns.set_theme(
        context=context,
        style="whitegrid",
        palette=PALETTE,
        font="sans-serif",
        font_scale=font_scale,
        rc=dict(_RC),
    )
    mpl.rcParams["svg.hashsalt"] = "ecrm_lab"


# ---------------------------------------------------------------------------------------- money
# (divisor, suffix) from the largest unit down.
_UNITS: dict[str, tuple[tuple[float, str], ...]] = {
    "vi": ((1e9, " tỷ"), (1e6, " tr"), (1e3, " nghìn")),
    "en": ((1e9, "B"), (1e6, "M"), (1e3, "K")),
}


def _number(value: float, lang: str) -> str:
    """Format with at most two decimals, trailing zeros dropped, in the language's separators."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if lang == "vi":  # 1.234,5 rather than 1,234.5
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


@fill_doc
def format_vnd(x: Any, pos: int | None = None, *, lang: str | None = None) -> str:
    """Format an amount of Vietnamese dong compactly, e.g. for tick labels.

    Parameters
    ----------
    x : float
        Amount in VND.
    pos : int, optional
        Tick position (passed by :class:`matplotlib.ticker.FuncFormatter`; ignored).
    {lang}

    Returns
    -------
    str
        ``"1,25 tr ₫"``, ``"950 nghìn ₫"``, ``"2,3 tỷ ₫"`` in Vietnamese; ``"1.25M ₫"``,
        ``"950K ₫"``, ``"2.3B ₫"`` in English. Non-finite values give ``""``; values that are not
        numbers are returned as ``str(x)``.

    Examples
    --------
    >>> format_vnd(950_000, lang="vi"), format_vnd(2_300_000_000, lang="vi")
    ('950 nghìn ₫', '2,3 tỷ ₫')
    >>> format_vnd(-45_000, lang="en")
    '-45K ₫'
    """
    code = get_language() if lang is None else lang
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: allowed values are {', '.join(LANGUAGES)}")
    try:
        value = float(x)
    except (TypeError, ValueError):
        return str(x)
    if not math.isfinite(value):
        return ""
    size, suffix = 1.0, ""
    for divisor, unit in _UNITS[code]:
        if round(abs(value) / divisor, 2) >= 1:
            size, suffix = divisor, unit
            break
    digits = _number(abs(value) / size, code)
    sign = "-" if value < 0 and digits != "0" else ""
    return f"{sign}{digits}{suffix} ₫"


def vnd_axis(ax: Axes, axis: str = "y") -> Axes:
    """Show the tick labels of an axis as compact VND amounts (see :func:`format_vnd`).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to change.
    axis : {"y", "x", "both"}, default "y"
        Which axis holds money.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, for chaining.

    Raises
    ------
    ValueError
        If ``axis`` is not ``"x"``, ``"y"`` or ``"both"``.
    """
    from matplotlib.ticker import FuncFormatter

    if axis not in ("x", "y", "both"):
        raise ValueError(t("plot.bad_axis", axis=repr(axis)))
    targets = {"x": [ax.xaxis], "y": [ax.yaxis], "both": [ax.xaxis, ax.yaxis]}[axis]
    for target in targets:
        target.set_major_formatter(FuncFormatter(format_vnd))
    return ax


@fill_doc
def label_axes(
    ax: Axes,
    x: str | None = None,
    y: str | None = None,
    title: str | None = None,
    *,
    lang: str | None = None,
) -> Axes:
    """Set translated axis labels and title (see :func:`ecrm_lab.i18n.label`).

    Names with a known label are translated (``"revenue"`` → ``"Doanh thu"``), column names first
    (the ``"column"`` kind of :mod:`ecrm_lab.vocabulary`, and table names for the title); any other
    text is used as is, so free-form titles work too. Arguments left as ``None`` are not changed.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to label.
    x, y : str, optional
        Column names or text for the x and y axis labels.
    title : str, optional
        Column/table name or free text for the title.
    {lang}

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, for chaining.
    """
    if x is not None:
        ax.set_xlabel(_axis_label(x, lang))
    if y is not None:
        ax.set_ylabel(_axis_label(y, lang))
    if title is not None:
        ax.set_title(_axis_label(title, lang, kinds=("column", "table")))
    return ax


def _axis_label(name: str, lang: str | None, kinds: tuple[str, ...] = ("column",)) -> str:
    """Label a column (or table) name first, so that ``"brand"`` is the column, not an objective."""
    for kind in kinds:
        if name in codes(kind):
            return label((kind, name), lang=lang)
    return label(name, lang=lang)


def _axes(ax: Any, size: tuple[float, float]) -> Any:
    """``ax``, or the axes of a new figure of ``size`` inches when ``ax`` is None (plot_* helpers)."""
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=size)
    return ax


def _need_table(
    table: Any, columns: list[str], name: str, source: str, *, nonempty: bool = True
) -> None:
    """Raise :class:`~ecrm_lab.InputError` unless ``table`` is a DataFrame with ``columns``.

    The error names the function whose output a ``plot_*`` function draws (``source``) as the fix;
    with ``nonempty`` an empty table is refused the same way.
    """
    from ecrm_lab._validate import require_columns, require_nonempty
    from ecrm_lab.errors import InputError

    try:
        require_columns(table, columns, table=name)
        if nonempty:
            require_nonempty(table, table=name)
    except InputError as exc:
        raise InputError(
            exc.problem, table=exc.table, column=exc.column, fix=f"pass the table {source} returns"
        ) from None
