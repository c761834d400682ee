"""ecrm_lab: electronic customer relationship management (eCRM) in e-retail, taught with data.

The package has three layers:

* :mod:`ecrm_lab.synth` — the VietShop simulator (a fictional Vietnamese e-retailer with a hidden truth);
* :mod:`ecrm_lab.datasets` — :func:`load_vietshop`, the frozen copy every notebook uses;
* topic modules (:mod:`ecrm_lab.lifecycle`, :mod:`ecrm_lab.acquisition`, :mod:`ecrm_lab.spin`,
  :mod:`ecrm_lab.clv`, :mod:`ecrm_lab.rfm`, :mod:`ecrm_lab.expansion`, …) with plain functions over
  DataFrames, and the teaching helpers :mod:`ecrm_lab.exercises`, :mod:`ecrm_lab.plotting`,
  :mod:`ecrm_lab.i18n`;
* :mod:`ecrm_lab.vocabulary` — every code (channels, stages, statuses, …) with its Vietnamese and English
  labels, read from ``ecrm_lab/data/vocabulary/``.

Submodules are imported on first use, so ``import ecrm_lab`` stays fast.

>>> import ecrm_lab
>>> data = ecrm_lab.load_vietshop()
>>> data.table_names[:3]
('customers', 'products', 'orders')
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_SUBMODULES = {
    "synth", "datasets", "clv", "exercises", "plotting", "i18n", "shopdata", "cli", "answers",
    "lifecycle", "acquisition", "spin", "errors", "vocabulary", "tables", "evaluation", "text",
    "retention", "experiments", "service_quality", "rfm", "expansion", "tour",
}  # fmt: skip
_ATTRIBUTES = {
    "load_vietshop": "datasets",
    "load_cdnow": "datasets",
    "load_telco_churn": "datasets",
    "list_datasets": "datasets",
    "ShopData": "shopdata",
    "ShopConfig": "synth",
    "simulate": "synth",
    "check": "exercises",
    "set_theme": "plotting",
    "InputError": "errors",
}

__all__ = ["__version__", *sorted(_SUBMODULES), *sorted(_ATTRIBUTES)]

if TYPE_CHECKING:  # pragma: no cover
    from .datasets import list_datasets, load_cdnow, load_vietshop
    from .errors import InputError
    from .exercises import check
    from .plotting import set_theme
    from .shopdata import ShopData
    from .synth import ShopConfig, simulate


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name in _ATTRIBUTES:
        module = importlib.import_module(f"{__name__}.{_ATTRIBUTES[name]}")
        return getattr(module, name)
    raise AttributeError(f"module 'ecrm_lab' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
