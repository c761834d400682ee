"""Selection: prospect features and a time-split logistic-regression prospect score."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .._validate import (
    as_datetimes,
    as_numbers,
    as_timestamp,
    require_columns,
    require_nonempty,
    require_present,
    require_same_id_type,
    require_unique_key,
    require_whole,
)
from ..errors import InputError
from ..evaluation import CVScores, cross_validated_scores, gains_table, time_folds, time_split
from ..tables import prepare_orders, prepare_prospects, prepare_touchpoints
from ._common import completed_mask, order_roles, positive_number, shared_docs


@shared_docs
def prospect_features(
    prospects: pd.DataFrame,
    touchpoints: pd.DataFrame,
    orders: pd.DataFrame,
    *,
    window_hours: int = 24,
    horizon_days: int = 30,
    as_of: Any = None,
    prospect_col: str = "prospect_id",
    prospect_date_col: str = "first_touch_date",
    channel_col: str = "channel",
    customer_col: str = "customer_id",
    touch_date_col: str = "timestamp",
    kind_col: str | None = "kind",
    order_date_col: str = "order_date",
    status_col: str | None = "status",
    completed: Any = "completed",
) -> pd.DataFrame:
    """What a shop knows about each prospect ``window_hours`` after the first touch, and the outcome.

    The scoring moment is ``first touch + window_hours``. Prospects who bought before it are already
    customers and are left out. The label ``converted`` is a first completed order in the
    ``horizon_days`` days after the scoring moment; it is known at ``label_end`` = scoring moment +
    ``horizon_days``. A prospect whose ``label_end`` is after the end of the data (``as_of``, default:
    the last order) has an unknown outcome: ``label_complete`` is False.

    Parameters
    ----------
    prospects : DataFrame
        ``prospect_col`` (unique), ``prospect_date_col`` (first touch), ``channel_col`` and
        ``customer_col`` (empty for people who never bought).
    touchpoints : DataFrame
        ``prospect_col``, ``touch_date_col``, ``channel_col`` and ``kind_col`` (``click``,
        ``impression``, ``visit``; ``None``: no click and impression counts).
    orders : DataFrame
        ``customer_col``, ``order_date_col`` and ``status_col``.
    window_hours : int, default 24
        What is known this long after the first touch is the prospect's feature.
    horizon_days : int, default 30
        Length of the label window after the scoring moment.
    as_of : date-like, optional
        End of the data: rows after it are an error; labels ending after it are incomplete.

    Returns
    -------
    DataFrame
        One row per prospect still to be won: ``prospect_id``, ``first_touch_date``, ``channel`` (str),
        ``hour`` (0–23), ``weekday`` (0 = Monday), ``month``, ``n_touches`` (in the window, the first
        included), ``n_clicks`` and ``n_impressions`` (with ``kind_col``; visits are neither),
        ``n_channels`` (distinct), ``converted`` (bool), ``label_end`` (when the label is known) and
        ``label_complete`` (bool).
    """
    window_hours = require_whole(window_hours, "window_hours", minimum=1)
    horizon_days = require_whole(horizon_days, "horizon_days", minimum=1)
    prospects = prepare_prospects(
        prospects,
        prospect_col=prospect_col,
        date_col=prospect_date_col,
        channel_col=channel_col,
        customer_col=customer_col,
        require=("prospect", "date", "channel", "customer"),
        as_of=as_of,
    )
    touchpoints = prepare_touchpoints(
        touchpoints,
        prospect_col=prospect_col,
        date_col=touch_date_col,
        channel_col=channel_col,
        kind_col=kind_col,
        require=("prospect", "date", "channel") + (("kind",) if kind_col else ()),
        as_of=as_of,
    )
    orders = prepare_orders(
        orders,
        customer_col=customer_col,
        date_col=order_date_col,
        status_col=status_col,
        require=order_roles("customer", "date", status_col=status_col),
        as_of=as_of,
    )
    done = completed_mask(orders, status_col, completed)
    require_same_id_type(
        prospects[customer_col],
        orders[customer_col],
        left_name=f"prospects.{customer_col}",
        right_name=f"orders.{customer_col}",
    )
    o_time = orders[order_date_col]
    p_time = prospects[prospect_date_col]
    t_time = touchpoints[touch_date_col]
    data_end = as_timestamp(as_of, "as_of") if as_of is not None else o_time.max()
    window = pd.Timedelta(hours=window_hours)

    first_buy = (
        pd.Series(o_time.to_numpy()[done]).groupby(orders[customer_col].to_numpy()[done]).min()
    )
    buy = prospects[customer_col].map(first_buy)
    score_at = p_time + window
    keep = (buy.isna() | (buy >= score_at)).to_numpy()
    base = pd.DataFrame(
        {
            "prospect_id": prospects[prospect_col].to_numpy(),
            "first_touch_date": p_time.to_numpy(),
            "channel": prospects[channel_col].astype(str).to_numpy(),
        }
    )[keep]
    t = pd.DataFrame(
        {
            "p": touchpoints[prospect_col].to_numpy(),
            "t": t_time.to_numpy(),
            "ch": touchpoints[channel_col].astype(str).to_numpy(),
        }
    )
    if kind_col:
        t["kind"] = touchpoints[kind_col].astype(str).to_numpy()
    start = pd.Series(base["first_touch_date"].to_numpy(), index=base["prospect_id"].to_numpy())
    t = t[t["p"].isin(start.index)]
    t0 = start.reindex(t["p"]).to_numpy()
    t = t[(t["t"].to_numpy() >= t0) & (t["t"].to_numpy() < t0 + window.to_timedelta64())]
    g = t.groupby("p")
    base["n_touches"] = base["prospect_id"].map(g.size()).fillna(0).astype(np.int64).to_numpy()
    if kind_col:
        for kind, name in (("click", "n_clicks"), ("impression", "n_impressions")):
            counts = t[t["kind"] == kind].groupby("p").size()
            base[name] = base["prospect_id"].map(counts).fillna(0).astype(np.int64).to_numpy()
    base["n_channels"] = (
        base["prospect_id"].map(g["ch"].nunique()).fillna(0).astype(np.int64).to_numpy()
    )
    ts = base["first_touch_date"]
    base.insert(3, "hour", ts.dt.hour.astype(np.int64))
    base.insert(4, "weekday", ts.dt.day_of_week.astype(np.int64))
    base.insert(5, "month", ts.dt.month.astype(np.int64))
    b = buy.to_numpy()[keep]
    s_at = score_at.to_numpy()[keep]
    horizon_end = s_at + np.timedelta64(horizon_days, "D")
    base["converted"] = pd.notna(b) & (b < horizon_end)
    base["label_end"] = horizon_end
    base["label_complete"] = horizon_end <= data_end.to_datetime64()
    out = base.reset_index(drop=True)
    out.attrs.update(window_hours=window_hours, horizon_days=horizon_days)
    return out


_NUMERIC_FEATURES = ("n_touches", "n_clicks", "n_impressions", "n_channels")
_CATEGORICAL_FEATURES = ("channel", "weekday", "hour", "month")


@dataclass(frozen=True)
class ProspectScores:
    """Result of :func:`score_prospects` (a frozen record: fit again to change it).

    Parameters
    ----------
    model : sklearn Pipeline
        Fitted on the training prospects.
    test : DataFrame
        The test prospects, one row each: the columns of the ``features`` table given to
        :func:`score_prospects` (``first_touch_date``, ``converted``, ``label_complete``, the
        feature columns, …) plus ``score`` (predicted probability to convert).
    roc_auc : float
        On the test prospects.
    gains : DataFrame
        :func:`~ecrm_lab.evaluation.gains_table` of the test prospects.
    n_train : int
        Prospects used to train (all have their label known by the cutoff).
    n_test : int
        Prospects used to test (first touch from the cutoff on).
    base_rate : float
        Conversion rate of the test prospects.
    features : list of str, default []
        The feature columns the model reads.
    cutoff : pandas.Timestamp, optional
        First moment of the test period.
    cv : CVScores, optional
        With ``cv_folds``: time-fold cross-validation on the training prospects
        (:func:`~ecrm_lab.evaluation.cross_validated_scores`).
    """

    model: Any
    test: pd.DataFrame
    roc_auc: float
    gains: pd.DataFrame
    n_train: int
    n_test: int
    base_rate: float
    features: list[str] = field(default_factory=list)
    cutoff: pd.Timestamp | None = None
    cv: CVScores | None = None

    def predict(self, features: pd.DataFrame) -> np.ndarray:
        """Score new prospects: their probability to convert.

        Parameters
        ----------
        features : DataFrame
            With the model's feature columns (:attr:`features`), e.g. from :func:`prospect_features`.

        Returns
        -------
        numpy.ndarray
            One probability per row.
        """
        require_columns(features, self.features, table="features")
        require_nonempty(features, table="features")
        return self.model.predict_proba(features[self.features])[:, 1]


def score_prospects(
    features: pd.DataFrame,
    *,
    cutoff: Any,
    gap_days: int | None = None,
    numeric: Sequence[str] | None = None,
    categorical: Sequence[str] | None = None,
    C: float = 1.0,
    n_bins: int = 10,
    cv_folds: int = 0,
) -> ProspectScores:
    """Train a logistic-regression prospect score on earlier prospects and test it on later ones.

    A time-based split (:func:`~ecrm_lab.evaluation.time_split`): prospects first touched on or
    after ``cutoff`` test the model; prospects whose label was known by the cutoff
    (``label_end <= cutoff``) train it, so no training label is observed inside the test period.
    Prospects first touched before the cutoff whose label window reaches past it are in neither
    set. Only prospects with ``label_complete`` are used.

    Parameters
    ----------
    features : DataFrame
        From :func:`prospect_features`: ``first_touch_date``, ``converted``, ``label_complete``,
        ``label_end`` (or pass ``gap_days``) and the feature columns.
    cutoff : date-like
        First day of the test period.
    gap_days : int, optional
        Training prospects must be first touched at least this many days before ``cutoff``; needed
        when ``features`` has no ``label_end`` column (give at least the label window's length).
    numeric, categorical : list of str, optional
        Feature columns; default: the count columns present, and channel, weekday, hour, month
        (one-hot encoded; unseen categories are ignored).
    C : float, default 1.0
        Inverse regularisation strength of the logistic regression.
    n_bins : int, default 10
        Groups of the gains table.
    cv_folds : int, default 0
        If > 0, also cross-validate on the training prospects with this many expanding time folds
        (:func:`~ecrm_lab.evaluation.time_folds`), each fold's training labels known before its
        test block starts: how stable the score is over time, before the test period is touched.

    Returns
    -------
    ProspectScores
        The fitted model, the scored test prospects and their evaluation.
    """
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    require_columns(features, ["first_touch_date", "converted", "label_complete"], table="features")
    numeric = (
        [c for c in _NUMERIC_FEATURES if c in features.columns]
        if numeric is None
        else list(numeric)
    )
    categorical = list(_CATEGORICAL_FEATURES) if categorical is None else list(categorical)
    has_end = "label_end" in features.columns
    if gap_days is None and not has_end:
        raise InputError(
            "lacks column label_end (when each label is known)",
            table="features",
            column="label_end",
            fix="use prospect_features(...), add label_end, or pass gap_days= the label window's length",
        )
    require_columns(features, [*numeric, *categorical], table="features")
    require_nonempty(features, table="features")
    for c in numeric:
        as_numbers(features[c], table="features", column=c)
    if "prospect_id" in features.columns:  # one row per prospect, or it would weigh twice
        require_present(features["prospect_id"], table="features", column="prospect_id", what="id")
        require_unique_key(features, ["prospect_id"], table="features")
    as_datetimes(features["first_touch_date"], table="features", column="first_touch_date")
    C = positive_number(C, "C")
    ts = as_timestamp(cutoff, "cutoff")
    usable = features[features["label_complete"].to_numpy(dtype=bool)]
    if usable.empty:
        raise InputError(
            "has no prospect with a complete label",
            table="features",
            column="label_complete",
            fix="use a shorter horizon_days or later data",
        )
    split = time_split(
        usable["first_touch_date"],
        cutoff=ts,
        gap_days=gap_days or 0,
        label_end=usable["label_end"] if has_end else None,
    )
    when = usable["first_touch_date"]
    train, test = usable[split.train], usable[split.test]
    for name, part in (
        ("training (labels known by cutoff)", train),
        ("test (from cutoff on)", test),
    ):
        if len(part) == 0 or part["converted"].nunique() < 2:
            raise ValueError(
                f"the {name} prospects need both converted and unconverted people, but there are "
                f"{len(part)} prospect(s) with {int(part['converted'].sum())} conversion(s): move cutoff "
                f"(it is {ts.date()}; prospects with complete labels run from {when.min().date()} to "
                f"{when.max().date()})"
            )
    pipe = Pipeline(
        [
            (
                "features",
                ColumnTransformer(
                    [
                        ("counts", StandardScaler(), numeric),
                        ("groups", OneHotEncoder(handle_unknown="ignore"), categorical),
                    ]
                ),
            ),
            ("model", LogisticRegression(C=C, max_iter=2000)),
        ]
    )
    X_cols = [*numeric, *categorical]
    cv_folds = require_whole(cv_folds, "cv_folds", minimum=0)
    cv = None
    if cv_folds:
        if has_end:
            label_days = (train["label_end"] - train["first_touch_date"]).max()
            gap = int(np.ceil(label_days / pd.Timedelta(days=1)))
        else:
            gap = gap_days or 0
        folds = time_folds(train["first_touch_date"], n_folds=cv_folds, gap_days=gap)
        cv = cross_validated_scores(pipe, train[X_cols], train["converted"].astype(bool), cv=folds)
    pipe.fit(train[X_cols], train["converted"].astype(bool))
    scored = test.assign(score=pipe.predict_proba(test[X_cols])[:, 1])
    auc = float(roc_auc_score(scored["converted"].astype(bool), scored["score"]))
    return ProspectScores(
        model=pipe,
        test=scored.reset_index(drop=True),
        roc_auc=auc,
        gains=gains_table(scored["converted"], scored["score"], n_bins=n_bins),
        n_train=len(train),
        n_test=len(test),
        base_rate=float(scored["converted"].mean()),
        features=X_cols,
        cutoff=ts,
        cv=cv,
    )
