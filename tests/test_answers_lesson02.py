"""Expected answers of notebook 02 (selection and acquisition), on tiny hand-built shops."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ecrm_lab.answers import lesson02
from ecrm_lab.shopdata import ShopData


def _ts(*values: str) -> pd.Series:
    return pd.to_datetime(pd.Series(values), format="ISO8601")


def _acquisition_shop() -> ShopData:
    """Five buyers and four people who never buy, in the fourth quarter of 2024.

    P1 facebook  → C1: facebook Oct 5, e-mail Oct 6 08:00, first order o1 Oct 6 10:00 (300 000).
    P2 facebook  (never buys): facebook Oct 10.
    P3 paid search → C2: paid search Oct 2, e-mail Oct 2 20:00, direct Oct 3 09:00, first order o2
       Oct 3 10:00 (200 000); an e-mail Oct 19 and a repeat order o3 Oct 20 (after the first purchase).
    P4 paid search → C3: paid search Nov 15, cancelled order o4 Nov 16, e-mail Dec 30, first completed
       order o5 on 2025-01-05 (outside the quarter).
    P5 paid search (never buys): Dec 20.
    P6 zalo → C4: zalo Nov 1, first order o6 Nov 2.   P7, P8 zalo (never buy).
    P9 e-mail → C5: e-mail Dec 1, first order o7 Dec 2.
    Paid-search spend: 300 000 on Oct 1, 100 000 on Nov 15, 999 000 on 2025-01-02 (outside).
    """
    prospects = pd.DataFrame(
        {
            "prospect_id": ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9"],
            "first_touch_date": _ts(
                "2024-10-05", "2024-10-10", "2024-10-02", "2024-11-15", "2024-12-20",
                "2024-11-01", "2024-11-02", "2024-11-03", "2024-12-01",
            ),
            "channel": ["facebook", "facebook", "paid_search", "paid_search", "paid_search",
                        "zalo", "zalo", "zalo", "email"],
            "customer_id": ["C1", None, "C2", "C3", None, "C4", None, None, "C5"],
        }
    )  # fmt: skip
    touchpoints = pd.DataFrame(
        {
            "prospect_id": ["P1", "P1", "P2", "P3", "P3", "P3", "P3", "P4", "P4", "P5",
                            "P6", "P7", "P8", "P9"],
            "customer_id": ["C1", "C1", None, "C2", "C2", "C2", "C2", "C3", "C3", None,
                            "C4", None, None, "C5"],
            "timestamp": _ts(
                "2024-10-05", "2024-10-06 08:00", "2024-10-10", "2024-10-02", "2024-10-02 20:00",
                "2024-10-03 09:00", "2024-10-19", "2024-11-15", "2024-12-30", "2024-12-20",
                "2024-11-01", "2024-11-02", "2024-11-03", "2024-12-01",
            ),
            "channel": ["facebook", "email", "facebook", "paid_search", "email", "direct", "email",
                        "paid_search", "email", "paid_search", "zalo", "zalo", "zalo", "email"],
            "kind": "click",
        }
    )  # fmt: skip
    orders = pd.DataFrame(
        {
            "order_id": ["o1", "o2", "o3", "o4", "o5", "o6", "o7"],
            "customer_id": ["C1", "C2", "C2", "C3", "C3", "C4", "C5"],
            "order_date": _ts(
                "2024-10-06 10:00", "2024-10-03 10:00", "2024-10-20", "2024-11-16", "2025-01-05",
                "2024-11-02", "2024-12-02",
            ),
            "amount": [300_000, 200_000, 200_000, 150_000, 150_000, 100_000, 50_000],
            "status": ["completed", "completed", "completed", "cancelled", "completed",
                       "completed", "completed"],
        }
    )  # fmt: skip
    spend = pd.DataFrame(
        {
            "date": _ts("2024-10-01", "2024-11-15", "2025-01-02", "2024-10-01", "2024-11-01"),
            "channel": ["paid_search", "paid_search", "paid_search", "facebook", "zalo"],
            "spend": [300_000, 100_000, 999_000, 80_000, 20_000],
        }
    )
    return ShopData(
        {
            "prospects": prospects,
            "touchpoints": touchpoints,
            "orders": orders,
            "marketing_spend": spend,
        }
    )


def test_ex_02_1_cac_by_hand():
    # paid search in Q4 2024: spend 300 000 + 100 000 = 400 000 (the 999 000 of January is outside);
    # new customers whose first completed order falls in the quarter: C2 only (C3's o4 was cancelled,
    # its first completed order is in 2025) → CAC = 400 000 / 1
    assert lesson02.ex_02_1(_acquisition_shop()) == pytest.approx(400_000)


def test_ex_02_2_conversion_rate_by_hand():
    # Zalo reached P6, P7, P8; only P6 (C4) bought → 1/3
    assert lesson02.ex_02_2(_acquisition_shop()) == pytest.approx(1 / 3)


def test_ex_02_3_email_credit_by_hand():
    # first purchases and their journeys:
    #   o1 (C1): facebook, email            → last touch email;   linear email 1/2
    #   o2 (C2): paid_search, email, direct → last touch direct;  linear email 1/3
    #            (the Oct 19 e-mail comes after the first purchase: not in the journey)
    #   o5 (C3): paid_search, email         → last touch email;   linear email 1/2
    #   o6 (C4): zalo                       → no e-mail
    #   o7 (C5): email                      → last touch email;   linear email 1
    credit = lesson02.ex_02_3(_acquisition_shop())
    assert credit == pytest.approx({"last_touch": 3.0, "linear": 1 / 2 + 1 / 3 + 1 / 2 + 1})


def test_ex_02_3_is_zero_when_email_gets_no_credit():
    shop = _acquisition_shop()
    tp = shop.touchpoints
    no_mail = tp.assign(channel=tp["channel"].astype(str).replace("email", "tiktok"))
    shop = ShopData({**{n: shop[n] for n in shop.table_names}, "touchpoints": no_mail})
    assert lesson02.ex_02_3(shop) == {"last_touch": 0.0, "linear": 0.0}


def _scoring_shop() -> ShopData:
    """Ten prospects in May, before the cutoff (2025-07-01), and ten after it, all via Facebook at 10:00.

    A buyer comes back twice more on the day of the first touch (three touches within 24 hours) and
    orders two days later; a non-buyer is touched once. Training (May 2025, so that every
    training label is known before the cutoff): four buyers with three touches, six non-buyers with
    one. Test (July 2025): buyers T1, T2 with three touches, buyers T3,
    T4 with one touch only (they look like non-buyers), six non-buyers with one touch. An order of a
    late customer on 2025-12-31 makes every 30-day label complete.
    """
    rows, orders = [], []

    def person(pid: str, day: str, *, buys: bool, touches: int) -> None:
        start = pd.Timestamp(day) + pd.Timedelta(hours=10)
        cid = f"C{pid}" if buys else None
        for k in range(touches):
            rows.append((pid, cid, start + pd.Timedelta(hours=k), "facebook"))
        if buys:
            orders.append((f"o{pid}", cid, start + pd.Timedelta(days=2), 100_000, "completed"))

    for i in range(10):
        person(f"A{i}", f"2025-05-{i + 1:02d}", buys=i < 4, touches=3 if i < 4 else 1)
    for i in range(10):
        buys = i < 4
        person(f"T{i + 1}", f"2025-07-{i + 1:02d}", buys=buys, touches=3 if i < 2 else 1)
    orders.append(("olate", "CLATE", pd.Timestamp("2025-12-31"), 100_000, "completed"))
    touchpoints = pd.DataFrame(rows, columns=["prospect_id", "customer_id", "timestamp", "channel"])
    touchpoints["kind"] = "click"
    first = touchpoints.drop_duplicates("prospect_id")
    prospects = pd.DataFrame(
        {
            "prospect_id": first["prospect_id"].to_numpy(),
            "first_touch_date": first["timestamp"].to_numpy(),
            "channel": "facebook",
            "customer_id": first["customer_id"].to_numpy(),
        }
    )
    order_table = pd.DataFrame(
        orders, columns=["order_id", "customer_id", "order_date", "amount", "status"]
    )
    return ShopData({"prospects": prospects, "touchpoints": touchpoints, "orders": order_table})


def test_contact_depth_by_hand():
    # groups of 10 people with 4, 1, 2, 0 buyers; a message costs 5 000 ₫, a buyer brings 20 000 ₫:
    # gains per group 80 000 − 50 000 = +30 000, 20 000 − 50 000 = −30 000, +40 000 − 50 000 =
    # −10 000, −50 000 → cumulative 30 000, 0, −10 000, −60 000: contact the first group only
    gains = pd.DataFrame({"group": [1, 2, 3, 4], "n": 10, "positives": [4, 1, 2, 0]})
    assert lesson02.contact_depth(gains, cost_per_contact=5_000, profit_per_buyer=20_000) == 1
    # twice the profit: +130 000, +80 000 − 30 000 … every group but the last pays → 3
    assert lesson02.contact_depth(gains, cost_per_contact=5_000, profit_per_buyer=40_000) == 3
    # a message dearer than the best group's profit per person: contact nobody
    assert lesson02.contact_depth(gains, cost_per_contact=9_000, profit_per_buyer=20_000) == 0
    # the rows may come in any order
    shuffled = gains.iloc[[2, 0, 3, 1]]
    assert lesson02.contact_depth(shuffled, cost_per_contact=5_000, profit_per_buyer=20_000) == 1


def test_ex_02_4_contacts_the_sure_buyers_of_the_scoring_shop():
    # test period: 10 prospects in 10 groups of one. T1 and T2 (three touches, like every training
    # buyer) get the two highest scores and both buy: 60 000 − 5 000 each, so at least two groups
    # are worth contacting; a group of one non-buyer only costs, so the depth stops before one
    shop = _scoring_shop()
    depth = lesson02.ex_02_4(shop)
    gains = lesson02._scores(shop).gains.sort_values("group")
    assert list(gains["positives"].iloc[:2]) == [1, 1]
    assert depth >= 2
    assert gains["positives"].iloc[depth - 1] == 1  # the last contacted group holds a buyer


def test_lift_statement_by_hand():
    one_group = pd.DataFrame({"group": [1, 2, 3, 4], "lift": [3.9, 0.8, 1.1, 0.2]})
    spec = lesson02.lift_statement(one_group)
    assert spec.correct == "B" and set(spec.options) == {"A", "B", "C"}
    assert "C" in spec.why  # the causal reading of lift is always a wrong option
    falling = pd.DataFrame({"group": [3, 1, 2, 4], "lift": [1.0, 1.8, 1.4, 0.5]})
    assert lesson02.lift_statement(falling).correct == "A"
    with pytest.raises(ValueError, match="neither A nor B"):
        lesson02.lift_statement(pd.DataFrame({"group": [1, 2, 3], "lift": [1.2, 1.5, 0.3]}))


def _tv_shop() -> ShopData:
    """60 days; TV flights of 200 M VND a day on days 10–14 and 35–39; adstock decay 0.5, lag 2 days.

    Direct visits per day = 5 + (adstock two days before) / 10 M VND, rounded to whole people, so one
    million VND of adstock brings 0.1 visit. One day of 100 M VND leaves the adstock 100, 50, 25, …
    million (sum 100 / (1 − 0.5) = 200 M) → 0.1 × 200 = 20 visits in total; the exercise's one million
    VND leaves 1 / (1 − 0.5) = 2 M of adstock → 0.2 visit.
    """
    days = pd.date_range("2025-03-01", periods=60, freq="D")
    tv = np.zeros(60)
    tv[10:15] = tv[35:40] = 200e6
    stock = np.zeros(60)
    for t in range(60):
        stock[t] = tv[t] + (0.5 * stock[t - 1] if t else 0.0)
    lagged = np.r_[0.0, 0.0, stock[:-2]]
    visits = np.round(5 + lagged / 10e6).astype(int)
    when = np.repeat(days.to_numpy(), visits) + np.timedelta64(9, "h")
    prospects = pd.DataFrame(
        {
            "prospect_id": [f"P{i}" for i in range(len(when))],
            "first_touch_date": when,
            "channel": "direct",
            "customer_id": None,
        }
    )
    spend = pd.DataFrame({"date": days, "channel": "tv", "spend": tv.astype(np.int64)})
    return ShopData({"prospects": prospects, "marketing_spend": spend})


def test_ex_02_6_tv_visits_by_hand():
    # rounding the visits to whole people adds at most ±0.5 a day against a TV signal of up to ~39;
    # the fitted decay and lag are exact (grid step 0.05) and the effect within 2 %
    assert lesson02.ex_02_6(_tv_shop()) == pytest.approx(0.2, rel=0.02)


@pytest.mark.slow
def test_lesson02_answers_on_the_frozen_data_are_consistent():
    from ecrm_lab import load_vietshop

    data = load_vietshop()
    o, p, s = data.orders, data.prospects, data.marketing_spend

    # 02.1 recomputed with plain pandas: paid-search spend of Q4 2024 / first purchases in Q4 2024 of
    # customers whose prospect row came through paid search
    start, end = pd.Timestamp("2024-10-01"), pd.Timestamp("2025-01-01")
    in_q = (s["date"] >= start) & (s["date"] < end) & (s["channel"] == "paid_search")
    first = o[o["status"] == "completed"].groupby("customer_id")["order_date"].min()
    first = first[(first >= start) & (first < end)]
    channel = p.dropna(subset=["customer_id"]).set_index("customer_id")["channel"].astype(str)
    n_new = int((channel.reindex(first.index) == "paid_search").sum())
    assert lesson02.ex_02_1(data) == pytest.approx(s.loc[in_q, "spend"].sum() / n_new)

    # 02.2 sits just below the planted rate: prospects reached near the end of the data have not had
    # time to buy yet (right-censoring); with ~3 200 Zalo prospects the sampling s.e. is ~0.005
    truth = data.truth_params.set_index("parameter")["value"]
    assert (
        truth["conversion_rate_zalo"] - 0.02
        < lesson02.ex_02_2(data)
        <= truth["conversion_rate_zalo"] + 0.01
    )

    # 02.3: last touch recomputed by hand (the last touchpoint at or before each first purchase);
    # e-mail is a "closer", so it gets more credit last-touch than linear
    credit = lesson02.ex_02_3(data)
    buys = o[o["status"] == "completed"].sort_values("order_date").drop_duplicates("customer_id")
    tp = data.touchpoints.dropna(subset=["customer_id"]).merge(
        buys[["customer_id", "order_date"]], on="customer_id"
    )
    tp = tp[tp["timestamp"] <= tp["order_date"]].sort_values("timestamp")
    last = tp.drop_duplicates("customer_id", keep="last")
    assert credit["last_touch"] == (last["channel"] == "email").sum()
    assert credit["last_touch"] > credit["linear"] > 0

    # 02.4: the top decile buys at ~25 %, far above the break-even rate 5 000 / 60 000 ≈ 8.3 %, so it is
    # worth contacting; contacting all ten deciles (a 6 % base rate) would lose money
    assert 1 <= lesson02.ex_02_4(data) < 10
    # 02.5: the frozen data show one promising decile and a flat rest
    assert lesson02.ex_02_5(data).correct == "B"

    # 02.6 against the planted TV parameters: 14 visits per million × 1 / (1 − 0.7) ≈ 46.7;
    # the regression recovers the effect within 10 % on these 731 days
    planted = (
        truth["tv_visits_per_million_vnd"]
        * lesson02.TV_SPEND_MILLION
        / (1 - truth["tv_adstock_decay"])
    )
    assert lesson02.ex_02_6(data) == pytest.approx(planted, rel=0.1)
