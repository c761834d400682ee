"""Plots of the data tour (lesson 00): revenue over time, customers by province, acquisition channels.

Each function takes the shop's tables as they come from :func:`ecrm_lab.load_vietshop`, draws one
figure in the course style and returns its Axes; the notebook shows the call, not the matplotlib
plumbing. Bars start at zero on a linear axis, only the categories that occur are drawn, sorted by
value, and shares are shown in per cent. matplotlib is imported inside the functions.

Examples
--------
>>> import pandas as pd
>>> orders = pd.DataFrame({
...     "order_date": pd.to_datetime(["2025-01-06", "2025-01-07", "2025-01-15"]),
...     "amount": [100_000, 50_000, 70_000], "status": ["completed", "completed", "cancelled"]})
>>> revenue_by_period(orders, freq="W").tolist()
[150000]
>>> sale_calendar("2025-01-01", "2025-12-31")["event"].tolist()
['Tết 2025', '9.9', '10.10', '11.11', '12.12']
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pandas as pd

from ecrm_lab._validate import as_datetimes, require_columns, require_nonempty
from ecrm_lab.errors import InputError

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.axes import Axes

__all__ = [
    "MEGA_SALE_DAYS",
    "sale_calendar",
    "revenue_by_period",
    "province_shares",
    "plot_revenue_over_time",
    "plot_provinces",
    "plot_channels",
]

#: The "double days" of Vietnamese e-commerce that the lessons point to: (month, day).
MEGA_SALE_DAYS: tuple[tuple[int, int], ...] = ((9, 9), (10, 10), (11, 11), (12, 12))

#: How many days of the Tết holiday are shaded, from the first day of the lunar new year.
_TET_HOLIDAY_DAYS = 7


def sale_calendar(start: object, end: object) -> pd.DataFrame:
    """The Tết holidays and mega-sale days between two dates.

    Parameters
    ----------
    start, end : date-like
        First and last day of the period (inclusive).

    Returns
    -------
    DataFrame
        One row per event, in date order: ``event`` (str, ``"Tết 2025"`` or ``"11.11"``),
        ``kind`` (``"tet"`` or ``"mega_sale"``), ``date`` (Timestamp: the first day of the lunar
        new year, or the sale day) and ``end`` (Timestamp: the last shaded day of the Tết holiday;
        the sale day itself for a sale).

    Raises
    ------
    ValueError
        If ``end`` is before ``start``.
    """
    from ecrm_lab.synth.calendar import TET_DATES  # a public calendar fact, kept in one place

    first, last = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    if last < first:
        raise ValueError(f"sale_calendar: end {last.date()} is before start {first.date()}")
    rows = []
    for year in range(first.year, last.year + 1):
        tet = TET_DATES.get(year)
        if tet is not None:
            day = pd.Timestamp(tet)
            holiday_end = day + pd.Timedelta(days=_TET_HOLIDAY_DAYS - 1)
            if day <= last and holiday_end >= first:
                rows.append((f"Tết {year}", "tet", day, holiday_end))
        for month, dom in MEGA_SALE_DAYS:
            day = pd.Timestamp(dt.date(year, month, dom))
            if first <= day <= last:
                rows.append((f"{dom}.{month}", "mega_sale", day, day))
    table = pd.DataFrame(rows, columns=["event", "kind", "date", "end"])
    return table.sort_values("date", kind="stable").reset_index(drop=True)


def revenue_by_period(orders: pd.DataFrame, *, freq: str = "W", status: str | None = "completed"):
    """Revenue (sum of ``amount``) per period, without the partial first and last periods.

    Parameters
    ----------
    orders : DataFrame
        One row per order: ``order_date`` (datetime), ``amount`` (int, VND) and, when ``status``
        is given, ``status`` (str).
    freq : str, default "W"
        A pandas period alias: ``"W"`` (weeks ending on Sunday), ``"D"`` or ``"MS"`` (months).
    status : str or None, default "completed"
        Keep only the orders with this status; ``None`` keeps all orders.

    Returns
    -------
    Series
        Revenue in VND, indexed by the end (``"W"``) or start of each period, named ``"revenue"``.
        The first and last periods are dropped when the data cover them only in part.

    Raises
    ------
    InputError
        If a column is missing, the table is empty, or no order has ``status``.
    """
    from .tables import prepare_orders

    # the shared preparer: amounts must be numbers >= 0, dates readable, order ids unique
    orders = prepare_orders(
        orders,
        require=("date", "amount") + (("status",) if status else ()),
        customer_col=None,
        status_col="status" if status else None,
    )
    kept = orders if status is None else orders[orders["status"].astype(str) == status]
    if kept.empty:
        raise InputError(
            f"no order has status {status!r}",
            table="orders",
            column="status",
            fix="pass status=None to keep all orders, or one of "
            + ", ".join(sorted(map(str, orders["status"].dropna().unique()))),
        )
    dates = as_datetimes(kept["order_date"], table="orders", column="order_date")
    series = pd.Series(kept["amount"].to_numpy(), index=pd.DatetimeIndex(dates))
    revenue = series.resample(freq).sum()
    first, last = dates.min().normalize(), dates.max().normalize()
    if len(revenue) > 2 and _same_period(first - pd.Timedelta(days=1), first, freq):
        revenue = revenue.iloc[1:]  # the data start inside the first period
    if len(revenue) > 2 and _same_period(last, last + pd.Timedelta(days=1), freq):
        revenue = revenue.iloc[:-1]  # the data end inside the last period
    return revenue.rename("revenue")


def _same_period(a: pd.Timestamp, b: pd.Timestamp, freq: str) -> bool:
    """Whether two days fall in the same period of ``freq``."""
    return len(pd.Series([0, 0], index=pd.DatetimeIndex([a, b])).resample(freq).size()) == 1


def province_shares(customers: pd.DataFrame) -> pd.Series:
    """Share of customers per province, largest first, only the provinces that occur.

    Parameters
    ----------
    customers : DataFrame
        One row per customer, with ``province`` (str or category).

    Returns
    -------
    Series
        Share (0–1) of the customers living in each province, indexed by province name, summing
        to 1; ties keep alphabetical order.

    Raises
    ------
    InputError
        If ``province`` is missing or the table is empty.
    """
    require_columns(customers, ["province"], table="customers")
    require_nonempty(customers, table="customers")
    counts = customers["province"].astype(str).value_counts()
    counts = counts.sort_index().sort_values(ascending=False, kind="stable")
    return (counts / counts.sum()).rename("share")


def plot_revenue_over_time(
    orders: pd.DataFrame,
    *,
    freq: str = "W",
    status: str | None = "completed",
    events: bool = True,
    ax: Axes | None = None,
    lang: str | None = None,
) -> Axes:
    """Line of revenue per period, with the Tết holidays and mega-sale days marked.

    Parameters
    ----------
    orders : DataFrame
        As for :func:`revenue_by_period`.
    freq : str, default "W"
        Period of each point (see :func:`revenue_by_period`).
    status : str or None, default "completed"
        Orders kept (see :func:`revenue_by_period`).
    events : bool, default True
        Shade each Tết holiday and draw a dashed line on each mega-sale day of
        :func:`sale_calendar`, labelled once per event.
    ax : matplotlib Axes, optional
        Where to draw; a new 10 × 4.5 inch figure when omitted.
    lang : {"vi", "en"}, optional
        Language of the title and axis labels; default: the current one.

    Returns
    -------
    matplotlib.axes.Axes
        The axes: periods on x, revenue in ₫ on y (from zero).

    Raises
    ------
    InputError
        As :func:`revenue_by_period`.
    """
    import matplotlib.pyplot as plt

    from ecrm_lab.i18n import text
    from ecrm_lab.plotting import PALETTE, vnd_axis

    revenue = revenue_by_period(orders, freq=freq, status=status)
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 4.5))
    ax.plot(revenue.index, revenue.to_numpy(), color=PALETTE[0], label="Doanh thu")
    ax.set_ylim(0, revenue.max() * 1.18)
    if events:
        top = ax.get_ylim()[1]
        for row in sale_calendar(revenue.index.min(), revenue.index.max()).itertuples():
            if row.kind == "tet":
                ax.axvspan(row.date, row.end + pd.Timedelta(days=1), color=PALETTE[3], alpha=0.2)
                ax.text(row.date, top * 0.97, row.event, color=PALETTE[3], ha="center", va="top")
            else:
                ax.axvline(row.date, color=PALETTE[1], linestyle="--", linewidth=0.8)
                ax.text(row.date, top * 0.88, row.event, color=PALETTE[1], ha="center",
                        va="top", fontsize=8, rotation=90)  # fmt: skip
    vnd_axis(ax)
    unit = {"W": "week", "D": "day", "MS": "month", "ME": "month", "M": "month"}.get(freq)
    period = freq if unit is None else text(f"tour.period_{unit}", lang)
    if status == "completed":
        ax.set_title(text("tour.revenue_title", lang, period=period))
    else:
        ax.set_title(text("tour.revenue_title_all", lang))
    ax.set_xlabel(text("tour.revenue_xlabel", lang))
    ax.set_ylabel(text("tour.revenue_ylabel", lang, period=period))
    return ax


def plot_provinces(
    customers: pd.DataFrame, *, top: int = 10, ax: Axes | None = None, lang: str | None = None
) -> Axes:
    """Horizontal bars: the share of customers (in %) of the ``top`` provinces, largest on top.

    Parameters
    ----------
    customers : DataFrame
        One row per customer, with ``province``.
    top : int, default 10
        How many provinces to draw (all of them if fewer occur); the title says what share of the
        customers they hold together.
    ax : matplotlib Axes, optional
        Where to draw; a new 8 × 4.5 inch figure when omitted.
    lang : {"vi", "en"}, optional
        Language of the title and axis label; default: the current one.

    Returns
    -------
    matplotlib.axes.Axes
        The axes: % of customers on x (from zero), one bar per province that occurs.

    Raises
    ------
    InputError
        As :func:`province_shares`.
    ValueError
        If ``top`` is not a whole number ≥ 1.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import PercentFormatter

    from ecrm_lab.i18n import text
    from ecrm_lab.plotting import PALETTE

    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ValueError(f"plot_provinces: top must be a whole number >= 1, not {top!r}")
    shares = province_shares(customers)
    shown = shares.head(top) * 100
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.5))
    bars = ax.barh(shown.index[::-1], shown.to_numpy()[::-1], color=PALETTE[2])
    ax.bar_label(bars, labels=[f"{v:.1f} %".replace(".", ",") for v in shown[::-1]], padding=3)
    ax.set_xlim(0, shown.max() * 1.15)
    ax.xaxis.set_major_formatter(PercentFormatter(decimals=0))
    ax.set_title(
        text("tour.provinces_title", lang, n=len(shown), share=shares.head(top).sum()).replace(
            "%", " %"
        )
    )
    ax.set_xlabel(text("tour.provinces_xlabel", lang))
    ax.set_ylabel("")
    return ax


def plot_channels(table: pd.DataFrame, *, lang: str | None = None) -> Axes:
    """Two bar panels per acquisition channel: customers (count) and revenue per customer (₫).

    Parameters
    ----------
    table : DataFrame
        One row per channel, indexed by the channel code (or with an ``acquisition_channel``
        column), with ``customers`` (int, number of customers) and ``revenue_per_customer``
        (VND).
    lang : {"vi", "en"}, optional
        Language of the channel labels (:func:`ecrm_lab.i18n.label`); default: the current one.

    Returns
    -------
    matplotlib.axes.Axes
        The left panel (customers); the right one is ``ax.figure.axes[1]``. Each panel is sorted
        by its own value, largest on top, bars from zero.

    Raises
    ------
    InputError
        If a column is missing or the table is empty.
    """
    import matplotlib.pyplot as plt

    from ecrm_lab.i18n import label, text
    from ecrm_lab.plotting import PALETTE, vnd_axis

    if isinstance(table, pd.DataFrame) and "acquisition_channel" in table.columns:
        table = table.set_index("acquisition_channel")
    require_columns(table, ["customers", "revenue_per_customer"], table="table")
    require_nonempty(table, table="table")
    names = [label(str(c), lang=lang) for c in table.index]
    data = pd.DataFrame(
        {
            "customers": table["customers"].to_numpy(float),
            "rpc": table["revenue_per_customer"].to_numpy(float),
        },
        index=names,
    )
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5))
    for ax, column, color in ((left, "customers", PALETTE[0]), (right, "rpc", PALETTE[1])):
        values = data[column].sort_values(kind="stable")
        ax.barh(values.index, values.to_numpy(), color=color)
        ax.set_xlim(0, values.max() * 1.1)
    left.set_title(text("tour.channels_customers_title", lang))
    left.set_xlabel(text("tour.channels_customers_xlabel", lang))
    left.set_ylabel(text("tour.channels_ylabel", lang))
    vnd_axis(right, "x")
    right.tick_params(axis="x", labelrotation=30)
    right.set_title(text("tour.channels_rpc_title", lang))
    right.set_xlabel(text("tour.channels_rpc_xlabel", lang))
    fig.tight_layout()
    return left
