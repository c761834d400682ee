"""Shared machinery of the lifecycle stages: rules, input preparation, per-day stage codes."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
import pandas as pd

from .._validate import (
    as_datetimes,
    as_timestamp,
    require_columns,
    require_whole,
)
from ..errors import InputError
from ..vocabulary import codes

#: Lifecycle stage codes, in lifecycle order (lapsed last).
STAGES: tuple[str, ...] = codes("stage")
#: The ordered categorical dtype of every ``stage`` column returned by this module.
STAGE_DTYPE = pd.CategoricalDtype(list(STAGES), ordered=True)

# Integer stage codes: positions in STAGES (the categorical codes of STAGE_DTYPE).
_SEL, _ACQ, _RET, _EXP, _LAP = (
    STAGES.index("selection"),
    STAGES.index("acquisition"),
    STAGES.index("retention"),
    STAGES.index("expansion"),
    STAGES.index("lapsed"),
)
_NEVER = np.iinfo(np.int64).max // 4  # "no such day yet" for minima
_NONE = np.iinfo(np.int64).min // 4  # "no such day" for maxima

# Behaviour rules and column names shared by assign_stages, stage_sizes and transition_matrix.
_RULE_DEFAULTS: dict[str, Any] = {
    "new_days": 90,
    "lapse_days": 180,
    "window": 180,
    "growth": 0.25,
    "min_window_orders": 2,
}
_COLUMN_DEFAULTS: dict[str, Any] = {
    "customer_col": "customer_id",
    "signup_col": "signup_date",
    "order_col": "order_id",
    "order_date_col": "order_date",
    "amount_col": "amount",
    "status_col": "status",
    "completed": "completed",
    "session_date_col": "session_date",
    "prospect_col": "prospect_id",
    "touch_date_col": "first_touch_date",
}


# ----------------------------------------------------------------------------------- input checks
def _as_day(value: Any, name: str) -> pd.Timestamp:
    """A date-like argument as a midnight ``Timestamp``; ``TypeError``/``ValueError`` otherwise."""
    return as_timestamp(value, name).normalize()


def _day_number(ts: pd.Timestamp) -> int:
    return int(np.datetime64(ts, "D").astype(np.int64))


def _day_str(day: int) -> str:
    return str(np.datetime64(int(day), "D"))


def _timestamps(
    series: pd.Series, *, table: str, column: str, allow_missing: bool = False
) -> np.ndarray:
    """A date column as ``datetime64[ns]`` values (time zone dropped); clear errors for bad dates."""
    parsed = as_datetimes(series, table=table, column=column, allow_missing=allow_missing)
    return parsed.to_numpy(dtype="datetime64[ns]")


def _days(series: pd.Series, *, table: str, column: str, allow_missing: bool = False) -> np.ndarray:
    """Day numbers (days since 1970-01-01) of a date column; clear errors for numbers and bad dates."""
    stamps = _timestamps(series, table=table, column=column, allow_missing=allow_missing)
    values = stamps.astype("datetime64[D]").astype(np.int64)
    if allow_missing:
        values = np.where(np.isnat(stamps), _NEVER, values)
    return values


def _positions(ids: pd.Index, keys: pd.Series, *, table: str, column: str) -> np.ndarray:
    """Position of each key in the customer index; :class:`InputError` for unknown ids."""
    pos = ids.get_indexer(keys)
    bad = pos < 0
    if bad.any():
        examples = ", ".join(repr(x) for x in pd.unique(keys[bad]).tolist()[:3])
        raise InputError(
            f"has {int(bad.sum())} row(s) whose customer is not in the customers table "
            f"(e.g. {examples})",
            table=table,
            column=column,
            row=keys.index[bad][0],
            fix="add these customers to customers or drop the rows",
        )
    return pos


def _check_int(value: Any, name: str, *, minimum: int) -> int:
    return require_whole(
        value, name, minimum=minimum, unit="days", why="windows cannot be negative or empty"
    )


def _resolve_options(options: dict[str, Any]) -> dict[str, Any]:
    """Merge keyword options with the defaults, rejecting unknown names and bad values."""
    known = {**_RULE_DEFAULTS, **_COLUMN_DEFAULTS}
    unknown = sorted(set(options) - set(known))
    if unknown:
        raise TypeError(
            f"unknown option(s) {', '.join(unknown)}; the lifecycle rules accept: {', '.join(known)}"
        )
    opts = {**known, **options}
    for name in ("new_days", "lapse_days", "window"):
        opts[name] = _check_int(opts[name], name, minimum=1)
    opts["min_window_orders"] = _check_int(
        opts["min_window_orders"], "min_window_orders", minimum=1
    )
    growth = opts["growth"]
    if isinstance(growth, bool) or not isinstance(growth, numbers.Real):
        raise TypeError(
            f"growth must be a number such as 0.25 (= +25 %), not {type(growth).__name__}"
        )
    if not np.isfinite(growth) or growth < 0:
        raise ValueError(f"growth must be a finite number ≥ 0 (0.25 means +25 %), got {growth}")
    opts["growth"] = float(growth)
    return opts


# ----------------------------------------------------------------------------------- preparation
def prepare_lifecycle_orders(
    orders: Any,
    *,
    order_col: str | None,
    customer_col: str,
    date_col: str,
    amount_col: str | None,
    status_col: str | None,
) -> pd.DataFrame:
    """The orders table through :func:`ecrm_lab.tables.prepare_orders`, duplicated orders refused.

    With ``order_col`` a column of ``orders``, a repeated order id is an :class:`InputError`. Without
    that column, rows that repeat every column the lifecycle reads (customer, date, amount, status)
    are taken as accidental duplicates and refused too; ``order_col=None`` counts every row as one
    order, identical or not.
    """
    from ..tables import prepare_orders

    require_columns(orders, [customer_col, date_col], table="orders")
    has_ids = order_col is not None and order_col in orders.columns
    roles = ["customer", "date"]
    roles += ["amount"] if amount_col else []
    roles += ["status"] if status_col else []
    roles += ["order"] if has_ids else []
    out = prepare_orders(
        orders,
        order_col=order_col if has_ids else None,
        customer_col=customer_col,
        date_col=date_col,
        amount_col=amount_col,
        status_col=status_col,
        require=roles,
    )
    if order_col is not None and not has_ids:
        used = [c for c in (customer_col, date_col, amount_col, status_col) if c]
        dup = out.duplicated(used, keep="first").to_numpy()
        if dup.any():
            first = out.index[dup][0]
            raise InputError(
                f"has {int(dup.sum())} row(s) identical to an earlier one in {', '.join(used)} and "
                f"no {order_col} column to tell them apart, so they would count twice",
                table="orders",
                column=customer_col,
                row=first,
                fix="drop accidental copies with orders.drop_duplicates(), or pass order_col=None "
                "if every row is a separate order",
            )
    return out


def _prepare(customers, orders, sessions, prospects, opts) -> dict[str, Any]:
    """Validate the tables once and turn them into integer arrays for fast per-date evaluation."""
    from ..tables import prepare_customers, prepare_prospects, prepare_sessions

    ccol = opts["customer_col"]
    signup_col = opts["signup_col"]
    require_columns(customers, [ccol] + ([signup_col] if signup_col else []), table="customers")
    customers = prepare_customers(customers, customer_col=ccol, require=("customer",))
    ids = pd.Index(customers[ccol])
    n = len(ids)

    # orders
    dcol, acol, scol = opts["order_date_col"], opts["amount_col"], opts["status_col"]
    orders = prepare_lifecycle_orders(
        orders,
        order_col=opts["order_col"],
        customer_col=ccol,
        date_col=dcol,
        amount_col=acol,
        status_col=scol,
    )
    o_day = _days(orders[dcol], table="orders", column=dcol)
    o_cust = _positions(ids, orders[ccol], table="orders", column=ccol)
    amount = orders[acol].to_numpy()
    integer_money = np.issubdtype(amount.dtype, np.integer)
    if scol:
        status = orders[scol]
        done = (status == opts["completed"]).to_numpy(dtype=bool, na_value=False)
        if not done.any():
            seen = ", ".join(repr(x) for x in pd.unique(status.dropna()).tolist()[:6])
            raise InputError(
                f"has no {opts['completed']!r} value (values: {seen})",
                table="orders",
                column=scol,
                fix="pass completed='…' with the status of a completed order, or status_col=None "
                "to count every order",
            )
    else:
        done = np.ones(len(orders), dtype=bool)

    # sessions (optional)
    if sessions is None:
        s_day = np.empty(0, np.int64)
        s_cust = np.empty(0, np.int64)
    else:
        sdcol = opts["session_date_col"]
        require_columns(sessions, [ccol, sdcol], table="sessions")
        if len(sessions) == 0:
            raise InputError(
                "is empty",
                table="sessions",
                fix="pass sessions=None if you have no session data",
            )
        sessions = prepare_sessions(sessions, customer_col=ccol, date_col=sdcol)
        s_day = _days(sessions[sdcol], table="sessions", column=sdcol)
        s_cust = _positions(ids, sessions[ccol], table="sessions", column=ccol)

    first_seen = np.full(n, _NEVER, dtype=np.int64)
    if signup_col:
        signup = _days(
            customers[signup_col], table="customers", column=signup_col, allow_missing=True
        )
        first_seen = np.minimum(first_seen, signup)
    np.minimum.at(first_seen, o_cust, o_day)
    np.minimum.at(first_seen, s_cust, s_day)

    # prospects (optional): converted ones date their customer's first sign of life, the others are
    # extra people who can only ever be in selection.
    prospect_ids = None
    n_extra = 0
    if prospects is not None:
        pcol, tcol = opts["prospect_col"], opts["touch_date_col"]
        require_columns(prospects, [pcol, tcol, ccol], table="prospects")
        if len(prospects) == 0:
            raise InputError(
                "is empty", table="prospects", fix="pass prospects=None if you have no prospects"
            )
        prospects = prepare_prospects(
            prospects,
            prospect_col=pcol,
            date_col=tcol,
            customer_col=ccol,
            require=("prospect", "date", "customer"),
        )
        t_day = _days(prospects[tcol], table="prospects", column=tcol)
        linked = prospects[ccol].notna().to_numpy()
        p_cust = _positions(ids, prospects[ccol][linked], table="prospects", column=ccol)
        np.minimum.at(first_seen, p_cust, t_day[linked])
        # one prospect id per customer: the one with the earliest touch
        order = np.lexsort((t_day[linked], p_cust))
        keep = order[np.r_[True, np.diff(p_cust[order]) != 0]] if order.size else order
        cust_pid = np.full(n, None, dtype=object)
        cust_pid[p_cust[keep]] = prospects[pcol].to_numpy()[linked][keep]
        extra_pid = prospects[pcol].to_numpy()[~linked]
        n_extra = extra_pid.size
        prospect_ids = np.concatenate([cust_pid, extra_pid])
        first_seen = np.concatenate([first_seen, t_day[~linked]])

    first_buy = np.full(n + n_extra, _NEVER, dtype=np.int64)
    np.minimum.at(first_buy, o_cust[done], o_day[done])

    return {
        "ids": ids,
        "n": n,
        "n_extra": n_extra,
        "prospect_ids": prospect_ids,
        "first_seen": first_seen,
        "first_buy": first_buy,
        "b_cust": o_cust[done],
        "b_day": o_day[done],
        "b_amount": amount[done].astype(float),
        "integer_money": integer_money,
        "a_cust": np.concatenate([o_cust, s_cust]),
        "a_day": np.concatenate([o_day, s_day]),
        "first_order_day": int(o_day.min()),
        "data_end": int(max(o_day.max(), s_day.max() if s_day.size else o_day.max())),
    }


def _check_as_of(prep: dict[str, Any], value: Any, name: str = "as_of") -> int:
    ts = _as_day(value, name)
    day = _day_number(ts)
    if day < prep["first_order_day"]:
        raise ValueError(
            f"{name} {ts.date()} is before the first order ({_day_str(prep['first_order_day'])}): "
            "choose a date inside the data"
        )
    if day > prep["data_end"]:
        raise ValueError(
            f"{name} {ts.date()} is after the last order or session ({_day_str(prep['data_end'])}): the "
            "data cannot tell who was active then; choose a date inside the data"
        )
    return day


def _stages_at(prep: dict[str, Any], day: int, opts: dict[str, Any], *, details: bool = False):
    """Stage code per person at ``day`` (−1 = does not exist yet), plus the behaviour columns."""
    size = prep["n"] + prep["n_extra"]
    window = opts["window"]
    b_cust, b_day, b_amount = prep["b_cust"], prep["b_day"], prep["b_amount"]

    upto = b_day <= day
    n_orders = np.bincount(b_cust[upto], minlength=size)
    cur = upto & (b_day > day - window)
    prev = (b_day <= day - window) & (b_day > day - 2 * window)
    n_window = np.bincount(b_cust[cur], minlength=size)
    # (np.bincount returns integers for an empty selection, hence the astype)
    value_window = np.bincount(b_cust[cur], weights=b_amount[cur], minlength=size).astype(float)
    value_before = np.bincount(b_cust[prev], weights=b_amount[prev], minlength=size).astype(float)
    a_up = prep["a_day"] <= day
    last_active = np.full(size, _NONE, dtype=np.int64)
    np.maximum.at(last_active, prep["a_cust"][a_up], prep["a_day"][a_up])

    first_buy = prep["first_buy"]
    exists = prep["first_seen"] <= day
    buyer = first_buy <= day
    lapsed = buyer & (day - last_active >= opts["lapse_days"])
    acquisition = buyer & ~lapsed & ((day - first_buy < opts["new_days"]) | (n_orders == 1))
    expansion = (
        buyer
        & ~lapsed
        & ~acquisition
        & (first_buy <= day - window)
        & (n_window >= opts["min_window_orders"])
        # "at least (1 + growth) ×", with a relative tolerance so that 1.1 × 400 000 = 440 000.000…06
        # does not exclude a spend of exactly 440 000
        & (value_window >= (1.0 + opts["growth"]) * value_before * (1.0 - 1e-12))
    )
    code = np.full(size, -1, dtype=np.int64)
    code[exists] = _SEL
    code[buyer] = _RET
    code[acquisition] = _ACQ
    code[expansion] = _EXP
    code[lapsed] = _LAP
    if not details:
        return code
    last_buy = np.full(size, _NONE, dtype=np.int64)
    np.maximum.at(last_buy, b_cust[upto], b_day[upto])
    return code, {
        "first_buy": np.where(buyer, first_buy, _NONE),
        "last_buy": last_buy,
        "n_orders": n_orders,
        "last_active": last_active,
        "n_window": n_window,
        "value_window": value_window,
        "value_before": value_before,
    }


def _dates(days: np.ndarray) -> np.ndarray:
    """Day numbers → ``datetime64[ns]`` with NaT for the sentinels."""
    valid = (days > _NONE) & (days < _NEVER)
    out = np.where(valid, days, 0).astype("datetime64[D]").astype("datetime64[ns]")
    out[~valid] = np.datetime64("NaT")
    return out


def _stage_categorical(codes: np.ndarray) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, dtype=STAGE_DTYPE)
