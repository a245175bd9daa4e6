"""SpectralGain: `GlobalFilter1D` that starts as the identity (a
compatibility name, kept so that code and saved models using it still work)."""

import keras
import numpy as np

from keras_spectral import _checks as checks
from keras_spectral.initializers import IdentityGain
from keras_spectral.layers.global_filter import GlobalFilter1D


@keras.saving.register_keras_serializable(package="keras_spectral")
class SpectralGain(GlobalFilter1D):
    """A learnable linear time-invariant filter applied in the frequency
    domain: `GlobalFilter1D(kernel_initializer=IdentityGain())`.

    `y = irfft(rfft(x, axis=steps) * G, n=steps)`, `G` a learnable complex
    gain per rFFT bin and channel (a circular convolution of each channel
    with a kernel as long as the sequence, in O(n log n)), initialised to the
    identity `G = 1`. Everything else is `GlobalFilter1D`'s: the variable
    `kernel` of shape `(2, steps // 2 + 1, channels)` for either data format,
    and a filter resampled in frequency for inputs of another length.

    Args:
        norm: accepted for compatibility and without effect: an rfft/irfft
            pair with one norm is the identity for every norm, so the filter
            is the same. None, "backward", "ortho" or "forward".
        size: the steps the gain is built for; by default the first input's.
        data_format: "channels_last" (`(batch, steps, channels)`, default) or
            "channels_first" (`(batch, channels, steps)`).
        kernel_initializer: default `IdentityGain()`.
        kernel_regularizer: a regularizer for the gain variable.
        kernel_constraint: a constraint for the gain variable.
        transform_method: None (default: `keras_spectral.config`'s setting),
            "auto", "fft" or "matmul": how the Fourier transforms are computed
            ("matmul": real matrix products, only of the kept bins where
            the layer keeps few; what ONNX, LiteRT and OpenVINO run).
        **kwargs: standard `keras.layers.Layer` arguments (`name`, `dtype`, ...).

    Returns:
        The layer; calling it returns a real tensor shaped like its input.

    Example:

    >>> layer = SpectralGain()
    >>> y = layer(numpy.random.rand(8, 128, 3).astype("float32"))  # == x at first
    >>> tuple(y.shape)
    (8, 128, 3)
    """

    def __init__(self, norm=None, size=None, data_format=None, kernel_initializer=None,
                 kernel_regularizer=None, kernel_constraint=None, **kwargs):
        super().__init__(
            size=size, data_format=data_format,
            kernel_initializer=IdentityGain() if kernel_initializer is None
            else kernel_initializer,
            kernel_regularizer=kernel_regularizer, kernel_constraint=kernel_constraint,
            **kwargs)
        self.norm = checks.one_of("norm", norm, (None, "backward", "ortho", "forward"))

    def load_own_variables(self, store):
        # files written before SpectralGain became GlobalFilter1D hold a
        # channels_first gain as (2, channels, bins)
        saved = store["0"]
        if tuple(saved.shape) != tuple(self.kernel.shape) and \
                tuple(saved.shape) == (2,) + tuple(self.kernel.shape[:0:-1]):
            store = {"0": np.swapaxes(np.asarray(saved), 1, 2)}
        super().load_own_variables(store)

    def get_config(self):
        config = super().get_config()
        config["norm"] = self.norm
        return config
