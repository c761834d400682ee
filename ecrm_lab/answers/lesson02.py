"""Expected answers for ``02_selection_and_acquisition``.

The periods are those of the exercise texts: the VietShop data run from 2024-01-01 to 2025-12-31;
exercise 02.1 looks at the fourth quarter of 2024 (the sale season 9.9 … 12.12 is mostly in it) and
exercise 02.4 scores the prospects of the second half of 2025 with a model trained on the earlier ones.
"""

from __future__ import annotations

from .. import acquisition
from ..shopdata import ShopData

__all__ = ["ex_02_1", "ex_02_2", "ex_02_3", "ex_02_4", "ex_02_5"]

#: Period of exercise 02.1 (whole days, both ends included).
Q4_2024 = ("2024-10-01", "2024-12-31")
#: First day of the test period of the prospect score (exercise 02.4).
CUTOFF = "2025-07-01"
#: TV spend of exercise 02.5, in million VND, on a single day.
TV_SPEND_MILLION = 100


def ex_02_1(data: ShopData) -> float:
    """CAC (VND per new customer) of paid search (``paid_search``) from 2024-10-01 to 2024-12-31."""
    start, end = Q4_2024
    eco = acquisition.channel_economics(
        data.prospects, data.orders, data.marketing_spend, start=start, end=end
    )
    return float(eco.set_index("channel").loc["paid_search", "cac"])


def ex_02_2(data: ShopData) -> float:
    """Conversion rate (0–1) of the prospects first reached through Zalo, over the whole data.

    The share of Zalo prospects with at least one completed order: the ``customer`` step of the funnel.
    """
    table = acquisition.funnel(data.prospects, data.orders)
    zalo = table[(table["channel"] == "zalo") & (table["step"] == "customer")]
    return float(zalo["share_of_reached"].iloc[0])


def ex_02_3(data: ShopData) -> dict[str, float]:
    """First-purchase conversions credited to e-mail under last-touch and under linear attribution."""
    credit = {}
    for model in ("last_touch", "linear"):
        table = acquisition.attribute(data.touchpoints, data.orders, model=model)
        email = table.loc[table["channel"] == "email", "conversions"]
        credit[model] = float(email.sum())  # 0 if e-mail gets no credit at all
    return credit


def ex_02_4(data: ShopData) -> float:
    """Share (0–1) of the test-period buyers among the 20 % of test prospects with the highest score.

    Default features (:func:`~ecrm_lab.acquisition.prospect_features`: 24-hour window, 30-day
    horizon), logistic regression trained on the prospects whose 30-day label was known by
    :data:`CUTOFF`, tested on those first touched from it on;
    the cumulative gain after the second decile of the gains table.
    """
    features = acquisition.prospect_features(data.prospects, data.touchpoints, data.orders)
    scores = acquisition.score_prospects(features, cutoff=CUTOFF)
    gains = scores.gains
    return float(gains.loc[gains["group"] == 2, "cum_share_positives"].iloc[0])


def ex_02_5(data: ShopData) -> float:
    """Extra visits, in total over the following days, from 100 million VND of TV on one day.

    From the fitted adstock model (:func:`~ecrm_lab.acquisition.fit_adstock` on
    :func:`~ecrm_lab.acquisition.tv_response_table`, default grid and seasonal control): a one-day
    spend of S million VND leaves an adstock S, S·d, S·d², … whose sum is S / (1 − d); each million
    of adstock brings ``effect_per_million`` visits.
    """
    fit = acquisition.fit_adstock(
        acquisition.tv_response_table(data.prospects, data.marketing_spend)
    )
    return float(fit.effect_per_million * TV_SPEND_MILLION / (1.0 - fit.decay))
