"""ecrm_lab.experiments: uplift per arm, checked by hand, against statsmodels and scipy, on planted
experiments (interval coverage) and on the Hillstrom e-mail test (../shared only)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import SHARED

from ecrm_lab import InputError
from ecrm_lab._stats import wilson_interval
from ecrm_lab.experiments import estimate_uplift, plot_uplift

HILLSTROM = SHARED / "data" / "real" / "hillstrom.csv"


def _binary(k_t, n_t, k_c, n_c):
    return pd.DataFrame(
        {
            "arm": ["offer"] * n_t + ["none"] * n_c,
            "reactivated": [1] * k_t + [0] * (n_t - k_t) + [1] * k_c + [0] * (n_c - k_c),
        }
    )


def test_binary_rates_lift_and_order_by_hand():
    df = _binary(30, 100, 20, 80)
    out = estimate_uplift(df, arm="arm", outcome="reactivated", control="none")
    assert out["arm"].tolist() == ["none", "offer"]  # control first
    assert out["n"].tolist() == [80, 100]
    assert out["successes"].tolist() == [20, 30]
    assert out["rate"].tolist() == pytest.approx([0.25, 0.30])
    assert out["lift"].tolist() == pytest.approx([0.0, 0.05])
    assert out.loc[0, ["ci_low", "ci_high", "p_value"]].isna().all()


def test_binary_interval_is_newcombe_from_two_wilson_intervals():
    """Newcombe's hybrid score interval, written out from the two arms' Wilson intervals."""
    k1, n1, k2, n2 = 30, 100, 20, 80
    out = estimate_uplift(_binary(k1, n1, k2, n2), arm="arm", outcome="reactivated", control="none")
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = wilson_interval(k1, n1)
    l2, u2 = wilson_interval(k2, n2)
    d = p1 - p2
    low = d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    row = out.iloc[1]
    assert row["ci_low"] == pytest.approx(low, abs=1e-10)
    assert row["ci_high"] == pytest.approx(high, abs=1e-10)


def test_binary_p_value_is_statsmodels_two_proportion_test():
    from statsmodels.stats.proportion import proportions_ztest

    out = estimate_uplift(
        _binary(45, 200, 30, 210), arm="arm", outcome="reactivated", control="none"
    )
    z, p = proportions_ztest([45, 30], [200, 210])
    assert out.loc[1, "p_value"] == pytest.approx(p, rel=1e-12)
    # and by hand: pooled z
    pp = 75 / 410
    zz = (45 / 200 - 30 / 210) / np.sqrt(pp * (1 - pp) * (1 / 200 + 1 / 210))
    assert z == pytest.approx(zz)


def test_booleans_are_a_binary_outcome_and_all_zero_arms_have_p_one():
    df = pd.DataFrame({"arm": list("aabb"), "bought": [False, False, False, False]})
    out = estimate_uplift(df, arm="arm", outcome="bought", control="a")
    assert out.loc[1, "lift"] == 0 and out.loc[1, "p_value"] == 1.0
    assert out.loc[1, "ci_low"] < 0 < out.loc[1, "ci_high"]


def test_continuous_outcome_is_welch():
    from scipy import stats

    rng = np.random.default_rng(3)
    a, b = rng.normal(100, 10, 40), rng.normal(108, 30, 25)
    df = pd.DataFrame({"arm": ["ctl"] * 40 + ["mail"] * 25, "spend": np.r_[a, b]})
    out = estimate_uplift(df, arm="arm", outcome="spend", control="ctl")
    assert "mean" in out and "rate" not in out and "successes" not in out
    row = out.iloc[1]
    assert row["mean"] == pytest.approx(b.mean()) and row["lift"] == pytest.approx(
        b.mean() - a.mean()
    )
    t = stats.ttest_ind(b, a, equal_var=False)
    assert row["p_value"] == pytest.approx(t.pvalue, rel=1e-10)
    va, vb = a.var(ddof=1) / 40, b.var(ddof=1) / 25
    dof = (va + vb) ** 2 / (va**2 / 39 + vb**2 / 24)
    half = stats.t.ppf(0.975, dof) * np.sqrt(va + vb)
    assert row["ci_low"] == pytest.approx(b.mean() - a.mean() - half)
    assert row["ci_high"] == pytest.approx(b.mean() - a.mean() + half)


def test_ci_level_widens_the_interval():
    df = _binary(60, 300, 40, 300)
    w90 = estimate_uplift(df, arm="arm", outcome="reactivated", control="none", ci_level=0.9)
    w99 = estimate_uplift(df, arm="arm", outcome="reactivated", control="none", ci_level=0.99)
    assert (
        w99.loc[1, "ci_low"] < w90.loc[1, "ci_low"] < w90.loc[1, "ci_high"] < w99.loc[1, "ci_high"]
    )


def test_intervals_cover_a_planted_effect_about_95_percent_of_the_time():
    """400 planted win-back experiments (reactivation 8 % without, 11 % with the offer)."""
    rng = np.random.default_rng(2024)
    covered_b = covered_c = 0
    reps = 400
    for _ in range(reps):
        treat = rng.random(1500) < 0.5
        y = rng.random(1500) < np.where(treat, 0.11, 0.08)
        df = pd.DataFrame({"arm": np.where(treat, "offer", "none"), "y": y.astype(int)})
        row = estimate_uplift(df, arm="arm", outcome="y", control="none").iloc[1]
        covered_b += row["ci_low"] <= 0.03 <= row["ci_high"]
        spend = np.where(treat, 5.0, 0.0) + rng.exponential(50, 1500)
        row = estimate_uplift(df.assign(s=spend), arm="arm", outcome="s", control="none").iloc[1]
        covered_c += row["ci_low"] <= 5.0 <= row["ci_high"]
    # binomial(400, 0.95): 0.92 … 0.98 holds with probability > 0.99
    assert 0.92 <= covered_b / reps <= 0.98
    assert 0.92 <= covered_c / reps <= 0.98


def test_several_arms_are_each_compared_with_control():
    df = pd.concat([_binary(10, 50, 5, 50), _binary(20, 50, 0, 0).replace("offer", "big")])
    out = estimate_uplift(df, arm="arm", outcome="reactivated", control="none")
    assert out["arm"].tolist() == ["none", "big", "offer"]
    assert out["lift"].tolist() == pytest.approx([0.0, 0.3, 0.1])


@pytest.mark.parametrize(
    "df, kwargs, match",
    [
        (
            _binary(3, 10, 2, 10),
            {"control": "placebo"},
            "no control arm 'placebo'.*'offer', 'none'",
        ),
        (_binary(3, 10, 0, 0), {"control": "offer"}, "only one arm"),
        (_binary(3, 10, 2, 10).assign(reactivated=["yes"] * 20), {"control": "none"}, "text"),
        (
            _binary(3, 10, 2, 10).assign(reactivated=np.arange(20.0)),
            {"control": "none", "kind": "binary"},
            "only 0/1",
        ),
        (_binary(3, 10, 2, 10).assign(arm=[None] + ["x"] * 19), {"control": "x"}, "missing arm"),
        (
            pd.DataFrame({"arm": ["a", "b", "b"], "s": [1.0, 2.0, 3.0]}),
            {"control": "b", "outcome": "s"},
            "single person",
        ),
        (_binary(3, 10, 2, 10).iloc[:0], {"control": "none"}, "is empty"),
    ],
    ids=[
        "no-control",
        "one-arm",
        "text-outcome",
        "rate-of-non-binary",
        "missing-arm",
        "one-person",
        "empty",
    ],
)
def test_bad_experiments_are_clear_errors(df, kwargs, match):
    kwargs = {"arm": "arm", "outcome": "reactivated", **kwargs}
    with pytest.raises(InputError, match=match) as err:
        estimate_uplift(df, **kwargs)
    assert err.value.table == "experiment" and err.value.fix


def test_bad_arguments():
    df = _binary(3, 10, 2, 10)
    with pytest.raises(ValueError, match="ci_level"):
        estimate_uplift(df, arm="arm", outcome="reactivated", control="none", ci_level=95)
    with pytest.raises(ValueError, match="kind"):
        estimate_uplift(df, arm="arm", outcome="reactivated", control="none", kind="rate")
    with pytest.raises(InputError, match="lacks column"):
        estimate_uplift(df, arm="group", outcome="reactivated", control="none")


def test_plot_uplift_draws_the_lifts_from_zero_in_percent():
    df = pd.concat([_binary(10, 50, 5, 50), _binary(20, 50, 0, 0).replace("offer", "big")])
    out = estimate_uplift(df, arm="arm", outcome="reactivated", control="none")
    ax = plot_uplift(out)
    bars = ax.patches
    assert len(bars) == 2
    assert [b.get_x() for b in bars] == [0, 0]  # bars start at zero
    assert sorted(round(b.get_width(), 6) for b in bars) == [0.1, 0.3]
    assert "%" in ax.xaxis.get_major_formatter()(0.1, 0)


def test_plot_uplift_marks_the_true_effect_beside_each_arm():
    import matplotlib.pyplot as plt

    from ecrm_lab.i18n import label

    df = pd.concat([_binary(10, 50, 5, 50), _binary(20, 50, 0, 0).replace("offer", "big")])
    out = estimate_uplift(df, arm="arm", outcome="reactivated", control="none")
    ax = plot_uplift(out, truth=0.12)
    pts = ax.collections[-1].get_offsets()
    assert pts[:, 0].tolist() == [0.12, 0.12] and pts[:, 1].tolist() == [0, 1]
    assert ax.get_legend() is not None
    plt.close("all")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["big", label("offer", "vi")]
    ax = plot_uplift(out, truth={"big": 0.25})
    assert ax.collections[-1].get_offsets()[:, 1].tolist() == [0]  # "big" is the first treated arm
    plt.close("all")
    with pytest.raises(InputError, match="no treated arm 'gift'"):
        plot_uplift(out, truth={"gift": 0.1})
    plt.close("all")


@pytest.fixture(scope="module")
def hill():
    return pd.read_csv(HILLSTROM)


@pytest.mark.skipif(not HILLSTROM.exists(), reason="real data lives in ../shared (absent here)")
class TestHillstrom:
    """Hillstrom's MineThatData e-mail test (64,000 customers, three arms), from ../shared only."""

    def test_rates_and_means_equal_an_independent_groupby(self, hill):
        ref = hill.groupby("segment")[["visit", "conversion", "spend"]].mean()
        sizes = hill["segment"].value_counts()
        for outcome in ("visit", "conversion", "spend"):
            out = estimate_uplift(hill, arm="segment", outcome=outcome, control="No E-Mail")
            value = "mean" if outcome == "spend" else "rate"
            got = out.set_index("arm")
            for arm in ref.index:
                assert got.loc[arm, value] == pytest.approx(ref.loc[arm, outcome], rel=1e-12)
                assert got.loc[arm, "n"] == sizes[arm]
                assert got.loc[arm, "lift"] == pytest.approx(
                    ref.loc[arm, outcome] - ref.loc["No E-Mail", outcome], abs=1e-12
                )

    def test_the_published_figures(self, hill):
        visit = estimate_uplift(hill, arm="segment", outcome="visit", control="No E-Mail")
        conv = estimate_uplift(hill, arm="segment", outcome="conversion", control="No E-Mail")
        v = (visit.set_index("arm")["rate"] * 100).round(1)
        c = (conv.set_index("arm")["rate"] * 100).round(2)
        assert v.to_dict() == {"No E-Mail": 10.6, "Mens E-Mail": 18.3, "Womens E-Mail": 15.1}
        assert c.to_dict() == {"No E-Mail": 0.57, "Mens E-Mail": 1.25, "Womens E-Mail": 0.88}
        # both e-mails raise visits and conversion beyond chance
        assert (visit["p_value"].iloc[1:] < 1e-6).all() and (conv["ci_low"].iloc[1:] > 0).all()
