"""Vietnamese e-commerce calendar: Tết, mega-sale days and the seasonal intensity curve.

The simulator lets purchases happen in *operational time*: a customer's purchases form a Poisson process
with a constant personal rate on a clock that runs faster on busy days and slower on quiet ones. The clock
speed on day ``d`` is the seasonal multiplier ``s(d)``; over the observed period it averages 1, so the
population parameters of the config keep their meaning (purchases per average week).

Sources for the shape (VIETSHOP_FACTS.md, Metric.vn 2025): Q4 is the biggest quarter (28.8 % of annual
sales) and December the peak month; 9.9, 10.10, 11.11 and 12.12 are the mega-sale days. Shopping rises in
the weeks before Tết and stops during the holiday; the size of the dip is a modelling choice.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

__all__ = ["TET_DATES", "seasonal_curve", "sale_days", "OperationalClock"]

#: First day of the lunar new year (Tết Nguyên Đán).
TET_DATES: dict[int, dt.date] = {
    2019: dt.date(2019, 2, 5),
    2020: dt.date(2020, 1, 25),
    2021: dt.date(2021, 2, 12),
    2022: dt.date(2022, 2, 1),
    2023: dt.date(2023, 1, 22),
    2024: dt.date(2024, 2, 10),
    2025: dt.date(2025, 1, 29),
    2026: dt.date(2026, 2, 17),
    2027: dt.date(2027, 2, 6),
    2028: dt.date(2028, 1, 26),
    2029: dt.date(2029, 2, 13),
    2030: dt.date(2030, 2, 3),
    2031: dt.date(2031, 1, 23),
}

#: Month multipliers (Jan … Dec): Q4 about 20 % above the other quarters, December the peak.
_MONTH = np.array([1.0, 0.92, 0.96, 0.96, 0.97, 0.98, 0.97, 0.98, 1.02, 1.08, 1.14, 1.22])
_WEEKDAY = np.array([0.97, 0.97, 0.98, 0.99, 1.02, 1.05, 1.02])  # Mon … Sun


def _black_friday(year: int) -> dt.date:
    nov1 = dt.date(year, 11, 1)
    first_friday = nov1 + dt.timedelta(days=(4 - nov1.weekday()) % 7)
    return first_friday + dt.timedelta(weeks=3)


def sale_days(days: pd.DatetimeIndex) -> np.ndarray:
    """Mark the mega-sale days among ``days``.

    Parameters
    ----------
    days : pandas.DatetimeIndex
        The days to mark.

    Returns
    -------
    numpy.ndarray of float
        One value per day: 1 on 9.9, 10.10, 11.11, 12.12 and Black Friday, 0.5 on the smaller
        double days 1.1 … 8.8, else 0.

    Examples
    --------
    >>> sale_days(pd.DatetimeIndex(["2025-11-11", "2025-03-03", "2025-03-04"]))
    array([1. , 0.5, 0. ])
    """
    month = days.month.to_numpy()
    day = days.day.to_numpy()
    out = np.where((month == day) & (month >= 9), 1.0, 0.0)
    out = np.where((month == day) & (month < 9), 0.5, out)
    for year in np.unique(days.year):
        out[days == pd.Timestamp(_black_friday(int(year)))] = 1.0
    return out


def _tet_effect(days: pd.DatetimeIndex) -> np.ndarray:
    effect = np.ones(len(days))
    for year in np.unique(days.year):
        tet = TET_DATES.get(int(year))
        if tet is None:
            raise ValueError(
                f"the simulator knows Tết dates for {min(TET_DATES)}–{max(TET_DATES)} only, not {year}"
            )
        offset = (days - pd.Timestamp(tet)).days.to_numpy()
        effect = np.where((offset >= -21) & (offset < -2), 1.35, effect)  # shopping for Tết
        effect = np.where(
            (offset >= -2) & (offset <= 5), 0.35, effect
        )  # holiday: shops and carriers rest
        effect = np.where((offset > 5) & (offset <= 14), 0.8, effect)  # slow restart
    return effect


def seasonal_curve(
    first: dt.date, last: dt.date, *, sale_day_boost: float, norm_last: dt.date | None = None
) -> pd.Series:
    """Return the daily purchase-intensity multiplier from ``first`` to ``last`` (inclusive).

    The curve is the product of a month, a weekday and a Tết effect, raised on the sale days
    (:func:`sale_days`), and scaled so that its mean over ``first`` … ``norm_last`` is 1.

    Parameters
    ----------
    first, last : datetime.date
        The first and last day of the curve.
    sale_day_boost : float
        Multiplier on a mega-sale day (``ShopConfig.sale_day_boost``); the smaller double days get
        half of the extra, ``1 + (sale_day_boost − 1) / 2``.
    norm_last : datetime.date, optional
        Last day of the window whose mean is scaled to 1; default ``last``. The simulator extends
        the curve past the data end but keeps the mean over the observed period at 1.

    Returns
    -------
    pandas.Series
        Named ``intensity``, indexed by day (``DatetimeIndex``), values > 0.
    """
    days = pd.date_range(first, last, freq="D")
    s = (
        _MONTH[days.month.to_numpy() - 1]
        * _WEEKDAY[days.day_of_week.to_numpy()]
        * _tet_effect(days)
    )
    s = s * (1.0 + (sale_day_boost - 1.0) * sale_days(days))
    norm_last = last if norm_last is None else norm_last
    window = days <= pd.Timestamp(norm_last)
    return pd.Series(s / s[window].mean(), index=days, name="intensity")


class OperationalClock:
    """Map calendar days to operational weeks and back for one seasonal curve.

    ``tau(day) = sum(s[:day]) / 7`` is the number of *average weeks* elapsed at the start of ``day``
    (days counted from the first day of the curve). Within a day operational time runs linearly.

    Parameters
    ----------
    curve : pandas.Series
        The daily intensity ``s`` indexed by day, e.g. from :func:`seasonal_curve`.
    """

    def __init__(self, curve: pd.Series):
        values = curve.to_numpy(dtype=float)
        self.days = curve.index
        self.cum = np.concatenate([[0.0], np.cumsum(values) / 7.0])  # length n_days + 1
        self._at = np.arange(len(self.cum), dtype=float)  # the day offsets of ``cum``
        # read-only: the simulator shares one clock per calendar between its parts
        self.cum.flags.writeable = False
        self._at.flags.writeable = False

    def tau(self, day_float: np.ndarray) -> np.ndarray:
        """Return the operational weeks elapsed at a (fractional) day offset from the first day.

        Parameters
        ----------
        day_float : numpy.ndarray of float
            Day offsets from the first day of the curve (``1.5``: noon of the second day).

        Returns
        -------
        numpy.ndarray of float
            Operational weeks, the same shape as ``day_float``.
        """
        return np.interp(day_float, self._at, self.cum)

    def day(self, tau: np.ndarray) -> np.ndarray:
        """Return the fractional day offset at operational time ``tau`` (inverse of :meth:`tau`).

        Parameters
        ----------
        tau : numpy.ndarray of float
            Operational weeks since the first day of the curve.

        Returns
        -------
        numpy.ndarray of float
            Day offsets from the first day, the same shape as ``tau``.
        """
        return np.interp(tau, self.cum, self._at)
