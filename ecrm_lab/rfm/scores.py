"""Quintile scores of an RFM table: bin edges learned on one snapshot, applied to any other."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from .._validate import require_columns, require_nonempty
from ..errors import InputError

__all__ = ["QUANTILES", "RFMBins", "fit_rfm_bins", "rfm_scores"]

#: Quantiles that cut each RFM value into five bands.
QUANTILES = (0.2, 0.4, 0.6, 0.8)
_VALUES = ("recency_days", "frequency", "monetary")


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
