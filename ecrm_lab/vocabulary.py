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
* ``text.csv`` (the ``text`` kind) — the words of the plots and results (axis labels, titles,
  legends, feature names), ``code`` namespaced by module (``lifecycle.counts_title``), read with
  :func:`ecrm_lab.i18n.text`;
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

import csv
import difflib
import functools
from collections.abc import Iterable
from importlib import resources
from typing import TYPE_CHECKING, Any

from ._docs import fill_doc

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

__all__ = ["kinds", "table", "codes", "labels", "mapping", "flags", "aliases", "glossary_table"]

_PACKAGE = "ecrm_lab"
_FOLDER = ("data", "vocabulary")
#: Columns every ``<kind>.csv`` has, in this order.
_BASE_COLUMNS = ("code", "order", "vi", "en")


def _read_rows(name: str) -> tuple[dict[str, str], ...]:
    """Read one CSV of the vocabulary folder with the standard library (no pandas)."""
    path = resources.files(_PACKAGE).joinpath(*_FOLDER, name)
    with path.open("r", encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


@functools.lru_cache(maxsize=1)
def _kinds() -> dict[str, dict[str, Any]]:
    out = {}
    for row in _read_rows("kinds.csv"):
        out[row["kind"]] = {
            "ordered": row["ordered"] == "1",
            "flags": tuple(row["flags"].split()),
            "description": row["description"],
        }
    return out


def _check_kind(kind: object) -> str:
    known = list(_kinds())
    if isinstance(kind, str) and kind in known:
        return kind
    close = difflib.get_close_matches(str(kind), known, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise ValueError(
        f"unknown vocabulary kind {kind!r}: {hint}the kinds are {', '.join(known)} "
        "(see ecrm_lab/data/vocabulary/kinds.csv)"
    )


@functools.cache
def _rows(kind: str) -> tuple[dict[str, Any], ...]:
    """The rows of ``<kind>.csv``, checked, sorted by ``order``, flags as bool (cached; never mutate)."""
    rows = _read_rows(f"{kind}.csv")
    header = list(rows[0]) if rows else []
    if header[:4] != list(_BASE_COLUMNS):
        raise RuntimeError(f"vocabulary file {kind}.csv must start with columns {_BASE_COLUMNS}")
    seen: set[str] = set()
    out = []
    for row in rows:
        row = dict(row)
        if not row["code"] or row["code"] in seen:
            raise RuntimeError(f"vocabulary file {kind}.csv has an empty or duplicated code")
        seen.add(row["code"])
        row["order"] = int(row["order"])
        for flag in _kinds()[kind]["flags"]:
            if row.get(flag) not in ("0", "1"):
                raise RuntimeError(f"vocabulary file {kind}.csv: flag {flag!r} must be 0 or 1")
            row[flag] = row[flag] == "1"
        out.append(row)
    return tuple(sorted(out, key=lambda r: r["order"]))


def _flag_names(kind: str) -> tuple[str, ...]:
    return _kinds()[kind]["flags"]


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
    import pandas as pd

    return pd.DataFrame([{"kind": k, **v} for k, v in _kinds().items()])


@fill_doc
def flags(kind: str) -> tuple[str, ...]:
    """Return the names of the flag columns of ``kind`` (the lists its codes can belong to).

    Parameters
    ----------
    {kind}

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


@fill_doc
def table(kind: str) -> pd.DataFrame:
    """Return the codes of one kind with their labels, flags and attributes.

    Parameters
    ----------
    {kind}

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
    import pandas as pd

    rows = _rows(_check_kind(kind))
    return pd.DataFrame(list(rows), columns=list(rows[0]))


@fill_doc
def codes(kind: str, subset: str | Iterable[str] | None = None) -> tuple[str, ...]:
    """Return the codes of one kind, in order, optionally only those in the list(s) ``subset``.

    Parameters
    ----------
    {kind}
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
    rows = _rows(_check_kind(kind))
    if subset is None:
        return tuple(r["code"] for r in rows)
    wanted = [subset] if isinstance(subset, str) else list(subset)
    allowed = _flag_names(kind)
    bad = [f for f in wanted if f not in allowed]
    if bad:
        names = ", ".join(allowed) if allowed else "none"
        raise ValueError(
            f"unknown subset {', '.join(map(repr, bad))} for vocabulary kind {kind!r}: "
            f"its flags are {names}"
        )
    return tuple(r["code"] for r in rows if all(r[f] for f in wanted))


@fill_doc
def labels(kind: str, lang: str | None = None) -> dict[str, str]:
    """Return ``{code: label}`` for one kind in one language.

    Parameters
    ----------
    {kind}
    {lang}

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
    return {r["code"]: r[code] for r in _rows(_check_kind(kind))}


@fill_doc
def mapping(kind: str, column: str, *, key: str = "code") -> dict[str, Any]:
    """Return ``{key value: column value}`` for one kind, e.g. a colour or attribute per code.

    Parameters
    ----------
    {kind}
    column : str
        A column of :func:`table` for that kind: ``"vi"``, ``"en"``, a flag or an attribute such as
        ``"color"`` (stages, statuses), ``"campaign_vi"`` (channels) or ``"chat_topic"``
        (categories).
    key : str, default "code"
        The column whose values are the keys, e.g. ``"vi"`` to map the Vietnamese category names
        stored in ``products.category``.

    Returns
    -------
    dict
        One entry per code, in the kind's order (a new dict each call).

    Raises
    ------
    ValueError
        If ``kind``, ``column`` or ``key`` is unknown, or ``key`` has repeated values.

    Examples
    --------
    >>> mapping("stage", "color")["retention"]
    '#029e73'
    >>> mapping("category", "chat_topic", key="vi")["Thời trang nam"]
    'fashion'
    """
    rows = _rows(_check_kind(kind))
    for name in (column, key):
        if name not in rows[0]:
            raise ValueError(
                f"vocabulary kind {kind!r} has no column {name!r}: its columns are "
                f"{', '.join(rows[0])}"
            )
    out = {r[key]: r[column] for r in rows}
    if len(out) != len(rows):
        raise ValueError(f"column {key!r} of vocabulary kind {kind!r} has repeated values")
    return out


@functools.lru_cache(maxsize=1)
def _aliases() -> tuple[tuple[str, str, str], ...]:
    return tuple((r["alias"], r["kind"], r["code"]) for r in _read_rows("aliases.csv"))


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
def _glossary() -> tuple[dict[str, str], ...]:
    return _read_rows("glossary.csv")


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
    import pandas as pd

    df = pd.DataFrame(list(_glossary()), columns=["en", "vi", "wrong_variants", "meaning_vi"])
    df["wrong_variants"] = df["wrong_variants"].map(
        lambda s: tuple(v.strip() for v in s.split("|") if v.strip())
    )
    return df
