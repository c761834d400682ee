"""Every public analysis function, walked with the same bad tables: each gets an InputError naming the
table, the column, the first bad row and the fix.

The test is a registry. ``TABLES`` describes each kind of input table (its key, date and number
columns); ``REGISTRY`` says, for each public function, which tables it takes and how to call it with a
given set of tables. ``BAD`` holds the ways to spoil a table. Adding a function (lifecycle, spin, clv)
is adding one ``Entry`` (and a ``TableSpec`` and a good table for a new kind of table).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pytest

from ecrm_lab import InputError
from ecrm_lab import acquisition as acq

AS_OF = pd.Timestamp("2030-01-01")  # passed to every function with an observation window
FUTURE = pd.Timestamp("2031-06-01")


# ------------------------------------------------------------------ the kinds of table
@dataclass(frozen=True)
class TableSpec:
    """Where to spoil a table of one kind.

    ``key``: the column (or columns) that identify a row — a missing value is spoiled in the first;
    ``date``: a date column; ``number``: a number column that the functions read; ``needed``: a column
    every function taking this table needs (dropped by the missing-column case).
    """

    key: tuple[str, ...]
    date: str | None
    number: str | None
    needed: str
    dup_column: str | None = (
        None  # the column a duplicated row is reported on (None: a compound key)
    )


TABLES: dict[str, TableSpec] = {
    "prospects": TableSpec(("prospect_id",), "first_touch_date", None, "channel", "prospect_id"),
    "touchpoints": TableSpec(("prospect_id",), "timestamp", None, "timestamp", "touchpoint_id"),
    "orders": TableSpec(("order_id",), "order_date", "amount", "order_date", "order_id"),
    "marketing_spend": TableSpec(("date", "channel"), "date", "spend", "spend", None),
    "daily": TableSpec(("date",), "date", "tv_spend", "visits", "date"),
    "journeys": TableSpec(("journey_id", "position"), None, "position", "channel", None),
    "features": TableSpec(
        ("prospect_id",), "first_touch_date", "n_touches", "converted", "prospect_id"
    ),
    "funnel": TableSpec((), None, None, "share_of_reached"),
    "attribution": TableSpec((), None, None, "channel"),
    "gains": TableSpec((), None, None, "cum_share_positives"),
    "economics": TableSpec((), None, None, "roas"),
}


# ------------------------------------------------------------------ the functions
@dataclass(frozen=True)
class Entry:
    """How to call one public function.

    ``call(t)`` calls it with the dict ``t`` of tables (all good but the one being spoiled);
    ``takes`` names the tables it reads, as it calls them in its errors; ``skip`` maps a table to the
    bad cases that do not apply to it (e.g. a function that never reads the amount).
    """

    call: Callable[[dict[str, pd.DataFrame]], Any]
    takes: tuple[str, ...]
    skip: dict[str, frozenset[str]] = field(default_factory=dict)


NO_WINDOW = frozenset({"future_dates"})  # the function has no observation window (as_of)
RESULT_TABLE = frozenset(  # a result table handed to a plot: only its shape is checked
    {"duplicated_rows", "nan_key", "future_dates", "text_in_numbers", "numbers_as_dates"}
)

REGISTRY: dict[str, Entry] = {
    "acquisition.funnel": Entry(
        lambda t: acq.funnel(
            t["prospects"], t["orders"], touchpoints=t["touchpoints"], as_of=AS_OF
        ),
        ("prospects", "orders", "touchpoints"),
        # the funnel counts orders, it does not read their amount, nor the prospects' dates
        {
            "orders": frozenset({"text_in_numbers"}),
            "prospects": frozenset({"future_dates", "numbers_as_dates"}),
        },
    ),
    "acquisition.channel_economics": Entry(
        lambda t: acq.channel_economics(
            t["prospects"], t["orders"], t["marketing_spend"], as_of=AS_OF
        ),
        ("prospects", "orders", "marketing_spend"),
    ),
    "acquisition.build_journeys": Entry(
        lambda t: acq.build_journeys(t["touchpoints"], t["orders"], as_of=AS_OF),
        ("touchpoints", "orders"),
    ),
    "acquisition.attribute": Entry(
        lambda t: acq.attribute(t["touchpoints"], t["orders"], model="linear", as_of=AS_OF),
        ("touchpoints", "orders"),
        # rule-based models read no prospect id (only the Markov model needs the non-buyers)
        {"touchpoints": frozenset({"nan_key"})},
    ),
    "acquisition.compare_attribution": Entry(
        lambda t: acq.compare_attribution(t["touchpoints"], t["orders"], as_of=AS_OF),
        ("touchpoints", "orders"),
    ),
    "acquisition.markov_removal_effects": Entry(
        lambda t: acq.markov_removal_effects(t["journeys"]), ("journeys",), {"journeys": NO_WINDOW}
    ),
    "acquisition.prospect_features": Entry(
        lambda t: acq.prospect_features(t["prospects"], t["touchpoints"], t["orders"], as_of=AS_OF),
        ("prospects", "touchpoints", "orders"),
        {"orders": frozenset({"text_in_numbers"})},
    ),
    "acquisition.score_prospects": Entry(
        lambda t: acq.score_prospects(t["features"], cutoff="2025-01-01"),
        ("features",),
        {"features": NO_WINDOW},
    ),
    "acquisition.tv_response_table": Entry(
        lambda t: acq.tv_response_table(t["prospects"], t["marketing_spend"], as_of=AS_OF),
        ("prospects", "marketing_spend"),
        # it reads each prospect's first-touch day and channel, not the prospect id
        {"prospects": frozenset({"duplicated_rows", "nan_key"})},
    ),
    "acquisition.fit_adstock": Entry(
        lambda t: acq.fit_adstock(t["daily"], as_of=AS_OF), ("daily",)
    ),
    "acquisition.plot_funnel": Entry(
        lambda t: acq.plot_funnel(t["funnel"]), ("funnel",), {"funnel": RESULT_TABLE}
    ),
    "acquisition.plot_attribution": Entry(
        lambda t: acq.plot_attribution(t["attribution"]),
        ("attribution",),
        {"attribution": RESULT_TABLE},
    ),
    "acquisition.plot_gains": Entry(
        lambda t: acq.plot_gains(t["gains"]), ("gains",), {"gains": RESULT_TABLE}
    ),
    # the lift bars read group and lift, not the cumulative share the missing-column case drops
    "acquisition.plot_lift": Entry(
        lambda t: acq.plot_lift(t["gains"]),
        ("gains",),
        {"gains": RESULT_TABLE | {"missing_column"}},
    ),
    "acquisition.plot_channel_economics": Entry(
        lambda t: acq.plot_channel_economics(t["economics"]),
        ("economics",),
        {"economics": RESULT_TABLE},
    ),
    "acquisition.plot_tv_response": Entry(
        lambda t: acq.plot_tv_response(t["daily"]), ("daily",), {"daily": RESULT_TABLE}
    ),
}
#: Public names that take no table (arrays or scalars; their own tests cover bad values) or are not
#: functions. A new public function must be in REGISTRY or here.
NOT_TABLE_FUNCTIONS = {
    "acquisition": {
        "MODELS",
        "NO_TOUCHPOINT",
        "ProspectScores",
        "AdstockFit",
        "adstock",
        "gains_table",
        "plot_adstock_grid",  # takes an AdstockFit, not a table
    },
}


# ------------------------------------------------------------------ the bad tables
def _row(df: pd.DataFrame) -> Any:
    return df.index[1]  # the row every case spoils


def _missing_column(df, spec):
    return df.drop(columns=spec.needed), ("lacks column",), spec.needed, None


def _wrong_type(df, spec):
    return df.to_numpy().tolist(), ("must be a pandas DataFrame",), None, None


def _empty(df, spec):
    return df.iloc[:0], ("is empty",), None, None


def _duplicated_rows(df, spec):
    out = pd.concat([df, df.iloc[[0]]], ignore_index=True)
    return out, ("duplicated", "more than once"), spec.dup_column, len(df)


def _nan_key(df, spec):
    col = spec.key[0]
    out = df.copy()
    out[col] = out[col].astype(object)
    out.loc[_row(df), col] = None
    return out, ("missing",), col, _row(df)


def _future_dates(df, spec):
    out = df.copy()
    out.loc[_row(df), spec.date] = FUTURE
    return out, ("after as_of",), spec.date, _row(df)


def _text_in_numbers(df, spec):
    out = df.copy()
    out[spec.number] = out[spec.number].astype(object)
    out.loc[_row(df), spec.number] = "12.000"
    return out, ("text",), spec.number, _row(df)


def _numbers_as_dates(df, spec):
    out = df.copy()
    out[spec.date] = np.arange(len(df)) + 20250101
    return out, ("must hold dates",), spec.date, None


BAD: dict[str, Callable] = {
    "missing_column": _missing_column,
    "wrong_type": _wrong_type,
    "empty": _empty,
    "duplicated_rows": _duplicated_rows,
    "nan_key": _nan_key,
    "future_dates": _future_dates,
    "text_in_numbers": _text_in_numbers,
    "numbers_as_dates": _numbers_as_dates,
}


def _applies(kind: str, spec: TableSpec) -> bool:
    if kind in ("duplicated_rows", "nan_key"):
        return bool(spec.key)
    if kind in ("future_dates", "numbers_as_dates"):
        return spec.date is not None
    if kind == "text_in_numbers":
        return spec.number is not None
    return True


def _cases():
    for name, entry in REGISTRY.items():
        for table in entry.takes:
            spec = TABLES[table]
            for kind in BAD:
                if _applies(kind, spec) and kind not in entry.skip.get(table, frozenset()):
                    yield pytest.param(name, table, kind, id=f"{name}-{table}-{kind}")


# ------------------------------------------------------------------ the good tables
@pytest.fixture(scope="module")
def good(tiny_shop) -> dict[str, pd.DataFrame]:
    s = tiny_shop
    t = {
        "prospects": s.prospects,
        "touchpoints": s.touchpoints,
        "orders": s.orders,
        "marketing_spend": s.marketing_spend,
    }
    t["daily"] = acq.tv_response_table(s.prospects, s.marketing_spend)
    t["journeys"] = acq.build_journeys(s.touchpoints, s.orders)[
        ["journey_id", "channel", "position", "converted"]
    ]
    t["features"] = acq.prospect_features(s.prospects, s.touchpoints, s.orders)
    t["funnel"] = acq.funnel(s.prospects, s.orders)
    t["attribution"] = acq.compare_attribution(s.touchpoints, s.orders, models=["linear"])
    t["gains"] = acq.score_prospects(t["features"], cutoff="2025-01-01").gains
    t["economics"] = acq.channel_economics(s.prospects, s.orders, s.marketing_spend)
    return {k: v.reset_index(drop=True) for k, v in t.items()}


def test_every_public_function_is_in_the_registry():
    for module, names in [("acquisition", acq.__all__)]:
        listed = {n.split(".", 1)[1] for n in REGISTRY if n.startswith(module + ".")}
        assert set(names) - listed - NOT_TABLE_FUNCTIONS[module] == set()


@pytest.mark.parametrize("name", list(REGISTRY))
def test_good_tables_pass(good, name):
    import matplotlib.pyplot as plt

    REGISTRY[name].call(dict(good))  # the bad cases below fail for their spoiled table only
    plt.close("all")


@pytest.mark.parametrize(("name", "table", "kind"), list(_cases()))
def test_bad_table_gets_an_input_error(good, name, table, kind):
    bad, words, column, row = BAD[kind](good[table], TABLES[table])
    tables = {**good, table: bad}
    with pytest.raises(InputError) as info:
        REGISTRY[name].call(tables)
    err = info.value
    assert err.table == table, str(err)
    assert any(w in err.problem for w in words), str(err)
    if column is not None:
        assert err.column == column, str(err)
    if row is not None:
        assert err.row == row, str(err)
    assert err.fix, str(err)
