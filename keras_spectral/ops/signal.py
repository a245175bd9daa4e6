"""FFT-based signal processing with scipy.signal's names and semantics."""

import numpy as np
from keras import ops

from keras_spectral import _checks as checks
from keras_spectral import numerics
from keras_spectral import backend
from keras_spectral.complex import Complex, _is_pair, multiply
from keras_spectral.ops import _transforms
from keras_spectral.ops.helper import next_fast_len

__all__ = ["hilbert", "fftconvolve"]

_MODES = ("full", "same", "valid")


def hilbert(x, N=None, axis=-1):
    """The analytic signal `x + 1j * H[x]`, as `scipy.signal.hilbert`.

    Computed with one real FFT and one inverse complex FFT of length `N`.

    Args:
        x: a real tensor.
        N: number of Fourier components (zero-pad or truncate first);
            the input's length by default.
        axis: the axis along which to transform.

    Returns:
        A `Complex` whose real part is `x` (resized to `N`) and whose imaginary
        part is its Hilbert transform.

    Example:

    >>> t = numpy.linspace(0, 1, 64, endpoint=False)
    >>> z = hilbert(numpy.cos(2 * numpy.pi * 4 * t))  # imag is sin(...)
    >>> bool(numpy.allclose(keras.ops.convert_to_numpy(z.imag), numpy.sin(2 * numpy.pi * 4 * t),
    ...                     atol=1e-5))
    True
    """
    x = _transforms.real_input(x)
    ndim = len(x.shape)
    axis = _transforms.check_axis(axis, ndim)
    x = _transforms.resize(x, axis, checks.integer("N", N, minimum=1, allow_none=True))
    n = x.shape[axis]
    if n is None:
        raise ValueError(f"The length of axis {axis} of `x` must be known; pass `N`.")
    _transforms.check_points((n,), (axis,), x.shape)
    half = _transforms.r2c(x, (axis,), "backward")
    gain = np.zeros(n // 2 + 1)
    gain[0] = 1.0
    gain[1:(n + 1) // 2] = 2.0
    if n % 2 == 0:
        gain[n // 2] = 1.0
    shape = [1] * ndim
    shape[axis] = -1
    gain = ops.reshape(ops.convert_to_tensor(gain, dtype=x.dtype), shape)
    spectrum = Complex(*(_transforms.resize(numerics.multiply(p, gain), axis, n) for p in half))
    return _transforms.c2c(spectrum, (axis,), "backward", inverse=True)


def _centered(x, axes, lengths):
    """The centred `lengths` window of `x` on `axes`, as scipy's `_centered`."""
    index = [slice(None)] * len(x.shape)
    for axis, n in zip(axes, lengths):
        start = (x.shape[axis] - n) // 2
        index[axis] = slice(start, start + n)
    return x[tuple(index)]


def fftconvolve(in1, in2, mode="full", axes=None):
    """N-dimensional convolution by FFT, as `scipy.signal.fftconvolve`.

    Real inputs use real FFTs (half spectra); if either input is complex the
    result is complex. Transform lengths are rounded up to 5-smooth sizes.

    Args:
        in1: first input, a real tensor or a `Complex`.
        in2: second input, of the same rank as `in1`.
        mode: "full" (the whole linear convolution), "same" (centred, the size
            of `in1`) or "valid" (only where the inputs overlap completely; one
            input must be at least as large as the other on every axis).
        axes: the axes to convolve over; all by default. On the other axes the
            sizes must be equal or 1 (broadcast).

    Returns:
        A real tensor, or a `Complex` when an input is complex.

    Example:

    >>> fftconvolve(numpy.ones(4), numpy.ones(3))  # [1, 2, 3, 3, 2, 1]
    [1., 2., 3., 3., 2., 1.]
    """
    checks.one_of("mode", mode, _MODES)
    complex_ = [_is_pair(v) or backend.is_native_complex(v) for v in (in1, in2)]
    a = _transforms.complex_input(in1, "in1") if complex_[0] else _transforms.real_input(in1, "in1")
    b = _transforms.complex_input(in2, "in2") if complex_[1] else _transforms.real_input(in2, "in2")
    s1, s2 = (tuple(v.real.shape if isinstance(v, Complex) else v.shape) for v in (a, b))
    if len(s1) != len(s2):
        raise ValueError(
            f"`in1` and `in2` must have the same rank; got {len(s1)} and {len(s2)}."
        )
    axes = tuple(range(len(s1))) if axes is None else _transforms.check_axes(axes, len(s1))
    for axis in range(len(s1)):
        if None in (s1[axis], s2[axis]):
            raise ValueError(f"Axis {axis} of `in1` and `in2` must have a known size.")
        if axis not in axes and s1[axis] != s2[axis] and 1 not in (s1[axis], s2[axis]):
            raise ValueError(
                f"`in1` and `in2` must have equal sizes (or 1) on axis {axis}, which "
                f"is not convolved; got {s1[axis]} and {s2[axis]}."
            )
    if mode == "valid":
        ok1 = all(s1[i] >= s2[i] for i in axes)
        ok2 = all(s2[i] >= s1[i] for i in axes)
        if not (ok1 or ok2):
            raise ValueError(
                "For mode='valid', one of `in1` and `in2` must be at least as large "
                f"as the other on every convolved axis; got shapes {s1} and {s2}."
            )
        if not ok1:
            a, b, s1, s2 = b, a, s2, s1
    full = [s1[i] + s2[i] - 1 for i in axes]
    fast = [next_fast_len(n, real=not any(complex_)) for n in full]
    if any(complex_):
        spectra = [_transforms.c2c(Complex(*(_transforms.resize_all(p, axes, fast)
                                       for p in _transforms.complex_input(v))), axes,
                             "backward", False) for v in (a, b)]
        out = _transforms.c2c(multiply(*spectra), axes, "backward", inverse=True)
        parts = [_transforms.resize_all(p, axes, full) for p in out]
    else:
        spectra = [_transforms.r2c(_transforms.resize_all(v, axes, fast), axes, "backward")
                   for v in (a, b)]
        out = _transforms.c2r(multiply(*spectra), axes, fast[-1], "backward")
        parts = [_transforms.resize_all(out, axes, full)]
    if mode == "same":
        parts = [_centered(p, axes, [s1[i] for i in axes]) for p in parts]
    elif mode == "valid":
        parts = [_centered(p, axes, [s1[i] - s2[i] + 1 for i in axes]) for p in parts]
    return Complex(*parts) if any(complex_) else parts[0]
