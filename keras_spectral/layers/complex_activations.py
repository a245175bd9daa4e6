"""Activations of `Complex` values: ModReLU, CReLU, ZReLU, Cardioid,
ComplexTanh and ComplexSigmoid."""

import keras
from keras import ops

from keras_spectral import complex as complex_ops
from keras_spectral import numerics
from keras_spectral.layers.complex_bridges import (
    ComplexLayer, cast_complex, complex_input, known_channels,
)


def _sigmoid(x):
    """1 / (1 + exp(-x)), keeping float64 (Keras's sigmoid narrows it on
    numpy). Clipped to |x| <= 80, where float64 rounds it to 0 or 1 to within
    2e-35, so neither the value nor the gradient overflows in float32."""
    return numerics.divide(1.0, numerics.add(1.0, numerics.exp(
        numerics.negative(numerics.clip(x, -80.0, 80.0)))))


def _tanh(x):
    """tanh(x) = 2 sigmoid(2x) - 1, keeping float64 (Keras's tanh narrows it
    on numpy and jax)."""
    return numerics.subtract(numerics.multiply(_sigmoid(numerics.multiply(x, 2.0)), 2.0), 1.0)


class _PartwiseActivation(ComplexLayer):
    """A real function applied to the real and the imaginary part alike."""

    def _function(self, x):
        raise NotImplementedError

    def call(self, inputs):
        z = complex_input(inputs)
        return cast_complex((self._function(z.real), self._function(z.imag)),
                            self.compute_dtype)


@keras.saving.register_keras_serializable(package="keras_spectral")
class CReLU(_PartwiseActivation):
    """`relu(real) + 1j * relu(imag)` (Trabelsi et al., 2018).

    Args:
        **kwargs: standard `keras.layers.Layer` arguments.

    Returns:
        The layer; calling it on a `Complex` returns a `Complex` of the same
        shape.

    Example:

    >>> CReLU()((numpy.array([[1.0, -1.0]]), numpy.array([[-2.0, 2.0]])))  # [1, 2j]
    """

    def _function(self, x):
        return numerics.relu(x)


@keras.saving.register_keras_serializable(package="keras_spectral")
class ComplexTanh(_PartwiseActivation):
    """`tanh(real) + 1j * tanh(imag)`: tanh of each part (a bounded
    activation; the holomorphic tanh has poles).

    Args:
        **kwargs: standard `keras.layers.Layer` arguments.

    Returns:
        The layer; calling it on a `Complex` returns a `Complex` of the same
        shape.

    Example:

    >>> ComplexTanh()((numpy.zeros((1, 2)), numpy.full((1, 2), 9.0)))  # about 1j
    """

    def _function(self, x):
        return _tanh(x)


@keras.saving.register_keras_serializable(package="keras_spectral")
class ComplexSigmoid(_PartwiseActivation):
    """`sigmoid(real) + 1j * sigmoid(imag)`: the logistic sigmoid of each
    part.

    Args:
        **kwargs: standard `keras.layers.Layer` arguments.

    Returns:
        The layer; calling it on a `Complex` returns a `Complex` of the same
        shape.

    Example:

    >>> ComplexSigmoid()((numpy.zeros((1, 2)), numpy.zeros((1, 2))))  # 0.5 + 0.5j
    """

    def _function(self, x):
        return _sigmoid(x)


@keras.saving.register_keras_serializable(package="keras_spectral")
class ZReLU(ComplexLayer):
    """`z` where its phase is in [0, pi/2] (real and imaginary parts both
    >= 0), 0 elsewhere (Guberman, 2016).

    Args:
        **kwargs: standard `keras.layers.Layer` arguments.

    Returns:
        The layer; calling it on a `Complex` returns a `Complex` of the same
        shape.

    Example:

    >>> ZReLU()((numpy.array([[1.0, -1.0]]), numpy.array([[2.0, 2.0]])))  # [1 + 2j, 0]
    """

    def call(self, inputs):
        z = complex_input(inputs)
        # NaN propagates: only a part known to be negative drops `z`
        drop = ops.logical_or(ops.less(z.real, 0.0), ops.less(z.imag, 0.0))
        parts = [numerics.where(drop, ops.zeros_like(p), p) for p in z]
        return cast_complex(parts, self.compute_dtype)


@keras.saving.register_keras_serializable(package="keras_spectral")
class Cardioid(ComplexLayer):
    """`0.5 * (1 + cos(angle(z))) * z` (Virtue et al., 2017): scales `z` by
    how close its phase is to 0; on the real line it is ReLU.

    Args:
        **kwargs: standard `keras.layers.Layer` arguments.

    Returns:
        The layer; calling it on a `Complex` returns a `Complex` of the same
        shape.

    Example:

    >>> Cardioid()((numpy.array([[2.0, -2.0]]), numpy.zeros((1, 2))))  # [2, 0]
    """

    def call(self, inputs):
        z = complex_input(inputs)
        gain = numerics.multiply(numerics.add(numerics.cos(complex_ops.angle(z)), 1.0), 0.5)
        return cast_complex(complex_ops.scale(z, gain), self.compute_dtype)


@keras.saving.register_keras_serializable(package="keras_spectral")
class ModReLU(ComplexLayer):
    """`relu(|z| + b) * z / |z|` with a learnable bias `b` per channel (last
    axis) (Arjovsky et al., 2016): a magnitude threshold that keeps the
    phase. Where `z` is 0 the phase is taken as 0 (as `numpy.angle`), so the
    output is `relu(b)`, with finite gradients.

    Args:
        bias_initializer: the initializer of `b` (default "zeros").
        **kwargs: standard `keras.layers.Layer` arguments.

    Returns:
        The layer; calling it on a `Complex` of shape (batch, ..., channels)
        returns a `Complex` of the same shape.

    Example:

    >>> z = ModReLU()((numpy.ones((2, 4)), numpy.ones((2, 4))))  # 1 + 1j at first
    """

    def __init__(self, bias_initializer="zeros", **kwargs):
        super().__init__(**kwargs)
        self.bias_initializer = keras.initializers.get(bias_initializer)

    def build(self, input_shape):
        channels = known_channels(self, input_shape)
        self.bias = self.add_weight(name="bias", shape=(channels,),
                                    initializer=self.bias_initializer)

    def call(self, inputs):
        z = complex_input(inputs)
        magnitude = numerics.add(complex_ops.abs(z), ops.cast(self.bias, z.dtype))
        out = complex_ops.scale(complex_ops.unit(z), numerics.relu(magnitude))
        return cast_complex(out, self.compute_dtype)

    def get_config(self):
        return {**super().get_config(),
                "bias_initializer": keras.initializers.serialize(self.bias_initializer)}
