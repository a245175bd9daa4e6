"""ComplexDense: a fully connected layer on `Complex` values."""

import keras
from keras import ops

from keras_spectral import _checks as checks
from keras_spectral import complex as complex_ops
from keras_spectral.initializers import ComplexGlorot
from keras_spectral.layers.complex_bridges import (
    ComplexLayer, cast_complex, complex_input, known_channels,
)
from keras_spectral.layers._base import variable_as

METHODS = ("auto", "block", "gauss", "naive")
# method="auto": Gauss's three real products on every backend. Measured forward +
# backward, ratios to the backend's native single-precision complex `z @ W + b` on the same backend (the
# benchmark cases complexdense-256, batch 512, and complexdense-1024, batch 256;
# float32, one CPU thread, jit on jax and tensorflow, torch eager; medians of 9
# interleaved rounds on a shared machine, other processes keeping 1.2-1.5 of 2
# cores busy):
#   units        256                      1024
#   block    jax 0.62 tf 0.79 pt 1.24  jax 1.01 tf 0.87 pt 1.56
#   gauss    jax 0.58 tf 0.64 pt 1.07  jax 0.57 tf 0.56 pt 0.95
#   naive    jax 0.89 tf 0.77 pt 1.15  jax 0.64 tf 0.78 pt 1.12
# Gauss does 3/4 of the multiplications and, unlike the block form, builds no
# (2 channels, 2 units) matrix per call. Smaller, on torch (batch 8 x 16 units, 64 x 64,
# 256 x 128): the eager per-call overhead dominates (4.5-4.8x, 3.3x, 1.3-1.6x native
# for every form), the forms within 6% of one another up to 64 units, Gauss ahead
# at 128 (1.34 against block 1.42, naive 1.57).
AUTO_METHOD = "gauss"


@keras.saving.register_keras_serializable(package="keras_spectral")
class ComplexDense(ComplexLayer):
    """A fully connected layer on complex values: `y = z @ W + b` over the
    last axis, `W` of shape `(channels, units)` and `b` of shape `(units,)`
    complex, stored as real variables `(2, channels, units)` and `(2, units)`
    (real parts, then imaginary parts).

    Args:
        units: the output size, an int >= 1.
        use_bias: whether to add the complex bias `b` (default True).
        method: how the complex product is computed: `"block"` (one real
            product of `[zr, zi]` with the block matrix `[[Wr, Wi], [-Wi,
            Wr]]`), `"gauss"` (three real products, Gauss's trick),
            `"naive"` (four), or `"auto"` (default: Gauss, the fastest
            measured on tensorflow, jax and torch).
        kernel_initializer: initializer of the `(2, channels, units)` kernel
            (default `ComplexGlorot()`).
        bias_initializer: initializer of the `(2, units)` bias (default zeros).
        kernel_regularizer: regularizer of the kernel, or None.
        bias_regularizer: regularizer of the bias, or None.
        kernel_constraint: constraint of the kernel, or None.
        bias_constraint: constraint of the bias, or None.
        **kwargs: standard `keras.layers.Layer` arguments.

    Returns:
        The layer; calling it on a `Complex` (or a real tensor, imaginary
        part 0) of shape (batch, ..., channels) returns a `Complex` of shape
        (batch, ..., units).

    Example:

    >>> z = ComplexDense(8)((numpy.ones((2, 4)), numpy.zeros((2, 4))))  # parts (2, 8)
    """

    def __init__(self, units, use_bias=True, method="auto", kernel_initializer=None,
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(**kwargs)
        self.units = checks.integer("units", units, minimum=1)
        self.use_bias = checks.boolean("use_bias", use_bias)
        self.method = checks.one_of("method", method, METHODS)
        self.kernel_initializer = keras.initializers.get(
            ComplexGlorot() if kernel_initializer is None else kernel_initializer)
        self.bias_initializer = keras.initializers.get(bias_initializer)
        self.kernel_regularizer = keras.regularizers.get(kernel_regularizer)
        self.bias_regularizer = keras.regularizers.get(bias_regularizer)
        self.kernel_constraint = keras.constraints.get(kernel_constraint)
        self.bias_constraint = keras.constraints.get(bias_constraint)

    def build(self, input_shape):
        channels = known_channels(self, input_shape)
        self.kernel = self.add_weight(
            name="kernel", shape=(2, channels, self.units), initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer, constraint=self.kernel_constraint)
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias", shape=(2, self.units), initializer=self.bias_initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint)

    def call(self, inputs):
        z = complex_input(inputs)
        channels = self.kernel.shape[1]
        if z.real.shape[-1] is not None and z.real.shape[-1] != channels:
            raise ValueError(f"`inputs` must have {channels} channels (last axis), as the "
                             f"layer was built with; got shape {tuple(z.real.shape)}.")
        kernel = variable_as(self.kernel, z.dtype)
        method = AUTO_METHOD if self.method == "auto" else self.method
        out = complex_ops.matmul(z, complex_ops.Complex(kernel[0], kernel[1]), method=method)
        if self.use_bias:
            bias = variable_as(self.bias, z.dtype)
            out = complex_ops.add(out, complex_ops.Complex(bias[0], bias[1]))
        elif method == "block":
            # the block product's parts are two views of one tensor, which
            # torch.compile cannot return as two outputs of a model
            out = complex_ops.Complex(out.real, ops.copy(out.imag))
        return cast_complex(out, self.compute_dtype)

    def get_config(self):
        serialize = keras.saving.serialize_keras_object
        return {**super().get_config(), "units": self.units, "use_bias": self.use_bias,
                "method": self.method, "kernel_initializer": serialize(self.kernel_initializer),
                "bias_initializer": serialize(self.bias_initializer),
                "kernel_regularizer": serialize(self.kernel_regularizer),
                "bias_regularizer": serialize(self.bias_regularizer),
                "kernel_constraint": serialize(self.kernel_constraint),
                "bias_constraint": serialize(self.bias_constraint)}
