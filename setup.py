"""Build hook: the wheel carries the frozen data sets from ``datasets/`` as ``ecrm_lab/_frozen/``.

Everything else about the package is declared in pyproject.toml.
"""

import pathlib
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = pathlib.Path(__file__).parent


class BuildPyWithData(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads datasets/ in place
        src = HERE / "datasets"
        dest = pathlib.Path(self.build_lib) / "ecrm_lab" / "_frozen"
        for folder in sorted(p for p in src.iterdir() if p.is_dir()):
            shutil.copytree(folder, dest / folder.name, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildPyWithData})
