"""`conv` and `conv_transpose` in NumPy, with Keras's semantics, for the
numpy backend: Keras's own run through JAX without 64-bit support, so a
float64 convolution there comes back float32."""

import numpy as np


def _per_axis(value, count):
    return (int(value),) * count if np.ndim(value) == 0 else tuple(int(v) for v in value)


def _correlate(x, kernel, strides, pads, dilation):
    """The channels-last cross-correlation of `x` (batch, *spatial, channels)
    with `kernel` (*taps, channels // groups, filters), explicit `pads`."""
    rank = x.ndim - 2
    x = np.pad(x, [(0, 0)] + list(pads) + [(0, 0)])
    taps, group_channels, filters = kernel.shape[:rank], kernel.shape[-2], kernel.shape[-1]
    groups = x.shape[-1] // group_channels
    sizes = [(x.shape[1 + i] - (taps[i] - 1) * dilation[i] - 1) // strides[i] + 1
             for i in range(rank)]
    out = np.zeros((x.shape[0], *sizes, filters), dtype=np.result_type(x, kernel))
    for tap in np.ndindex(*taps):
        window = tuple(slice(t * d, t * d + (n - 1) * s + 1, s)
                       for t, d, n, s in zip(tap, dilation, sizes, strides))
        patch = x[(slice(None),) + window]
        if groups == 1:
            out += patch @ kernel[tap]
        else:
            patch = patch.reshape(patch.shape[:-1] + (groups, group_channels))
            weights = kernel[tap].reshape(group_channels, groups, filters // groups)
            out += np.einsum("...gc,cgf->...gf", patch, weights).reshape(out.shape)
    return out


def _channels_last(x, data_format):
    return np.moveaxis(x, 1, -1) if data_format == "channels_first" else x


def _restore(y, data_format):
    return np.moveaxis(y, -1, 1) if data_format == "channels_first" else y


def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """`keras.ops.conv` in NumPy, in the inputs' dtype (float64 kept)."""
    x = _channels_last(np.asarray(inputs), data_format)
    kernel = np.asarray(kernel)
    rank = x.ndim - 2
    strides, dilation = _per_axis(strides, rank), _per_axis(dilation_rate, rank)
    pads = [(0, 0)] * rank
    if padding.lower() == "same":
        pads = []
        for n, k, s, d in zip(x.shape[1:-1], kernel.shape[:rank], strides, dilation):
            total = max((-(-n // s) - 1) * s + (k - 1) * d + 1 - n, 0)
            pads.append((total // 2, total - total // 2))
    return _restore(_correlate(x, kernel, strides, pads, dilation), data_format)


def _transpose_pads(size, stride, dilation, padding, output_padding):
    """Keras's padding of the stride-dilated input of a transposed
    convolution (keras/src/backend/common/backend_utils.py)."""
    size = (size - 1) * dilation + 1
    if padding.lower() == "valid":
        extra = max(size, stride) - size if output_padding is None else output_padding
        return size - 1, size - 1 + extra
    total = stride + size - 2 if output_padding is None else \
        size + size % 2 - 2 + output_padding
    left = min(total // 2 + total % 2, size - 1)
    return left, total - left


def conv_transpose(inputs, kernel, strides=1, padding="valid", output_padding=None,
                   data_format=None, dilation_rate=1):
    """`keras.ops.conv_transpose` in NumPy (kernel `(*taps, filters,
    channels)`), in the inputs' dtype: a stride-1 correlation of the
    stride-dilated input with the flipped kernel."""
    x = _channels_last(np.asarray(inputs), data_format)
    kernel = np.asarray(kernel)
    rank = x.ndim - 2
    strides, dilation = _per_axis(strides, rank), _per_axis(dilation_rate, rank)
    extra = [None] * rank if output_padding is None else _per_axis(output_padding, rank)
    dilated = np.zeros((x.shape[0], *[(n - 1) * s + 1 for n, s in zip(x.shape[1:-1], strides)],
                        x.shape[-1]), dtype=x.dtype)
    dilated[(slice(None),) + tuple(slice(None, None, s) for s in strides)] = x
    pads = [_transpose_pads(k, s, d, padding, e)
            for k, s, d, e in zip(kernel.shape[:rank], strides, dilation, extra)]
    flipped = np.swapaxes(np.flip(kernel, axis=tuple(range(rank))), -1, -2)
    out = _correlate(dilated, flipped, (1,) * rank, pads, dilation)
    return _restore(out, data_format)
