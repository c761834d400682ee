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
    "as_numbers",
    "require_present",
    "require_unique_key",
    "require_not_after",
    "require_gap_free_days",
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
        parsed = pd.to_datetime(
            series, errors="coerce", format="mixed", dayfirst=_day_first(series, table, column)
        )
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
    implausible = parsed.notna() & (
        (parsed < pd.Timestamp(f"{_EARLIEST_YEAR}-01-01"))
        | (parsed > pd.Timestamp(f"{_LATEST_YEAR}-12-31"))
    )
    if implausible.any():
        first = series.index[implausible.to_numpy()][0]
        raise InputError(
            f"has {int(implausible.sum())} date(s) outside {_EARLIEST_YEAR}–{_LATEST_YEAR} "
            f"(e.g. {parsed[implausible].iloc[0]:%Y-%m-%d}), which looks like a placeholder "
            "(1900-01-01, 0001-01-01) or a typo in the year",
            table=table,
            column=column,
            row=first,
            fix="replace placeholder dates by missing values (NaT) or drop those rows",
        )
    return parsed.astype("datetime64[ns]")


#: Dates outside these years are placeholders or typos in customer data (an Excel 1900-01-00, 2205).
_EARLIEST_YEAR, _LATEST_YEAR = 1950, 2100

_SLASHED = r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})\b"


def _day_first(series: pd.Series, table: str, column: str) -> bool:
    """Whether text dates like ``03/04/2025`` are day-first, decided from the values themselves.

    A first field above 12 (``31/01/2025``) means day/month/year, as Vietnamese tables write dates;
    a second field above 12 means month/day/year. When every value would read both ways the column is
    ambiguous: an :class:`InputError` asks for ISO dates instead of guessing (pandas reads
    ``03/04/2025`` as 4 March). Non-text and ISO (``2025-04-03``) values are left to pandas.
    """
    if not (pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series)):
        return False
    parts = series.astype("string").str.extract(_SLASHED)
    has = parts[0].notna()
    if not has.any():
        return False
    first = pd.to_numeric(parts.loc[has, 0])
    second = pd.to_numeric(parts.loc[has, 1])
    day_first, month_first = bool((first > 12).any()), bool((second > 12).any())
    if day_first and month_first:
        row = series.index[has.to_numpy()][0]
        raise InputError(
            "mixes day/month/year and month/day/year dates",
            table=table,
            column=column,
            row=row,
            fix="write the dates as YYYY-MM-DD, or parse them yourself with "
            "pd.to_datetime(..., format='%d/%m/%Y')",
        )
    if not (day_first or month_first):
        row = series.index[has.to_numpy()][0]
        raise InputError(
            f"has dates such as {series[has].iloc[0]!r} that read both as day/month and as "
            "month/day",
            table=table,
            column=column,
            row=row,
            fix="write the dates as YYYY-MM-DD, or parse them with "
            f"pd.to_datetime({table}[{column!r}], dayfirst=True) (Vietnamese day/month/year) first",
        )
    return day_first


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
    dayfirst = False
    if isinstance(value, str):
        import re

        m = re.match(_SLASHED, value)
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            if a <= 12 and b <= 12:
                raise ValueError(
                    f"{name} {value!r} reads both as day/month and as month/day: write it as "
                    "'YYYY-MM-DD'"
                )
            dayfirst = a > 12
    try:
        ts = pd.Timestamp(pd.to_datetime(value, dayfirst=True) if dayfirst else value)
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
            f"has duplicated ids (e.g. {_first_value(ids, ids.duplicated())!r})",
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


# ---------------------------------------------------------------------------------------------------
# Small composable column checks (used by ecrm_lab.tables). Each takes a Series or a DataFrame, the
# table's name and the column's name, and returns the checked (converted) values or raises InputError.
# ---------------------------------------------------------------------------------------------------


def _first_bad(index: pd.Index, mask) -> object:
    import numpy as np

    label = index[np.asarray(mask, dtype=bool)][0]
    return label.item() if isinstance(label, np.generic) else label


def _first_value(values: pd.Series | pd.DataFrame, mask) -> object:
    """The first value (or row) of ``values`` where ``mask`` holds, by position (labels may repeat)."""
    import numpy as np

    return values.iloc[int(np.flatnonzero(np.asarray(mask, dtype=bool))[0])]


def as_numbers(
    series: pd.Series,
    *,
    table: str,
    column: str,
    allow_missing: bool = False,
    nonnegative: bool = False,
    whole: bool = False,
) -> pd.Series:
    """A column as finite numbers: ``float64`` for a float column, else ``int64`` when every value is
    whole and present, else ``float64``.

    Raises :class:`InputError` for text (even text that looks like a number: ``"12,000"`` is ambiguous),
    booleans, infinite values, missing values (unless ``allow_missing``), negative values (with
    ``nonnegative``) and fractions (with ``whole``).
    """
    import numpy as np

    if pd.api.types.is_bool_dtype(series):
        raise InputError(
            "holds True/False values, not numbers",
            table=table,
            column=column,
            fix=f"convert it with {table}[{column!r}].astype(int) if that is what you mean",
        )
    if not pd.api.types.is_numeric_dtype(series):
        is_text = series.map(lambda v: isinstance(v, str | bytes | bool))
        if is_text.any():
            first = _first_bad(series.index, is_text)
            raise InputError(
                f"must hold numbers, but {int(is_text.sum())} value(s) are text "
                f"(e.g. {_first_value(series, is_text)!r})",
                table=table,
                column=column,
                row=first,
                fix=f"convert it with pd.to_numeric({table}[{column!r}]) and fix or drop the bad rows",
            )
        series = pd.to_numeric(series, errors="coerce")
    values = series.astype("float64")
    arr = values.to_numpy()
    inf = np.isinf(arr)
    if inf.any():
        raise InputError(
            f"has {int(inf.sum())} infinite value(s)",
            table=table,
            column=column,
            row=_first_bad(series.index, inf),
            fix="an infinite value usually comes from a division by zero upstream: fix or drop those rows",
        )
    nan = np.isnan(arr)
    if nan.any() and not allow_missing:
        raise InputError(
            f"has {int(nan.sum())} missing value(s)",
            table=table,
            column=column,
            row=_first_bad(series.index, nan),
            fix="fill them (e.g. .fillna(0) if missing means none) or drop those rows",
        )
    if nonnegative and (arr < 0).any():
        neg = arr < 0
        raise InputError(
            f"has {int(neg.sum())} negative value(s); money and counts must be ≥ 0",
            table=table,
            column=column,
            row=_first_bad(series.index, neg),
            fix="drop refunds and corrections, or analyse them as a separate table",
        )
    present = ~nan
    frac = present & (arr != np.round(arr))
    if whole and frac.any():
        raise InputError(
            f"has {int(frac.sum())} value(s) that are not whole numbers (e.g. {arr[frac][0]!r})",
            table=table,
            column=column,
            row=_first_bad(series.index, frac),
            fix="counts must be whole numbers: round them or fix the rows",
        )
    if pd.api.types.is_float_dtype(series) and not pd.api.types.is_extension_array_dtype(series):
        return values  # floats stay floats (a column of whole minutes is still minutes)
    if not nan.any() and not frac.any() and (np.abs(arr) < 2**53).all():
        return values.astype("int64")
    return values


def require_present(series: pd.Series, *, table: str, column: str, what: str = "value") -> None:
    """Raise :class:`InputError` naming the first missing (NaN/None/NaT) value of a column."""
    bad = series.isna()
    if bad.any():
        raise InputError(
            f"has {int(bad.sum())} missing {what}(s)",
            table=table,
            column=column,
            row=_first_bad(series.index, bad),
            fix="every row needs one: fill or drop these rows",
        )


def require_unique_key(df: pd.DataFrame, columns: Iterable[str], *, table: str) -> None:
    """Raise :class:`InputError` when the key ``columns`` repeat (first repeated row named)."""
    columns = list(columns)
    dup = df.duplicated(columns, keep="first")
    if dup.any():
        first = _first_bad(df.index, dup)
        row = _first_value(df, dup)
        key = ", ".join(f"{c}={row[c]!r}" for c in columns)
        raise InputError(
            f"has {int(dup.sum())} duplicated row(s) for the key ({', '.join(columns)}), e.g. {key}",
            table=table,
            column=columns[0] if len(columns) == 1 else None,
            row=first,
            fix=f"keep one row per key: {table}.drop_duplicates({columns!r})"
            + (" or aggregate them (groupby(...).sum())" if len(columns) > 1 else ""),
        )


def require_not_after(dates: pd.Series, as_of: pd.Timestamp, *, table: str, column: str) -> None:
    """Raise :class:`InputError` for dates after ``as_of`` (the end of the observation window)."""
    late = dates > as_of
    if late.any():
        first = _first_bad(dates.index, late)
        raise InputError(
            f"has {int(late.sum())} date(s) after as_of={as_of.date()} (e.g. {_first_value(dates, late)})",
            table=table,
            column=column,
            row=first,
            fix="drop rows after the end of the observation window, or pass a later as_of",
        )


def require_gap_free_days(days: pd.Series, *, table: str, column: str) -> None:
    """Raise :class:`InputError` unless sorted, unique calendar ``days`` follow each other without gaps."""
    dup = days.duplicated().to_numpy()
    if dup.any():
        import numpy as np

        i = int(np.flatnonzero(dup)[0])
        raise InputError(
            f"has the day {days.iloc[i].date()} more than once",
            table=table,
            column=column,
            row=_first_bad(days.index, np.arange(len(days)) == i),
            fix="keep one row per day (sum the values per day with groupby)",
        )
    step = days.diff().dt.days.to_numpy()[1:]
    if len(step) and (step != 1).any():
        import numpy as np

        i = int(np.flatnonzero(step != 1)[0])
        before, after = days.iloc[i], days.iloc[i + 1]
        raise InputError(
            f"has {int((step - 1).sum())} missing day(s), the first after {before.date()} "
            f"(next day present: {after.date()})",
            table=table,
            column=column,
            row=_first_bad(days.index, np.arange(len(days)) == i + 1),
            fix="add the missing days with their values (0 if nothing happened), e.g. "
            ".set_index(date).asfreq('D', fill_value=0).reset_index()",
        )
