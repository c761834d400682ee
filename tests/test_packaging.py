"""Install files agree with each other: pyproject ranges, environment.yml, constraints pins, README, CI."""

from __future__ import annotations

import re
import tomllib

import pytest
import yaml
from conftest import ROOT
from packaging.requirements import Requirement
from packaging.version import Version

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _requirements(*extras: str) -> list[Requirement]:
    reqs = [Requirement(r) for r in PYPROJECT["project"]["dependencies"]]
    for extra in extras:
        reqs += [Requirement(r) for r in PYPROJECT["project"]["optional-dependencies"][extra]]
    return reqs


def _pins() -> dict[str, Version]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.lower().replace("_", "-")] = Version(version)
    return pins


def test_environment_yml_mirrors_pyproject():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    deps = env["dependencies"]
    assert "python=3.11" in deps, "Binder needs an exact python=X.Y"
    assert "pip" in deps
    pip_section = next(d for d in deps if isinstance(d, dict))["pip"]
    assert "-e ." in pip_section
    conda = {}
    for d in deps:
        if isinstance(d, str) and not d.startswith(("python=", "pip")):
            req = Requirement(d.replace("=", "==", 1) if re.fullmatch(r"[\w-]+=[\d.]+", d) else d)
            conda[req.name.lower()] = req.specifier
    for req in _requirements("notebooks"):
        assert req.name.lower() in conda, (
            f"{req.name} is in pyproject.toml but not in environment.yml"
        )
        assert conda[req.name.lower()] == req.specifier, (
            f"{req.name}: {conda[req.name.lower()]} vs {req.specifier}"
        )
    assert len(conda) == len(_requirements("notebooks")), (
        "environment.yml lists packages pyproject.toml does not"
    )


def test_constraints_pin_every_direct_dependency_within_its_range():
    pins = _pins()
    for req in _requirements("notebooks", "test"):
        name = req.name.lower().replace("_", "-")
        assert name in pins, f"{req.name} has no exact pin in constraints.txt"
        assert pins[name] in req.specifier, f"{req.name}=={pins[name]} is outside {req.specifier}"


def test_matplotlib_stays_below_3_13_for_seaborn():
    (mpl,) = [r for r in _requirements() if r.name == "matplotlib"]
    assert Version("3.13") not in mpl.specifier


def test_readme_and_ci_use_the_same_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make lab" in readme and "make test" in readme
    assert "conda env create -f environment.yml" in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^test: ", makefile, re.M) and re.search(r"^lab: ", makefile, re.M)
    assert "-c constraints.txt" in makefile


ANALYSIS_MODULES = [
    "lifecycle", "acquisition", "spin", "clv", "_validate", "_stats", "tables", "evaluation",
]  # fmt: skip


@pytest.mark.parametrize("module", ANALYSIS_MODULES)
def test_analysis_modules_never_import_the_simulator(module):
    """The truth must not be computed by the code it checks (DESIGN: simulator principles)."""
    import ast

    path = ROOT / "ecrm_lab" / module
    files = sorted(path.glob("*.py")) if path.is_dir() else [path.with_suffix(".py")]
    assert files, module
    imported = []
    for tree in (ast.parse(f.read_text(encoding="utf-8")) for f in files):
        imported += _imports(tree)
    assert not [m for m in imported if "synth" in m], imported


def _imports(tree) -> list[str]:
    import ast

    imported = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            imported.append(("." * node.level) + (node.module or ""))
    return imported


@pytest.mark.parametrize("module", ["lifecycle", "acquisition", "spin"])
def test_topic_modules_import_without_heavy_libraries(module):
    """scikit-learn, scipy and matplotlib load inside the functions that need them."""
    import subprocess
    import sys

    code = (
        f"import sys, ecrm_lab.{module}; "
        "print(sorted(m for m in ('sklearn', 'matplotlib', 'scipy', 'seaborn') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
