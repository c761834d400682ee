"""Expected answers of the notebook exercises, computed from the data a notebook loads.

One module per notebook (``lesson00``, ``lesson01``, …); exercise ``NN.k`` of notebook ``NN`` is
``lessonNN.ex_NN_k(data)``. A notebook's check cell compares the student's variable with it::

    from ecrm_lab.answers import lesson00 as answers
    check(answer_00_1, answers.ex_00_1(data), name="00.1", hint="...")

Computing the expected answer from the data (instead of storing a number) keeps the checks right when a
lecturer or researcher runs the notebook on another simulated shop. The functions are the reference
solutions: a student who reads this package can see them, which is fine for practice exercises but means
the checks are feedback, not assessment.
"""

from __future__ import annotations

__all__ = [
    "lesson00",
    "lesson01",
    "lesson02",
    "lesson03",
    "lesson04",
    "lesson05",
    "lesson06",
    "lesson07",
    "lesson08",
]
