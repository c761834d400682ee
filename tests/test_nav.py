"""Previous | contents | next links at the end of every lesson (tools/make_nav.py, ``make nav``)."""

from __future__ import annotations

import importlib.util
import re
import shutil

import nbformat
import nbformat.v4 as v4
import pytest
from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CONTENTS = "00_welcome_and_data.ipynb"
LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")


def _tool():
    spec = importlib.util.spec_from_file_location("make_nav", ROOT / "tools" / "make_nav.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _lesson(folder, name, title, *, versions=True):
    cells = [
        v4.new_markdown_cell(
            f"# {title}\n\nText.", metadata={"slideshow": {"slide_type": "slide"}}
        ),
        v4.new_markdown_cell("## Đọc thêm", metadata={"slideshow": {"slide_type": "slide"}}),
    ]
    if versions:
        cells.append(
            v4.new_code_cell(
                'print("Phiên bản (versions):")', metadata={"slideshow": {"slide_type": "skip"}}
            )
        )
    nbformat.write(v4.new_notebook(cells=cells), folder / name)
    return folder / name


def _nav_cells(path):
    nb = nbformat.read(path, as_version=4)
    return nb, [i for i, c in enumerate(nb.cells) if "nav" in c.metadata.get("tags", [])]


def _links(cell):
    """(label, target) of the previous, contents and next links, by the words around them."""
    found = {}
    for part in cell.source.split(" | "):
        match = LINK.search(part)
        if match is None:
            continue
        kind = "previous" if "trước" in part else "next" if "sau" in part else "contents"
        found[kind] = match[2]
    return found


def _expected(paths, i):
    names = [p.name for p in paths]
    want = {"contents": CONTENTS}
    if i > 0:
        want["previous"] = names[i - 1]
    if i + 1 < len(names):
        want["next"] = names[i + 1]
    return want


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_lesson_links_to_previous_contents_and_next(path):
    # Fails until `make nav` has been run on the notebooks (the lead runs it after merging).
    nb, at = _nav_cells(path)
    assert len(at) == 1, f"{path.name}: {len(at)} link cells; run `make nav`"
    assert at[0] == len(nb.cells) - 2, (
        f"{path.name}: the links belong just before the versions cell"
    )
    links = _links(nb.cells[at[0]])
    assert links == _expected(NOTEBOOKS, NOTEBOOKS.index(path)), (
        f"{path.name}: stale links; run `make nav`"
    )
    for target in links.values():
        assert (ROOT / "notebooks" / target).is_file(), f"{path.name} links to a missing {target}"


def test_tool_writes_the_links_before_the_versions_cell(tmp_path):
    paths = [
        _lesson(tmp_path, "00_welcome_and_data.ipynb", "00 · Chào mừng: dữ liệu"),
        _lesson(tmp_path, "01_care.ipynb", "01 · Chăm sóc *khách hàng*"),
        _lesson(tmp_path, "02_spin.ipynb", "02 · SPIN", versions=False),
    ]
    (tmp_path / "scratch.ipynb").write_text("not a lesson", encoding="utf-8")  # ignored
    assert _tool().update(tmp_path) == paths
    for i, path in enumerate(paths):
        nb, at = _nav_cells(path)
        assert len(at) == 1
        # before the versions cell; at the end where there is none
        assert at[0] == (len(nb.cells) - 2 if i < 2 else len(nb.cells) - 1)
        assert _links(nb.cells[at[0]]) == _expected(paths, i)
        assert nb.cells[at[0]].metadata["slideshow"]["slide_type"] == "-"
    middle = nbformat.read(paths[1], as_version=4).cells[-2].source
    assert "[00 · Chào mừng](00_welcome_and_data.ipynb)" in middle  # short title, plain text
    assert "[02 · SPIN](02_spin.ipynb)" in middle
    first = nbformat.read(paths[0], as_version=4).cells[-2].source
    assert "trước" not in first and "[01 · Chăm sóc khách hàng](01_care.ipynb)" in first


def test_running_twice_changes_nothing(tmp_path):
    tool = _tool()
    for name in ("00_welcome_and_data.ipynb", "01_care.ipynb"):
        _lesson(tmp_path, name, f"{name[:2]} · Lesson")
    tool.update(tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    mtimes = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    assert tool.update(tmp_path) == []
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == mtimes  # not rewritten
    assert tool.main([str(tmp_path), "--check"]) == 0


def test_a_new_lesson_updates_its_neighbour_and_a_moved_cell_goes_back(tmp_path):
    tool = _tool()
    a = _lesson(tmp_path, "00_welcome_and_data.ipynb", "00 · Welcome")
    b = _lesson(tmp_path, "01_care.ipynb", "01 · Care")
    tool.update(tmp_path)
    nb = nbformat.read(b, as_version=4)
    nb.cells.insert(0, nb.cells.pop(-2))  # someone moved the link cell to the top
    nb.cells[0].metadata["custom"] = "kept"
    nbformat.write(nb, b)
    c = _lesson(tmp_path, "02_spin.ipynb", "02 · SPIN")
    assert tool.main([str(tmp_path), "--check"]) == 1
    assert tool.update(tmp_path) == [b, c]  # 00 is unchanged: its next is still 01
    nb, at = _nav_cells(b)
    assert at == [len(nb.cells) - 2] and nb.cells[at[0]].metadata["custom"] == "kept"
    assert _links(nb.cells[at[0]]) == _expected([a, b, c], 1)


def test_the_lesson_notebooks_as_a_copy(tmp_path):
    for path in NOTEBOOKS:
        shutil.copy(path, tmp_path / path.name)
    tool = _tool()
    tool.update(tmp_path)
    assert tool.update(tmp_path) == []
    for i, path in enumerate(sorted(tmp_path.glob("*.ipynb"))):
        original = nbformat.read(NOTEBOOKS[i], as_version=4)
        nb, at = _nav_cells(path)
        assert (
            len(nb.cells)
            == len([c for c in original.cells if "nav" not in c.metadata.get("tags", [])]) + 1
        )
        assert _links(nb.cells[at[0]]) == _expected(NOTEBOOKS, i)
        assert nb.cells[-1].source == original.cells[-1].source  # the versions cell stays last


def test_bad_folder_and_unreadable_notebook(tmp_path, capsys):
    tool = _tool()
    assert tool.main([str(tmp_path)]) == 2
    (tmp_path / "00_broken.ipynb").write_text("{oops", encoding="utf-8")
    assert tool.main([str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "no numbered notebooks" in err and "00_broken.ipynb is not a readable notebook" in err
    assert (tmp_path / "00_broken.ipynb").read_text(encoding="utf-8") == "{oops"
