"""ComplexConv2DTranspose: the transposed complex convolution."""

import keras
from keras import ops

from keras_spectral import _checks as checks
from keras_spectral import numerics
from keras_spectral.layers.complex_conv import BaseComplexConv


def dilate_kernel(kernel, dilation_rate):
    """`kernel` (taps first) with `rate - 1` zeros between its taps on each
    spatial axis: the same transposed convolution as a dilated one, which
    TensorFlow's CPU kernels do not compute."""
    for axis, rate in enumerate(dilation_rate):
        if rate == 1:
            continue
        taps = kernel.shape[axis]
        zeros = ops.zeros_like(kernel)
        spread = numerics.stack([kernel] + [zeros] * (rate - 1), axis=axis + 1)
        shape = list(kernel.shape)
        shape[axis] = taps * rate
        kernel = ops.reshape(spread, shape)
        kernel = kernel[(slice(None),) * axis + (slice(0, (taps - 1) * rate + 1),)]
    return kernel


@keras.saving.register_keras_serializable(package="keras_spectral")
class ComplexConv2DTranspose(BaseComplexConv):
    """A 2-d transposed complex convolution (Keras's `Conv2DTranspose` on
    `Complex` values, the adjoint of `ComplexConv2D` in shape): input
    `(batch, height, width, channels)` (channels last) or `(batch, channels,
    height, width)`, kernel `(2, kh, kw, filters, channels)` real, laid out as
    Keras's.

    Output sizes follow Keras: `size * stride` for `"same"`, `(size - 1) *
    stride + max(dilated kernel, stride)` for `"valid"`, and `(size - 1) *
    stride + dilated kernel - 2 * pad + output_padding` where
    `output_padding` is given.

    Args:
        filters: the output channels, an int >= 1.
        kernel_size: an int or a tuple of two.
        strides: an int or a tuple of two (default 1).
        padding: `"valid"` (default) or `"same"`.
        output_padding: None (default), or an int or two ints, each below
            the stride: the extra rows / columns on the bottom / right.
        data_format: `"channels_last"`, `"channels_first"` or None.
        dilation_rate: an int or a tuple of two (default 1), not above 1
            where a stride is.
        use_bias: whether to add the complex bias (default True).
        method: `"auto"` (default), `"block"`, `"gauss"` or `"naive"` (see
            `BaseComplexConv`).
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

    >>> z = ComplexConv2DTranspose(4, 3, strides=2, padding="same")(
    ...     (numpy.ones((2, 8, 8, 3)),) * 2)  # parts (2, 16, 16, 4)
    """

    _transposed = True

    def __init__(self, filters, kernel_size, strides=1, padding="valid", output_padding=None,
                 data_format=None, dilation_rate=1, use_bias=True, method="auto",
                 kernel_initializer=None, bias_initializer="zeros", kernel_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(
            rank=2, filters=filters, kernel_size=kernel_size, strides=strides,
            padding=padding, data_format=data_format, dilation_rate=dilation_rate,
            groups=1, use_bias=use_bias, method=method,
            kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, bias_constraint=bias_constraint, **kwargs)
        self.output_padding = None if output_padding is None else \
            checks.integers("output_padding", output_padding, 2, minimum=0)
        if self.output_padding is not None and any(
                p >= s for p, s in zip(self.output_padding, self.strides)):
            raise ValueError(f"`output_padding` must be below `strides` {self.strides} on "
                             f"each axis; got {output_padding!r}.")

    def _kernel_shape(self, channels):
        return self.kernel_size + (self.filters, channels)

    def _convolve(self, x, kernel):
        return numerics.conv_transpose(
            x, dilate_kernel(kernel, self.dilation_rate), strides=self.strides,
            padding=self.padding, output_padding=self.output_padding,
            data_format="channels_last")

    def _apply(self, z, kernel, b_axes=(-1, -2)):
        # the kernel's last axis is the input channels', as in Keras
        return super()._apply(z, kernel, b_axes=b_axes)

    def get_config(self):
        config = super().get_config()
        del config["groups"]
        return {**config, "output_padding": self.output_padding}
