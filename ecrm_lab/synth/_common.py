"""Small helpers shared by the simulator's service and CRM parts (private to :mod:`ecrm_lab.synth`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd


def day_offset(ts: pd.Series, start: dt.date | pd.Timestamp) -> np.ndarray:
    """Day offsets from ``start`` of timestamps (the day each falls on), as ``int64``.

    Parameters
    ----------
    ts : pandas.Series
        Timestamps (``datetime64``), none missing.
    start : date or pandas.Timestamp
        Day 0, usually ``cfg.start``.

    Returns
    -------
    numpy.ndarray
        ``int64`` days, one per timestamp: 0 for any time during ``start``.
    """
    return (ts.dt.normalize() - pd.Timestamp(start)).dt.days.to_numpy(np.int64)


def truth_rows(rows: Sequence[tuple[str, float, str]], n: int) -> pd.DataFrame:
    """``crm_truth`` rows from (parameter, value, description) triples, all over ``n`` units.

    Parameters
    ----------
    rows : sequence of tuple
        ``(parameter, value, description)``.
    n : int
        Number of units (customers, e-mails) the values are computed over.

    Returns
    -------
    pandas.DataFrame
        ``parameter`` (str), ``value`` (float), ``n`` (int64), ``description`` (str), in the order
        of ``rows``.
    """
    return pd.DataFrame(
        {
            "parameter": [r[0] for r in rows],
            "value": np.array([r[1] for r in rows], dtype=float),
            "n": np.full(len(rows), n, dtype=np.int64),
            "description": [r[2] for r in rows],
        }
    )
