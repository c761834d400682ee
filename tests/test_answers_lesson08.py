"""Expected answers of notebook 08, on a tiny hand-built shop and on the frozen data."""

from __future__ import annotations

import pandas as pd
import pytest

from ecrm_lab import InputError
from ecrm_lab.answers import lesson08
from ecrm_lab.shopdata import ShopData

# Products: P1 has a 50 % margin, P2 25 %.
# Completed revenue 2,000 of which margin 650 → gross margin 0.325:
#   A 100·.5 + 200·.5 = 150; B 300·.25 = 75; C 100·.5 + 100·.25 + 400·.25 + 200·.5 = 275;
#   D 600·.25 = 150 (B's cancelled 2025 order has no weight).
ORDERS = [
    # order, customer, date, amount, status, lines (product, amount)
    ("o1", "A", "2024-03-01", 100, "completed", [("P1", 100)]),
    ("o2", "A", "2025-02-01", 200, "completed", [("P1", 200)]),
    ("o3", "B", "2024-05-01", 300, "completed", [("P2", 300)]),
    ("o4", "B", "2025-06-01", 100, "cancelled", [("P2", 100)]),
    ("o5", "C", "2024-07-01", 200, "completed", [("P1", 100), ("P2", 100)]),
    ("o6", "C", "2025-03-01", 400, "completed", [("P2", 400)]),
    ("o7", "C", "2025-09-01", 200, "completed", [("P1", 200)]),
    ("o8", "D", "2025-01-10", 600, "completed", [("P2", 600)]),
]


def _shop() -> ShopData:
    orders = pd.DataFrame(
        [o[:5] for o in ORDERS],
        columns=["order_id", "customer_id", "order_date", "amount", "status"],
    )
    orders["order_date"] = pd.to_datetime(orders["order_date"])
    items = pd.DataFrame(
        [(o[0], p, a) for o in ORDERS for p, a in o[5]],
        columns=["order_id", "product_id", "line_amount"],
    )
    products = pd.DataFrame({"product_id": ["P1", "P2"], "margin": [0.5, 0.25]})
    return ShopData({"orders": orders, "order_items": items, "products": products})


def test_gross_margin_weighs_each_line_by_its_product_margin():
    assert lesson08.gross_margin(_shop()) == pytest.approx(650 / 2000)


def test_top_share_by_hand():
    assert lesson08.top_share(pd.Series([1.0, 2.0, 3.0, 4.0, 10.0]), 0.2) == pytest.approx(0.5)
    assert lesson08.top_share(pd.Series([1.0, 1.0, 1.0, 1.0]), 0.5) == pytest.approx(0.5)
    assert lesson08.top_share(pd.Series([5.0, 1.0]), 0.1) == pytest.approx(5 / 6)  # at least one


def test_ex_08_1_share_of_the_top_fifth_by_hand():
    # completed revenue A 300, B 300, C 800, D 600; the top 20 % of 4 customers is 1 (C):
    # 800 / 2,000 whatever the margin
    assert lesson08.ex_08_1(_shop()) == pytest.approx(0.4)


def test_retention_and_retained_margin_by_hand():
    # bought in 2024: A, B, C; in 2025: A, C, D (B's 2025 order was cancelled) → 2 / 3
    assert lesson08.yearly_retention(_shop(), 2024) == pytest.approx(2 / 3)
    # 2025 revenue of the retained: A 200, C 600 → mean 400 × 0.325 = 130
    assert lesson08.retained_margin(_shop(), 2024) == pytest.approx(130.0)


def test_ex_08_3_rise_of_the_simple_clv_by_hand():
    # 130 · r / (1.1 − r): r = 2/3 → 200; r = 2/3 + 0.05 → 130 · 0.71667 / 0.38333 = 243.0435
    rise = 130 * (2 / 3 + 0.05) / (1.1 - 2 / 3 - 0.05) - 200.0
    assert rise == pytest.approx(43.0435, abs=1e-4)
    assert lesson08.ex_08_3(_shop()) == pytest.approx(rise)


def test_ex_08_2_is_a_choice_whose_wrong_options_explain_themselves():
    from ecrm_lab.exercises import Choice, check

    spec = lesson08.ex_08_2()
    assert isinstance(spec, Choice) and spec.correct == "B"
    assert spec.options == ("A", "B", "C", "D")
    assert all(len(why) > 60 for why in spec.why.values())
    assert bool(check("B", spec, name="t08.2"))
    assert not bool(check("D", spec, name="t08.2"))


def test_channel_to_cut_loses_the_least_net_value_by_hand():
    table = pd.DataFrame(
        {
            "channel": ["tiktok", "email", "facebook", "direct"],
            "clv": [350_000.0, 400_000.0, 400_000.0, 300_000.0],
            "cac": [150_000.0, 10_000.0, 100_000.0, 0.0],
        }
    )
    # losses of a 10 M cut: tiktok 10M·(2.33 − 1) = 13.3 M, email 390 M, facebook 30 M; direct
    # has no spend to cut
    assert lesson08.channel_to_cut(table, 10_000_000) == "tiktok"
    cheap = table.assign(cac=[150_000.0, 10_000.0, 300_000.0, 0.0])  # facebook: ratio 1.33
    assert lesson08.channel_to_cut(cheap) == "facebook"
    # with spend, a channel that spent less than the cut is no candidate: email (ratio 40) is out,
    # and a cheap channel with the smallest ratio but only 2 M of spend cannot lose 10 M
    spent = cheap.assign(spend=[29e6, 0.6e6, 1.9e6, 0.0])  # facebook now spent only 1.9 M
    assert lesson08.channel_to_cut(spent, 10_000_000) == "tiktok"
    assert lesson08.channel_to_cut(spent, 1_000_000) == "facebook"
    with pytest.raises(InputError, match="lower the budget"):
        lesson08.channel_to_cut(spent, 50_000_000)


def test_channel_value_on_the_frozen_data_matches_its_parts():
    from ecrm_lab import acquisition, clv, load_vietshop

    data = load_vietshop()
    table = lesson08.channel_value(data)
    eco = acquisition.channel_economics(
        data.prospects, data.orders, data.marketing_spend, start="2025-01-01", end="2025-06-30"
    ).set_index("channel")
    # every paid channel with new customers, none other (TV has spend but no customer, direct no spend)
    paid = eco[(eco["spend"] > 0) & (eco["new_customers"] > 0)]
    assert set(table["channel"]) == set(paid.index.astype(str))
    assert table.set_index("channel")["cac"].to_dict() == pytest.approx(paid["cac"].to_dict())
    assert (table["ratio"].diff().dropna() >= 0).all()
    # a new customer's CLV is at least what they brought in: the historic margin
    margin = lesson08.gross_margin(data)
    hist = clv.historic_clv(data.orders, as_of="2025-12-31", margin=margin)["historic_clv"]
    done = data.orders[data.orders["status"] == "completed"]
    first = done.groupby("customer_id")["order_date"].min()
    new = first[(first >= "2025-01-01") & (first < "2025-07-01")].index
    touch = data.prospects.dropna(subset=["customer_id"]).set_index("customer_id")["channel"]
    past = hist.reindex(new).groupby(touch.reindex(new).astype(str)).mean()
    got = table.set_index("channel")["clv"]
    assert (got > past.reindex(got.index)).all()  # the future adds value, never subtracts
    assert (got < past.reindex(got.index) * 3).all()  # 12 months cannot triple 6-12 months' worth
    assert lesson08.ex_08_4(data) == table.loc[0, "channel"]


def test_ex_08_5_is_the_closed_form_p_alive_of_the_customer_worked_by_hand():
    from ecrm_lab import clv, load_vietshop

    data = load_vietshop()
    summary = clv.summary_from_transactions(data.orders, calibration_end="2024-12-31")
    fit = clv.fit_bgnbd(summary)
    # section 3 by hand: first purchase 2024-01-26, repeat purchases 2024-09-13 and 11-26 (the
    # 05-25 order was cancelled): x = 2, t_x = 305 / 7, T = 340 / 7 weeks
    x, tx, T = 2, 305 / 7, 340 / 7
    assert summary.loc["KH000143", ["frequency", "recency_btyd", "T"]].tolist() == pytest.approx(
        [x, tx, T]
    )
    odds = fit.a / (fit.b + x - 1) * ((fit.alpha + T) / (fit.alpha + tx)) ** (fit.r + x)
    assert lesson08.ex_08_5(data) == pytest.approx(1 / (1 + odds), rel=1e-12)
