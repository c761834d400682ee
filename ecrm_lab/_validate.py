"""Input checks shared by the analysis modules.

Table problems raise :class:`ecrm_lab.InputError` naming the table, the column, the first bad row and the
fix; bad scalar arguments (dates, whole numbers) raise ``TypeError`` / ``ValueError`` naming the argument.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .errors import InputError

__all__ = [
    "require_columns",
    "require_nonempty",
    "require_nonnegative",
    "require_datetimes",
    "as_datetimes",
    "as_timestamp",
    "require_same_id_type",
    "require_ids",
    "require_whole",
]


def require_columns(df: object, columns: Iterable[str], *, table: str) -> None:
    """Raise ``TypeError`` if ``df`` is not a DataFrame, ``ValueError`` naming missing columns."""
    if not isinstance(df, pd.DataFrame):
        raise InputError(
            f"must be a pandas DataFrame, not {type(df).__name__}",
            table=table,
            fix="pass a DataFrame, e.g. pd.read_csv(...) or data.orders",
        )
    missing = [c for c in columns if c not in df.columns]
    if missing:
        have = ", ".join(map(str, df.columns[:12])) + (" …" if df.shape[1] > 12 else "")
        raise InputError(
            f"lacks column(s) {', '.join(map(str, missing))} (it has: {have})",
            table=table,
            column=str(missing[0]),
            fix="rename your columns or pass the column names as arguments",
        )


def require_nonempty(df: pd.DataFrame, *, table: str) -> None:
    """Raise ``ValueError`` for a table with no rows."""
    if len(df) == 0:
        raise InputError(
            "is empty", table=table, fix="pass a table with at least one row (check your filters)"
        )


def require_nonnegative(df: pd.DataFrame, column: str, *, table: str) -> None:
    """Raise ``ValueError`` if a money or count column holds negative values."""
    s = pd.to_numeric(df[column], errors="coerce")
    if s.isna().any():
        raise InputError(
            f"must be numeric; {int(s.isna().sum())} value(s) are not numbers",
            table=table,
            column=column,
            row=s.index[s.isna().to_numpy()][0],
            fix=f"convert it with pd.to_numeric({table}[{column!r}]) and fix or drop the bad rows",
        )
    if (s < 0).any():
        raise InputError(
            f"has {int((s < 0).sum())} negative value(s); money and counts must be ≥ 0",
            table=table,
            column=column,
            row=s.index[(s < 0).to_numpy()][0],
            fix="drop refunds and corrections, or analyse them as a separate table",
        )


def require_datetimes(df: pd.DataFrame, column: str, *, table: str) -> pd.Series:
    """The column as ``datetime64[ns]`` (time zone dropped); clear errors for numbers and bad dates."""
    return as_datetimes(df[column], table=table, column=column)


def as_datetimes(
    series: pd.Series, *, table: str, column: str, allow_missing: bool = False
) -> pd.Series:
    """A date column as ``datetime64[ns]`` (time zone dropped).

    ``TypeError`` for numbers, ``ValueError`` naming ``table.column`` for unreadable dates and, unless
    ``allow_missing``, for missing ones (which then stay ``NaT``).
    """
    if pd.api.types.is_bool_dtype(series) or pd.api.types.is_numeric_dtype(series):
        raise InputError(
            f"must hold dates, not numbers ({series.dtype})",
            table=table,
            column=column,
            fix=f"convert it with pd.to_datetime({table}[{column!r}]) first",
        )
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_localize(None)
    if pd.api.types.is_datetime64_dtype(series):
        parsed = series
    else:
        parsed = pd.to_datetime(series, errors="coerce", format="mixed")
    bad = parsed.isna() & (series.notna() if allow_missing else True)
    if bad.any():
        examples = ", ".join(repr(x) for x in series[bad].head(3).tolist())
        raise InputError(
            f"has {int(bad.sum())} missing or unreadable date(s) (e.g. {examples})",
            table=table,
            column=column,
            row=series.index[bad.to_numpy()][0],
            fix="fix or drop these rows",
        )
    return parsed.astype("datetime64[ns]")


def as_timestamp(value: object, name: str) -> pd.Timestamp:
    """A date-like argument as a ``Timestamp`` (time zone dropped); ``TypeError``/``ValueError`` otherwise."""
    import datetime as dt
    import numbers

    import numpy as np

    if (
        value is None
        or isinstance(value, bool | numbers.Number)
        or not isinstance(value, str | dt.date | np.datetime64 | pd.Timestamp)
    ):
        raise TypeError(
            f"{name} must be a date such as '2025-06-30', a datetime.date or a pandas Timestamp, "
            f"not {type(value).__name__} {value!r}"
        )
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError):
        raise ValueError(
            f"{name} {value!r} is not a readable date: write it as 'YYYY-MM-DD'"
        ) from None
    if pd.isna(ts):
        raise ValueError(f"{name} is missing (NaT): give a date such as '2025-06-30'")
    return ts.tz_localize(None) if ts.tzinfo is not None else ts


def require_same_id_type(
    left: pd.Series, right: pd.Series, *, left_name: str, right_name: str
) -> None:
    """Raise ``TypeError`` when two id columns that must match hold numbers on one side, text on the other.

    ``1`` and ``"1"`` never match in a join, so such a pair would silently link nothing.
    """

    def kind(s: pd.Series) -> str | None:
        values = s.dropna()
        if values.empty:
            return None
        if pd.api.types.is_numeric_dtype(values) or all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in values.head(100)
        ):
            return "numbers"
        return "text"

    a, b = kind(left), kind(right)
    if a and b and a != b:
        table, _, column = left_name.partition(".")
        raise InputError(
            f"holds {a} but {right_name} holds {b}, so no id would match",
            table=table,
            column=column or None,
            fix="give both the same type, e.g. .astype(str) on the numeric one",
        )


def require_ids(df: pd.DataFrame, column: str, *, table: str, unique: bool = False) -> None:
    """Raise ``ValueError`` for missing (and, with ``unique``, duplicated) ids."""
    ids = df[column]
    if ids.isna().any():
        raise InputError(
            f"has {int(ids.isna().sum())} missing id(s)",
            table=table,
            column=column,
            row=ids.index[ids.isna().to_numpy()][0],
            fix="every row needs an id: fill or drop these rows",
        )
    if unique and ids.duplicated().any():
        first = ids.index[ids.duplicated().to_numpy()][0]
        raise InputError(
            f"has duplicated ids (e.g. {ids.loc[first]!r})",
            table=table,
            column=column,
            row=first,
            fix="keep one row per id (df.drop_duplicates(column))",
        )


def require_whole(value: object, name: str, *, minimum: int, unit: str = "", why: str = "") -> int:
    """``value`` as an ``int`` ≥ ``minimum``; ``TypeError`` for non-integers (and booleans).

    ``unit`` ends the type message ("a whole number of days"), ``why`` explains a too-small value.
    """
    import numbers

    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        kind = f"a whole number{' of ' + unit if unit else ''}"
        raise TypeError(f"{name} must be {kind}, not {type(value).__name__} {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be ≥ {minimum}, got {value}" + (f": {why}" if why else ""))
    return int(value)
