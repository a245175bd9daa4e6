"""Initializers for spectral weights."""

import math

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
    >>> tuple(w.shape), bool(keras.ops.max(w) < 1 / 4096)
    ((2, 16, 64, 64), True)
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
    >>> x = numpy.random.rand(2, 16, 3).astype("float32")
    >>> bool(numpy.allclose(keras.ops.convert_to_numpy(layer(x)), x, atol=1e-5))
    True
    """

    def __call__(self, shape, dtype=None):
        if len(shape) < 1 or shape[0] != 2:
            raise ValueError(
                f"`shape` must start with 2 (real and imaginary parts); got {tuple(shape)}.")
        return ops.stack([ops.ones(shape[1:], dtype), ops.zeros(shape[1:], dtype)])

    def get_config(self):
        return {}


class _ComplexRayleigh(keras.initializers.RandomUniform):
    """Complex weights as one real variable `(2, ..., fan_in, fan_out)`: a
    Rayleigh magnitude of mode `sigma` and a phase uniform in [-pi, pi)
    (Trabelsi et al., "Deep Complex Networks", 2018), so that
    `Var(w) = E|w|^2 = 2 sigma^2`. Subclasses choose `sigma` from the fans."""

    def __init__(self, seed=None):
        super().__init__(minval=0.0, maxval=1.0, seed=seed)  # Keras's seed handling

    def _sigma(self, fan_in, fan_out):
        raise NotImplementedError

    def __call__(self, shape, dtype=None):
        shape = tuple(shape)
        if len(shape) < 2 or shape[0] != 2:
            raise ValueError("`shape` must start with 2 (real and imaginary parts) and have "
                             f"a weight axis after it; got {shape}.")
        dims = shape[1:]
        receptive = 1
        for d in dims[:-2]:
            receptive *= d
        fan_in = dims[-2] * receptive if len(dims) > 1 else dims[-1]
        fan_out = dims[-1] * receptive
        sigma = self._sigma(max(fan_in, 1), max(fan_out, 1))
        u = keras.random.uniform(shape, 0.0, 1.0, dtype=dtype, seed=self.seed)
        # 1 - u is in (0, 1]: a finite log
        magnitude = ops.multiply(sigma, ops.sqrt(ops.multiply(-2.0, ops.log(1.0 - u[0]))))
        phase = ops.multiply(2.0 * math.pi, ops.subtract(u[1], 0.5))
        return ops.stack([ops.multiply(magnitude, ops.cos(phase)),
                          ops.multiply(magnitude, ops.sin(phase))])

    def get_config(self):
        return {"seed": super().get_config()["seed"]}


@keras.saving.register_keras_serializable(package="keras_spectral")
class ComplexGlorot(_ComplexRayleigh):
    """Complex Glorot initialisation (Trabelsi et al., 2018): Rayleigh
    magnitude with `sigma = 1 / sqrt(fan_in + fan_out)`, uniform phase, so
    `Var(w) = 2 / (fan_in + fan_out)` as Glorot's criterion asks.

    The shape is `(2, ..., fan_in_axis, fan_out_axis)`: real and imaginary
    parts on the leading axis, then a kernel laid out as Keras's (receptive
    field axes first), e.g. `(2, in, units)` for `ComplexDense`.

    Args:
        seed: an int or `keras.random.SeedGenerator`, as for Keras's
            initializers.

    Returns:
        An initializer: `ComplexGlorot()(shape, dtype)` is a tensor.

    Example:

    >>> w = keras.ops.convert_to_numpy(ComplexGlorot(seed=0)((2, 64, 32)))
    >>> bool(0.8 < (w ** 2).sum(axis=0).mean() / (2 / 96) < 1.2)  # mean |w|^2 about 2 / 96
    True
    """

    def _sigma(self, fan_in, fan_out):
        return 1.0 / math.sqrt(fan_in + fan_out)


@keras.saving.register_keras_serializable(package="keras_spectral")
class ComplexHe(_ComplexRayleigh):
    """Complex He initialisation (Trabelsi et al., 2018): Rayleigh
    magnitude with `sigma = 1 / sqrt(fan_in)`, uniform phase, so
    `Var(w) = 2 / fan_in` as He's criterion asks.

    The shape is laid out as for `ComplexGlorot`: `(2, ..., fan_in_axis,
    fan_out_axis)`. Suits layers followed by a ReLU-like activation.

    Args:
        seed: an int or `keras.random.SeedGenerator` (Keras's seed handling).

    Returns:
        An initializer; `ComplexHe()(shape, dtype)` is a tensor of `shape`.

    Example:

    >>> w = keras.ops.convert_to_numpy(ComplexHe(seed=0)((2, 64, 32)))
    >>> bool(0.8 < (w ** 2).sum(axis=0).mean() / (2 / 64) < 1.2)  # mean |w|^2 about 2 / 64
    True
    """

    def _sigma(self, fan_in, fan_out):
        return 1.0 / math.sqrt(fan_in)
