"""Vietnamese text helpers: normalising, stripping diacritics, tokenising (standard library only).

One place for the small text operations that the analysis modules, the exercises and the vocabulary
need, so that "the same word" means the same thing everywhere:

* :func:`nfc` — Unicode NFC (text typed on macOS or copied from PDFs is often NFD: "ạ" as "a" + dot);
* :func:`normalise` — NFC, trimmed, case-folded: the key for comparing words;
* :func:`remove_diacritics` — Vietnamese without tone marks and vowel marks, ``đ`` → ``d``
  ("không dấu", as people often type);
* :func:`fold` — :func:`normalise` then :func:`remove_diacritics`;
* :func:`tokenise` — the words of a text, one-letter words kept ("ạ", "à" matter in chat).

>>> normalise("  Chị ƠI ")
'chị ơi'
>>> fold("Đồng hồ")
'dong ho'
>>> tokenise("Chị có hay bị đau lưng không ạ?")
['chị', 'có', 'hay', 'bị', 'đau', 'lưng', 'không', 'ạ']
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["TOKEN_PATTERN", "nfc", "normalise", "remove_diacritics", "fold", "tokenise"]

#: Regular expression of a word for :func:`tokenise` and scikit-learn's ``token_pattern``.
TOKEN_PATTERN = r"(?u)\b\w+\b"
_TOKEN_RE = re.compile(TOKEN_PATTERN)


def _require_str(text: object) -> str:
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, not {type(text).__name__}")
    return text


def nfc(text: str) -> str:
    """The text in Unicode NFC form (composed characters).

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The same text with composed characters.

    Examples
    --------
    >>> nfc("a\\u0323") == "ạ"
    True
    """
    return unicodedata.normalize("NFC", _require_str(text))


def normalise(text: str) -> str:
    """NFC, surrounding spaces removed, case-folded: the form in which two spellings compare equal.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The normalised text.

    Examples
    --------
    >>> normalise("ĐIỆN THOẠI ") == normalise("điện thoại")
    True
    """
    return unicodedata.normalize("NFC", nfc(text).strip().casefold())


def remove_diacritics(text: str) -> str:
    """Vietnamese text without its diacritics (tone marks, ă â ê ô ơ ư, đ → d), as typed "không dấu".

    Case and everything else are kept.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The text with base letters only.

    Examples
    --------
    >>> remove_diacritics("Chị có hay bị đau lưng không ạ?")
    'Chi co hay bi dau lung khong a?'
    >>> remove_diacritics("ĐỒNG HỒ")
    'DONG HO'
    """
    text = _require_str(text)
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    )


def fold(text: str) -> str:
    """:func:`normalise` then :func:`remove_diacritics`: "Đồng Hồ " → "dong ho".

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The text normalised and without diacritics.
    """
    return remove_diacritics(normalise(text))


def tokenise(text: str, *, strip_diacritics: bool = False) -> list[str]:
    """The words of ``text``, normalised (and without diacritics if ``strip_diacritics``).

    Parameters
    ----------
    text : str
        Any text.
    strip_diacritics : bool, default False
        Also remove the diacritics (:func:`fold` instead of :func:`normalise`).

    Returns
    -------
    list of str
        The words, in order; one-letter words are kept.

    Examples
    --------
    >>> tokenise("Dạ, em CHÀO chị!", strip_diacritics=True)
    ['da', 'em', 'chao', 'chi']
    """
    text = fold(text) if strip_diacritics else normalise(text)
    return _TOKEN_RE.findall(text)
