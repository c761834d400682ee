"""Acquisition analytics: hand-worked journeys, invariants, planted-truth recovery and bad inputs."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecrm_lab import InputError
from ecrm_lab import acquisition as acq
from ecrm_lab.acquisition import (
    MODELS,
    NO_TOUCHPOINT,
    adstock,
    attribute,
    build_journeys,
    channel_economics,
    compare_attribution,
    fit_adstock,
    funnel,
    gains_table,
    markov_removal_effects,
    prospect_features,
    score_prospects,
    tv_response_table,
)


def _ts(*values: str) -> pd.Series:
    return pd.to_datetime(pd.Series(values), format="ISO8601")


@pytest.fixture()
def shop():
    """Three buyers, one person who never buys, and one buyer without any touchpoint.

    c1: facebook (Jan 1) → email (Jan 8) → direct (Jan 15 09:00) → first order o1 Jan 15 10:00, 300 000;
        then an e-mail Jan 20 and a repeat order o2 Jan 21, 100 000.
    c2: tiktok (Feb 1) → first order o3 Feb 2, 200 000.
    c3: paid_search (Mar 1) → zalo (Mar 2) → cancelled order o4 Mar 3 → first completed order o5 Mar 4,
        500 000.
    c4: no touchpoint, first order o6 Apr 1, 50 000.
    p5: never buys: facebook (Jan 3), email (Jan 9).
    """
    touchpoints = pd.DataFrame(
        {
            "prospect_id": ["p1", "p1", "p1", "p1", "p2", "p3", "p3", "p5", "p5"],
            "customer_id": ["c1", "c1", "c1", "c1", "c2", "c3", "c3", None, None],
            "timestamp": _ts(
                "2025-01-01", "2025-01-08", "2025-01-15 09:00", "2025-01-20",
                "2025-02-01", "2025-03-01", "2025-03-02", "2025-01-03", "2025-01-09",
            ),
            "channel": ["facebook", "email", "direct", "email", "tiktok", "paid_search", "zalo",
                        "facebook", "email"],
            "kind": ["click", "click", "visit", "click", "click", "click", "click", "impression", "click"],
        }
    )  # fmt: skip
    orders = pd.DataFrame(
        {
            "order_id": ["o1", "o2", "o3", "o4", "o5", "o6"],
            "customer_id": ["c1", "c1", "c2", "c3", "c3", "c4"],
            "order_date": _ts(
                "2025-01-15 10:00",
                "2025-01-21",
                "2025-02-02",
                "2025-03-03",
                "2025-03-04",
                "2025-04-01",
            ),
            "amount": [300_000, 100_000, 200_000, 400_000, 500_000, 50_000],
            "status": [
                "completed",
                "completed",
                "completed",
                "cancelled",
                "completed",
                "completed",
            ],
        }
    )
    return touchpoints, orders


def _credit(table: pd.DataFrame, column: str = "conversions") -> dict[str, float]:
    return {k: round(v, 6) for k, v in zip(table["channel"], table[column], strict=True)}


# ------------------------------------------------------------------ journeys
def test_journeys_link_each_touch_to_the_next_conversion(shop):
    j = build_journeys(*shop)
    conv = j[j["converted"]]
    assert conv.groupby("journey_id")["channel"].apply(list).to_dict() == {
        "o1": ["facebook", "email", "direct"],  # the Jan 20 e-mail comes after the first purchase
        "o3": ["tiktok"],
        "o5": ["paid_search", "zalo"],  # o4 was cancelled: not a conversion
        "o6": [NO_TOUCHPOINT],
    }
    lost = j[~j["converted"]]
    assert lost["journey_id"].unique().tolist() == ["none:p5"]
    assert lost["channel"].tolist() == ["facebook", "email"]
    assert j.loc[j["journey_id"] == "o1", "n_touches"].tolist() == [3, 3, 3]
    assert j.loc[j["journey_id"] == "o6", "n_touches"].tolist() == [0]


def test_all_conversions_split_the_journey_at_each_order(shop):
    j = build_journeys(*shop, conversions="all", include_non_converting=False)
    paths = j.groupby("journey_id")["channel"].apply(list).to_dict()
    assert paths["o1"] == ["facebook", "email", "direct"]
    assert paths["o2"] == ["email"]  # only the touch after o1
    assert set(paths) == {"o1", "o2", "o3", "o5", "o6"}


def test_lookback_drops_old_touches(shop):
    j = build_journeys(*shop, lookback_days=10, include_non_converting=False)
    # o1 on Jan 15 10:00: Jan 1 is 14 days before, Jan 8 is 7 days before
    assert j.loc[j["journey_id"] == "o1", "channel"].tolist() == ["email", "direct"]


# ------------------------------------------------------------------ rule-based models, by hand
@pytest.mark.parametrize(
    ("model", "expected"),
    [
        # o1 (300k): facebook, email, direct; o3 (200k): tiktok; o5 (500k): paid_search, zalo; o6: none
        ("first_touch", {"facebook": 1, "tiktok": 1, "paid_search": 1, NO_TOUCHPOINT: 1}),
        ("last_touch", {"direct": 1, "tiktok": 1, "zalo": 1, NO_TOUCHPOINT: 1}),
        (
            "linear",
            {"facebook": 1 / 3, "email": 1 / 3, "direct": 1 / 3, "tiktok": 1,
             "paid_search": 0.5, "zalo": 0.5, NO_TOUCHPOINT: 1},
        ),
        (
            # three touches: 40 % / 20 % / 40 %; two touches: 50 % / 50 %; one touch: 100 %
            "position_based",
            {"facebook": 0.4, "email": 0.2, "direct": 0.4, "tiktok": 1,
             "paid_search": 0.5, "zalo": 0.5, NO_TOUCHPOINT: 1},
        ),
    ],
)  # fmt: skip
def test_rule_based_credit_by_hand(shop, model, expected):
    out = attribute(*shop, model=model)
    assert _credit(out) == {k: round(v, 6) for k, v in expected.items()}
    assert out["conversions"].sum() == pytest.approx(4)
    assert out["revenue"].sum() == pytest.approx(1_050_000)


def test_linear_revenue_by_hand(shop):
    out = attribute(*shop, model="linear")
    assert _credit(out, "revenue") == {
        "facebook": 100_000, "email": 100_000, "direct": 100_000, "tiktok": 200_000,
        "paid_search": 250_000, "zalo": 250_000, NO_TOUCHPOINT: 50_000,
    }  # fmt: skip


def test_time_decay_by_hand():
    # ages 14, 7 and 0 days with a 7-day half-life: weights 1/4, 1/2, 1 → shares 1/7, 2/7, 4/7
    tp = pd.DataFrame(
        {
            "prospect_id": "p",
            "customer_id": "c",
            "timestamp": _ts("2025-01-01", "2025-01-08", "2025-01-15"),
            "channel": ["a", "b", "c"],
        }
    )
    orders = pd.DataFrame(
        {
            "order_id": ["o"],
            "customer_id": ["c"],
            "order_date": _ts("2025-01-15"),
            "amount": [700],
            "status": ["completed"],
        }
    )
    out = attribute(tp, orders, model="time_decay", half_life_days=7)
    assert _credit(out) == {"a": round(1 / 7, 6), "b": round(2 / 7, 6), "c": round(4 / 7, 6)}
    assert _credit(out, "revenue") == {"a": 100, "b": 200, "c": 400}


def test_position_weights_with_four_touches():
    tp = pd.DataFrame(
        {
            "prospect_id": "p",
            "customer_id": "c",
            "timestamp": _ts("2025-01-01", "2025-01-02", "2025-01-03", "2025-01-04"),
            "channel": ["a", "b", "c", "d"],
        }
    )
    orders = pd.DataFrame(
        {
            "order_id": ["o"],
            "customer_id": ["c"],
            "order_date": _ts("2025-01-05"),
            "amount": [1000],
            "status": ["completed"],
        }
    )
    out = attribute(tp, orders, model="position_based", position_weights=(0.3, 0.5))
    # first 30 %, last 50 %, the two in between share 20 %
    assert _credit(out) == {"a": 0.3, "b": 0.1, "c": 0.1, "d": 0.5}


# ------------------------------------------------------------------ Markov
def test_markov_removal_effects_by_hand():
    """Journeys A→conv, A→B→conv, B→null, A→null.

    P(start→A) = 3/4, P(start→B) = 1/4; A → conv, B, null with 1/3 each; B → conv, null with 1/2.
    P(conv | B) = 1/2; P(conv | A) = 1/3 + 1/3 · 1/2 = 1/2; P(conv) = 1/2.
    Without A: P = 1/4 · 1/2 = 1/8 → effect 1 − (1/8)/(1/2) = 3/4.
    Without B: P(conv | A) = 1/3, P = 3/4 · 1/3 = 1/4 → effect 1/2. Shares 0.6 and 0.4.
    """
    journeys = pd.DataFrame(
        {
            "journey_id": ["j1", "j2", "j2", "j3", "j4"],
            "channel": ["A", "A", "B", "B", "A"],
            "position": [0, 0, 1, 0, 0],
            "converted": [True, True, True, False, False],
        }
    )
    eff = markov_removal_effects(journeys).set_index("channel")
    assert eff.attrs["conversion_probability"] == pytest.approx(0.5)
    assert eff.loc["A", "removal_effect"] == pytest.approx(0.75)
    assert eff.loc["B", "removal_effect"] == pytest.approx(0.5)
    assert eff["share"].to_dict() == pytest.approx({"A": 0.6, "B": 0.4})


def test_markov_credits_every_conversion(shop):
    out = attribute(*shop, model="markov")
    assert out["conversions"].sum() == pytest.approx(4)
    assert out["revenue"].sum() == pytest.approx(1_050_000)
    assert _credit(out)[NO_TOUCHPOINT] == 1  # the conversion without touchpoints stays apart


# ------------------------------------------------------------------ invariants on simulated shops
@pytest.mark.parametrize("conversions", ["first", "all"])
def test_every_model_credits_exactly_the_conversions_and_revenue(tiny_shop, conversions):
    o = tiny_shop.orders
    done = o[o["status"] == "completed"]
    if conversions == "first":
        done = done.sort_values("order_date").drop_duplicates("customer_id")
    table = compare_attribution(tiny_shop.touchpoints, o, conversions=conversions)
    totals = table.groupby("model")[["conversions", "revenue"]].sum()
    assert list(totals.index) == sorted(MODELS)
    np.testing.assert_allclose(totals["conversions"], len(done), rtol=1e-9)
    np.testing.assert_allclose(totals["revenue"], done["amount"].sum(), rtol=1e-9)
    assert (table["conversions"] >= 0).all()


@settings(max_examples=40, deadline=None)
@given(
    data=st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 20), st.sampled_from("abcd")),
        min_size=1,
        max_size=25,
    ),
    buys=st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 25), st.integers(0, 1000)), min_size=1
    ),
    model=st.sampled_from([m for m in MODELS if m != "markov"]),
)
def test_credit_totals_hold_for_any_journeys(data, buys, model):
    tp = pd.DataFrame(
        {
            "prospect_id": [f"p{c}" for c, _, _ in data],
            "customer_id": [f"c{c}" for c, _, _ in data],
            "timestamp": pd.Timestamp("2025-01-01")
            + pd.to_timedelta([d for _, d, _ in data], unit="D"),
            "channel": [ch for _, _, ch in data],
        }
    )
    orders = pd.DataFrame(
        {
            "order_id": [f"o{i}" for i in range(len(buys))],
            "customer_id": [f"c{c}" for c, _, _ in buys],
            "order_date": pd.Timestamp("2025-01-01")
            + pd.to_timedelta([d for _, d, _ in buys], unit="D"),
            "amount": [a for _, _, a in buys],
            "status": "completed",
        }
    )
    for conversions in ("first", "all"):
        out = attribute(tp, orders, model=model, conversions=conversions)
        expect = orders.sort_values("order_date", kind="stable")
        if conversions == "first":
            expect = expect.drop_duplicates("customer_id")
        assert out["conversions"].sum() == pytest.approx(len(expect))
        assert out["revenue"].sum() == pytest.approx(expect["amount"].sum())


def test_first_touch_matches_the_planted_acquisition_channel(tiny_shop):
    """The simulator's first touch of a customer is their acquisition channel."""
    out = attribute(tiny_shop.touchpoints, tiny_shop.orders, model="first_touch").set_index(
        "channel"
    )
    buyers = tiny_shop.orders.loc[tiny_shop.orders["status"] == "completed", "customer_id"].unique()
    planted = (
        tiny_shop.customers.set_index("customer_id").loc[buyers, "acquisition_channel"].astype(str)
    ).value_counts()
    assert out["conversions"].round().astype(int).to_dict() == planted.to_dict()


# ------------------------------------------------------------------ funnel and economics
def test_funnel_by_hand(shop):
    touchpoints, orders = shop
    prospects = pd.DataFrame(
        {
            "prospect_id": ["p1", "p2", "p3", "p5", "p6"],
            "channel": ["facebook", "tiktok", "paid_search", "facebook", "facebook"],
            "customer_id": ["c1", "c2", "c3", None, None],
        }
    )
    f = funnel(prospects, orders, touchpoints=touchpoints)
    fb = f[f["channel"] == "facebook"].set_index("step")
    # facebook: p1 (4 touches, 2 completed orders), p5 (2 touches, never buys), p6 (no touch)
    assert fb["n"].to_dict() == {"reached": 3, "engaged": 2, "customer": 1, "repeat": 1}
    assert fb["step_rate"].tolist() == pytest.approx([1, 2 / 3, 1 / 2, 1])
    assert fb["share_of_reached"].tolist() == pytest.approx([1, 2 / 3, 1 / 3, 1 / 3])
    assert f["channel"].iloc[0] == "facebook"  # most reached first
    # p2 had one touch and then bought: buying is coming back, so the steps stay nested
    tt = f[f["channel"] == "tiktok"].set_index("step")["n"].to_dict()
    assert tt == {"reached": 1, "engaged": 1, "customer": 1, "repeat": 0}
    ps = f[f["channel"] == "paid_search"].set_index("step")["n"].to_dict()
    assert ps == {
        "reached": 1,
        "engaged": 1,
        "customer": 1,
        "repeat": 0,
    }  # o4 cancelled, o5 completed


def test_funnel_steps_are_nested(tiny_shop):
    f = funnel(tiny_shop.prospects, tiny_shop.orders, touchpoints=tiny_shop.touchpoints)
    for _, steps in f.groupby("channel"):
        assert steps["n"].is_monotonic_decreasing
        assert (steps["step_rate"] <= 1).all()
    assert f.groupby("step", observed=True)["n"].sum()["reached"] == len(tiny_shop.prospects)


def test_channel_economics_by_hand(shop):
    _, orders = shop
    prospects = pd.DataFrame(
        {
            "prospect_id": ["p1", "p2", "p3", "p4", "p5"],
            "first_touch_date": _ts(
                "2025-01-01", "2025-02-01", "2025-03-01", "2025-03-20", "2025-01-03"
            ),
            "channel": ["facebook", "tiktok", "paid_search", "direct", "facebook"],
            "customer_id": ["c1", "c2", "c3", "c4", None],
        }
    )
    spend = pd.DataFrame(
        {
            "date": _ts("2025-01-01", "2025-01-02", "2025-02-01", "2025-03-01", "2025-03-01"),
            "channel": ["facebook", "facebook", "tiktok", "paid_search", "tv"],
            "spend": [60_000, 40_000, 50_000, 250_000, 1_000_000],
        }
    )
    eco = channel_economics(prospects, orders, spend, start="2025-01-01", end="2025-04-30")
    eco = eco.set_index("channel")
    assert eco.loc["facebook", "spend"] == 100_000
    assert eco.loc["facebook", "prospects"] == 2
    assert eco.loc["facebook", "new_customers"] == 1
    assert eco.loc["facebook", "conversion_rate"] == 0.5
    assert eco.loc["facebook", "cac"] == 100_000
    assert eco.loc["facebook", "revenue"] == 300_000  # first order only
    assert eco.loc["facebook", "roas"] == 3.0
    assert eco.loc["paid_search", "cac"] == 250_000
    assert eco.loc["paid_search", "roas"] == 2.0  # first completed order o5: 500 000
    assert np.isnan(eco.loc["tv", "cac"])  # spend but nobody credited
    assert np.isnan(eco.loc["direct", "roas"])  # no spend: ROAS undefined, not infinite
    assert eco.index[0] == "tv"  # largest spend first
    with_repeat = channel_economics(
        prospects, orders, spend, start="2025-01-01", end="2025-01-31", horizon_days=6
    ).set_index("channel")
    # c1's repeat order on Jan 21 is 5 days 14 h after the first: inside a 6-day horizon
    assert with_repeat.loc["facebook", "revenue"] == 400_000
    shorter = channel_economics(
        prospects, orders, spend, start="2025-01-01", end="2025-01-31", horizon_days=5
    ).set_index("channel")
    assert shorter.loc["facebook", "revenue"] == 300_000  # … but not inside a 5-day one
    first_only = channel_economics(
        prospects, orders, spend, start="2025-01-01", end="2025-01-31", horizon_days=0
    ).set_index("channel")
    assert first_only.loc["facebook", "revenue"] == 300_000


# ------------------------------------------------------------------ selection
def test_gains_table_by_hand():
    g = gains_table([1, 0, 0, 1, 0, 0, 0, 0, 1, 0], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0], n_bins=5)
    # pairs by score: (1,0) (0,1) (0,0) (0,0) (1,0); overall rate 3/10
    assert g["positives"].tolist() == [1, 1, 0, 0, 1]
    assert g["cum_share_positives"].tolist() == pytest.approx([1 / 3, 2 / 3, 2 / 3, 2 / 3, 1])
    assert g["lift"].tolist() == pytest.approx([0.5 / 0.3, 0.5 / 0.3, 0, 0, 0.5 / 0.3])
    assert g["cum_lift"].iloc[-1] == pytest.approx(1.0)


def test_prospect_features_and_a_time_split_score(tiny_shop):
    f = prospect_features(tiny_shop.prospects, tiny_shop.touchpoints, tiny_shop.orders)
    assert f["n_touches"].min() >= 1  # the first touch is inside its own window
    assert f["prospect_id"].is_unique
    # nobody who bought within the first 24 hours is still a prospect to score
    buy = (
        tiny_shop.orders[tiny_shop.orders["status"] == "completed"]
        .groupby("customer_id")["order_date"]
        .min()
    )
    p = tiny_shop.prospects.set_index("prospect_id").loc[f["prospect_id"]]
    first_buy = p["customer_id"].map(buy)
    assert not (first_buy < p["first_touch_date"] + pd.Timedelta(hours=24)).any()
    cut = pd.Timestamp("2025-01-01")
    scores = score_prospects(f, cutoff=cut)
    assert (scores.test["first_touch_date"] >= cut).all()
    # no training label is observed inside the test period: the prospects first touched before the
    # cutoff whose 24 h + 30 day window reaches past it are in neither set
    done = f[f["label_complete"]]
    in_gap = (done["first_touch_date"] < cut) & (done["label_end"] > cut)
    assert in_gap.sum() > 0
    assert scores.n_train == int(((done["first_touch_date"] < cut) & ~in_gap).sum())
    assert scores.n_test == int((done["first_touch_date"] >= cut).sum())
    assert 0.5 < scores.roc_auc <= 1


@pytest.mark.slow
def test_prospect_score_beats_random_on_the_frozen_data():
    from ecrm_lab import load_vietshop

    d = load_vietshop()
    f = prospect_features(d.prospects, d.touchpoints, d.orders)
    s = score_prospects(f, cutoff="2025-07-01")
    assert s.roc_auc > 0.65
    assert s.gains["lift"].iloc[0] > 2  # the top decile holds over twice its share of buyers


# ------------------------------------------------------------------ TV adstock
def test_adstock_by_hand():
    assert adstock([100, 0, 0, 50], 0.5).tolist() == [100, 50, 25, 62.5]
    assert adstock([3, 4], 0.0).tolist() == [3, 4]


def test_fit_adstock_recovers_a_planted_series():
    rng = np.random.default_rng(3)
    n = 400
    spend = np.where((np.arange(n) % 60) < 12, 2e8, 0.0)
    control = rng.poisson(30, n).astype(float)
    stock = adstock(spend, 0.6)
    lagged = np.r_[np.zeros(3), stock[:-3]]
    visits = rng.poisson(5 + 0.4 * control + 0.08 * lagged / 1e6)
    daily = pd.DataFrame({"tv_spend": spend, "visits": visits, "control": control})
    fit = fit_adstock(daily, weekday_dummies=False, date_col=None)
    assert fit.decay == pytest.approx(0.6, abs=0.05)
    assert fit.lag == 3
    assert fit.effect_per_million == pytest.approx(0.08, rel=0.1)
    assert len(fit.grid) == 20 * 8


def test_fit_adstock_recovers_the_simulated_tv_effect():
    from ecrm_lab import load_vietshop

    d = load_vietshop()
    truth = d.truth_params.set_index("parameter")["value"]
    fit = fit_adstock(tv_response_table(d.prospects, d.marketing_spend))
    assert fit.decay == pytest.approx(truth["tv_adstock_decay"], abs=0.1)
    assert fit.lag == truth["tv_lag_days"]
    assert fit.effect_per_million == pytest.approx(truth["tv_visits_per_million_vnd"], rel=0.25)
    planted_total = truth["tv_visits_per_million_vnd"] / (1 - truth["tv_adstock_decay"])
    assert fit.total_effect_per_million == pytest.approx(planted_total, rel=0.1)
    # the neighbours of the best pair on the grid agree on the total better than on the daily effect
    near = fit.grid[(fit.grid["lag"] == fit.lag) & (abs(fit.grid["decay"] - fit.decay) <= 0.051)]
    totals = near["effect_per_million"] / (1 - near["decay"])
    assert (
        totals.std() / totals.mean()
        < near["effect_per_million"].std() / near["effect_per_million"].mean()
    )


# ------------------------------------------------------------------ plots
def test_plots_draw(shop, tiny_shop):
    import matplotlib.pyplot as plt

    f = funnel(tiny_shop.prospects, tiny_shop.orders, touchpoints=tiny_shop.touchpoints)
    ax = acq.plot_funnel(f)
    assert len(ax.patches) > 0
    table = compare_attribution(*shop, models=["linear", "last_touch"])
    ax = acq.plot_attribution(table)
    assert len(ax.get_legend().get_texts()) == 2
    ax = acq.plot_gains(gains_table([1, 0, 1, 0], [4, 3, 2, 1], n_bins=2))
    assert ax.lines[0].get_ydata().tolist() == [0, 0.5, 1]
    plt.close("all")


# ------------------------------------------------------------------ bad input
# Table problems every function shares (missing column, empty, NaN keys, …) are walked in
# tests/test_bad_input.py; here are the problems particular to one method.
def _bad_cases():
    def late_link(shop):
        tp, o = shop
        tp = tp.assign(order_id=["o1", "o1", "o1", "o1", "o3", "o5", "o5", None, None])
        return tp, o  # the Jan 20 e-mail is linked to o1 (Jan 15)

    I = InputError  # noqa: E741
    return [
        ("unknown model", lambda s: (s, {"model": "last_click"}), ValueError, None,
         "unknown attribution model 'last_click'"),
        ("touch after its conversion", lambda s: (late_link(s), {"model": "linear"}), I,
         ("touchpoints", "timestamp", 3), "after the conversion they would credit"),
        ("negative money", lambda s: ((s[0], s[1].assign(amount=-1)), {"model": "linear"}), I,
         ("orders", "amount", 0), "negative value"),
        ("bad conversions", lambda s: (s, {"model": "linear", "conversions": "repeat"}),
         ValueError, None, "conversions must be 'first' or 'all'"),
        ("bad half-life", lambda s: (s, {"model": "time_decay", "half_life_days": 0}),
         ValueError, None, "half_life_days must be > 0"),
        ("bad position weights", lambda s: (s, {"model": "position_based",
         "position_weights": (0.7, 0.7)}), ValueError, None, "position_weights"),
        ("no completed status", lambda s: ((s[0], s[1].assign(status="done")), {"model": "linear"}),
         I, ("orders", "status", None), "has no 'completed' value"),
        ("numeric vs text customer ids", lambda s: ((s[0].assign(customer_id=1), s[1]),
         {"model": "linear"}), I, ("touchpoints", "customer_id", None),
         "holds numbers but orders.customer_id holds text"),
        ("markov without non-buyers", lambda s: ((s[0].dropna(subset=["customer_id"]), s[1]),
         {"model": "markov"}), I, ("touchpoints", "prospect_id", None),
         "has no touchpoint of a person who never converted"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "make", "error", "where", "message"), _bad_cases(), ids=[c[0] for c in _bad_cases()]
)
def test_bad_input_gets_a_clear_error(shop, case, make, error, where, message):
    args, kwargs = make(shop)
    with pytest.raises(error, match=re.escape(message)) as info:
        attribute(*args, **kwargs)
    if where is not None:
        table, column, row = where
        assert (info.value.table, info.value.column) == (table, column)
        if row is not None:
            assert info.value.row == row
        assert info.value.fix
        assert "build_journeys" not in str(info.value)  # the error names the caller's input


def test_object_and_string_ids_still_match(shop):
    tp, o = shop
    as_object = tp.astype({"customer_id": object, "channel": object})
    as_string = o.astype({"customer_id": "string", "order_id": "string"})
    a = attribute(as_object, as_string, model="linear")
    b = attribute(*shop, model="linear")
    pd.testing.assert_frame_equal(a, b)


def test_funnel_rejects_ids_that_cannot_match(shop):
    _, orders = shop
    prospects = pd.DataFrame({"prospect_id": ["p1"], "channel": ["facebook"], "customer_id": [1.0]})
    with pytest.raises(InputError, match="holds numbers but orders.customer_id holds text") as info:
        funnel(prospects, orders)
    assert (info.value.table, info.value.column) == ("prospects", "customer_id")
    with pytest.raises(InputError, match="duplicated") as info:
        funnel(pd.concat([prospects, prospects]).assign(customer_id="c1"), orders)
    assert (info.value.table, info.value.column) == ("prospects", "prospect_id")


def test_link_to_an_order_that_is_not_a_conversion(shop):
    tp, o = shop
    tp = tp.assign(order_id=[None, None, None, "o2", None, None, None, None, None])
    with pytest.raises(InputError, match="not conversions in orders") as info:
        attribute(tp, o, model="linear")  # o2 is a repeat order; with conversions='all' it is fine
    assert (info.value.table, info.value.column, info.value.row) == ("touchpoints", "order_id", 3)
    assert attribute(tp, o, model="linear", conversions="all")[
        "conversions"
    ].sum() == pytest.approx(5)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start": "2025-05-01", "end": "2025-01-01"}, "is before start"),
        ({"start": 20250101}, "start must be a date"),
        (
            {"end": "2025-03-31", "horizon_days": 30},
            "revenue of the last customers would be cut off",
        ),
    ],
)
def test_channel_economics_bad_input(shop, kwargs, message):
    _, orders = shop
    prospects = pd.DataFrame(
        {"prospect_id": ["p1"], "first_touch_date": _ts("2025-01-01"), "channel": ["facebook"],
         "customer_id": ["c1"]}
    )  # fmt: skip
    spend = pd.DataFrame({"date": _ts("2025-01-01"), "channel": ["facebook"], "spend": [1]})
    with pytest.raises((ValueError, TypeError), match=message):
        channel_economics(prospects, orders, spend, **kwargs)


def test_adstock_and_scoring_bad_input(tiny_shop):
    with pytest.raises(ValueError, match=r"decay must be in \[0, 1\)"):
        adstock([1, 2], 1.0)
    with pytest.raises(ValueError, match="non-negative"):
        adstock([1, -2], 0.5)
    with pytest.raises(InputError, match="no 'radio' rows") as info:
        tv_response_table(tiny_shop.prospects, tiny_shop.marketing_spend, tv_channel="radio")
    assert (info.value.table, info.value.column) == ("marketing_spend", "channel")
    days = pd.date_range("2025-01-01", periods=30)
    daily = pd.DataFrame({"date": days, "tv_spend": np.zeros(30), "visits": 1, "control": 1})
    with pytest.raises(InputError, match="zero on every day"):
        fit_adstock(daily, weekday_dummies=False)
    with pytest.raises(InputError, match="lacks column") as info:
        fit_adstock(daily.drop(columns="date").assign(tv_spend=1.0))
    assert info.value.column == "date"
    with pytest.raises(ValueError, match="weekday_dummies=True needs the dates"):
        fit_adstock(daily.assign(tv_spend=1.0), date_col=None)
    f = prospect_features(tiny_shop.prospects, tiny_shop.touchpoints, tiny_shop.orders)
    with pytest.raises(ValueError, match="move cutoff"):
        score_prospects(f, cutoff="2030-01-01")
    with pytest.raises(InputError, match="label_end") as info:
        score_prospects(f.drop(columns="label_end"), cutoff="2025-01-01")
    assert "gap_days" in info.value.fix
    with pytest.raises(ValueError, match="cannot fill n_bins"):
        gains_table([1, 0], [0.2, 0.1], n_bins=5)


# ------------------------------------------------------------------ defects found in review (issue 10 §4)
@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_markov_does_not_depend_on_the_order_of_rows(seed):
    """Shuffled journey rows give the same removal effects and the same credited totals."""
    journeys = pd.DataFrame(
        {
            "journey_id": ["j1", "j2", "j2", "j3", "j4", "j5", "j5", "j5"],
            "channel": ["A", "A", "B", "B", "A", "C", "B", "A"],
            "position": [0, 0, 1, 0, 0, 0, 1, 2],
            "converted": [True, True, True, False, False, True, True, True],
        }
    )
    expected = markov_removal_effects(journeys)
    shuffled = journeys.sample(frac=1.0, random_state=seed % 2**32)
    got = markov_removal_effects(shuffled)
    pd.testing.assert_frame_equal(got, expected)
    assert got.attrs["conversion_probability"] == pytest.approx(
        expected.attrs["conversion_probability"]
    )


def test_markov_on_shuffled_touchpoints_credits_the_same(tiny_shop):
    tp = tiny_shop.touchpoints
    a = attribute(tp, tiny_shop.orders, model="markov")
    b = attribute(tp.sample(frac=1.0, random_state=1), tiny_shop.orders, model="markov")
    pd.testing.assert_frame_equal(a, b)


def test_markov_refuses_ambiguous_journeys():
    journeys = pd.DataFrame(
        {
            "journey_id": ["j1", "j1", "j2"],
            "channel": ["A", "B", "A"],
            "position": [0, 0, 0],
            "converted": [True, True, False],
        }
    )
    with pytest.raises(InputError, match="duplicated") as info:
        markov_removal_effects(journeys)
    assert info.value.table == "journeys"
    assert info.value.row == 1


def _planted_daily(n: int = 200) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    spend = np.where((np.arange(n) % 50) < 10, 1e8, 0.0)
    lagged = np.r_[np.zeros(2), adstock(spend, 0.5)[:-2]]
    visits = rng.poisson(20 + 0.1 * lagged / 1e6)
    return pd.DataFrame(
        {"date": pd.date_range("2025-01-01", periods=n), "tv_spend": spend, "visits": visits,
         "control": rng.poisson(10, n)}
    )  # fmt: skip


def test_fit_adstock_sorts_unsorted_days():
    daily = _planted_daily()
    fit = fit_adstock(daily)
    assert (fit.decay, fit.lag) == (0.5, 2)
    shuffled = fit_adstock(daily.sample(frac=1.0, random_state=3))
    assert (shuffled.decay, shuffled.lag) == (fit.decay, fit.lag)
    assert shuffled.effect_per_million == pytest.approx(fit.effect_per_million)


def test_adstock_fit_predicts_its_own_fitted_values():
    daily = _planted_daily()
    fit = fit_adstock(daily)
    pred = fit.predict(daily)
    y = daily["visits"].to_numpy(dtype=float)[7:]  # the fit scores the days after the longest lag
    r2 = 1 - ((y - pred.to_numpy()[7:]) ** 2).sum() / ((y - y.mean()) ** 2).sum()
    assert r2 == pytest.approx(fit.r2)
    # shuffled rows: the same predictions, returned in day order
    shuffled = fit.predict(daily.sample(frac=1.0, random_state=0))
    np.testing.assert_allclose(shuffled.to_numpy(), pred.to_numpy())
    # a frozen record: refitting is the only way to change it
    with pytest.raises(AttributeError):
        fit.decay = 0.1
    plain = fit_adstock(daily.drop(columns="date"), weekday_dummies=False, date_col=None)
    assert plain.predict(daily.drop(columns="date")).shape == (len(daily),)


def test_fit_adstock_refuses_gappy_or_repeated_days():
    daily = _planted_daily()
    with pytest.raises(InputError, match="missing day") as info:
        fit_adstock(daily.drop(index=[40, 41]))
    assert (info.value.table, info.value.column, info.value.row) == ("daily", "date", 42)
    assert "asfreq" in info.value.fix
    twice = pd.concat([daily, daily.iloc[[5]]])
    with pytest.raises(InputError, match="more than once"):
        fit_adstock(twice)


def test_funnel_does_not_need_the_amount(shop):
    touchpoints, orders = shop
    prospects = pd.DataFrame(
        {"prospect_id": ["p1", "p2", "p5"], "channel": ["facebook", "tiktok", "facebook"],
         "customer_id": ["c1", "c2", None]}
    )  # fmt: skip
    with_amount = funnel(prospects, orders, touchpoints=touchpoints)
    without = funnel(prospects, orders.drop(columns="amount"), touchpoints=touchpoints)
    pd.testing.assert_frame_equal(with_amount, without)


def test_funnel_duplicated_rows_are_refused_or_not_counted_twice(shop):
    touchpoints, orders = shop
    prospects = pd.DataFrame(
        {"prospect_id": ["p2", "p3"], "channel": ["tiktok", "zalo"], "customer_id": ["c2", "c3"]}
    )
    base = funnel(prospects, orders, touchpoints=touchpoints)
    # a repeated order row (same order id) would make c2 a repeat buyer: refused
    doubled = pd.concat([orders, orders[orders["order_id"] == "o3"]])
    with pytest.raises(InputError, match="duplicated") as info:
        funnel(prospects, doubled)
    assert (info.value.table, info.value.column) == ("orders", "order_id")
    # without order ids, the same order twice (same customer, same moment) counts once
    no_ids = funnel(prospects, doubled.drop(columns="order_id"), order_col=None)
    assert no_ids.set_index(["channel", "step"]).loc[("tiktok", "repeat"), "n"] == 0
    # p3 has two touches before buying (engaged anyway as a buyer); a non-buyer touched once,
    # whose touch row is repeated, has not come back
    lone = pd.DataFrame({"prospect_id": ["p9"], "channel": ["email"], "customer_id": [None]})
    tp9 = pd.DataFrame({"prospect_id": ["p9", "p9"], "timestamp": _ts("2025-01-05", "2025-01-05")})
    f = funnel(pd.concat([prospects, lone]), orders, touchpoints=pd.concat([touchpoints, tp9]))
    assert f.set_index(["channel", "step"]).loc[("email", "engaged"), "n"] == 0
    pd.testing.assert_frame_equal(f[f["channel"] != "email"].reset_index(drop=True), base)


# ------------------------------------------------------------------ prospect scoring: tests that fail on
# the mutations found in review (label window shifted by 7 days, visits counted as clicks)
def _prospect_shop():
    """Five prospects, first touched 2025-03-01 10:00 via e-mail; window 24 h, horizon 30 days.

    Scoring moment 2025-03-02 10:00; the label window ends 2025-04-01 10:00.
    P1 buys 2025-03-27 (day 25 of 30: converted; a window 7 days shorter would miss it).
    P2 buys 2025-04-05 (34 days after: not converted; a window 7 days longer would count it).
    P3 buys 2025-03-01 20:00, inside the 24 h window: already a customer, left out.
    P4 never buys; in its window: a click, a visit and an impression (3 touches, 1 click, 1 impression).
    P5 never buys; one touch.
    A late order on 2025-06-30 ends the data: every label is complete.
    """
    t0 = pd.Timestamp("2025-03-01 10:00")
    prospects = pd.DataFrame(
        {"prospect_id": ["P1", "P2", "P3", "P4", "P5"], "first_touch_date": t0,
         "channel": "email", "customer_id": ["C1", "C2", "C3", None, None]}
    )  # fmt: skip
    touchpoints = pd.DataFrame(
        {
            "prospect_id": ["P1", "P2", "P3", "P4", "P4", "P4", "P4", "P5"],
            "timestamp": [t0, t0, t0, t0, t0 + pd.Timedelta(hours=2), t0 + pd.Timedelta(hours=5),
                          t0 + pd.Timedelta(hours=30), t0],
            "channel": ["email"] * 4 + ["direct", "facebook", "email", "email"],
            "kind": ["click", "click", "click", "click", "visit", "impression", "click", "impression"],
        }
    )  # fmt: skip
    orders = pd.DataFrame(
        {"order_id": ["o1", "o2", "o3", "o9"], "customer_id": ["C1", "C2", "C3", "C9"],
         "order_date": _ts("2025-03-27", "2025-04-05", "2025-03-01 20:00", "2025-06-30"),
         "amount": 1, "status": "completed"}
    )  # fmt: skip
    return prospects, touchpoints, orders


def test_prospect_labels_use_exactly_the_horizon_after_the_scoring_moment():
    f = prospect_features(*_prospect_shop()).set_index("prospect_id")
    assert list(f.index) == ["P1", "P2", "P4", "P5"]  # P3 bought inside the window
    assert f["converted"].to_dict() == {"P1": True, "P2": False, "P4": False, "P5": False}
    assert (f["label_end"] == pd.Timestamp("2025-04-01 10:00")).all()
    assert f["label_complete"].all()
    # as_of before the label end: the labels are not known yet
    g = prospect_features(*_prospect_shop(), as_of="2025-06-30").set_index("prospect_id")
    assert g["label_complete"].all()
    short = prospect_features(*_prospect_shop(), horizon_days=20).set_index("prospect_id")
    assert short["converted"].to_dict() == {"P1": False, "P2": False, "P4": False, "P5": False}


def test_prospect_counts_separate_clicks_visits_and_impressions():
    f = prospect_features(*_prospect_shop()).set_index("prospect_id")
    p4 = f.loc["P4"]
    # the click at +30 h is outside the 24 h window
    assert (p4["n_touches"], p4["n_clicks"], p4["n_impressions"], p4["n_channels"]) == (3, 1, 1, 3)
    assert (f.loc["P5", "n_clicks"], f.loc["P5", "n_impressions"]) == (0, 1)


def test_score_prospects_trains_only_on_labels_known_by_the_cutoff():
    """Prospects every day of 2025; label = bought within 24 h + 30 days. A model trained on a
    prospect whose label window reaches past the cutoff would learn from the test period."""
    days = pd.date_range("2025-01-01", "2025-10-31", freq="D")
    rng = np.random.default_rng(0)
    n = len(days)
    f = pd.DataFrame(
        {
            "first_touch_date": days + pd.Timedelta(hours=9),
            "channel": "email",
            "weekday": days.day_of_week,
            "hour": 9,
            "month": days.month,
            "n_touches": rng.integers(1, 4, n),
            "converted": rng.random(n) < 0.3,
        }
    )
    f["label_end"] = f["first_touch_date"] + pd.Timedelta(days=31)
    f["label_complete"] = True
    s = score_prospects(f, cutoff="2025-07-01", numeric=["n_touches"], categorical=["channel"])
    cut = pd.Timestamp("2025-07-01")
    train_days = f[(f["label_end"] <= cut)]
    assert s.n_train == len(train_days)
    assert s.n_train == (days < pd.Timestamp("2025-05-31")).sum()
    assert s.n_test == (days >= cut).sum()
    # without label_end, gap_days does the same job
    g = score_prospects(
        f.drop(columns="label_end"), cutoff=cut, gap_days=31, numeric=["n_touches"],
        categorical=["channel"],
    )  # fmt: skip
    assert g.n_train == s.n_train
    assert s.predict(f.iloc[:3]).shape == (3,)
    assert s.cv is None


def test_score_prospects_cross_validates_on_the_training_period(tiny_shop):
    f = prospect_features(tiny_shop.prospects, tiny_shop.touchpoints, tiny_shop.orders)
    s = score_prospects(f, cutoff="2025-01-01", cv_folds=2)
    assert list(s.cv.folds["fold"]) == [1, 2]
    assert s.cv.folds["n_test"].sum() < s.n_train  # the first half of training only trains
    assert (s.cv.folds["roc_auc"] > 0.5).all()
    # the held-out rows are training prospects: scored before the test period starts
    assert s.cv.oof["row"].max() < s.n_train
