"""Answer keys that reveal nothing: what the student edition checks against instead of the answers.

An answer key holds, for each exercise, the compiled check of :mod:`ecrm_lab.exercises` with every
token *hashed*: a keyed BLAKE2b hash (the key is the key file's random salt) of the canonical form
of the right answer — for a number, its text rounded at the stated precision — and of each
recognised slip (the same value as a per cent, in thousand ₫, in another order, …). Explanations of
wrong choices and known mistakes are sealed with a key derived from that wrong answer, so they
can only be read by giving it. :func:`ecrm_lab.exercises.check` runs the same code on a key entry
as on the plain expected value, so the verdicts and the feedback are the same; only "too high /
too low" for an unrecognised number cannot be said (the key does not know the value).

File format (JSON): ``{"format": "ecrm_lab.exercises.answer_key/1", "salt": "<hex>", "exercises":
{"02.2": <target>, …}}``.

Examples
--------
>>> from ecrm_lab.exercises import Expected, check
>>> from ecrm_lab.i18n import language
>>> key = AnswerKey.from_specs({"2.2": Expected(0.0956, decimals=3, unit="share")}, salt="00" * 16)
>>> "0.096" in key.to_json()
False
>>> with language("en"):
...     ok = check(0.096, key["2.2"], name="2.2")
...     ok = check(9.6, key["2.2"], name="2.2")
✅ Correct! Exercise 2.2: well done!
❌ Exercise 2.2: not correct — you seem to have given a percentage: this exercise asks for a share between 0 and 1 (e.g. 0.25, not 25).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import pathlib
import secrets
from collections.abc import Iterator, Mapping
from typing import Any

from ._spec import Choice, Compiled, Expected, compile_target

__all__ = ["AnswerKey", "SaltedEncoder", "load_key", "FORMAT", "KEY_FILE"]

#: Format tag written into every key file.
FORMAT = "ecrm_lab.exercises.answer_key/1"
#: File name of the key the student edition writes next to its notebooks.
KEY_FILE = "answer_key.json"


class SaltedEncoder:
    """Hash tokens and seal messages with a secret-free but per-key random salt.

    Parameters
    ----------
    salt : str
        The key's random salt, 8 to 64 bytes written in hexadecimal.

    Raises
    ------
    ValueError
        If ``salt`` is not hexadecimal or has the wrong length.

    Examples
    --------
    >>> enc = SaltedEncoder("00" * 16)
    >>> sealed = enc.seal("02.2", "0.61", "Bạn đã tính cả các đơn bị hủy.")
    >>> enc.open("02.2", "0.61", sealed)
    'Bạn đã tính cả các đơn bị hủy.'
    >>> enc.token("02.2", "0.096") == enc.token("02.2", "0.097")
    False
    """

    hashed = True

    def __init__(self, salt: str):
        try:
            self._salt = bytes.fromhex(salt)
        except (TypeError, ValueError):
            raise ValueError(
                f"answer key salt {salt!r} is not hexadecimal. Fix: rebuild the student edition"
            ) from None
        if not 8 <= len(self._salt) <= 64:
            raise ValueError("answer key salt must be 8 to 64 bytes. Fix: rebuild the key")
        self.salt = salt

    def token(self, scope: str, text: str) -> str:
        """Hash one token: a keyed BLAKE2b hash of ``text`` within ``scope``.

        Parameters
        ----------
        scope : str
            Where the token belongs (the exercise name and the kind of token), so the same text
            hashes differently in another exercise.
        text : str
            The canonical text of an answer or a slip.

        Returns
        -------
        str
            32 hexadecimal digits.
        """
        data = f"{scope}\x1f{text}".encode()
        return hashlib.blake2b(data, key=self._salt, digest_size=16).hexdigest()

    def _stream(self, scope: str, text: str, n: int) -> bytes:
        return hashlib.shake_256(self._salt + b"\x1e" + f"{scope}\x1f{text}".encode()).digest(n)

    def seal(self, scope: str, text: str, message: str) -> str:
        """Seal ``message`` so that only someone who gives ``text`` (in ``scope``) can read it.

        Parameters
        ----------
        scope : str
            Where the message belongs (as for :meth:`token`).
        text : str
            The canonical text of the wrong answer the message is about: the key of the seal.
        message : str
            The feedback to hide.

        Returns
        -------
        str
            The sealed message, in base64.
        """
        raw = message.encode()
        mixed = bytes(a ^ b for a, b in zip(raw, self._stream(scope, text, len(raw)), strict=True))
        return base64.b64encode(mixed).decode("ascii")

    def open(self, scope: str, text: str, sealed: str) -> str:
        """Open a message sealed by :meth:`seal`.

        Parameters
        ----------
        scope : str
            The scope it was sealed in.
        text : str
            The student's answer in canonical form; only the text it was sealed with gives back
            the message.
        sealed : str
            The sealed message (base64).

        Returns
        -------
        str
            The message, or unreadable text when ``text`` is not the one it was sealed with.
        """
        raw = base64.b64decode(sealed)
        plain = bytes(a ^ b for a, b in zip(raw, self._stream(scope, text, len(raw)), strict=True))
        return plain.decode("utf-8", errors="replace")


class AnswerKey(Mapping):
    """The hashed answers of a set of exercises: ``key["02.2"]`` is what ``check()`` takes.

    Build one with :meth:`from_specs` (the student-edition builder does), save it with
    :meth:`save` / :meth:`to_json`, read it with :func:`load_key`.

    Parameters
    ----------
    salt : str
        The key's random salt, in hexadecimal (see :class:`SaltedEncoder`).
    exercises : mapping of str to dict
        ``{exercise name: compiled, hashed check}`` as :meth:`from_specs` makes them.
    """

    def __init__(self, salt: str, exercises: Mapping[str, dict]):
        self._encoder = SaltedEncoder(salt)
        self._exercises = dict(exercises)

    @classmethod
    def from_specs(
        cls, specs: Mapping[str, Expected | Choice | Any], *, salt: str | None = None
    ) -> AnswerKey:
        """Hash the specifications ``{exercise name: Expected | Choice | plain value}``.

        A plain value becomes ``Expected(value)`` (integers exact, other numbers at
        :data:`ecrm_lab.exercises.DEFAULT_SIG` significant digits).

        Parameters
        ----------
        specs : mapping
            ``{exercise name: Expected, Choice or plain value}``.
        salt : str, optional
            The salt in hexadecimal; default: 16 fresh random bytes (give one only for
            reproducible tests).

        Returns
        -------
        AnswerKey
            The hashed key.
        """
        salt = secrets.token_hex(16) if salt is None else salt
        encoder = SaltedEncoder(salt)
        exercises = {}
        for name, spec in specs.items():
            if not isinstance(spec, Expected | Choice):
                spec = Expected(spec)
            exercises[str(name)] = compile_target(spec, str(name), encoder)
        return cls(salt, exercises)

    def __getitem__(self, name: str) -> Compiled:
        try:
            target = self._exercises[name]
        except KeyError:
            known = ", ".join(sorted(self._exercises)) or "none"
            raise KeyError(
                f"the answer key has no exercise {name!r} (it has: {known}). Fix: rebuild the "
                "student edition from the same notebooks"
            ) from None
        return Compiled(target, name, self._encoder)

    def __iter__(self) -> Iterator[str]:
        return iter(self._exercises)

    def __len__(self) -> int:
        return len(self._exercises)

    def to_json(self) -> str:
        """Write the key as JSON text (see the module docstring for the format).

        Returns
        -------
        str
            The JSON text, keys sorted.
        """
        payload = {"format": FORMAT, "salt": self._encoder.salt, "exercises": self._exercises}
        return json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True)

    def save(self, path: str | os.PathLike) -> pathlib.Path:
        """Write the key to ``path`` (through a temporary file, so a crash leaves no half key).

        Parameters
        ----------
        path : str or path-like
            The key file to write (replaced if it exists).

        Returns
        -------
        pathlib.Path
            ``path``.
        """
        path = pathlib.Path(path)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(self.to_json() + "\n", encoding="utf-8")
        os.replace(tmp, path)
        return path

    @classmethod
    def from_json(cls, text: str) -> AnswerKey:
        """Read a key from its JSON text.

        Parameters
        ----------
        text : str
            The text :meth:`to_json` wrote.

        Returns
        -------
        AnswerKey
            The key.

        Raises
        ------
        ValueError
            If ``text`` is not JSON or not an ``ecrm_lab`` answer key.
        """
        try:
            payload = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"the answer key is not valid JSON ({exc}). Fix: rebuild it") from None
        if not isinstance(payload, dict) or payload.get("format") != FORMAT:
            raise ValueError(
                f"not an ecrm_lab answer key (format {FORMAT!r} expected). Fix: rebuild the "
                "student edition"
            )
        return cls(payload["salt"], payload["exercises"])


def load_key(path: str | os.PathLike = KEY_FILE) -> AnswerKey:
    """Read the answer key of a student edition (by default ``answer_key.json`` next to it).

    Parameters
    ----------
    path : path-like, default ``"answer_key.json"``
        The key file; a relative path is read from the current folder (in Jupyter, the folder of
        the notebook).

    Returns
    -------
    AnswerKey
        The key: ``key["02.2"]`` is what :func:`ecrm_lab.exercises.check` takes as expected value.

    Raises
    ------
    FileNotFoundError
        If the file does not exist; the message says where it was looked for and how to fix it.
    ValueError
        If the file is not an answer key.
    """
    path = pathlib.Path(path)
    if not path.is_file():
        raise FileNotFoundError(
            f"answer key {str(path)!r} not found (looked in {pathlib.Path.cwd()}). Fix: open the "
            f"notebook from the student edition folder, next to {KEY_FILE}, or rebuild it with "
            "`ecrm-lab build student --out DIR`"
        )
    return AnswerKey.from_json(path.read_text(encoding="utf-8"))
