"""Cross-sell: baskets, association rules (mlxtend underneath) and recommendations."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from .._validate import (
    require_columns,
)
from ..errors import InputError


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
    from ..tables import prepare_order_items

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
