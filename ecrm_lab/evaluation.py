"""Evaluating a scoring model: gains and lift, time-based splits with a gap, out-of-fold scores, confusion.

Shared by every lesson that scores people (prospects in lesson 02, SPIN chats in lesson 03, churn later).

* :func:`gains_table` — contact people in order of score: what share of the buyers do you reach?
* :func:`time_split` — train on the past, test on the future, with a **gap** so that no training label
  is observed inside the test period (a label that needs 30 days to be known leaks otherwise).
* :func:`time_folds` — several such splits (expanding window), usable as ``cv=`` in scikit-learn.
* :func:`cross_validated_scores` — fit a fresh copy of a classifier on each fold, score the held-out
  rows: per-fold ROC AUC / average precision / Brier score, and every held-out row's score.
* :func:`confusion_table` — the confusion matrix as a tidy table (one row per actual × predicted).

>>> import pandas as pd
>>> when = pd.to_datetime(["2025-01-01", "2025-01-20", "2025-02-01", "2025-02-15"])
>>> s = time_split(when, cutoff="2025-02-01", gap_days=14)
>>> s.train.tolist(), s.test.tolist()
([True, False, False, False], [False, False, True, True])
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from ._validate import as_datetimes, as_timestamp, require_whole
from .errors import InputError

__all__ = [
    "gains_table",
    "time_split",
    "TimeSplit",
    "time_folds",
    "cross_validated_scores",
    "CVScores",
    "confusion_table",
]


def _outcomes(y_true: Any, *, name: str = "y_true") -> np.ndarray:
    y = pd.Series(y_true).reset_index(drop=True)
    if len(y) == 0:
        raise InputError("is empty", table=name, fix="give at least one person")
    if y.isna().any():
        raise InputError(
            f"has {int(y.isna().sum())} missing outcome(s)",
            table=name,
            row=int(np.flatnonzero(y.isna().to_numpy())[0]),
            fix="drop the people whose outcome is not known yet",
        )
    try:
        yy = y.astype(float).to_numpy()
    except (TypeError, ValueError):
        raise InputError(
            "must hold 0/1 or True/False outcomes", table=name, fix="convert it, e.g. (x == 'yes')"
        ) from None
    if not set(np.unique(yy)) <= {0.0, 1.0}:
        raise InputError(
            "must hold 0/1 or True/False outcomes", table=name, fix="convert it, e.g. (x > 0)"
        )
    return yy


def gains_table(y_true: Any, score: Any, *, n_bins: int = 10) -> pd.DataFrame:
    """Tabulate cumulative gains and lift: the share of buyers reached when contacting by score.

    People are sorted by ``score``, highest first (ties in the order given), and cut into ``n_bins``
    groups of (almost) equal size — deciles by default; group 1 holds the highest scores.

    Parameters
    ----------
    y_true : array-like of 0/1 or bool
        The outcome of each person (1 = bought).
    score : array-like of float
        The model's score of each person, same length and order.
    n_bins : int, default 10
        Number of groups.

    Returns
    -------
    pandas.DataFrame
        One row per group: ``group``, ``n``, ``positives``, ``rate`` (positives / n),
        ``cum_share_contacted``, ``cum_share_positives`` (the gain), ``lift`` (rate / overall rate) and
        ``cum_lift`` (cum_share_positives / cum_share_contacted).

    Examples
    --------
    >>> gains_table([1, 0, 1, 0], [0.9, 0.8, 0.3, 0.1], n_bins=2)[["group", "positives", "lift"]]
       group  positives  lift
    0      1          1   1.0
    1      2          1   1.0
    """
    n_bins = require_whole(n_bins, "n_bins", minimum=1)
    yy = _outcomes(y_true)
    s = pd.Series(score).reset_index(drop=True)
    if len(yy) != len(s):
        raise ValueError(
            f"y_true has {len(yy)} values but score has {len(s)}: give one score per person"
        )
    if len(yy) < n_bins:
        raise ValueError(f"{len(yy)} people cannot fill n_bins={n_bins} groups: use fewer groups")
    ss = pd.to_numeric(s, errors="coerce").to_numpy(dtype=float)
    if not np.isfinite(ss).all():
        bad = ~np.isfinite(ss)
        raise InputError(
            f"has {int(bad.sum())} missing, infinite or non-numeric value(s)",
            table="score",
            row=int(np.flatnonzero(bad)[0]),
            fix="give one finite number per person",
        )
    order = np.argsort(-ss, kind="stable")
    yy = yy[order]
    group = np.arange(len(yy)) * n_bins // len(yy) + 1
    n = np.bincount(group, minlength=n_bins + 1)[1:]
    pos = np.bincount(group, weights=yy, minlength=n_bins + 1)[1:]
    total = yy.sum()
    overall = total / len(yy)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = pd.DataFrame(
            {
                "group": np.arange(1, n_bins + 1),
                "n": n.astype(np.int64),
                "positives": pos.astype(np.int64),
                "rate": pos / n,
                "cum_share_contacted": np.cumsum(n) / len(yy),
                "cum_share_positives": np.cumsum(pos) / total if total > 0 else np.nan,
                "lift": (pos / n) / overall if overall > 0 else np.nan,
            }
        )
    out["cum_lift"] = out["cum_share_positives"] / out["cum_share_contacted"]
    return out


class TimeSplit(NamedTuple):
    """Boolean masks (numpy arrays) of the training and the test rows; rows in the gap are in neither.

    Parameters
    ----------
    train : numpy.ndarray of bool
        True for the rows to train on, in the order of the rows given to :func:`time_split`.
    test : numpy.ndarray of bool
        True for the rows to test on, same order.
    """

    train: np.ndarray
    test: np.ndarray


def _when(values: Any, name: str) -> pd.Series:
    s = values if isinstance(values, pd.Series) else pd.Series(values)
    return as_datetimes(s.reset_index(drop=True), table=name, column=None)


def time_split(
    when: Any,
    *,
    cutoff: Any,
    gap_days: int = 0,
    label_end: Any = None,
) -> TimeSplit:
    """Split rows in time: train before ``cutoff − gap_days``, test from ``cutoff`` on.

    A row's label is often observed only some time after its date (a purchase within 30 days of a
    first touch is known 30 days later). Training rows whose label is still being observed inside the
    test period would let the model see the test period: ``gap_days`` (at least the label's length)
    drops them, or ``label_end`` gives each row the moment its label is known, and only rows with
    ``label_end <= cutoff`` train.

    Parameters
    ----------
    when : array-like of dates
        The moment each row is scored (e.g. a prospect's first touch).
    cutoff : date-like
        First moment of the test period.
    gap_days : int, default 0
        Training rows must be at least this many days before ``cutoff``.
    label_end : array-like of dates, optional
        When each row's label is complete; with it, a training row also needs ``label_end <= cutoff``.

    Returns
    -------
    TimeSplit
        ``train`` and ``test``: boolean numpy arrays, one value per row.
    """
    t = _when(when, "when")
    ts = as_timestamp(cutoff, "cutoff")
    gap_days = require_whole(gap_days, "gap_days", minimum=0, unit="days")
    train = (t < ts - pd.Timedelta(days=gap_days)).to_numpy().copy()
    if label_end is not None:
        end = _when(label_end, "label_end")
        if len(end) != len(t):
            raise ValueError(f"label_end has {len(end)} values but when has {len(t)}")
        train &= (end <= ts).to_numpy()
    test = (t >= ts).to_numpy()
    return TimeSplit(train, test)


def time_folds(
    when: Any, *, n_folds: int = 3, gap_days: int = 0, first_test: Any = None
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Expanding-window time folds: ``(train_positions, test_positions)`` for scikit-learn's ``cv=``.

    The period from ``first_test`` (default: the middle of the data) to the last date is cut into
    ``n_folds`` blocks of equal length; fold *k* tests on block *k* and trains on every row at least
    ``gap_days`` days before the block starts.

    Parameters
    ----------
    when : array-like of dates
        The moment of each row.
    n_folds : int, default 3
        Number of test blocks.
    gap_days : int, default 0
        Training rows must be at least this many days before their test block.
    first_test : date-like, optional
        Start of the first test block.

    Yields
    ------
    tuple of numpy.ndarray
        Integer positions of the training rows and of the test rows.
    """
    t = _when(when, "when")
    n_folds = require_whole(n_folds, "n_folds", minimum=1)
    gap_days = require_whole(gap_days, "gap_days", minimum=0, unit="days")
    lo, hi = t.min(), t.max()
    start = lo + (hi - lo) / 2 if first_test is None else as_timestamp(first_test, "first_test")
    if not lo < start <= hi:
        raise ValueError(f"first_test must lie between {lo} and {hi}, got {start}")
    edges = [start + (hi - start) * k / n_folds for k in range(n_folds + 1)]
    tt = t.to_numpy()
    for k in range(n_folds):
        a, b = edges[k], edges[k + 1]
        test = (tt >= a.to_datetime64()) & (
            (tt <= b.to_datetime64()) if k == n_folds - 1 else (tt < b.to_datetime64())
        )
        train = tt < (a - pd.Timedelta(days=gap_days)).to_datetime64()
        yield np.flatnonzero(train), np.flatnonzero(test)


@dataclass(frozen=True)
class CVScores:
    """Result of :func:`cross_validated_scores`.

    Parameters
    ----------
    folds : pandas.DataFrame
        One row per fold: ``fold`` (1, 2, …), ``n_train``, ``n_test``, ``positives`` (in the test
        rows), ``roc_auc``, ``average_precision`` and ``brier`` (mean squared error of the scores).
    oof : pandas.DataFrame
        One row per held-out row: ``row`` (position in ``X``), ``fold``, ``y_true`` and ``score``.
    """

    folds: pd.DataFrame
    oof: pd.DataFrame

    @property
    def mean_roc_auc(self) -> float:
        """Average ROC AUC over the folds (a float)."""
        return float(self.folds["roc_auc"].mean())


def cross_validated_scores(estimator: Any, X: pd.DataFrame, y: Any, *, cv: Any) -> CVScores:
    """Fit a fresh copy of ``estimator`` on each fold's training rows and score its test rows.

    Parameters
    ----------
    estimator : scikit-learn classifier
        Anything with ``fit`` and ``predict_proba`` (cloned for each fold).
    X : pandas.DataFrame
        Feature table, one row per person.
    y : array-like of 0/1 or bool
        Outcomes, same order.
    cv : iterable of (train_positions, test_positions)
        E.g. :func:`time_folds`, or a scikit-learn splitter's ``split(X, y)``.

    Returns
    -------
    CVScores
        Per-fold metrics and the held-out (out-of-fold) scores.
    """
    from sklearn.base import clone
    from sklearn.metrics import average_precision_score, roc_auc_score

    if not isinstance(X, pd.DataFrame):
        raise InputError(f"must be a pandas DataFrame, not {type(X).__name__}", table="X")
    yy = _outcomes(y, name="y")
    if len(yy) != len(X):
        raise ValueError(f"y has {len(yy)} values but X has {len(X)} rows")
    rows, parts = [], []
    for k, (tr, te) in enumerate(cv, start=1):
        tr, te = np.asarray(tr), np.asarray(te)
        for name, idx in (("training", tr), ("test", te)):
            if len(idx) == 0 or len(np.unique(yy[idx])) < 2:
                raise ValueError(
                    f"fold {k}: the {name} rows need both outcomes ({len(idx)} row(s), "
                    f"{int(yy[idx].sum()) if len(idx) else 0} positive): use fewer folds or a larger gap"
                )
        model = clone(estimator).fit(X.iloc[tr], yy[tr].astype(bool))
        score = model.predict_proba(X.iloc[te])[:, 1]
        rows.append(
            (
                k,
                len(tr),
                len(te),
                int(yy[te].sum()),
                float(roc_auc_score(yy[te], score)),
                float(average_precision_score(yy[te], score)),
                float(np.mean((score - yy[te]) ** 2)),
            )
        )
        parts.append(pd.DataFrame({"row": te, "fold": k, "y_true": yy[te], "score": score}))
    if not rows:
        raise ValueError("cv gave no fold")
    folds = pd.DataFrame(
        rows,
        columns=["fold", "n_train", "n_test", "positives", "roc_auc", "average_precision", "brier"],
    )
    return CVScores(folds=folds, oof=pd.concat(parts, ignore_index=True))


def confusion_table(y_true: Any, y_pred: Any, *, labels: Any = None) -> pd.DataFrame:
    """The confusion matrix as a tidy table: one row per (actual, predicted) pair, zeros included.

    Parameters
    ----------
    y_true, y_pred : array-like
        Actual and predicted classes, same length.
    labels : list, optional
        The classes in order (default: sorted union of both).

    Returns
    -------
    pandas.DataFrame
        ``actual``, ``predicted``, ``n``, ``share`` (of all rows) and ``share_of_actual`` (of the rows
        with that actual class: recall on the diagonal).

    Examples
    --------
    >>> confusion_table([1, 1, 0, 0], [1, 0, 0, 0])
       actual  predicted  n  share  share_of_actual
    0       0          0  2   0.50              1.0
    1       0          1  0   0.00              0.0
    2       1          0  1   0.25              0.5
    3       1          1  1   0.25              0.5
    """
    a = pd.Series(y_true).reset_index(drop=True)
    p = pd.Series(y_pred).reset_index(drop=True)
    if len(a) != len(p):
        raise ValueError(f"y_true has {len(a)} values but y_pred has {len(p)}")
    if len(a) == 0:
        raise InputError("is empty", table="y_true", fix="give at least one row")
    for name, s in (("y_true", a), ("y_pred", p)):
        if s.isna().any():
            raise InputError(
                f"has {int(s.isna().sum())} missing value(s)",
                table=name,
                row=int(np.flatnonzero(s.isna().to_numpy())[0]),
                fix="drop or fill them",
            )
    labels = sorted(set(a) | set(p)) if labels is None else list(labels)
    grid = pd.MultiIndex.from_product([labels, labels], names=["actual", "predicted"])
    n = pd.Series(1, index=pd.MultiIndex.from_arrays([a, p])).groupby(level=[0, 1]).sum()
    out = n.reindex(grid, fill_value=0).rename("n").reset_index()
    out["n"] = out["n"].astype(np.int64)
    out["share"] = out["n"] / len(a)
    per_actual = out.groupby("actual")["n"].transform("sum")
    out["share_of_actual"] = (out["n"] / per_actual).where(per_actual > 0, 0.0)
    return out
