"""After-sales service: deliveries, support tickets and warranty claims, with planted links to dropout.

Three parts of the world (:mod:`ecrm_lab.synth.parts`, keys 9–11) that run after the orders, so they
cannot change when a customer buys or drops out. Their link with dropout is therefore planted the
other way round: each customer's service experience is **drawn given** the dropout day the purchase
process already decided (``truth.churn_date``; in the simulator a customer drops out right after one
of their orders, so the dropout day is the day of their last order). The data then show the
association that a real shop shows — orders followed by a dropout were delivered late more often,
their tickets were left unresolved more often, their warranty claims were rejected more often — but
its direction (bad service → dropout) is a modelling choice, not something the data could prove.
Every planted coefficient is in the ``service_truth`` table (:data:`PARAMS`).

* :func:`make_deliveries` — one row per shipped order (completed or returned; cancelled orders never
  shipped). Parcels leave from hubs in Hà Nội and TP Hồ Chí Minh: the promised time is 1–2 days
  within these two cities, 3–4 days to the other provinces of the north and the south and 4–5 days to
  the central provinces (modelling choice, close to what Vietnamese marketplaces promise; in a world
  of another locale every province counts as the middle zone). A parcel
  is late with probability ``sigmoid(delivery_late_intercept + carrier shift + far-zone shift +
  returned shift + dropout shift)``; late by 1, 2, … days (geometric), else on time or a day early.
  Parcels shipped in the last days of the data have their delivery recorded even if it falls after
  the data end (the simulator knows it; a real shop would see them in transit).
* :func:`make_tickets` — support tickets: late deliveries, returns and cancelled payments cause
  tickets; customers also open a few tickets about their account or payment without an order. A
  ticket is resolved with probability ``sigmoid(ticket_resolved_intercept + slow-response shift +
  defective shift + dropout shift)``: tickets of customers about to drop out stay unresolved more
  often.
* :func:`make_warranty_claims` — claims on durable goods (the subcategories with a positive
  ``warranty_months`` in ``data/vocabulary/subcategory.csv``: phones, appliances, computers, …)
  within their warranty period; claims of customers who drop out soon after are rejected more often.

Carriers are invented or generic names (``vocabulary.table("carrier")``); their shares and lateness
are modelling choices, not the performance of real firms. The parameters that belong to one code —
a carrier's share and lateness, a ticket channel's share and response time, the topics of tickets
without an order, the base mix of claim outcomes and their days to resolve — are data in the
vocabulary files (``carrier``, ``ticket_channel``, ``ticket_topic``, ``claim_outcome``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import vocabulary
from .._docs import fill_doc
from ._common import day_offset
from .config import ShopConfig
from .ids import make_ids

__all__ = ["PARAMS", "make_deliveries", "make_tickets", "make_warranty_claims", "service_params"]

#: Planted parameters of deliveries, tickets and claims: ``{name: (value, meaning)}`` (log-odds are
#: natural-log odds). They are written to the ``service_truth`` table.
PARAMS: dict[str, tuple[float, str]] = {
    "delivery_late_intercept": (-2.3, "log-odds of a late delivery (base carrier, near zone)"),
    "delivery_late_far_zone": (0.4, "log-odds shift of lateness for central provinces (far zone)"),
    "delivery_late_returned": (1.0, "log-odds shift of lateness for orders that were returned"),
    "delivery_late_dropout": (
        1.8,
        "log-odds shift of lateness for orders followed by the customer's dropout within "
        "delivery_dropout_window_days (planted given the dropout)",
    ),
    "delivery_dropout_window_days": (60, "window after the order for delivery_late_dropout"),
    "delivery_late_geometric_p": (0.5, "late parcels are late by k days, k ~ Geometric(p) ≥ 1"),
    "delivery_early_prob": (0.25, "probability that an on-time parcel arrives a day early"),
    "ticket_prob_late": (0.45, "probability that a late delivery causes a late_delivery ticket"),
    "ticket_prob_returned": (0.7, "probability that a returned order causes a ticket"),
    "ticket_share_defective": (0.4, "share of return tickets about a defective product"),
    "ticket_prob_cancelled": (0.12, "probability that a cancelled order causes a payment ticket"),
    "ticket_prob_completed": (0.03, "probability that an on-time completed order causes a ticket"),
    "ticket_rate_no_order": (0.15, "mean number of tickets without an order per customer"),
    "ticket_resolved_intercept": (2.2, "log-odds that a ticket is resolved"),
    "ticket_resolved_log_response": (
        -0.35,
        "log-odds shift of resolution per unit of ln(1 + response_hours)",
    ),
    "ticket_resolved_defective": (-0.5, "log-odds shift of resolution for defective products"),
    "ticket_resolved_dropout": (
        -1.6,
        "log-odds shift of resolution when the customer's dropout day lies between "
        "ticket_dropout_before_days before and ticket_dropout_after_days after the ticket "
        "(planted given the dropout)",
    ),
    "ticket_dropout_before_days": (30, "window before the ticket for ticket_resolved_dropout"),
    "ticket_dropout_after_days": (30, "window after the ticket for ticket_resolved_dropout"),
    "ticket_satisfaction_answer_prob": (0.55, "probability that a customer rates the ticket"),
    "ticket_satisfaction_resolved": (4.3, "mean satisfaction (1–5) of a resolved ticket"),
    "ticket_satisfaction_unresolved": (2.0, "mean satisfaction (1–5) of an unresolved ticket"),
    "claim_prob": (0.12, "probability that a warranty good fails within its warranty"),
    "claim_rejected_dropout": (
        1.2,
        "log-odds shift of a rejected claim when the customer's dropout day (the day of their last "
        "order) is before the claim or at most claim_dropout_after_days after it (planted given "
        "the dropout)",
    ),
    "claim_dropout_after_days": (90, "window after the claim for claim_rejected_dropout"),
}

_ZONE_PROMISED = np.array([1, 3, 4])  # intra-city, same region as a hub, central; + 0 or 1 day
_HUBS = ("Hà Nội", "TP Hồ Chí Minh")
_RESPONSE_SIGMA = 0.8  # log-sd of the response time around its channel's median


def _attribute(kind: str, column: str) -> dict[str, float]:
    """``{code: number}`` of one numeric attribute column of the vocabulary (codes with 0 dropped)."""
    return {k: float(v) for k, v in vocabulary.mapping(kind, column).items() if float(v) != 0}


def _p(name: str) -> float:
    return float(PARAMS[name][0])


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


#: Planted parameters kept in the vocabulary files, one per code: (parameter prefix, kind, column,
#: meaning). :func:`service_params` writes them to ``service_truth`` as ``<prefix>_<code>``.
_VOCABULARY_PARAMS = (
    ("delivery_carrier_share", "carrier", "share", "share of parcels of the carrier"),
    ("delivery_late_carrier", "carrier", "late_logodds", "log-odds shift of lateness"),
    ("ticket_channel_share", "ticket_channel", "share", "share of tickets of the channel"),
    (
        "ticket_response_median_hours",
        "ticket_channel",
        "response_median_hours",
        "median hours to the first answer",
    ),
    (
        "ticket_no_order_share",
        "ticket_topic",
        "no_order_share",
        "share among tickets without an order",
    ),
    ("claim_outcome_share", "claim_outcome", "share", "base share of the claim outcome"),
    (
        "claim_median_days_to_resolve",
        "claim_outcome",
        "median_days_to_resolve",
        "median days until the claim was closed",
    ),
)


def service_params() -> pd.DataFrame:
    """Return the planted parameters of deliveries, tickets and claims, with the carriers' shifts.

    Returns
    -------
    pandas.DataFrame
        ``parameter``, ``value``, ``description``: the rows of :data:`PARAMS`, then the
        parameters kept in the vocabulary, one row per code: ``delivery_carrier_share_<carrier>``,
        ``delivery_late_carrier_<carrier>`` (log-odds shift of lateness),
        ``ticket_channel_share_<channel>``, ``ticket_response_median_hours_<channel>``,
        ``ticket_no_order_share_<topic>``, ``claim_outcome_share_<outcome>`` and
        ``claim_median_days_to_resolve_<outcome>``.

    Examples
    --------
    >>> service_params().set_index("parameter").loc["delivery_late_returned", "value"]
    np.float64(1.0)
    """
    rows = [(k, float(v), d) for k, (v, d) in PARAMS.items()]
    for prefix, kind, column, meaning in _VOCABULARY_PARAMS:
        for code, value in vocabulary.mapping(kind, column).items():
            rows.append((f"{prefix}_{code}", float(value), f"{meaning}: {code}"))
    return pd.DataFrame(rows, columns=["parameter", "value", "description"])


def index_of(ids, wanted) -> np.ndarray:
    """Positions in ``ids`` of the values ``wanted``, −1 where missing (``Index.get_indexer``).

    A hash look-up in Arrow (``pyarrow.compute.index_in``), several times faster than
    ``pandas.Index.get_indexer`` on text ids. ``ids`` must be unique (the first match is given).

    Parameters
    ----------
    ids, wanted : Series or array of str
        The ids to look in, and the values to look up.

    Returns
    -------
    numpy.ndarray of int64
        One position per value of ``wanted``.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    def arrow(values):
        arr = values.array if isinstance(values, pd.Series) else values
        if isinstance(arr, np.ndarray):
            arr = pa.array(arr, type=pa.large_string(), from_pandas=True)
        else:
            arr = pa.array(arr)
        return arr.cast(pa.large_string())

    pos = pc.index_in(arrow(wanted), value_set=arrow(ids))
    return pos.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


def _positions(ids, wanted, table: str) -> np.ndarray:
    """Row positions in ``ids`` (unique) of the values ``wanted``, all of which must be there."""
    pos = index_of(ids, wanted)
    if pos.size and pos.min() < 0:
        missing = np.asarray(wanted, dtype=object)[pos < 0]
        raise ValueError(f"ids missing from {table}: {list(pd.unique(missing))[:5]}")
    return pos


def _zone(province: np.ndarray) -> np.ndarray:
    """Delivery zone per province: 0 intra-city (a hub), 1 same region as a hub, 2 central."""
    from .people import load_provinces

    region = load_provinces().set_index("province")["region"]
    reg = pd.Series(province).map(region).fillna("north").to_numpy()  # other locales: near zone
    return np.where(np.isin(province, _HUBS), 0, np.where(reg == "central", 2, 1))


def _within(day: np.ndarray, churn: np.ndarray, before: float, after: float) -> np.ndarray:
    """True where the dropout day lies in ``[day − before, day + after]`` (False if no dropout)."""
    with np.errstate(invalid="ignore"):
        return (churn >= day - before) & (churn <= day + after)


@fill_doc
def make_deliveries(
    cfg: ShopConfig,
    customers: pd.DataFrame,
    orders: pd.DataFrame,
    churn_day: np.ndarray,
    *,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Draw the delivery of every shipped order (see the module docstring for the model).

    Parameters
    ----------
    {synth_cfg}
    customers : DataFrame
        The block's customers (``customer_id``, ``province``), by position.
    orders : DataFrame
        The block's orders (``order_id``, ``customer_id``, ``order_date``, ``status``).
    churn_day : array of float
        Day offset of each customer's dropout (NaN if still active), by position.
    {synth_rng}

    Returns
    -------
    pandas.DataFrame
        One row per completed or returned order, in the order of ``orders``: ``order_id``,
        ``customer_id``, ``carrier`` (code of vocabulary kind ``carrier``), ``shipped_date`` (the
        order's day, or the next day for orders placed from 16:00), ``promised_days`` (days from
        shipping promised to the customer), ``actual_days`` (days it took) and ``delay_days``
        (actual − promised: > 0 late, 0 on the promised day, < 0 early).
    """
    o = orders[orders["status"].isin(["completed", "returned"]).to_numpy()]
    n = len(o)
    # text columns stay Arrow strings (take / compare in Arrow): numpy object arrays of text would be
    # converted back to Arrow when the table is built, the slowest step of this part
    returned = (o["status"] == "returned").to_numpy(bool)
    pos = index_of(customers["customer_id"], o["customer_id"])
    day = day_offset(o["order_date"], cfg.start)
    ship_day = day + (o["order_date"].dt.hour.to_numpy() >= 16)
    zone = _zone(customers["province"].to_numpy())[pos]
    promised = _ZONE_PROMISED[zone] + rng.integers(0, 2, n)
    carriers = vocabulary.table("carrier")
    share = carriers["share"].astype(float).to_numpy()
    carrier = rng.choice(len(carriers), n, p=share / share.sum())
    soon = _within(day, churn_day[pos], 0, _p("delivery_dropout_window_days"))
    logit = (
        _p("delivery_late_intercept")
        + carriers["late_logodds"].astype(float).to_numpy()[carrier]
        + _p("delivery_late_far_zone") * (zone == 2)
        + _p("delivery_late_returned") * returned
        + _p("delivery_late_dropout") * soon
    )
    late = rng.random(n) < _sigmoid(logit)
    by = np.minimum(rng.geometric(_p("delivery_late_geometric_p"), n), 10)
    early = (rng.random(n) < _p("delivery_early_prob")) & (promised > 1)
    delay = np.where(late, by, np.where(early, -1, 0))
    return pd.DataFrame(
        {
            "order_id": o["order_id"].array,
            "customer_id": o["customer_id"].array,
            "carrier": pd.array(carriers["code"].to_numpy(), dtype="str").take(carrier),
            "shipped_date": pd.Timestamp(cfg.start) + pd.to_timedelta(ship_day, unit="D"),
            "promised_days": promised.astype(np.int64),
            "actual_days": (promised + delay).astype(np.int64),
            "delay_days": delay.astype(np.int64),
        }
    )


def _draw_topics(mix: dict[str, float], n: int, rng: np.random.Generator) -> np.ndarray:
    keys = np.asarray(list(mix), dtype=object)
    p = np.asarray(list(mix.values()))
    return keys[rng.choice(len(keys), n, p=p / p.sum())]


@fill_doc
def make_tickets(
    cfg: ShopConfig,
    customers: pd.DataFrame,
    orders: pd.DataFrame,
    deliveries: pd.DataFrame,
    churn_day: np.ndarray,
    signup_day: np.ndarray,
    *,
    rng: np.random.Generator,
    block: int = 0,
) -> pd.DataFrame:
    """Draw the support tickets (see the module docstring for the model).

    Parameters
    ----------
    {synth_cfg}
    customers : DataFrame
        The block's customers (``customer_id``), by position.
    orders : DataFrame
        The block's orders (``order_id``, ``customer_id``, ``order_date``, ``status``).
    deliveries : DataFrame
        From :func:`make_deliveries`.
    churn_day : array of float
        Day offset of each customer's dropout (NaN if still active), by position.
    signup_day : array of int
        Day offset of each customer's first order, by position.
    {synth_rng}
    {synth_block}

    Returns
    -------
    pandas.DataFrame
        One row per ticket, chronological: ``ticket_id`` (``YC00000001`` …), ``customer_id``,
        ``order_id`` (the order it is about; missing for account and other questions),
        ``created_at`` (timestamp, 8:00–22:59), ``topic`` (vocabulary kind ``ticket_topic``),
        ``channel`` (vocabulary kind ``ticket_channel``), ``response_hours`` (hours to the first
        answer, one decimal), ``resolved`` (bool) and ``satisfaction`` (1–5, missing when the
        customer did not rate the ticket; nullable integer).
    """
    n_days = (cfg.end - cfg.start).days + 1
    # tickets about a delivery: late parcels and returns
    d = deliveries
    status = orders["status"].to_numpy()[_positions(orders["order_id"], d["order_id"], "orders")]
    ship = day_offset(d["shipped_date"], cfg.start)
    prom, act, delay = (d[c].to_numpy() for c in ("promised_days", "actual_days", "delay_days"))
    late = (delay > 0) & (rng.random(len(d)) < _p("ticket_prob_late"))
    late_day = ship + prom + rng.integers(0, np.maximum(delay, 0) + 1)
    ret = (status == "returned") & (rng.random(len(d)) < _p("ticket_prob_returned"))
    ret_topic = np.where(rng.random(len(d)) < _p("ticket_share_defective"), "defective", "return")
    ret_day = ship + act + rng.integers(1, 8, len(d))
    ok = (status == "completed") & (delay <= 0) & (rng.random(len(d)) < _p("ticket_prob_completed"))
    ok_topic = np.where(rng.random(len(d)) < 0.5, "defective", "other")
    ok_day = ship + act + rng.integers(0, 15, len(d))
    # payment problems of cancelled orders
    c = orders[orders["status"].to_numpy() == "cancelled"]
    canc = rng.random(len(c)) < _p("ticket_prob_cancelled")
    canc_day = day_offset(c["order_date"], cfg.start) + rng.integers(0, 2, len(c))
    # tickets without an order, during the customer's life with the shop
    n_cust = len(customers)
    k = rng.poisson(_p("ticket_rate_no_order"), n_cust)
    who = np.repeat(np.arange(n_cust), k)
    life_end = np.where(np.isnan(churn_day), n_days - 1, np.minimum(churn_day + 30, n_days - 1))
    lo = signup_day[who]
    free_day = lo + np.floor(rng.random(who.size) * (life_end[who] - lo + 1)).astype(np.int64)
    free_topic = _draw_topics(_attribute("ticket_topic", "no_order_share"), who.size, rng)

    parts = [
        (d["order_id"].to_numpy()[late], d["customer_id"].to_numpy()[late],
         late_day[late], np.full(late.sum(), "late_delivery", dtype=object)),
        (d["order_id"].to_numpy()[ret], d["customer_id"].to_numpy()[ret],
         ret_day[ret], ret_topic[ret].astype(object)),
        (d["order_id"].to_numpy()[ok], d["customer_id"].to_numpy()[ok],
         ok_day[ok], ok_topic[ok].astype(object)),
        (c["order_id"].to_numpy()[canc], c["customer_id"].to_numpy()[canc],
         canc_day[canc], np.full(canc.sum(), "payment", dtype=object)),
        (np.full(who.size, None, dtype=object), customers["customer_id"].to_numpy()[who],
         free_day, free_topic),
    ]  # fmt: skip
    order_id, customer_id, day, topic = (np.concatenate([p[i] for p in parts]) for i in range(4))
    keep = day < n_days
    order_id, customer_id, day, topic = order_id[keep], customer_id[keep], day[keep], topic[keep]
    n = day.size
    seconds = rng.integers(8 * 3600, 23 * 3600, n)
    created = pd.Timestamp(cfg.start) + pd.to_timedelta(day * 86400 + seconds, unit="s")
    channel = _draw_topics(_attribute("ticket_channel", "share"), n, rng)
    median = pd.Series(channel).map(_attribute("ticket_channel", "response_median_hours"))
    median = median.to_numpy(float)
    hours = np.maximum(np.round(median * np.exp(_RESPONSE_SIGMA * rng.standard_normal(n)), 1), 0.1)
    pos = index_of(customers["customer_id"], customer_id)
    soon = _within(
        day, churn_day[pos], _p("ticket_dropout_before_days"), _p("ticket_dropout_after_days")
    )
    logit = (
        _p("ticket_resolved_intercept")
        + _p("ticket_resolved_log_response") * np.log1p(hours)
        + _p("ticket_resolved_defective") * (topic == "defective")
        + _p("ticket_resolved_dropout") * soon
    )
    resolved = rng.random(n) < _sigmoid(logit)
    mean = np.where(
        resolved, _p("ticket_satisfaction_resolved"), _p("ticket_satisfaction_unresolved")
    )
    score = np.clip(np.round(mean - 0.2 * np.log1p(hours) + 0.7 * rng.standard_normal(n)), 1, 5)
    answered = rng.random(n) < _p("ticket_satisfaction_answer_prob")
    out = pd.DataFrame(
        {
            "ticket_id": None,
            "customer_id": customer_id,
            "order_id": order_id,
            "created_at": created,
            "topic": topic,
            "channel": channel,
            "response_hours": hours,
            "resolved": resolved,
            "satisfaction": pd.array(np.where(answered, score, np.nan), dtype="Int64"),
        }
    )
    out = out.iloc[np.lexsort((pos, out["created_at"].to_numpy()))].reset_index(drop=True)
    out["ticket_id"] = make_ids("YC", n, 8, block)
    return out


@fill_doc
def make_warranty_claims(
    cfg: ShopConfig,
    customers: pd.DataFrame,
    orders: pd.DataFrame,
    order_items: pd.DataFrame,
    products: pd.DataFrame,
    deliveries: pd.DataFrame,
    churn_day: np.ndarray,
    *,
    rng: np.random.Generator,
    block: int = 0,
) -> pd.DataFrame:
    """Draw the warranty claims on durable goods (see the module docstring for the model).

    Parameters
    ----------
    {synth_cfg}
    customers : DataFrame
        The block's customers (``customer_id``), by position.
    orders : DataFrame
        The block's orders (``order_id``, ``customer_id``, ``status``).
    order_items : DataFrame
        The block's order lines (``order_id``, ``product_id``).
    products : DataFrame
        The catalogue (``product_id``, ``subcategory``: the Vietnamese name).
    deliveries : DataFrame
        From :func:`make_deliveries` (the warranty starts on delivery).
    churn_day : array of float
        Day offset of each customer's dropout (NaN if still active), by position.
    {synth_rng}
    {synth_block}

    Returns
    -------
    pandas.DataFrame
        One row per claim, chronological: ``claim_id`` (``BH00000001`` …), ``order_id``,
        ``customer_id``, ``product_id``, ``claim_date`` (within the warranty months of the
        product's subcategory after delivery, and not after the data end), ``days_to_resolve``
        (days until the claim was closed) and ``outcome`` (vocabulary kind ``claim_outcome``).
        Only lines of completed orders (a returned order's goods went back) of subcategories
        with a warranty are claimed.
    """
    n_days = (cfg.end - cfg.start).days + 1
    months = vocabulary.mapping("subcategory", "warranty_months", key="vi")
    warranty = products["subcategory"].map(months).astype(int).to_numpy()
    items = order_items[["order_id", "product_id"]]
    # positions of each line's order and product: one hash look-up per line, then numpy takes
    o_pos = _positions(orders["order_id"], items["order_id"], "orders")
    p_pos = _positions(products["product_id"], items["product_id"], "products")
    status = orders["status"].to_numpy()[o_pos]
    w_days = 30 * warranty[p_pos]
    claimable = (status == "completed") & (w_days > 0)
    items, w_days = items[claimable], w_days[claimable]
    d_pos = _positions(deliveries["order_id"], items["order_id"], "deliveries")
    shipped = pd.Series(deliveries["shipped_date"].to_numpy()[d_pos])
    delivered = day_offset(shipped, cfg.start) + deliveries["actual_days"].to_numpy(np.int64)[d_pos]
    fails = rng.random(len(items)) < _p("claim_prob")
    claim_day = delivered + 3 + np.floor(rng.random(len(items)) * (w_days - 3)).astype(np.int64)
    keep = fails & (claim_day < n_days)
    items, claim_day = items[keep], claim_day[keep]
    cust = deliveries["customer_id"].to_numpy()[d_pos[keep]]
    pos = index_of(customers["customer_id"], cust)
    soon = _within(claim_day, churn_day[pos], np.inf, _p("claim_dropout_after_days"))
    base = _attribute("claim_outcome", "share")
    names = list(base)
    w = np.tile(np.asarray(list(base.values())), (len(items), 1))
    w[:, names.index("rejected")] *= np.exp(_p("claim_rejected_dropout") * soon)
    u = rng.random(len(items))[:, None]
    outcome_i = (u > np.cumsum(w / w.sum(axis=1, keepdims=True), axis=1)).sum(axis=1)
    outcome = np.asarray(names, dtype=object)[np.minimum(outcome_i, len(names) - 1)]
    median = pd.Series(outcome).map(_attribute("claim_outcome", "median_days_to_resolve"))
    median = median.to_numpy(float)
    days = np.maximum(np.round(rng.gamma(3.0, median / 3.0)), 1).astype(np.int64)
    out = pd.DataFrame(
        {
            "claim_id": None,
            "order_id": items["order_id"].to_numpy(),
            "customer_id": cust,
            "product_id": items["product_id"].to_numpy(),
            "claim_date": pd.Timestamp(cfg.start) + pd.to_timedelta(claim_day, unit="D"),
            "days_to_resolve": days,
            "outcome": outcome,
        }
    )
    out = out.iloc[np.lexsort((pos, claim_day))].reset_index(drop=True)
    out["claim_id"] = make_ids("BH", len(out), 8, block)
    return out
