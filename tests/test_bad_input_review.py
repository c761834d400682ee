"""Silent wrong answers found by the bad-table review, each now a clear error (one test per finding)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ecrm_lab import InputError
from ecrm_lab.clv import bgnbd_loglik, gamma_gamma_loglik
from ecrm_lab.expansion import referral_tree, viral_coefficient
from ecrm_lab.experiments import outcome_kind


def test_a_referral_cycle_is_an_error_naming_the_cycle():
    # b referred c, c referred d, d referred b: nobody in the loop joined first
    refs = pd.DataFrame(
        {"referrer_id": ["a", "b", "c", "d"], "referee_id": ["x", "c", "d", "b"]},
    )
    with pytest.raises(InputError) as err:
        referral_tree(refs, date_col=None)
    e = err.value
    assert (e.table, e.column) == ("referrals", "referee_id")
    assert "cycle" in str(e) and "'d' → 'b' → 'c' → 'd'" in str(e)
    customers = pd.DataFrame({"customer_id": list("abcdx")})
    with pytest.raises(InputError, match="cycle"):
        viral_coefficient(refs, customers, date_col=None)


def test_a_chain_without_cycle_still_works():
    refs = pd.DataFrame({"referrer_id": ["a", "b", "c"], "referee_id": ["b", "c", "d"]})
    tree = referral_tree(refs, date_col=None)
    assert tree.loc["d", "generation"] == 3 and tree.loc["a", "n_descendants"] == 3


def test_outcome_kind_refuses_text():
    assert outcome_kind(pd.Series([0, 1, 1])) == "binary"
    with pytest.raises(ValueError, match="needs numbers or booleans.*'yes'"):
        outcome_kind(pd.Series(["yes", "no", "yes"]))
    with pytest.raises(ValueError, match="all are missing"):
        outcome_kind(pd.Series([np.nan, np.nan]))


@pytest.mark.parametrize(
    "params, name",
    [((-0.2, 4.0, 0.8, 2.4), "r"), ((0.2, 0.0, 0.8, 2.4), "alpha"), ((0.2, 4.0, np.nan, 2.4), "a")],
)
def test_bgnbd_loglik_refuses_non_positive_parameters(params, name):
    with pytest.raises(ValueError, match=f"{name} must be a finite number > 0"):
        bgnbd_loglik(params, [0, 2], [0.0, 10.0], [20.0, 20.0])


def test_gamma_gamma_loglik_refuses_non_positive_parameters_and_wrong_length():
    with pytest.raises(ValueError, match="gamma must be a finite number > 0"):
        gamma_gamma_loglik((6.25, 3.74, -15.44), [2], [30.0])
    with pytest.raises(ValueError, match=r"params must be 3 numbers \(p, q, gamma\), got 2"):
        gamma_gamma_loglik((6.25, 3.74), [2], [30.0])
    assert np.isfinite(gamma_gamma_loglik((6.25, 3.74, 15.44), [2], [30.0])).all()


# --- second bad-input review (v3 tables)


def test_rfm_kmeans_needs_a_whole_number_of_clusters_and_a_boolean_log():
    from ecrm_lab.rfm import rfm_kmeans

    rfm = pd.DataFrame(
        {"recency_days": [1, 2, 3, 200, 210, 220], "frequency": [9, 8, 10, 1, 1, 2],
         "monetary": [900.0, 800, 950, 50, 40, 60]}
    )  # fmt: skip
    for bad in (2.5, "3", None):
        with pytest.raises(TypeError, match="n_clusters must be a whole number"):
            rfm_kmeans(rfm, n_clusters=bad, rng=0)
    with pytest.raises(ValueError, match="n_clusters must be ≥ 2"):
        rfm_kmeans(rfm, n_clusters=0, rng=0)
    with pytest.raises(TypeError, match="log must be True or False"):
        rfm_kmeans(rfm, n_clusters=2, log="no", rng=0)


def test_estimate_uplift_refuses_a_date_outcome_and_a_missing_outcome():
    from ecrm_lab.experiments import estimate_uplift

    df = pd.DataFrame(
        {"arm": ["a", "a", "b", "b"], "when": pd.to_datetime(["2026-01-01"] * 4),
         "won": pd.array([True, False, True, pd.NA], dtype="boolean")}
    )  # fmt: skip
    with pytest.raises(InputError, match="holds dates"):
        estimate_uplift(df, arm="arm", outcome="when", control="a")
    with pytest.raises(InputError) as err:
        estimate_uplift(df, arm="arm", outcome="won", control="a")
    assert (err.value.column, err.value.row) == ("won", 3) and "missing" in str(err.value)


def test_retention_by_experience_on_a_filtered_category_column():
    from ecrm_lab.service_quality import retention_by_experience

    ev = pd.DataFrame(
        {"carrier": pd.Categorical(["x", "y", "y", "z"], categories=["w", "x", "y", "z"]),
         "retained": [1, 0, 1, 1]}
    )  # fmt: skip
    out = retention_by_experience(ev[ev["carrier"] != "z"], value_col="carrier")
    assert out["group"].tolist() == ["x", "y"] and out["n"].tolist() == [1, 2]
    assert out["retention_rate"].tolist() == [1.0, 0.5]


def test_churn_model_refuses_a_number_column_with_a_text_value():
    from ecrm_lab.retention.model import _features_table

    df = pd.DataFrame({"mean_amount": [100.0, 200.0] * 10, "channel": ["a", "b"] * 10})
    df["mean_amount"] = df["mean_amount"].astype(object)
    df.loc[3, "mean_amount"] = "nhiều"
    with pytest.raises(InputError) as err:
        _features_table(df, ["mean_amount", "channel"], "snapshots")
    e = err.value
    assert (e.table, e.column, e.row) == ("snapshots", "mean_amount", 3)
    assert "'nhiều'" in str(e) and "pd.to_numeric" in str(e)
    # a real text column is still one-hot material
    assert _features_table(df.drop(columns="mean_amount"), ["channel"], "snapshots").shape == (
        20,
        1,
    )
