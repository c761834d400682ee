"""Messages of the precision-aware checks, added to :data:`ecrm_lab.i18n.MESSAGES` on import.

They live here, next to the code that uses them; :func:`register` puts them into the one message
table of the package so that :func:`ecrm_lab.i18n.t` (and the glossary tests) see them.
"""

from __future__ import annotations

from ecrm_lab import i18n

MESSAGES: dict[str, dict[str, str]] = {
    # --- hints and notices ----------------------------------------------------------------------
    "check.hint_tier": {
        "vi": "💡 Gợi ý {k}/{n}: {hint}",
        "en": "💡 Hint {k}/{n}: {hint}",
    },
    "check.self_assessment": {
        "vi": "ℹ️ Các ô check(...) trong sổ tay này giúp bạn tự đánh giá (self-assessment): chúng "
        "cho biết câu trả lời đã đúng chưa và gợi ý sau mỗi lần sai. Đây không phải bài chấm "
        "điểm, và kết quả không được ghi lại ở đâu cả. Hãy tự làm trước, rồi mới đọc gợi ý.",
        "en": "ℹ️ The check(...) cells of this notebook are for self-assessment: they tell you "
        "whether your answer is right and give a hint after each wrong try. They are not graded, "
        "and nothing is recorded. Try on your own first, then read the hints.",
    },
    # --- numbers at a stated precision ----------------------------------------------------------
    "check.spec.number": {
        "vi": "bạn trả lời {answer}, chưa khớp với đáp án khi làm tròn đến {precision}.",
        "en": "your answer {answer} does not match the answer rounded to {precision}.",
    },
    "check.spec.exact": {
        "vi": "bạn trả lời {answer}, chưa khớp với đáp án (ở đây cần đúng chính xác).",
        "en": "your answer {answer} does not match the answer (it must be exact here).",
    },
    "check.spec.coarse": {
        "vi": "Câu trả lời của bạn có {got} chữ số thập phân, bài yêu cầu {want}: "
        "đừng làm tròn sớm hơn yêu cầu.",
        "en": "Your answer has {got} decimal place(s) but {want} are asked: "
        "do not round more than asked.",
    },
    "check.precision.decimals": {
        "vi": "{d} chữ số thập phân",
        "en": "{d} decimal place(s)",
    },
    "check.precision.step": {"vi": "bội số gần nhất của {step}", "en": "the nearest {step}"},
    "check.precision.sig": {"vi": "{s} chữ số có nghĩa", "en": "{s} significant digits"},
    "check.precision.exact": {"vi": "giá trị chính xác", "en": "the exact value"},
    # --- recognised slips -----------------------------------------------------------------------
    "check.slip.percent_for_share": {
        "vi": "có vẻ bạn viết tỷ lệ dưới dạng phần trăm: bài này hỏi tỷ lệ từ 0 đến 1 "
        "(ví dụ 0,25 chứ không phải 25).",
        "en": "you seem to have given a percentage: this exercise asks for a share between 0 "
        "and 1 (e.g. 0.25, not 25).",
    },
    "check.slip.share_for_percent": {
        "vi": "có vẻ bạn viết tỷ lệ từ 0 đến 1: bài này hỏi số phần trăm (ví dụ 25 chứ không "
        "phải 0,25).",
        "en": "you seem to have given a share between 0 and 1: this exercise asks for a "
        "percentage (e.g. 25, not 0.25).",
    },
    "check.slip.percent_either": {
        "vi": "câu trả lời lệch đúng 100 lần: có vẻ bạn nhầm giữa tỷ lệ (ví dụ 0,25) và phần "
        "trăm (ví dụ 25%).",
        "en": "your answer is off by exactly a factor of 100: you may be mixing up a share "
        "(e.g. 0.25) and a percentage (e.g. 25%).",
    },
    "check.slip.in_vnd": {
        "vi": "có vẻ bạn viết số tiền theo ₫: bài này hỏi số tiền theo {unit}.",
        "en": "you seem to have given the amount in ₫: this exercise asks for it in {unit}.",
    },
    "check.slip.in_thousands": {
        "vi": "có vẻ bạn viết số tiền theo nghìn ₫ (như bảng hiển thị): bài này hỏi số tiền "
        "theo {unit}.",
        "en": "you seem to have given the amount in thousand ₫ (as the table shows it): this "
        "exercise asks for it in {unit}.",
    },
    "check.slip.in_millions": {
        "vi": "có vẻ bạn viết số tiền theo triệu ₫: bài này hỏi số tiền theo {unit}.",
        "en": "you seem to have given the amount in million ₫: this exercise asks for it in "
        "{unit}.",
    },
    "check.slip.sign": {
        "vi": "đúng độ lớn nhưng ngược dấu (âm/dương): kiểm tra thứ tự phép trừ.",
        "en": "the size is right but the sign is reversed: check the order of the subtraction.",
    },
    "check.slip.from_zero": {
        "vi": "có vẻ bạn đếm vị trí từ 0: ở đây vị trí (thứ hạng) đếm từ 1, phần tử đầu tiên là 1.",
        "en": "you seem to count positions from 0: here positions (ranks) count from 1, the "
        "first item is 1.",
    },
    "check.slip.order": {
        "vi": "đúng các phần tử nhưng sai thứ tự: hãy sắp xếp lại theo thứ tự bài yêu cầu.",
        "en": "the right items, but in the wrong order: put them in the order the exercise "
        "asks for.",
    },
    "check.slip.label_not_code": {
        "vi": "bạn viết tên hiển thị (nhãn); bài này hỏi mã (code), tức giá trị viết đúng như "
        "trong bảng dữ liệu (chữ Latinh không dấu, ví dụ dạng ten_ma).",
        "en": "you gave the display name (label); this exercise asks for the code, the value "
        "as it is written in the data table (plain ASCII, e.g. like some_code).",
    },
    "check.slip.code_not_label": {
        "vi": "bạn viết mã (code) tiếng Anh; bài này hỏi tên tiếng Việt (nhãn hiển thị).",
        "en": "you gave the English code; this exercise asks for the Vietnamese name (the label).",
    },
    "check.slip.diacritics": {
        "vi": "gần đúng rồi — kiểm tra lại dấu tiếng Việt.",
        "en": "almost — check the Vietnamese diacritics.",
    },
    "check.slip.mistake": {"vi": "{message}", "en": "{message}"},
    # --- lists ----------------------------------------------------------------------------------
    "check.seq.positions1": {
        "vi": "phần tử ở vị trí {positions} chưa đúng (vị trí đếm từ 1).",
        "en": "the items at positions {positions} are wrong (counting from 1).",
    },
    # --- multiple choice ------------------------------------------------------------------------
    "check.choice.why": {
        "vi": "bạn chọn {option}. Vì sao phương án này chưa đúng: {why}",
        "en": "you chose {option}. Why this option is not right: {why}",
    },
    "check.choice.wrong": {"vi": "bạn chọn {option}.", "en": "you chose {option}."},
    "check.choice.unknown": {
        "vi": "{answer} không phải một phương án: hãy chọn một trong {options}.",
        "en": "{answer} is not one of the options: choose one of {options}.",
    },
    # --- units ----------------------------------------------------------------------------------
    "unit.vnd": {"vi": "₫", "en": "₫"},
    "unit.thousand_vnd": {"vi": "nghìn ₫", "en": "thousand ₫"},
    "unit.million_vnd": {"vi": "triệu ₫", "en": "million ₫"},
}


def register() -> None:
    """Add :data:`MESSAGES` to :data:`ecrm_lab.i18n.MESSAGES` (keys already there are kept)."""
    for key, entry in MESSAGES.items():
        i18n.MESSAGES.setdefault(key, entry)


register()
