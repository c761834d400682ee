"""Expected answers of notebook 05, on a tiny hand-built shop (values computed by hand)."""

from __future__ import annotations

import pandas as pd
import pytest

from ecrm_lab.answers import lesson05
from ecrm_lab.exercises import Choice, check
from ecrm_lab.shopdata import ShopData

DIMS = ["efficiency", "fulfillment", "system_availability", "privacy"]
# (expectation, perception) per customer and dimension. Fulfilment gaps: −3, 0, −2, +1 → half of
# the customers fall short. Means: efficiency 6 / 6, fulfilment 6.25 / 5.25, system availability
# 4 / 4, privacy 5 / 6; the cuts are the means over the dimensions: 5.3125 and 5.3125, so
# fulfilment (important, performing below the cut) is in the concentrate-here quadrant.
SCORES = {
    "c1": [(6, 6), (7, 4), (4, 4), (5, 6)],
    "c2": [(6, 6), (6, 6), (4, 4), (5, 6)],
    "c3": [(6, 6), (7, 5), (4, 4), (5, 6)],
    "c4": [(6, 6), (5, 6), (4, 4), (5, 6)],
}
ORDERS = [
    ("o1", "c1", "2025-01-01"),
    ("o2", "c1", "2025-03-01"),  # c1 buys again 56 days after its delivery: retained
    ("o3", "c2", "2025-01-01"),  # c2 never again
    ("o4", "c3", "2025-01-01"),
    ("o5", "c3", "2025-02-01"),  # c3 buys again: retained
    ("o6", "c4", "2025-01-01"),  # c4 never again
    ("o7", "c5", "2025-12-31"),  # the last day of the data
]
# Deliveries of the first orders: on time for c1 (Sao) and c3 (Biển), late for c2 (Lúa) and c4
# (Giao tiết kiệm). On-time retention 2/2, late 0/2: a late delivery loses 1.0 of retention.
DELIVERIES = [
    ("o1", "c1", "sao_express", "2025-01-02", 2, 2),
    ("o3", "c2", "lua_post", "2025-01-02", 2, 5),
    ("o4", "c3", "bien_logistics", "2025-01-02", 3, 3),
    ("o6", "c4", "giao_tiet_kiem", "2025-01-02", 2, 6),
]


def _shop() -> ShopData:
    orders = pd.DataFrame(ORDERS, columns=["order_id", "customer_id", "order_date"])
    orders["order_date"] = pd.to_datetime(orders["order_date"])
    orders["amount"] = 100_000
    orders["status"] = "completed"
    surveys = pd.DataFrame(
        [
            (c, "2025-01-10", o, d, e, p)
            for (c, pairs), o in zip(SCORES.items(), ["o1", "o3", "o4", "o6"], strict=True)
            for d, (e, p) in zip(DIMS, pairs, strict=True)
        ],
        columns=[
            "customer_id",
            "survey_date",
            "order_id",
            "dimension",
            "expectation",
            "perception",
        ],
    )
    surveys["survey_date"] = pd.to_datetime(surveys["survey_date"])
    deliveries = pd.DataFrame(
        DELIVERIES,
        columns=["order_id", "customer_id", "carrier", "shipped_date", "promised_days",
                 "actual_days"],
    )  # fmt: skip
    deliveries["shipped_date"] = pd.to_datetime(deliveries["shipped_date"])
    deliveries["delay_days"] = deliveries["actual_days"] - deliveries["promised_days"]
    return ShopData({"orders": orders, "surveys": surveys, "deliveries": deliveries})


def test_ex_05_1_share_short_on_fulfilment_after_a_late_delivery():
    # the surveys follow the first orders: late for c2 (gap 0) and c4 (gap +1): none short;
    # on time for c1 (−3) and c3 (−2)
    assert lesson05.ex_05_1(_shop()) == 0.0
    shop = _shop()
    shop.deliveries.loc[shop.deliveries["order_id"] == "o1", "delay_days"] = 2  # c1 late too
    assert lesson05.ex_05_1(shop) == pytest.approx(1 / 3)
    assert bool(check(0.333, lesson05.ex_05_1(shop), name="t05.1", decimals=3, unit="share"))
    # the slip: the share over every fulfilment answer (−3, 0, −2, +1 → 0.5)
    slips = lesson05.slips_05_1(shop)
    assert list(slips) == [0.5] and "giao trễ" in slips[0.5]
    assert not bool(check(0.5, lesson05.ex_05_1(shop), name="t05.1", decimals=3, mistakes=slips))


def test_ex_05_2_fulfilment_in_the_concentrate_quadrant():
    spec = lesson05.ex_05_2(_shop())
    assert isinstance(spec, Choice) and spec.correct == "B"
    assert set(spec.options) == {"A", "B", "C", "D"}
    assert all(len(why) > 60 for why in spec.why.values())
    grid = pd.DataFrame({"dimension": DIMS, "quadrant": ["keep_up"] * 4})
    with pytest.raises(ValueError, match="rewrite exercise 05.2"):
        lesson05.ipa_statement(grid)


def test_delivery_retention_and_survey_churn_by_hand():
    shop = _shop()
    lab = lesson05.delivery_retention(shop)
    assert list(lab["order_id"]) == ["o1", "o3", "o4", "o6"]
    assert list(lab["late"]) == [False, True, False, True]
    assert list(lab["retained"]) == [True, False, True, False]
    assert lab.loc[lab["order_id"] == "o1", "delivered_date"].iloc[0] == pd.Timestamp("2025-01-04")
    churn = lesson05.survey_churn(shop)
    # surveys on 2025-01-10: c1 buys on 03-01, c3 bought on 02-01 → stay; c2, c4 churn
    assert list(churn["customer_id"]) == ["c1", "c2", "c3", "c4"]
    assert list(churn["churned"]) == [False, True, False, True]


def test_carrier_costs_by_hand_and_the_decision():
    lab = lesson05.delivery_retention(_shop())
    costs = lesson05.carrier_costs(lab).set_index("carrier")
    # late shares 0, 1, 0, 1; retention lost per late delivery 1.0
    # (prices 25,000 / 25,000 / 28,000 / 23,000 ₫, profit 500,000 ₫)
    assert costs["expected_cost"].to_dict() == pytest.approx(
        {"sao_express": 25_000, "lua_post": 525_000, "bien_logistics": 28_000,
         "giao_tiet_kiem": 523_000}
    )  # fmt: skip
    assert lesson05.ex_05_3(_shop()) == "sao_express"
    # the cheapest (Giao tiết kiệm) is a known slip; the most punctual (Sao, first of the
    # carriers without a late delivery) is the right answer, so it is not listed
    assert list(lesson05.slips_05_3(_shop())) == ["giao_tiet_kiem"]
    # a cheap enough loss makes the cheapest carrier the right one: 23,000 + 1,000 < 25,000
    cheap = lesson05.carrier_costs(lab, profit_per_retained=1_000)
    assert cheap["carrier"].iloc[0] == "giao_tiet_kiem"


# generic: c1 orders 4 days after (1), c2 19 days after (0), c3 1 day after (1), c4 never (0)
# personalised: c1 1 day after (1), c2 7 days after (1), c3 only the same day (0), c4 never (0)
# (the last order, 2025-03-20, leaves a full 7-day window after every send)
EMAILS = [
    ("c1", "2025-03-01", False, True, False, False),
    ("c2", "2025-03-01", False, False, False, False),
    ("c3", "2025-03-01", False, False, False, False),
    ("c4", "2025-03-01", False, False, False, False),
    ("c1", "2025-03-04", True, True, True, True),
    ("c2", "2025-03-13", True, True, True, True),
    ("c3", "2025-03-02", True, True, False, False),
    ("c4", "2025-03-02", True, False, False, False),
]
EMAIL_ORDERS = [("c1", "2025-03-05"), ("c2", "2025-03-20"), ("c3", "2025-03-02")]


def test_email_effects_by_hand():
    emails = pd.DataFrame(
        EMAILS,
        columns=["customer_id", "sent_date", "personalised", "opened", "clicked", "converted"],
    )
    orders = pd.DataFrame(EMAIL_ORDERS, columns=["customer_id", "order_date"])
    orders["status"] = "cancelled"  # any status counts
    eff = lesson05.email_effects(emails, orders).set_index("outcome")
    assert eff.loc["opened", ["rate_generic", "rate_personalised"]].tolist() == [0.25, 0.75]
    assert eff.loc["clicked", ["rate_generic", "rate_personalised"]].tolist() == [0.0, 0.5]
    assert eff.loc["ordered", ["rate_generic", "rate_personalised"]].tolist() == [0.5, 0.5]
    assert eff.loc["ordered", "lift"] == 0.0
    assert eff.loc["opened", "lift"] == pytest.approx(0.5)


def test_email_statement_needs_the_pattern():
    def table(open_low, ordered_low, ordered_high):
        return pd.DataFrame(
            {
                "outcome": ["opened", "clicked", "converted", "ordered"],
                "ci_low": [open_low, 0.01, 0.001, ordered_low],
                "ci_high": [0.2, 0.05, 0.01, ordered_high],
            }
        )

    spec = lesson05.email_statement(table(0.05, -0.01, 0.01))
    assert spec.correct == "C" and set(spec.why) == {"A", "B", "D"}
    for bad in (table(-0.01, -0.01, 0.01), table(0.05, 0.002, 0.01)):
        with pytest.raises(ValueError, match="rewrite it"):
            lesson05.email_statement(bad)


def test_the_notebook_names_the_slips_the_frozen_data_produce():
    """The known mistakes written as literals in the notebook's check() calls (the student
    edition seals literals only) are the slips the frozen data produce."""
    import ast
    import json

    from conftest import ROOT

    from ecrm_lab import load_vietshop

    nb = json.loads((ROOT / "notebooks" / "05_service_quality_and_care.ipynb").read_text("utf-8"))
    written = {}
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        if cell["cell_type"] == "code" and src.startswith("check("):
            call = ast.parse(src).body[0].value
            kw = {k.arg: k.value for k in call.keywords}
            if "mistakes" in kw:
                written[ast.literal_eval(kw["name"])] = ast.literal_eval(kw["mistakes"])
    data = load_vietshop()
    assert list(written["05.1"]) == [round(k, 3) for k in lesson05.slips_05_1(data)]
    assert set(written["05.3"]) == set(lesson05.slips_05_3(data))
