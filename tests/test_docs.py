"""Shared parameter docs (ecrm_lab._docs) and the numpydoc check of the package."""

from __future__ import annotations

import pytest

from ecrm_lab import _docs
from ecrm_lab._docs import PARAMS, fill_doc


def test_a_slot_becomes_the_shared_text_at_the_slot_indentation():
    @fill_doc
    def f(x, lang=None):
        """Do something with {x} (not a slot: braces inside a line stay).

        Parameters
        ----------
        x : dict
            E.g. ``{"vi": 1}``.
        {lang}

        Returns
        -------
        None
        """

    doc = f.__doc__
    assert "{x}" in doc and '``{"vi": 1}``' in doc and "{lang}" not in doc
    lines = doc.splitlines()
    i = lines.index("        lang : str, optional")
    # continuation lines keep their extra indentation under the slot's
    assert lines[i + 1].startswith('            ``"vi"``')
    assert len(PARAMS["lang"].splitlines()) == 3
    assert lines[i + 3] == ""


def test_an_unknown_slot_is_an_error_naming_the_known_ones():
    with pytest.raises(KeyError, match=r"unknown docstring slot \{langauge\}.*as_of, ci_level"):

        @fill_doc
        def g():
            """Nothing.

            Parameters
            ----------
            {langauge}
            """


def test_the_shared_modules_pass_numpydoc():
    shared = ("ecrm_lab.i18n", "ecrm_lab.vocabulary", "ecrm_lab.plotting", "ecrm_lab.exercises")
    failures = _docs.validate_package(only=shared)
    assert failures == []


def test_the_numpydoc_check_reports_a_bad_docstring(monkeypatch):
    import ecrm_lab.vocabulary as vocabulary

    def undocumented(kind, extra):
        """return something"""

    monkeypatch.setattr(vocabulary, "undocumented", undocumented, raising=False)
    monkeypatch.setattr(undocumented, "__module__", "ecrm_lab.vocabulary")
    monkeypatch.setattr(vocabulary, "__all__", [*vocabulary.__all__, "undocumented"])
    name = "ecrm_lab.vocabulary.undocumented"
    codes = {c for n, c, _ in _docs.validate_package(only=(name,))}
    assert {"PR01", "SS02", "SS03"} <= codes  # parameters, capital letter, full stop
