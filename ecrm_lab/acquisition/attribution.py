"""Attribution: journeys, rule-based credit and the Markov-chain removal effect."""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._validate import (
    as_numbers,
    require_columns,
    require_nonempty,
    require_present,
    require_same_id_type,
    require_unique_key,
    require_whole,
)
from ..errors import InputError
from ..tables import prepare_orders, prepare_touchpoints
from ._common import (
    MODELS,
    NO_TOUCHPOINT,
    completed_mask,
    order_roles,
    positive_number,
    shared_docs,
)


@shared_docs
def build_journeys(
    touchpoints: pd.DataFrame,
    orders: pd.DataFrame,
    *,
    conversions: str = "first",
    lookback_days: int | None = None,
    include_non_converting: bool = True,
    prospect_col: str = "prospect_id",
    customer_col: str = "customer_id",
    touch_date_col: str = "timestamp",
    channel_col: str = "channel",
    order_col: str = "order_id",
    order_date_col: str = "order_date",
    amount_col: str = "amount",
    status_col: str | None = "status",
    completed: Any = "completed",
    as_of: Any = None,
) -> pd.DataFrame:
    """Link every touchpoint to the conversion it leads to (see the module docstring).

    If ``touchpoints`` already has an ``order_col`` column, that link is used as it is (missing =
    not linked to a conversion): each linked touchpoint must happen on or before its order, which must
    be a conversion in ``orders``. Otherwise touchpoints are linked by time.

    Parameters
    ----------
    touchpoints : DataFrame
        ``customer_col`` (missing for people who never bought), ``touch_date_col``, ``channel_col`` and,
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
    touchpoints = prepare_touchpoints(
        touchpoints,
        prospect_col=prospect_col,
        customer_col=customer_col,
        date_col=touch_date_col,
        channel_col=channel_col,
        require=("customer", "date", "channel") + (("prospect",) if include_non_converting else ()),
        as_of=as_of,
    )
    orders = prepare_orders(
        orders,
        order_col=order_col,
        customer_col=customer_col,
        date_col=order_date_col,
        amount_col=amount_col,
        status_col=status_col,
        require=order_roles("order", "customer", "date", "amount", status_col=status_col),
        as_of=as_of,
    )
    t_time = touchpoints[touch_date_col]
    o_time = orders[order_date_col]
    require_same_id_type(
        touchpoints[customer_col],
        orders[customer_col],
        left_name=f"touchpoints.{customer_col}",
        right_name=f"orders.{customer_col}",
    )
    done = completed_mask(orders, status_col, completed)

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
            raise InputError(
                f"names {int((pos < 0).sum())} touchpoint(s)' order(s) that are not conversions in "
                f"orders (e.g. {bad}): with conversions={conversions!r} only "
                + ("first completed orders" if conversions == "first" else "completed orders")
                + " convert",
                table="touchpoints",
                column=order_col,
                row=touchpoints.index[np.flatnonzero(linked)[np.flatnonzero(pos < 0)[0]]],
                fix="fix the links or use conversions='all'",
            )
        touches["journey_id"] = None
        touches.loc[linked, "journey_id"] = link[linked].to_numpy()
        ctime = conv["conversion_time"].to_numpy()[pos]
        late = touches.loc[linked, "timestamp"].to_numpy() > ctime
        if late.any():
            example = link[linked].to_numpy()[late][0]
            raise InputError(
                f"has {int(late.sum())} touchpoint(s) after the conversion they would credit "
                f"(e.g. a touchpoint linked to order {example!r} happens after that order): a touchpoint "
                "can only lead to a later order",
                table="touchpoints",
                column=touch_date_col,
                row=touchpoints.index[np.flatnonzero(linked)[np.flatnonzero(late)[0]]],
                fix=f"fix the timestamps or the {order_col} links",
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


def _prepare_journeys(journeys: Any) -> pd.DataFrame:
    """Check a journeys table and return it sorted by journey and position (row order is irrelevant)."""
    table = "journeys"
    require_columns(journeys, ["journey_id", "channel", "converted", "position"], table=table)
    require_nonempty(journeys, table=table)
    require_present(journeys["journey_id"], table=table, column="journey_id", what="id")
    require_present(journeys["channel"], table=table, column="channel")
    conv = journeys["converted"]
    if not pd.api.types.is_bool_dtype(conv):
        raise InputError(
            f"must hold True/False, not {conv.dtype}",
            table=table,
            column="converted",
            fix="convert it, e.g. journeys['converted'].astype(bool) after filling missing values",
        )
    out = journeys.assign(
        position=as_numbers(journeys["position"], table=table, column="position", whole=True)
    )
    require_unique_key(out, ["journey_id", "position"], table=table)
    mixed = out.groupby("journey_id", sort=False)["converted"].transform("nunique") > 1
    if mixed.any():
        raise InputError(
            "differs between rows of the same journey",
            table=table,
            column="converted",
            row=out.index[mixed.to_numpy()][0],
            fix="a journey converts or not as a whole: give all its rows the same value",
        )
    return out.sort_values(["journey_id", "position"], kind="stable")


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
        From :func:`build_journeys` (with non-converting journeys), or built by hand: one row per touch
        with ``journey_id``, ``channel``, ``position`` (0, 1, … within the journey; a unique pair
        with ``journey_id``) and ``converted`` (bool, the same on every row of a journey). The order
        of the rows does not matter. :data:`NO_TOUCHPOINT` rows are left out.

    Returns
    -------
    DataFrame
        One row per channel: ``channel``, ``removal_effect`` (0–1) and ``share`` (removal effects
        normalised to sum to 1). ``attrs["conversion_probability"]`` is P(conversion) from ``start``.
    """
    journeys = _prepare_journeys(journeys)
    j = journeys[journeys["channel"] != NO_TOUCHPOINT]
    if len(j) == 0:
        raise InputError(
            f"has only {NO_TOUCHPOINT!r} rows",
            table="journeys",
            column="channel",
            fix="the Markov model needs at least one journey with a touchpoint",
        )
    if j["converted"].all():
        raise InputError(
            "has no non-converting journey",
            table="journeys",
            column="converted",
            fix="the Markov model needs the journeys of people who did not buy: "
            "build_journeys(..., include_non_converting=True) with their prospect ids",
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


@shared_docs
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
    conversions : {"first", "all"}
        As in :func:`build_journeys`.
    lookback_days : int, optional
        As in :func:`build_journeys`.
    half_life_days : float, default 7
        Half-life of the ``time_decay`` model, in days.
    position_weights : tuple of two floats, default (0.4, 0.4)
        First- and last-touch shares of the ``position_based`` model.
    **columns
        Column names and ``as_of``, as in :func:`build_journeys` (``customer_col=``,
        ``touch_date_col=``, …).

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
    return _credit(journeys, model, **opts, columns=columns)


def _check_model(model: Any) -> None:
    if model not in MODELS:
        raise ValueError(f"unknown attribution model {model!r}: choose one of {', '.join(MODELS)}")


def _model_options(half_life_days: Any, position_weights: Any) -> dict[str, Any]:
    half_life_days = positive_number(half_life_days, "half_life_days")
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
    journeys: pd.DataFrame,
    model: str,
    *,
    half_life_days: float,
    ends: tuple[float, float],
    columns: dict[str, str],
) -> pd.DataFrame:
    """Credited conversions and revenue per channel from the journeys of :func:`build_journeys`.

    ``columns`` are the caller's column names, so that errors name the caller's tables.
    """
    conv = journeys[journeys["converted"]]
    per_journey = conv.drop_duplicates("journey_id")
    n_conv = len(per_journey)
    total_revenue = float(per_journey["revenue"].sum())
    if n_conv == 0:
        raise InputError(
            "has no completed order of a customer found in touchpoints",
            table="orders",
            column=columns.get("customer_col", "customer_id"),
            fix="check that both tables use the same customer ids, and the status column",
        )
    if model == "markov" and journeys["converted"].all():
        raise InputError(
            "has no touchpoint of a person who never converted",
            table="touchpoints",
            column=columns.get("prospect_col", "prospect_id"),
            fix="the Markov model compares converting with non-converting journeys: include the "
            "touchpoints of people who did not buy (their prospect id, an empty customer id), or "
            "choose a rule-based model",
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


@shared_docs
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

    The journeys are built once and shared by the models.

    Parameters
    ----------
    touchpoints, orders : DataFrame
        As in :func:`build_journeys`.
    models : iterable of str, default all of :data:`MODELS`
        The models to run.
    conversions : {"first", "all"}
        As in :func:`build_journeys`.
    lookback_days : int, optional
        As in :func:`build_journeys`.
    half_life_days : float, default 7
        As in :func:`attribute`.
    position_weights : tuple of two floats, default (0.4, 0.4)
        As in :func:`attribute`.
    **columns
        Column names and ``as_of``, as in :func:`build_journeys`.

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
    parts = [_credit(journeys, m, **opts, columns=columns).assign(model=m) for m in models]
    long = pd.concat(parts, ignore_index=True)
    grid = pd.MultiIndex.from_product(
        [models, sorted(long["channel"].unique())], names=["model", "channel"]
    )
    long = long.set_index(["model", "channel"]).reindex(grid, fill_value=0.0).reset_index()
    return long[["model", "channel", "conversions", "revenue", "share"]]
