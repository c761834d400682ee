"""The CRM parts of the simulator: e-mails, the win-back experiment, referrals, crm_truth."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest

from ecrm_lab import expansion, vocabulary
from ecrm_lab.experiments import estimate_uplift
from ecrm_lab.synth import ShopConfig, simulate
from ecrm_lab.synth.calendar import TET_DATES
from ecrm_lab.synth.winback import reactivation_probabilities

#: Two blocks, so every check also covers the block machinery.
CFG = ShopConfig(n_customers=4_000, n_products=200, block_size=2_000)


@pytest.fixture(scope="module")
def world():
    return simulate(CFG, rng=5)


def _truth(d) -> pd.Series:
    return d.crm_truth.set_index("parameter")["value"]


# ------------------------------------------------------------------------------------ e-mails
def test_emails_follow_the_funnel_and_conversions_are_real_orders(world):
    e, o, c = world.emails, world.orders, world.customers
    assert len(e) > 1_000 and e["email_id"].is_unique
    assert not (e["converted"] & ~e["clicked"]).any()
    assert not (e["clicked"] & ~e["opened"]).any()
    assert e["converted"].any()
    # converted ⇔ clicked and an order of the customer in the N days after the send day
    days = CFG.email_conversion_days
    od = o.assign(day=o["order_date"].dt.normalize())[["customer_id", "day"]]
    pairs = e[e["clicked"]].merge(od, on="customer_id", how="left")
    hit = (pairs["day"] > pairs["sent_date"]) & (
        pairs["day"] <= pairs["sent_date"] + pd.Timedelta(days=days)
    )
    expected = hit.groupby(pairs["email_id"]).any()
    got = e[e["clicked"]].set_index("email_id")["converted"]
    assert (expected.reindex(got.index) == got).all()
    # sent after the signup, inside the data window, chronological
    signup = e["customer_id"].map(c.set_index("customer_id")["signup_date"])
    assert (e["sent_date"] > signup).all()
    assert e["sent_date"].min() >= pd.Timestamp(CFG.start_date)
    assert e["sent_date"].max() <= pd.Timestamp(CFG.end_date)
    assert set(e["campaign"].astype(str)) == set(vocabulary.codes("email_campaign"))


def test_email_campaigns_are_sent_on_their_calendar_days(world):
    e = world.emails
    tet = e.loc[e["campaign"] == "tet", "sent_date"].unique()
    assert sorted(tet) == [pd.Timestamp(TET_DATES[y] - dt.timedelta(days=14)) for y in (2024, 2025)]
    sale = e.loc[e["campaign"] == "sale_11_11", "sent_date"].unique()
    assert sorted(sale) == [pd.Timestamp("2024-11-10"), pd.Timestamp("2025-11-10")]
    # the re-engagement e-mail: 60 days after an order, with no order in between
    r = e[e["campaign"] == "reengagement"].head(200)
    o = world.orders.assign(day=world.orders["order_date"].dt.normalize())
    for row in r.itertuples():
        days = o.loc[o["customer_id"] == row.customer_id, "day"]
        before = days[days <= row.sent_date]
        assert (row.sent_date - before.max()).days == 60
    # at most one e-mail of a campaign per customer and day; unsubscribers get nothing after
    assert not e.duplicated(["customer_id", "campaign", "sent_date"]).any()
    per_customer = e.groupby("customer_id").size()
    assert per_customer.max() <= 2 * 7 + 30  # a handful of campaigns a year, bounded
    subscribed = e["customer_id"].nunique() / len(world.customers)
    assert subscribed < CFG.email_optin_share + 0.03


def test_personalisation_is_randomised_and_its_planted_lift_is_recovered(world):
    e, truth = world.emails, _truth(world)
    assert abs(e["personalised"].mean() - CFG.email_personalised_share) < 0.02
    # randomised per e-mail: the same share in every campaign
    by_campaign = e.groupby("campaign", observed=True)["personalised"].mean()
    assert (by_campaign.sub(0.5).abs() < 0.06).all()
    est = estimate_uplift(e, arm="personalised", outcome="opened", control=False).set_index("arm")
    assert est.at[True, "ci_low"] <= truth["email_open_lift"] <= est.at[True, "ci_high"]
    assert truth["email_open_lift"] == pytest.approx(0.08)
    opened = e[e["opened"]]
    clicks = estimate_uplift(opened, arm="personalised", outcome="clicked", control=False)
    clicks = clicks.set_index("arm")
    lift = truth["email_click_rate_personalised"] - truth["email_click_rate"]
    assert clicks.at[True, "ci_low"] <= lift <= clicks.at[True, "ci_high"]
    assert clicks.at[False, "rate"] == pytest.approx(truth["email_click_rate"], abs=0.03)


# ----------------------------------------------------------------------------------- win-back
def test_winback_enrols_exactly_the_customers_at_risk(world):
    w, o = world.winback, world.orders
    assigned = pd.Timestamp(CFG.end_date) + pd.Timedelta(days=1)
    assert (w["assigned_date"] == assigned).all()
    last = o.groupby("customer_id")["order_date"].max().dt.normalize()
    since = (assigned - last).dt.days
    completed = set(o.loc[o["status"] == "completed", "customer_id"])
    at_risk = since[
        (since >= CFG.winback_inactive_days)
        & (since <= CFG.winback_max_days)
        & since.index.isin(completed)
    ]
    assert sorted(w["customer_id"]) == sorted(at_risk.index)
    assert (w.set_index("customer_id")["days_since_last_order"] == at_risk).all()
    # nobody ordered in the inactivity window: they really are at risk on the day
    assert w["days_since_last_order"].min() >= CFG.winback_inactive_days
    # complete randomisation within each block: the arms differ by at most one per block
    counts = w["arm"].value_counts()
    assert abs(counts["offer"] - counts["no_offer"]) <= 2
    assert len(w) > 1_000
    assert ((w["order_value"] > 0) == w["reactivated"]).all()


def test_the_planted_winback_effect_is_what_the_truth_says_and_is_recovered(world):
    w, truth = world.winback, _truth(world)
    # the recorded average effect is the mean of p1 − p0 over the customers at risk
    t = world.truth.set_index("customer_id").loc[w["customer_id"]]
    alive = t["churn_date"].isna().to_numpy()
    p0, p1 = reactivation_probabilities(CFG, t.reset_index(), alive)
    assert truth["winback_ate"] == pytest.approx(np.mean(p1 - p0), abs=1e-4)
    assert truth["winback_share_alive"] == pytest.approx(alive.mean(), abs=1e-6)
    assert 0.02 < truth["winback_ate"] < CFG.winback_effect_alive
    est = estimate_uplift(w, arm="arm", outcome="reactivated", control="no_offer")
    est = est.set_index("arm")
    assert est.at["offer", "ci_low"] <= truth["winback_ate"] <= est.at["offer", "ci_high"]
    assert est.at["no_offer", "rate"] == pytest.approx(truth["winback_baseline_rate"], abs=0.03)


def test_the_winback_estimate_finds_the_effect_in_a_large_experiment():
    # a strong planted effect in a larger world: the estimate is significant and its interval
    # covers the truth (the frozen world's experiment is smaller and its interval wider)
    cfg = ShopConfig(n_customers=12_000, n_products=100, winback_effect_alive=0.1)
    d = simulate(cfg, rng=8)
    truth = _truth(d)
    est = estimate_uplift(d.winback, arm="arm", outcome="reactivated", control="no_offer")
    est = est.set_index("arm")
    assert est.at["offer", "ci_low"] <= truth["winback_ate"] <= est.at["offer", "ci_high"]
    assert est.at["offer", "p_value"] < 0.01


# ---------------------------------------------------------------------------------- referrals
def test_referrals_come_from_earlier_customers_with_a_completed_order(world):
    r, c, o = world.referrals, world.customers.set_index("customer_id"), world.orders
    assert len(r) > 100
    assert (c.loc[r["referee_id"], "acquisition_channel"] == "referral").all()
    assert r["referee_id"].is_unique and not (r["referrer_id"] == r["referee_id"]).any()
    ref_signup = c.loc[r["referee_id"], "signup_date"].to_numpy()
    assert (c.loc[r["referrer_id"], "signup_date"].to_numpy() < ref_signup).all()
    assert (r["referral_date"].to_numpy() <= ref_signup).all()
    # the referrer had a completed order on or before the referral day (and before the signup)
    done = o[o["status"] == "completed"]
    first_done = done.groupby("customer_id")["order_date"].min().dt.normalize()
    assert (first_done.loc[r["referrer_id"]].to_numpy() <= r["referral_date"].to_numpy()).all()
    assert (r["reward"] == CFG.referral_bonus).all()
    # every referral customer has a referrer, except the very first of a block
    referral_customers = c.index[c["acquisition_channel"] == "referral"]
    missing = sorted(set(referral_customers) - set(r["referee_id"]))
    truth = _truth(world)
    assert len(missing) == round(truth["referral_unmatched_share"] * len(c))
    assert len(missing) <= 10
    assert (c.loc[missing, "signup_date"] < pd.Timestamp("2024-02-01")).all()


def test_referral_chains_have_no_cycles_and_referrers_are_loyal(world):
    r = world.referrals
    tree = expansion.referral_tree(r, date_col="referral_date")  # raises on a cycle
    assert tree["generation"].max() >= 2  # referees refer too
    assert tree["n_referred"].max() >= 2  # some referrers bring several
    # planted: referrers are chosen in proportion to their completed orders
    o = world.orders
    before = r.merge(o[o["status"] == "completed"], left_on="referrer_id", right_on="customer_id")
    before = before[before["order_date"].dt.normalize() < before["referral_date"]]
    assert len(before) > 0
    n_done = o[o["status"] == "completed"].groupby("customer_id").size()
    assert n_done.loc[r["referrer_id"]].mean() > 2 * n_done.mean()


def test_the_viral_coefficient_is_near_the_planted_value(world):
    truth = _truth(world)
    k = expansion.viral_coefficient(world.referrals, world.customers, date_col="referral_date")
    assert k["k_factor"] == pytest.approx(truth["referral_k"], abs=1e-6)
    se = np.sqrt(truth["referral_k_planted"] * (1 - truth["referral_k_planted"]) / CFG.n_customers)
    assert abs(k["k_factor"] - truth["referral_k_planted"]) < 4 * se
    assert truth["referral_k_planted"] == CFG.channel_mix["referral"]


# ---------------------------------------------------------------------------------- crm_truth
def test_crm_truth_combines_the_blocks(world):
    t = world.crm_truth.set_index("parameter")
    assert t.index.is_unique
    assert t.at["winback_ate", "n"] == len(world.winback)
    assert t.at["email_open_rate", "n"] == len(world.emails)
    assert t.at["referral_k", "n"] == CFG.n_customers
    assert t.at["referral_k", "value"] == pytest.approx(len(world.referrals) / CFG.n_customers)
    assert t.at["upsell_prob", "value"] == 0 and t.at["replenish_prob", "value"] == 0
    # the averages over the customers at risk are the blocks' averages weighted by their sizes
    block0 = simulate(CFG.replace(n_customers=2_000), rng=5).crm_truth.set_index("parameter")
    w = world.winback
    n0 = int(block0.at["winback_ate", "n"])
    assert n0 == w["customer_id"].isin(world.customers["customer_id"][:2_000]).sum()
    assert 0 < n0 < t.at["winback_ate", "n"]
    hidden = world.truth.set_index("customer_id").loc[w["customer_id"]]
    alive = hidden["churn_date"].isna().to_numpy()
    p0, p1 = reactivation_probabilities(CFG, hidden.reset_index(), alive)
    ate0 = float(np.mean((p1 - p0)[:n0]))  # block 0's customers come first
    assert block0.at["winback_ate", "value"] == pytest.approx(ate0, abs=1e-5)


def test_blocks_are_independent(world):
    # block 0 of the two-block world is the one-block world of its first customers, row for row
    one = simulate(CFG.replace(n_customers=2_000), rng=5)
    block0 = set(one.customers["customer_id"])
    for table, col in (
        ("emails", "customer_id"),
        ("winback", "customer_id"),
        ("referrals", "referee_id"),
    ):
        part = world[table][world[table][col].isin(block0)].reset_index(drop=True)
        pdt.assert_frame_equal(part, one[table], obj=table)
    # block 1 numbers its own e-mails
    assert world.emails["email_id"].str.startswith("EM1").any()


def test_one_customer_world_has_the_crm_tables():
    d = simulate(ShopConfig(n_customers=1, n_products=20), rng=0)
    for table in ("emails", "winback", "referrals", "crm_truth"):
        assert table in d.table_names
    assert len(d.winback) <= 1 and len(d.referrals) == 0
    t = d.crm_truth.set_index("parameter")
    if len(d.winback) == 0:
        assert np.isnan(t.at["winback_ate", "value"]) and t.at["winback_ate", "n"] == 0


@pytest.mark.parametrize(
    "change, error, message",
    [
        ({"email_optin_share": 1.5}, ValueError, r"email_optin_share must lie in \[0.0, 1.0\]"),
        ({"email_rates": {"open": 0.2}}, ValueError, "email_rates must have exactly the keys"),
        (
            {"email_rates": {**ShopConfig().email_rates, "open": -0.1}},
            ValueError,
            r"email_rates\['open'\] must lie in",
        ),
        ({"email_conversion_days": 0}, ValueError, "email_conversion_days must be an integer ≥ 1"),
        ({"email_conversion_days": 2.5}, TypeError, "email_conversion_days must be an integer"),
        ({"winback_max_days": 30}, ValueError, r"winback_max_days \(30\) must be at least"),
        ({"winback_horizon_days": 400}, ValueError, r"winback_horizon_days must lie in \[1, 364\]"),
        ({"winback_effect_alive": 2}, ValueError, "winback_effect_alive must lie in"),
        ({"upsell_prob": -0.1}, ValueError, "upsell_prob must lie in"),
        ({"replenish_prob": "high"}, TypeError, "replenish_prob must be a number"),
    ],
)
def test_bad_crm_config_values_name_the_field(change, error, message):
    with pytest.raises(error, match=message):
        ShopConfig(**change)


def test_referrers_are_eligible_on_a_hand_made_block():
    from ecrm_lab.synth.referrals import make_referrals

    day = pd.Timestamp("2024-01-01")
    customers = pd.DataFrame(
        {
            "customer_id": ["A", "B", "C", "D", "E"],
            "signup_date": [day, day, day + pd.Timedelta(days=1), day, day + pd.Timedelta(days=5)],
            "acquisition_channel": ["direct", "referral", "organic_search", "referral", "referral"],
        }
    )
    orders = pd.DataFrame(
        {
            "customer_id": ["A", "B", "C", "D", "E"],
            "order_date": list(customers["signup_date"] + pd.Timedelta(hours=9)),
            "status": ["completed", "completed", "cancelled", "completed", "completed"],
        }
    )
    cfg = ShopConfig(n_customers=5, n_products=20)
    for seed in range(20):
        r, truth = make_referrals(cfg, customers, orders, rng=np.random.default_rng(seed))
        # B and D signed up on the first day: nobody had a completed order before them
        assert r["referee_id"].tolist() == ["E"]
        # C's only order was cancelled: only A, B and D (completed on day 0) can refer E
        assert r["referrer_id"].iloc[0] in {"A", "B", "D"}
        assert day <= r["referral_date"].iloc[0] <= day + pd.Timedelta(days=5)
        t = truth.set_index("parameter")["value"]
        assert t["referral_unmatched_share"] == pytest.approx(2 / 5)
        assert t["referral_k"] == pytest.approx(1 / 5)


# ------------------------------------------------------------------ opt-in expansion behaviours
#: A world of frequent buyers (mean rate 0.28 a week), so that repeat purchases are many.
BUSY = ShopConfig(n_customers=3_000, n_products=300, alpha=2.0, block_size=1_500)


@pytest.fixture(scope="module")
def busy_off():
    return simulate(BUSY, rng=3)


def _completed_items(d) -> pd.DataFrame:
    cols = ["order_id", "customer_id", "order_date", "status"]
    it = d.order_items.merge(d.orders[cols], on="order_id")
    it = it[it["status"] == "completed"]
    return it.merge(d.products[["product_id", "subcategory", "tier"]], on="product_id")


def test_the_behaviours_are_off_by_default_and_leave_every_table_unchanged():
    import test_scale

    cfg, seed = test_scale.WORLDS["tiny"]
    assert cfg.upsell_prob == 0 and cfg.replenish_prob == 0
    explicit = cfg.replace(upsell_prob=0.0, replenish_prob=0.0)
    assert test_scale._hashes(simulate(explicit, rng=seed)) == test_scale.RECORDED["tiny"]


def test_the_behaviours_change_only_the_baskets(busy_off):
    on = simulate(BUSY.replace(upsell_prob=0.3, replenish_prob=0.5), rng=3)
    for table in ("customers", "products", "truth", "sessions", "winback", "referrals"):
        pdt.assert_frame_equal(on[table], busy_off[table], obj=table)
    same = ["order_id", "customer_id", "order_date", "channel", "payment_method", "status"]
    pdt.assert_frame_equal(on.orders[same], busy_off.orders[same])
    assert not on.order_items.equals(busy_off.order_items)
    # the orders still add up to their lines, and the lines are numbered 1, 2, … in every order
    gross = on.order_items.groupby("order_id")["line_amount"].sum()
    o = on.orders.set_index("order_id")
    assert ((gross.reindex(o.index) - o["discount"]) == o["amount"]).all()
    numbering = on.order_items.groupby("order_id")["line_no"].agg(["min", "max", "size"])
    assert (numbering["min"] == 1).all() and (numbering["max"] == numbering["size"]).all()
    t = on.crm_truth.set_index("parameter")["value"]
    assert t["upsell_prob"] == 0.3 and t["replenish_prob"] == 0.5


def test_the_planted_upsell_share_is_recovered_by_tier_transitions(busy_off):
    u = 0.4
    on = simulate(BUSY.replace(upsell_prob=u), rng=3)

    def up_from_basic(d):
        m = expansion.tier_transitions(_completed_items(d), normalize=True)
        return m.loc["basic", ["standard", "premium"]].sum(), m.attrs["upsell_share"]

    (base, share_off), (with_u, share_on) = up_from_basic(busy_off), up_from_basic(on)
    # from a basic product: share₀ + u · (1 − share₀)
    assert (with_u - base) / (1 - base) == pytest.approx(u, abs=0.05)
    assert share_on > share_off + 0.1
    # up-sold lines are real products of a dearer tier of the same subcategory
    items = on.order_items.merge(on.products, on="product_id")
    assert (items["unit_price"] == items["price"]).all()


def test_the_planted_replenishment_cycle_is_recovered_by_interpurchase_times(busy_off):
    from ecrm_lab.synth.expansion import replenish_days

    cycle = replenish_days()
    assert cycle["Tã bỉm"] == 21 and "Điện thoại" not in cycle
    on = simulate(BUSY.replace(replenish_prob=0.8), rng=3)

    def gaps(d):
        it = _completed_items(d)
        it = it[it["subcategory"].isin(list(cycle))]
        it = it.assign(key=it["customer_id"] + "|" + it["product_id"])
        g = expansion.interpurchase_times(it, customer_col="key")
        sub = it.drop_duplicates("key").set_index("key")["subcategory"]
        return g.assign(cycle=g["key"].map(sub).map(cycle))

    g_off, g_on = gaps(busy_off), gaps(on)
    assert len(g_on) > 2 * len(g_off)  # the same product bought again, much more often
    ratio = (g_on["gap_days"] / g_on["cycle"]).median()
    assert ratio == pytest.approx(1.0, abs=0.1)
    assert (g_off["gap_days"] / g_off["cycle"]).median() > 1.5
    by_sub = g_on.groupby("cycle")["gap_days"].median()
    for days, median in by_sub.items():
        assert abs(median - days) <= 0.2 * days + 1, (days, median)
