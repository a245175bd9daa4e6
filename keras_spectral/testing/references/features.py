"""Float64 NumPy references of the time-frequency feature layers: delta
features (Savitzky-Golay derivatives along time) and PCEN."""

import numpy as np
import scipy.signal


def delta(x, width=9, order=1):
    """`librosa.feature.delta(x, width, order, axis=1, mode="interp")`, as
    librosa computes it: `scipy.signal.savgol_filter(x, width,
    polyorder=order, deriv=order, mode="interp", axis=1)`, in float64.

    Args:
        x: a real array `(batch, frames, bins[, channels])`, `frames >= width`.
        width: the odd window length.
        order: the derivative order and polynomial degree.

    Returns:
        A float64 array of the shape of `x`.

    Example:

    >>> delta(numpy.random.rand(2, 20, 4), 9, 1).shape  # (2, 20, 4)
    """
    return scipy.signal.savgol_filter(np.asarray(x, "float64"), width, polyorder=order,
                                      deriv=order, mode="interp", axis=1)


def pcen(x, alpha, delta, root, smooth_coef, floor):
    """PCEN from its definition (Wang et al. 2017; LEAF's form), a loop over
    frames in float64: `M[0] = E[0]`, `M[t] = (1 - s) M[t - 1] + s E[t]`,
    `out = (E / (floor + M) ** alpha + delta) ** (1 / root) - delta ** (1 / root)`.
    The parameters are first put in range as the layer does: `alpha` clipped
    to [0, 1], `delta` to >= 0, `root` to >= 1, `s` to [0, 1].

    Args:
        x: non-negative energies `(batch, frames, bins[, channels])`.
        alpha, delta, root, smooth_coef: scalars or arrays of shape `(bins,)`
            (shared by the channels of a bin).
        floor: the positive constant added to `M`.

    Returns:
        A float64 array of the shape of `x`.

    Example:

    >>> pcen(numpy.random.rand(2, 30, 8), 0.98, 2.0, 2.0, 0.025, 1e-6).shape
    """
    x = np.asarray(x, "float64")

    def per_bin(v):
        v = np.asarray(v, "float64")
        return v.reshape(v.shape + (1,) * (x.ndim - 3)) if v.ndim else v

    alpha = per_bin(np.clip(alpha, 0.0, 1.0))
    delta = per_bin(np.maximum(delta, 0.0))
    root = per_bin(np.maximum(root, 1.0))
    s = per_bin(np.clip(smooth_coef, 0.0, 1.0))
    m = np.empty_like(x)
    m[:, 0] = x[:, 0]
    for t in range(1, x.shape[1]):
        m[:, t] = (1.0 - s) * m[:, t - 1] + s * x[:, t]
    return (x / (floor + m) ** alpha + delta) ** (1.0 / root) - delta ** (1.0 / root)
