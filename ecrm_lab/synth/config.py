"""Configuration of the VietShop simulator.

A :class:`ShopConfig` holds every knob of the simulated world: its size, its dates, the population
parameters of the buy-till-you-die purchase process and the mixes of channels, devices and payment
methods. It is validated on creation, comes in four presets and can be written to and read from YAML or
TOML so that researchers can keep their scenarios next to their results.

Units: rates are per week; money is in Vietnamese dong (VND); dates are ISO strings ``YYYY-MM-DD``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import pathlib
import re
import types
from collections.abc import Mapping
from typing import Any

from .. import vocabulary

__all__ = ["ShopConfig", "PRESETS", "LOCALES", "ACQUISITION_CHANNELS"]

#: Locales with a people model. ``vi_VN`` uses the project's own Vietnamese name model; the others
#: use Faker's word lists (sampled with numpy, never row by row).
LOCALES = ("vi_VN", "en_US")

#: The acquisition channels, in the vocabulary's order (the order of the channel draws).
ACQUISITION_CHANNELS = vocabulary.codes("channel", "acquisition")


def _default_channel_mix() -> dict[str, float]:
    # Modelling choice (no published Vietnamese figure): social platforms are large (DataReportal 2022:
    # Facebook 93.8 %, Zalo 91.3 %, TikTok 75.6 % of working-age internet users).
    return {
        "organic_search": 0.18,
        "paid_search": 0.14,
        "facebook": 0.20,
        "tiktok": 0.14,
        "zalo": 0.06,
        "email": 0.04,
        "affiliate": 0.07,
        "referral": 0.07,
        "direct": 0.10,
    }


def _default_channel_dropout() -> dict[str, float]:
    # Multipliers on a customer's dropout probability. They are rescaled so that their mix-weighted mean
    # is 1, so the population mean dropout stays a / (a + b).
    return {
        "organic_search": 0.85,
        "paid_search": 1.0,
        "facebook": 1.1,
        "tiktok": 1.35,
        "zalo": 0.95,
        "email": 0.9,
        "affiliate": 1.3,
        "referral": 0.7,
        "direct": 0.8,
    }


def _default_payment_mix() -> dict[str, float]:
    # MoIT / iDEA: 73–78 % of shoppers use cash on delivery (share of shoppers, not of orders).
    return {"cod": 0.58, "momo": 0.17, "bank_transfer": 0.11, "card": 0.07, "zalopay": 0.07}


def _default_device_mix() -> dict[str, float]:
    # E-commerce White Book 2022: 91 % of online shoppers ordered by phone.
    return {"android": 0.6, "ios": 0.31, "desktop": 0.09}


def _default_order_channel_mix() -> dict[str, float]:
    return {"app": 0.52, "mobile_web": 0.3, "desktop_web": 0.1, "chat": 0.08}


#: Probability that an order is cancelled or returned, by payment method (COD refusals are the usual
#: cause of failed deliveries; failed deliveries 12–14 % and COD returns 8–10 % are reported, grade B/C).
def _default_cancel_prob() -> dict[str, float]:
    return {"cod": 0.09, "momo": 0.03, "bank_transfer": 0.03, "card": 0.03, "zalopay": 0.03}


def _default_return_prob() -> dict[str, float]:
    return {"cod": 0.05, "momo": 0.04, "bank_transfer": 0.04, "card": 0.04, "zalopay": 0.04}


def _default_conversion_rate() -> dict[str, float]:
    # Share of prospects (people who reached the shop through this channel) who ever place an order.
    # Modelling choice: no Vietnamese figures were found (VIETSHOP_FACTS.md, "Not found").
    return {
        "organic_search": 0.12,
        "paid_search": 0.10,
        "facebook": 0.06,
        "tiktok": 0.05,
        "zalo": 0.10,
        "email": 0.15,
        "affiliate": 0.08,
        "referral": 0.30,
        "direct": 0.15,
    }


def _default_cost_per_prospect() -> dict[str, float]:
    # VND per prospect reached (modelling choice). Affiliates are paid a commission on first orders and
    # referrals a bonus per new customer instead (see ``affiliate_commission`` and ``referral_bonus``).
    # Calibrated (datasheet, "Calibration") so that on the frozen world first-order ROAS is highest for
    # paid search (intent), lower for Facebook and Zalo and lowest for TikTok (cheap reach, low
    # conversion, high churn); e-mail is the sending tool's cost per address reached.
    return {
        "paid_search": 7_000.0,
        "facebook": 6_000.0,
        "tiktok": 8_000.0,
        "zalo": 8_000.0,
        "email": 1_500.0,
    }


def _default_spin_effects() -> dict[str, float]:
    # Log-odds of a consulting chat ending in a purchase (Rackham: implication and need-payoff questions
    # matter most; too many situation questions bore the buyer). Modelling choice, recorded in truth.
    return {
        "intercept": -1.6,
        "has_problem": 0.5,
        "has_implication": 0.7,
        "has_need_payoff": 0.9,
        "full_sequence": 0.6,
        "extra_situation": -0.35,
    }


def _default_spin_price_effects() -> dict[str, float]:
    # Rackham: SPIN questioning matters for larger sales, much less for small ones. Log-odds terms per unit
    # of z = ln(price / spin_reference_price) of the product the chat is about: ``log_price`` on its own
    # (dearer products are bought less often) and as a multiplier of three SPIN terms. Modelling choice.
    return {
        "log_price": -0.25,
        "has_problem": 0.1,
        "has_implication": 0.3,
        "has_need_payoff": 0.4,
    }


def _default_email_rates() -> dict[str, float]:
    # Campaign e-mail engagement (modelling choice, planted; recorded in crm_truth): opens per e-mail
    # sent, clicks per opened e-mail, for generic and personalised e-mails, and the probability of
    # unsubscribing after an e-mail.
    return {
        "open": 0.18,
        "open_personalised": 0.26,
        "click": 0.12,
        "click_personalised": 0.18,
        "unsubscribe": 0.01,
    }


_MIX_FIELDS = (
    "channel_mix",
    "payment_mix",
    "device_mix",
    "order_channel_mix",
)


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
        path = pathlib.Path(path)
        suffix = path.suffix.lower()
        if suffix in (".yaml", ".yml"):
            import yaml

            text = yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True)
        elif suffix == ".toml":
            import tomli_w

            text = tomli_w.dumps(self.to_dict())
        else:
            raise ValueError(
                f"cannot write a config to {path.name!r}: use a .yaml, .yml or .toml file"
            )
        path.write_text(text, encoding="utf-8")
        return path

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
        path = pathlib.Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"config file {str(path)!r} does not exist")
        suffix = path.suffix.lower()
        if suffix not in (".yaml", ".yml", ".toml"):
            raise ValueError(
                f"cannot read a config from {path.name!r}: use a .yaml, .yml or .toml file"
            )
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError(
                f"config file {str(path)!r} is not UTF-8 text ({exc.reason} at byte {exc.start}): "
                "save it as UTF-8"
            ) from None
        if not text.strip() or all(
            not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
        ):
            raise ValueError(
                f"config file {str(path)!r} is empty: write at least one setting, e.g. "
                "'n_customers: 1000'"
            )
        data = _parse_config_text(path, text, suffix)
        if data is None:
            raise ValueError(f"config file {str(path)!r} holds no settings")
        if not isinstance(data, Mapping):
            raise TypeError(
                f"config file {str(path)!r} must hold 'key: value' settings at the top level, "
                f"not a {type(data).__name__}"
            )
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(str(k) for k in data if k not in known)
        if unknown:
            raise ValueError(
                f"config file {str(path)!r}: unknown key(s) {', '.join(map(repr, unknown))}; "
                f"allowed keys: {', '.join(sorted(known))}"
            )
        values = {k: _date_text(v) for k, v in data.items()}
        try:
            return cls(**values)
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"config file {str(path)!r}: {exc}") from None


def _parse_config_text(path: pathlib.Path, text: str, suffix: str) -> Any:
    """Parse YAML or TOML text; a syntax error names the file and the line."""
    if suffix == ".toml":
        import tomllib

        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            m = re.search(r"line (\d+)", str(exc))
            line = f" line {m.group(1)}" if m else ""
            raise ValueError(
                f"config file {str(path)!r}, TOML syntax error at{line}: {exc}"
            ) from None
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ValueError(
            f"config file {str(path)!r}, YAML syntax error at{line}: {problem}"
        ) from None


def _date_text(value: Any) -> Any:
    """A :class:`datetime.date` (as YAML and TOML read an unquoted date) as ``YYYY-MM-DD`` text."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    return value


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


# ---------------------------------------------------------------------- validation
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
    effects = cfg.spin_effects
    needed = set(_default_spin_effects())
    if not isinstance(effects, Mapping) or set(effects) != needed:
        raise ValueError(
            f"ShopConfig.spin_effects must have exactly the keys {', '.join(sorted(needed))}"
        )
    for key, v in effects.items():
        _check_number(f"spin_effects[{key!r}]", v, -10.0, 10.0)
    price_effects = cfg.spin_price_effects
    needed = set(_default_spin_price_effects())
    if not isinstance(price_effects, Mapping) or set(price_effects) != needed:
        raise ValueError(
            f"ShopConfig.spin_price_effects must have exactly the keys {', '.join(sorted(needed))}"
        )
    for key, v in price_effects.items():
        _check_number(f"spin_price_effects[{key!r}]", v, -10.0, 10.0)
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
    rates = cfg.email_rates
    needed = set(_default_email_rates())
    if not isinstance(rates, Mapping) or set(rates) != needed:
        raise ValueError(
            f"ShopConfig.email_rates must have exactly the keys {', '.join(sorted(needed))}"
        )
    for key, v in rates.items():
        _check_number(f"email_rates[{key!r}]", v, 0.0, 1.0)
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
