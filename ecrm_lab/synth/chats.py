"""Consulting chats between sellers and shoppers, with a planted SPIN → purchase model.

Each chat is a sequence of seller questions whose SPIN labels (S, P, I, N or other) follow a Markov
chain that mostly moves forward (S → P → I → N) but not always. The chat ends in a purchase with
probability ``sigmoid(β · x)`` where ``x`` = (1, has P, has I, has N, S→P→I→N in order, situation
questions beyond two) and β = ``ShopConfig.spin_effects`` (recorded in ``truth_params``). Seller messages
are questions from the project's hand-written SPIN question bank (``ecrm_lab/data/spin_questions.csv``)
for the chat's product category, in the register that fits the shopper (chị for women, anh for men);
shopper messages are short replies.

Purchased chats are matched to orders placed through the ``chat`` channel (the chat happened minutes
before the order); chats without a purchase belong to customers at other times or to prospects.
"""

from __future__ import annotations

import functools
from importlib import resources

import numpy as np
import pandas as pd

from .config import ShopConfig
from .ids import make_ids

__all__ = ["make_chats", "LABELS", "TRANSITIONS", "purchase_probability"]

LABELS = ("S", "P", "I", "N", "other")
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

_CATEGORY_CODE = {
    "Làm đẹp": "beauty", "Nhà cửa & Đời sống": "home", "Thời trang nữ": "fashion",
    "Thời trang nam": "fashion", "Điện thoại & Phụ kiện": "phones", "Điện gia dụng": "appliances",
    "Mẹ & Bé": "baby", "Thực phẩm & Đồ uống": "food", "Thể thao & Dã ngoại": "sports",
    "Sách & Văn phòng phẩm": "books", "Máy tính & Laptop": "computers",
}  # fmt: skip

_OPENERS = {
    "bạn": [
        "Shop ơi cho mình hỏi chút.", "Sản phẩm này còn hàng không shop?", "Cho mình hỏi mẫu này với ạ.",
        "Shop ơi, mình đang cần tìm một món phù hợp.", "Alo shop, có ai không ạ?",
        "Mình xem trên livestream hôm qua, muốn hỏi thêm.",
    ],
    "chị": ["Em ơi tư vấn giúp chị với.", "Em ơi, chị hỏi chút nhé.", "Shop ơi, chị muốn hỏi về mẫu này."],
    "anh": ["Tư vấn giúp anh cái này với em.", "Em ơi, anh hỏi chút.", "Shop ơi, anh cần tư vấn một món."],
}  # fmt: skip
_REPLIES = {
    "S": [
        "Dạ mình đang dùng loại bình thường thôi.", "Nhà mình có 4 người em ạ.", "Mình dùng cũng được hai năm rồi.",
        "Chủ yếu dùng buổi tối thôi em.", "Trước giờ mình mua ở siêu thị gần nhà.", "Cũng không nhiều lắm.",
        "Mình mua cho cả nhà dùng.", "Hiện tại chưa có em ạ.", "Ngân sách tầm vài trăm nghìn thôi.",
    ],
    "P": [
        "Có, dạo này hay bị vậy lắm.", "Ừ, đúng là hơi bất tiện.", "Thỉnh thoảng cũng bị em ạ.",
        "Không hẳn, nhưng đôi khi khó chịu.", "Đúng rồi, đang đau đầu vụ đó.", "Cũng hơi lo chuyện đó.",
        "Ừ, cái cũ dùng không ưng lắm.", "Có chứ, mà chưa biết xử lý sao.",
    ],
    "I": [
        "Thì mất thời gian lắm em.", "Nghĩ lại thì cũng tốn kém thật.", "Cả nhà ai cũng phàn nàn.",
        "Chắc phải tính sớm thôi.", "Cũng ảnh hưởng công việc nhiều.", "Ừ, để lâu chắc còn tệ hơn.",
        "Nói vậy mới thấy cũng phiền thật.",
    ],
    "N": [
        "Vậy thì tiện hơn nhiều chứ.", "Nếu được vậy thì tốt quá.", "Chắc đỡ được khối việc.",
        "Ừ, vậy thì đáng tiền.", "Cái đó thì mình cần thật.", "Được vậy thì yên tâm hơn nhiều.",
        "Chắc là tiết kiệm được kha khá.",
    ],
    "other": [
        "Ok em.", "Dạ được.", "Để mình xem đã.", "Ừ em cứ gửi thông tin đi.", "Giao buổi chiều giúp mình nhé.",
        "Mình chưa theo dõi, để mình xem.", "Cảm ơn em.",
    ],
}  # fmt: skip


@functools.lru_cache(maxsize=1)
def _bank() -> pd.DataFrame:
    with (
        resources.files("ecrm_lab").joinpath("data/spin_questions.csv").open(encoding="utf-8") as f
    ):
        return pd.read_csv(f)


def purchase_probability(seq_labels: np.ndarray, effects: dict[str, float]) -> np.ndarray:
    """Planted probability that a chat ends in a purchase.

    ``seq_labels`` is an (n_chats, max_len) array of label codes 0–4 (S, P, I, N, other) padded with −1.
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
    return 1.0 / (1.0 + np.exp(-logit))


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
    """One bank question per seller turn, from the chat's category (or general) and register."""
    out = np.empty(len(label), dtype=object)
    key = pd.DataFrame({"label": label, "category": category, "register": register})
    for (lab, cat, reg), idx in key.groupby(
        ["label", "category", "register"], sort=True
    ).indices.items():
        pool = _pool(lab, cat, reg)
        out[idx] = pool[rng.integers(0, len(pool), len(idx))]
    return out


@functools.lru_cache(maxsize=1024)
def _pool(lab: str, cat: str, reg: str) -> np.ndarray:
    """The bank questions that fit a label, category and register (cached: the bank is fixed)."""
    label, category, register, question = _bank_arrays()
    in_pool = (label == lab) & ((category == cat) | (category == "general"))
    fits = in_pool & np.isin(register, [reg, "anh/chị", "mình", "bạn"])
    return question[fits] if fits.any() else question[in_pool]


@functools.lru_cache(maxsize=1)
def _bank_arrays() -> tuple[np.ndarray, ...]:
    bank = _bank()
    return tuple(
        bank[c].astype(str).to_numpy(dtype=object)
        for c in ("label", "category", "register", "question")
    )


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

    ``block`` is the customer block's number, used in the chat ids (:mod:`ecrm_lab.synth.parts`).

    Returns
    -------
    dict of DataFrame
        ``sales_chats`` (chat_id, customer_id, prospect_id, started_at, category, spin_sequence, purchased,
        order_id), ``chat_messages`` (chat_id, turn, speaker, text, spin_label) and ``params``.
    """
    r_seq, r_who, r_text = rng.spawn(3)
    chat_orders = orders[orders["channel"].astype(str) == "chat"]
    n_chat_orders = len(chat_orders)
    n = int(round(cfg.chats_per_chat_order * n_chat_orders))
    seq = _sequences(n, r_seq)
    p = purchase_probability(seq, cfg.spin_effects)
    purchased = r_seq.random(n) < p
    # purchased chats take chat-channel orders (at most one chat per order)
    buy_idx = np.flatnonzero(purchased)
    if buy_idx.size > n_chat_orders:  # rare: keep the first ones, the rest become non-purchases
        purchased[buy_idx[n_chat_orders:]] = False
        buy_idx = buy_idx[:n_chat_orders]
    matched = chat_orders.iloc[r_who.permutation(n_chat_orders)[: buy_idx.size]]

    first_item = order_items[order_items["line_no"] == 1].set_index("order_id")["product_id"]
    prod_cat = products.set_index("product_id")["category"].astype(str).map(_CATEGORY_CODE)
    pros_of_cust = prospects.dropna(subset=["customer_id"]).set_index("customer_id")["prospect_id"]
    gender = customers.set_index("customer_id")["gender"].astype(str)

    customer_id = np.full(n, None, dtype=object)
    prospect_id = np.full(n, None, dtype=object)
    started = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    category = np.full(n, None, dtype=object)
    order_id = np.full(n, None, dtype=object)
    customer_id[buy_idx] = matched["customer_id"].to_numpy()
    order_id[buy_idx] = matched["order_id"].to_numpy()
    lead = pd.to_timedelta(r_who.uniform(3, 40, buy_idx.size), unit="min").to_numpy()
    started[buy_idx] = matched["order_date"].to_numpy() - lead
    category[buy_idx] = prod_cat.reindex(
        first_item.reindex(matched["order_id"]).to_numpy()
    ).to_numpy()

    rest = np.flatnonzero(~purchased)
    lost = prospects[prospects["customer_id"].isna()]
    to_customer = (r_who.random(rest.size) < 0.7) | (len(lost) == 0)
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
    need_cat = pd.isna(category)
    codes = sorted(set(_CATEGORY_CODE.values()))
    category[need_cat] = np.asarray(codes, dtype=object)[
        r_who.integers(0, len(codes), int(need_cat.sum()))
    ]
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
                "category": category,
                "spin_sequence": spin_sequence,
                "purchased": purchased,
                "order_id": order_id,
            }
        )
        .iloc[order]
        .reset_index(drop=True)
    )

    # messages: opener, then question/reply pairs
    q_chat = np.repeat(np.arange(n), lengths)
    q_label = letters[seq[seq >= 0]]
    q_text = _pick_questions(q_label, category[q_chat], register[q_chat], r_text)
    replies = np.empty(q_chat.size, dtype=object)
    for lab in LABELS:
        sel = q_label == lab
        options = np.asarray(_REPLIES[lab], dtype=object)
        replies[sel] = options[r_text.integers(0, len(options), int(sel.sum()))]
    openers = np.empty(n, dtype=object)
    neutral = r_text.random(n) < 0.5  # half the shoppers open without naming themselves
    for reg, options in _OPENERS.items():
        sel = (register == reg) & ~neutral if reg != "bạn" else (register == "bạn") | neutral
        pool = np.asarray(options, dtype=object)
        openers[sel] = pool[r_text.integers(0, len(pool), int(sel.sum()))]
    q_pos = np.arange(q_chat.size) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    msgs = pd.concat(
        [
            pd.DataFrame(
                {
                    "c": np.arange(n),
                    "turn": 1,
                    "speaker": "shopper",
                    "text": openers,
                    "spin_label": None,
                }
            ),
            pd.DataFrame(
                {
                    "c": q_chat,
                    "turn": 2 + 2 * q_pos,
                    "speaker": "seller",
                    "text": q_text,
                    "spin_label": q_label,
                }
            ),
            pd.DataFrame(
                {
                    "c": q_chat,
                    "turn": 3 + 2 * q_pos,
                    "speaker": "shopper",
                    "text": replies,
                    "spin_label": None,
                }
            ),
        ],
        ignore_index=True,
    )
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
    params = pd.DataFrame(
        [
            (f"spin_{k}", float(v), f"log-odds effect on a chat ending in a purchase: {k}")
            for k, v in cfg.spin_effects.items()
        ],
        columns=["parameter", "value", "description"],
    )
    return {"sales_chats": sales_chats, "chat_messages": chat_messages, "params": params}
