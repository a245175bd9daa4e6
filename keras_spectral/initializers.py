"""Initializers for spectral weights."""

import keras
from keras import ops

from keras_spectral import _checks as checks


@keras.saving.register_keras_serializable(package="keras_spectral")
class SpectralUniform(keras.initializers.RandomUniform):
    """Uniform in `[0, scale / (in_channels * out_channels))`: the original
    Fourier neural operator's initialisation of its complex weights (real and
    imaginary parts alike).

    The channel counts are the last two axes of the shape it is asked for
    (`(..., in_channels, out_channels)`, the layout of `SpectralConv*D`'s
    kernel). The small scale keeps a stack of spectral layers near the
    identity path of its pointwise skips at the start of training.

    Args:
        scale: a positive multiplier of the upper bound (default 1).
        seed: an int or `keras.random.SeedGenerator`, as for Keras's
            initializers.

    Returns:
        An initializer: `SpectralUniform()(shape, dtype)` is a tensor.

    Example:

    >>> w = SpectralUniform()((2, 16, 64, 64))  # values in [0, 1/4096)
    """

    def __init__(self, scale=1.0, seed=None):
        self.scale = checks.real("scale", scale, low=0.0, low_open=True)
        super().__init__(minval=0.0, maxval=1.0, seed=seed)  # Keras's seed handling

    def __call__(self, shape, dtype=None):
        if len(shape) < 2:
            raise ValueError(
                f"`shape` must end with (in_channels, out_channels); got {tuple(shape)}."
            )
        bound = self.scale / (shape[-2] * shape[-1])
        return keras.random.uniform(shape, 0.0, bound, dtype=dtype, seed=self.seed)

    def get_config(self):
        return {"scale": self.scale, "seed": super().get_config()["seed"]}


@keras.saving.register_keras_serializable(package="keras_spectral")
class IdentityGain(keras.initializers.Initializer):
    """The identity filter for a complex gain stored as one real variable of
    shape `(2, ...)`: real part 1, imaginary part 0. A filter initialised so
    passes its input through unchanged at the start of training.

    Returns:
        An initializer: `IdentityGain()(shape, dtype)` is a tensor.

    Example:

    >>> layer = GlobalFilter1D(kernel_initializer=IdentityGain())  # y = x at first
    """

    def __call__(self, shape, dtype=None):
        if len(shape) < 1 or shape[0] != 2:
            raise ValueError(
                f"`shape` must start with 2 (real and imaginary parts); got {tuple(shape)}.")
        return ops.stack([ops.ones(shape[1:], dtype), ops.zeros(shape[1:], dtype)])

    def get_config(self):
        return {}
