"""The project's vocabulary: every code the simulator and the analysis use, with its labels.

Channels, product categories, lifecycle stages, payment methods, order statuses, devices, touchpoint
kinds, SPIN question types, personas, … are defined once, as data, in ``ecrm_lab/data/vocabulary/``:

* ``kinds.csv`` — one row per kind: ``kind``, ``ordered`` (1 when the row order of the kind means
  something, e.g. lifecycle stages; 0 when it is only a display order), ``flags`` (space-separated
  names of the kind's flag columns) and ``description``;
* ``<kind>.csv`` — one row per code: ``code`` (the value stored in the tables), ``order`` (1, 2, …),
  ``vi`` and ``en`` (labels), one 0/1 column per flag (e.g. ``channel.csv`` has ``acquisition``,
  ``touch``, ``spend``, ``click``, ``event``, ``social``, ``paid``, ``organic``) and possibly other
  attribute columns (e.g. ``category.csv`` has ``chat_topic`` and ``brand_suffix``);
* ``aliases.csv`` — other spellings of a code: ``alias``, ``kind``, ``code``;
* ``glossary.csv`` — the course glossary, read by :func:`ecrm_lab.i18n.glossary`.

Every function returns a fresh copy, so changing what it returns never changes the vocabulary.

Examples
--------
>>> from ecrm_lab import vocabulary
>>> vocabulary.codes("stage")
('selection', 'acquisition', 'retention', 'expansion', 'lapsed')
>>> vocabulary.codes("channel", subset="click")
('paid_search', 'facebook', 'tiktok', 'zalo', 'email', 'affiliate')
>>> vocabulary.labels("status", lang="en")["cancelled"]
'cancelled'
>>> vocabulary.table("spin_type")[["code", "spin"]].to_dict("list")
{'code': ['S', 'P', 'I', 'N', 'other'], 'spin': [True, True, True, True, False]}
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

__all__ = ["kinds", "table", "codes", "labels", "flags", "aliases", "glossary_table"]

_PACKAGE = "ecrm_lab"
_FOLDER = ("data", "vocabulary")
#: Columns every ``<kind>.csv`` has, in this order.
_BASE_COLUMNS = ("code", "order", "vi", "en")


def _read_csv(name: str) -> pd.DataFrame:
    import pandas as pd

    path = resources.files(_PACKAGE).joinpath(*_FOLDER, name)
    with path.open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)


@functools.lru_cache(maxsize=1)
def _kinds() -> pd.DataFrame:
    df = _read_csv("kinds.csv")
    df["ordered"] = df["ordered"].map({"1": True, "0": False})
    return df.set_index("kind")


def _check_kind(kind: object) -> str:
    known = _kinds().index
    if isinstance(kind, str) and kind in known:
        return kind
    close = difflib.get_close_matches(str(kind), list(known), n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise ValueError(
        f"unknown vocabulary kind {kind!r}: {hint}the kinds are {', '.join(known)} "
        "(see ecrm_lab/data/vocabulary/kinds.csv)"
    )


@functools.cache
def _table(kind: str) -> pd.DataFrame:
    df = _read_csv(f"{kind}.csv")
    missing = [c for c in _BASE_COLUMNS if c not in df.columns]
    if missing or list(df.columns[:4]) != list(_BASE_COLUMNS):
        raise RuntimeError(f"vocabulary file {kind}.csv must start with columns {_BASE_COLUMNS}")
    if df["code"].duplicated().any() or (df["code"] == "").any():
        raise RuntimeError(f"vocabulary file {kind}.csv has empty or duplicated codes")
    df["order"] = df["order"].astype("int64")
    for flag in _flag_names(kind):
        if not set(df[flag]) <= {"0", "1"}:
            raise RuntimeError(f"vocabulary file {kind}.csv: flag column {flag!r} must hold 0 or 1")
        df[flag] = df[flag] == "1"
    return df.sort_values("order", kind="stable").reset_index(drop=True)


def _flag_names(kind: str) -> tuple[str, ...]:
    return tuple(_kinds().at[kind, "flags"].split())


def kinds() -> pd.DataFrame:
    """Return the kinds of code in the vocabulary.

    Returns
    -------
    pandas.DataFrame
        One row per kind: ``kind`` (str, e.g. ``"channel"``), ``ordered`` (bool: the order of the
        codes means something, as for lifecycle stages), ``flags`` (tuple of str: the flag columns
        of :func:`table`, usable as ``subset`` of :func:`codes`) and ``description`` (str).

    Examples
    --------
    >>> k = kinds().set_index("kind")
    >>> bool(k.at["stage", "ordered"]), k.at["status", "flags"]
    (True, ('purchase',))
    """
    df = _kinds().reset_index()
    df["flags"] = df["flags"].map(lambda s: tuple(s.split()))
    return df


def flags(kind: str) -> tuple[str, ...]:
    """Return the names of the flag columns of ``kind`` (the lists its codes can belong to).

    Parameters
    ----------
    kind : str
        A kind of :func:`kinds`, e.g. ``"channel"``.

    Returns
    -------
    tuple of str
        The flag names, e.g. ``("acquisition", "touch", ...)`` for ``"channel"``; empty when the
        kind has none.

    Raises
    ------
    ValueError
        If ``kind`` is unknown; the message lists the kinds.

    Examples
    --------
    >>> flags("spin_type")
    ('spin',)
    """
    return _flag_names(_check_kind(kind))


def table(kind: str) -> pd.DataFrame:
    """Return the codes of one kind with their labels, flags and attributes.

    Parameters
    ----------
    kind : str
        A kind of :func:`kinds`, e.g. ``"channel"``, ``"stage"``, ``"payment"``.

    Returns
    -------
    pandas.DataFrame
        One row per code, sorted by ``order``: ``code`` (str), ``order`` (int, 1 = first), ``vi``
        and ``en`` (str labels), one bool column per flag of :func:`flags` and any attribute
        columns of the kind (str). A copy: changing it does not change the vocabulary.

    Raises
    ------
    ValueError
        If ``kind`` is unknown; the message lists the kinds.

    Examples
    --------
    >>> table("stage")[["code", "vi"]].head(2).to_dict("records")
    [{'code': 'selection', 'vi': 'lựa chọn'}, {'code': 'acquisition', 'vi': 'thu hút'}]
    """
    return _table(_check_kind(kind)).copy()


def codes(kind: str, subset: str | Iterable[str] | None = None) -> tuple[str, ...]:
    """Return the codes of one kind, in order, optionally only those in the list(s) ``subset``.

    Parameters
    ----------
    kind : str
        A kind of :func:`kinds`.
    subset : str or iterable of str, optional
        A flag of :func:`flags` (e.g. ``"acquisition"`` or ``"paid"`` for channels), or several:
        a code is kept when every named flag is set. Default: all codes.

    Returns
    -------
    tuple of str
        The codes, in the kind's ``order``.

    Raises
    ------
    ValueError
        If ``kind`` or a flag is unknown; the message lists the allowed names.

    Examples
    --------
    >>> codes("channel", subset="acquisition")[:3]
    ('organic_search', 'paid_search', 'facebook')
    >>> codes("channel", subset=["social", "event"])
    ('facebook', 'tiktok')
    """
    df = _table(_check_kind(kind))
    if subset is None:
        return tuple(df["code"])
    wanted = [subset] if isinstance(subset, str) else list(subset)
    allowed = _flag_names(kind)
    bad = [f for f in wanted if f not in allowed]
    if bad:
        names = ", ".join(allowed) if allowed else "none"
        raise ValueError(
            f"unknown subset {', '.join(map(repr, bad))} for vocabulary kind {kind!r}: "
            f"its flags are {names}"
        )
    keep = df[wanted].all(axis=1) if wanted else True
    return tuple(df.loc[keep, "code"])


def labels(kind: str, lang: str | None = None) -> dict[str, str]:
    """Return ``{code: label}`` for one kind in one language.

    Parameters
    ----------
    kind : str
        A kind of :func:`kinds`.
    lang : str, optional
        ``"vi"`` or ``"en"``; default: the current language (:func:`ecrm_lab.i18n.get_language`).

    Returns
    -------
    dict of str to str
        The labels, in the kind's order (a new dict each call).

    Raises
    ------
    ValueError
        If ``kind`` or ``lang`` is unknown.

    Examples
    --------
    >>> labels("payment", lang="vi")["cod"]
    'thanh toán khi nhận hàng (COD)'
    """
    from .i18n import _resolve

    code = _resolve(lang)
    df = _table(_check_kind(kind))
    return dict(zip(df["code"], df[code], strict=True))


@functools.lru_cache(maxsize=1)
def _aliases() -> tuple[tuple[str, str, str], ...]:
    df = _read_csv("aliases.csv")
    return tuple(zip(df["alias"], df["kind"], df["code"], strict=True))


def aliases() -> dict[str, tuple[str, str]]:
    """Return the other spellings of codes, ``{alias: (kind, code)}``.

    Returns
    -------
    dict of str to (str, str)
        E.g. ``"canceled"`` → ``("status", "cancelled")``.

    Examples
    --------
    >>> aliases()["funnel_reached"]
    ('funnel_step', 'reached')
    """
    return {a: (k, c) for a, k, c in _aliases()}


@functools.lru_cache(maxsize=1)
def _glossary() -> pd.DataFrame:
    return _read_csv("glossary.csv")


def glossary_table() -> pd.DataFrame:
    """Return the glossary as stored, with its known wrong variants.

    Returns
    -------
    pandas.DataFrame
        One row per concept: ``en`` (English term), ``vi`` (the one Vietnamese term to use),
        ``wrong_variants`` (tuple of str: Vietnamese wordings that must not be used for this
        concept) and ``meaning_vi`` (a short explanation in Vietnamese).

    Examples
    --------
    >>> g = glossary_table().set_index("en")
    >>> g.at["transition matrix", "vi"]
    'ma trận chuyển trạng thái'
    """
    df = _glossary().copy()
    df["wrong_variants"] = df["wrong_variants"].map(
        lambda s: tuple(v.strip() for v in s.split("|") if v.strip())
    )
    return df
