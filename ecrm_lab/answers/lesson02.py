"""Expected answers for ``02_selection_and_acquisition``.

The periods are those of the exercise texts: the VietShop data run from 2024-01-01 to 2025-12-31;
exercise 02.1 looks at the fourth quarter of 2024 (the sale season 9.9 … 12.12 is mostly in it) and
exercises 02.4 and 02.5 score the prospects of the second half of 2025 with a model trained on the earlier ones.
"""

from __future__ import annotations

from .. import acquisition
from ..exercises import Choice
from ..shopdata import ShopData

__all__ = [
    "contact_depth",
    "lift_statement",
    "ex_02_1",
    "ex_02_2",
    "ex_02_3",
    "ex_02_4",
    "ex_02_5",
    "ex_02_6",
]

#: Period of exercise 02.1 (whole days, both ends included).
Q4_2024 = ("2024-10-01", "2024-12-31")
#: First day of the test period of the prospect score (exercise 02.4).
CUTOFF = "2025-07-01"
#: Cost in VND of one message with a voucher (exercise 02.4).
COST_PER_MESSAGE = 5_000
#: Gross profit in VND a new customer brings (exercise 02.4).
GROSS_PROFIT_PER_BUYER = 60_000
#: TV spend of exercise 02.6, in million VND, on a single day.
TV_SPEND_MILLION = 1


def ex_02_1(data: ShopData) -> float:
    """CAC (VND per new customer) of paid search (``paid_search``) from 2024-10-01 to 2024-12-31.

    Parameters
    ----------
    data : ShopData
        The shop, with ``prospects``, ``orders`` and ``marketing_spend``.

    Returns
    -------
    float
        The CAC in VND.
    """
    start, end = Q4_2024
    eco = acquisition.channel_economics(
        data.prospects, data.orders, data.marketing_spend, start=start, end=end
    )
    return float(eco.set_index("channel").loc["paid_search", "cac"])


def ex_02_2(data: ShopData) -> float:
    """Conversion rate (0–1) of the prospects first reached through Zalo, over the whole data.

    The share of Zalo prospects with at least one completed order: the ``customer`` step of the funnel.

    Parameters
    ----------
    data : ShopData
        The shop, with ``prospects`` and ``orders``.

    Returns
    -------
    float
        The conversion rate, a share from 0 to 1.
    """
    table = acquisition.funnel(data.prospects, data.orders)
    zalo = table[(table["channel"] == "zalo") & (table["step"] == "customer")]
    return float(zalo["share_of_reached"].iloc[0])


def ex_02_3(data: ShopData) -> dict[str, float]:
    """First-purchase conversions credited to e-mail under last-touch and under linear attribution.

    Parameters
    ----------
    data : ShopData
        The shop, with ``touchpoints`` and ``orders``.

    Returns
    -------
    dict of str to float
        Conversions credited to e-mail, keyed ``last_touch`` and ``linear``.
    """
    credit = {}
    for model in ("last_touch", "linear"):
        table = acquisition.attribute(data.touchpoints, data.orders, model=model)
        email = table.loc[table["channel"] == "email", "conversions"]
        credit[model] = float(email.sum())  # 0 if e-mail gets no credit at all
    return credit


def contact_depth(gains, *, cost_per_contact: float, profit_per_buyer: float) -> int:
    """The number of top score groups worth contacting: the one with the most expected profit.

    Contacting the ``k`` highest-scored groups costs ``cost_per_contact`` per person and earns
    ``profit_per_buyer`` per buyer among them (the simple reading that credits every purchase to the
    contact). The answer is the ``k`` (0 … number of groups) that maximises
    ``Σ_{g ≤ k} (positives_g · profit_per_buyer − n_g · cost_per_contact)``; ties go to the smaller k.

    Parameters
    ----------
    gains : DataFrame
        A gains table (:func:`~ecrm_lab.evaluation.gains_table`): ``group`` (1 = highest scores),
        ``n`` (people) and ``positives`` (buyers) per group.
    cost_per_contact, profit_per_buyer : float
        VND per message and VND of gross profit per buyer.

    Returns
    -------
    int
        The number of groups to contact, counted from group 1.
    """
    table = gains.sort_values("group")
    gain = (
        table["positives"].to_numpy() * profit_per_buyer - table["n"].to_numpy() * cost_per_contact
    )
    cumulative = [0.0, *gain.cumsum()]
    return int(max(range(len(cumulative)), key=lambda k: (cumulative[k], -k)))


def _scores(data: ShopData):
    features = acquisition.prospect_features(data.prospects, data.touchpoints, data.orders)
    return acquisition.score_prospects(features, cutoff=CUTOFF)


def ex_02_4(data: ShopData) -> int:
    """How many score deciles of the test prospects to contact (decision exercise 02.4).

    Default features (:func:`~ecrm_lab.acquisition.prospect_features`: 24-hour window, 30-day
    horizon), logistic regression trained on the prospects whose 30-day label was known by
    :data:`CUTOFF`, tested on those first touched from it on; a message with a voucher costs
    :data:`COST_PER_MESSAGE` VND and a new customer brings :data:`GROSS_PROFIT_PER_BUYER` VND of
    gross profit: :func:`contact_depth` of the test gains table.

    Parameters
    ----------
    data : ShopData
        The shop, with ``prospects``, ``touchpoints`` and ``orders``.

    Returns
    -------
    int
        The number of deciles to contact, from the top score down.
    """
    return contact_depth(
        _scores(data).gains,
        cost_per_contact=COST_PER_MESSAGE,
        profit_per_buyer=GROSS_PROFIT_PER_BUYER,
    )


def ex_02_5(data: ShopData) -> Choice:
    """Which statement the gains and lift of the prospect score support (interpretation 02.5).

    B when the highest decile's lift is above 2 and every other decile's lift below 1.5 (one small
    promising group, the rest hardly told apart); A when the lift falls decile after decile.

    Parameters
    ----------
    data : ShopData
        The shop, with ``prospects``, ``touchpoints`` and ``orders``.

    Returns
    -------
    Choice
        The right statement (its letter in ``correct``) with why each other one is wrong.
    """
    return lift_statement(_scores(data).gains)


def lift_statement(gains) -> Choice:
    """The statement (A, B or C of exercise 02.5) a gains table's lift supports; see :func:`ex_02_5`.

    Parameters
    ----------
    gains : pandas.DataFrame
        A gains table (:func:`ecrm_lab.evaluation.gains_table`) with columns ``group`` (1 = the
        highest scores) and ``lift``.

    Returns
    -------
    Choice
        The supported statement (its letter in ``correct``) with why each other one is wrong.

    Raises
    ------
    ValueError
        If the lift supports neither A nor B (the exercise text would then be wrong).
    """
    lift = gains.sort_values("group")["lift"].to_numpy(dtype=float)
    why = {
        "A": "Lift không giảm đều: sau thập phân vị 1, các nhóm có lift gần nhau và thấp, "
        "có nhóm sau còn cao hơn nhóm trước.",
        "B": "Sau thập phân vị 1, lift của các nhóm không khác nhau nhiều: mô hình không tách "
        "được những người còn lại.",
        "C": "Lift đo mô hình xếp hạng ai sẽ mua (kể cả khi không nhận tin), không đo tác động "
        "của tin nhắn: muốn biết tin nhắn làm tăng bao nhiêu đơn cần một thí nghiệm có nhóm đối chứng.",
    }
    if lift[0] > 2 and lift[1:].max() < 1.5:
        correct = "B"
    elif (lift[:-1] >= lift[1:]).all():
        correct = "A"
    else:
        raise ValueError("the gains table supports neither A nor B: rewrite exercise 02.5")
    return Choice(correct, why={k: v for k, v in why.items() if k != correct})


def ex_02_6(data: ShopData) -> float:
    """Extra visits, in total over the following days, from 1 million VND of TV on one day.

    From the fitted adstock model (:func:`~ecrm_lab.acquisition.fit_adstock` on
    :func:`~ecrm_lab.acquisition.tv_response_table`, default grid and seasonal control): a one-day
    spend of S million VND leaves an adstock S, S·d, S·d², … whose sum is S / (1 − d); each million
    of adstock brings ``effect_per_million`` visits.

    Parameters
    ----------
    data : ShopData
        The shop, with ``prospects`` and ``marketing_spend``.

    Returns
    -------
    float
        Extra visits over the following days.
    """
    fit = acquisition.fit_adstock(
        acquisition.tv_response_table(data.prospects, data.marketing_spend)
    )
    return float(fit.effect_per_million * TV_SPEND_MILLION / (1.0 - fit.decay))
