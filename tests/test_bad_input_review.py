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
