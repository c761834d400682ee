"""The student edition: no solutions, no lecturer cells, no answers module, the same feedback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import nbformat
import pytest
from conftest import ROOT

from ecrm_lab.exercises import Choice, Expected, check
from ecrm_lab.exercises.answer_key import KEY_FILE, load_key
from ecrm_lab.exercises.student_edition import StudentEditionError, build_student

SALT = "c0ffee" * 4

# A small lesson in the shape of the real ones: setup cell, a lecturer note, a solution cell and its
# check (with the precision the exercise states), a constant read from the answers module, and
# cells a student would write (they are not solutions, so they stay).
CELLS = [
    ("markdown", "# 00 · Bài thử\n\nMục tiêu học tập: …", []),
    (
        "code",
        "from ecrm_lab import load_vietshop\n"
        "from ecrm_lab.answers import lesson00 as answers\n"
        "from ecrm_lab.answers import lesson03 as answers3\n"
        "from ecrm_lab.exercises import TODO, check\n"
        "data = load_vietshop()",
        [],
    ),
    ("markdown", "Giảng viên: nhấn mạnh COD; đáp án 57,3 %.", ["lecturer"]),
    ("code", '# Share of orders paid by COD\nanswer_00_2 = (data.orders["payment_method"] == "cod").mean()', ["solution"]),
    (
        "code",
        'check(answer_00_2, answers.ex_00_2(data), name="00.2", decimals=3, unit="share",\n'
        '      mistakes={0.5: "Bạn đã đếm cả đơn bị hủy."},\n'
        '      hints=["Tỷ lệ của một cột đúng/sai là trung bình của nó.", "Xem cột payment_method."])',
        [],
    ),
    ("code", "ids = list(answers3.EX_03_1_IDS)\nprint(len(ids))", []),
    ("code", 'mine = (data.orders["payment_method"] == "cod").mean()\nprint(f"{mine:.3f}")', []),
]  # fmt: skip


def _notebook(cells=CELLS):
    nb = nbformat.v4.new_notebook()
    for kind, source, tags in cells:
        make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        cell = make(source)
        cell.metadata["tags"] = list(tags)
        if kind == "code":
            cell.outputs = [nbformat.v4.new_output("stream", text="old output\n")]
        nb.cells.append(cell)
    return nb


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    src = tmp_path_factory.mktemp("lessons")
    nbformat.write(_notebook(), src / "00_trial.ipynb")
    dest = tmp_path_factory.mktemp("student") / "out"
    written = build_student(src, dest, salt=SALT)
    return src, dest, written


def _sources(path):
    nb = nbformat.read(path, as_version=4)
    return nb, [c.source for c in nb.cells]


def test_the_student_edition_holds_no_answers_and_no_lecturer_cells(built):
    _, dest, written = built
    assert [p.name for p in written] == ["00_trial.ipynb"]
    nb, sources = _sources(written[0])
    text = "\n".join(sources)
    assert "ecrm_lab.answers" not in text and "answers." not in text
    assert "Giảng viên" not in text  # the lecturer cell is gone
    assert "mistakes=" not in text and "đơn bị hủy" not in text  # sealed in the key instead
    assert "(data.orders" not in sources[2]  # the solution is a stub ...
    assert "answer_00_2 = TODO" in sources[2]  # ... that assigns TODO
    assert "check(answer_00_2, answer_key['00.2'], name=\"00.2\"" in text
    assert "from ecrm_lab.exercises.answer_key import load_key\nanswer_key = load_key()" in text
    assert "ids = list(('q0254', 'q0140'," in text  # the constant is inlined
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    key = json.loads((dest / KEY_FILE).read_text(encoding="utf-8"))
    assert sorted(key["exercises"]) == ["00.2"]
    assert "0.573" not in json.dumps(key)


def test_the_key_judges_like_the_answers_module(built):
    from ecrm_lab import load_vietshop
    from ecrm_lab.answers import lesson00

    key = load_key(built[1] / KEY_FILE)
    true = lesson00.ex_00_2(load_vietshop())
    for answer in (true, round(true, 3), true * 100, 0.5, 0.7, "0.573"):
        plain = check(answer, true, name="00.2", decimals=3, unit="share", mistakes={0.5: "x"})
        assert bool(plain) == bool(check(answer, key["00.2"], name="00.2"))


_BLOCKER = textwrap.dedent(
    """
    import sys

    class _NoAnswers:
        def find_spec(self, name, path=None, target=None):
            if name == "ecrm_lab.answers" or name.startswith("ecrm_lab.answers."):
                raise ModuleNotFoundError(f"No module named {name!r} (not in the student edition)")
            return None

    sys.meta_path.insert(0, _NoAnswers())
    """
)

_RUNNER = textwrap.dedent(
    """
    import os
    import sys
    import nbformat
    from nbclient import NotebookClient

    path = sys.argv[1]
    nb = nbformat.read(path, as_version=4)
    for source in sys.argv[2:]:
        nb.cells.append(nbformat.v4.new_code_cell(source))
    folder = os.path.dirname(os.path.abspath(path))
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": folder}}).execute()
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            print(out.get("text", "") or "".join(out.get("data", {}).get("text/plain", "")))
    """
)  # fmt: skip

TIERS = ["Tỷ lệ của một cột đúng/sai là trung bình của nó.", "Xem cột payment_method."]
PROBE = (
    "try:\n    import ecrm_lab.answers\nexcept ModuleNotFoundError:\n"
    "    print('ANSWERS BLOCKED')\nelse:\n    print('ANSWERS IMPORTED')"
)


def _run_blocked(notebook, *extra_cells, tmp_path):
    """Run a notebook in a fresh process and kernel in which ``ecrm_lab.answers`` cannot import."""
    blocker = tmp_path / "blocker"
    blocker.mkdir(exist_ok=True)
    (blocker / "sitecustomize.py").write_text(_BLOCKER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(blocker), str(ROOT)])}
    env["MPLBACKEND"] = "Agg"
    result = subprocess.run(
        [sys.executable, "-c", _RUNNER, str(notebook), *extra_cells],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.mark.slow  # starts a kernel in a fresh process (about 15 s)
def test_the_student_edition_runs_without_the_answers_module(built, tmp_path):
    _, _, written = built
    out = _run_blocked(
        written[0],
        PROBE,
        'check(round(mine, 3), answer_key["00.2"], name="00.2")',
        f'check(mine * 100, answer_key["00.2"], name="00.2", hints={TIERS!r})',
        f'check(0.5, answer_key["00.2"], name="00.2", hints={TIERS!r})',
        tmp_path=tmp_path,
    )
    assert "ANSWERS BLOCKED" in out  # the kernel really cannot import the answers
    assert "⏳ Bài tập 00.2: chưa làm" in out  # the stub's TODO
    assert (
        "Gợi ý" not in out.split("⏳ Bài tập 00.2: chưa làm")[1].split("\n")[1]
    )  # no hint on TODO
    assert "✅ Chính xác! Bài tập 00.2" in out  # the value at the stated precision
    assert "dưới dạng phần trăm" in out  # the slip, recognised from the hashed key
    assert "Bạn đã đếm cả đơn bị hủy." in out  # the sealed known-mistake message
    assert "💡 Gợi ý 1/2" in out and "💡 Gợi ý 2/2" in out  # one tier per wrong attempt


def test_a_non_empty_folder_is_refused_unless_forced(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    nbformat.write(_notebook(CELLS[:2] + CELLS[3:5]), src / "00_trial.ipynb")
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "mine.ipynb").write_text("{}", encoding="utf-8")
    with pytest.raises(FileExistsError, match="--force"):
        build_student(src, dest)
    assert (dest / "mine.ipynb").exists()
    build_student(src, dest, force=True, salt=SALT)
    assert sorted(p.name for p in dest.iterdir()) == ["00_trial.ipynb", KEY_FILE]


def test_the_cli_takes_force_and_overwrite(tmp_path, capsys):
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_student_edition", ROOT / "tools" / "make_student_edition.py"
    )
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    src = tmp_path / "src"
    src.mkdir()
    nbformat.write(_notebook(CELLS[:2] + CELLS[3:5]), src / "00_trial.ipynb")
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "old.txt").write_text("x", encoding="utf-8")
    assert tool.main([str(src), str(dest)]) == 2
    assert "--force" in capsys.readouterr().err
    assert tool.main([str(src), str(dest), "--overwrite"]) == 0
    assert tool.main([str(src), str(dest), "--force"]) == 0
    assert not (dest / "old.txt").exists()


def test_building_into_the_source_folder_is_refused(tmp_path):
    nbformat.write(_notebook(CELLS[:2]), tmp_path / "00_trial.ipynb")
    with pytest.raises(StudentEditionError, match="source folder"):
        build_student(tmp_path, tmp_path, force=True)
    with pytest.raises(StudentEditionError, match="source folder"):
        build_student(tmp_path / "00_trial.ipynb", tmp_path.parent, force=True)
    assert (tmp_path / "00_trial.ipynb").exists()


def test_a_failed_build_leaves_the_output_folder_alone(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    bad = CELLS[:2] + [("code", 'check(x, answers.ex_00_2(orders), name="00.2")', [])]
    nbformat.write(_notebook(bad), src / "00_trial.ipynb")
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "keep.txt").write_text("x", encoding="utf-8")
    with pytest.raises(StudentEditionError, match=r"00_trial.ipynb, cell 2, exercise 00.2.*orders"):
        build_student(src, dest, force=True)
    assert (dest / "keep.txt").exists()


def test_an_answers_function_outside_check_is_refused(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    bad = CELLS[:2] + [("code", "print(answers.ex_00_2(data))", [])]
    nbformat.write(_notebook(bad), src / "00_trial.ipynb")
    with pytest.raises(StudentEditionError, match="outside a check"):
        build_student(src, tmp_path / "dest")


def test_inline_choices_and_literals_are_hashed_too(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    cells = [
        ("code", "from ecrm_lab.exercises import Choice, TODO, check", []),
        ("code", "answer_1 = TODO", []),
        (
            "code",
            'check(answer_1, Choice("B", why={"A": "Tương quan không phải nhân quả.", '
            '"C": "Sai kênh."}), name="9.1")',
            [],
        ),
        ("code", 'check(answer_1, 42, name="9.2", unit="count")', []),
        ("markdown", "Đáp án: B, vì biểu đồ cho thấy …", ["solution"]),
    ]
    nbformat.write(_notebook(cells), src / "09_trial.ipynb")
    (path,) = build_student(src, tmp_path / "dest", salt=SALT)
    text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
    for secret in ('"B"', "nhân quả", "Sai kênh", "42", "Đáp án"):
        assert secret not in text, secret
    assert text.startswith(
        "from ecrm_lab.exercises.answer_key import load_key\nanswer_key = load_key()"
    )
    key = load_key(tmp_path / "dest" / KEY_FILE)
    assert bool(check("b", key["9.1"], name="9.1")) and bool(check(42, key["9.2"], name="9.2"))


@pytest.mark.slow
def test_the_course_notebooks_build_and_their_keys_accept_the_answers(tmp_path):
    """Every check of notebooks 00-03 goes into the key, and the key accepts the right answer."""
    import importlib
    import warnings

    from ecrm_lab import load_vietshop

    with warnings.catch_warnings():  # every exercise states its precision: no fallback warning
        warnings.filterwarnings("error", message=".*states no precision")
        written = build_student(ROOT / "notebooks", tmp_path / "student", salt=SALT)
    assert len(written) == len(list((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")))
    for path in written:
        nb = nbformat.read(path, as_version=4)
        text = "\n".join(c.source for c in nb.cells)
        assert "ecrm_lab.answers" not in text
        assert not any("lecturer" in c.metadata.get("tags", []) for c in nb.cells)
        assert not any("solution" in c.metadata.get("tags", []) for c in nb.cells)
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    key = load_key(tmp_path / "student" / KEY_FILE)
    data = load_vietshop()
    assert len(key) >= 12
    for name in key:
        lesson = importlib.import_module(f"ecrm_lab.answers.lesson{name.split('.')[0]}")
        right = getattr(lesson, f"ex_{name.replace('.', '_')}")(data)
        right = right.correct if isinstance(right, Choice) else right  # the option to pick
        right = right.value if isinstance(right, Expected) else right  # e.g. with mistakes
        assert bool(check(right, key[name], name=name)), name
