"""Configuration of the VietShop simulator.

A :class:`ShopConfig` holds every knob of the simulated world: its size, its dates, the population
parameters of the buy-till-you-die purchase process and the mixes of channels, devices and payment
methods. It is validated on creation, comes in four presets and can be written to and read from YAML or
TOML so that researchers can keep their scenarios next to their results.

Units: rates are per week; money is in Vietnamese dong (VND); dates are ISO strings ``YYYY-MM-DD``.

Every name below is importable from ``ecrm_lab.synth.config``, where :class:`ShopConfig` and
:data:`PRESETS` are defined; the private modules hold the rest: ``_defaults`` (:data:`LOCALES`,
:data:`ACQUISITION_CHANNELS` and the default mixes), ``_checks`` (the validation run on creation) and
``_files`` (reading and writing YAML and TOML).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import pathlib
import types
from collections.abc import Mapping
from typing import Any

from ._checks import _validate
from ._defaults import (
    ACQUISITION_CHANNELS,
    LOCALES,
    _default_cancel_prob,
    _default_channel_dropout,
    _default_channel_mix,
    _default_conversion_rate,
    _default_cost_per_prospect,
    _default_device_mix,
    _default_email_rates,
    _default_order_channel_mix,
    _default_payment_mix,
    _default_return_prob,
    _default_spin_effects,
    _default_spin_price_effects,
)
from ._files import _date_text, _read_settings, _write_settings

__all__ = ["ShopConfig", "PRESETS", "LOCALES", "ACQUISITION_CHANNELS"]


@dataclasses.dataclass(frozen=True)
class ShopConfig:
    """All settings of one simulated VietShop world.

    A configuration is immutable once validated: assigning a field (``cfg.n_customers = 3``) raises
    :class:`dataclasses.FrozenInstanceError`, and the mapping fields are read-only views
    (:class:`types.MappingProxyType` over a private copy, so ``cfg.channel_mix["email"] = 1`` raises
    ``TypeError`` and changing the dict you passed in changes nothing). Make a changed copy with
    :meth:`replace` (or :func:`dataclasses.replace`), which validates the result again. Configurations
    compare and hash by value, pickle (worker processes and Dask receive them) and round-trip through
    :meth:`to_dict`, :meth:`to_file` and :meth:`from_file`.

    Parameters
    ----------
    n_customers : int
        Number of customers (people with at least one order) to simulate.
    n_products : int
        Size of the product catalogue.
    start_date, end_date : str
        First and last day of observed data (inclusive), ``YYYY-MM-DD``.
    locale : str
        People model, one of :data:`LOCALES`.
    r, alpha : float
        Gamma(shape ``r``, rate ``alpha``) distribution of the weekly purchase rate across customers
        (BG/NBD notation); the mean rate is ``r / alpha`` purchases per week.
    a, b : float
        Beta(``a``, ``b``) distribution of the probability of dropping out after each repeat purchase;
        the mean is ``a / (a + b)``.
    spend_p, spend_q, spend_gamma : float
        Gamma-gamma spend model (Fader, Hardie & Lee 2005): each order value is Gamma(``spend_p``,
        ``nu``) and ``nu`` is Gamma(``spend_q``, ``spend_gamma``) across customers; the population mean
        order value is ``spend_p * spend_gamma / (spend_q - 1)`` VND.
    signup_growth : float
        Yearly growth of the number of new customers (0.3 = 30 % more each year).
    deal_seeker_share : float
        Share of customers whose purchases concentrate on mega-sale days.
    sale_day_boost : float
        Multiplier on the purchase intensity on mega-sale days (9.9, 10.10, 11.11, 12.12, Black
        Friday) for ordinary customers; deal seekers get its square.
    service_failure_dropout : float
        Multiplier on the dropout probability after an order that was cancelled or returned
        (service experience shifts retention); 1 switches the effect off.
    browse_per_purchase : float
        Expected number of browsing days without an order per purchase while a customer is active.
    channel_mix : dict
        Shares (non-negative, summing to 1) of the acquisition channels.
    channel_dropout : dict
        Dropout multiplier by acquisition channel (rescaled to a mix-weighted mean of 1).
    payment_mix, device_mix, order_channel_mix : dict
        Shares (non-negative, summing to 1) of payment methods, devices and order channels.
    cancel_prob, return_prob : dict
        Probability that an order is cancelled or returned, by payment method.
    conversion_rate : dict
        Share of prospects reached through each acquisition channel who ever order (sets the number of
        prospects who never buy).
    cost_per_prospect : dict
        Media cost in VND per prospect reached, for the paid channels.
    affiliate_commission, referral_bonus, seo_cost_share : float
        Affiliate commission (share of a first order's amount), bonus per referred new customer (VND),
        SEO content and tools as a share of the shop's net (completed) revenue, spread over the days.
    tv_budget_share, tv_decay, tv_lag_days, tv_effect : float
        TV advertising (offline): TV budget as a share of the shop's net (completed) revenue, spent
        during the flights; adstock carry-over per day (``A_t = spend_t + decay · A_{t-1}``); days
        before adstock shows in visits; extra direct and organic first visits per day per million VND
        of adstock. Budgets are shares of revenue (not VND per day) so they scale with the shop.
    tv_visit_conversion : float
        Share of the visitors brought by TV who become customers (they are the first touch of some
        direct and organic-search customers).
    chats_per_chat_order : float
        Consulting chats per order placed through the chat channel (most chats end without an order).
    spin_effects : dict
        Log-odds model of a chat ending in a purchase: ``intercept``, ``has_problem``,
        ``has_implication``, ``has_need_payoff``, ``full_sequence`` (S→P→I→N in order) and
        ``extra_situation`` (per situation question beyond two).
    spin_price_effects, spin_reference_price : dict, float
        How the SPIN effect grows with the price of the product a chat is about: log-odds per unit of
        ``z = ln(price / spin_reference_price)`` for ``log_price`` (main effect) and for the
        interactions of z with ``has_problem``, ``has_implication`` and ``has_need_payoff``.
        The default reference (160,000 VND) is about the geometric-mean price of the products
        discussed in chats, so ``spin_effects`` are the effects in a chat about a typical product.
    block_size : int
        Customers are simulated in blocks of this many (1 … 1,000,000), each block with its own random
        streams; the same seed and block size give the same rows however the blocks are scheduled.
    email_optin_share : float
        Share of customers subscribed to the campaign e-mails (``emails`` table).
    email_personalised_share : float
        Probability that a campaign e-mail is personalised (randomised per e-mail, so the effect of
        personalisation is identifiable).
    email_rates : dict
        Planted e-mail engagement: ``open`` and ``open_personalised`` (opens per e-mail),
        ``click`` and ``click_personalised`` (clicks per opened e-mail), ``unsubscribe``
        (probability of leaving the list after an e-mail).
    email_conversion_days : int
        An e-mail converted when it was clicked and the customer placed an order within this many
        days after it was sent.
    winback_inactive_days, winback_max_days : int
        The win-back experiment (``winback`` table) on the day after ``end_date`` enrols the customers
        with a completed order whose last order is at least ``winback_inactive_days`` and at most
        ``winback_max_days`` days before that day.
    winback_horizon_days : int
        A customer is reactivated when they order within this many days after the assignment.
    winback_effect_alive, winback_effect_dead : float
        Planted effect of the offer on the probability of reactivation (absolute, 0–1), for customers
        still active and for those who had dropped out at the end of the data.
    upsell_prob : float
        Opt-in up-sell (0 = off, the default): probability that an order line in a subcategory the
        customer bought before moves to a dearer price tier than their previous purchase there.
    replenish_prob : float
        Opt-in re-sell (0 = off, the default): probability that a consumable (``replenish_days`` of
        the ``subcategory`` vocabulary) bought in a completed order is bought again in the
        customer's first order near its replenishment cycle.
    """

    n_customers: int = 5_000
    n_products: int = 600
    start_date: str = "2024-01-01"
    end_date: str = "2025-12-31"
    locale: str = "vi_VN"
    r: float = 0.55
    alpha: float = 7.0
    a: float = 0.9
    b: float = 3.2
    spend_p: float = 6.0
    spend_q: float = 4.0
    spend_gamma: float = 120_000.0
    signup_growth: float = 0.3
    deal_seeker_share: float = 0.25
    sale_day_boost: float = 2.5
    service_failure_dropout: float = 2.0
    browse_per_purchase: float = 3.0
    channel_mix: dict[str, float] = dataclasses.field(default_factory=_default_channel_mix)
    channel_dropout: dict[str, float] = dataclasses.field(default_factory=_default_channel_dropout)
    payment_mix: dict[str, float] = dataclasses.field(default_factory=_default_payment_mix)
    device_mix: dict[str, float] = dataclasses.field(default_factory=_default_device_mix)
    order_channel_mix: dict[str, float] = dataclasses.field(
        default_factory=_default_order_channel_mix
    )
    cancel_prob: dict[str, float] = dataclasses.field(default_factory=_default_cancel_prob)
    return_prob: dict[str, float] = dataclasses.field(default_factory=_default_return_prob)
    conversion_rate: dict[str, float] = dataclasses.field(default_factory=_default_conversion_rate)
    cost_per_prospect: dict[str, float] = dataclasses.field(
        default_factory=_default_cost_per_prospect
    )
    affiliate_commission: float = 0.08
    referral_bonus: float = 50_000.0
    seo_cost_share: float = 0.005
    tv_budget_share: float = 0.027
    tv_decay: float = 0.7
    tv_lag_days: int = 2
    tv_effect: float = 14.0
    tv_visit_conversion: float = 0.03
    chats_per_chat_order: float = 2.4
    spin_effects: dict[str, float] = dataclasses.field(default_factory=_default_spin_effects)
    spin_price_effects: dict[str, float] = dataclasses.field(
        default_factory=_default_spin_price_effects
    )
    spin_reference_price: float = 160_000.0
    block_size: int = 10_000
    email_optin_share: float = 0.6
    email_personalised_share: float = 0.5
    email_rates: dict[str, float] = dataclasses.field(default_factory=_default_email_rates)
    email_conversion_days: int = 7
    winback_inactive_days: int = 90
    winback_max_days: int = 365
    winback_horizon_days: int = 60
    winback_effect_alive: float = 0.06
    winback_effect_dead: float = 0.02
    upsell_prob: float = 0.0
    replenish_prob: float = 0.0

    def __post_init__(self) -> None:
        # Mapping fields become read-only views over a private copy (frozen ⇒ object.__setattr__).
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Mapping):
                object.__setattr__(self, f.name, _freeze(value))
        _validate(self)

    def __hash__(self) -> int:
        # the generated hash would fail on the (unhashable) mapping views: hash their items instead
        return hash(tuple(_hashable(getattr(self, f.name)) for f in dataclasses.fields(self)))

    def __reduce__(self):
        # mappingproxy cannot be pickled: rebuild from plain values (validated again on load)
        return (_from_plain, (type(self), self.to_dict()))

    # ------------------------------------------------------------------ derived values
    @property
    def start(self) -> dt.date:
        """First day of data as a :class:`datetime.date`."""
        return dt.date.fromisoformat(self.start_date)

    @property
    def end(self) -> dt.date:
        """Last day of data as a :class:`datetime.date`."""
        return dt.date.fromisoformat(self.end_date)

    @property
    def mean_purchase_rate(self) -> float:
        """Population mean of the weekly purchase rate, ``r / alpha``."""
        return self.r / self.alpha

    @property
    def mean_dropout(self) -> float:
        """Population mean of the dropout probability, ``a / (a + b)``."""
        return self.a / (self.a + self.b)

    @property
    def mean_order_value(self) -> float:
        """Population mean order value in VND, ``spend_p * spend_gamma / (spend_q - 1)``."""
        return self.spend_p * self.spend_gamma / (self.spend_q - 1)

    # ------------------------------------------------------------------ constructors and I/O
    @classmethod
    def preset(cls, name: str, **overrides: Any) -> ShopConfig:
        """Return a named preset (``tiny``, ``small``, ``medium``, ``large``), optionally changed.

        Parameters
        ----------
        name : str
            One of :data:`PRESETS`.
        **overrides
            Fields to change (validated with the rest).

        Returns
        -------
        ShopConfig
            The preset's configuration.

        Examples
        --------
        >>> ShopConfig.preset("tiny").n_customers
        200
        """
        if not isinstance(name, str) or name not in PRESETS:
            raise ValueError(f"unknown preset {name!r}: choose one of {', '.join(PRESETS)}")
        return cls.from_dict({**PRESETS[name], **overrides})

    def replace(self, **changes: Any) -> ShopConfig:
        """Return a copy with some fields changed (validated again).

        Parameters
        ----------
        **changes
            New values by field name; mappings are copied and frozen.

        Returns
        -------
        ShopConfig
            The changed copy; this configuration is left as it is.

        Examples
        --------
        >>> cfg = ShopConfig.preset("tiny")
        >>> cfg.channel_mix["email"] = 0.5
        Traceback (most recent call last):
        ...
        TypeError: 'mappingproxy' object does not support item assignment
        >>> cfg.replace(n_customers=300).n_customers
        300
        >>> ShopConfig().replace(n_customers=0)
        Traceback (most recent call last):
        ...
        ValueError: ShopConfig.n_customers must be an integer ≥ 1, got 0
        """
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """Return the configuration as plain, mutable dicts (the form written to YAML/TOML).

        Returns
        -------
        dict
            Field name → value; mapping fields as new plain dicts (editing them changes nothing here).
        """
        return {f.name: _thaw(getattr(self, f.name)) for f in dataclasses.fields(self)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ShopConfig:
        """Build a configuration from a mapping; unknown keys raise ``ValueError`` naming them.

        Parameters
        ----------
        data : mapping
            Field name → value, e.g. the output of :meth:`to_dict`; absent fields keep defaults;
            dates may be :class:`datetime.date` objects.

        Returns
        -------
        ShopConfig
            The validated configuration.
        """
        if not isinstance(data, Mapping):
            raise TypeError(f"a ShopConfig is built from a mapping, not {type(data).__name__}")
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(str(k) for k in data if k not in known)
        if unknown:
            raise ValueError(
                f"unknown ShopConfig field(s) {', '.join(unknown)}; allowed fields: {', '.join(sorted(known))}"
            )
        return cls(**{k: _date_text(v) for k, v in data.items()})

    def to_file(self, path: str | pathlib.Path) -> pathlib.Path:
        """Write the configuration to ``.yaml``/``.yml`` or ``.toml`` (chosen by the suffix).

        Parameters
        ----------
        path : str or path
            The file to write (replaced if it exists).

        Returns
        -------
        pathlib.Path
            ``path``.
        """
        return _write_settings(path, self.to_dict())

    @classmethod
    def from_file(cls, path: str | pathlib.Path) -> ShopConfig:
        """Read a configuration written by :meth:`to_file` (YAML or TOML).

        Keys that are left out keep their defaults. Dates may be quoted (``"2024-01-01"``) or not
        (YAML and TOML dates are accepted). Every problem is reported with the file's name: a missing
        or empty file, a syntax error (with its line), an unknown key, a value of the wrong type or out
        of range (with the key).

        Parameters
        ----------
        path : str or path
            A ``.yaml``, ``.yml`` or ``.toml`` file.

        Returns
        -------
        ShopConfig
            The validated configuration.

        Raises
        ------
        FileNotFoundError
            The file does not exist.
        ValueError
            Empty file, syntax error, unknown key, or a value out of range (the message names the file
            and the line or the key).
        TypeError
            A value of the wrong type, or a file that does not hold ``key: value`` settings.
        """
        path, values = _read_settings(path, {f.name for f in dataclasses.fields(cls)})
        try:
            return cls(**values)
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"config file {str(path)!r}: {exc}") from None


def _freeze(value: Mapping) -> types.MappingProxyType:
    """A read-only view over a private copy (nested mappings frozen too)."""
    return types.MappingProxyType(
        {k: _freeze(v) if isinstance(v, Mapping) else v for k, v in value.items()}
    )


def _thaw(value: Any) -> Any:
    """Plain dicts again (for YAML/TOML and for callers who want to edit a copy)."""
    if isinstance(value, Mapping):
        return {k: _thaw(v) for k, v in value.items()}
    return value


def _hashable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return frozenset((k, _hashable(v)) for k, v in value.items())  # order-free, as ==
    return value


def _from_plain(cls: type, data: dict[str, Any]) -> ShopConfig:
    return cls(**data)


#: Presets: sizes for the classroom (tiny, small) and for research or performance work.
PRESETS: dict[str, dict[str, Any]] = {
    "tiny": {"n_customers": 200, "n_products": 120},
    "small": {"n_customers": 5_000, "n_products": 600},
    "medium": {"n_customers": 50_000, "n_products": 2_000},
    "large": {"n_customers": 500_000, "n_products": 5_000},
}
