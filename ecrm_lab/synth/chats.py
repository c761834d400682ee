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
from .marketing import order_by

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


def _pick_questions(label, topic, register, rng, *, topics, registers) -> np.ndarray:
    """One bank question per seller turn, in the register that fits the shopper.

    SPIN questions come from the chat's own category (a general one, which fits any product, one time
    in five); non-SPIN lines (greetings, delivery, payment) from the category's and the general ones.
    ``label``, ``topic`` and ``register`` are integer codes into :data:`LABELS`, ``topics`` and
    ``registers`` (topic −1: none; such turns get no question). The turns are drawn group by group
    (label, topic, register, general), the groups in the order of their texts.
    """
    n = len(label)
    general = rng.random(n) < _GENERAL_SHARE
    out = np.full(n, None, dtype=object)
    if not n:
        return out
    # one number per group whose order is the order of the groups' texts
    key = (
        (_ranks(LABELS)[label] * len(topics) + _ranks(topics)[topic]) * len(registers)
        + _ranks(registers)[register]
    ) * 2 + general
    key = np.where(topic >= 0, key, -1)  # turns without a topic are left out
    for k, idx in _groups(key):
        if k < 0:
            continue
        i = idx[0]
        questions = _pool(LABELS[label[i]], topics[topic[i]], registers[register[i]], general[i])
        out[idx] = questions[rng.integers(0, len(questions), len(idx))]
    return out


def _groups(key: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """``(key value, its row positions in ascending order)`` for each distinct key, by key."""
    if not key.size:
        return []
    order = np.argsort(key, kind="stable")
    sk = key[order]
    starts = np.flatnonzero(np.r_[True, sk[1:] != sk[:-1]])
    ends = np.r_[starts[1:], sk.size]
    return [(int(sk[a]), order[a:b]) for a, b in zip(starts.tolist(), ends.tolist(), strict=True)]


def _ranks(names) -> np.ndarray:
    """Position of each name in the sorted names."""
    order = sorted(range(len(names)), key=lambda i: names[i])
    ranks = np.empty(len(names), dtype=np.int64)
    ranks[order] = np.arange(len(names))
    return ranks


@functools.cache
def _pool(lab: str, cat: str, reg: str, gen) -> np.ndarray:
    """The bank questions a seller turn may take (cached: the bank is fixed)."""
    b_lab, b_cat, b_reg, b_q = _bank_arrays()
    if lab == "other":
        pool = (b_lab == lab) & ((b_cat == cat) | (b_cat == "general"))
    else:
        pool = (b_lab == lab) & (b_cat == ("general" if gen else cat))
    fitting = pool & np.isin(b_reg, [reg, "anh/chị", "mình", "bạn"])
    return b_q[fitting if fitting.any() else pool]


def _fill(templates: list[str], idx: np.ndarray, slots: dict[str, np.ndarray]) -> np.ndarray:
    """Template ``idx[i]`` of ``templates`` with row i of each slot array filled in.

    The slot arrays hold texts; each template is cut once into its literal pieces and slots, and the
    rows of a template are joined piece by piece (the same text as ``str.format``, without a Python
    call per row).
    """
    out = np.empty(idx.size, dtype=object)
    for t in np.unique(idx):  # a handful of templates, not rows
        sel = idx == t
        pieces = _pieces(templates[t])
        if len(pieces) == 1 and isinstance(pieces[0], str):
            out[sel] = pieces[0]
            continue
        text = None
        for piece in pieces:
            value = piece if isinstance(piece, str) else slots[piece[0]][sel]
            text = value if text is None else text + value
        out[sel] = text
    return out


@functools.cache
def _pieces(template: str) -> tuple:
    """A template cut into literal texts and ``(slot,)`` tuples, in order."""
    import string

    pieces: list = []
    for literal, field, spec, conversion in string.Formatter().parse(template):
        if literal:
            pieces.append(literal)
        if field is not None:
            if spec or conversion or not field.isidentifier():
                raise ValueError(
                    f"chat template slots are plain names, not {{{field}}}: {template}"
                )
            pieces.append((field,))
    return tuple(pieces) or ("",)


def _match(keys_chat: list[np.ndarray], keys_order: list[np.ndarray]) -> np.ndarray:
    """Match chats to orders (each order at most once) on the first key level that has room.

    Returns, per chat, the position of its order in ``keys_order`` arrays or −1. Chats and orders
    are matched in the order given (shuffle them first for a random matching): on each level, the
    r-th unmatched chat with a key takes the r-th free order with that key.
    """
    n_c = keys_chat[0].size
    out = np.full(n_c, -1)
    free = np.ones(keys_order[0].size, dtype=bool)
    for kc, ko in zip(keys_chat, keys_order, strict=True):
        c_idx = np.flatnonzero(out < 0)
        o_idx = np.flatnonzero(free)
        if not c_idx.size or not o_idx.size:
            break
        codes, _ = pd.factorize(np.concatenate([kc[c_idx], ko[o_idx]]), use_na_sentinel=False)
        c_code, o_code = codes[: c_idx.size], codes[c_idx.size :]
        width = max(c_idx.size, o_idx.size)
        c_key = c_code * width + _cumcount(c_code)  # (key, rank within the key) as one number
        o_key = o_code * width + _cumcount(o_code)
        _, ci, oi = np.intersect1d(c_key, o_key, assume_unique=True, return_indices=True)
        out[c_idx[ci]] = o_idx[oi]
        free[o_idx[oi]] = False
    return out


def _cumcount(codes: np.ndarray) -> np.ndarray:
    """Rank of each row among the earlier rows with the same code (0, 1, …)."""
    order = np.argsort(codes, kind="stable")
    sc = codes[order]
    start = np.flatnonzero(np.r_[True, sc[1:] != sc[:-1]])
    size = np.diff(np.r_[start, sc.size])
    rank = np.empty(codes.size, dtype=np.int64)
    rank[order] = np.arange(sc.size) - np.repeat(start, size)
    return rank


_STR = pd.StringDtype(na_value=np.nan)  # pandas' text dtype (what a column of str becomes)
_REGISTERS = np.asarray(["chị", "anh", "bạn"], dtype=object)  # how the seller addresses the shopper
_ME = np.asarray(["chị", "anh", "mình"], dtype=object)  # how the shopper refers to themself
_ME_CAP = np.asarray(["Chị", "Anh", "Mình"], dtype=object)


def _texts(values: np.ndarray, codes: np.ndarray):
    """``values[codes]`` (−1: missing) as a pandas text array, taken in Arrow (no Python objects)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(values.tolist(), type=pa.large_string())
    return pd.array(pc.take(arr, pa.array(codes, mask=codes < 0)), dtype=_STR)


def _isin(values: pd.Series, pool: pd.Series) -> np.ndarray:
    """``values.isin(pool)`` as a bool array; two Arrow text columns are matched in Arrow."""
    if values.dtype == _STR and pool.dtype == _STR:
        import pyarrow as pa
        import pyarrow.compute as pc

        found = pc.is_in(pa.array(values.array), value_set=pa.array(pool.array))
        return found.to_numpy(zero_copy_only=False).astype(bool)
    return values.isin(pool).to_numpy(dtype=bool)


def _join_labels(seq: np.ndarray) -> np.ndarray:
    """Each row's label codes (padded with −1) as letters joined by ``-`` (``"S-P-I"``)."""
    letters = np.asarray(LABELS, dtype=object)
    # chats share few distinct sequences: join each distinct row once, then spread the texts
    # (a row as one base-6 number: codes −1…4 are digits 0…5; 6**9 fits in int64)
    key = (seq + 1) @ (6 ** np.arange(seq.shape[1], dtype=np.int64))
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    uniq = seq[first]
    out = np.full(uniq.shape[0], "", dtype=object)
    for j in range(uniq.shape[1]):  # a few positions, not rows
        has = uniq[:, j] >= 0
        if j:
            out[has] = out[has] + "-"
        out[has] = out[has] + letters[uniq[has, j]]
    return out[inverse.reshape(-1)]


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
    # the chat topic of each product as a code into the sorted topics (−1: no topic)
    topics = sorted(set(_CATEGORY_CODE.values()))
    topic_of = {c: topics.index(t) for c, t in _CATEGORY_CODE.items()}
    p_topic = np.asarray([topic_of.get(c, -1) for c in p_cat], dtype=np.int64)
    p_price = products["price"].to_numpy(dtype=float)
    p_name = np.asarray([str(v) for v in product_name(products)], dtype=object)
    # prices are written once per product, not once per chat (a Python call per text)
    p_price_text = format_price(p_price) if len(p_price) else np.empty(0, dtype=object)
    chat_orders = orders[orders["channel"].astype(str) == "chat"]
    n_chat_orders = len(chat_orders)
    n = int(round(cfg.chats_per_chat_order * n_chat_orders))
    # the product of each chat: the dearest line of a chat-channel order drawn at random
    lines = order_items[_isin(order_items["order_id"], chat_orders["order_id"])]
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

    # prospects by position: the converted ones (with a customer) and the lost ones
    p_missing = prospects["customer_id"].isna().to_numpy()
    p_conv, p_lost = np.flatnonzero(~p_missing), np.flatnonzero(p_missing)
    p_ids = prospects["prospect_id"].array
    cust_ids = customers["customer_id"].to_numpy(dtype=object)

    customer_id = np.full(n, None, dtype=object)
    cust_pos = np.full(n, -1, dtype=np.int64)  # the chat's customer's row in customers
    prospect_id = np.full(n, None, dtype=object)
    started = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    order_id = np.full(n, None, dtype=object)
    customer_id[buy_idx] = matched["customer_id"].to_numpy()
    cust_pos[buy_idx] = pd.Index(cust_ids).get_indexer(customer_id[buy_idx])
    order_id[buy_idx] = matched["order_id"].to_numpy()
    lead = pd.to_timedelta(r_who.uniform(3, 40, buy_idx.size), unit="min").to_numpy()
    started[buy_idx] = matched["order_date"].to_numpy() - lead

    rest = np.flatnonzero(~purchased)
    to_customer = (r_who.random(rest.size) < 0.7) | (p_lost.size == 0)  # none lost: customers
    end = (pd.Timestamp(cfg.end) + pd.Timedelta(days=1)).to_datetime64()
    rc = rest[to_customer]
    rows_c = r_who.integers(0, len(customers), rc.size)
    customer_id[rc] = cust_ids[rows_c]
    cust_pos[rc] = rows_c
    since = customers["signup_date"].to_numpy()[rows_c]
    started[rc] = since + ((end - since) * r_who.random(rc.size)).astype("timedelta64[ns]")
    rp = rest[~to_customer]
    pros_rows = p_lost[r_who.integers(0, p_lost.size, rp.size)]
    prospect_id[rp] = p_ids.take(pros_rows).to_numpy()
    t0 = prospects["first_touch_date"].to_numpy()[pros_rows]
    started[rp] = np.minimum(
        t0 + (r_who.uniform(0, 14, rp.size) * 86_400e9).astype("timedelta64[ns]"),
        end - np.timedelta64(1, "h"),
    )
    topic = p_topic[chat_product]
    category = np.asarray(topics + [None], dtype=object)[topic]  # −1 → None
    has_cust = pd.notna(customer_id)
    # a customer's prospect (as a reindex would: the customer ids of prospects are unique)
    conv_cust = pd.Index(prospects["customer_id"].array.take(p_conv))
    if not conv_cust.is_unique:
        raise ValueError("prospects has a customer_id twice: each customer is one prospect")
    at = conv_cust.get_indexer(customer_id[has_cust])
    found = np.full(at.size, None, dtype=object)
    found[at >= 0] = p_ids.take(p_conv[at[at >= 0]]).to_numpy()
    prospect_id[has_cust] = found
    gender = customers["gender"].astype(str).to_numpy(dtype=object)
    g = np.where(cust_pos >= 0, gender[cust_pos], None)
    # the shopper's register as a code into _REGISTERS: chị (women), anh (men), bạn (unknown)
    reg = np.where(g == "female", 0, np.where(g == "male", 1, 2))
    register = _REGISTERS[reg]

    order = np.argsort(started, kind="stable")
    ids = make_ids("CH", n, 6, block)  # the chats' ids in time order
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    lengths = (seq >= 0).sum(axis=1)
    # the columns are put in time order before the table is built (no copy of a built table)
    sales_chats = pd.DataFrame(
        {
            "chat_id": ids[rank][order],
            "customer_id": customer_id[order],
            "prospect_id": prospect_id[order],
            "started_at": pd.to_datetime(started[order]).floor("s"),
            "product_id": product_id[order],
            "category": category[order],
            "spin_sequence": _join_labels(seq[order]),
            "purchased": purchased[order],
            "order_id": order_id[order],
        }
    )

    # messages: opener, question/reply pairs, a closing line from the shopper
    me = _ME[reg]
    slots_chat = {
        "product": p_name[chat_product],
        "price": p_price_text[chat_product],
        "me": me,
        "Me": _ME_CAP[reg],
    }  # fmt: skip
    q_chat = np.repeat(np.arange(n), lengths)
    q_lab = seq[seq >= 0]  # label codes into LABELS
    q_topic = topic[q_chat]
    q_text = _pick_questions(
        q_lab, q_topic, reg[q_chat], r_text, topics=topics, registers=list(_REGISTERS)
    )
    q_slots = {k: v[q_chat] for k, v in slots_chat.items()}
    replies = np.full(q_chat.size, None, dtype=object)
    # replies drawn by topic (in sorted order) then by label (in the order of LABELS)
    r_key = np.where(q_topic >= 0, q_topic * len(LABELS) + q_lab, -1)
    for k, sel in _groups(r_key):
        if k < 0:
            continue
        code, lab = topics[k // len(LABELS)], LABELS[k % len(LABELS)]
        pool = chat_text.OTHER_REPLIES if lab == "other" else chat_text.REPLIES[code][lab]
        pick = r_text.integers(0, len(pool), sel.size)
        replies[sel] = _fill(pool, pick, {k: v[sel] for k, v in q_slots.items()})
    openers = np.empty(n, dtype=object)
    neutral = (reg == 2) | (r_text.random(n) < 0.5)  # half open without naming themselves
    for who, pool in chat_text.OPENERS.items():
        sel = np.flatnonzero(neutral if who == "mình" else (register == who) & ~neutral)
        pick = r_text.integers(0, len(pool), sel.size)
        openers[sel] = _fill(pool, pick, {k: v[sel] for k, v in slots_chat.items()})
    closers = np.empty(n, dtype=object)
    for outcome, pool in chat_text.CLOSERS.items():
        sel = np.flatnonzero(purchased == outcome)
        pick = r_text.integers(0, len(pool), sel.size)
        closers[sel] = _fill(pool, pick, {k: v[sel] for k, v in slots_chat.items()})
    # every message in one set of arrays, sorted by chat (in time order) and turn
    q_pos = np.arange(q_chat.size) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    chats = np.arange(n)
    m_chat = np.concatenate([chats, q_chat, q_chat, chats])
    m_turn = np.concatenate([np.ones(n, dtype=np.int64), 2 + 2 * q_pos, 3 + 2 * q_pos,
                             2 + 2 * lengths]).astype(np.int64)  # fmt: skip
    m_seller = np.concatenate([np.zeros(n, bool), np.ones(q_chat.size, bool),
                               np.zeros(q_chat.size + n, bool)])  # fmt: skip
    m_label = np.concatenate([np.full(n, -1), q_lab, np.full(q_chat.size + n, -1)])
    m_order = order_by(rank[m_chat], m_turn)
    m_text = np.concatenate([openers, q_text, replies, closers])[m_order]
    m_label = m_label[m_order]
    chat_messages = pd.DataFrame(
        {
            "chat_id": _texts(ids, rank[m_chat[m_order]]),
            "turn": m_turn[m_order],
            "speaker": _texts(np.asarray(["shopper", "seller"], dtype=object),
                              m_seller[m_order].astype(np.int64)),
            "text": pd.array(m_text, dtype=_STR),
            "spin_label": _texts(np.asarray(LABELS, dtype=object), m_label),
        }
    )  # fmt: skip
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
