"""Named RFM segments of the R × F grid, segment migration between snapshots, segment value."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._docs import fill_doc
from .._validate import require_columns, require_nonempty
from ..errors import InputError

__all__ = ["segment_grid", "rfm_segments", "segment_migration"]


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
