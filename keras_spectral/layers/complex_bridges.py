"""Bridges between real tensors and `Complex` pairs: ToComplex, Magnitude,
Phase, FromPolar and ComplexToChannels."""

import keras
from keras import ops

from keras_spectral import _checks as checks
from keras_spectral import complex as complex_ops
from keras_spectral import numerics
from keras_spectral.ops import primitives



def pair_input(inputs):
    """`inputs`, with a list of two tensors made a tuple: a model saved as
    `.keras` calls its layers with a pair as a list once loaded."""
    if isinstance(inputs, list) and len(inputs) == 2 and \
            all(hasattr(p, "shape") for p in inputs):
        return tuple(inputs)
    return inputs


def complex_input(inputs):
    """`inputs` as a `Complex` whose parts compute in float32 at least
    (`primitives.as_complex_tensor`, after a list pair is made a tuple); a real
    tensor is a complex value with zero imaginary part."""
    return primitives.as_complex_tensor(pair_input(inputs))


def part_shape(input_shape):
    """The shape of one part: `input_shape` itself, or its first entry for
    the shapes of a pair."""
    if len(input_shape) and isinstance(input_shape[0], (tuple, list)):
        return tuple(input_shape[0])
    return tuple(input_shape)


def known_channels(layer, input_shape):
    """The last axis of `input_shape` (one part's), which must be known."""
    shape = part_shape(input_shape)
    if len(shape) < 2 or shape[-1] is None:
        raise ValueError(f"{type(layer).__name__} needs `inputs` of rank >= 2 with a known "
                         f"last axis (channels); got shape {shape}.")
    return shape[-1]


def cast_complex(z, dtype):
    """Both parts of `z` cast to `dtype`, as a `Complex`."""
    return complex_ops.Complex(ops.cast(z[0], dtype), ops.cast(z[1], dtype))


class ComplexLayer(keras.layers.Layer):
    """The base of the complex-valued layers: only the standard
    `keras.layers.Layer` keyword arguments, which Keras checks."""

    def __init__(self, **kwargs):  # the signature: no argument of Layer's own
        super().__init__(**kwargs)


@keras.saving.register_keras_serializable(package="keras_spectral")
class ToComplex(ComplexLayer):
    """A real tensor as a `Complex`: with a zero imaginary part, or from two
    halves of the last axis (real parts first, then imaginary parts: the
    layout `ComplexToChannels` and `STFT(output_mode="stacked")` write).

    Args:
        from_channels: False (default): the input is the real part, the
            imaginary part is zero. True: the last axis (of even size 2c)
            holds c real parts, then c imaginary parts.
        **kwargs: standard `keras.layers.Layer` arguments.

    Returns:
        The layer; calling it on a real tensor returns a `Complex` of the same
        shape (or with the last axis halved, `from_channels=True`).

    Example:

    >>> z = ToComplex(from_channels=True)(numpy.ones((2, 8, 6)))  # parts (2, 8, 3)
    """

    def __init__(self, from_channels=False, **kwargs):
        super().__init__(**kwargs)
        self.from_channels = checks.boolean("from_channels", from_channels)

    def call(self, inputs):
        x = primitives.as_real_tensor(inputs)
        if not self.from_channels:
            return cast_complex((x, ops.zeros_like(x)), self.compute_dtype)
        channels = x.shape[-1] if len(x.shape) else None
        if channels is None or channels % 2:
            raise ValueError("ToComplex(from_channels=True) needs `inputs` with an even, known "
                             f"last axis; got shape {tuple(x.shape)}.")
        half = channels // 2
        return cast_complex((x[..., :half], x[..., half:]), self.compute_dtype)

    def get_config(self):
        return {**super().get_config(), "from_channels": self.from_channels}


@keras.saving.register_keras_serializable(package="keras_spectral")
class Magnitude(ComplexLayer):
    """The magnitude `|z|` of a `Complex`, with a zero (not NaN) gradient
    where `z` is 0 (`keras_spectral.complex.abs`).

    Args:
        **kwargs: standard `keras.layers.Layer` arguments.

    Returns:
        The layer; calling it on a `Complex` returns a real tensor of the
        parts' shape.

    Example:

    >>> Magnitude()((numpy.full((1, 2), 3.0), numpy.full((1, 2), 4.0)))  # 5.0
    """

    def call(self, inputs):
        return ops.cast(complex_ops.abs(complex_input(inputs)), self.compute_dtype)


@keras.saving.register_keras_serializable(package="keras_spectral")
class Phase(ComplexLayer):
    """The phase `atan2(imag, real)` of a `Complex`, in (-pi, pi]; 0 with a
    zero gradient where `z` is 0 (`keras_spectral.complex.angle`).

    Args:
        **kwargs: standard `keras.layers.Layer` arguments.

    Returns:
        The layer; calling it on a `Complex` returns a real tensor of the
        parts' shape.

    Example:

    >>> Phase()((numpy.zeros((1, 2)), numpy.ones((1, 2))))  # pi / 2
    """

    def call(self, inputs):
        return ops.cast(complex_ops.angle(complex_input(inputs)), self.compute_dtype)


@keras.saving.register_keras_serializable(package="keras_spectral")
class FromPolar(ComplexLayer):
    """A `Complex` from a `(magnitude, phase)` pair of real tensors:
    `magnitude * exp(1j * phase)`.

    Args:
        **kwargs: standard `keras.layers.Layer` arguments.

    Returns:
        The layer; calling it on a `(magnitude, phase)` tuple of equal shapes
        (phase in radians) returns a `Complex` of that shape.

    Example:

    >>> FromPolar()((numpy.ones((1, 2)), numpy.zeros((1, 2))))  # 1 + 0i
    """

    def call(self, inputs):
        inputs = pair_input(inputs)
        if not isinstance(inputs, tuple) or len(inputs) != 2:
            raise TypeError("`inputs` must be a (magnitude, phase) pair of real tensors; got "
                            f"{type(inputs).__name__}.")
        magnitude, phase = (primitives.as_real_tensor(p) for p in inputs)
        if tuple(magnitude.shape) != tuple(phase.shape):
            raise ValueError("`inputs` must be a (magnitude, phase) pair of equal shapes; got "
                             f"{tuple(magnitude.shape)} and {tuple(phase.shape)}.")
        phase = ops.cast(phase, magnitude.dtype)
        return cast_complex(complex_ops.from_polar(magnitude, phase), self.compute_dtype)


@keras.saving.register_keras_serializable(package="keras_spectral")
class ComplexToChannels(ComplexLayer):
    """A `Complex` as one real tensor: the real parts, then the imaginary
    parts, concatenated on `axis` (the channel axis), for a real head.
    `ToComplex(from_channels=True)` inverts it (for the last axis).

    Args:
        axis: the axis to concatenate on, not the batch axis (default -1).
        **kwargs: standard `keras.layers.Layer` arguments.

    Returns:
        The layer; calling it on a `Complex` returns a real tensor with
        `axis` twice as long.

    Example:

    >>> ComplexToChannels()((numpy.ones((2, 8, 3)), numpy.zeros((2, 8, 3))))  # (2, 8, 6)
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = checks.integer("axis", axis)
        if self.axis == 0:
            raise ValueError("`axis` must not be the batch axis 0; got 0.")

    def call(self, inputs):
        z = complex_input(inputs)
        rank = len(z.real.shape)
        if not -rank <= self.axis < rank or self.axis % rank == 0:
            raise ValueError(f"`axis` must be an axis of `inputs` other than the batch axis; "
                             f"got {self.axis} for rank {rank}.")
        out = numerics.concatenate([z.real, z.imag], axis=self.axis)
        return ops.cast(out, self.compute_dtype)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}
