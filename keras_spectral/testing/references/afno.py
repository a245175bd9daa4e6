"""Float64 NumPy reference of the AFNO token mixer (Guibas et al., 2021)."""

import numpy as np


def _kept_mask(sizes, fraction):
    """True on the kept modes of an rfftn spectrum of `sizes`, by frequency:
    |k| < int((n // 2 + 1) * fraction) on the full-spectrum axes and
    k < int((n // 2 + 1) * fraction) on the last (half-spectrum) one."""
    freqs = [np.abs(np.rint(np.fft.fftfreq(n) * n)) for n in sizes[:-1]]
    freqs.append(np.rint(np.fft.rfftfreq(sizes[-1]) * sizes[-1]))
    mask = np.ones(tuple(len(f) for f in freqs), bool)
    for axis, (n, k) in enumerate(zip(sizes, freqs)):
        keep = k < int((n // 2 + 1) * fraction)
        shape = [1] * len(sizes)
        shape[axis] = len(k)
        mask = mask & keep.reshape(shape)
    return mask


def afno(x, w1, b1, w2, b2, sparsity_threshold=0.01, hard_thresholding_fraction=1.0,
         channels_first=False, truncate=True):
    """The AFNO mixer as FourCastNet's AFNO2D writes it, in float64 NumPy, for
    any number of spatial axes: rfftn (norm "ortho"), a two-layer complex MLP
    per channel block on every mode, softshrink, the non-kept modes zeroed,
    irfftn, plus the input.

    The MLP runs on the whole spectrum and a mask from the modes' frequencies
    then zeroes every mode that is not kept: the same result as computing only
    the kept modes (the MLP acts on each mode alone), written differently.

    Args:
        x: `(batch, *spatial, C)` (or `(batch, C, *spatial)` with `channels_first`).
        w1: `(2, num_blocks, block_size, hidden)`, real and imaginary parts.
        b1: `(2, num_blocks, hidden)`.
        w2: `(2, num_blocks, hidden, block_size)`.
        b2: `(2, num_blocks, block_size)`.
        sparsity_threshold: the softshrink threshold.
        hard_thresholding_fraction: the fraction of frequencies kept per axis,
            the lowest ones.
        channels_first: the layout of `x` and of the result.
        truncate: False skips the mask: FourCastNet's formulation at fraction
            1.0, every mode through the MLP.

    Returns:
        The output, shaped like `x`.

    Example:

    >>> afno(x, *[w.numpy() for w in layer.weights], 0.01, 0.5)
    """
    if channels_first:
        x = np.moveaxis(x, 1, -1)
    d = x.ndim - 2
    axes = tuple(range(1, d + 1))
    sizes = x.shape[1:-1]
    num_blocks, block_size = w1.shape[1], w1.shape[2]
    spec = np.fft.rfftn(x, axes=axes, norm="ortho")
    spec = spec.reshape(spec.shape[:-1] + (num_blocks, block_size))
    xr, xi = spec.real, spec.imag

    def block_matmul(ar, ai, w, b):  # complex, per block: (..., n, i) @ (n, i, o)
        real = np.einsum("...ni,nio->...no", ar, w[0]) - \
            np.einsum("...ni,nio->...no", ai, w[1]) + b[0]
        imag = np.einsum("...ni,nio->...no", ai, w[0]) + \
            np.einsum("...ni,nio->...no", ar, w[1]) + b[1]
        return real, imag

    o1r, o1i = block_matmul(xr, xi, w1, b1)
    o1r, o1i = np.maximum(o1r, 0.0), np.maximum(o1i, 0.0)
    o2r, o2i = block_matmul(o1r, o1i, w2, b2)

    def softshrink(v):
        return np.sign(v) * np.maximum(np.abs(v) - sparsity_threshold, 0.0)

    out = softshrink(o2r) + 1j * softshrink(o2i)
    out = out.reshape(out.shape[:-2] + (-1,))
    if truncate:
        out = out * _kept_mask(sizes, hard_thresholding_fraction)[None, ..., None]
    y = np.fft.irfftn(out, s=sizes, axes=axes, norm="ortho") + x
    return np.moveaxis(y, -1, 1) if channels_first else y
