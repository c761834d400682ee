"""Slide decks (tools/make_slides.py): every notebook becomes a deck that needs no network to show."""

from __future__ import annotations

import importlib.util
import re

import pytest
from conftest import ROOT


def _tool():
    spec = importlib.util.spec_from_file_location("make_slides", ROOT / "tools" / "make_slides.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    dest = tmp_path_factory.mktemp("slides")
    return dest, _tool().build(ROOT / "notebooks", dest)


def test_one_deck_per_notebook(decks):
    _, written = decks
    stems = [p.name.removesuffix(".slides.html") for p in written]
    assert stems == [p.stem for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))]


def test_decks_load_reveal_require_and_jquery_from_local_files(decks):
    dest, written = decks
    for deck in written:
        html = deck.read_text(encoding="utf-8")
        local = re.findall(r'(?:src|href)="((?:reveal\.js|lib)/[^"]+)"', html)
        local += re.findall(r'"(reveal\.js/[^"]+\.js)"', html)  # the require([...]) list
        assert {"reveal.js/dist/reveal.css", "lib/require.js", "lib/jquery.min.js"} <= set(local)
        assert "reveal.js/dist/reveal.js" in local and "reveal.js/plugin/notes/notes.js" in local
        for rel in local:
            assert (dest / rel).is_file(), f"{deck.name} refers to a missing {rel}"
        assert not re.search(r"unpkg\.com/reveal|require\.js/2|ajax/libs/jquery", html)


def test_slides_refuse_to_overwrite_without_the_flag(tmp_path):
    tool = _tool()
    (tmp_path / "keep.txt").write_text("lecturer's notes", encoding="utf-8")
    assert tool.main([str(ROOT / "notebooks"), str(tmp_path)]) == 2
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "lecturer's notes"
    assert tool.main([str(tmp_path), str(tmp_path / "out")]) == 2  # no notebooks there
