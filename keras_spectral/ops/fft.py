"""The discrete Fourier transforms, with numpy.fft's names and semantics.

Complex values are `Complex(real, imag)` pairs (a real tensor is a complex value
with zero imaginary part). Inputs are computed in float32 at least: float16 and
bfloat16 are upcast to float32, integers and booleans to `keras.config.floatx()`
(float32 if that is a half type); float64 stays float64. `n` / `s` zero-pad or
truncate the input before the transform; `norm` is None (= "backward"),
"backward", "ortho" or "forward", as in numpy.fft.
"""

from keras import ops

from keras_spectral import _checks as checks
from keras_spectral.complex import Complex, conj
from keras_spectral.ops import _transforms
from keras_spectral.ops._transforms import check_axis, check_norm

__all__ = [
    "fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "rfft", "irfft",
    "rfft2", "irfft2", "rfftn", "irfftn", "hfft", "ihfft", "hfft2", "ihfft2", "hfftn",
    "ihfftn",
]


def _one_axis(x, n, axis):
    """Validated (s, axes) for a 1-D transform."""
    axis = check_axis(axis, _transforms.ndim_of(x))
    return (None if n is None else (checks.integer("n", n, minimum=1, allow_none=True),)), (axis,)


def _complex_nd(x, s, axes, norm, inverse):
    norm = check_norm(norm)
    x = _transforms.complex_input(x)
    lengths, axes = _transforms.shape_and_axes(x.real.shape, s, axes)
    x = Complex(*(_transforms.resize_all(p, axes, lengths) for p in x))
    return _transforms.c2c(x, axes, norm, inverse)


def _real_nd(x, s, axes, norm):
    norm = check_norm(norm)
    x = _transforms.real_input(x)
    lengths, axes = _transforms.shape_and_axes(x.shape, s, axes)
    return _transforms.r2c(_transforms.resize_all(x, axes, lengths), axes, norm)


def _inverse_real_nd(x, s, axes, norm, arg="s"):
    norm = check_norm(norm)
    x = _transforms.complex_input(x)
    shape = x.real.shape
    given = s is not None
    lengths, axes = _transforms.shape_and_axes(shape, s, axes)
    last = axes[-1]
    n = lengths[-1] if given else None
    if n is None:
        m = shape[last]
        if m is None and _transforms.is_symbolic(x.real):
            raise ValueError(
                f"The output length of the inverse real transform cannot be known: "
                f"axis {last} of `x` has unknown size. Pass `{arg}`."
            )
        if m is not None and m < 2:
            raise ValueError(
                f"`x` has {m} bin on axis {last}, which gives an empty signal; "
                f"pass `{arg}` to choose the output length."
            )
        n = 2 * (m - 1) if m is not None else 2 * (ops.shape(x.real)[last] - 1)
    halves = list(lengths[:-1]) + [n // 2 + 1 if given else None]
    x = Complex(*(_transforms.resize_all(p, axes, halves) for p in x))
    return _transforms.c2r(x, axes, n, norm)


def fft(x, n=None, axis=-1, norm=None):
    """One-dimensional discrete Fourier transform, as `numpy.fft.fft`.

    Args:
        x: a `Complex`, a `(real, imag)` pair, or a real tensor.
        n: length of the transformed axis; the input is zero-padded or
            truncated to it. Defaults to the input's length.
        axis: the axis to transform.
        norm: None, "backward", "ortho" or "forward".

    Returns:
        A `Complex`.

    Example:

    >>> fft(keras.ops.convert_to_tensor([1.0, 2.0, 3.0, 4.0]))
    Complex(real=[10, -2, -2, -2], imag=[0, 2, 0, -2])
    """
    x = _transforms.complex_input(x)
    s, axes = _one_axis(x, n, axis)
    return _complex_nd(x, s, axes, norm, inverse=False)


def ifft(x, n=None, axis=-1, norm=None):
    """One-dimensional inverse discrete Fourier transform, as `numpy.fft.ifft`.

    Args:
        x: a `Complex`, a `(real, imag)` pair, or a real tensor.
        n: length of the transformed axis (zero-pad or truncate first).
        axis: the axis to transform.
        norm: None, "backward", "ortho" or "forward".

    Returns:
        A `Complex`.

    Example:

    >>> y = ifft(fft(x))  # x, with a zero imaginary part
    >>> bool(numpy.allclose(keras.ops.convert_to_numpy(y.real), x, atol=1e-5))
    True
    """
    x = _transforms.complex_input(x)
    s, axes = _one_axis(x, n, axis)
    return _complex_nd(x, s, axes, norm, inverse=True)


def fftn(x, s=None, axes=None, norm=None):
    """N-dimensional discrete Fourier transform, as `numpy.fft.fftn`.

    Args:
        x: a `Complex`, a `(real, imag)` pair, or a real tensor.
        s: lengths of the transformed axes (zero-pad or truncate first);
            None or -1 entries keep the input's length.
        axes: the axes to transform; all axes by default, or the last
            `len(s)` when `s` is given.
        norm: None, "backward", "ortho" or "forward".

    Returns:
        A `Complex`.

    Example:

    >>> fftn(keras.ops.ones((2, 3)))  # 6 at the origin, 0 elsewhere
    Complex(real=[[6., 0., 0.],
     [0., 0., 0.]], imag=[[0., 0., 0.],
     [0., 0., 0.]])
    """
    return _complex_nd(x, s, axes, norm, inverse=False)


def ifftn(x, s=None, axes=None, norm=None):
    """N-dimensional inverse discrete Fourier transform, as `numpy.fft.ifftn`.

    Args:
        x: a `Complex`, a `(real, imag)` pair, or a real tensor.
        s: lengths of the transformed axes (zero-pad or truncate first).
        axes: the axes to transform (default as in `fftn`).
        norm: None, "backward", "ortho" or "forward".

    Returns:
        A `Complex`.

    Example:

    >>> y = ifftn(fftn(x))
    >>> bool(numpy.allclose(keras.ops.convert_to_numpy(y.real), x, atol=1e-5))
    True
    """
    return _complex_nd(x, s, axes, norm, inverse=True)


def fft2(x, s=None, axes=(-2, -1), norm=None):
    """Two-dimensional discrete Fourier transform, as `numpy.fft.fft2`.

    Args:
        x: a `Complex`, a `(real, imag)` pair, or a real tensor.
        s: lengths of the two transformed axes.
        axes: the two axes to transform; the last two by default.
        norm: None, "backward", "ortho" or "forward".

    Returns:
        A `Complex`.

    Example:

    >>> fft2(keras.ops.ones((4, 8, 8)))  # batch of 4 images
    """
    return _complex_nd(x, s, axes, norm, inverse=False)


def ifft2(x, s=None, axes=(-2, -1), norm=None):
    """Two-dimensional inverse discrete Fourier transform, as `numpy.fft.ifft2`.

    Args:
        x: a `Complex`, a `(real, imag)` pair, or a real tensor.
        s: lengths of the two transformed axes.
        axes: the two axes to transform; the last two by default.
        norm: None, "backward", "ortho" or "forward".

    Returns:
        A `Complex`.

    Example:

    >>> y = ifft2(fft2(x))
    >>> bool(numpy.allclose(keras.ops.convert_to_numpy(y.real), x, atol=1e-5))
    True
    """
    return _complex_nd(x, s, axes, norm, inverse=True)


def rfft(x, n=None, axis=-1, norm=None):
    """Discrete Fourier transform of a real signal, as `numpy.fft.rfft`.

    Args:
        x: a real tensor (integers are cast to float, see the module doc).
        n: length of the transformed axis (zero-pad or truncate first).
        axis: the axis to transform.
        norm: None, "backward", "ortho" or "forward".

    Returns:
        A `Complex` with `n // 2 + 1` bins on `axis` (the non-negative
        frequencies).

    Example:

    >>> rfft(keras.ops.convert_to_tensor([1.0, 2.0, 3.0, 4.0]))
    Complex(real=[10, -2, -2], imag=[0, 2, 0])
    """
    x = _transforms.real_input(x)
    s, axes = _one_axis(x, n, axis)
    return _real_nd(x, s, axes, norm)


def irfft(x, n=None, axis=-1, norm=None):
    """Inverse of `rfft`, as `numpy.fft.irfft`.

    The imaginary parts of the DC bin and (for even `n`) the Nyquist bin are
    ignored, as numpy does, on every backend and device.

    Args:
        x: a `Complex` half spectrum (or a real tensor).
        n: length of the output signal; `2 * (bins - 1)` by default. Needed
            on a symbolic input whose `axis` has unknown size.
        axis: the axis to transform.
        norm: None, "backward", "ortho" or "forward".

    Returns:
        A real tensor with `n` samples on `axis`.

    Example:

    >>> y = irfft(rfft(x), n=x.shape[-1])  # x, for odd lengths too
    >>> bool(numpy.allclose(keras.ops.convert_to_numpy(y), x, atol=1e-5))
    True
    """
    x = _transforms.complex_input(x)
    s, axes = _one_axis(x, n, axis)
    return _inverse_real_nd(x, s, axes, norm, arg="n")


def rfftn(x, s=None, axes=None, norm=None):
    """N-dimensional discrete Fourier transform of a real signal, as
    `numpy.fft.rfftn`.

    Args:
        x: a real tensor.
        s: lengths of the transformed axes (zero-pad or truncate first).
        axes: the axes to transform (default as in `fftn`); the last one is
            halved.
        norm: None, "backward", "ortho" or "forward".

    Returns:
        A `Complex` with `s[-1] // 2 + 1` bins on the last of `axes`.

    Example:

    >>> rfftn(keras.ops.ones((8, 16, 3)), axes=(0, 1)).real.shape
    (8, 9, 3)
    """
    return _real_nd(x, s, axes, norm)


def irfftn(x, s=None, axes=None, norm=None):
    """Inverse of `rfftn`, as `numpy.fft.irfftn`.

    The DC and (for even lengths) Nyquist planes of the last axis are made
    Hermitian over the other axes before the transform, which is what numpy
    computes; so every backend and device returns the same real signal.

    Args:
        x: a `Complex` half spectrum.
        s: output lengths of the transformed axes; the last defaults to
            `2 * (bins - 1)`.
        axes: the axes to transform (default as in `fftn`).
        norm: None, "backward", "ortho" or "forward".

    Returns:
        A real tensor.

    Example:

    >>> y = irfftn(rfftn(x, axes=(1, 2)), s=x.shape[1:3], axes=(1, 2))
    >>> bool(numpy.allclose(keras.ops.convert_to_numpy(y), x, atol=1e-5))
    True
    """
    return _inverse_real_nd(x, s, axes, norm)


def rfft2(x, s=None, axes=(-2, -1), norm=None):
    """Two-dimensional `rfftn`, as `numpy.fft.rfft2`.

    Args:
        x: a real tensor.
        s: lengths of the two transformed axes.
        axes: the two axes to transform; the last two by default.
        norm: None, "backward", "ortho" or "forward".

    Returns:
        A `Complex`, the last of `axes` halved.

    Example:

    >>> rfft2(keras.ops.ones((4, 32, 32))).real.shape
    (4, 32, 17)
    """
    return _real_nd(x, s, axes, norm)


def irfft2(x, s=None, axes=(-2, -1), norm=None):
    """Two-dimensional `irfftn`, as `numpy.fft.irfft2`.

    Args:
        x: a `Complex` half spectrum.
        s: output lengths of the two transformed axes.
        axes: the two axes to transform; the last two by default.
        norm: None, "backward", "ortho" or "forward".

    Returns:
        A real tensor.

    Example:

    >>> y = irfft2(rfft2(x), s=x.shape[-2:])
    >>> bool(numpy.allclose(keras.ops.convert_to_numpy(y), x, atol=1e-5))
    True
    """
    return _inverse_real_nd(x, s, axes, norm)


def hfft(x, n=None, axis=-1, norm=None):
    """Transform of a Hermitian-symmetric signal (given by its first half) to a
    real spectrum, as `numpy.fft.hfft`.

    Args:
        x: a `Complex`, the first `n // 2 + 1` samples of the signal.
        n: length of the output; `2 * (samples - 1)` by default.
        axis: the axis to transform.
        norm: None, "backward", "ortho" or "forward".

    Returns:
        A real tensor with `n` entries on `axis`.

    Example:

    >>> y = hfft(ihfft(x), n=x.shape[-1])
    >>> bool(numpy.allclose(keras.ops.convert_to_numpy(y), x, atol=1e-5))
    True
    """
    x = conj(_transforms.complex_input(x))
    s, axes = _one_axis(x, n, axis)
    return _inverse_real_nd(x, s, axes, _transforms.swap_norm(check_norm(norm)), "n")


def ihfft(x, n=None, axis=-1, norm=None):
    """Inverse of `hfft`, as `numpy.fft.ihfft`.

    Args:
        x: a real tensor.
        n: length of the transformed axis (zero-pad or truncate first).
        axis: the axis to transform.
        norm: None, "backward", "ortho" or "forward".

    Returns:
        A `Complex` with `n // 2 + 1` entries on `axis`.

    Example:

    >>> ihfft(keras.ops.convert_to_tensor([1.0, 2.0, 3.0, 4.0]))
    """
    x = _transforms.real_input(x)
    s, axes = _one_axis(x, n, axis)
    return conj(_real_nd(x, s, axes, _transforms.swap_norm(check_norm(norm))))


def hfftn(x, s=None, axes=None, norm=None):
    """N-dimensional transform of a Hermitian-symmetric signal (given by its
    half along the last axis) to a real spectrum, as `scipy.fft.hfftn`.

    Args:
        x: a `Complex`, the signal's first `s[-1] // 2 + 1` samples on the
            last of `axes` and all of them on the others.
        s: lengths of the output along `axes`; by default the input's, and
            `2 * (m - 1)` on the last axis (`m` its input length).
        axes: the axes to transform; the last `len(s)` when only `s` is
            given, else all.
        norm: None, "backward", "ortho" or "forward".

    Returns:
        A real tensor.

    Example:

    >>> y = hfftn(ihfftn(x), s=x.shape)
    >>> bool(numpy.allclose(keras.ops.convert_to_numpy(y), x, atol=1e-5))
    True
    """
    x = conj(_transforms.complex_input(x))
    return _inverse_real_nd(x, s, axes, _transforms.swap_norm(check_norm(norm)))


def ihfftn(x, s=None, axes=None, norm=None):
    """Inverse of `hfftn`, as `scipy.fft.ihfftn`: the half spectrum (along
    the last of `axes`) of a real signal, conjugated and scaled.

    Args:
        x: a real tensor.
        s: lengths of the transformed axes (zero-pad or truncate first).
        axes: the axes to transform; the last `len(s)` when only `s` is
            given, else all.
        norm: None, "backward", "ortho" or "forward".

    Returns:
        A `Complex` with `s[-1] // 2 + 1` entries on the last of `axes`.

    Example:

    >>> ihfftn(numpy.ones((2, 4)))  # 1 at [0, 0], zeros elsewhere
    Complex(real=[[1., 0., 0.],
     [0., 0., 0.]], imag=[[0., 0., 0.],
     [0., 0., 0.]])
    """
    x = _transforms.real_input(x)
    return conj(_real_nd(x, s, axes, _transforms.swap_norm(check_norm(norm))))


def hfft2(x, s=None, axes=(-2, -1), norm=None):
    """Two-dimensional `hfftn`, as `scipy.fft.hfft2`.

    Args:
        x: a `Complex`, half of a Hermitian-symmetric signal on the last axis.
        s: lengths of the output along `axes`.
        axes: the two axes to transform, (-2, -1) by default.
        norm: None, "backward", "ortho" or "forward".

    Returns:
        A real tensor.

    Example:

    >>> y = hfft2(ihfft2(x), s=x.shape[-2:])
    >>> bool(numpy.allclose(keras.ops.convert_to_numpy(y), x, atol=1e-5))
    True
    """
    return hfftn(x, s, axes, norm)


def ihfft2(x, s=None, axes=(-2, -1), norm=None):
    """Two-dimensional `ihfftn`, as `scipy.fft.ihfft2`.

    Args:
        x: a real tensor.
        s: lengths of the transformed axes.
        axes: the two axes to transform, (-2, -1) by default.
        norm: None, "backward", "ortho" or "forward".

    Returns:
        A `Complex`.

    Example:

    >>> ihfft2(numpy.ones((2, 4)))  # 1 at [0, 0], zeros elsewhere
    Complex(real=[[1., 0., 0.],
     [0., 0., 0.]], imag=[[0., 0., 0.],
     [0., 0., 0.]])
    """
    return ihfftn(x, s, axes, norm)
