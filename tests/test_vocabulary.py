"""The vocabulary data (ecrm_lab/data/vocabulary/) and its loader."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from ecrm_lab import _schema, vocabulary
from ecrm_lab.lifecycle import STAGES
from ecrm_lab.synth import config as synth_config


def test_every_kind_has_a_well_formed_file():
    k = vocabulary.kinds()
    assert k["kind"].is_unique
    for kind, flag_names in zip(k["kind"], k["flags"], strict=True):
        df = vocabulary.table(kind)
        assert list(df.columns[:4]) == ["code", "order", "vi", "en"], kind
        assert df["code"].is_unique and (df["code"] != "").all(), kind
        assert (df["vi"] != "").all() and (df["en"] != "").all(), kind
        assert list(df["order"]) == list(range(1, len(df) + 1)), kind
        for flag in flag_names:
            assert df[flag].dtype == bool, (kind, flag)


def test_codes_follow_the_order_and_filter_by_flags():
    assert vocabulary.codes("stage") == STAGES
    assert vocabulary.codes("channel", subset="click") == (
        "paid_search", "facebook", "tiktok", "zalo", "email", "affiliate",
    )  # fmt: skip
    # several flags: every one must hold
    assert vocabulary.codes("channel", ["social", "event"]) == ("facebook", "tiktok")
    assert vocabulary.codes("status", "purchase") == ("completed",)
    assert vocabulary.codes("spin_type", "spin") == ("S", "P", "I", "N")


def test_the_vocabulary_agrees_with_the_simulator_and_the_schema():
    assert vocabulary.codes("channel", "acquisition") == synth_config.ACQUISITION_CHANNELS
    cfg = synth_config.ShopConfig()
    assert set(cfg.payment_mix) == set(vocabulary.codes("payment"))
    assert set(cfg.device_mix) == set(vocabulary.codes("device"))
    assert set(cfg.order_channel_mix) == set(vocabulary.codes("order_channel"))
    assert set(cfg.cost_per_prospect) == set(vocabulary.codes("channel", "paid"))
    cats = {(c.table, c.column): c.categories for c in _schema.COLUMNS}
    assert cats[("orders", "status")] == vocabulary.codes("status")
    assert cats[("touchpoints", "channel")] == vocabulary.codes("channel", "touch")
    assert cats[("touchpoints", "kind")] == vocabulary.codes("touch_kind")
    assert cats[("chat_messages", "spin_label")] == vocabulary.codes("spin_type")
    assert cats[("truth", "persona")] == vocabulary.codes("persona")
    assert cats[("products", "tier")] == vocabulary.codes("tier")
    assert cats[("campaigns", "objective")] == vocabulary.codes("objective")


def test_categories_match_the_catalogue_and_the_chat_topics():
    from ecrm_lab.synth.catalog import SUBCATEGORIES

    cat = vocabulary.table("category")
    assert set(cat["vi"]) == {row[0] for row in SUBCATEGORIES}
    # every topic but "general" (questions that fit any category) is some category's topic
    assert set(cat["chat_topic"]) | {"general"} == set(vocabulary.codes("chat_topic"))
    bank = pd.read_csv(Path(vocabulary.__file__).parent / "data" / "spin_questions.csv")
    assert set(bank["category"]) <= set(vocabulary.codes("chat_topic"))


def test_subcategories_match_the_catalogue():
    from ecrm_lab.synth.catalog import COMPLEMENTS, SUBCATEGORIES

    sub = vocabulary.table("subcategory")
    by_vi = sub.set_index("vi")
    assert list(sub["vi"]) == [row[1] for row in SUBCATEGORIES]
    cat_code = vocabulary.mapping("category", "code", key="vi")
    for category, subcategory, *_ in SUBCATEGORIES:
        assert by_vi.at[subcategory, "category"] == cat_code[category], subcategory
    assert set(COMPLEMENTS) | set(COMPLEMENTS.values()) <= set(sub["vi"])


def test_labels_follow_the_language():
    assert vocabulary.labels("stage", lang="vi")["retention"] == "giữ chân"
    assert vocabulary.labels("stage", lang="en")["retention"] == "retention"
    assert list(vocabulary.labels("stage", lang="en")) == list(STAGES)


def test_results_are_copies():
    t = vocabulary.table("channel")
    t.loc[0, "vi"] = "changed"
    assert vocabulary.table("channel").loc[0, "vi"] != "changed"
    d = vocabulary.labels("channel", lang="vi")
    d["email"] = "changed"
    assert vocabulary.labels("channel", lang="vi")["email"] != "changed"


def test_unknown_kind_and_flag_are_clear_errors():
    with pytest.raises(
        ValueError, match=r"unknown vocabulary kind 'chanel': did you mean 'channel'"
    ):
        vocabulary.codes("chanel")
    with pytest.raises(ValueError, match=r"unknown subset 'paied'.*flags are acquisition"):
        vocabulary.codes("channel", subset="paied")
    with pytest.raises(ValueError, match="flags are none"):
        vocabulary.codes("stage", subset="paid")
    with pytest.raises(ValueError, match="unknown language"):
        vocabulary.labels("stage", lang="fr")


def test_aliases_point_at_real_codes():
    for alias, (kind, code) in vocabulary.aliases().items():
        assert code in vocabulary.codes(kind), alias


def test_glossary_has_one_term_per_concept():
    g = vocabulary.glossary_table()
    assert g["en"].is_unique and g["vi"].is_unique
    for vi, wrong in zip(g["vi"], g["wrong_variants"], strict=True):
        assert vi not in wrong


#: Category columns of the VietShop tables and the vocabulary kind (and key column) they hold.
DATA_COLUMNS = {
    ("customers", "gender"): ("gender", "code"),
    ("customers", "acquisition_channel"): ("channel", "code"),
    ("customers", "device"): ("device", "code"),
    ("products", "category"): ("category", "vi"),
    ("products", "subcategory"): ("subcategory", "vi"),
    ("products", "tier"): ("tier", "code"),
    ("orders", "channel"): ("order_channel", "code"),
    ("orders", "payment_method"): ("payment", "code"),
    ("orders", "status"): ("status", "code"),
    ("sessions", "traffic_source"): ("channel", "code"),
    ("truth", "persona"): ("persona", "code"),
    ("prospects", "channel"): ("channel", "code"),
    ("touchpoints", "channel"): ("channel", "code"),
    ("touchpoints", "kind"): ("touch_kind", "code"),
    ("campaigns", "channel"): ("channel", "code"),
    ("campaigns", "objective"): ("objective", "code"),
    ("marketing_spend", "channel"): ("channel", "code"),
    ("sales_chats", "category"): ("chat_topic", "code"),
    ("chat_messages", "speaker"): ("speaker", "code"),
    ("chat_messages", "spin_label"): ("spin_type", "code"),
    ("deliveries", "carrier"): ("carrier", "code"),
    ("tickets", "topic"): ("ticket_topic", "code"),
    ("tickets", "channel"): ("ticket_channel", "code"),
    ("warranty_claims", "outcome"): ("claim_outcome", "code"),
    ("surveys", "dimension"): ("sq_dimension", "code"),
    ("emails", "campaign"): ("email_campaign", "code"),
    ("winback", "arm"): ("winback_arm", "code"),
}


def test_every_code_in_the_simulated_data_is_in_the_vocabulary(tiny_shop):
    for (table, column), (kind, key) in DATA_COLUMNS.items():
        values = set(getattr(tiny_shop, table)[column].dropna().astype(str))
        known = set(vocabulary.table(kind)[key])
        assert values, (table, column)
        assert values <= known, (table, column, values - known)


def test_every_category_column_of_the_schema_is_checked_against_the_vocabulary():
    # a new category column must be added to DATA_COLUMNS (and so be checked above)
    schema = {(c.table, c.column): c for c in _schema.COLUMNS}
    category_columns = {name for name, c in schema.items() if c.kind == "category"}
    # provinces are place names from the people model's data, not codes with labels
    assert category_columns - set(DATA_COLUMNS) == {("customers", "province")}
    for name, (kind, key) in DATA_COLUMNS.items():
        allowed = schema[name].categories
        if allowed is not None:  # the schema's allowed values are codes of the same kind
            assert set(allowed) <= set(vocabulary.table(kind)[key]), name


def test_every_labelled_table_and_column_exists_in_the_schema():
    tables = set(vocabulary.codes("table"))
    assert tables <= set(_schema.TABLES)
    schema_columns = {c.column for c in _schema.COLUMNS}
    # every column of the core tables has a label
    core = {c.column for c in _schema.COLUMNS if c.table in tables}
    assert core <= set(vocabulary.codes("column")), core - set(vocabulary.codes("column"))
    assert schema_columns  # the schema is not empty


def test_mapping_gives_attributes_and_rejects_unknown_columns():
    assert vocabulary.mapping("channel", "campaign_vi")["paid_search"] == "Google Ads"
    assert vocabulary.mapping("category", "code", key="vi")["Mẹ & Bé"] == "baby"
    with pytest.raises(ValueError, match="has no column 'colour'.*color"):
        vocabulary.mapping("stage", "colour")
    with pytest.raises(ValueError, match="repeated values"):
        vocabulary.mapping("category", "code", key="chat_topic")  # two fashion categories


# --------------------------------------------------------------------- the vocabulary is not restated
#: (top-level module, kind) pairs that still write a list of codes or labels out in the code (issue 10
#: §2): their owners replace them by ecrm_lab.vocabulary calls, then remove the pair from this set.
#: A new restatement anywhere else fails the test below.
STILL_RESTATED = {
    # catalog.COMPLEMENTS: pairs of subcategories bought together, a planted parameter of the
    # simulator (which subcategory goes with which), not a list of the codes; and
    # chat_text.PRODUCT_NOUN: the shopper's noun for each subcategory, chat text rather than a label.
    ("synth", "subcategory"),
}


def restatements(source: str) -> set[str]:
    """Kinds whose codes (or Vietnamese labels) ``source`` writes out as a literal collection.

    A tuple, list or set of at least three strings that are all codes (or all ``vi`` labels) of one
    kind, or a dict whose keys are such codes and whose values are all strings (a label table).
    A dict with other values (``{"cod": 0.58, ...}``: a model parameter per code) is not counted.
    """
    import ast

    kinds = [k for k in vocabulary.kinds()["kind"] if k not in ("column", "table")]
    known = {k: (set(vocabulary.codes(k)), set(vocabulary.table(k)["vi"])) for k in kinds}
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            elts = node.elts
        elif isinstance(node, ast.Dict) and all(
            isinstance(v, ast.Constant) and isinstance(v.value, str) for v in node.values
        ):
            elts = node.keys
        else:
            continue
        vals = {e.value for e in elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
        if len(vals) < 3 or len(vals) != len(elts):
            continue
        found |= {k for k, sets in known.items() if any(vals <= s for s in sets)}
    return found


def test_the_restatement_finder():
    assert restatements('X = ("selection", "acquisition", "retention")') == {"stage"}
    assert restatements('L = {"cod": "COD", "momo": "MoMo", "card": "thẻ"}') == {"payment"}
    assert restatements('M = {"cod": 0.5, "momo": 0.3, "card": 0.2}') == set()
    assert restatements('C = ["Làm đẹp", "Mẹ & Bé", "Điện gia dụng"]') == {"category"}
    assert restatements('T = ("completed", "cancelled")') == set()  # too short to be a list
    assert restatements('codes("channel", subset="acquisition")') == set()


def test_no_new_module_restates_the_vocabulary():
    package = Path(vocabulary.__file__).parent
    found = set()
    for path in sorted(package.rglob("*.py")):
        if path.name in ("vocabulary.py",):
            continue
        top = path.relative_to(package).parts[0].removesuffix(".py")
        found |= {(top, kind) for kind in restatements(path.read_text(encoding="utf-8"))}
    new = sorted(found - STILL_RESTATED)
    assert new == [], (
        f"{new} write codes or labels of the vocabulary out: read them with "
        "ecrm_lab.vocabulary.codes / labels / mapping instead (data/vocabulary/<kind>.csv)"
    )


# ------------------------------------------------------------ student-facing texts are data, not code
#: Files whose Vietnamese string literals are not plot or result texts: the message table of the
#: package (i18n.MESSAGES), exercise feedback, lesson answers and the simulated world's content.
TEXT_EXEMPT = ("i18n.py", "exercises/_messages.py", "answers/", "synth/")
#: Files that still hold Vietnamese literals of another sort, with the reason (a new file with
#: Vietnamese literals fails the test below; move its texts to data/vocabulary/text.csv instead).
STILL_VIETNAMESE = {
    "_schema.py": "descriptions of the tables and columns (the schema's own data)",
    "datasets.py": "type and unit words of the data dictionary",
    "tour.py": "the Tết event names of sale_calendar (calendar data, not a plot text)",
    "plotting.py": "the number suffixes nghìn / tỷ of the axis formatter",
    "text.py": "the letter đ of the diacritics folding",
    "exercises/_compare.py": "the letter đ of the diacritics folding",
    "exercises/student_edition.py": "the TODO comment written into the student notebooks",
}
_VIETNAMESE = set("àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ")


#: Files that still write vi / en text pairs, with the reason (a new one fails the test below).
STILL_PAIRED = {
    "_schema.py": "the Vietnamese and English descriptions of every table and column (Column rows)",
}


def _has_vietnamese(value: object) -> bool:
    return isinstance(value, str) and bool(_VIETNAMESE & set(value.casefold()))


def _wording(value: str) -> bool:
    """Whether ``value`` is words rather than a letter, a code or a language name."""
    return len(value.strip()) >= 3 and value.strip() not in ("vi", "en")


def _strings(node) -> list[str]:
    """The constant string parts of a literal or an f-string (empty for anything else)."""
    import ast

    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.Constant)]
    return []


def text_tables(source: str) -> list[str]:
    """Places where ``source`` writes a Vietnamese / English text pair out in the code.

    * a dict literal with the keys ``"vi"`` and ``"en"`` (``{"vi": "Tháng", "en": "Month"}``);
    * a choice on the language between two texts (``"Tháng" if lang == "vi" else "Month"``);
    * a call given a Vietnamese and a non-Vietnamese text side by side (``_text("Tháng", "Month")``).
    """
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict):
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            if {"vi", "en"} <= keys and all(
                _strings(v) or isinstance(v, ast.Dict) for v in node.values
            ):
                found.append(f"line {node.lineno}: a {{'vi': ..., 'en': ...}} dict")
        elif isinstance(node, ast.IfExp) and isinstance(node.test, ast.Compare):
            compared = [node.test.left, *node.test.comparators]
            body, orelse = " ".join(_strings(node.body)), " ".join(_strings(node.orelse))
            if any(isinstance(c, ast.Constant) and c.value in ("vi", "en") for c in compared) and (
                _wording(body) and _wording(orelse)
            ):
                found.append(f"line {node.lineno}: a text chosen by language")
        elif isinstance(node, ast.Call):
            texts = [" ".join(_strings(a)) for a in node.args if _strings(a)]
            texts = [t for t in texts if _wording(t)]
            if any(map(_has_vietnamese, texts)) and any(not _has_vietnamese(t) for t in texts):
                found.append(f"line {node.lineno}: a call given a Vietnamese and an English text")
    return found


def vietnamese_literals(source: str) -> list[str]:
    """The string literals of ``source`` with Vietnamese letters, docstrings left out."""
    import ast

    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and _strings(body[0].value):
                docstrings.add(id(body[0].value))
    return [
        text
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and id(node) not in docstrings
        for text in _strings(node)
        if _has_vietnamese(text)
    ]


def test_the_text_table_finders():
    assert text_tables('X = {"vi": "Tháng", "en": "Month"}') != []
    assert text_tables('X = {"k": {"vi": "Tháng", "en": "Month"}}') != []
    assert text_tables('X = {"vi": {"month": "Tháng"}, "en": {"month": "Month"}}') != []
    assert text_tables('x = "Tháng" if lang == "vi" else "Month"') != []
    assert text_tables('x = f"Tháng {m}" if (lang or get()) != "en" else f"Month {m}"') != []
    assert text_tables('ax.set_xlabel(_text("Tháng", "Month", lang))') != []
    assert text_tables('ax.set_xlabel(_text(lang, f"Tháng {m}", f"Month {m}"))') != []
    assert text_tables('ax.set_xlabel(text("lifecycle.month", lang))') == []
    assert text_tables('x = 1 if lang == "vi" else 2') == []
    assert text_tables("col = f\"action_{'vi' if lang == 'vi' else 'en'}\"") == []
    assert text_tables('x = {"vi": vi, "en": en}') == []  # built from the data, not written out
    assert text_tables('s.replace("đ", "d")') == []
    assert text_tables('label(("channel", "email"), lang="vi")') == []
    assert vietnamese_literals('def f():\n    """Tháng."""\n    return "Month"') == []
    assert vietnamese_literals('x = f"Tháng {m}"') == ["Tháng "]


def _modules():
    package = Path(vocabulary.__file__).parent
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package).as_posix()
        if not rel.startswith(TEXT_EXEMPT):
            yield rel, path.read_text(encoding="utf-8")


def test_no_module_writes_a_vi_en_text_table():
    found = {rel: where for rel, source in _modules() if (where := text_tables(source))}
    new = {rel: where for rel, where in found.items() if rel not in STILL_PAIRED}
    assert new == {}, (
        f"{found}: write plot and result texts once, in ecrm_lab/data/vocabulary/text.csv "
        "(code,order,vi,en), and read them with ecrm_lab.i18n.text(code, lang, **fmt)"
    )
    gone = sorted(set(STILL_PAIRED) - set(found))
    assert gone == [], f"{gone} no longer write text pairs: remove them from STILL_PAIRED"


def test_no_new_module_writes_vietnamese_text():
    found = {rel: lits[:3] for rel, source in _modules() if (lits := vietnamese_literals(source))}
    new = {rel: lits for rel, lits in found.items() if rel not in STILL_VIETNAMESE}
    assert new == {}, (
        f"{new}: student-facing words belong in ecrm_lab/data/vocabulary/text.csv, read with "
        "ecrm_lab.i18n.text(code, lang, **fmt)"
    )
    gone = sorted(set(STILL_VIETNAMESE) - set(found))
    assert gone == [], (
        f"{gone} no longer hold Vietnamese literals: remove them from STILL_VIETNAMESE"
    )


def test_the_texts_are_well_formed():
    import string

    from ecrm_lab import i18n

    t = vocabulary.table("text")
    assert t["code"].str.fullmatch(r"[a-z_]+\.[A-Za-z0-9_]+").all()
    assert (t["vi"].str.len() > 0).all() and (t["en"].str.len() > 0).all()
    for row in t.itertuples():
        for lang in ("vi", "en"):
            fields = [f for _, f, _, _ in string.Formatter().parse(getattr(row, lang)) if f]
            assert all(f.isidentifier() for f in fields), (row.code, lang, fields)
            values = dict.fromkeys(fields, 1.5)
            assert i18n.text(row.code, lang, **values) == getattr(row, lang).format(**values)


# ------------------------------------------------------- orders that integer codes and draws depend on
def test_the_orders_that_codes_and_random_draws_depend_on_are_unchanged():
    """Reordering a vocabulary file must not silently change the simulator or the stage codes.

    These tuples are written out on purpose: they pin the order of the codes where it becomes integer
    codes (lifecycle stages, the rows of the SPIN transition matrix) or the order of random draws
    (channel mixes, the spend noise per channel), so that the simulated data stay byte for byte.
    """
    from ecrm_lab import lifecycle, spin
    from ecrm_lab.acquisition import MODELS
    from ecrm_lab.acquisition import _common as acq_common
    from ecrm_lab.lifecycle import _core
    from ecrm_lab.synth import chats, marketing

    assert lifecycle.STAGES == ("selection", "acquisition", "retention", "expansion", "lapsed")
    assert (_core._SEL, _core._ACQ, _core._RET, _core._EXP, _core._LAP) == (0, 1, 2, 3, 4)
    assert list(_core.STAGE_DTYPE.categories) == list(lifecycle.STAGES)
    assert chats.LABELS == ("S", "P", "I", "N", "other")
    assert chats.TRANSITIONS.shape == (len(chats.LABELS), len(chats.LABELS) + 1)
    assert spin.LABELS == ("S", "P", "I", "N") and spin.ALL_LABELS == chats.LABELS
    assert spin.LABEL_NAMES["I"] == {"vi": "hệ quả (Implication)", "en": "Implication"}
    assert synth_config.ACQUISITION_CHANNELS == (
        "organic_search", "paid_search", "facebook", "tiktok", "zalo", "email", "affiliate",
        "referral", "direct",
    )  # fmt: skip
    assert marketing._SPEND_CHANNELS == (
        "paid_search", "organic_search", "facebook", "tiktok", "zalo", "email", "affiliate",
        "referral", "tv",
    )  # fmt: skip
    assert set(marketing._SPEND_CHANNELS) == set(vocabulary.codes("channel", "spend"))
    assert marketing._CLICK_CHANNELS == (
        "paid_search", "facebook", "tiktok", "zalo", "email", "affiliate",
    )  # fmt: skip
    assert marketing._EVENT_CHANNELS == ("facebook", "tiktok", "email")
    assert marketing._SOCIAL == ("facebook", "tiktok", "zalo")
    assert marketing._CHANNEL_VI == {
        "paid_search": "Google Ads", "facebook": "Facebook", "tiktok": "TikTok", "zalo": "Zalo",
        "email": "E-mail", "affiliate": "Tiếp thị liên kết", "tv": "Truyền hình",
    }  # fmt: skip
    # alphabetical integer codes of the marketing simulation
    assert list(marketing._CHANNELS) == sorted(vocabulary.codes("channel", "touch"))
    assert "tv" in marketing._CHANNELS and "direct" in marketing._CHANNELS
    assert MODELS == (
        "first_touch", "last_touch", "linear", "time_decay", "position_based", "markov",
    )  # fmt: skip
    assert acq_common.NO_TOUCHPOINT in vocabulary.codes("channel")


def test_the_simulator_mappings_cover_every_category():
    from ecrm_lab.synth import catalog, chats

    cats = {row[0] for row in catalog.SUBCATEGORIES}
    assert cats == set(catalog._CATEGORY_SUFFIX) == set(chats._CATEGORY_CODE)
    assert catalog._CATEGORY_SUFFIX["Mẹ & Bé"] == "Kids"
    assert chats._CATEGORY_CODE["Thời trang nam"] == "fashion"
    assert set(catalog._CATEGORY_SUFFIX.values()) <= set(catalog._BRAND_SUFFIX)


def test_the_persona_rules_give_every_persona_and_nothing_else():
    from ecrm_lab.synth import truth

    cfg = synth_config.ShopConfig()
    # one customer per rule, checked in priority order; the last one matches no rule
    lam_q, p_q80, mov_q = truth._cutoffs(
        cfg.r, cfg.alpha, cfg.a, cfg.b, cfg.spend_p, cfg.spend_q, cfg.spend_gamma
    )
    low, high = 0.5 * min(lam_q), 2.0 * max(lam_q)
    traits = pd.DataFrame(
        {
            "deal_seeker": [True, False, False, False, False, False],
            "purchase_rate": [high, high, high, low, low, low],
            "mean_order_value": [0.0, 2 * max(mov_q), 0.0, 2 * max(mov_q), 0.0, 0.0],
            "dropout_prob": [0.0, 0.0, 0.0, 0.0, 1.0, 0.0],
        }
    )
    got = list(truth.personas(cfg, traits))
    assert got == ["deal_seeker", "vip", "regular", "big_ticket", "fickle", "occasional"]
    assert set(got) == set(vocabulary.codes("persona"))
