"""Realistic Vietnamese names, e-mail addresses and mobile numbers for VietShop.

Faker's ``vi_VN`` provider draws ten family names uniformly, mixes in English
first names and sometimes uses Western order. This module replaces it with a
small frequency model:

* family names follow Lê Trung Hoa (2005) as quoted by Wikipedia
  ("Vietnamese name"), with regional spellings (Hoàng/Huỳnh, Vũ/Võ) and a tail
  of about 60 less common family names;
* middle and given names are weighted per gender; names have three words
  (family + middle + given) or four words (family + two middle names + given)
  in the proportions observed on hoten.org (men 26 % four words, women 65 %);
* optionally, the old-fashioned middle names "Văn" (men) and "Thị" (women)
  are made more common for older cohorts and rarer for young people.

The weights and their sources are documented in
``ecrm_lab/data/vi_names/SOURCES.md``.

Everything is vectorised with numpy/pandas: indices are drawn with
``rng.choice(..., p=...)`` and strings are assembled with vectorised string
operations. Python loops only run over the few hundred distinct names, over a
handful of (gender, cohort) groups, or over rejection rounds.

Examples
--------
>>> import numpy as np
>>> rng = np.random.default_rng(7)
>>> people = sample_people(3, rng=rng)
>>> list(people.columns)
['family_name', 'middle_name', 'given_name', 'full_name', 'gender']
>>> emails = make_emails(people, np.array([1990, 1985, 2001]), rng=rng)
>>> phones = make_phones(3, rng=rng)
"""

from __future__ import annotations

import operator
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import numpy as np
import pandas as pd

__all__ = [
    "COHORT_EDGES",
    "COHORT_OLD_MIDDLE_MULTIPLIER",
    "EMAIL_DOMAINS",
    "EMAIL_STYLES",
    "FEMALE_SHARE",
    "FOUR_WORD_SHARE",
    "PHONE_CARRIERS",
    "REGIONS",
    "load_name_tables",
    "make_emails",
    "make_phones",
    "sample_people",
    "strip_diacritics",
]

# --------------------------------------------------------------------------
# Model constants (sources and modelling choices: data/vi_names/SOURCES.md)
# --------------------------------------------------------------------------

#: Share of women among generated people when ``gender`` is not given.
FEMALE_SHARE: float = 0.502

#: Share of four-word names (family + two middle names + given name) per gender
#: (hoten.org sample of a young Ho Chi Minh City cohort).
FOUR_WORD_SHARE: dict[str, float] = {"male": 0.26, "female": 0.65}

#: Accepted region labels. "central" uses the mean of the north and south weights.
REGIONS: tuple[str, ...] = ("north", "central", "south")

#: Birth-year cohort boundaries: <1965, 1965-1979, 1980-1994, 1995-2004, >=2005.
COHORT_EDGES: np.ndarray = np.array([1965, 1980, 1995, 2005])

#: Multiplier on the weight of the old-fashioned middle names "Văn"/"Thị" per
#: cohort (modelling choice). The CSV weights correspond to the 1980-1994
#: cohort (multiplier 1.0) and are used unchanged when no birth year is given.
COHORT_OLD_MIDDLE_MULTIPLIER: np.ndarray = np.array([2.0, 1.5, 1.0, 0.6, 0.4])

#: Middle names that mark the "old" three-word pattern, one per gender.
_OLD_MIDDLE = {"male": "Văn", "female": "Thị"}

#: "Văn" is rare in four-word male names ("Trần Minh Gia Huy" is typical,
#: "Nguyễn Văn Minh Tuấn" much less so): its weight is multiplied by this factor
#: when drawing the two middle names of a four-word male name (modelling choice).
_VAN_FOUR_WORD_FACTOR = 0.3

#: E-mail domains and their weights, for people born before 1985 and from 1985
#: on (older users kept their Yahoo! addresses from the 2000s). Roughly 80 %
#: gmail.com overall for a customer base centred on people born after 1985.
EMAIL_DOMAINS: pd.DataFrame = pd.DataFrame(
    {
        "domain": [
            "gmail.com",
            "yahoo.com",
            "yahoo.com.vn",
            "outlook.com",
            "icloud.com",
            "hotmail.com",
        ],
        "weight_before_1985": [0.70, 0.10, 0.09, 0.04, 0.03, 0.04],
        "weight_from_1985": [0.84, 0.04, 0.02, 0.04, 0.04, 0.02],
    }
)

#: Local-part styles of consumer e-mail addresses, with weights. Placeholders:
#: ``fam``/``mid``/``giv`` = lower-case ASCII name parts (spaces removed),
#: ``fi``/``mi`` = initials of the family name / of the middle words,
#: ``yy``/``yyyy`` = birth year. Example person: Nguyễn Thị Mai, born 1995.
EMAIL_STYLES: pd.DataFrame = pd.DataFrame(
    {
        "style": [
            "{fam}{mid}{giv}",  # nguyenthimai
            "{giv}.{fam}{yy}",  # mai.nguyen95
            "{fam}{mid}{giv}{yyyy}",  # nguyenthimai1995
            "{giv}{fi}{mi}{yy}",  # maint95
            "{giv}{fam}{yy}",  # mainguyen95
            "{giv}.{fam}",  # mai.nguyen
            "{fam}{giv}{yyyy}",  # nguyenmai1995
        ],
        "weight": [0.22, 0.17, 0.15, 0.15, 0.12, 0.10, 0.09],
    }
)

#: Vietnamese mobile carriers: rough subscriber market share and current
#: 3-digit prefixes (after the 2018 switch from 11 to 10 digits). Within a
#: carrier the prefixes are equally likely (modelling choice).
PHONE_CARRIERS: pd.DataFrame = pd.DataFrame(
    {
        "carrier": ["Viettel", "Vinaphone", "MobiFone", "Vietnamobile", "Gmobile"],
        "share": [0.52, 0.22, 0.20, 0.04, 0.02],
        "prefixes": [
            ("086", "096", "097", "098", "032", "033", "034", "035", "036", "037", "038", "039"),
            ("088", "091", "094", "081", "082", "083", "084", "085"),
            ("089", "090", "093", "070", "076", "077", "078", "079"),
            ("092", "056", "058"),
            ("099", "059"),
        ],
    }
)

_SUBSCRIBER_DIGITS = 7
_MAX_REJECTION_ROUNDS = 200
_DD_TABLE = str.maketrans({"đ": "d", "Đ": "D"})
_STR = "str"  # pandas >= 3: Arrow-backed string dtype; pandas 2: object


# --------------------------------------------------------------------------
# Data loading
# --------------------------------------------------------------------------

_TABLE_SPECS: dict[str, tuple[str, list[str]]] = {
    "family_names": (
        "family_names.csv",
        ["family_name", "weight_north", "weight_south", "source_note"],
    ),
    "middle_names": ("middle_names.csv", ["middle_name", "gender", "weight"]),
    "given_names": ("given_names.csv", ["given_name", "gender", "weight"]),
}


def _read_table(key: str) -> pd.DataFrame:
    """Read and validate one CSV table from ``ecrm_lab/data/vi_names``."""
    filename, columns = _TABLE_SPECS[key]
    resource = files("ecrm_lab") / "data" / "vi_names" / filename
    with resource.open("r", encoding="utf-8") as fh:
        df = pd.read_csv(
            fh, dtype={c: str for c in columns if not c.startswith("weight")}, keep_default_na=False
        )
    if list(df.columns) != columns:
        raise ValueError(f"{filename}: expected columns {columns}, got {list(df.columns)}")
    name_col = columns[0]
    names = df[name_col].astype(str)
    nfc = names.map(lambda s: unicodedata.normalize("NFC", s.strip()))
    if (nfc == "").any():
        raise ValueError(f"{filename}: empty {name_col}")
    if nfc.str.contains(" ", regex=False).any():
        raise ValueError(f"{filename}: {name_col} must be single words")
    df[name_col] = nfc
    for col in (c for c in columns if c.startswith("weight")):
        df[col] = pd.to_numeric(df[col], errors="raise").astype(float)
        if not np.isfinite(df[col]).all() or (df[col] < 0).any():
            raise ValueError(f"{filename}: {col} must be finite and non-negative")
    keys = [name_col] + (["gender"] if "gender" in columns else [])
    if df.duplicated(keys).any():
        raise ValueError(f"{filename}: duplicated rows {df[df.duplicated(keys)][keys].values}")
    if "gender" in columns:
        bad = set(df["gender"]) - {"male", "female"}
        if bad:
            raise ValueError(f"{filename}: unknown gender values {sorted(bad)}")
    return df


@lru_cache(maxsize=1)
def _cached_tables() -> dict[str, pd.DataFrame]:
    return {key: _read_table(key) for key in _TABLE_SPECS}


def load_name_tables() -> dict[str, pd.DataFrame]:
    """Load the Vietnamese name frequency tables shipped with the package.

    Returns
    -------
    dict[str, pandas.DataFrame]
        Keys ``"family_names"`` (columns ``family_name, weight_north,
        weight_south, source_note``), ``"middle_names"`` (``middle_name,
        gender, weight``) and ``"given_names"`` (``given_name, gender,
        weight``). Names are NFC-normalised; weights are floats that need not
        sum to 100. The frames are copies, so callers may modify them.
    """
    return {key: df.copy() for key, df in _cached_tables().items()}


@dataclass(frozen=True)
class _Model:
    """Name tables compiled to integer ids over one shared vocabulary."""

    vocab: pd.Series  # word id -> word (str dtype)
    family_ids: np.ndarray  # family-name row -> word id
    family_p: np.ndarray  # shape (3, n_family): north, central, south
    middle_ids: dict[str, np.ndarray]
    middle_w: dict[str, np.ndarray]
    middle_old: dict[str, int]  # position of Văn / Thị in middle_ids[gender]
    given_ids: dict[str, np.ndarray]
    given_p: dict[str, np.ndarray]
    old_word_ids: np.ndarray  # word ids of Văn and Thị


@lru_cache(maxsize=1)
def _model() -> _Model:
    tables = _cached_tables()
    fam, mid, giv = tables["family_names"], tables["middle_names"], tables["given_names"]
    words = sorted(set(fam["family_name"]) | set(mid["middle_name"]) | set(giv["given_name"]))
    word_id = {w: i for i, w in enumerate(words)}

    north = fam["weight_north"].to_numpy(float)
    south = fam["weight_south"].to_numpy(float)
    family_p = np.vstack(
        [north / north.sum(), (north + south) / (north + south).sum(), south / south.sum()]
    )

    middle_ids, middle_w, middle_old, given_ids, given_p = {}, {}, {}, {}, {}
    for g in ("male", "female"):
        m = mid[mid["gender"] == g]
        middle_ids[g] = m["middle_name"].map(word_id).to_numpy(np.int64)
        middle_w[g] = m["weight"].to_numpy(float)
        old = np.flatnonzero(m["middle_name"].to_numpy() == _OLD_MIDDLE[g])
        if old.size != 1:
            raise ValueError(f"middle_names.csv must list {_OLD_MIDDLE[g]!r} for {g}")
        middle_old[g] = int(old[0])
        gv = giv[giv["gender"] == g]
        given_ids[g] = gv["given_name"].map(word_id).to_numpy(np.int64)
        given_p[g] = gv["weight"].to_numpy(float) / gv["weight"].sum()
    return _Model(
        vocab=pd.Series(words, dtype=_STR),
        family_ids=fam["family_name"].map(word_id).to_numpy(np.int64),
        family_p=family_p,
        middle_ids=middle_ids,
        middle_w=middle_w,
        middle_old=middle_old,
        given_ids=given_ids,
        given_p=given_p,
        old_word_ids=np.array([word_id[w] for w in _OLD_MIDDLE.values()]),
    )


# --------------------------------------------------------------------------
# Validation helpers
# --------------------------------------------------------------------------


def _check_n(n: int) -> int:
    try:
        n = operator.index(n)
    except TypeError:
        raise TypeError(f"n must be an integer, got {type(n).__name__}") from None
    if n < 0:
        raise ValueError(f"n must be non-negative, got {n}")
    return n


def _check_labels(values, n: int, name: str, allowed: tuple[str, ...]) -> np.ndarray:
    arr = np.asarray(values, dtype=object).astype(str)
    if arr.shape != (n,):
        raise ValueError(f"{name} must be a 1-D array of length n={n}, got shape {arr.shape}")
    bad = set(np.unique(arr)) - set(allowed)
    if bad:
        raise ValueError(f"{name} values must be in {allowed}, got {sorted(bad)[:5]}")
    return arr


def _check_years(values, n: int, name: str = "birth_year") -> np.ndarray:
    arr = np.asarray(values, dtype=float)
    if arr.shape != (n,):
        raise ValueError(f"{name} must be a 1-D array of length {n}, got shape {arr.shape}")
    return arr


# --------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------


def _middle_p(model: _Model, g: str, cohort: int, four: bool) -> np.ndarray:
    """Middle-name probabilities for a gender, birth cohort and name length."""
    w = model.middle_w[g].copy()
    old = model.middle_old[g]
    if cohort >= 0:
        w[old] *= COHORT_OLD_MIDDLE_MULTIPLIER[cohort]
    if four and g == "male":
        w[old] *= _VAN_FOUR_WORD_FACTOR
    return w / w.sum()


def _draw_middle(
    rng: np.random.Generator,
    model: _Model,
    rows: np.ndarray,
    female: np.ndarray,
    cohort: np.ndarray,
    four: np.ndarray,
) -> np.ndarray:
    """Draw one middle-name word id for each position in ``rows``."""
    out = np.empty(rows.size, dtype=np.int64)
    if rows.size == 0:
        return out
    # group key: gender (2) x four-word (2) x cohort (-1..4 -> 6)
    key = (female[rows].astype(np.int64) * 2 + four[rows]) * 6 + (cohort[rows] + 1)
    for k in np.unique(key):
        sel = key == k
        g = "female" if k // 12 else "male"
        is_four = bool((k // 6) % 2)
        c = int(k % 6) - 1
        p = _middle_p(model, g, c, is_four)
        out[sel] = model.middle_ids[g][rng.choice(p.size, size=int(sel.sum()), p=p)]
    return out


def _draw_given(
    rng: np.random.Generator, model: _Model, rows: np.ndarray, female: np.ndarray
) -> np.ndarray:
    """Draw one given-name word id for each position in ``rows``."""
    out = np.empty(rows.size, dtype=np.int64)
    f = female[rows]
    for g, sel in (("male", ~f), ("female", f)):
        k = int(sel.sum())
        if k:
            p = model.given_p[g]
            out[sel] = model.given_ids[g][rng.choice(p.size, size=k, p=p)]
    return out


def _empty_people() -> pd.DataFrame:
    cols = ["family_name", "middle_name", "given_name", "full_name", "gender"]
    return pd.DataFrame({c: pd.Series([], dtype=_STR) for c in cols})


def sample_people(
    n: int,
    *,
    rng: np.random.Generator,
    gender: np.ndarray | None = None,
    region: np.ndarray | None = None,
    birth_year: np.ndarray | None = None,
) -> pd.DataFrame:
    """Draw ``n`` realistic Vietnamese full names.

    Parameters
    ----------
    n : int
        Number of people (``n >= 0``).
    rng : numpy.random.Generator
        Source of randomness; the same seed gives the same output.
    gender : array-like of {"male", "female"}, optional
        Gender of each person. If None, each person is female with
        probability :data:`FEMALE_SHARE` (0.502).
    region : array-like of {"north", "central", "south"}, optional
        Region of each person, which drives family-name frequencies
        (Hoàng/Vũ in the North, Huỳnh/Võ in the South; "central" uses the
        mean of the northern and southern weights). None means all "north".
    birth_year : array-like of int, optional
        Birth years. If given, the middle names "Văn" (men) and "Thị"
        (women) are made more frequent for people born before 1980 and rarer
        for people born from 1995 on (see :data:`COHORT_OLD_MIDDLE_MULTIPLIER`;
        a modelling choice). Missing values (NaN) use the base weights.

    Returns
    -------
    pandas.DataFrame
        One row per person with string columns ``family_name``,
        ``middle_name`` (one or two words), ``given_name``, ``full_name``
        (family, middle and given name in Vietnamese order, single spaces)
        and ``gender`` ("male"/"female").

    Raises
    ------
    ValueError
        If ``n`` is negative or an array has the wrong length or values.

    Notes
    -----
    Four-word names ("Nguyễn Thị Ngọc Anh", "Trần Minh Gia Huy") occur with
    probability :data:`FOUR_WORD_SHARE` per gender. No word is repeated
    within a name, and in four-word names "Thị"/"Văn" always comes first.
    """
    n = _check_n(n)
    if gender is not None:
        gender = _check_labels(gender, n, "gender", ("male", "female"))
    if region is not None:
        region = _check_labels(region, n, "region", REGIONS)
    if birth_year is not None:
        birth_year = _check_years(birth_year, n)
    if n == 0:
        return _empty_people()
    model = _model()

    female = rng.random(n) < FEMALE_SHARE if gender is None else gender == "female"

    # family names, per region
    if region is None:
        region_code = np.zeros(n, dtype=np.int64)
    else:
        region_code = np.select([region == r for r in REGIONS], range(len(REGIONS)))
    fam = np.empty(n, dtype=np.int64)
    for r in range(len(REGIONS)):
        sel = region_code == r
        k = int(sel.sum())
        if k:
            p = model.family_p[r]
            fam[sel] = model.family_ids[rng.choice(p.size, size=k, p=p)]

    # three or four words
    four = rng.random(n) < np.where(female, FOUR_WORD_SHARE["female"], FOUR_WORD_SHARE["male"])

    # birth cohort (-1 = unknown -> base weights)
    if birth_year is None:
        cohort = np.full(n, -1, dtype=np.int64)
    else:
        cohort = np.where(
            np.isnan(birth_year), -1, np.digitize(np.nan_to_num(birth_year), COHORT_EDGES)
        )

    all_rows = np.arange(n)
    m1 = _draw_middle(rng, model, all_rows, female, cohort, four)
    m2 = np.full(n, -1, dtype=np.int64)
    four_rows = np.flatnonzero(four)
    m2[four_rows] = _draw_middle(rng, model, four_rows, female, cohort, four)
    giv = _draw_given(rng, model, all_rows, female)

    # rejection rounds: no repeated word within a name
    for _ in range(_MAX_REJECTION_ROUNDS):
        bad_m1 = np.flatnonzero(m1 == fam)
        bad_m2 = np.flatnonzero(four & ((m2 == fam) | (m2 == m1)))
        bad_g = np.flatnonzero((giv == fam) | (giv == m1) | (four & (giv == m2)))
        if bad_m1.size + bad_m2.size + bad_g.size == 0:
            break
        m1[bad_m1] = _draw_middle(rng, model, bad_m1, female, cohort, four)
        m2[bad_m2] = _draw_middle(rng, model, bad_m2, female, cohort, four)
        giv[bad_g] = _draw_given(rng, model, bad_g, female)
    else:  # pragma: no cover - would need absurd weights
        raise RuntimeError("could not draw names without repeated words")

    # "Thị"/"Văn" goes first in a four-word name
    swap = four & np.isin(m2, model.old_word_ids)
    m1[swap], m2[swap] = m2[swap], m1[swap].copy()

    # assemble strings: the middle part only has a few hundred distinct values
    vocab = model.vocab
    pair_code = m1 * (vocab.size + 1) + (m2 + 1)
    uniq_pairs, inverse = np.unique(pair_code, return_inverse=True)
    v = vocab.to_numpy(dtype=object)
    first, second = uniq_pairs // (vocab.size + 1), uniq_pairs % (vocab.size + 1) - 1
    middle_uniq = pd.Series(
        [v[a] if b < 0 else f"{v[a]} {v[b]}" for a, b in zip(first, second, strict=True)],
        dtype=_STR,
    )
    family_s = vocab.take(fam).reset_index(drop=True)
    middle_s = middle_uniq.take(inverse.ravel()).reset_index(drop=True)
    given_s = vocab.take(giv).reset_index(drop=True)
    full_s = family_s + " " + middle_s + " " + given_s
    gender_s = pd.Series(
        pd.Categorical.from_codes(female.astype(np.int8), categories=["male", "female"])
    ).astype(_STR)
    return pd.DataFrame(
        {
            "family_name": family_s,
            "middle_name": middle_s,
            "given_name": given_s,
            "full_name": full_s,
            "gender": gender_s,
        }
    )


# --------------------------------------------------------------------------
# Strings
# --------------------------------------------------------------------------


def _strip_one(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_DD_TABLE))
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    )


def strip_diacritics(s: pd.Series) -> pd.Series:
    """Remove Vietnamese diacritics: ``"Đặng Thị Ánh" -> "Dang Thi Anh"``.

    "đ"/"Đ" are mapped to "d"/"D" explicitly (they are letters, not letters
    with a combining mark); all other marks are removed via Unicode NFD
    decomposition. Work is done once per distinct value, then mapped back.

    Parameters
    ----------
    s : pandas.Series
        Strings (missing values are kept as missing).

    Returns
    -------
    pandas.Series
        Same index and name as ``s``, ASCII letters for Vietnamese input.
    """
    if not isinstance(s, pd.Series):
        s = pd.Series(s)
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    # one entry per distinct value, plus a trailing missing value for code -1
    table = pd.Series([_strip_one(str(u)) for u in uniques] + [None], dtype=_STR)
    return pd.Series(table.take(codes).to_numpy(), index=s.index, name=s.name, dtype=_STR)


def _ascii_lower(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """ASCII, lower case, no spaces; plus the word initials. Per distinct value."""
    codes, uniques = pd.factorize(values)
    plain = strip_diacritics(pd.Series(uniques, dtype=_STR)).str.lower()
    words = plain.str.split(" ")
    joined = words.str.join("")
    initials = words.map(lambda ws: "".join(w[:1] for w in ws)).astype(_STR)
    idx = np.asarray(codes)
    return (joined.take(idx).reset_index(drop=True), initials.take(idx).reset_index(drop=True))


def make_emails(
    people: pd.DataFrame, birth_year: np.ndarray, *, rng: np.random.Generator
) -> np.ndarray:
    """Consumer e-mail addresses consistent with the names.

    Parameters
    ----------
    people : pandas.DataFrame
        Output of :func:`sample_people` (needs ``family_name``,
        ``middle_name`` and ``given_name``).
    birth_year : array-like of int
        Birth year of each person (used for "95"/"1995" suffixes and for the
        domain mix: Yahoo! is more common for people born before 1985).
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    numpy.ndarray
        Object array of unique addresses such as ``nguyenthimai@gmail.com``,
        ``mai.nguyen95@gmail.com``, ``nguyenthimai1995@yahoo.com`` or
        ``maint95@gmail.com``: lower-case ASCII ``[a-z0-9.]`` before the
        ``@``. Styles follow :data:`EMAIL_STYLES`, domains
        :data:`EMAIL_DOMAINS` (gmail.com about 80 %). The 2nd, 3rd, ...
        occurrence of an address gets a counter appended (``nguyenthimai2``;
        after a digit, or for a 2- or 4-digit counter, a dot separates it:
        ``mai.nguyen95.2``, ``nguyenthimai.12``).
    """
    missing = {"family_name", "middle_name", "given_name"} - set(people.columns)
    if missing:
        raise ValueError(f"people is missing columns {sorted(missing)}")
    n = len(people)
    years = _check_years(birth_year, n)
    if not np.isfinite(years).all():
        raise ValueError("birth_year must not contain missing values")
    years = years.astype(np.int64)
    if n == 0:
        return np.array([], dtype=object)

    fam, fi = _ascii_lower(people["family_name"])
    mid, mi = _ascii_lower(people["middle_name"])
    giv, _ = _ascii_lower(people["given_name"])
    yyyy = pd.Series(years).astype(str)
    yy = pd.Series(years % 100).astype(str).str.zfill(2)
    # the local parts are put together as Python strings (object arrays): one ``+`` per piece
    parts = {
        name: col.to_numpy(dtype=object)
        for name, col in (
            ("fam", fam),
            ("mid", mid),
            ("giv", giv),
            ("fi", fi),
            ("mi", mi),
            ("yy", yy),
            ("yyyy", yyyy),
        )
    }

    style_p = EMAIL_STYLES["weight"].to_numpy(float)
    style = rng.choice(style_p.size, size=n, p=style_p / style_p.sum())
    local_arr = np.empty(n, dtype=object)
    for k, template in enumerate(EMAIL_STYLES["style"]):
        sel = np.flatnonzero(style == k)
        if sel.size == 0:
            continue
        local = np.full(sel.size, "", dtype=object)
        for literal, field in _parse_template(template):
            if literal:
                local = local + literal
            if field:
                local = local + parts[field][sel]
        local_arr[sel] = local

    domains = EMAIL_DOMAINS["domain"].to_numpy(dtype=object)
    old = years < 1985
    dom = np.empty(n, dtype=np.int64)
    for col, sel in (("weight_before_1985", old), ("weight_from_1985", ~old)):
        k = int(sel.sum())
        if k:
            p = EMAIL_DOMAINS[col].to_numpy(float)
            dom[sel] = rng.choice(p.size, size=k, p=p / p.sum())
    domain_arr = domains[dom]

    # De-duplicate: the 2nd, 3rd, ... occurrence of an address gets a counter
    # (rank from groupby().cumcount() + 1). Base local parts end in a letter or
    # in a run of exactly 2 or 4 digits (yy/yyyy), so the counter is appended
    # directly ("nguyenthimai2") unless it could recreate such an ending: after
    # a digit, or when it has 2 or 4 digits, a dot separates it
    # ("mai.nguyen95.2", "nguyenthimai.12"). One round therefore suffices; the
    # loop re-checks anyway.
    email = local_arr + "@" + domain_arr
    for _ in range(_MAX_REJECTION_ROUNDS):
        codes, _ = pd.factorize(email)
        rank = pd.Series(codes).groupby(codes, sort=False).cumcount().to_numpy()
        renamed = np.flatnonzero(rank > 0)
        if renamed.size == 0:
            break
        base = local_arr[renamed]
        counter = rank[renamed] + 1
        n_digits = np.floor(np.log10(counter)).astype(np.int64) + 1
        ends_digit = pd.Series(base, dtype=object).str[-1].str.isdigit().to_numpy(bool)
        dotted = ends_digit | (n_digits == 2) | (n_digits == 4)
        local_arr[renamed] = (
            base + np.where(dotted, ".", "").astype(object) + counter.astype(str).astype(object)
        )
        email[renamed] = local_arr[renamed] + "@" + domain_arr[renamed]
    else:  # pragma: no cover
        raise RuntimeError("could not make e-mail addresses unique")
    return email


def _parse_template(template: str) -> list[tuple[str, str | None]]:
    """Split ``"{giv}.{fam}{yy}"`` into ``[("", "giv"), (".", "fam"), ("", "yy")]``."""
    out: list[tuple[str, str | None]] = []
    rest = template
    while rest:
        head, brace, tail = rest.partition("{")
        if not brace:
            out.append((head, None))
            break
        field, _, rest = tail.partition("}")
        out.append((head, field))
    return out


# --------------------------------------------------------------------------
# Phones
# --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _phone_prefixes() -> tuple[np.ndarray, np.ndarray]:
    prefixes, probs = [], []
    for share, pref in zip(PHONE_CARRIERS["share"], PHONE_CARRIERS["prefixes"], strict=True):
        prefixes.extend(int(p) for p in pref)
        probs.extend([share / len(pref)] * len(pref))
    p = np.array(probs)
    return np.array(prefixes, dtype=np.int64), p / p.sum()


def make_phones(n: int, *, rng: np.random.Generator) -> np.ndarray:
    """Unique Vietnamese mobile numbers.

    Parameters
    ----------
    n : int
        Number of phone numbers (``n >= 0``).
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    numpy.ndarray
        Object array of strings "0" + 9 digits (e.g. ``"0912345678"``), whose
        first three digits are a current carrier prefix from
        :data:`PHONE_CARRIERS`, drawn by rough market share (Viettel about
        half). Numbers are unique within one call.
    """
    n = _check_n(n)
    prefixes, p = _phone_prefixes()
    block = 10**_SUBSCRIBER_DIGITS
    if n > prefixes.size * block // 2:
        raise ValueError(f"n={n} is too large for unique phone numbers")
    if n == 0:
        return np.array([], dtype=object)
    number = prefixes[rng.choice(p.size, size=n, p=p)] * block + rng.integers(0, block, size=n)
    for _ in range(_MAX_REJECTION_ROUNDS):
        dup = np.flatnonzero(pd.Series(number).duplicated().to_numpy())
        if dup.size == 0:
            break
        number[dup] = prefixes[rng.choice(p.size, size=dup.size, p=p)] * block + rng.integers(
            0, block, size=dup.size
        )
    else:  # pragma: no cover
        raise RuntimeError("could not draw unique phone numbers")
    return ("0" + pd.Series(number).astype(str)).to_numpy(dtype=object)
