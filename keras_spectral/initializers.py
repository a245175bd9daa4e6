"""Initializers for spectral weights."""

import keras


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
        if not isinstance(scale, (int, float)) or isinstance(scale, bool) or scale <= 0:
            raise ValueError(f"`scale` must be a positive number; got {scale!r}.")
        self.scale = float(scale)
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
