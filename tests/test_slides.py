"""Slide decks (ecrm_lab.build, tools/make_slides.py): offline decks that show results, not code."""

from __future__ import annotations

import importlib.util
import re

import nbformat
import nbformat.v4 as v4
import pytest
from conftest import ROOT

from ecrm_lab.build import SLIDE_HEIGHT, SLIDE_WIDTH, build_slides, prepare_deck


def _tool():
    spec = importlib.util.spec_from_file_location("make_slides", ROOT / "tools" / "make_slides.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _slide(kind):
    return {"slideshow": {"slide_type": kind}}


def _tiny_notebook():
    """A hand-built lesson: every rule of a deck appears once."""
    return v4.new_notebook(
        cells=[
            v4.new_markdown_cell("# 07 · Tiny lesson", metadata=_slide("slide")),
            v4.new_markdown_cell(
                "Plan: 10 minutes on the formula; stress LECTURER_ONLY_NOTE.",
                metadata={"tags": ["lecturer"], **_slide("-")},
            ),
            v4.new_code_cell(
                "hidden_source_marker = 41 + 1\nhidden_source_marker",
                metadata=_slide("-"),
                outputs=[
                    v4.new_output("execute_result", {"text/plain": "RESULT_42"}, execution_count=1),
                    v4.new_output("stream", name="stderr", text="FutureWarning: STDERR_NOISE"),
                ],
            ),
            v4.new_code_cell(
                "shown_source_marker = 1", metadata={"tags": ["show-code"], **_slide("-")}
            ),
            v4.new_code_cell("setup_without_output = 1", metadata=_slide("slide")),
            v4.new_markdown_cell(
                "## Formula\n\nCLV is $\\sum_t m\\,r^t/(1+d)^t$.\n\n"
                '```mermaid\nerDiagram\n    customers ||--o{ orders : "customer_id"\n```\n\n'
                "[next lesson](08_next.ipynb) · [web](https://example.org/page.ipynb)",
                metadata=_slide("-"),
            ),
            v4.new_markdown_cell("## Exercise", metadata=_slide("subslide")),
            v4.new_code_cell(
                "answer_07_1 = SOLUTION_MARKER", metadata={"tags": ["solution"], **_slide("-")}
            ),
            v4.new_code_cell(
                'check(answer_07_1, 3, name="07.1")',
                metadata=_slide("-"),
                outputs=[v4.new_output("stream", name="stdout", text="CHECK_FEEDBACK")],
            ),
            v4.new_code_cell(
                "print('versions')",
                metadata=_slide("skip"),
                outputs=[v4.new_output("stream", name="stdout", text="VERSIONS_OUTPUT")],
            ),
        ]
    )


@pytest.fixture(scope="module")
def tiny_deck(tmp_path_factory):
    src = tmp_path_factory.mktemp("nb")
    nbformat.write(_tiny_notebook(), src / "07_tiny.ipynb")
    dest = tmp_path_factory.mktemp("deck")
    (deck,) = build_slides(src, dest / "out")
    return deck, deck.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    dest = tmp_path_factory.mktemp("slides")
    return dest, build_slides(ROOT / "notebooks", dest)


def _loaded_resources(html):
    """What a browser fetches: script src, stylesheet links, images, CSS url(...) and imports."""
    found = re.findall(r'<script[^>]*\ssrc="([^"]+)"', html)
    found += re.findall(r'<link[^>]*\shref="([^"]+)"', html)
    found += re.findall(r'<img[^>]*\ssrc="([^"]+)"', html)
    found += re.findall(r"url\(\s*['\"]?([^'\")]+)", html)
    found += re.findall(r"@import\s+['\"]([^'\"]+)", html)
    found += re.findall(r"\bimport\b[^;'\"]*\bfrom\s+['\"]([^'\"]+)", html)
    found += re.findall(r'"((?:reveal\.js|lib)/[^"]+\.js)"', html)  # the require([...]) list
    return [url for url in found if not url.startswith(("data:", "#"))]


def test_prepare_deck_applies_each_rule_to_a_hand_built_notebook():
    nb = _tiny_notebook()
    deck = prepare_deck(nb)
    kinds = [(c.cell_type, c.metadata["slideshow"]["slide_type"]) for c in deck.cells]
    assert kinds == [
        ("markdown", "slide"),
        ("markdown", "notes"),  # lecturer → speaker note
        ("code", "-"),  # output kept, input hidden
        ("code", "-"),  # show-code
        ("markdown", "slide"),  # inherits the slide start of the removed setup cell
        ("markdown", "subslide"),
    ]
    hidden, shown = deck.cells[2], deck.cells[3]
    assert hidden.metadata["transient"] == {"remove_source": True}
    assert [o["output_type"] for o in hidden.outputs] == ["execute_result"]  # stderr dropped
    assert "transient" not in shown.metadata
    assert len(nb.cells) == 10 and "transient" not in nb.cells[2].metadata  # input untouched


def test_a_note_that_starts_a_slide_goes_with_that_slide():
    nb = v4.new_notebook(
        cells=[
            v4.new_markdown_cell("# Title", metadata=_slide("slide")),
            v4.new_markdown_cell("NOTE", metadata={"tags": ["lecturer"], **_slide("slide")}),
            v4.new_markdown_cell("## Section 2", metadata=_slide("-")),
            v4.new_markdown_cell(
                "LAST NOTE", metadata={"tags": ["lecturer"], **_slide("subslide")}
            ),
        ]
    )
    deck = prepare_deck(nb)
    assert [(c.source, c.metadata["slideshow"]["slide_type"]) for c in deck.cells] == [
        ("# Title", "slide"),
        ("## Section 2", "slide"),
        ("NOTE", "notes"),
        ("LAST NOTE", "notes"),  # nothing after it: stays at the end
    ]


def test_deck_shows_results_not_code_and_lecturer_cells_as_speaker_notes(tiny_deck):
    _, html = tiny_deck
    assert "RESULT_42" in html and "hidden_source_marker" not in html
    assert "shown_source_marker" in html  # tagged show-code
    notes = re.findall(r'<aside class="notes">(.*?)</aside>', html, flags=re.S)
    assert len(notes) == 1 and "LECTURER_ONLY_NOTE" in notes[0]
    for absent in ("STDERR_NOISE", "SOLUTION_MARKER", "CHECK_FEEDBACK", "VERSIONS_OUTPUT"):
        assert absent not in html, absent
    assert "setup_without_output" not in html
    slides = html[html.index('<div class="slides">') :]
    assert not re.search(r"In&nbsp;\[|Out\[|jp-InputPrompt", slides)  # no prompts on slides


def test_deck_has_the_slides_of_the_notebook(tiny_deck):
    _, html = tiny_deck
    body = html[html.index('<div class="slides">') :]
    # two top-level slides (title; formula) and a sub-slide (exercise): 2 + 3 <section> tags
    assert body.count("<section") == 5


def test_deck_is_laid_out_for_1280_by_720_and_typesets_with_mathjax_3(tiny_deck):
    _, html = tiny_deck
    assert f"var W = {SLIDE_WIDTH}, H = {SLIDE_HEIGHT};" in html
    assert "width: W," in html and "height: H," in html
    assert "window.MathJax = {" in html and "lib/mathjax/tex-chtml-full.js" in html
    assert "MathJax.Hub" not in html  # the MathJax 2 call that logged "MathJax is not defined"
    assert "$\\sum_t m\\,r^t/(1+d)^t$" in html  # left for MathJax to typeset


def test_mermaid_fence_becomes_a_diagram_block_with_mermaid_loaded_before_require(tiny_deck):
    _, html = tiny_deck
    assert re.search(r'<pre class="mermaid">\s*erDiagram', html)
    mermaid = html.index('src="lib/mermaid/mermaid.min.js"')
    assert mermaid < html.index('src="lib/require.js"')  # a UMD bundle after require.js breaks
    assert "startOnLoad: false" in html[mermaid : mermaid + 400]
    assert "import mermaid" not in html  # the ES-module import does not load from file://


def test_links_between_lessons_point_to_decks(tiny_deck):
    _, html = tiny_deck
    assert 'href="08_next.slides.html"' in html
    assert 'href="https://example.org/page.ipynb"' in html  # other links untouched


def test_every_resource_of_a_deck_is_a_local_file(tiny_deck):
    deck, html = tiny_deck
    resources = _loaded_resources(html)
    assert {"lib/mermaid/mermaid.min.js", "lib/mathjax/tex-chtml-full.js"} <= set(resources)
    for url in resources:
        assert not re.match(r"(https?:)?//", url), f"{deck.name} loads {url} from the network"
        assert (deck.parent / url).is_file(), f"{deck.name} refers to a missing {url}"
    fonts = deck.parent / "lib" / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2"
    assert len(list(fonts.glob("*.woff"))) >= 20  # MathJax's HTML output loads these by itself
    theme = (deck.parent / "reveal.js/dist/theme/white.css").read_text(encoding="utf-8")
    for url in _loaded_resources(theme):
        assert (deck.parent / "reveal.js/dist/theme" / url).is_file(), url


def test_one_deck_per_notebook(decks):
    _, written = decks
    stems = [p.name.removesuffix(".slides.html") for p in written]
    assert stems == [p.stem for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))]


def test_lesson_decks_load_nothing_from_a_cdn_and_hide_the_code(decks):
    dest, written = decks
    for deck in written:
        html = deck.read_text(encoding="utf-8")
        for url in _loaded_resources(html):
            assert not re.match(r"(https?:)?//", url), f"{deck.name} loads {url}"
            assert (dest / url).is_file(), f"{deck.name} refers to a missing {url}"
        assert not re.search(r"unpkg\.com|cdnjs|jsdelivr|require\.js/2|ajax/libs", html)
        nb = nbformat.read(ROOT / "notebooks" / deck.name.replace(".slides.html", ".ipynb"), 4)
        for cell in nb.cells:
            tags = cell.metadata.get("tags", [])
            if cell.cell_type == "code" and "show-code" not in tags and len(cell.source) > 40:
                assert cell.source not in html, f"{deck.name} shows the code of a cell"


def test_deck_00_has_its_diagram(decks):
    dest, _ = decks
    html = (dest / "00_welcome_and_data.slides.html").read_text(encoding="utf-8")
    assert re.search(r'<pre class="mermaid">\s*erDiagram', html)


def test_refuses_a_non_empty_folder_unless_forced(tmp_path):
    src = tmp_path / "nb"
    src.mkdir()
    nbformat.write(_tiny_notebook(), src / "07_tiny.ipynb")
    dest = tmp_path / "out"
    dest.mkdir()
    (dest / "keep.txt").write_text("lecturer's notes", encoding="utf-8")
    with pytest.raises(FileExistsError, match="already holds files.*force"):
        build_slides(src, dest)
    assert sorted(p.name for p in dest.iterdir()) == ["keep.txt"]  # nothing written
    (deck,) = build_slides(src, dest, force=True)
    assert deck.is_file() and (dest / "keep.txt").read_text(encoding="utf-8") == "lecturer's notes"
    assert deck.stat().st_mode & 0o044  # readable by others: decks are for sharing


def test_tool_cli_force_and_its_old_name_overwrite(tmp_path, capsys):
    tool = _tool()
    src = tmp_path / "nb"
    src.mkdir()
    nbformat.write(_tiny_notebook(), src / "07_tiny.ipynb")
    dest = tmp_path / "out"
    assert tool.main([str(src), str(dest)]) == 0
    assert tool.main([str(src), str(dest)]) == 2
    assert "already holds files" in capsys.readouterr().err
    assert tool.main([str(src), str(dest), "--force"]) == 0
    assert tool.main([str(src), str(dest), "--overwrite"]) == 0
    assert tool.main([str(tmp_path / "missing"), str(tmp_path / "x")]) == 2
    assert tool.main([str(dest), str(tmp_path / "y")]) == 2  # no notebooks there
    err = capsys.readouterr().err
    assert "neither a folder of notebooks" in err and "no numbered notebooks" in err


def test_bad_inputs_name_the_problem_and_the_fix(tmp_path, monkeypatch):
    src = tmp_path / "nb"
    src.mkdir()
    (src / "07_broken.ipynb").write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match=r"07_broken\.ipynb is not a readable notebook.*Fix"):
        build_slides(src, tmp_path / "out")
    assert not (tmp_path / "out").exists()  # read before anything is written
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    nbformat.write(_tiny_notebook(), src / "07_broken.ipynb")
    with pytest.raises(FileExistsError, match="is a file"):
        build_slides(src, tmp_path / "file.txt")
    monkeypatch.setenv("ECRM_LAB_SLIDES_VENDOR", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="slide assets are missing.*ECRM_LAB_SLIDES_VENDOR"):
        build_slides(src, tmp_path / "out2")
