"""The simulator: determinism, table invariants, and recovery of the planted truth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest

from ecrm_lab import _schema
from ecrm_lab.clv import btyd_summary, fit_bgnbd
from ecrm_lab.synth import PARTS, ShopConfig, simulate


def test_tables_and_columns_follow_the_schema(tiny_shop):
    assert tiny_shop.table_names == _schema.TABLES
    for table in _schema.TABLES:
        expected = [c.column for c in _schema.columns_of(table)]
        assert list(tiny_shop[table].columns) == expected, table


def test_same_seed_same_world_other_seed_other_world():
    cfg = ShopConfig.preset("tiny")
    a, b, c = simulate(cfg, rng=3), simulate(cfg, rng=3), simulate(cfg, rng=4)
    for name in a.table_names:
        pdt.assert_frame_equal(a[name], b[name])
    assert not a.orders["amount"].equals(c.orders["amount"])


def test_generator_and_int_seed_agree():
    cfg = ShopConfig.preset("tiny")
    pdt.assert_frame_equal(
        simulate(cfg, rng=9).orders, simulate(cfg, rng=np.random.default_rng(9)).orders
    )


def test_parts_are_spawned_in_a_fixed_order(monkeypatch):
    # each part draws from the stream of its fixed key: swapping two parts' keys changes their tables
    import dataclasses

    from ecrm_lab.synth import engine

    cfg = ShopConfig.preset("tiny", n_customers=60, n_products=40)
    before = simulate(cfg, rng=5)
    assert len({p.key for p in PARTS}) == len(PARTS)
    by_name = {p.name: p for p in PARTS}
    swapped = tuple(
        dataclasses.replace(p, key=by_name["traits" if p.name == "orders" else "orders"].key)
        if p.name in ("orders", "traits")
        else p
        for p in PARTS
    )
    monkeypatch.setattr(engine, "PARTS", swapped)
    after = simulate(cfg, rng=5)
    pdt.assert_frame_equal(after.customers, before.customers)  # its stream is unchanged
    assert not after.truth["purchase_rate"].equals(before.truth["purchase_rate"])
    assert not after.orders["order_date"].equals(before.orders["order_date"])


def test_ids_are_unique_and_keys_join(tiny_shop):
    d = tiny_shop
    assert d.customers["customer_id"].is_unique
    assert d.products["product_id"].is_unique
    assert d.orders["order_id"].is_unique
    assert set(d.orders["customer_id"]) <= set(d.customers["customer_id"])
    assert set(d.order_items["order_id"]) == set(d.orders["order_id"])
    assert set(d.order_items["product_id"]) <= set(d.products["product_id"])
    assert set(d.sessions["customer_id"]) <= set(d.customers["customer_id"])
    assert list(d.truth["customer_id"]) == list(d.customers["customer_id"])
    assert not d.sessions.duplicated(["customer_id", "session_date"]).any()
    assert not d.order_items.duplicated(["order_id", "line_no"]).any()


def test_money_adds_up(tiny_shop):
    d = tiny_shop
    items = d.order_items
    assert (items["line_amount"] == items["quantity"] * items["unit_price"]).all()
    gross = items.groupby("order_id")["line_amount"].sum()
    o = d.orders.set_index("order_id")
    assert (o["amount"] + o["discount"] == gross.reindex(o.index)).all()
    assert (o["amount"] > 0).all() and (o["discount"] >= 0).all()
    price = d.products.set_index("product_id")["price"]
    assert (items["unit_price"].to_numpy() == price.reindex(items["product_id"]).to_numpy()).all()


def test_dates_are_consistent(tiny_shop):
    d, cfg = tiny_shop, ShopConfig.preset("tiny")
    start, end = pd.Timestamp(cfg.start_date), pd.Timestamp(cfg.end_date) + pd.Timedelta(days=1)
    assert d.orders["order_date"].between(start, end, inclusive="left").all()
    assert d.sessions["session_date"].between(start, end, inclusive="left").all()
    first = d.orders.groupby("customer_id")["order_date"].min().dt.normalize()
    signup = d.customers.set_index("customer_id")["signup_date"]
    pdt.assert_series_equal(first.reindex(signup.index), signup, check_names=False)
    # every order day is an active session day
    od = d.orders.assign(session_date=d.orders["order_date"].dt.normalize())
    merged = od.merge(d.sessions, on=["customer_id", "session_date"], how="left")
    assert merged["visits"].notna().all()
    assert d.orders["order_date"].is_monotonic_increasing


def test_churned_customers_stop_buying(small_shop):
    d = small_shop
    last = d.orders.groupby("customer_id")["order_date"].max().dt.normalize()
    t = d.truth.set_index("customer_id")
    churned = t["churn_date"].notna()
    # dropout happens right after a repeat order: the churn day is the day of the last order
    pdt.assert_series_equal(
        t.loc[churned, "churn_date"], last.reindex(t.index[churned]), check_names=False
    )
    assert (t.loc[churned, "expected_purchases_52w"] == 0).all()
    assert (t.loc[~churned, "expected_purchases_52w"] >= 0).all()
    assert (t.loc[~churned, "expected_purchases_52w"] > 0).mean() > 0.99  # tiny rates round to 0
    last_session = d.sessions.groupby("customer_id")["session_date"].max()
    assert (last_session.reindex(t.index[churned]) <= t.loc[churned, "churn_date"]).all()


def test_people_look_vietnamese(small_shop):
    c = small_shop.customers
    family = c["full_name"].str.split().str[0]
    assert 0.30 < (family == "Nguyễn").mean() < 0.46
    assert c["province"].nunique() > 25
    top2 = c["province"].value_counts(normalize=True).index[:2]
    assert set(top2) == {"TP Hồ Chí Minh", "Hà Nội"}
    assert c["email"].is_unique and c["phone"].is_unique
    assert c["phone"].str.fullmatch(r"0\d{9}").all()


def test_seasonality_is_visible(small_shop):
    o = small_shop.orders
    day = o["order_date"].dt.normalize()
    per_day = day.value_counts()
    sale = per_day[[pd.Timestamp("2025-11-11"), pd.Timestamp("2025-12-12")]].mean()
    ordinary = per_day[
        (per_day.index.month == 11) & (per_day.index.day.isin([4, 5, 6, 18, 19, 20]))
    ]
    assert sale > 1.8 * ordinary.mean()
    tet = per_day.reindex(pd.date_range("2025-01-28", "2025-02-02"), fill_value=0).mean()
    before = per_day.reindex(pd.date_range("2025-01-10", "2025-01-25"), fill_value=0).mean()
    assert tet < 0.6 * before


def test_channel_quality_shifts_retention():
    cfg = ShopConfig(n_customers=20_000)
    d = simulate(cfg, rng=21)
    t = d.truth.merge(d.customers[["customer_id", "acquisition_channel"]], on="customer_id")
    mean_p = t.groupby("acquisition_channel", observed=True)["dropout_prob"].mean()
    assert mean_p["referral"] < mean_p["paid_search"] < mean_p["tiktok"]
    # the rescaling keeps the population mean at a / (a + b)
    assert t["dropout_prob"].mean() == pytest.approx(cfg.mean_dropout, rel=0.05)


def test_service_failures_raise_churn():
    d = simulate(ShopConfig(n_customers=20_000, service_failure_dropout=4.0), rng=8)
    o = d.orders.merge(d.truth[["customer_id", "churn_date"]], on="customer_id")
    o = o.sort_values(["customer_id", "order_date"])
    repeat = o.groupby("customer_id").cumcount() > 0
    last = o["order_date"].dt.normalize() == o["churn_date"]
    rep = o[repeat]
    churn_after = (
        rep.assign(last=last[repeat])
        .groupby(rep["status"] != "completed", observed=True)["last"]
        .mean()
    )
    assert churn_after[True] > 2 * churn_after[False]


@pytest.mark.slow
def test_bgnbd_recovers_the_planted_population_parameters():
    # With the effects that BG/NBD does not model switched off, a fit on the simulated orders must
    # recover the config's population means: purchase rate within 5 %, dropout within 10 %.
    cfg = ShopConfig(
        n_customers=20_000,
        deal_seeker_share=0.0,
        service_failure_dropout=1.0,
        channel_dropout=dict.fromkeys(ShopConfig().channel_mix, 1.0),
    )
    d = simulate(cfg, rng=3)
    # every simulated order is an event of the planted purchase process, whatever its status drawn
    # afterwards; btyd_summary leaves cancelled orders out by default, so count them all here
    fit = fit_bgnbd(btyd_summary(d.orders, as_of=cfg.end_date, status_col=None))
    assert fit["mean_purchase_rate"] == pytest.approx(cfg.mean_purchase_rate, rel=0.05)
    assert fit["mean_dropout"] == pytest.approx(cfg.mean_dropout, rel=0.10)
    assert fit["r"] == pytest.approx(cfg.r, rel=0.15)
    assert fit["alpha"] == pytest.approx(cfg.alpha, rel=0.15)


def test_spend_follows_the_gamma_gamma_population(small_shop):
    cfg = ShopConfig()
    t = small_shop.truth
    assert t["mean_order_value"].mean() == pytest.approx(cfg.mean_order_value, rel=0.1)
    # observed order values track each customer's latent mean
    amount = small_shop.orders.groupby("customer_id")["amount"].mean()
    both = t.set_index("customer_id")["mean_order_value"].to_frame().join(amount)
    assert np.corrcoef(np.log(both["mean_order_value"]), np.log(both["amount"]))[0, 1] > 0.5


def test_planted_complements_show_in_baskets(small_shop):
    items = small_shop.order_items.merge(small_shop.products, on="product_id")
    baskets = items.groupby("order_id")["subcategory"].apply(set)
    multi = baskets[baskets.map(len) > 1]
    nappies = multi.map(lambda s: "Tã bỉm" in s)
    milk = multi.map(lambda s: "Sữa bột" in s)
    lift = (nappies & milk).mean() / (nappies.mean() * milk.mean())
    assert lift > 2


def test_english_locale_uses_faker_word_lists():
    d = simulate(ShopConfig.preset("tiny", locale="en_US"), rng=1)
    assert d.customers["email"].str.endswith("@example.com").all()
    assert d.customers["email"].is_unique


@pytest.mark.parametrize(
    ("rng", "error"), [("seven", TypeError), (1.5, TypeError), (-1, ValueError), (True, TypeError)]
)
def test_bad_rng(rng, error):
    with pytest.raises(error, match="rng"):
        simulate(ShopConfig.preset("tiny"), rng=rng)


def test_bad_config_type():
    with pytest.raises(TypeError, match="ShopConfig"):
        simulate({"n_customers": 10}, rng=1)


@pytest.mark.parametrize(("prefix", "n", "width", "block"), [("DH", 1, 8, 0), ("TP", 12_345, 8, 12),
                                                            ("KH", 9, 1, 0), ("CH", 0, 6, 3)])  # fmt: skip
def test_arrow_ids_are_the_same_ids(prefix, n, width, block):
    from ecrm_lab.synth.ids import make_id_array, make_ids

    got = make_id_array(prefix, n, width, block)
    assert str(got.dtype) == "str" and got.tolist() == make_ids(prefix, n, width, block).tolist()
    if n:
        assert got[n - 1] == f"{prefix}{block or ''}{n:0{width}d}"
    with pytest.raises(ValueError, match="do not fit in 2 digits"):
        make_id_array(prefix, 100, 2, block)  # bad input: 100 ids in 2 digits


def test_take_ids_gives_missing_for_minus_one_from_text_or_objects():
    from ecrm_lab.synth.ids import take_ids

    want = ["b", np.nan, "a", "b"]
    for ids in (pd.Series(["a", "b"], dtype="str"), np.array(["a", "b"], dtype=object)):
        got = take_ids(ids, np.array([1, -1, 0, 1]))
        pdt.assert_series_equal(pd.Series(got), pd.Series(want, dtype="str"))


def test_order_by_is_lexsort():
    from ecrm_lab.synth.marketing import order_by

    rng = np.random.default_rng(5)
    ts = np.datetime64("2025-01-01T00:00:00") + rng.integers(0, 50, 500).astype("timedelta64[s]")
    code = rng.integers(-3, 4, 500)  # ties on both keys: the order of ties must be kept
    assert np.array_equal(order_by(ts, code), np.lexsort((code, ts)))
    with_nat = ts.copy()
    with_nat[7] = np.datetime64("NaT")  # falls back to lexsort (NaT sorts last)
    assert np.array_equal(order_by(with_nat, code), np.lexsort((code, with_nat)))
    wide = (ts - ts.min()).astype(np.int64) * 2**45, code  # too wide to break ties by row number
    assert np.array_equal(order_by(*wide), np.lexsort(wide[::-1]))
    huge = np.array([0, 2**61, 5]), np.array([3, 0, 2**40])  # too wide to fold into one key
    assert np.array_equal(order_by(*huge), np.lexsort(huge[::-1]))
