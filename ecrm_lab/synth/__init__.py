"""The VietShop simulator: a fictional Vietnamese e-retailer with a hidden ground truth.

>>> from ecrm_lab.synth import ShopConfig, simulate
>>> data = simulate(ShopConfig.preset("tiny"), rng=7)
>>> data.table_names[:6]
('customers', 'products', 'orders', 'order_items', 'sessions', 'truth')
>>> data.table_names[6:13]
('prospects', 'touchpoints', 'campaigns', 'marketing_spend', 'sales_chats', 'chat_messages', 'truth_params')
>>> data.table_names[13:18]
('deliveries', 'tickets', 'warranty_claims', 'surveys', 'service_truth')
>>> data.table_names[18:]
('emails', 'winback', 'referrals', 'crm_truth')
"""

from ..shopdata import ShopData
from .config import ACQUISITION_CHANNELS, LOCALES, PRESETS, ShopConfig
from .core import simulate
from .parts import PARTS

__all__ = [
    "ShopConfig",
    "ShopData",
    "simulate",
    "PRESETS",
    "LOCALES",
    "ACQUISITION_CHANNELS",
    "PARTS",
]
