"""Shared pieces of :mod:`ecrm_lab.service_quality`: the survey scale, the surveys check, docstring slots."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from .._docs import fill_doc
from .._validate import (
    as_numbers,
    require_columns,
    require_nonempty,
    require_present,
    require_unique_key,
)
from ..errors import InputError

#: The survey scale: scores from 1 (strongly disagree / very low) to 7.
SCALE: tuple[int, int] = (1, 7)


def _check_level(ci_level: Any) -> float:
    import numbers

    if isinstance(ci_level, bool) or not isinstance(ci_level, numbers.Real):
        raise TypeError(f"ci_level must be a number such as 0.95, not {ci_level!r}")
    if not 0 < ci_level < 1:
        raise ValueError(f"ci_level must lie strictly between 0 and 1, got {ci_level}")
    return float(ci_level)


def _surveys(
    surveys: Any,
    customer_col: str,
    dimension_col: str,
    expectation_col: str,
    perception_col: str,
    table: str = "surveys",
) -> pd.DataFrame:
    """Checked copy of a surveys table: ids present, (customer, dimension) unique, scores in 1–7."""
    require_columns(
        surveys, [customer_col, dimension_col, expectation_col, perception_col], table=table
    )
    require_nonempty(surveys, table=table)
    require_present(surveys[customer_col], table=table, column=customer_col, what="id")
    require_present(surveys[dimension_col], table=table, column=dimension_col, what="dimension")
    require_unique_key(surveys, [customer_col, dimension_col], table=table)
    out = surveys.copy()
    lo, hi = SCALE
    for c in (expectation_col, perception_col):
        s = as_numbers(out[c], table=table, column=c).astype("float64")
        bad = (s < lo) | (s > hi)
        if bad.any():
            first = s.index[bad.to_numpy()][0]
            raise InputError(
                f"has {int(bad.sum())} score(s) outside the {lo}–{hi} scale (e.g. {s.loc[first]:g})",
                table=table,
                column=c,
                row=first,
                fix=f"scores must lie between {lo} and {hi}: rescale another scale first "
                f"(1 + 6·(x − min)/(max − min)) or drop the bad answers",
            )
        out[c] = s
    return out


def _dimension_order(values: Iterable[Any]) -> list[Any]:
    """Dimensions in the vocabulary's order, unknown ones after them (sorted)."""
    from ..vocabulary import codes

    known = codes("sq_dimension")
    vals = list(dict.fromkeys(values))
    first = [c for c in known if c in vals]
    rest = sorted((v for v in vals if v not in known), key=str)
    return first + rest


_SURVEY_PARAMS = """surveys : pandas.DataFrame
        One row per customer and dimension: ``customer_col``, ``dimension_col``,
        ``expectation_col`` and ``perception_col`` (numbers from 1 to 7).
    customer_col, dimension_col, expectation_col, perception_col : str
        Column names (defaults ``customer_id``, ``dimension``, ``expectation``, ``perception``)."""


def _doc(f):
    f.__doc__ = f.__doc__.replace("{surveys}", _SURVEY_PARAMS)
    return fill_doc(f)
