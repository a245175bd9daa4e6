"""SpectralGain through the shared layer harness, on every backend."""

import keras
import numpy as np
import pytest

from keras_spectral.initializers import IdentityGain
from keras_spectral.layers import GlobalFilter1D, SpectralGain
from keras_spectral.testing import run_layer_test, to_numpy


def reference(x, weights, norm=None, channels_first=False):
    """y = irfft(rfft(x) * G) along the steps axis, in float64 NumPy."""
    (kernel,) = weights
    axis = 2 if channels_first else 1
    gain = kernel[0] + 1j * kernel[1]  # (bins, channels) in either data format
    if channels_first:
        gain = gain.T
    spec = np.fft.rfft(x, axis=axis, norm=norm)
    return np.fft.irfft(spec * gain[None], n=x.shape[axis], axis=axis, norm=norm)


@pytest.mark.parametrize("steps", [16, 15])
@pytest.mark.parametrize("norm", [None, "ortho"])
def test_harness(steps, norm):
    x = np.random.default_rng(0).standard_normal((4, steps, 3)).astype("float32")
    run_layer_test(
        SpectralGain, {"norm": norm}, x, expected_output_shape=x.shape,
        reference_fn=lambda x, w: reference(x, w, norm),
        expected_num_trainable_weights=1,
        gradient_input=x[:1, :, :2],
        jit_compile_modes=(False, True) if steps == 16 else (False,),
        run_mixed_precision=norm is None,
    )


def test_channels_first():
    x = np.random.default_rng(1).standard_normal((2, 3, 10)).astype("float32")
    run_layer_test(
        SpectralGain, {"data_format": "channels_first"}, x, expected_output_shape=x.shape,
        reference_fn=lambda x, w: reference(x, w, channels_first=True),
        gradient_input=x[:1, :2, :6], run_training=False, run_mixed_precision=False,
    )


def test_identity_at_initialisation():
    x = np.random.default_rng(2).standard_normal((2, 9, 2)).astype("float32")
    np.testing.assert_allclose(keras.ops.convert_to_numpy(SpectralGain()(x)), x, atol=1e-5)


def test_is_global_filter_with_identity_start():
    x = np.random.default_rng(3).standard_normal((2, 12, 3)).astype("float32")
    gain, same = SpectralGain(norm="ortho"), GlobalFilter1D(kernel_initializer=IdentityGain())
    np.testing.assert_allclose(to_numpy(gain(x)), to_numpy(same(x)), atol=1e-6)
    # another length: the gain is resampled, as GlobalFilter1D's
    assert tuple(gain(x[:, :8]).shape) == (2, 8, 3)


def test_loads_the_old_channels_first_layout(tmp_path):
    layer = SpectralGain(data_format="channels_first")
    layer.build((None, 3, 10))
    w = np.random.default_rng(4).standard_normal((2, 3, 6)).astype("float32")
    layer.load_own_variables({"0": w})  # (2, channels, bins): the old layout
    np.testing.assert_array_equal(to_numpy(layer.kernel), np.swapaxes(w, 1, 2))


def test_bad_input():
    with pytest.raises(ValueError, match="`norm` must be one of.*got 'l2'"):
        SpectralGain(norm="l2")
    with pytest.raises(ValueError, match="expected ndim=3"):
        SpectralGain()(np.ones((2, 8), "float32"))
    with pytest.raises(ValueError, match="pass `size`"):
        SpectralGain()(keras.Input(shape=(None, 2)))
