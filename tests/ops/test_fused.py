"""The fused primitives the layers use: `_core.filter_r2r` (numpy's irfftn of
the product for any complex gain, padded and truncated lengths, symbolic
shapes, gradients for the signal and the gain) and `_core.fft_real`."""

import keras
import numpy as np
import pytest

from keras_spectral import Complex
from keras_spectral.ops import _core
from keras_spectral.testing import assert_close, backend_name, check_gradients

CASES = [  # x shape, axes, s, gain shape (broadcast over the batch)
    ((3, 10, 2), (1,), (10,), (1, 6, 2)),
    ((3, 9, 2), (1,), (16,), (1, 9, 2)),      # zero-padded (a linear convolution)
    ((2, 12, 2), (1,), (8,), (1, 5, 1)),      # truncated, gain broadcast over channels
    ((2, 6, 8, 3), (1, 2), (6, 8), (1, 6, 5, 3)),
    ((2, 3, 5, 7), (2, 3), (5, 7), (1, 3, 5, 4)),  # channels first, odd sizes
    ((1, 4, 6, 4, 2), (1, 2, 3), (4, 6, 4), (1, 4, 6, 3, 2)),
]


def reference(x, gain, axes, s):
    """numpy's irfftn of the product: any non-Hermitian DC/Nyquist planes are
    resolved as numpy resolves them."""
    return np.fft.irfftn(np.fft.rfftn(x, s=s, axes=axes) * gain, s=s, axes=axes)


@pytest.mark.parametrize("shape,axes,s,gain_shape", CASES)
def test_against_numpy(shape, axes, s, gain_shape):
    rng = np.random.default_rng(len(shape) + s[-1])
    x = rng.standard_normal(shape)
    gr, gi = rng.standard_normal(gain_shape), rng.standard_normal(gain_shape)
    expected = reference(x, gr + 1j * gi, axes, s)
    for dtype in ("float32", "float64"):
        gain = Complex(keras.ops.convert_to_tensor(gr, dtype),
                       keras.ops.convert_to_tensor(gi, dtype))
        got = _core.filter_r2r(keras.ops.convert_to_tensor(x, dtype), gain, axes, s)
        assert_close(got, expected, dtype=dtype)


def test_symbolic():
    x = keras.Input((None, 3))
    gain = Complex(keras.ops.ones((1, 9, 3)), keras.ops.zeros((1, 9, 3)))
    assert tuple(_core.filter_r2r(x, gain, (1,), (16,)).shape) == (None, 16, 3)


@pytest.mark.parametrize("shape,axes,s,gain_shape", [CASES[1], CASES[3]])
def test_gradients(shape, axes, s, gain_shape):
    if backend_name() == "numpy":
        pytest.skip("no autodiff on the numpy backend")
    # not seed 0: check_gradients projects with seed-0 weights, and w == x
    # would make the imaginary gain's (antisymmetric) part invisible
    rng = np.random.default_rng(7)
    x = rng.standard_normal((1,) + shape[1:])
    gr, gi = rng.standard_normal(gain_shape), rng.standard_normal(gain_shape)
    check_gradients(lambda x, gr, gi: _core.filter_r2r(x, Complex(gr, gi), axes, s),
                    [x, gr, gi])


@pytest.mark.parametrize("shape,axes", [((3, 8), (1,)), ((2, 6, 5), (1, 2)),
                                        ((2, 4, 3, 5), (1, 2, 3)), ((5, 4, 2), (0, 1))])
def test_fft_real(shape, axes):
    x = np.random.default_rng(3).standard_normal(shape)
    expected = np.fft.fftn(x, axes=axes).real
    for dtype in ("float32", "float64"):
        got = _core.fft_real(keras.ops.convert_to_tensor(x, dtype), axes)
        assert_close(got, expected, dtype=dtype)
    if 0 not in axes:  # the batch axis of a symbolic input is unknown
        symbolic = _core.fft_real(keras.Input(shape[1:]), axes)
        assert tuple(symbolic.shape) == (None,) + shape[1:]
    if backend_name() != "numpy":
        check_gradients(lambda t: _core.fft_real(t, axes), [x])
