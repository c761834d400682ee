"""Expected answers of notebook 07 (RFM), on a tiny hand-built shop and on the frozen data."""

from __future__ import annotations

import pandas as pd
import pytest

from ecrm_lab.answers import lesson07
from ecrm_lab.shopdata import ShopData

# Five buyers on 2025-06-30 with distinct recencies and frequencies, so the quintile scores are
# their ranks (np.quantile interpolates between neighbours: every edge lies strictly between two
# values):
#   customer   completed orders up to 06-30      F   last purchase  recency  R   segment
#   KH000001   5 × 100k (02-20 … 06-20)          5   2025-06-20         10   5   champions
#   KH000002   4 × 150k (2024-11-30 … 05-31)     4   2025-05-31         30   4   loyal_customers
#   KH000003   1 × 200k (03-22)                  1   2025-03-22        100   3   about_to_sleep
#   KH000004   3 × 100k (2024-06-01 … 01-01)     3   2025-01-01        180   2   at_risk
#   KH000010   300k (2024-01-01), 200k (10-13)   2   2024-10-13        260   1   lost
# (KH000010 also has a cancelled order on 2024-07-06 and a returned one on 2025-03-01: neither is a
# purchase.) Money spent: 500k, 600k, 200k, 300k, 500k = 2.1M.
ORDERS = [
    *[("KH000001", f"2025-{m:02d}-20", 100_000, "completed") for m in range(2, 7)],
    *[("KH000002", d, 150_000, "completed")
      for d in ("2024-11-30", "2025-01-31", "2025-03-31", "2025-05-31")],
    ("KH000003", "2025-03-22 09:00", 200_000, "completed"),
    *[("KH000004", d, 100_000, "completed") for d in ("2024-06-01", "2024-09-01", "2025-01-01")],
    ("KH000010", "2024-01-01 10:00", 300_000, "completed"),
    ("KH000010", "2024-07-06", 100_000, "cancelled"),
    ("KH000010", "2024-10-13 21:00", 200_000, "completed"),
    ("KH000010", "2025-03-01", 250_000, "returned"),
    # after the snapshot; the 180-day horizon is 2025-07-01 … 2025-12-27
    ("KH000001", "2025-08-01", 1_000_000, "completed"),
    ("KH000002", "2025-09-01", 200_000, "completed"),
    ("KH000004", "2025-07-15", 300_000, "completed"),
    ("KH000011", "2025-08-01", 400_000, "completed"),  # a new customer
    ("KH000003", "2025-10-01", 900_000, "cancelled"),  # not a purchase
    ("KH000001", "2025-12-31", 100_000, "completed"),  # after the horizon, last day of the data
]  # fmt: skip
# The simulator's truth for 07.5: the expected value of the 52 weeks after 2025-12-31
TRUE_VALUE = {
    "KH000001": 900_000,
    "KH000002": 500_000,
    "KH000003": 50_000,
    "KH000004": 100_000,
    "KH000010": 80_000,
    "KH000011": 300_000,
}


def _shop() -> ShopData:
    orders = pd.DataFrame(ORDERS, columns=["customer_id", "order_date", "amount", "status"])
    orders["order_date"] = pd.to_datetime(orders["order_date"], format="ISO8601")
    orders.insert(0, "order_id", [f"o{i}" for i in range(len(orders))])
    truth = pd.DataFrame(
        {"customer_id": list(TRUE_VALUE), "expected_value_52w": list(TRUE_VALUE.values())}
    )
    return ShopData({"orders": orders, "truth": truth})


def test_the_hand_built_shop_scores_and_segments_as_written():
    seg = lesson07.segments_at(_shop())
    assert seg.index.tolist() == ["KH000001", "KH000002", "KH000003", "KH000004", "KH000010"]
    assert seg["recency_days"].tolist() == [10, 30, 100, 180, 260]
    assert seg["frequency"].tolist() == [5, 4, 1, 3, 2]
    assert seg["r_score"].tolist() == [5, 4, 3, 2, 1]
    assert seg["f_score"].tolist() == [5, 4, 1, 3, 2]
    assert seg["segment"].astype(str).tolist() == [
        "champions", "loyal_customers", "about_to_sleep", "at_risk", "lost",
    ]  # fmt: skip


def test_ex_07_1_two_recencies_by_hand():
    # RFM: 2024-10-13 → 2025-06-30 = 18 + 30 + 31 + 31 + 28 + 31 + 30 + 31 + 30 = 260 days.
    # BG/NBD: 2024-01-01 → 2024-10-13 (a leap year) = 286 days. The cancelled and the returned
    # orders are no purchases: counting the return (2025-03-01) would give 425 and 121.
    assert lesson07.ex_07_1(_shop()).value == [286, 260]
    both = lesson07.two_recencies(_shop(), "KH000010")
    assert both["T"] == 546  # first purchase → 06-30, so RFM recency = T − BG/NBD recency
    assert both["recency_days"] == both["T"] - both["recency_btyd"]


def test_ex_07_1_names_the_swapped_order():
    from ecrm_lab.exercises import check
    from ecrm_lab.exercises.answer_key import AnswerKey
    from ecrm_lab.i18n import language

    expected = lesson07.ex_07_1(_shop())
    key = AnswerKey.from_specs({"07.1": expected}, salt="ab" * 16)
    for target in (expected, key["07.1"]):
        assert bool(check([286, 260], target, name="t07.1"))
        assert not bool(check([260, 286], target, name="t07.1"))
    import contextlib
    import io

    out = io.StringIO()
    with language("en"), contextlib.redirect_stdout(out):
        check([260, 286], key["07.1"], name="t07.1")
    assert "order" in out.getvalue()


def test_ex_07_2_is_a_choice_whose_wrong_options_explain_themselves():
    from ecrm_lab.exercises import Choice, check

    spec = lesson07.ex_07_2(_shop())
    assert isinstance(spec, Choice) and spec.correct == "B"
    assert spec.options == ("A", "B", "C", "D")
    assert all(len(why) > 60 for why in spec.why.values())
    assert bool(check("B", spec, name="t07.2"))
    assert not bool(check("C", spec, name="t07.2"))


def test_ex_07_3_money_share_of_the_two_best_segments_by_hand():
    # champions 500k + loyal 600k of 2.1M
    assert lesson07.ex_07_3(_shop()) == pytest.approx(1.1 / 2.1)


def test_ex_07_4_segments_worth_a_call_by_hand():
    # future revenue per customer (07-01 … 12-27): champions 1,000k, loyal 200k, about_to_sleep 0
    # (its order is cancelled), at_risk 300k, lost 0 (KH000011 is in no segment; 12-31 is late).
    # Extra margin of a call = 0.30 × 0.20 × future: 60k, 12k, 0, 18k, 0 against 15k.
    assert lesson07.ex_07_4(_shop()) == {"champions", "at_risk"}
    assert lesson07.ex_07_4(_shop(), cost=10_000) == {"champions", "loyal_customers", "at_risk"}
    assert lesson07.ex_07_4(_shop(), cost=100_000) == set()


def test_ex_07_5_lowest_true_value_by_hand():
    # On 2025-12-31 (six customers: quantile edges are the 2nd–5th values, and a value equal to an
    # edge falls in the band below):
    #   recency 0, 121, 152, 169, 284, 444 → edges 121, 152, 169, 284 → R 5, 5, 4, 3, 2, 1
    #   frequency 7 (KH000001), 5, 1 (KH000011), 4, 1 (KH000003), 2 → edges 1, 2, 4, 5
    #   → champions: KH000001 (R5 F5), KH000002 (R5 F4); promising: KH000011 (R4 F1);
    #     need_attention: KH000004 (R3 F3); hibernating: KH000003 (R2 F1); lost: KH000010 (R1 F2)
    seg = lesson07.segments_at(_shop(), lesson07.END)
    got = seg["segment"].astype(str).to_dict()
    assert got == {
        "KH000001": "champions", "KH000002": "champions", "KH000003": "hibernating",
        "KH000004": "need_attention", "KH000010": "lost", "KH000011": "promising",
    }  # fmt: skip
    # true value: hibernating 50k < lost 80k < need_attention 100k < …: not the "lost" segment
    assert lesson07.ex_07_5(_shop()) == "hibernating"


def test_lesson07_answers_on_the_frozen_data_match_an_independent_recomputation():
    from ecrm_lab import load_vietshop
    from ecrm_lab.rfm import segment_value

    data = load_vietshop()
    done = data.orders[data.orders["status"].astype(str) == "completed"]
    snap = pd.Timestamp(lesson07.SNAPSHOT)
    upto = done[done["order_date"] < snap + pd.Timedelta(days=1)]
    # 07.1 in plain pandas
    mine = upto[upto["customer_id"] == lesson07.EXERCISE_CUSTOMER]["order_date"].dt.normalize()
    by_hand = [(mine.max() - mine.min()).days, (snap - mine.max()).days]
    assert lesson07.ex_07_1(data).value == by_hand
    # 07.3: the money of the two segments over the money of every buyer
    seg = lesson07.segments_at(data)
    spent = upto.groupby("customer_id")["amount"].sum()
    best = seg.index[seg["segment"].isin(["champions", "loyal_customers"])]
    assert lesson07.ex_07_3(data) == pytest.approx(spent[best].sum() / spent.sum())
    # 07.4: future spend per customer recomputed from the orders of the horizon
    later = done[(done["order_date"] >= snap + pd.Timedelta(days=1))
                 & (done["order_date"] < snap + pd.Timedelta(days=181))]  # fmt: skip
    future = later.groupby("customer_id")["amount"].sum().reindex(seg.index).fillna(0)
    per = future.groupby(seg["segment"].astype(str)).mean()
    called = {s for s, v in per.items() if 0.3 * 0.2 * v > 15_000}
    assert lesson07.ex_07_4(data) == called
    value = segment_value(seg, data.orders, as_of=lesson07.SNAPSHOT, horizon_days=180)
    assert value.set_index("segment")["future_revenue_per_customer"].to_dict() == pytest.approx(
        per.to_dict()
    )
    # 07.5 is a segment code of the vocabulary
    from ecrm_lab import vocabulary

    assert lesson07.ex_07_5(data) in vocabulary.codes("segment")
