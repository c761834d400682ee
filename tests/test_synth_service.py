"""Service tables of the simulator (issue 12): deliveries, tickets, warranty claims, surveys.

Hand-checkable invariants of every table, the planted links recovered by the package's own analysis
(service_quality) or a plain logistic fit, and block independence of the new parts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ecrm_lab import service_quality as sq
from ecrm_lab import vocabulary
from ecrm_lab.synth import ShopConfig, service, simulate, surveys
from ecrm_lab.synth.people import load_provinces

SERVICE_TABLES = ("deliveries", "tickets", "warranty_claims", "surveys", "service_truth")


@pytest.fixture(scope="module")
def shop():
    return simulate(ShopConfig.preset("small"), rng=20_251_231)


def _day(ts, start="2024-01-01"):
    return (pd.to_datetime(ts).dt.normalize() - pd.Timestamp(start)).dt.days.to_numpy()


def _churn_day(shop, customer_id):
    """Each row's customer's planted dropout day (NaN if still active)."""
    churn = shop.truth.set_index("customer_id")["churn_date"]
    return _day(pd.Series(pd.to_datetime(customer_id.map(churn)).to_numpy())).astype(float)


# ------------------------------------------------------------------------------------- deliveries
def test_every_shipped_order_has_one_delivery_and_nothing_else(shop):
    o, d = shop.orders, shop.deliveries
    shipped = o[o["status"].isin(["completed", "returned"])]
    assert d["order_id"].tolist() == shipped["order_id"].tolist()  # same rows, same order
    assert (d["customer_id"].to_numpy() == shipped["customer_id"].to_numpy()).all()
    assert (d["delay_days"] == d["actual_days"] - d["promised_days"]).all()
    assert (d["actual_days"] >= 1).all() and (d["promised_days"] >= 1).all()
    lag = (d["shipped_date"] - shipped["order_date"].dt.normalize().to_numpy()).dt.days
    assert lag.isin([0, 1]).all()
    assert set(d["carrier"]) <= set(vocabulary.codes("carrier"))


def test_promised_days_follow_the_distance_from_the_hubs(shop):
    region = load_provinces().set_index("province")["region"]
    prov = shop.deliveries["customer_id"].map(shop.customers.set_index("customer_id")["province"])
    promised = shop.deliveries["promised_days"]
    hub = prov.isin(["Hà Nội", "TP Hồ Chí Minh"])
    central = prov.map(region).eq("central")
    assert set(promised[hub]) == {1, 2}
    assert set(promised[central & ~hub]) == {4, 5}
    assert set(promised[~central & ~hub]) == {3, 4}


def test_lateness_recovers_the_planted_log_odds(shop):
    import statsmodels.api as sm

    d = shop.deliveries
    status = d["order_id"].map(shop.orders.set_index("order_id")["status"])
    region = load_provinces().set_index("province")["region"]
    prov = d["customer_id"].map(shop.customers.set_index("customer_id")["province"])
    ship = _day(d["shipped_date"])
    order_day = _day(d["order_id"].map(shop.orders.set_index("order_id")["order_date"]))
    churn = _churn_day(shop, d["customer_id"])
    window = service.PARAMS["delivery_dropout_window_days"][0]
    with np.errstate(invalid="ignore"):
        soon = (churn >= order_day) & (churn <= order_day + window)
    X = pd.DataFrame(
        {
            "returned": (status == "returned").to_numpy(float),
            "dropout": soon.astype(float),
            "far": (prov.map(region).eq("central") & ~prov.isin(["Hà Nội"])).to_numpy(float),
        }
    )
    for code in vocabulary.codes("carrier")[1:]:
        X[code] = (d["carrier"] == code).to_numpy(float)
    fit = sm.Logit((d["delay_days"] > 0).to_numpy(float), sm.add_constant(X)).fit(disp=0)
    assert ship.size == len(d)
    for term, name in [
        ("returned", "delivery_late_returned"),
        ("dropout", "delivery_late_dropout"),
        ("far", "delivery_late_far_zone"),
        ("const", "delivery_late_intercept"),
    ]:
        assert fit.params[term] == pytest.approx(service.PARAMS[name][0], abs=0.35), term


def test_retention_is_lower_after_late_deliveries(shop):
    end = pd.Timestamp("2025-12-31")
    d = shop.deliveries[shop.deliveries["shipped_date"] <= end - pd.Timedelta(days=180)].copy()
    m = d[["order_id", "customer_id", "shipped_date"]].merge(
        shop.orders[["customer_id", "order_date"]], on="customer_id"
    )
    later = m[
        (m["order_date"] > m["shipped_date"] + pd.Timedelta(days=1))
        & (m["order_date"] <= m["shipped_date"] + pd.Timedelta(days=180))
    ]
    d["retained"] = d["order_id"].isin(later["order_id"])
    r = sq.retention_by_experience(d, value_col="delay_days", bins=[-np.inf, 0, 2, np.inf])
    rate = r.set_index("group")["retention_rate"]
    assert rate["(-inf, 0]"] > rate["(0, 2]"] > rate["(2, inf]"]
    on_time = r.iloc[0]
    assert rate["(0, 2]"] < on_time["ci_low"]  # the difference is not noise


# ---------------------------------------------------------------------------------------- tickets
def test_tickets_refer_to_real_orders_of_the_same_customer(shop):
    t = shop.tickets
    assert t["ticket_id"].is_unique
    with_order = t.dropna(subset=["order_id"])
    owner = with_order["order_id"].map(shop.orders.set_index("order_id")["customer_id"])
    assert owner.notna().all() and (owner == with_order["customer_id"]).all()
    assert set(t["customer_id"]) <= set(shop.customers["customer_id"])
    assert t["created_at"].between("2024-01-01", "2026-01-01").all()
    assert t["created_at"].is_monotonic_increasing
    assert set(t["topic"]) <= set(vocabulary.codes("ticket_topic"))
    assert set(t["channel"]) == set(vocabulary.codes("ticket_channel"))
    assert (t["response_hours"] > 0).all()
    sat = t["satisfaction"].dropna()
    assert sat.between(1, 5).all() and 0.3 < t["satisfaction"].isna().mean() < 0.6
    # a late-delivery ticket is about a late delivery; no order for account questions
    late = t[t["topic"] == "late_delivery"]
    delay = late["order_id"].map(shop.deliveries.set_index("order_id")["delay_days"])
    assert (delay > 0).all()
    assert t.loc[t["topic"] == "account", "order_id"].isna().all()
    placed = with_order["order_id"].map(shop.orders.set_index("order_id")["order_date"])
    assert (with_order["created_at"].dt.normalize() >= placed.dt.normalize()).all()
    # a payment ticket with an order is about a cancelled order
    pay = t[(t["topic"] == "payment") & t["order_id"].notna()]
    assert pay["order_id"].map(shop.orders.set_index("order_id")["status"]).eq("cancelled").all()


def test_unresolved_tickets_are_more_common_before_a_dropout(shop):
    t = shop.tickets
    day = _day(t["created_at"]).astype(float)
    churn = _churn_day(shop, t["customer_id"])
    p = service.PARAMS
    with np.errstate(invalid="ignore"):
        soon = (churn >= day - p["ticket_dropout_before_days"][0]) & (
            churn <= day + p["ticket_dropout_after_days"][0]
        )
    unresolved = ~t["resolved"].to_numpy(bool)
    assert soon.sum() > 100 and (~soon).sum() > 100
    assert unresolved[soon].mean() > unresolved[~soon].mean() + 0.15
    # so customers buy again less often after an unresolved ticket (the package's own analysis)
    end = pd.Timestamp("2025-12-31")
    early = t[t["created_at"] <= end - pd.Timedelta(days=180)].copy()
    m = early[["ticket_id", "customer_id", "created_at"]].merge(
        shop.orders[["customer_id", "order_date"]], on="customer_id"
    )
    m = m[
        (m["order_date"] > m["created_at"])
        & (m["order_date"] <= m["created_at"] + pd.Timedelta(days=180))
    ]
    early["retained"] = early["ticket_id"].isin(m["ticket_id"])
    rate = sq.retention_by_experience(early, value_col="resolved").set_index("group")[
        "retention_rate"
    ]
    assert rate[True] > rate[False] + 0.05
    # the unresolved ones are rated lower
    rated = t.dropna(subset=["satisfaction"])
    by = rated.groupby("resolved")["satisfaction"].mean()
    assert by[True] - by[False] > 1.5


# -------------------------------------------------------------------------------- warranty claims
def test_claims_only_on_warranty_goods_within_the_warranty(shop):
    c = shop.warranty_claims
    assert len(c) > 30 and c["claim_id"].is_unique
    months = vocabulary.mapping("subcategory", "warranty_months", key="vi")
    sub = c["product_id"].map(shop.products.set_index("product_id")["subcategory"])
    w_days = 30 * sub.map(months).astype(int)
    assert (w_days > 0).all()
    assert c["order_id"].map(shop.orders.set_index("order_id")["status"]).eq("completed").all()
    lines = set(zip(shop.order_items["order_id"], shop.order_items["product_id"], strict=True))
    assert all((o, p) in lines for o, p in zip(c["order_id"], c["product_id"], strict=True))
    dl = shop.deliveries.set_index("order_id")
    arrived = c["order_id"].map(dl["shipped_date"]) + pd.to_timedelta(
        c["order_id"].map(dl["actual_days"]), unit="D"
    )
    since = (c["claim_date"] - arrived).dt.days
    assert (since >= 3).all() and (since < w_days).all()
    assert (c["claim_date"] <= pd.Timestamp("2025-12-31")).all()
    assert (c["customer_id"] == c["order_id"].map(dl["customer_id"])).all()
    assert (c["days_to_resolve"] >= 1).all()
    assert set(c["outcome"]) <= set(vocabulary.codes("claim_outcome"))
    # every warranty subcategory is a durable good, no consumable has a warranty
    assert months["Laptop"] == "24" and months["Sữa bột"] == "0"


# ---------------------------------------------------------------------------------------- surveys
def test_surveys_are_one_per_customer_with_recovery_only_after_a_problem(shop):
    s = shop.surveys
    assert not s.duplicated(["customer_id", "dimension"]).any()
    for col in ("expectation", "perception"):
        assert s[col].between(1, 7).all() and s[col].dtype.kind == "i"
    per = s.groupby("customer_id").agg(
        date=("survey_date", "nunique"), order=("order_id", "nunique")
    )
    assert (per["date"] == 1).all() and (per["order"] == 1).all()
    share = per.shape[0] / len(shop.customers)
    assert share == pytest.approx(surveys.PARAMS["survey_share"][0], abs=0.05)
    core = set(vocabulary.codes("sq_dimension", "core"))
    recovery = set(vocabulary.codes("sq_dimension", "recovery"))
    dims = s.groupby("customer_id")["dimension"].agg(set)
    assert dims.map(lambda x: core <= x).all()
    has_recovery = dims.map(lambda x: bool(x & recovery))
    assert dims[has_recovery].map(lambda x: recovery <= x).all()
    # a problem = a ticket or a claim on or before the survey date
    when = s.groupby("customer_id")["survey_date"].first()
    events = pd.concat(
        [
            shop.tickets[["customer_id"]].assign(day=shop.tickets["created_at"].dt.normalize()),
            shop.warranty_claims[["customer_id"]].assign(day=shop.warranty_claims["claim_date"]),
        ]
    )
    events = events[events["customer_id"].isin(when.index)]
    first = events.groupby("customer_id")["day"].min().reindex(when.index)
    problem = (first <= when).fillna(False)
    assert (problem == has_recovery.reindex(when.index)).all()
    # the survey follows the delivery of its order
    dl = shop.deliveries.set_index("order_id")
    o = s.groupby("customer_id")["order_id"].first()
    arrived = o.map(dl["shipped_date"]) + pd.to_timedelta(o.map(dl["actual_days"]), unit="D")
    lag = (when - arrived).dt.days
    assert lag.between(1, surveys.PARAMS["survey_days_after_delivery_max"][0]).all()
    assert (o.map(dl["customer_id"]) == o.index).all()


def test_fulfillment_has_the_largest_gap_and_gaps_are_believable(shop):
    g = sq.gap_by_dimension(shop.surveys).set_index("dimension")
    assert g["gap"].idxmin() == "fulfillment"
    assert g["gap"].between(-2, 1).all()
    assert g.loc["privacy", "gap"] > 0  # the one dimension the shop exceeds expectations on
    assert g.loc["fulfillment", "expectation"] == g["expectation"].max()


def test_fulfillment_is_where_to_concentrate_on_the_importance_performance_grid(shop):
    ipa = sq.importance_performance(shop.surveys).set_index("dimension")
    assert ipa.loc["fulfillment", "quadrant"] == "concentrate_here"
    assert ipa.loc["privacy", "quadrant"] in ("keep_up", "possible_overkill")


def test_gap_churn_link_finds_the_planted_sign(shop):
    churn = shop.truth.assign(churned=shop.truth["churn_date"].notna())
    link = sq.gap_churn_link(
        shop.surveys,
        churn,
        churn_col="churned",
        dimensions=list(vocabulary.codes("sq_dimension", "core")),
    ).set_index("dimension")
    assert (link["coef"] < 0).all()
    assert link.loc["fulfillment", "ci_high"] < 1  # clearly below an odds ratio of 1
    assert link.loc["fulfillment", "coef"] == link["coef"].min()


def test_late_deliveries_lower_the_fulfillment_perception(shop):
    s = shop.surveys[shop.surveys["dimension"] == "fulfillment"]
    delay = s["order_id"].map(shop.deliveries.set_index("order_id")["delay_days"])
    gap = s["perception"] - s["expectation"]
    slope = np.polyfit(np.clip(delay, 0, 4), gap, 1)[0]
    planted = surveys.PARAMS["survey_fulfillment_per_delay_day"][0]
    assert slope == pytest.approx(planted, abs=0.15)


def test_compensation_is_worse_after_a_rejected_claim(shop):
    s = shop.surveys[shop.surveys["dimension"] == "compensation"]
    c = shop.warranty_claims.merge(s[["customer_id", "survey_date"]], on="customer_id")
    rejected = set(
        c.loc[(c["outcome"] == "rejected") & (c["claim_date"] <= c["survey_date"]), "customer_id"]
    )
    gap = (s["perception"] - s["expectation"]).groupby(s["customer_id"].isin(rejected)).mean()
    assert len(rejected) >= 3
    assert gap[True] < gap[False] - 0.5


# ------------------------------------------------------------------------------ truth and blocks
def test_service_truth_holds_every_planted_parameter(shop):
    truth = shop.service_truth.set_index("parameter")["value"]
    assert truth.index.is_unique
    for params in (service.PARAMS, surveys.PARAMS):
        for name, (value, _) in params.items():
            assert truth[name] == value, name
    for prefix, kind, column, _ in service._VOCABULARY_PARAMS:
        for code, value in vocabulary.mapping(kind, column).items():
            assert truth[f"{prefix}_{code}"] == float(value), (prefix, code)
    assert truth["delivery_late_carrier_giao_tiet_kiem"] == 0.55  # read from carrier.csv
    for kind in ("carrier", "ticket_channel", "claim_outcome", "ticket_topic"):
        column = "no_order_share" if kind == "ticket_topic" else "share"
        shares = [float(v) for v in vocabulary.mapping(kind, column).values()]
        assert sum(shares) == pytest.approx(1.0), kind
    assert (shop.service_truth["description"].str.len() > 10).all()


def test_a_block_makes_the_same_service_rows_whatever_the_other_blocks():
    one = simulate(ShopConfig(n_customers=400, n_products=60, block_size=200), rng=5)
    half = simulate(ShopConfig(n_customers=200, n_products=60, block_size=200), rng=5)
    # every part draws per block, so block 0 of the 400-customer world has the customers of the
    # 200-customer world: its service rows must be the same rows
    for table in SERVICE_TABLES[:-1]:
        first = one[table][one[table]["customer_id"].isin(half.customers["customer_id"])]
        assert len(first) > 0 or table == "warranty_claims", table
        pd.testing.assert_frame_equal(
            first.reset_index(drop=True), half[table].reset_index(drop=True), obj=table
        )
    assert one.service_truth.equals(half.service_truth)
    # block 1 numbers its own ids with the block number
    second = one.tickets[~one.tickets["customer_id"].isin(half.customers["customer_id"])]
    assert second["ticket_id"].str.startswith("YC1").all()


def test_another_locale_promises_the_middle_zone_everywhere():
    d = simulate(ShopConfig(n_customers=200, n_products=40, locale="en_US"), rng=1)
    assert set(d.deliveries["promised_days"]) == {3, 4}
    assert len(d.surveys) > 0 and len(d.tickets) > 0


def test_a_one_customer_world_has_valid_service_tables():
    d = simulate(ShopConfig(n_customers=1, n_products=20), rng=0)
    assert set(d.deliveries["order_id"]) <= set(d.orders["order_id"])
    for table in SERVICE_TABLES:
        assert table in d.table_names
    assert len(d.service_truth) > 50
