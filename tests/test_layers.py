"""The package's layers hold (CONTRIBUTING.md, "Layers").

``lint-imports`` (run by ``make test``) checks the import-linter contracts of ``pyproject.toml``.
import-linter sees ``import`` statements only; this file adds what it cannot see — imports through
:mod:`importlib` or ``__import__`` — and checks that the contracts cover every module and do
catch a violation.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "ecrm_lab"
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "importlinter"
]["contracts"]

#: Analysis modules (a module file or a subpackage; the new ones once they exist).
ANALYSIS = (
    "acquisition", "lifecycle", "spin", "clv", "retention", "experiments", "service_quality",
    "rfm", "expansion", "evaluation", "tables",
)  # fmt: skip
#: What analysis modules must never import, directly or through importlib.
FORBIDDEN_FOR_ANALYSIS = (
    "ecrm_lab.synth",
    "ecrm_lab.answers",
    "ecrm_lab.exercises",
    "ecrm_lab.cli",
    "ecrm_lab.build",
)
#: Modules deliberately outside every contract: the package root (lazy re-exports only) and the
#: data-package writer (used by tools/).
OUTSIDE_CONTRACTS = {"ecrm_lab", "ecrm_lab.datapackage"}


# ------------------------------------------------------------------------ the import finder
def _resolve(module: str, is_package: bool, level: int, name: str | None) -> str:
    """Absolute name of ``from <level dots><name> import …`` written in ``module``."""
    if level == 0:
        return name or ""
    parts = module.split(".")
    base = parts if is_package else parts[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, name] if name else base)


def imported_modules(source: str, module: str, is_package: bool = False) -> set[str]:
    """Every module that ``source`` (the text of ``module``) may import, as absolute names.

    Covers ``import a.b``, ``from a import b`` (``a.b`` and ``a`` both count, since ``b`` may be a
    module), relative imports at any level and calls of ``importlib.import_module`` and
    ``__import__`` with a literal name (a relative one resolved against ``package=``). A call
    whose module name is not a literal cannot be checked and is reported as ``"<dynamic>"``.
    """
    out: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, is_package, node.level, node.module)
            out.add(base)
            out |= {f"{base}.{a.name}" for a in node.names if a.name != "*"}
        elif isinstance(node, ast.Call):
            func = node.func
            fname = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if fname not in ("import_module", "__import__") or not node.args:
                continue
            arg = node.args[0]
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                out.add("<dynamic>")
                continue
            name = arg.value
            if name.startswith("."):
                pkg = next((k.value for k in node.keywords if k.arg == "package"), None)
                if pkg is None and len(node.args) > 1:
                    pkg = node.args[1]
                pkg = pkg.value if isinstance(pkg, ast.Constant) else pkg
                if not isinstance(pkg, str):
                    out.add("<dynamic>")
                    continue
                level = len(name) - len(name.lstrip("."))
                name = _resolve(pkg, True, level, name.lstrip(".") or None)
            out.add(name)
    return out


def _breaks(imported: set[str], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        m
        for m in imported
        if m == "<dynamic>" or any(m == f or m.startswith(f + ".") for f in forbidden)
    )


@pytest.mark.parametrize(
    ("source", "module", "is_package"),
    [
        ("from . import synth", "ecrm_lab.clv", False),
        ("from .synth import simulate", "ecrm_lab.clv", False),
        ("from .synth.core import simulate", "ecrm_lab.clv", False),
        ("from .. import synth", "ecrm_lab.acquisition.funnel", False),
        ("from ..synth import config", "ecrm_lab.acquisition.funnel", False),
        ("from .. import synth", "ecrm_lab.acquisition", True),  # in acquisition/__init__.py
        ("import ecrm_lab.synth", "ecrm_lab.clv", False),
        ("import ecrm_lab.synth.core as core", "ecrm_lab.clv", False),
        ("from ecrm_lab import synth", "ecrm_lab.clv", False),
        ("from ecrm_lab import answers", "ecrm_lab.clv", False),
        ("import importlib\nm = importlib.import_module('ecrm_lab.synth')", "ecrm_lab.clv", False),
        (
            "from importlib import import_module\nimport_module('ecrm_lab.cli')",
            "ecrm_lab.clv",
            False,
        ),
        (
            "import importlib\nimportlib.import_module('.synth', package='ecrm_lab')",
            "ecrm_lab.clv",
            False,
        ),
        (
            "import importlib\nimportlib.import_module('..synth', 'ecrm_lab.spin')",
            "ecrm_lab.spin.x",
            False,
        ),
        ("m = __import__('ecrm_lab.exercises')", "ecrm_lab.clv", False),
        (
            "import importlib\nname = 'ecrm_lab.' + 'synth'\nimportlib.import_module(name)",
            "ecrm_lab.clv",
            False,
        ),
        (
            "def f():\n    from . import synth\n    return synth",
            "ecrm_lab.clv",
            False,
        ),  # lazy import
    ],
)
def test_the_finder_catches_every_way_to_import_the_simulator(source, module, is_package):
    assert _breaks(imported_modules(source, module, is_package), FORBIDDEN_FOR_ANALYSIS)


@pytest.mark.parametrize(
    "source",
    [
        "from . import _validate\nfrom .i18n import label",
        "from . import synthesis_notes",  # a name that merely starts like "synth"
        "from .tables import prepare_orders",
        "import importlib\nimportlib.import_module('sklearn.linear_model')",
        "from importlib import resources",
    ],
)
def test_the_finder_lets_allowed_imports_through(source):
    assert _breaks(imported_modules(source, "ecrm_lab.clv"), FORBIDDEN_FOR_ANALYSIS) == []


def _analysis_files() -> list[tuple[Path, str, bool]]:
    files = []
    for name in ANALYSIS:
        single, package = PACKAGE / f"{name}.py", PACKAGE / name
        if single.exists():
            files.append((single, f"ecrm_lab.{name}", False))
        for path in sorted(package.rglob("*.py")) if package.is_dir() else []:
            rel = path.relative_to(PACKAGE.parent).with_suffix("")
            is_init = path.name == "__init__.py"
            dotted = ".".join(rel.parent.parts if is_init else rel.parts)
            files.append((path, dotted, is_init))
    return files


@pytest.mark.parametrize(
    ("path", "module", "is_package"), _analysis_files(), ids=lambda v: getattr(v, "name", None)
)
def test_analysis_modules_never_import_the_simulator(path, module, is_package):
    """The truth must not be computed by the code it checks (DESIGN: simulator principles)."""
    imported = imported_modules(path.read_text(encoding="utf-8"), module, is_package)
    assert _breaks(imported, FORBIDDEN_FOR_ANALYSIS) == []


def test_every_analysis_module_was_found():
    found = {m.split(".")[1] for _, m, _ in _analysis_files()}
    assert {"acquisition", "lifecycle", "spin", "clv"} <= found


# ---------------------------------------------------------------------------------- the contracts
def _top_level_modules() -> set[str]:
    names = {f"ecrm_lab.{p.stem}" for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    names |= {f"ecrm_lab.{p.name}" for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    return names | {"ecrm_lab"}


def test_every_module_is_in_a_layer():
    listed = set(OUTSIDE_CONTRACTS)
    for contract in CONTRACTS:
        for key in ("source_modules", "forbidden_modules", "modules"):
            listed |= set(contract.get(key, ()))
    missing = sorted(_top_level_modules() - listed)
    assert missing == [], (
        f"{missing} are in no import-linter contract: add each to its layer's contracts in "
        "pyproject.toml [tool.importlinter] (see CONTRIBUTING.md, Layers)"
    )


def test_analysis_contract_matches_this_file():
    (contract,) = [c for c in CONTRACTS if c["name"].startswith("Analysis modules never import")]
    assert set(contract["forbidden_modules"]) == set(FORBIDDEN_FOR_ANALYSIS)
    existing = {m for m in _top_level_modules() if m.split(".")[-1] in ANALYSIS}
    assert existing <= set(contract["source_modules"])


@pytest.fixture(scope="module")
def lint_imports():
    exe = Path(sys.executable).with_name("lint-imports")
    if not exe.exists():  # pragma: no cover - import-linter is a test dependency
        pytest.skip("import-linter is not installed")

    def run(root: Path) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(exe), "--config", str(root / "pyproject.toml"), "--no-cache"],
            cwd=root,
            capture_output=True,
            text=True,
        )

    return run


def test_lint_imports_catches_a_layer_violation(tmp_path, lint_imports):
    """Copy the package's code, break two layers, and check import-linter reports both."""
    shutil.copytree(
        PACKAGE, tmp_path / "ecrm_lab", ignore=shutil.ignore_patterns("data", "__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    clean = lint_imports(tmp_path)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    with open(tmp_path / "ecrm_lab" / "clv" / "__init__.py", "a", encoding="utf-8") as fh:
        fh.write("\n\ndef _sneaky():\n    from .. import synth\n\n    return synth\n")
    with open(tmp_path / "ecrm_lab" / "synth" / "calendar.py", "a", encoding="utf-8") as fh:
        fh.write("\nfrom ..lifecycle import STAGES  # noqa\n")
    broken = lint_imports(tmp_path)
    assert broken.returncode != 0
    out = " ".join(broken.stdout.split())
    assert "The simulator never imports the analysis" in out and "BROKEN" in out
    assert "ecrm_lab.clv -> ecrm_lab.synth" in out
    assert "ecrm_lab.synth.calendar -> ecrm_lab.lifecycle" in out
