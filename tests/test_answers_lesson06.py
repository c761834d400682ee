"""Expected answers of notebook 06, on a tiny hand-built shop (and 06.2's statement on hand-made
outcome tables)."""

from __future__ import annotations

import pandas as pd
import pytest

from ecrm_lab.answers import lesson06
from ecrm_lab.exercises import Choice, Expected, check
from ecrm_lab.shopdata import ShopData

# Re-sell (reminders on 2025-06-30, lead 3 days; orders without lines):
#   r1: 06-01, 06-21  gap 20 → due 07-11, remind 07-08   (after the week 1–7/7)
#   r2: 06-10, 06-20  gap 10 → due 06-30, remind 06-27   (before it)
#   r3: 06-14, 06-24  gap 10 → due 07-04, remind 07-01   ✓
#   r4: 05-20, 06-25  gap 36 → due 07-31, remind 07-28
#   r5: 06-15, 06-25  gap 10 → due 07-05, remind 07-02   ✓  (its 07-20 order comes after as_of)
#   r6: 06-15 completed, 06-25 cancelled: one purchase, no reminder
REMIND = [
    ("r1", "2025-06-01"), ("r1", "2025-06-21"), ("r2", "2025-06-10"), ("r2", "2025-06-20"),
    ("r3", "2025-06-14"), ("r3", "2025-06-24"), ("r4", "2025-05-20"), ("r4", "2025-06-25"),
    ("r5", "2025-06-15"), ("r5", "2025-06-25"), ("r5", "2025-07-20"), ("r6", "2025-06-15"),
]  # fmt: skip
# Cross-sell: eight completed baskets (subcategories) and one cancelled one
#   b1, b2: Tã bỉm + Sữa bột · b3: Tã bỉm · b4: Vệ sinh + Dụng cụ nhà bếp · b5: Vệ sinh + Đồ trang
#   trí · b6: Vệ sinh · b7, b8: Dụng cụ nhà bếp · b9 (cancelled): Tã bỉm
#   confidence {Tã bỉm} → {Sữa bột} = 2/3 (the cancelled b9 would make it 2/4)
#   {Vệ sinh} → {Dụng cụ nhà bếp}: confidence 1/3, lift (1/3)/(3/8) = 0.89, gross profit per
#   line 300,000 × 0.2 = 60,000 ₫ → 20,000 ₫ per cart; {Vệ sinh} → {Đồ trang trí}: confidence
#   1/3, lift (1/3)/(1/8) = 2.67, 100,000 × 0.3 = 30,000 ₫ → 10,000 ₫: lift picks the wrong one.
PRODUCTS = [
    ("P1", "Tã bỉm", 200_000, 0.2),
    ("P2", "Sữa bột", 400_000, 0.1),
    ("P3", "Vệ sinh nhà cửa", 50_000, 0.3),
    ("P4", "Dụng cụ nhà bếp", 300_000, 0.2),
    ("P5", "Đồ trang trí", 100_000, 0.3),
]
BASKETS = {
    "b1": ["P1", "P2"], "b2": ["P1", "P2"], "b3": ["P1"], "b4": ["P3", "P4"],
    "b5": ["P3", "P5"], "b6": ["P3"], "b7": ["P4"], "b8": ["P4"], "b9": ["P1"],
}  # fmt: skip


def _shop() -> ShopData:
    rows = [(f"o{i}", c, d, "completed") for i, (c, d) in enumerate(REMIND)]
    rows.append(("o_cancel", "r6", "2025-06-25", "cancelled"))
    rows += [(b, f"k{b}", "2025-03-01", "completed" if b != "b9" else "cancelled") for b in BASKETS]
    orders = pd.DataFrame(rows, columns=["order_id", "customer_id", "order_date", "status"])
    orders["order_date"] = pd.to_datetime(orders["order_date"])
    orders["amount"] = 100_000
    price = {p: pr for p, _, pr, _ in PRODUCTS}
    items = pd.DataFrame(
        [
            (b, n + 1, p, 1, price[p], price[p])
            for b, ps in BASKETS.items()
            for n, p in enumerate(ps)
        ],
        columns=["order_id", "line_no", "product_id", "quantity", "unit_price", "line_amount"],
    )
    products = pd.DataFrame(PRODUCTS, columns=["product_id", "subcategory", "price", "margin"])
    people = sorted(set(orders["customer_id"]))  # 6 + 9 = 15 customers
    customers = pd.DataFrame({"customer_id": people})
    referrals = pd.DataFrame(
        {
            "referrer_id": ["r1", "r1", "r3"],
            "referee_id": ["kb1", "kb2", "kb3"],
            "referral_date": pd.to_datetime(["2025-02-01", "2025-02-02", "2025-02-03"]),
        }
    )
    return ShopData(
        {
            "customers": customers,
            "orders": orders,
            "order_items": items,
            "products": products,
            "referrals": referrals,
        }
    )


def test_ex_06_1_reminders_in_the_first_week_of_july_by_hand():
    spec = lesson06.ex_06_1(_shop())
    assert isinstance(spec, Expected) and spec.value == 2
    # by due date: r3 (07-04) and r5 (07-05) — also 2, so no mistake is recorded
    assert spec.mistakes is None
    # r2's second order on 06-24 instead of 06-20: gap 14 → due 07-08 (out of the week), remind
    # 07-05 (in it): 3 reminders in the week, but counting due dates still gives 2
    shop = _shop()
    orders = shop.orders.copy()
    orders.loc[orders["order_id"] == "o3", "order_date"] = pd.Timestamp("2025-06-24")
    spec = lesson06.ex_06_1(ShopData({**shop.tables, "orders": orders}))
    assert spec.value == 3 and list(spec.mistakes) == [2]  # counting due dates gives 2
    assert bool(check(3, spec, name="t06.1"))
    assert not bool(check(2, spec, name="t06.1"))


def _outcomes(rates):
    bands = [(-10_000, -180), (-180, -90), (-90, -30), (-30, -1), (-1, 30), (30, 90), (90, 10_000)]
    return pd.DataFrame(
        {"low": [a for a, _ in bands], "high": [b for _, b in bands], "rate": rates}
    )


def test_ex_06_2_statement_b_when_the_due_bands_buy_most():
    spec = lesson06.reminder_statement(_outcomes([0.03, 0.04, 0.13, 0.24, 0.31, 0.15, 0.12]))
    assert isinstance(spec, Choice) and spec.correct == "B"
    assert spec.options == ("A", "B", "C")
    assert all(len(why) > 60 for why in spec.why.values())
    assert bool(check("B", spec, name="t06.2"))
    assert not bool(check("A", spec, name="t06.2"))
    # just overdue (−29 … −1) buying most also supports B
    assert lesson06.reminder_statement(_outcomes([0.03, 0.04, 0.1, 0.3, 0.2, 0.1, 0.1])).correct
    # the longest-overdue buying most, or the highest rate far from the due date: B is not supported
    with pytest.raises(ValueError, match="06.2"):
        lesson06.reminder_statement(_outcomes([0.5, 0.04, 0.13, 0.24, 0.31, 0.15, 0.12]))
    with pytest.raises(ValueError, match="06.2"):
        lesson06.reminder_statement(_outcomes([0.03, 0.04, 0.13, 0.24, 0.2, 0.35, 0.12]))


def test_ex_06_3_confidence_by_hand_cancelled_baskets_left_out():
    spec = lesson06.ex_06_3(_shop())
    assert isinstance(spec, Expected) and spec.value == pytest.approx(2 / 3)
    assert (spec.decimals, spec.unit) == (3, "share")
    # the reversed rule {Sữa bột} → {Tã bỉm} has confidence 2/2 = 1: a known mistake
    assert list(spec.mistakes) == [pytest.approx(1.0)]
    assert bool(check(0.667, spec, name="t06.3"))
    assert not bool(check(1.0, spec, name="t06.3"))


def test_ex_06_4_expected_gross_profit_beats_lift_by_hand():
    shop = _shop()
    table = lesson06.expected_gross_profit(
        lesson06.subcategory_rules(shop), lesson06.completed_lines(shop), "Vệ sinh nhà cửa"
    )
    assert table["consequent"].tolist() == ["Dụng cụ nhà bếp", "Đồ trang trí"]
    assert table["confidence"].tolist() == pytest.approx([1 / 3, 1 / 3])
    assert table["lift"].tolist() == pytest.approx([8 / 9, 8 / 3])
    assert table["gross_profit_per_line"].tolist() == pytest.approx([60_000, 30_000])
    assert table["expected_gross_profit"].tolist() == pytest.approx([20_000, 10_000])
    spec = lesson06.ex_06_4(shop)
    assert isinstance(spec, Expected) and spec.value == "Dụng cụ nhà bếp"
    assert list(spec.mistakes) == ["Đồ trang trí"]  # the lift-ranked choice has its own feedback
    assert bool(check("Dụng cụ nhà bếp", spec, name="t06.4"))
    assert not bool(check("Đồ trang trí", spec, name="t06.4"))


def test_ex_06_5_referees_per_referrer_by_hand_and_k_as_a_mistake():
    shop = _shop()
    assert lesson06.viral_k(shop) == pytest.approx(3 / 15)  # 3 referees, 15 customers
    spec = lesson06.ex_06_5(shop)
    assert isinstance(spec, Expected) and spec.value == pytest.approx(3 / 2)  # r1: 2, r3: 1
    assert list(spec.mistakes) == [pytest.approx(0.2)]
    assert bool(check(1.5, spec, name="t06.5"))
    assert not bool(check(0.2, spec, name="t06.5"))


def test_up_share_and_its_prediction_by_hand():
    tiers = ["basic", "standard", "premium"]
    counts = pd.DataFrame([[5, 2, 3], [1, 1, 2], [4, 0, 1]], index=tiers, columns=tiers)
    # above the diagonal 2 + 3 + 2 = 7 of the 10 + 4 transitions from basic or standard
    assert lesson06.up_share(counts) == pytest.approx(7 / 14)
    # half of the transitions go up without the knob; with 0.3, 0.3 of the other half too
    assert lesson06.predicted_up_share(0.5, 0.3) == pytest.approx(0.65)
    assert lesson06.predicted_up_share(0.2, 0.0) == pytest.approx(0.2)


def test_tier_counts_use_completed_orders_within_subcategories():
    orders = pd.DataFrame(
        {
            "order_id": ["o1", "o2", "o3", "o4"],
            "customer_id": ["a", "a", "a", "a"],
            "order_date": pd.to_datetime(["2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01"]),
            "status": ["completed", "completed", "cancelled", "completed"],
        }
    )
    items = pd.DataFrame(
        {"order_id": ["o1", "o2", "o3", "o4"], "product_id": ["p1", "p2", "p3", "p3"],
         "line_amount": [1, 1, 1, 1]}
    )  # fmt: skip
    products = pd.DataFrame(
        {"product_id": ["p1", "p2", "p3"], "subcategory": ["s", "s", "s"],
         "tier": ["basic", "standard", "premium"], "margin": [0.1, 0.1, 0.1]}
    )  # fmt: skip
    shop = ShopData({"orders": orders, "order_items": items, "products": products})
    counts = lesson06.tier_counts(shop)
    # basic → standard (o1 → o2), standard → premium (o2 → o4); the cancelled o3 is left out
    assert counts.loc["basic", "standard"] == 1 and counts.loc["standard", "premium"] == 1
    assert counts.to_numpy().sum() == 2
    assert lesson06.up_share(counts) == 1.0


def test_ex_06_6_prediction_is_close_to_the_share_measured_with_the_knob_on():
    # the small world of section 4: the off world gives the prediction, the on world is measured
    predicted = lesson06.ex_06_6()
    off = lesson06.up_share(lesson06.tier_counts(lesson06.upsell_world(0.0)))
    on = lesson06.up_share(lesson06.tier_counts(lesson06.upsell_world(lesson06.UPSELL_PROB)))
    assert predicted == pytest.approx(off + lesson06.UPSELL_PROB * (1 - off))
    assert on > off + 0.15  # the planted up-sell is seen
    assert on == pytest.approx(predicted, abs=0.03)
