"""keras_spectral.numerics: each function equals numpy's and keeps float64 on
every backend (where Keras's own op would return float32), with gradients."""

import keras
import numpy as np
import pytest

from keras_spectral import numerics
from keras_spectral.testing import assert_close, backend_name, check_gradients, to_numpy

RNG = np.random.default_rng(0)
A, B = RNG.standard_normal((3, 4)), np.abs(RNG.standard_normal((3, 4))) + 0.5
CASES = {
    "add": ((A, B), np.add), "subtract": ((A, B), np.subtract),
    "multiply": ((A, B), np.multiply), "divide": ((A, B), np.divide),
    "negative": ((A,), np.negative), "matmul": ((A, B.T), np.matmul),
    "sqrt": ((B,), np.sqrt), "square": ((A,), np.square), "arctan2": ((A, B), np.arctan2),
    "cos": ((A,), np.cos), "sin": ((A,), np.sin), "exp": ((A,), np.exp),
    "absolute": ((A,), np.abs), "log": ((B,), np.log), "maximum": ((A, B), np.maximum),
    "relu": ((A,), lambda a: np.maximum(a, 0.0)),
}


def _t(a):
    return keras.ops.convert_to_tensor(a, "float64")


@pytest.mark.parametrize("name", sorted(CASES))
def test_keeps_float64(name):
    args, reference = CASES[name]
    out = getattr(numerics, name)(*(_t(a) for a in args))
    assert keras.backend.standardize_dtype(out.dtype) == "float64"
    assert_close(out, reference(*args), dtype="float64")


def test_structured_ops():
    a, b = _t(A), _t(B)
    for out, want in [
        (numerics.einsum("ij,kj->ik", a, b), np.einsum("ij,kj->ik", A, B)),
        (numerics.where(a > 0, a, b), np.where(A > 0, A, B)),
        (numerics.stack([a, b], axis=1), np.stack([A, B], axis=1)),
        (numerics.concatenate([a, b], axis=0), np.concatenate([A, B], axis=0)),
        (numerics.clip(a, -0.5, 0.5), np.clip(A, -0.5, 0.5)),
        (numerics.clip(a, 0.0), np.maximum(A, 0.0)),
    ]:
        assert keras.backend.standardize_dtype(out.dtype) == "float64"
        assert_close(out, want, dtype="float64")
    half = numerics.clip(keras.ops.convert_to_tensor(A, "float32"), -0.5, 0.5)
    assert keras.backend.standardize_dtype(half.dtype) == "float32"


def test_gradients():
    if backend_name() == "numpy":
        pytest.skip("no autodiff on the numpy backend")
    x = A + 0.05  # away from the kinks at 0 and +-0.5
    check_gradients(numerics.relu, [x])
    check_gradients(lambda t: numerics.clip(t, -0.5, 0.5), [x])
    check_gradients(lambda t, u: numerics.arctan2(t, u), [A, B])


def test_stack_and_concatenate_take_numpy_arrays_and_tensors():
    # torch's own cat/stack (used for speed) take tensors only
    a, b = A.astype("float32"), B.astype("float32")
    mixed = [a, keras.ops.convert_to_tensor(b)]
    assert_close(to_numpy(numerics.concatenate(mixed, axis=1)), np.concatenate([a, b], 1), 0)
    assert_close(to_numpy(numerics.stack([a, b])), np.stack([a, b]), 0)
