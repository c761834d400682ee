"""Expected answers of notebook 01, on a tiny hand-built shop and on the frozen data."""

from __future__ import annotations

import pandas as pd
import pytest

from ecrm_lab.answers import lesson01
from ecrm_lab.lifecycle import STAGES
from ecrm_lab.shopdata import ShopData

# Rule windows with the defaults (new 90, lapse 180, window 180 days) at the three snapshot days:
#   2024-12-31: current window 2024-07-05 … 12-31, previous 2024-01-07 … 07-04,
#               lapsed ⇔ last activity ≤ 2024-07-04, new ⇔ first purchase ≥ 2024-10-03
#   2025-06-30: current window 2025-01-02 … 06-30, previous 2024-07-06 … 2025-01-01,
#               lapsed ⇔ last activity ≤ 2025-01-01, new ⇔ first purchase ≥ 2025-04-02
#   2025-12-31: current window 2025-07-05 … 12-31, previous 2025-01-06 … 07-04,
#               lapsed ⇔ last activity ≤ 2025-07-04, new ⇔ first purchase ≥ 2025-10-03
ORDERS = [
    # A1: a steady buyer whose spend grows in the second half of each year
    ("A1", "2024-03-10", 200_000, "completed"),
    ("A1", "2024-06-10", 200_000, "completed"),
    ("A1", "2024-09-10", 300_000, "completed"),
    ("A1", "2024-11-10", 300_000, "completed"),
    ("A1", "2025-02-10", 200_000, "completed"),
    ("A1", "2025-05-10", 200_000, "completed"),
    ("A1", "2025-08-10", 300_000, "completed"),
    ("A1", "2025-11-10", 300_000, "completed"),
    # A2: new in May 2025, buys again, one return
    ("A2", "2025-05-01", 200_000, "completed"),
    ("A2", "2025-08-01", 100_000, "completed"),
    ("A2", "2025-11-01", 150_000, "returned"),
    ("A2", "2025-12-20", 100_000, "completed"),
    # A3: one purchase in June 2025, then silence
    ("A3", "2025-06-01", 400_000, "completed"),
    # A4: a cancelled repeat order, re-ordered four days later; one big order in January 2025
    ("A4", "2024-05-01", 100_000, "completed"),
    ("A4", "2024-08-01", 100_000, "cancelled"),
    ("A4", "2024-08-05", 100_000, "completed"),
    ("A4", "2025-01-15", 900_000, "completed"),
    # A5: registered, but the only order was cancelled
    ("A5", "2025-03-01", 200_000, "cancelled"),
    # A6: new in April 2025, buys again on the last day of the data
    ("A6", "2025-04-15", 100_000, "completed"),
    ("A6", "2025-12-31", 100_000, "completed"),
    # A7: one purchase in January 2024
    ("A7", "2024-01-20", 500_000, "completed"),
    # A8: two purchases in late 2024, then a returned order and nothing more
    ("A8", "2024-10-15", 250_000, "completed"),
    ("A8", "2024-12-15", 250_000, "completed"),
    ("A8", "2025-02-15", 250_000, "returned"),
]
SESSIONS = [("A3", "2025-06-15"), ("A6", "2025-10-01"), ("A7", "2024-02-01")]
# The simulator's truth for 01.5: the day each customer truly stopped buying (others never did)
CHURN = {"A2": "2025-09-01", "A4": "2025-02-01", "A7": "2024-03-01"}


def _shop() -> ShopData:
    orders = pd.DataFrame(ORDERS, columns=["customer_id", "order_date", "amount", "status"])
    orders["order_date"] = pd.to_datetime(orders["order_date"])
    orders.insert(0, "order_id", [f"o{i}" for i in range(len(orders))])
    first = orders.groupby("customer_id")["order_date"].min()
    customers = pd.DataFrame({"customer_id": first.index, "signup_date": first.to_numpy()})
    sessions = pd.DataFrame(SESSIONS, columns=["customer_id", "session_date"])
    sessions["session_date"] = pd.to_datetime(sessions["session_date"])
    truth = pd.DataFrame({"customer_id": first.index})
    truth["churn_date"] = pd.to_datetime(truth["customer_id"].map(CHURN))
    return ShopData(
        {"customers": customers, "orders": orders, "sessions": sessions, "truth": truth}
    )


def test_ex_01_1_is_a_choice_whose_wrong_options_explain_themselves():
    from ecrm_lab.exercises import Choice, check

    spec = lesson01.ex_01_1(_shop())
    assert isinstance(spec, Choice) and spec.correct == "B"
    assert spec.options == ("A", "B", "C", "D")
    assert all(len(why) > 40 for why in spec.why.values())
    assert bool(check("B", spec, name="t01.1"))
    assert not bool(check("A", spec, name="t01.1"))


def test_ex_01_2_reorder_after_failed_repeat_order_by_hand():
    # Horizon 90 days, data end 2025-12-31 → follow-up needs an order day ≤ 2025-10-02.
    # Failed orders: A4 2024-08-01 (repeat) → A4 re-orders 2024-08-05: yes;
    #   A8 2025-02-15 (repeat) → nothing after: no; A5 2025-03-01 is A5's *first* order (not
    #   counted here); A2 2025-11-01 is too late for a 90-day follow-up.
    assert lesson01.ex_01_2(_shop()) == pytest.approx(1 / 2)


def test_ex_01_3_acquisition_to_retention_or_expansion_by_hand():
    # Acquisition on 2025-06-30 (first purchase ≥ 2025-04-02): A2 (05-01), A3 (06-01), A6 (04-15).
    # (A1, A4, A8 are in retention, A5 in selection, A7 lapsed.)
    # On 2025-12-31: A2 retention, A3 lapsed, A6 retention → 2 of 3.
    assert lesson01.ex_01_3(_shop()) == pytest.approx(2 / 3)


def test_ex_01_5_stage_with_highest_future_value_by_hand():
    # On 2024-12-31 four customers exist: A1 expansion (09-10 + 11-10 = 600k in the window vs
    # 03-10 + 06-10 = 400k before), A4 retention (one purchase, 08-05, in the window), A7 lapsed,
    # A8 acquisition (first purchase 2024-10-15 ≥ 10-03).
    # Future = completed orders 2025-01-01 … 2025-06-29: A1 200k + 200k = 400k, A4 900k, A7 0,
    # A8 0 (its 2025-02-15 order was returned) → retention (900k per customer) beats expansion
    # (400k), although expansion has the highest *past* revenue (A1: 1.0M vs A4: 200k).
    assert lesson01.ex_01_5(_shop()) == "retention"


def test_lesson01_answers_on_the_frozen_data_match_an_independent_recomputation():
    from ecrm_lab import load_vietshop
    from ecrm_lab.lifecycle import assign_stages

    data = load_vietshop()
    end = assign_stages(data.customers, data.orders, data.sessions, as_of="2025-12-31")
    # 01.4: the window with the lowest cost, recomputed from the truth table
    churn = data.truth.set_index("customer_id")["churn_date"]
    costs = {}
    for days in lesson01.WINDOWS:
        st = assign_stages(
            data.customers, data.orders, data.sessions, as_of="2025-06-30", lapse_days=days
        )
        stopped = st["customer_id"].map(churn) <= pd.Timestamp("2025-06-30")
        flagged = st["stage"] == "lapsed"
        costs[days] = 40_000 * (flagged & ~stopped).sum() + 100_000 * (~flagged & stopped).sum()
    assert lesson01.ex_01_4(data) == min(costs, key=costs.get)

    # 01.2 in plain pandas: each order's next order of the same customer (time order, ties in row
    # order), failed repeat orders with 90 days of follow-up before the last order day
    o = data.orders[["customer_id", "order_date", "status"]].copy()
    o["row"] = range(len(o))
    o = o.sort_values(["customer_id", "order_date", "row"])
    day = o["order_date"].dt.normalize()
    next_day = day.groupby(o["customer_id"]).shift(-1)
    o["reordered"] = (next_day - day).dt.days <= 90
    o["repeat"] = o.groupby("customer_id").cumcount() > 0
    eligible = day + pd.Timedelta(days=90) <= day.max()
    failed_repeat = o[eligible & o["repeat"] & (o["status"].astype(str) != "completed")]
    assert len(failed_repeat) > 100
    assert lesson01.ex_01_2(data) == pytest.approx(failed_repeat["reordered"].mean())

    # 01.3: recomputed by joining two snapshots
    mid = assign_stages(data.customers, data.orders, data.sessions, as_of="2025-06-30")
    both = mid[["customer_id", "stage"]].merge(end[["customer_id", "stage"]], on="customer_id")
    new = both[both["stage_x"] == "acquisition"]
    share = new["stage_y"].isin(["retention", "expansion"]).mean()
    assert lesson01.ex_01_3(data) == pytest.approx(share)

    # 01.5: future revenue (completed orders in the 180 days after 2024-12-31) per person and stage
    st = assign_stages(data.customers, data.orders, data.sessions, as_of="2024-12-31")
    od = data.orders["order_date"].dt.normalize()
    future = data.orders[
        (data.orders["status"].astype(str) == "completed")
        & (od > pd.Timestamp("2024-12-31"))
        & (od <= pd.Timestamp("2024-12-31") + pd.Timedelta(days=180))
    ]
    revenue = future.groupby("customer_id")["amount"].sum()
    st["future"] = st["customer_id"].map(revenue).fillna(0)
    per_stage = st.groupby("stage", observed=True)["future"].mean()
    assert lesson01.ex_01_5(data) == str(per_stage.idxmax())
    assert lesson01.ex_01_5(data) in STAGES


def test_ex_01_4_window_with_the_lowest_cost_by_hand():
    # On 2025-06-30 the last activity (orders of any status, sessions) and days since:
    #   A1 05-10 (51), A2 05-01 (60), A3 06-15 (15, a session), A4 01-15 (166), A6 04-15 (76),
    #   A7 2024-02-01 (515), A8 02-15 (135); A5 never bought (selection, never lapsed).
    # Lapsed ⇔ ≥ lapse_days silent. Truly stopped by 06-30: A4, A7 (A2 stops later).
    #   60 → A2, A4, A6, A7, A8: 3 false alarms (A2, A6, A8), 0 missed → 120k
    #   90 → A4, A7, A8: 1 false alarm → 40k;   150 → A4, A7: 0 → 0;   180 → A7: A4 missed → 100k
    errors = lesson01.window_errors(_shop(), (60, 90, 150, 180))
    assert errors["false_alarms"].tolist() == [3, 1, 0, 0]
    assert errors["missed"].tolist() == [0, 0, 0, 1]
    assert errors["caught"].tolist() == [2, 2, 2, 1]
    assert lesson01.ex_01_4(_shop(), (60, 90, 150, 180)) == 150
    # when a false alarm costs more than a miss, the longest window wins
    assert lesson01.ex_01_4(_shop(), (60, 180), cost_false_alarm=500_000, cost_miss=1) == 180
