"""Half precision is computed in float32; integers are accepted."""

import keras
import numpy as np
import pytest
import scipy.fft as sfft

from keras_spectral import ops as kso
from keras_spectral.testing import assert_close, to_numpy


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
@pytest.mark.parametrize("name", ["rfft", "fft", "dct", "hilbert"])
def test_half_precision_is_upcast_to_float32(name, dtype):
    x = np.random.default_rng(0).standard_normal((3, 16)).astype("float32")
    xh = keras.ops.cast(x, dtype)
    out = getattr(kso, name)(xh)
    parts = out if isinstance(out, tuple) else (out,)
    for p in parts:
        assert keras.backend.standardize_dtype(p.dtype) == "float32"
    rounded = to_numpy(keras.ops.cast(xh, "float32")).astype("float64")
    assert_close(out, to_numpy(getattr(kso, name)(rounded)), 1e-6)


def test_complex_half_parts_are_upcast():
    x = keras.ops.cast(np.ones((4,)), "float16")
    out = kso.fft((x, x))
    assert out.dtype == "float32"


@pytest.mark.parametrize("dtype", ["int32", "int64", "bool"])
def test_integer_input_is_cast_to_floatx(dtype):
    x = np.arange(8).astype(dtype)
    out = kso.rfft(x)
    assert out.dtype == keras.config.floatx()
    assert_close(out, sfft.rfft(x.astype(np.float64)), 1e-5)
