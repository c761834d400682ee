"""RFM analysis: recency, frequency and monetary value per customer, scores, named segments.

The steps of lesson 07:

1. :func:`rfm_table` — per customer, from the completed orders up to ``as_of``: ``recency_days``
   (days from the last purchase to ``as_of``), ``frequency`` (orders) and ``monetary`` (money spent);
2. :func:`fit_rfm_bins` / :func:`rfm_scores` — quintile scores 1–5 (5 best; recency reversed). The
   bin edges are *learned* on one snapshot and can be applied to another (estimator convention of the
   package: a plain function returns a frozen result, :class:`RFMBins`, whose ``transform`` scores
   any RFM table with the same edges);
3. :func:`rfm_segments` — eleven named segments (Champions … Lost) of the R × F grid, with Vietnamese
   and English names and a recommended action, read from the vocabulary (kind ``segment``);
4. :func:`segment_migration` — how customers moved between the segments of two snapshots;
5. :func:`rfm_kmeans` — K-means on the scaled RFM values, for comparison with the rule-based grid.

Two "recencies": RFM's ``recency_days`` counts from the **last purchase to the snapshot** (small is
good); BG/NBD's ``recency_btyd`` (:func:`ecrm_lab.clv.summary_from_transactions`) counts from the
**first to the last purchase** (large is good). ``recency_days = T − recency_btyd`` in days.

References: Hughes (1994), *Strategic Database Marketing*; Fader, Hardie & Lee (2005), "RFM and CLV:
using iso-value curves for customer base analysis", *Journal of Marketing Research* 42(4).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from ._docs import fill_doc
from ._validate import as_timestamp, require_columns, require_nonempty
from .errors import InputError

__all__ = [
    "rfm_table",
    "fit_rfm_bins",
    "rfm_scores",
    "RFMBins",
    "rfm_segments",
    "segment_grid",
    "segment_migration",
    "rfm_kmeans",
    "RFMKMeans",
]

#: Quantiles that cut each RFM value into five bands.
QUANTILES = (0.2, 0.4, 0.6, 0.8)
_VALUES = ("recency_days", "frequency", "monetary")


def _purchase_statuses() -> tuple[str, ...]:
    from . import vocabulary

    return vocabulary.codes("status", subset="purchase")


@fill_doc
def rfm_table(
    orders: pd.DataFrame,
    *,
    as_of: Any,
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    amount_col: str = "amount",
    status_col: str | None = "status",
    statuses: tuple[str, ...] | None = None,
    order_col: str | None = "order_id",
) -> pd.DataFrame:
    """Recency, frequency and monetary value of every customer with a completed order.

    Only purchases count: when the table has ``status_col``, the orders whose status is one of
    ``statuses`` (default: the statuses flagged ``purchase`` in the vocabulary, i.e. ``completed``);
    cancelled and returned orders are left out. Every order is one purchase (two orders on one day
    count twice).

    **Recency here is RFM recency**: days from the customer's *last* purchase to ``as_of`` (0 = bought
    on ``as_of``; smaller is better). It is not BG/NBD's recency of
    :func:`ecrm_lab.clv.summary_from_transactions`, which runs from the *first* to the last purchase
    (larger is better).

    Parameters
    ----------
    orders : DataFrame
        One row per order: ``customer_col`` (id), ``date_col`` (date or timestamp, none after
        ``as_of``), ``amount_col`` (money paid, > 0) and optionally ``status_col``.
    {as_of}
    {customer_col}
    date_col, amount_col : str
        Order date and amount columns.
    status_col : str or None, default "status"
        Order status column; a table without it (or None) counts every row as a purchase, as in
        :func:`ecrm_lab.clv.btyd_summary`.
    statuses : tuple of str, optional
        The statuses that are purchases.
    order_col : str or None, default "order_id"
        Order key: when the table has this column, a repeated order id is an error (a copied row
        would count twice).

    Returns
    -------
    DataFrame
        Indexed by customer (sorted), one row per customer with at least one purchase:
        ``last_purchase`` (datetime64, the day of the last purchase), ``recency_days`` (int, days from
        it to ``as_of``), ``frequency`` (int, purchases), ``monetary`` (float, total amount) and
        ``mean_order_value`` (float, ``monetary / frequency``).

    Raises
    ------
    InputError
        Missing column, empty table, missing ids, unreadable dates, orders after ``as_of``, amounts
        that are not numbers or not > 0, no order with a purchase status.

    Examples
    --------
    >>> orders = pd.DataFrame({"order_id": [1, 2, 3, 4], "customer_id": ["a", "a", "b", "b"],
    ...     "order_date": ["2025-01-01", "2025-01-20", "2025-01-10", "2025-01-25"],
    ...     "amount": [100.0, 50.0, 80.0, 20.0],
    ...     "status": ["completed", "completed", "completed", "cancelled"]})
    >>> rfm_table(orders, as_of="2025-01-31")[["recency_days", "frequency", "monetary"]]
    ... # doctest: +NORMALIZE_WHITESPACE
                 recency_days  frequency  monetary
    customer_id
    a                      11          2     150.0
    b                      21          1      80.0
    """
    from .tables import prepare_orders

    end = as_timestamp(as_of, "as_of").normalize() + pd.Timedelta(days=1) - pd.Timedelta(1, "ns")
    use_order = order_col is not None and isinstance(orders, pd.DataFrame) and order_col in orders
    use_status = (
        status_col is not None and isinstance(orders, pd.DataFrame) and status_col in orders
    )
    require = ("customer", "date", "amount") + (("status",) if use_status else ())
    require += ("order",) if use_order else ()
    df = prepare_orders(
        orders,
        order_col=order_col if use_order else None,
        customer_col=customer_col,
        date_col=date_col,
        amount_col=amount_col,
        status_col=status_col if use_status else None,
        require=require,
        as_of=end,
    )
    if use_status:
        keep = df[status_col].astype("string").isin(statuses or _purchase_statuses())
        if not keep.any():
            raise InputError(
                "has no order with a purchase status",
                table="orders",
                column=status_col,
                fix=f"pass statuses=(...) naming the purchase statuses, or status_col=None "
                f"(found: {', '.join(map(str, df[status_col].unique()[:5]))})",
            )
        df = df[keep.to_numpy()]
    bad = (df[amount_col] <= 0).to_numpy()
    if bad.any():
        raise InputError(
            f"has {int(bad.sum())} purchase amount(s) of 0 or less",
            table="orders",
            column=amount_col,
            row=df.index[bad][0],
            fix="a purchase has a positive amount: drop refunds and free orders, or fix them",
        )
    day = df[date_col].dt.normalize()
    g = pd.DataFrame({"c": df[customer_col].to_numpy(), "d": day.to_numpy(), "m": df[amount_col]})
    agg = g.groupby("c", sort=True).agg(
        last_purchase=("d", "max"), frequency=("d", "size"), monetary=("m", "sum")
    )
    out = pd.DataFrame(
        {
            "last_purchase": agg["last_purchase"],
            "recency_days": (end.normalize() - agg["last_purchase"]).dt.days.astype(np.int64),
            "frequency": agg["frequency"].astype(np.int64),
            "monetary": agg["monetary"].astype(float),
        }
    )
    out["mean_order_value"] = out["monetary"] / out["frequency"]
    out.index.name = customer_col
    return out


def _check_rfm(rfm: Any, cols=_VALUES, table: str = "rfm") -> pd.DataFrame:
    require_columns(rfm, list(cols), table=table)
    require_nonempty(rfm, table=table)
    for c in cols:
        s = rfm[c]
        if pd.api.types.is_bool_dtype(s) or not pd.api.types.is_numeric_dtype(s):
            raise InputError(
                f"must be numeric, not {s.dtype}",
                table=table,
                column=c,
                fix="build the table with rfm_table(orders, as_of=...)",
            )
        v = s.to_numpy(float)
        bad = ~np.isfinite(v) | (v < 0)
        if bad.any():
            raise InputError(
                f"has {int(bad.sum())} missing, infinite or negative value(s)",
                table=table,
                column=c,
                row=rfm.index[bad][0],
                fix="drop or fix these customers",
            )
    if rfm.index.has_duplicates:
        raise InputError(
            "has a customer more than once in its index",
            table=table,
            row=rfm.index[rfm.index.duplicated()][0],
            fix="keep one row per customer (rfm_table gives one)",
        )
    return rfm


@dataclasses.dataclass(frozen=True)
class RFMBins:
    """Quintile edges of recency, frequency and monetary value, learned by :func:`fit_rfm_bins`.

    Parameters
    ----------
    edges : dict of str to tuple of float
        For ``recency_days``, ``frequency`` and ``monetary``: the four cut points (the 20th, 40th,
        60th and 80th percentiles of the fitted table, linear interpolation).
    n_customers : int
        Customers of the fitted table.
    """

    edges: dict[str, tuple[float, ...]]
    n_customers: int

    def transform(self, rfm: pd.DataFrame) -> pd.DataFrame:
        """Score an RFM table with these edges.

        A value equal to an edge falls in the band *below* the edge (the band of smaller values), so
        equal values always get the same score, and a heavily tied value (most customers buy once)
        can leave some scores unused. Frequency and monetary: score = 1 + number of edges strictly
        below the value. Recency is reversed (recent is good): score = 5 − number of edges strictly
        below it.

        Parameters
        ----------
        rfm : DataFrame
            One row per customer (index), with ``recency_days``, ``frequency``, ``monetary``
            (numbers ≥ 0), e.g. from :func:`rfm_table`; other columns are kept.

        Returns
        -------
        DataFrame
            A copy of ``rfm`` with ``r_score``, ``f_score``, ``m_score`` (int 1–5, 5 best) and
            ``rfm_cell`` (str, e.g. ``"545"``) added.

        Raises
        ------
        InputError
            Missing column, empty table, non-numeric, missing or negative values, repeated customers.
        """
        rfm = _check_rfm(rfm)
        out = rfm.copy()
        for col, name in zip(_VALUES, ("r_score", "f_score", "m_score"), strict=True):
            below = np.searchsorted(np.asarray(self.edges[col]), rfm[col].to_numpy(float), "left")
            out[name] = (5 - below if col == "recency_days" else 1 + below).astype(np.int64)
        out["rfm_cell"] = (
            out["r_score"].astype(str) + out["f_score"].astype(str) + out["m_score"].astype(str)
        )
        return out


def fit_rfm_bins(rfm: pd.DataFrame) -> RFMBins:
    """Learn the quintile edges of recency, frequency and monetary value from one snapshot.

    Parameters
    ----------
    rfm : DataFrame
        One row per customer with ``recency_days``, ``frequency`` and ``monetary``, e.g. from
        :func:`rfm_table`.

    Returns
    -------
    RFMBins
        Frozen edges; ``bins.transform(other_rfm)`` scores another snapshot with them.

    Raises
    ------
    InputError
        As :meth:`RFMBins.transform`.

    Examples
    --------
    >>> rfm = pd.DataFrame({"recency_days": [1, 5, 9, 30, 90], "frequency": [9, 4, 1, 1, 1],
    ...                     "monetary": [900.0, 300, 50, 80, 20]})
    >>> bins = fit_rfm_bins(rfm)
    >>> [round(e, 6) for e in bins.edges["frequency"]]
    [1.0, 1.0, 2.2, 5.0]
    >>> bins.transform(rfm)["rfm_cell"].tolist()
    ['555', '444', '312', '213', '111']
    """
    rfm = _check_rfm(rfm)
    edges = {
        c: tuple(float(e) for e in np.quantile(rfm[c].to_numpy(float), QUANTILES)) for c in _VALUES
    }
    return RFMBins(edges=edges, n_customers=len(rfm))


def rfm_scores(rfm: pd.DataFrame, bins: RFMBins | None = None) -> pd.DataFrame:
    """Quintile scores 1–5 of an RFM table (5 best; recency reversed).

    Parameters
    ----------
    rfm : DataFrame
        One row per customer with ``recency_days``, ``frequency`` and ``monetary``.
    bins : RFMBins, optional
        Edges learned on another snapshot (:func:`fit_rfm_bins`); default: learned on ``rfm``.

    Returns
    -------
    DataFrame
        ``rfm`` with ``r_score``, ``f_score``, ``m_score`` and ``rfm_cell``; see
        :meth:`RFMBins.transform` for how ties are scored.

    Raises
    ------
    InputError
        As :meth:`RFMBins.transform`.
    """
    return (bins or fit_rfm_bins(rfm)).transform(rfm)


def _score_range(text: str) -> tuple[int, int]:
    lo, _, hi = str(text).partition("-")
    return int(lo), int(hi or lo)


def segment_grid() -> pd.DataFrame:
    """The R × F grid of the named segments, read from the vocabulary (kind ``segment``).

    Returns
    -------
    DataFrame
        25 rows: ``r_score`` and ``f_score`` (int 1–5) and ``segment`` (the segment code).

    Examples
    --------
    >>> g = segment_grid()
    >>> g.set_index(["r_score", "f_score"]).loc[(5, 5), "segment"]
    'champions'
    """
    from . import vocabulary

    rows = []
    for rec in vocabulary.table("segment").to_dict("records"):
        (r0, r1), (f0, f1) = _score_range(rec["r_scores"]), _score_range(rec["f_scores"])
        rows += [(r, f, rec["code"]) for r in range(r0, r1 + 1) for f in range(f0, f1 + 1)]
    return pd.DataFrame(rows, columns=["r_score", "f_score", "segment"]).sort_values(
        ["r_score", "f_score"], ignore_index=True
    )


@fill_doc
def rfm_segments(scores: pd.DataFrame, *, lang: str | None = None) -> pd.DataFrame:
    """Name each customer's segment from the R and F scores (the R × F grid), with an action.

    The grid (kind ``segment`` of the vocabulary, columns ``r_scores`` and ``f_scores``) gives each
    of the 25 (R, F) cells one of eleven segments, best first: Champions (R 5, F 4–5), Loyal Customers
    (R 3–4, F 4–5), Potential Loyalists (R 4–5, F 2–3), New Customers (R 5, F 1), Promising (R 4,
    F 1), Need Attention (R 3, F 3), About to Sleep (R 3, F 1–2), At Risk (R 1–2, F 3–4), Can't Lose
    Them (R 1–2, F 5), Hibernating (R 2, F 1–2), Lost (R 1, F 1–2). The M score does not enter the
    grid (it is kept for the analyst, and in :func:`rfm_kmeans`).

    Parameters
    ----------
    scores : DataFrame
        One row per customer with ``r_score`` and ``f_score`` (whole numbers 1–5), e.g. from
        :func:`rfm_scores`.
    {lang}

    Returns
    -------
    DataFrame
        A copy of ``scores`` with ``segment`` (ordered categorical of the segment codes, best
        first), ``segment_label`` (its name in ``lang``), ``lifecycle_tool`` (the lifecycle stage
        whose tools act on it: ``expansion``, ``retention`` or ``lapsed``), ``function`` (the
        ``ecrm_lab`` function to act with, e.g. ``expansion.next_purchase_reminders`` for About to
        Sleep, ``clv.BGNBDFit.p_alive`` for Lost) and ``action`` (the recommended action in
        ``lang``).

    Raises
    ------
    InputError
        Missing column, empty table, scores that are not whole numbers from 1 to 5.

    Examples
    --------
    >>> s = pd.DataFrame({"r_score": [5, 1], "f_score": [5, 1]}, index=["a", "b"])
    >>> rfm_segments(s, lang="en")[["segment", "segment_label"]]
         segment segment_label
    a  champions     Champions
    b       lost          Lost
    """
    from . import i18n, vocabulary

    require_columns(scores, ["r_score", "f_score"], table="scores")
    require_nonempty(scores, table="scores")
    for c in ("r_score", "f_score"):
        s = pd.to_numeric(scores[c], errors="coerce")
        bad = (~s.isin(range(1, 6))).to_numpy()
        if bad.any():
            raise InputError(
                f"has {int(bad.sum())} value(s) that are not whole numbers 1–5",
                table="scores",
                column=c,
                row=scores.index[bad][0],
                fix="score the table with rfm_scores(rfm)",
            )
    lang = i18n.get_language() if lang is None else lang
    grid = segment_grid().set_index(["r_score", "f_score"])["segment"]
    keys = pd.MultiIndex.from_arrays([scores["r_score"].astype(int), scores["f_score"].astype(int)])
    order = list(vocabulary.codes("segment"))
    out = scores.copy()
    out["segment"] = pd.Categorical(grid.reindex(keys).to_numpy(), categories=order, ordered=True)
    voc = vocabulary.table("segment").set_index("code")
    seg = out["segment"].astype(str)
    out["segment_label"] = seg.map(vocabulary.labels("segment", lang))
    out["lifecycle_tool"] = seg.map(voc["lifecycle_tool"])
    out["function"] = seg.map(voc["function"])
    out["action"] = seg.map(voc[f"action_{'vi' if lang == 'vi' else 'en'}"])
    return out


def segment_migration(
    before: pd.DataFrame, after: pd.DataFrame, *, segment_col: str = "segment"
) -> pd.DataFrame:
    """How customers moved between the segments of two snapshots (a tidy from/to table).

    Customers are matched on the index. A customer in only one snapshot has a missing segment on the
    other side (a new customer in ``after``; in ``before`` only when the tables cover different
    customers).

    Parameters
    ----------
    before, after : DataFrame
        One row per customer (index) with ``segment_col``, e.g. from :func:`rfm_segments` at two
        dates.
    segment_col : str, default "segment"
        The segment column.

    Returns
    -------
    DataFrame
        One row per observed (from, to) pair: ``from_segment``, ``to_segment`` (segment codes, <NA>
        for absent), ``n_customers`` (int), ``share_of_from`` (float, of the customers in
        ``from_segment``; the shares of one ``from_segment`` sum to 1). Sorted by the segment order.

    Raises
    ------
    InputError
        Missing column, empty table, a customer twice in one snapshot.

    Examples
    --------
    >>> b = pd.DataFrame({"segment": ["champions", "champions", "lost"]}, index=["a", "b", "c"])
    >>> a = pd.DataFrame({"segment": ["champions", "at_risk", "lost", "new_customers"]},
    ...                  index=["a", "b", "c", "d"])
    >>> segment_migration(b, a)  # doctest: +NORMALIZE_WHITESPACE
      from_segment     to_segment  n_customers  share_of_from
    0    champions      champions            1            0.5
    1    champions        at_risk            1            0.5
    2         lost           lost            1            1.0
    3         <NA>  new_customers            1            1.0
    """
    from . import vocabulary

    for name, df in (("before", before), ("after", after)):
        require_columns(df, [segment_col], table=name)
        require_nonempty(df, table=name)
        if df.index.has_duplicates:
            raise InputError(
                "has a customer more than once in its index",
                table=name,
                row=df.index[df.index.duplicated()][0],
                fix="keep one row per customer",
            )
    pair = pd.DataFrame(
        {
            "from_segment": before[segment_col].astype("string"),
        }
    ).join(pd.DataFrame({"to_segment": after[segment_col].astype("string")}), how="outer")
    counts = pair.value_counts(dropna=False).rename("n_customers").reset_index()
    order = {c: i for i, c in enumerate(vocabulary.codes("segment"))}
    rank = {c: counts[c].map(order).fillna(len(order)) for c in ("from_segment", "to_segment")}
    counts = counts.assign(_f=rank["from_segment"], _t=rank["to_segment"])
    counts = counts.sort_values(["_f", "_t"], ignore_index=True).drop(columns=["_f", "_t"])
    total = counts.groupby("from_segment", dropna=False)["n_customers"].transform("sum")
    counts["n_customers"] = counts["n_customers"].astype(np.int64)
    counts["share_of_from"] = counts["n_customers"] / total
    return counts


@dataclasses.dataclass(frozen=True)
class RFMKMeans:
    """K-means clusters of scaled RFM values (returned by :func:`rfm_kmeans`).

    Parameters
    ----------
    labels : pandas.Series
        Cluster of each customer (int, 1 = the cluster with the best mean standardised
        ``−recency + frequency + monetary``), indexed like the RFM table.
    centers : DataFrame
        One row per cluster (index ``cluster``): mean ``recency_days``, ``frequency``, ``monetary``
        of its customers and ``n_customers``.
    inertia : float
        Within-cluster sum of squares in the scaled space.
    log : bool
        Whether ``log1p`` was applied before standardising.
    model : object
        The fitted ``(scaler, kmeans)`` pair, used by :meth:`predict`.
    """

    labels: pd.Series
    centers: pd.DataFrame
    inertia: float
    log: bool
    model: Any = dataclasses.field(repr=False, compare=False)

    def predict(self, rfm: pd.DataFrame) -> pd.Series:
        """The nearest cluster of each customer of another RFM table.

        Parameters
        ----------
        rfm : DataFrame
            One row per customer with ``recency_days``, ``frequency``, ``monetary``.

        Returns
        -------
        pandas.Series
            Cluster numbers (int, same numbering as ``labels``), indexed like ``rfm``.

        Raises
        ------
        InputError
            As :meth:`RFMBins.transform`.
        """
        scaler, km, relabel = self.model
        z = scaler.transform(_rfm_matrix(_check_rfm(rfm), self.log))
        return pd.Series(relabel[km.predict(z)], index=rfm.index, name="cluster")


def _rfm_matrix(rfm: pd.DataFrame, log: bool) -> np.ndarray:
    v = rfm[list(_VALUES)].to_numpy(float)
    return np.log1p(v) if log else v


@fill_doc
def rfm_kmeans(
    rfm: pd.DataFrame, *, n_clusters: int = 5, log: bool = True, rng: Any = None
) -> RFMKMeans:
    """Cluster customers by K-means on standardised (by default log) recency, frequency, monetary.

    RFM values are very skewed (a few customers spend a lot), so by default each is transformed
    with ``log1p`` and then standardised (mean 0, sd 1) before scikit-learn's ``KMeans`` (``n_init=10``,
    ``random_state`` drawn from ``rng``). Clusters are renumbered 1 … ``n_clusters`` from best to
    worst (mean of −z(recency) + z(frequency) + z(monetary) of their centre), so that the numbering
    does not depend on the random start.

    Parameters
    ----------
    rfm : DataFrame
        One row per customer with ``recency_days``, ``frequency``, ``monetary``.
    n_clusters : int, default 5
        Number of clusters (2 … number of customers).
    log : bool, default True
        Apply ``log1p`` before standardising.
    {rng}

    Returns
    -------
    RFMKMeans
        ``labels``, ``centers`` (in the original units), ``inertia``; ``predict`` for another table.

    Raises
    ------
    InputError
        As :meth:`RFMBins.transform`.
    ValueError
        ``n_clusters`` below 2 or above the number of customers.

    Examples
    --------
    >>> rfm = pd.DataFrame({"recency_days": [1, 2, 3, 200, 210, 220],
    ...                     "frequency": [9, 8, 10, 1, 1, 2], "monetary": [900.0, 800, 950, 50, 40, 60]})
    >>> rfm_kmeans(rfm, n_clusters=2, rng=0).labels.tolist()
    [1, 1, 1, 2, 2, 2]
    """
    from sklearn.cluster import KMeans
    from sklearn.preprocessing import StandardScaler

    rfm = _check_rfm(rfm)
    if not 2 <= int(n_clusters) <= len(rfm):
        raise ValueError(
            f"n_clusters must be between 2 and {len(rfm)} (customers), got {n_clusters}"
        )
    seed = int(np.random.default_rng(rng).integers(2**31 - 1))
    scaler = StandardScaler().fit(_rfm_matrix(rfm, log))
    z = scaler.transform(_rfm_matrix(rfm, log))
    km = KMeans(n_clusters=int(n_clusters), n_init=10, random_state=seed).fit(z)
    value = -km.cluster_centers_[:, 0] + km.cluster_centers_[:, 1] + km.cluster_centers_[:, 2]
    relabel = np.empty(int(n_clusters), dtype=np.int64)
    relabel[np.argsort(-value, kind="stable")] = np.arange(1, int(n_clusters) + 1)
    labels = pd.Series(relabel[km.labels_], index=rfm.index, name="cluster")
    centers = rfm[list(_VALUES)].groupby(labels.to_numpy()).mean()
    centers["n_customers"] = labels.value_counts().sort_index().to_numpy()
    centers.index.name = "cluster"
    return RFMKMeans(
        labels=labels,
        centers=centers,
        inertia=float(km.inertia_),
        log=bool(log),
        model=(scaler, km, relabel),
    )
