"""Expected answers for ``00_welcome_and_data``, computed from the shop's tables."""

from __future__ import annotations

import pandas as pd

from ..exercises import Choice
from ..shopdata import ShopData

__all__ = ["ex_00_1", "ex_00_2", "ex_00_3", "ex_00_4", "ex_00_5", "failed_share_by_payment"]


def ex_00_1(data: ShopData) -> int:
    """Number of customers who live in Hà Nội.

    Parameters
    ----------
    data : ShopData
        The shop, with ``customers``.

    Returns
    -------
    int
        Customers whose ``province`` is ``"Hà Nội"``.
    """
    return int((data.customers["province"] == "Hà Nội").sum())


def ex_00_2(data: ShopData) -> float:
    """Share of all orders paid cash on delivery.

    Parameters
    ----------
    data : ShopData
        The shop, with ``orders``.

    Returns
    -------
    float
        Share (0–1) of the orders with ``payment_method == "cod"``, all statuses counted.
    """
    return float((data.orders["payment_method"] == "cod").mean())


def _completed_with(data: ShopData, column: str) -> pd.DataFrame:
    completed = data.orders[data.orders["status"] == "completed"]
    return completed.merge(data.customers[["customer_id", column]], on="customer_id")


def ex_00_3(data: ShopData) -> pd.Series:
    """Revenue of the completed orders per province of the customer, largest first.

    Parameters
    ----------
    data : ShopData
        The shop, with ``customers`` and ``orders``.

    Returns
    -------
    Series
        Revenue (VND, sum of ``amount`` of the completed orders) indexed by the customer's ``province``, largest first.
    """
    joined = _completed_with(data, "province")
    revenue = joined.groupby("province", observed=True)["amount"].sum()
    return revenue.sort_values(ascending=False)


def failed_share_by_payment(data: ShopData) -> pd.Series:
    """Share of the orders of each payment method that were not completed, largest first.

    Not completed = cancelled or returned: the delivery failed and the shop paid for it.

    Parameters
    ----------
    data : ShopData
        The shop, with ``orders`` (``payment_method``, ``status``).

    Returns
    -------
    Series
        Share (0–1) per ``payment_method`` code, named ``"failed_share"``, largest first.
    """
    failed = data.orders["status"] != "completed"
    share = failed.groupby(data.orders["payment_method"], observed=True).mean()
    return share.sort_values(ascending=False).rename("failed_share")


def ex_00_4(data: ShopData) -> str:
    """Decision: the payment method whose orders most often fail (cancelled or returned).

    Parameters
    ----------
    data : ShopData
        The shop, with ``orders``.

    Returns
    -------
    str
        The ``payment_method`` code with the highest :func:`failed_share_by_payment`.
    """
    return str(failed_share_by_payment(data).index[0])


def _channel_facts(data: ShopData) -> tuple[str, str]:
    """(channel with the most customers, channel with the highest revenue per customer)."""
    joined = _completed_with(data, "acquisition_channel")
    by = joined.groupby("acquisition_channel", observed=True).agg(
        revenue=("amount", "sum"), customers=("customer_id", "nunique")
    )
    per_customer = by["revenue"] / by["customers"]
    return str(by["customers"].idxmax()), str(per_customer.idxmax())


#: Why each statement about the channel chart of lesson 00 is wrong (when it is).
WHY_00_5 = {
    "A": (
        "Biểu đồ không có chi phí: doanh thu bình quân mỗi khách cao chưa nói kênh đó đáng đầu tư "
        "hơn. Cần chi phí thu hút một khách (CAC, bài 02) trước khi chuyển ngân sách."
    ),
    "B": (
        "Hãy so hai cột: kênh đứng đầu cột số khách hàng cũng đứng đầu cột doanh thu bình quân "
        "mỗi khách trong dữ liệu này."
    ),
    "C": (
        "Biểu đồ mô tả, không chứng minh nguyên nhân: khách của mỗi kênh khác nhau (tuổi, tỉnh, "
        "thói quen), nên không thể nói chính kênh làm họ chi ít hơn."
    ),
    "D": (
        "Hãy so hai cột: kênh đứng đầu cột số khách hàng không đứng đầu cột doanh thu bình quân "
        "mỗi khách."
    ),
}


def ex_00_5(data: ShopData) -> Choice:
    """Interpretation of the channel chart: the statement it supports.

    B ("the channel with the most customers is not the one with the highest revenue per
    customer") when that holds in ``data``, else D (its opposite). A (move the budget) and C (the
    channel causes lower spending) are never supported by a descriptive chart without costs.

    Parameters
    ----------
    data : ShopData
        The shop, with ``customers`` and ``orders``.

    Returns
    -------
    Choice
        The supported option and, for each other option, why it is wrong (:data:`WHY_00_5`).
    """
    most_customers, best_per_customer = _channel_facts(data)
    correct = "B" if most_customers != best_per_customer else "D"
    return Choice(correct, why={k: v for k, v in WHY_00_5.items() if k != correct})
