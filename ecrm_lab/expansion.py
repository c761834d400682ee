"""Customer expansion: re-sell (reminders), cross-sell (association rules), up-sell (tiers), referrals.

The expansion stage of the e-customer lifecycle grows the value of customers one already has:

* **re-sell** — :func:`interpurchase_times` and :func:`next_purchase_reminders`: each customer's
  usual gap between purchases and the day the next one is due;
* **cross-sell** — :func:`association_rules` (mlxtend's FP-growth or Apriori underneath) and
  :func:`recommend`: "customers who bought {A, B} also bought C", with support, confidence, lift;
* **up-sell** — :func:`tier_transitions`: how often a customer's next purchase in a subcategory is
  in a dearer price tier;
* **referrals** — :func:`referral_tree` and :func:`viral_coefficient`: who brought whom, in how
  many generations, and how many new customers each customer brings.

Written by hand: the reminders, tier transitions and referral tree (a few lines of pandas each); the
frequent itemsets come from mlxtend.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from ._docs import fill_doc
from ._validate import (
    as_datetimes,
    as_timestamp,
    require_columns,
    require_nonempty,
    require_present,
)
from .errors import InputError

__all__ = [
    "interpurchase_times",
    "next_purchase_reminders",
    "baskets_from_items",
    "association_rules",
    "recommend",
    "tier_transitions",
    "referral_tree",
    "viral_coefficient",
]


def _purchase_days(orders, *, as_of, customer_col, date_col, status_col) -> pd.DataFrame:
    """Distinct (customer, day) purchases, sorted: columns ``c`` and ``d``."""
    from . import vocabulary
    from .tables import prepare_orders

    use_status = (
        status_col is not None and isinstance(orders, pd.DataFrame) and status_col in orders
    )
    end = None
    if as_of is not None:
        end = (
            as_timestamp(as_of, "as_of").normalize() + pd.Timedelta(days=1) - pd.Timedelta(1, "ns")
        )
    df = prepare_orders(
        orders,
        order_col=None,
        customer_col=customer_col,
        date_col=date_col,
        amount_col=None,
        status_col=status_col if use_status else None,
        require=("customer", "date") + (("status",) if use_status else ()),
        as_of=end,
    )
    if use_status:
        df = df[df[status_col].astype("string").isin(vocabulary.codes("status", "purchase"))]
        if df.empty:
            raise InputError(
                "has no completed order",
                table="orders",
                column=status_col,
                fix="pass orders with status 'completed', or status_col=None to count every row",
            )
    days = pd.DataFrame({"c": df[customer_col].to_numpy(), "d": df[date_col].dt.normalize()})
    return days.drop_duplicates().sort_values(["c", "d"], ignore_index=True)


@fill_doc
def interpurchase_times(
    orders: pd.DataFrame,
    *,
    as_of: Any = None,
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    status_col: str | None = "status",
) -> pd.DataFrame:
    """The gap in days between each purchase and the customer's previous one.

    Purchases are completed orders (when ``status_col`` is present) merged by day: two orders on one
    day are one purchase, so a gap is always ≥ 1 day.

    Parameters
    ----------
    orders : DataFrame
        One row per order: ``customer_col`` (id), ``date_col`` (date, none after ``as_of``),
        optionally ``status_col``.
    as_of : date-like, optional
        The observation date; default: no limit.
    {customer_col}
    {date_col}
    status_col : str or None, default "status"
        Order status column; None (or absent) counts every row.

    Returns
    -------
    DataFrame
        One row per repeat purchase: ``customer_col``, ``purchase_no`` (int, 2 = the second purchase),
        ``previous_date``, ``purchase_date`` (datetime64) and ``gap_days`` (int ≥ 1).

    Raises
    ------
    InputError
        Missing column, empty table, missing ids, unreadable or late dates, no completed order.

    Examples
    --------
    >>> o = pd.DataFrame({"customer_id": ["a", "a", "a", "b"],
    ...     "order_date": ["2025-01-01", "2025-01-11", "2025-01-31", "2025-01-05"]})
    >>> interpurchase_times(o)[["customer_id", "purchase_no", "gap_days"]]
      customer_id  purchase_no  gap_days
    0           a            2        10
    1           a            3        20
    """
    days = _purchase_days(
        orders, as_of=as_of, customer_col=customer_col, date_col=date_col, status_col=status_col
    )
    prev = days.groupby("c")["d"].shift()
    out = pd.DataFrame(
        {
            customer_col: days["c"],
            "purchase_no": days.groupby("c").cumcount() + 1,
            "previous_date": prev,
            "purchase_date": days["d"],
        }
    )
    out = out[prev.notna().to_numpy()].reset_index(drop=True)
    out["gap_days"] = (out["purchase_date"] - out["previous_date"]).dt.days.astype(np.int64)
    out["purchase_no"] = out["purchase_no"].astype(np.int64)
    return out


@fill_doc
def next_purchase_reminders(
    orders: pd.DataFrame,
    *,
    as_of: Any,
    lead_days: int = 3,
    min_purchases: int = 2,
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    status_col: str | None = "status",
) -> pd.DataFrame:
    """When each repeat customer's next purchase is due, from their median gap between purchases.

    ``due_date = last purchase + median gap`` (gaps of :func:`interpurchase_times`); the reminder
    goes out ``lead_days`` before it. Customers with fewer than ``min_purchases`` purchase days have
    no gap to learn from and are left out.

    Parameters
    ----------
    orders : DataFrame
        One row per order: ``customer_col``, ``date_col`` (none after ``as_of``), optionally
        ``status_col``.
    {as_of}
    lead_days : int, default 3
        Days before the due date the reminder is sent (≥ 0).
    min_purchases : int, default 2
        Purchase days a customer needs (≥ 2).
    {customer_col}
    {date_col}
    status_col : str or None, default "status"
        Order status column; None (or absent) counts every row.

    Returns
    -------
    DataFrame
        Indexed by customer (sorted): ``n_purchases`` (int, purchase days), ``last_purchase``,
        ``median_gap_days`` (float), ``due_date``, ``remind_on`` (datetime64, the due date rounded
        down to a day, minus ``lead_days``), ``days_until_due`` (int, negative when overdue) and
        ``overdue`` (bool, the due date is before ``as_of``).

    Raises
    ------
    InputError
        As :func:`interpurchase_times`.
    ValueError
        Negative ``lead_days`` or ``min_purchases`` below 2.

    Examples
    --------
    >>> o = pd.DataFrame({"customer_id": ["a", "a", "a", "b"],
    ...     "order_date": ["2025-01-01", "2025-01-11", "2025-01-31", "2025-01-05"]})
    >>> r = next_purchase_reminders(o, as_of="2025-02-10", lead_days=2)
    >>> r[["median_gap_days", "due_date", "remind_on", "days_until_due"]]  # doctest: +NORMALIZE_WHITESPACE
                 median_gap_days   due_date  remind_on  days_until_due
    customer_id
    a                       15.0 2025-02-15 2025-02-13               5
    """
    if int(lead_days) < 0 or int(min_purchases) < 2:
        raise ValueError("need lead_days >= 0 and min_purchases >= 2")
    gaps = interpurchase_times(
        orders, as_of=as_of, customer_col=customer_col, date_col=date_col, status_col=status_col
    )
    end = as_timestamp(as_of, "as_of").normalize()
    g = gaps.groupby(customer_col, sort=True)
    out = pd.DataFrame(
        {
            "n_purchases": (g.size() + 1).astype(np.int64),
            "last_purchase": g["purchase_date"].max(),
            "median_gap_days": g["gap_days"].median().astype(float),
        }
    )
    out = out[out["n_purchases"] >= int(min_purchases)]
    out["due_date"] = (
        out["last_purchase"] + pd.to_timedelta(out["median_gap_days"], unit="D")
    ).dt.floor("D")
    out["remind_on"] = out["due_date"] - pd.Timedelta(days=int(lead_days))
    out["days_until_due"] = (out["due_date"] - end).dt.days.astype(np.int64)
    out["overdue"] = out["days_until_due"] < 0
    return out


# ------------------------------------------------------------------------------ cross-sell
def baskets_from_items(
    order_items: pd.DataFrame, *, order_col: str = "order_id", product_col: str = "product_id"
) -> pd.Series:
    """The basket (sorted distinct items) of every order, from an order-lines table.

    Parameters
    ----------
    order_items : DataFrame
        One row per line: ``order_col`` (id) and ``product_col`` (the item: a product id, a
        subcategory, …).
    order_col, product_col : str
        Column names.

    Returns
    -------
    pandas.Series
        Indexed by order (sorted), each value a tuple of the order's distinct items (sorted).

    Raises
    ------
    InputError
        Missing column, empty table, missing order or item.

    Examples
    --------
    >>> items = pd.DataFrame({"order_id": [1, 1, 2, 1], "product_id": ["tea", "milk", "tea", "tea"]})
    >>> baskets_from_items(items).tolist()
    [('milk', 'tea'), ('tea',)]
    """
    from .tables import prepare_order_items

    df = prepare_order_items(
        order_items,
        order_col=order_col,
        product_col=product_col,
        line_col=None,
        quantity_col=None,
        price_col=None,
        amount_col=None,
        require=("order", "product"),
    )
    return df.groupby(order_col, sort=True)[product_col].agg(lambda s: tuple(sorted(set(s))))


#: Baskets × items above which the one-hot table is sparse (dense: 1 byte per cell).
_DENSE_LIMIT = 50_000_000


def _check_baskets(baskets: Any) -> list[tuple]:
    if isinstance(baskets, pd.DataFrame):
        raise InputError(
            "is a table; association_rules takes one basket (a list of items) per transaction",
            table="baskets",
            fix="turn an order-lines table into baskets with baskets_from_items(order_items)",
        )
    if isinstance(baskets, str | bytes) or not isinstance(baskets, Iterable):
        raise InputError(
            f"must be a list of baskets, not {type(baskets).__name__}",
            table="baskets",
            fix="pass e.g. [['milk', 'bread'], ['milk']] or a Series of lists",
        )
    index = baskets.index if isinstance(baskets, pd.Series) else None
    out = []
    for i, b in enumerate(baskets):
        row = index[i] if index is not None else i
        if isinstance(b, str | bytes) or not isinstance(
            b, list | tuple | set | frozenset | np.ndarray
        ):
            raise InputError(
                f"holds a {type(b).__name__} where a list of items belongs (e.g. {b!r})",
                table="baskets",
                row=row,
                fix="every basket is a list of items, e.g. ['milk', 'bread'] — split text "
                "with str.split(',')",
            )
        items = tuple(b)
        if any(x is None or (isinstance(x, float) and np.isnan(x)) for x in items):
            raise InputError(
                "holds a missing item", table="baskets", row=row, fix="drop the missing items"
            )
        out.append(tuple(sorted(set(map(str, items)))))
    if not out:
        raise InputError("is empty", table="baskets", fix="pass at least one basket")
    if not any(out):
        raise InputError("holds only empty baskets", table="baskets", fix="pass baskets with items")
    return out


def association_rules(
    baskets: Any,
    *,
    min_support: float,
    min_confidence: float,
    min_lift: float | None = None,
    max_len: int | None = None,
    single_consequent: bool = True,
    algorithm: str = "fpgrowth",
) -> pd.DataFrame:
    """Association rules {antecedents} → {consequents} of a set of baskets.

    Frequent itemsets come from mlxtend's ``fpgrowth`` (or ``apriori``), the rules from mlxtend's
    ``association_rules`` (over all transactions, including empty baskets). By default only rules
    with one item on the right are kept, as R's ``arules::apriori`` reports them; with
    ``single_consequent=False`` every split of every frequent itemset is a candidate.

    Definitions over N baskets: ``support(X) = #baskets containing X / N``; ``support`` of the rule
    = support(A ∪ C); ``confidence = support(A ∪ C) / support(A)``; ``lift = confidence /
    support(C)`` (1 = independent, > 1 = bought together more than by chance).

    Parameters
    ----------
    baskets : list of lists, or pandas.Series of lists
        One basket (list, tuple or set of items) per transaction; items are compared as text. Build
        them from an order-lines table with :func:`baskets_from_items`.
    min_support : float
        Smallest support of the rule's itemset, in (0, 1].
    min_confidence : float
        Smallest confidence, in [0, 1].
    min_lift : float, optional
        Smallest lift (e.g. 1 to keep positive associations only).
    max_len : int, optional
        Largest itemset (antecedents + consequents) considered.
    single_consequent : bool, default True
        Keep only rules with one consequent item.
    algorithm : {"fpgrowth", "apriori"}
        The mlxtend algorithm (same result, different speed).

    Returns
    -------
    DataFrame
        One row per rule, sorted by lift, then confidence (descending): ``antecedents`` and
        ``consequents`` (tuples of sorted items), ``rule`` (str, ``"{a, b} -> {c}"``),
        ``antecedent_support``, ``consequent_support``, ``support``, ``confidence``, ``lift``
        (float) and ``count`` (int, baskets holding the whole rule).

    Raises
    ------
    InputError
        Baskets that are not a list of lists of items (a table, text, a number), missing items.
    ValueError
        ``min_support`` outside (0, 1], ``min_confidence`` outside [0, 1], an unknown algorithm.

    Examples
    --------
    >>> baskets = [["milk", "bread"], ["milk", "bread", "butter"], ["milk"], ["bread", "butter"]]
    >>> rules = association_rules(baskets, min_support=0.5, min_confidence=0.6)
    >>> rules[["rule", "support", "confidence", "lift"]]  # doctest: +NORMALIZE_WHITESPACE
                    rule  support  confidence      lift
    0  {butter} -> {bread}      0.5    1.000000  1.333333
    1  {bread} -> {butter}      0.5    0.666667  1.333333
    2    {bread} -> {milk}      0.5    0.666667  0.888889
    3    {milk} -> {bread}      0.5    0.666667  0.888889
    """
    from mlxtend.frequent_patterns import apriori, fpgrowth
    from mlxtend.frequent_patterns import association_rules as mx_rules
    from mlxtend.preprocessing import TransactionEncoder

    for name, value, lo_open in (
        ("min_support", min_support, True),
        ("min_confidence", min_confidence, False),
    ):
        ok = isinstance(value, int | float) and not isinstance(value, bool) and np.isfinite(value)
        if not ok or not ((0 < value) if lo_open else (0 <= value)) or value > 1:
            interval = "(0, 1]" if lo_open else "[0, 1]"
            raise ValueError(f"{name} must be a number in {interval}, got {value!r}")
    if algorithm not in ("fpgrowth", "apriori"):
        raise ValueError(f"algorithm must be 'fpgrowth' or 'apriori', got {algorithm!r}")
    rows = _check_baskets(baskets)
    n = len(rows)
    enc = TransactionEncoder()
    enc.fit(rows)
    if n * len(enc.columns_) > _DENSE_LIMIT:  # a large basket table: a sparse one-hot matrix
        matrix = enc.transform(rows, sparse=True)
        onehot = pd.DataFrame.sparse.from_spmatrix(matrix, columns=enc.columns_)
    else:
        onehot = pd.DataFrame(enc.transform(rows), columns=enc.columns_)
    find = fpgrowth if algorithm == "fpgrowth" else apriori
    itemsets = find(onehot, min_support=float(min_support), use_colnames=True, max_len=max_len)
    columns = [
        "antecedents", "consequents", "rule", "antecedent_support", "consequent_support",
        "support", "confidence", "lift", "count",
    ]  # fmt: skip
    if itemsets.empty or itemsets["itemsets"].map(len).max() < 2:
        return pd.DataFrame(columns=columns)
    rules = mx_rules(
        itemsets, num_itemsets=n, metric="confidence", min_threshold=float(min_confidence)
    )
    if single_consequent:
        rules = rules[rules["consequents"].map(len) == 1]
    if min_lift is not None:
        rules = rules[rules["lift"] >= float(min_lift)]
    out = pd.DataFrame(
        {
            "antecedents": rules["antecedents"].map(lambda s: tuple(sorted(s))),
            "consequents": rules["consequents"].map(lambda s: tuple(sorted(s))),
        }
    )
    out["rule"] = [
        "{" + ", ".join(a) + "} -> {" + ", ".join(c) + "}"
        for a, c in zip(out["antecedents"], out["consequents"], strict=True)
    ]
    for col in ("antecedent support", "consequent support", "support", "confidence", "lift"):
        out[col.replace(" ", "_")] = rules[col].astype(float).to_numpy()
    out["count"] = np.rint(out["support"] * n).astype(np.int64)
    out = out.sort_values(
        ["lift", "confidence", "support", "rule"], ascending=[False, False, False, True]
    )
    return out.reset_index(drop=True)[columns]


def recommend(basket: Iterable[Any], rules: pd.DataFrame, k: int = 3) -> pd.DataFrame:
    """The ``k`` best items to suggest for a basket, from association rules.

    A rule applies when all its antecedents are in the basket; each of its consequents not yet in
    the basket is a candidate. Each item keeps its best applicable rule (highest lift, then
    confidence); items are ranked the same way.

    Parameters
    ----------
    basket : iterable of items
        What the customer has (items compared as text).
    rules : DataFrame
        From :func:`association_rules` (``antecedents``, ``consequents``, ``confidence``, ``lift``).
    k : int, default 3
        Number of suggestions (≥ 1).

    Returns
    -------
    DataFrame
        Up to ``k`` rows: ``item`` (str), ``confidence``, ``lift`` (float) and ``rule`` (str, the
        rule that suggested it). Empty when no rule applies.

    Raises
    ------
    InputError
        ``rules`` without the columns of :func:`association_rules`, a basket given as text.
    ValueError
        ``k`` < 1.

    Examples
    --------
    >>> baskets = [["milk", "bread"], ["milk", "bread", "butter"], ["milk"], ["bread", "butter"]]
    >>> rules = association_rules(baskets, min_support=0.5, min_confidence=0.6)
    >>> recommend(["bread"], rules, k=2)["item"].tolist()
    ['butter', 'milk']
    """
    if int(k) < 1:
        raise ValueError(f"k must be >= 1, got {k!r}")
    if isinstance(basket, str | bytes) or not isinstance(basket, Iterable):
        raise InputError(
            f"must be a list of items, not {type(basket).__name__} {basket!r}",
            table="basket",
            fix="pass e.g. ['milk', 'bread']",
        )
    require_columns(rules, ["antecedents", "consequents", "confidence", "lift"], table="rules")
    have = set(map(str, basket))
    cands = []
    for a, c, conf, lift in rules[["antecedents", "consequents", "confidence", "lift"]].itertuples(
        index=False
    ):
        if set(a) <= have:
            rule = "{" + ", ".join(a) + "} -> {" + ", ".join(c) + "}"
            cands += [(item, float(conf), float(lift), rule) for item in c if item not in have]
    out = pd.DataFrame(cands, columns=["item", "confidence", "lift", "rule"])
    out = out.sort_values(["lift", "confidence", "item"], ascending=[False, False, True])
    return out.drop_duplicates("item").head(int(k)).reset_index(drop=True)


# -------------------------------------------------------------------------------- up-sell
def tier_transitions(
    purchases: pd.DataFrame,
    *,
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    tier_col: str = "tier",
    group_col: str | None = "subcategory",
    normalize: bool = True,
) -> pd.DataFrame:
    """How the price tier of a customer's next purchase compares with the previous one (up-sell).

    Within each customer (and ``group_col``, e.g. subcategory: a premium phone case after a basic
    phone is not an up-sell), purchases are ordered by date and each consecutive pair counts one
    transition ``from`` tier → ``to`` tier. Several items on one day: each pair across consecutive
    days counts (all items of the earlier day to all items of the later day) — pass one row per
    purchase day and group if you want otherwise.

    Parameters
    ----------
    purchases : DataFrame
        One row per purchased item: ``customer_col`` (id), ``date_col`` (date), ``tier_col``
        (label, e.g. the ``tier`` vocabulary ``basic``/``standard``/``premium``) and ``group_col``.
    customer_col, date_col, tier_col : str
        Column names.
    group_col : str or None, default "subcategory"
        Transitions are counted within a group; None: across all purchases of a customer.
    normalize : bool, default True
        Shares of each ``from`` row (rows sum to 1) instead of counts.

    Returns
    -------
    DataFrame
        Square, index ``from`` and columns ``to``: the tiers in vocabulary order (kind ``tier``)
        when all are codes of it, else sorted. ``attrs["upsell_share"]`` is the share of
        transitions to a dearer tier (vocabulary order only), ``attrs["n_transitions"]`` their
        number.

    Raises
    ------
    InputError
        Missing column, empty table, missing values, unreadable dates, no customer with two
        purchases.

    Examples
    --------
    >>> p = pd.DataFrame({"customer_id": ["a", "a", "a", "b", "b"],
    ...     "order_date": ["2025-01-01", "2025-02-01", "2025-03-01", "2025-01-01", "2025-02-01"],
    ...     "tier": ["basic", "standard", "standard", "premium", "basic"]})
    >>> tier_transitions(p, group_col=None, normalize=False)  # doctest: +NORMALIZE_WHITESPACE
    to        basic  standard  premium
    from
    basic         0         1        0
    standard      0         1        0
    premium       1         0        0
    """
    from . import vocabulary
    from .tables import prepare_orders

    cols = [customer_col, date_col, tier_col] + ([group_col] if group_col else [])
    require_columns(purchases, cols, table="purchases")
    purchases = prepare_orders(
        purchases,
        order_col=None,
        customer_col=customer_col,
        date_col=date_col,
        amount_col=None,
        status_col=None,
        require=("customer", "date"),
        table="purchases",
    )
    for c in cols[2:]:
        require_present(purchases[c], table="purchases", column=c, what="value")
    day = purchases[date_col].dt.normalize()
    df = pd.DataFrame(
        {
            "k": list(
                zip(*[purchases[c] for c in cols if c not in (date_col, tier_col)], strict=True)
            ),
            "d": day.to_numpy(),
            "t": purchases[tier_col].astype(str).to_numpy(),
        }
    ).drop_duplicates()
    days = df[["k", "d"]].drop_duplicates().sort_values(["k", "d"])
    days["next"] = days.groupby("k")["d"].shift(-1)
    days = days.dropna(subset=["next"])
    pairs = days.merge(df, on=["k", "d"]).merge(
        df.rename(columns={"d": "next", "t": "t_next"}), on=["k", "next"]
    )
    if pairs.empty:
        raise InputError(
            "has no customer with purchases on two different days"
            + (f" in one {group_col}" if group_col else ""),
            table="purchases",
            column=customer_col,
            fix="pass a longer period, or group_col=None",
        )
    known = list(vocabulary.codes("tier"))
    seen = set(pairs["t"]) | set(pairs["t_next"])
    order = [t for t in known if t in set(df["t"])] if seen <= set(known) else sorted(set(df["t"]))
    counts = pd.crosstab(pairs["t"], pairs["t_next"]).reindex(
        index=order, columns=order, fill_value=0
    )
    counts.index.name, counts.columns.name = "from", "to"
    out = (
        counts.div(counts.sum(axis=1).replace(0, np.nan), axis=0).fillna(0.0)
        if normalize
        else counts
    )
    out.attrs["n_transitions"] = int(counts.to_numpy().sum())
    if seen <= set(known):
        rank = {t: i for i, t in enumerate(known)}
        up = (pairs["t_next"].map(rank) > pairs["t"].map(rank)).mean()
        out.attrs["upsell_share"] = float(up)
    return out


# ------------------------------------------------------------------------------- referrals
def _check_referrals(referrals, referrer_col, referee_col, date_col) -> pd.DataFrame:
    cols = [referrer_col, referee_col] + ([date_col] if date_col else [])
    require_columns(referrals, cols, table="referrals")
    require_nonempty(referrals, table="referrals")
    for c in (referrer_col, referee_col):
        require_present(referrals[c], table="referrals", column=c, what="id")
    df = referrals.copy()
    if date_col:
        df[date_col] = as_datetimes(df[date_col], table="referrals", column=date_col)
    dup = df[referee_col].duplicated().to_numpy()
    if dup.any():
        raise InputError(
            f"names {df[referee_col].to_numpy()[dup][0]!r} as the referee of two referrals",
            table="referrals",
            column=referee_col,
            row=df.index[dup][0],
            fix="a customer is referred once: keep the first referral of each referee",
        )
    self_ref = (df[referrer_col] == df[referee_col]).to_numpy()
    if self_ref.any():
        raise InputError(
            "has a customer who referred themself",
            table="referrals",
            column=referee_col,
            row=df.index[self_ref][0],
            fix="drop self-referrals",
        )
    return df


def referral_tree(
    referrals: pd.DataFrame,
    *,
    referrer_col: str = "referrer_id",
    referee_col: str = "referee_id",
    date_col: str | None = "date",
) -> pd.DataFrame:
    """Everyone in the referral chains: who started their chain, in which generation, whom they brought.

    Generation 0 holds the customers who were not referred but referred someone (the roots);
    a referee is one generation below their referrer.

    Parameters
    ----------
    referrals : DataFrame
        One row per successful referral: ``referrer_col`` (the existing customer), ``referee_col``
        (the new customer; each referred at most once, never by themself), ``date_col`` (date of
        the referral, optional).
    referrer_col, referee_col : str
        Column names.
    date_col : str or None, default "date"
        Date column (only checked); None when the table has none.

    Returns
    -------
    DataFrame
        Indexed by person (``customer_id``, sorted): ``referred_by`` (the referrer; missing for roots),
        ``root`` (the root of the chain), ``generation`` (int, 0 = root), ``n_referred`` (int,
        direct referees) and ``n_descendants`` (int, everyone below them).

    Raises
    ------
    InputError
        Missing column, empty table, missing ids, unreadable dates, a referee referred twice, a
        self-referral, a cycle (A referred B who referred A).

    Examples
    --------
    >>> r = pd.DataFrame({"referrer_id": ["a", "a", "b"], "referee_id": ["b", "c", "d"]})
    >>> referral_tree(r, date_col=None)  # doctest: +NORMALIZE_WHITESPACE
                referred_by root  generation  n_referred  n_descendants
    customer_id
    a                   NaN    a           0           2              3
    b                     a    a           1           1              1
    c                     a    a           1           0              0
    d                     b    a           2           0              0
    """
    df = _check_referrals(referrals, referrer_col, referee_col, date_col)
    parent = dict(zip(df[referee_col], df[referrer_col], strict=True))
    people = sorted(set(parent) | set(parent.values()), key=str)
    root, gen = {}, {}
    for p in people:
        chain, node = [], p
        while node in parent and node not in gen:
            chain.append(node)
            node = parent[node]
            if node in chain or node == p:
                raise InputError(
                    f"has a cycle of referrals through {p!r}",
                    table="referrals",
                    column=referee_col,
                    fix="a referee must be a new customer; drop the referral that closes the loop",
                )
        base_root, base_gen = (root[node], gen[node]) if node in gen else (node, 0)
        root.setdefault(node, base_root)
        gen.setdefault(node, base_gen)
        for depth, q in enumerate(reversed(chain), start=1):
            root[q], gen[q] = base_root, base_gen + depth
    n_direct = df[referrer_col].value_counts()
    desc = dict.fromkeys(people, 0)
    for p in sorted(people, key=lambda q: -gen[q]):
        if p in parent:
            desc[parent[p]] += 1 + desc[p]
    out = pd.DataFrame(
        {
            "referred_by": [parent.get(p) for p in people],
            "root": [root[p] for p in people],
            "generation": np.array([gen[p] for p in people], dtype=np.int64),
            "n_referred": np.array([int(n_direct.get(p, 0)) for p in people], dtype=np.int64),
            "n_descendants": np.array([desc[p] for p in people], dtype=np.int64),
        },
        index=pd.Index(people, name="customer_id"),
    )
    return out


def viral_coefficient(
    referrals: pd.DataFrame,
    customers: pd.DataFrame,
    *,
    referrer_col: str = "referrer_id",
    referee_col: str = "referee_id",
    date_col: str | None = "date",
    customer_col: str = "customer_id",
) -> pd.Series:
    """The viral coefficient K: new customers brought in by referral per existing customer.

    ``K = referees / customers``: with K = 0.2, every 10 customers bring 2 more, who bring 0.4, …
    — a base of N grows to about N / (1 − K) through referrals alone when K < 1.

    Parameters
    ----------
    referrals : DataFrame
        As in :func:`referral_tree`.
    customers : DataFrame
        One row per customer: ``customer_col`` (key). Every referrer and referee must be a customer.
    referrer_col, referee_col : str
        Column names of ``referrals``.
    date_col : str or None, default "date"
        Date column of ``referrals`` (only checked); None when it has none.
    customer_col : str, default "customer_id"
        Key column of ``customers``.

    Returns
    -------
    pandas.Series
        ``n_customers``, ``n_referrers`` (customers who referred someone), ``n_referred``,
        ``k_factor`` (``n_referred / n_customers``, also the share of customers who came by
        referral) and ``amplification`` (``1 / (1 − K)`` for K < 1, else inf: customers per
        customer not referred, ``n_customers / (n_customers − n_referred)``).

    Raises
    ------
    InputError
        As :func:`referral_tree` and :func:`~ecrm_lab.tables.prepare_customers`, and a referrer or
        referee who is not in ``customers``.

    Examples
    --------
    >>> r = pd.DataFrame({"referrer_id": ["a", "a", "b"], "referee_id": ["b", "c", "d"]})
    >>> c = pd.DataFrame({"customer_id": list("abcdefghij")})
    >>> viral_coefficient(r, c, date_col=None)[["n_referred", "k_factor"]].tolist()
    [3.0, 0.3]
    """
    from .tables import prepare_customers

    df = _check_referrals(referrals, referrer_col, referee_col, date_col)
    base = prepare_customers(customers, customer_col=customer_col, date_col=None, channel_col=None)
    known = set(base[customer_col])
    for c in (referrer_col, referee_col):
        bad = ~df[c].isin(known).to_numpy()
        if bad.any():
            raise InputError(
                f"has {int(bad.sum())} id(s) that are not in customers (e.g. {df[c].to_numpy()[bad][0]!r})",
                table="referrals",
                column=c,
                row=df.index[bad][0],
                fix="pass the customers table that holds everyone in the referrals",
            )
    n, k_ref = len(base), len(df)
    k = k_ref / n
    return pd.Series(
        {
            "n_customers": float(n),
            "n_referrers": float(df[referrer_col].nunique()),
            "n_referred": float(k_ref),
            "k_factor": k,
            "amplification": 1 / (1 - k) if k < 1 else float("inf"),
        }
    )
