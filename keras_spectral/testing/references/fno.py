"""Float64 NumPy reference of the FNO spectral convolution (Li et al., 2021)."""

import itertools

import numpy as np


def spectral_conv(x, spectral, modes, bias=None, channels_first=False):
    """The spectral convolution as the paper's code computes it, in float64
    NumPy: rfftn, one einsum per corner into a zero spectrum, irfftn.

    Args:
        x: `(batch, *spatial, C)` (or `(batch, C, *spatial)` with `channels_first`).
        spectral: complex weights `(corners, C, F, *modes)`, corners in the
            original code's order.
        modes: kept modes per spatial axis.
        bias: `(F,)` or None.
        channels_first: the layout of `x` and of the result.

    Returns:
        The output, `(batch, *spatial, F)` (or channels first).

    Example:

    >>> spectral_conv(x, w, (16,))
    """
    if channels_first:
        x = np.moveaxis(x, 1, -1)
    d = len(modes)
    axes = tuple(range(1, d + 1))
    sizes = x.shape[1:-1]
    spec = np.fft.rfftn(x, axes=axes)
    out = np.zeros(spec.shape[:-1] + (spectral.shape[2],), complex)
    letters = "xyz"[:d]
    for corner in range(spectral.shape[0]):
        index = [slice(None)]
        for a in range(d - 1):
            m, n = modes[a], sizes[a]
            index.append(slice(n - m, n) if (corner >> a) & 1 else slice(0, m))
        index = tuple(index + [slice(0, modes[-1])])
        out[index] = np.einsum(f"b{letters}i,io{letters}->b{letters}o",
                               spec[index], spectral[corner])
    y = np.fft.irfftn(out, s=sizes, axes=axes)
    if bias is not None:
        y = y + bias
    return np.moveaxis(y, -1, 1) if channels_first else y


def spectral_kernel_from_variable(kernel, modes):
    """`SpectralConv*D.kernel` `(2, P, C, F)` as complex `(corners, C, F, *modes)`,
    index by index (an independent reading of the layout): the kept-mode grid
    `(2*m_1, ..., 2*m_{d-1}, m_d)` is flattened in C order, and grid row
    `j + s*m` on a full-spectrum axis is mode `j` of corner sign `s`.

    Args:
        kernel: the variable's value, float64 `(2, P, C, F)`.
        modes: kept modes per spatial axis.

    Returns:
        A complex array `(corners, C, F, *modes)`.

    Example:

    >>> spectral_kernel_from_variable(to_numpy(layer.kernel), layer.modes)
    """
    d = len(modes)
    grid = tuple(2 * m for m in modes[:-1]) + (modes[-1],)
    full = kernel[0] + 1j * kernel[1]
    out = np.zeros((2 ** (d - 1),) + full.shape[1:] + tuple(modes), complex)
    for corner in range(2 ** (d - 1)):
        for j in itertools.product(*(range(m) for m in modes)):
            g = [j[a] + modes[a] * ((corner >> a) & 1) for a in range(d - 1)] + [j[-1]]
            out[(corner, slice(None), slice(None)) + j] = full[np.ravel_multi_index(g, grid)]
    return out
