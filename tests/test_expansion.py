"""Expansion: reminders, association rules (against mlxtend, a hand count and arules on Groceries),
recommendations, tier transitions, the referral tree and the viral coefficient."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd
import pytest
from conftest import SHARED

from ecrm_lab import InputError
from ecrm_lab.expansion import (
    association_rules,
    baskets_from_items,
    interpurchase_times,
    next_purchase_reminders,
    recommend,
    referral_tree,
    tier_transitions,
    viral_coefficient,
)

GROCERIES = SHARED / "data" / "real" / "groceries.csv"


# --------------------------------------------------------------------------------- re-sell
def _orders():
    return pd.DataFrame(
        {
            "customer_id": ["a", "a", "a", "a", "a", "b", "b", "c"],
            "order_date": [
                "2025-01-01",
                "2025-01-11",
                "2025-01-11",  # same day: one purchase
                "2025-01-21",
                "2025-02-20",
                "2025-01-05",
                "2025-01-09",
                "2025-03-01",
            ],
            "status": ["completed"] * 4 + ["cancelled", "completed", "completed", "completed"],
        }
    )


def test_interpurchase_times_by_hand():
    gaps = interpurchase_times(_orders())
    assert gaps["customer_id"].tolist() == ["a", "a", "b"]
    assert gaps["gap_days"].tolist() == [10, 10, 4]
    assert gaps["purchase_no"].tolist() == [2, 3, 2]
    # the cancelled order of 02-20 is not a purchase; counting every row it is
    assert interpurchase_times(_orders(), status_col=None)["gap_days"].tolist() == [10, 10, 30, 4]


def test_reminders_by_hand():
    r = next_purchase_reminders(_orders(), as_of="2025-03-01", lead_days=2)
    assert r.index.tolist() == ["a", "b"]  # c bought once: no gap to learn from
    assert r["n_purchases"].tolist() == [3, 2]
    assert r["median_gap_days"].tolist() == [10.0, 4.0]
    assert r["due_date"].tolist() == [pd.Timestamp("2025-01-31"), pd.Timestamp("2025-01-13")]
    assert r["remind_on"].tolist() == [pd.Timestamp("2025-01-29"), pd.Timestamp("2025-01-11")]
    assert r["days_until_due"].tolist() == [-29, -47]
    assert r["overdue"].all()
    three = next_purchase_reminders(_orders(), as_of="2025-03-01", min_purchases=3)
    assert three.index.tolist() == ["a"]


def test_reminders_refuse_orders_after_as_of():
    with pytest.raises(InputError) as e:
        next_purchase_reminders(_orders(), as_of="2025-02-01")
    assert (e.value.table, e.value.column) == ("orders", "order_date")


# ------------------------------------------------------------------------------ cross-sell
BASKETS = [
    ["bread", "milk"],
    ["bread", "butter", "milk"],
    ["milk"],
    ["bread", "butter"],
    ["beer", "bread", "butter"],
    ["beer", "milk"],
    [],  # an empty basket still counts as a transaction
    ["bread", "milk"],
]


def _hand_rules(baskets, min_support, min_confidence):
    """Every rule with one consequent, counted with plain Python sets."""
    n = len(baskets)
    sets = [set(b) for b in baskets]
    items = sorted(set().union(*sets))

    def support(s):
        return sum(s <= b for b in sets) / n

    out = {}
    for size in range(2, len(items) + 1):
        for itemset in combinations(items, size):
            s_all = support(set(itemset))
            if s_all < min_support:
                continue
            for c in itemset:
                a = tuple(sorted(set(itemset) - {c}))
                conf = s_all / support(set(a))
                if conf >= min_confidence:
                    out[(a, (c,))] = (s_all, conf, conf / support({c}))
    return out


def test_rules_equal_a_hand_count():
    rules = association_rules(BASKETS, min_support=0.25, min_confidence=0.5)
    hand = _hand_rules(BASKETS, 0.25, 0.5)
    got = {
        (a, c): (s, conf, lift)
        for a, c, s, conf, lift in rules[
            ["antecedents", "consequents", "support", "confidence", "lift"]
        ].itertuples(index=False)
    }
    assert set(got) == set(hand)
    for key, values in hand.items():
        assert np.allclose(got[key], values)
    # {butter} -> {bread}: butter in 3 of 8 baskets, all with bread (5 of 8)
    row = rules.set_index("rule").loc["{butter} -> {bread}"]
    assert (row["count"], row["support"], row["confidence"]) == (3, 3 / 8, 1.0)
    assert row["lift"] == pytest.approx(1.0 / (5 / 8))
    assert rules["lift"].is_monotonic_decreasing


def test_rules_equal_mlxtend_directly():
    from mlxtend.frequent_patterns import apriori
    from mlxtend.frequent_patterns import association_rules as mx_rules
    from mlxtend.preprocessing import TransactionEncoder

    enc = TransactionEncoder()
    onehot = pd.DataFrame(enc.fit(BASKETS).transform(BASKETS), columns=enc.columns_)
    sets = apriori(onehot, min_support=0.25, use_colnames=True)
    mx = mx_rules(sets, num_itemsets=len(BASKETS), metric="confidence", min_threshold=0.5)
    mx = {
        (tuple(sorted(a)), tuple(sorted(c))): (s, conf, lift)
        for a, c, s, conf, lift in mx[
            ["antecedents", "consequents", "support", "confidence", "lift"]
        ].itertuples(index=False)
    }
    for algorithm in ("fpgrowth", "apriori"):
        ours = association_rules(
            BASKETS,
            min_support=0.25,
            min_confidence=0.5,
            single_consequent=False,
            algorithm=algorithm,
        )
        got = {
            (a, c): (s, conf, lift)
            for a, c, s, conf, lift in ours[
                ["antecedents", "consequents", "support", "confidence", "lift"]
            ].itertuples(index=False)
        }
        assert set(got) == set(mx)
        for key in mx:
            assert np.allclose(got[key], mx[key])


def test_single_consequents_and_filters():
    many = association_rules(BASKETS, min_support=0.1, min_confidence=0.1, single_consequent=False)
    one = association_rules(BASKETS, min_support=0.1, min_confidence=0.1)
    assert (many["consequents"].map(len) > 1).any()
    assert (one["consequents"].map(len) == 1).all()
    assert set(one["rule"]) < set(many["rule"])
    assert (
        association_rules(BASKETS, min_support=0.1, min_confidence=0.1, min_lift=1)["lift"] >= 1
    ).all()
    short = association_rules(BASKETS, min_support=0.1, min_confidence=0.1, max_len=2)
    assert (short["antecedents"].map(len) == 1).all()
    none = association_rules(BASKETS, min_support=0.9, min_confidence=0.5)
    assert none.empty and "lift" in none.columns


def test_baskets_from_an_order_lines_table():
    items = pd.DataFrame(
        {
            "order_id": [1, 1, 1, 2, 3, 3],
            "product_id": ["tea", "milk", "tea", "tea", "milk", "cake"],
        }
    )
    b = baskets_from_items(items)
    assert b.to_dict() == {1: ("milk", "tea"), 2: ("tea",), 3: ("cake", "milk")}
    rules = association_rules(b, min_support=0.3, min_confidence=0.3)
    # {milk, tea} and {cake, milk} are each in 1 of 3 baskets
    assert set(rules["rule"]) == {
        "{cake} -> {milk}",
        "{milk} -> {cake}",
        "{milk} -> {tea}",
        "{tea} -> {milk}",
    }


@pytest.mark.parametrize("value", [0, -0.1, 1.5, float("nan"), "0.1", True])
def test_min_support_outside_0_1_is_refused(value):
    with pytest.raises(ValueError, match="min_support"):
        association_rules(BASKETS, min_support=value, min_confidence=0.5)


@pytest.mark.parametrize(
    "baskets",
    [
        ["bread,milk", "milk"],  # text, not lists
        [["bread"], 5],
        pd.DataFrame({"order_id": [1], "product_id": ["x"]}),
        "bread",
        [["bread", None]],
        [],
        [[], []],
    ],
)
def test_baskets_that_are_not_lists_of_items_are_refused(baskets):
    with pytest.raises(InputError) as e:
        association_rules(baskets, min_support=0.5, min_confidence=0.5)
    assert e.value.table == "baskets" and e.value.fix


def test_recommend_by_hand():
    rules = association_rules(BASKETS, min_support=0.25, min_confidence=0.5)
    rec = recommend(["butter"], rules, k=5)
    assert rec["item"].tolist() == ["bread"]  # the only rule from {butter} at these thresholds
    rec = recommend(["bread"], rules, k=5)
    # {bread} -> {butter}: lift (3/8)/(5/8)/(3/8) = 1.6;  {bread} -> {milk}: (3/8)/(5/8)/(5/8) = 0.96
    assert rec["item"].tolist() == ["butter", "milk"]
    assert rec["lift"].round(4).tolist() == [1.6, 0.96]
    assert recommend(["bread", "butter", "milk"], rules).empty
    with pytest.raises(InputError):
        recommend("bread", rules)


@pytest.mark.skipif(not GROCERIES.exists(), reason="real data lives in ../shared (absent here)")
def test_groceries_reproduces_arules():
    """Hahsler's arules on the Groceries data (9,835 baskets, 169 items)."""
    baskets = [line.split(",") for line in GROCERIES.read_text(encoding="utf-8").splitlines()]
    assert len(baskets) == 9835
    assert len({i for b in baskets for i in b}) == 169
    rules = association_rules(baskets, min_support=0.001, min_confidence=0.8)
    assert len(rules) == 410  # apriori(Groceries, parameter = list(supp = 0.001, conf = 0.8))
    rules = association_rules(baskets, min_support=0.02, min_confidence=0.5)
    row = rules.set_index("rule").loc["{other vegetables, yogurt} -> {whole milk}"]
    assert row["consequent_support"] == pytest.approx(0.2555, abs=5e-5)
    assert row["support"] == pytest.approx(0.0223, abs=5e-5)
    assert row["confidence"] == pytest.approx(0.5129, abs=5e-5)
    assert row["lift"] == pytest.approx(2.007, abs=5e-4)
    # the same numbers by an independent pandas count
    df = pd.DataFrame({"b": range(len(baskets)), "item": baskets}).explode("item")
    has = df.assign(v=True).pivot_table(index="b", columns="item", values="v", aggfunc="any")
    has = has.reindex(range(len(baskets))).fillna(False).astype(bool)
    a = has["other vegetables"] & has["yogurt"]
    both = a & has["whole milk"]
    assert row["support"] == pytest.approx(both.mean(), rel=1e-12)
    assert row["confidence"] == pytest.approx(both.sum() / a.sum(), rel=1e-12)
    assert row["lift"] == pytest.approx(both.sum() / a.sum() / has["whole milk"].mean(), rel=1e-12)
    assert row["count"] == both.sum() == 219


# -------------------------------------------------------------------------------- up-sell
def test_tier_transitions_by_hand_within_subcategories():
    p = pd.DataFrame(
        {
            "customer_id": ["a", "a", "a", "a", "b", "b", "b"],
            "order_date": [
                "2025-01-01",
                "2025-02-01",
                "2025-03-01",
                "2025-01-15",
                "2025-01-01",
                "2025-02-01",
                "2025-03-01",
            ],
            "subcategory": ["phone", "phone", "phone", "case", "tea", "tea", "tea"],
            "tier": ["basic", "standard", "premium", "premium", "premium", "basic", "basic"],
        }
    )
    counts = tier_transitions(p, normalize=False)
    assert counts.index.tolist() == ["basic", "standard", "premium"] == counts.columns.tolist()
    assert counts.loc["basic", "standard"] == 1 and counts.loc["standard", "premium"] == 1
    assert counts.loc["premium", "basic"] == 1 and counts.loc["basic", "basic"] == 1
    assert counts.to_numpy().sum() == 4 == counts.attrs["n_transitions"]
    assert counts.attrs["upsell_share"] == 0.5
    shares = tier_transitions(p)
    assert shares.loc["basic"].tolist() == [0.5, 0.5, 0.0]
    # across subcategories a's case (01-15) sits between the phones
    across = tier_transitions(p, group_col=None, normalize=False)
    assert across.loc["basic", "premium"] == 1 and across.loc["premium", "standard"] == 1


def test_tier_transitions_need_two_purchase_days():
    p = pd.DataFrame({"customer_id": ["a"], "order_date": ["2025-01-01"], "tier": ["basic"]})
    with pytest.raises(InputError, match="two different days"):
        tier_transitions(p, group_col=None)


# ------------------------------------------------------------------------------ referrals
def _referrals():
    return pd.DataFrame(
        {
            "referrer_id": ["a", "a", "b", "d", "x"],
            "referee_id": ["b", "c", "d", "e", "y"],
            "referral_date": pd.to_datetime(
                ["2025-01-01", "2025-01-02", "2025-02-01", "2025-03-01", "2025-01-05"]
            ),
        }
    )


def test_referral_tree_by_hand():
    t = referral_tree(_referrals())
    assert t.index.tolist() == ["a", "b", "c", "d", "e", "x", "y"]
    assert t["root"].tolist() == ["a", "a", "a", "a", "a", "x", "x"]
    assert t["generation"].tolist() == [0, 1, 1, 2, 3, 0, 1]
    assert t["n_referred"].tolist() == [2, 1, 0, 1, 0, 1, 0]
    assert t["n_descendants"].tolist() == [4, 2, 0, 1, 0, 1, 0]
    assert t["referred_by"].isna().tolist() == [True, False, False, False, False, True, False]
    # the root's descendants are everyone else in its chain
    assert (t.groupby("root").size() - 1).to_dict() == t[t["generation"] == 0][
        "n_descendants"
    ].to_dict()


@pytest.mark.parametrize(
    ("rows", "match"),
    [
        ([("a", "b"), ("b", "c"), ("c", "a")], "cycle"),
        ([("a", "b"), ("c", "b")], "two referrals"),
        ([("a", "a")], "themself"),
        ([("a", None)], "missing"),
    ],
)
def test_bad_referrals(rows, match):
    r = pd.DataFrame(rows, columns=["referrer_id", "referee_id"])
    with pytest.raises(InputError, match=match) as e:
        referral_tree(r, date_col=None)
    assert e.value.table == "referrals"


def test_viral_coefficient_by_hand():
    customers = pd.DataFrame({"customer_id": list("abcdexyzuv")})
    k = viral_coefficient(_referrals(), customers)
    assert k["n_customers"] == 10 and k["n_referred"] == 5 and k["n_referrers"] == 4
    assert k["k_factor"] == 0.5
    assert k["amplification"] == 2.0  # 10 customers from 5 who were not referred
    with pytest.raises(InputError, match="not in customers") as e:
        viral_coefficient(_referrals(), customers.iloc[:3])
    assert e.value.column == "referrer_id" and e.value.row == 3  # d (who referred e) is unknown


@pytest.mark.parametrize(
    ("change", "column"),
    [
        (lambda p: p.assign(order_date=[20250101, 20250201]), "order_date"),
        (lambda p: p.assign(tier=["basic", None]), "tier"),
        (lambda p: p.assign(customer_id=["a", None]), "customer_id"),
        (lambda p: p.drop(columns="tier"), None),
    ],
)
def test_tier_transitions_bad_purchases(change, column):
    p = pd.DataFrame(
        {
            "customer_id": ["a", "a"],
            "order_date": ["2025-01-01", "2025-02-01"],
            "tier": ["basic", "premium"],
        }
    )
    assert tier_transitions(p, group_col=None, normalize=False).loc["basic", "premium"] == 1
    with pytest.raises(InputError) as e:
        tier_transitions(change(p), group_col=None)
    assert e.value.table == "purchases" and e.value.fix
    if column:
        assert e.value.column == column


def test_referral_dates_must_be_dates():
    r = _referrals().assign(
        referral_date=["2025-01-01", "soon", "2025-02-01", "2025-03-01", "2025-01-05"]
    )
    with pytest.raises(InputError) as e:
        referral_tree(r)
    assert (e.value.table, e.value.column) == ("referrals", "referral_date")


def test_sparse_one_hot_gives_the_same_rules(monkeypatch):
    import ecrm_lab.expansion as expansion

    dense = association_rules(BASKETS, min_support=0.1, min_confidence=0.1, single_consequent=False)
    monkeypatch.setattr(expansion.rules, "_DENSE_LIMIT", 0)
    for algorithm in ("fpgrowth", "apriori"):
        sparse = association_rules(
            BASKETS,
            min_support=0.1,
            min_confidence=0.1,
            single_consequent=False,
            algorithm=algorithm,
        )
        pd.testing.assert_frame_equal(sparse, dense)
