"""Build the student edition of the lesson notebooks: no solutions, no answers, no lecturer notes.

For every numbered notebook ``NN_*.ipynb`` of a folder, :func:`build_student`

* replaces each cell tagged ``solution`` by a stub that keeps its comment lines and assigns
  ``TODO`` to each variable the solution assigned (so ``check(...)`` answers "chưa làm");
* drops the cells tagged ``lecturer`` and the markdown cells tagged ``solution``, and clears every
  output;
* evaluates the expected answer of each ``check(answer, answers.ex_NN_k(data), ...)`` call (and of
  each check against a literal, an ``Expected(...)`` or a ``Choice(...)``) on the
  frozen data, stores it hashed in ``answer_key.json`` next to the notebooks
  (:mod:`ecrm_lab.exercises.answer_key`) and rewrites the call into
  ``check(answer, answer_key["NN.k"], ...)``;
* replaces ``from ecrm_lab.answers import lessonNN as answers`` by
  ``answer_key = load_key()`` and inlines any other constant read from the answers module, so the
  student edition runs without :mod:`ecrm_lab.answers`.

The precision and unit of a check are those of the call (``decimals=3, unit="share"``) or of an
:class:`~ecrm_lab.exercises.Expected` the answers function returns; a ``mistakes=`` argument is
moved into the key (sealed) and removed from the call.
"""

from __future__ import annotations

import ast
import pathlib
import re
import shutil
import warnings
from collections.abc import Callable
from typing import Any

from . import Choice, Expected
from . import _spec_for as _spec_of_call
from .answer_key import KEY_FILE, AnswerKey

__all__ = [
    "build_student",
    "student_notebook",
    "stub_for",
    "assigned_names",
    "STUB_NOTE",
    "KEY_NAME",
    "StudentEditionError",
]

STUB_NOTE = (
    "# ✏️ Viết lời giải của bạn ở đây (write your solution here), thay TODO bằng code của bạn"
)
#: The variable holding the answer key in a student notebook.
KEY_NAME = "answer_key"
_SPEC_KEYWORDS = ("decimals", "sig", "unit", "slips", "mistakes")
_ANSWERS = "ecrm_lab.answers"
_KNOWN = frozenset({"data", "Expected", "Choice"})
_LOAD_KEY = (
    f"from ecrm_lab.exercises.answer_key import load_key\n{KEY_NAME} = load_key()  "
    "# hashed answers: they reveal nothing"
)


class StudentEditionError(ValueError):
    """A notebook cannot be turned into its student edition (the message names cell and fix)."""


# ----------------------------------------------------------------------------- solution stubs
def assigned_names(source: str) -> list[str]:
    """List the top-level variable names assigned in ``source``, in order of first assignment.

    Parameters
    ----------
    source : str
        Python code (a notebook cell).

    Returns
    -------
    list of str
        The names assigned by ``=``, ``: type =`` or an augmented assignment at the top level
        (unpacking included); names assigned inside functions, loops or other blocks are left out.

    Examples
    --------
    >>> assigned_names("a, b = 1, 2; c: int = 3; a += 1")
    ['a', 'b', 'c']
    """
    names: list[str] = []
    for node in ast.parse(source).body:
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        for target in targets:
            for leaf in ast.walk(target):
                if isinstance(leaf, ast.Name) and leaf.id not in names:
                    names.append(leaf.id)
    return names


def stub_for(source: str) -> str:
    """Make the student stub of one solution cell.

    Parameters
    ----------
    source : str
        The solution cell's code.

    Returns
    -------
    str
        The cell's comment lines, the "write your solution here" note and ``name = TODO`` for every
        top-level name the cell assigns (:func:`assigned_names`).

    Raises
    ------
    ValueError
        If the cell assigns no variable (there would be nothing for the student to fill in).
    """
    names = assigned_names(source)
    if not names:
        raise ValueError(f"a solution cell assigns no variable, so it cannot be stubbed:\n{source}")
    comments = [line for line in source.splitlines() if line.lstrip().startswith("#")]
    return "\n".join([*comments, STUB_NOTE, *(f"{name} = TODO" for name in names)])


# ------------------------------------------------------------------------------ source editing
def _offsets(source: str) -> list[int]:
    """Character offset of the start of each line (1-based line numbers index it from 1)."""
    starts = [0, 0]
    for line in source.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


def _pos(source: str, starts: list[int], line: int, col: int) -> int:
    """Character offset of an ast (line, UTF-8 byte column) position."""
    text = source[starts[line] : starts[line + 1] if line + 1 < len(starts) else len(source)]
    return starts[line] + len(text.encode("utf-8")[:col].decode("utf-8"))


def _span(source: str, starts: list[int], node: ast.AST) -> tuple[int, int]:
    return (
        _pos(source, starts, node.lineno, node.col_offset),
        _pos(source, starts, node.end_lineno, node.end_col_offset),
    )


def _apply(source: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, text in sorted(edits, reverse=True):
        source = source[:start] + text + source[end:]
    return source


# --------------------------------------------------------------------------------- the answers
def _answers_aliases(cells: list) -> dict[str, str]:
    """Local names bound to ``ecrm_lab.answers`` modules or objects: ``{name: dotted path}``."""
    aliases: dict[str, str] = {}
    for cell in cells:
        tree = _parse(cell.source)
        if tree is None:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(_ANSWERS):
                for alias in node.names:
                    aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith(_ANSWERS) and alias.asname:
                        aliases[alias.asname] = alias.name
    return aliases


def _resolve(path: str) -> Any:
    import importlib

    try:
        return importlib.import_module(path)
    except ImportError:
        module, _, attr = path.rpartition(".")
        return getattr(importlib.import_module(module), attr)


def _parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(source)
    except SyntaxError:
        return None


def _uses(node: ast.AST, names: set[str]) -> bool:
    return any(isinstance(n, ast.Name) and n.id in names for n in ast.walk(node))


def _is_check(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return (isinstance(func, ast.Name) and func.id == "check") or (
        isinstance(func, ast.Attribute) and func.attr == "check"
    )


def _literal(node: ast.AST, what: str, where: str) -> Any:
    try:
        return ast.literal_eval(node)
    except ValueError:
        raise StudentEditionError(
            f"{where}: {what} must be a literal (a number, a string, a list, a dict) so that it "
            f"can go into the answer key. Fix: write the value itself in the check() call"
        ) from None


def _exercise_name(call: ast.Call, expected: ast.AST, where: str) -> str:
    for kw in call.keywords:
        if kw.arg == "name":
            return str(_literal(kw.value, "name=", where))
    for node in ast.walk(expected):
        if isinstance(node, ast.Attribute | ast.Name):
            ident = node.attr if isinstance(node, ast.Attribute) else node.id
            match = re.fullmatch(r"ex_(\d+)_(\w+)", ident)
            if match:
                return f"{match.group(1)}.{match.group(2)}"
    raise StudentEditionError(f"{where}: a check() call has no name=. Fix: add name='NN.k'")


class _Context:
    """What the rewriting needs across cells: the aliases, the data, the specs collected."""

    def __init__(self, aliases: dict[str, str], data: Callable[[], Any], notebook: str):
        self.aliases = aliases
        self.names = set(aliases)
        self.objects = {name: _resolve(path) for name, path in aliases.items()}
        self._data = data
        self.notebook = notebook
        self.specs: dict[str, Expected | Choice] = {}
        self.imported = False

    def evaluate(self, node: ast.AST, where: str) -> Any:
        namespace = {**self.objects, "Expected": Expected, "Choice": Choice}
        used = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
        if "data" in used:
            namespace["data"] = self._data()
        code = compile(ast.Expression(body=node), where, "eval")
        try:
            return eval(code, namespace)  # noqa: S307 - the notebook's own expression
        except NameError as exc:
            raise StudentEditionError(
                f"{where}: the expected answer uses a notebook variable ({exc}); the builder only "
                "knows `data` (the frozen data) and the answers module. Fix: compute the expected "
                "answer from `data` inside ecrm_lab.answers"
            ) from None


def _rewrite_check(call: ast.Call, ctx: _Context, source: str, starts: list, where: str) -> list:
    if len(call.args) >= 2:
        expected = call.args[1]
    else:
        expected = next((kw.value for kw in call.keywords if kw.arg == "expected"), None)
    if expected is None:
        return []
    used = {n.id for n in ast.walk(expected) if isinstance(n, ast.Name)}
    # the answers module, the frozen data, a literal, Expected(...) or Choice(...): the expected
    # answer is not computed by the student's own cells, so the student edition must not show it
    if not used & ctx.names and not used <= _KNOWN:
        return []
    name = _exercise_name(call, expected, where)
    where = f"{where}, exercise {name}"
    value = ctx.evaluate(expected, where)
    options = dict.fromkeys(_SPEC_KEYWORDS)
    edits = []
    for kw in call.keywords:
        if kw.arg in _SPEC_KEYWORDS:
            options[kw.arg] = _literal(kw.value, f"{kw.arg}=", where)
            if kw.arg == "mistakes":  # sealed in the key; the call would show them
                start, end = _span(source, starts, kw)
                while start > 0 and source[start - 1] in " \t\n,":
                    start -= 1
                edits.append((start, end, ""))
    spec = _spec_of_call(value, options) or Expected(value)
    if isinstance(spec, Expected) and spec.decimals is None and spec.sig is None:
        from ._compare import _is_integral, _kind

        if _kind(spec.value) == "number" and not _is_integral(spec.value):
            warnings.warn(
                f"{where} states no precision: its key compares at 4 significant digits. "
                "Fix: add decimals=... to the check() call (and say it in the exercise text)",
                stacklevel=2,
            )
    if name in ctx.specs:
        raise StudentEditionError(f"{where}: two check() calls have the same name {name!r}")
    ctx.specs[name] = spec
    start, end = _span(source, starts, expected)
    edits.append((start, end, f"{KEY_NAME}[{name!r}]"))
    return edits


def _rewrite_cell(source: str, ctx: _Context, where: str) -> str:
    """The student version of one code cell's source."""
    tree = _parse(source)
    if tree is None:
        words = "|".join(map(re.escape, ctx.names or {_ANSWERS}))
        if re.search(rf"\b(?:{words})\b", source):
            raise StudentEditionError(f"{where}: a cell that uses the answers cannot be parsed")
        return source
    starts = _offsets(source)
    edits: list[tuple[int, int, str]] = []
    handled: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom | ast.Import):
            module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
            if (module or "").startswith(_ANSWERS):
                start, end = _span(source, starts, node)
                text = "" if ctx.imported else _LOAD_KEY
                ctx.imported = True
                edits.append((start, end, text))
        elif _is_check(node):
            found = _rewrite_check(node, ctx, source, starts, where)
            if found:
                edits.extend(found)
                handled.update(id(n) for n in ast.walk(node))
    for node in ast.walk(tree):
        if id(node) in handled or not isinstance(node, ast.Attribute):
            continue
        if isinstance(node.value, ast.Name) and node.value.id in ctx.names:
            value = getattr(ctx.objects[node.value.id], node.attr)
            text = repr(value)
            if callable(value) or _safe_literal(text) != value:
                raise StudentEditionError(
                    f"{where}: {node.value.id}.{node.attr} is used outside a check() call and is "
                    "not a plain constant. Fix: call it only as the expected answer of check()"
                )
            edits.append((*_span(source, starts, node), text))
            handled.update(id(n) for n in ast.walk(node))
    new = _apply(source, edits)
    left = _parse(new)
    if left is None or any(isinstance(n, ast.Name) and n.id in ctx.names for n in ast.walk(left)):
        raise StudentEditionError(
            f"{where}: the answers module is still used after rewriting. Fix: use it only in "
            "`from ecrm_lab.answers import ...`, as check()'s expected answer or for constants"
        )
    return new


def _safe_literal(text: str) -> Any:
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return object()


def student_notebook(nb: Any, *, data: Callable[[], Any] | None = None, name: str = "notebook"):
    """The student edition of one notebook and the specs of its checks.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The lecturer notebook (not changed).
    data : callable, optional
        Returns the data the notebook's ``data`` variable holds (default: the frozen VietShop
        data, :func:`ecrm_lab.load_vietshop`, loaded once when first needed).
    name : str
        The notebook's name, for error messages.

    Returns
    -------
    tuple of (nbformat.NotebookNode, dict)
        The student notebook, and ``{exercise name: Expected | Choice}`` for its answer key.
    """
    import nbformat

    nb = nbformat.from_dict(nb)
    cells = []
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "lecturer" in tags:
            continue
        if "solution" in tags:
            if cell.cell_type != "code":
                continue  # a written solution (markdown) has no stub: it is left out
            cell.source = stub_for(cell.source)
            cell.metadata["tags"] = [t for t in tags if t != "solution"] + ["exercise"]
        cells.append(cell)
    ctx = _Context(_answers_aliases(cells), data or _frozen_data(), name)
    for i, cell in enumerate(cells):
        if cell.cell_type != "code":
            continue
        cell.source = _rewrite_cell(cell.source, ctx, f"{name}, cell {i}")
        cell.outputs = []
        cell.execution_count = None
    if ctx.specs and not ctx.imported:  # checks against literals, and no answers import to replace
        first = next(c for c in cells if c.cell_type == "code")
        first.source = f"{_LOAD_KEY}\n{first.source}"
    nb.cells = cells
    return nb, ctx.specs


def _frozen_data() -> Callable[[], Any]:
    cache: list[Any] = []

    def load() -> Any:
        if not cache:
            from ..datasets import load_vietshop

            cache.append(load_vietshop())
        return cache[0]

    return load


def build_student(
    src: str | pathlib.Path,
    dest: str | pathlib.Path,
    *,
    force: bool = False,
    salt: str | None = None,
    data: Callable[[], Any] | None = None,
) -> list[pathlib.Path]:
    """Write the student edition of every ``NN_*.ipynb`` in ``src`` and its answer key to ``dest``.

    Parameters
    ----------
    src : path-like
        Folder of the lesson notebooks (or one notebook file).
    dest : path-like
        Output folder; it must be empty or absent unless ``force``.
    force : bool, default False
        Replace a non-empty ``dest`` (its old content is removed once the new edition is ready).
    salt : str, optional
        Hex salt of the answer key (default: random; give one for a reproducible build).
    data : callable, optional
        Returns the data the notebooks' ``data`` variable holds (default: the frozen data).

    Returns
    -------
    list of pathlib.Path
        The student notebooks written (the key is ``dest / "answer_key.json"``).

    Raises
    ------
    FileNotFoundError
        If ``src`` holds no numbered notebook.
    FileExistsError
        If ``dest`` is not empty and ``force`` is false.
    StudentEditionError
        If a notebook cannot be converted (the message names the notebook, cell and fix), or
        ``dest`` is or contains ``src``.
    """
    import nbformat

    src, dest = pathlib.Path(src), pathlib.Path(dest)
    notebooks = [src] if src.is_file() else sorted(src.glob("[0-9][0-9]_*.ipynb"))
    if not notebooks:
        raise FileNotFoundError(f"no numbered notebooks (NN_name.ipynb) in {src}")
    home = (src if src.is_dir() else src.parent).resolve()
    if dest.resolve() == home or dest.resolve() in home.parents:
        raise StudentEditionError(
            f"{dest} is (or contains) the source folder {home}: building there would delete the "
            "lecturer notebooks. Fix: choose another output folder, e.g. build/student"
        )
    if dest.exists() and not dest.is_dir():
        raise FileExistsError(f"{dest} is a file. Fix: choose a folder")
    if dest.exists() and any(dest.iterdir()) and not force:
        raise FileExistsError(f"{dest} already holds files: choose an empty folder or pass --force")
    loader = data or _frozen_data()
    editions, specs = [], {}
    for path in notebooks:
        nb, found = student_notebook(nbformat.read(path, as_version=4), data=loader, name=path.name)
        clash = sorted(set(found) & set(specs))
        if clash:
            raise StudentEditionError(f"{path.name}: exercise name(s) {clash} used twice")
        specs.update(found)
        editions.append((path.name, nb))
    key = AnswerKey.from_specs(specs, salt=salt)  # everything is ready: only now touch dest
    if dest.exists() and force:
        shutil.rmtree(dest)
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, nb in editions:
        out = dest / filename
        nbformat.write(nb, out)
        written.append(out)
    key.save(dest / KEY_FILE)
    return written
