"""Input checks shared by the analysis modules: short errors that name the table, the column and the fix."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

__all__ = ["require_columns", "require_nonempty", "require_nonnegative"]


def require_columns(df: object, columns: Iterable[str], *, table: str) -> None:
    """Raise ``TypeError`` if ``df`` is not a DataFrame, ``ValueError`` naming missing columns."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"table {table!r} must be a pandas DataFrame, not {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        have = ", ".join(map(str, df.columns[:12])) + (" …" if df.shape[1] > 12 else "")
        raise ValueError(
            f"table {table!r} lacks column(s) {', '.join(missing)} (it has: {have}); "
            "rename your columns or pass the column names as arguments"
        )


def require_nonempty(df: pd.DataFrame, *, table: str) -> None:
    """Raise ``ValueError`` for a table with no rows."""
    if len(df) == 0:
        raise ValueError(f"table {table!r} is empty: it needs at least one row")


def require_nonnegative(df: pd.DataFrame, column: str, *, table: str) -> None:
    """Raise ``ValueError`` if a money or count column holds negative values."""
    s = pd.to_numeric(df[column], errors="coerce")
    if s.isna().any():
        raise TypeError(f"{table}.{column} must be numeric; {int(s.isna().sum())} value(s) are not numbers")
    if (s < 0).any():
        raise ValueError(
            f"{table}.{column} has {int((s < 0).sum())} negative value(s); money and counts must be ≥ 0"
        )
