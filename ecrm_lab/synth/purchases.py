"""Purchases: the buy-till-you-die process, orders and order lines.

The process (Fader, Hardie & Lee 2005, BG/NBD) for customer *i*:

* the first order is on the signup day;
* while active, orders arrive as a Poisson process with weekly rate ``λ_i ~ Gamma(r, α)`` in operational
  time (see :mod:`ecrm_lab.synth.calendar`; deal seekers run on a clock with stronger sale days);
* right after each *repeat* order the customer becomes inactive with probability
  ``p_i = p0_i · m(channel_i)``, ``p0_i ~ Beta(a, b)``, where ``m`` is the acquisition channel's dropout
  multiplier rescaled to a mix-weighted mean of 1; after a cancelled or returned order the probability is
  multiplied by ``service_failure_dropout`` (service experience shifts retention);
* order values follow the gamma-gamma model: value ~ Gamma(spend_p, ν_i), ν_i ~ Gamma(spend_q, spend_gamma).

The simulation loops over *order rounds* (the k-th order of every customer at once), never over customers.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from .._docs import fill_doc
from .calendar import OperationalClock, sale_days, seasonal_curve
from .catalog import COMPLEMENTS, subcategory_table
from .config import ShopConfig
from .ids import take_ids

__all__ = ["draw_traits", "simulate_purchases", "make_order_items", "HOUR_PROFILE"]

#: Share of orders by hour of day (evening peak; modelling choice).
HOUR_PROFILE = np.array(
    [1.2, 0.6, 0.3, 0.2, 0.2, 0.4, 1.2, 2.6, 3.6, 4.4, 5.0, 5.6,
     6.0, 5.6, 5.0, 4.8, 4.8, 5.0, 5.4, 6.2, 7.4, 8.2, 7.2, 4.2]
)  # fmt: skip
_COMPLEMENT_PROB = 0.45
_FAVOURITE_PROB = 0.45
_PREFERRED_PAYMENT_PROB = 0.8


def clocks(cfg: ShopConfig, horizon_days: int = 364) -> tuple[OperationalClock, OperationalClock]:
    """Operational clocks for ordinary customers and deal seekers, extended ``horizon_days`` past the end."""
    return _clocks(cfg.start, cfg.end, cfg.sale_day_boost, horizon_days)


@functools.lru_cache(maxsize=16)
def _clocks(
    start, end, boost: float, horizon_days: int
) -> tuple[OperationalClock, OperationalClock]:
    # the clocks depend on the calendar only, and several parts of every block ask for them: build them
    # once per (calendar, horizon); their arrays are read-only (see OperationalClock), so sharing is safe
    last = end + pd.Timedelta(days=horizon_days)
    regular = seasonal_curve(start, last, sale_day_boost=boost, norm_last=end)
    deal = seasonal_curve(start, last, sale_day_boost=boost**2, norm_last=end)
    return OperationalClock(regular), OperationalClock(deal)


@fill_doc
def draw_traits(cfg: ShopConfig, channel: np.ndarray, *, rng: np.random.Generator) -> pd.DataFrame:
    """Draw the latent traits of every customer (same order as ``channel``).

    Parameters
    ----------
    {synth_cfg}
    channel : array of str
        Each customer's acquisition channel (a key of ``cfg.channel_dropout``).
    {synth_rng}

    Returns
    -------
    pandas.DataFrame
        One row per customer: ``purchase_rate`` (λ, per week), ``dropout_prob`` (p, after each
        repeat order), ``mean_order_value`` (VND, ``spend_p / ν``), ``deal_seeker`` (bool) and
        ``preferred_payment``.
    """
    n = len(channel)
    lam = rng.gamma(cfg.r, 1.0 / cfg.alpha, n)
    p0 = rng.beta(cfg.a, cfg.b, n)
    mult = pd.Series(cfg.channel_dropout, dtype=float)
    mix = pd.Series(cfg.channel_mix, dtype=float)
    mult = mult / float((mult.reindex(mix.index) * mix).sum())
    p = np.clip(p0 * mult.reindex(channel).to_numpy(), 0.0, 0.999)
    nu = rng.gamma(cfg.spend_q, 1.0 / cfg.spend_gamma, n)
    deal = rng.random(n) < cfg.deal_seeker_share
    pays = list(cfg.payment_mix)
    preferred = np.asarray(pays, dtype=object)[
        rng.choice(len(pays), n, p=list(cfg.payment_mix.values()))
    ]
    return pd.DataFrame(
        {
            "purchase_rate": lam,
            "dropout_prob": p,
            "mean_order_value": cfg.spend_p / nu,
            "deal_seeker": deal,
            "preferred_payment": preferred,
        }
    )


def _payment_and_status(cfg, preferred: np.ndarray, rng) -> tuple[np.ndarray, np.ndarray]:
    n = len(preferred)
    pays = np.asarray(list(cfg.payment_mix), dtype=object)
    other = pays[rng.choice(len(pays), n, p=list(cfg.payment_mix.values()))]
    payment = np.where(rng.random(n) < _PREFERRED_PAYMENT_PROB, preferred, other)
    # look-ups by position in the payment mix (numpy, not a pandas reindex per order round)
    code = _codes(pays, payment)
    cancel = np.array([cfg.cancel_prob[k] for k in pays], dtype=float)[code]
    ret = np.array([cfg.return_prob[k] for k in pays], dtype=float)[code]
    u = rng.random(n)
    status = np.where(u < cancel, "cancelled", np.where(u < cancel + ret, "returned", "completed"))
    return payment, status


def _codes(keys: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Position of each of ``values`` in ``keys`` (every value is one of the keys)."""
    keys = keys.astype(str)
    order = np.argsort(keys)
    return order[np.searchsorted(keys[order], values.astype(str))]


@fill_doc
def simulate_purchases(
    cfg: ShopConfig,
    signup_day: np.ndarray,
    traits: pd.DataFrame,
    *,
    rng: np.random.Generator,
) -> tuple[pd.DataFrame, np.ndarray]:
    """Run the purchase process for every customer.

    Parameters
    ----------
    {synth_cfg}
    signup_day : array of int
        Day offset (from ``cfg.start``) of each customer's first order.
    traits : DataFrame
        From :func:`draw_traits`.
    {synth_rng}

    Returns
    -------
    events : DataFrame
        One row per order: ``cust`` (customer position), ``day`` (day offset), ``payment_method``,
        ``status``, ``value`` (gamma-gamma draw, VND, float). Sorted by customer then time.
    churn_day : array of float
        Day offset at which each customer became inactive (NaN if still active at the end).
    """
    n_days = (cfg.end - cfg.start).days + 1
    clock_r, clock_d = clocks(cfg)
    deal = traits["deal_seeker"].to_numpy()
    lam = traits["purchase_rate"].to_numpy()
    p = traits["dropout_prob"].to_numpy()
    preferred = traits["preferred_payment"].to_numpy()
    n = len(lam)

    def to_tau(cust, day_float):
        return np.where(deal[cust], clock_d.tau(day_float), clock_r.tau(day_float))

    def to_day(cust, tau):
        return np.where(deal[cust], clock_d.day(tau), clock_r.day(tau))

    chunks = []
    churn_day = np.full(n, np.nan)
    cust = np.arange(n)
    day = signup_day.astype(float) + rng.random(n)
    first = True
    while cust.size:
        pay, status = _payment_and_status(cfg, preferred[cust], rng)
        chunks.append((cust, day, pay, status))
        if first:
            alive = np.ones(cust.size, dtype=bool)  # BG/NBD: no dropout right after the first order
            first = False
        else:
            dp = p[cust] * np.where(status == "completed", 1.0, cfg.service_failure_dropout)
            alive = rng.random(cust.size) >= np.minimum(dp, 1.0)
            churn_day[cust[~alive]] = day[~alive]
        cust, day = cust[alive], day[alive]
        tau_next = to_tau(cust, day) + rng.standard_exponential(cust.size) / lam[cust]
        day = to_day(cust, tau_next)
        keep = day < n_days
        cust, day = cust[keep], day[keep]

    all_cust = np.concatenate([c[0] for c in chunks])
    events = pd.DataFrame(
        {
            "cust": all_cust,
            "day": np.floor(np.concatenate([c[1] for c in chunks])).astype(np.int64),
            "payment_method": np.concatenate([c[2] for c in chunks]),
            "status": np.concatenate([c[3] for c in chunks]),
        }
    )
    nu = cfg.spend_p / traits["mean_order_value"].to_numpy()
    events["value"] = rng.gamma(cfg.spend_p, 1.0 / nu[all_cust])
    events = events.sort_values(["cust", "day"], kind="stable").reset_index(drop=True)
    return events, churn_day


def expected_future(cfg: ShopConfig, traits: pd.DataFrame, active: np.ndarray, weeks: int = 52):
    """Expected orders and completed value in the ``weeks`` after the data end (0 if inactive).

    For an active customer with rate λ and dropout p, ``E[orders in τ] = (1 − exp(−λ p τ)) / p`` where τ is
    the operational length of the horizon; ``p`` is raised by the expected share of failed orders times
    the service-failure multiplier, and value counts completed orders only.
    """
    clock_r, clock_d = clocks(cfg, horizon_days=7 * weeks)
    n_days = (cfg.end - cfg.start).days + 1
    horizon = np.array([n_days, n_days + 7 * weeks], dtype=float)
    tau_r = np.diff(clock_r.tau(horizon))[0]
    tau_d = np.diff(clock_d.tau(horizon))[0]
    tau = np.where(traits["deal_seeker"].to_numpy(), tau_d, tau_r)
    pays = pd.Series(cfg.payment_mix, dtype=float)
    fail = pd.Series(cfg.cancel_prob) + pd.Series(cfg.return_prob)
    fail_mix = float((fail.reindex(pays.index) * pays).sum())
    fail_i = (
        _PREFERRED_PAYMENT_PROB * fail.reindex(traits["preferred_payment"]).to_numpy()
        + (1 - _PREFERRED_PAYMENT_PROB) * fail_mix
    )
    p = traits["dropout_prob"].to_numpy()
    p_eff = np.minimum(p * (1 + fail_i * (cfg.service_failure_dropout - 1)), 1.0)
    lam = traits["purchase_rate"].to_numpy()
    expected = np.where(active, -np.expm1(-lam * p_eff * tau) / p_eff, 0.0)
    value = expected * traits["mean_order_value"].to_numpy() * (1 - fail_i)
    return expected, value


def _nearest_product(
    products: pd.DataFrame, sub_code: np.ndarray, target: np.ndarray
) -> np.ndarray:
    """Row position in ``products`` of the product of subcategory ``sub_code`` priced nearest ``target``."""
    codes = products["_sub"].to_numpy()
    price = products["price"].to_numpy().astype(float)
    order = np.lexsort((price, codes))
    key = codes[order] * 1e3 + np.log(price[order])
    lo = np.searchsorted(codes[order], sub_code, side="left")
    hi = np.searchsorted(codes[order], sub_code, side="right") - 1
    pos = np.searchsorted(key, sub_code * 1e3 + np.log(np.maximum(target, 1.0)))
    left = np.clip(pos - 1, lo, hi)
    right = np.clip(pos, lo, hi)
    tl = np.log(np.maximum(target, 1.0))
    pick = np.where(
        np.abs(key[left] - sub_code * 1e3 - tl) <= np.abs(key[right] - sub_code * 1e3 - tl),
        left,
        right,
    )
    return order[pick]


@fill_doc
def make_order_items(
    orders: pd.DataFrame,
    products: pd.DataFrame,
    favourite_category: np.ndarray,
    target_value: np.ndarray,
    *,
    rng: np.random.Generator,
    behaviours=None,
    events: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Draw the lines of every order so that their value is close to the order's target value.

    The number of lines is 1 + Poisson(0.6) (at most 6). Each line's subcategory comes from the customer's
    favourite category with probability 0.45, otherwise from the shop-wide demand, with prices that fit
    the line's share of the order; the second line follows the planted complement of the first
    (:data:`~ecrm_lab.synth.catalog.COMPLEMENTS`) with probability 0.45. The product is the one of that
    subcategory priced nearest the target; quantity fills the rest (at most 5). The opt-in up-sell and
    replenishment behaviours (:class:`~ecrm_lab.synth.expansion.BasketBehaviours`, off by default)
    then change the lines, drawing from their own stream.

    Parameters
    ----------
    orders : DataFrame
        The orders (``order_id``), one row per order.
    products : DataFrame
        The catalogue (:func:`~ecrm_lab.synth.catalog.make_products`): ``product_id``,
        ``subcategory``, ``price``.
    favourite_category : array of str
        The favourite category of each order's customer (one per order).
    target_value : array of float
        The gross value (VND) each order's lines should add up to, about.
    {synth_rng}
    behaviours : BasketBehaviours, optional
        The opt-in basket behaviours (:class:`~ecrm_lab.synth.expansion.BasketBehaviours`); None:
        none (the lines are then exactly those drawn from ``rng``).
    events : DataFrame, optional
        Needed with ``behaviours``: one row per order, in the order of ``orders`` (sorted by
        customer then day): ``cust`` (customer position), ``day`` (day offset), ``status``.

    Returns
    -------
    DataFrame
        ``order_id``, ``line_no`` (1 …), ``product_id``, ``quantity``, ``unit_price`` (VND), ``line_amount``
        (``quantity * unit_price``).
    """
    order_pos, lines = order_lines(
        len(orders),
        products,
        favourite_category,
        target_value,
        rng=rng,
        behaviours=behaviours,
        events=events,
    )
    return pd.DataFrame({"order_id": take_ids(orders["order_id"], order_pos), **lines})


def order_lines(
    n_orders: int,
    products: pd.DataFrame,
    favourite_category: np.ndarray,
    target_value: np.ndarray,
    *,
    rng: np.random.Generator,
    behaviours=None,
    events: pd.DataFrame | None = None,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The lines of :func:`make_order_items` as arrays, with each line's order position.

    Parameters
    ----------
    n_orders : int
        Number of orders.
    products, favourite_category, target_value, rng, behaviours, events
        As for :func:`make_order_items`.

    Returns
    -------
    order_pos : numpy.ndarray of int
        Position (``0 … n_orders − 1``) of each line's order.
    lines : dict of str to array
        The columns ``line_no``, ``product_id`` (a pandas text array), ``quantity``,
        ``unit_price`` and ``line_amount`` (numpy arrays) of :func:`make_order_items`, one value
        per line.
    """
    plan = subcategory_table()
    sub_names = plan["subcategory"].to_numpy()
    cat_names = plan["category"].to_numpy()
    sub_code_of = {s: i for i, s in enumerate(sub_names)}
    products = products.assign(_sub=products["subcategory"].map(sub_code_of).to_numpy())

    n_lines = 1 + np.minimum(rng.poisson(0.6, n_orders), 5)
    order_pos = np.repeat(np.arange(n_orders), n_lines)
    line_no = np.arange(len(order_pos)) - np.repeat(np.cumsum(n_lines) - n_lines, n_lines)
    m = len(order_pos)
    line_target = target_value[order_pos] / n_lines[order_pos] * np.exp(rng.normal(0, 0.35, m))

    # subcategory: demand weight × price fit (log-normal kernel around the line target)
    log_typ = np.log(plan["typical_price"].to_numpy())
    weight = plan["weight"].to_numpy()
    bins = np.linspace(np.log(5e3), np.log(5e7), 41)
    line_bin = np.clip(np.digitize(np.log(line_target), bins) - 1, 0, len(bins) - 2)
    centres = (bins[:-1] + bins[1:]) / 2
    fit = np.exp(-0.5 * ((centres[:, None] - log_typ[None, :]) / 0.9) ** 2)  # bins × subcats
    fav = favourite_category[order_pos]
    use_fav = rng.random(m) < _FAVOURITE_PROB
    sub = np.empty(m, dtype=np.int64)
    cats = np.unique(cat_names)
    # groups: (bin, favourite category or "any"); a loop over a few hundred groups, not over rows
    group = line_bin * (len(cats) + 1) + np.where(use_fav, np.searchsorted(cats, fav) + 1, 0)
    order_idx = np.argsort(group, kind="stable")
    uniq, starts = np.unique(group[order_idx], return_index=True)
    ends = np.append(starts[1:], m)
    for g, s, e in zip(uniq, starts, ends, strict=True):
        b, c = divmod(int(g), len(cats) + 1)
        w = weight * fit[b]
        if c > 0:
            w = w * (cat_names == cats[c - 1])
        sub[order_idx[s:e]] = rng.choice(len(w), size=e - s, p=w / w.sum())
    # planted complements: line 2 follows line 1
    comp = np.array([sub_code_of.get(COMPLEMENTS.get(s, ""), -1) for s in sub_names])
    first_sub = sub[np.repeat(np.cumsum(n_lines) - n_lines, n_lines)]
    take = (line_no == 1) & (comp[first_sub] >= 0) & (rng.random(m) < _COMPLEMENT_PROB)
    sub[take] = comp[first_sub[take]]

    prod_row = _nearest_product(products, sub, line_target)
    price = products["price"].to_numpy()[prod_row]
    qty = np.clip(np.round(line_target / price), 1, 5).astype(np.int64)
    qty = np.where(price > 1_000_000, 1, qty)
    if behaviours is not None:
        order_pos, line_no, prod_row, qty = behaviours.apply(
            products, order_pos, prod_row, qty, events
        )
        price = products["price"].to_numpy()[prod_row]
        qty = np.where(price > 1_000_000, 1, qty)
    return order_pos, {
        "line_no": (line_no + 1).astype(np.int64),
        "product_id": take_ids(products["product_id"], prod_row),
        "quantity": qty,
        "unit_price": price.astype(np.int64),
        "line_amount": (qty * price).astype(np.int64),
    }


def voucher_rate(order_day: pd.DatetimeIndex, rng: np.random.Generator) -> np.ndarray:
    """Share of the gross value paid by a shop voucher: frequent and larger on sale days."""
    sale = sale_days(order_day) > 0
    n = len(order_day)
    has = rng.random(n) < np.where(sale, 0.6, 0.15)
    rate = np.where(sale, rng.uniform(0.05, 0.25, n), rng.uniform(0.03, 0.1, n))
    return np.where(has, rate, 0.0)
