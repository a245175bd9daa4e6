"""The bad-input catalogue, property-based: every public transform op, given
wrong types, wrong values, wrong ranks, empty axes, NaN / Inf, None and
negative arguments, either works or raises a ValueError / TypeError that
names the argument: never a backend's internal error, a hang or a crash.

Each test counts the cases it tried and prints them (`pytest -s` shows them;
the matrix log keeps them)."""

import inspect

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

from keras_spectral import ops as kso

BAD_VALUES = [None, -1, 0, 1, 3, 2.5, -0.5, float("nan"), float("inf"), "bad", True,
              (), (3, -1), [2, 2], (0,), np.array([1 + 2j, 3j])]
TRIED = {}


def _outcome(fn, names):
    """Runs `fn`: fine, or a ValueError / TypeError naming one of `names`."""
    try:
        fn()
    except (ValueError, TypeError) as e:
        message = str(e)
        assert any(n in message for n in names), f"{type(e).__name__} names none of " \
            f"{names}: {message}"
        return "error"
    return "ok"


OPS = ["fft", "ifft", "rfft", "irfft", "hfft", "ihfft", "fft2", "ifft2", "rfft2", "irfft2",
       "fftn", "ifftn", "rfftn", "irfftn", "hfftn", "ihfftn", "dct", "idct", "dst", "idst",
       "dctn", "idctn", "dstn", "idstn", "hilbert", "fftshift", "ifftshift"]
OP_ARGS = [(op, p) for op in OPS for p in inspect.signature(getattr(kso, op)).parameters
           if p != "x"]


@settings(max_examples=400)
@given(case=st.sampled_from(OP_ARGS), value=st.sampled_from(BAD_VALUES + [-9, 99]))
def test_op_arguments(case, value):
    op, param = case
    x = np.random.default_rng(0).standard_normal((3, 4, 6)).astype("float32")
    names = [param, f"`{param}`"] + (["`s`", "`axes`"] if param in ("s", "axes") else [])
    result = _outcome(lambda: getattr(kso, op)(x, **{param: value}), names)
    TRIED[result] = TRIED.get(result, 0) + 1


@settings(max_examples=200)
@given(op=st.sampled_from(OPS), value=st.sampled_from(
    ["text", None, True, 3, np.zeros((2, 0), "float32"), [[1.0, "a"]], (np.ones(3),),
     (np.ones(3, "float32"), np.ones(4, "float32")), np.full((2, 4), np.inf, "float32")]))
def test_op_inputs(op, value):
    _outcome(lambda: getattr(kso, op)(value), ["`x`", "x", "points", "must be", "shape",
                                               "dtype", "Invalid"])


def test_report_counts(capsys):
    # runs last in this module: the op-argument cases tried and how they ended
    with capsys.disabled():
        print(f"\nbad-input catalogue, op arguments: {TRIED}")
    assert sum(TRIED.values()) > 0
