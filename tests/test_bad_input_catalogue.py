"""The bad-input catalogue, property-based: every public op and every layer and
model, given wrong types, wrong values, wrong ranks, empty axes, NaN / Inf,
None and negative arguments, either works or raises a ValueError / TypeError
that names the argument: never a backend's internal error, a hang or a crash.

Each test counts the cases it tried and prints them (`pytest -s` shows them;
the matrix log keeps them)."""

import inspect

import hypothesis.strategies as st
import keras
import numpy as np
import pytest
from hypothesis import given, settings

from keras_spectral import ops as kso
from keras_spectral.testing import catalogue

BAD_VALUES = [None, -1, 0, 1, 3, 2.5, -0.5, float("nan"), float("inf"), "bad", True,
              (), (3, -1), [2, 2], (0,), np.array([1 + 2j, 3j])]
LAYERS = sorted(catalogue.CASES)
# what an error about a layer's input names (Keras's own input checks included)
INPUT_WORDS = ["inputs", "`x`", "Input", "input", "shape", "rank", "dtype", "complex",
               "must be real", "points", "samples", "axis"]
TRIED = {}  # {"op arguments": {"ok": n, "error": m}, ...}


def _count(kind, result):
    counts = TRIED.setdefault(kind, {})
    counts[result] = counts.get(result, 0) + 1


def _parameters(cls):
    skip = {"self", "kwargs", "name", "dtype"}
    return [p for p in inspect.signature(cls.__init__).parameters if p not in skip]


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


LAYER_ARGS = [(n, p) for n in LAYERS for p in _parameters(catalogue.CASES[n][0])]


@settings(max_examples=400)
@given(case=st.sampled_from(LAYER_ARGS), value=st.sampled_from(BAD_VALUES + [99]))
def test_layer_arguments(case, value):
    name, param = case

    layer = []
    # the layer's own name for the argument, or Keras's (initializers and
    # regularizers are Keras's to check)
    names = [param, f"`{param}`", "Could not interpret", "Invalid", "identifier"]
    result = _outcome(lambda: layer.append(catalogue.build(name, **{param: value})), names)
    if layer:  # a valid value may change what input fits: then `inputs` is named
        result = _outcome(lambda: layer[0](catalogue.example_input(name)),
                          names + INPUT_WORDS)
    _count("layer arguments", result)


def _bad_inputs(name):
    x = catalogue.example_input(name)
    first = x[0] if isinstance(x, tuple) else x
    return {
        "rank one": first[0, ..., 0].reshape(-1) if first.ndim > 2 else first[0],
        "a string": "audio",
        "an empty axis": np.zeros((2, 0) + first.shape[2:], "float32"),
        "a complex numpy array": first.astype(np.complex64),
        "NaN": np.full_like(first, np.nan),
        "integers": first.astype("int32"),
    }


INPUT_CASES = [(n, k) for n in LAYERS for k in _bad_inputs("FNO")]


@settings(max_examples=150)
@given(case=st.sampled_from(INPUT_CASES))
def test_layer_inputs(case):
    name, kind = case
    value = _bad_inputs(name)[kind]
    layer = catalogue.build(name)

    def call():
        out = layer(value)
        if kind == "NaN":  # documented: NaN propagates, it is not an error
            parts = out if isinstance(out, tuple) else (out,)
            assert any(np.isnan(keras.ops.convert_to_numpy(p)).any() for p in parts)

    _outcome(call, INPUT_WORDS)


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
    _count("op arguments", result)


@settings(max_examples=200)
@given(op=st.sampled_from(OPS), value=st.sampled_from(
    ["text", None, True, 3, np.zeros((2, 0), "float32"), [[1.0, "a"]], (np.ones(3),),
     (np.ones(3, "float32"), np.ones(4, "float32")), np.full((2, 4), np.inf, "float32")]))
def test_op_inputs(op, value):
    _outcome(lambda: getattr(kso, op)(value), ["`x`", "x", "points", "must be", "shape",
                                               "dtype", "Invalid"])


def test_report_counts(capsys):
    # runs last in this module: the argument cases tried and how they ended
    with capsys.disabled():
        print(f"\nbad-input catalogue: {TRIED}")
    assert all(sum(counts.values()) > 0 for counts in TRIED.values())
