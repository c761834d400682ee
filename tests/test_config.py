"""ShopConfig: presets, immutability, files (and every way a file can be wrong), bad values."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from ecrm_lab.synth import ShopConfig


def test_defaults_are_the_small_preset():
    assert ShopConfig() == ShopConfig.preset("small")
    assert ShopConfig.preset("small").n_customers == 5_000


def test_preset_overrides_are_validated_and_keep_the_rest():
    cfg = ShopConfig.preset("tiny", r=0.7)
    assert (cfg.r, cfg.n_products) == (0.7, ShopConfig.preset("tiny").n_products)
    with pytest.raises(ValueError, match="n_products"):
        ShopConfig.preset("tiny", n_products=2)  # bad input: a catalogue of 2 products


def test_tiny_preset_simulates_that_many_customers(tiny_shop):
    assert len(tiny_shop.customers) == ShopConfig.preset("tiny").n_customers == 200
    assert tiny_shop.config["n_customers"] == 200


def test_presets_grow():
    sizes = [ShopConfig.preset(n).n_customers for n in ("tiny", "small", "medium", "large")]
    assert sizes == sorted(sizes) and len(set(sizes)) == 4


def test_population_means():
    cfg = ShopConfig(
        r=2.0, alpha=8.0, a=1.0, b=3.0, spend_p=6.0, spend_q=4.0, spend_gamma=100_000.0
    )
    assert cfg.mean_purchase_rate == pytest.approx(0.25)
    assert cfg.mean_dropout == pytest.approx(0.25)
    assert cfg.mean_order_value == pytest.approx(200_000)


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".toml"])
def test_file_round_trip(tmp_path, suffix):
    cfg = ShopConfig.preset("tiny", start_date="2024-03-01", r=0.7)
    path = cfg.to_file(tmp_path / f"scenario{suffix}")
    assert ShopConfig.from_file(path) == cfg


def test_file_with_unknown_suffix(tmp_path):
    with pytest.raises(ValueError, match=r"\.yaml, \.yml or \.toml"):
        ShopConfig().to_file(tmp_path / "scenario.json")


def test_missing_config_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        ShopConfig.from_file(tmp_path / "nope.yaml")


def test_unknown_field_in_file(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("n_customers: 10\nn_customers_typo: 5\n", encoding="utf-8")
    with pytest.raises(ValueError, match="n_customers_typo"):
        ShopConfig.from_file(path)


BAD = [
    ({"n_customers": 0}, ValueError, "n_customers"),
    ({"n_customers": -5}, ValueError, "n_customers"),
    ({"n_customers": 10.5}, TypeError, "n_customers must be an integer"),
    ({"n_customers": "100"}, TypeError, "n_customers"),
    ({"n_customers": True}, TypeError, "n_customers"),
    ({"n_products": 3}, ValueError, "n_products"),
    ({"a": -1.0}, ValueError, "a must lie in"),
    ({"r": 0}, ValueError, "r must lie in"),
    ({"alpha": float("nan")}, ValueError, "alpha"),
    ({"spend_q": 1.0}, ValueError, "spend_q"),
    ({"deal_seeker_share": 1.5}, ValueError, r"deal_seeker_share must lie in \[0.0, 1.0\]"),
    ({"service_failure_dropout": 0}, ValueError, "service_failure_dropout"),
    ({"start_date": "2024-02-30"}, ValueError, "not a valid date"),
    ({"start_date": 20240101}, TypeError, "start_date"),
    ({"end_date": "2023-06-01"}, ValueError, "must be after start_date"),
    ({"end_date": "2024-01-10"}, ValueError, "at least 28 days"),
    ({"locale": "xx_XX"}, ValueError, "choose one of vi_VN, en_US"),
    ({"channel_mix": {"organic_search": 0.5, "tv_shopping": 0.5}}, ValueError, "tv_shopping"),
    ({"payment_mix": {"cod": 0.5, "momo": 0.2}}, ValueError, "sum to 1"),
    ({"device_mix": {"android": 1.2, "ios": -0.2}}, ValueError, r"device_mix\['android'\]"),
    (
        {"cancel_prob": {"cod": 0.99, "momo": 0, "bank_transfer": 0, "card": 0, "zalopay": 0}},
        ValueError,
        "exceed 1",
    ),
    ({"channel_dropout": {"organic_search": 1.0}}, ValueError, "channel_dropout lacks"),
    # mappings with a fixed set of keys: the keys are listed, each value is checked
    ({"spin_effects": {"intercept": -1.6}}, ValueError, "spin_effects must have exactly the keys"),
    ({"spin_price_effects": 0.3}, ValueError, "spin_price_effects must have exactly the keys"),
    (
        {"spin_effects": {**ShopConfig().spin_effects, "has_problem": 11.0}},
        ValueError,
        r"spin_effects\['has_problem'\] must lie in \[-10.0, 10.0\]",
    ),
    ({"email_rates": {"open": 0.2}}, ValueError, "email_rates must have exactly the keys click"),
    (
        {"email_rates": {**ShopConfig().email_rates, "unsubscribe": -0.1}},
        ValueError,
        r"email_rates\['unsubscribe'\] must lie in \[0.0, 1.0\]",
    ),
    ({"winback_max_days": 30}, ValueError, "winback_max_days \\(30\\) must be at least"),
    ({"upsell_prob": 1.5}, ValueError, "upsell_prob must lie in"),
]


@pytest.mark.parametrize(
    ("change", "error", "message"),
    BAD,
    ids=[next(iter(c)) + f"-{i}" for i, (c, _, _) in enumerate(BAD)],
)
def test_bad_values_name_the_field(change, error, message):
    with pytest.raises(error, match=message):
        ShopConfig(**change)


def test_unknown_preset_lists_the_choices():
    with pytest.raises(ValueError, match="tiny, small, medium, large"):
        ShopConfig.preset("huge")


def test_replace_validates_again():
    with pytest.raises(ValueError, match="n_customers"):
        ShopConfig().replace(n_customers=0)


# ---------------------------------------------------------------------- immutability
def test_fields_cannot_be_assigned():
    cfg = ShopConfig.preset("tiny")
    with pytest.raises(dataclasses.FrozenInstanceError):
        cfg.n_customers = 3  # bad input: assigning a field after validation


def test_mapping_fields_are_read_only():
    cfg = ShopConfig.preset("tiny")
    with pytest.raises(TypeError, match="does not support item assignment"):
        cfg.channel_mix["email"] = 1  # bad input: editing a mix in place (would skip validation)
    with pytest.raises(TypeError):
        del cfg.payment_mix["cod"]
    assert sum(cfg.channel_mix.values()) == pytest.approx(1.0)


def test_the_dict_passed_in_is_copied():
    mix = {"android": 0.5, "ios": 0.5}
    cfg = ShopConfig(device_mix=mix)
    mix["android"] = 0.9  # the caller keeps editing their own dict
    assert cfg.device_mix == {"android": 0.5, "ios": 0.5}


def test_to_dict_gives_editable_plain_dicts_that_do_not_write_back():
    cfg = ShopConfig.preset("tiny")
    d = cfg.to_dict()
    assert type(d["channel_mix"]) is dict
    d["channel_mix"]["email"] = 0.9
    d["n_customers"] = 1
    assert cfg.channel_mix["email"] == 0.04 and cfg.n_customers == 200
    assert ShopConfig.from_dict(cfg.to_dict()) == cfg


def test_replace_validates_the_new_mapping_too():
    cfg = ShopConfig.preset("tiny")
    bad_mix = {**cfg.payment_mix, "cod": 0.9}  # bad input: shares sum to 1.32
    with pytest.raises(ValueError, match="payment_mix shares must sum to 1"):
        cfg.replace(payment_mix=bad_mix)
    with pytest.raises(ValueError, match="payment_mix shares must sum to 1"):
        dataclasses.replace(cfg, payment_mix=bad_mix)
    new = cfg.replace(device_mix={"android": 0.5, "ios": 0.5})
    with pytest.raises(TypeError):
        new.device_mix["ios"] = 1.0  # the copy is frozen as well
    assert cfg.device_mix["android"] == 0.6  # the original is untouched


def test_pickle_and_deepcopy_round_trip():
    cfg = ShopConfig.preset("tiny", r=0.7, channel_dropout={**ShopConfig().channel_dropout})
    for back in (pickle.loads(pickle.dumps(cfg)), copy.deepcopy(cfg)):
        assert back == cfg and back is not cfg
        with pytest.raises(TypeError):
            back.channel_mix["email"] = 1


def test_pickle_goes_through_validation(monkeypatch):
    cfg = ShopConfig.preset("tiny")
    blob = pickle.dumps(cfg)
    import ecrm_lab.synth.config as config_module

    calls = []
    real = config_module._validate
    monkeypatch.setattr(config_module, "_validate", lambda c: calls.append(c) or real(c))
    pickle.loads(blob)
    assert len(calls) == 1


# ---------------------------------------------------------------------- config files
def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("empty.yaml", ""),
        ("blank.yaml", "\n   \n"),
        ("comments.yaml", "# only a comment\n"),
        ("empty.toml", ""),
        ("comments.toml", "# nothing here\n"),
    ],
)
def test_empty_config_file_names_the_file(tmp_path, name, text):
    path = _write(tmp_path, name, text)  # bad input: a file without settings
    with pytest.raises(ValueError, match=rf"{name}.* is empty"):
        ShopConfig.from_file(path)


@pytest.mark.parametrize("name", ["s.yaml", "s.toml"])
def test_unknown_key_in_file_names_file_and_key(tmp_path, name):
    text = "n_customers: 10\nn_customerz: 5\n" if name.endswith("yaml") else "n_customerz = 5\n"
    path = _write(tmp_path, name, text)  # bad input: a typo in a key
    with pytest.raises(ValueError, match=rf"{name}'?: unknown key\(s\) 'n_customerz'"):
        ShopConfig.from_file(path)


@pytest.mark.parametrize(
    ("name", "text", "key"),
    [
        ("s.yaml", "n_customers: abc\n", "n_customers"),
        ("s.yaml", "start_date: 12\n", "start_date"),
        ("s.yaml", "channel_mix: [0.5, 0.5]\n", "channel_mix"),
        ("s.toml", 'r = "fast"\n', "r"),
    ],
)
def test_wrong_type_in_file_names_file_and_key(tmp_path, name, text, key):
    path = _write(tmp_path, name, text)  # bad input: a value of the wrong type
    with pytest.raises(TypeError, match=rf"{name}.*ShopConfig\.{key} must be"):
        ShopConfig.from_file(path)


def test_value_out_of_range_in_file_names_file_and_key(tmp_path):
    path = _write(tmp_path, "s.yaml", "n_customers: 100\nsale_day_boost: 99\n")
    with pytest.raises(ValueError, match=r"s\.yaml.*sale_day_boost must lie in"):
        ShopConfig.from_file(path)


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("broken.yaml", "n_customers: 10\nchannel_mix: {email: 1.0\nr: 0.5\n", 3),
        ("broken.yaml", "n_customers: 10\n  r: 0.5\n", 2),
        ("broken.toml", "n_customers = 10\nr = = 0.5\n", 2),
        ("broken.toml", 'n_customers = 10\n\nlocale = "vi_VN\n', 3),
    ],
)
def test_syntax_error_names_file_and_line(tmp_path, name, text, line):
    path = _write(tmp_path, name, text)  # bad input: a syntax error
    with pytest.raises(ValueError, match=rf"{name}.*syntax error at line {line}\b"):
        ShopConfig.from_file(path)


def test_top_level_list_is_refused(tmp_path):
    path = _write(tmp_path, "list.yaml", "- n_customers: 10\n")  # bad input: a list, not settings
    with pytest.raises(TypeError, match=r"list\.yaml.*'key: value' settings"):
        ShopConfig.from_file(path)


def test_unquoted_dates_are_accepted(tmp_path):
    yml = _write(tmp_path, "d.yaml", "start_date: 2024-03-01\nend_date: 2024-12-31\n")
    toml = _write(tmp_path, "d.toml", "start_date = 2024-03-01\nend_date = 2024-12-31\n")
    for path in (yml, toml):
        cfg = ShopConfig.from_file(path)
        assert (cfg.start_date, cfg.end_date) == ("2024-03-01", "2024-12-31")
        assert cfg.start.month == 3


def test_keys_left_out_keep_their_defaults(tmp_path):
    cfg = ShopConfig.from_file(_write(tmp_path, "s.yaml", "n_customers: 321\n"))
    assert cfg == ShopConfig(n_customers=321)


def test_equal_configs_hash_equal_and_serve_as_keys():
    a = ShopConfig.preset("tiny", device_mix={"android": 0.5, "ios": 0.5})
    b = ShopConfig.preset("tiny", device_mix={"ios": 0.5, "android": 0.5})  # same, other order
    c = a.replace(device_mix={"android": 0.4, "ios": 0.6})
    assert hash(a) == hash(b) and {a: 1}[b] == 1
    assert a != c and len({a, b, c}) == 2


def test_from_dict_accepts_date_objects_but_not_datetimes():
    import datetime as dt

    cfg = ShopConfig.from_dict({"start_date": dt.date(2024, 3, 1)})
    assert cfg.start_date == "2024-03-01"
    with pytest.raises(TypeError, match="start_date must be a date string"):
        ShopConfig.from_dict({"start_date": dt.datetime(2024, 3, 1, 12)})  # bad input: a time too
