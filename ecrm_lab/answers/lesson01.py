"""Expected answers for ``01_customer_care_and_lifecycle``.

The snapshot dates are those of the exercise texts: the VietShop data run from 2024-01-01 to
2025-12-31, so a snapshot on 2025-06-30 leaves six months to see what happens next.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .. import lifecycle
from ..exercises import Choice
from ..shopdata import ShopData

__all__ = ["ex_01_1", "ex_01_2", "ex_01_3", "ex_01_4", "ex_01_5", "window_errors"]

#: Mid-point snapshot, the start of exercise 01.3.
MID = "2025-06-30"
#: Last day of the data, the end of exercise 01.3.
END = "2025-12-31"
#: Snapshot of exercise 01.5 (its 180-day horizon ends inside the data).
YEAR_END_2024 = "2024-12-31"
#: Exercise 01.4: the inactivity windows compared, and the cost of each kind of error (₫).
WINDOWS = (60, 90, 120, 180, 270)
COST_FALSE_ALARM = 40_000  # a win-back voucher sent to a customer who still buys
COST_MISS = 100_000  # a customer who has stopped buying and gets no win-back offer


def _stages(data: ShopData, as_of: str):
    return lifecycle.assign_stages(data.customers, data.orders, data.sessions, as_of=as_of)


def ex_01_1(data: ShopData | None = None) -> Choice:
    """Which statement the reorder-after-failure chart of section 2 supports (multiple choice).

    The chart shows, per order type (first / repeat), the share of completed and of failed
    orders followed by another order within 180 days, with 95 % Wilson intervals. The answer does
    not depend on the data; ``data`` is accepted for a uniform call.

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
                "VietShop là dữ liệu mô phỏng: khoảng chênh là hiệu ứng cài sẵn trong trình mô "
                "phỏng (service_failure_dropout), nó cho thấy phương pháp đo được gì, không phải "
                "bằng chứng về mọi cửa hàng thật."
            ),
            "C": (
                "Hai cột của đơn đầu tiên gần bằng nhau chỉ vì trình mô phỏng giả định không ai "
                "ngừng mua ngay sau đơn đầu tiên; ở cửa hàng thật điều này chưa được kiểm chứng."
            ),
            "D": (
                "Biểu đồ không tách theo phương thức thanh toán; trong VietShop, xác suất ngừng "
                "mua không phụ thuộc phương thức thanh toán nên COD không giải thích khoảng chênh."
            ),
        },
    )


def ex_01_2(data: ShopData) -> float:
    """Share (0–1) of failed repeat orders followed by another order within 90 days.

    Parameters
    ----------
    data : ShopData
        The shop; only ``orders`` is used.

    Returns
    -------
    float
        The reorder rate.
    """
    out = lifecycle.repurchase_after_failure(data.orders, horizon_days=90)
    row = out[(out["order_type"] == "repeat") & (out["outcome"] == "failed")]
    return float(row["reorder_rate"].iloc[0])


def ex_01_3(data: ShopData) -> float:
    """Share (0–1) of 2025-06-30's acquisition customers in retention or expansion on 2025-12-31.

    Parameters
    ----------
    data : ShopData
        The shop (e.g. ``load_vietshop()``): customers, orders, sessions.

    Returns
    -------
    float
        The share of the acquisition row of the transition matrix.
    """
    shares = lifecycle.transition_matrix(
        data.customers, data.orders, data.sessions, start=MID, end=END
    )
    return float(shares.loc["acquisition", ["retention", "expansion"]].sum())


def ex_01_5(data: ShopData) -> str:
    """Stage code with the highest future revenue per customer (180 days after 2024-12-31).

    Parameters
    ----------
    data : ShopData
        The shop (e.g. ``load_vietshop()``): customers, orders, sessions.

    Returns
    -------
    str
        A code of :data:`ecrm_lab.lifecycle.STAGES`.
    """
    stages = _stages(data, YEAR_END_2024)
    value = lifecycle.value_by_stage(stages, data.orders, as_of=YEAR_END_2024, horizon_days=180)
    return str(value.set_index("stage")["future_revenue_per_customer"].idxmax())


def window_errors(
    data: ShopData, windows: Sequence[int] = WINDOWS, *, as_of: str = MID
) -> pd.DataFrame:
    """Count the errors of the "stopped buying" rule against the simulator's truth, per window.

    Parameters
    ----------
    data : ShopData
        The shop: customers, orders, sessions and ``truth`` (column ``churn_date``: the day the
        customer truly stopped buying, missing if never).
    windows : sequence of int
        The values of ``lapse_days`` to compare.
    as_of : date-like, default "2025-06-30"
        The observation date.

    Returns
    -------
    DataFrame
        One row per window: ``lapse_days``, ``flagged`` (customers the rule puts in the lapsed
        stage), ``caught`` (flagged and truly stopped), ``false_alarms`` (flagged but still
        buying), ``missed`` (truly stopped but not flagged).
    """
    churn = data.truth.set_index("customer_id")["churn_date"]
    rows = []
    for days in windows:
        st = lifecycle.assign_stages(
            data.customers, data.orders, data.sessions, as_of=as_of, lapse_days=int(days)
        )
        stopped = (churn.reindex(st["customer_id"]) <= pd.Timestamp(as_of)).to_numpy()
        flagged = (st["stage"] == "lapsed").to_numpy()
        rows.append(
            {
                "lapse_days": int(days),
                "flagged": int(flagged.sum()),
                "caught": int((flagged & stopped).sum()),
                "false_alarms": int((flagged & ~stopped).sum()),
                "missed": int((~flagged & stopped).sum()),
            }
        )
    return pd.DataFrame(rows)


def ex_01_4(
    data: ShopData,
    windows: Sequence[int] = WINDOWS,
    *,
    cost_false_alarm: float = COST_FALSE_ALARM,
    cost_miss: float = COST_MISS,
    as_of: str = MID,
) -> int:
    """The inactivity window (``lapse_days``) with the lowest cost of errors on 2025-06-30.

    Cost of a window = ``cost_false_alarm`` × false alarms + ``cost_miss`` × missed customers
    (see :func:`window_errors`); ties go to the shorter window.

    Parameters
    ----------
    data : ShopData
        The shop, with the ``truth`` table.
    windows : sequence of int
        The candidate windows, in days.
    cost_false_alarm, cost_miss : float
        ₫ lost per voucher sent to a customer who still buys, and per customer who stopped
        buying and gets no offer.
    as_of : date-like, default "2025-06-30"
        The observation date.

    Returns
    -------
    int
        The chosen ``lapse_days``.
    """
    errors = window_errors(data, windows, as_of=as_of)
    cost = cost_false_alarm * errors["false_alarms"] + cost_miss * errors["missed"]
    return int(errors["lapse_days"].iloc[int(cost.to_numpy().argmin())])
