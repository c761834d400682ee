"""Notebook conventions and the student edition (nbval itself checks that stored outputs are reproduced)."""

from __future__ import annotations

import importlib.util
import json
import re

import nbformat
import pytest
from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SECTIONS = ["Mục tiêu học tập", "## Bài tập", "## Câu hỏi thảo luận", "## Tóm tắt", "## Đọc thêm"]


def _tool():
    spec = importlib.util.spec_from_file_location(
        "make_student_edition", ROOT / "tools" / "make_student_edition.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _text(output) -> str:
    if output.get("output_type") == "stream":
        return output.get("text", "")
    return "".join(output.get("data", {}).get("text/plain", ""))


def test_there_are_notebooks():
    assert NOTEBOOKS, "no numbered notebooks found"
    assert NOTEBOOKS[0].name == "00_welcome_and_data.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_follows_the_skeleton(path):
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith(f"# {path.stem[:2]} ")
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for section in SECTIONS:
        assert section in text, f"{path.name}: missing section {section!r}"
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert all("slide_type" in c.metadata.get("slideshow", {}) for c in nb.cells), (
        "slide metadata on every cell"
    )
    last = nb.cells[-1]
    assert last.cell_type == "code" and "version" in last.source.lower()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_outputs_come_from_one_clean_run(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    outputs = [o for c in code for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert sum("image/png" in o.get("data", {}) for o in outputs) >= 3, (
        "plots where a reader would rather look"
    )
    assert not [o for o in outputs if o.get("name") == "stderr"], "warnings in stored outputs"
    blob = json.dumps([o for o in outputs if "image/png" not in o.get("data", {})])
    assert "/work/" not in blob and "/home/" not in blob, "absolute paths in outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_exercises_have_solutions_and_checks_that_pass(path):
    nb = nbformat.read(path, as_version=4)
    cells = nb.cells
    solutions = [i for i, c in enumerate(cells) if "solution" in c.metadata.get("tags", [])]
    assert len(solutions) >= 2, "at least two exercises"
    for i in solutions:
        after = next(c for c in cells[i + 1 :] if c.cell_type == "code")
        assert "check(" in after.source, f"cell after solution {i} has no check(...)"
        feedback = "".join(_text(o) for o in after.outputs)
        assert "✅" in feedback, (
            f"{path.name}: the lecturer edition's check {i} does not pass: {feedback!r}"
        )


# ------------------------------------------------------------------ student edition
@pytest.mark.parametrize(
    ("source", "stub"),
    [
        ("answer = 1 + 1", "answer = TODO"),
        ("# count Hà Nội\nn = (df.x == 1).sum()", "# count Hà Nội\n{note}\nn = TODO"),
        ("a, b = 1, 2\na = a + b", "a = TODO\nb = TODO"),
        ("total: int = 3", "total = TODO"),
    ],
)
def test_stub_keeps_comments_and_assigns_todo(source, stub):
    tool = _tool()
    expected = stub.replace("{note}", tool.STUB_NOTE)
    if "{note}" not in stub:
        expected = "\n".join([tool.STUB_NOTE, stub])
    assert tool.stub_for(source) == expected


def test_stub_needs_an_assignment():
    with pytest.raises(ValueError, match="assigns no variable"):
        _tool().stub_for("print(1)")


def test_student_edition_refuses_to_clobber(tmp_path):
    dest = tmp_path / "student"
    dest.mkdir()
    (dest / "mine.ipynb").write_text("{}", encoding="utf-8")
    assert _tool().main([str(ROOT / "notebooks"), str(dest)]) == 2
    assert (dest / "mine.ipynb").exists()


@pytest.mark.slow
def test_student_edition_runs_and_says_not_done(tmp_path):
    from nbclient import NotebookClient

    written = _tool().build(ROOT / "notebooks", tmp_path / "student")
    assert [p.name for p in written] == [p.name for p in NOTEBOOKS]
    for path in written:
        nb = nbformat.read(path, as_version=4)
        assert not any("solution" in c.metadata.get("tags", []) for c in nb.cells)
        NotebookClient(
            nb,
            timeout=600,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
        feedback = "".join(_text(o) for c in nb.cells if c.cell_type == "code" for o in c.outputs)
        assert "chưa làm" in feedback
        assert not re.search(r"✅ Chính xác! Bài tập", feedback)
