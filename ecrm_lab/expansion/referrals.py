"""Referrals: the referral tree and the viral coefficient."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validate import (
    as_datetimes,
    require_columns,
    require_nonempty,
    require_present,
)
from ..errors import InputError


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
    cycle = _first_cycle(df[referee_col].tolist(), df[referrer_col].tolist())
    if cycle is not None:
        row = df.index[(df[referee_col] == cycle[0]).to_numpy()][0]
        raise InputError(
            f"has a referral cycle ({' → '.join(map(repr, cycle + cycle[:1]))}, where → means "
            "'referred'): somebody in it must have joined without a referral",
            table="referrals",
            column=referee_col,
            row=row,
            fix="drop the referral of the customer who joined first in the cycle",
        )
    return df


def _first_cycle(referees: list, referrers: list) -> list | None:
    """The first chain of referrals that leads back to itself (referrer before referee), or None."""
    parent = dict(zip(referees, referrers, strict=True))
    state: dict = {}  # 1: on the current walk, 2: known to reach a root
    for start in referees:
        walk = []
        node = start
        while node in parent and node not in state:
            state[node] = 1
            walk.append(node)
            node = parent[node]
        if state.get(node) == 1:  # came back to the walk: a cycle
            return walk[walk.index(node) :][::-1]  # in the referral direction
        for n in walk:
            state[n] = 2
    return None


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
    from ..tables import prepare_customers

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
