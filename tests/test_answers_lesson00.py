"""Expected answers of the lesson 00 exercises, on tiny hand-built shops."""

from __future__ import annotations

import pandas as pd

from ecrm_lab.answers import lesson00
from ecrm_lab.exercises import Choice
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
            "order_id": ["o1", "o2", "o3", "o4", "o5", "o6"],
            "customer_id": ["A", "B", "C", "D", "D", "C"],
            "payment_method": ["cod", "card", "cod", "cod", "bank_transfer", "card"],
            "amount": [100, 200, 300, 400, 500, 50],
            "status": [
                "completed",
                "completed",
                "cancelled",
                "completed",
                "completed",
                "completed",
            ],
        }
    )
    return ShopData({"customers": customers, "orders": orders})


def test_lesson00_counts_and_shares_by_hand():
    shop = _shop()
    assert lesson00.ex_00_1(shop) == 2  # A and C live in Hà Nội
    assert lesson00.ex_00_2(shop) == 3 / 6  # o1, o3, o4 are COD out of 6 orders


def test_lesson00_revenue_by_province_by_hand():
    revenue = lesson00.ex_00_3(_shop())
    # completed: A 100 + C 50 (Hà Nội; C's o3 was cancelled), B 200 (HCM), D 400 + 500 (Đà Nẵng)
    assert revenue.to_dict() == {"Đà Nẵng": 900, "TP Hồ Chí Minh": 200, "Hà Nội": 150}
    assert list(revenue.index) == ["Đà Nẵng", "TP Hồ Chí Minh", "Hà Nội"]  # largest first


def test_lesson00_decision_picks_the_payment_method_that_fails_most():
    shop = _shop()
    shares = lesson00.failed_share_by_payment(shop)
    assert shares.to_dict() == {"cod": 1 / 3, "card": 0.0, "bank_transfer": 0.0}
    assert lesson00.ex_00_4(shop) == "cod"
    # one more failed card order makes card fail most often (2 of 3 against 1 of 3)
    orders = shop.orders.copy()
    orders.loc[1, "status"] = "returned"
    more = pd.DataFrame(
        {"order_id": ["o7"], "customer_id": ["B"], "payment_method": ["card"], "amount": [10],
         "status": ["cancelled"]}
    )  # fmt: skip
    worse = ShopData({"customers": shop.customers, "orders": pd.concat([orders, more])})
    assert lesson00.ex_00_4(worse) == "card"


def test_lesson00_interpretation_follows_the_data():
    shop = _shop()
    # facebook: 2 customers (A, C), revenue 150 → 75 each; email: 2 customers (B, D), 1100 → 550
    choice = lesson00.ex_00_5(shop)
    assert isinstance(choice, Choice)
    assert choice.correct == "B"  # most customers (tie → first, facebook) ≠ best per customer
    assert set(choice.why) == {"A", "C", "D"}
    # make facebook the best per customer too: the supported statement becomes D
    orders = shop.orders.copy()
    orders.loc[0, "amount"] = 5_000
    customers = shop.customers.copy()
    customers.loc[1, "acquisition_channel"] = "facebook"  # B moves: facebook 3 customers
    flipped = ShopData({"customers": customers, "orders": orders})
    choice = lesson00.ex_00_5(flipped)
    assert choice.correct == "D"
    assert set(choice.why) == {"A", "B", "C"}


def test_lesson00_answers_on_the_frozen_data_are_consistent():
    from ecrm_lab import load_vietshop

    data = load_vietshop()
    revenue = lesson00.ex_00_3(data)
    completed = data.orders.loc[data.orders["status"] == "completed", "amount"].sum()
    assert revenue.sum() == completed  # every completed order belongs to exactly one province
    assert revenue.is_monotonic_decreasing
    assert 0 < lesson00.ex_00_2(data) < 1
    shares = lesson00.failed_share_by_payment(data)
    assert shares.between(0, 1).all() and shares.index[0] == lesson00.ex_00_4(data)
