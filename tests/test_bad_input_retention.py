"""Every public function of retention, experiments and service_quality on the same spoilt tables:
each problem is an InputError naming the table, the column, the first bad row and a fix — never a
traceback from deep inside pandas, numpy, statsmodels or scikit-learn."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ecrm_lab import InputError
from ecrm_lab import experiments as ex
from ecrm_lab import retention as R
from ecrm_lab import service_quality as sq

AS_OF = "2025-03-31"
ORDERS = pd.DataFrame(
    {
        "order_id": ["o1", "o2", "o3", "o4"],
        "customer_id": ["a", "a", "b", "c"],
        "order_date": pd.to_datetime(["2025-01-05", "2025-02-10", "2025-01-20", "2025-03-01"]),
        "amount": [100.0, 200.0, 50.0, 80.0],
        "status": ["completed"] * 4,
    }
)

#: function on orders -> how to call it
ORDER_FUNCTIONS = {
    "churn_labels": lambda o: R.churn_labels(o, as_of=AS_OF, window_days=30),
    "window_tradeoff": lambda o: R.window_tradeoff(o, as_of=AS_OF),
    "cohort_retention": lambda o: R.cohort_retention(o, as_of=AS_OF),
    "survival_data": lambda o: R.survival_data(o, as_of=AS_OF, window_days=30),
    "churn_features": lambda o: R.churn_features(o, as_of=AS_OF),
    "churn_snapshots": lambda o: R.churn_snapshots(o, as_of=AS_OF, window_days=20, n_snapshots=2),
    "churn_model": lambda o: R.churn_model(o, as_of=AS_OF, window_days=20, n_snapshots=2),
}
USES_AMOUNT = {"churn_features", "churn_snapshots", "churn_model"}
HAS_AS_OF_LIMIT = set(ORDER_FUNCTIONS) - {"churn_features"}  # features ignore later orders


def _spoil(kind: str) -> tuple[object, str, object]:
    """A spoilt orders table, the column the error must name, and the first bad row."""
    o = ORDERS.copy()
    if kind == "not-a-table":
        return o.to_dict(), None, None
    if kind == "no-column":
        return o.drop(columns="customer_id"), "customer_id", None
    if kind == "empty":
        return o.iloc[:0], None, None
    if kind == "missing-id":
        o.loc[2, "customer_id"] = None
        return o, "customer_id", 2
    if kind == "text-date":
        o["order_date"] = o["order_date"].astype(str).astype(object)
        o.loc[1, "order_date"] = "last tuesday"
        return o, "order_date", 1
    if kind == "number-date":
        o["order_date"] = np.arange(4)
        return o, "order_date", None
    if kind == "future-date":
        o.loc[3, "order_date"] = pd.Timestamp("2025-04-02")
        return o, "order_date", 3
    if kind == "no-completed":
        o["status"] = "cancelled"
        return o, "status", None
    if kind == "negative-amount":
        o.loc[1, "amount"] = -5.0
        return o, "amount", 1
    if kind == "text-amount":
        o["amount"] = o["amount"].astype(object)
        o.loc[0, "amount"] = "12.000"
        return o, "amount", 0
    raise AssertionError(kind)


KINDS = [
    "not-a-table",
    "no-column",
    "empty",
    "missing-id",
    "text-date",
    "number-date",
    "future-date",
    "no-completed",
    "negative-amount",
    "text-amount",
]
CASES = [
    pytest.param(name, kind, id=f"{name}-{kind}")
    for name in ORDER_FUNCTIONS
    for kind in KINDS
    if not (kind.endswith("amount") and name not in USES_AMOUNT)
    and not (kind == "future-date" and name not in HAS_AS_OF_LIMIT)
]


@pytest.mark.parametrize("name, kind", CASES)
def test_bad_orders(name, kind):
    bad, column, row = _spoil(kind)
    with pytest.raises(InputError) as err:
        ORDER_FUNCTIONS[name](bad)
    e = err.value
    assert e.table == "orders", str(e)
    assert e.fix, str(e)
    if column is not None:
        assert e.column == column, str(e)
    if row is not None:
        assert e.row == row, str(e)


def test_features_ignore_later_orders_instead_of_refusing_them():
    o, _, _ = _spoil("future-date")
    assert len(R.churn_features(o, as_of=AS_OF)) == 2  # c's only order is after as_of


@pytest.mark.parametrize("w", [0, -1])
@pytest.mark.parametrize("name", ["churn_labels", "survival_data", "churn_snapshots"])
def test_an_inactivity_window_of_zero_or_less(name, w):
    f = getattr(R, name)
    with pytest.raises(ValueError, match=r"window_days must be ≥ 1, got -?\d"):
        f(ORDERS, as_of=AS_OF, window_days=w)


@pytest.mark.parametrize("as_of", [None, 20250331, "31/31/2025"])
def test_a_bad_as_of(as_of):
    with pytest.raises((TypeError, ValueError), match="as_of"):
        R.churn_labels(ORDERS, as_of=as_of, window_days=30)


SURVIVAL = pd.DataFrame(
    {
        "duration_days": [3.0, 5.0, 8.0, 9.0],
        "churned": [1, 0, 1, 1],
        "x": [0.1, 0.5, 0.2, 0.9],
        "g": list("aabb"),
    }
)
SURVIVAL_FUNCTIONS = {
    "kaplan_meier": lambda d: R.kaplan_meier(d, group_col="g"),
    "fit_cox": lambda d: R.fit_cox(d, covariates=["x"]),
}


@pytest.mark.parametrize(
    "spoil, column, row",
    [
        (lambda d: d.assign(duration_days=[3.0, -1.0, 8.0, 9.0]), "duration_days", 1),
        (lambda d: d.assign(duration_days=["3", "5", "8", "9"]), "duration_days", 0),
        (lambda d: d.assign(duration_days=[3.0, np.nan, 8.0, 9.0]), "duration_days", 1),
        (lambda d: d.assign(churned=[1, 0, 2, 1]), "churned", 2),
        (lambda d: d.assign(churned=["Yes", "No", "Yes", "Yes"]), "churned", 0),
        (lambda d: d.drop(columns="churned"), "churned", None),
    ],
    ids=["negative", "text", "missing", "event-2", "event-text", "no-event-column"],
)
@pytest.mark.parametrize("name", SURVIVAL_FUNCTIONS)
def test_bad_survival_tables(name, spoil, column, row):
    with pytest.raises(InputError) as err:
        SURVIVAL_FUNCTIONS[name](spoil(SURVIVAL))
    e = err.value
    assert e.table == "survival" and e.fix
    assert e.column == column or (column in str(e)), str(e)
    if row is not None:
        assert e.row == row, str(e)


def test_a_yes_no_event_column_gets_the_conversion_as_fix():
    with pytest.raises(InputError, match=r"not text \(e.g. 'Yes'\).*== 'Yes'"):
        R.kaplan_meier(SURVIVAL.assign(churned=["Yes", "No", "Yes", "Yes"]))


def test_bad_group_and_covariate():
    with pytest.raises(InputError, match="missing group label") as err:
        R.kaplan_meier(SURVIVAL.assign(g=["a", None, "b", "b"]), group_col="g")
    assert err.value.row == 1
    with pytest.raises(InputError, match="infinite") as err:
        R.fit_cox(SURVIVAL.assign(x=[0.1, np.inf, 0.2, 0.9]), covariates=["x"])
    assert err.value.column == "x"


EXPERIMENT = pd.DataFrame({"arm": ["t"] * 5 + ["c"] * 5, "y": [1, 0, 1, 1, 0, 0, 0, 1, 0, 0]})


@pytest.mark.parametrize(
    "df, kwargs, column, match",
    [
        (EXPERIMENT, {"control": "control"}, "arm", "no control arm 'control'"),
        (EXPERIMENT.assign(arm="t"), {"control": "t"}, "arm", "only one arm"),
        (EXPERIMENT.assign(y=list("abcdefghij")), {"control": "c"}, "y", "text"),
        (EXPERIMENT.assign(y=[3.5] + [0] * 9), {"control": "c", "kind": "binary"}, "y", "0/1"),
        (EXPERIMENT.assign(y=[np.nan] + [0] * 9), {"control": "c"}, "y", "missing"),
    ],
    ids=["control-not-there", "one-arm", "text-outcome", "rate-of-non-binary", "missing-outcome"],
)
def test_bad_experiments(df, kwargs, column, match):
    with pytest.raises(InputError, match=match) as err:
        ex.estimate_uplift(df, arm="arm", outcome="y", **kwargs)
    assert err.value.column == column and err.value.fix


SURVEYS = pd.DataFrame(
    {
        "customer_id": ["a", "a", "b", "b"],
        "dimension": ["privacy", "fulfillment"] * 2,
        "expectation": [5, 7, 6, 6],
        "perception": [6, 4, 6, 5],
    }
)
SURVEY_FUNCTIONS = {
    "gap_by_dimension": sq.gap_by_dimension,
    "gap_by_customer": sq.gap_by_customer,
    "importance_performance": sq.importance_performance,
    "gap_churn_link": lambda s: sq.gap_churn_link(
        s, pd.DataFrame({"customer_id": ["a", "b"], "churned": [0, 1]})
    ),
}


@pytest.mark.parametrize("score", [0, 8, 7.5, -3])
@pytest.mark.parametrize("name", SURVEY_FUNCTIONS)
def test_a_survey_score_outside_1_to_7(name, score):
    bad = SURVEYS.assign(perception=[6, 4, score, 5])
    with pytest.raises(InputError, match="outside the 1–7 scale") as err:
        SURVEY_FUNCTIONS[name](bad)
    assert (err.value.table, err.value.column, err.value.row) == ("surveys", "perception", 2)


def test_plots_refuse_tables_they_cannot_draw():
    with pytest.raises(InputError, match="lacks column"):
        R.plot_survival(pd.DataFrame({"time": [0]}))
    with pytest.raises(InputError, match="is empty"):
        sq.plot_ipa(sq.importance_performance(SURVEYS).iloc[:0])
    with pytest.raises(InputError, match="no treated arm"):
        ex.plot_uplift(ex.estimate_uplift(EXPERIMENT, arm="arm", outcome="y", control="c").iloc[:1])


def test_bad_snapshot_tables():
    snaps = R.churn_snapshots(ORDERS, as_of=AS_OF, window_days=20, n_snapshots=2)
    with pytest.raises(InputError, match="unreadable date") as err:
        R.fit_churn_model(snaps.assign(snapshot="soon"))
    assert err.value.column == "snapshot"
    with pytest.raises(InputError, match="lacks column.*label_end"):
        R.fit_churn_model(snaps.drop(columns="label_end"))
    with pytest.raises(InputError, match="lacks column.*recency_days"):
        R.fit_churn_model(snaps.drop(columns="recency_days"))
