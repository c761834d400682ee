"""Expected answers for ``07_rfm_analysis``.

The observation date of the lesson is 2025-06-30 (as in lesson 01): the VietShop data run from
2024-01-01 to 2025-12-31, so six months remain to see what the customers of each segment did next.
The RFM values count completed orders only (the purchase statuses of the vocabulary).
"""

from __future__ import annotations

import pandas as pd

from .. import clv, rfm
from ..exercises import Choice, Expected
from ..shopdata import ShopData

__all__ = [
    "SNAPSHOT",
    "END",
    "HORIZON_DAYS",
    "WORKED_CUSTOMER",
    "EXERCISE_CUSTOMER",
    "CALL_COST",
    "GROSS_MARGIN",
    "UPLIFT",
    "rfm_at",
    "segments_at",
    "two_recencies",
    "ex_07_1",
    "ex_07_2",
    "ex_07_3",
    "ex_07_4",
    "ex_07_5",
]

#: The observation date ("ngày quan sát") of the lesson.
SNAPSHOT = "2025-06-30"
#: The last day of the data: the end of the migration and the date the truth's future starts.
END = "2025-12-31"
#: Days after the snapshot whose purchases are a segment's future value.
HORIZON_DAYS = 180
#: The customer worked by hand in section 1, and the one of exercise 07.1.
WORKED_CUSTOMER = "KH000017"
EXERCISE_CUSTOMER = "KH000010"
#: Exercise 07.4: cost of one personal call (₫), gross margin, and the assumed rise in the
#: customer's spending over the horizon that a call brings (an assumption of the exercise).
CALL_COST = 15_000
GROSS_MARGIN = 0.30
UPLIFT = 0.20


def _completed(orders: pd.DataFrame) -> pd.DataFrame:
    return orders[orders["status"].astype(str) == "completed"]


def rfm_at(data: ShopData, as_of: str = SNAPSHOT) -> pd.DataFrame:
    """The RFM table of the shop on ``as_of`` (orders after it left out).

    Parameters
    ----------
    data : ShopData
        The shop; only ``orders`` is used.
    as_of : date-like, default "2025-06-30"
        The observation date.

    Returns
    -------
    DataFrame
        :func:`ecrm_lab.rfm.rfm_table` on ``as_of``.
    """
    return rfm.rfm_table(data.orders, as_of=as_of, drop_later=True)


def segments_at(
    data: ShopData, as_of: str = SNAPSHOT, *, bins: rfm.RFMBins | None = None, lang: str = "vi"
) -> pd.DataFrame:
    """Score and name the segments on ``as_of``, with the quintile edges of that day unless ``bins``.

    Parameters
    ----------
    data : ShopData
        The shop; only ``orders`` is used.
    as_of : date-like, default "2025-06-30"
        The observation date.
    bins : RFMBins, optional
        Edges learned on another day (for the migration); default: learned on ``as_of``.
    lang : str, default "vi"
        Language of the segment names and actions.

    Returns
    -------
    DataFrame
        :func:`ecrm_lab.rfm.rfm_segments` of the scored RFM table.
    """
    return rfm.rfm_segments(rfm.rfm_scores(rfm_at(data, as_of), bins), lang=lang)


def two_recencies(data: ShopData, customer: str, as_of: str = SNAPSHOT) -> dict[str, float]:
    """Both recencies of one customer on ``as_of``, in days, from the completed orders.

    Parameters
    ----------
    data : ShopData
        The shop; only ``orders`` is used.
    customer : str
        A customer id with a completed order on or before ``as_of``.
    as_of : date-like, default "2025-06-30"
        The observation date.

    Returns
    -------
    dict
        ``recency_days`` (RFM: last purchase → ``as_of``), ``recency_btyd`` (BG/NBD: first →
        last purchase day) and ``T`` (first purchase → ``as_of``), all in days.
    """
    done = _completed(data.orders)
    summary = clv.summary_from_transactions(done, calibration_end=as_of, time_unit="D")
    table = rfm_at(data, as_of)
    return {
        "recency_days": int(table.loc[customer, "recency_days"]),
        "recency_btyd": float(summary.loc[customer, "recency_btyd"]),
        "T": float(summary.loc[customer, "T"]),
    }


def ex_07_1(data: ShopData, customer: str = EXERCISE_CUSTOMER) -> Expected:
    """The two recencies of the exercise's customer on 2025-06-30, in days: ``[BG/NBD, RFM]``.

    Parameters
    ----------
    data : ShopData
        The shop; only ``orders`` is used.
    customer : str, default "KH000010"
        The customer of the exercise.

    Returns
    -------
    Expected
        The list ``[days from the first to the last purchase, days from the last purchase to
        2025-06-30]``. The order matters: swapping the two is the confusion the exercise is
        about, and the check says "the right items in the wrong order" for it.
    """
    both = two_recencies(data, customer)
    return Expected([int(round(both["recency_btyd"])), int(both["recency_days"])])


def ex_07_2(data: ShopData | None = None) -> Choice:
    """Which statement the segment-value table and chart support (multiple choice).

    The answer does not depend on the data; ``data`` is accepted for a uniform call.

    Parameters
    ----------
    data : ShopData, optional
        Not used.

    Returns
    -------
    Choice
        The right option ``"B"`` and, for each wrong option, why it is wrong.
    """
    return Choice(
        "B",
        why={
            "A": (
                "Bảng chỉ cho thấy khách của phân khúc đã làm gì khi không ai gọi họ: trong 180 ngày "
                "sau, mỗi khách 'Không thể để mất' mang về ít hơn nhiều so với khách xuất sắc. Nó "
                "không đo tác động của một cuộc gọi; muốn biết phải làm thử nghiệm (bài 04)."
            ),
            "C": (
                "Đây là dữ liệu mô phỏng: trình mô phỏng cho khách ngừng mua hẳn theo một xác suất, "
                "nên lâu không mua là dấu hiệu khách đã ngừng, không phải nguyên nhân; và một cửa "
                "hàng mô phỏng không chứng minh được điều gì về mọi cửa hàng."
            ),
            "D": (
                "Cột tỷ lệ khách có mua trong 180 ngày sau của phân khúc này không bằng 0: một phần "
                "khách vẫn quay lại. Tên phân khúc là quy tắc đoán, không phải sự thật về rời bỏ."
            ),
        },
    )


def ex_07_3(data: ShopData) -> float:
    """Share (0–1) of the money spent up to 2025-06-30 by Champions and Loyal Customers.

    Parameters
    ----------
    data : ShopData
        The shop; only ``orders`` is used.

    Returns
    -------
    float
        The sum of the two segments' ``monetary_share`` of :func:`ecrm_lab.rfm.segment_value`.
    """
    value = rfm.segment_value(segments_at(data)).set_index("segment")
    return float(value["monetary_share"].reindex(["champions", "loyal_customers"]).fillna(0).sum())


def ex_07_4(
    data: ShopData,
    *,
    cost: float = CALL_COST,
    margin: float = GROSS_MARGIN,
    uplift: float = UPLIFT,
) -> set[str]:
    """The segments worth a personal call: expected extra margin per customer above its cost.

    A call is assumed to raise a customer's spending in the next ``HORIZON_DAYS`` days by
    ``uplift`` (a share); the extra gross margin is ``margin × uplift × future revenue per
    customer`` of the segment, as measured from 2025-06-30 (the last half-year VietShop has seen).
    A segment is called when that exceeds ``cost``.

    Parameters
    ----------
    data : ShopData
        The shop; only ``orders`` is used.
    cost : float, default 15,000
        ₫ per call.
    margin : float, default 0.30
        Gross margin on the extra revenue.
    uplift : float, default 0.20
        Assumed relative rise in spending that a call brings.

    Returns
    -------
    set of str
        Segment codes.
    """
    value = rfm.segment_value(
        segments_at(data), data.orders, as_of=SNAPSHOT, horizon_days=HORIZON_DAYS
    )
    gain = margin * uplift * value["future_revenue_per_customer"]
    return set(value.loc[gain > cost, "segment"].astype(str))


def ex_07_5(data: ShopData) -> str:
    """The segment on 2025-12-31 with the lowest mean true expected value of the next 52 weeks.

    Parameters
    ----------
    data : ShopData
        The shop, with ``orders`` and the simulator's ``truth`` (``expected_value_52w``).

    Returns
    -------
    str
        A segment code.
    """
    seg = segments_at(data, END)
    truth = data.truth.set_index("customer_id")["expected_value_52w"]
    mean = truth.reindex(seg.index).groupby(seg["segment"].astype(str)).mean()
    return str(mean.idxmin())
