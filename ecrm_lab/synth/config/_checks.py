"""Validation of a :class:`~ecrm_lab.synth.config.ShopConfig`: every field's type and range.

:func:`_validate` runs on creation (``__post_init__``), so a configuration that exists is valid; each
error names the field, the allowed range and the value found.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ._defaults import (
    ACQUISITION_CHANNELS,
    LOCALES,
    _default_email_rates,
    _default_spin_effects,
    _default_spin_price_effects,
)

if TYPE_CHECKING:
    from . import ShopConfig


def _check_int(name: str, value: Any, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"ShopConfig.{name} must be an integer ≥ {minimum}, got {value!r}")
    if value < minimum:
        raise ValueError(f"ShopConfig.{name} must be an integer ≥ {minimum}, got {value}")


def _check_number(
    name: str, value: Any, low: float, high: float = math.inf, *, open_low=False
) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"ShopConfig.{name} must be a number, got {value!r}")
    bad = value <= low if open_low else value < low
    if not math.isfinite(value) or bad or value > high:
        lo = "(" if open_low else "["
        hi = "]" if math.isfinite(high) else ")"
        raise ValueError(f"ShopConfig.{name} must lie in {lo}{low}, {high}{hi}, got {value}")


def _check_date(name: str, value: Any) -> dt.date:
    if not isinstance(value, str):
        raise TypeError(f"ShopConfig.{name} must be a date string YYYY-MM-DD, got {value!r}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"ShopConfig.{name} is not a valid date: {value!r} (write it as YYYY-MM-DD)"
        ) from None


def _check_shares(name: str, value: Any, allowed: tuple[str, ...] | None) -> None:
    if not isinstance(value, Mapping) or not value:
        raise TypeError(f"ShopConfig.{name} must be a non-empty mapping of name → share")
    if allowed is not None:
        unknown = sorted(set(value) - set(allowed))
        if unknown:
            raise ValueError(
                f"ShopConfig.{name} has unknown key(s) {', '.join(unknown)}; allowed: {', '.join(allowed)}"
            )
    for key, share in value.items():
        _check_number(f"{name}[{key!r}]", share, 0.0, 1.0)
    total = sum(value.values())
    if not math.isclose(total, 1.0, abs_tol=1e-6):
        raise ValueError(f"ShopConfig.{name} shares must sum to 1, they sum to {total:.6g}")


def _check_keyed(name: str, value: Any, keys: Mapping, low: float, high: float) -> None:
    """A mapping with exactly the keys of ``keys`` (its default) and numbers in [low, high]."""
    needed = set(keys)
    if not isinstance(value, Mapping) or set(value) != needed:
        raise ValueError(
            f"ShopConfig.{name} must have exactly the keys {', '.join(sorted(needed))}"
        )
    for key, v in value.items():
        _check_number(f"{name}[{key!r}]", v, low, high)


def _validate(cfg: ShopConfig) -> None:
    _check_int("n_customers", cfg.n_customers, 1)
    _check_int("n_products", cfg.n_products, 20)
    _check_int("block_size", cfg.block_size, 1)
    if cfg.block_size > 1_000_000:
        raise ValueError(f"ShopConfig.block_size must lie in [1, 1000000], got {cfg.block_size}")
    start = _check_date("start_date", cfg.start_date)
    end = _check_date("end_date", cfg.end_date)
    if end <= start:
        raise ValueError(
            f"ShopConfig.end_date ({cfg.end_date}) must be after start_date ({cfg.start_date})"
        )
    if (end - start).days < 28:
        raise ValueError(
            "ShopConfig: the period from start_date to end_date must be at least 28 days"
        )
    if cfg.locale not in LOCALES:
        raise ValueError(
            f"unknown ShopConfig.locale {cfg.locale!r}: choose one of {', '.join(LOCALES)}"
        )
    for name in ("r", "alpha", "a", "b", "spend_p", "spend_gamma"):
        _check_number(name, getattr(cfg, name), 0.0, open_low=True)
    _check_number("spend_q", cfg.spend_q, 1.0, open_low=True)
    _check_number("signup_growth", cfg.signup_growth, -0.9, 10.0)
    _check_number("deal_seeker_share", cfg.deal_seeker_share, 0.0, 1.0)
    _check_number("sale_day_boost", cfg.sale_day_boost, 1.0, 20.0)
    _check_number("service_failure_dropout", cfg.service_failure_dropout, 0.0, 20.0, open_low=True)
    _check_number("browse_per_purchase", cfg.browse_per_purchase, 0.0, 50.0)
    _check_shares("channel_mix", cfg.channel_mix, ACQUISITION_CHANNELS)
    payments = tuple(cfg.payment_mix) if isinstance(cfg.payment_mix, Mapping) else None
    _check_shares("payment_mix", cfg.payment_mix, None)
    _check_shares("device_mix", cfg.device_mix, None)
    _check_shares("order_channel_mix", cfg.order_channel_mix, None)
    for name in ("channel_dropout", "cancel_prob", "return_prob"):
        value = getattr(cfg, name)
        if not isinstance(value, Mapping):
            raise TypeError(f"ShopConfig.{name} must be a mapping")
        expected = ACQUISITION_CHANNELS if name == "channel_dropout" else payments
        missing = sorted(set(expected) - set(value))
        if name == "channel_dropout":
            missing = sorted(set(cfg.channel_mix) - set(value))
        if missing:
            raise ValueError(f"ShopConfig.{name} lacks key(s) {', '.join(missing)}")
        high = 10.0 if name == "channel_dropout" else 1.0
        for key, v in value.items():
            _check_number(f"{name}[{key!r}]", v, 0.0, high)
    conv = cfg.conversion_rate
    if not isinstance(conv, Mapping):
        raise TypeError("ShopConfig.conversion_rate must be a mapping of channel → share")
    missing = sorted(set(cfg.channel_mix) - set(conv))
    if missing:
        raise ValueError(f"ShopConfig.conversion_rate lacks key(s) {', '.join(missing)}")
    for key, v in conv.items():
        _check_number(f"conversion_rate[{key!r}]", v, 0.0, 1.0, open_low=True)
    if not isinstance(cfg.cost_per_prospect, Mapping):
        raise TypeError("ShopConfig.cost_per_prospect must be a mapping of channel → VND")
    for key, v in cfg.cost_per_prospect.items():
        if key not in ACQUISITION_CHANNELS:
            raise ValueError(
                f"ShopConfig.cost_per_prospect has unknown channel {key!r}; allowed: {', '.join(ACQUISITION_CHANNELS)}"
            )
        _check_number(f"cost_per_prospect[{key!r}]", v, 0.0)
    _check_number("affiliate_commission", cfg.affiliate_commission, 0.0, 1.0)
    _check_number("referral_bonus", cfg.referral_bonus, 0.0)
    _check_number("seo_cost_share", cfg.seo_cost_share, 0.0, 1.0)
    _check_number("tv_budget_share", cfg.tv_budget_share, 0.0, 1.0)
    _check_number("tv_decay", cfg.tv_decay, 0.0, 0.99)
    _check_int("tv_lag_days", cfg.tv_lag_days, 0)
    if cfg.tv_lag_days > 28:
        raise ValueError(f"ShopConfig.tv_lag_days must lie in [0, 28], got {cfg.tv_lag_days}")
    _check_number("tv_effect", cfg.tv_effect, 0.0, 1_000.0)
    _check_number("tv_visit_conversion", cfg.tv_visit_conversion, 0.0, 1.0)
    _check_number("chats_per_chat_order", cfg.chats_per_chat_order, 0.0, 20.0)
    _check_keyed("spin_effects", cfg.spin_effects, _default_spin_effects(), -10.0, 10.0)
    _check_keyed(
        "spin_price_effects", cfg.spin_price_effects, _default_spin_price_effects(), -10.0, 10.0
    )
    _check_number("spin_reference_price", cfg.spin_reference_price, 0.0, open_low=True)
    _validate_crm(cfg)
    for key in payments:
        if cfg.cancel_prob[key] + cfg.return_prob[key] > 1:
            raise ValueError(
                f"ShopConfig: cancel_prob + return_prob for {key!r} exceed 1; lower one of them"
            )


def _validate_crm(cfg: ShopConfig) -> None:
    """The fields of the CRM parts: e-mails, win-back experiment, opt-in expansion behaviours."""
    _check_number("email_optin_share", cfg.email_optin_share, 0.0, 1.0)
    _check_number("email_personalised_share", cfg.email_personalised_share, 0.0, 1.0)
    _check_keyed("email_rates", cfg.email_rates, _default_email_rates(), 0.0, 1.0)
    _check_int("email_conversion_days", cfg.email_conversion_days, 1)
    _check_int("winback_inactive_days", cfg.winback_inactive_days, 1)
    _check_int("winback_max_days", cfg.winback_max_days, 1)
    if cfg.winback_max_days < cfg.winback_inactive_days:
        raise ValueError(
            f"ShopConfig.winback_max_days ({cfg.winback_max_days}) must be at least "
            f"winback_inactive_days ({cfg.winback_inactive_days})"
        )
    _check_int("winback_horizon_days", cfg.winback_horizon_days, 1)
    if cfg.winback_horizon_days > 364:
        raise ValueError(
            f"ShopConfig.winback_horizon_days must lie in [1, 364], got {cfg.winback_horizon_days}"
        )
    for name in ("winback_effect_alive", "winback_effect_dead", "upsell_prob", "replenish_prob"):
        _check_number(name, getattr(cfg, name), 0.0, 1.0)
