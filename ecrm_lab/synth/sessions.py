"""Web and app sessions: one row per customer per active day.

A day is active when the customer ordered or browsed. Browsing days come from a Poisson process with rate
``browse_per_purchase · λ_i`` in the same operational time as the orders, from signup until the customer
became inactive (or the data end), so engagement tracks the latent purchase rate and stops at churn.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._docs import fill_doc
from .config import ShopConfig

__all__ = ["make_sessions", "TRAFFIC_SOURCES"]

#: Where visits come from when they do not follow the acquisition channel (modelling choice).
TRAFFIC_SOURCES = {
    "direct": 0.34,
    "organic_search": 0.2,
    "paid_search": 0.09,
    "facebook": 0.12,
    "tiktok": 0.09,
    "zalo": 0.05,
    "email": 0.08,
    "affiliate": 0.03,
}
_SAME_AS_ACQUISITION = 0.35


@fill_doc
def make_sessions(
    cfg: ShopConfig,
    orders_cust: np.ndarray,
    orders_day: np.ndarray,
    signup_day: np.ndarray,
    churn_day: np.ndarray,
    traits: pd.DataFrame,
    acquisition_channel: np.ndarray,
    clocks: tuple,
    *,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Draw the sessions: one row per customer per day with an order or a browsing visit.

    Parameters
    ----------
    {synth_cfg}
    orders_cust, orders_day : array of int
        Customer position and day offset (from ``cfg.start``) of every order; each order is a
        visit.
    signup_day : array of int
        Day offset of each customer's signup (first order).
    churn_day : array of float
        Day offset at which each customer became inactive, NaN if still active: browsing stops
        there.
    traits : DataFrame
        From :func:`~ecrm_lab.synth.purchases.draw_traits`: ``purchase_rate``, ``deal_seeker``.
    acquisition_channel : array of str
        Each customer's acquisition channel; the day's first visit comes from it with probability
        0.35 (referral: ``direct``), else from :data:`TRAFFIC_SOURCES`.
    clocks : tuple of OperationalClock
        The clocks of ordinary customers and of deal seekers
        (:func:`~ecrm_lab.synth.purchases.clocks`).
    {synth_rng}

    Returns
    -------
    DataFrame
        ``cust`` (customer position), ``day`` (day offset), ``visits``, ``pageviews``, ``minutes`` (float,
        one decimal), ``traffic_source`` (source of the day's first visit); one row per (cust, day).
    """
    n_days = (cfg.end - cfg.start).days + 1
    clock_r, clock_d = clocks
    deal = traits["deal_seeker"].to_numpy()
    lam = traits["purchase_rate"].to_numpy()
    start = signup_day.astype(float)
    stop = np.where(np.isnan(churn_day), n_days, churn_day)
    tau0 = np.where(deal, clock_d.tau(start), clock_r.tau(start))
    tau1 = np.where(deal, clock_d.tau(stop), clock_r.tau(stop))
    count = rng.poisson(cfg.browse_per_purchase * lam * np.maximum(tau1 - tau0, 0.0))
    cust = np.repeat(np.arange(len(lam)), count)
    tau = tau0[cust] + rng.random(cust.size) * (tau1 - tau0)[cust]
    day = np.where(deal[cust], clock_d.day(tau), clock_r.day(tau))
    day = np.minimum(np.floor(day), n_days - 1).astype(np.int64)

    # one row per (cust, day), sorted by cust then day: the groups of a sort by one int64 key
    all_cust = np.concatenate([orders_cust, cust])
    all_day = np.concatenate([orders_day, day])
    all_ordered = np.concatenate([np.ones(orders_cust.size, bool), np.zeros(cust.size, bool)])
    width = int(all_day.max(initial=0)) + 1
    key = all_cust.astype(np.int64) * width + all_day.astype(np.int64)
    by_key = np.argsort(key, kind="stable")
    key_sorted = key[by_key]
    starts = np.flatnonzero(np.r_[True, key_sorted[1:] != key_sorted[:-1]]) if key.size else key
    daily = {
        "cust": all_cust[by_key[starts]],
        "day": all_day[by_key[starts]],
        "visits": np.diff(np.r_[starts, key.size]).astype(np.int64),
        "ordered": (
            np.logical_or.reduceat(all_ordered[by_key], starts) if key.size else np.zeros(0, bool)
        ),
    }
    m = starts.size
    visits = daily["visits"] + rng.poisson(0.3, m)
    ordered = daily["ordered"]
    # pageviews per visit: 1 + negative binomial; order days browse more
    pv = visits + rng.negative_binomial(2, np.where(ordered, 0.18, 0.35), m) * visits
    minutes = np.round(pv * rng.gamma(2.0, 0.45, m) + visits * 0.5, 1)
    sources = np.asarray(list(TRAFFIC_SOURCES), dtype=object)
    other = sources[
        rng.choice(
            len(sources),
            m,
            p=np.array(list(TRAFFIC_SOURCES.values())) / sum(TRAFFIC_SOURCES.values()),
        )
    ]
    acq = acquisition_channel[daily["cust"]]
    acq = np.where(acq == "referral", "direct", acq)  # a referred customer comes back directly
    source = np.where(rng.random(m) < _SAME_AS_ACQUISITION, acq, other)
    return pd.DataFrame(
        {
            "cust": daily["cust"],
            "day": daily["day"],
            "visits": visits.astype(np.int64),
            "pageviews": pv.astype(np.int64),
            "minutes": minutes,
            "traffic_source": source,
        }
    )
