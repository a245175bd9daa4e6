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


# Every op that takes a real signal: its outputs keep float32 and float64 (a NumPy
# float64 constant inside an op once turned a float32 result into float64 on
# TensorFlow, and with it every later layer and an exported LiteRT file).
REAL_IN = {
    "rfft": lambda x: kso.rfft(x), "irfft": lambda x: kso.irfft(kso.rfft(x)),
    "rfftn": lambda x: kso.rfftn(x), "irfftn": lambda x: kso.irfftn(kso.rfftn(x)),
    "fft": lambda x: kso.fft(x), "ihfft": lambda x: kso.ihfft(x),
    "dct": lambda x: kso.dct(x), "idct": lambda x: kso.idct(x),
    "dst": lambda x: kso.dst(x), "dctn": lambda x: kso.dctn(x),
    "hilbert": lambda x: kso.hilbert(x), "fftconvolve": lambda x: kso.fftconvolve(x, x),
    "power_to_db": lambda x: kso.power_to_db(keras.ops.abs(x)),
    "amplitude_to_db": lambda x: kso.amplitude_to_db(x),
    "stft": lambda x: kso.stft(x, 8, 2), "istft": lambda x: kso.istft(kso.stft(x, 8, 2), 8, 2),
    "frame": lambda x: kso.frame(x, 8, 2), "overlap_add": lambda x: kso.overlap_add(x, 2),
}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", sorted(REAL_IN))
def test_real_input_dtype_is_kept(name, dtype):
    x = keras.ops.convert_to_tensor(np.random.default_rng(0).standard_normal((3, 32)), dtype)
    out = REAL_IN[name](x)
    for p in out if isinstance(out, tuple) else (out,):
        assert keras.backend.standardize_dtype(p.dtype) == dtype, name
