"""Selection and acquisition: funnels, channel economics, attribution, prospect scoring, TV adstock.

The first two stages of the e-customer lifecycle — **lựa chọn** (selection: whom to target) and
**thu hút** (acquisition: winning the first purchase) — are managed through online and offline
communication: SEO, SEM (paid search), e-mail, social networks (Facebook, Zalo, TikTok), affiliates,
referrals and TV. This module measures them on tables that any shop can export:

* :func:`funnel` — per channel, how many people reached become buyers and repeat buyers;
* :func:`channel_economics` — spend, conversion rate, customer acquisition cost (CAC) and return on ad
  spend (ROAS) per channel;
* :func:`build_journeys` and :func:`attribute` — which channels get the credit for a conversion, under
  the rule-based models (first touch, last touch, linear, time decay, position based) and the
  data-driven Markov-chain removal effect; :func:`compare_attribution` puts them side by side;
* :func:`prospect_features`, :func:`score_prospects` and :func:`gains_table` — selection: a
  scikit-learn model that ranks prospects by their chance to buy, evaluated on later prospects than it
  was trained on;
* :func:`adstock`, :func:`tv_response_table` and :func:`fit_adstock` — offline TV advertising leaves no
  click: its effect shows as extra direct and organic visits days later, with a carry-over (adstock)
  that a regression recovers.

Tables and columns (VietShop names are the defaults; pass your own names as arguments)
---------------------------------------------------------------------------------------
* ``prospects``: one row per person reached by marketing — ``prospect_id``, ``first_touch_date``,
  ``channel`` (the first-touch channel) and ``customer_id`` (missing for people who never bought).
* ``touchpoints``: one row per contact — ``prospect_id``, ``customer_id``, ``timestamp``, ``channel``,
  ``kind`` (impression, click, visit).
* ``orders``: ``order_id``, ``customer_id``, ``order_date`` (timestamp), ``amount`` (VND) and
  ``status``; only ``status == "completed"`` orders are purchases (``status_col=None``: every order).
* ``marketing_spend``: ``date``, ``channel``, ``spend`` (VND per day and channel).

Conversions
-----------
A **conversion** is a completed order. ``conversions="first"`` (default) counts only each customer's
first completed order — acquisition; ``conversions="all"`` counts every completed order. The
**journey** of a conversion is the list of its touchpoints, in time order: the customer's touchpoints
on or before the order's timestamp and after their previous conversion (``lookback_days`` shortens
it). A conversion without any touchpoint is credited to the pseudo-channel :data:`NO_TOUCHPOINT`, so
every model credits exactly the conversions and the revenue in the data. Touchpoints of people who
never convert form the non-converting journeys that the Markov model needs.

Examples
--------
>>> import pandas as pd
>>> touchpoints = pd.DataFrame({
...     "prospect_id": ["p1", "p1", "p1", "p2"],
...     "customer_id": ["c1", "c1", "c1", None],
...     "timestamp": pd.to_datetime(["2025-01-01", "2025-01-03", "2025-01-04", "2025-01-02"]),
...     "channel": ["facebook", "email", "direct", "tiktok"],
... })
>>> orders = pd.DataFrame({
...     "order_id": ["o1"], "customer_id": ["c1"], "order_date": pd.to_datetime(["2025-01-04 10:00"]),
...     "amount": [300_000], "status": ["completed"],
... })
>>> attribute(touchpoints, orders, model="linear")[["channel", "conversions", "revenue"]]
    channel  conversions   revenue
0    direct     0.333333  100000.0
1     email     0.333333  100000.0
2  facebook     0.333333  100000.0
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._validate import (
    as_timestamp,
    require_columns,
    require_datetimes,
    require_ids,
    require_nonempty,
    require_nonnegative,
    require_same_id_type,
    require_whole,
)

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.axes import Axes

__all__ = [
    "MODELS",
    "NO_TOUCHPOINT",
    "funnel",
    "channel_economics",
    "build_journeys",
    "attribute",
    "compare_attribution",
    "markov_removal_effects",
    "prospect_features",
    "score_prospects",
    "ProspectScores",
    "gains_table",
    "adstock",
    "tv_response_table",
    "fit_adstock",
    "AdstockFit",
    "plot_funnel",
    "plot_attribution",
    "plot_gains",
]

#: The attribution models of :func:`attribute`, rule-based first.
MODELS: tuple[str, ...] = (
    "first_touch",
    "last_touch",
    "linear",
    "time_decay",
    "position_based",
    "markov",
)
#: Pseudo-channel credited with conversions that have no touchpoint in their journey.
NO_TOUCHPOINT = "no_touchpoint"


# ----------------------------------------------------------------------------------- helpers
def _completed(orders: pd.DataFrame, status_col: str | None, completed: Any) -> np.ndarray:
    if not status_col:
        return np.ones(len(orders), dtype=bool)
    done = (orders[status_col] == completed).to_numpy(dtype=bool, na_value=False)
    if not done.any():
        seen = ", ".join(repr(x) for x in pd.unique(orders[status_col].dropna()).tolist()[:6])
        raise ValueError(
            f"orders.{status_col} has no {completed!r} value (values: {seen}): pass completed='…' with "
            "the status of a completed order, or status_col=None to count every order"
        )
    return done


def _check_orders(orders, *, order_col, customer_col, date_col, amount_col, status_col):
    cols = [c for c in (order_col, customer_col, date_col, amount_col, status_col) if c]
    require_columns(orders, cols, table="orders")
    require_nonempty(orders, table="orders")
    require_nonnegative(orders, amount_col, table="orders")
    return require_datetimes(orders, date_col, table="orders")


def _check_positive_number(value: Any, name: str, *, allow_zero: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise TypeError(f"{name} must be a finite number, not {type(value).__name__} {value!r}")
    if value < 0 or (value == 0 and not allow_zero):
        bound = "≥ 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be {bound}, got {value}")
    return float(value)


def _first_purchases(orders, done, *, customer_col, date_col, amount_col, order_col=None):
    """One row per buyer: the first completed order (time, amount, id)."""
    cols = [customer_col, date_col, amount_col] + ([order_col] if order_col else [])
    buys = orders.loc[done, cols].sort_values([customer_col, date_col], kind="stable")
    return buys.drop_duplicates(customer_col).set_index(customer_col)


# ----------------------------------------------------------------------------------- funnel
def funnel(
    prospects: pd.DataFrame,
    orders: pd.DataFrame,
    *,
    touchpoints: pd.DataFrame | None = None,
    prospect_col: str = "prospect_id",
    channel_col: str = "channel",
    customer_col: str = "customer_id",
    timestamp_col: str = "timestamp",
    order_date_col: str = "order_date",
    amount_col: str = "amount",
    status_col: str | None = "status",
    completed: Any = "completed",
) -> pd.DataFrame:
    """Acquisition funnel per first-touch channel: reached → (came back) → bought → bought again.

    The steps are nested: everyone in a step is also in the step before it, so ``step_rate`` is the
    share of the previous step's people who reach this one.

    Parameters
    ----------
    prospects : DataFrame
        One row per person reached: ``prospect_col`` (unique), ``channel_col`` (first-touch channel)
        and ``customer_col`` (missing for people who never became customers).
    orders : DataFrame
        ``customer_col``, ``order_date_col``, ``amount_col`` and ``status_col``.
    touchpoints : DataFrame, optional
        With ``prospect_col`` and ``timestamp_col``; adds the step ``engaged`` — people who came back
        after the first contact: a second touchpoint before their first purchase, or a purchase (a
        buyer came back to buy). Touchpoints after the first purchase do not count.

    Returns
    -------
    DataFrame
        Long form, one row per channel and step, channels ordered by the number reached: ``channel``,
        ``step`` (``reached``, ``engaged`` when touchpoints are given, ``customer`` — at least one
        completed order, ``repeat`` — at least two), ``n`` (people), ``share_of_reached`` and
        ``step_rate`` (share of the previous step; 1 for ``reached``).
    """
    require_columns(prospects, [prospect_col, channel_col, customer_col], table="prospects")
    require_nonempty(prospects, table="prospects")
    require_columns(orders, [customer_col, order_date_col, amount_col], table="orders")
    if status_col:
        require_columns(orders, [status_col], table="orders")
    require_nonempty(orders, table="orders")
    require_ids(prospects, prospect_col, table="prospects", unique=True)
    require_same_id_type(
        prospects[customer_col],
        orders[customer_col],
        left_name=f"prospects.{customer_col}",
        right_name=f"orders.{customer_col}",
    )
    done = _completed(orders, status_col, completed)
    n_buys = orders.loc[done, customer_col].value_counts()
    buys = prospects[customer_col].map(n_buys).fillna(0).to_numpy()
    if touchpoints is not None:  # validate before any work
        require_columns(touchpoints, [prospect_col, timestamp_col], table="touchpoints")
        t_time = require_datetimes(touchpoints, timestamp_col, table="touchpoints")
        o_time = require_datetimes(orders, order_date_col, table="orders")
    frame = pd.DataFrame(
        {
            "channel": prospects[channel_col].astype(str).to_numpy(),
            "reached": 1,
            "customer": buys >= 1,
            "repeat": buys >= 2,
        }
    )
    steps = ["reached", "customer", "repeat"]
    if touchpoints is not None:
        first_buy = (
            pd.Series(o_time.to_numpy()[done]).groupby(orders[customer_col].to_numpy()[done]).min()
        )
        buy_time = pd.Series(
            prospects[customer_col].map(first_buy).to_numpy(), index=prospects[prospect_col]
        )
        limit = buy_time.reindex(touchpoints[prospect_col]).to_numpy()
        before = pd.isna(limit) | (t_time.to_numpy() < limit)
        n_touch = touchpoints.loc[before, prospect_col].value_counts()
        came_back = prospects[prospect_col].map(n_touch).fillna(0).to_numpy() >= 2
        frame["engaged"] = came_back | frame["customer"].to_numpy()
        steps = ["reached", "engaged", "customer", "repeat"]
    wide = frame.groupby("channel")[steps].sum().astype(np.int64)
    wide = wide.sort_values("reached", ascending=False, kind="stable")
    long = wide.reset_index().melt(id_vars="channel", var_name="step", value_name="n")
    long["step"] = pd.Categorical(long["step"], categories=steps, ordered=True)
    long["channel"] = pd.Categorical(long["channel"], categories=list(wide.index), ordered=True)
    long = long.sort_values(["channel", "step"]).reset_index(drop=True)
    reached = long.groupby("channel", observed=True)["n"].transform("first")
    previous = long.groupby("channel", observed=True)["n"].shift(1)
    long["share_of_reached"] = long["n"] / reached
    long["step_rate"] = (long["n"] / previous).where(previous.notna(), 1.0)
    long["channel"] = long["channel"].astype(str)
    return long


def channel_economics(
    prospects: pd.DataFrame,
    orders: pd.DataFrame,
    marketing_spend: pd.DataFrame,
    *,
    start: Any = None,
    end: Any = None,
    horizon_days: int | None = None,
    prospect_col: str = "prospect_id",
    touch_col: str = "first_touch_date",
    channel_col: str = "channel",
    customer_col: str = "customer_id",
    order_date_col: str = "order_date",
    amount_col: str = "amount",
    status_col: str | None = "status",
    completed: Any = "completed",
    spend_date_col: str = "date",
    spend_col: str = "spend",
) -> pd.DataFrame:
    """Spend, conversion, CAC and ROAS per channel over a period.

    A customer is acquired by the channel of their prospect row (the first-touch channel) on the day
    of their first completed order. Within ``[start, end]`` (whole days, default: the whole spend
    table):

    * ``spend`` — marketing spend of the channel;
    * ``prospects`` — people first reached in the period; ``new_customers`` — first purchases in the
      period (some of them were reached before it);
    * ``conversion_rate`` = new_customers / prospects; ``cost_per_prospect`` = spend / prospects;
    * ``cac`` (customer acquisition cost) = spend / new_customers;
    * ``revenue`` — completed-order revenue of the new customers: their first order only when
      ``horizon_days`` is None, else every order at most ``horizon_days`` days (24-hour days, counted
      from the first order's timestamp) after the first one, the first included — so that every
      customer is followed equally long, ``end + horizon_days`` must lie inside the orders;
    * ``roas`` (return on ad spend) = revenue / spend.

    Ratios with a zero denominator are NaN: a channel without new customers has no CAC, and a channel
    without spend (direct visits) has a CAC of 0 but no ROAS. TV has spend but no clicks, so no
    customer is credited to it here: see :func:`fit_adstock`.

    Returns
    -------
    DataFrame
        One row per channel found in either table, largest spend first, with the columns above.
    """
    require_columns(
        prospects, [prospect_col, touch_col, channel_col, customer_col], table="prospects"
    )
    require_nonempty(prospects, table="prospects")
    o_date = _check_orders(
        orders,
        order_col=None,
        customer_col=customer_col,
        date_col=order_date_col,
        amount_col=amount_col,
        status_col=status_col,
    )
    require_columns(
        marketing_spend, [spend_date_col, channel_col, spend_col], table="marketing_spend"
    )
    require_nonempty(marketing_spend, table="marketing_spend")
    require_nonnegative(marketing_spend, spend_col, table="marketing_spend")
    s_date = require_datetimes(marketing_spend, spend_date_col, table="marketing_spend")
    p_date = require_datetimes(prospects, touch_col, table="prospects")
    t0 = as_timestamp(start, "start").normalize() if start is not None else s_date.min().normalize()
    t1 = as_timestamp(end, "end").normalize() if end is not None else s_date.max().normalize()
    if t1 < t0:
        raise ValueError(f"end ({t1.date()}) is before start ({t0.date()}): swap them")
    stop = t1 + pd.Timedelta(days=1)  # end is a whole day
    if horizon_days is not None:
        horizon_days = require_whole(horizon_days, "horizon_days", minimum=0)
        last = o_date.max()
        if stop + pd.Timedelta(days=horizon_days) > last + pd.Timedelta(days=1):
            raise ValueError(
                f"end + horizon_days = {(t1 + pd.Timedelta(days=horizon_days)).date()} is after the last "
                f"order ({last.date()}): revenue of the last customers would be cut off; choose an "
                "earlier end or a shorter horizon_days"
            )
    require_same_id_type(
        prospects[customer_col],
        orders[customer_col],
        left_name=f"prospects.{customer_col}",
        right_name=f"orders.{customer_col}",
    )
    done = _completed(orders, status_col, completed)

    in_s = ((s_date >= t0) & (s_date < stop)).to_numpy()
    spend = (
        marketing_spend.loc[in_s]
        .assign(_c=marketing_spend.loc[in_s, channel_col].astype(str))
        .groupby("_c")[spend_col]
        .sum()
        .astype(float)
    )
    in_p = ((p_date >= t0) & (p_date < stop)).to_numpy()
    reached = prospects.loc[in_p, channel_col].astype(str).value_counts()

    first = _first_purchases(
        orders.assign(**{order_date_col: o_date}),
        done,
        customer_col=customer_col,
        date_col=order_date_col,
        amount_col=amount_col,
    )
    linked = prospects.dropna(subset=[customer_col])
    dup = linked[customer_col].duplicated()
    if dup.any():
        raise ValueError(
            f"prospects.{customer_col} links {linked.loc[dup, customer_col].iloc[0]!r} to more than one "
            "prospect: keep one prospect row per customer (the first touch)"
        )
    channel_of = linked.set_index(customer_col)[channel_col].astype(str)
    first = first[(first[order_date_col] >= t0) & (first[order_date_col] < stop)]
    first = first.assign(channel=channel_of.reindex(first.index).to_numpy())
    if first["channel"].isna().any():
        missing = first.index[first["channel"].isna()][:3].tolist()
        raise ValueError(
            f"{int(first['channel'].isna().sum())} new customer(s) (e.g. {missing}) have no row in "
            f"prospects.{customer_col}: every customer needs the prospect row that acquired them"
        )
    if horizon_days is None:
        revenue = first.groupby("channel")[amount_col].sum().astype(float)
    else:
        buys = orders.loc[done, [customer_col, amount_col]].assign(_t=o_date[done].to_numpy())
        buys = buys[buys[customer_col].isin(first.index)]
        t_first = first[order_date_col].reindex(buys[customer_col]).to_numpy()
        within = buys["_t"].to_numpy() <= t_first + np.timedelta64(horizon_days, "D")
        buys = buys[within]
        revenue = (
            buys.groupby(first["channel"].reindex(buys[customer_col]).to_numpy())[amount_col]
            .sum()
            .astype(float)
        )
    new = first["channel"].value_counts()
    channels = sorted(set(spend.index) | set(reached.index) | set(new.index))
    out = pd.DataFrame(index=pd.Index(channels, name="channel"))
    out["spend"] = spend.reindex(channels).fillna(0.0)
    out["prospects"] = reached.reindex(channels).fillna(0).astype(np.int64)
    out["new_customers"] = new.reindex(channels).fillna(0).astype(np.int64)
    out["revenue"] = revenue.reindex(channels).fillna(0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["conversion_rate"] = (out["new_customers"] / out["prospects"]).where(
            out["prospects"] > 0
        )
        out["cost_per_prospect"] = (out["spend"] / out["prospects"]).where(out["prospects"] > 0)
        out["cac"] = (out["spend"] / out["new_customers"]).where(out["new_customers"] > 0)
        out["roas"] = (out["revenue"] / out["spend"]).where(out["spend"] > 0)
    out = out.sort_values(["spend", "new_customers"], ascending=False, kind="stable").reset_index()
    out.attrs.update(start=t0, end=t1, horizon_days=horizon_days)
    return out


# ----------------------------------------------------------------------------------- journeys
def build_journeys(
    touchpoints: pd.DataFrame,
    orders: pd.DataFrame,
    *,
    conversions: str = "first",
    lookback_days: int | None = None,
    include_non_converting: bool = True,
    prospect_col: str = "prospect_id",
    customer_col: str = "customer_id",
    timestamp_col: str = "timestamp",
    channel_col: str = "channel",
    order_col: str = "order_id",
    order_date_col: str = "order_date",
    amount_col: str = "amount",
    status_col: str | None = "status",
    completed: Any = "completed",
) -> pd.DataFrame:
    """Link every touchpoint to the conversion it leads to (see the module docstring).

    If ``touchpoints`` already has an ``order_col`` column, that link is used as it is (missing =
    not linked to a conversion): each linked touchpoint must happen on or before its order, which must
    be a conversion in ``orders``. Otherwise touchpoints are linked by time.

    Parameters
    ----------
    touchpoints : DataFrame
        ``customer_col`` (missing for people who never bought), ``timestamp_col``, ``channel_col`` and,
        for non-converting journeys, ``prospect_col``.
    orders : DataFrame
        ``order_col``, ``customer_col``, ``order_date_col``, ``amount_col``, ``status_col``.
    conversions : {"first", "all"}
        Count each customer's first completed order only, or every completed order.
    lookback_days : int, optional
        Only touchpoints at most this many days before the conversion count.
    include_non_converting : bool, default True
        Also return the journeys of people without a conversion (needed by the Markov model).

    Returns
    -------
    DataFrame
        One row per touchpoint that belongs to a journey, in journey then time order:
        ``journey_id`` (the order id, or ``"none:" + prospect_id`` for the journey of a person who
        never converted),
        ``customer_id``, ``timestamp``, ``channel`` (str), ``position`` (0 = first touch),
        ``n_touches`` (length of its journey), ``converted`` (bool), ``conversion_time`` and
        ``revenue`` (the order's amount; 0 for non-converting journeys). A conversion without
        touchpoints appears as one row with channel :data:`NO_TOUCHPOINT` and ``n_touches`` 0, so
        that summing one credit per converted journey gives every conversion.
    """
    if conversions not in ("first", "all"):
        raise ValueError(f"conversions must be 'first' or 'all', got {conversions!r}")
    if lookback_days is not None:
        lookback_days = require_whole(lookback_days, "lookback_days", minimum=1)
    explicit = isinstance(touchpoints, pd.DataFrame) and order_col in touchpoints.columns
    need = [customer_col, timestamp_col, channel_col] + (
        [prospect_col] if include_non_converting else []
    )
    require_columns(touchpoints, need, table="touchpoints")
    require_nonempty(touchpoints, table="touchpoints")
    t_time = require_datetimes(touchpoints, timestamp_col, table="touchpoints")
    o_time = _check_orders(
        orders,
        order_col=order_col,
        customer_col=customer_col,
        date_col=order_date_col,
        amount_col=amount_col,
        status_col=status_col,
    )
    require_ids(orders, order_col, table="orders", unique=True)
    require_same_id_type(
        touchpoints[customer_col],
        orders[customer_col],
        left_name=f"touchpoints.{customer_col}",
        right_name=f"orders.{customer_col}",
    )
    done = _completed(orders, status_col, completed)

    conv = pd.DataFrame(
        {
            "journey_id": orders[order_col].to_numpy()[done],
            "customer_id": orders[customer_col].to_numpy()[done],
            "conversion_time": o_time.to_numpy()[done],
            "revenue": pd.to_numeric(orders[amount_col]).to_numpy(dtype=float)[done],
        }
    ).sort_values(["customer_id", "conversion_time"], kind="stable")
    conv = conv[conv["customer_id"].notna()]
    if conversions == "first":
        conv = conv.drop_duplicates("customer_id")

    touches = pd.DataFrame(
        {
            "customer_id": touchpoints[customer_col].to_numpy(),
            "timestamp": t_time.to_numpy(),
            "channel": touchpoints[channel_col].astype(str).to_numpy(),
            "_row": np.arange(len(touchpoints)),
        }
    )
    if include_non_converting:
        touches["prospect"] = touchpoints[prospect_col].to_numpy()

    if explicit:
        link = touchpoints[order_col]
        linked = link.notna().to_numpy()
        known = pd.Index(conv["journey_id"])
        pos = known.get_indexer(link[linked])
        if (pos < 0).any():
            bad = pd.unique(link[linked][pos < 0])[:3].tolist()
            raise ValueError(
                f"touchpoints.{order_col} names {int((pos < 0).sum())} touchpoint(s)' order(s) that are not "
                f"conversions in orders (e.g. {bad}): with conversions={conversions!r} only "
                + ("first completed orders" if conversions == "first" else "completed orders")
                + " convert; fix the links or use conversions='all'"
            )
        touches["journey_id"] = None
        touches.loc[linked, "journey_id"] = link[linked].to_numpy()
        ctime = conv["conversion_time"].to_numpy()[pos]
        late = touches.loc[linked, "timestamp"].to_numpy() > ctime
        if late.any():
            example = link[linked].to_numpy()[late][0]
            raise ValueError(
                f"touchpoints has {int(late.sum())} touchpoint(s) after the conversion they would credit "
                f"(e.g. a touchpoint linked to order {example!r} happens after that order): a touchpoint "
                f"can only lead to a later order; fix the timestamps or the {order_col} links"
            )
        if lookback_days is not None:
            early = touches.loc[linked, "timestamp"].to_numpy() < ctime - np.timedelta64(
                lookback_days, "D"
            )
            idx = np.flatnonzero(linked)[early]
            touches.loc[idx, "journey_id"] = None
    else:
        # each touch goes to the customer's first conversion at or after it
        touches["journey_id"] = None
        has_c = touches["customer_id"].notna().to_numpy()
        cand = touches.loc[has_c, ["customer_id", "timestamp", "_row"]].sort_values("timestamp")
        right = conv[["customer_id", "conversion_time", "journey_id"]].sort_values(
            "conversion_time"
        )
        # the same key dtype on both sides (object strings vs pandas' str dtype would not merge)
        cand = cand.astype({"customer_id": object})
        right = right.astype({"customer_id": object})
        m = pd.merge_asof(
            cand,
            right,
            left_on="timestamp",
            right_on="conversion_time",
            by="customer_id",
            direction="forward",
        )
        # with conversions="first", touches after the first purchase find no later conversion and
        # stay unlinked; with "all", the next conversion is always after the previous one
        keep = m["journey_id"].notna()
        if lookback_days is not None:
            keep &= m["timestamp"] >= m["conversion_time"] - pd.Timedelta(days=lookback_days)
        touches.loc[m.loc[keep, "_row"].to_numpy(), "journey_id"] = m.loc[
            keep, "journey_id"
        ].to_numpy()

    ok = touches["journey_id"].notna()
    journeys = touches[ok].merge(
        conv[["journey_id", "conversion_time", "revenue"]], on="journey_id", how="left"
    )
    journeys["converted"] = True
    empty = conv[~conv["journey_id"].isin(journeys["journey_id"])]
    parts = [journeys]
    if len(empty):
        parts.append(
            pd.DataFrame(
                {
                    "journey_id": empty["journey_id"].to_numpy(),
                    "customer_id": empty["customer_id"].to_numpy(),
                    "timestamp": empty["conversion_time"].to_numpy(),
                    "channel": NO_TOUCHPOINT,
                    "conversion_time": empty["conversion_time"].to_numpy(),
                    "revenue": empty["revenue"].to_numpy(),
                    "converted": True,
                    "_row": -1,
                }
            )
        )
    if include_non_converting:
        # people who never converted (no customer id, or a customer without a completed order): every
        # touch of theirs forms one journey per prospect
        never = (
            ~ok & ~touches["customer_id"].isin(conv["customer_id"]) & touches["prospect"].notna()
        )
        lost = touches[never.to_numpy()]
        parts.append(
            pd.DataFrame(
                {
                    "journey_id": "none:" + lost["prospect"].astype(str).to_numpy(),
                    "customer_id": lost["customer_id"].to_numpy(),
                    "timestamp": lost["timestamp"].to_numpy(),
                    "channel": lost["channel"].to_numpy(),
                    "conversion_time": pd.NaT,
                    "revenue": 0.0,
                    "converted": False,
                    "_row": lost["_row"].to_numpy(),
                }
            )
        )
    out = pd.concat(parts, ignore_index=True)
    out = out.sort_values(["journey_id", "timestamp", "_row"], kind="stable").reset_index(drop=True)
    out["position"] = out.groupby("journey_id").cumcount()
    out["n_touches"] = out.groupby("journey_id")["channel"].transform("size")
    out.loc[out["channel"] == NO_TOUCHPOINT, "n_touches"] = 0
    cols = ["journey_id", "customer_id", "timestamp", "channel", "position", "n_touches"]
    return out[[*cols, "converted", "conversion_time", "revenue"]]


# ----------------------------------------------------------------------------------- attribution
def _rule_weights(j: pd.DataFrame, model: str, half_life_days: float, ends: tuple[float, float]):
    """Credit share of each touch within its journey (shares of one journey sum to 1)."""
    n = j["n_touches"].to_numpy()
    pos = j["position"].to_numpy()
    one = np.maximum(n, 1)
    if model == "first_touch":
        w = (pos == 0).astype(float)
    elif model == "last_touch":
        w = (pos == one - 1).astype(float)
    elif model == "linear":
        w = 1.0 / one
    elif model == "time_decay":
        age = (j["conversion_time"] - j["timestamp"]).dt.total_seconds().to_numpy() / 86_400.0
        raw = np.power(0.5, age / half_life_days)
        w = raw / pd.Series(raw).groupby(j["journey_id"].to_numpy()).transform("sum").to_numpy()
    else:  # position_based
        first_w, last_w = ends
        middle = (1.0 - first_w - last_w) / np.maximum(n - 2, 1)
        w = np.where(pos == 0, first_w, np.where(pos == one - 1, last_w, middle))
        w = np.where(n == 1, 1.0, w)
        w = np.where(n == 2, np.where(pos == 0, first_w, last_w) / (first_w + last_w), w)
    return np.where(n == 0, 1.0, w)  # the NO_TOUCHPOINT row of an empty journey


def markov_removal_effects(journeys: pd.DataFrame) -> pd.DataFrame:
    """First-order Markov model of the journeys: conversion probability and removal effect per channel.

    States are the channels, plus ``start``, ``conversion`` and ``null`` (the journey ends without a
    conversion). Transition probabilities are estimated from consecutive touches of every journey,
    converting or not. The **removal effect** of a channel is the relative drop in the probability of
    reaching ``conversion`` from ``start`` when every path through that channel is cut (it leads to
    ``null`` instead): ``1 − P(conversion without c) / P(conversion)``.

    Parameters
    ----------
    journeys : DataFrame
        From :func:`build_journeys` (with non-converting journeys); :data:`NO_TOUCHPOINT` rows are
        left out.

    Returns
    -------
    DataFrame
        One row per channel: ``channel``, ``removal_effect`` (0–1) and ``share`` (removal effects
        normalised to sum to 1). ``attrs["conversion_probability"]`` is P(conversion) from ``start``.
    """
    require_columns(journeys, ["journey_id", "channel", "converted", "position"], table="journeys")
    j = journeys[journeys["channel"] != NO_TOUCHPOINT]
    if len(j) == 0:
        raise ValueError("journeys has no touchpoints: the Markov model needs at least one journey")
    if j["converted"].all():
        raise ValueError(
            "journeys has no non-converting journey: the Markov model needs people who did not buy "
            "(build_journeys(..., include_non_converting=True) with their prospect_id)"
        )
    channels = sorted(j["channel"].unique())
    k = len(channels)
    START, CONV, NULL = k, k + 1, k + 2
    code = pd.Categorical(j["channel"], categories=channels).codes.astype(np.int64)
    jid = j["journey_id"].to_numpy()
    new = np.r_[True, jid[1:] != jid[:-1]]
    end = np.r_[jid[1:] != jid[:-1], True]
    prev = np.where(new, START, np.r_[START, code[:-1]])
    counts = np.zeros((k + 3, k + 3))
    np.add.at(counts, (prev, code), 1.0)
    absorb = np.where(j["converted"].to_numpy()[end], CONV, NULL)
    np.add.at(counts, (code[end], absorb), 1.0)
    rows = counts.sum(axis=1, keepdims=True)
    P = np.divide(counts, rows, out=np.zeros_like(counts), where=rows > 0)
    transient = list(range(k)) + [START]

    def p_conv(removed: int | None) -> float:
        keep = [s for s in transient if s != removed]
        Q = P[np.ix_(keep, keep)]
        r = P[keep, CONV]
        x = np.linalg.solve(np.eye(len(keep)) - Q, r)
        return float(x[keep.index(START)])

    base = p_conv(None)
    effects = np.array([1.0 - p_conv(c) / base if base > 0 else 0.0 for c in range(k)])
    effects = np.clip(effects, 0.0, 1.0)
    total = effects.sum()
    out = pd.DataFrame(
        {
            "channel": channels,
            "removal_effect": effects,
            "share": effects / total if total > 0 else np.full(k, 1.0 / k),
        }
    )
    out.attrs["conversion_probability"] = base
    return out


def attribute(
    touchpoints: pd.DataFrame,
    orders: pd.DataFrame,
    *,
    model: str,
    conversions: str = "first",
    lookback_days: int | None = None,
    half_life_days: float = 7.0,
    position_weights: tuple[float, float] = (0.4, 0.4),
    **columns: str,
) -> pd.DataFrame:
    """Credit conversions and their revenue to channels under one attribution model.

    Parameters
    ----------
    touchpoints, orders : DataFrame
        As in :func:`build_journeys`.
    model : {"first_touch", "last_touch", "linear", "time_decay", "position_based", "markov"}
        * ``first_touch`` / ``last_touch``: all credit to the first / last touch of the journey;
        * ``linear``: equal shares;
        * ``time_decay``: shares ∝ 2^(−age / ``half_life_days``), age = days from the touch to the
          conversion;
        * ``position_based`` (U-shaped): ``position_weights`` (default 40 % / 40 %) to the first and the
          last touch, the rest shared equally by the touches between; two touches split the credit
          in proportion to the two weights, a single touch takes it all;
        * ``markov``: data-driven — each channel's share of the removal effects
          (:func:`markov_removal_effects`) times the conversions and the revenue with touchpoints.
    conversions, lookback_days
        As in :func:`build_journeys`.
    **columns
        Column names, as in :func:`build_journeys` (``customer_col=``, ``timestamp_col=``, …).

    Returns
    -------
    DataFrame
        One row per channel that receives credit, most credited first: ``channel``, ``conversions``
        (credited, a fractional count), ``revenue`` (credited VND) and ``share`` (of the conversions).
        The ``conversions`` column sums to the number of conversions and ``revenue`` to their revenue.
        ``attrs`` records the model and the totals.
    """
    _check_model(model)
    opts = _model_options(half_life_days, position_weights)
    journeys = build_journeys(
        touchpoints,
        orders,
        conversions=conversions,
        lookback_days=lookback_days,
        include_non_converting=(model == "markov"),
        **columns,
    )
    return _credit(journeys, model, **opts)


def _check_model(model: Any) -> None:
    if model not in MODELS:
        raise ValueError(f"unknown attribution model {model!r}: choose one of {', '.join(MODELS)}")


def _model_options(half_life_days: Any, position_weights: Any) -> dict[str, Any]:
    half_life_days = _check_positive_number(half_life_days, "half_life_days")
    if (
        not isinstance(position_weights, Sequence)
        or len(position_weights) != 2
        or any(isinstance(w, bool) or not isinstance(w, numbers.Real) for w in position_weights)
    ):
        raise TypeError("position_weights must be two numbers (first, last), e.g. (0.4, 0.4)")
    fw, lw = (float(w) for w in position_weights)
    if fw < 0 or lw < 0 or fw + lw > 1 or fw + lw == 0:
        raise ValueError(
            f"position_weights {position_weights} must be ≥ 0 with 0 < first + last ≤ 1 (e.g. (0.4, 0.4))"
        )
    return {"half_life_days": half_life_days, "ends": (fw, lw)}


def _credit(
    journeys: pd.DataFrame, model: str, *, half_life_days: float, ends: tuple[float, float]
) -> pd.DataFrame:
    """Credited conversions and revenue per channel from the journeys of :func:`build_journeys`."""
    conv = journeys[journeys["converted"]]
    per_journey = conv.drop_duplicates("journey_id")
    n_conv = len(per_journey)
    total_revenue = float(per_journey["revenue"].sum())
    if n_conv == 0:
        raise ValueError(
            "no conversion found: no completed order belongs to a customer in touchpoints; check the "
            "customer ids and the status column"
        )
    if model == "markov":
        with_touch = per_journey[per_journey["channel"] != NO_TOUCHPOINT]
        effects = markov_removal_effects(journeys)
        bare = per_journey[per_journey["channel"] == NO_TOUCHPOINT]
        credit = pd.DataFrame(
            {
                "channel": [*effects["channel"], NO_TOUCHPOINT],
                "conversions": [*(effects["share"] * len(with_touch)), float(len(bare))],
                "revenue": [
                    *(effects["share"] * float(with_touch["revenue"].sum())),
                    float(bare["revenue"].sum()),
                ],
            }
        )
    else:
        w = _rule_weights(conv, model, half_life_days, ends)
        credit = (
            pd.DataFrame(
                {
                    "channel": conv["channel"].to_numpy(),
                    "conversions": w,
                    "revenue": w * conv["revenue"].to_numpy(),
                }
            )
            .groupby("channel", as_index=False)[["conversions", "revenue"]]
            .sum()
        )
    credit = credit[credit["conversions"] > 1e-12]
    credit = credit.sort_values(["conversions", "channel"], ascending=[False, True], kind="stable")
    credit["share"] = credit["conversions"] / n_conv
    credit = credit.reset_index(drop=True)
    credit.attrs.update(model=model, n_conversions=n_conv, total_revenue=total_revenue)
    return credit


def compare_attribution(
    touchpoints: pd.DataFrame,
    orders: pd.DataFrame,
    *,
    models: Iterable[str] = MODELS,
    conversions: str = "first",
    lookback_days: int | None = None,
    half_life_days: float = 7.0,
    position_weights: tuple[float, float] = (0.4, 0.4),
    **columns: str,
) -> pd.DataFrame:
    """Run :func:`attribute` for several models and put the credited conversions side by side.

    The journeys are built once and shared by the models; the options are those of
    :func:`attribute`.

    Returns
    -------
    DataFrame
        Long form: ``model``, ``channel``, ``conversions``, ``revenue``, ``share`` — one block per model
        (channels without credit under a model get 0).
    """
    models = list(models)
    if not models:
        raise ValueError("models is empty: name at least one of " + ", ".join(MODELS))
    for m in models:
        _check_model(m)
    opts = _model_options(half_life_days, position_weights)
    journeys = build_journeys(
        touchpoints,
        orders,
        conversions=conversions,
        lookback_days=lookback_days,
        include_non_converting="markov" in models,
        **columns,
    )
    parts = [_credit(journeys, m, **opts).assign(model=m) for m in models]
    long = pd.concat(parts, ignore_index=True)
    grid = pd.MultiIndex.from_product(
        [models, sorted(long["channel"].unique())], names=["model", "channel"]
    )
    long = long.set_index(["model", "channel"]).reindex(grid, fill_value=0.0).reset_index()
    return long[["model", "channel", "conversions", "revenue", "share"]]


# ----------------------------------------------------------------------------------- selection
def prospect_features(
    prospects: pd.DataFrame,
    touchpoints: pd.DataFrame,
    orders: pd.DataFrame,
    *,
    window_hours: int = 24,
    horizon_days: int = 30,
    prospect_col: str = "prospect_id",
    touch_col: str = "first_touch_date",
    channel_col: str = "channel",
    customer_col: str = "customer_id",
    timestamp_col: str = "timestamp",
    kind_col: str | None = "kind",
    order_date_col: str = "order_date",
    amount_col: str = "amount",
    status_col: str | None = "status",
    completed: Any = "completed",
) -> pd.DataFrame:
    """What a shop knows about each prospect ``window_hours`` after the first touch, and the outcome.

    The scoring moment is ``first touch + window_hours``. Prospects who bought before it are already
    customers and are left out. The label ``converted`` is a first completed order in the
    ``horizon_days`` days after the scoring moment. A prospect whose horizon runs past the last
    order has an unknown outcome: ``label_complete`` is False.

    Returns
    -------
    DataFrame
        One row per prospect still to be won: ``prospect_id``, ``first_touch_date``, ``channel`` (str),
        ``hour`` (0–23), ``weekday`` (0 = Monday), ``month``, ``n_touches`` (in the window, the first
        included), ``n_clicks`` and ``n_impressions`` (with ``kind_col``), ``n_channels`` (distinct),
        ``converted`` (bool) and ``label_complete`` (bool).
    """
    window_hours = require_whole(window_hours, "window_hours", minimum=1)
    horizon_days = require_whole(horizon_days, "horizon_days", minimum=1)
    require_columns(
        prospects, [prospect_col, touch_col, channel_col, customer_col], table="prospects"
    )
    require_nonempty(prospects, table="prospects")
    cols = [prospect_col, timestamp_col, channel_col] + ([kind_col] if kind_col else [])
    require_columns(touchpoints, cols, table="touchpoints")
    o_time = _check_orders(
        orders,
        order_col=None,
        customer_col=customer_col,
        date_col=order_date_col,
        amount_col=amount_col,
        status_col=status_col,
    )
    done = _completed(orders, status_col, completed)
    require_ids(prospects, prospect_col, table="prospects", unique=True)
    require_same_id_type(
        prospects[customer_col],
        orders[customer_col],
        left_name=f"prospects.{customer_col}",
        right_name=f"orders.{customer_col}",
    )
    p_time = require_datetimes(prospects, touch_col, table="prospects")
    t_time = require_datetimes(touchpoints, timestamp_col, table="touchpoints")
    window = pd.Timedelta(hours=window_hours)

    first_buy = (
        pd.Series(o_time.to_numpy()[done]).groupby(orders[customer_col].to_numpy()[done]).min()
    )
    buy = prospects[customer_col].map(first_buy)
    score_at = p_time + window
    keep = (buy.isna() | (buy >= score_at)).to_numpy()
    base = pd.DataFrame(
        {
            "prospect_id": prospects[prospect_col].to_numpy(),
            "first_touch_date": p_time.to_numpy(),
            "channel": prospects[channel_col].astype(str).to_numpy(),
        }
    )[keep]
    t = pd.DataFrame(
        {
            "p": touchpoints[prospect_col].to_numpy(),
            "t": t_time.to_numpy(),
            "ch": touchpoints[channel_col].astype(str).to_numpy(),
        }
    )
    if kind_col:
        t["kind"] = touchpoints[kind_col].astype(str).to_numpy()
    start = pd.Series(base["first_touch_date"].to_numpy(), index=base["prospect_id"].to_numpy())
    t = t[t["p"].isin(start.index)]
    t0 = start.reindex(t["p"]).to_numpy()
    t = t[(t["t"].to_numpy() >= t0) & (t["t"].to_numpy() < t0 + window.to_timedelta64())]
    g = t.groupby("p")
    base["n_touches"] = base["prospect_id"].map(g.size()).fillna(0).astype(np.int64).to_numpy()
    if kind_col:
        for kind, name in (("click", "n_clicks"), ("impression", "n_impressions")):
            counts = t[t["kind"] == kind].groupby("p").size()
            base[name] = base["prospect_id"].map(counts).fillna(0).astype(np.int64).to_numpy()
    base["n_channels"] = (
        base["prospect_id"].map(g["ch"].nunique()).fillna(0).astype(np.int64).to_numpy()
    )
    ts = base["first_touch_date"]
    base.insert(3, "hour", ts.dt.hour.astype(np.int64))
    base.insert(4, "weekday", ts.dt.day_of_week.astype(np.int64))
    base.insert(5, "month", ts.dt.month.astype(np.int64))
    b = buy.to_numpy()[keep]
    s_at = score_at.to_numpy()[keep]
    horizon_end = s_at + np.timedelta64(horizon_days, "D")
    base["converted"] = pd.notna(b) & (b < horizon_end)
    base["label_complete"] = horizon_end <= o_time.max().to_datetime64()
    return base.reset_index(drop=True)


@dataclass
class ProspectScores:
    """Result of :func:`score_prospects`.

    Attributes
    ----------
    model : sklearn Pipeline
        Fitted on the training prospects.
    test : DataFrame
        The test prospects with ``score`` (predicted probability to convert).
    roc_auc : float
        On the test prospects.
    gains : DataFrame
        :func:`gains_table` of the test prospects.
    n_train, n_test : int
    base_rate : float
        Conversion rate of the test prospects.
    """

    model: Any
    test: pd.DataFrame
    roc_auc: float
    gains: pd.DataFrame
    n_train: int
    n_test: int
    base_rate: float
    features: list[str] = field(default_factory=list)


_NUMERIC_FEATURES = ("n_touches", "n_clicks", "n_impressions", "n_channels")
_CATEGORICAL_FEATURES = ("channel", "weekday", "hour", "month")


def score_prospects(
    features: pd.DataFrame,
    *,
    cutoff: Any,
    numeric: Sequence[str] | None = None,
    categorical: Sequence[str] | None = None,
    C: float = 1.0,
    n_bins: int = 10,
) -> ProspectScores:
    """Train a logistic-regression prospect score on earlier prospects and test it on later ones.

    Prospects first touched before ``cutoff`` train the model; those on or after it test it (a
    time-based split: the model is judged on prospects it has never seen, as it would be used).
    Only prospects with ``label_complete`` are used.

    Parameters
    ----------
    features : DataFrame
        From :func:`prospect_features`.
    cutoff : date-like
        First day of the test period.
    numeric, categorical : list of str, optional
        Feature columns; default: the count columns present, and channel, weekday, hour, month
        (one-hot encoded; unseen categories are ignored).
    C : float, default 1.0
        Inverse regularisation strength of the logistic regression.

    Returns
    -------
    ProspectScores
    """
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    numeric = (
        [c for c in _NUMERIC_FEATURES if c in features.columns]
        if numeric is None
        else list(numeric)
    )
    categorical = list(_CATEGORICAL_FEATURES) if categorical is None else list(categorical)
    require_columns(
        features,
        ["first_touch_date", "converted", "label_complete", *numeric, *categorical],
        table="features",
    )
    require_nonempty(features, table="features")
    C = _check_positive_number(C, "C")
    ts = as_timestamp(cutoff, "cutoff")
    usable = features[features["label_complete"].to_numpy(dtype=bool)]
    when = require_datetimes(usable, "first_touch_date", table="features")
    train, test = usable[(when < ts).to_numpy()], usable[(when >= ts).to_numpy()]
    for name, part in (("training (before cutoff)", train), ("test (from cutoff on)", test)):
        if len(part) == 0 or part["converted"].nunique() < 2:
            raise ValueError(
                f"the {name} prospects need both converted and unconverted people, but there are "
                f"{len(part)} prospect(s) with {int(part['converted'].sum())} conversion(s): move cutoff "
                f"(it is {ts.date()}; prospects with complete labels run from {when.min().date()} to "
                f"{when.max().date()})"
            )
    pipe = Pipeline(
        [
            (
                "features",
                ColumnTransformer(
                    [
                        ("counts", StandardScaler(), numeric),
                        ("groups", OneHotEncoder(handle_unknown="ignore"), categorical),
                    ]
                ),
            ),
            ("model", LogisticRegression(C=C, max_iter=2000)),
        ]
    )
    X_cols = [*numeric, *categorical]
    pipe.fit(train[X_cols], train["converted"].astype(bool))
    scored = test.assign(score=pipe.predict_proba(test[X_cols])[:, 1])
    auc = float(roc_auc_score(scored["converted"].astype(bool), scored["score"]))
    return ProspectScores(
        model=pipe,
        test=scored.reset_index(drop=True),
        roc_auc=auc,
        gains=gains_table(scored["converted"], scored["score"], n_bins=n_bins),
        n_train=len(train),
        n_test=len(test),
        base_rate=float(scored["converted"].mean()),
        features=X_cols,
    )


def gains_table(y_true: Any, score: Any, *, n_bins: int = 10) -> pd.DataFrame:
    """Cumulative gains and lift: contact people in order of score, what share of buyers do you reach?

    People are sorted by ``score``, highest first (ties in the order given), and cut into ``n_bins``
    groups of (almost) equal size — deciles by default; group 1 holds the highest scores.

    Returns
    -------
    DataFrame
        One row per group: ``group``, ``n``, ``positives``, ``rate`` (positives / n),
        ``cum_share_contacted``, ``cum_share_positives`` (the gain), ``lift`` (rate / overall rate) and
        ``cum_lift`` (cum_share_positives / cum_share_contacted).

    Examples
    --------
    >>> gains_table([1, 0, 1, 0], [0.9, 0.8, 0.3, 0.1], n_bins=2)[["group", "positives", "lift"]]
       group  positives  lift
    0      1          1   1.0
    1      2          1   1.0
    """
    n_bins = require_whole(n_bins, "n_bins", minimum=1)
    y = pd.Series(y_true).reset_index(drop=True)
    s = pd.Series(score).reset_index(drop=True)
    if len(y) != len(s):
        raise ValueError(
            f"y_true has {len(y)} values but score has {len(s)}: give one score per person"
        )
    if len(y) == 0:
        raise ValueError("y_true is empty: give at least one person")
    if len(y) < n_bins:
        raise ValueError(f"{len(y)} people cannot fill n_bins={n_bins} groups: use fewer groups")
    if not set(pd.unique(y.astype(float))) <= {0.0, 1.0}:
        raise ValueError("y_true must hold 0/1 or True/False outcomes")
    s = pd.to_numeric(s, errors="coerce")
    if s.isna().any():
        raise ValueError(f"score has {int(s.isna().sum())} missing or non-numeric value(s)")
    order = np.argsort(-s.to_numpy(dtype=float), kind="stable")
    yy = y.to_numpy(dtype=float)[order]
    group = np.arange(len(yy)) * n_bins // len(yy) + 1
    n = np.bincount(group, minlength=n_bins + 1)[1:]
    pos = np.bincount(group, weights=yy, minlength=n_bins + 1)[1:]
    total = yy.sum()
    overall = total / len(yy)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = pd.DataFrame(
            {
                "group": np.arange(1, n_bins + 1),
                "n": n.astype(np.int64),
                "positives": pos.astype(np.int64),
                "rate": pos / n,
                "cum_share_contacted": np.cumsum(n) / len(yy),
                "cum_share_positives": np.cumsum(pos) / total if total > 0 else np.nan,
                "lift": (pos / n) / overall if overall > 0 else np.nan,
            }
        )
    out["cum_lift"] = out["cum_share_positives"] / out["cum_share_contacted"]
    return out


# ----------------------------------------------------------------------------------- TV adstock
def adstock(spend: Any, decay: float) -> np.ndarray:
    """Geometric adstock ``A_t = spend_t + decay · A_{t−1}`` (``A_{−1} = 0``).

    >>> adstock([100, 0, 0, 50], 0.5).tolist()
    [100.0, 50.0, 25.0, 62.5]
    """
    decay = _check_positive_number(decay, "decay", allow_zero=True)
    if decay >= 1:
        raise ValueError(f"decay must be in [0, 1) (a share carried over per day), got {decay}")
    x = np.asarray(spend, dtype=float)
    if x.ndim != 1:
        raise ValueError("spend must be one-dimensional: one value per day")
    if np.isnan(x).any() or (x < 0).any():
        raise ValueError("spend must hold non-negative numbers without gaps (NaN)")
    from scipy.signal import lfilter

    return lfilter([1.0], [1.0, -decay], x)


def tv_response_table(
    prospects: pd.DataFrame,
    marketing_spend: pd.DataFrame,
    *,
    tv_channel: str = "tv",
    response_channels: Sequence[str] = ("direct", "organic_search"),
    control_channels: Sequence[str] = (
        "paid_search",
        "facebook",
        "tiktok",
        "zalo",
        "email",
        "affiliate",
    ),
    touch_col: str = "first_touch_date",
    channel_col: str = "channel",
    spend_date_col: str = "date",
    spend_col: str = "spend",
) -> pd.DataFrame:
    """Daily table for the TV regression: TV spend, new visitors that TV can drive, a seasonal control.

    Returns
    -------
    DataFrame
        One row per day of the spend table: ``date``, ``tv_spend`` (VND), ``visits`` (people first
        reached through ``response_channels`` — direct and organic search, where a viewer who saw the
        advert shows up) and ``control`` (people first reached through ``control_channels``, which TV
        does not drive but which follow the same seasons and sale days).
    """
    require_columns(prospects, [touch_col, channel_col], table="prospects")
    require_nonempty(prospects, table="prospects")
    require_columns(
        marketing_spend, [spend_date_col, channel_col, spend_col], table="marketing_spend"
    )
    require_nonempty(marketing_spend, table="marketing_spend")
    require_nonnegative(marketing_spend, spend_col, table="marketing_spend")
    s_date = require_datetimes(
        marketing_spend, spend_date_col, table="marketing_spend"
    ).dt.normalize()
    is_tv = (marketing_spend[channel_col].astype(str) == tv_channel).to_numpy()
    if not is_tv.any():
        raise ValueError(
            f"marketing_spend.{channel_col} has no {tv_channel!r} rows: pass tv_channel= with the name "
            "of your TV channel"
        )
    days = pd.date_range(s_date.min(), s_date.max(), freq="D")
    tv = marketing_spend.loc[is_tv, spend_col].groupby(s_date[is_tv].to_numpy()).sum()
    p_day = require_datetimes(prospects, touch_col, table="prospects").dt.normalize()
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


@dataclass
class AdstockFit:
    """Result of :func:`fit_adstock`.

    Attributes
    ----------
    decay, lag : float, int
        The adstock carry-over and the delay (days) that fit best.
    effect_per_million : float
        Extra visits per day per million VND of lagged adstock.
    r2 : float
        R² of the best regression.
    grid : DataFrame
        ``decay``, ``lag``, ``r2``, ``effect_per_million`` for every pair tried.
    coefficients : Series
        Coefficients of the best regression (intercept, adstock per VND, controls).
    """

    decay: float
    lag: int
    effect_per_million: float
    r2: float
    grid: pd.DataFrame
    coefficients: pd.Series

    @property
    def total_effect_per_million(self) -> float:
        """Extra visits, summed over all the following days, per million VND spent on one day.

        One million leaves an adstock of 1, d, d², … million, in total 1 / (1 − d). Neighbouring
        (decay, lag) pairs often fit almost as well with other per-day effects but nearly the same
        total: the total is the better-determined number.
        """
        return self.effect_per_million / (1.0 - self.decay)


def fit_adstock(
    daily: pd.DataFrame,
    *,
    spend_col: str = "tv_spend",
    response_col: str = "visits",
    controls: Sequence[str] = ("control",),
    decays: Iterable[float] | None = None,
    lags: Iterable[int] = range(0, 8),
    weekday_dummies: bool = True,
    date_col: str = "date",
) -> AdstockFit:
    """Recover TV's carry-over: regress daily visits on lagged adstock for a grid of decays and lags.

    For each ``decay`` and ``lag`` the model ``visits_t = b0 + b1 · A_{t−lag}(decay) + controls + ε``
    is fitted by least squares; the pair with the highest R² wins. Controls soak up what moves visits
    for other reasons (seasons, sale days, weekdays), which TV flights coincide with.

    Parameters
    ----------
    daily : DataFrame
        One row per consecutive day, e.g. from :func:`tv_response_table`.
    decays : iterable of float, optional
        Carry-overs to try, each in [0, 1); default 0, 0.05, …, 0.95.
    lags : iterable of int, default 0…7
        Delays in days to try.
    weekday_dummies : bool, default True
        Add one indicator per weekday (Tuesday … Sunday) to the controls; needs ``date_col``.
    date_col : str, default "date"
        The day of each row (only read for the weekday indicators).

    Returns
    -------
    AdstockFit
    """
    require_columns(daily, [spend_col, response_col, *controls], table="daily")
    require_nonempty(daily, table="daily")
    for c in (spend_col, response_col, *controls):
        require_nonnegative(daily, c, table="daily")
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
        raise ValueError(f"daily.{spend_col} is zero on every day: there is no TV to measure")
    y = daily[response_col].to_numpy(dtype=float)
    n = len(y)
    if n <= max(lags) + 10:
        raise ValueError(f"daily has {n} rows: too few days for lags up to {max(lags)}")
    base = [np.ones(n)] + [daily[c].to_numpy(dtype=float) for c in controls]
    names = ["intercept", "adstock", *controls]
    if weekday_dummies:
        if date_col not in daily.columns:
            raise ValueError(
                f"table 'daily' lacks column {date_col} for the weekday indicators: add the dates, "
                "pass date_col=…, or weekday_dummies=False"
            )
        wd = require_datetimes(daily, date_col, table="daily").dt.day_of_week.to_numpy()
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
    )


# ----------------------------------------------------------------------------------- plots
def _new_ax(ax, figsize):
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_funnel(
    table: pd.DataFrame, *, ax: Axes | None = None, top: int = 6, lang: str | None = None
) -> Axes:
    """Bars of each funnel step as a share of the people reached, for the ``top`` largest channels.

    ``table`` is the output of :func:`funnel`; the y axis is logarithmic because the steps differ by
    orders of magnitude. Labels are in ``lang`` (default: the current language).
    """
    import seaborn as sns

    from .i18n import label

    require_columns(table, ["channel", "step", "share_of_reached"], table="funnel")
    ax = _new_ax(ax, (9, 4.5))
    keep = list(dict.fromkeys(table["channel"]))[:top]
    part = table[table["channel"].isin(keep)]
    plot = pd.DataFrame(
        {
            "channel": part["channel"].map(lambda c: label(c, lang)),
            "step": part["step"].astype(str).map(lambda s: label(f"funnel_{s}", lang)),
            "share": part["share_of_reached"].to_numpy(),
        }
    )
    sns.barplot(data=plot, x="channel", y="share", hue="step", ax=ax)
    ax.set_yscale("log")
    ax.set_ylabel(label("share_of_reached_log", lang))
    ax.set_xlabel("")
    ax.legend(title="", loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.tick_params(axis="x", labelrotation=20)
    return ax


def plot_attribution(
    table: pd.DataFrame,
    *,
    ax: Axes | None = None,
    value: str = "conversions",
    lang: str | None = None,
) -> Axes:
    """Grouped horizontal bars: credited ``value`` per channel under each model.

    ``table`` is the output of :func:`compare_attribution`.
    """
    import seaborn as sns

    from .i18n import label

    require_columns(table, ["model", "channel", value], table="attribution")
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
    """Cumulative gains curve (from :func:`gains_table`) against the random-contact diagonal."""
    from .i18n import label

    require_columns(gains, ["cum_share_contacted", "cum_share_positives"], table="gains")
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
