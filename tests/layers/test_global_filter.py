"""GlobalFilter1D/2D: the harness, GFNet's definition, resampling, bad input."""

import keras
import numpy as np
import pytest

from keras_spectral.layers import GlobalFilter1D, GlobalFilter2D
from keras_spectral.layers.global_filter import interpolation_matrix
from keras_spectral.testing import assert_close, run_layer_test, to_numpy
from keras_spectral.testing.references.mixers import global_filter as paper_reference

CLASSES = {1: GlobalFilter1D, 2: GlobalFilter2D}


def reference_fn(size=None, channels_first=False):
    return lambda x, weights: paper_reference(x, weights[0], size, channels_first)


@pytest.mark.parametrize("rank,shape", [(1, (3, 10, 3)), (1, (2, 9, 2)), (2, (2, 6, 5, 2))])
def test_harness(rank, shape):
    x = np.random.default_rng(0).standard_normal(shape).astype("float32")
    run_layer_test(
        CLASSES[rank], {}, x, expected_output_shape=shape,
        reference_fn=reference_fn(),
        expected_num_trainable_weights=1,
        gradient_input=x[:1],
        jit_compile_modes=(False, True) if rank == 2 else (False,),
        run_mixed_precision=rank == 2,
    )


def test_harness_channels_first_and_size():
    x = np.random.default_rng(1).standard_normal((2, 2, 6, 8)).astype("float32")
    run_layer_test(
        GlobalFilter2D, {"size": (4, 6), "data_format": "channels_first"}, x,
        expected_output_shape=x.shape,
        reference_fn=reference_fn((4, 6), channels_first=True),
        symbolic_input_shape=(2, None, None),
        expected_symbolic_output_shape=(None, 2, None, None),
        gradient_input=x[:1], run_training=False, run_mixed_precision=False,
    )


@pytest.mark.parametrize("old,new", [(8, 8), (7, 7), (8, 12), (9, 4), (6, 11)])
def test_interpolation_matrix(old, new):
    """Identity at the same size; rows sum to 1; it agrees with numpy.interp."""
    rng = np.random.default_rng(2)
    for half, freqs, period in ((True, np.fft.rfftfreq, None), (False, np.fft.fftfreq, 1.0)):
        matrix = interpolation_matrix(old, new, half)
        if old == new:
            np.testing.assert_array_equal(matrix, np.eye(matrix.shape[0]))
        np.testing.assert_allclose(matrix.sum(axis=1), 1.0)
        values = rng.standard_normal(matrix.shape[1])
        np.testing.assert_allclose(
            matrix @ values, np.interp(freqs(new), freqs(old), values, period=period),
            atol=1e-12)


def test_resampled_to_its_own_size_is_unchanged():
    layer = GlobalFilter2D(size=(6, 8))
    layer.build((None, 6, 8, 3))
    got = layer.filter_for((6, 8), "float64")
    kernel = to_numpy(layer.kernel)
    np.testing.assert_array_equal(to_numpy(got.real), kernel[0])
    np.testing.assert_array_equal(to_numpy(got.imag), kernel[1])


@pytest.mark.parametrize("shape", [(2, 10, 12, 3), (1, 5, 7, 3)])
def test_other_resolutions(shape):
    """Built at 8x8, called larger and smaller: the interpolated filter."""
    rng = np.random.default_rng(3)
    layer = GlobalFilter2D()
    layer(np.zeros((1, 8, 8, 3), "float32"))
    layer.kernel.assign(rng.standard_normal(layer.kernel.shape).astype("float32"))
    x = rng.standard_normal(shape)
    expected = paper_reference(x, to_numpy(layer.kernel).astype("float64"), (8, 8))
    assert_close(layer(x.astype("float32")), expected)


def test_a_constant_response_stays_constant_at_every_size():
    """K = 2 - 0.5j on every bin scales the signal by 2 at any size (the
    imaginary part sits on a purely imaginary response that the DC and
    Nyquist bins cannot carry, so only a real response is exact)."""
    layer = GlobalFilter1D(size=16)
    layer.build((None, 16, 2))
    value = np.zeros(layer.kernel.shape, "float32")
    value[0] = 2.0
    layer.kernel.assign(value)
    for n in (16, 11, 40):
        x = np.random.default_rng(n).standard_normal((2, n, 2)).astype("float32")
        assert_close(layer(x), 2.0 * x.astype("float64"))


def test_learns_a_shift():
    """The filter learns a circular shift by 3 (a pure phase response)."""
    rng = np.random.default_rng(4)
    x = rng.standard_normal((256, 16, 1)).astype("float32")
    y = np.roll(x, 3, axis=1)
    model = keras.Sequential([keras.Input((16, 1)), GlobalFilter1D()])
    model.compile(keras.optimizers.Adam(0.05), "mse")
    if keras.backend.backend() == "numpy":
        pytest.skip("the numpy backend does not train")
    model.fit(x, y, epochs=60, batch_size=64, verbose=0)
    assert float(np.mean((to_numpy(model(x)) - y) ** 2)) < 1e-3


def test_bad_input():
    with pytest.raises(ValueError, match="`size` must be.*got 0"):
        GlobalFilter2D(size=0)
    with pytest.raises(ValueError, match="`size` must be.*got \\(4, 4, 4\\)"):
        GlobalFilter2D(size=(4, 4, 4))
    with pytest.raises(ValueError, match="`data_format` must be"):
        GlobalFilter1D(data_format="nhwc")
    with pytest.raises(ValueError, match="pass `size`"):
        GlobalFilter2D()(keras.Input((None, 8, 3)))
    with pytest.raises(ValueError, match="known channel count"):
        GlobalFilter1D(size=8).build((None, 8, None))
    with pytest.raises(ValueError, match="ndim=4"):
        GlobalFilter2D()(np.ones((2, 8, 3), "float32"))
