"""A churn model without leakage: features before a cutoff, labels after it, judged on a later period.

The pipeline, step by step:

1. :func:`churn_features` — what we know about each customer on a day (the *snapshot*), computed
   only from purchases up to the end of that day: recency, frequency, spend, tenure.
2. :func:`churn_snapshots` — several snapshots, each with its label: churned if the customer buys
   nothing in the ``window_days`` after the snapshot. The label of a snapshot is known only
   ``window_days`` later (``label_end``).
3. :func:`fit_churn_model` — a scikit-learn pipeline (scaling, one-hot codes for text columns,
   logistic regression) trained on the snapshots whose label was complete before the test snapshot
   (:func:`ecrm_lab.evaluation.time_split` with ``label_end``), judged on the test snapshot next to a
   **recency-only baseline** (score = days since the last purchase): ROC AUC, PR AUC (average
   precision), Brier score, precision among the top ``top_share`` and a calibration table.
4. :func:`at_risk_list` — the customers to contact now, highest churn risk first.

:func:`churn_model` runs steps 2–3 on an orders table. A table that already has a label (a contract
business such as the Telco table, :func:`load_telco_churn`) goes straight to :func:`fit_churn_model`;
without dates it is split at random (``split="random"``), which is honest only when rows are
independent customers observed over the same period.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .._docs import fill_doc
from .._validate import (
    as_datetimes,
    as_numbers,
    require_columns,
    require_nonempty,
    require_present,
    require_whole,
)
from ..errors import InputError
from ._common import day, days_between, purchases, window

__all__ = [
    "churn_features",
    "churn_snapshots",
    "fit_churn_model",
    "ChurnModelFit",
    "at_risk_list",
    "churn_model",
    "FEATURES",
]

#: The features :func:`churn_features` computes from purchases alone.
FEATURES: tuple[str, ...] = (
    "recency_days",
    "n_orders",
    "n_orders_recent",
    "tenure_days",
    "mean_amount",
)


def _features_from(p: pd.DataFrame, snapshot: pd.Timestamp, recent_days: int) -> pd.DataFrame:
    """Features of every customer who bought on or before ``snapshot`` (``p``: purchases table)."""
    past = p[p["day"] <= snapshot]
    g = past.groupby("customer", sort=True)
    first, last = g["day"].min(), g["day"].max()
    recent = past[past["day"] > snapshot - pd.Timedelta(days=recent_days)]
    out = pd.DataFrame(
        {
            "recency_days": days_between(snapshot, last),
            "n_orders": g.size().astype("int64"),
            "n_orders_recent": recent.groupby("customer").size().reindex(first.index, fill_value=0),
            "tenure_days": days_between(snapshot, first),
        }
    )
    out["n_orders_recent"] = out["n_orders_recent"].astype("int64")
    if "amount" in past:
        out["mean_amount"] = g["amount"].mean()
    return out


@fill_doc
def churn_features(
    orders: pd.DataFrame,
    *,
    as_of: Any,
    recent_days: int = 90,
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    amount_col: str | None = "amount",
    status_col: str | None = "status",
    completed: Any = "completed",
) -> pd.DataFrame:
    """Compute each customer's churn features on ``as_of`` from the purchases up to that day only.

    Orders after ``as_of`` are ignored (not refused): this is how a snapshot of the past is taken.

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order: ``customer_col`` (id), ``date_col`` (order time), ``amount_col``
        (money ≥ 0; None: no spend feature) and ``status_col`` (None: every order is a purchase).
    {as_of}
    recent_days : int, default 90
        Length of the recent period counted by ``n_orders_recent``.
    {customer_col}
    date_col : str, default "order_date"
        Name of the order-date column.
    amount_col : str or None, default "amount"
        Name of the order-amount column.
    status_col : str or None, default "status"
        Name of the order-status column.
    completed : object, default "completed"
        The status of a completed order.

    Returns
    -------
    pandas.DataFrame
        One row per customer who bought on or before ``as_of``, sorted: ``customer_col``,
        ``recency_days`` (days since the last purchase), ``n_orders`` (purchases so far),
        ``n_orders_recent`` (purchases in the last ``recent_days`` days), ``tenure_days`` (days since
        the first purchase) and ``mean_amount`` (average purchase; only with ``amount_col``).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b", "a"],
    ...     "order_date": ["2025-01-01", "2025-03-01", "2025-02-01", "2025-06-01"],
    ...     "amount": [100, 300, 50, 999]})
    >>> f = churn_features(orders, as_of="2025-03-31", status_col=None)
    >>> f[["customer_id", "recency_days", "n_orders", "tenure_days", "mean_amount"]]
      customer_id  recency_days  n_orders  tenure_days  mean_amount
    0           a            30         2           89        200.0
    1           b            58         1           58         50.0
    """
    t = day(as_of)
    r = require_whole(recent_days, "recent_days", minimum=1, unit="days")
    p = purchases(
        orders,
        customer_col=customer_col,
        date_col=date_col,
        amount_col=amount_col,
        status_col=status_col,
        completed=completed,
    )
    out = _features_from(p, t, r)
    if out.empty:
        raise InputError(
            f"has no purchase on or before as_of={t.date()}",
            table="orders",
            column=date_col,
            fix="pass a later as_of",
        )
    return out.rename_axis(customer_col).reset_index()


@fill_doc
def churn_snapshots(
    orders: pd.DataFrame,
    *,
    as_of: Any,
    window_days: int,
    n_snapshots: int = 4,
    step_days: int | None = None,
    active_only: bool = True,
    recent_days: int = 90,
    customers: pd.DataFrame | None = None,
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    amount_col: str | None = "amount",
    status_col: str | None = "status",
    completed: Any = "completed",
) -> pd.DataFrame:
    """Build labelled snapshots for a churn model: features on each snapshot day, label after it.

    The last snapshot is ``as_of − window_days`` (its label is complete on ``as_of``); the others
    lie ``step_days`` apart before it.

    Parameters
    ----------
    orders : pandas.DataFrame
        As for :func:`churn_features` (no order after ``as_of``).
    {as_of}
    window_days : int
        Label window (≥ 1): a customer is churned after a snapshot if they buy nothing in the
        ``window_days`` days that follow it.
    n_snapshots : int, default 4
        Number of snapshots.
    step_days : int, optional
        Days between snapshots (default ``window_days``).
    active_only : bool, default True
        Keep only customers who are active on the snapshot (a purchase in the ``window_days`` days up
        to it): those already churned are not the ones to keep.
    recent_days : int, default 90
        As for :func:`churn_features`.
    customers : pandas.DataFrame, optional
        Extra features, one row per customer: ``customer_col`` and any columns known **before** the
        first snapshot (acquisition channel, region, a survey answer…); joined to every snapshot.
    {customer_col}
    date_col : str, default "order_date"
        Name of the order-date column.
    amount_col : str or None, default "amount"
        Name of the order-amount column.
    status_col : str or None, default "status"
        Name of the order-status column.
    completed : object, default "completed"
        The status of a completed order.

    Returns
    -------
    pandas.DataFrame
        One row per customer and snapshot, oldest snapshot first: ``snapshot`` (day),
        ``customer_col``, the features of :func:`churn_features`, the columns of ``customers``,
        ``churned`` (bool: no purchase in the ``window_days`` days after the snapshot) and
        ``label_end`` (the day the label is known: snapshot + ``window_days``).

    Raises
    ------
    ecrm_lab.InputError
        For a bad orders (or customers) table, or snapshots before the first purchase.
    """
    w = window(window_days)
    n_snapshots = require_whole(n_snapshots, "n_snapshots", minimum=1)
    step = w if step_days is None else require_whole(step_days, "step_days", minimum=1, unit="days")
    r = require_whole(recent_days, "recent_days", minimum=1, unit="days")
    t = day(as_of)
    p = purchases(
        orders,
        customer_col=customer_col,
        date_col=date_col,
        amount_col=amount_col,
        status_col=status_col,
        completed=completed,
        as_of=t,
    )
    last = t - pd.Timedelta(days=w)
    snaps = [last - pd.Timedelta(days=step * k) for k in range(n_snapshots - 1, -1, -1)]
    if snaps[0] < p["day"].min():
        raise InputError(
            f"starts on {p['day'].min().date()}, after the first snapshot {snaps[0].date()} "
            f"(as_of − window_days − {n_snapshots - 1} × step_days)",
            table="orders",
            column=date_col,
            fix="use fewer snapshots, a shorter step_days or window_days, or a later as_of",
        )
    parts = []
    for s in snaps:
        f = _features_from(p, s, r)
        if active_only:
            f = f[f["recency_days"] < w]
        future = p[(p["day"] > s) & (p["day"] <= s + pd.Timedelta(days=w))]
        f["churned"] = ~f.index.isin(pd.unique(future["customer"]))
        f.insert(0, "snapshot", s)
        f["label_end"] = s + pd.Timedelta(days=w)
        parts.append(f.rename_axis(customer_col).reset_index())
    out = pd.concat(parts, ignore_index=True)
    first_cols = ["snapshot", customer_col]
    out = out[first_cols + [c for c in out.columns if c not in first_cols]]
    if customers is not None:
        require_columns(customers, [customer_col], table="customers")
        require_present(customers[customer_col], table="customers", column=customer_col, what="id")
        if customers[customer_col].duplicated().any():
            first = customers.index[customers[customer_col].duplicated().to_numpy()][0]
            raise InputError(
                "has more than one row per customer",
                table="customers",
                column=customer_col,
                row=first,
                fix="keep one row per customer (drop_duplicates)",
            )
        clash = [c for c in customers.columns if c != customer_col and c in out.columns]
        if clash:
            raise InputError(
                f"has column(s) {', '.join(clash)} that the snapshots already compute",
                table="customers",
                column=clash[0],
                fix="rename or drop them",
            )
        out = out.merge(customers, on=customer_col, how="left", validate="many_to_one")
    return out


@dataclass(frozen=True)
class ChurnModelFit:
    """A fitted churn model and its judgement on held-out rows (result of :func:`fit_churn_model`).

    Parameters
    ----------
    metrics : pandas.DataFrame
        Two rows, ``model`` = ``"model"`` and ``"baseline"`` (the baseline column alone as the
        score): ``n_test``, ``churn_rate`` (of the test rows), ``roc_auc``, ``pr_auc`` (average
        precision), ``brier`` (mean squared error of the predicted probabilities; missing for the
        baseline, which is no probability) and ``precision_at_k`` (churn rate among the
        ``top_share`` highest scores).
    calibration : pandas.DataFrame
        One row per group of test rows with similar predicted probability: ``bin`` (1 = lowest),
        ``n``, ``mean_predicted`` and ``observed_rate``; a well-calibrated model has the two close.
    test_scores : pandas.DataFrame
        The test rows (their columns), plus ``score`` (predicted churn probability) and
        ``baseline_score``.
    pipeline : sklearn.pipeline.Pipeline
        The fitted scikit-learn pipeline.
    feature_cols : tuple of str
        The feature columns, in order.
    label_col : str
        The label column.
    n_train : int
        Number of training rows.
    top_share : float
        The share of rows that ``precision_at_k`` looks at.
    """

    metrics: pd.DataFrame
    calibration: pd.DataFrame
    test_scores: pd.DataFrame
    pipeline: Any = field(repr=False)
    feature_cols: tuple[str, ...]
    label_col: str
    n_train: int
    top_share: float

    def predict(self, table: pd.DataFrame) -> pd.Series:
        """Predict the churn probability of each row of a table with the feature columns.

        Parameters
        ----------
        table : pandas.DataFrame
            Has the :attr:`feature_cols` (e.g. :func:`churn_features` on today's date).

        Returns
        -------
        pandas.Series
            Probabilities in [0, 1], same index as ``table``.
        """
        X = _features_table(table, self.feature_cols, "table")
        return pd.Series(self.pipeline.predict_proba(X)[:, 1], index=table.index, name="score")


def _features_table(df: pd.DataFrame, cols: Iterable[str], table: str) -> pd.DataFrame:
    cols = list(cols)
    require_columns(df, cols, table=table)
    require_nonempty(df, table=table)
    X = pd.DataFrame(index=df.index)
    for c in cols:
        s = df[c]
        if pd.api.types.is_bool_dtype(s):
            X[c] = s.astype("float64")
        elif pd.api.types.is_numeric_dtype(s):
            X[c] = as_numbers(s, table=table, column=c).astype("float64")
        else:
            require_present(s, table=table, column=c, what="value")
            numbers = pd.to_numeric(s, errors="coerce")
            if numbers.notna().mean() >= 0.9:  # a number column with a few text values
                bad = numbers.isna().to_numpy()
                raise InputError(
                    f"must hold numbers, but {int(bad.sum())} value(s) are text "
                    f"(e.g. {s[bad].iloc[0]!r}) among {int((~bad).sum())} numbers",
                    table=table,
                    column=c,
                    row=s.index[bad][0],
                    fix=f"convert it with pd.to_numeric({table}[{c!r}]) and fix or drop the bad "
                    "rows (a text column would be one-hot encoded instead)",
                )
            X[c] = s.astype(str)
    return X


def _labels(df: pd.DataFrame, col: str, table: str) -> np.ndarray:
    require_columns(df, [col], table=table)
    s = df[col]
    if pd.api.types.is_bool_dtype(s):
        return s.to_numpy(dtype=int)
    if not pd.api.types.is_numeric_dtype(s):
        is_text = s.map(lambda v: isinstance(v, str))
        first = s.index[is_text.to_numpy()][0] if is_text.any() else None
        example = None if first is None else s.loc[first]
        raise InputError(
            f"must hold 0/1 or True/False labels, not text (e.g. {example!r})",
            table=table,
            column=col,
            row=first,
            fix=f"convert it, e.g. {table}[{col!r}] == 'Yes'",
        )
    y = as_numbers(s, table=table, column=col)
    bad = ~y.isin([0, 1])
    if bad.any():
        raise InputError(
            f"must hold 0/1 or True/False labels, but {int(bad.sum())} value(s) do not "
            f"(e.g. {y[bad].iloc[0]!r})",
            table=table,
            column=col,
            row=y.index[bad.to_numpy()][0],
            fix=f"convert it, e.g. ({table}[{col!r}] == 'Yes')",
        )
    return y.to_numpy(dtype=int)


def _refuse_label_copies(X: pd.DataFrame, y: np.ndarray, table: str, label_col: str) -> None:
    """Refuse a feature with few values each of which always has the same label: a copy of the label.

    ``churn`` ("Yes"/"No") left beside ``churned`` would give a perfect, useless model. Checked on
    tables of 50 rows or more, for features with 2 to 20 distinct values.
    """
    if len(y) < 50:
        return
    for c in X.columns:
        s = X[c]
        k = s.nunique()
        if 2 <= k <= 20 and pd.Series(y, index=X.index).groupby(s).nunique().max() == 1:
            raise InputError(
                f"determines the label {label_col!r} exactly (each of its {k} values always has "
                "the same label): it is the label in another form, or known only after it",
                table=table,
                column=c,
                fix=f"leave it out of feature_cols (e.g. drop the text version of {label_col!r})",
            )


def _precision_at(y: np.ndarray, score: np.ndarray, share: float) -> float:
    k = max(1, int(round(share * len(y))))
    top = np.argsort(-score, kind="stable")[:k]
    return float(y[top].mean())


@fill_doc
def fit_churn_model(
    table: pd.DataFrame,
    *,
    feature_cols: Iterable[str] | None = None,
    label_col: str = "churned",
    baseline_col: str = "recency_days",
    baseline_higher_is_riskier: bool = True,
    split: str = "time",
    when_col: str = "snapshot",
    cutoff: Any = None,
    label_end_col: str | None = "label_end",
    test_size: float = 0.3,
    top_share: float = 0.1,
    n_bins: int = 10,
    model: Any = None,
    rng: Any = None,
    table_name: str = "snapshots",
) -> ChurnModelFit:
    """Train a churn classifier on past rows and judge it on later (or held-out) rows beside a baseline.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per customer (and snapshot): the feature columns (numbers, booleans or text), the
        0/1 or boolean ``label_col`` and, for ``split="time"``, ``when_col`` (snapshot day) and
        ``label_end_col`` (the day the label is known). E.g. :func:`churn_snapshots`.
    feature_cols : iterable of str, optional
        The features (default: every column but the label, ``when_col``, ``label_end_col`` and
        columns ending in ``_id``).
    label_col : str, default "churned"
        The label: 1/True = churned.
    baseline_col : str, default "recency_days"
        The single column the baseline ranks by (must be among the features or in ``table``).
    baseline_higher_is_riskier : bool, default True
        Whether a higher baseline value means more risk (True for recency; False for tenure).
    split : {"time", "random"}, default "time"
        ``"time"``: test on the rows at ``cutoff`` (default: the last snapshot), train on rows whose
        label was complete by then (:func:`ecrm_lab.evaluation.time_split`). ``"random"``: a
        stratified random split (for tables without dates).
    when_col : str, default "snapshot"
        The snapshot-day column (``split="time"``).
    cutoff : date-like, optional
        First day of the test period (``split="time"``).
    label_end_col : str or None, default "label_end"
        The day each row's label is known (``split="time"``); None: only ``when_col < cutoff``.
    test_size : float, default 0.3
        Share of rows held out (``split="random"``).
    top_share : float, default 0.1
        Share of highest-scored test rows that ``precision_at_k`` looks at.
    n_bins : int, default 10
        Number of groups of the calibration table.
    model : scikit-learn classifier, optional
        Default: logistic regression after scaling numbers and one-hot coding text.
    {rng}
    table_name : str, default "snapshots"
        The table's name in error messages.

    Returns
    -------
    ChurnModelFit
        Metrics of the model and of the baseline on the test rows, the calibration table, the test
        scores and the fitted pipeline.

    Raises
    ------
    ecrm_lab.InputError
        Missing columns, features that are missing or infinite, labels other than 0/1, a training
        or test set with a single class.
    """
    from sklearn.base import clone
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import average_precision_score, roc_auc_score
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    from ..evaluation import time_split

    if split not in ("time", "random"):
        raise ValueError(f"split must be 'time' or 'random', not {split!r}")
    if not 0 < top_share <= 1:
        raise ValueError(f"top_share must lie in (0, 1], got {top_share}")
    n_bins = require_whole(n_bins, "n_bins", minimum=1)
    require_columns(table, [label_col, baseline_col], table=table_name)
    require_nonempty(table, table=table_name)
    skip = {label_col, when_col, label_end_col}
    if feature_cols is None:
        feature_cols = [c for c in table.columns if c not in skip and not str(c).endswith("_id")]
    feature_cols = list(feature_cols)
    if label_col in feature_cols:
        raise ValueError(f"the label {label_col!r} cannot be a feature")
    X = _features_table(table, feature_cols, table_name)
    y = _labels(table, label_col, table_name)
    _refuse_label_copies(X, y, table_name, label_col)
    base = as_numbers(table[baseline_col], table=table_name, column=baseline_col).to_numpy(float)
    base = base if baseline_higher_is_riskier else -base
    if split == "time":
        require_columns(
            table, [when_col] + ([label_end_col] if label_end_col else []), table=table_name
        )
        when = as_datetimes(table[when_col], table=table_name, column=when_col)
        ts = when.max() if cutoff is None else cutoff
        end = None
        if label_end_col:
            end = as_datetimes(table[label_end_col], table=table_name, column=label_end_col)
        s = time_split(when, cutoff=ts, label_end=end)
        train, test = s.train, s.test
    else:
        seed = int(np.random.default_rng(rng).integers(2**31 - 1))
        idx = np.arange(len(y))
        tr, te = train_test_split(idx, test_size=test_size, stratify=y, random_state=seed)
        train = np.isin(idx, tr)
        test = np.isin(idx, te)
    for name, mask in (("training", train), ("test", test)):
        if mask.sum() == 0 or len(np.unique(y[mask])) < 2:
            raise InputError(
                f"the {name} rows ({int(mask.sum())}) need both churned and retained customers "
                f"({int(y[mask].sum()) if mask.any() else 0} churned)",
                table=table_name,
                column=label_col,
                fix="use more snapshots, another cutoff or a longer history",
            )
    if model is None:
        num = [c for c in feature_cols if X[c].dtype != object and X[c].dtype != "str"]
        cat = [c for c in feature_cols if c not in num]
        model = Pipeline(
            [
                (
                    "prepare",
                    ColumnTransformer(
                        [
                            ("numbers", StandardScaler(), num),
                            ("text", OneHotEncoder(handle_unknown="ignore"), cat),
                        ]
                    ),
                ),
                ("classify", LogisticRegression(max_iter=2000)),
            ]
        )
    pipe = clone(model).fit(X[train], y[train])
    score = pipe.predict_proba(X[test])[:, 1]
    yt, bt = y[test], base[test]
    metrics = pd.DataFrame(
        [
            {
                "model": "model",
                "n_test": int(test.sum()),
                "churn_rate": float(yt.mean()),
                "roc_auc": float(roc_auc_score(yt, score)),
                "pr_auc": float(average_precision_score(yt, score)),
                "brier": float(np.mean((score - yt) ** 2)),
                "precision_at_k": _precision_at(yt, score, top_share),
            },
            {
                "model": "baseline",
                "n_test": int(test.sum()),
                "churn_rate": float(yt.mean()),
                "roc_auc": float(roc_auc_score(yt, bt)),
                "pr_auc": float(average_precision_score(yt, bt)),
                "brier": np.nan,
                "precision_at_k": _precision_at(yt, bt, top_share),
            },
        ]
    )
    ranks = pd.Series(score).rank(method="first")
    bins = pd.qcut(ranks, q=min(n_bins, len(score)), labels=False) + 1
    cal = (
        pd.DataFrame({"bin": bins.to_numpy(), "score": score, "y": yt})
        .groupby("bin")
        .agg(n=("y", "size"), mean_predicted=("score", "mean"), observed_rate=("y", "mean"))
        .reset_index()
    )
    cal["bin"] = cal["bin"].astype("int64")
    scores = table[test].copy()
    scores["score"] = score
    scores["baseline_score"] = table[baseline_col].to_numpy()[test]
    return ChurnModelFit(
        metrics=metrics,
        calibration=cal,
        test_scores=scores,
        pipeline=pipe,
        feature_cols=tuple(feature_cols),
        label_col=label_col,
        n_train=int(train.sum()),
        top_share=float(top_share),
    )


def at_risk_list(fit: ChurnModelFit, table: pd.DataFrame, *, n: int | None = None) -> pd.DataFrame:
    """Rank customers by predicted churn risk: the list to contact first.

    Parameters
    ----------
    fit : ChurnModelFit
        A fitted model (:func:`fit_churn_model` or :func:`churn_model`).
    table : pandas.DataFrame
        Today's features, one row per customer (e.g. :func:`churn_features` on ``as_of``, filtered
        to active customers, with the same extra columns as in training).
    n : int, optional
        Keep the ``n`` riskiest rows (default: all).

    Returns
    -------
    pandas.DataFrame
        ``table``'s rows, highest ``score`` (churn probability) first, with ``score`` and ``rank``
        (1 = riskiest) added.
    """
    out = table.copy()
    out["score"] = fit.predict(table)
    out = out.sort_values("score", ascending=False, kind="stable")
    out["rank"] = np.arange(1, len(out) + 1)
    if n is not None:
        out = out.head(require_whole(n, "n", minimum=1))
    return out


@fill_doc
def churn_model(
    orders: pd.DataFrame,
    *,
    as_of: Any,
    window_days: int,
    n_snapshots: int = 4,
    step_days: int | None = None,
    customers: pd.DataFrame | None = None,
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    amount_col: str | None = "amount",
    status_col: str | None = "status",
    completed: Any = "completed",
    top_share: float = 0.1,
    model: Any = None,
    rng: Any = None,
) -> ChurnModelFit:
    """Run the whole churn pipeline on an orders table: snapshots, time split, model versus recency.

    The test snapshot is ``as_of − window_days`` (its labels are complete on ``as_of``); the model is
    trained on the earlier snapshots whose labels were complete on the test snapshot day, so no
    training label looks into the test period.

    Parameters
    ----------
    orders : pandas.DataFrame
        As for :func:`churn_features`.
    {as_of}
    window_days : int
        Label window (≥ 1).
    n_snapshots : int, default 4
        Number of snapshots, the last one being the test snapshot (≥ 2). A training snapshot needs
        its label complete on the test snapshot day, so when ``step_days < window_days`` the
        snapshots closer than ``window_days`` to the test one are not used for training.
    step_days : int, optional
        Days between snapshots (default ``window_days``).
    customers : pandas.DataFrame, optional
        Extra per-customer features (see :func:`churn_snapshots`).
    {customer_col}
    date_col : str, default "order_date"
        Name of the order-date column.
    amount_col : str or None, default "amount"
        Name of the order-amount column.
    status_col : str or None, default "status"
        Name of the order-status column.
    completed : object, default "completed"
        The status of a completed order.
    top_share : float, default 0.1
        Share of test customers that ``precision_at_k`` looks at.
    model : scikit-learn classifier, optional
        Default: scaled logistic regression.
    {rng}

    Returns
    -------
    ChurnModelFit
        As :func:`fit_churn_model`.
    """
    n_snapshots = require_whole(n_snapshots, "n_snapshots", minimum=2)
    snaps = churn_snapshots(
        orders,
        as_of=as_of,
        window_days=window_days,
        n_snapshots=n_snapshots,
        step_days=step_days,
        customers=customers,
        customer_col=customer_col,
        date_col=date_col,
        amount_col=amount_col,
        status_col=status_col,
        completed=completed,
    )
    not_features = ("snapshot", customer_col, "churned", "label_end")
    features = [c for c in snaps.columns if c not in not_features]
    return fit_churn_model(
        snaps,
        feature_cols=features,
        top_share=top_share,
        model=model,
        rng=rng,
    )
