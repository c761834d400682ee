"""Lifecycle stages: a hand-worked shop, invariants, planted-truth recovery and every bad input."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecrm_lab import InputError
from ecrm_lab.lifecycle import (
    STAGES,
    assign_stages,
    plot_stage_flow,
    repurchase_after_failure,
    stage_sizes,
    transition_matrix,
    value_by_stage,
)

AS_OF = "2025-06-30"
# Windows at AS_OF with the defaults (new_days=90, lapse_days=180, window=180):
#   current window  = 2025-01-02 … 2025-06-30 (180 days: Jan 2–31 = 30, +28 +31 +30 +31 +30 = 180)
#   previous window = 2024-07-06 … 2025-01-01 (Jul 6–31 = 26, +31 +30 +31 +30 +31 + 1 = 180)
#   lapsed          ⇔ last activity ≤ 2025-01-01 (AS_OF − last ≥ 180 days)
#   new customer    ⇔ first purchase ≥ 2025-04-02 (AS_OF − first ≤ 89 days)


def _d(*days: str) -> list[pd.Timestamp]:
    return [pd.Timestamp(x) for x in days]


@pytest.fixture()
def hand():
    """Eight customers, one or two per stage; the expected stage of each is worked out in EXPECTED."""
    customers = pd.DataFrame(
        {
            "customer_id": ["K1", "K2", "K3", "K4", "K5", "K6", "K7", "K8"],
            "signup_date": _d(
                "2025-05-01", "2025-05-15", "2024-12-01", "2024-03-01",
                "2024-09-01", "2024-09-01", "2025-02-01", "2025-08-01",
            ),
        }
    )  # fmt: skip
    rows = [
        ("K1", "2025-05-01", 300_000, "cancelled"),
        ("K2", "2025-05-15", 500_000, "completed"),
        ("K3", "2024-12-01", 200_000, "completed"),
        ("K4", "2024-03-01", 100_000, "completed"),
        ("K4", "2024-08-01", 100_000, "completed"),
        ("K4", "2024-12-20 18:30", 900_000, "returned"),
        ("K5", "2024-09-01", 400_000, "completed"),
        ("K5", "2025-02-01", 300_000, "completed"),
        ("K5", "2025-05-01 09:15", 300_000, "completed"),
        ("K5", "2025-06-10", 1_000_000, "cancelled"),
        ("K6", "2024-09-01", 400_000, "completed"),
        ("K6", "2025-02-01", 220_000, "completed"),
        ("K6", "2025-05-01", 220_000, "completed"),
        ("K7", "2025-02-01", 150_000, "completed"),
        ("K7", "2025-03-01", 150_000, "completed"),
        ("K8", "2025-08-01", 250_000, "completed"),
    ]
    orders = pd.DataFrame(rows, columns=["customer_id", "order_date", "amount", "status"])
    orders["order_date"] = pd.to_datetime(orders["order_date"], format="ISO8601")
    sessions = pd.DataFrame(
        {
            "customer_id": ["K3", "K4", "K2"],
            "session_date": _d("2025-06-01", "2024-12-01", "2025-05-14"),
        }
    )
    prospects = pd.DataFrame(
        {
            "prospect_id": ["P1", "P2", "P3", "P4"],
            "first_touch_date": _d("2025-06-01", "2025-07-15", "2025-06-20", "2025-05-10"),
            "customer_id": [None, None, "K8", "K2"],
        }
    )
    return customers, orders, sessions, prospects


EXPECTED = {
    # signed up, but the only order was cancelled: no purchase yet → rule 1
    "K1": "selection",
    # one purchase on 2025-05-15, 46 days before AS_OF < 90 → rule 3 (new)
    "K2": "acquisition",
    # one purchase (2024-12-01, 211 days ago) but a session on 2025-06-01 keeps K3 active → rule 3 (one order)
    "K3": "acquisition",
    # two purchases; last activity is the *returned* order of 2024-12-20: 192 days ≥ 180 → rule 2
    "K4": "lapsed",
    # current window 300k + 300k = 600k ≥ 1.25 × 400k (previous window) = 500k, 2 purchases in the
    # window, first purchase 2024-09-01 before the window; the cancelled 1M order does not count → rule 4
    "K5": "expansion",
    # same pattern but 220k + 220k = 440k < 500k → rule 5
    "K6": "retention",
    # two purchases in the window, first purchase 2025-02-01 (149 days ago, not new) lies inside the
    # window: no baseline to grow from → rule 5
    "K7": "retention",
}


def test_hand_worked_stages(hand):
    customers, orders, sessions, _ = hand
    out = assign_stages(customers, orders, sessions, as_of=AS_OF)
    # K8's first sign of life (sign-up and order on 2025-08-01) is after AS_OF: not in the snapshot
    assert out["customer_id"].tolist() == list(EXPECTED)
    assert dict(zip(out["customer_id"], out["stage"].astype(str), strict=True)) == EXPECTED
    assert out["stage"].dtype == pd.CategoricalDtype(list(STAGES), ordered=True)
    k5 = out.set_index("customer_id").loc["K5"]
    assert k5["n_orders"] == 3  # three completed orders; the cancelled one is not a purchase
    assert k5["n_orders_window"] == 2
    assert k5["value_window"] == 600_000 and k5["value_before"] == 400_000
    assert k5["first_order_date"] == pd.Timestamp("2024-09-01")
    assert k5["last_order_date"] == pd.Timestamp("2025-05-01")  # the day, clock time dropped
    assert k5["last_active_date"] == pd.Timestamp("2025-06-10")  # the cancelled order is activity
    assert k5["days_since_active"] == 20  # June 10 → June 30
    k1 = out.set_index("customer_id").loc["K1"]
    assert k1["n_orders"] == 0 and pd.isna(k1["first_order_date"])
    k4 = out.set_index("customer_id").loc["K4"]
    assert k4["days_since_active"] == 192  # Dec 20 → Jun 30: 11 + 31 + 28 + 31 + 30 + 31 + 30
    assert (
        k4["value_before"] == 100_000
    )  # 2024-08-01 lies in the previous window, 2024-03-01 does not


def test_prospects_add_selection_rows(hand):
    customers, orders, sessions, prospects = hand
    out = assign_stages(customers, orders, sessions, as_of=AS_OF, prospects=prospects)
    # K8 now exists (first touch 2025-06-20 ≤ AS_OF) and has not bought yet; P1 (touched 2025-06-01,
    # never converted) is an extra selection row; P2 (touched 2025-07-15) does not exist yet.
    assert out["customer_id"].tolist()[:-1] == [*EXPECTED, "K8"]
    assert pd.isna(out["customer_id"].iloc[-1])
    assert out["prospect_id"].tolist() == [pd.NA] + ["P4"] + [pd.NA] * 5 + ["P3", "P1"]
    by_id = dict(
        zip(out["customer_id"].fillna(out["prospect_id"]), out["stage"].astype(str), strict=True)
    )
    assert by_id == {**EXPECTED, "K8": "selection", "P1": "selection"}
    # K2 was touched on 2025-05-10, before its first session and order
    assert out.loc[1, "first_seen_date"] == pd.Timestamp("2025-05-10")


@pytest.mark.parametrize(
    ("last_activity", "expected"),
    [("2025-01-01", "lapsed"), ("2025-01-02", "retention")],
    ids=["180-days-lapsed", "179-days-active"],
)
def test_lapse_boundary(last_activity, expected):
    # purchases on 2024-06-01 and 2024-06-20 (2 orders, old customer), then one session
    customers = pd.DataFrame(
        {"customer_id": ["a", "z"], "signup_date": _d("2024-06-01", "2025-06-30")}
    )
    orders = pd.DataFrame(
        {
            "customer_id": ["a", "a", "z"],
            "order_date": _d("2024-06-01", "2024-06-20", "2025-06-30"),
            "amount": [1, 1, 1],
            "status": "completed",
        }
    )
    sessions = pd.DataFrame({"customer_id": ["a"], "session_date": _d(last_activity)})
    out = assign_stages(customers, orders, sessions, as_of=AS_OF).set_index("customer_id")
    assert out.loc["a", "stage"] == expected
    assert out.loc["z", "stage"] == "acquisition"  # first purchase on the as_of day itself


@pytest.mark.parametrize(
    ("first", "expected"),
    [("2025-04-02", "acquisition"), ("2025-04-01", "retention")],
    ids=["89-days-new", "90-days-not-new"],
)
def test_new_customer_boundary(first, expected):
    # two purchases, the second on AS_OF; first purchase 89 or 90 days before AS_OF (inside the
    # current window, so no expansion: no baseline)
    customers = pd.DataFrame({"customer_id": ["a"], "signup_date": _d(first)})
    orders = pd.DataFrame(
        {
            "customer_id": "a",
            "order_date": _d(first, AS_OF),
            "amount": [5, 5],
            "status": "completed",
        }
    )
    out = assign_stages(customers, orders, None, as_of=AS_OF)
    assert out["stage"].tolist() == [expected]


def test_growth_and_min_orders_are_honoured(hand):
    customers, orders, sessions, _ = hand
    # growth=0.1: K6 needs ≥ 1.1 × 400k = 440k and has exactly 440k → expansion
    out = assign_stages(customers, orders, sessions, as_of=AS_OF, growth=0.1).set_index(
        "customer_id"
    )
    assert out.loc["K6", "stage"] == "expansion"
    # three purchases in the window required: K5 has two → retention
    out = assign_stages(customers, orders, sessions, as_of=AS_OF, min_window_orders=3)
    assert out.set_index("customer_id").loc["K5", "stage"] == "retention"
    # status_col=None: K1's cancelled order becomes a purchase (47 days ago → acquisition)
    out = assign_stages(customers, orders, sessions, as_of=AS_OF, status_col=None)
    assert out.set_index("customer_id").loc["K1", "stage"] == "acquisition"


def test_signup_alone_makes_a_person_exist():
    # "b" registered on 2025-03-01 and never ordered: a known person, not yet a customer → selection;
    # without the sign-up column "b" has no sign of life and is left out.
    customers = pd.DataFrame(
        {"customer_id": ["a", "b"], "signup_date": _d("2025-01-01", "2025-03-01")}
    )
    orders = pd.DataFrame(
        {
            "customer_id": ["a"],
            "order_date": _d("2025-06-30"),
            "amount": [10],
            "status": "completed",
        }
    )
    out = assign_stages(customers, orders, None, as_of=AS_OF)
    assert out["stage"].astype(str).tolist() == ["acquisition", "selection"]
    out = assign_stages(customers[["customer_id"]], orders, None, as_of=AS_OF, signup_col=None)
    assert out["customer_id"].tolist() == ["a"]


# ---------------------------------------------------------------------------------- transitions
def test_transition_matrix_hand(hand):
    customers, orders, sessions, prospects = hand
    # start 2025-06-30 → end 2025-08-01. At the end (window 2025-02-03 … 2025-08-01):
    #   K1 selection → selection; K2 acquisition → acquisition (78 days since first purchase);
    #   K3 acquisition → acquisition (session 2025-06-01 is 61 days old, still one purchase);
    #   K4 lapsed → lapsed; K5: window has 2025-02-01? no (before 02-03) → only 2025-05-01: 1 order
    #   → retention; K6 likewise → retention; K7: 2025-02-01 drops out of the window, first purchase
    #   before it, 1 order → retention; K8 (only with prospects) selection → acquisition.
    counts = transition_matrix(
        customers, orders, sessions, start=AS_OF, end="2025-08-01", normalize=False
    )
    expected = pd.DataFrame(
        0, index=pd.Index(STAGES, name="from"), columns=pd.Index(STAGES, name="to")
    )
    expected.loc["selection", "selection"] = 1
    expected.loc["acquisition", "acquisition"] = 2
    expected.loc["expansion", "retention"] = 1
    expected.loc["retention", "retention"] = 2
    expected.loc["lapsed", "lapsed"] = 1
    pd.testing.assert_frame_equal(counts, expected, check_dtype=False)
    assert counts.to_numpy().sum() == 7  # the seven people who exist at start; K8 does not
    with_p = transition_matrix(
        customers,
        orders,
        sessions,
        start=AS_OF,
        end="2025-08-01",
        prospects=prospects,
        normalize=False,
    )
    # K8 (touched before start) moves selection → acquisition; P1 stays in selection
    assert with_p.loc["selection", "acquisition"] == 1
    assert with_p.loc["selection", "selection"] == 2
    assert with_p.to_numpy().sum() == 9
    shares = transition_matrix(customers, orders, sessions, start=AS_OF, end="2025-08-01")
    assert shares.loc["retention", "retention"] == 1.0
    assert shares.loc["expansion", "retention"] == 1.0
    assert shares.loc["selection"].sum() == pytest.approx(1.0)


# ---------------------------------------------------------------------------------- value by stage
def test_value_by_stage_hand():
    # as_of 2025-06-30, past = 2024-07-01 … 2025-06-30 (365 days), future = 2025-07-01 … 2025-12-27
    stages = pd.DataFrame(
        {
            "customer_id": ["x", "y", "z", None],
            "stage": pd.Categorical(["retention", "lapsed", "retention", "selection"]),
        }
    )
    orders = pd.DataFrame(
        {
            "customer_id": ["x", "x", "y", "z", "z", "z", "w"],
            "order_date": _d(
                "2025-03-01",
                "2025-08-01",
                "2024-05-01",
                "2024-07-01",
                "2025-07-01",
                "2025-12-28",
                "2026-01-10",
            ),
            "amount": [100, 300, 200, 50, 1000, 700, 9],
            "status": [
                "completed",
                "completed",
                "completed",
                "completed",
                "cancelled",
                "completed",
                "completed",
            ],
        }
    )
    out = value_by_stage(stages, orders, as_of=AS_OF).set_index("stage")
    # retention: x past 100, future 300; z past 50 (2024-07-01 is the first past day), future 0
    # (cancelled 1000 does not count, 2025-12-28 is one day after the horizon) → means 75 and 150
    assert out.loc["retention", "n_customers"] == 2
    assert out.loc["retention", "past_revenue_per_customer"] == 75.0
    assert out.loc["retention", "future_revenue_per_customer"] == 150.0
    assert out.loc["retention", "future_buyer_share"] == 0.5
    # lapsed: y bought on 2024-05-01, outside the past year and nothing after → 0 and 0
    assert out.loc["lapsed", "past_revenue_per_customer"] == 0.0
    assert out.loc["lapsed", "future_revenue_per_customer"] == 0.0
    # the unconverted prospect counts, with zero revenue; empty stages give NaN
    assert out.loc["selection", "n_customers"] == 1
    assert out.loc["selection", "future_revenue_per_customer"] == 0.0
    assert np.isnan(out.loc["expansion", "past_revenue_per_customer"])
    assert out["share"].sum() == pytest.approx(1.0)
    assert out.index.tolist() == list(STAGES)


# ---------------------------------------------------------------------------------- invariants
@settings(max_examples=40, deadline=None)
@given(
    n_orders=st.lists(st.integers(0, 6), min_size=1, max_size=8),
    offsets=st.lists(st.integers(0, 700), min_size=48, max_size=48),
    as_of_offset=st.integers(0, 700),
)
def test_each_person_gets_exactly_one_stage(n_orders, offsets, as_of_offset):
    t0 = pd.Timestamp("2024-01-01")
    ids = [f"c{i}" for i in range(len(n_orders))]
    cust, days = [], []
    it = iter(offsets)
    for cid, k in zip(ids, n_orders, strict=True):
        for _ in range(k):
            cust.append(cid)
            days.append(next(it))
    cust.append("anchor")  # an order on day 0 and on day 700 fix the data range
    cust.append("anchor")
    days += [0, 700]
    orders = pd.DataFrame(
        {
            "order_id": [f"o{i}" for i in range(len(cust))],  # same-day orders are distinct orders
            "customer_id": cust,
            "order_date": t0 + pd.to_timedelta(days, unit="D"),
            "amount": 1,
            "status": "completed",
        }
    )
    customers = pd.DataFrame({"customer_id": [*ids, "anchor"], "signup_date": pd.NaT})
    as_of = t0 + pd.Timedelta(days=as_of_offset)
    out = assign_stages(customers, orders, None, as_of=as_of)
    assert out["customer_id"].is_unique
    assert out["stage"].notna().all()
    first = orders.groupby("customer_id")["order_date"].min()
    assert set(out["customer_id"]) == set(
        first[first <= as_of].index
    )  # exactly those seen by as_of


def test_rules_hold_on_the_frozen_data():
    from ecrm_lab import load_vietshop

    data = load_vietshop()
    out = assign_stages(data.customers, data.orders, data.sessions, as_of="2025-12-31")
    assert out["customer_id"].is_unique and len(out) == len(
        data.customers
    )  # everyone exists by the end
    by = {s: out[out["stage"] == s] for s in STAGES}
    assert (by["selection"]["n_orders"] == 0).all()
    assert (by["lapsed"]["days_since_active"] >= 180).all()
    active = out[out["stage"] != "lapsed"]
    assert (active.loc[active["n_orders"] > 0, "days_since_active"] < 180).all()
    new = (pd.Timestamp("2025-12-31") - by["acquisition"]["first_order_date"]).dt.days < 90
    assert (new | (by["acquisition"]["n_orders"] == 1)).all()
    exp = by["expansion"]
    assert (exp["n_orders_window"] >= 2).all()
    assert (exp["value_window"] >= 1.25 * exp["value_before"]).all()
    assert (by["retention"]["n_orders"] >= 2).all()
    # stage counts match an independent count of completed orders per customer
    n_done = data.orders[data.orders["status"] == "completed"].groupby("customer_id").size()
    assert (
        out.set_index("customer_id")["n_orders"]
        == n_done.reindex(out["customer_id"]).fillna(0).to_numpy()
    ).all()


def test_stage_sizes_and_transitions_on_the_frozen_data():
    from ecrm_lab import load_vietshop

    data = load_vietshop()
    dates = pd.date_range("2024-01-31", "2025-12-31", freq="ME")
    t = time.perf_counter()
    sizes = stage_sizes(
        data.customers, data.orders, data.sessions, dates=dates, prospects=data.prospects
    )
    assert time.perf_counter() - t < 5.0  # 24 month ends, prospects included
    assert len(sizes) == 24 * len(STAGES)
    assert np.allclose(sizes.groupby("date")["share"].sum(), 1.0)
    # one date cross-checked against assign_stages
    one = assign_stages(
        data.customers, data.orders, data.sessions, as_of="2024-09-30", prospects=data.prospects
    )
    at = sizes[sizes["date"] == "2024-09-30"].set_index("stage")["n_customers"]
    assert at.sum() == len(one)
    assert (at.to_numpy() == one["stage"].value_counts().reindex(list(STAGES)).to_numpy()).all()
    # the population only grows
    total = sizes.groupby("date")["n_customers"].sum()
    assert total.is_monotonic_increasing

    counts = transition_matrix(
        data.customers,
        data.orders,
        data.sessions,
        start="2025-06-30",
        end="2025-12-31",
        normalize=False,
    )
    start = assign_stages(data.customers, data.orders, data.sessions, as_of="2025-06-30")
    assert counts.to_numpy().sum() == len(start)
    assert (
        counts.sum(axis=1).to_numpy()
        == start["stage"].value_counts().reindex(list(STAGES)).to_numpy()
    ).all()
    assert counts.loc["acquisition", "selection"] == 0  # nobody un-buys
    shares = transition_matrix(
        data.customers, data.orders, data.sessions, start="2025-06-30", end="2025-12-31"
    )
    assert np.allclose(shares.sum(axis=1), 1.0)


# ---------------------------------------------------------------------------------- planted truth
def test_lapsed_customers_have_truly_churned(small_shop):
    shop = small_shop
    as_of = pd.Timestamp("2025-06-30")
    out = assign_stages(shop.customers, shop.orders, shop.sessions, as_of=as_of)
    churn = shop.truth.set_index("customer_id")["churn_date"].reindex(out["customer_id"]).to_numpy()
    out["churned"] = churn <= as_of.to_datetime64()
    # The simulator follows BG/NBD: a customer can only drop out after a *repeat* purchase, so a
    # one-order customer never has a churn date. The truth is therefore judged on repeat buyers.
    rep = out[out["n_orders"] >= 2]
    lapsed = rep.loc[rep["stage"] == "lapsed", "churned"].mean()
    active = rep.loc[rep["stage"].isin(["retention", "expansion"]), "churned"].mean()
    # measured (n=3000, rng=5): lapsed 0.90 (256 customers), retention + expansion 0.30 (660)
    assert lapsed >= 0.8
    assert active <= 0.45
    assert lapsed - active >= 0.4
    # over all customers the contrast is weaker (one-order lapsers never churn in the truth) but clear
    lapsed_all = out.loc[out["stage"] == "lapsed", "churned"].mean()
    assert lapsed_all > active + 0.1


def test_stage_predicts_future_value(small_shop):
    shop = small_shop
    out = assign_stages(shop.customers, shop.orders, shop.sessions, as_of="2025-06-30")
    val = value_by_stage(out, shop.orders, as_of="2025-06-30").set_index("stage")
    ret_exp = val.loc[["retention", "expansion"]]
    per_customer = (
        ret_exp["future_revenue_per_customer"] * ret_exp["n_customers"]
    ).sum() / ret_exp["n_customers"].sum()
    # measured: retention + expansion ≈ 380k VND per customer in the next 180 days, lapsed ≈ 21k
    assert per_customer > 5 * val.loc["lapsed", "future_revenue_per_customer"]
    assert (
        val.loc["expansion", "future_revenue_per_customer"]
        > val.loc["retention", "future_revenue_per_customer"]
    )
    assert (
        val.loc["lapsed", "future_buyer_share"] < 0.2 < val.loc["retention", "future_buyer_share"]
    )


# ---------------------------------------------------------------------------------- plot
def test_plot_stage_flow_draws_counts_and_shares(hand):
    import matplotlib.pyplot as plt

    customers, orders, sessions, _ = hand
    counts = transition_matrix(
        customers, orders, sessions, start=AS_OF, end="2025-08-01", normalize=False
    )
    ax = plot_stage_flow(counts, lang="vi")
    texts = [t.get_text() for t in ax.texts]
    assert "giữ chân (3)" in texts  # right column: K5, K6, K7 at the end
    assert "mở rộng (1)" in texts  # left column: K5 at start
    assert len(ax.collections) == 5  # one band per non-empty cell
    plt.close(ax.figure)
    shares = transition_matrix(customers, orders, sessions, start=AS_OF, end="2025-08-01")
    ax = plot_stage_flow(shares, lang="en")  # auto → heatmap for shares
    assert "100%" in [t.get_text() for t in ax.texts]
    assert [t.get_text() for t in ax.get_yticklabels()] == list(STAGES)
    plt.close(ax.figure)


# ---------------------------------------------------------------------------------- bad input
# (id, table, column, first bad row, problem regex, mutation): every bad table is an InputError naming
# the table, the column, the first bad row where there is one, and a fix
BAD_INPUTS = [
    ("missing-column", "orders", "amount", None, "lacks column\\(s\\) amount", {"orders": "drop:amount"}),
    ("not-a-frame", "orders", None, None, "must be a pandas DataFrame", {"orders": "list"}),
    ("empty-customers", "customers", None, None, "is empty", {"customers": "empty"}),
    ("empty-orders", "orders", None, None, "is empty", {"orders": "empty"}),
    ("empty-sessions", "sessions", None, None, "is empty", {"sessions": "empty"}),
    ("negative-amount", "orders", "amount", 0, "1 negative", {"orders": "negative"}),
    ("unreadable-date", "orders", "order_date", 0, "1 missing or unreadable date.*'2025-13-45'", {"orders": "baddate"}),
    ("numeric-date", "orders", "order_date", None, "must hold dates, not numbers", {"orders": "numdate"}),
    ("unknown-customer", "orders", "customer_id", 0, "1 row.*not in the customers table.*'K99'", {"orders": "unknown"}),
    ("duplicate-customer", "customers", "customer_id", 1, "duplicated", {"customers": "dup"}),
    # statuses in capitals: named as a case variant of the shop's codes, not silently "no purchase"
    ("no-completed", "orders", "status", 0, "only in case or spaces", {"orders": "status"}),
    ("session-bad-date", "sessions", "session_date", 0, "1 missing or unreadable", {"sessions": "baddate"}),
    ("missing-customer-id", "orders", "customer_id", 2, "1 missing id", {"orders": "noid"}),
    ("duplicated-order-row", "orders", "customer_id", 16, "identical to an earlier one", {"orders": "duprow"}),
    ("duplicated-order-id", "orders", "order_id", 16, "duplicated row", {"orders": "dupid"}),
    ("text-amount", "orders", "amount", 1, "text", {"orders": "textamount"}),
]  # fmt: skip


def _mutate(df, how):
    df = df.copy()
    if how == "list":
        return df.to_dict("records")
    if how == "empty":
        return df.iloc[:0]
    if how.startswith("drop:"):
        return df.drop(columns=how[5:])
    if how == "negative":
        df.loc[0, "amount"] = -5
    elif how == "baddate":
        col = "order_date" if "order_date" in df else "session_date"
        df[col] = df[col].astype(str)
        df.loc[0, col] = "2025-13-45"
    elif how == "numdate":
        df["order_date"] = np.arange(len(df))
    elif how == "unknown":
        df.loc[0, "customer_id"] = "K99"
    elif how == "dup":
        df.loc[1, "customer_id"] = "K1"
    elif how == "status":
        df["status"] = df["status"].str.upper()
    elif how == "noid":
        df.loc[2, "customer_id"] = None
    elif how == "duprow":
        df = pd.concat([df, df.iloc[[3]]], ignore_index=True)
    elif how == "dupid":
        df.insert(0, "order_id", [f"o{i}" for i in range(len(df))])
        df = pd.concat([df, df.iloc[[3]].assign(amount=1)], ignore_index=True)
    elif how == "textamount":
        df["amount"] = df["amount"].astype(object)
        df.loc[1, "amount"] = "500.000"
    return df


@pytest.mark.parametrize(
    ("table", "column", "row", "match", "change"),
    [b[1:] for b in BAD_INPUTS],
    ids=[b[0] for b in BAD_INPUTS],
)
def test_bad_tables(hand, table, column, row, match, change):
    ((name, how),) = change.items()
    tables = dict(zip(("customers", "orders", "sessions"), hand[:3], strict=True))
    tables[name] = _mutate(tables[name], how)
    with pytest.raises(InputError, match=match) as info:
        assign_stages(tables["customers"], tables["orders"], tables["sessions"], as_of=AS_OF)
    err = info.value
    assert (err.table, err.column, err.row) == (table, column, row)
    assert err.fix and str(err).startswith(table)


@pytest.mark.parametrize(
    ("as_of", "error", "match"),
    [
        (
            "2020-01-01",
            ValueError,
            r"as_of 2020-01-01 is before the first order \(2024-03-01\): choose a date inside the data",
        ),
        (
            "2027-01-01",
            ValueError,
            r"as_of 2027-01-01 is after the last order or session \(2025-08-01\)",
        ),
        (20250630, TypeError, "as_of must be a date such as '2025-06-30'.*not int"),
        (None, TypeError, "as_of must be a date"),
        ("next tuesday", ValueError, "as_of 'next tuesday' is not a readable date"),
        (pd.NaT, ValueError, "as_of is missing"),
    ],
    ids=["before-data", "after-data", "int", "none", "text", "nat"],
)
def test_bad_as_of(hand, as_of, error, match):
    customers, orders, sessions, _ = hand
    with pytest.raises(error, match=match):
        assign_stages(customers, orders, sessions, as_of=as_of)


@pytest.mark.parametrize(
    ("rules", "error", "match"),
    [
        ({"lapse_days": -30}, ValueError, "lapse_days must be ≥ 1, got -30"),
        ({"window": 0}, ValueError, "window must be ≥ 1, got 0"),
        ({"new_days": 30.5}, TypeError, "new_days must be a whole number of days"),
        ({"growth": -0.1}, ValueError, "growth must be a finite number ≥ 0"),
        ({"growth": "25%"}, TypeError, "growth must be a number"),
        ({"min_window_orders": 0}, ValueError, "min_window_orders must be ≥ 1"),
    ],
    ids=[
        "negative-lapse",
        "zero-window",
        "float-days",
        "negative-growth",
        "text-growth",
        "zero-orders",
    ],
)
def test_bad_rules(hand, rules, error, match):
    customers, orders, sessions, _ = hand
    with pytest.raises(error, match=match):
        assign_stages(customers, orders, sessions, as_of=AS_OF, **rules)
    with pytest.raises(error, match=match):  # the same checks through **rules
        stage_sizes(customers, orders, sessions, dates=[AS_OF], **rules)


def test_bad_prospects(hand):
    customers, orders, sessions, prospects = hand
    with pytest.raises(InputError, match="pass prospects=None"):
        assign_stages(customers, orders, sessions, as_of=AS_OF, prospects=prospects.iloc[:0])
    with pytest.raises(InputError, match="prospects.first_touch_date: lacks column"):
        assign_stages(
            customers,
            orders,
            sessions,
            as_of=AS_OF,
            prospects=prospects.drop(columns="first_touch_date"),
        )
    wrong = prospects.assign(customer_id=[None, None, "K404", "K2"])
    with pytest.raises(InputError, match="prospects.customer_id .*has 1 row.*'K404'") as info:
        assign_stages(customers, orders, sessions, as_of=AS_OF, prospects=wrong)
    assert info.value.row == 2
    twice = pd.concat([prospects, prospects.iloc[[0]]], ignore_index=True)
    with pytest.raises(InputError, match="duplicated") as info:
        assign_stages(customers, orders, sessions, as_of=AS_OF, prospects=twice)
    assert (info.value.column, info.value.row) == ("prospect_id", 4)


def test_bad_stage_sizes_and_transition_arguments(hand):
    customers, orders, sessions, _ = hand
    with pytest.raises(TypeError, match="unknown option\\(s\\) lapse; the lifecycle rules accept"):
        stage_sizes(customers, orders, sessions, dates=[AS_OF], lapse=30)
    with pytest.raises(ValueError, match="dates is empty"):
        stage_sizes(customers, orders, sessions, dates=[])
    with pytest.raises(TypeError, match="dates must be a list of dates"):
        stage_sizes(customers, orders, sessions, dates=AS_OF)
    with pytest.raises(ValueError, match="dates 2019-12-31 is before the first order"):
        stage_sizes(customers, orders, sessions, dates=["2019-12-31", AS_OF])
    with pytest.raises(ValueError, match=r"end \(2025-06-30\) must be after start \(2025-06-30\)"):
        transition_matrix(customers, orders, sessions, start=AS_OF, end=AS_OF)
    with pytest.raises(ValueError, match=r"end \(2025-01-01\) must be after start"):
        transition_matrix(customers, orders, sessions, start=AS_OF, end="2025-01-01")
    with pytest.raises(TypeError, match="normalize must be True or False"):
        transition_matrix(
            customers, orders, sessions, start="2025-01-01", end=AS_OF, normalize="rows"
        )
    with pytest.raises(TypeError, match="start must be a date"):
        transition_matrix(customers, orders, sessions, start=2025, end=AS_OF)


def test_bad_value_by_stage_input(hand):
    customers, orders, sessions, _ = hand
    stages = assign_stages(customers, orders, sessions, as_of="2024-12-31")
    ok = {"as_of": "2024-12-31", "horizon_days": 90}
    value_by_stage(stages, orders, **ok)  # 2024-12-31 + 90 days = 2025-03-31, inside the data: fine
    with pytest.raises(
        InputError, match="unknown stage\\(s\\) 'vip'.*use the output of assign_stages"
    ):
        value_by_stage(stages.assign(stage="vip"), orders, **ok)
    with pytest.raises(
        ValueError,
        match="as_of \\+ horizon_days = 2025-12-28 is after the last order \\(2025-08-01\\)",
    ):
        value_by_stage(stages, orders, as_of="2024-12-31", horizon_days=362)
    with pytest.raises(ValueError, match="stages has last_order_date after as_of 2024-10-01"):
        value_by_stage(stages, orders, as_of="2024-10-01", horizon_days=90)
    with pytest.raises(ValueError, match="duplicated customers"):
        value_by_stage(pd.concat([stages, stages.iloc[:1]]), orders, **ok)
    with pytest.raises(InputError, match="stages: is empty"):
        value_by_stage(stages.iloc[:0], orders, **ok)
    with pytest.raises(InputError, match="stages.stage: lacks column\\(s\\) stage"):
        value_by_stage(stages.drop(columns="stage"), orders, **ok)
    with pytest.raises(ValueError, match="horizon_days must be ≥ 1"):
        value_by_stage(stages, orders, as_of="2024-12-31", horizon_days=-7)
    with pytest.raises(InputError, match="orders.order_date .*has 1 missing or unreadable"):
        value_by_stage(
            stages, orders.assign(order_date=["bad", *orders["order_date"].astype(str)[1:]]), **ok
        )
    with pytest.raises(ValueError, match="as_of 2020-01-01 is before the first order"):
        value_by_stage(stages.drop(columns="last_order_date"), orders, as_of="2020-01-01")


def test_bad_plot_input(hand):
    customers, orders, sessions, _ = hand
    shares = transition_matrix(customers, orders, sessions, start=AS_OF, end="2025-08-01")
    with pytest.raises(ValueError, match="a flow picture needs counts"):
        plot_stage_flow(shares, kind="flow")
    with pytest.raises(ValueError, match="kind must be 'auto', 'flow' or 'heatmap'"):
        plot_stage_flow(shares, kind="sankey")
    with pytest.raises(InputError, match="^matrix: has unknown stage label\\(s\\) vip.*Fix: pass"):
        plot_stage_flow(shares.rename(index={"selection": "vip"}))
    with pytest.raises(
        InputError, match="^matrix: must be a pandas DataFrame.*Fix: pass the table"
    ):
        plot_stage_flow(shares.to_numpy())


def test_value_by_stage_accepts_clock_times_on_the_as_of_day():
    # a hand-made stages table whose last purchase is at 15:00 on the as_of day: that purchase is
    # "on or before as_of" (dates are days), so this is not a table assigned at a later date.
    # Before the fix, comparing 2025-06-30 15:00 with midnight raised "assigned at a later date".
    stages = pd.DataFrame(
        {
            "customer_id": ["x"],
            "stage": ["acquisition"],
            "last_order_date": pd.to_datetime(["2025-06-30 15:00"]),
        }
    )
    orders = pd.DataFrame(
        {
            "customer_id": ["x", "x"],
            "order_date": pd.to_datetime(["2025-06-30 15:00", "2025-07-10"], format="ISO8601"),
            "amount": [100, 40],
            "status": "completed",
        }
    )
    out = value_by_stage(stages, orders, as_of=AS_OF, horizon_days=10).set_index("stage")
    # past: the 100 on the as_of day; future (2025-07-01 … 2025-07-10): the 40
    assert out.loc["acquisition", "past_revenue_per_customer"] == 100.0
    assert out.loc["acquisition", "future_revenue_per_customer"] == 40.0
    # a time zone-aware column is read on the same day basis instead of failing to compare
    tz = stages.assign(last_order_date=stages["last_order_date"].dt.tz_localize("Asia/Ho_Chi_Minh"))
    assert value_by_stage(tz, orders, as_of=AS_OF, horizon_days=10)["n_customers"].sum() == 1
    # the next day is still rejected
    later = stages.assign(last_order_date=pd.to_datetime(["2025-07-01 08:00"]))
    with pytest.raises(ValueError, match="stages has last_order_date after as_of 2025-06-30"):
        value_by_stage(later, orders, as_of=AS_OF, horizon_days=10)


def test_heatmap_does_not_show_a_few_people_as_zero():
    import matplotlib.pyplot as plt

    counts = pd.DataFrame(
        0, index=pd.Index(STAGES, name="from"), columns=pd.Index(STAGES, name="to")
    )
    counts.loc["retention", "retention"] = 997
    counts.loc["retention", "lapsed"] = 3  # 0.3 % of the row
    counts.loc["lapsed", "lapsed"] = 10
    shares = counts.div(counts.sum(axis=1), axis=0)
    shares.attrs["normalize"] = True
    ax = plot_stage_flow(shares, lang="en")
    cells = {
        (round(t.get_position()[1]), round(t.get_position()[0])): t.get_text() for t in ax.texts
    }
    r, lap = STAGES.index("retention"), STAGES.index("lapsed")
    assert cells[(r, lap)] == "<1%"  # three people moved: not "0%"
    assert cells[(r, r)] == "100%"  # 99.7 % rounds to 100 %
    assert cells[(r, STAGES.index("selection"))] == "0%"  # truly nobody
    plt.close(ax.figure)


# ---------------------------------------------------------------------------------- repurchase
def _reorders():
    """Five customers; rows deliberately out of time order (a's evening order comes first)."""
    rows = [
        ("a", "2025-01-01 18:00", "cancelled"),
        ("a", "2025-01-01 10:00", "completed"),
        ("a", "2025-01-31", "completed"),
        ("a", "2025-03-02", "returned"),
        ("b", "2025-01-10", "cancelled"),
        ("b", "2025-02-08", "completed"),
        ("c", "2025-02-01", "completed"),
        ("d", "2025-04-01", "completed"),
        ("e", "2025-01-05", "completed"),
        ("e", "2025-02-05", "completed"),
    ]
    orders = pd.DataFrame(rows, columns=["customer_id", "order_date", "status"])
    orders["order_date"] = pd.to_datetime(orders["order_date"], format="ISO8601")
    return orders


def test_repurchase_after_failure_by_hand():
    # horizon 30, end = last order day 2025-04-01 → follow-up needs day ≤ 2025-03-02.
    #   a1 01-01 10:00 completed, first  → a2 the same evening (0 days)        reordered
    #   a2 01-01 18:00 cancelled, repeat → a3 01-31 (30 days, the boundary)     reordered
    #   a3 01-31 completed, repeat       → a4 03-02 (28 + 2 = 30 days)          reordered
    #   a4 03-02 returned, repeat        → nothing (eligible: 03-02 + 30 = 04-01) not
    #   b1 01-10 cancelled, first        → b2 02-08 (21 + 8 = 29 days)          reordered
    #   b2 02-08 completed, repeat       → nothing                              not
    #   c1 02-01 completed, first        → nothing                              not
    #   d1 04-01                         → no follow-up: left out
    #   e1 01-05 completed, first        → e2 02-05 (26 + 5 = 31 days > 30)     not
    #   e2 02-05 completed, repeat       → nothing                              not
    out = repurchase_after_failure(_reorders(), horizon_days=30)
    assert out[["order_type", "outcome"]].values.tolist() == [
        ["first", "completed"],
        ["first", "failed"],
        ["repeat", "completed"],
        ["repeat", "failed"],
    ]
    assert out["n_orders"].tolist() == [3, 1, 3, 2]  # a1 c1 e1 | b1 | a3 b2 e2 | a2 a4
    assert out["n_reordered"].tolist() == [1, 1, 1, 1]
    assert out["reorder_rate"].tolist() == pytest.approx([1 / 3, 1.0, 1 / 3, 0.5])
    # Wilson 95 % (z = 1.96) for 1 of 2: centre (0.5 + z²/4) / (1 + z²/2) = 0.5,
    # half-width z·√(0.25/2 + z²/16) / (1 + z²/2) = 1.96 · 0.6042 / 2.9208 = 0.4055
    row = out.iloc[3]
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((0.0945, 0.9055), abs=1e-3)
    # 1 of 1: centre (1 + z²/2) / (1 + z²) = 0.6033, half z·(z/2) / (1 + z²) = 0.3967 → [0.2065, 1]
    row = out.iloc[1]
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((0.2065, 1.0), abs=1e-3)

    pooled = repurchase_after_failure(_reorders(), horizon_days=30, split_first=False)
    assert pooled["order_type"].tolist() == ["all", "all"]
    assert pooled["n_orders"].tolist() == [6, 3]
    assert pooled["n_reordered"].tolist() == [2, 2]

    # end 2025-02-28 → follow-up needs day ≤ 01-29: a1, e1 (completed); a2, b1 (failed). a2's
    # reorder on 01-31 is within 30 days and before the end.
    early = repurchase_after_failure(
        _reorders(), horizon_days=30, end="2025-02-28", split_first=False
    )
    assert early["n_orders"].tolist() == [2, 2]
    assert early["n_reordered"].tolist() == [1, 2]


def test_repurchase_after_failure_empty_group_and_custom_columns():
    orders = pd.DataFrame(
        {
            "buyer": ["x", "x", "y"],
            "when": pd.to_datetime(["2025-01-01", "2025-01-05", "2025-03-01"]),
            "state": ["DONE", "DONE", "DONE"],
        }
    )
    out = repurchase_after_failure(
        orders,
        horizon_days=10,
        customer_col="buyer",
        date_col="when",
        status_col="state",
        completed="DONE",
    )
    # no failed order at all: those groups are empty, their rates NaN
    assert out["n_orders"].tolist() == [1, 0, 1, 0]  # x's two orders; y's is too late
    assert out["n_reordered"].tolist() == [1, 0, 0, 0]
    assert out.loc[out["outcome"] == "failed", "reorder_rate"].isna().all()


@pytest.mark.parametrize(
    ("factor", "repeat_gap"),
    [(1.0, (-0.05, 0.05)), (3.0, (0.12, 0.35))],
    ids=["effect-off", "effect-3x"],
)
def test_repurchase_after_failure_recovers_the_planted_effect(factor, repeat_gap):
    from ecrm_lab.synth import ShopConfig, simulate

    shop = simulate(ShopConfig(n_customers=3_000, service_failure_dropout=factor), rng=5)
    out = repurchase_after_failure(shop.orders, horizon_days=180).set_index(
        ["order_type", "outcome"]
    )
    rate = out["reorder_rate"]
    gap_repeat = rate["repeat", "completed"] - rate["repeat", "failed"]
    gap_first = rate["first", "completed"] - rate["first", "failed"]
    # Measured (rng=5): effect off −0.008 (≈ 3 400 repeat orders, SE of the gap ≈ 0.024);
    # dropout × 3 after a failure: 0.23 (the rate after a failure falls by roughly 2·p̄ of the
    # repeat buyers). First orders: the simulator follows BG/NBD, nobody drops out right after a
    # first order, so a failed first order changes nothing (measured −0.005 in both runs; two SE ≈ 0.07).
    assert repeat_gap[0] < gap_repeat < repeat_gap[1]
    assert abs(gap_first) < 0.07


@pytest.mark.parametrize(
    ("change", "kwargs", "error", "match"),
    [
        ("drop:status", {}, InputError, "orders.status: lacks column\\(s\\) status"),
        ("list", {}, InputError, "orders: must be a pandas DataFrame"),
        ("empty", {}, InputError, "orders: is empty"),
        ("numdate", {}, InputError, "orders.order_date: must hold dates, not numbers"),
        ("baddate", {}, InputError, "orders.order_date \\(first bad row 0\\): has 1 missing or unreadable"),
        ("noid", {}, InputError, "orders.customer_id \\(first bad row 2\\): has 1 missing id"),
        ("upper", {}, InputError, "orders.status \\(first bad row 0\\): has the status 'CANCELLED'.*only in case.*Fix: normalise"),
        ("duprow", {}, InputError, "orders.customer_id \\(first bad row 10\\): has 1 row.*identical"),
        (None, {"horizon_days": 0}, ValueError, "horizon_days must be ≥ 1"),
        (None, {"horizon_days": 30.0}, TypeError, "horizon_days must be a whole number"),
        (None, {"end": "2026-01-01"}, ValueError, "end 2026-01-01 is outside the orders \\(2025-01-01 … 2025-04-01\\)"),
        (None, {"end": 20250301}, TypeError, "end must be a date"),
        (None, {"horizon_days": 365}, ValueError, "no order has 365 days of follow-up before 2025-04-01"),
        (None, {"split_first": "yes"}, TypeError, "split_first must be True or False"),
        (None, {"ci_level": 95}, ValueError, "ci_level must lie strictly between 0 and 1"),
        (None, {"ci_level": "95%"}, TypeError, "ci_level must be a number"),
    ],
    ids=[
        "missing-column", "not-a-frame", "empty", "numeric-date", "bad-date", "missing-id",
        "no-completed", "duplicated-row", "zero-horizon", "float-horizon", "end-after-data", "int-end",
        "horizon-too-long", "text-split", "percent-level", "text-level",
    ],
)  # fmt: skip
def test_repurchase_after_failure_bad_input(change, kwargs, error, match):
    orders = _reorders()
    if change == "list":
        orders = orders.to_dict("records")
    elif change == "empty":
        orders = orders.iloc[:0]
    elif change and change.startswith("drop:"):
        orders = orders.drop(columns=change[5:])
    elif change == "numdate":
        orders["order_date"] = np.arange(len(orders))
    elif change == "baddate":
        orders["order_date"] = orders["order_date"].astype(str)
        orders.loc[0, "order_date"] = "2025-02-30"
    elif change == "noid":
        orders.loc[2, "customer_id"] = None
    elif change == "upper":
        orders["status"] = orders["status"].str.upper()
    elif change == "duprow":
        orders = pd.concat([orders, orders.iloc[[3]]], ignore_index=True)
    with pytest.raises(error, match=match):
        repurchase_after_failure(orders, **{"horizon_days": 30, **kwargs})


# ---------------------------------------------------------------------------------- duplicated rows
def test_duplicated_orders_are_refused_not_double_counted(hand):
    customers, orders, sessions, _ = hand
    stages = assign_stages(customers, orders, sessions, as_of="2024-12-31")
    doubled = pd.concat([orders, orders.iloc[[6]]], ignore_index=True)  # K5's 2024-09-01 order
    calls = {
        "stage_sizes": lambda o: stage_sizes(customers, o, sessions, dates=[AS_OF]),
        "transition_matrix": lambda o: transition_matrix(
            customers, o, sessions, start="2024-12-31", end=AS_OF
        ),
        "value_by_stage": lambda o: value_by_stage(stages, o, as_of="2024-12-31", horizon_days=90),
        "repurchase_after_failure": lambda o: repurchase_after_failure(o, horizon_days=30),
    }
    for name, call in calls.items():
        with pytest.raises(InputError, match="identical to an earlier one") as info:
            call(doubled)
        assert (info.value.table, info.value.row) == ("orders", 16), name
        assert "drop_duplicates" in info.value.fix
    with_ids = orders.assign(order_id=[f"o{i}" for i in range(len(orders))])
    again = pd.concat([with_ids, with_ids.iloc[[6]]], ignore_index=True)
    for name, call in calls.items():
        with pytest.raises(InputError, match="duplicated row") as info:
            call(again)
        assert (info.value.column, info.value.row) == ("order_id", 16), name


def test_order_col_none_counts_every_row_as_an_order(hand):
    # the documented escape hatch: with order_col=None a repeated row is a second order — here it
    # doubles K5's past revenue (400 000 → 800 000 at 2024-12-31, one of two retention customers)
    customers, orders, sessions, _ = hand
    stages = assign_stages(customers, orders, sessions, as_of="2024-12-31")
    doubled = pd.concat([orders, orders.iloc[[6]]], ignore_index=True)
    once = value_by_stage(stages, orders, as_of="2024-12-31", horizon_days=90).set_index("stage")
    twice = value_by_stage(
        stages, doubled, as_of="2024-12-31", horizon_days=90, order_col=None
    ).set_index("stage")
    k5_stage = stages.set_index("customer_id").loc["K5", "stage"]
    n = once.loc[k5_stage, "n_customers"]
    assert twice.loc[k5_stage, "past_revenue_per_customer"] - once.loc[
        k5_stage, "past_revenue_per_customer"
    ] == pytest.approx(400_000 / n)
    sizes = stage_sizes(customers, doubled, sessions, dates=[AS_OF], order_col=None)
    assert sizes["n_customers"].sum() == 7


def test_duplicated_sessions_and_missing_status_are_named(hand):
    customers, orders, sessions, _ = hand
    twice = pd.concat([sessions, sessions.iloc[[0]]], ignore_index=True)
    with pytest.raises(InputError) as info:
        stage_sizes(customers, orders, twice, dates=[AS_OF])
    assert (info.value.table, info.value.row) == ("sessions", 3)
    no_status = orders.assign(status=orders["status"].where(orders.index != 4))
    with pytest.raises(InputError, match="missing") as info:
        assign_stages(customers, no_status, sessions, as_of=AS_OF)
    assert (info.value.column, info.value.row) == ("status", 4)
