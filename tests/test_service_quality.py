"""ecrm_lab.service_quality: gaps, the importance–performance grid, gaps versus churn, service events
versus retention — hand-built tables and a planted survey generated here."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ecrm_lab import InputError, vocabulary
from ecrm_lab import service_quality as sq
from ecrm_lab._stats import wilson_interval

S = pd.DataFrame(
    {
        "customer_id": ["a", "a", "b", "b", "c", "c"],
        "dimension": ["privacy", "fulfillment"] * 3,
        "expectation": [5, 7, 6, 6, 4, 7],
        "perception": [6, 4, 6, 5, 5, 3],
    }
)


def planted_survey(n=3000, seed=4):
    """Gaps on four E-S-QUAL dimensions; churn log-odds fall 0.8 per point of fulfilment gap,
    0.3 per point of efficiency gap, and do not depend on privacy or system availability."""
    rng = np.random.default_rng(seed)
    dims = vocabulary.codes("sq_dimension", subset="core")
    rows, gaps = [], {}
    for d in dims:
        e = rng.integers(4, 8, n)
        p = np.clip(e + rng.integers(-3, 2, n), 1, 7)
        gaps[d] = p - e
        rows.append(
            pd.DataFrame(
                {"customer_id": np.arange(n), "dimension": d, "expectation": e, "perception": p}
            )
        )
    logit = -1.5 - 0.8 * gaps["fulfillment"] - 0.3 * gaps["efficiency"]
    churned = rng.random(n) < 1 / (1 + np.exp(-logit))
    churn = pd.DataFrame({"customer_id": np.arange(n), "churned": churned})
    return pd.concat(rows, ignore_index=True), churn


def test_gap_by_dimension_by_hand():
    g = sq.gap_by_dimension(S).set_index("dimension")
    assert g.index.tolist() == ["fulfillment", "privacy"]  # vocabulary order
    assert g.loc[
        "fulfillment", ["n", "expectation", "perception", "gap"]
    ].tolist() == pytest.approx([3, 20 / 3, 4, 4 - 20 / 3])
    assert g.loc["privacy", "gap"] == pytest.approx(2 / 3)
    assert g.loc["privacy", "share_negative"] == 0 and g.loc["fulfillment", "share_negative"] == 1
    from scipy import stats

    gaps = np.array([-3, -1, -4])
    lo, hi = stats.t.interval(0.95, 2, loc=gaps.mean(), scale=stats.sem(gaps))
    assert g.loc["fulfillment", ["ci_low", "ci_high"]].tolist() == pytest.approx([lo, hi])


def test_gap_by_customer_by_hand():
    c = sq.gap_by_customer(S).set_index("customer_id")
    assert c.columns.tolist() == ["fulfillment", "privacy", "mean_gap"]
    assert c["fulfillment"].tolist() == [-3, -1, -4]
    assert c["mean_gap"].tolist() == pytest.approx([-1, -0.5, -1.5])


def test_unknown_dimensions_come_after_the_vocabulary_ones():
    s = pd.concat([S, S.iloc[:1].assign(dimension="price_fairness")])
    assert sq.gap_by_dimension(s)["dimension"].tolist() == [
        "fulfillment",
        "privacy",
        "price_fairness",
    ]


def test_importance_performance_quadrants():
    grid = sq.importance_performance(S).set_index("dimension")
    # means: importance (20/3 + 5)/2, performance (4 + 17/3)/2
    assert grid.loc["fulfillment", "quadrant"] == "concentrate_here"
    assert grid.loc["privacy", "quadrant"] == "possible_overkill"
    assert grid["importance_cut"].iloc[0] == pytest.approx((20 / 3 + 5) / 2)
    scale = sq.importance_performance(S, cut="scale").set_index("dimension")
    assert scale.loc["fulfillment", "quadrant"] == "keep_up"  # 4.0 counts as high
    assert set(grid["quadrant"]) <= set(vocabulary.codes("ipa_quadrant"))
    with pytest.raises(ValueError, match="cut must be"):
        sq.importance_performance(S, cut="median")


def test_gap_churn_link_recovers_the_planted_odds_ratios():
    surveys, churn = planted_survey()
    link = sq.gap_churn_link(surveys, churn).set_index("dimension")
    assert link.index.tolist() == list(vocabulary.codes("sq_dimension", subset="core"))
    for d, coef in {
        "fulfillment": -0.8,
        "efficiency": -0.3,
        "privacy": 0.0,
        "system_availability": 0.0,
    }.items():
        assert link.loc[d, "ci_low"] < np.exp(coef) < link.loc[d, "ci_high"], d
    assert link.loc["fulfillment", "p_value"] < 1e-6
    assert link["n"].iloc[0] == 3000 and link["n_churned"].iloc[0] == churn["churned"].sum()


def test_gap_churn_link_agrees_with_statsmodels_on_the_same_table():
    import statsmodels.api as sm

    surveys, churn = planted_survey(n=600, seed=9)
    link = sq.gap_churn_link(surveys, churn, dimensions=["fulfillment", "privacy"])
    wide = sq.gap_by_customer(surveys).merge(churn)
    X = sm.add_constant(wide[["fulfillment", "privacy"]].astype(float))
    ref = sm.Logit(wide["churned"].astype(float), X).fit(disp=0)
    assert link["coef"].to_numpy() == pytest.approx(np.asarray(ref.params)[1:])


def test_gap_churn_link_errors():
    surveys, churn = planted_survey(n=200)
    with pytest.raises(InputError, match="no dimension 'speed'"):
        sq.gap_churn_link(surveys, churn, dimensions=["speed"])
    with pytest.raises(InputError, match="single outcome"):
        sq.gap_churn_link(surveys, churn.assign(churned=False))
    with pytest.raises(InputError, match="too few"):
        sq.gap_churn_link(surveys, churn.assign(customer_id=churn["customer_id"] + 10_000))
    with pytest.raises(InputError, match="0/1"):
        sq.gap_churn_link(surveys, churn.assign(churned=2))


def test_retention_by_experience_bins_and_labels():
    ev = pd.DataFrame(
        {"delay_days": [-1, 0, 1, 2, 3, 6, 8, 9], "retained": [1, 1, 1, 0, 1, 0, 0, 1]}
    )
    out = sq.retention_by_experience(ev, value_col="delay_days", bins=[-np.inf, 0, 3, np.inf])
    assert out["group"].tolist() == ["(-inf, 0]", "(0, 3]", "(3, inf]"]
    assert out["n"].tolist() == [2, 3, 3] and out["retained"].tolist() == [2, 2, 1]
    lo, hi = wilson_interval(np.array([2, 2, 1]), np.array([2, 3, 3]))
    assert out["ci_low"].tolist() == pytest.approx(lo) and out["ci_high"].tolist() == pytest.approx(
        hi
    )
    claims = pd.DataFrame(
        {
            "outcome": ["repaired", "replaced", "rejected", "repaired"],
            "retained": [True, True, False, False],
        }
    )
    out = sq.retention_by_experience(claims, value_col="outcome")
    assert out.set_index("group")["retention_rate"].to_dict() == {
        "rejected": 0.0,
        "repaired": 0.5,
        "replaced": 1.0,
    }


def test_retention_by_experience_shows_a_planted_delay_effect():
    rng = np.random.default_rng(1)
    delay = rng.integers(0, 10, 5000)
    retained = rng.random(5000) < 0.7 - 0.05 * delay
    out = sq.retention_by_experience(
        pd.DataFrame({"d": delay, "r": retained}),
        value_col="d",
        retained_col="r",
        bins=[-1, 2, 5, 9],
        ci_level=0.99,  # three intervals: 99 % each keeps the joint coverage near 97 %
    )
    truth = [0.7 - 0.05 * np.mean(r) for r in (range(0, 3), range(3, 6), range(6, 10))]
    assert (out["ci_low"] < truth).all() and (np.array(truth) < out["ci_high"]).all()
    assert out["retention_rate"].is_monotonic_decreasing


@pytest.mark.parametrize(
    "bad, match",
    [
        (S.assign(perception=[6, 4, 6, 5, 5, 8]), "outside the 1–7 scale.*8"),
        (S.assign(expectation=[0, 7, 6, 6, 4, 7]), "outside the 1–7 scale"),
        (S.assign(perception=["6"] * 6), "text"),
        (S.assign(expectation=[5, np.nan, 6, 6, 4, 7]), "missing value"),
        (pd.concat([S, S.iloc[:1]]), "duplicated"),
        (S.assign(dimension=[None] + ["privacy"] * 5), "missing dimension"),
        (S.drop(columns="perception"), "lacks column"),
    ],
    ids=["above-7", "below-1", "text", "missing", "twice", "no-dimension", "no-column"],
)
def test_bad_surveys(bad, match):
    for f in (sq.gap_by_dimension, sq.gap_by_customer, sq.importance_performance):
        with pytest.raises(InputError, match=match) as err:
            f(bad)
        assert err.value.table == "surveys" and err.value.fix


def test_bad_events():
    ev = pd.DataFrame({"d": [1, 5, 20], "r": [1, 0, 1]})
    with pytest.raises(InputError, match="outside the bins"):
        sq.retention_by_experience(ev, value_col="d", retained_col="r", bins=[0, 10])
    with pytest.raises(InputError, match="0/1"):
        sq.retention_by_experience(ev.assign(r=[1, 2, 0]), value_col="d", retained_col="r")
    with pytest.raises(InputError, match="labels, not numbers"):
        sq.retention_by_experience(
            ev.assign(d=list("abc")), value_col="d", retained_col="r", bins=[0, 1]
        )
    with pytest.raises(ValueError, match="increasing"):
        sq.retention_by_experience(ev, value_col="d", retained_col="r", bins=[10, 0])


def test_plots_draw_their_tables():
    import matplotlib.pyplot as plt

    ax = sq.plot_gaps(sq.gap_by_dimension(S))
    widths = sorted(round(b.get_width(), 6) for b in ax.patches)
    assert widths == pytest.approx(sorted([4 - 20 / 3, 2 / 3]))
    assert all(b.get_x() == 0 for b in ax.patches)
    plt.close("all")
    grid = sq.importance_performance(S)
    ax = sq.plot_ipa(grid, lang="vi")
    assert ax.get_xlim() == (1, 7) and ax.get_ylim() == (1, 7)
    texts = {t.get_text() for t in ax.texts}
    assert "cần tập trung cải thiện" in texts and "bảo mật thông tin" in texts
    plt.close("all")
    # zoomed: each axis spans the points and the cut ± 0.25: performance 4 (fulfilment) …
    # 17/3 (privacy), cut 29/6; importance 5 (privacy) … 20/3 (fulfilment), cut 35/6
    ax = sq.plot_ipa(grid, zoom=True)
    assert ax.get_xlim() == pytest.approx((3.75, 17 / 3 + 0.25))
    assert ax.get_ylim() == pytest.approx((4.75, 20 / 3 + 0.25))
    assert sum(t.get_text() == "cần tập trung cải thiện" for t in ax.texts) == 1
    plt.close("all")
    with pytest.raises(TypeError, match="zoom"):
        sq.plot_ipa(grid, zoom="yes")
    ev = pd.DataFrame({"d": [0, 1, 4, 5], "r": [1, 1, 0, 1]})
    ax = sq.plot_retention_by_experience(
        sq.retention_by_experience(ev, value_col="d", retained_col="r", bins=[-1, 2, 9])
    )
    assert [round(b.get_height(), 3) for b in ax.patches] == [1.0, 0.5]
    assert ax.get_ylim() == (0, 1) and "%" in ax.yaxis.get_major_formatter()(0.5, 0)
    plt.close("all")


# ------------------------------------------------------------------ retained_after (lesson 05)
ORD = pd.DataFrame(
    {
        "order_id": ["o1", "o2", "o3", "o4", "o5", "o6"],
        "customer_id": ["a", "a", "b", "b", "c", "d"],
        "order_date": ["2025-01-01", "2025-03-01", "2025-01-05", "2025-02-01", "2025-01-10",
                       "2025-12-31"],
        "status": ["completed", "completed", "completed", "cancelled", "completed", "completed"],
    }
)  # fmt: skip


def test_retained_after_by_hand():
    ev = pd.DataFrame(
        {
            "customer_id": ["a", "a", "b", "c", "a"],
            "day": ["2025-01-03", "2025-03-01", "2025-01-08", "2025-01-12", "2025-11-02"],
            "delay": [0, 2, 5, 1, 0],
        },
        index=[10, 11, 12, 13, 14],
    )
    out = sq.retained_after(ev, ORD, event_date_col="day", horizon_days=60)
    # the last order is 2025-12-31: the event of 2025-11-02 (+60 days > end) is dropped
    assert list(out.index) == [10, 11, 12, 13]
    # a: 2025-03-01 is 57 days after 2025-01-03 → retained; an order ON the event day does not
    # count as "after" (11); b: the only later order is cancelled; c: no later order
    assert list(out["retained"]) == [True, False, False, False]
    assert out.loc[10, "next_purchase"] == pd.Timestamp("2025-03-01")
    assert out["next_purchase"].iloc[1:].isna().all()
    assert list(out["delay"]) == [0, 2, 5, 1]  # other columns are kept
    # a shorter horizon: 57 days is too long
    short = sq.retained_after(ev, ORD, event_date_col="day", horizon_days=56)
    assert not short["retained"].any()
    # with status_col=None the cancelled order of b counts
    every = sq.retained_after(ev, ORD, event_date_col="day", horizon_days=60, status_col=None)
    assert list(every["retained"]) == [True, False, True, False]
    # the table feeds retention_by_experience
    tab = sq.retention_by_experience(out, value_col="delay", bins=[-1, 0, 9])
    assert list(tab["n"]) == [1, 3] and list(tab["retained"]) == [1, 0]


def test_retained_after_end_and_bad_input():
    ev = pd.DataFrame({"customer_id": ["a"], "day": ["2025-01-03"]})
    assert len(sq.retained_after(ev, ORD, event_date_col="day", end="2025-12-31")) == 1
    with pytest.raises(InputError, match="full 60-day horizon"):
        sq.retained_after(ev, ORD, event_date_col="day", horizon_days=60, end="2025-02-01")
    with pytest.raises(InputError, match="day") as err:
        sq.retained_after(ev.rename(columns={"day": "x"}), ORD, event_date_col="day")
    assert err.value.table == "events"
    with pytest.raises(InputError) as err:
        sq.retained_after(ev.assign(customer_id=[None]), ORD, event_date_col="day")
    assert err.value.column == "customer_id"
    with pytest.raises(InputError) as err:
        sq.retained_after(ev, ORD.drop(columns="status"), event_date_col="day")
    assert err.value.table == "orders"
    with pytest.raises(InputError) as err:
        sq.retained_after(ev, ORD.assign(order_date="soon"), event_date_col="day")
    assert err.value.table == "orders" and err.value.column == "order_date"
    with pytest.raises(ValueError, match="at least 1"):
        sq.retained_after(ev, ORD, event_date_col="day", horizon_days=0)
    with pytest.raises(TypeError, match="whole number"):
        sq.retained_after(ev, ORD, event_date_col="day", horizon_days=30.5)


def test_plot_expectation_perception_draws_both_scores():
    import matplotlib.pyplot as plt

    g = sq.gap_by_dimension(S)
    ax = sq.plot_expectation_perception(g, lang="vi")
    exp_pts, per_pts = (c.get_offsets() for c in ax.collections[1:3])
    assert list(exp_pts[:, 0]) == pytest.approx(list(g["expectation"]))
    assert list(per_pts[:, 0]) == pytest.approx(list(g["perception"]))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "Kỳ vọng (giá trị mong đợi)",
        "Cảm nhận (giá trị nhận được)",
    ]
    assert ax.get_xlim()[0] < 1 and ax.get_xlim()[1] > 7
    plt.close("all")
    with pytest.raises(InputError, match="perception"):
        sq.plot_expectation_perception(g.drop(columns="perception"))
