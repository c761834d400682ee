"""RFM: a hand-computed table (ties, a one-order customer), learned bins, the segment grid, K-means."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ecrm_lab import InputError, vocabulary
from ecrm_lab.clv import btyd_summary
from ecrm_lab.rfm import (
    fit_rfm_bins,
    rfm_kmeans,
    rfm_scores,
    rfm_segments,
    rfm_table,
    segment_grid,
    segment_migration,
    segment_value,
)

AS_OF = "2025-03-31"


def _orders():
    rows = [
        # customer, date, amount, status
        ("a", "2025-03-31 18:00", 100.0, "completed"),  # bought on as_of: recency 0
        ("a", "2025-03-01", 200.0, "completed"),
        ("a", "2025-03-01", 50.0, "completed"),  # same day: still a second order
        ("b", "2025-03-21", 300.0, "completed"),  # one order only
        ("b", "2025-03-25", 999.0, "cancelled"),  # not a purchase
        ("c", "2025-03-21", 120.0, "completed"),  # ties b on recency
        ("c", "2025-01-10", 180.0, "completed"),
        ("d", "2025-01-01", 40.0, "completed"),
        ("e", "2025-02-01", 60.0, "returned"),  # no purchase at all: not in the table
    ]
    df = pd.DataFrame(rows, columns=["customer_id", "order_date", "amount", "status"])
    df.insert(0, "order_id", range(len(df)))
    return df


def test_rfm_table_by_hand():
    rfm = rfm_table(_orders(), as_of=AS_OF)
    assert rfm.index.tolist() == ["a", "b", "c", "d"]
    assert rfm["recency_days"].tolist() == [0, 10, 10, 89]
    assert rfm["frequency"].tolist() == [3, 1, 2, 1]
    assert rfm["monetary"].tolist() == [350.0, 300.0, 300.0, 40.0]
    assert rfm["mean_order_value"].round(4).tolist() == [116.6667, 300.0, 150.0, 40.0]
    assert rfm.loc["a", "last_purchase"] == pd.Timestamp("2025-03-31")
    every_row = rfm_table(_orders(), as_of=AS_OF, status_col=None)
    assert every_row.loc["b", "frequency"] == 2 and "e" in every_row.index


def test_scores_by_hand_with_ties():
    rfm = rfm_table(_orders(), as_of=AS_OF)
    bins = fit_rfm_bins(rfm)
    # recency [0, 10, 10, 89]: quantiles 0.2/0.4/0.6/0.8 with linear interpolation
    assert np.allclose(bins.edges["recency_days"], [6.0, 10.0, 10.0, 41.6])
    assert np.allclose(bins.edges["frequency"], [1.0, 1.2, 1.8, 2.4])
    assert np.allclose(bins.edges["monetary"], [196.0, 300.0, 300.0, 320.0])
    s = rfm_scores(rfm)
    # recency: 5 - (edges strictly below); the tied 10s share a score
    assert s["r_score"].tolist() == [5, 4, 4, 1]
    # frequency: 1 + (edges strictly below); the two one-order customers share score 1
    assert s["f_score"].tolist() == [5, 1, 4, 1]
    assert s["m_score"].tolist() == [5, 2, 2, 1]
    assert s["rfm_cell"].tolist() == ["555", "412", "442", "111"]
    assert s["r_score"].between(1, 5).all()


def test_bins_learned_on_one_snapshot_apply_to_another():
    before = rfm_table(_orders(), as_of="2025-03-31")
    bins = fit_rfm_bins(before)
    later = before.assign(recency_days=before["recency_days"] + 30)
    scored = bins.transform(later)
    # same edges: every customer is 30 days older, so no one scores better, a scores worse
    assert (scored["r_score"] <= bins.transform(before)["r_score"]).all()
    assert scored["r_score"].tolist() == [2, 2, 2, 1]  # 30 and 40 lie between 10 and 41.6
    # refitting on the later table would move the edges with it and hide the ageing
    assert rfm_scores(later)["r_score"].tolist() == bins.transform(before)["r_score"].tolist()
    with pytest.raises(dataclasses_frozen()):
        bins.n_customers = 3


def dataclasses_frozen():
    import dataclasses

    return dataclasses.FrozenInstanceError


def test_the_grid_gives_every_cell_exactly_one_segment():
    grid = segment_grid()
    assert len(grid) == 25
    assert not grid.duplicated(["r_score", "f_score"]).any()
    assert set(grid["segment"]) == set(vocabulary.codes("segment"))
    cell = grid.set_index(["r_score", "f_score"])["segment"]
    assert cell[(5, 5)] == "champions" and cell[(1, 1)] == "lost"
    assert cell[(1, 5)] == "cant_lose_them" and cell[(5, 1)] == "new_customers"


def test_segments_have_both_languages_and_an_action():
    table = vocabulary.table("segment")
    stages = set(vocabulary.codes("stage"))
    assert set(table["lifecycle_tool"]) <= stages
    import importlib

    for dotted in table["function"]:  # every recommended tool exists in the package
        module, *attrs = dotted.split(".")
        obj = importlib.import_module(f"ecrm_lab.{module}")
        for a in attrs:
            obj = getattr(obj, a)
        assert callable(obj), dotted
    assert table[["vi", "en", "action_vi", "action_en"]].map(str.strip).ne("").all().all()
    s = pd.DataFrame({"r_score": [5, 3, 1, 2], "f_score": [5, 3, 5, 1]}, index=list("wxyz"))
    en = rfm_segments(s, lang="en")
    assert en["segment"].astype(str).tolist() == [
        "champions",
        "need_attention",
        "cant_lose_them",
        "hibernating",
    ]
    assert en["segment_label"].tolist() == [
        "Champions",
        "Need Attention",
        "Can't Lose Them",
        "Hibernating",
    ]
    vi = rfm_segments(s, lang="vi")
    assert vi.loc["w", "segment_label"] == "Khách hàng xuất sắc"
    assert vi.loc["y", "action"] == table.set_index("code").loc["cant_lose_them", "action_vi"]
    assert en["segment"].cat.ordered and list(en["segment"].cat.categories) == list(
        vocabulary.codes("segment")
    )


def test_segment_scores_out_of_range_are_refused():
    s = pd.DataFrame({"r_score": [5, 6], "f_score": [5, 1]})
    with pytest.raises(InputError) as e:
        rfm_segments(s)
    assert (e.value.table, e.value.column, e.value.row) == ("scores", "r_score", 1)


def test_segment_migration_by_hand():
    before = pd.DataFrame(
        {"segment": ["champions", "champions", "at_risk", "lost"]}, index=list("abcd")
    )
    after = pd.DataFrame(
        {"segment": ["champions", "at_risk", "lost", "lost", "new_customers"]}, index=list("abcde")
    )
    m = segment_migration(before, after)
    pairs = m.fillna({"from_segment": "absent"})
    got = {
        (f, t): n
        for f, t, n in pairs[["from_segment", "to_segment", "n_customers"]].itertuples(index=False)
    }
    assert got == {
        ("champions", "champions"): 1,
        ("champions", "at_risk"): 1,
        ("at_risk", "lost"): 1,
        ("lost", "lost"): 1,
        ("absent", "new_customers"): 1,
    }
    # rows follow the segment order (champions first, the new customers last)
    assert m["from_segment"].tolist()[:2] == ["champions", "champions"]
    assert m["n_customers"].sum() == 5
    assert m.groupby("from_segment", dropna=False)["share_of_from"].sum().round(12).eq(1).all()
    assert m["from_segment"].isna().sum() == 1


def test_migration_refuses_repeated_customers():
    b = pd.DataFrame({"segment": ["lost", "lost"]}, index=["a", "a"])
    with pytest.raises(InputError, match="more than once"):
        segment_migration(b, b)


def test_rfm_recency_is_T_minus_btyd_recency():
    """The two recencies of notebook 07: RFM's (last purchase → as_of) = T − BG/NBD's (first → last)."""
    orders = _orders()
    orders = orders[orders["status"] == "completed"]
    rfm = rfm_table(orders, as_of=AS_OF)
    btyd = btyd_summary(orders, as_of=AS_OF, time_unit="D")
    assert (rfm["recency_days"] == (btyd["T"] - btyd["recency_btyd"]).astype(int)).all()


def _two_groups(n=60, seed=1):
    g = np.random.default_rng(seed)
    good = pd.DataFrame(
        {
            "recency_days": g.integers(0, 15, n),
            "frequency": g.integers(8, 15, n),
            "monetary": g.uniform(2e6, 4e6, n),
        }
    )
    poor = pd.DataFrame(
        {
            "recency_days": g.integers(200, 400, n),
            "frequency": g.integers(1, 3, n),
            "monetary": g.uniform(1e5, 3e5, n),
        }
    )
    return pd.concat([good, poor], ignore_index=True), np.repeat([1, 2], n)


def test_kmeans_recovers_two_planted_groups_and_numbers_them_best_first():
    rfm, truth = _two_groups()
    km = rfm_kmeans(rfm, n_clusters=2, rng=7)
    assert (km.labels.to_numpy() == truth).all()
    assert km.centers.loc[1, "monetary"] > km.centers.loc[2, "monetary"]
    assert km.centers["n_customers"].tolist() == [60, 60]
    assert (km.predict(rfm) == km.labels).all()
    again = rfm_kmeans(rfm, n_clusters=2, rng=7)
    assert again.inertia == km.inertia


def test_kmeans_bad_cluster_count():
    rfm, _ = _two_groups(n=3)
    with pytest.raises(ValueError, match="n_clusters"):
        rfm_kmeans(rfm, n_clusters=7)


@pytest.mark.parametrize(
    ("change", "column", "match"),
    [
        (lambda o: o.assign(amount=o["amount"].where(o.index != 3, 0.0)), "amount", "0 or less"),
        (lambda o: o.assign(amount=o["amount"].where(o.index != 3, -5.0)), "amount", "negative"),
        (
            lambda o: o.assign(order_date=o["order_date"].where(o.index != 2, "2025-04-01")),
            "order_date",
            "after as_of",
        ),
        (lambda o: o.drop(columns="amount"), None, "amount"),
        (lambda o: o.assign(status="pending"), "status", "purchase status"),
    ],
)
def test_rfm_table_bad_input(change, column, match):
    with pytest.raises(InputError, match=match) as e:
        rfm_table(change(_orders()), as_of=AS_OF)
    assert e.value.table == "orders" and e.value.fix
    if column:
        assert e.value.column == column


def test_rfm_on_cdnow_and_the_btyd_recency():
    """CDNOW (shipped): 8 purchases of $0 are refused with the fix; without them, the identities hold."""
    from ecrm_lab.clv import load_cdnow

    cd = load_cdnow()
    with pytest.raises(InputError, match="0 or less") as e:
        rfm_table(cd, as_of="1998-06-30", status_col=None)
    assert e.value.column == "amount" and "drop" in e.value.fix
    paid = cd[cd["amount"] > 0]
    assert len(cd) - len(paid) == 8
    rfm = rfm_table(paid, as_of="1998-06-30", status_col=None)
    btyd = btyd_summary(paid, as_of="1998-06-30", status_col=None, time_unit="D")
    assert len(rfm) == 2357 - int((~cd.groupby("customer_id")["amount"].max().gt(0)).sum())
    common = btyd.loc[rfm.index]
    assert (rfm["recency_days"] == (common["T"] - common["recency_btyd"]).astype(int)).all()
    assert (rfm["frequency"] >= common["frequency"] + 1).all()  # orders ≥ purchase days
    assert rfm["monetary"].sum() == pytest.approx(paid["amount"].sum())
    seg = rfm_segments(rfm_scores(rfm), lang="en")
    assert seg["segment"].notna().all()


def test_a_table_without_status_counts_every_row():
    orders = _orders().drop(columns="status")
    rfm = rfm_table(orders, as_of=AS_OF)
    pd.testing.assert_frame_equal(rfm, rfm_table(_orders(), as_of=AS_OF, status_col=None))
    assert rfm.loc["b", "frequency"] == 2 and "e" in rfm.index


def test_kmeans_equals_scikit_learn_up_to_the_numbering():
    from sklearn.cluster import KMeans
    from sklearn.preprocessing import StandardScaler

    rfm, _ = _two_groups(n=40, seed=5)
    rfm.loc[0, "monetary"] = 9e6  # an outlier, so the three clusters are not trivial
    km = rfm_kmeans(rfm, n_clusters=3, rng=11)
    seed = int(np.random.default_rng(11).integers(2**31 - 1))
    z = StandardScaler().fit_transform(np.log1p(rfm[["recency_days", "frequency", "monetary"]]))
    direct = KMeans(n_clusters=3, n_init=10, random_state=seed).fit(z)
    assert km.inertia == pytest.approx(direct.inertia_)
    # the same partition: each of our clusters is exactly one of scikit-learn's
    table = pd.crosstab(km.labels.to_numpy(), direct.labels_)
    assert ((table > 0).sum(axis=1) == 1).all() and ((table > 0).sum(axis=0) == 1).all()


# ------------------------------------------------ lesson 07 additions: drop_later, segment value, plots
def test_drop_later_looks_at_the_shop_on_an_earlier_day():
    # on 2025-03-21 (evening included): a has no purchase yet? a's first purchases are 03-01
    early = rfm_table(_orders(), as_of="2025-03-21", drop_later=True)
    assert early.index.tolist() == ["a", "b", "c", "d"]
    assert early["frequency"].tolist() == [2, 1, 2, 1]  # a's 03-31 order is later
    assert early["recency_days"].tolist() == [20, 0, 0, 79]
    same = rfm_table(_orders()[lambda o: o["order_date"] < "2025-03-22"], as_of="2025-03-21")
    pd.testing.assert_frame_equal(early, same)
    with pytest.raises(InputError, match="after as_of"):
        rfm_table(_orders(), as_of="2025-03-21")
    with pytest.raises(InputError, match="no order on or before") as e:
        rfm_table(_orders(), as_of="2024-12-31", drop_later=True)
    assert e.value.fix


def _value_orders():
    rows = [
        # past: up to 2025-03-31 (as_of)
        ("a", "2025-03-30", 400.0, "completed"),
        ("a", "2025-02-10", 200.0, "completed"),
        ("b", "2025-03-15", 100.0, "completed"),
        ("c", "2024-06-01", 300.0, "completed"),
        # future: 2025-04-01 … 2025-04-30 is the 30-day horizon
        ("a", "2025-04-01", 50.0, "completed"),  # first day of the horizon
        ("b", "2025-04-30 23:00", 70.0, "completed"),  # last day of the horizon
        ("b", "2025-04-10", 999.0, "cancelled"),  # not a purchase
        ("c", "2025-05-01", 80.0, "completed"),  # after the horizon
        ("z", "2025-04-05", 500.0, "completed"),  # a new customer: not in any segment
    ]
    df = pd.DataFrame(rows, columns=["customer_id", "order_date", "amount", "status"])
    df.insert(0, "order_id", range(len(df)))
    return df


def test_segment_value_by_hand():
    segs = pd.DataFrame(
        {
            "segment": ["champions", "champions", "lost"],
            "recency_days": [1, 16, 303],
            "frequency": [2, 1, 1],
            "monetary": [600.0, 100.0, 300.0],
        },
        index=pd.Index(["a", "b", "c"], name="customer_id"),
    )
    v = segment_value(segs, _value_orders(), as_of=AS_OF, horizon_days=30, lang="en")
    assert v["segment"].tolist() == ["champions", "lost"]
    assert v["segment_label"].tolist() == ["Champions", "Lost"]
    assert v["n_customers"].tolist() == [2, 1]
    assert v["customer_share"].tolist() == pytest.approx([2 / 3, 1 / 3])
    assert v["recency_days"].tolist() == pytest.approx([8.5, 303])
    assert v["frequency"].tolist() == pytest.approx([1.5, 1])
    assert v["monetary"].tolist() == pytest.approx([350.0, 300.0])
    assert v["monetary_total"].tolist() == pytest.approx([700.0, 300.0])
    assert v["monetary_share"].tolist() == pytest.approx([0.7, 0.3])
    # horizon: a 50 and b 70 (the cancelled order and c's order on 05-01 do not count)
    assert v["future_buyer_share"].tolist() == pytest.approx([1.0, 0.0])
    assert v["future_revenue_per_customer"].tolist() == pytest.approx([60.0, 0.0])
    assert v["future_revenue_share"].tolist() == pytest.approx([1.0, 0.0])
    # a longer horizon takes in c's order of 05-01
    v31 = segment_value(segs, _value_orders(), as_of=AS_OF, horizon_days=31, lang="en")
    assert v31["future_revenue_per_customer"].tolist() == pytest.approx([60.0, 80.0])
    assert v31["future_revenue_share"].tolist() == pytest.approx([120 / 200, 80 / 200])
    past_only = segment_value(segs, lang="vi")
    assert "future_buyer_share" not in past_only
    assert past_only["segment_label"].tolist()[0] == "Khách hàng xuất sắc"


def test_segment_value_of_the_rfm_pipeline_adds_up():
    rfm = rfm_table(_value_orders(), as_of=AS_OF, drop_later=True)
    seg = rfm_segments(rfm_scores(rfm), lang="en")
    v = segment_value(seg, _value_orders(), as_of=AS_OF, horizon_days=30)
    assert v["n_customers"].sum() == len(rfm) == 3
    assert v["monetary_total"].sum() == pytest.approx(rfm["monetary"].sum())
    order = list(vocabulary.codes("segment"))
    assert [order.index(s) for s in v["segment"]] == sorted(order.index(s) for s in v["segment"])


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda s, o: segment_value(s.drop(columns="segment")), InputError, "segment"),
        (lambda s, o: segment_value(s.assign(monetary=-1.0)), InputError, "negative"),
        (lambda s, o: segment_value(s.assign(segment=None)), InputError, "without a segment"),
        (lambda s, o: segment_value(s, o), ValueError, "needs as_of"),
        (lambda s, o: segment_value(s, o, as_of=AS_OF, horizon_days=0), ValueError, "≥ 1"),
        (lambda s, o: segment_value(s, o, as_of=AS_OF, horizon_days=2.5), TypeError, "whole"),
        (lambda s, o: segment_value(s, o, as_of=AS_OF, horizon_days=90), InputError, "ends on"),
        (lambda s, o: segment_value(s, o.drop(columns="amount"), as_of=AS_OF), InputError, "amount"),
    ],
    ids=["no-segment-col", "negative", "missing-segment", "no-as_of", "zero-horizon",
         "fractional-horizon", "orders-end-early", "orders-without-amount"],
)  # fmt: skip
def test_segment_value_bad_input(call, error, match):
    segs = pd.DataFrame(
        {"segment": ["champions", "lost"], "recency_days": [1, 300], "frequency": [2, 1],
         "monetary": [600.0, 300.0]}, index=["a", "c"],
    )  # fmt: skip
    with pytest.raises(error, match=match) as e:
        call(segs, _value_orders())
    if error is InputError:
        assert e.value.fix


def _segments_on_hand():
    rfm = rfm_table(_orders(), as_of=AS_OF)
    return rfm_segments(rfm_scores(rfm), lang="en")


def test_plot_segment_map_shows_every_segment_once_with_its_count():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ecrm_lab.rfm import plot_segment_map

    seg = _segments_on_hand()
    ax = plot_segment_map(seg, lang="en")
    texts = [t.get_text() for t in ax.texts]
    assert len(texts) == len(vocabulary.codes("segment")) == len(ax.patches)
    counts = seg["segment"].astype(str).value_counts()
    for code, name in vocabulary.labels("segment", "en").items():
        (text,) = [t for t in texts if t.startswith(name + "\n")]
        assert text.split("\n")[1].startswith(str(int(counts.get(code, 0))))
    # the blocks tile the 5 × 5 grid exactly
    assert sum(p.get_width() * p.get_height() for p in ax.patches) == pytest.approx(25)
    # F scores 2 and 3 are unused by the four customers: their ticks say so
    used = set(seg["f_score"])
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert [("(0)" in t) for t in ticks] == [k not in used for k in range(1, 6)]
    plt.close("all")


def test_plot_segment_value_and_migration_draw_what_the_tables_say():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ecrm_lab.rfm import plot_segment_migration, plot_segment_value

    seg = _segments_on_hand()
    v = segment_value(seg, lang="en")
    (ax,) = plot_segment_value(v, lang="en")
    widths = sorted(round(p.get_width(), 9) for p in ax.patches)
    assert widths == sorted(round(x, 9) for x in [*v["customer_share"], *v["monetary_share"]])
    assert ax.get_xlim()[0] == 0
    plt.close("all")
    later = seg.copy()
    later["segment"] = later["segment"].astype(str).replace({"champions": "at_risk"})
    m = segment_migration(seg, later)
    ax = plot_segment_migration(m, lang="en")
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert rows[0] == vocabulary.labels("segment", "en")[str(m["from_segment"].iloc[0])]
    annotated = sorted(float(t.get_text()) for t in ax.texts)
    assert annotated == sorted(round(100 * x) for x in m["share_of_from"])
    plt.close("all")
    with pytest.raises(InputError, match="share_of_from"):
        plot_segment_migration(m.drop(columns="share_of_from"))


@pytest.mark.parametrize(
    ("plot", "table", "column"),
    [
        ("plot_segment_map", lambda s, v: s.drop(columns="f_score"), "f_score"),
        ("plot_segment_map", lambda s, v: s.iloc[:0], None),
        ("plot_segment_value", lambda s, v: v.drop(columns="monetary_share"), "monetary_share"),
        ("plot_segment_migration", lambda s, v: v, "from_segment"),
    ],
    ids=["map-no-f_score", "map-empty", "value-no-share", "migration-given-the-value-table"],
)
def test_rfm_plots_refuse_a_wrong_table_with_the_fix(plot, table, column):
    import matplotlib

    matplotlib.use("Agg")
    from ecrm_lab import rfm

    seg = _segments_on_hand()
    bad = table(seg, segment_value(seg, lang="en"))
    with pytest.raises(InputError) as e:
        getattr(rfm, plot)(bad)
    assert "returns" in e.value.fix
    if column:
        assert column in str(e.value)
