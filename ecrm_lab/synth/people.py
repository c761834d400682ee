"""Customers: who they are, where they live, when and how they arrived.

Provinces are the 34 units in force since 1 July 2025 (National Assembly Resolution 202/2025/QH15),
weighted by population and by how much more the two big cities shop online (a modelling choice: HCMC and
Hà Nội together receive about 45 % of customers; press reports put their share of online sales at
48–70 %).
"""

from __future__ import annotations

import functools
from importlib import resources

import numpy as np
import pandas as pd

from .._docs import fill_doc
from .calendar import seasonal_curve
from .config import ShopConfig

__all__ = ["load_provinces", "make_customers"]

_URBAN_BOOST = {
    "TP Hồ Chí Minh": 3.5,
    "Hà Nội": 3.2,
    "Đà Nẵng": 1.5,
    "Hải Phòng": 1.3,
    "Cần Thơ": 1.2,
}
_NORTH = {
    "Hà Nội", "Hải Phòng", "Ninh Bình", "Phú Thọ", "Bắc Ninh", "Hưng Yên", "Tuyên Quang",
    "Thái Nguyên", "Lào Cai", "Quảng Ninh", "Sơn La", "Lạng Sơn", "Điện Biên", "Cao Bằng", "Lai Châu",
}  # fmt: skip
_SOUTH = {
    "TP Hồ Chí Minh", "An Giang", "Đồng Nai", "Đồng Tháp", "Vĩnh Long", "Cần Thơ", "Tây Ninh", "Cà Mau",
}  # fmt: skip

# Age of online shoppers at the start of the data (modelling choice: young adults dominate).
_AGE_BANDS = np.array([[18, 24], [25, 34], [35, 44], [45, 54], [55, 70]])
_AGE_SHARES = np.array([0.24, 0.38, 0.22, 0.11, 0.05])
_FEMALE_SHARE = 0.58  # modelling choice: online shoppers skew female (population: 50.2 %)


def load_provinces() -> pd.DataFrame:
    """Load the 34 provinces with population, region (north/central/south) and customer weight.

    The file is read once; each call returns a fresh copy, so changing the result changes nothing
    for the next caller (or the simulator).

    Returns
    -------
    pandas.DataFrame
        One row per province: ``province`` (name), ``type`` (``city`` or ``province``),
        ``merged_from`` (the units merged into it in 2025), ``population`` (Resolution
        202/2025/QH15), ``region`` (``north``/``central``/``south``) and ``customer_weight`` (share
        of the customers, population × urban boost, summing to 1).

    Examples
    --------
    >>> prov = load_provinces()
    >>> len(prov), round(float(prov["customer_weight"].sum()), 6)
    (34, 1.0)
    """
    return _provinces().copy()


@functools.lru_cache(maxsize=1)
def _provinces() -> pd.DataFrame:
    with (
        resources.files("ecrm_lab").joinpath("data/provinces_2025.csv").open(encoding="utf-8") as f
    ):
        df = pd.read_csv(f)
    df = df.rename(columns={"population_resolution_202_2025": "population"})
    df["region"] = np.where(
        df["province"].isin(_NORTH),
        "north",
        np.where(df["province"].isin(_SOUTH), "south", "central"),
    )
    boost = df["province"].map(_URBAN_BOOST).fillna(1.0)
    w = df["population"] * boost
    df["customer_weight"] = w / w.sum()
    return df


def _signup_days(cfg: ShopConfig, n: int, rng: np.random.Generator) -> np.ndarray:
    """Day offsets (from start) of each customer's first order: seasonal and growing."""
    curve = seasonal_curve(cfg.start, cfg.end, sale_day_boost=cfg.sale_day_boost).to_numpy()
    t_years = np.arange(len(curve)) / 365.25
    density = curve * (1.0 + cfg.signup_growth) ** t_years
    return np.sort(rng.choice(len(curve), size=n, p=density / density.sum()))


def _people_vi(n: int, gender: np.ndarray, region: np.ndarray, birth_year: np.ndarray, rng):
    from . import names

    people = names.sample_people(n, rng=rng, gender=gender, region=region, birth_year=birth_year)
    emails = names.make_emails(people, birth_year, rng=rng)
    phones = names.make_phones(n, rng=rng)
    return people["full_name"].to_numpy(), emails, phones


def _people_faker(n: int, locale: str, gender: np.ndarray, rng) -> tuple:
    """Names from Faker's word lists for non-Vietnamese locales (sampled with numpy, not per row)."""
    import importlib

    module = importlib.import_module(f"faker.providers.person.{locale}")
    prov = module.Provider
    female = np.asarray(list(prov.first_names_female), dtype=object)
    male = np.asarray(list(prov.first_names_male), dtype=object)
    last = np.asarray(list(prov.last_names), dtype=object)
    first = np.where(
        gender == "female",
        female[rng.integers(0, len(female), n)],
        male[rng.integers(0, len(male), n)],
    )
    family = last[rng.integers(0, len(last), n)]
    full = first + " " + family
    handle = pd.Series(full).str.lower().str.replace(r"[^a-z]+", ".", regex=True).str.strip(".")
    handle = handle + pd.Series(handle).groupby(handle).cumcount().map(
        lambda k: "" if k == 0 else str(k)
    )
    emails = (handle + "@example.com").to_numpy()
    phones = np.char.add("555", rng.integers(1_000_000, 9_999_999, n).astype(str))
    return full, emails, phones.astype(object)


@fill_doc
def make_customers(
    cfg: ShopConfig, *, rng: np.random.Generator, first: int = 0, n: int | None = None
) -> pd.DataFrame:
    """Draw the customers table (one row per customer, ordered by signup date).

    ``first`` and ``n`` select a block of customers: positions ``first … first + n − 1`` of the
    world (default: all ``cfg.n_customers``); their ids come from these global positions.

    Parameters
    ----------
    {synth_cfg}
    {synth_rng}
    first : int, default 0
        Global position of the first customer (0-based); its id has number ``first + 1``
        (``KH000001`` for 0).
    n : int, optional
        Number of customers to draw; default ``cfg.n_customers``.

    Returns
    -------
    pandas.DataFrame
        ``customer_id`` (``KH000001`` …), ``full_name``, ``gender`` (female/male), ``birth_year``,
        ``province``, ``signup_date`` (day of the first order), ``acquisition_channel``, ``device``,
        ``email``, ``phone``.
    """
    n = cfg.n_customers if n is None else n
    r_days, r_geo, r_demo, r_names = rng.spawn(4)
    days = _signup_days(cfg, n, r_days)
    prov = load_provinces()
    if cfg.locale == "vi_VN":
        p_idx = r_geo.choice(len(prov), size=n, p=prov["customer_weight"].to_numpy())
        province = prov["province"].to_numpy()[p_idx]
        region = prov["region"].to_numpy()[p_idx]
    else:
        import importlib

        states = importlib.import_module(f"faker.providers.address.{cfg.locale}").Provider.states
        province = np.asarray(states, dtype=object)[r_geo.integers(0, len(states), n)]
        region = None
    gender = np.where(r_demo.random(n) < _FEMALE_SHARE, "female", "male")
    band = r_demo.choice(len(_AGE_BANDS), size=n, p=_AGE_SHARES)
    age = r_demo.integers(_AGE_BANDS[band, 0], _AGE_BANDS[band, 1] + 1)
    birth_year = (cfg.start.year - age).astype(np.int64)
    channels = list(cfg.channel_mix)
    channel = np.asarray(channels, dtype=object)[
        r_demo.choice(len(channels), size=n, p=list(cfg.channel_mix.values()))
    ]
    devices = list(cfg.device_mix)
    device = np.asarray(devices, dtype=object)[
        r_demo.choice(len(devices), size=n, p=list(cfg.device_mix.values()))
    ]
    if cfg.locale == "vi_VN":
        full_name, email, phone = _people_vi(n, gender, region, birth_year, r_names)
    else:
        full_name, email, phone = _people_faker(n, cfg.locale, gender, r_names)
    return pd.DataFrame(
        {
            "customer_id": [f"KH{i:06d}" for i in range(first + 1, first + n + 1)],
            "full_name": full_name,
            "gender": gender,
            "birth_year": birth_year,
            "province": province,
            "signup_date": pd.Timestamp(cfg.start) + pd.to_timedelta(days, unit="D"),
            "acquisition_channel": channel,
            "device": device,
            "email": email,
            "phone": phone,
        }
    )
