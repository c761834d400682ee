"""Defaults of :class:`~ecrm_lab.synth.config.ShopConfig`: locales, channels and the default mixes.

Each ``_default_*`` function returns a new dict (a dataclass default factory); the comments give the
source or say that the value is a modelling choice.
"""

from __future__ import annotations

from ... import vocabulary

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
