"""Expected answers of the notebook exercises, on tiny hand-built shops."""

from __future__ import annotations

import pandas as pd

from ecrm_lab.answers import lesson00
from ecrm_lab.shopdata import ShopData


def _shop() -> ShopData:
    customers = pd.DataFrame(
        {
            "customer_id": ["A", "B", "C", "D"],
            "province": ["Hà Nội", "TP Hồ Chí Minh", "Hà Nội", "Đà Nẵng"],
            "acquisition_channel": ["facebook", "email", "facebook", "email"],
        }
    )
    orders = pd.DataFrame(
        {
            "order_id": ["o1", "o2", "o3", "o4", "o5"],
            "customer_id": ["A", "B", "C", "D", "D"],
            "payment_method": ["cod", "card", "cod", "cod", "bank_transfer"],
            "amount": [100, 200, 300, 400, 500],
            "status": ["completed", "completed", "cancelled", "completed", "completed"],
        }
    )
    return ShopData({"customers": customers, "orders": orders})


def test_lesson00_answers_by_hand():
    shop = _shop()
    assert lesson00.ex_00_1(shop) == 2  # A and C live in Hà Nội
    assert lesson00.ex_00_2(shop) == 3 / 5  # o1, o3, o4 are COD out of 5 orders
    revenue = lesson00.ex_00_3(shop)
    # completed: A 100 (facebook), B 200 + D 400 + D 500 (email); C's order was cancelled
    assert revenue.to_dict() == {"email": 1100, "facebook": 100}
    assert list(revenue.index) == ["email", "facebook"]  # largest first


def test_lesson00_answers_on_the_frozen_data_are_consistent():
    from ecrm_lab import load_vietshop

    data = load_vietshop()
    revenue = lesson00.ex_00_3(data)
    completed = data.orders.loc[data.orders["status"] == "completed", "amount"].sum()
    assert revenue.sum() == completed  # every completed order belongs to exactly one channel
    assert 0 < lesson00.ex_00_2(data) < 1
