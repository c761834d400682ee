"""ShopConfig: presets, files, and a table of bad values."""

from __future__ import annotations

import pytest

from ecrm_lab.synth import PRESETS, ShopConfig


def test_defaults_are_the_small_preset():
    assert ShopConfig() == ShopConfig.preset("small")
    assert ShopConfig.preset("small").n_customers == 5_000


@pytest.mark.parametrize("name", list(PRESETS))
def test_presets_are_valid_and_growing(name):
    cfg = ShopConfig.preset(name)
    assert cfg.n_customers == PRESETS[name]["n_customers"]


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
