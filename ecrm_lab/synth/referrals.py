"""Referrals: who brought each customer acquired through the referral channel (``referrals`` table).

Every customer whose ``acquisition_channel`` is the referral channel gets one referrer: an existing
customer **of the same customer block** who had a completed order before the referee's signup day
(so the referrer signed up earlier: nobody refers themself and the referrals have no cycles; a
referrer may themself have been referred, so chains of several generations occur).

What is planted (recorded in ``crm_truth``): the referrer is chosen with probability proportional to
the number of completed orders they had placed before the referee's signup day — drawn as the
customer of a completed order picked uniformly among the block's earlier completed orders — so
referrers lean towards frequent, loyal customers and some bring several. The viral coefficient
(referees per customer) is set by the acquisition mix: its planted value is
``channel_mix["referral"]``. The referral is made on a day between that earlier order and the
signup (up to 14 days before the signup), and earns the referrer the referral bonus the marketing
part pays (``ShopConfig.referral_bonus``, VND).

A referral customer with no completed order in the block before their signup day (the first
customers of a block) has no referrer in the data — as if brought by someone outside the shop's
records — and no row; ``crm_truth`` counts them (``referral_unmatched_share``). Choosing the
referrer within the block keeps the blocks independent (a block is a random slice of the world).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import vocabulary
from .._docs import fill_doc
from ._common import truth_rows
from .config import ShopConfig
from .service import index_of

__all__ = ["make_referrals", "REFERRAL_CHANNEL"]

#: The acquisition channel of referred customers (a code of the ``channel`` vocabulary).
REFERRAL_CHANNEL = "referral"
_MAX_LEAD_DAYS = 14


@fill_doc
def make_referrals(
    cfg: ShopConfig,
    customers: pd.DataFrame,
    orders: pd.DataFrame,
    *,
    rng: np.random.Generator,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Give every referral customer of one block a referrer.

    Parameters
    ----------
    {synth_cfg}
    customers : DataFrame
        The block's customers: ``customer_id``, ``signup_date``, ``acquisition_channel``.
    orders : DataFrame
        Their orders: ``customer_id``, ``order_date``, ``status``.
    {synth_rng}

    Returns
    -------
    referrals : DataFrame
        One row per referred customer with a referrer, by referral date: ``referrer_id``,
        ``referee_id``, ``referral_date`` (day, on or before the referee's signup date and on or
        after a completed order of the referrer) and ``reward`` (int VND, the referral bonus).
    truth : DataFrame
        Rows of ``crm_truth`` (``parameter``, ``value``, ``n``: customers of the block,
        ``description``).
    """
    if REFERRAL_CHANNEL not in vocabulary.codes("channel", "acquisition"):
        raise ValueError(f"the channel vocabulary has no acquisition channel {REFERRAL_CHANNEL!r}")
    start = pd.Timestamp(cfg.start)
    n = len(customers)
    done = orders["status"].isin(vocabulary.codes("status", "purchase")).to_numpy()
    o_pos = index_of(customers["customer_id"], orders["customer_id"][done])
    o_day = (orders["order_date"][done].dt.normalize() - start).dt.days.to_numpy()
    order = np.lexsort((o_pos, o_day))
    o_pos, o_day = o_pos[order], o_day[order]

    signup = (customers["signup_date"] - start).dt.days.to_numpy()
    referee = np.flatnonzero(customers["acquisition_channel"].to_numpy() == REFERRAL_CHANNEL)
    before = np.searchsorted(o_day, signup[referee], side="left")  # completed orders before signup
    u = rng.random(referee.size)
    lead = rng.integers(0, _MAX_LEAD_DAYS + 1, referee.size)
    ok = before > 0
    pick = np.minimum((u * before).astype(np.int64), np.maximum(before - 1, 0))
    ref_day = np.maximum(signup[referee] - lead, o_day[pick] if o_day.size else 0)
    referee, pick, ref_day = referee[ok], pick[ok], ref_day[ok]
    ids = customers["customer_id"].to_numpy()
    referrals = pd.DataFrame(
        {
            "referrer_id": ids[o_pos[pick]],
            "referee_id": ids[referee],
            "referral_date": start + pd.to_timedelta(ref_day, unit="D"),
            "reward": np.full(referee.size, round(cfg.referral_bonus), dtype=np.int64),
        }
    )
    referrals = referrals.sort_values(
        ["referral_date", "referee_id"], kind="stable", ignore_index=True
    )
    n_ref = int((customers["acquisition_channel"] == REFERRAL_CHANNEL).sum())
    truth = [
        (
            "referral_k_planted",
            float(cfg.channel_mix[REFERRAL_CHANNEL]),
            "planted viral coefficient: expected referral customers per customer "
            "(channel_mix of the referral channel)",
        ),
        ("referral_k", len(referrals) / n, "referrals in the data per customer (realised K)"),
        (
            "referral_unmatched_share",
            (n_ref - len(referrals)) / n,
            "referral customers without an eligible referrer (no row), per customer",
        ),
        (
            "referral_weight_power",
            1.0,
            "a referrer's chance is proportional to (completed orders before the referee's "
            "signup) to this power",
        ),
        ("referral_reward", float(round(cfg.referral_bonus)), "reward per referral, VND"),
    ]
    return referrals, truth_rows(truth, n)
