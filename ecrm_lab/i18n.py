"""Vietnamese / English messages, labels and glossary for ``ecrm_lab``.

Everything a student reads — exercise feedback, axis labels, table and column names, lifecycle
stages, RFM segments — goes through this module so that it exists in Vietnamese (the default) and
in English.

The language is chosen, in order of priority, by :func:`set_language`, by the environment variable
``ECRM_LAB_LANG`` (read at first use) and finally by the default ``"vi"``.

Examples
--------
>>> from ecrm_lab import i18n
>>> i18n.label("revenue", lang="vi")
'Doanh thu'
>>> i18n.label("revenue", lang="en")
'Revenue'
>>> i18n.label("a_column_nobody_knows")
'a_column_nobody_knows'
"""

from __future__ import annotations

import contextlib
import difflib
import os
import re
import string
import unicodedata
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

__all__ = [
    "LANGUAGES",
    "DEFAULT_LANGUAGE",
    "ENV_VAR",
    "MESSAGES",
    "LABELS",
    "set_language",
    "get_language",
    "language",
    "t",
    "label",
    "glossary",
]

#: Supported languages.
LANGUAGES: tuple[str, ...] = ("vi", "en")
#: Language used when nothing else was chosen.
DEFAULT_LANGUAGE = "vi"
#: Environment variable read at first use when :func:`set_language` was not called.
ENV_VAR = "ECRM_LAB_LANG"

# The chosen language; ``None`` until set or first read (then the env var is consulted).
_state: dict[str, str | None] = {"lang": None}


# ---------------------------------------------------------------------------------------- language
def _validate_language(lang: Any) -> str:
    if isinstance(lang, str):
        code = lang.strip().lower()
        if code in LANGUAGES:
            return code
    allowed = ", ".join(repr(x) for x in LANGUAGES)
    raise ValueError(
        f"unknown language {lang!r}: allowed values are {allowed} "
        f"(ngôn ngữ không hợp lệ: chỉ dùng {allowed})"
    )


def set_language(lang: str) -> None:
    """Choose the language of messages and labels for the rest of the session.

    Parameters
    ----------
    lang : str
        ``"vi"`` (Vietnamese, the default) or ``"en"`` (English); case and surrounding spaces are
        ignored.

    Raises
    ------
    ValueError
        If ``lang`` is not one of :data:`LANGUAGES`; the message names the allowed values.

    Examples
    --------
    >>> set_language("en")
    >>> get_language()
    'en'
    >>> set_language("vi")
    """
    _state["lang"] = _validate_language(lang)


def get_language() -> str:
    """Return the current language code (``"vi"`` or ``"en"``).

    On first use, when :func:`set_language` has not been called, the environment variable
    ``ECRM_LAB_LANG`` is honoured; an invalid value there falls back to ``"vi"`` with a warning.

    Returns
    -------
    str
        The current language code.
    """
    lang = _state["lang"]
    if lang is None:
        env = os.environ.get(ENV_VAR, "").strip()
        lang = DEFAULT_LANGUAGE
        if env:
            try:
                lang = _validate_language(env)
            except ValueError:
                warnings.warn(
                    f"{ENV_VAR}={env!r} is not a supported language "
                    f"({', '.join(LANGUAGES)}); using {DEFAULT_LANGUAGE!r}",
                    stacklevel=2,
                )
        _state["lang"] = lang
    return lang


@contextlib.contextmanager
def language(lang: str) -> Iterator[str]:
    """Temporarily switch the language inside a ``with`` block.

    Parameters
    ----------
    lang : str
        ``"vi"`` or ``"en"``.

    Yields
    ------
    str
        The language in force inside the block.

    Examples
    --------
    >>> with language("en"):
    ...     label("revenue")
    'Revenue'
    """
    previous = _state["lang"]
    set_language(lang)
    try:
        yield _state["lang"]  # type: ignore[misc]
    finally:
        _state["lang"] = previous


def _resolve(lang: str | None) -> str:
    return get_language() if lang is None else _validate_language(lang)


# ---------------------------------------------------------------------------------------- messages
#: Every user-facing sentence of the package, ``{key: {"vi": ..., "en": ...}}``. Placeholders in
#: braces are filled by :func:`t`; both languages of a key use the same placeholders.
MESSAGES: dict[str, dict[str, str]] = {
    # --- exercise feedback: headers -------------------------------------------------------------
    "check.title": {"vi": "Bài tập {name}", "en": "Exercise {name}"},
    "check.title_anon": {"vi": "Bài tập", "en": "Exercise"},
    "check.correct": {
        "vi": "✅ Chính xác! {title}: làm tốt lắm!",
        "en": "✅ Correct! {title}: well done!",
    },
    "check.correct_anon": {"vi": "✅ Chính xác! Làm tốt lắm!", "en": "✅ Correct! Well done!"},
    "check.todo": {
        "vi": "⏳ {title}: chưa làm (not done yet) — hãy thay TODO (hoặc ...) bằng câu trả lời "
        "của bạn rồi chạy lại ô này.",
        "en": "⏳ {title}: not done yet — replace TODO (or ...) with your answer and run this "
        "cell again.",
    },
    "check.wrong": {
        "vi": "❌ {title}: chưa đúng — {detail}",
        "en": "❌ {title}: not correct — {detail}",
    },
    "check.wrong_type": {
        "vi": "❌ {title}: chưa đúng kiểu — cần {expected_type}, nhưng bạn đưa {given_type}.",
        "en": "❌ {title}: wrong type — expected {expected_type}, but you gave {given_type}.",
    },
    "check.hint": {"vi": "💡 Gợi ý: {hint}", "en": "💡 Hint: {hint}"},
    # --- exercise feedback: numbers -------------------------------------------------------------
    "check.number.too_high": {
        "vi": "bạn trả lời {answer}, kết quả này cao hơn đáp án (quá cao).",
        "en": "your answer {answer} is too high.",
    },
    "check.number.too_low": {
        "vi": "bạn trả lời {answer}, kết quả này thấp hơn đáp án (quá thấp).",
        "en": "your answer {answer} is too low.",
    },
    "check.number.nan": {
        "vi": "kết quả của bạn là {answer} (không xác định) — có thể do chia cho 0 hoặc dữ liệu "
        "bị trống.",
        "en": "your result is {answer} (undefined) — perhaps a division by zero or empty data.",
    },
    "check.number.not_nan": {
        "vi": "bạn trả lời {answer}, nhưng đáp án ở đây là một giá trị không xác định (NaN).",
        "en": "your answer is {answer}, but here the answer is undefined (NaN).",
    },
    "check.number.close": {
        "vi": "Rất gần rồi — kiểm tra lại cách làm tròn hoặc điều kiện lọc dữ liệu.",
        "en": "Very close — check rounding or the filters on the data.",
    },
    "check.number.percent": {
        "vi": "Có vẻ bạn đang nhầm giữa tỷ lệ (ví dụ 0,25) và phần trăm (ví dụ 25%).",
        "en": "You may be mixing up a fraction (e.g. 0.25) and a percentage (e.g. 25%).",
    },
    "check.number.sign": {
        "vi": "Dấu (âm/dương) của kết quả bị ngược — kiểm tra thứ tự phép trừ.",
        "en": "The sign of your result is reversed — check the order of the subtraction.",
    },
    # --- exercise feedback: text, booleans, generic ---------------------------------------------
    "check.text.wrong": {"vi": "bạn trả lời {answer}.", "en": "your answer is {answer}."},
    "check.text.diacritics": {
        "vi": "Chỉ khác ở dấu tiếng Việt — hãy kiểm tra lại dấu.",
        "en": "Only the Vietnamese diacritics differ — check the accents.",
    },
    "check.bool.wrong": {
        "vi": "bạn trả lời {answer}, hãy suy nghĩ lại.",
        "en": "your answer is {answer}; think again.",
    },
    "check.generic.wrong": {
        "vi": "câu trả lời {answer} chưa khớp với đáp án.",
        "en": "your answer {answer} does not match.",
    },
    "check.error": {
        "vi": "không so sánh được câu trả lời với đáp án ({error}).",
        "en": "your answer could not be compared with the solution ({error}).",
    },
    # --- exercise feedback: lists, sets, dicts --------------------------------------------------
    "check.seq.length": {
        "vi": "độ dài khác nhau: danh sách của bạn có {got} phần tử, nhưng cần {expected} phần tử.",
        "en": "lengths differ: your list has {got} items, but {expected} are expected.",
    },
    "check.seq.positions": {
        "vi": "phần tử ở vị trí {positions} chưa đúng (vị trí đếm từ 0).",
        "en": "the items at positions {positions} are wrong (counting from 0).",
    },
    "check.set.missing": {
        "vi": "còn thiếu {n} phần tử.",
        "en": "{n} item(s) are missing.",
    },
    "check.set.extra": {
        "vi": "có {n} phần tử không nên có: {items}.",
        "en": "{n} item(s) should not be there: {items}.",
    },
    "check.dict.missing": {"vi": "thiếu khóa (key): {keys}.", "en": "missing key(s): {keys}."},
    "check.dict.extra": {"vi": "thừa khóa (key): {keys}.", "en": "unexpected key(s): {keys}."},
    "check.dict.values": {
        "vi": "giá trị chưa đúng ở khóa: {keys}.",
        "en": "wrong value(s) for key(s): {keys}.",
    },
    # --- exercise feedback: tables and arrays ---------------------------------------------------
    "check.frame.missing_columns": {
        "vi": "thiếu cột: {columns}.",
        "en": "missing column(s): {columns}.",
    },
    "check.frame.extra_columns": {
        "vi": "thừa cột: {columns}.",
        "en": "unexpected column(s): {columns}.",
    },
    "check.frame.rows": {
        "vi": "số dòng khác: kết quả của bạn có {got} dòng, nhưng cần {expected} dòng — kiểm tra "
        "điều kiện lọc hoặc bước groupby.",
        "en": "row counts differ: your result has {got} rows, but {expected} are expected — check "
        "the filters or the groupby step.",
    },
    "check.frame.index": {
        "vi": "chỉ mục (index) của các dòng khác đáp án — kiểm tra lại groupby, set_index hoặc "
        "reset_index.",
        "en": "the row index differs — check groupby, set_index or reset_index.",
    },
    "check.frame.values": {
        "vi": "giá trị ở cột {column} chưa đúng ({n}/{total} dòng khác).",
        "en": "the values in column {column} are wrong ({n}/{total} rows differ).",
    },
    "check.frame.dtype": {
        "vi": "kiểu dữ liệu của cột {column} khác: bạn có {got}, cần {expected}.",
        "en": "column {column} has dtype {got}, but {expected} is expected.",
    },
    "check.frame.other": {
        "vi": "bảng chưa khớp với đáp án ({error}).",
        "en": "the table does not match ({error}).",
    },
    "check.series.values": {
        "vi": "giá trị chưa đúng ({n}/{total} dòng khác).",
        "en": "the values are wrong ({n}/{total} rows differ).",
    },
    "check.series.dtype": {
        "vi": "kiểu dữ liệu khác: bạn có {got}, cần {expected}.",
        "en": "dtype {got} given, but {expected} is expected.",
    },
    "check.array.shape": {
        "vi": "kích thước mảng khác: của bạn là {got}, nhưng cần {expected}.",
        "en": "shapes differ: yours is {got}, but {expected} is expected.",
    },
    "check.array.values": {
        "vi": "{n}/{total} phần tử chưa đúng; phần tử sai đầu tiên ở vị trí {position}.",
        "en": "{n}/{total} elements are wrong; the first one is at position {position}.",
    },
    # --- exercise feedback: type advice ---------------------------------------------------------
    "check.advice.quoted_number": {
        "vi": "Bạn đang đưa một chuỗi (trong dấu nháy) — hãy bỏ dấu nháy để có một con số.",
        "en": "You gave a string (in quotes) — remove the quotes to get a number.",
    },
    "check.advice.scalar": {
        "vi": "Kết quả của bạn là cả một cột/bảng chứ không phải một số — thử .iloc[0], .item() "
        "hoặc .sum().",
        "en": "Your result is a whole column/table, not a number — try .iloc[0], .item() or .sum().",
    },
    "check.advice.series": {
        "vi": "Để lấy một cột dạng Series, dùng một cặp ngoặc: df['cột'] thay vì df[['cột']].",
        "en": "To get one column as a Series use single brackets: df['col'] instead of df[['col']].",
    },
    "check.advice.frame": {
        "vi": "Cần một bảng (DataFrame) — thử .to_frame() hoặc .reset_index().",
        "en": "A table (DataFrame) is expected — try .to_frame() or .reset_index().",
    },
    # --- type descriptions ----------------------------------------------------------------------
    "type.number": {"vi": "một số ({tname})", "en": "a number ({tname})"},
    "type.text": {"vi": "một chuỗi văn bản ({tname})", "en": "a text string ({tname})"},
    "type.bool": {"vi": "giá trị đúng/sai ({tname})", "en": "a boolean ({tname})"},
    "type.list": {"vi": "một danh sách ({tname})", "en": "a list ({tname})"},
    "type.set": {"vi": "một tập hợp ({tname})", "en": "a set ({tname})"},
    "type.dict": {"vi": "một từ điển ({tname})", "en": "a dictionary ({tname})"},
    "type.dataframe": {"vi": "một bảng ({tname})", "en": "a table ({tname})"},
    "type.series": {"vi": "một cột dữ liệu ({tname})", "en": "a column of data ({tname})"},
    "type.array": {"vi": "một mảng numpy ({tname})", "en": "a numpy array ({tname})"},
    "type.other": {"vi": "{tname}", "en": "{tname}"},
    # --- plotting -------------------------------------------------------------------------------
    "plot.bad_axis": {
        "vi": "axis phải là 'x', 'y' hoặc 'both', không phải {axis}.",
        "en": "axis must be 'x', 'y' or 'both', not {axis}.",
    },
}


def _placeholders(template: str) -> set[str]:
    """Return the names of the ``{placeholders}`` in a format string."""
    names = set()
    for _, field, _, _ in string.Formatter().parse(template):
        if field is not None:
            names.add(re.split(r"[.\[]", field, maxsplit=1)[0])
    return names


def t(key: str, **kwargs: Any) -> str:
    """Return the message ``key`` in the current language, formatted with ``kwargs``.

    Parameters
    ----------
    key : str
        A key of :data:`MESSAGES`, e.g. ``"check.hint"``.
    **kwargs
        Values for the ``{placeholders}`` of the message.

    Returns
    -------
    str
        The translated, formatted message.

    Raises
    ------
    KeyError
        If ``key`` is unknown (the message suggests close keys) or a placeholder value is missing.

    Examples
    --------
    >>> with language("en"):
    ...     t("check.hint", hint="use groupby")
    '💡 Hint: use groupby'
    """
    try:
        entry = MESSAGES[key]
    except KeyError:
        close = difflib.get_close_matches(str(key), MESSAGES, n=3)
        suggestion = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        raise KeyError(f"unknown message key {key!r}{suggestion}") from None
    template = entry.get(get_language(), entry[DEFAULT_LANGUAGE])
    try:
        return template.format(**kwargs)
    except KeyError as exc:
        needed = ", ".join(sorted(_placeholders(template)))
        raise KeyError(
            f"message {key!r} needs a value for {exc.args[0]!r} (placeholders: {needed})"
        ) from None


# ------------------------------------------------------------------------------------------ labels
#: Labels of tables, columns, axes and category values, ``{name: {"vi": ..., "en": ...}}``.
#: Column-like names are capitalised; category values (stages, statuses, ...) are lower case,
#: except RFM segment names, which read as names.
LABELS: dict[str, dict[str, str]] = {
    # tables
    "customers": {"vi": "Khách hàng", "en": "Customers"},
    "products": {"vi": "Sản phẩm", "en": "Products"},
    "orders": {"vi": "Đơn hàng", "en": "Orders"},
    "order_items": {"vi": "Chi tiết đơn hàng", "en": "Order items"},
    "sessions": {"vi": "Phiên truy cập", "en": "Sessions"},
    "truth": {"vi": "Thông số thật của mô phỏng", "en": "Simulation ground truth"},
    # customers
    "customer_id": {"vi": "Mã khách hàng", "en": "Customer ID"},
    "full_name": {"vi": "Họ và tên", "en": "Full name"},
    "gender": {"vi": "Giới tính", "en": "Gender"},
    "birth_year": {"vi": "Năm sinh", "en": "Birth year"},
    "province": {"vi": "Tỉnh/thành phố", "en": "Province"},
    "signup_date": {"vi": "Ngày đăng ký", "en": "Sign-up date"},
    "acquisition_channel": {"vi": "Kênh thu hút", "en": "Acquisition channel"},
    "device": {"vi": "Thiết bị", "en": "Device"},
    "email": {"vi": "Email", "en": "Email"},
    "phone": {"vi": "Số điện thoại", "en": "Phone"},
    # products
    "product_id": {"vi": "Mã sản phẩm", "en": "Product ID"},
    "category": {"vi": "Ngành hàng", "en": "Category"},
    "subcategory": {"vi": "Nhóm hàng", "en": "Subcategory"},
    "brand": {"vi": "Thương hiệu", "en": "Brand"},
    "price": {"vi": "Giá bán", "en": "Price"},
    "tier": {"vi": "Phân khúc giá", "en": "Price tier"},
    "margin": {"vi": "Biên lợi nhuận", "en": "Margin"},
    # orders and items
    "order_id": {"vi": "Mã đơn hàng", "en": "Order ID"},
    "order_date": {"vi": "Ngày đặt hàng", "en": "Order date"},
    "channel": {"vi": "Kênh đặt hàng", "en": "Channel"},
    "payment_method": {"vi": "Phương thức thanh toán", "en": "Payment method"},
    "amount": {"vi": "Giá trị đơn hàng", "en": "Order amount"},
    "discount": {"vi": "Giảm giá", "en": "Discount"},
    "status": {"vi": "Trạng thái", "en": "Status"},
    "quantity": {"vi": "Số lượng", "en": "Quantity"},
    "unit_price": {"vi": "Đơn giá", "en": "Unit price"},
    "line_amount": {"vi": "Thành tiền", "en": "Line amount"},
    # sessions
    "session_date": {"vi": "Ngày truy cập", "en": "Session date"},
    "visits": {"vi": "Lượt truy cập", "en": "Visits"},
    "pageviews": {"vi": "Lượt xem trang", "en": "Pageviews"},
    "minutes": {"vi": "Thời gian (phút)", "en": "Minutes"},
    "traffic_source": {"vi": "Nguồn truy cập", "en": "Traffic source"},
    # truth
    "purchase_rate": {"vi": "Tần suất mua (lần/tuần)", "en": "Purchase rate (per week)"},
    "dropout_prob": {"vi": "Xác suất rời bỏ", "en": "Dropout probability"},
    "churn_date": {"vi": "Ngày rời bỏ", "en": "Churn date"},
    "persona": {"vi": "Chân dung khách hàng", "en": "Persona"},
    "expected_purchases_52w": {
        "vi": "Số lần mua kỳ vọng (52 tuần)",
        "en": "Expected purchases (52 weeks)",
    },
    "expected_value_52w": {"vi": "Giá trị kỳ vọng (52 tuần)", "en": "Expected value (52 weeks)"},
    "mean_order_value": {"vi": "Giá trị đơn hàng trung bình", "en": "Mean order value"},
    # analysis columns and axes
    "n_orders": {"vi": "Số đơn hàng", "en": "Number of orders"},
    "n_customers": {"vi": "Số khách hàng", "en": "Number of customers"},
    "revenue": {"vi": "Doanh thu", "en": "Revenue"},
    "profit": {"vi": "Lợi nhuận", "en": "Profit"},
    "cost": {"vi": "Chi phí", "en": "Cost"},
    "spend": {"vi": "Chi tiêu", "en": "Spend"},
    "date": {"vi": "Ngày", "en": "Date"},
    "day": {"vi": "Ngày", "en": "Day"},
    "weekday": {"vi": "Thứ trong tuần", "en": "Day of week"},
    "week": {"vi": "Tuần", "en": "Week"},
    "month": {"vi": "Tháng", "en": "Month"},
    "quarter": {"vi": "Quý", "en": "Quarter"},
    "year": {"vi": "Năm", "en": "Year"},
    "period": {"vi": "Kỳ", "en": "Period"},
    "age": {"vi": "Tuổi", "en": "Age"},
    "age_group": {"vi": "Nhóm tuổi", "en": "Age group"},
    "count": {"vi": "Số lượng", "en": "Count"},
    "share": {"vi": "Tỷ trọng", "en": "Share"},
    "first_order_date": {"vi": "Ngày mua đầu tiên", "en": "First order date"},
    "last_order_date": {"vi": "Ngày mua gần nhất", "en": "Last order date"},
    "aov": {"vi": "Giá trị đơn hàng trung bình (AOV)", "en": "Average order value (AOV)"},
    "clv": {"vi": "Giá trị vòng đời khách hàng (CLV)", "en": "Customer lifetime value (CLV)"},
    "cac": {"vi": "Chi phí thu hút khách hàng (CAC)", "en": "Customer acquisition cost (CAC)"},
    "roas": {"vi": "Doanh thu trên chi phí quảng cáo (ROAS)", "en": "Return on ad spend (ROAS)"},
    "conversion_rate": {"vi": "Tỷ lệ chuyển đổi", "en": "Conversion rate"},
    "retention_rate": {"vi": "Tỷ lệ giữ chân", "en": "Retention rate"},
    "churn_rate": {"vi": "Tỷ lệ rời bỏ", "en": "Churn rate"},
    "repeat_rate": {"vi": "Tỷ lệ mua lại", "en": "Repeat purchase rate"},
    "recency": {"vi": "Số ngày từ lần mua gần nhất (R)", "en": "Recency (days)"},
    "frequency": {"vi": "Tần suất mua (F)", "en": "Frequency"},
    "monetary": {"vi": "Giá trị chi tiêu (M)", "en": "Monetary value"},
    "r_score": {"vi": "Điểm R", "en": "R score"},
    "f_score": {"vi": "Điểm F", "en": "F score"},
    "m_score": {"vi": "Điểm M", "en": "M score"},
    "rfm_score": {"vi": "Điểm RFM", "en": "RFM score"},
    "segment": {"vi": "Phân khúc", "en": "Segment"},
    "stage": {"vi": "Giai đoạn vòng đời", "en": "Lifecycle stage"},
    "cohort": {"vi": "Nhóm thuần tập (cohort)", "en": "Cohort"},
    "campaign": {"vi": "Chiến dịch", "en": "Campaign"},
    "impressions": {"vi": "Lượt hiển thị", "en": "Impressions"},
    "clicks": {"vi": "Lượt nhấp", "en": "Clicks"},
    "conversions": {"vi": "Lượt chuyển đổi", "en": "Conversions"},
    "p_alive": {"vi": "Xác suất còn hoạt động", "en": "Probability alive"},
    # lifecycle stages
    "selection": {"vi": "lựa chọn", "en": "selection"},
    "acquisition": {"vi": "thu hút", "en": "acquisition"},
    "retention": {"vi": "giữ chân", "en": "retention"},
    "expansion": {"vi": "mở rộng", "en": "expansion"},
    "lapsed": {"vi": "rời bỏ", "en": "lapsed"},
    # RFM segments
    "champions": {"vi": "Khách hàng xuất sắc", "en": "Champions"},
    "loyal_customers": {"vi": "Khách hàng trung thành", "en": "Loyal Customers"},
    "potential_loyalists": {"vi": "Có tiềm năng trung thành", "en": "Potential Loyalists"},
    "new_customers": {"vi": "Khách hàng mới", "en": "New Customers"},
    "promising": {"vi": "Khách hàng triển vọng", "en": "Promising"},
    "need_attention": {"vi": "Cần quan tâm", "en": "Need Attention"},
    "about_to_sleep": {"vi": "Sắp ngủ đông", "en": "About to Sleep"},
    "at_risk": {"vi": "Có nguy cơ rời bỏ", "en": "At Risk"},
    "cant_lose_them": {"vi": "Không thể để mất", "en": "Can't Lose Them"},
    "hibernating": {"vi": "Ngủ đông", "en": "Hibernating"},
    "lost": {"vi": "Đã rời bỏ", "en": "Lost"},
    # order status
    "completed": {"vi": "hoàn tất", "en": "completed"},
    "cancelled": {"vi": "đã hủy", "en": "cancelled"},
    "returned": {"vi": "trả hàng", "en": "returned"},
    # gender
    "male": {"vi": "nam", "en": "male"},
    "female": {"vi": "nữ", "en": "female"},
    "other": {"vi": "khác", "en": "other"},
    # acquisition channels / traffic sources
    "organic_search": {"vi": "tìm kiếm tự nhiên", "en": "organic search"},
    "paid_search": {"vi": "quảng cáo tìm kiếm", "en": "paid search"},
    "facebook": {"vi": "Facebook", "en": "Facebook"},
    "tiktok": {"vi": "TikTok", "en": "TikTok"},
    "zalo": {"vi": "Zalo", "en": "Zalo"},
    "affiliate": {"vi": "tiếp thị liên kết", "en": "affiliate"},
    "referral": {"vi": "giới thiệu", "en": "referral"},
    "direct": {"vi": "truy cập trực tiếp", "en": "direct"},
    "social": {"vi": "mạng xã hội", "en": "social"},
    "tv": {"vi": "truyền hình", "en": "TV"},
    "no_touchpoint": {"vi": "không có điểm tiếp xúc", "en": "no touchpoint"},
    # acquisition funnel steps
    "funnel_reached": {"vi": "được tiếp cận", "en": "reached"},
    "funnel_engaged": {
        "vi": "quay lại (tiếp xúc lần 2 hoặc mua)",
        "en": "came back (2nd touch or purchase)",
    },
    "funnel_customer": {"vi": "mua lần đầu", "en": "first purchase"},
    "funnel_repeat": {"vi": "mua lại", "en": "repeat purchase"},
    # attribution models
    "first_touch": {"vi": "điểm chạm đầu", "en": "first touch"},
    "last_touch": {"vi": "điểm chạm cuối", "en": "last touch"},
    "linear": {"vi": "tuyến tính", "en": "linear"},
    "time_decay": {"vi": "suy giảm theo thời gian", "en": "time decay"},
    "position_based": {"vi": "theo vị trí (chữ U)", "en": "position based (U-shaped)"},
    "markov": {"vi": "chuỗi Markov", "en": "Markov chain"},
    "attribution_model": {"vi": "Mô hình phân bổ", "en": "Attribution model"},
    "share_of_reached_log": {
        "vi": "Tỷ lệ trên số người được tiếp cận (thang log)",
        "en": "Share of people reached (log scale)",
    },
    "share_contacted": {
        "vi": "Tỷ lệ khách tiềm năng được liên hệ",
        "en": "Share of prospects contacted",
    },
    "share_buyers_reached": {
        "vi": "Tỷ lệ người mua tiếp cận được",
        "en": "Share of buyers reached",
    },
    "by_model_score": {"vi": "Theo điểm của mô hình", "en": "By model score"},
    "random_contact": {"vi": "Liên hệ ngẫu nhiên", "en": "Random contact"},
    # payment methods
    "cod": {"vi": "thanh toán khi nhận hàng (COD)", "en": "cash on delivery (COD)"},
    "momo": {"vi": "ví MoMo", "en": "MoMo wallet"},
    "zalopay": {"vi": "ví ZaloPay", "en": "ZaloPay wallet"},
    "bank_transfer": {"vi": "chuyển khoản", "en": "bank transfer"},
    "card": {"vi": "thẻ", "en": "card"},
    # devices and order channels
    "android": {"vi": "Android", "en": "Android"},
    "ios": {"vi": "iOS", "en": "iOS"},
    "desktop": {"vi": "máy tính", "en": "desktop"},
    "app": {"vi": "ứng dụng", "en": "app"},
    "mobile_web": {"vi": "web di động", "en": "mobile web"},
    "desktop_web": {"vi": "web máy tính", "en": "desktop web"},
    "chat": {"vi": "chat", "en": "chat"},
}

# Other spellings that should find the same label.
_ALIASES: dict[str, str] = {
    "canceled": "cancelled",
    "cannot_lose_them": "cant_lose_them",
    "can_not_lose_them": "cant_lose_them",
}


def _normalise_key(name: str) -> str:
    """Lower-case ``name``, drop apostrophes and turn spaces/hyphens into underscores."""
    key = unicodedata.normalize("NFC", name).strip().casefold()
    key = re.sub(r"['’`]", "", key)
    return re.sub(r"[\s\-]+", "_", key)


_LABEL_INDEX: dict[str, str] = {_normalise_key(k): k for k in LABELS}
_LABEL_INDEX.update({_normalise_key(a): k for a, k in _ALIASES.items()})


def label(name: Any, lang: str | None = None) -> str:
    """Return the human-readable label of a table, column, stage, segment or category value.

    Lookup ignores case, spaces versus underscores and apostrophes, so ``"Can't Lose Them"``,
    ``"cant_lose_them"`` and ``"CANT LOSE THEM"`` all work. Unknown names are returned unchanged
    (non-strings are converted with ``str``) so that labelling never breaks a plot.

    Parameters
    ----------
    name : str
        A name such as ``"revenue"``, ``"order_items"``, ``"retention"`` or ``"At Risk"``.
    lang : str, optional
        ``"vi"`` or ``"en"``; defaults to the current language (see :func:`get_language`).

    Returns
    -------
    str
        The label, or ``name`` itself when no label is known.

    Examples
    --------
    >>> label("status", lang="vi"), label("cancelled", lang="vi")
    ('Trạng thái', 'đã hủy')
    >>> label("At Risk", lang="vi")
    'Có nguy cơ rời bỏ'
    """
    code = _resolve(lang)
    if not isinstance(name, str):
        return str(name)
    key = name if name in LABELS else _LABEL_INDEX.get(_normalise_key(name))
    if key is None:
        return name
    return LABELS[key][code]


# ---------------------------------------------------------------------------------------- glossary
# (vi, en, meaning_vi)
_GLOSSARY: tuple[tuple[str, str, str], ...] = (
    (
        "CRM (quản trị quan hệ khách hàng)",
        "customer relationship management (CRM)",
        "Chiến lược, quy trình và công cụ giúp doanh nghiệp hiểu, phục vụ và giữ chân khách hàng "
        "để cùng tạo ra giá trị lâu dài cho cả hai bên.",
    ),
    (
        "eCRM (quản trị quan hệ khách hàng điện tử)",
        "electronic CRM (eCRM)",
        "CRM thực hiện qua các kênh số — website, ứng dụng, email, mạng xã hội, chat — dựa trên "
        "dữ liệu hành vi trực tuyến của từng khách hàng.",
    ),
    (
        "chăm sóc khách hàng điện tử (CSKH điện tử)",
        "e-customer service",
        "Hỗ trợ và giải đáp cho khách hàng qua kênh trực tuyến như chatbot, live chat, email, "
        "Zalo/Messenger hay trang trợ giúp, nhanh và có mặt 24/7.",
    ),
    (
        "thương mại điện tử (TMĐT), bán lẻ trực tuyến",
        "e-commerce, e-retail",
        "Mua bán hàng hóa và dịch vụ qua Internet: website riêng, ứng dụng di động hoặc sàn TMĐT.",
    ),
    (
        "vòng đời khách hàng",
        "customer lifecycle",
        "Các giai đoạn của mối quan hệ giữa khách hàng và doanh nghiệp: lựa chọn, thu hút, giữ "
        "chân và mở rộng; khách hàng cũng có thể rời bỏ ở bất kỳ lúc nào.",
    ),
    (
        "lựa chọn khách hàng",
        "customer selection",
        "Xác định nhóm khách hàng mục tiêu đáng đầu tư nhất dựa trên nhu cầu, mức độ phù hợp và "
        "giá trị tiềm năng của họ.",
    ),
    (
        "thu hút khách hàng",
        "customer acquisition",
        "Các hoạt động biến người chưa biết đến thương hiệu thành người mua lần đầu.",
    ),
    (
        "giữ chân khách hàng",
        "customer retention",
        "Các hoạt động giúp khách hàng tiếp tục mua hàng thay vì chuyển sang đối thủ.",
    ),
    (
        "mở rộng khách hàng",
        "customer expansion",
        "Tăng giá trị từ khách hàng hiện có bằng bán chéo, bán nâng cấp, tái bán hàng và giới thiệu.",
    ),
    (
        "rời bỏ",
        "churn",
        "Khi khách hàng ngừng mua hàng. Trong bán lẻ trực tuyến không có hợp đồng nên ta không "
        "thấy trực tiếp ai đã rời bỏ, mà phải ước đoán từ lịch sử mua hàng.",
    ),
    (
        "tỷ lệ rời bỏ",
        "churn rate",
        "Phần khách hàng rời bỏ trong một kỳ = số khách rời bỏ / số khách có ở đầu kỳ.",
    ),
    (
        "tỷ lệ giữ chân",
        "retention rate",
        "Phần khách hàng của kỳ trước vẫn còn mua trong kỳ này; bằng 1 − tỷ lệ rời bỏ.",
    ),
    (
        "tỷ lệ mua lại",
        "repeat purchase rate",
        "Phần khách hàng đã mua từ hai lần trở lên trong số tất cả khách hàng đã từng mua.",
    ),
    (
        "nhóm thuần tập (cohort)",
        "cohort",
        "Nhóm khách hàng có chung một mốc thời gian, ví dụ cùng mua lần đầu trong tháng 1/2024; "
        "theo dõi từng nhóm cho thấy tỷ lệ giữ chân thay đổi ra sao theo thời gian.",
    ),
    (
        "phân khúc khách hàng",
        "customer segmentation",
        "Chia khách hàng thành các nhóm có đặc điểm hoặc hành vi giống nhau để chăm sóc mỗi nhóm "
        "theo cách phù hợp.",
    ),
    (
        "RFM",
        "RFM (recency, frequency, monetary)",
        "Cách phân khúc khách hàng theo ba tiêu chí: lần mua gần nhất cách đây bao lâu (R), mua "
        "bao nhiêu lần (F) và đã chi bao nhiêu tiền (M).",
    ),
    (
        "giá trị vòng đời khách hàng (CLV)",
        "customer lifetime value (CLV)",
        "Tổng lợi nhuận (hoặc doanh thu) mà một khách hàng dự kiến mang lại trong suốt thời gian "
        "gắn bó với doanh nghiệp; dùng để quyết định nên chi bao nhiêu cho khách đó.",
    ),
    (
        "chi phí thu hút khách hàng (CAC)",
        "customer acquisition cost (CAC)",
        "Chi phí marketing và bán hàng trung bình để có một khách hàng mới = tổng chi phí thu hút "
        "/ số khách hàng mới. Doanh nghiệp khỏe mạnh khi CLV lớn hơn nhiều so với CAC.",
    ),
    (
        "ROAS (doanh thu trên chi phí quảng cáo)",
        "return on ad spend (ROAS)",
        "Số đồng doanh thu thu về cho mỗi đồng chi quảng cáo = doanh thu từ quảng cáo / chi phí "
        "quảng cáo. ROAS = 4 nghĩa là chi 1 đồng thu về 4 đồng.",
    ),
    (
        "giá trị đơn hàng trung bình (AOV)",
        "average order value (AOV)",
        "Doanh thu trung bình của một đơn hàng = tổng doanh thu / số đơn hàng.",
    ),
    (
        "tỷ lệ chuyển đổi",
        "conversion rate",
        "Phần lượt truy cập (hoặc người dùng) thực hiện hành động mong muốn, thường là đặt hàng. "
        "Ví dụ 1.000 lượt truy cập có 25 đơn hàng thì tỷ lệ chuyển đổi là 2,5%.",
    ),
    (
        "phễu chuyển đổi",
        "conversion funnel",
        "Chuỗi các bước từ lúc biết đến sản phẩm tới khi mua (xem sản phẩm → thêm vào giỏ → thanh "
        "toán); giúp tìm ra bước khách hàng bỏ đi nhiều nhất.",
    ),
    (
        "bỏ giỏ hàng",
        "cart abandonment",
        "Khách đã thêm sản phẩm vào giỏ nhưng không thanh toán; thường được nhắc lại bằng email "
        "hoặc thông báo đẩy kèm ưu đãi nhỏ.",
    ),
    (
        "điểm tiếp xúc (điểm chạm)",
        "touchpoint",
        "Mỗi lần khách hàng tiếp xúc với thương hiệu: quảng cáo, email, website, livestream, tổng "
        "đài, đơn vị giao hàng…",
    ),
    (
        "phân bổ đóng góp (ghi nhận chuyển đổi)",
        "attribution",
        "Cách chia công lao của một đơn hàng cho các kênh và điểm chạm khách đã đi qua, ví dụ "
        "chạm đầu tiên, chạm cuối cùng hoặc chia đều (tuyến tính).",
    ),
    (
        "SPIN",
        "SPIN selling (situation, problem, implication, need-payoff)",
        "Kỹ thuật bán hàng bằng bốn loại câu hỏi: Tình huống, Vấn đề, Hệ quả và Lợi ích của giải "
        "pháp — giúp khách tự nhận ra nhu cầu của mình, kể cả khi tư vấn qua chat.",
    ),
    (
        "bán chéo",
        "cross-selling",
        "Gợi ý khách mua thêm sản phẩm bổ trợ, ví dụ mua điện thoại thì gợi ý ốp lưng, tai nghe.",
    ),
    (
        "bán nâng cấp",
        "up-selling",
        "Gợi ý khách chọn phiên bản cao cấp hơn (và đắt hơn) của sản phẩm họ đang định mua.",
    ),
    (
        "tái bán hàng",
        "re-selling (repeat selling)",
        "Bán lại cùng loại sản phẩm khi khách cần mua lại, ví dụ nhắc mua sữa, mỹ phẩm hay mực in "
        "sắp hết.",
    ),
    (
        "giới thiệu",
        "referral",
        "Khách hàng hiện có giới thiệu người mới; doanh nghiệp thường thưởng cho cả người giới "
        "thiệu lẫn người được giới thiệu.",
    ),
    (
        "sự tương tác (gắn kết)",
        "engagement",
        "Mức độ khách hàng chủ động quan tâm và tương tác với thương hiệu: truy cập, đọc, bình "
        "luận, chia sẻ, đánh giá, mua hàng.",
    ),
    (
        "mô hình 4I",
        "4I model of engagement (involvement, interaction, intimacy, influence)",
        "Bốn thành phần để đo sự tương tác: Tham gia (khách có mặt, truy cập), Tương tác (khách "
        "hành động, bình luận, mua), Thân thiết (cảm xúc, thái độ với thương hiệu) và Ảnh hưởng "
        "(khách giới thiệu, lan tỏa cho người khác).",
    ),
    (
        "cá nhân hóa",
        "personalisation",
        "Điều chỉnh nội dung, sản phẩm gợi ý và ưu đãi theo từng khách hàng dựa trên dữ liệu của "
        "chính họ.",
    ),
    (
        "chương trình khách hàng thân thiết",
        "loyalty programme",
        "Chương trình tích điểm, hạng thành viên và ưu đãi riêng để khuyến khích khách quay lại "
        "mua nhiều lần.",
    ),
    (
        "trò chơi hóa",
        "gamification",
        "Đưa yếu tố trò chơi (điểm thưởng, huy hiệu, nhiệm vụ, vòng quay, bảng xếp hạng) vào trải "
        "nghiệm mua sắm để tăng tương tác, như các trò chơi nhận xu trên ứng dụng TMĐT.",
    ),
    (
        "SEO (tối ưu hóa công cụ tìm kiếm)",
        "search engine optimisation (SEO)",
        "Tối ưu nội dung và kỹ thuật của website để xuất hiện cao trong kết quả tìm kiếm tự nhiên "
        "(không phải trả tiền cho mỗi lượt nhấp).",
    ),
    (
        "SEM (marketing trên công cụ tìm kiếm)",
        "search engine marketing (SEM)",
        "Quảng cáo trả phí trên công cụ tìm kiếm như Google Ads, thường tính tiền theo lượt nhấp "
        "(CPC).",
    ),
    (
        "email marketing",
        "email marketing",
        "Gửi email có mục tiêu (chào mừng, nhắc giỏ hàng, khuyến mại, chúc mừng sinh nhật) để "
        "nuôi dưỡng và giữ chân khách hàng với chi phí thấp.",
    ),
    (
        "khách hàng tiềm năng",
        "prospect",
        "Người đã tiếp xúc với hoạt động marketing của doanh nghiệp (thấy quảng cáo, nhấp vào liên "
        "kết, ghé website) nhưng chưa mua hàng.",
    ),
    (
        "chấm điểm khách hàng tiềm năng",
        "lead scoring",
        "Xếp hạng khách hàng tiềm năng theo khả năng mua, thường bằng một mô hình dự báo, để tập "
        "trung ngân sách và công sức vào những người dễ chuyển đổi nhất.",
    ),
    (
        "hiệu ứng quảng cáo dồn tích (adstock)",
        "adstock",
        "Phần tác động của quảng cáo (nhất là truyền hình) còn kéo dài sang các ngày sau khi phát "
        "sóng, giảm dần theo một tỷ lệ mỗi ngày.",
    ),
    (
        "lỗi dịch vụ",
        "service failure",
        "Một lần doanh nghiệp không đáp ứng được mong đợi của khách: đơn bị hủy, giao trễ, hàng lỗi "
        "phải trả lại.",
    ),
    (
        "ma trận chuyển đổi (giữa các giai đoạn)",
        "transition matrix",
        "Bảng đếm (hoặc tỷ lệ) số khách đi từ mỗi giai đoạn vòng đời ở đầu kỳ sang mỗi giai đoạn ở "
        "cuối kỳ.",
    ),
    (
        "kích hoạt lại khách hàng",
        "reactivation (win-back)",
        "Các hoạt động đưa khách đã ngừng mua hoặc sắp rời bỏ quay lại mua hàng.",
    ),
    (
        "hành trình khách hàng",
        "customer journey",
        "Chuỗi các điểm tiếp xúc của một người theo thời gian, từ lần đầu biết đến thương hiệu tới "
        "khi mua hàng (hoặc bỏ đi).",
    ),
    (
        "hiệu ứng loại bỏ",
        "removal effect",
        "Trong mô hình phân bổ chuỗi Markov: xác suất chuyển đổi giảm bao nhiêu phần nếu bỏ hẳn một "
        "kênh khỏi mọi hành trình.",
    ),
    (
        "đường cong lợi ích tích lũy và độ nâng",
        "cumulative gains and lift",
        "Liên hệ khách theo thứ tự điểm dự báo từ cao xuống thấp: đường cong cho biết tiếp cận được "
        "bao nhiêu phần người mua; độ nâng là tỷ lệ mua của nhóm so với tỷ lệ chung.",
    ),
    (
        "kiểm định chéo",
        "cross-validation",
        "Cách đánh giá trung thực một mô hình: chia dữ liệu thành k phần, lần lượt học trên k − 1 "
        "phần và chấm trên phần còn lại mà mô hình chưa thấy.",
    ),
    (
        "ma trận nhầm lẫn",
        "confusion matrix",
        "Bảng đếm số trường hợp theo nhãn thật (hàng) và nhãn mô hình dự đoán (cột); đường chéo là "
        "các dự đoán đúng.",
    ),
    (
        "TF-IDF (tần suất từ – nghịch đảo tần suất văn bản)",
        "TF-IDF (term frequency – inverse document frequency)",
        "Cách biến một câu thành các con số: một từ có trọng số cao khi nó có trong câu nhưng hiếm "
        "trong các câu khác.",
    ),
    (
        "khoảng tin cậy",
        "confidence interval",
        "Khoảng giá trị có khả năng chứa con số thật (ví dụ một tỷ lệ chuyển đổi) với mức tin cậy "
        "cho trước, thường là 95 %; mẫu càng nhỏ, khoảng càng rộng.",
    ),
    (
        "mô hình BG/NBD",
        "BG/NBD model (beta-geometric / negative binomial distribution)",
        "Mô hình xác suất dự đoán số lần mua trong tương lai và khả năng khách còn hoạt động "
        "(chưa rời bỏ), chỉ dựa trên tần suất mua, lần mua gần nhất và thời gian quan sát.",
    ),
    (
        "sự kiện khuyến mại lớn (mega sale)",
        "mega sale event",
        "Những ngày giảm giá lớn của TMĐT Việt Nam như 9.9, 10.10, 11.11, 12.12 hay Black Friday: "
        "doanh số tăng vọt nhưng nhiều khách chỉ mua một lần vì săn khuyến mại.",
    ),
    (
        "chỉ số giới thiệu ròng (NPS)",
        "net promoter score (NPS)",
        "Đo mức sẵn lòng giới thiệu thương hiệu (thang 0–10) = % người ủng hộ (9–10) − % người "
        "phản đối (0–6).",
    ),
)


def glossary() -> pd.DataFrame:
    """Return the course glossary of key eCRM terms.

    Returns
    -------
    pandas.DataFrame
        One row per term with columns ``vi`` (Vietnamese term), ``en`` (English term) and
        ``meaning_vi`` (a short explanation in Vietnamese for students).

    Examples
    --------
    >>> g = glossary()
    >>> list(g.columns)
    ['vi', 'en', 'meaning_vi']
    >>> g[g["en"] == "churn"]["vi"].item()
    'rời bỏ'
    """
    import pandas as pd

    return pd.DataFrame(list(_GLOSSARY), columns=["vi", "en", "meaning_vi"])
