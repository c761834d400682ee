"""The hidden truth of the purchase process: one row per customer (``truth`` table)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .config import ShopConfig
from .purchases import expected_future

__all__ = ["make_truth", "personas"]


def personas(cfg: ShopConfig, traits: pd.DataFrame) -> np.ndarray:
    """Descriptive persona from the latent traits, with cut-offs from the population distributions."""
    from scipy import stats

    lam_q = stats.gamma(cfg.r, scale=1 / cfg.alpha).ppf([0.6, 0.8])
    p_q80 = stats.beta(cfg.a, cfg.b).ppf(0.8)
    # mean order value = spend_p / nu, nu ~ Gamma(q, rate gamma): its quantiles mirror nu's
    mov_q = cfg.spend_p / stats.gamma(cfg.spend_q, scale=1 / cfg.spend_gamma).ppf([0.5, 0.2])
    lam = traits["purchase_rate"].to_numpy()
    mov = traits["mean_order_value"].to_numpy()
    p = traits["dropout_prob"].to_numpy()
    return np.select(
        [
            traits["deal_seeker"].to_numpy(),
            (lam >= lam_q[1]) & (mov >= mov_q[0]),
            lam >= lam_q[0],
            mov >= mov_q[1],
            p >= p_q80,
        ],
        ["deal_seeker", "vip", "regular", "big_ticket", "fickle"],
        "occasional",
    )


def make_truth(
    cfg: ShopConfig, customer_id: np.ndarray, traits: pd.DataFrame, churn_day: np.ndarray
) -> pd.DataFrame:
    """The ``truth`` table.

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
