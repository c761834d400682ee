"""Expected answers for ``06_expansion_cross_up_sell``.

The dates and thresholds are those of the exercise texts. Re-sell: reminders computed on
2025-06-30 (the data run to 2025-12-31, so what customers did next can be seen). Cross-sell: rules
between subcategories of completed orders, ``min_support=0.002``, ``min_confidence=0.05``.
Up-sell: a small world simulated with the opt-in up-sell knob (the frozen orders have none).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from .. import expansion
from ..exercises import Choice, Expected
from ..shopdata import ShopData

__all__ = [
    "AS_OF",
    "LEAD_DAYS",
    "REMIND_WEEK",
    "HORIZON_DAYS",
    "RULES",
    "RULE_06_3",
    "BASKET_06_4",
    "completed_lines",
    "subcategory_rules",
    "expected_gross_profit",
    "ex_06_1",
    "ex_06_2",
    "ex_06_3",
    "ex_06_4",
    "ex_06_5",
    "viral_k",
    "ex_06_6",
    "reminder_statement",
    "UPSELL_PROB",
    "UPSELL_CUSTOMERS",
    "UPSELL_SEED",
    "upsell_world",
    "tier_counts",
    "up_share",
    "predicted_up_share",
]

#: Reminders are computed on this day (exercises 06.1, 06.2).
AS_OF = "2025-06-30"
#: Days before the due date a reminder goes out (06.1).
LEAD_DAYS = 3
#: The week of 06.1: reminders sent on these days, both included.
REMIND_WEEK = ("2025-07-01", "2025-07-07")
#: Days after ``AS_OF`` in which a purchase counts (06.2).
HORIZON_DAYS = 30
#: Thresholds of the association rules of section 3 (06.3, 06.4).
RULES = {"min_support": 0.002, "min_confidence": 0.05}
#: The rule of 06.3: antecedent → consequent (subcategories).
RULE_06_3 = ("Tã bỉm", "Sữa bột")
#: The basket of 06.4: one subcategory in the cart.
BASKET_06_4 = "Vệ sinh nhà cửa"
#: The small world of section 4 and exercise 06.6: the planted up-sell probability, its size, seed.
UPSELL_PROB = 0.3
UPSELL_CUSTOMERS = 1_500
UPSELL_SEED = 2025


def _orders_until(orders: pd.DataFrame, day: str) -> pd.DataFrame:
    return orders[orders["order_date"] < pd.Timestamp(day) + pd.Timedelta(days=1)]


def _reminders(data: ShopData) -> pd.DataFrame:
    return expansion.next_purchase_reminders(
        _orders_until(data.orders, AS_OF), as_of=AS_OF, lead_days=LEAD_DAYS
    )


def ex_06_1(data: ShopData) -> Expected:
    """Number of customers whose reminder day (computed on 2025-06-30) falls in 1–7 July 2025.

    Counting the due dates (``due_date``) in that week instead is a known mistake with its own
    feedback (when it gives another number).

    Parameters
    ----------
    data : ShopData
        The shop; only ``orders`` is used (those up to 2025-06-30).

    Returns
    -------
    Expected
        Customers with ``remind_on`` in :data:`REMIND_WEEK` (both days included), an integer.
    """
    reminders = _reminders(data)
    first, last = (pd.Timestamp(d) for d in REMIND_WEEK)
    n = int(reminders["remind_on"].between(first, last).sum())
    by_due = int(reminders["due_date"].between(first, last).sum())
    mistakes = {}
    if by_due != n:
        mistakes[by_due] = (
            "Đây là số khách có ngày dự kiến mua (due_date) trong tuần đó. Bài hỏi ngày gửi lời "
            "nhắc (remind_on), sớm hơn ngày dự kiến 3 ngày."
        )
    return Expected(n, mistakes=mistakes or None)


def reminder_statement(outcomes: pd.DataFrame) -> Choice:
    """The statement (A, B or C of exercise 06.2) a reminder-outcomes table supports.

    See :func:`ex_06_2`; the table comes from :func:`ecrm_lab.expansion.reminder_outcomes`.

    Parameters
    ----------
    outcomes : pandas.DataFrame
        From :func:`ecrm_lab.expansion.reminder_outcomes`, bands in order, with ``low``, ``high``
        and ``rate``.

    Returns
    -------
    Choice
        ``"B"`` with why A and C are wrong.

    Raises
    ------
    ValueError
        If the table does not support B (the highest rate is not in a band within 30 days of the
        due date, or the longest-overdue band is not the lowest): the exercise text would be wrong.
    """
    best = outcomes.loc[outcomes["rate"].idxmax()]
    near = best["low"] >= -31 and best["high"] <= 30
    longest_lowest = outcomes["rate"].iloc[0] == outcomes["rate"].min()
    if not (near and longest_lowest):
        raise ValueError("the reminder outcomes do not support statement B of exercise 06.2")
    return Choice(
        "B",
        why={
            "A": (
                "Nhóm quá hạn lâu nhất lại có tỷ lệ mua thấp nhất: nhiều người trong đó có lẽ đã "
                "rời bỏ. Với họ, một lời nhắc 'đến lúc mua lại' không đủ; cần chương trình kích "
                "hoạt lại của bài giữ chân khách hàng."
            ),
            "C": (
                "Không ai được gửi lời nhắc trong dữ liệu này: biểu đồ chỉ cho thấy quy tắc 'ngày "
                "dự kiến' đoán được ai sắp mua. Muốn biết lời nhắc làm tăng việc mua bao nhiêu, "
                "cần một thí nghiệm có nhóm đối chứng không nhận lời nhắc."
            ),
        },
    )


def ex_06_2(data: ShopData) -> Choice:
    """Which statement the purchase rates by band of days until due support (interpretation 06.2).

    Parameters
    ----------
    data : ShopData
        The shop; only ``orders`` is used.

    Returns
    -------
    Choice
        The right statement with why each other one is wrong (:func:`reminder_statement`).
    """
    outcomes = expansion.reminder_outcomes(
        _reminders(data), data.orders, as_of=AS_OF, horizon_days=HORIZON_DAYS
    )
    return reminder_statement(outcomes)


def completed_lines(data: ShopData) -> pd.DataFrame:
    """The order lines of completed orders, with the product's columns and the line's gross profit.

    Parameters
    ----------
    data : ShopData
        The shop: ``orders`` (``order_id``, ``status``), ``order_items`` (``order_id``,
        ``product_id``, ``line_amount``) and ``products`` (``product_id``, ``subcategory``,
        ``margin``, …).

    Returns
    -------
    DataFrame
        The lines with the product columns and ``gross_profit`` (₫, ``line_amount × margin``).
    """
    done = data.orders.loc[data.orders["status"] == "completed", "order_id"]
    lines = data.order_items[data.order_items["order_id"].isin(done)]
    lines = lines.merge(data.products, on="product_id", how="left")
    return lines.assign(gross_profit=lines["line_amount"] * lines["margin"])


def subcategory_rules(data: ShopData) -> pd.DataFrame:
    """The association rules between subcategories of section 3 (thresholds :data:`RULES`).

    Parameters
    ----------
    data : ShopData
        The shop (see :func:`completed_lines`).

    Returns
    -------
    DataFrame
        As :func:`ecrm_lab.expansion.association_rules`.
    """
    baskets = expansion.baskets_from_items(completed_lines(data), product_col="subcategory")
    return expansion.association_rules(baskets, **RULES)


def _confidence(rules: pd.DataFrame, a: str, c: str) -> float | None:
    row = rules[(rules["antecedents"] == (a,)) & (rules["consequents"] == (c,))]
    return float(row["confidence"].iloc[0]) if len(row) else None


def ex_06_3(data: ShopData) -> Expected:
    """Confidence (0–1) of the rule {Tã bỉm} → {Sữa bột} between subcategories.

    The confidence of the reversed rule {Sữa bột} → {Tã bỉm} is a known mistake with its own
    feedback (when it rounds to another value).

    Parameters
    ----------
    data : ShopData
        The shop (see :func:`completed_lines`).

    Returns
    -------
    Expected
        The rule's confidence, 3 decimal places, a share.
    """
    rules = subcategory_rules(data)
    a, c = RULE_06_3
    value = _confidence(rules, a, c)
    reverse = _confidence(rules, c, a)
    mistakes = {}
    if reverse is not None and round(reverse, 3) != round(value, 3):
        mistakes[reverse] = (
            f"Đây là độ tin cậy của luật ngược {{{c}}} → {{{a}}}. Độ tin cậy không đối xứng: "
            f"chọn dòng có vế trái (antecedents) là {a} và vế phải (consequents) là {c}."
        )
    return Expected(value, decimals=3, unit="share", mistakes=mistakes or None)


def expected_gross_profit(rules: pd.DataFrame, lines: pd.DataFrame, item: str) -> pd.DataFrame:
    """For a cart holding ``item``: each suggestion's confidence × mean gross profit of its line.

    Parameters
    ----------
    rules : pandas.DataFrame
        From :func:`ecrm_lab.expansion.association_rules` on subcategories.
    lines : pandas.DataFrame
        From :func:`completed_lines` (``subcategory``, ``gross_profit``).
    item : str
        The subcategory in the cart.

    Returns
    -------
    DataFrame
        One row per rule {item} → {C}, sorted by ``expected_gross_profit`` (descending):
        ``consequent``, ``confidence``, ``lift``, ``gross_profit_per_line`` and
        ``expected_gross_profit`` (₫ per cart shown the suggestion).
    """
    mine = rules[(rules["antecedents"] == (item,)) & (rules["consequents"].map(len) == 1)]
    per_line = lines.groupby("subcategory")["gross_profit"].mean()
    out = pd.DataFrame(
        {
            "consequent": mine["consequents"].map(lambda t: t[0]).to_numpy(),
            "confidence": mine["confidence"].to_numpy(),
            "lift": mine["lift"].to_numpy(),
        }
    )
    out["gross_profit_per_line"] = out["consequent"].map(per_line).to_numpy(dtype=float)
    out["expected_gross_profit"] = out["confidence"] * out["gross_profit_per_line"]
    out = out.sort_values(["expected_gross_profit", "consequent"], ascending=[False, True])
    return out.reset_index(drop=True)


def ex_06_4(data: ShopData) -> Expected:
    """The one suggestion to show beside a cart holding ``BASKET_06_4`` (decision 06.4).

    The suggestion with the highest confidence × mean gross profit of its line; choosing by lift
    instead is a known mistake with its own feedback (when it gives another subcategory).

    Parameters
    ----------
    data : ShopData
        The shop (see :func:`completed_lines`).

    Returns
    -------
    Expected
        The subcategory (Vietnamese name, as in the data), with the lift-ranked choice as a mistake.
    """
    table = expected_gross_profit(subcategory_rules(data), completed_lines(data), BASKET_06_4)
    best = str(table["consequent"].iloc[0])
    by_lift = str(table.sort_values("lift", ascending=False)["consequent"].iloc[0])
    mistakes = {}
    if by_lift != best:
        mistakes[by_lift] = (
            "Đây là gợi ý có độ nâng cao nhất. Độ nâng cho biết hai thứ đi cùng nhau mạnh đến đâu "
            "so với ngẫu nhiên, không cho biết mỗi lần hiển thị mang về bao nhiêu lợi nhuận gộp."
        )
    return Expected(best, mistakes=mistakes or None)


def ex_06_5(data: ShopData) -> Expected:
    """Return the referees per referrer (only customers who referred someone), 3 decimal places.

    Set beside the viral coefficient K (referees per customer of the shop): giving K is a known
    mistake with its own feedback (when it rounds to another value).

    Parameters
    ----------
    data : ShopData
        The shop: ``referrals`` (``referrer_id``, ``referee_id``, ``referral_date``) and
        ``customers``.

    Returns
    -------
    Expected
        Mean ``n_referred`` of the referrers in :func:`ecrm_lab.expansion.referral_tree`.
    """
    tree = expansion.referral_tree(data.referrals)
    value = float(tree.loc[tree["n_referred"] > 0, "n_referred"].mean())
    k = float(viral_k(data))
    mistakes = {}
    if round(k, 3) != round(value, 3):
        mistakes[k] = (
            "Đây là hệ số lan truyền K: số khách được giới thiệu chia cho mọi khách của cửa "
            "hàng. Bài hỏi số trung bình chỉ trong những người đã giới thiệu ít nhất một người."
        )
    return Expected(value, decimals=3, mistakes=mistakes or None)


def viral_k(data: ShopData) -> float:
    """The viral coefficient K of the VietShop referrals (referees per customer, 0–1).

    Parameters
    ----------
    data : ShopData
        The shop: ``referrals`` and ``customers``.

    Returns
    -------
    float
        ``k_factor`` of :func:`ecrm_lab.expansion.viral_coefficient`.
    """
    k = expansion.viral_coefficient(data.referrals, data.customers, date_col="referral_date")
    return float(k["k_factor"])


def tier_counts(world: ShopData) -> pd.DataFrame:
    """Count the price-tier transitions between consecutive purchases in one subcategory.

    Parameters
    ----------
    world : ShopData
        A shop: ``orders`` (``order_id``, ``customer_id``, ``order_date``, ``status``),
        ``order_items`` and ``products`` (``tier``, ``subcategory``).

    Returns
    -------
    DataFrame
        :func:`ecrm_lab.expansion.tier_transitions` (``normalize=False``) over the lines of completed
        orders, within subcategories.
    """
    cols = ["order_id", "customer_id", "order_date"]
    purchases = completed_lines(world).merge(world.orders[cols], on="order_id")
    return expansion.tier_transitions(purchases, normalize=False)


def up_share(counts: pd.DataFrame) -> float:
    """Among transitions from a product below the top tier, the share (0–1) to a dearer tier.

    Parameters
    ----------
    counts : pandas.DataFrame
        From :func:`tier_counts`: rows and columns the ``tier`` vocabulary codes (cheapest first).

    Returns
    -------
    float
        (cells above the diagonal) / (transitions from every tier but the dearest).
    """
    from .. import vocabulary

    order = list(vocabulary.codes("tier"))  # cheapest first
    c = counts.reindex(index=order, columns=order, fill_value=0).to_numpy()
    return float(np.triu(c, 1).sum() / c[:-1].sum())


@lru_cache(maxsize=2)
def upsell_world(prob: float = UPSELL_PROB) -> ShopData:
    """The small world of section 4: ``UPSELL_CUSTOMERS`` customers, seed ``UPSELL_SEED``.

    Parameters
    ----------
    prob : float, default :data:`UPSELL_PROB`
        The simulator's ``upsell_prob`` (0 = off, the frozen data's setting).

    Returns
    -------
    ShopData
        The simulated world (cached: the same object for the same ``prob``).
    """
    from ..synth import ShopConfig, simulate

    config = ShopConfig().replace(n_customers=UPSELL_CUSTOMERS, upsell_prob=float(prob))
    return simulate(config, rng=UPSELL_SEED)


def predicted_up_share(share_off: float, prob: float) -> float:
    """The up-sell share the simulator's rule predicts with the knob on (exercise 06.6).

    Up-moves of the world without the knob stay; each other transition from a basic or standard
    product moves up with probability ``prob``: ``share_off + prob × (1 − share_off)``.

    Parameters
    ----------
    share_off : float
        :func:`up_share` of the world with ``upsell_prob = 0``.
    prob : float
        The planted ``upsell_prob``.

    Returns
    -------
    float
        The predicted share (0–1).
    """
    return float(share_off + prob * (1 - share_off))


def ex_06_6(data: ShopData | None = None) -> float:
    """The predicted up-sell share of the small world with the knob on (exercise 06.6).

    Parameters
    ----------
    data : ShopData, optional
        Not used (the answer comes from :func:`upsell_world` with the knob off); accepted for a
        uniform call.

    Returns
    -------
    float
        :func:`predicted_up_share` of the off world's :func:`up_share` and :data:`UPSELL_PROB`.
    """
    return predicted_up_share(up_share(tier_counts(upsell_world(0.0))), UPSELL_PROB)
