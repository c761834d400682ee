"""Tests for ecrm_lab.synth.names (Vietnamese names, e-mails and phones)."""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd
import pytest

from ecrm_lab.synth.names import (
    FOUR_WORD_SHARE,
    PHONE_CARRIERS,
    load_name_tables,
    make_emails,
    make_phones,
    sample_people,
    strip_diacritics,
)

N_BIG = 200_000
COLUMNS = ["family_name", "middle_name", "given_name", "full_name", "gender"]


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return load_name_tables()


@pytest.fixture(scope="module")
def north() -> pd.DataFrame:
    return sample_people(N_BIG, rng=np.random.default_rng(2024))


@pytest.fixture(scope="module")
def south() -> pd.DataFrame:
    return sample_people(N_BIG, rng=np.random.default_rng(2025), region=np.full(N_BIG, "south"))


@pytest.fixture(scope="module")
def with_emails() -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(11)
    n = 50_000
    birth_year = rng.integers(1955, 2008, size=n)
    people = sample_people(n, rng=rng, birth_year=birth_year)
    return people, birth_year, make_emails(people, birth_year, rng=rng)


# ---------------------------------------------------------------- data files


def test_tables_shape_and_nfc(tables):
    fam, mid, giv = tables["family_names"], tables["middle_names"], tables["given_names"]
    assert list(fam.columns) == ["family_name", "weight_north", "weight_south", "source_note"]
    assert list(mid.columns) == ["middle_name", "gender", "weight"]
    assert list(giv.columns) == ["given_name", "gender", "weight"]
    assert len(fam) >= 14 + 40
    for g in ("male", "female"):
        assert (mid["gender"] == g).sum() >= 20
        assert (giv["gender"] == g).sum() >= 80
    for df, col in ((fam, "family_name"), (mid, "middle_name"), (giv, "given_name")):
        names = df[col]
        assert all(unicodedata.is_normalized("NFC", s) for s in names)
        assert not names.str.contains(r"\s").any()
    assert "Văn" not in set(fam["family_name"])


def test_table_values_from_source(tables):
    fam = tables["family_names"].set_index("family_name")
    assert fam.loc["Nguyễn", "weight_north"] == pytest.approx(38.4)
    assert fam.loc["Trần", "weight_south"] == pytest.approx(12.1)
    # Hoàng/Huỳnh and Vũ/Võ keep the combined source share in each region
    for region in ("weight_north", "weight_south"):
        assert fam.loc[["Hoàng", "Huỳnh"], region].sum() == pytest.approx(5.1)
        assert fam.loc[["Vũ", "Võ"], region].sum() == pytest.approx(3.9)
    mid = tables["middle_names"]
    fem = mid[mid["gender"] == "female"].set_index("middle_name")["weight"]
    assert fem["Thị"] / fem.sum() > 0.17
    assert fem["Ngọc"] / fem.sum() > 0.17


def test_load_name_tables_returns_copies():
    a = load_name_tables()
    a["family_names"].loc[0, "family_name"] = "X"
    assert load_name_tables()["family_names"].loc[0, "family_name"] == "Nguyễn"


# ------------------------------------------------------------ sample_people


def test_nguyen_share_north(north, tables):
    fam = tables["family_names"]
    expected = 38.4 / fam["weight_north"].sum()
    assert (north["family_name"] == "Nguyễn").mean() == pytest.approx(expected, abs=0.01)


def test_regional_spelling(north, south):
    n_counts = north["family_name"].value_counts()
    s_counts = south["family_name"].value_counts()
    assert n_counts["Hoàng"] > 3 * n_counts["Huỳnh"]
    assert s_counts["Huỳnh"] > 1.5 * s_counts["Hoàng"]
    assert n_counts["Vũ"] > 3 * n_counts["Võ"]
    assert s_counts["Võ"] > 2 * s_counts["Vũ"]


def test_central_is_between_north_and_south():
    n = 100_000
    central = sample_people(n, rng=np.random.default_rng(5), region=np.full(n, "central"))
    share = (central["family_name"] == "Huỳnh").mean()
    assert 0.01 < share < 0.03  # north 0.5 %, south 3.6 %, central about 2 %


def test_word_count_shares(north):
    words = north["full_name"].str.count(" ") + 1
    assert set(words.unique()) <= {3, 4}
    four = words == 4
    assert four[north["gender"] == "female"].mean() == pytest.approx(
        FOUR_WORD_SHARE["female"], abs=0.01
    )
    assert four[north["gender"] == "male"].mean() == pytest.approx(
        FOUR_WORD_SHARE["male"], abs=0.01
    )


def test_gender_share_default(north):
    assert (north["gender"] == "female").mean() == pytest.approx(0.502, abs=0.005)
    assert set(north["gender"].unique()) == {"male", "female"}


def test_given_and_middle_names_match_gender(north, tables):
    giv, mid = tables["given_names"], tables["middle_names"]
    for g in ("male", "female"):
        people = north[north["gender"] == g]
        assert people["given_name"].isin(giv.loc[giv["gender"] == g, "given_name"]).all()
        words = people["middle_name"].str.split(" ").explode()
        assert words.isin(mid.loc[mid["gender"] == g, "middle_name"]).all()
    women = north[north["gender"] == "female"]
    assert women["middle_name"].str.contains("Thị").any()
    assert not north.loc[north["gender"] == "male", "middle_name"].str.contains("Thị").any()


def test_top_given_names(north):
    top_f = north.loc[north["gender"] == "female", "given_name"].value_counts().index[:3]
    top_m = north.loc[north["gender"] == "male", "given_name"].value_counts().index[:3]
    assert set(top_f) == {"Anh", "Linh", "Trang"}
    assert set(top_m) == {"Anh", "Minh", "Huy"}


def test_name_order_and_format(north, tables):
    full = north["full_name"]
    rebuilt = north["family_name"] + " " + north["middle_name"] + " " + north["given_name"]
    assert (full == rebuilt).all()
    assert full.str.split(" ").str[0].isin(tables["family_names"]["family_name"]).all()
    assert not full.str.contains("  ", regex=False).any()
    assert (full == full.str.strip()).all()
    assert all(unicodedata.is_normalized("NFC", s) for s in full.unique())


def test_no_repeated_word_and_thi_first(north):
    words = north["full_name"].str.split(" ")
    assert (words.map(len) == words.map(lambda w: len(set(w)))).all()
    four_mid = north.loc[north["middle_name"].str.contains(" "), "middle_name"]
    second = four_mid.str.split(" ").str[1]
    assert not second.isin(["Thị", "Văn"]).any()
    assert (four_mid.str.split(" ").str[0] == "Thị").sum() > 1000


def test_given_gender_and_region_are_used():
    n = 1_000
    gender = np.array(["female", "male"] * (n // 2))
    people = sample_people(
        n, rng=np.random.default_rng(1), gender=gender, region=np.full(n, "south")
    )
    assert (people["gender"].to_numpy() == gender).all()


def test_birth_year_makes_van_thi_generational():
    n = 120_000
    rng = np.random.default_rng(3)
    birth_year = np.repeat([1955, 2008], n // 2)
    people = sample_people(n, rng=rng, birth_year=birth_year)
    old_style = people["middle_name"].str.split(" ").str[0].isin(["Văn", "Thị"])
    older, younger = old_style[birth_year == 1955].mean(), old_style[birth_year == 2008].mean()
    base = sample_people(n, rng=rng)["middle_name"].str.split(" ").str[0].isin(["Văn", "Thị"])
    assert older > base.mean() + 0.1
    assert younger < base.mean() - 0.05


def test_same_seed_same_output():
    a = sample_people(2_000, rng=np.random.default_rng(99))
    b = sample_people(2_000, rng=np.random.default_rng(99))
    c = sample_people(2_000, rng=np.random.default_rng(100))
    pd.testing.assert_frame_equal(a, b)
    assert not a["full_name"].equals(c["full_name"])
    by = np.full(2_000, 1990)
    ea = make_emails(a, by, rng=np.random.default_rng(1))
    eb = make_emails(b, by, rng=np.random.default_rng(1))
    assert (ea == eb).all()
    assert (
        make_phones(500, rng=np.random.default_rng(7))
        == make_phones(500, rng=np.random.default_rng(7))
    ).all()
    assert not (
        make_phones(500, rng=np.random.default_rng(7))
        == make_phones(500, rng=np.random.default_rng(8))
    ).all()


def test_empty_and_invalid_n():
    empty = sample_people(0, rng=np.random.default_rng(0))
    assert list(empty.columns) == COLUMNS
    assert len(empty) == 0
    assert len(make_phones(0, rng=np.random.default_rng(0))) == 0
    assert len(make_emails(empty, np.array([], dtype=int), rng=np.random.default_rng(0))) == 0
    with pytest.raises(ValueError, match=r"\bn\b"):
        sample_people(-1, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"\bn\b"):
        make_phones(-5, rng=np.random.default_rng(0))


def test_invalid_arrays():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="region"):
        sample_people(2, rng=rng, region=np.array(["north", "west"]))
    with pytest.raises(ValueError, match="gender"):
        sample_people(2, rng=rng, gender=np.array(["male"]))
    with pytest.raises(ValueError, match="birth_year"):
        sample_people(3, rng=rng, birth_year=np.array([1990, 1991]))


# --------------------------------------------------------- strip_diacritics


def test_strip_diacritics_table():
    cases = pd.Series(
        {
            "Đặng Thị Ánh": "Dang Thi Anh",
            "Nguyễn Văn Đức": "Nguyen Van Duc",
            "Huỳnh Ngọc Quỳnh": "Huynh Ngoc Quynh",
            "Võ Thị Thủy Tiên": "Vo Thi Thuy Tien",
            "Trương Hữu Lộc": "Truong Huu Loc",
            "đỗ ưng ơn": "do ung on",
            "ASCII stays": "ASCII stays",
        }
    )
    src = pd.Series(list(cases.index) + [None], index=range(10, 10 + len(cases) + 1), name="x")
    out = strip_diacritics(src)
    assert out.name == "x"
    assert list(out.index) == list(src.index)
    assert list(out.iloc[:-1]) == list(cases.values)
    assert pd.isna(out.iloc[-1])


def test_strip_diacritics_all_names_ascii(tables):
    words = pd.concat(
        [
            tables["family_names"]["family_name"],
            tables["middle_names"]["middle_name"],
            tables["given_names"]["given_name"],
        ],
        ignore_index=True,
    )
    plain = strip_diacritics(words)
    assert plain.str.fullmatch(r"[A-Za-z]+").all()


# ------------------------------------------------------------------ e-mails


def test_emails_format_unique(with_emails):
    people, _, emails = with_emails
    assert len(emails) == len(people)
    s = pd.Series(emails)
    assert s.str.fullmatch(r"[a-z0-9.]+@[a-z.]+").all()
    assert s.is_unique
    local = s.str.split("@").str[0]
    assert not local.str.startswith(".").any()
    assert not local.str.contains("..", regex=False).any()


def test_emails_contain_name(with_emails):
    people, _, emails = with_emails
    given = strip_diacritics(people["given_name"]).str.lower().str.replace(" ", "")
    local = pd.Series(emails).str.split("@").str[0]
    assert all(g in e for g, e in zip(given, local, strict=True))


def test_email_styles_and_domains(with_emails):
    people, birth_year, emails = with_emails
    local = pd.Series(emails).str.split("@").str[0]
    domain = pd.Series(emails).str.split("@").str[1]
    fam = strip_diacritics(people["family_name"]).str.lower()
    mid = strip_diacritics(people["middle_name"]).str.lower().str.replace(" ", "")
    giv = strip_diacritics(people["given_name"]).str.lower()
    yy = pd.Series(birth_year % 100).astype(str).str.zfill(2)
    full = fam + mid + giv
    # the main consumer styles all occur
    assert (local == full).mean() > 0.05  # nguyenthimai
    assert (local == giv + "." + fam + yy).mean() > 0.05  # mai.nguyen95
    assert (local == full + pd.Series(birth_year).astype(str)).mean() > 0.05
    initials = fam.str[0] + people["middle_name"].str.split(" ").map(
        lambda ws: "".join(w[0] for w in ws)
    )
    initials = strip_diacritics(initials).str.lower()
    assert (local == giv + initials + yy).mean() > 0.05  # maint95
    shares = domain.value_counts(normalize=True)
    assert 0.70 < shares["gmail.com"] < 0.90
    assert set(shares.index) <= {
        "gmail.com",
        "yahoo.com",
        "yahoo.com.vn",
        "outlook.com",
        "icloud.com",
        "hotmail.com",
    }


def test_email_duplicates_get_counter():
    n = 3_000
    people = pd.DataFrame(
        {
            "family_name": ["Nguyễn"] * n,
            "middle_name": ["Thị"] * n,
            "given_name": ["Mai"] * n,
        }
    )
    emails = make_emails(people, np.full(n, 1995), rng=np.random.default_rng(0))
    s = pd.Series(emails)
    assert s.is_unique
    assert s.str.fullmatch(r"[a-z0-9.]+@[a-z.]+").all()
    assert "nguyenthimai@gmail.com" in set(s)
    assert "nguyenthimai2@gmail.com" in set(s)


def test_emails_validate_input():
    people = sample_people(3, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="birth_year"):
        make_emails(people, np.array([1990, 1991]), rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="missing columns"):
        make_emails(
            people.drop(columns="given_name"), np.full(3, 1990), rng=np.random.default_rng(0)
        )


# ------------------------------------------------------------------- phones


def test_phones_format_prefix_unique():
    phones = pd.Series(make_phones(N_BIG, rng=np.random.default_rng(8)))
    prefixes = {p for group in PHONE_CARRIERS["prefixes"] for p in group}
    assert phones.str.fullmatch(r"0\d{9}").all()
    assert phones.str[:3].isin(prefixes).all()
    assert phones.is_unique
    viettel = set(PHONE_CARRIERS.loc[PHONE_CARRIERS["carrier"] == "Viettel", "prefixes"].iloc[0])
    assert phones.str[:3].isin(viettel).mean() == pytest.approx(0.52, abs=0.01)
    assert phones.str[:3].nunique() == len(prefixes)


def test_phone_prefix_list_is_current():
    prefixes = {p for group in PHONE_CARRIERS["prefixes"] for p in group}
    expected = {
        "086",
        "096",
        "097",
        "098",
        *(f"03{d}" for d in range(2, 10)),
        "088",
        "091",
        "094",
        *(f"08{d}" for d in range(1, 6)),
        "089",
        "090",
        "093",
        "070",
        "076",
        "077",
        "078",
        "079",
        "092",
        "056",
        "058",
        "099",
        "059",
    }
    assert prefixes == expected
    assert all(re.fullmatch(r"0\d\d", p) for p in prefixes)
