"""Customer lifecycle: assign each person a stage from behaviour, count stages over time, follow the flows.

The e-customer lifecycle (Chaffey & Ellis-Chadwick, *Digital Marketing*) runs **lựa chọn → thu hút →
giữ chân → mở rộng** (selection → acquisition → retention → expansion); a customer can also leave at
any point (**rời bỏ**, lapsed). This module turns observed behaviour — orders, web/app sessions and,
optionally, marketing prospects — into one of those five stages per person at a snapshot date
``as_of``.

Stage codes in the returned tables are English and form an ordered :class:`pandas.Categorical` with
the categories in :data:`STAGES`; use :func:`ecrm_lab.i18n.label` (``label("retention")`` →
``"giữ chân"``) to display them.

Definitions
-----------
Dates are days: an event on the ``as_of`` day counts as "on or before ``as_of``" whatever its clock
time. "The last *d* days" are the *d* days ending on ``as_of`` (``as_of − d + 1 … as_of``).

* A **purchase** is an order whose status is ``"completed"`` (``status_col`` / ``completed``);
  cancelled and returned orders are not purchases and bring no revenue, but placing them is
  **activity**, like a web/app session.
* A person **exists** at ``as_of`` when their first sign of life is on or before it: the earliest of
  the sign-up date (``signup_col``), any order, any session and, when ``prospects`` is given, the
  first marketing touch. People whose first sign of life is later are left out of the snapshot.
* ``window`` (default 180 days) is the "current window", the last ``window`` days; the "previous
  window" is the ``window`` days before it.

Rules, applied in this order (the first that matches wins):

1. **selection** (lựa chọn): the person exists but has made no purchase on or before ``as_of`` — a
   prospect reached by marketing who has not converted, or a registered customer whose orders so far
   were all cancelled or returned.
2. **lapsed** (rời bỏ): a customer with no activity (no order of any status, no session) in the last
   ``lapse_days`` days (default 180).
3. **acquisition** (thu hút): the first purchase falls in the last ``new_days`` days (default 90), or
   the customer has made only one purchase so far — the relationship has not yet produced a repeat.
4. **expansion** (mở rộng): the customer buys more than before — at least ``min_window_orders``
   purchases (default 2) in the current window, and spend in the current window at least
   ``(1 + growth)`` times the spend in the previous window (``growth`` default 0.25), and the first
   purchase lies before the current window. The last condition refines the plain growth rule: growth
   needs a baseline period in which the person was already a customer. Without it, every customer
   whose whole history fits into the current window would count as "growing from zero", and
   expansion would mostly hold young customers. A customer who was silent in the previous window and
   buys strongly again (reactivation, one of Chaffey's extension techniques) does count.
5. **retention** (giữ chân): every other customer who is still active.

Care after a service failure
----------------------------
:func:`repurchase_after_failure` asks what a failed order (cancelled or returned) does to the chance
that the customer orders again, compared with a completed order — the retention side of
e-customer care.

Examples
--------
>>> import pandas as pd
>>> customers = pd.DataFrame({"customer_id": ["a", "b", "c"], "signup_date": pd.NaT})
>>> orders = pd.DataFrame({
...     "customer_id": ["a", "b", "b", "c", "c"],
...     "order_date": pd.to_datetime(
...         ["2025-01-05", "2024-01-10", "2024-02-10", "2024-06-01", "2024-12-01"]),
...     "amount": [100_000, 200_000, 150_000, 300_000, 250_000],
...     "status": "completed",
... })
>>> st = assign_stages(customers, orders, None, as_of="2025-01-05")
>>> dict(zip(st["customer_id"], st["stage"].astype(str)))
{'a': 'acquisition', 'b': 'lapsed', 'c': 'retention'}
"""

from __future__ import annotations

import datetime as dt
import numbers
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._stats import wilson_interval
from ._validate import (
    as_datetimes,
    as_timestamp,
    require_columns,
    require_nonempty,
    require_nonnegative,
    require_whole,
)

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.axes import Axes

__all__ = [
    "STAGES",
    "STAGE_DTYPE",
    "assign_stages",
    "stage_sizes",
    "transition_matrix",
    "value_by_stage",
    "plot_stage_flow",
    "repurchase_after_failure",
]

#: Lifecycle stage codes, in lifecycle order (lapsed last).
STAGES: tuple[str, ...] = ("selection", "acquisition", "retention", "expansion", "lapsed")
#: The ordered categorical dtype of every ``stage`` column returned by this module.
STAGE_DTYPE = pd.CategoricalDtype(list(STAGES), ordered=True)

_SEL, _ACQ, _RET, _EXP, _LAP = range(5)
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
    "order_date_col": "order_date",
    "amount_col": "amount",
    "status_col": "status",
    "completed": "completed",
    "session_date_col": "session_date",
    "prospect_col": "prospect_id",
    "touch_col": "first_touch_date",
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
    """Position of each key in the customer index; ``ValueError`` for unknown or missing ids."""
    pos = ids.get_indexer(keys)
    bad = pos < 0
    if bad.any():
        examples = ", ".join(repr(x) for x in pd.unique(keys[bad]).tolist()[:3])
        raise ValueError(
            f"{table}.{column} has {int(bad.sum())} row(s) whose customer is not in the customers "
            f"table (e.g. {examples}): add these customers to customers or drop the rows"
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
def _prepare(customers, orders, sessions, prospects, opts) -> dict[str, Any]:
    """Validate the tables once and turn them into integer arrays for fast per-date evaluation."""
    ccol = opts["customer_col"]
    signup_col = opts["signup_col"]
    require_columns(customers, [ccol] + ([signup_col] if signup_col else []), table="customers")
    require_nonempty(customers, table="customers")
    ids = pd.Index(customers[ccol])
    if ids.hasnans:
        raise ValueError(
            f"customers.{ccol} has {int(ids.isna().sum())} missing id(s): every customer needs an id"
        )
    if not ids.is_unique:
        dup = ", ".join(repr(x) for x in ids[ids.duplicated()].unique()[:3])
        raise ValueError(
            f"customers.{ccol} has duplicated ids (e.g. {dup}): keep one row per customer"
        )
    n = len(ids)

    # orders
    dcol, acol, scol = opts["order_date_col"], opts["amount_col"], opts["status_col"]
    require_columns(orders, [ccol, dcol, acol] + ([scol] if scol else []), table="orders")
    require_nonempty(orders, table="orders")
    o_day = _days(orders[dcol], table="orders", column=dcol)
    require_nonnegative(orders, acol, table="orders")
    o_cust = _positions(ids, orders[ccol], table="orders", column=ccol)
    amount = pd.to_numeric(orders[acol]).to_numpy()
    integer_money = np.issubdtype(amount.dtype, np.integer)
    if scol:
        status = orders[scol]
        done = (status == opts["completed"]).to_numpy(dtype=bool, na_value=False)
        if not done.any():
            seen = ", ".join(repr(x) for x in pd.unique(status.dropna()).tolist()[:6])
            raise ValueError(
                f"orders.{scol} has no {opts['completed']!r} value (values: {seen}): pass "
                "completed='…' with the status of a completed order, or status_col=None to count every order"
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
            raise ValueError(
                "table 'sessions' is empty: pass sessions=None if you have no session data"
            )
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
        pcol, tcol = opts["prospect_col"], opts["touch_col"]
        require_columns(prospects, [pcol, tcol, ccol], table="prospects")
        if len(prospects) == 0:
            raise ValueError(
                "table 'prospects' is empty: pass prospects=None if you have no prospects"
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


# ----------------------------------------------------------------------------------- public API
def assign_stages(
    customers: pd.DataFrame,
    orders: pd.DataFrame,
    sessions: pd.DataFrame | None,
    *,
    as_of: str | dt.date | pd.Timestamp,
    prospects: pd.DataFrame | None = None,
    new_days: int = 90,
    lapse_days: int = 180,
    window: int = 180,
    growth: float = 0.25,
    min_window_orders: int = 2,
    customer_col: str = "customer_id",
    signup_col: str | None = "signup_date",
    order_date_col: str = "order_date",
    amount_col: str = "amount",
    status_col: str | None = "status",
    completed: Any = "completed",
    session_date_col: str = "session_date",
    prospect_col: str = "prospect_id",
    touch_col: str = "first_touch_date",
) -> pd.DataFrame:
    """Assign each person who exists at ``as_of`` one lifecycle stage (rules in the module docstring).

    Parameters
    ----------
    customers : DataFrame
        One row per customer: ``customer_col`` (unique id) and, unless ``signup_col=None``, a sign-up
        date (missing values allowed).
    orders : DataFrame
        One row per order: ``customer_col``, ``order_date_col`` (date or timestamp), ``amount_col``
        (money paid, ≥ 0) and ``status_col`` (only ``status == completed`` is a purchase;
        ``status_col=None`` counts every order). Orders after ``as_of`` are ignored.
    sessions : DataFrame or None
        Web/app activity: ``customer_col`` and ``session_date_col``. ``None`` when you have none
        (activity then comes from orders only).
    as_of : date-like
        Snapshot day. Must lie between the first order and the last order or session.
    prospects : DataFrame, optional
        People reached by marketing: ``prospect_col``, ``touch_col`` (first touch) and ``customer_col``
        (the customer they became, empty if none). Converted prospects date their customer's first sign
        of life; unconverted ones add one selection row each.
    new_days : int, default 90
        Rule 3: a first purchase in the last ``new_days`` days means acquisition.
    lapse_days : int, default 180
        Rule 2: no activity in the last ``lapse_days`` days means lapsed.
    window : int, default 180
        Length of the current and of the previous window in rule 4.
    growth : float, default 0.25
        Rule 4: spend in the current window must be ≥ ``(1 + growth)`` × spend in the previous one.
    min_window_orders : int, default 2
        Rule 4: minimum number of purchases in the current window.
    customer_col, signup_col, order_date_col, amount_col, status_col, completed, session_date_col, \
prospect_col, touch_col
        Column names (and the completed status value); the defaults match VietShop.

    Returns
    -------
    DataFrame
        One row per customer who exists at ``as_of`` (in the order of ``customers``), then one row per
        unconverted prospect whose first touch is on or before ``as_of``:

        * ``customer_col`` — the customer id (missing for an unconverted prospect);
        * ``prospect_col`` — only when ``prospects`` is given: the (earliest) prospect id of the person;
        * ``stage`` — ordered categorical, categories :data:`STAGES`;
        * ``first_seen_date`` — first sign of life (sign-up, order, session or first touch);
        * ``first_order_date``, ``last_order_date`` — first and last purchase on or before ``as_of``;
        * ``n_orders`` — purchases on or before ``as_of``;
        * ``last_active_date`` — last order (any status) or session; ``days_since_active`` — days
          from it to ``as_of`` (nullable integer);
        * ``n_orders_window`` — purchases in the current window;
        * ``value_window``, ``value_before`` — spend on purchases in the current and previous window.

    Raises
    ------
    TypeError
        A table is not a DataFrame, a date column holds numbers, ``as_of`` is not a date, a rule has
        the wrong type.
    ValueError
        Missing columns, empty tables, negative amounts, unreadable dates, orders/sessions of unknown
        customers, no completed order at all, ``as_of`` outside the data, windows < 1, ``growth`` < 0.
    """
    opts = _resolve_options(
        {
            "new_days": new_days,
            "lapse_days": lapse_days,
            "window": window,
            "growth": growth,
            "min_window_orders": min_window_orders,
            "customer_col": customer_col,
            "signup_col": signup_col,
            "order_date_col": order_date_col,
            "amount_col": amount_col,
            "status_col": status_col,
            "completed": completed,
            "session_date_col": session_date_col,
            "prospect_col": prospect_col,
            "touch_col": touch_col,
        }
    )
    prep = _prepare(customers, orders, sessions, prospects, opts)
    day = _check_as_of(prep, as_of)
    code, det = _stages_at(prep, day, opts, details=True)
    keep = code >= 0
    ids = prep["ids"]
    if prep["n_extra"]:
        dtype = ids.dtype if pd.api.types.is_string_dtype(ids.dtype) else object
        cust_ids = np.concatenate(
            [ids.to_numpy(dtype=object), np.full(prep["n_extra"], None, dtype=object)]
        )
        out = pd.DataFrame({customer_col: pd.array(cust_ids[keep], dtype=dtype)})
    else:
        out = pd.DataFrame({customer_col: ids[keep]})
    if prep["prospect_ids"] is not None:
        out[prospect_col] = pd.array(prep["prospect_ids"][keep], dtype="string")
    out["stage"] = _stage_categorical(code[keep])
    out["first_seen_date"] = _dates(prep["first_seen"][keep])
    out["first_order_date"] = _dates(det["first_buy"][keep])
    out["last_order_date"] = _dates(det["last_buy"][keep])
    out["n_orders"] = det["n_orders"][keep].astype(np.int64)
    last_active = det["last_active"][keep]
    out["last_active_date"] = _dates(last_active)
    since = pd.array(day - last_active, dtype="Int64")
    since[last_active <= _NONE] = pd.NA
    out["days_since_active"] = since
    out["n_orders_window"] = det["n_window"][keep].astype(np.int64)
    for name in ("value_window", "value_before"):
        money = det[name][keep]
        out[name] = np.round(money).astype(np.int64) if prep["integer_money"] else money
    return out


def stage_sizes(
    customers: pd.DataFrame,
    orders: pd.DataFrame,
    sessions: pd.DataFrame | None,
    *,
    dates: Iterable[Any],
    prospects: pd.DataFrame | None = None,
    **rules: Any,
) -> pd.DataFrame:
    """Number and share of people in each stage at several snapshot dates (e.g. month ends).

    The tables are checked and indexed once; each date then costs a few vectorised passes over the
    orders and sessions, so two years of month ends take well under a second on VietShop.

    Parameters
    ----------
    customers, orders, sessions, prospects
        As in :func:`assign_stages`.
    dates : iterable of date-like
        Snapshot days, e.g. ``pd.date_range("2024-03-31", "2025-12-31", freq="ME")``. Duplicates are
        dropped and the dates sorted; each must lie inside the data (see :func:`assign_stages`).
    **rules
        Any keyword option of :func:`assign_stages` (``new_days``, ``lapse_days``, ``window``,
        ``growth``, ``min_window_orders`` and the column names).

    Returns
    -------
    DataFrame
        Long table with five rows per date (every stage, zero counts included): ``date``, ``stage``
        (ordered categorical), ``n_customers`` (people in that stage) and ``share`` (of all people who
        exist at that date; the shares of one date sum to 1).
    """
    opts = _resolve_options(rules)
    if isinstance(dates, (str, dt.date, pd.Timestamp, np.datetime64)) or not isinstance(
        dates, Iterable
    ):
        raise TypeError(
            "dates must be a list of dates (e.g. pd.date_range(..., freq='ME')), not a single value"
        )
    stamps = sorted({_as_day(d, "dates") for d in dates})
    if not stamps:
        raise ValueError("dates is empty: give at least one snapshot date")
    prep = _prepare(customers, orders, sessions, prospects, opts)
    counts = []
    for ts in stamps:
        code = _stages_at(prep, _check_as_of(prep, ts, "dates"), opts)
        counts.append(np.bincount(code[code >= 0], minlength=len(STAGES)))
    counts = np.asarray(counts, dtype=np.int64)
    totals = counts.sum(axis=1, keepdims=True)
    share = np.divide(counts, totals, out=np.full(counts.shape, np.nan), where=totals > 0)
    return pd.DataFrame(
        {
            "date": np.repeat(np.array(stamps, dtype="datetime64[ns]"), len(STAGES)),
            "stage": pd.Categorical(np.tile(STAGES, len(stamps)), dtype=STAGE_DTYPE),
            "n_customers": counts.ravel(),
            "share": share.ravel(),
        }
    )


def transition_matrix(
    customers: pd.DataFrame,
    orders: pd.DataFrame,
    sessions: pd.DataFrame | None,
    *,
    start: Any,
    end: Any,
    prospects: pd.DataFrame | None = None,
    normalize: bool = True,
    **rules: Any,
) -> pd.DataFrame:
    """Stage at ``start`` × stage at ``end``: how people moved through the lifecycle.

    The population is everyone who exists at ``start`` (see :func:`assign_stages`); nobody drops out
    of it by ``end``. People who appear only after ``start`` are not counted: a customer whose first
    order falls between the two dates shows up (as ``from="selection"``) only if ``prospects`` is
    given and their first marketing touch is on or before ``start``.

    Parameters
    ----------
    customers, orders, sessions, prospects
        As in :func:`assign_stages`.
    start, end : date-like
        The two snapshot days; ``end`` must be after ``start`` and both inside the data.
    normalize : bool, default True
        ``True``: row shares (each non-empty row sums to 1; a stage with nobody at ``start`` gives a
        row of NaN). ``False``: counts (their total is the number of people who exist at ``start``).
    **rules
        Any keyword option of :func:`assign_stages`.

    Returns
    -------
    DataFrame
        5 × 5, index ``from`` and columns ``to``, both in :data:`STAGES` order. ``attrs["normalize"]``
        records the choice, for :func:`plot_stage_flow`.
    """
    opts = _resolve_options(rules)
    if not isinstance(normalize, (bool, np.bool_)):
        raise TypeError(f"normalize must be True or False, not {type(normalize).__name__}")
    t0, t1 = _as_day(start, "start"), _as_day(end, "end")
    if t1 <= t0:
        raise ValueError(
            f"end ({t1.date()}) must be after start ({t0.date()}): swap them or pick a later end"
        )
    prep = _prepare(customers, orders, sessions, prospects, opts)
    c0 = _stages_at(prep, _check_as_of(prep, t0, "start"), opts)
    c1 = _stages_at(prep, _check_as_of(prep, t1, "end"), opts)
    present = c0 >= 0
    k = len(STAGES)
    counts = np.bincount(c0[present] * k + c1[present], minlength=k * k).reshape(k, k)
    index = pd.Index(STAGES, name="from")
    columns = pd.Index(STAGES, name="to")
    if normalize:
        rows = counts.sum(axis=1, keepdims=True)
        values = np.divide(counts, rows, out=np.full(counts.shape, np.nan), where=rows > 0)
        out = pd.DataFrame(values, index=index, columns=columns)
    else:
        out = pd.DataFrame(counts.astype(np.int64), index=index, columns=columns)
    out.attrs["normalize"] = bool(normalize)
    return out


def value_by_stage(
    stages: pd.DataFrame,
    orders: pd.DataFrame,
    *,
    as_of: Any,
    horizon_days: int = 180,
    past_days: int = 365,
    customer_col: str = "customer_id",
    stage_col: str = "stage",
    order_date_col: str = "order_date",
    amount_col: str = "amount",
    status_col: str | None = "status",
    completed: Any = "completed",
) -> pd.DataFrame:
    """Past and future revenue per person in each stage: does the stage predict value?

    Parameters
    ----------
    stages : DataFrame
        One row per person with ``customer_col`` and ``stage_col`` — typically the output of
        :func:`assign_stages` at the same ``as_of``. Rows with a missing customer id (unconverted
        prospects) count with zero revenue.
    orders : DataFrame
        As in :func:`assign_stages`; it must reach at least ``horizon_days`` past ``as_of``.
    as_of : date-like
        The snapshot day of ``stages``.
    horizon_days : int, default 180
        Future revenue: purchases in the ``horizon_days`` days after ``as_of``.
    past_days : int, default 365
        Past revenue: purchases in the last ``past_days`` days up to ``as_of``.

    Returns
    -------
    DataFrame
        One row per stage (all five, in :data:`STAGES` order): ``stage``, ``n_customers``, ``share``,
        ``past_revenue_per_customer``, ``future_revenue_per_customer`` (completed orders only, averaged
        over everyone in the stage, buyers or not; NaN for an empty stage) and
        ``future_buyer_share`` (share who buy at least once in the horizon).

    Raises
    ------
    ValueError
        Unknown stage values, duplicated customers, the horizon running past the last order,
        ``as_of`` before the first order or before a ``last_order_date`` in ``stages``.
    """
    require_columns(stages, [customer_col, stage_col], table="stages")
    require_nonempty(stages, table="stages")
    horizon_days = _check_int(horizon_days, "horizon_days", minimum=1)
    past_days = _check_int(past_days, "past_days", minimum=1)
    st = stages[stage_col]
    unknown = pd.unique(st[~st.isin(STAGES)].astype(object))
    if len(unknown):
        shown = ", ".join(repr(x) for x in list(unknown)[:5])
        raise ValueError(
            f"stages.{stage_col} has unknown stage(s) {shown}: the stages are {', '.join(STAGES)} "
            "(use the output of assign_stages)"
        )
    ids = stages[customer_col]
    dup = ids[ids.notna() & ids.duplicated()]
    if len(dup):
        raise ValueError(
            f"stages.{customer_col} has duplicated customers (e.g. {dup.iloc[0]!r}): keep one row per customer"
        )
    cols = [customer_col, order_date_col, amount_col] + ([status_col] if status_col else [])
    require_columns(orders, cols, table="orders")
    require_nonempty(orders, table="orders")
    o_day = _days(orders[order_date_col], table="orders", column=order_date_col)
    require_nonnegative(orders, amount_col, table="orders")
    ts = _as_day(as_of, "as_of")
    day = _day_number(ts)
    first, last = int(o_day.min()), int(o_day.max())
    if day < first:
        raise ValueError(
            f"as_of {ts.date()} is before the first order ({_day_str(first)}): choose a date inside the data"
        )
    if day + horizon_days > last:
        raise ValueError(
            f"as_of + horizon_days = {_day_str(day + horizon_days)} is after the last order ({_day_str(last)}): "
            "future revenue would be cut off; choose an earlier as_of or a shorter horizon_days"
        )
    if "last_order_date" in stages.columns:
        lod = pd.to_datetime(stages["last_order_date"], errors="coerce")
        if isinstance(lod.dtype, pd.DatetimeTZDtype):
            lod = lod.dt.tz_localize(None)
        # compare days: a purchase at 15:00 on the as_of day is "on or before as_of"
        if (lod.dt.normalize() > ts).any():
            raise ValueError(
                f"stages has last_order_date after as_of {ts.date()}: the stages were assigned at a later "
                "date; pass the as_of used in assign_stages"
            )

    if status_col:
        done = (orders[status_col] == completed).to_numpy(dtype=bool, na_value=False)
    else:
        done = np.ones(len(orders), dtype=bool)
    amount = pd.to_numeric(orders[amount_col]).to_numpy(dtype=float)
    past = done & (o_day <= day) & (o_day > day - past_days)
    future = done & (o_day > day) & (o_day <= day + horizon_days)
    key = orders[customer_col]
    past_rev = pd.Series(amount[past]).groupby(key[past].to_numpy()).sum()
    fut_rev = pd.Series(amount[future]).groupby(key[future].to_numpy()).sum()
    person_past = ids.map(past_rev).fillna(0.0).to_numpy(dtype=float)
    person_fut = ids.map(fut_rev).fillna(0.0).to_numpy(dtype=float)
    code = pd.Categorical(st.astype(object), dtype=STAGE_DTYPE).codes
    k = len(STAGES)
    n = np.bincount(code, minlength=k)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = pd.DataFrame(
            {
                "stage": pd.Categorical(STAGES, dtype=STAGE_DTYPE),
                "n_customers": n.astype(np.int64),
                "share": n / n.sum(),
                "past_revenue_per_customer": np.bincount(code, weights=person_past, minlength=k)
                / n,
                "future_revenue_per_customer": np.bincount(code, weights=person_fut, minlength=k)
                / n,
                "future_buyer_share": np.bincount(
                    code, weights=(person_fut > 0).astype(float), minlength=k
                )
                / n,
            }
        )
    return out


_ORDER_TYPES = ("first", "repeat")
_OUTCOMES = ("completed", "failed")


def repurchase_after_failure(
    orders: pd.DataFrame,
    *,
    horizon_days: int = 180,
    end: Any = None,
    split_first: bool = True,
    ci_level: float = 0.95,
    customer_col: str = "customer_id",
    order_date_col: str = "order_date",
    status_col: str = "status",
    completed: Any = "completed",
) -> pd.DataFrame:
    """How often a customer orders again after a completed order and after a failed one.

    A **service failure** is an order that did not end as a purchase: its status is anything but
    ``completed`` (in VietShop: cancelled or returned). For every order with a full follow-up period
    the function asks: did the same customer place another order (of any status) within
    ``horizon_days`` days? The answer is summarised by the outcome of the order, and by default
    separately for customers' first orders and for their later (repeat) orders, because first-time
    buyers behave differently.

    Parameters
    ----------
    orders : DataFrame
        One row per order: ``customer_col``, ``order_date_col`` (date or timestamp) and
        ``status_col``.
    horizon_days : int, default 180
        Days after an order in which a new order counts as "ordered again".
    end : date-like, optional
        Last day of the data; default the day of the last order. It cannot be after the last
        order (the data could not show reorders after it).
    split_first : bool, default True
        ``True``: one group per order type (first, repeat) and outcome; ``False``: outcome only
        (``order_type`` is then ``"all"``).
    ci_level : float, default 0.95
        Level of the Wilson score interval of each rate.
    customer_col, order_date_col, status_col, completed
        Column names and the status value of a completed order; the defaults match VietShop.

    Returns
    -------
    DataFrame
        One row per group, always in this order: (first, completed), (first, failed), (repeat,
        completed), (repeat, failed) — or (all, completed), (all, failed). Columns:

        * ``order_type`` — ``"first"``, ``"repeat"`` or ``"all"``;
        * ``outcome`` — ``"completed"`` or ``"failed"`` (any other status);
        * ``n_orders`` — orders with a full follow-up;
        * ``n_reordered`` — of these, orders followed by another order within the horizon;
        * ``reorder_rate`` — ``n_reordered / n_orders`` (NaN for an empty group);
        * ``ci_low``, ``ci_high`` — Wilson score interval of the rate at ``ci_level``.

    Raises
    ------
    TypeError
        Not a DataFrame, a date column holding numbers, a bad argument type.
    ValueError
        Missing columns, an empty table, missing customer ids or dates, no ``completed`` status at
        all, ``end`` outside the data, no order with a full follow-up.

    Notes
    -----
    * Dates are days. The "next order" is the customer's next order in time (same-day orders count,
      in timestamp order, ties in row order); it is **within the horizon** when its day is at most
      ``horizon_days`` days after the day of the order.
    * An order has a **full follow-up** when its day + ``horizon_days`` is on or before ``end``;
      later orders are left out (their customers had too little time to come back).
    * A **first** order is a customer's earliest order of any status; every later order is
      **repeat**.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({
    ...     "customer_id": ["a", "a", "a", "b", "b"],
    ...     "order_date": pd.to_datetime(
    ...         ["2025-01-01", "2025-01-20", "2025-02-10", "2025-01-05", "2025-01-15"]),
    ...     "status": ["completed", "cancelled", "completed", "completed", "returned"],
    ... })
    >>> out = repurchase_after_failure(orders, horizon_days=20, split_first=False)
    >>> out[["outcome", "n_orders", "n_reordered"]].to_dict("list")
    {'outcome': ['completed', 'failed'], 'n_orders': [2, 2], 'n_reordered': [2, 0]}

    (Orders up to 2025-01-21 have 20 days of follow-up before the last order, 2025-02-10. Both
    completed orders were followed within 20 days; a's cancelled order was followed 21 days later,
    b's return never.)
    """
    require_columns(orders, [customer_col, order_date_col, status_col], table="orders")
    require_nonempty(orders, table="orders")
    horizon_days = _check_int(horizon_days, "horizon_days", minimum=1)
    if not isinstance(split_first, (bool, np.bool_)):
        raise TypeError(f"split_first must be True or False, not {type(split_first).__name__}")
    if isinstance(ci_level, bool) or not isinstance(ci_level, numbers.Real):
        raise TypeError(f"ci_level must be a number such as 0.95, not {type(ci_level).__name__}")
    if not 0 < ci_level < 1:
        raise ValueError(f"ci_level must lie strictly between 0 and 1 (e.g. 0.95), got {ci_level}")
    cust = orders[customer_col]
    if cust.isna().any():
        raise ValueError(
            f"orders.{customer_col} has {int(cust.isna().sum())} missing id(s): every order needs "
            "a customer; drop these rows"
        )
    stamps = _timestamps(orders[order_date_col], table="orders", column=order_date_col)
    day = stamps.astype("datetime64[D]").astype(np.int64)
    status = orders[status_col]
    done = (status == completed).to_numpy(dtype=bool, na_value=False)
    if not done.any():
        seen = ", ".join(repr(x) for x in pd.unique(status.dropna()).tolist()[:6])
        raise ValueError(
            f"orders.{status_col} has no {completed!r} value (values: {seen}): pass completed='…' "
            "with the status of a completed order"
        )
    first_day, last_day = int(day.min()), int(day.max())
    if end is None:
        end_day = last_day
    else:
        end_ts = _as_day(end, "end")
        end_day = _day_number(end_ts)
        if end_day < first_day or end_day > last_day:
            raise ValueError(
                f"end {end_ts.date()} is outside the orders ({_day_str(first_day)} … "
                f"{_day_str(last_day)}): choose a day inside the data"
            )

    codes, _ = pd.factorize(cust)
    order = np.lexsort((np.arange(len(day)), stamps.astype(np.int64), codes))
    c, d, ok = codes[order], day[order], done[order]
    same_next = np.r_[c[1:] == c[:-1], False]
    next_day = np.r_[d[1:], 0]
    reordered = same_next & (next_day - d <= horizon_days)
    is_first = np.r_[True, c[1:] != c[:-1]]
    eligible = d + horizon_days <= end_day
    if not eligible.any():
        raise ValueError(
            f"no order has {horizon_days} days of follow-up before {_day_str(end_day)}: choose a "
            "shorter horizon_days or a later end"
        )

    types = _ORDER_TYPES if split_first else ("all",)
    rows = []
    for kind in types:
        in_type = eligible if kind == "all" else eligible & (is_first == (kind == "first"))
        for outcome in _OUTCOMES:
            mask = in_type & (ok == (outcome == "completed"))
            n = int(mask.sum())
            k = int(reordered[mask].sum())
            if n:
                low, high = wilson_interval(k, n, ci_level=ci_level)
                rate = k / n
            else:
                rate = low = high = np.nan
            rows.append((kind, outcome, n, k, rate, low, high))
    return pd.DataFrame(
        rows,
        columns=[
            "order_type",
            "outcome",
            "n_orders",
            "n_reordered",
            "reorder_rate",
            "ci_low",
            "ci_high",
        ],
    ).astype({"n_orders": np.int64, "n_reordered": np.int64})


# ----------------------------------------------------------------------------------- plot
def plot_stage_flow(
    matrix: pd.DataFrame,
    *,
    ax: Axes | None = None,
    kind: str = "auto",
    lang: str | None = None,
) -> Axes:
    """Draw a transition matrix: a two-column flow picture (counts) or a heatmap (row shares).

    Parameters
    ----------
    matrix : DataFrame
        From :func:`transition_matrix`: rows "from", columns "to", labels in :data:`STAGES`.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.
    kind : {"auto", "flow", "heatmap"}
        ``"flow"`` needs counts (``normalize=False``): stacked bars of the stages at start (left) and
        end (right) joined by bands as wide as the number of people who moved. ``"heatmap"`` shows the
        cells as numbers. ``"auto"`` picks the flow for counts and the heatmap for shares.
    lang : {"vi", "en"}, optional
        Language of the stage labels (:func:`ecrm_lab.i18n.label`); default: the current language.

    Returns
    -------
    matplotlib Axes
    """
    import matplotlib.pyplot as plt

    from .i18n import label
    from .plotting import STAGE_COLORS

    if not isinstance(matrix, pd.DataFrame):
        raise TypeError(
            f"matrix must be a DataFrame from transition_matrix, not {type(matrix).__name__}"
        )
    bad = [str(x) for x in [*matrix.index, *matrix.columns] if x not in STAGES]
    if bad:
        raise ValueError(
            f"matrix has unknown stage label(s) {', '.join(sorted(set(bad)))}: rows and columns must be "
            f"among {', '.join(STAGES)} (use transition_matrix)"
        )
    if kind not in ("auto", "flow", "heatmap"):
        raise ValueError(f"kind must be 'auto', 'flow' or 'heatmap', got {kind!r}")
    m = matrix.reindex(index=list(STAGES), columns=list(STAGES))
    values = m.to_numpy(dtype=float)
    if (values[~np.isnan(values)] < 0).any():
        raise ValueError("matrix has negative cells: counts and shares must be ≥ 0")
    shares = matrix.attrs.get("normalize")
    if shares is None:  # not made by transition_matrix: guess from the row sums
        rs = np.nansum(values, axis=1)
        shares = bool(np.all(np.isclose(rs[rs > 0], 1.0)) and np.nanmax(values) <= 1.0)
    if kind == "auto":
        kind = "heatmap" if shares else "flow"
    if kind == "flow" and shares:
        raise ValueError(
            "a flow picture needs counts: call transition_matrix(..., normalize=False), or use kind='heatmap'"
        )
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 5))
    names = [label(s, lang=lang) for s in STAGES]
    from_name = "Giai đoạn đầu kỳ" if (lang or _lang()) == "vi" else "Stage at start"
    to_name = "Giai đoạn cuối kỳ" if (lang or _lang()) == "vi" else "Stage at end"

    if kind == "heatmap":
        top = np.nanmax(values) if np.isfinite(values).any() and np.nanmax(values) > 0 else 1.0
        ax.imshow(np.ma.masked_invalid(values), cmap="Blues", vmin=0, vmax=top)
        for i in range(len(STAGES)):
            for j in range(len(STAGES)):
                v = values[i, j]
                if np.isfinite(v):
                    if shares:
                        # a few people must not read as nobody: 0.3 % shows as "<1%", not "0%"
                        text = "<1%" if 0 < v < 0.005 else f"{v:.0%}"
                    else:
                        text = f"{int(round(v))}"
                    colour = "white" if v > 0.6 * top else "black"  # readable on dark cells
                    ax.text(j, i, text, ha="center", va="center", fontsize=9, color=colour)
        ax.set_xticks(range(len(STAGES)), names, rotation=30, ha="right")
        ax.set_yticks(range(len(STAGES)), names)
        ax.set_xlabel(to_name)
        ax.set_ylabel(from_name)
        ax.grid(False)
        return ax

    counts = np.nan_to_num(values)
    total = counts.sum()
    if total <= 0:
        raise ValueError("matrix is all zeros: there is nothing to draw")
    gap = 0.02 * total
    left_tot, right_tot = counts.sum(axis=1), counts.sum(axis=0)

    def stack(tot):
        tops, y = [], 0.0
        for v in tot:
            tops.append(y)
            y += v + (gap if v > 0 else 0)
        return np.array(tops)

    left_y, right_y = stack(left_tot), stack(right_tot)
    bar = 0.08
    x = np.linspace(bar, 1 - bar, 60)
    smooth = 0.5 - 0.5 * np.cos(np.pi * (x - bar) / (1 - 2 * bar))
    out_off = left_y.copy()
    in_off = right_y.copy()
    for i, src in enumerate(STAGES):
        for j in range(len(STAGES)):
            v = counts[i, j]
            if v <= 0:
                continue
            y0a, y1a = out_off[i], in_off[j]
            lower = y0a + (y1a - y0a) * smooth
            ax.fill_between(x, lower, lower + v, color=STAGE_COLORS[src], alpha=0.45, linewidth=0)
            out_off[i] += v
            in_off[j] += v
    for tot, ys, x0, align, xt in (
        (left_tot, left_y, 0.0, "right", -0.01),
        (right_tot, right_y, 1 - bar, "left", 1.01),
    ):
        for s, name, v, y in zip(STAGES, names, tot, ys, strict=True):
            if v <= 0:
                continue
            ax.add_patch(plt.Rectangle((x0, y), bar, v, color=STAGE_COLORS[s]))
            ax.text(xt, y + v / 2, f"{name} ({int(round(v))})", ha=align, va="center", fontsize=9)
    ax.set_xlim(-0.35, 1.35)
    ax.set_ylim(max(left_y[-1] + left_tot[-1], right_y[-1] + right_tot[-1]) + gap, -gap)
    ax.set_xticks([bar / 2, 1 - bar / 2], [from_name, to_name])
    ax.set_yticks([])
    ax.grid(False)
    for side in ("left", "right", "top", "bottom"):
        ax.spines[side].set_visible(False)
    return ax


def _lang() -> str:
    from .i18n import get_language

    return get_language()
