"""A randomised win-back experiment on the day after the data end (``winback`` table).

On the assignment day ``end_date + 1`` the shop picks the customers **at risk**: at least one
completed order, and a last order (any status) between ``winback_inactive_days`` and
``winback_max_days`` days before that day. Half of them, at random within each customer block
(complete randomisation; an odd group gives the extra customer to the offer arm), get a win-back
offer (arm ``offer``), the others nothing (arm ``no_offer``, the control; codes of the vocabulary
kind ``winback_arm``). A customer is ``reactivated`` when they order within
``winback_horizon_days`` days after the assignment.

The outcome comes from the simulator's own truth, so it is consistent with the purchase process
(and, since the experiment runs after the data window, with every existing table):

* without the offer, a customer still active at the end of the data (``truth.churn_date`` empty)
  orders in the horizon with probability ``p0 = 1 − exp(−λ·τ)``, λ their purchase rate and τ the
  operational length of the horizon on their clock (deal seekers on the sale-day clock, as in
  :mod:`ecrm_lab.synth.purchases`); a customer who had dropped out never orders again: ``p0 = 0``;
* the offer adds the planted effect: ``p1 = min(p0 + winback_effect_alive, 1)`` for an active
  customer, ``p1 = winback_effect_dead`` for one who had dropped out (the offer wins a few of them
  back).

``crm_truth`` records the planted average effect over the at-risk group, ``winback_ate`` = mean of
``p1 − p0`` (computed from the probabilities, not from the draws), beside the baseline rate and
the share of the group still active: this is what an unbiased estimate of the lift should find.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import vocabulary
from .._docs import fill_doc
from ._common import truth_rows
from .config import ShopConfig
from .purchases import clocks
from .service import index_of

__all__ = ["make_winback", "reactivation_probabilities"]


def _arms() -> tuple[str, str]:
    """(control, offer) codes of the ``winback_arm`` vocabulary."""
    control = vocabulary.codes("winback_arm", "control")
    other = [c for c in vocabulary.codes("winback_arm") if c not in control]
    if len(control) != 1 or len(other) != 1:
        raise ValueError("winback_arm.csv must hold one control arm and one offer arm")
    return control[0], other[0]


@fill_doc
def reactivation_probabilities(
    cfg: ShopConfig, traits: pd.DataFrame, alive: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The probability of an order in the horizon after the data end, without and with the offer.

    Parameters
    ----------
    {synth_cfg}
    traits : DataFrame
        The latent traits of the customers (:func:`~ecrm_lab.synth.purchases.draw_traits`):
        ``purchase_rate`` (per week), ``deal_seeker``.
    alive : array of bool
        Whether each customer is still active at the end of the data.

    Returns
    -------
    p0 : numpy.ndarray of float
        Without the offer: ``1 − exp(−λ·τ)`` if alive, else 0.
    p1 : numpy.ndarray of float
        With the offer: ``p0`` plus the planted effect (at most 1) if alive, else
        ``winback_effect_dead``.
    """
    clock_r, clock_d = clocks(cfg)
    n_days = (cfg.end - cfg.start).days + 1
    span = np.array([n_days, n_days + cfg.winback_horizon_days], dtype=float)
    tau = np.where(
        traits["deal_seeker"].to_numpy(),
        np.diff(clock_d.tau(span))[0],
        np.diff(clock_r.tau(span))[0],
    )
    lam = traits["purchase_rate"].to_numpy()
    p0 = np.where(alive, -np.expm1(-lam * tau), 0.0)
    p1 = np.where(alive, np.minimum(p0 + cfg.winback_effect_alive, 1.0), cfg.winback_effect_dead)
    return p0, p1


@fill_doc
def make_winback(
    cfg: ShopConfig,
    customers: pd.DataFrame,
    orders: pd.DataFrame,
    traits: pd.DataFrame,
    churn_day: np.ndarray,
    *,
    rng: np.random.Generator,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run the win-back experiment for one customer block.

    Parameters
    ----------
    {synth_cfg}
    customers : DataFrame
        The block's customers (``customer_id``), in position order.
    orders : DataFrame
        Their orders: ``customer_id``, ``order_date``, ``status``.
    traits : DataFrame
        Their latent traits, by position (:func:`~ecrm_lab.synth.purchases.draw_traits`).
    churn_day : array of float
        Day offset at which each customer dropped out, NaN if still active at the end.
    {synth_rng}

    Returns
    -------
    winback : DataFrame
        One row per customer at risk, in customer order: ``customer_id``, ``assigned_date`` (the
        day after ``end_date``), ``arm`` (``offer`` / ``no_offer``), ``days_since_last_order``
        (int, days from the last order's day to the assignment day), ``reactivated`` (bool: an
        order in the ``winback_horizon_days`` days after the assignment) and ``order_value`` (int
        VND, the value of that order; 0 if not reactivated).
    truth : DataFrame
        Rows of ``crm_truth`` (``parameter``, ``value``, ``n``: customers at risk, ``description``).
    """
    control, offer = _arms()
    start = pd.Timestamp(cfg.start)
    n_days = (cfg.end - cfg.start).days + 1
    pos = index_of(customers["customer_id"], orders["customer_id"])
    day = (orders["order_date"].dt.normalize() - start).dt.days.to_numpy()
    n = len(customers)
    last = np.full(n, -1, dtype=np.int64)
    np.maximum.at(last, pos, day)
    completed = np.zeros(n, dtype=bool)
    done = orders["status"].isin(vocabulary.codes("status", "purchase")).to_numpy()
    completed[pos[done]] = True
    since = n_days - last
    risk = np.flatnonzero(
        completed & (since >= cfg.winback_inactive_days) & (since <= cfg.winback_max_days)
    )
    m = risk.size
    is_offer = rng.permutation(m) < m / 2
    alive = np.isnan(churn_day[risk])
    p0, p1 = reactivation_probabilities(cfg, traits.iloc[risk], alive)
    reactivated = rng.random(m) < np.where(is_offer, p1, p0)
    mov = traits["mean_order_value"].to_numpy()[risk]
    value = np.round(rng.gamma(cfg.spend_p, mov / cfg.spend_p), -3).astype(np.int64)
    winback = pd.DataFrame(
        {
            "customer_id": customers["customer_id"].to_numpy()[risk],
            "assigned_date": np.full(m, start + pd.Timedelta(days=n_days), dtype="datetime64[ns]"),
            "arm": np.where(is_offer, offer, control).astype(object),
            "days_since_last_order": since[risk].astype(np.int64),
            "reactivated": reactivated,
            "order_value": np.where(reactivated, np.maximum(value, 1_000), 0).astype(np.int64),
        }
    )

    def mean(x):
        return float(np.mean(x)) if m else float("nan")

    truth = [
        (
            "winback_ate",
            mean(p1 - p0),
            "planted average effect of the offer on reactivation over the customers at risk "
            "(mean of p1 − p0)",
        ),
        ("winback_baseline_rate", mean(p0), "mean reactivation probability without the offer"),
        ("winback_offer_rate", mean(p1), "mean reactivation probability with the offer"),
        ("winback_share_alive", mean(alive), "share of the customers at risk still active"),
        (
            "winback_effect_alive",
            cfg.winback_effect_alive,
            "planted effect of the offer for customers still active",
        ),
        (
            "winback_effect_dead",
            cfg.winback_effect_dead,
            "planted effect of the offer for customers who had dropped out",
        ),
    ]
    return winback, truth_rows(truth, m)
