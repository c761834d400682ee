"""The hidden truth of the purchase process: one row per customer (``truth`` table)."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from .._docs import fill_doc
from .config import ShopConfig
from .purchases import expected_future

__all__ = ["make_truth", "personas"]


_QUANTILE_DRAWS = 400_000


@functools.lru_cache(maxsize=16)
def _cutoffs(r, alpha, a, b, spend_p, spend_q, spend_gamma) -> tuple[np.ndarray, float, np.ndarray]:
    """Population quantiles of λ, p and the mean order value, from a fixed-seed numpy sample.

    Numpy only (no scipy import on the simulator's path); with 400,000 draws a quantile is within
    about 0.2 % of the exact one, and the same parameters always give the same cut-offs.
    """
    rng = np.random.default_rng(20240101)
    lam_q = np.quantile(rng.gamma(r, 1 / alpha, _QUANTILE_DRAWS), [0.6, 0.8])
    p_q80 = float(np.quantile(rng.beta(a, b, _QUANTILE_DRAWS), 0.8))
    # mean order value = spend_p / nu, nu ~ Gamma(q, rate gamma): its quantiles mirror nu's
    nu_q = np.quantile(rng.gamma(spend_q, 1 / spend_gamma, _QUANTILE_DRAWS), [0.5, 0.2])
    return lam_q, p_q80, spend_p / nu_q


@fill_doc
def personas(cfg: ShopConfig, traits: pd.DataFrame) -> np.ndarray:
    """Name each customer's persona from the latent traits.

    The cut-offs are quantiles of the population distributions of the config (not of the drawn
    sample), so a customer's persona does not depend on the others. The first rule that holds wins:
    ``deal_seeker``; ``vip`` (rate in the top 20 % and mean order value above the median);
    ``regular`` (rate in the top 40 %); ``big_ticket`` (mean order value in the top 20 %);
    ``fickle`` (dropout probability in the top 20 %); else ``occasional``.

    Parameters
    ----------
    {synth_cfg}
    traits : DataFrame
        From :func:`~ecrm_lab.synth.purchases.draw_traits`: ``purchase_rate``, ``dropout_prob``,
        ``mean_order_value``, ``deal_seeker``.

    Returns
    -------
    numpy.ndarray of str
        One persona per row of ``traits``.
    """
    lam_q, p_q80, mov_q = _cutoffs(
        cfg.r, cfg.alpha, cfg.a, cfg.b, cfg.spend_p, cfg.spend_q, cfg.spend_gamma
    )
    lam = traits["purchase_rate"].to_numpy()
    mov = traits["mean_order_value"].to_numpy()
    p = traits["dropout_prob"].to_numpy()
    # the first rule that holds gives the persona (priority order, not the vocabulary's order)
    rules = {
        "deal_seeker": traits["deal_seeker"].to_numpy(),
        "vip": (lam >= lam_q[1]) & (mov >= mov_q[0]),
        "regular": lam >= lam_q[0],
        "big_ticket": mov >= mov_q[1],
        "fickle": p >= p_q80,
    }
    return np.select(list(rules.values()), list(rules), "occasional")


@fill_doc
def make_truth(
    cfg: ShopConfig, customer_id: np.ndarray, traits: pd.DataFrame, churn_day: np.ndarray
) -> pd.DataFrame:
    """Make the ``truth`` table: the hidden parameters and expected future of every customer.

    Parameters
    ----------
    {synth_cfg}
    customer_id : array of str
        Customer id by position.
    traits : DataFrame
        From :func:`~ecrm_lab.synth.purchases.draw_traits`, one row per customer.
    churn_day : array of float
        Day offset at which each customer became inactive, NaN if still active
        (:func:`~ecrm_lab.synth.purchases.simulate_purchases`).

    Returns
    -------
    DataFrame
        ``customer_id``, ``persona``, ``purchase_rate`` (λ per week), ``dropout_prob``,
        ``mean_order_value`` (VND), ``deal_seeker``, ``churn_date`` (NaT if still active),
        ``expected_purchases_52w`` and ``expected_value_52w`` (VND) after the data end.
    """
    active = np.isnan(churn_day)
    exp_n, exp_v = expected_future(cfg, traits, active)
    churn_date = pd.Series(pd.Timestamp(cfg.start) + pd.to_timedelta(np.floor(churn_day), unit="D"))
    return pd.DataFrame(
        {
            "customer_id": customer_id,
            "persona": personas(cfg, traits),
            "purchase_rate": traits["purchase_rate"].round(6).to_numpy(),
            "dropout_prob": traits["dropout_prob"].round(6).to_numpy(),
            "mean_order_value": traits["mean_order_value"].round(0).to_numpy(),
            "deal_seeker": traits["deal_seeker"].to_numpy(),
            "churn_date": churn_date.to_numpy(),
            "expected_purchases_52w": np.round(exp_n, 4),
            "expected_value_52w": np.round(exp_v, 0),
        }
    )
