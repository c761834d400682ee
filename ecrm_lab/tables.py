"""Table preparers: one door every analysis function's input tables go through.

Each ``prepare_<table>`` takes a user's DataFrame and the names of its columns (defaults: the VietShop
schema, see :mod:`ecrm_lab._schema`), checks the columns a method needs and returns a **copy** with
those columns in proper dtypes. Every problem raises :class:`ecrm_lab.InputError` naming the table, the
column, the first bad row (an index label of the table you passed) and the fix.

A key column (``order_id`` in orders, ``prospect_id`` in prospects, ``touchpoint_id`` in touchpoints,
``customer_id`` in customers) is checked whenever it is in the table, required or not: a duplicated
row would otherwise be counted twice.

Columns are referred to by their *role* (``"order"``, ``"customer"``, ``"date"``, ``"amount"``, …): the
role is the argument's name without ``_col``. ``require`` lists the roles a method needs; only those are
checked and converted, so a method that does not use ``amount`` never fails on a bad ``amount``.
Columns that are not required are passed through untouched.

What is checked, by kind of role:

============  ==========================================================================================
kind          checks
============  ==========================================================================================
key           no missing value, no duplicate (``order_id`` in orders, ``prospect_id`` in prospects, …)
id            no missing value (unless the column may be empty, e.g. ``prospects.customer_id``)
date          readable dates (numbers are refused), none missing, none after ``as_of``;
              returned as ``datetime64[ns]`` without time zone
money         numbers (text such as ``"12,000"`` is refused), finite, none missing, ≥ 0
count         as money, and whole numbers
label         no missing value (unless the column may be empty)
============  ==========================================================================================

Some tables also have a compound key checked when all its roles are required: ``order_items``
(order, line), ``sessions`` (customer, date), ``marketing_spend`` (date, channel).

>>> import pandas as pd
>>> orders = pd.DataFrame({"order_id": ["o1", "o2"], "customer_id": ["c1", "c1"],
...                        "order_date": ["2025-01-03", "2025-02-10"], "amount": [120_000, 80_000]})
>>> prepare_orders(orders).dtypes.astype(str).to_dict()
{'order_id': 'str', 'customer_id': 'str', 'order_date': 'datetime64[ns]', 'amount': 'int64'}
>>> orders["amount"] = [120_000, "80.000"]
>>> prepare_orders(orders)
Traceback (most recent call last):
...
ecrm_lab.errors.InputError: orders.amount (first bad row 1): must hold numbers, but 1 value(s) are text (e.g. '80.000'). Fix: convert it with pd.to_numeric(orders['amount']) and fix or drop the bad rows
>>> prepare_orders(orders, require=("customer", "date"), as_of="2025-01-31")
Traceback (most recent call last):
...
ecrm_lab.errors.InputError: orders.order_date (first bad row 1): has 1 date(s) after as_of=2025-01-31 (e.g. 2025-02-10 00:00:00). Fix: drop rows after the end of the observation window, or pass a later as_of
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ._validate import (
    as_datetimes,
    as_numbers,
    as_timestamp,
    require_columns,
    require_gap_free_days,
    require_nonempty,
    require_not_after,
    require_present,
    require_unique_key,
)
from .errors import InputError

__all__ = [
    "prepare_customers",
    "prepare_orders",
    "prepare_order_items",
    "prepare_sessions",
    "prepare_prospects",
    "prepare_touchpoints",
    "prepare_spend",
    "prepare_daily_series",
    "TABLE_ROLES",
]


@dataclass(frozen=True)
class _Role:
    kind: str  # key | id | date | money | count | number | label
    may_be_missing: bool = False


# role -> how it is checked, per table kind; the compound keys are checked when all their roles are required
TABLE_ROLES: Mapping[str, Mapping[str, _Role]] = {
    "customers": {
        "customer": _Role("key"),
        "date": _Role("date"),
        "channel": _Role("label", may_be_missing=True),
    },
    "orders": {
        "order": _Role("key"),
        "customer": _Role("id"),
        "date": _Role("date"),
        "amount": _Role("money"),
        "status": _Role("label"),
    },
    "order_items": {
        "order": _Role("id"),
        "line": _Role("count"),
        "product": _Role("id"),
        "quantity": _Role("count"),
        "price": _Role("money"),
        "amount": _Role("money"),
    },
    "sessions": {
        "customer": _Role("id"),
        "date": _Role("date"),
        "visits": _Role("count"),
        "pageviews": _Role("count"),
        "minutes": _Role("money"),
        "source": _Role("label", may_be_missing=True),
    },
    "prospects": {
        "prospect": _Role("key"),
        "date": _Role("date"),
        "channel": _Role("label"),
        "customer": _Role("id", may_be_missing=True),
    },
    "touchpoints": {
        "touchpoint": _Role("key"),
        "prospect": _Role("id"),
        "customer": _Role("id", may_be_missing=True),
        "date": _Role("date"),
        "channel": _Role("label"),
        "kind": _Role("label"),
    },
    "marketing_spend": {
        "date": _Role("date"),
        "channel": _Role("label"),
        "spend": _Role("money"),
    },
}
_COMPOUND_KEYS: Mapping[str, tuple[str, ...]] = {
    "order_items": ("order", "line"),
    "sessions": ("customer", "date"),
    "marketing_spend": ("date", "channel"),
}


def _prepare(
    df: Any,
    kind: str,
    columns: dict[str, str | None],
    require: Iterable[str],
    as_of: Any,
    table: str,
) -> pd.DataFrame:
    """Check the required roles of ``df`` (a table of ``kind``) and return the converted copy."""
    roles = TABLE_ROLES[kind]
    if isinstance(require, str):
        require = (require,)
    require = tuple(dict.fromkeys(require))
    unknown = [r for r in require if r not in roles]
    if unknown:
        raise ValueError(
            f"require: unknown role(s) {', '.join(map(repr, unknown))} for a {kind} table; "
            f"the roles are {', '.join(map(repr, roles))}"
        )
    unnamed = [r for r in require if columns.get(r) is None]
    if unnamed:
        raise ValueError(f"{unnamed[0]}_col is None, but this method needs the {unnamed[0]} column")
    cut = None if as_of is None else as_timestamp(as_of, "as_of")
    needed = [columns[r] for r in require]
    require_columns(df, needed, table=table)
    require_nonempty(df, table=table)
    out = df.copy()
    for role in require:
        spec, col = roles[role], columns[role]
        s = out[col]
        if spec.kind in ("key", "id", "label"):
            if not spec.may_be_missing:
                require_present(
                    s, table=table, column=col, what="id" if spec.kind != "label" else "value"
                )
            if spec.kind == "key":
                require_unique_key(out, [col], table=table)
            if kind == "orders" and role == "status":
                _check_statuses(s, table=table, column=col)
        elif spec.kind == "date":
            s = as_datetimes(s, table=table, column=col)
            if cut is not None:
                require_not_after(s, cut, table=table, column=col)
            out[col] = s
        else:  # money, count, number
            out[col] = as_numbers(
                s,
                table=table,
                column=col,
                nonnegative=spec.kind in ("money", "count"),
                whole=spec.kind == "count",
            )
    for role, spec in roles.items():  # a key column is unique whenever it is there
        col = columns.get(role)
        if spec.kind == "key" and role not in require and col is not None and col in out.columns:
            require_present(out[col], table=table, column=col, what="id")
            require_unique_key(out, [col], table=table)
    key = _COMPOUND_KEYS.get(kind)
    if key and all(r in require for r in key):
        require_unique_key(out, [columns[r] for r in key], table=table)
    return out


def _check_statuses(s: pd.Series, *, table: str, column: str) -> None:
    """Order statuses that are the shop's codes (vocabulary ``status``), or none of them.

    A value that differs from a code only in case or spaces (``"Completed "``) and a value that is not
    a code beside values that are (``"refunded"`` next to ``"completed"``) are errors: methods count
    a purchase by comparing with the code, so such rows would be left out (or counted) silently. A
    column of the user's own statuses (none of them a code) is left alone: the methods' ``completed``
    argument then says which one is a purchase.
    """
    from . import vocabulary

    known = set(vocabulary.codes("status"))
    values = pd.Series(pd.unique(s.dropna()))
    text = values.astype("string")
    folded = text.str.strip().str.lower()
    variant = ~text.isin(known) & folded.isin(known)
    if variant.any():
        bad = values[variant.to_numpy()].iloc[0]
        row = s.index[(s == bad).to_numpy(dtype=bool, na_value=False)][0]
        raise InputError(
            f"has the status {bad!r}, which differs from the code {folded[variant].iloc[0]!r} only "
            "in case or spaces",
            table=table,
            column=column,
            row=row,
            fix=f"normalise the column first: {table}[{column!r}] = "
            f"{table}[{column!r}].str.strip().str.lower()",
        )
    unknown = ~text.isin(known)
    if unknown.any() and not unknown.all():
        bad = values[unknown.to_numpy()].iloc[0]
        row = s.index[(s == bad).to_numpy(dtype=bool, na_value=False)][0]
        codes = ", ".join(vocabulary.codes("status"))
        raise InputError(
            f"has the status {bad!r} beside the shop's codes ({codes}): whether it is a purchase "
            "is unknown",
            table=table,
            column=column,
            row=row,
            fix=f"map every status to one of {codes}, e.g. "
            f"{table}[{column!r}].replace({{{bad!r}: 'returned'}})",
        )


_DOC_TAIL = """
    require : tuple of str
        The roles (argument name without ``_col``) the calling method needs; only these are checked.
    as_of : date-like, optional
        End of the observation window: a date after it is an error.
    table : str
        The table's name in error messages.

    Returns
    -------
    pandas.DataFrame
        A copy of ``df`` (same index, same columns) whose required columns are converted: dates to
        ``datetime64[ns]``, money and counts to ``int64`` (``float64`` where a value has a fraction).

    Raises
    ------
    ecrm_lab.InputError
        Naming the table, column, first bad row and fix: not a DataFrame, missing column, no rows,
        missing or duplicated key, missing id, unreadable or future date, text or infinite or negative
        money, fractional count; order statuses that differ from the shop's codes (vocabulary
        ``status``) only in case or spaces, or unknown statuses mixed with those codes.
"""


def _doc(text: str) -> str:
    return text.rstrip() + "\n" + _DOC_TAIL


def prepare_customers(
    df: Any,
    *,
    customer_col: str = "customer_id",
    date_col: str | None = "signup_date",
    channel_col: str | None = "acquisition_channel",
    require: Iterable[str] = ("customer",),
    as_of: Any = None,
    table: str = "customers",
) -> pd.DataFrame:
    return _prepare(
        df,
        "customers",
        {"customer": customer_col, "date": date_col, "channel": channel_col},
        require,
        as_of,
        table,
    )


prepare_customers.__doc__ = _doc(
    """Check a customers table (one row per customer).

    Parameters
    ----------
    df : pandas.DataFrame
        Columns: ``customer_col`` (key: unique, never missing), ``date_col`` (signup date),
        ``channel_col`` (acquisition channel, may be empty).
    customer_col, date_col, channel_col : str
        Column names (roles ``customer``, ``date``, ``channel``)."""
)


def prepare_orders(
    df: Any,
    *,
    order_col: str | None = "order_id",
    customer_col: str | None = "customer_id",
    date_col: str | None = "order_date",
    amount_col: str | None = "amount",
    status_col: str | None = "status",
    require: Iterable[str] = ("order", "customer", "date", "amount"),
    as_of: Any = None,
    table: str = "orders",
) -> pd.DataFrame:
    return _prepare(
        df,
        "orders",
        {
            "order": order_col,
            "customer": customer_col,
            "date": date_col,
            "amount": amount_col,
            "status": status_col,
        },
        require,
        as_of,
        table,
    )


prepare_orders.__doc__ = _doc(
    """Check an orders table (one row per order).

    Parameters
    ----------
    df : pandas.DataFrame
        Columns: ``order_col`` (key), ``customer_col`` (id), ``date_col`` (order time), ``amount_col``
        (money paid, VND, ≥ 0), ``status_col`` (label such as ``completed``).
    order_col, customer_col, date_col, amount_col, status_col : str
        Column names (roles ``order``, ``customer``, ``date``, ``amount``, ``status``)."""
)


def prepare_order_items(
    df: Any,
    *,
    order_col: str | None = "order_id",
    line_col: str | None = "line_no",
    product_col: str | None = "product_id",
    quantity_col: str | None = "quantity",
    price_col: str | None = "unit_price",
    amount_col: str | None = "line_amount",
    require: Iterable[str] = ("order", "product", "quantity"),
    as_of: Any = None,
    table: str = "order_items",
) -> pd.DataFrame:
    return _prepare(
        df,
        "order_items",
        {
            "order": order_col,
            "line": line_col,
            "product": product_col,
            "quantity": quantity_col,
            "price": price_col,
            "amount": amount_col,
        },
        require,
        as_of,
        table,
    )


prepare_order_items.__doc__ = _doc(
    """Check an order-lines table (one row per product line of an order).

    Parameters
    ----------
    df : pandas.DataFrame
        Columns: ``order_col`` (id), ``line_col`` (line number; with ``order`` a unique key),
        ``product_col`` (id), ``quantity_col`` (whole count ≥ 0), ``price_col`` and ``amount_col``
        (money ≥ 0).
    order_col, line_col, product_col, quantity_col, price_col, amount_col : str
        Column names (roles ``order``, ``line``, ``product``, ``quantity``, ``price``, ``amount``)."""
)


def prepare_sessions(
    df: Any,
    *,
    customer_col: str | None = "customer_id",
    date_col: str | None = "session_date",
    visits_col: str | None = "visits",
    pageviews_col: str | None = "pageviews",
    minutes_col: str | None = "minutes",
    source_col: str | None = "traffic_source",
    require: Iterable[str] = ("customer", "date"),
    as_of: Any = None,
    table: str = "sessions",
) -> pd.DataFrame:
    return _prepare(
        df,
        "sessions",
        {
            "customer": customer_col,
            "date": date_col,
            "visits": visits_col,
            "pageviews": pageviews_col,
            "minutes": minutes_col,
            "source": source_col,
        },
        require,
        as_of,
        table,
    )


prepare_sessions.__doc__ = _doc(
    """Check a sessions table (one row per customer and active day; (customer, date) is a key).

    Parameters
    ----------
    df : pandas.DataFrame
        Columns: ``customer_col`` (id), ``date_col`` (day), ``visits_col`` and ``pageviews_col`` (whole
        counts ≥ 0), ``minutes_col`` (≥ 0), ``source_col`` (label, may be empty).
    customer_col, date_col, visits_col, pageviews_col, minutes_col, source_col : str
        Column names (roles ``customer``, ``date``, ``visits``, ``pageviews``, ``minutes``,
        ``source``)."""
)


def prepare_prospects(
    df: Any,
    *,
    prospect_col: str | None = "prospect_id",
    date_col: str | None = "first_touch_date",
    channel_col: str | None = "channel",
    customer_col: str | None = "customer_id",
    require: Iterable[str] = ("prospect", "date", "channel"),
    as_of: Any = None,
    table: str = "prospects",
) -> pd.DataFrame:
    return _prepare(
        df,
        "prospects",
        {
            "prospect": prospect_col,
            "date": date_col,
            "channel": channel_col,
            "customer": customer_col,
        },
        require,
        as_of,
        table,
    )


prepare_prospects.__doc__ = _doc(
    """Check a prospects table (one row per person reached by marketing).

    Parameters
    ----------
    df : pandas.DataFrame
        Columns: ``prospect_col`` (key), ``date_col`` (first touch), ``channel_col`` (label),
        ``customer_col`` (customer id once converted; empty if not).
    prospect_col, date_col, channel_col, customer_col : str
        Column names (roles ``prospect``, ``date``, ``channel``, ``customer``)."""
)


def prepare_touchpoints(
    df: Any,
    *,
    touchpoint_col: str | None = "touchpoint_id",
    prospect_col: str | None = "prospect_id",
    customer_col: str | None = "customer_id",
    date_col: str | None = "timestamp",
    channel_col: str | None = "channel",
    kind_col: str | None = "kind",
    require: Iterable[str] = ("prospect", "date", "channel"),
    as_of: Any = None,
    table: str = "touchpoints",
) -> pd.DataFrame:
    return _prepare(
        df,
        "touchpoints",
        {
            "touchpoint": touchpoint_col,
            "prospect": prospect_col,
            "customer": customer_col,
            "date": date_col,
            "channel": channel_col,
            "kind": kind_col,
        },
        require,
        as_of,
        table,
    )


prepare_touchpoints.__doc__ = _doc(
    """Check a touchpoints table (one row per marketing touch: impression, click, visit).

    Parameters
    ----------
    df : pandas.DataFrame
        Columns: ``touchpoint_col`` (key), ``prospect_col`` (id), ``customer_col`` (may be empty),
        ``date_col`` (time of the touch), ``channel_col`` and ``kind_col`` (labels).
    touchpoint_col, prospect_col, customer_col, date_col, channel_col, kind_col : str
        Column names (roles ``touchpoint``, ``prospect``, ``customer``, ``date``, ``channel``,
        ``kind``)."""
)


def prepare_spend(
    df: Any,
    *,
    date_col: str | None = "date",
    channel_col: str | None = "channel",
    spend_col: str | None = "spend",
    require: Iterable[str] = ("date", "channel", "spend"),
    as_of: Any = None,
    table: str = "marketing_spend",
) -> pd.DataFrame:
    return _prepare(
        df,
        "marketing_spend",
        {"date": date_col, "channel": channel_col, "spend": spend_col},
        require,
        as_of,
        table,
    )


prepare_spend.__doc__ = _doc(
    """Check a marketing-spend table (one row per day and channel; (date, channel) is a key).

    Parameters
    ----------
    df : pandas.DataFrame
        Columns: ``date_col`` (day), ``channel_col`` (label), ``spend_col`` (money, VND, ≥ 0).
    date_col, channel_col, spend_col : str
        Column names (roles ``date``, ``channel``, ``spend``)."""
)


def prepare_daily_series(
    df: Any,
    *,
    date_col: str = "date",
    value_cols: Iterable[str] = (),
    nonnegative: bool = True,
    as_of: Any = None,
    table: str = "daily",
) -> pd.DataFrame:
    """Check a daily time series and return it sorted by day, refusing repeated or missing days.

    Methods that read a series as "one value per consecutive day" (adstock, lags) give wrong answers
    on unsorted or gappy input; this preparer sorts and refuses gaps.

    Parameters
    ----------
    df : pandas.DataFrame
        Columns: ``date_col`` (one row per calendar day; a time of day is dropped) and the numeric
        ``value_cols``.
    date_col : str
        The day column.
    value_cols : iterable of str
        Numeric columns: finite, present, and ≥ 0 when ``nonnegative``.
    nonnegative : bool
        Refuse negative values (spend, counts).
    as_of : date-like, optional
        End of the observation window: a day after it is an error.
    table : str
        The table's name in error messages.

    Returns
    -------
    pandas.DataFrame
        A copy sorted by day (index labels kept), ``date_col`` as ``datetime64[ns]`` at midnight, the
        value columns as numbers.

    Raises
    ------
    ecrm_lab.InputError
        For the problems listed in :func:`prepare_orders`, and for a day given twice or a missing day
        between the first and the last (the message names the first gap).

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"date": ["2025-01-02", "2025-01-01", "2025-01-04"], "spend": [2, 1, 4]})
    >>> prepare_daily_series(d, value_cols=["spend"])
    Traceback (most recent call last):
    ...
    ecrm_lab.errors.InputError: daily.date (first bad row 2): has 1 missing day(s), the first after 2025-01-02 (next day present: 2025-01-04). Fix: add the missing days with their values (0 if nothing happened), e.g. .set_index(date).asfreq('D', fill_value=0).reset_index()
    >>> prepare_daily_series(d.iloc[:2], value_cols=["spend"])
            date  spend
    1 2025-01-01      1
    0 2025-01-02      2
    """
    if isinstance(value_cols, str):
        value_cols = [value_cols]
    value_cols = list(value_cols)
    require_columns(df, [date_col, *value_cols], table=table)
    require_nonempty(df, table=table)
    out = df.copy()
    days = as_datetimes(out[date_col], table=table, column=date_col).dt.normalize()
    if as_of is not None:
        require_not_after(days, as_timestamp(as_of, "as_of"), table=table, column=date_col)
    out[date_col] = days
    for c in value_cols:
        out[c] = as_numbers(out[c], table=table, column=c, nonnegative=nonnegative)
    out = out.sort_values(date_col, kind="stable")
    require_gap_free_days(out[date_col], table=table, column=date_col)
    return out
