"""SpectralGain through the shared layer harness, on every backend."""

import keras
import numpy as np
import pytest

from keras_spectral.layers import SpectralGain
from keras_spectral.testing import run_layer_test


def reference(x, weights, norm=None, channels_first=False):
    """y = irfft(rfft(x) * G) along the steps axis, in float64 NumPy."""
    (kernel,) = weights
    axis = 2 if channels_first else 1
    gain = kernel[0] + 1j * kernel[1]
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


def test_bad_input():
    with pytest.raises(ValueError, match="`norm` must be.*got 'l2'"):
        SpectralGain(norm="l2")
    with pytest.raises(ValueError, match="rank-3 input.*\\(2, 8\\)"):
        SpectralGain()(np.ones((2, 8), "float32"))
    layer = SpectralGain()
    layer(np.ones((1, 8, 2), "float32"))
    with pytest.raises(ValueError, match="built for 8 steps; got 6"):
        layer(np.ones((1, 6, 2), "float32"))
    with pytest.raises(ValueError, match="needs known `steps`"):
        SpectralGain()(keras.Input(shape=(None, 2)))
