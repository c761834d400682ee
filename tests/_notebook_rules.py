"""Reading a lesson notebook the way the notebook standard talks about it (helpers of
``tests/test_notebook_standard.py``; no kernel is started, only the JSON is read).

Cell indices are nbformat's: the position in ``nb.cells``, counted from 0.
"""

from __future__ import annotations

import ast
import io
import math
import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

EXTENSION = "Mở rộng (tùy chọn)"
LECTURER = "lecturer"
SOLUTION = "solution"
SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "notes", "-"}
DECISION = "quyết định"
INTERPRETATION = "diễn giải"


# ------------------------------------------------------------------------------------ the notebook
@dataclass
class Cell:
    index: int
    kind: str  # "markdown" | "code" | "raw"
    source: str
    tags: list[str]
    metadata: dict
    outputs: list = field(default_factory=list)
    extension: bool = False  # inside a "Mở rộng (tùy chọn)" section
    section: str = ""  # the last level-1/2 heading above (or on) this cell

    @property
    def lecturer(self) -> bool:
        return LECTURER in self.tags

    @property
    def core(self) -> bool:
        """On the core path: not a lecturer cell, not in an extension section."""
        return not self.lecturer and not self.extension


def headings(source: str) -> list[tuple[int, str]]:
    """``(level, text)`` of each markdown heading line (``#`` ... ``######``), fences skipped."""
    out, fenced = [], False
    for line in source.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        m = re.match(r"^(#{1,6})\s+(.*)$", line)
        if m and not fenced:
            out.append((len(m.group(1)), m.group(2).strip()))
    return out


def load(path: Path) -> list[Cell]:
    """The cells of a notebook, each marked with its section and whether it is an extension."""
    nb = nbformat.read(path, as_version=4)
    cells, section, ext_level = [], "", None
    for i, c in enumerate(nb.cells):
        cell = Cell(
            i,
            c.cell_type,
            c.source,
            list(c.metadata.get("tags", [])),
            dict(c.metadata),
            list(c.get("outputs", [])),
        )
        if c.cell_type == "markdown":
            for level, text in headings(c.source):
                if ext_level is not None and level <= ext_level and EXTENSION not in text:
                    ext_level = None
                if EXTENSION in text and ext_level is None:
                    ext_level = level
                if level <= 2:
                    section = text
        cell.extension = ext_level is not None
        cell.section = section
        cells.append(cell)
    return cells


def where(path: Path, cell: Cell | int) -> str:
    index = cell.index if isinstance(cell, Cell) else cell
    return f"{path.name}, cell {index} (counted from 0)"


# ------------------------------------------------------------------------------------ prose
def prose_of_markdown(source: str) -> str:
    """Markdown without code (fenced, inline), math, HTML tags, link targets and URLs."""
    text = re.sub(r"```.*?```", " ", source, flags=re.DOTALL)
    text = re.sub(r"`[^`\n]*`", " ", text)
    text = re.sub(r"\$\$.*?\$\$|\$[^$\n]+\$", " ", text, flags=re.DOTALL)
    text = re.sub(r"<[^>\n]+>", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return re.sub(r"https?://\S+", " ", text)


def count_words(source: str) -> int:
    """Words of prose: whitespace-separated tokens holding a letter (a Vietnamese syllable is one)."""
    return sum(1 for tok in prose_of_markdown(source).split() if re.search(r"[^\W\d_]", tok))


# ------------------------------------------------------------------------------------ code
def parse_code(source: str) -> ast.Module | None:
    """The cell's code without IPython magics (``%``, ``!``), or None if it does not parse."""
    lines = ["" if ln.lstrip().startswith(("%", "!")) else ln for ln in source.splitlines()]
    try:
        return ast.parse("\n".join(lines))
    except SyntaxError:
        return None


def is_check(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    f = node.func
    return (isinstance(f, ast.Name) and f.id == "check") or (
        isinstance(f, ast.Attribute) and f.attr == "check"
    )


@dataclass
class Exercise:
    name: str
    cell: Cell  # the cell holding check(...)
    call: ast.Call
    text: str  # the markdown of the exercise (cells between the previous check and this one)
    text_cells: list[int]

    def keyword(self, name: str) -> ast.AST | None:
        return next((kw.value for kw in self.call.keywords if kw.arg == name), None)

    def literal(self, name: str) -> Any:
        node = self.keyword(name)
        if node is None:
            return None
        try:
            return ast.literal_eval(node)
        except ValueError:
            return None

    @property
    def heading(self) -> str:
        """The parenthesis after "Bài tập NN.k" in the exercise text ('' if none)."""
        m = re.search(
            rf"Bài tập\s+{re.escape(self.name)}\s*(?:\(([^)]*)\))?", self.text, re.IGNORECASE
        )
        return (m.group(1) or "") if m else ""

    @property
    def kinds(self) -> set[str]:
        h = self.heading.casefold()
        return {k for k in (DECISION, INTERPRETATION) if k in h}


def exercises(cells: list[Cell]) -> list[Exercise]:
    """Every ``check(...)`` call outside lecturer cells, with the text that asks it."""
    out, last_check = [], -1
    for pos, cell in enumerate(cells):
        if cell.kind != "code" or cell.lecturer:
            continue
        tree = parse_code(cell.source)
        calls = [n for n in ast.walk(tree)] if tree is not None else []
        calls = [n for n in calls if is_check(n)]
        if not calls:
            continue
        text_cells = []  # back to the previous check, or to the heading of the section
        for c in reversed(cells[last_check + 1 : pos]):
            if c.kind == "markdown" and not c.lecturer:
                text_cells.insert(0, c.index)
                if any(level <= 2 for level, _ in headings(c.source)):
                    break
        text = "\n\n".join(cells[i].source for i in text_cells)
        for call in calls:
            name = next(
                (kw.value.value for kw in call.keywords if kw.arg == "name"
                 and isinstance(kw.value, ast.Constant)),
                "?",
            )  # fmt: skip
            out.append(Exercise(str(name), cell, call, text, text_cells))
        last_check = pos
    return out


#: A plotting statement: matplotlib/seaborn objects or Axes/Figure methods.
_PLOTTING = re.compile(
    r"\b(?:plt|sns|mdates|mticker|matplotlib)\.|\b(?:ax|axes|fig|ax\d|axs)\b(?:\[[^\]]*\])?\.|"
    r"\.(?:set_\w+|annotate|legend|tick_params|axhline|axvline|axvspan|bar|barh|scatter|plot|"
    r"fill_between|twinx|text|xaxis|yaxis|grid|invert_yaxis)\b|PercentFormatter|FuncFormatter|"
    r"\bvnd_axis\("
)


def plotting_statements(source: str) -> list[int]:
    """Line numbers (1-based, in the cell) of the simple statements that do plotting plumbing.

    A ``plot_*`` call from the topic modules is not plumbing.
    """
    tree = parse_code(source)
    if tree is None:
        return []
    lines = source.splitlines()
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.stmt) or hasattr(node, "body"):
            continue
        seg = "\n".join(lines[node.lineno - 1 : node.end_lineno])
        bare = re.sub(r"\b(?:\w+\.)?plot_\w+\(", "(", seg)
        if _PLOTTING.search(bare):
            out.append(node.lineno)
    return sorted(out)


def makes_figure(cell: Cell) -> bool:
    if cell.kind != "code":
        return False
    if any("image/png" in o.get("data", {}) for o in cell.outputs):
        return True
    return bool(re.search(r"plt\.show\(|\bplot_\w+\(|\.subplots\(", cell.source))


def code_numbers(source: str) -> set[float]:
    """The numeric literals of a code cell (parameters the code sets)."""
    out = set()
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.NUMBER:
                try:
                    out.add(float(tok.string.replace("_", "")))
                except ValueError:
                    pass
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return out


# ------------------------------------------------------------------------------------ numbers
_SCALE = {
    "nghìn": 1e3, "ngàn": 1e3, "k": 1e3, "triệu": 1e6, "tr": 1e6, "tỷ": 1e9, "tỉ": 1e9,
}  # fmt: skip
_SCALE_RE = r"(?:\s*(nghìn|ngàn|triệu|tr|tỷ|tỉ)(?![\w]))?"


@dataclass(frozen=True)
class ProseNumber:
    text: str  # as written
    value: float  # with its scale word
    resolution: float  # 10**-decimals times the scale
    percent: bool
    context: str


def _strip_for_numbers(text: str) -> str:
    text = re.sub(r"^\s*#{1,6}\s*[\d.]*", " ", text, flags=re.MULTILINE)  # heading numbers
    text = re.sub(r"^\s*(?:[-*+]\s+)?\d+[.)]\s", " ", text, flags=re.MULTILINE)  # list numbers
    text = re.sub(r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b|\b\d{1,2}/\d{4}\b", " ", text)  # dates
    text = re.sub(r"\b\d{1,2}\s*[-–]\s*\d{1,2}/\d{4}\b", " ", text)  # "1–6/2025"
    text = re.sub(r"\b\d+(?:[.,]\d+)?\s*(?:[-–]\s*\d+(?:[.,]\d+)?\s*)?phút\b", " ", text)
    return text


_NUMBER = re.compile(
    r"(?<![\w.,/\-–])"  # not inside a word, a code, a date, a range's second half handled below
    r"(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+|\d+\.\d+|\d+)"
    r"(?![\w.,]*[^\W\d_])"  # not followed by letters glued on ("F1", "10x", "2D")
    + _SCALE_RE
    + r"(\s*%|(?=\s*–\s*\d[\d.,]*\s*%))?"  # a per cent, or the first end of "4,7 – 5,7 %"
)
_SENTENCE_WITH_YEAR = re.compile(r"[^.!?\n]*\((?:[^()]*\b(?:19|20)\d\d\b[^()]*)\)[^.!?\n]*")


def prose_numbers(markdown: str) -> list[ProseNumber]:
    """The numbers a reader sees in one markdown cell (rules: see test_notebook_standard.py)."""
    text = prose_of_markdown(markdown)
    text = _SENTENCE_WITH_YEAR.sub(" ", text)  # a cited source's figures, "(Tác giả, 2000)"
    text = _strip_for_numbers(text)
    text = re.sub(r"(?<=\d)\s*[-–]\s*(?=\d)", " – ", text)  # "25–95 %": both ends are numbers
    out = []
    for m in _NUMBER.finditer(text):
        raw, scale_word, pct = m.group(1), m.group(2), m.group(3) is not None
        thousands = re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", raw)
        if "." in raw and not thousands:
            continue  # "02.3", "6.1", "11.11": lesson, section, exercise numbers and sale days
        if thousands:
            digits = raw.replace(".", "").replace(",", ".")
        else:
            digits = raw.replace(",", ".")
        value = float(digits)
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        scale = _SCALE.get(scale_word or "", 1.0)
        if not pct and not scale_word and decimals == 0:
            if value <= 12:
                continue  # small counts: "6 mô hình", "bước 2", "thập phân vị 1"
            if 1900 <= value <= 2100 and "." not in raw:
                continue  # years
        start = max(0, m.start() - 35)
        context = " ".join(text[start : m.end() + 25].split())
        shown = " ".join(m.group(0).split())
        out.append(ProseNumber(shown, value * scale, 10.0**-decimals * scale, bool(pct), context))
    return out


_OUT_NUMBER = re.compile(r"[-−]?\d[\d.,_]*(?:e[+-]?\d+)?" + _SCALE_RE + r"(\s*%)?", re.IGNORECASE)


def output_text(cell: Cell) -> str:
    parts = []
    for o in cell.outputs:
        if o.get("output_type") == "stream":
            parts.append(o.get("text", ""))
        else:
            data = o.get("data", {})
            parts.append("".join(data.get("text/plain", "")))
            html = "".join(data.get("text/html", ""))
            parts.append(re.sub(r"<[^>]+>", " ", html))
            parts.append("".join(data.get("text/markdown", "")))
    return "\n".join(parts)


def _readings(token: str) -> set[float]:
    """Every value a printed number may mean (English and Vietnamese separators)."""
    t = token.replace("−", "-").replace("_", "").rstrip(".,")
    out = set()
    candidates = {t, t.replace(",", ""), t.replace(".", "").replace(",", "."), t.replace(",", ".")}
    for c in candidates:
        try:
            out.add(float(c))
        except ValueError:
            pass
    return out


def output_numbers(texts: list[str]) -> set[float]:
    out: set[float] = set()
    for text in texts:
        for m in _OUT_NUMBER.finditer(text):
            token = re.match(r"[-−]?\d[\d.,_]*(?:e[+-]?\d+)?", m.group(0), re.IGNORECASE).group(0)
            scale = _SCALE.get((m.group(1) or "").lower(), 1.0)
            for v in _readings(token):
                out.add(v * scale)
                if m.group(2):
                    out.add(v / 100 * scale)
    return out


def number_is_printed(n: ProseNumber, printed: set[float]) -> bool:
    """True if some printed value, written at the prose's precision, reads as the prose does."""
    tol = n.resolution / 2 * (1 + 1e-9) + 1e-12 * max(1.0, abs(n.value))
    factors = (1.0, 100.0) if n.percent else (1.0,)
    for x in printed:
        if not math.isfinite(x):
            continue
        for k in factors:
            if abs(abs(x) * k - n.value) <= tol:
                return True
    return False
