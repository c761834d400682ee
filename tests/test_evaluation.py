"""ecrm_lab.evaluation: time splits with a gap, time folds, out-of-fold scores, confusion table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ecrm_lab import InputError
from ecrm_lab.evaluation import (
    confusion_table,
    cross_validated_scores,
    gains_table,
    time_folds,
    time_split,
)


def test_time_split_gap_and_label_end_by_hand():
    when = pd.to_datetime(["2025-01-01", "2025-01-20", "2025-01-31", "2025-02-01", "2025-03-01"])
    s = time_split(when, cutoff="2025-02-01")
    assert s.train.tolist() == [True, True, True, False, False]
    assert s.test.tolist() == [False, False, False, True, True]
    s = time_split(when, cutoff="2025-02-01", gap_days=12)  # 2025-01-20 is 12 days before: out
    assert s.train.tolist() == [True, False, False, False, False]
    ends = when + pd.Timedelta(days=5)  # 2025-01-31's label is known on 2025-02-05: out
    s = time_split(when, cutoff="2025-02-01", label_end=ends)
    assert s.train.tolist() == [True, True, False, False, False]
    assert not (s.train & s.test).any()


def test_time_split_bad_input():
    with pytest.raises(InputError, match="unreadable"):
        time_split(["2025-01-01", "soon"], cutoff="2025-02-01")
    with pytest.raises(TypeError, match="gap_days"):
        time_split(["2025-01-01"], cutoff="2025-02-01", gap_days=1.5)
    with pytest.raises(ValueError, match="label_end has 1 values"):
        time_split(["2025-01-01", "2025-01-02"], cutoff="2025-02-01", label_end=["2025-01-03"])


def test_time_folds_keep_the_gap_and_cover_the_test_period():
    when = pd.Series(pd.date_range("2025-01-01", "2025-12-31", freq="D"))
    folds = list(time_folds(when, n_folds=3, gap_days=30, first_test="2025-07-01"))
    assert len(folds) == 3
    tested = np.concatenate([te for _, te in folds])
    assert len(tested) == len(np.unique(tested))  # every test row in one fold only
    assert when.iloc[tested].min() == pd.Timestamp("2025-07-01")
    assert when.iloc[tested].max() == pd.Timestamp("2025-12-31")
    for tr, te in folds:
        gap = when.iloc[te].min() - when.iloc[tr].max()
        assert gap > pd.Timedelta(days=30)
        assert gap <= pd.Timedelta(days=31)
    assert len(folds[1][0]) > len(folds[0][0])  # expanding window


def test_cross_validated_scores_recover_a_planted_signal():
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(1)
    n = 600
    X = pd.DataFrame({"x": rng.normal(size=n), "noise": rng.normal(size=n)})
    y = rng.random(n) < 1 / (1 + np.exp(-2 * X["x"].to_numpy()))
    when = pd.Series(pd.date_range("2025-01-01", periods=n, freq="12h"))
    cv = cross_validated_scores(LogisticRegression(), X, y, cv=time_folds(when, n_folds=3))
    assert list(cv.folds["fold"]) == [1, 2, 3]
    assert (cv.folds["roc_auc"] > 0.75).all()
    assert cv.mean_roc_auc == pytest.approx(cv.folds["roc_auc"].mean())
    assert len(cv.oof) == cv.folds["n_test"].sum()
    assert cv.oof["y_true"].sum() == cv.folds["positives"].sum()
    # a model of pure noise scores about 0.5 out of fold
    noise = cross_validated_scores(
        LogisticRegression(), X[["noise"]], y, cv=time_folds(when, n_folds=3)
    )
    assert abs(noise.mean_roc_auc - 0.5) < 0.1


def test_cross_validated_scores_bad_folds():
    from sklearn.linear_model import LogisticRegression

    X = pd.DataFrame({"x": np.arange(6.0)})
    with pytest.raises(ValueError, match="need both outcomes"):
        cross_validated_scores(
            LogisticRegression(), X, [0, 0, 0, 1, 1, 1], cv=[(np.arange(3), np.arange(3, 6))]
        )
    with pytest.raises(InputError, match="0/1"):
        cross_validated_scores(LogisticRegression(), X, list("abcdef"), cv=[])


def test_confusion_table_by_hand():
    t = confusion_table(["buy", "buy", "buy", "no"], ["buy", "no", "buy", "buy"])
    cell = t.set_index(["actual", "predicted"])
    assert cell["n"].to_dict() == {
        ("buy", "buy"): 2,
        ("buy", "no"): 1,
        ("no", "buy"): 1,
        ("no", "no"): 0,
    }
    assert cell.loc[("buy", "buy"), "share_of_actual"] == pytest.approx(2 / 3)  # recall
    assert t["share"].sum() == pytest.approx(1)
    with pytest.raises(InputError, match="missing"):
        confusion_table([1, None], [1, 0])


def test_gains_table_refuses_missing_scores_and_outcomes():
    with pytest.raises(InputError) as info:
        gains_table([1, 0, 1], [0.3, np.nan, 0.1], n_bins=1)
    assert (info.value.table, info.value.row) == ("score", 1)
    with pytest.raises(InputError, match="missing outcome"):
        gains_table([1, None, 1], [0.3, 0.2, 0.1], n_bins=1)
