"""BTYD summary and BG/NBD: hand-computed tables, the published CDNOW fit, and bad input."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecrm_lab import InputError
from ecrm_lab.clv import (
    BGNBDConvergenceWarning,
    BGNBDFit,
    bgnbd_loglik,
    btyd_summary,
    fit_bgnbd,
    load_cdnow,
)


def _orders(**extra):
    data = {
        "customer_id": ["a", "a", "a", "a", "b", "c"],
        "order_date": [
            "2025-01-01",
            "2025-01-08",
            "2025-01-08",  # same day: one purchase
            "2025-01-22",
            "2025-01-15",
            "2025-01-29",
        ],
    }
    data.update(extra)
    return pd.DataFrame(data)


def test_btyd_summary_by_hand():
    s = btyd_summary(_orders(), as_of="2025-01-29")
    expected = pd.DataFrame(
        {"frequency": [2, 0, 0], "recency_btyd": [3.0, 0.0, 0.0], "T": [4.0, 2.0, 0.0]},
        index=pd.Index(["a", "b", "c"], name="customer_id"),
    )
    pd.testing.assert_frame_equal(s, expected)
    days = btyd_summary(_orders(), as_of="2025-01-29", time_unit="D")
    assert days.loc["a"].tolist() == [2, 21.0, 28.0]


def test_duplicated_rows_do_not_count_twice():
    once = btyd_summary(_orders(), as_of="2025-01-29")
    twice = btyd_summary(pd.concat([_orders(), _orders()]), as_of="2025-01-29")
    pd.testing.assert_frame_equal(once, twice)


def test_cancelled_orders_are_not_purchases():
    status = ["completed", "cancelled", "completed", "cancelled", "returned", "completed"]
    s = btyd_summary(_orders(status=status), as_of="2025-01-29")
    # a keeps 01-01 and 01-08 (one of the two rows that day is completed); 01-22 was cancelled
    assert s.loc["a"].tolist() == [1, 1.0, 4.0]
    assert s.loc["b", "frequency"] == 0  # a returned order was still bought
    every_row = btyd_summary(_orders(status=status), as_of="2025-01-29", status_col=None)
    assert every_row.loc["a", "frequency"] == 2


def test_orders_after_the_observation_end_raise_or_are_dropped():
    with pytest.raises(InputError) as info:
        btyd_summary(_orders(), as_of="2025-01-20")
    assert info.value.column == "order_date" and info.value.row == 3
    assert "after_end='drop'" in info.value.fix
    s = btyd_summary(_orders(), as_of="2025-01-20", after_end="drop")
    assert s.loc["a"].tolist() == [1, 1.0, 19 / 7]
    assert "c" not in s.index


@pytest.mark.parametrize(
    "dates",
    [
        pytest.param(
            [20250101, 20250108, 20250108, 20250122, 20250115, 20250129], id="yyyymmdd-int"
        ),
        pytest.param([1735689600 + 86400 * k for k in range(6)], id="epoch-seconds"),
        pytest.param([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], id="floats"),
    ],
)
def test_numeric_dates_are_refused_not_read_as_1970(dates):
    with pytest.raises(InputError) as info:
        btyd_summary(_orders(order_date=dates))
    assert info.value.column == "order_date" and "pd.to_datetime" in info.value.fix


def test_a_single_customer_is_refused():
    one = _orders().query("customer_id == 'a'")
    with pytest.raises(InputError, match="only 1 customer"):
        btyd_summary(one)


def test_every_order_cancelled_is_refused():
    with pytest.raises(InputError, match="cancelled"):
        btyd_summary(_orders(status=["cancelled"] * 6))


def test_missing_customer_id_is_named():
    ids = ["a", None, "a", "a", "b", "c"]
    with pytest.raises(InputError) as info:
        btyd_summary(_orders(customer_id=ids))
    assert info.value.column == "customer_id" and info.value.row == 1


def test_cdnow_loads_and_matches_the_published_sample():
    cdnow = load_cdnow()
    assert list(cdnow.columns) == ["customer_id", "order_date", "n_cds", "amount"]
    assert len(cdnow) == 6919 and cdnow["customer_id"].nunique() == 2357
    assert cdnow["order_date"].min() == pd.Timestamp("1997-01-01")
    assert cdnow["order_date"].max() == pd.Timestamp("1998-06-30")
    s = btyd_summary(cdnow, as_of="1997-09-30", after_end="drop")
    # Fader, Hardie & Lee: of the 2,357 customers, 1,411 made no repeat purchase in the 39 weeks
    assert len(s) == 2357
    assert int((s["frequency"] == 0).sum()) == 1411
    assert s["T"].max() == pytest.approx(272 / 7)


@pytest.fixture(scope="module")
def cdnow_summary():
    return btyd_summary(load_cdnow(), as_of="1997-09-30", after_end="drop")


# Starts (1, 50, 20, 0.5), (0.01, …) and (100, …) sent the previous optimiser to a ≈ 1e12–1e15 with a
# positive log-likelihood.
@pytest.mark.parametrize(
    "start",
    [
        (1.0, 1.0, 1.0, 1.0),
        (0.01, 0.01, 0.01, 0.01),
        (100.0, 100.0, 100.0, 100.0),
        (1.0, 50.0, 20.0, 0.5),
        (5.0, 0.2, 5.0, 0.2),
    ],
    ids=str,
)
def test_fit_bgnbd_reproduces_the_published_cdnow_fit_from_any_start(cdnow_summary, start):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fit = fit_bgnbd(cdnow_summary, start=start)
    assert isinstance(fit, BGNBDFit) and fit.converged
    # Fader, Hardie & Lee (2005), Table/Section 4: r = 0.243, α = 4.414, a = 0.793, b = 2.426
    assert round(fit.r, 3) == 0.243
    assert round(fit.alpha, 3) == 4.414
    assert round(fit.a, 3) == 0.793
    assert round(fit.b, 3) == 2.426
    assert round(fit.log_likelihood, 1) == -9582.4
    assert fit.n_customers == 2357
    assert fit["r"] == fit.r and fit["loglik"] == fit.log_likelihood
    assert fit.mean_dropout == pytest.approx(fit.a / (fit.a + fit.b))


def test_loglik_stays_finite_and_below_the_maximum_for_huge_parameters(cdnow_summary):
    # the end points of the old optimiser from three of the starts above
    x, tx, T = (cdnow_summary[c].to_numpy() for c in ("frequency", "recency_btyd", "T"))
    for params in [(0.3189, 7.86, 1.18e15, 3.31e16), (0.7312, 23.51, 3.37e12, 3.53e16)]:
        ll = bgnbd_loglik(params, x, tx, T)
        assert np.all(np.isfinite(ll)) and ll.sum() < -9582.4


def test_loglik_agrees_with_the_paper_formula_for_moderate_parameters(cdnow_summary):
    from scipy.special import betaln, gammaln

    x, tx, T = (cdnow_summary[c].to_numpy() for c in ("frequency", "recency_btyd", "T"))
    r, alpha, a, b = 0.5, 3.0, 1.2, 2.0
    # Fader, Hardie & Lee (2005), eq. 6, written out directly
    term = gammaln(r + x) - gammaln(r) + r * np.log(alpha) + betaln(a, b + x) - betaln(a, b)
    alive = -(r + x) * np.log(alpha + T)
    dead = np.log(a / np.maximum(b + x - 1, 1e-12)) - (r + x) * np.log(alpha + tx)
    direct = term + np.log(np.exp(alive) + (x > 0) * np.exp(dead))
    np.testing.assert_allclose(bgnbd_loglik((r, alpha, a, b), x, tx, T), direct, rtol=1e-10)


def test_unidentified_fit_warns_or_raises():
    # nobody ever stops buying (last purchase on the last day): the dropout parameter a runs to 0
    summary = pd.DataFrame(
        {"frequency": [3, 5, 2, 4, 6], "recency_btyd": [10.0] * 5, "T": [10.0] * 5}
    )
    with pytest.warns(BGNBDConvergenceWarning, match="bound"):
        fit = fit_bgnbd(summary)
    assert not fit.converged
    with pytest.raises(RuntimeError, match="did not converge"):
        fit_bgnbd(summary, on_failure="raise")


@pytest.mark.parametrize(
    "summary, column",
    [
        pytest.param(
            pd.DataFrame({"frequency": [1, 0], "T": [3.0, 3.0]}), "recency_btyd", id="missing"
        ),
        pytest.param(
            pd.DataFrame({"frequency": [1, 0], "recency_btyd": [4.0, 0.0], "T": [3.0, 3.0]}),
            "recency_btyd",
            id="recency>T",
        ),
        pytest.param(
            pd.DataFrame({"frequency": [1.5, 0], "recency_btyd": [1.0, 0.0], "T": [3.0, 3.0]}),
            "frequency",
            id="fractional-frequency",
        ),
        pytest.param(
            pd.DataFrame({"frequency": ["1", "0"], "recency_btyd": [1.0, 0.0], "T": [3.0, 3.0]}),
            "frequency",
            id="text",
        ),
        pytest.param(
            pd.DataFrame({"frequency": [1, 0], "recency_btyd": [1.0, np.nan], "T": [3.0, 3.0]}),
            "recency_btyd",
            id="nan",
        ),
        pytest.param(
            pd.DataFrame({"frequency": [1], "recency_btyd": [1.0], "T": [3.0]}),
            None,
            id="one-customer",
        ),
    ],
)
def test_fit_bgnbd_bad_summaries(summary, column):
    with pytest.raises(InputError) as info:
        fit_bgnbd(summary)
    assert info.value.table == "summary" and info.value.column == column
    assert info.value.fix


def test_observation_end_is_the_former_name_of_as_of():
    new = btyd_summary(_orders(), as_of="2025-01-29")
    pd.testing.assert_frame_equal(btyd_summary(_orders(), observation_end="2025-01-29"), new)
    with pytest.raises(TypeError, match="not both"):
        btyd_summary(_orders(), as_of="2025-01-29", observation_end="2025-01-29")


def test_a_customer_first_seen_on_the_last_day_has_T_zero_and_counts_for_nothing(cdnow_summary):
    # a purchase on the observation end gives T = 0, x = 0: likelihood 1 whatever the parameters
    assert bgnbd_loglik((0.3, 5.0, 0.8, 2.0), [0], [0.0], [0.0])[0] == 0.0
    extra = pd.DataFrame({"frequency": [0], "recency_btyd": [0.0], "T": [0.0]}, index=["new"])
    fit = fit_bgnbd(pd.concat([cdnow_summary, extra]))
    assert fit.converged and round(fit.r, 3) == 0.243 and round(fit.log_likelihood, 1) == -9582.4


_CDNOW = btyd_summary(load_cdnow(), as_of="1997-09-30", after_end="drop")
_CDNOW_MAX_LL = fit_bgnbd(_CDNOW).log_likelihood


@settings(max_examples=150, deadline=None)
@given(log_params=st.lists(st.floats(-6, 35), min_size=4, max_size=4))
def test_no_parameters_beat_the_maximum_likelihood(log_params):
    # r, alpha, a, b from e^-6 ≈ 0.0025 to e^35 ≈ 1.6e15: the old betaln differences lost every
    # digit there and returned totals far above the maximum (+105,573 where the maximum is −9,582.4)
    x, tx, T = (_CDNOW[c].to_numpy() for c in ("frequency", "recency_btyd", "T"))
    total = bgnbd_loglik(np.exp(log_params), x, tx, T).sum()
    assert np.isfinite(total) and total <= _CDNOW_MAX_LL + 1e-6


@settings(max_examples=150, deadline=None)
@given(
    log_params=st.lists(st.floats(-3, 5), min_size=4, max_size=4),
    x=st.integers(0, 60),
    t_share=st.floats(0.01, 1),
    T=st.floats(0.1, 500),
)
def test_loglik_equals_the_paper_formula_where_that_is_accurate(log_params, x, t_share, T):
    from scipy.special import betaln, gammaln

    r, alpha, a, b = np.exp(log_params)
    tx = t_share * T if x > 0 else 0.0
    term = gammaln(r + x) - gammaln(r) + r * np.log(alpha) + betaln(a, b + x) - betaln(a, b)
    alive = -(r + x) * np.log(alpha + T)
    dead = np.log(a / (b + x - 1)) - (r + x) * np.log(alpha + tx) if x > 0 else -np.inf
    direct = term + np.logaddexp(alive, dead)
    ours = bgnbd_loglik((r, alpha, a, b), [x], [tx], [T])[0]
    assert ours == pytest.approx(direct, rel=1e-9, abs=1e-9)


# ------------------------------------------------------- calibration/hold-out summary and value
from ecrm_lab.clv import (  # noqa: E402
    GammaGammaFit,
    discounted_clv,
    fit_gamma_gamma,
    gamma_gamma_loglik,
    historic_clv,
    simple_clv,
    summary_from_transactions,
)


def _transactions():
    return pd.DataFrame(
        {
            "customer_id": ["a", "a", "a", "a", "a", "b", "b", "c"],
            "order_date": [
                "2025-01-01",
                "2025-01-15",
                "2025-01-15",  # same day: one purchase worth 30 + 10
                "2025-01-22",
                "2025-02-12",  # hold-out
                "2025-01-08",
                "2025-01-29",
                "2025-02-05",  # first purchase after the calibration end: not in the summary
            ],
            "amount": [10.0, 30.0, 10.0, 20.0, 99.0, 5.0, 7.0, 1.0],
            "status": ["completed"] * 6 + ["cancelled", "completed"],
        }
    )


def test_summary_from_transactions_by_hand():
    s = summary_from_transactions(
        _transactions(), calibration_end="2025-01-29", observation_end="2025-02-26"
    )
    assert s.index.tolist() == ["a", "b"]
    assert s["frequency"].tolist() == [2, 0]
    assert s["recency_btyd"].tolist() == [3.0, 0.0]
    assert s["T"].tolist() == [4.0, 3.0]
    # repeat purchase days of a: 01-15 (40, two orders merged) and 01-22 (20); the first is left out
    assert s["monetary_value"].tolist() == [30.0, 0.0]
    assert s["frequency_holdout"].tolist() == [1, 0]  # b's 01-29 order was cancelled
    assert s["duration_holdout"].tolist() == [4.0, 4.0]
    plain = btyd_summary(_transactions(), as_of="2025-01-29", after_end="drop")
    pd.testing.assert_frame_equal(s[["frequency", "recency_btyd", "T"]], plain.loc[["a", "b"]])


def test_summary_calibration_end_outside_the_data_is_refused():
    with pytest.raises(InputError, match="outside the purchases") as e:
        summary_from_transactions(_transactions(), calibration_end="2024-12-01")
    assert e.value.column == "order_date" and e.value.fix
    with pytest.raises(InputError, match="outside the purchases"):
        summary_from_transactions(_transactions(), calibration_end="2025-06-01")
    with pytest.raises(InputError, match="after as_of"):
        summary_from_transactions(
            _transactions(), calibration_end="2025-01-20", observation_end="2025-02-01"
        )
    with pytest.raises(ValueError, match="must be after"):
        summary_from_transactions(
            _transactions(), calibration_end="2025-01-29", observation_end="2025-01-29"
        )
    with pytest.raises(InputError, match="negative"):
        summary_from_transactions(_transactions().assign(amount=-1.0), calibration_end="2025-01-29")


@pytest.fixture(scope="module")
def cdnow_full():
    return summary_from_transactions(
        load_cdnow(), calibration_end="1997-09-30", observation_end="1998-06-30"
    )


def test_cdnow_calibration_and_holdout(cdnow_full, cdnow_summary):
    pd.testing.assert_frame_equal(
        cdnow_full[["frequency", "recency_btyd", "T"]], cdnow_summary, check_names=False
    )
    cd = load_cdnow()
    days = cd.assign(d=cd["order_date"].dt.normalize())[["customer_id", "d"]].drop_duplicates()
    hold = days[days["d"] > "1997-09-30"].groupby("customer_id").size()
    assert cdnow_full["frequency_holdout"].sum() == hold.sum()
    assert (cdnow_full["duration_holdout"] == 39.0).all()
    assert int((cdnow_full["frequency"] > 0).sum()) == 946


@pytest.mark.parametrize("start", [(1.0, 1.0, 1.0), (0.1, 10.0, 100.0), (20.0, 0.5, 2.0)], ids=str)
def test_gamma_gamma_reproduces_the_published_cdnow_fit(cdnow_full, start):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gg = fit_gamma_gamma(cdnow_full, start=start)
    assert isinstance(gg, GammaGammaFit) and gg.converged
    # Fader, Hardie & Lee (2005) "RFM and CLV"; Fader & Hardie (2013): p 6.25, q 3.74, γ 15.44
    assert (round(gg.p, 2), round(gg.q, 2), round(gg.gamma, 2)) == (6.25, 3.74, 15.44)
    assert gg.n_customers == 946


def test_gamma_gamma_expected_values_on_cdnow(cdnow_full):
    gg = fit_gamma_gamma(cdnow_full)
    repeat = cdnow_full[cdnow_full["frequency"] > 0]
    # lifetimes' documentation on this data: mean observed value 35.08 (repeat buyers), mean
    # conditional expected value 35.25 (all 2,357 customers)
    assert round(repeat["monetary_value"].mean(), 2) == 35.08
    assert round(gg.conditional_expected_value(cdnow_full).mean(), 2) == 35.25
    ev = gg.conditional_expected_value(cdnow_full)
    population = gg.p * gg.gamma / (gg.q - 1)
    assert np.allclose(ev[cdnow_full["frequency"] == 0], population)
    # a weighted mean: between the customer's own mean and the population mean
    lo = np.minimum(repeat["monetary_value"], population)
    hi = np.maximum(repeat["monetary_value"], population)
    assert ((ev[repeat.index] >= lo - 1e-9) & (ev[repeat.index] <= hi + 1e-9)).all()


def test_gamma_gamma_loglik_equals_a_numerical_integral():
    """f(m | x) = ∫ Gamma(m; px, rate xν) · Gamma(ν; q, rate γ) dν, integrated by scipy."""
    from scipy import integrate, stats

    p, q, g = 6.25, 3.74, 15.44
    for x, m in [(1, 20.0), (3, 35.0), (10, 80.0)]:
        dens, _ = integrate.quad(
            lambda nu, x=x, m=m: (
                stats.gamma.pdf(m, p * x, scale=1 / (x * nu)) * stats.gamma.pdf(nu, q, scale=1 / g)
            ),
            0,
            np.inf,
        )
        assert gamma_gamma_loglik((p, q, g), [x], [m])[0] == pytest.approx(np.log(dens), rel=1e-7)


def test_gamma_gamma_maximum_is_a_maximum(cdnow_full):
    gg = fit_gamma_gamma(cdnow_full)
    rep = cdnow_full[cdnow_full["frequency"] > 0]
    best = gamma_gamma_loglik((gg.p, gg.q, gg.gamma), rep["frequency"], rep["monetary_value"]).sum()
    assert best == pytest.approx(gg.log_likelihood)
    for i in range(3):
        for step in (0.99, 1.01):
            params = [gg.p, gg.q, gg.gamma]
            params[i] *= step
            worse = gamma_gamma_loglik(params, rep["frequency"], rep["monetary_value"]).sum()
            assert worse < best


def test_gamma_gamma_bad_summaries():
    s = pd.DataFrame({"frequency": [2, 1, 0], "monetary_value": [10.0, 0.0, 0.0]})
    with pytest.raises(InputError, match="repeat purchases") as e:
        fit_gamma_gamma(s)
    assert (e.value.column, e.value.row) == ("monetary_value", 1)
    with pytest.raises(InputError, match="fewer than two"):
        fit_gamma_gamma(pd.DataFrame({"frequency": [2, 0], "monetary_value": [10.0, 0.0]}))
    with pytest.raises(InputError, match="monetary_value"):
        fit_gamma_gamma(pd.DataFrame({"frequency": [2, 1]}))
    with pytest.raises(InputError, match="finite numbers"):
        fit_gamma_gamma(pd.DataFrame({"frequency": [2, 1], "monetary_value": [10.0, -3.0]}))


def test_bgnbd_conditional_expectation_matches_the_paper(cdnow_summary):
    fit = fit_bgnbd(cdnow_summary)
    one = pd.DataFrame({"frequency": [2], "recency_btyd": [30.43], "T": [38.86]})
    # Fader, Hardie & Lee (2005), section 5: x = 2, tₓ = 30.43, T = 38.86 → 1.226 in the next 39 weeks
    assert round(float(fit.conditional_expected_purchases(one, 39).iloc[0]), 3) == 1.226
    e = fit.conditional_expected_purchases(cdnow_summary, 39)
    assert (fit.conditional_expected_purchases(cdnow_summary, 0) == 0).all()
    assert (fit.conditional_expected_purchases(cdnow_summary, 78) >= e).all()
    assert e.index.equals(cdnow_summary.index)


def test_p_alive_equals_bayes_by_numerical_integration(cdnow_summary):
    """P(alive) = P(history, alive) / P(history), each a product of a λ- and a p-integral."""
    from scipy import integrate, stats

    fit = fit_bgnbd(cdnow_summary)
    r, alpha, a, b = fit.r, fit.alpha, fit.a, fit.b
    rows = pd.DataFrame(
        {
            "frequency": [0, 1, 2, 7],
            "recency_btyd": [0.0, 5.0, 30.43, 20.0],
            "T": [10.0, 38.0, 38.86, 30.0],
        }
    )
    got = fit.p_alive(rows).to_numpy()
    for i, (x, tx, T) in enumerate(rows.to_numpy()):
        lam = lambda t, x=x: integrate.quad(  # noqa: E731
            lambda v: v**x * np.exp(-v * t) * stats.gamma.pdf(v, r, scale=1 / alpha), 0, np.inf
        )[0]
        pp = lambda f: integrate.quad(lambda p: f(p) * stats.beta.pdf(p, a, b), 0, 1)[0]  # noqa: E731
        alive = pp(lambda p, x=x: (1 - p) ** x) * lam(T)
        dead = pp(lambda p, x=x: p * (1 - p) ** (x - 1)) * lam(tx) if x > 0 else 0.0
        assert got[i] == pytest.approx(alive / (alive + dead), rel=1e-6)
    assert got[0] == 1.0
    # the longer the silence since the last purchase, the less likely alive
    later = rows.assign(T=rows["T"] + 20)
    assert (fit.p_alive(later).to_numpy()[1:] < got[1:]).all()


def test_simple_clv_by_hand():
    assert simple_clv(100.0, 0.8, 0.1) == pytest.approx(100 * 0.8 / 0.3)
    assert simple_clv(100.0, 0.0, 0.1) == 0.0
    assert np.allclose(simple_clv([100.0, 50.0], [0.5, 0.9], 0.0), [100.0, 450.0])
    for bad in (1.0, -0.1, float("nan")):
        with pytest.raises(ValueError, match="retention"):
            simple_clv(100.0, bad, 0.1)
    with pytest.raises(ValueError, match="margin"):
        simple_clv(-1.0, 0.5, 0.1)


def test_historic_clv_by_hand():
    o = _transactions().drop(index=[7]).assign(order_id=range(7))
    h = historic_clv(o, as_of="2025-02-28", margin=0.5)
    assert h["n_orders"].tolist() == [5, 1]  # b's cancelled order is left out
    assert h["revenue"].tolist() == [169.0, 5.0]
    assert h["historic_clv"].tolist() == [84.5, 2.5]
    with pytest.raises(InputError, match="after as_of"):
        historic_clv(o, as_of="2025-02-01")
    with pytest.raises(ValueError, match="margin"):
        historic_clv(o, as_of="2025-02-28", margin=0)


def test_discounted_clv_adds_discounted_periods(cdnow_full):
    bg, gg = fit_bgnbd(cdnow_full), fit_gamma_gamma(cdnow_full)
    one = discounted_clv(bg, gg, cdnow_full, n_periods=1, period=4.0, discount_rate=0.0)
    expected = gg.conditional_expected_value(cdnow_full) * bg.conditional_expected_purchases(
        cdnow_full, 4.0
    )
    assert np.allclose(one, expected)
    year = discounted_clv(bg, gg, cdnow_full, n_periods=12, discount_rate=0.0)
    discounted = discounted_clv(bg, gg, cdnow_full, n_periods=12, discount_rate=0.02)
    assert (discounted <= year + 1e-12).all() and (discounted < year).any()
    assert (discounted_clv(bg, gg, cdnow_full, n_periods=24) >= discounted).all()
    half = discounted_clv(bg, gg, cdnow_full, margin=0.5, discount_rate=0.02)
    assert np.allclose(half, discounted / 2)
    with pytest.raises(ValueError):
        discounted_clv(bg, gg, cdnow_full, n_periods=0)


def test_gamma_gamma_recovers_planted_parameters():
    """Mean values simulated from the model itself: the population mean p·γ/(q − 1) and q come back.

    p and γ on their own sit on a flat ridge (only the mean of each customer's purchases is seen, so
    within-customer spread is told apart from between-customer spread only through how it shrinks
    with x): they are not asserted, but the fit must beat the true parameters' likelihood.
    """
    g = np.random.default_rng(2026)
    p, q, gamma = 6.0, 4.0, 20.0
    n = 4000
    nu = g.gamma(q, 1 / gamma, n)
    x = g.integers(1, 8, n)
    m = np.array([g.gamma(p, 1 / v, k).mean() for v, k in zip(nu, x, strict=True)])
    fit = fit_gamma_gamma(pd.DataFrame({"frequency": x, "monetary_value": m}))
    assert fit.converged
    assert fit.p * fit.gamma / (fit.q - 1) == pytest.approx(p * gamma / (q - 1), rel=0.03)
    assert fit.q == pytest.approx(q, rel=0.15)
    assert fit.log_likelihood >= gamma_gamma_loglik((p, q, gamma), x, m).sum()


def test_gamma_gamma_unidentified_fit_warns_or_raises():
    same = pd.DataFrame({"frequency": [1, 2, 3, 1], "monetary_value": [10.0, 10.0, 10.0, 10.0]})
    with pytest.warns(BGNBDConvergenceWarning, match="fit_gamma_gamma did not converge"):
        fit = fit_gamma_gamma(same)
    assert not fit.converged and fit.message
    with pytest.raises(RuntimeError, match="do not trust"):
        fit_gamma_gamma(same, on_failure="raise")


def test_holdout_comparison_on_cdnow(cdnow_full):
    from ecrm_lab.clv import holdout_comparison

    fit = fit_bgnbd(cdnow_full)
    table = holdout_comparison(fit, cdnow_full)
    assert table.index.tolist() == list(range(8))
    assert table["n_customers"].sum() == 2357 and table.loc[0, "n_customers"] == 1411
    # group means weighted back give the totals: the actual hold-out purchases and the predictions
    total_actual = (table["actual"] * table["n_customers"]).sum()
    assert total_actual == pytest.approx(cdnow_full["frequency_holdout"].sum())
    total_pred = (table["predicted"] * table["n_customers"]).sum()
    assert total_pred == pytest.approx(fit.conditional_expected_purchases(cdnow_full, 39).sum())
    # more calibration purchases, more predicted hold-out purchases (Fader, Hardie & Lee, fig. 4)
    assert table["predicted"].is_monotonic_increasing and table["actual"].is_monotonic_increasing
    with pytest.raises(InputError, match="frequency_holdout"):
        holdout_comparison(fit, cdnow_full.drop(columns="frequency_holdout"))


def test_gamma_gamma_fits_money_in_any_unit(cdnow_full):
    # The same purchases in "dong" (x 25,000): p and q unchanged, gamma scaled, the log density
    # shifted by n log(25,000). Before the values were rescaled inside the fit, order values of
    # 10^5-10^6 drove p to its bound and the fit did not converge (VietShop, 2026-12-02).
    gg = fit_gamma_gamma(cdnow_full)
    vnd = cdnow_full.assign(monetary_value=cdnow_full["monetary_value"] * 25_000)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        big = fit_gamma_gamma(vnd)
    assert big.converged
    assert big.p == pytest.approx(gg.p, rel=1e-4) and big.q == pytest.approx(gg.q, rel=1e-4)
    assert big.gamma == pytest.approx(25_000 * gg.gamma, rel=1e-4)
    shift = gg.n_customers * np.log(25_000)
    assert big.log_likelihood == pytest.approx(gg.log_likelihood - shift, rel=1e-8)


# ------------------------------------------------------------------ confidence intervals of BG/NBD
def test_bgnbd_intervals_match_the_standard_errors_lifetimes_publishes_for_cdnow(cdnow_full):
    from ecrm_lab.clv import bgnbd_intervals, fit_bgnbd

    fit = fit_bgnbd(cdnow_full)
    ci = bgnbd_intervals(fit, cdnow_full)
    # lifetimes' documentation (BetaGeoFitter.summary on this data): se of r 0.012557, alpha
    # 0.378221, a 0.185719, b 0.705345 — on the natural scale, i.e. estimate × se of the log
    se = ci["estimate"] * ci["se_log"]
    assert se.to_dict() == pytest.approx(
        {"r": 0.012557, "alpha": 0.378221, "a": 0.185719, "b": 0.705345}, rel=5e-3
    )
    assert (ci["ci_low"] < ci["estimate"]).all() and (ci["estimate"] < ci["ci_high"]).all()
    # on the log scale the interval is symmetric: log(high) - log(est) = log(est) - log(low)
    assert np.allclose(
        np.log(ci["ci_high"] / ci["estimate"]), np.log(ci["estimate"] / ci["ci_low"])
    )
    narrow = bgnbd_intervals(fit, cdnow_full, ci_level=0.5)
    assert (narrow["ci_high"] < ci["ci_high"]).all() and (narrow["ci_low"] > ci["ci_low"]).all()


def test_bgnbd_intervals_shrink_as_one_over_root_n(cdnow_full):
    from ecrm_lab.clv import bgnbd_intervals, fit_bgnbd

    one = cdnow_full[["frequency", "recency_btyd", "T"]]
    four = pd.concat([one] * 4, ignore_index=True)  # the same customers four times
    ci1 = bgnbd_intervals(fit_bgnbd(one), one)
    ci4 = bgnbd_intervals(fit_bgnbd(four), four)
    assert ci4["estimate"].to_numpy() == pytest.approx(ci1["estimate"].to_numpy(), rel=1e-4)
    assert ci4["se_log"].to_numpy() == pytest.approx(ci1["se_log"].to_numpy() / 2, rel=2e-3)


def test_bgnbd_intervals_refuse_what_they_cannot_use(cdnow_full):
    from ecrm_lab.clv import bgnbd_intervals, fit_bgnbd
    from ecrm_lab.errors import InputError

    fit = fit_bgnbd(cdnow_full)
    with pytest.raises(ValueError, match="ci_level"):
        bgnbd_intervals(fit, cdnow_full, ci_level=1.0)
    with pytest.raises(ValueError, match="fitted on"):
        bgnbd_intervals(fit, cdnow_full.iloc[:100])
    with pytest.raises(InputError):
        bgnbd_intervals(fit, cdnow_full.drop(columns="T"))
