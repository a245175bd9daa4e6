"""Float64 NumPy references of the sequence and image mixers: GFNet's global
filter, FNet's Fourier mixing and the FFT long convolution, each written from
its paper's definition (not from the layers' code)."""

import numpy as np


def global_filter(x, kernel, size=None, channels_first=False):
    """GFNet's global filter: `irfftn(K * rfftn(x, norm="ortho"), norm="ortho")`.

    At a spatial size other than the filter's, `K` is interpolated linearly
    over frequency with `numpy.interp` (periodic on full-spectrum axes,
    clamped on the half-spectrum axis).

    Args:
        x: `(batch, *spatial, C)` (or `(batch, C, *spatial)`).
        kernel: the layer's variable `(2, *half_spectrum, C)`.
        size: the spatial size `kernel` was built for; default the input's.
        channels_first: the layout of `x` and of the result.

    Returns:
        The filtered signal, shaped like `x`.

    Example:

    >>> global_filter(x, kernel)
    """
    if channels_first:
        x = np.moveaxis(x, 1, -1)
    rank = x.ndim - 2
    sizes = x.shape[1:-1]
    size = sizes if size is None else tuple(size)
    gain = kernel[0] + 1j * kernel[1]
    for axis in range(rank):
        old, new = size[axis], sizes[axis]
        if old == new:
            continue
        if axis == rank - 1:
            old_f, new_f, period = np.fft.rfftfreq(old), np.fft.rfftfreq(new), None
        else:
            old_f, new_f, period = np.fft.fftfreq(old), np.fft.fftfreq(new), 1.0
        gain = np.apply_along_axis(
            lambda g: (np.interp(new_f, old_f, g.real, period=period)
                       + 1j * np.interp(new_f, old_f, g.imag, period=period)), axis, gain)
    axes = tuple(range(1, rank + 1))
    spectrum = np.fft.rfftn(x, axes=axes, norm="ortho") * gain[None]
    y = np.fft.irfftn(spectrum, s=sizes, axes=axes, norm="ortho")
    return np.moveaxis(y, -1, 1) if channels_first else y


def fourier_mixing(x):
    """FNet's token mixing: the real part of the 2-D DFT over the last two axes.

    Args:
        x: `(batch, seq, hidden)`.

    Returns:
        `Re(fft2(x))`, shaped like `x`.

    Example:

    >>> fourier_mixing(numpy.ones((1, 4, 8)))
    """
    return np.fft.fft2(x, axes=(-2, -1)).real


def fft_conv1d(x, kernel, causal=True, skip=None, bias=None, channels_first=False):
    """A depthwise long convolution with `numpy.convolve`, channel by channel.

    Causal: `y[t] = sum_s k[s] x[t - s]` (the first `L` samples of the full
    convolution). Centred: the full convolution from `(K - 1) // 2` on, so
    tap `(K - 1) // 2` is the current sample (numpy's mode "same" when `K <= L`).

    Args:
        x: `(batch, L, C)` (or `(batch, C, L)`).
        kernel: `(K, C)`.
        causal: causal or centred.
        skip: `(C,)`, the skip term `D * x`, or None.
        bias: `(C,)` or None.
        channels_first: the layout of `x` and of the result.

    Returns:
        `(batch, L, C)` (or channels first).

    Example:

    >>> fft_conv1d(x, k)
    """
    if channels_first:
        x = np.moveaxis(x, 1, -1)
    batch, length, channels = x.shape
    start = 0 if causal else (kernel.shape[0] - 1) // 2
    y = np.zeros(x.shape)
    for b in range(batch):
        for c in range(channels):
            y[b, :, c] = np.convolve(x[b, :, c], kernel[:, c])[start:start + length]
    if skip is not None:
        y = y + x * skip
    if bias is not None:
        y = y + bias
    return np.moveaxis(y, -1, 1) if channels_first else y
