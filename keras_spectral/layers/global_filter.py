"""GlobalFilter1D/2D: the global filter layer of GFNet.

Rao et al., "Global Filter Networks for Image Classification" (NeurIPS 2021):
`y = irfftn(K * rfftn(x, norm="ortho"), norm="ortho")` over the spatial axes,
with `K` a learnable complex filter holding one value per frequency of the
half spectrum and per channel: a depthwise circular convolution with a kernel
as large as the input, in O(n log n), phase included.

The filter is built for one size. At another size it is resampled by linear
interpolation of its complex values over frequency (cycles per sample),
periodic on the full-spectrum axes, clamped at the highest frequency on the
half-spectrum axis: the frequency response the filter describes is kept, and
a filter resampled to its own size is unchanged. (GFNet's authors interpolate
the weights too, bicubically over the unshifted array; interpolating over the
frequency coordinate keeps negative and positive frequencies apart.)
"""

import functools

import keras
import numpy as np
from keras import ops

from keras_spectral import _checks as checks
from keras_spectral import complex as complex_ops
from keras_spectral import numerics
from keras_spectral.ops import primitives
from keras_spectral.layers._base import SpatialLayer


@functools.lru_cache(maxsize=64)
def interpolation_matrix(old, new, half):
    """The `(new_bins, old_bins)` matrix of linear interpolation over frequency.

    Args:
        old: the signal length the filter was built for.
        new: the signal length to resample to.
        half: whether the axis is a half spectrum (rfft bins, `n // 2 + 1`)
            rather than a full one (fft bins, `n`).

    Returns:
        A read-only float64 NumPy array (cached); the identity when `old == new`.

    Example:

    >>> interpolation_matrix(8, 16, half=True).shape
    (9, 5)
    """
    if half:
        freqs = np.fft.rfftfreq(new)
        pos = np.clip(freqs * old, 0.0, old // 2)
        bins = old // 2 + 1
    else:
        freqs = np.fft.fftfreq(new)
        pos = np.mod(freqs * old, old)
        bins = old
    low = np.floor(pos).astype(int)
    frac = pos - low
    matrix = np.zeros((len(freqs), bins))
    rows = np.arange(len(freqs))
    np.add.at(matrix, (rows, low % bins), 1.0 - frac)
    high = (low + 1) % bins if not half else np.minimum(low + 1, bins - 1)
    np.add.at(matrix, (rows, high), frac)
    matrix.flags.writeable = False  # cached: shared by every call
    return matrix


class GlobalFilter(SpatialLayer):
    """The N-D global filter; use `GlobalFilter1D` or `GlobalFilter2D`.

    Args:
        rank: the number of spatial axes.
        size: the spatial size the filter is built for (an int or `rank`
            ints); by default the first input's.
        data_format: "channels_last" (default) or "channels_first".
        kernel_initializer: initializer of the filter variable.
        kernel_regularizer: regularizer of the filter variable.
        kernel_constraint: constraint of the filter variable.
        transform_method: None (default: `keras_spectral.config`'s setting),
            "auto", "fft" or "matmul": how the Fourier transforms are computed
            ("matmul": real matrix products, only of the kept bins where
            the layer keeps few; what ONNX, LiteRT and OpenVINO run).
        **kwargs: standard `keras.layers.Layer` arguments.
    """

    def __init__(self, rank, size=None, data_format=None, kernel_initializer=None,
                 kernel_regularizer=None, kernel_constraint=None, **kwargs):
        super().__init__(**kwargs)
        self.rank = rank
        self.size = None if size is None else checks.integers("size", size, rank)
        self.data_format = checks.data_format(data_format)
        self.kernel_initializer = keras.initializers.get(
            kernel_initializer if kernel_initializer is not None
            else keras.initializers.RandomNormal(stddev=0.02))
        self.kernel_regularizer = keras.regularizers.get(kernel_regularizer)
        self.kernel_constraint = keras.constraints.get(kernel_constraint)
        self.input_spec = keras.layers.InputSpec(ndim=rank + 2)

    def build(self, input_shape):
        channels = self._known_channels(input_shape)
        if self.size is None:
            sizes = tuple(input_shape[a] for a in self._spatial_axes())
            if None in sizes:
                raise ValueError(
                    f"{type(self).__name__}: pass `size` (the spatial size the filter "
                    f"is built for) when the input's is unknown; got input shape "
                    f"{tuple(input_shape)}."
                )
            self.size = sizes
        half = self.size[:-1] + (self.size[-1] // 2 + 1,)
        self.kernel = self.add_weight(
            name="kernel", shape=(2,) + half + (channels,),
            initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )

    def filter_for(self, sizes, dtype="float32"):
        """The complex filter for a spatial size, resampled if it is not the built one.

        Args:
            sizes: the spatial sizes (ints; None keeps the built size on that axis).
            dtype: the dtype of the parts.

        Returns:
            A `Complex` of shape `(*sizes[:-1], sizes[-1] // 2 + 1, channels)`.

        Example:

        >>> layer = GlobalFilter2D(size=8); layer.build((None, 8, 8, 3))
        >>> layer.filter_for((16, 16)).real.shape
        (16, 9, 3)
        """
        kernel = ops.cast(self.kernel, dtype)
        for axis, (old, new) in enumerate(zip(self.size, sizes)):
            if new is None or new == old:
                continue
            half = axis == self.rank - 1
            matrix = ops.convert_to_tensor(interpolation_matrix(old, new, half).T, dtype)
            moved = ops.moveaxis(kernel, axis + 1, -1)
            kernel = ops.moveaxis(numerics.matmul(moved, matrix), -1, axis + 1)
        return complex_ops.Complex(kernel[0], kernel[1])

    def call(self, inputs):
        axes = self._spatial_axes()
        sizes = [inputs.shape[a] for a in axes]
        x = primitives.as_real_tensor(inputs)
        gain = self.filter_for(sizes, x.dtype)
        if self.data_format == "channels_first":
            gain = complex_ops.Complex(*(ops.moveaxis(p, -1, 0) for p in gain))
        gain = complex_ops.Complex(*(p[None] for p in gain))  # the batch axis
        sizes = [n if n is not None else ops.shape(x)[a] for n, a in zip(sizes, axes)]
        # the filter's result does not depend on the norm: GFNet's "ortho"
        # pair is the plain one
        out = primitives.filter_real_signal(x, gain, axes, sizes)
        return ops.cast(out, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update({
            "size": self.size,
            "data_format": self.data_format,
            "kernel_initializer": keras.initializers.serialize(self.kernel_initializer),
            "kernel_regularizer": keras.regularizers.serialize(self.kernel_regularizer),
            "kernel_constraint": keras.constraints.serialize(self.kernel_constraint),
        })
        return config


@keras.saving.register_keras_serializable(package="keras_spectral")
class GlobalFilter1D(GlobalFilter):
    """1-D global filter (GFNet's token mixer).

    `y = irfftn(K * rfftn(x, norm="ortho"), norm="ortho")` over the 1
    spatial axes: each channel is filtered by its own learnable complex
    frequency response `K`, one value per bin of the half spectrum (a
    circular depthwise convolution with a kernel the size of the input).
    `K` is one real variable `kernel` of shape `(2, steps // 2 + 1, channels)` (real and
    imaginary parts), built for `size`. At another spatial size `K` is
    resampled by linear interpolation over frequency (periodic on
    full-spectrum axes), so the layer runs at any resolution; sizes unknown
    when traced use the built filter. The DC and Nyquist bins follow
    numpy's `irfftn` (their imaginary parts do not reach the output).

    Args:
        size: the spatial size the filter is built for, an int or 1
            ints; by default the first input's (which must then be known).
        data_format: "channels_last" (default) or "channels_first"; defaults
            to `keras.config.image_data_format()`.
        kernel_initializer: initializer of `kernel`; default
            `RandomNormal(stddev=0.02)`, GFNet's.
        kernel_regularizer: regularizer of `kernel`.
        kernel_constraint: constraint of `kernel`.
        transform_method: None (default: `keras_spectral.config`'s setting),
            "auto", "fft" or "matmul": how the Fourier transforms are computed
            ("matmul": real matrix products, only of the kept bins where
            the layer keeps few; what ONNX, LiteRT and OpenVINO run).
        **kwargs: standard `keras.layers.Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        `(batch, steps, channels)` (channels_last).

    Output shape:
        The input's.

    Returns:
        The layer; calling it returns a real tensor in its compute dtype.

    Example:

    >>> layer = GlobalFilter1D()
    >>> y = layer(numpy.random.rand(8, 128, 16).astype("float32"))
    >>> tuple(y.shape)
    (8, 128, 16)
    """

    def __init__(self, size=None, data_format=None, kernel_initializer=None,
            kernel_regularizer=None, kernel_constraint=None, **kwargs):
        super().__init__(rank=1, size=size, data_format=data_format,
                kernel_initializer=kernel_initializer, kernel_regularizer=kernel_regularizer,
                kernel_constraint=kernel_constraint, **kwargs)


@keras.saving.register_keras_serializable(package="keras_spectral")
class GlobalFilter2D(GlobalFilter):
    """2-D global filter (GFNet's token mixer).

    `y = irfftn(K * rfftn(x, norm="ortho"), norm="ortho")` over the 2
    spatial axes: each channel is filtered by its own learnable complex
    frequency response `K`, one value per bin of the half spectrum (a
    circular depthwise convolution with a kernel the size of the input).
    `K` is one real variable `kernel` of shape `(2, height, width // 2 + 1, channels)` (real and
    imaginary parts), built for `size`. At another spatial size `K` is
    resampled by linear interpolation over frequency (periodic on
    full-spectrum axes), so the layer runs at any resolution; sizes unknown
    when traced use the built filter. The DC and Nyquist bins follow
    numpy's `irfftn` (their imaginary parts do not reach the output).

    Args:
        size: the spatial size the filter is built for, an int or 2
            ints; by default the first input's (which must then be known).
        data_format: "channels_last" (default) or "channels_first"; defaults
            to `keras.config.image_data_format()`.
        kernel_initializer: initializer of `kernel`; default
            `RandomNormal(stddev=0.02)`, GFNet's.
        kernel_regularizer: regularizer of `kernel`.
        kernel_constraint: constraint of `kernel`.
        transform_method: None (default: `keras_spectral.config`'s setting),
            "auto", "fft" or "matmul": how the Fourier transforms are computed
            ("matmul": real matrix products, only of the kept bins where
            the layer keeps few; what ONNX, LiteRT and OpenVINO run).
        **kwargs: standard `keras.layers.Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        `(batch, height, width, channels)` (channels_last).

    Output shape:
        The input's.

    Returns:
        The layer; calling it returns a real tensor in its compute dtype.

    Example:

    >>> layer = GlobalFilter2D()
    >>> y = layer(numpy.random.rand(8, 14, 14, 16).astype("float32"))
    >>> tuple(y.shape)
    (8, 14, 14, 16)
    """

    def __init__(self, size=None, data_format=None, kernel_initializer=None,
            kernel_regularizer=None, kernel_constraint=None, **kwargs):
        super().__init__(rank=2, size=size, data_format=data_format,
                kernel_initializer=kernel_initializer, kernel_regularizer=kernel_regularizer,
                kernel_constraint=kernel_constraint, **kwargs)
