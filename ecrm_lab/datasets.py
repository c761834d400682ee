"""Loading the frozen data sets that the notebooks use — never from the network.

The frozen VietShop snapshot lives in ``datasets/vietshop/`` of a clone and inside the wheel
(``ecrm_lab/_frozen/vietshop``). Set the environment variable ``ECRM_LAB_DATA`` to a folder that holds
data-set folders to use another copy.
"""

from __future__ import annotations

import os
import pathlib
from importlib import resources

import pandas as pd

from . import _schema
from .shopdata import ShopData

__all__ = ["load_vietshop", "list_datasets", "data_dictionary", "dataset_path"]

#: Frozen data sets: name → short description.
DATASETS = {
    "vietshop": "VietShop, preset 'small': 5,000 customers over 2024–2025 (simulated)",
}


def _candidates(name: str) -> list[pathlib.Path]:
    out = []
    env = os.environ.get("ECRM_LAB_DATA")
    if env:
        out.append(pathlib.Path(env) / name)
    out.append(pathlib.Path(str(resources.files("ecrm_lab"))) / "_frozen" / name)  # installed wheel
    out.append(pathlib.Path(__file__).resolve().parents[1] / "datasets" / name)  # clone
    return out


def dataset_path(name: str = "vietshop") -> pathlib.Path:
    """Folder that holds the frozen data set ``name``.

    Looks in ``$ECRM_LAB_DATA/<name>``, then inside the installed package, then in the clone's
    ``datasets/`` folder.
    """
    if name not in DATASETS:
        raise ValueError(f"unknown data set {name!r}; available: {', '.join(DATASETS)}")
    tried = _candidates(name)
    for path in tried:
        if (path / "customers.csv").is_file():
            return path
    raise FileNotFoundError(
        f"the frozen data set {name!r} was not found (looked in: {', '.join(map(str, tried))}); "
        "reinstall ecrm_lab, or set ECRM_LAB_DATA to the folder that holds it"
    )


def list_datasets() -> pd.DataFrame:
    """The frozen data sets: ``name`` and ``description``."""
    return pd.DataFrame({"name": list(DATASETS), "description": list(DATASETS.values())})


def load_vietshop(name: str = "vietshop") -> ShopData:
    """Load the frozen VietShop data as :class:`~ecrm_lab.shopdata.ShopData` with dtypes restored.

    Returns
    -------
    ShopData
        Tables ``customers``, ``products``, ``orders``, ``order_items``, ``sessions`` and ``truth``;
        ``.config`` holds the seed and the simulator settings that produced them.

    Examples
    --------
    >>> data = load_vietshop()
    >>> data.orders.columns[:3].tolist()
    ['order_id', 'customer_id', 'order_date']
    """
    return ShopData.load(dataset_path(name))


def data_dictionary(table: str | None = None, *, lang: str = "vi") -> pd.DataFrame:
    """The column dictionary: ``table``, ``column``, ``type``, ``unit``, ``description``.

    Parameters
    ----------
    table : str, optional
        Only this table (all tables by default).
    lang : {"vi", "en"}
        Language of the descriptions.
    """
    if lang not in ("vi", "en"):
        raise ValueError(f"lang must be 'vi' or 'en', got {lang!r}")
    cols = _schema.COLUMNS if table is None else _schema.columns_of(table)
    return pd.DataFrame(
        {
            "table": [c.table for c in cols],
            "column": [c.column for c in cols],
            "type": [c.kind for c in cols],
            "unit": [c.unit for c in cols],
            "description": [c.vi if lang == "vi" else c.en for c in cols],
        }
    )
