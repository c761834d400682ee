"""Tests for ecrm_lab.i18n: languages, messages, labels and glossary."""

from __future__ import annotations

import unicodedata
import warnings

import pytest

from ecrm_lab import i18n
from ecrm_lab.i18n import MESSAGES, get_language, glossary, label, set_language, t


@pytest.fixture(autouse=True)
def _vietnamese(monkeypatch):
    """Run every test in Vietnamese and restore the previous language afterwards."""
    monkeypatch.setitem(i18n._state, "lang", "vi")


# ---------------------------------------------------------------------------- language selection
def test_default_language_is_vietnamese(monkeypatch):
    monkeypatch.delenv("ECRM_LAB_LANG", raising=False)
    monkeypatch.setitem(i18n._state, "lang", None)
    assert get_language() == "vi"


def test_env_var_is_honoured_at_first_use(monkeypatch):
    monkeypatch.setenv("ECRM_LAB_LANG", "en")
    monkeypatch.setitem(i18n._state, "lang", None)
    assert get_language() == "en"
    assert label("revenue") == "Revenue"
    # set_language wins over the environment afterwards
    set_language("vi")
    assert get_language() == "vi"


def test_invalid_env_var_falls_back_to_vietnamese(monkeypatch):
    monkeypatch.setenv("ECRM_LAB_LANG", "klingon")
    monkeypatch.setitem(i18n._state, "lang", None)
    with pytest.warns(UserWarning, match="ECRM_LAB_LANG"):
        assert get_language() == "vi"


def test_set_language_round_trip():
    set_language("en")
    assert get_language() == "en"
    set_language(" VI ")
    assert get_language() == "vi"


@pytest.mark.parametrize("bad", ["fr", "", "vietnamese", None, 1])
def test_unknown_language_raises_and_names_allowed_values(bad):
    with pytest.raises(ValueError, match="'vi'.*'en'"):
        set_language(bad)
    assert get_language() == "vi"


def test_language_context_manager_restores():
    with i18n.language("en") as lang:
        assert lang == "en"
        assert t("check.title_anon") == "Exercise"
    assert get_language() == "vi"
    assert t("check.title_anon") == "Bài tập"


# ---------------------------------------------------------------------------------------- messages
@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_with_same_placeholders(key):
    entry = MESSAGES[key]
    assert set(entry) == {"vi", "en"}
    assert entry["vi"].strip() and entry["en"].strip()
    assert i18n._placeholders(entry["vi"]) == i18n._placeholders(entry["en"])
    assert unicodedata.is_normalized("NFC", entry["vi"])


def test_t_formats_in_current_language():
    assert t("check.hint", hint="dùng groupby") == "💡 Gợi ý: dùng groupby"
    set_language("en")
    assert t("check.hint", hint="use groupby") == "💡 Hint: use groupby"


def test_t_unknown_key_suggests_close_keys():
    with pytest.raises(KeyError, match="unknown message key 'check.hnt'.*check.hint"):
        t("check.hnt")


def test_t_missing_placeholder_value_is_explained():
    with pytest.raises(KeyError, match="needs a value for 'hint'"):
        t("check.hint")


# ------------------------------------------------------------------------------------------ labels
REQUIRED_LABELS = """
customers products orders order_items sessions truth
customer_id full_name gender birth_year province signup_date acquisition_channel device email
phone product_id category subcategory ('column','brand') price tier margin order_id order_date channel
payment_method amount discount status quantity unit_price line_amount session_date visits
pageviews minutes traffic_source purchase_rate dropout_prob churn_date persona
expected_purchases_52w expected_value_52w mean_order_value n_orders revenue week month
selection acquisition retention expansion lapsed
completed cancelled returned male female
""".split()
# a bare "brand" is ambiguous (a column and a campaign objective): name the kind
REQUIRED_LABELS = [("column", "brand") if n == "('column','brand')" else n for n in REQUIRED_LABELS]

RFM_SEGMENTS = [
    "Champions",
    "Loyal Customers",
    "Potential Loyalists",
    "New Customers",
    "Promising",
    "Need Attention",
    "About to Sleep",
    "At Risk",
    "Can't Lose Them",
    "Hibernating",
    "Lost",
]


@pytest.mark.parametrize("name", REQUIRED_LABELS + RFM_SEGMENTS)
def test_required_labels_exist_in_both_languages(name):
    vi, en = label(name, lang="vi"), label(name, lang="en")
    assert vi and en
    assert unicodedata.is_normalized("NFC", vi)
    if name not in ("email",):
        assert vi != name, f"{name!r} has no Vietnamese label"


def test_every_label_entry_has_both_languages():
    entries = i18n.LABELS
    assert len(entries) > 150
    for (kind, code), entry in entries.items():
        assert set(entry) == {"vi", "en"}, (kind, code)
        assert entry["vi"].strip() and entry["en"].strip(), (kind, code)
        # the namespaced key finds exactly this entry
        assert label((kind, code), lang="vi") == entry["vi"]
        assert label((kind, code), lang="en") == entry["en"]


def test_labels_is_a_copy_of_the_vocabulary():
    entries = i18n.LABELS
    entries[("stage", "retention")]["vi"] = "changed"
    assert label(("stage", "retention"), lang="vi") == "giữ chân"


@pytest.mark.parametrize(
    ("key", "vi", "en"),
    [
        (("channel", "email"), "E-mail", "Email"),
        (("column", "email"), "E-mail", "Email"),
        (("column", "channel"), "Kênh", "Channel"),
        (("column", "order_channel"), "Kênh đặt hàng", "Order channel"),
        (("gender", "other"), "khác", "other"),
        (("spin_type", "other"), "khác (không phải SPIN)", "other (not SPIN)"),
        (("spin_type", "N"), "lợi ích giải pháp (Need-payoff)", "Need-payoff"),
        (("stage", "retention"), "giữ chân", "retention"),
        (("objective", "brand"), "xây dựng thương hiệu", "brand building"),
        (("status", "canceled"), "đã hủy", "cancelled"),  # an alias inside its kind
        (("segment", "At Risk"), "Có nguy cơ rời bỏ", "At Risk"),
        (("funnel_step", "reached"), "được tiếp cận", "reached"),
    ],
)
def test_namespaced_labels(key, vi, en):
    assert label(key, lang="vi") == vi
    assert label(key, lang="en") == en


@pytest.mark.parametrize(
    ("name", "kinds"), [("other", ("gender", "spin_type")), ("brand", ("column", "objective"))]
)
def test_an_ambiguous_bare_name_is_a_clear_error(name, kinds):
    with pytest.raises(i18n.AmbiguousLabelError, match="ambiguous") as info:
        label(name)
    message = str(info.value)
    for kind in kinds:
        assert f"label(({kind!r}, {name!r}))" in message
    assert "Fix: name the kind" in message
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    "name", ["email", "acquisition", "retention", "funnel_reached", "canceled"]
)
def test_a_bare_name_with_one_label_in_several_kinds_is_not_ambiguous(name):
    # e.g. "retention" is a lifecycle stage and a campaign objective, labelled alike
    assert label(name, lang="vi") != name


def test_namespaced_key_errors():
    with pytest.raises(
        ValueError, match="unknown vocabulary kind 'chanel': did you mean 'channel'"
    ):
        label(("chanel", "email"))
    with pytest.raises(TypeError, match=r"pair of strings \(kind, code\)"):
        label(("channel", "email", "x"))
    with pytest.raises(TypeError, match="pair of strings"):
        label(("channel", 3))
    # an unknown code of a known kind is returned unchanged, like an unknown bare name
    assert label(("channel", "pigeon_post")) == "pigeon_post"


@pytest.mark.parametrize(
    ("name", "vi", "en"),
    [
        ("revenue", "Doanh thu", "Revenue"),
        ("selection", "lựa chọn", "selection"),
        ("acquisition", "thu hút", "acquisition"),
        ("retention", "giữ chân", "retention"),
        ("expansion", "mở rộng", "expansion"),
        ("lapsed", "khách đã ngừng mua", "lapsed"),
        ("completed", "hoàn tất", "completed"),
        ("cancelled", "đã hủy", "cancelled"),
        ("returned", "trả hàng", "returned"),
        ("male", "nam", "male"),
        ("female", "nữ", "female"),
        ("Champions", "Khách hàng xuất sắc", "Champions"),
        ("At Risk", "Có nguy cơ rời bỏ", "At Risk"),
    ],
)
def test_label_values(name, vi, en):
    assert label(name, lang="vi") == vi
    assert label(name, lang="en") == en


def test_label_uses_current_language():
    assert label("orders") == "Đơn hàng"
    set_language("en")
    assert label("orders") == "Orders"


@pytest.mark.parametrize(
    "spelling", ["Can't Lose Them", "cant_lose_them", "CANT LOSE THEM", "can’t lose them"]
)
def test_label_lookup_is_forgiving(spelling):
    assert label(spelling, lang="vi") == "Không thể để mất"


def test_label_falls_back_to_name():
    assert label("cột_lạ_không_có") == "cột_lạ_không_có"
    assert label("") == ""
    assert label(2024) == "2024"
    assert label(None) == "None"


def test_label_rejects_unknown_language():
    with pytest.raises(ValueError, match="allowed values"):
        label("revenue", lang="de")


# ---------------------------------------------------------------------------------------- glossary
def test_glossary_shape_and_content():
    g = glossary()
    assert list(g.columns) == ["vi", "en", "meaning_vi"]
    assert 30 <= len(g) <= 150  # a course glossary, not a dictionary: it grows with the lessons
    assert not g.isna().any().any()
    assert (g.map(lambda s: len(s.strip())) > 1).all().all()
    assert g["vi"].is_unique and g["en"].is_unique
    for text in g.to_numpy().ravel():
        assert unicodedata.is_normalized("NFC", text)
    terms = " | ".join(g["vi"]) + " | " + " | ".join(g["en"])
    for term in [
        "eCRM",
        "RFM",
        "CLV",
        "CAC",
        "ROAS",
        "SPIN",
        "SEO",
        "SEM",
        "BG/NBD",
        "4I",
        "churn",
        "retention rate",
        "conversion rate",
        "funnel",
        "attribution",
        "cross-selling",
        "up-selling",
        "referral",
        "engagement",
        "loyalty programme",
        "gamification",
        "cohort",
        "mega sale",
        "e-mail marketing",
        "vòng đời khách hàng",
        "lựa chọn",
        "thu hút",
        "giữ chân",
        "mở rộng",
        "rời bỏ",
        "tái bán hàng",
        "trò chơi hóa",
    ]:
        assert term in terms, term


def test_glossary_returns_a_fresh_frame():
    g = glossary()
    g.loc[0, "vi"] = "changed"
    assert glossary().loc[0, "vi"] != "changed"


def test_no_warnings_on_normal_use():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        label("revenue")
        t("check.title", name="1")
        glossary()


def test_the_bare_names_notebooks_and_plots_label_are_unambiguous():
    """Notebooks 00-03 and the analysis plots call label() on these codes without a kind."""
    from ecrm_lab import vocabulary

    names = [
        *vocabulary.codes("channel"),  # notebook 02: label(row.channel), credit.index.map(label)
        *vocabulary.codes("stage"),  # notebook 01: [label(s) for s in STAGES]
        *vocabulary.codes("attribution_model"),  # notebook 02: label(m)
        *(f"funnel_{s}" for s in vocabulary.codes("funnel_step")),  # label(f"funnel_{step}")
        "attribution_model", "share_of_reached_log", "share_contacted", "share_buyers_reached",
        "by_model_score", "random_contact",
    ]  # fmt: skip
    for name in names:
        for lang in ("vi", "en"):
            assert label(name, lang=lang), name


# ------------------------------------------------------------------------ texts of plots and results
def test_text_reads_the_data_file_in_the_current_language():
    from ecrm_lab import vocabulary

    row = vocabulary.table("text").set_index("code").loc["lifecycle.counts_title"]
    with i18n.language("en"):
        assert i18n.text("lifecycle.counts_title", d="30/06/2025") == row["en"].format(
            d="30/06/2025"
        )
        assert i18n.text("lifecycle.counts_title", "vi", d="30/06/2025") == (
            "Khách hàng theo giai đoạn vòng đời, ngày 30/06/2025"
        )
    with i18n.language("vi"):
        assert i18n.text("lifecycle.month") == "Tháng"
        assert i18n.text("lifecycle.month", lang="en") == "Month"


def test_text_formats_like_the_code_it_replaced():
    # the f-strings the plots used to build, e.g. f"... = {1 / gross_margin:.1f}"
    assert i18n.text("acquisition.economics_breakeven", "en", breakeven=1 / 0.33) == (
        "break-even: 1 / gross margin = 3.0"
    )
    assert i18n.text("lifecycle.warmup", "vi", n=28) == "khởi động:\nchưa đủ 28 ngày\ndữ liệu"
    assert i18n.text("spin.outcomes_xlabel", "en", pct=" 90 %", level="90 % ") == (
        "Share of chats ending in an order (90 % interval)"
    )


def test_text_errors_are_clear():
    with pytest.raises(KeyError, match="unknown text code 'lifecycle.montth'.*'lifecycle.month'"):
        i18n.text("lifecycle.montth")
    with pytest.raises(KeyError, match="needs a value for 'h'"):
        i18n.text("lifecycle.reorder_y", "en")
    with pytest.raises(ValueError):
        i18n.text("lifecycle.month", lang="fr")
