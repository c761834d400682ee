"""Judge an answer against a compiled target (see :mod:`ecrm_lab.exercises._spec`).

The same code runs on a plain target and on a hashed one: it only canonicalises the *answer*,
encodes each form with the target's encoder and looks it up, so the verdict and the feedback do not
depend on whether the expected value is known.
"""

from __future__ import annotations

from typing import Any

from ecrm_lab.i18n import t

from . import _messages  # noqa: F401 - registers the messages used below
from ._compare import _OK, _kind, _names, _not_a_number_advice, _show, _Verdict, _wrong
from ._spec import (
    _item_form,
    _key_text,
    _option,
    _precision_text,
    _strip_accents,
    _text_forms,
    answer_decimals,
    canon_number,
    canon_text,
    code_tokens,
)

_EXPECTED_TYPE = {
    "number": ("number", "int/float"),
    "bool": ("bool", "bool"),
    "text": ("text", "str"),
    "choice": ("text", "str"),
    "list": ("list", "list"),
    "set": ("set", "set"),
    "dict": ("dict", "dict"),
}


def _type_error(answer: Any, target: dict, *advice: str) -> _Verdict:
    from ._compare import _describe

    kind, tname = _EXPECTED_TYPE[target["kind"]]
    verdict = _Verdict(False, [a for a in advice if a])
    verdict.wrong_type = (t(f"type.{kind}", tname=tname), _describe(answer))
    return verdict


def _slip(slip: str, target: dict, message: str | None = None, shown: str = "") -> _Verdict:
    unit = target.get("unit")
    unit_text = t(f"unit.{unit}") if unit in ("vnd", "thousand_vnd", "million_vnd") else ""
    if slip == "mistake":
        text = t("check.slip.mistake", message=message or "")
    else:
        text = t(f"check.slip.{slip}", unit=unit_text)
    verdict = _wrong(shown, text)
    verdict.slip = slip
    return verdict


def judge(answer: Any, target: dict, scope: str, enc: Any) -> _Verdict:
    """The verdict on ``answer`` (``ok``, feedback ``details``, recognised ``slip``)."""
    handler = {
        "number": _number,
        "text": _text,
        "bool": _bool,
        "list": _list,
        "set": _set,
        "dict": _dict,
        "choice": _choice,
    }[target["kind"]]
    return handler(answer, target, scope, enc)


def _number(answer: Any, target: dict, scope: str, enc: Any) -> _Verdict:
    if _kind(answer) != "number":
        return _type_error(answer, target, _not_a_number_advice(answer))
    value = float(answer)
    if value != value:
        return _wrong(t("check.number.nan", answer=_show(answer)))
    own = answer_decimals(value)
    for group in target["groups"]:
        d, s, lo, hi = group["d"], group["s"], group["lo"], group["hi"]
        if lo is not None and min(max(own, lo), hi) != d:
            continue
        token = enc.token(scope, canon_number(value, (d, s)))
        slip = group["tokens"].get(token)
        if slip is None:
            continue
        if slip == "":
            return _OK
        message = None
        if slip == "mistake":
            message = enc.open(scope, canon_number(value, (d, s)), target["messages"][token])
        return _slip(slip, target, message)
    p = tuple(target["precision"])
    if p == (None, None):
        details = [t("check.spec.exact", answer=_show(answer))]
    else:
        details = [t("check.spec.number", answer=_show(answer), precision=_precision_text(p))]
    if p[1] is None and p[0] is not None and own < p[0]:
        details.append(t("check.spec.coarse", got=own, want=p[0]))
    return _wrong(*details)


def _text(answer: Any, target: dict, scope: str, enc: Any) -> _Verdict:
    if not isinstance(answer, str):
        return _type_error(answer, target)
    for form in _text_forms(answer):
        token = enc.token(scope, form)
        slip = target["tokens"].get(token)
        if slip is None:
            continue
        if slip == "":
            return _OK
        message = None
        if slip == "mistake":
            message = enc.open(scope, form, target["messages"][token])
        return _slip(slip, target, message, t("check.text.wrong", answer=_show(answer)))
    return _wrong(t("check.text.wrong", answer=_show(answer)))


def _bool(answer: Any, target: dict, scope: str, enc: Any) -> _Verdict:
    if _kind(answer) != "bool":
        return _type_error(answer, target)
    if enc.token(scope, str(bool(answer))) == target["token"]:
        return _OK
    return _wrong(t("check.bool.wrong", answer=_show(answer)))


def _items(answer: Any) -> list:
    return list(answer.tolist() if hasattr(answer, "tolist") else answer)


def _list(answer: Any, target: dict, scope: str, enc: Any) -> _Verdict:
    kind = _kind(answer)
    if kind == "text" and all(k == "text" for k in target["item_kinds"]):
        items = code_tokens(answer)
        if len(items) == 1 and target["split_chars"]:
            items = list(items[0])
    elif kind in ("list", "array", "series"):
        items = _items(answer)
    else:
        return _type_error(answer, target)
    if len(items) != target["n"]:
        return _wrong(t("check.seq.length", got=len(items), expected=target["n"]))
    forms = []
    for x, p in zip(items, target["precisions"], strict=True):
        forms.append(_item_form(x, None if p is None else tuple(p)))
    bad = [
        i
        for i, (form, token) in enumerate(zip(forms, target["positions"], strict=True))
        if enc.token(f"{scope}#{i}", form) != token
    ]
    if not bad:
        return _OK
    order = target.get("order")
    if order is not None and enc.token(scope, "o:" + "|".join(sorted(forms))) == order:
        return _slip("order", target)
    return _wrong(t("check.seq.positions1", positions=_names(i + 1 for i in bad)))


def _set(answer: Any, target: dict, scope: str, enc: Any) -> _Verdict:
    if _kind(answer) not in ("set", "list", "array", "series"):
        return _type_error(answer, target)
    numeric = [p for p in target["precisions"] if p is not None]
    precision = tuple(numeric[0]) if numeric else None
    given = {}
    for x in _items(answer):
        p = precision if _kind(x) == "number" else None
        given.setdefault(enc.token(scope, _item_form(x, p)), x)
    expected = set(target["items"])
    missing = [tok for tok in expected if tok not in given]
    extra = [x for tok, x in given.items() if tok not in expected]
    if not missing and not extra:
        return _OK
    details = []
    if missing:
        details.append(t("check.set.missing", n=len(missing)))
    if extra:
        details.append(t("check.set.extra", n=len(extra), items=_names(extra)))
        labels = set(target.get("labels", ()))
        named = [
            x
            for x in extra
            if isinstance(x, str)
            and {
                enc.token(scope, "t:" + canon_text(x)),
                enc.token(scope, "a:" + _strip_accents(canon_text(x))),
            }
            & labels
        ]
        if named:
            details.append(t("check.slip.label_not_code"))
    return _wrong(*details)


def _dict(answer: Any, target: dict, scope: str, enc: Any) -> _Verdict:
    kind = _kind(answer)
    if kind == "series":
        answer = answer.to_dict()
    elif kind != "dict":
        return _type_error(answer, target)
    given = {_key_text(k): k for k in answer}
    wanted = {_key_text(e["key"]): e for e in target["entries"]}
    missing = [e["key"] for k, e in wanted.items() if k not in given]
    extra = [orig for k, orig in given.items() if k not in wanted]
    different = []
    for k, entry in wanted.items():
        if k not in given:
            continue
        p = entry["precision"]
        form = _item_form(answer[given[k]], None if p is None else tuple(p))
        if enc.token(f"{scope}#{k}", form) != entry["token"]:
            different.append(entry["key"])
    details = []
    if missing:
        details.append(t("check.dict.missing", keys=_names(missing)))
    if extra:
        details.append(t("check.dict.extra", keys=_names(extra)))
    if different:
        details.append(t("check.dict.values", keys=_names(different)))
    return _wrong(*details) if details else _OK


def _choice(answer: Any, target: dict, scope: str, enc: Any) -> _Verdict:
    if not isinstance(answer, str | int) or isinstance(answer, bool):
        return _type_error(answer, target)
    option = _option(str(answer))
    options = {_option(o): o for o in target["options"]}
    if option not in options:
        return _wrong(
            t("check.choice.unknown", answer=_show(answer), options=", ".join(target["options"]))
        )
    token = enc.token(scope, option)
    if token == target["correct"]:
        return _OK
    sealed = target["why"].get(token)
    if sealed is None:
        return _wrong(t("check.choice.wrong", option=options[option]))
    why = enc.open(scope, option, sealed)
    return _wrong(t("check.choice.why", option=options[option], why=why))
