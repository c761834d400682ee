"""Funnel and channel economics (spend, conversion, CAC, ROAS) per first-touch channel."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._validate import as_timestamp, require_same_id_type, require_whole
from ..errors import InputError
from ..tables import prepare_orders, prepare_prospects, prepare_spend, prepare_touchpoints
from ..vocabulary import codes
from ._common import completed_mask, first_purchases, order_roles, shared_docs


@shared_docs
def funnel(
    prospects: pd.DataFrame,
    orders: pd.DataFrame,
    *,
    touchpoints: pd.DataFrame | None = None,
    as_of: Any = None,
    prospect_col: str = "prospect_id",
    channel_col: str = "channel",
    customer_col: str = "customer_id",
    touch_date_col: str = "timestamp",
    order_col: str | None = "order_id",
    order_date_col: str = "order_date",
    status_col: str | None = "status",
    completed: Any = "completed",
) -> pd.DataFrame:
    """Acquisition funnel per first-touch channel: reached → (came back) → bought → bought again.

    The steps are nested: everyone in a step is also in the step before it, so ``step_rate`` is the
    share of the previous step's people who reach this one.

    Duplicated rows are not counted twice: prospect ids and order ids must be unique (an
    :class:`~ecrm_lab.InputError` names the first repeat), and touches of one person at the same moment
    count as one contact. Without order ids (``order_col=None``), orders of one customer at the same
    moment count as one order.

    Parameters
    ----------
    prospects : DataFrame
        One row per person reached: ``prospect_col`` (unique), ``channel_col`` (first-touch channel)
        and ``customer_col`` (missing for people who never became customers).
    orders : DataFrame
        ``order_col`` (unique), ``customer_col``, ``order_date_col`` and ``status_col``; the amount is
        not used.
    touchpoints : DataFrame, optional
        With ``prospect_col`` and ``touch_date_col``; adds the step ``engaged`` — people who came back
        after the first contact: a second touchpoint before their first purchase, or a purchase (a
        buyer came back to buy). Touchpoints after the first purchase do not count.
    as_of : date-like, optional
        End of the observation window: an order or touchpoint after it is an error.

    Returns
    -------
    DataFrame
        Long form, one row per channel and step, channels ordered by the number reached: ``channel``,
        ``step`` (``reached``, ``engaged`` when touchpoints are given, ``customer`` — at least one
        completed order, ``repeat`` — at least two), ``n`` (people), ``share_of_reached`` and
        ``step_rate`` (share of the previous step; 1 for ``reached``).
    """
    prospects = prepare_prospects(
        prospects,
        prospect_col=prospect_col,
        channel_col=channel_col,
        customer_col=customer_col,
        require=("prospect", "channel", "customer"),
    )
    roles = ("customer", "date") + (("order",) if order_col else ())
    orders = prepare_orders(
        orders,
        order_col=order_col,
        customer_col=customer_col,
        date_col=order_date_col,
        status_col=status_col,
        require=order_roles(*roles, status_col=status_col),
        as_of=as_of,
    )
    if touchpoints is not None:  # validate before any work
        touchpoints = prepare_touchpoints(
            touchpoints,
            prospect_col=prospect_col,
            date_col=touch_date_col,
            require=("prospect", "date"),
            as_of=as_of,
        )
    require_same_id_type(
        prospects[customer_col],
        orders[customer_col],
        left_name=f"prospects.{customer_col}",
        right_name=f"orders.{customer_col}",
    )
    done = completed_mask(orders, status_col, completed)
    bought = orders.loc[done, [customer_col, order_col or order_date_col]].drop_duplicates()
    n_buys = bought[customer_col].value_counts()
    buys = prospects[customer_col].map(n_buys).fillna(0).to_numpy()
    frame = pd.DataFrame(
        {
            "channel": prospects[channel_col].astype(str).to_numpy(),
            "reached": 1,
            "customer": buys >= 1,
            "repeat": buys >= 2,
        }
    )
    # the funnel steps in funnel order; "engaged" needs the touchpoints
    steps = [s for s in codes("funnel_step") if s != "engaged"]
    if touchpoints is not None:
        o_time = orders[order_date_col]
        first_buy = (
            pd.Series(o_time.to_numpy()[done]).groupby(orders[customer_col].to_numpy()[done]).min()
        )
        buy_time = pd.Series(
            prospects[customer_col].map(first_buy).to_numpy(), index=prospects[prospect_col]
        )
        limit = buy_time.reindex(touchpoints[prospect_col]).to_numpy()
        t_time = touchpoints[touch_date_col]
        before = pd.isna(limit) | (t_time.to_numpy() < limit)
        contacts = touchpoints.loc[before, [prospect_col, touch_date_col]].drop_duplicates()
        n_touch = contacts[prospect_col].value_counts()
        came_back = prospects[prospect_col].map(n_touch).fillna(0).to_numpy() >= 2
        frame["engaged"] = came_back | frame["customer"].to_numpy()
        steps = list(codes("funnel_step"))
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


@shared_docs
def channel_economics(
    prospects: pd.DataFrame,
    orders: pd.DataFrame,
    marketing_spend: pd.DataFrame,
    *,
    start: Any = None,
    end: Any = None,
    horizon_days: int | None = None,
    as_of: Any = None,
    prospect_col: str = "prospect_id",
    prospect_date_col: str = "first_touch_date",
    channel_col: str = "channel",
    customer_col: str = "customer_id",
    order_col: str | None = "order_id",
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

    Order ids (``order_col``) must be unique, so that no order is counted twice; pass
    ``order_col=None`` for a table without them. The spend table needs one row per day and channel.

    Parameters
    ----------
    prospects : DataFrame
        ``prospect_col`` (unique), ``prospect_date_col``, ``channel_col`` and ``customer_col`` (one
        prospect row per customer).
    orders : DataFrame
        ``order_col``, ``customer_col``, ``order_date_col``, ``amount_col`` and ``status_col``.
    marketing_spend : DataFrame
        ``spend_date_col``, ``channel_col`` and ``spend_col``; one row per day and channel.
    start, end : date-like, optional
        The period (whole days, both included); default: the days of the spend table.
    horizon_days : int, optional
        Follow each new customer's revenue this many days after the first order.

    Returns
    -------
    DataFrame
        One row per channel found in either table, largest spend first, with the columns above.
    """
    prospects = prepare_prospects(
        prospects,
        prospect_col=prospect_col,
        date_col=prospect_date_col,
        channel_col=channel_col,
        customer_col=customer_col,
        require=("prospect", "date", "channel", "customer"),
        as_of=as_of,
    )
    roles = ("customer", "date", "amount") + (("order",) if order_col else ())
    orders = prepare_orders(
        orders,
        order_col=order_col,
        customer_col=customer_col,
        date_col=order_date_col,
        amount_col=amount_col,
        status_col=status_col,
        require=order_roles(*roles, status_col=status_col),
        as_of=as_of,
    )
    marketing_spend = prepare_spend(
        marketing_spend,
        date_col=spend_date_col,
        channel_col=channel_col,
        spend_col=spend_col,
        as_of=as_of,
    )
    o_date = orders[order_date_col]
    s_date = marketing_spend[spend_date_col]
    p_date = prospects[prospect_date_col]
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
    done = completed_mask(orders, status_col, completed)

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

    first = first_purchases(
        orders,
        done,
        customer_col=customer_col,
        date_col=order_date_col,
        amount_col=amount_col,
    )
    linked = prospects.dropna(subset=[customer_col])
    dup = linked[customer_col].duplicated()
    if dup.any():
        raise InputError(
            f"links {linked.loc[dup, customer_col].iloc[0]!r} to more than one prospect",
            table="prospects",
            column=customer_col,
            row=linked.index[dup.to_numpy()][0],
            fix="keep one prospect row per customer (the first touch)",
        )
    channel_of = linked.set_index(customer_col)[channel_col].astype(str)
    first = first[(first[order_date_col] >= t0) & (first[order_date_col] < stop)]
    first = first.assign(channel=channel_of.reindex(first.index).to_numpy())
    if first["channel"].isna().any():
        missing = first.index[first["channel"].isna()][:3].tolist()
        raise InputError(
            f"lacks {int(first['channel'].isna().sum())} new customer(s) of orders (e.g. {missing})",
            table="prospects",
            column=customer_col,
            fix="every customer needs the prospect row that acquired them",
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
