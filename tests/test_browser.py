"""In a real browser: JupyterLab runs lesson 00 with Run All; an offline deck draws its diagram and formulas.

Headless Chromium through Playwright. Nothing is installed here: ``.ci/run`` installs Debian's
``chromium`` (``apt-get install chromium``) and the ``playwright`` Python package comes from the ``test``
extra. Playwright's own browser download is not used: Chromium is launched from ``/usr/bin/chromium``
(or ``$ECRM_LAB_CHROMIUM``). Without a browser every test here skips and says how to get one.
Deselect with ``-m "not browser"``. Screenshots go to ``$ECRM_LAB_SCREENSHOTS`` when it is set.
"""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import nbformat
import nbformat.v4 as v4
import pytest
from conftest import ROOT

pytestmark = pytest.mark.browser

LESSON = "00_welcome_and_data.ipynb"
ERROR_TEXT = re.compile(r"Traceback|Error\b|Exception\b")


def _chromium() -> str:
    for candidate in (
        os.environ.get("ECRM_LAB_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    pytest.skip(
        "no Chromium browser: install one with `apt-get install chromium` (Debian/Ubuntu) or set "
        "ECRM_LAB_CHROMIUM to a Chromium executable; .ci/run installs it"
    )


@pytest.fixture(scope="module")
def browser():
    executable = _chromium()
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="the playwright package is missing: pip install -e '.[test]'"
    )
    with sync_api.sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(
                executable_path=executable,
                args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            )
        except Exception as exc:  # noqa: BLE001 - any launch failure: skip with its reason
            pytest.skip(f"Chromium at {executable} does not start headless: {exc}")
        yield chromium
        chromium.close()


def _screenshot(page, name: str) -> None:
    folder = os.environ.get("ECRM_LAB_SCREENSHOTS")
    if folder:
        pathlib.Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(pathlib.Path(folder) / f"{name}.png"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def _jupyterlab(root: pathlib.Path, settings: pathlib.Path):
    """JupyterLab on a free loopback port serving ``root``; yields its base URL and token."""
    port, token = _free_port(), "ecrm-lab-browser-test"
    env = {
        **os.environ,
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(settings / "workspaces"),
        "JUPYTER_CONFIG_DIR": str(settings / "config"),  # no personal server settings (password…)
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = (root / "jupyterlab.log").open("wb")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=root)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 40
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    text = (root / "jupyterlab.log").read_text(errors="replace")[-2000:]
                    pytest.fail(f"JupyterLab did not start:\n{text}")
                time.sleep(0.5)
        yield url, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _lab_settings(folder: pathlib.Path) -> pathlib.Path:
    """A settings folder: every cell rendered (windowing off), the kernel started without asking,
    no news or update checks."""
    files = {
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
            "windowingMode": "none",
            "autoStartDefaultKernel": True,  # no "Select Kernel" dialog
        },
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
            "checkForUpdates": False,
            "fetchNews": "false",
        },
    }
    for name, value in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value), encoding="utf-8")
    return folder


def _saved_run(path: pathlib.Path, n_code: int, wait: float = 20.0):
    """The code cells of ``path`` once the file holds a run of every one of them, else None."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):  # the file may be read mid-write
            cells = nbformat.read(path, as_version=4).cells
            code = [c for c in cells if c.cell_type == "code"]
            if len(code) == n_code and all(c.execution_count for c in code):
                return code
        time.sleep(0.5)
    return None


def test_jupyterlab_runs_lesson_00_with_run_all(browser, tmp_path):
    work = tmp_path / "lab"
    work.mkdir()
    shutil.copy(ROOT / "notebooks" / LESSON, work / LESSON)  # the browser saves into the copy
    nb = nbformat.read(work / LESSON, as_version=4)
    for cell in nb.cells:  # start from a notebook without outputs, as a student does
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.write(nb, work / LESSON)
    n_code = sum(c.cell_type == "code" for c in nb.cells)
    settings = _lab_settings(tmp_path / "settings")
    with _jupyterlab(work, settings) as (url, token):
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.set_default_timeout(30_000)
        page.goto(f"{url}/lab/tree/{LESSON}?token={token}")
        page.wait_for_selector(".jp-Notebook .jp-Cell")
        idle = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator[data-status='idle']"
        page.wait_for_selector(idle, timeout=45_000)  # the kernel has started
        page.wait_for_selector(".jp-StatusBar-TextItem:has-text('| Idle')", timeout=45_000)
        for _attempt in range(3):  # a click while the kernel still connects can be lost: retry
            page.click(".lm-MenuBar-itemLabel:text-is('Run')")
            page.click(".lm-Menu-item[data-command='runmenu:run-all']")
            with contextlib.suppress(Exception):
                page.wait_for_selector(
                    ".jp-CodeCell .jp-InputPrompt:not(:text-is('[ ]:'))", timeout=8_000
                )
                break
        # every code cell gets its execution number, and the kernel is idle again
        prompts = (
            "[...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(p => p.textContent)"
        )
        deadline = time.monotonic() + 60
        while True:
            seen = page.evaluate(prompts)
            if len(seen) == n_code and all(re.fullmatch(r"\[\d+\]:", p.strip()) for p in seen):
                break
            if time.monotonic() > deadline:
                _screenshot(page, "jupyterlab_lesson00_timeout")
                pytest.fail(f"Run All did not finish in 60 s; prompts: {seen}")
            page.wait_for_timeout(500)
        page.wait_for_selector(idle)
        stderr = page.locator(
            ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
        )
        errors = [t for t in stderr.all_inner_texts() if ERROR_TEXT.search(t)]
        figures = page.locator(".jp-OutputArea-output img").count()
        _screenshot(page, "jupyterlab_lesson00")
        page.keyboard.press("Control+s")
        page.wait_for_selector(".lm-TabBar-tab.jp-mod-dirty", state="detached")
        saved = _saved_run(work / LESSON, n_code)
        page.close()
    assert not errors, f"error output in {LESSON}:\n" + "\n---\n".join(errors)
    assert figures >= 3  # the three charts of section 4 were drawn
    assert saved is not None, "the notebook JupyterLab saved holds no complete run"
    assert not [o for c in saved for o in c.outputs if o.output_type == "error"]


def _deck_notebook():
    """A lesson with a formula and a diagram, as a lecturer writes them in markdown."""
    return v4.new_notebook(
        cells=[
            v4.new_markdown_cell(
                "# 07 · Formula and diagram", metadata={"slideshow": {"slide_type": "slide"}}
            ),
            v4.new_markdown_cell(
                "## CLV\n\n$$\\mathrm{CLV} = \\sum_{t=1}^{T} \\frac{m\\, r^{t}}{(1+d)^{t}}$$\n\n"
                "with margin $m$ and retention $r$.",
                metadata={"slideshow": {"slide_type": "slide"}},
            ),
            v4.new_markdown_cell(
                "Stress the discount rate.",
                metadata={"tags": ["lecturer"], "slideshow": {"slide_type": "-"}},
            ),
            v4.new_markdown_cell(
                "## Journey\n\n```mermaid\nflowchart LR\n    A[khách tiềm năng] --> B[khách mới]\n```",
                metadata={"slideshow": {"slide_type": "slide"}},
            ),
        ]
    )


def _open_deck(browser, deck: pathlib.Path):
    """Open a deck with every request that is not a file:// one blocked; step through each slide."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.set_default_timeout(20_000)
    problems, blocked = [], []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("requestfailed", lambda r: problems.append(f"failed to load {r.url}"))

    def route(request_route):
        if request_route.request.url.startswith("file://"):
            request_route.continue_()
        else:
            blocked.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    page.goto(deck.as_uri())
    page.wait_for_function("window.Reveal && window.Reveal.isReady()")
    page.evaluate("Reveal.configure({transition: 'none'})")
    unfit, thumbnails = [], []
    for i in range(page.evaluate("Reveal.getTotalSlides()")):
        page.wait_for_timeout(150)
        state = page.evaluate(
            """() => { const s = Reveal.getCurrentSlide();
                       const small = Array.from(s.querySelectorAll('img'))
                         .filter(m => m.naturalHeight >= 250
                                      && m.getBoundingClientRect().height < 200).length;
                       return [s.scrollHeight, s.classList.contains('ecrm-scroll'), small]; }"""
        )
        if state[0] > 720 and not state[1]:
            unfit.append(i)
        if state[2]:
            thumbnails.append(i)
        page.evaluate("Reveal.next()")
    page.evaluate("Reveal.slide(0, 0)")
    page.thumbnails = thumbnails  # figures shrunk below 200 px: unreadable (browser review)
    return page, problems, blocked, unfit


def test_offline_deck_draws_its_diagram_and_formulas(browser, tmp_path):
    from ecrm_lab.build import build_slides

    src = tmp_path / "nb"
    src.mkdir()
    nbformat.write(_deck_notebook(), src / "07_formula.ipynb")
    shutil.copy(ROOT / "notebooks" / LESSON, src / LESSON)
    decks = build_slides(src, tmp_path / "slides")
    for deck in decks:
        page, problems, blocked, unfit = _open_deck(browser, deck)
        assert not blocked, f"{deck.name} asked the network for {blocked}"
        assert not problems, f"{deck.name} logged errors: {problems}"
        assert not unfit, f"{deck.name}: slides {unfit} are cut off below 720 px"
        assert not page.thumbnails, f"{deck.name}: slides {page.thumbnails} shrink figures < 200 px"
        diagrams = page.locator(".jp-Mermaid")
        assert diagrams.count() >= 1, f"{deck.name} has no diagram"
        for i in range(diagrams.count()):
            diagram = diagrams.nth(i)
            assert diagram.locator("svg").count() == 1, f"{deck.name}: diagram {i + 1} not drawn"
            text = diagram.inner_text()
            assert "erDiagram" not in text and "flowchart" not in text  # no raw source left
            assert "Syntax error" not in text
        if deck.name.startswith("07"):
            math = page.locator("mjx-container")
            assert math.count() == 3  # one display formula and two inline symbols
            assert "\\frac" not in page.locator(".slides").inner_text()  # no raw TeX left
            assert page.evaluate("document.querySelectorAll('aside.notes').length") == 1
            notes = page.evaluate("Reveal.getSlideNotes(Reveal.getSlide(1))")
            assert "Stress the discount rate." in notes  # the lecturer cell, as a speaker note
            page.evaluate("Reveal.slide(1, 0)")
            page.wait_for_timeout(300)
            _screenshot(page, "deck_formula")
            size = page.evaluate(
                "(() => { const r = document.querySelector('mjx-container[display]')"
                ".getBoundingClientRect(); return [r.width, r.height]; })()"
            )
            assert size[0] > 100 and size[1] > 30  # typeset, with its fonts, not a blank box
        else:
            index = page.evaluate(
                "Reveal.getIndices(document.querySelector('.jp-Mermaid').closest('section'))"
            )
            page.evaluate(f"Reveal.slide({index['h']}, {index.get('v') or 0})")
            page.wait_for_timeout(300)
            _screenshot(page, "deck_00_diagram")
            box = page.locator(".jp-Mermaid svg").bounding_box()
            assert box["width"] > 300 and box["height"] > 200
        page.close()


def test_figures_stay_readable_on_slides_that_would_overflow(browser, tmp_path):
    # browser review: fitting a tall slide shrank lesson 08's figures to 60–120 px thumbnails
    from ecrm_lab.build import build_slides

    src = tmp_path / "nb"
    src.mkdir()
    shutil.copy(ROOT / "notebooks" / "08_customer_lifetime_value.ipynb", src)
    (deck,) = build_slides(src, tmp_path / "slides")
    page, problems, blocked, unfit = _open_deck(browser, deck)
    assert not blocked and not problems and not unfit
    assert not page.thumbnails, f"slides {page.thumbnails} shrink figures below 200 px"
