"""Consulting chats between sellers and shoppers, with a planted SPIN × price → purchase model.

A chat is about one product the shopper is looking at (the dearest line of a chat-channel order, drawn
at random, so chats are about the products people really buy through chat). Each chat is a sequence of
seller questions whose SPIN labels (S, P, I, N or other) follow a Markov chain that mostly moves forward
(S → P → I → N) but not always. Seller lines are questions of the hand-written SPIN bank
(``ecrm_lab/data/spin_questions.csv``) for the chat's product category (or general ones), in the
register that fits the shopper (chị for women, anh for men); the shopper's replies answer each question
with a template for that category and question type, with the product's name and price filled in
(:mod:`ecrm_lab.synth.chat_text`).

The chat ends in a purchase with probability ``sigmoid(β · x + z · (γ_0 + γ · x'))``: ``x`` = (1, has P,
has I, has N, S→P→I→N in order, situation questions beyond two) with β = ``ShopConfig.spin_effects``;
``z = ln(price / spin_reference_price)`` of the chat's product; γ = ``ShopConfig.spin_price_effects``
(``log_price`` and the interactions of z with has P, has I, has N). Rackham: SPIN matters for larger
sales, so the effects of P, I and N grow with the price. All of it is in ``truth_params``.

Purchased chats are matched to orders placed through the ``chat`` channel (the chat happened minutes
before the order), an order with the chat's product where there is one, else one with a product of
the same subcategory, else of the same category (else any chat order); chats without a purchase belong to customers at other
times or to prospects.
"""

from __future__ import annotations

import functools
from importlib import resources

import numpy as np
import pandas as pd

from .. import vocabulary
from .._docs import fill_doc
from . import chat_text
from .config import ShopConfig
from .ids import make_ids

__all__ = [
    "make_chats",
    "LABELS",
    "TRANSITIONS",
    "purchase_probability",
    "product_name",
    "format_price",
]

LABELS = vocabulary.codes("spin_type")  # the rows and columns of TRANSITIONS
_START = np.array([0.68, 0.2, 0.02, 0.02, 0.08])
#: Transition probabilities between consecutive seller questions (rows: from, columns: to), plus the
#: probability of stopping after each label (last column).
TRANSITIONS = np.array(
    [
        # S     P     I     N    other  stop
        [0.30, 0.36, 0.08, 0.04, 0.07, 0.15],  # from S
        [0.08, 0.16, 0.34, 0.16, 0.06, 0.20],  # from P
        [0.02, 0.10, 0.14, 0.42, 0.07, 0.25],  # from I
        [0.02, 0.04, 0.10, 0.14, 0.25, 0.45],  # from N
        [0.25, 0.20, 0.05, 0.10, 0.10, 0.30],  # from other
    ]
)
_MAX_QUESTIONS = 9
_GENERAL_SHARE = 0.2  # SPIN questions taken from the general (any-product) part of the bank

_CATEGORY_CODE = vocabulary.mapping("category", "chat_topic", key="vi")


@functools.lru_cache(maxsize=1)
def _bank() -> pd.DataFrame:
    with (
        resources.files("ecrm_lab").joinpath("data/spin_questions.csv").open(encoding="utf-8") as f
    ):
        return pd.read_csv(f)


def purchase_probability(
    seq_labels: np.ndarray,
    effects: dict[str, float],
    *,
    log_price: np.ndarray | None = None,
    price_effects: dict[str, float] | None = None,
) -> np.ndarray:
    """Planted probability that a chat ends in a purchase.

    Parameters
    ----------
    seq_labels : ndarray
        (n_chats, max_len) label codes 0–4 (S, P, I, N, other) padded with −1.
    effects : dict
        ``ShopConfig.spin_effects`` (log-odds).
    log_price, price_effects : ndarray and dict, optional
        ``z = ln(price / spin_reference_price)`` per chat and ``ShopConfig.spin_price_effects``: adds
        ``z · (log_price + has_problem · P + has_implication · I + has_need_payoff · N)``.

    Returns
    -------
    numpy.ndarray of float
        One purchase probability per chat (row of ``seq_labels``), the logistic of the planted
        log-odds.
    """
    has = [(seq_labels == k).any(axis=1) for k in range(4)]
    n_s = (seq_labels == 0).sum(axis=1)
    # S → P → I → N as a subsequence: position of the first S, then the first P after it, …
    n, width = seq_labels.shape
    pos = np.full(n, -1)
    ok = np.ones(n, dtype=bool)
    cols = np.arange(width)
    for k in range(4):
        after = (seq_labels == k) & (cols[None, :] > pos[:, None])
        found = after.any(axis=1)
        pos = np.where(found, after.argmax(axis=1), width)
        ok &= found
    logit = (
        effects["intercept"]
        + effects["has_problem"] * has[1]
        + effects["has_implication"] * has[2]
        + effects["has_need_payoff"] * has[3]
        + effects["full_sequence"] * ok
        + effects["extra_situation"] * np.maximum(n_s - 2, 0)
    )
    if log_price is not None and price_effects is not None:
        g = price_effects
        logit = logit + np.asarray(log_price, dtype=float) * (
            g["log_price"]
            + g["has_problem"] * has[1]
            + g["has_implication"] * has[2]
            + g["has_need_payoff"] * has[3]
        )
    return 1.0 / (1.0 + np.exp(-logit))


def format_price(price) -> np.ndarray:
    """Write prices as a Vietnamese shopper does: 1450000 → ``"1.450.000đ"``.

    Parameters
    ----------
    price : array-like of number
        Prices in VND (cut to whole đồng).

    Returns
    -------
    numpy.ndarray of str
        One text per price (object dtype).

    Examples
    --------
    >>> format_price([1450000, 99000]).tolist()
    ['1.450.000đ', '99.000đ']
    """
    return np.asarray([f"{int(v):,}đ".replace(",", ".") for v in np.asarray(price)], dtype=object)


def product_name(products: pd.DataFrame) -> pd.Series:
    """Name each product as a chat does: its subcategory's noun and brand (``nồi chiên … Sen Home``).

    Parameters
    ----------
    products : DataFrame
        ``subcategory`` and ``brand``, one row per product.

    Returns
    -------
    pandas.Series of str
        The names, with the index of ``products``; a subcategory without a chat noun is written in
        lower case.
    """
    noun = products["subcategory"].astype(str).map(chat_text.PRODUCT_NOUN)
    return noun.fillna(products["subcategory"].astype(str).str.lower()) + " " + products["brand"]


def _sequences(n: int, rng: np.random.Generator) -> np.ndarray:
    seq = np.full((n, _MAX_QUESTIONS), -1)
    cur = rng.choice(5, n, p=_START)
    seq[:, 0] = cur
    alive = np.ones(n, dtype=bool)
    cum = np.cumsum(TRANSITIONS, axis=1)
    for j in range(1, _MAX_QUESTIONS):  # loop over positions in a chat, not over chats
        u = rng.random(n)
        nxt = (u[:, None] > cum[cur]).sum(axis=1)
        alive &= nxt < 5  # column 5 = the seller stops asking
        cur = np.where(alive, np.minimum(nxt, 4), cur)
        seq[alive, j] = cur[alive]
    return seq


def _pick_questions(label, category, register, rng) -> np.ndarray:
    """One bank question per seller turn, in the register that fits the shopper.

    SPIN questions come from the chat's own category (a general one, which fits any product, one time
    in five); non-SPIN lines (greetings, delivery, payment) from the category's and the general ones.
    """
    b_lab, b_cat, b_reg, b_q = _bank_arrays()
    out = np.empty(len(label), dtype=object)
    general = rng.random(len(label)) < _GENERAL_SHARE
    key = pd.DataFrame(
        {"label": label, "category": category, "register": register, "general": general}
    )
    for (lab, cat, reg, gen), idx in key.groupby(
        ["label", "category", "register", "general"], sort=True
    ).indices.items():
        if lab == "other":
            pool = (b_lab == lab) & ((b_cat == cat) | (b_cat == "general"))
        else:
            pool = (b_lab == lab) & (b_cat == ("general" if gen else cat))
        fitting = pool & np.isin(b_reg, [reg, "anh/chị", "mình", "bạn"])
        questions = b_q[fitting if fitting.any() else pool]
        out[idx] = questions[rng.integers(0, len(questions), len(idx))]
    return out


def _fill(templates: list[str], idx: np.ndarray, slots: dict[str, np.ndarray]) -> np.ndarray:
    """Template ``idx[i]`` of ``templates`` with row i of each slot array filled in."""
    out = np.empty(idx.size, dtype=object)
    for t in np.unique(idx):  # a handful of templates, not rows
        sel = idx == t
        text = templates[t]
        parts = [k for k in slots if "{" + k + "}" in text]
        if not parts:
            out[sel] = text
            continue
        cols = [slots[k][sel] for k in parts]
        out[sel] = [
            text.format(**dict(zip(parts, vals, strict=True))) for vals in zip(*cols, strict=True)
        ]
    return out


def _match(keys_chat: list[np.ndarray], keys_order: list[np.ndarray]) -> np.ndarray:
    """Match chats to orders (each order at most once) on the first key level that has room.

    Returns, per chat, the position of its order in ``keys_order`` arrays or −1. Chats and orders
    are matched in the order given (shuffle them first for a random matching).
    """
    n_c = keys_chat[0].size
    out = np.full(n_c, -1)
    free = np.ones(keys_order[0].size, dtype=bool)
    for kc, ko in zip(keys_chat, keys_order, strict=True):
        c_idx = np.flatnonzero(out < 0)
        o_idx = np.flatnonzero(free)
        if not c_idx.size or not o_idx.size:
            break
        c = pd.DataFrame({"k": kc[c_idx], "i": c_idx})
        o = pd.DataFrame({"k": ko[o_idx], "j": o_idx})
        c["r"] = c.groupby("k", sort=False).cumcount()
        o["r"] = o.groupby("k", sort=False).cumcount()
        m = c.merge(o, on=["k", "r"], how="inner")
        out[m["i"].to_numpy()] = m["j"].to_numpy()
        free[m["j"].to_numpy()] = False
    return out


@functools.lru_cache(maxsize=1)
def _bank_arrays() -> tuple[np.ndarray, ...]:
    """The bank's label, category, register and question columns (cached: the bank is fixed)."""
    bank = _bank()
    return tuple(
        bank[c].astype(str).to_numpy(dtype=object)
        for c in ("label", "category", "register", "question")
    )


@fill_doc
def make_chats(
    cfg: ShopConfig,
    customers: pd.DataFrame,
    orders: pd.DataFrame,
    order_items: pd.DataFrame,
    products: pd.DataFrame,
    prospects: pd.DataFrame,
    *,
    rng: np.random.Generator,
    block: int = 0,
) -> dict[str, pd.DataFrame]:
    """Draw ``sales_chats``, ``chat_messages`` and the SPIN truth parameters.

    Parameters
    ----------
    cfg : ShopConfig
        ``chats_per_chat_order``, ``spin_effects``, ``spin_price_effects``, ``spin_reference_price``.
    customers, orders, order_items, products, prospects : DataFrame
        The world's tables (``order_items``: order_id, line_no, product_id, unit_price; ``products``:
        product_id, category, subcategory, brand, price).
    {synth_rng}
    {synth_block}

    Returns
    -------
    dict of DataFrame
        ``sales_chats`` (chat_id, customer_id, prospect_id, started_at, product_id, category,
        spin_sequence, purchased, order_id), ``chat_messages`` (chat_id, turn, speaker, text,
        spin_label) and ``params`` (parameter, value, description).
    """
    r_seq, r_who, r_text = rng.spawn(3)
    # product attributes as numpy arrays, looked up by position (product index −1 = none)
    p_index = pd.Index(products["product_id"].astype(str))
    p_sub = products["subcategory"].astype(str).to_numpy(dtype=object)
    p_cat = products["category"].astype(str).to_numpy(dtype=object)
    p_code = np.asarray([_CATEGORY_CODE.get(c) for c in p_cat], dtype=object)
    p_price = products["price"].to_numpy(dtype=float)
    p_name = product_name(products).to_numpy(dtype=object)
    chat_orders = orders[orders["channel"].astype(str) == "chat"]
    n_chat_orders = len(chat_orders)
    n = int(round(cfg.chats_per_chat_order * n_chat_orders))
    # the product of each chat: the dearest line of a chat-channel order drawn at random
    lines = order_items[order_items["order_id"].isin(chat_orders["order_id"])]
    lines = lines.sort_values(["order_id", "unit_price", "line_no"], ascending=[True, False, True])
    main_item = lines.drop_duplicates("order_id").set_index("order_id")["product_id"]
    order_product = p_index.get_indexer(main_item.reindex(chat_orders["order_id"]).to_numpy())
    has_item = order_product >= 0  # every simulated order has lines; guard hand-made tables
    chat_orders, order_product = chat_orders[has_item], order_product[has_item]
    n_chat_orders = len(chat_orders)
    if n_chat_orders:
        chat_product = order_product[r_who.integers(0, n_chat_orders, n)]
    else:
        chat_product = np.empty(0, dtype=np.int64)
    product_id = p_index.to_numpy(dtype=object)[chat_product]
    price = p_price[chat_product]
    log_price = np.log(price / cfg.spin_reference_price)

    seq = _sequences(n, r_seq)
    p = purchase_probability(
        seq, cfg.spin_effects, log_price=log_price, price_effects=cfg.spin_price_effects
    )
    purchased = r_seq.random(n) < p
    # purchased chats take chat-channel orders: the same product, else subcategory, else category
    buy_idx = np.flatnonzero(purchased)
    perm = r_who.permutation(n_chat_orders)
    o_prod = order_product[perm]
    b_prod = chat_product[buy_idx]
    keys_chat = [b_prod, p_sub[b_prod], p_cat[b_prod]]
    keys_order = [o_prod, p_sub[o_prod], p_cat[o_prod]]
    keys_chat.append(np.zeros(buy_idx.size, dtype=np.int64))  # last resort: any chat order
    keys_order.append(np.zeros(n_chat_orders, dtype=np.int64))
    got = _match(keys_chat, keys_order)
    purchased[buy_idx[got < 0]] = False  # rare: more buying chats than chat orders
    buy_idx, got = buy_idx[got >= 0], got[got >= 0]
    matched = chat_orders.iloc[perm[got]]

    pros_of_cust = prospects.dropna(subset=["customer_id"]).set_index("customer_id")["prospect_id"]
    gender = customers.set_index("customer_id")["gender"].astype(str)

    customer_id = np.full(n, None, dtype=object)
    prospect_id = np.full(n, None, dtype=object)
    started = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    order_id = np.full(n, None, dtype=object)
    customer_id[buy_idx] = matched["customer_id"].to_numpy()
    order_id[buy_idx] = matched["order_id"].to_numpy()
    lead = pd.to_timedelta(r_who.uniform(3, 40, buy_idx.size), unit="min").to_numpy()
    started[buy_idx] = matched["order_date"].to_numpy() - lead

    rest = np.flatnonzero(~purchased)
    lost = prospects[prospects["customer_id"].isna()]
    to_customer = (r_who.random(rest.size) < 0.7) | lost.empty  # no lost prospects: customers only
    end = (pd.Timestamp(cfg.end) + pd.Timedelta(days=1)).to_datetime64()
    rc = rest[to_customer]
    cust_rows = customers.iloc[r_who.integers(0, len(customers), rc.size)]
    customer_id[rc] = cust_rows["customer_id"].to_numpy()
    since = cust_rows["signup_date"].to_numpy()
    started[rc] = since + ((end - since) * r_who.random(rc.size)).astype("timedelta64[ns]")
    rp = rest[~to_customer]
    pros_rows = lost.iloc[r_who.integers(0, len(lost), rp.size)]
    prospect_id[rp] = pros_rows["prospect_id"].to_numpy()
    t0 = pros_rows["first_touch_date"].to_numpy()
    started[rp] = np.minimum(
        t0 + (r_who.uniform(0, 14, rp.size) * 86_400e9).astype("timedelta64[ns]"),
        end - np.timedelta64(1, "h"),
    )
    category = p_code[chat_product]
    has_cust = pd.notna(customer_id)
    prospect_id[has_cust] = pros_of_cust.reindex(customer_id[has_cust]).to_numpy()
    g = pd.Series(customer_id).map(gender).to_numpy()
    register = np.where(g == "female", "chị", np.where(g == "male", "anh", "bạn"))

    order = np.argsort(started, kind="stable")
    chat_id = np.empty(n, dtype=object)
    chat_id[order] = make_ids("CH", n, 6, block)
    letters = np.asarray(LABELS, dtype=object)
    lengths = (seq >= 0).sum(axis=1)
    spin_sequence = [
        "-".join(letters[row[row >= 0]]) for row in seq
    ]  # string join per chat (cheap)
    sales_chats = (
        pd.DataFrame(
            {
                "chat_id": chat_id,
                "customer_id": customer_id,
                "prospect_id": prospect_id,
                "started_at": pd.to_datetime(started).floor("s"),
                "product_id": product_id,
                "category": category,
                "spin_sequence": spin_sequence,
                "purchased": purchased,
                "order_id": order_id,
            }
        )
        .iloc[order]
        .reset_index(drop=True)
    )

    # messages: opener, question/reply pairs, a closing line from the shopper
    me = np.where(register == "bạn", "mình", register).astype(object)
    slots_chat = {
        "product": p_name[chat_product],
        "price": format_price(price) if n else np.empty(0, dtype=object),
        "me": me,
        "Me": np.char.capitalize(me.astype(str)).astype(object),
    }  # fmt: skip
    q_chat = np.repeat(np.arange(n), lengths)
    q_label = letters[seq[seq >= 0]]
    q_text = _pick_questions(q_label, category[q_chat], register[q_chat], r_text)
    q_slots = {k: v[q_chat] for k, v in slots_chat.items()}
    replies = np.empty(q_chat.size, dtype=object)
    q_cat = category[q_chat]
    for code in np.unique(category):
        for lab in LABELS:
            sel = np.flatnonzero((q_cat == code) & (q_label == lab))
            if not sel.size:
                continue
            pool = chat_text.OTHER_REPLIES if lab == "other" else chat_text.REPLIES[code][lab]
            pick = r_text.integers(0, len(pool), sel.size)
            replies[sel] = _fill(pool, pick, {k: v[sel] for k, v in q_slots.items()})
    openers = np.empty(n, dtype=object)
    neutral = (register == "bạn") | (r_text.random(n) < 0.5)  # half open without naming themselves
    for reg, pool in chat_text.OPENERS.items():
        sel = np.flatnonzero(neutral if reg == "mình" else (register == reg) & ~neutral)
        pick = r_text.integers(0, len(pool), sel.size)
        openers[sel] = _fill(pool, pick, {k: v[sel] for k, v in slots_chat.items()})
    closers = np.empty(n, dtype=object)
    for outcome, pool in chat_text.CLOSERS.items():
        sel = np.flatnonzero(purchased == outcome)
        pick = r_text.integers(0, len(pool), sel.size)
        closers[sel] = _fill(pool, pick, {k: v[sel] for k, v in slots_chat.items()})
    q_pos = np.arange(q_chat.size) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    msgs = pd.concat(
        [
            pd.DataFrame(
                {"c": np.arange(n), "turn": 1, "speaker": "shopper", "text": openers,
                 "spin_label": None}
            ),
            pd.DataFrame(
                {"c": q_chat, "turn": 2 + 2 * q_pos, "speaker": "seller", "text": q_text,
                 "spin_label": q_label}
            ),
            pd.DataFrame(
                {"c": q_chat, "turn": 3 + 2 * q_pos, "speaker": "shopper", "text": replies,
                 "spin_label": None}
            ),
            pd.DataFrame(
                {"c": np.arange(n), "turn": 2 + 2 * lengths, "speaker": "shopper",
                 "text": closers, "spin_label": None}
            ),
        ],
        ignore_index=True,
    )  # fmt: skip
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    msgs = msgs.assign(_r=rank[msgs["c"].to_numpy()]).sort_values(["_r", "turn"], kind="stable")
    chat_messages = pd.DataFrame(
        {
            "chat_id": chat_id[msgs["c"].to_numpy()],
            "turn": msgs["turn"].to_numpy().astype(np.int64),
            "speaker": msgs["speaker"].to_numpy(),
            "text": msgs["text"].to_numpy(),
            "spin_label": msgs["spin_label"].to_numpy(),
        }
    )
    rows = [
        (f"spin_{k}", float(v), f"log-odds effect on a chat ending in a purchase: {k}")
        for k, v in cfg.spin_effects.items()
    ]
    rows.append(
        (
            "spin_reference_price",
            float(cfg.spin_reference_price),
            "price (VND) at which the SPIN effects are the spin_* values: z = ln(price / this)",
        )
    )
    for k, v in cfg.spin_price_effects.items():
        what = "z on its own" if k == "log_price" else f"z × {k}"
        rows.append(
            (
                f"spin_price_{k}",
                float(v),
                f"log-odds per unit of z = ln(price / spin_reference_price): {what}",
            )
        )
    params = pd.DataFrame(rows, columns=["parameter", "value", "description"])
    return {"sales_chats": sales_chats, "chat_messages": chat_messages, "params": params}
