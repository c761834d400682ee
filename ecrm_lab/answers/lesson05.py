"""Expected answers for ``05_service_quality_and_care``.

The service tables are those of the simulator's service parts (issue 12): ``surveys`` (one row per
surveyed customer and E-S-QUAL dimension, expectation and perception on 1–7), ``deliveries`` (one
row per shipped order: carrier, promised and actual days, delay), ``tickets`` and
``warranty_claims``; the e-mails are the ``emails`` table (one row per e-mail sent: personalised or
generic, opened, clicked, converted).

Retention after a service event is the label of
:func:`ecrm_lab.service_quality.retained_after`: a completed order within :data:`HORIZON_DAYS`
days after the event's day, for the events whose horizon ends inside the data.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .. import experiments, service_quality
from ..exercises import Choice
from ..shopdata import ShopData

__all__ = [
    "HORIZON_DAYS",
    "CARRIER_PRICES",
    "PROFIT_PER_RETAINED",
    "EMAIL_WINDOW_DAYS",
    "delivered",
    "delivery_retention",
    "survey_churn",
    "carrier_costs",
    "ipa_statement",
    "email_effects",
    "email_statement",
    "ex_05_1",
    "slips_05_1",
    "ex_05_2",
    "ex_05_3",
    "slips_05_3",
    "ex_05_4",
]

#: Days after a service event in which a completed order counts as "bought again".
HORIZON_DAYS = 180
#: Exercise 05.3: what each carrier would charge VietShop per shipment (VND, an assumption of the
#: exercise, not data).
CARRIER_PRICES: dict[str, int] = {
    "sao_express": 25_000,
    "lua_post": 25_000,
    "bien_logistics": 28_000,
    "giao_tiet_kiem": 23_000,
}
#: Exercise 05.3: gross profit of the later purchases of a customer who buys again after a
#: delivery (VND, an assumption of the exercise).
PROFIT_PER_RETAINED = 500_000
#: Days after an e-mail in which an order counts for exercise 05.4 (the simulator's conversion
#: window for e-mails).
EMAIL_WINDOW_DAYS = 7


def delivered(deliveries: pd.DataFrame) -> pd.DataFrame:
    """Add to the deliveries the day each parcel arrived and whether it was late.

    Parameters
    ----------
    deliveries : pandas.DataFrame
        One row per shipped order: ``shipped_date`` (date), ``actual_days`` and ``delay_days``
        (whole days; delay = actual − promised).

    Returns
    -------
    pandas.DataFrame
        A copy with ``delivered_date`` (shipped date + actual days) and ``late`` (bool: delay
        above 0 days).
    """
    out = deliveries.copy()
    out["delivered_date"] = pd.to_datetime(out["shipped_date"]) + pd.to_timedelta(
        out["actual_days"], unit="D"
    )
    out["late"] = out["delay_days"] > 0
    return out


def delivery_retention(data: ShopData) -> pd.DataFrame:
    """Every delivery with a full horizon, labelled retained or not (sections 5 and exercise 05.3).

    Parameters
    ----------
    data : ShopData
        The shop, with ``deliveries`` and ``orders``.

    Returns
    -------
    pandas.DataFrame
        The deliveries of :func:`delivered` whose :data:`HORIZON_DAYS`-day horizon after the
        delivery day ends inside the data, with ``next_purchase`` and ``retained``
        (:func:`ecrm_lab.service_quality.retained_after`).
    """
    return service_quality.retained_after(
        delivered(data.deliveries),
        data.orders,
        event_date_col="delivered_date",
        horizon_days=HORIZON_DAYS,
        table="deliveries",
    )


def survey_churn(data: ShopData) -> pd.DataFrame:
    """One churn label per surveyed customer: no completed order in the horizon after the survey.

    Parameters
    ----------
    data : ShopData
        The shop, with ``surveys`` and ``orders``.

    Returns
    -------
    pandas.DataFrame
        One row per customer whose survey has a full :data:`HORIZON_DAYS`-day horizon:
        ``customer_id``, ``survey_date`` and ``churned`` (bool).
    """
    first = (
        data.surveys.groupby("customer_id", observed=True, as_index=False)["survey_date"]
        .min()
        .sort_values("customer_id", ignore_index=True)
    )
    lab = service_quality.retained_after(
        first, data.orders, event_date_col="survey_date", horizon_days=HORIZON_DAYS, table="surveys"
    )
    return lab.assign(churned=~lab["retained"])[["customer_id", "survey_date", "churned"]]


def ex_05_1(data: ShopData) -> float:
    """Share (0–1) of late surveyed orders whose fulfilment perception fell below the expectation.

    The survey follows the delivery of the order in its ``order_id``; the order was late when its
    delivery's ``delay_days`` is above 0.

    Parameters
    ----------
    data : ShopData
        The shop, with ``surveys`` and ``deliveries``.

    Returns
    -------
    float
        Among the ``fulfillment`` answers whose surveyed order was delivered late, the share with
        perception below expectation.
    """
    fulfil = data.surveys[data.surveys["dimension"] == "fulfillment"]
    merged = fulfil.merge(data.deliveries[["order_id", "delay_days"]], on="order_id")
    late = merged[merged["delay_days"] > 0]
    return float((late["perception"] < late["expectation"]).mean())


def slips_05_1(data: ShopData) -> dict[float, str]:
    """Known wrong answers of exercise 05.1 and what to say about each.

    Parameters
    ----------
    data : ShopData
        The shop, with ``surveys`` and ``deliveries``.

    Returns
    -------
    dict of float to str
        The share over every fulfilment answer (the late deliveries not kept), when it differs
        from the right answer at 3 decimals.
    """
    fulfil = data.surveys[data.surveys["dimension"] == "fulfillment"]
    every = float((fulfil["perception"] < fulfil["expectation"]).mean())
    if round(every, 3) == round(ex_05_1(data), 3):
        return {}
    return {
        every: "Đó là tỷ lệ trên mọi câu trả lời về thực hiện đơn hàng; bài hỏi riêng những câu "
        "trả lời mà đơn được khảo sát đã giao trễ."
    }


def ipa_statement(grid: pd.DataFrame) -> Choice:
    """The statement (A–D of exercise 05.2) an importance–performance grid supports.

    B ("fulfilment is in the concentrate-here quadrant: expected above the mean of the dimensions,
    perceived below it") when it is so; the other statements are wrong whatever the data.

    Parameters
    ----------
    grid : pandas.DataFrame
        The table of :func:`ecrm_lab.service_quality.importance_performance`: ``dimension`` and
        ``quadrant``.

    Returns
    -------
    Choice
        ``"B"`` with why A, C and D are wrong.

    Raises
    ------
    ValueError
        If fulfilment is not in the concentrate-here quadrant (the exercise text would be wrong).
    """
    quadrant = grid.set_index("dimension")["quadrant"]
    if quadrant.get("fulfillment") != "concentrate_here":
        raise ValueError(
            "fulfilment is not in the concentrate_here quadrant of this grid: rewrite exercise 05.2"
        )
    return Choice(
        "B",
        why={
            "A": "Ma trận dùng cả hai trục: một khía cạnh được kỳ vọng cao nhưng đã được cảm nhận "
            "tốt (ô 'tiếp tục duy trì') không phải việc cần làm trước; việc cần làm trước là khía "
            "cạnh quan trọng mà cảm nhận còn thấp.",
            "C": "Các đường cắt là mức trung bình của các khía cạnh, nên 'ít quan trọng' chỉ là ít "
            "hơn các khía cạnh khác; khách vẫn cho điểm kỳ vọng trên mức giữa thang. Cắt đầu tư "
            "có thể kéo cảm nhận xuống dưới kỳ vọng.",
            "D": "Đường cắt là trung bình của mọi khía cạnh: thêm, bớt hay cải thiện một khía cạnh "
            "làm các đường cắt dịch chuyển, nên ô của các khía cạnh khác có thể đổi theo.",
        },
    )


def ex_05_2(data: ShopData) -> Choice:
    """Which statement the importance–performance grid of section 3 supports (interpretation).

    Parameters
    ----------
    data : ShopData
        The shop, with ``surveys``.

    Returns
    -------
    Choice
        See :func:`ipa_statement`.
    """
    return ipa_statement(service_quality.importance_performance(data.surveys))


def carrier_costs(
    labelled: pd.DataFrame,
    *,
    prices: Mapping[str, float] = CARRIER_PRICES,
    profit_per_retained: float = PROFIT_PER_RETAINED,
) -> pd.DataFrame:
    """Expected cost of a shipment with each carrier: price + late share × retention lost × profit.

    The retention lost by a late delivery is the difference between the retention rates after
    on-time and after late deliveries over all carriers; reading it as the effect of the delay is
    the exercise's simplification (the association is planted in the simulated data).

    Parameters
    ----------
    labelled : pandas.DataFrame
        Deliveries labelled by :func:`delivery_retention`: ``carrier``, ``late`` and ``retained``.
    prices : mapping of str to float, default :data:`CARRIER_PRICES`
        Price per shipment of each carrier (VND).
    profit_per_retained : float, default :data:`PROFIT_PER_RETAINED`
        Gross profit of a customer who buys again (VND).

    Returns
    -------
    pandas.DataFrame
        One row per carrier of ``prices``, cheapest expected cost first: ``carrier``, ``price``,
        ``late_share``, ``expected_loss`` (late share × retention lost × profit, VND) and
        ``expected_cost`` (price + expected loss, VND).
    """
    rate = labelled.groupby("late")["retained"].mean()
    lost = float(rate.loc[False] - rate.loc[True])
    late_share = labelled.groupby("carrier", observed=True)["late"].mean()
    out = pd.DataFrame({"carrier": list(prices), "price": [float(p) for p in prices.values()]})
    out["late_share"] = out["carrier"].map(late_share).astype(float)
    out["expected_loss"] = out["late_share"] * lost * profit_per_retained
    out["expected_cost"] = out["price"] + out["expected_loss"]
    return out.sort_values("expected_cost", ignore_index=True)


def ex_05_3(data: ShopData) -> str:
    """The carrier with the lowest expected cost per shipment (decision exercise 05.3).

    Parameters
    ----------
    data : ShopData
        The shop, with ``deliveries`` and ``orders``.

    Returns
    -------
    str
        The carrier's code (first row of :func:`carrier_costs`).
    """
    return str(carrier_costs(delivery_retention(data))["carrier"].iloc[0])


def slips_05_3(data: ShopData) -> dict[str, str]:
    """Known wrong answers of exercise 05.3: the cheapest and the most punctual carrier.

    Parameters
    ----------
    data : ShopData
        The shop, with ``deliveries`` and ``orders``.

    Returns
    -------
    dict of str to str
        ``{carrier code: message}`` for the cheapest carrier and for the one with the smallest
        late share, each only when it is not the right answer.
    """
    costs = carrier_costs(delivery_retention(data))
    right = str(costs["carrier"].iloc[0])
    out = {}
    cheapest = str(costs.sort_values("price", kind="stable")["carrier"].iloc[0])
    punctual = str(costs.sort_values("late_share", kind="stable")["carrier"].iloc[0])
    if cheapest != right:
        out[cheapest] = (
            "Đơn vị này rẻ nhất, nhưng hay giao trễ: hãy cộng thêm phần lợi nhuận gộp kỳ vọng mất đi "
            "vì những khách không quay lại."
        )
    if punctual != right:
        out[punctual] = (
            "Đơn vị này ít trễ nhất, nhưng giá mỗi đơn cao hơn số lợi nhuận gộp nó giữ lại được: "
            "hãy so tổng chi phí kỳ vọng, không chỉ tỷ lệ trễ."
        )
    return out


def email_effects(emails: pd.DataFrame, orders: pd.DataFrame) -> pd.DataFrame:
    """Personalised versus generic e-mails: lift in opens, clicks, 'conversions' and real orders.

    ``ordered`` is 1 when the customer placed an order (any status) in the
    :data:`EMAIL_WINDOW_DAYS` days after the send day (from the next day on; the label of
    :func:`ecrm_lab.service_quality.retained_after` with ``status_col=None``, so e-mails sent in
    the last days of the data are left out), clicked or not: what the e-mail could have changed.
    ``converted`` is the e-mail tool's attribution (clicked and ordered in the window).

    Parameters
    ----------
    emails : pandas.DataFrame
        One row per e-mail: ``customer_id``, ``sent_date``, ``personalised``, ``opened``,
        ``clicked``, ``converted`` (booleans).
    orders : pandas.DataFrame
        One row per order: ``customer_id`` and ``order_date``.

    Returns
    -------
    pandas.DataFrame
        One row per outcome (``opened``, ``clicked``, ``converted``, ``ordered``): ``outcome``,
        ``rate_generic``, ``rate_personalised``, ``lift`` (percentage points as a share),
        ``ci_low``, ``ci_high`` and ``p_value``
        (:func:`ecrm_lab.experiments.estimate_uplift`, control = generic).
    """
    e = service_quality.retained_after(
        emails.assign(arm=emails["personalised"].map({True: "personalised", False: "generic"})),
        orders,
        event_date_col="sent_date",
        horizon_days=EMAIL_WINDOW_DAYS,
        status_col=None,
        table="emails",
    )
    e = e.assign(ordered=e["retained"])
    rows = []
    for outcome in ("opened", "clicked", "converted", "ordered"):
        up = experiments.estimate_uplift(
            e.assign(_y=e[outcome].astype(int)), arm="arm", outcome="_y", control="generic"
        ).set_index("arm")
        rows.append(
            {
                "outcome": outcome,
                "rate_generic": float(up.loc["generic", "rate"]),
                "rate_personalised": float(up.loc["personalised", "rate"]),
                "lift": float(up.loc["personalised", "lift"]),
                "ci_low": float(up.loc["personalised", "ci_low"]),
                "ci_high": float(up.loc["personalised", "ci_high"]),
                "p_value": float(up.loc["personalised", "p_value"]),
            }
        )
    return pd.DataFrame(rows)


def email_statement(effects: pd.DataFrame) -> Choice:
    """The statement (A–D of exercise 05.4) the e-mail effects of :func:`email_effects` support.

    C when personalisation raises opens and clicks (interval above 0) but the share of e-mails
    followed by an order does not move (interval holding 0): attention, not extra orders.

    Parameters
    ----------
    effects : pandas.DataFrame
        The table of :func:`email_effects`.

    Returns
    -------
    Choice
        ``"C"`` with why A, B and D are wrong.

    Raises
    ------
    ValueError
        If the effects do not show that pattern (the exercise text would be wrong).
    """
    t = effects.set_index("outcome")
    up = all(t.loc[o, "ci_low"] > 0 for o in ("opened", "clicked"))
    flat = t.loc["ordered", "ci_low"] <= 0 <= t.loc["ordered", "ci_high"]
    if not (up and flat):
        raise ValueError("the e-mail effects do not show the pattern of exercise 05.4: rewrite it")
    return Choice(
        "C",
        why={
            "A": "Khoảng tin cậy của mức chênh tỷ lệ thư có đơn trong 7 ngày chứa 0: thử nghiệm "
            "không thấy nhiều người mở và nhấp hơn biến thành nhiều đơn hàng hơn (trong dữ liệu mô "
            "phỏng, điều này cài sẵn: đơn hàng được quyết định trước khi gửi thư). Chỉ vài phần trăm "
            "người nhận nhấp vào thư, nên một tác động nhỏ lên đơn hàng cần rất nhiều thư mới thấy.",
            "B": "Thư được cá nhân hóa hay không là ngẫu nhiên, nên hai nhóm giống nhau về mọi mặt "
            "khác: khoảng chênh tỷ lệ mở và nhấp là tác động của cá nhân hóa (cài sẵn trong dữ "
            "liệu mô phỏng), không phải do chọn người nhận.",
            "D": "Khoảng tin cậy của tỷ lệ mở và nhấp nằm hẳn trên 0: mức tăng này khó là ngẫu "
            "nhiên. Chỉ mức chênh của tỷ lệ đặt đơn là chứa 0.",
        },
    )


def ex_05_4(data: ShopData) -> Choice:
    """Which statement the personalised-versus-generic e-mail table supports (interpretation).

    Parameters
    ----------
    data : ShopData
        The shop, with ``emails`` and ``orders``.

    Returns
    -------
    Choice
        See :func:`email_statement`.
    """
    return email_statement(email_effects(data.emails, data.orders))
