"""One column dictionary for every VietShop table.

Used by the loaders (dtype restoration), by ``datasets/datapackage.json`` (Frictionless schema with
Vietnamese and English descriptions) and by the tests. Adding a table means adding rows here; existing
rows never change meaning.

Each entry: ``(table, column, kind, unit, description_vi, description_en, categories)`` where ``kind`` is
one of ``string``, ``category``, ``integer``, ``number``, ``date``, ``datetime``, ``boolean`` and
``categories`` lists the allowed values of a category column (``None`` = taken from the data).
"""

from __future__ import annotations

from typing import NamedTuple

from .vocabulary import codes

__all__ = [
    "Column",
    "COLUMNS",
    "TABLES",
    "columns_of",
    "TABLE_DESCRIPTIONS",
    "PRIMARY_KEYS",
    "FOREIGN_KEYS",
    "SCHEMA_VERSION",
]


class Column(NamedTuple):
    table: str
    column: str
    kind: str
    unit: str
    vi: str
    en: str
    categories: tuple[str, ...] | None = None


# The allowed values of the category columns are read from the vocabulary (data/vocabulary/).
_CHANNELS = codes("channel", "acquisition")
_STATUS = codes("status")
_TOUCH_CHANNELS = codes("channel", "touch")
_SPIN = codes("spin_type")
_PERSONAS = codes("persona")
_TIERS = codes("tier")
_TOUCH_KINDS = codes("touch_kind")
_OBJECTIVES = codes("objective")
_CARRIERS = codes("carrier")
_TICKET_TOPICS = codes("ticket_topic")
_TICKET_CHANNELS = codes("ticket_channel")
_CLAIM_OUTCOMES = codes("claim_outcome")
_SQ_DIMENSIONS = codes("sq_dimension")
_EMAIL_CAMPAIGNS = codes("email_campaign")
_WINBACK_ARMS = codes("winback_arm")

COLUMNS: list[Column] = [
    # customers
    Column("customers", "customer_id", "string", "", "Mã khách hàng", "Customer identifier"),
    Column("customers", "full_name", "string", "", "Họ và tên (họ, tên đệm, tên)", "Full name (family, middle, given)"),
    Column("customers", "gender", "category", "", "Giới tính", "Gender", ("female", "male")),
    Column("customers", "birth_year", "integer", "year", "Năm sinh", "Year of birth"),
    Column("customers", "province", "category", "", "Tỉnh/thành phố (34 đơn vị từ 1/7/2025)", "Province or city (34 units since 1 July 2025)"),
    Column("customers", "signup_date", "date", "", "Ngày đăng ký = ngày đặt đơn đầu tiên", "Signup date = day of the first order"),
    Column("customers", "acquisition_channel", "category", "", "Kênh thu hút khách hàng", "Acquisition channel", _CHANNELS),
    Column("customers", "device", "category", "", "Thiết bị chính", "Main device", None),
    Column("customers", "email", "string", "", "Địa chỉ e-mail", "E-mail address"),
    Column("customers", "phone", "string", "", "Số điện thoại di động", "Mobile phone number"),
    # products
    Column("products", "product_id", "string", "", "Mã sản phẩm", "Product identifier"),
    Column("products", "category", "category", "", "Ngành hàng", "Category"),
    Column("products", "subcategory", "category", "", "Nhóm hàng", "Subcategory"),
    Column("products", "brand", "string", "", "Thương hiệu (hư cấu)", "Brand (fictional)"),
    Column("products", "price", "integer", "VND", "Giá niêm yết", "List price"),
    Column("products", "tier", "category", "", "Phân khúc giá trong nhóm hàng", "Price tier within the subcategory", _TIERS),
    Column("products", "margin", "number", "share", "Biên lợi nhuận gộp (0–1)", "Gross margin (0–1)"),
    # orders
    Column("orders", "order_id", "string", "", "Mã đơn hàng", "Order identifier"),
    Column("orders", "customer_id", "string", "", "Mã khách hàng", "Customer identifier"),
    Column("orders", "order_date", "datetime", "", "Thời điểm đặt hàng", "Order timestamp"),
    Column("orders", "channel", "category", "", "Kênh đặt hàng", "Order channel", None),
    Column("orders", "payment_method", "category", "", "Phương thức thanh toán", "Payment method", None),
    Column("orders", "amount", "integer", "VND", "Số tiền khách trả (sau giảm giá)", "Amount paid (after discount)"),
    Column("orders", "discount", "integer", "VND", "Giảm giá bằng voucher", "Voucher discount"),
    Column("orders", "status", "category", "", "Trạng thái đơn", "Order status", _STATUS),
    # order_items
    Column("order_items", "order_id", "string", "", "Mã đơn hàng", "Order identifier"),
    Column("order_items", "line_no", "integer", "", "Số thứ tự dòng trong đơn", "Line number within the order"),
    Column("order_items", "product_id", "string", "", "Mã sản phẩm", "Product identifier"),
    Column("order_items", "quantity", "integer", "items", "Số lượng", "Quantity"),
    Column("order_items", "unit_price", "integer", "VND", "Đơn giá", "Unit price"),
    Column("order_items", "line_amount", "integer", "VND", "Thành tiền dòng = số lượng × đơn giá", "Line amount = quantity × unit price"),
    # sessions
    Column("sessions", "customer_id", "string", "", "Mã khách hàng", "Customer identifier"),
    Column("sessions", "session_date", "date", "", "Ngày truy cập", "Day of activity"),
    Column("sessions", "visits", "integer", "visits", "Số lượt truy cập trong ngày", "Visits that day"),
    Column("sessions", "pageviews", "integer", "pages", "Số trang đã xem", "Pages viewed"),
    Column("sessions", "minutes", "number", "minutes", "Số phút trên web/ứng dụng", "Minutes on site or app"),
    Column("sessions", "traffic_source", "category", "", "Nguồn truy cập của lượt đầu tiên", "Traffic source of the first visit", None),
    # truth
    Column("truth", "customer_id", "string", "", "Mã khách hàng", "Customer identifier"),
    Column("truth", "persona", "category", "", "Chân dung khách hàng (ẩn)", "Persona (hidden)", _PERSONAS),
    Column("truth", "purchase_rate", "number", "orders/week", "Tốc độ mua ẩn khi còn hoạt động", "Latent purchase rate while active"),
    Column("truth", "dropout_prob", "number", "probability", "Xác suất ngừng hoạt động sau mỗi lần mua lặp lại", "Probability of becoming inactive after each repeat order"),
    Column("truth", "mean_order_value", "number", "VND", "Giá trị đơn trung bình ẩn", "Latent mean order value"),
    Column("truth", "deal_seeker", "boolean", "", "Khách săn khuyến mãi", "Deal seeker"),
    Column("truth", "churn_date", "date", "", "Ngày rời bỏ thật (trống nếu còn hoạt động)", "True churn date (empty if still active)"),
    Column("truth", "expected_purchases_52w", "number", "orders", "Số đơn kỳ vọng trong 52 tuần sau kỳ dữ liệu", "Expected orders in the 52 weeks after the data end"),
    Column("truth", "expected_value_52w", "number", "VND", "Giá trị kỳ vọng (đơn hoàn tất) trong 52 tuần sau kỳ dữ liệu", "Expected value of completed orders in the 52 weeks after the data end"),
    # prospects (selection and acquisition)
    Column("prospects", "prospect_id", "string", "", "Mã khách hàng tiềm năng", "Prospect identifier"),
    Column("prospects", "first_touch_date", "datetime", "", "Lần tiếp xúc đầu tiên với marketing", "First marketing touch"),
    Column("prospects", "channel", "category", "", "Kênh của lần tiếp xúc đầu tiên", "Channel of the first touch", _CHANNELS),
    Column("prospects", "customer_id", "string", "", "Mã khách hàng nếu đã mua (trống nếu chưa)", "Customer identifier if converted (empty if not)"),
    # touchpoints
    Column("touchpoints", "touchpoint_id", "string", "", "Mã điểm tiếp xúc", "Touchpoint identifier"),
    Column("touchpoints", "prospect_id", "string", "", "Mã khách hàng tiềm năng", "Prospect identifier"),
    Column("touchpoints", "customer_id", "string", "", "Mã khách hàng (nếu người này đã/sẽ mua)", "Customer identifier (if this person ever orders)"),
    Column("touchpoints", "timestamp", "datetime", "", "Thời điểm tiếp xúc", "Time of the touch"),
    Column("touchpoints", "channel", "category", "", "Kênh tiếp xúc", "Channel", _TOUCH_CHANNELS),
    Column("touchpoints", "kind", "category", "", "Loại: hiển thị, nhấp, truy cập", "Kind: impression, click, visit", _TOUCH_KINDS),
    Column("touchpoints", "campaign_id", "string", "", "Mã chiến dịch (trống nếu không có)", "Campaign identifier (empty if none)"),
    # campaigns
    Column("campaigns", "campaign_id", "string", "", "Mã chiến dịch", "Campaign identifier"),
    Column("campaigns", "name", "string", "", "Tên chiến dịch", "Campaign name"),
    Column("campaigns", "channel", "category", "", "Kênh", "Channel", _TOUCH_CHANNELS),
    Column("campaigns", "start_date", "date", "", "Ngày bắt đầu", "First day"),
    Column("campaigns", "end_date", "date", "", "Ngày kết thúc", "Last day"),
    Column("campaigns", "objective", "category", "", "Mục tiêu: thu hút, giữ chân, sự kiện sale, thương hiệu", "Objective: acquisition, retention, sale event, brand", _OBJECTIVES),
    # marketing_spend
    Column("marketing_spend", "date", "date", "", "Ngày", "Day"),
    Column("marketing_spend", "channel", "category", "", "Kênh", "Channel", _TOUCH_CHANNELS),
    Column("marketing_spend", "spend", "integer", "VND", "Chi phí marketing trong ngày", "Marketing spend that day"),
    # sales chats (SPIN)
    Column("sales_chats", "chat_id", "string", "", "Mã cuộc trò chuyện tư vấn", "Consulting chat identifier"),
    Column("sales_chats", "customer_id", "string", "", "Mã khách hàng (trống nếu là khách tiềm năng)", "Customer identifier (empty for a prospect)"),
    Column("sales_chats", "prospect_id", "string", "", "Mã khách hàng tiềm năng", "Prospect identifier"),
    Column("sales_chats", "started_at", "datetime", "", "Thời điểm bắt đầu", "Start time"),
    Column("sales_chats", "product_id", "string", "", "Mã sản phẩm khách đang xem và được tư vấn", "Product the shopper is looking at and asks about"),
    Column("sales_chats", "category", "category", "", "Ngành hàng được tư vấn", "Product category discussed", None),
    Column("sales_chats", "spin_sequence", "string", "", "Chuỗi nhãn SPIN các câu hỏi của người bán", "SPIN labels of the seller's questions, in order"),
    Column("sales_chats", "purchased", "boolean", "", "Cuộc trò chuyện kết thúc bằng đơn hàng", "The chat ended in an order"),
    Column("sales_chats", "order_id", "string", "", "Mã đơn hàng (nếu mua)", "Order identifier (if purchased)"),
    # chat messages
    Column("chat_messages", "chat_id", "string", "", "Mã cuộc trò chuyện", "Chat identifier"),
    Column("chat_messages", "turn", "integer", "", "Lượt lời (1, 2, …)", "Turn number"),
    Column("chat_messages", "speaker", "category", "", "Người nói: người bán hoặc người mua", "Speaker: seller or shopper", ("seller", "shopper")),
    Column("chat_messages", "text", "string", "", "Nội dung tin nhắn", "Message text"),
    Column("chat_messages", "spin_label", "category", "", "Nhãn SPIN của câu hỏi người bán (trống với người mua)", "SPIN label of a seller question (empty for the shopper)", _SPIN),
    # truth parameters
    Column("truth_params", "parameter", "string", "", "Tên tham số ẩn", "Hidden parameter name"),
    Column("truth_params", "value", "number", "", "Giá trị", "Value"),
    Column("truth_params", "description", "string", "", "Ý nghĩa", "Meaning"),
    # deliveries (issue 12)
    Column("deliveries", "order_id", "string", "", "Mã đơn hàng (đơn đã giao đi: hoàn tất hoặc trả hàng)", "Order identifier (a shipped order: completed or returned)"),
    Column("deliveries", "customer_id", "string", "", "Mã khách hàng", "Customer identifier"),
    Column("deliveries", "carrier", "category", "", "Đơn vị vận chuyển (tên hư cấu)", "Carrier (invented name)", _CARRIERS),
    Column("deliveries", "shipped_date", "date", "", "Ngày giao cho đơn vị vận chuyển", "Day handed to the carrier"),
    Column("deliveries", "promised_days", "integer", "days", "Số ngày giao hàng đã hứa", "Delivery days promised"),
    Column("deliveries", "actual_days", "integer", "days", "Số ngày giao hàng thực tế", "Delivery days taken"),
    Column("deliveries", "delay_days", "integer", "days", "Số ngày trễ = thực tế − đã hứa (> 0: trễ, < 0: sớm)", "Days late = actual − promised (> 0 late, < 0 early)"),
    # support tickets
    Column("tickets", "ticket_id", "string", "", "Mã yêu cầu hỗ trợ", "Support ticket identifier"),
    Column("tickets", "customer_id", "string", "", "Mã khách hàng", "Customer identifier"),
    Column("tickets", "order_id", "string", "", "Mã đơn hàng liên quan (trống nếu không về đơn nào)", "Order concerned (empty if none)"),
    Column("tickets", "created_at", "datetime", "", "Thời điểm tạo yêu cầu", "Time the ticket was opened"),
    Column("tickets", "topic", "category", "", "Chủ đề yêu cầu", "Ticket topic", _TICKET_TOPICS),
    Column("tickets", "channel", "category", "", "Kênh hỗ trợ", "Support channel", _TICKET_CHANNELS),
    Column("tickets", "response_hours", "number", "hours", "Số giờ đến phản hồi đầu tiên", "Hours to the first response"),
    Column("tickets", "resolved", "boolean", "", "Yêu cầu đã được giải quyết", "The ticket was resolved"),
    Column("tickets", "satisfaction", "integer", "", "Mức hài lòng 1–5 (trống nếu khách không đánh giá)", "Satisfaction 1–5 (empty if not rated)"),
    # warranty claims
    Column("warranty_claims", "claim_id", "string", "", "Mã yêu cầu bảo hành", "Warranty claim identifier"),
    Column("warranty_claims", "order_id", "string", "", "Mã đơn hàng đã mua sản phẩm", "Order the product was bought in"),
    Column("warranty_claims", "customer_id", "string", "", "Mã khách hàng", "Customer identifier"),
    Column("warranty_claims", "product_id", "string", "", "Mã sản phẩm được bảo hành", "Product claimed"),
    Column("warranty_claims", "claim_date", "date", "", "Ngày gửi yêu cầu bảo hành", "Claim date"),
    Column("warranty_claims", "days_to_resolve", "integer", "days", "Số ngày đến khi xử lý xong", "Days until the claim was closed"),
    Column("warranty_claims", "outcome", "category", "", "Kết quả bảo hành", "Claim outcome", _CLAIM_OUTCOMES),
    # service-quality surveys
    Column("surveys", "customer_id", "string", "", "Mã khách hàng", "Customer identifier"),
    Column("surveys", "survey_date", "date", "", "Ngày trả lời khảo sát", "Survey date"),
    Column("surveys", "order_id", "string", "", "Đơn hàng mà khảo sát theo sau (sau khi giao)", "Order whose delivery the survey followed"),
    Column("surveys", "dimension", "category", "", "Khía cạnh chất lượng dịch vụ (E-S-QUAL)", "Service-quality dimension (E-S-QUAL)", _SQ_DIMENSIONS),
    Column("surveys", "expectation", "integer", "", "Mức kỳ vọng (1–7)", "Expectation (1–7)"),
    Column("surveys", "perception", "integer", "", "Mức cảm nhận (1–7)", "Perception (1–7)"),
    # hidden service parameters
    Column("service_truth", "parameter", "string", "", "Tên tham số ẩn", "Hidden parameter name"),
    Column("service_truth", "value", "number", "", "Giá trị", "Value"),
    Column("service_truth", "description", "string", "", "Ý nghĩa", "Meaning"),
    # campaign e-mails
    Column("emails", "email_id", "string", "", "Mã e-mail", "E-mail identifier"),
    Column("emails", "campaign", "category", "", "Chiến dịch e-mail", "E-mail campaign", _EMAIL_CAMPAIGNS),
    Column("emails", "customer_id", "string", "", "Mã khách hàng nhận e-mail", "Customer the e-mail was sent to"),
    Column("emails", "sent_date", "date", "", "Ngày gửi", "Day sent"),
    Column("emails", "personalised", "boolean", "", "E-mail được cá nhân hóa (ngẫu nhiên hóa)", "Personalised e-mail (randomised)"),
    Column("emails", "opened", "boolean", "", "Đã mở", "Opened"),
    Column("emails", "clicked", "boolean", "", "Đã nhấp vào liên kết", "Clicked a link"),
    Column("emails", "converted", "boolean", "", "Đã nhấp và đặt đơn trong vài ngày sau khi gửi", "Clicked, and an order followed within a few days of the send"),
    # win-back experiment
    Column("winback", "customer_id", "string", "", "Mã khách hàng có nguy cơ rời bỏ", "Customer at risk"),
    Column("winback", "assigned_date", "date", "", "Ngày phân nhóm (ngày sau cuối dữ liệu)", "Day of assignment (the day after the data end)"),
    Column("winback", "arm", "category", "", "Nhóm thí nghiệm: có ưu đãi hoặc không (đối chứng)", "Experiment arm: offer or no offer (control)", _WINBACK_ARMS),
    Column("winback", "days_since_last_order", "integer", "day", "Số ngày từ đơn gần nhất đến ngày phân nhóm", "Days from the last order to the assignment day"),
    Column("winback", "reactivated", "boolean", "", "Quay lại mua trong thời hạn sau ngày phân nhóm", "Ordered again within the horizon after the assignment"),
    Column("winback", "order_value", "integer", "VND", "Giá trị đơn quay lại (0 nếu không quay lại)", "Value of the reactivation order (0 if none)"),
    # referrals
    Column("referrals", "referrer_id", "string", "", "Mã khách hàng giới thiệu", "Referring customer"),
    Column("referrals", "referee_id", "string", "", "Mã khách hàng được giới thiệu", "Referred customer"),
    Column("referrals", "referral_date", "date", "", "Ngày giới thiệu (không sau ngày đăng ký của người được giới thiệu)", "Day of the referral (not after the referee's signup)"),
    Column("referrals", "reward", "integer", "VND", "Thưởng giới thiệu cho người giới thiệu", "Referral reward paid to the referrer"),
    # hidden CRM parameters
    Column("crm_truth", "parameter", "string", "", "Tên tham số ẩn", "Hidden parameter name"),
    Column("crm_truth", "value", "number", "", "Giá trị", "Value"),
    Column("crm_truth", "n", "integer", "", "Số đơn vị mà giá trị được tính trên (khách, e-mail)", "Number of units the value is computed over (customers, e-mails)"),
    Column("crm_truth", "description", "string", "", "Ý nghĩa", "Meaning"),
]  # fmt: skip

#: Table order (the order in which they are written and listed).
TABLES: tuple[str, ...] = tuple(dict.fromkeys(c.table for c in COLUMNS))

TABLE_DESCRIPTIONS: dict[str, tuple[str, str]] = {
    "customers": ("Khách hàng: mỗi dòng một khách", "Customers: one row per customer"),
    "products": ("Sản phẩm: danh mục hàng hóa", "Products: the catalogue"),
    "orders": ("Đơn hàng: mỗi dòng một đơn", "Orders: one row per order"),
    "order_items": (
        "Dòng đơn hàng: sản phẩm trong từng đơn",
        "Order lines: the products in each order",
    ),
    "sessions": (
        "Phiên truy cập: mỗi khách mỗi ngày có hoạt động",
        "Sessions: per customer per active day",
    ),
    "truth": (
        "Sự thật ẩn của mô phỏng (một cửa hàng thật không có)",
        "Hidden simulation truth (a real shop would not have it)",
    ),
    "prospects": (
        "Khách hàng tiềm năng: người đã tiếp xúc với marketing",
        "Prospects: people reached by marketing",
    ),
    "touchpoints": (
        "Điểm tiếp xúc: hiển thị, nhấp, truy cập theo kênh",
        "Touchpoints: impressions, clicks, visits by channel",
    ),
    "campaigns": ("Chiến dịch marketing", "Marketing campaigns"),
    "marketing_spend": (
        "Chi phí marketing theo ngày và kênh",
        "Marketing spend per day and channel",
    ),
    "sales_chats": ("Cuộc trò chuyện tư vấn bán hàng", "Consulting sales chats"),
    "chat_messages": (
        "Tin nhắn trong các cuộc trò chuyện tư vấn",
        "Messages of the consulting chats",
    ),
    "truth_params": (
        "Tham số ẩn của mô phỏng (marketing, SPIN)",
        "Hidden simulation parameters (marketing, SPIN)",
    ),
    "deliveries": (
        "Giao hàng: mỗi đơn đã giao đi một dòng",
        "Deliveries: one row per shipped order",
    ),
    "tickets": ("Yêu cầu hỗ trợ khách hàng", "Customer-support tickets"),
    "warranty_claims": (
        "Yêu cầu bảo hành hàng lâu bền",
        "Warranty claims on durable goods",
    ),
    "surveys": (
        "Khảo sát chất lượng dịch vụ: mỗi khách mỗi khía cạnh một dòng",
        "Service-quality surveys: one row per customer and dimension",
    ),
    "service_truth": (
        "Tham số ẩn của mô phỏng dịch vụ (giao hàng, hỗ trợ, bảo hành, khảo sát)",
        "Hidden simulation parameters of the service (deliveries, tickets, claims, surveys)",
    ),
    "emails": (
        "E-mail chiến dịch: mỗi dòng một e-mail đã gửi",
        "Campaign e-mails: one row per e-mail sent",
    ),
    "winback": (
        "Thí nghiệm ngẫu nhiên kéo khách quay lại (win-back)",
        "Randomised win-back experiment",
    ),
    "referrals": ("Giới thiệu khách hàng: ai giới thiệu ai", "Referrals: who referred whom"),
    "crm_truth": (
        "Tham số ẩn của mô phỏng (e-mail, win-back, giới thiệu, mở rộng)",
        "Hidden simulation parameters (e-mails, win-back, referrals, expansion)",
    ),
}


def columns_of(table: str) -> list[Column]:
    """The columns of ``table`` in order; ``KeyError`` naming the known tables for an unknown one."""
    cols = [c for c in COLUMNS if c.table == table]
    if not cols:
        raise KeyError(f"unknown table {table!r}; known tables: {', '.join(TABLES)}")
    return cols


#: Version of the table schema above: bumped when a column is removed or changes meaning or type
#: (recorded in every ``MANIFEST.json``).
SCHEMA_VERSION = 1

#: Primary key of each table: the column(s) whose values are unique (checked on load).
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "customers": ("customer_id",),
    "products": ("product_id",),
    "orders": ("order_id",),
    "order_items": ("order_id", "line_no"),
    "sessions": ("customer_id", "session_date"),
    "truth": ("customer_id",),
    "prospects": ("prospect_id",),
    "touchpoints": ("touchpoint_id",),
    "campaigns": ("campaign_id",),
    "marketing_spend": ("date", "channel"),
    "sales_chats": ("chat_id",),
    "chat_messages": ("chat_id", "turn"),
    "truth_params": ("parameter",),
    "deliveries": ("order_id",),
    "tickets": ("ticket_id",),
    "warranty_claims": ("claim_id",),
    "surveys": ("customer_id", "dimension"),
    "service_truth": ("parameter",),
    "emails": ("email_id",),
    "winback": ("customer_id",),
    "referrals": ("referee_id",),
    "crm_truth": ("parameter",),
}

#: Foreign keys: table → ``(column, referenced table, referenced column)``.
FOREIGN_KEYS: dict[str, list[tuple[str, str, str]]] = {
    "orders": [("customer_id", "customers", "customer_id")],
    "order_items": [("order_id", "orders", "order_id"), ("product_id", "products", "product_id")],
    "sessions": [("customer_id", "customers", "customer_id")],
    "truth": [("customer_id", "customers", "customer_id")],
    "prospects": [("customer_id", "customers", "customer_id")],
    "touchpoints": [
        ("prospect_id", "prospects", "prospect_id"),
        ("customer_id", "customers", "customer_id"),
        ("campaign_id", "campaigns", "campaign_id"),
    ],
    "sales_chats": [
        ("prospect_id", "prospects", "prospect_id"),
        ("customer_id", "customers", "customer_id"),
        ("order_id", "orders", "order_id"),
    ],
    "chat_messages": [("chat_id", "sales_chats", "chat_id")],
    "deliveries": [
        ("order_id", "orders", "order_id"),
        ("customer_id", "customers", "customer_id"),
    ],
    "tickets": [
        ("customer_id", "customers", "customer_id"),
        ("order_id", "orders", "order_id"),
    ],
    "warranty_claims": [
        ("order_id", "orders", "order_id"),
        ("customer_id", "customers", "customer_id"),
        ("product_id", "products", "product_id"),
    ],
    "surveys": [
        ("customer_id", "customers", "customer_id"),
        ("order_id", "orders", "order_id"),
    ],
    "emails": [("customer_id", "customers", "customer_id")],
    "winback": [("customer_id", "customers", "customer_id")],
    "referrals": [
        ("referrer_id", "customers", "customer_id"),
        ("referee_id", "customers", "customer_id"),
    ],
}
