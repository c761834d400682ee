"""Offline TV: geometric adstock, the daily response table and the adstock regression."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._validate import as_numbers, require_columns, require_whole
from ..errors import InputError
from ..tables import prepare_daily_series, prepare_prospects, prepare_spend
from ..vocabulary import codes
from ._common import positive_number, shared_docs


def adstock(spend: Any, decay: float) -> np.ndarray:
    """Geometric adstock ``A_t = spend_t + decay · A_{t−1}`` (``A_{−1} = 0``).

    Parameters
    ----------
    spend : array-like of float
        Spend per consecutive day (≥ 0, no missing day).
    decay : float
        Share of the adstock carried over to the next day, in [0, 1).

    Returns
    -------
    numpy.ndarray
        The adstock of each day.

    Examples
    --------
    >>> adstock([100, 0, 0, 50], 0.5).tolist()
    [100.0, 50.0, 25.0, 62.5]
    """
    decay = positive_number(decay, "decay", allow_zero=True)
    if decay >= 1:
        raise ValueError(f"decay must be in [0, 1) (a share carried over per day), got {decay}")
    x = np.asarray(spend, dtype=float)
    if x.ndim != 1:
        raise ValueError("spend must be one-dimensional: one value per day")
    if np.isnan(x).any() or (x < 0).any():
        raise ValueError("spend must hold non-negative numbers without gaps (NaN)")
    from scipy.signal import lfilter

    return lfilter([1.0], [1.0, -decay], x)


@shared_docs
def tv_response_table(
    prospects: pd.DataFrame,
    marketing_spend: pd.DataFrame,
    *,
    tv_channel: str = "tv",
    response_channels: Sequence[str] = ("direct", "organic_search"),
    control_channels: Sequence[str] = codes("channel", "click"),
    prospect_date_col: str = "first_touch_date",
    channel_col: str = "channel",
    spend_date_col: str = "date",
    spend_col: str = "spend",
    as_of: Any = None,
) -> pd.DataFrame:
    """Daily table for the TV regression: TV spend, new visitors that TV can drive, a seasonal control.

    Parameters
    ----------
    prospects : DataFrame
        ``prospect_date_col`` (first touch) and ``channel_col``.
    marketing_spend : DataFrame
        ``spend_date_col``, ``channel_col`` and ``spend_col``; one row per day and channel.
    tv_channel : str, default "tv"
        The channel name of TV in ``marketing_spend``.
    response_channels : sequence of str
        First-touch channels where TV viewers show up (default direct and organic search).
    control_channels : sequence of str
        First-touch channels TV does not drive, counted as the seasonal control.

    Returns
    -------
    DataFrame
        One row per day of the spend table: ``date``, ``tv_spend`` (VND), ``visits`` (people first
        reached through ``response_channels`` — direct and organic search, where a viewer who saw the
        advert shows up) and ``control`` (people first reached through ``control_channels``, which TV
        does not drive but which follow the same seasons and sale days).
    """
    prospects = prepare_prospects(
        prospects,
        date_col=prospect_date_col,
        channel_col=channel_col,
        require=("date", "channel"),
        as_of=as_of,
    )
    marketing_spend = prepare_spend(
        marketing_spend,
        date_col=spend_date_col,
        channel_col=channel_col,
        spend_col=spend_col,
        as_of=as_of,
    )
    s_date = marketing_spend[spend_date_col].dt.normalize()
    is_tv = (marketing_spend[channel_col].astype(str) == tv_channel).to_numpy()
    if not is_tv.any():
        raise InputError(
            f"has no {tv_channel!r} rows",
            table="marketing_spend",
            column=channel_col,
            fix="pass tv_channel= with the name of your TV channel",
        )
    days = pd.date_range(s_date.min(), s_date.max(), freq="D")
    tv = marketing_spend.loc[is_tv, spend_col].groupby(s_date[is_tv].to_numpy()).sum()
    p_day = prospects[prospect_date_col].dt.normalize()
    ch = prospects[channel_col].astype(str)
    visits = p_day[ch.isin(response_channels).to_numpy()].value_counts()
    control = p_day[ch.isin(control_channels).to_numpy()].value_counts()
    return pd.DataFrame(
        {
            "date": days,
            "tv_spend": tv.reindex(days, fill_value=0).to_numpy(dtype=float),
            "visits": visits.reindex(days, fill_value=0).to_numpy(dtype=np.int64),
            "control": control.reindex(days, fill_value=0).to_numpy(dtype=np.int64),
        }
    )


@dataclass(frozen=True)
class AdstockFit:
    """Result of :func:`fit_adstock`.

    Parameters
    ----------
    decay : float
        The adstock carry-over that fits best, in [0, 1).
    lag : int
        The delay (days) that fits best.
    effect_per_million : float
        Extra visits per day per million VND of lagged adstock.
    r2 : float
        R² of the best regression.
    grid : DataFrame
        One row per (decay, lag) pair tried: ``decay``, ``lag``, ``r2`` and ``effect_per_million``.
    coefficients : Series
        Coefficients of the best regression, indexed by name: ``intercept``, ``adstock`` (per VND
        of lagged adstock), one per control column and, with weekday indicators, ``weekday_1`` …
        ``weekday_6`` (Tuesday … Sunday against Monday).
    spend_col : str, default "tv_spend"
        The spend column the model reads (so that :meth:`predict` reads the same one).
    controls : tuple of str, default ("control",)
        The control columns the model reads.
    date_col : str or None, default "date"
        The day column the model reads; None: the rows are consecutive days as given.
    """

    decay: float
    lag: int
    effect_per_million: float
    r2: float
    grid: pd.DataFrame
    coefficients: pd.Series
    spend_col: str = "tv_spend"
    controls: tuple[str, ...] = ("control",)
    date_col: str | None = "date"

    def predict(self, daily: pd.DataFrame) -> pd.Series:
        """Predict the daily response of the fitted model for a table of consecutive days.

        Parameters
        ----------
        daily : DataFrame
            ``spend_col``, the ``controls`` and ``date_col`` (if the model has one), one row per day
            without gaps; sorted here. The adstock starts at 0 on the first day.

        Returns
        -------
        pandas.Series
            The predicted response, one value per day in day order (the index of ``daily``).
        """
        weekdays = any(str(n).startswith("weekday_") for n in self.coefficients.index)
        if self.date_col is None:
            require_columns(daily, [self.spend_col, *self.controls], table="daily")
            daily = daily.assign(_day=pd.date_range("2000-01-01", periods=len(daily), freq="D"))
        daily = prepare_daily_series(
            daily, date_col=self.date_col or "_day", value_cols=[self.spend_col]
        )
        require_columns(daily, list(self.controls), table="daily")
        n = len(daily)
        stock = adstock(daily[self.spend_col].to_numpy(dtype=float), self.decay)
        cols = [np.ones(n), np.r_[np.zeros(self.lag), stock[: n - self.lag]][:n]]
        cols += [
            as_numbers(daily[c], table="daily", column=c).to_numpy(float) for c in self.controls
        ]
        if weekdays:
            wd = daily[self.date_col].dt.day_of_week.to_numpy()
            cols += [(wd == d).astype(float) for d in range(1, 7)]
        return pd.Series(np.column_stack(cols) @ self.coefficients.to_numpy(), index=daily.index)

    @property
    def total_effect_per_million(self) -> float:
        """Extra visits, summed over all the following days, per million VND spent on one day.

        One million leaves an adstock of 1, d, d², … million, in total 1 / (1 − d). Neighbouring
        (decay, lag) pairs often fit almost as well with other per-day effects but nearly the same
        total: the total is the better-determined number.
        """
        return self.effect_per_million / (1.0 - self.decay)


@shared_docs
def fit_adstock(
    daily: pd.DataFrame,
    *,
    spend_col: str = "tv_spend",
    response_col: str = "visits",
    controls: Sequence[str] = ("control",),
    decays: Iterable[float] | None = None,
    lags: Iterable[int] = range(0, 8),
    weekday_dummies: bool = True,
    date_col: str | None = "date",
    as_of: Any = None,
) -> AdstockFit:
    """Recover TV's carry-over: regress daily visits on lagged adstock for a grid of decays and lags.

    For each ``decay`` and ``lag`` the model ``visits_t = b0 + b1 · A_{t−lag}(decay) + controls + ε``
    is fitted by least squares; the pair with the highest R² wins. Controls soak up what moves visits
    for other reasons (seasons, sale days, weekdays), which TV flights coincide with.

    Parameters
    ----------
    daily : DataFrame
        One row per day, e.g. from :func:`tv_response_table`: ``date_col``, ``spend_col`` (≥ 0),
        ``response_col`` (≥ 0) and the ``controls`` (numbers). The rows are sorted by day; a day given
        twice or a missing day is an :class:`~ecrm_lab.InputError` (adstock and lags read the rows as
        consecutive days).
    spend_col : str, default "tv_spend"
        The daily TV spend (VND, ≥ 0).
    response_col : str, default "visits"
        The daily response (≥ 0).
    controls : sequence of str, default ("control",)
        Control columns of ``daily`` (numbers), added to every regression.
    decays : iterable of float, optional
        Carry-overs to try, each in [0, 1); default 0, 0.05, …, 0.95.
    lags : iterable of int, default 0…7
        Delays in days to try.
    weekday_dummies : bool, default True
        Add one indicator per weekday (Tuesday … Sunday) to the controls; needs ``date_col``.
    date_col : str or None, default "date"
        The day of each row. ``None``: the rows are taken as consecutive days in the order given
        (and there are no weekday indicators).
    as_of : date-like, optional
        End of the observation window: a day after it is an error.

    Returns
    -------
    AdstockFit
        The best (decay, lag) pair, its effect and R², and the whole grid.
    """
    controls = list(controls)
    if date_col is None and weekday_dummies:
        raise ValueError(
            "weekday_dummies=True needs the dates: pass date_col=… or weekday_dummies=False"
        )
    if date_col is None:  # rows are consecutive days as given
        require_columns(daily, [spend_col, response_col, *controls], table="daily")
        daily = daily.assign(_day=pd.date_range("2000-01-01", periods=len(daily), freq="D"))
    daily = prepare_daily_series(
        daily, date_col=date_col or "_day", value_cols=[spend_col, response_col], as_of=as_of
    )
    require_columns(daily, controls, table="daily")
    for c in controls:
        daily[c] = as_numbers(daily[c], table="daily", column=c)
    decays = (
        np.round(np.arange(0.0, 0.96, 0.05), 2)
        if decays is None
        else np.asarray(list(decays), dtype=float)
    )
    lags = [require_whole(v, "lags", minimum=0) for v in lags]
    if decays.size == 0 or not lags:
        raise ValueError("decays and lags must each hold at least one value")
    if ((decays < 0) | (decays >= 1)).any():
        raise ValueError("every decay must be in [0, 1)")
    spend = daily[spend_col].to_numpy(dtype=float)
    if not (spend > 0).any():
        raise InputError(
            "is zero on every day: there is no TV to measure",
            table="daily",
            column=spend_col,
            fix="pass a period with TV spend",
        )
    y = daily[response_col].to_numpy(dtype=float)
    n = len(y)
    if n <= max(lags) + 10:
        raise ValueError(f"daily has {n} rows: too few days for lags up to {max(lags)}")
    base = [np.ones(n)] + [daily[c].to_numpy(dtype=float) for c in controls]
    names = ["intercept", "adstock", *controls]
    if weekday_dummies:
        wd = daily[date_col].dt.day_of_week.to_numpy()
        for d in range(1, 7):
            base.append((wd == d).astype(float))
            names.append(f"weekday_{d}")
    start = max(lags)
    rows, best = [], None
    tss = ((y[start:] - y[start:].mean()) ** 2).sum()
    for decay in decays:
        stock = adstock(spend, float(decay))
        for lag in lags:
            lagged = np.r_[np.zeros(lag), stock[: n - lag]]
            X = np.column_stack([base[0], lagged, *base[1:]])[start:]
            coef, *_ = np.linalg.lstsq(X, y[start:], rcond=None)
            rss = ((y[start:] - X @ coef) ** 2).sum()
            r2 = 1.0 - rss / tss if tss > 0 else np.nan
            rows.append((float(decay), int(lag), r2, coef[1] * 1e6))
            if best is None or r2 > best[0]:
                best = (r2, float(decay), int(lag), coef)
    grid = pd.DataFrame(rows, columns=["decay", "lag", "r2", "effect_per_million"])
    r2, decay, lag, coef = best
    return AdstockFit(
        decay=decay,
        lag=lag,
        effect_per_million=float(coef[1] * 1e6),
        r2=float(r2),
        grid=grid,
        coefficients=pd.Series(coef, index=names),
        spend_col=spend_col,
        controls=tuple(controls),
        date_col=date_col,
    )
