"""Complex-valued convolutions: ComplexConv1D and ComplexConv2D, on an N-d
base shared with ComplexConv2DTranspose (complex_conv_transpose.py)."""

import keras
from keras import ops

from keras_spectral import _checks as checks
from keras_spectral import complex as complex_ops
from keras_spectral import numerics
from keras_spectral.initializers import ComplexGlorot
from keras_spectral.layers._base import variable_as
from keras_spectral.layers.complex_bridges import (
    ComplexLayer, cast_complex, complex_input, part_shape,
)

METHODS = ("auto", "block", "gauss", "naive")
# method="auto": one block convolution while the channels are few (at most
# BLOCK_CHANNELS in and out: per-call overhead dominates, and one call of
# twice the channels beats three or four), Gauss's three convolutions above
# (the arithmetic dominates, and Gauss does 3/4 of it). Measured forward +
# backward, ratios to the four-convolution form, batch 8, 3 x 3 kernel,
# "same", float32, one CPU thread, jit on jax and tensorflow, torch eager;
# medians of 15 interleaved runs on a shared machine (earlier, noisier runs
# agreed in direction; 4 -> 4: block 0.34-0.42):
#   channels    16 -> 16 (32 x 32)     32 -> 32 (32 x 32)     64 -> 64 (16 x 16)
#   block    jax 0.63 tf 0.63 pt 0.96  jax 1.08 tf 0.94 pt 0.85  jax 0.98 tf 0.87 pt 0.90
#   gauss    jax 0.83 tf 0.75 pt 0.97  jax 0.76 tf 0.74 pt 0.82  jax 0.77 tf 0.88 pt 0.75
# The same rule on every backend; the transposed convolution follows it
# unmeasured.
BLOCK_CHANNELS = 16


def auto_method(channels, filters, groups=1):
    """The formulation `method="auto"` uses: `"block"` for at most
    `BLOCK_CHANNELS` input channels (per group) and filters without groups,
    `"gauss"` otherwise (measured above).

    Args:
        channels: the input channels.
        filters: the output channels.
        groups: the channel groups.

    Returns:
        `"block"` or `"gauss"`.

    Example:

    >>> auto_method(16, 16), auto_method(64, 64)
    ('block', 'gauss')
    """
    if groups == 1 and max(channels, filters) <= BLOCK_CHANNELS:
        return "block"
    return "gauss"


def to_channels_last(z, data_format):
    """`z`'s parts with the channel axis last: the convolutions run channels
    last on every backend (TensorFlow's CPU kernels have no NCHW form)."""
    if data_format == "channels_last":
        return z
    return complex_ops.Complex(*(ops.moveaxis(p, 1, -1) for p in z))


def from_channels_last(z, data_format):
    """The inverse of `to_channels_last`."""
    if data_format == "channels_last":
        return z
    return complex_ops.Complex(*(ops.moveaxis(p, -1, 1) for p in z))


class BaseComplexConv(ComplexLayer):
    """The N-d complex convolution `y = x * K + b` (cross-correlation, as
    Keras's `Conv*D`) on `Complex` values, with real variables: the kernel
    `(2, *kernel_size, channels // groups, filters)` and the bias
    `(2, filters)`, real parts then imaginary parts.

    Args:
        rank: the number of spatial axes.
        filters: the output channels, an int >= 1.
        kernel_size: an int or `rank` ints.
        strides: an int or `rank` ints (default 1).
        padding: `"valid"`, `"same"` or, for rank 1, `"causal"`.
        data_format: `"channels_last"`, `"channels_first"` or None (Keras's
            `image_data_format()`).
        dilation_rate: an int or `rank` ints; not above 1 where a stride is.
        groups: the number of channel groups, dividing `filters` and the
            input channels (default 1).
        use_bias: whether to add the complex bias (default True).
        method: how the complex product is computed: `"block"` (one real
            convolution of `[xr, xi]` with the block kernel `[[Kr, Ki],
            [-Ki, Kr]]`; groups 1 only), `"gauss"` (three), `"naive"` (four),
            or `"auto"` (default: block up to 16 channels, Gauss above, as
            measured on tensorflow, jax and torch).
        kernel_initializer: initializer of the kernel (default
            `ComplexGlorot()`).
        bias_initializer: initializer of the bias (default zeros).
        kernel_regularizer: regularizer of the kernel, or None.
        bias_regularizer: regularizer of the bias, or None.
        kernel_constraint: constraint of the kernel, or None.
        bias_constraint: constraint of the bias, or None.
        **kwargs: standard `keras.layers.Layer` arguments.

    Returns:
        The layer; called on a `Complex` (or a real tensor, imaginary part 0)
        it returns a `Complex`.

    Example:

    >>> layer = BaseComplexConv(rank=1, filters=4, kernel_size=3)
    """

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid",
                 data_format=None, dilation_rate=1, groups=1, use_bias=True, method="auto",
                 kernel_initializer=None, bias_initializer="zeros", kernel_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(**kwargs)
        self.rank = checks.integer("rank", rank, minimum=1, maximum=3)
        self.filters = checks.integer("filters", filters, minimum=1)
        self.kernel_size = checks.integers("kernel_size", kernel_size, rank)
        self.strides = checks.integers("strides", strides, rank)
        paddings = ("valid", "same", "causal") if rank == 1 else ("valid", "same")
        self.padding = checks.one_of("padding", padding, paddings)
        self.data_format = checks.data_format(data_format)
        self.dilation_rate = checks.integers("dilation_rate", dilation_rate, rank)
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError("`dilation_rate` must be 1 where `strides` is above 1; got "
                             f"strides={strides!r} and dilation_rate={dilation_rate!r}.")
        self.groups = checks.integer("groups", groups, minimum=1)
        if self.filters % self.groups:
            raise ValueError(f"`groups` must divide `filters` ({self.filters}); got {groups!r}.")
        self.use_bias = checks.boolean("use_bias", use_bias)
        self.method = checks.one_of("method", method, METHODS)
        if self.method == "block" and self.groups > 1:
            raise ValueError("`method` 'block' needs groups=1 (the block kernel mixes the "
                             f"parts across groups); got method='block' with groups={groups}.")
        self.kernel_initializer = keras.initializers.get(
            ComplexGlorot() if kernel_initializer is None else kernel_initializer)
        self.bias_initializer = keras.initializers.get(bias_initializer)
        self.kernel_regularizer = keras.regularizers.get(kernel_regularizer)
        self.bias_regularizer = keras.regularizers.get(bias_regularizer)
        self.kernel_constraint = keras.constraints.get(kernel_constraint)
        self.bias_constraint = keras.constraints.get(bias_constraint)

    def _channels(self, input_shape):
        """The input channels of `input_shape` (one part's), checked."""
        shape = part_shape(input_shape)
        axis = -1 if self.data_format == "channels_last" else 1
        if len(shape) != self.rank + 2 or shape[axis] is None:
            raise ValueError(f"{type(self).__name__} needs `inputs` of rank {self.rank + 2} "
                             f"with known channels; got shape {shape}.")
        return shape[axis]

    def _kernel_shape(self, channels):
        if channels % self.groups:
            raise ValueError(f"`groups` must divide the input channels ({channels}); "
                             f"got {self.groups}.")
        return self.kernel_size + (channels // self.groups, self.filters)

    def build(self, input_shape):
        self.input_channels = self._channels(input_shape)
        self.kernel = self.add_weight(
            name="kernel", shape=(2,) + self._kernel_shape(self.input_channels),
            initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint)
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias", shape=(2, self.filters), initializer=self.bias_initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint)

    def _convolve(self, x, kernel):
        """The real convolution of one channels-last tensor with one kernel."""
        padding = "valid" if self.padding == "causal" else self.padding  # padded already
        return numerics.conv(x, kernel, strides=self.strides, padding=padding,
                             data_format="channels_last", dilation_rate=self.dilation_rate)

    def _prepare(self, z):
        """`z` channels last, padded on the left for causal padding."""
        z = to_channels_last(z, self.data_format)
        if self.padding != "causal":
            return z
        left = (self.kernel_size[0] - 1) * self.dilation_rate[0]
        return complex_ops.Complex(*(ops.pad(p, [(0, 0), (left, 0), (0, 0)]) for p in z))

    def _apply(self, z, kernel, b_axes=(-2, -1)):
        """The complex product of `z` and `kernel` by the chosen method."""
        method = self.method
        if method == "auto":
            method = auto_method(self.input_channels, self.filters, self.groups)
        out = complex_ops.bilinear(self._convolve, z, kernel, method=method, b_axes=b_axes)
        if self.use_bias:
            bias = variable_as(self.bias, z.dtype)
            return complex_ops.add(out, complex_ops.Complex(bias[0], bias[1]))
        # the block form's parts are two views of one tensor, which
        # torch.compile cannot return as two outputs of a model
        return complex_ops.Complex(out.real, ops.copy(out.imag))

    _transposed = False  # a transposed convolution takes any non-empty size

    def _check_spatial_sizes(self, shape):
        """A `ValueError` for a known spatial size the convolution cannot take:
        empty, or (padding "valid") shorter than the dilated kernel."""
        first = 1 if self.data_format == "channels_last" else 2
        for i, size in enumerate(shape[first:first + self.rank]):
            span = (self.kernel_size[i] - 1) * self.dilation_rate[i] + 1
            shortest = span if self.padding == "valid" and not self._transposed else 1
            if size is not None and size < shortest:
                raise ValueError(
                    f"`inputs` has spatial size {size} on axis {first + i}, where "
                    f"{type(self).__name__} needs at least {shortest} (kernel_size "
                    f"{self.kernel_size}, dilation_rate {self.dilation_rate}, padding "
                    f"{self.padding!r}); got shape {tuple(shape)}.")

    def call(self, inputs):
        z = complex_input(inputs)
        shape = tuple(z.real.shape)
        axis = -1 if self.data_format == "channels_last" else 1
        if len(shape) != self.rank + 2 or shape[axis] != self.input_channels:
            raise ValueError(f"`inputs` must have rank {self.rank + 2} and "
                             f"{self.input_channels} channels, as the layer was built with; "
                             f"got shape {shape}.")
        self._check_spatial_sizes(shape)
        kernel = variable_as(self.kernel, z.dtype)
        out = self._apply(self._prepare(z), complex_ops.Complex(kernel[0], kernel[1]))
        return cast_complex(from_channels_last(out, self.data_format), self.compute_dtype)

    def get_config(self):
        serialize = keras.saving.serialize_keras_object
        return {**super().get_config(), "filters": self.filters,
                "kernel_size": self.kernel_size, "strides": self.strides,
                "padding": self.padding, "data_format": self.data_format,
                "dilation_rate": self.dilation_rate, "groups": self.groups,
                "use_bias": self.use_bias, "method": self.method,
                "kernel_initializer": serialize(self.kernel_initializer),
                "bias_initializer": serialize(self.bias_initializer),
                "kernel_regularizer": serialize(self.kernel_regularizer),
                "bias_regularizer": serialize(self.bias_regularizer),
                "kernel_constraint": serialize(self.kernel_constraint),
                "bias_constraint": serialize(self.bias_constraint)}


@keras.saving.register_keras_serializable(package="keras_spectral")
class ComplexConv1D(BaseComplexConv):
    """A 1-d complex convolution (Keras's `Conv1D` on `Complex` values):
    input `(batch, steps, channels)` (channels last) or `(batch, channels,
    steps)`, kernel `(2, kernel_size, channels // groups, filters)` real.

    Args:
        filters: the output channels, an int >= 1.
        kernel_size: an int or a tuple of one.
        strides: an int or a tuple of one (default 1).
        padding: `"valid"` (default), `"same"` or `"causal"` (output step t
            sees inputs up to t only).
        data_format: `"channels_last"`, `"channels_first"` or None.
        dilation_rate: an int or a tuple of one (default 1).
        groups: channel groups (default 1).
        use_bias: whether to add the complex bias (default True).
        method: `"auto"` (default), `"block"`, `"gauss"` or `"naive"`
            (see `BaseComplexConv`).
        kernel_initializer: default `ComplexGlorot()`.
        bias_initializer: default zeros.
        kernel_regularizer: or None.
        bias_regularizer: or None.
        kernel_constraint: or None.
        bias_constraint: or None.
        **kwargs: standard `keras.layers.Layer` arguments.

    Returns:
        The layer; called on a `Complex` `(batch, steps, channels)` it
        returns a `Complex` `(batch, new_steps, filters)`.

    Example:

    >>> z = ComplexConv1D(4, 3, padding="causal")((numpy.ones((2, 16, 3)),) * 2)  # (2, 16, 4)
    """

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, groups=1, use_bias=True, method="auto",
                 kernel_initializer=None, bias_initializer="zeros", kernel_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(
            rank=1, filters=filters, kernel_size=kernel_size, strides=strides,
            padding=padding, data_format=data_format, dilation_rate=dilation_rate,
            groups=groups, use_bias=use_bias, method=method,
            kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, bias_constraint=bias_constraint, **kwargs)


@keras.saving.register_keras_serializable(package="keras_spectral")
class ComplexConv2D(BaseComplexConv):
    """A 2-d complex convolution (Keras's `Conv2D` on `Complex` values):
    input `(batch, height, width, channels)` (channels last) or `(batch,
    channels, height, width)`, kernel `(2, kh, kw, channels // groups,
    filters)` real.

    Args:
        filters: the output channels, an int >= 1.
        kernel_size: an int or a tuple of two.
        strides: an int or a tuple of two (default 1).
        padding: `"valid"` (default) or `"same"`.
        data_format: `"channels_last"`, `"channels_first"` or None.
        dilation_rate: an int or a tuple of two (default 1).
        groups: channel groups (default 1).
        use_bias: whether to add the complex bias (default True).
        method: `"auto"` (default), `"block"`, `"gauss"` or `"naive"`
            (see `BaseComplexConv`).
        kernel_initializer: default `ComplexGlorot()`.
        bias_initializer: default zeros.
        kernel_regularizer: or None.
        bias_regularizer: or None.
        kernel_constraint: or None.
        bias_constraint: or None.
        **kwargs: standard `keras.layers.Layer` arguments.

    Returns:
        The layer; called on a `Complex` `(batch, height, width, channels)`
        it returns a `Complex` `(batch, new_height, new_width, filters)`.

    Example:

    >>> z = ComplexConv2D(8, 3, padding="same")((numpy.ones((2, 16, 16, 3)),) * 2)
    """

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, groups=1, use_bias=True, method="auto",
                 kernel_initializer=None, bias_initializer="zeros", kernel_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(
            rank=2, filters=filters, kernel_size=kernel_size, strides=strides,
            padding=padding, data_format=data_format, dilation_rate=dilation_rate,
            groups=groups, use_bias=use_bias, method=method,
            kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, bias_constraint=bias_constraint, **kwargs)
