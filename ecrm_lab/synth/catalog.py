"""The VietShop product catalogue.

Category shares follow Metric.vn's 2025 marketplace figures where they exist (beauty 17.3 %, home & living
13.2 %, women's fashion 12.7 % of sales); the other shares, the typical prices and the margins are
modelling choices. Prices are in VND and rounded to 1,000 VND. Brands are invented.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import vocabulary
from .._docs import fill_doc

__all__ = ["SUBCATEGORIES", "COMPLEMENTS", "make_products"]

# (category, subcategory, demand weight within the shop, typical price VND, price spread (log sd), margin)
SUBCATEGORIES: list[tuple[str, str, float, int, float, float]] = [
    ("Làm đẹp", "Chăm sóc da", 0.070, 220_000, 0.55, 0.38),
    ("Làm đẹp", "Trang điểm", 0.050, 160_000, 0.50, 0.40),
    ("Làm đẹp", "Chăm sóc tóc", 0.033, 130_000, 0.45, 0.35),
    ("Làm đẹp", "Nước hoa", 0.020, 480_000, 0.60, 0.42),
    ("Nhà cửa & Đời sống", "Dụng cụ nhà bếp", 0.045, 160_000, 0.60, 0.30),
    ("Nhà cửa & Đời sống", "Chăn ga gối", 0.030, 380_000, 0.50, 0.33),
    ("Nhà cửa & Đời sống", "Đồ trang trí", 0.027, 120_000, 0.60, 0.40),
    ("Nhà cửa & Đời sống", "Vệ sinh nhà cửa", 0.030, 85_000, 0.45, 0.22),
    ("Thời trang nữ", "Áo nữ", 0.050, 170_000, 0.45, 0.45),
    ("Thời trang nữ", "Váy đầm", 0.040, 260_000, 0.50, 0.45),
    ("Thời trang nữ", "Túi xách", 0.037, 320_000, 0.60, 0.48),
    ("Thời trang nam", "Áo nam", 0.035, 190_000, 0.45, 0.42),
    ("Thời trang nam", "Quần nam", 0.025, 260_000, 0.40, 0.42),
    ("Thời trang nam", "Giày dép", 0.030, 420_000, 0.55, 0.40),
    ("Điện thoại & Phụ kiện", "Điện thoại", 0.012, 4_800_000, 0.65, 0.07),
    ("Điện thoại & Phụ kiện", "Ốp lưng & Cường lực", 0.035, 65_000, 0.40, 0.55),
    ("Điện thoại & Phụ kiện", "Tai nghe", 0.020, 380_000, 0.75, 0.25),
    ("Điện thoại & Phụ kiện", "Sạc & Cáp", 0.028, 120_000, 0.45, 0.40),
    ("Điện gia dụng", "Nồi cơm điện", 0.015, 950_000, 0.50, 0.15),
    ("Điện gia dụng", "Nồi chiên không dầu", 0.018, 1_400_000, 0.45, 0.15),
    ("Điện gia dụng", "Máy xay sinh tố", 0.012, 650_000, 0.45, 0.17),
    ("Điện gia dụng", "Quạt điện", 0.015, 550_000, 0.45, 0.16),
    ("Mẹ & Bé", "Tã bỉm", 0.040, 320_000, 0.30, 0.15),
    ("Mẹ & Bé", "Sữa bột", 0.030, 580_000, 0.30, 0.12),
    ("Mẹ & Bé", "Đồ chơi trẻ em", 0.020, 210_000, 0.60, 0.35),
    ("Thực phẩm & Đồ uống", "Đồ ăn vặt", 0.045, 85_000, 0.45, 0.25),
    ("Thực phẩm & Đồ uống", "Cà phê & Trà", 0.030, 140_000, 0.45, 0.28),
    ("Thực phẩm & Đồ uống", "Thực phẩm khô", 0.025, 110_000, 0.45, 0.20),
    ("Thể thao & Dã ngoại", "Quần áo thể thao", 0.028, 230_000, 0.45, 0.38),
    ("Thể thao & Dã ngoại", "Dụng cụ tập luyện", 0.022, 380_000, 0.65, 0.30),
    ("Sách & Văn phòng phẩm", "Sách", 0.025, 120_000, 0.35, 0.25),
    ("Sách & Văn phòng phẩm", "Văn phòng phẩm", 0.015, 55_000, 0.50, 0.35),
    ("Máy tính & Laptop", "Laptop", 0.008, 16_000_000, 0.40, 0.06),
    ("Máy tính & Laptop", "Chuột & Bàn phím", 0.020, 320_000, 0.70, 0.25),
    ("Máy tính & Laptop", "Thiết bị lưu trữ", 0.012, 450_000, 0.55, 0.18),
]

#: Pairs bought together more often than chance (planted for basket analysis): the second item of an
#: order comes from the partner subcategory of the first item with probability ``complement_prob``.
COMPLEMENTS: dict[str, str] = {
    "Điện thoại": "Ốp lưng & Cường lực",
    "Ốp lưng & Cường lực": "Sạc & Cáp",
    "Laptop": "Chuột & Bàn phím",
    "Chăm sóc da": "Trang điểm",
    "Trang điểm": "Chăm sóc da",
    "Tã bỉm": "Sữa bột",
    "Sữa bột": "Tã bỉm",
    "Váy đầm": "Túi xách",
    "Áo nam": "Quần nam",
    "Cà phê & Trà": "Đồ ăn vặt",
    "Nồi chiên không dầu": "Dụng cụ nhà bếp",
    "Sách": "Văn phòng phẩm",
}

_BRAND_WORDS = [
    "Sen", "Lúa", "Mộc", "Lam", "Tre", "Hồng", "An", "Việt", "Phú", "Minh", "Ngọc", "Thảo", "Sao",
    "Mây", "Biển", "Gạo", "Cọ", "Nắng", "Đông", "Nam",
]  # fmt: skip
_BRAND_SUFFIX = ["Home", "Beauty", "Style", "Tech", "Kids", "Foods", "Sport", "Lab", "Mart", "Go"]
_CATEGORY_SUFFIX = vocabulary.mapping("category", "brand_suffix", key="vi")


def subcategory_table() -> pd.DataFrame:
    """The catalogue plan as a table: one row per subcategory (weights normalised to 1)."""
    df = pd.DataFrame(
        SUBCATEGORIES,
        columns=["category", "subcategory", "weight", "typical_price", "price_sd", "margin"],
    )
    df["weight"] = df["weight"] / df["weight"].sum()
    return df


@fill_doc
def make_products(n_products: int, *, rng: np.random.Generator) -> pd.DataFrame:
    """Draw the product catalogue.

    Every subcategory of :data:`SUBCATEGORIES` gets at least 4 products, the rest in proportion to
    the square root of its demand weight; prices are log-normal around the typical price.

    Parameters
    ----------
    n_products : int
        Number of products (``ShopConfig.n_products``).
    {synth_rng}

    Returns
    -------
    pandas.DataFrame
        One row per product: ``product_id`` (``SP0001`` …), ``category``, ``subcategory``, ``brand``,
        ``price`` (int VND, multiple of 1,000), ``tier`` (basic/standard/premium: price terciles within the
        subcategory) and ``margin`` (gross margin share, 0–1). Sorted by ``product_id``.
    """
    plan = subcategory_table()
    k = len(plan)
    # every subcategory gets at least 4 products; the rest in proportion to sqrt(demand)
    extra = max(n_products - 4 * k, 0)
    share = np.sqrt(plan["weight"].to_numpy())
    counts = 4 + rng.multinomial(extra, share / share.sum())
    sub_idx = np.repeat(np.arange(k), counts)[:n_products]
    n = len(sub_idx)
    log_price = np.log(plan["typical_price"].to_numpy()[sub_idx]) + rng.normal(
        0.0, plan["price_sd"].to_numpy()[sub_idx]
    )
    price = np.maximum(np.round(np.exp(log_price), -3), 5_000).astype(np.int64)
    df = pd.DataFrame(
        {
            "category": plan["category"].to_numpy()[sub_idx],
            "subcategory": plan["subcategory"].to_numpy()[sub_idx],
            "price": price,
        }
    )
    rank = df.groupby("subcategory")["price"].rank(pct=True, method="first").to_numpy()
    df["tier"] = np.select([rank <= 1 / 3, rank <= 2 / 3], ["basic", "standard"], "premium")
    premium_bonus = np.select([rank <= 1 / 3, rank <= 2 / 3], [-0.03, 0.0], 0.05)
    margin = plan["margin"].to_numpy()[sub_idx] + premium_bonus + rng.normal(0, 0.03, n)
    df["margin"] = np.clip(margin, 0.02, 0.8).round(3)
    words = rng.choice(len(_BRAND_WORDS), size=(n, 2))
    suffix = df["category"].map(_CATEGORY_SUFFIX).to_numpy()
    first = np.asarray(_BRAND_WORDS, dtype=object)[words[:, 0]]
    # a handful of brands per subcategory: brand = word + category suffix, reused across products
    brand_pool = rng.integers(0, 3, n)
    second = np.asarray(_BRAND_WORDS, dtype=object)[(words[:, 0] + brand_pool) % len(_BRAND_WORDS)]
    df["brand"] = np.where(brand_pool == 0, first + " " + suffix, second + " " + suffix)
    order = rng.permutation(n)
    df = df.iloc[order].reset_index(drop=True)
    df.insert(0, "product_id", [f"SP{i:05d}" for i in range(1, n + 1)])
    return df[["product_id", "category", "subcategory", "brand", "price", "tier", "margin"]]
