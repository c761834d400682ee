"""Named RFM segments of the R × F grid, segment migration between snapshots, segment value."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._docs import fill_doc
from .._validate import require_columns, require_nonempty
from ..errors import InputError

__all__ = ["segment_grid", "rfm_segments", "segment_migration", "segment_value"]


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
    from .. import vocabulary

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
    from .. import i18n, vocabulary

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
    from .. import vocabulary

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


@fill_doc
def segment_value(
    segments: pd.DataFrame,
    orders: pd.DataFrame | None = None,
    *,
    as_of=None,
    horizon_days: int = 180,
    segment_col: str = "segment",
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    amount_col: str = "amount",
    status_col: str | None = "status",
    statuses: tuple[str, ...] | None = None,
    lang: str | None = None,
) -> pd.DataFrame:
    """Size and value of each RFM segment: customers, money spent and, optionally, what came next.

    The past columns summarise the RFM values the segments were built from. With ``orders`` and
    ``as_of`` (the observation date of ``segments``), the future columns count the purchases of
    the ``horizon_days`` days after ``as_of`` (days ``as_of + 1`` … ``as_of + horizon_days``;
    purchases as in :func:`rfm_table`): did the segment foretell the value of its customers?

    Parameters
    ----------
    segments : DataFrame
        One row per customer (index: customer id) with ``segment_col``, ``recency_days``,
        ``frequency`` and ``monetary``, e.g. from :func:`rfm_segments`.
    orders : DataFrame, optional
        The orders table (``customer_col``, ``date_col``, ``amount_col`` and optionally
        ``status_col``); it must run at least to ``as_of + horizon_days``.
    as_of : date-like, optional
        The observation date of ``segments``; needed with ``orders``.
    horizon_days : int, default 180
        Days after ``as_of`` whose purchases are the segment's future value.
    segment_col : str, default "segment"
        The segment column of ``segments``.
    customer_col, date_col, amount_col, status_col : str
        Columns of ``orders`` (as in :func:`rfm_table`).
    statuses : tuple of str, optional
        The statuses that are purchases (default: those flagged ``purchase`` in the vocabulary).
    {lang}

    Returns
    -------
    DataFrame
        One row per segment that has customers, best segment first: ``segment`` (code),
        ``segment_label`` (name in ``lang``), ``n_customers`` (int), ``customer_share`` (share of
        all customers, 0–1), ``recency_days``, ``frequency`` and ``monetary`` (segment means),
        ``monetary_total`` (float, money spent up to ``as_of``), ``monetary_share`` (its share of
        all customers' money, 0–1). With ``orders``: ``future_buyer_share`` (share of the
        segment's customers with a purchase in the horizon), ``future_revenue_per_customer`` (mean
        money spent in the horizon, customers without purchases counting 0) and
        ``future_revenue_share`` (share of the horizon's money spent by the customers of
        ``segments``).

    Raises
    ------
    InputError
        Missing column, empty table, missing segments, negative or missing RFM values, repeated
        customers; with ``orders``: its problems as in :func:`rfm_table`, and orders that end
        before ``as_of + horizon_days``.
    ValueError
        ``orders`` without ``as_of``, or ``horizon_days`` below 1.
    TypeError
        ``horizon_days`` that is not a whole number.

    Examples
    --------
    >>> s = pd.DataFrame({"segment": ["champions", "lost", "lost"], "recency_days": [2, 300, 400],
    ...     "frequency": [6, 1, 1], "monetary": [600.0, 100.0, 300.0]}, index=["a", "b", "c"])
    >>> segment_value(s, lang="en")[["segment", "n_customers", "monetary_share"]]
         segment  n_customers  monetary_share
    0  champions            1             0.6
    1       lost            2             0.4
    """
    from .. import i18n, vocabulary
    from .._validate import as_timestamp, require_whole
    from .scores import _check_rfm

    _check_rfm(segments, table="segments")
    require_columns(segments, [segment_col], table="segments")
    seg = segments[segment_col].astype("string")
    missing = seg.isna().to_numpy()
    if missing.any():
        raise InputError(
            f"has {int(missing.sum())} customer(s) without a segment",
            table="segments",
            column=segment_col,
            row=segments.index[missing][0],
            fix="name every customer's segment with rfm_segments(scores)",
        )
    order = [c for c in vocabulary.codes("segment") if c in set(seg)]
    order += sorted(set(seg) - set(order))  # codes of another scheme keep their own order
    lang = i18n.get_language() if lang is None else lang
    labels = vocabulary.labels("segment", lang)
    g = segments.assign(_segment=seg.to_numpy()).groupby("_segment", sort=False)
    out = pd.DataFrame(
        {
            "n_customers": g.size(),
            "recency_days": g["recency_days"].mean(),
            "frequency": g["frequency"].mean(),
            "monetary": g["monetary"].mean(),
            "monetary_total": g["monetary"].sum().astype(float),
        }
    ).reindex(order)
    out.insert(1, "customer_share", out["n_customers"] / out["n_customers"].sum())
    total = out["monetary_total"].sum()
    out["monetary_share"] = out["monetary_total"] / total if total > 0 else 0.0
    if orders is not None:
        if as_of is None:
            raise ValueError("segment_value(orders=...) needs as_of, the date of the segments")
        days = require_whole(horizon_days, "horizon_days", minimum=1, unit="days")
        start = as_timestamp(as_of, "as_of").normalize() + pd.Timedelta(days=1)
        end = start + pd.Timedelta(days=days) - pd.Timedelta(1, "ns")
        future = _future_spend(
            orders, start, end, customer_col, date_col, amount_col, status_col, statuses
        )
        spend = future.reindex(segments.index).fillna(0.0).to_numpy(float)
        f = pd.DataFrame({"s": seg.to_numpy(), "spend": spend}).groupby("s", sort=False)["spend"]
        out["future_buyer_share"] = f.apply(lambda x: float((x > 0).mean())).reindex(order)
        out["future_revenue_per_customer"] = f.mean().reindex(order)
        all_future = float(spend.sum())
        share = f.sum().reindex(order) / all_future if all_future > 0 else 0.0
        out["future_revenue_share"] = share
    out.insert(0, "segment_label", [labels.get(c, c) for c in order])
    out.index.name = "segment"
    out["n_customers"] = out["n_customers"].astype(np.int64)
    return out.reset_index()


def _future_spend(orders, start, end, customer_col, date_col, amount_col, status_col, statuses):
    """Money spent per customer on purchases between ``start`` and ``end`` (inclusive)."""
    from ..tables import prepare_orders
    from .table import _purchase_statuses

    use_status = (
        status_col is not None and isinstance(orders, pd.DataFrame) and status_col in orders
    )
    df = prepare_orders(
        orders,
        order_col=None,
        customer_col=customer_col,
        date_col=date_col,
        amount_col=amount_col,
        status_col=status_col if use_status else None,
        require=("customer", "date", "amount") + (("status",) if use_status else ()),
    )
    last = df[date_col].max()
    if last.normalize() < end.normalize():
        raise InputError(
            f"ends on {last.date()}, before the end of the horizon ({end.date()})",
            table="orders",
            column=date_col,
            fix="choose an earlier as_of or a shorter horizon_days: the future would look too small",
        )
    keep = ((df[date_col] >= start) & (df[date_col] <= end)).to_numpy()
    if use_status:
        bought = df[status_col].astype("string").isin(statuses or _purchase_statuses())
        keep = keep & bought.to_numpy()
    part = df[keep]
    return part.groupby(customer_col)[amount_col].sum().astype(float)
