"""Discrete cosine and sine transforms, types 1-4, as scipy.fft's dct / idct /
dst / idst and their n-dimensional dctn / idctn / dstn / idstn.

Each is computed with one real or complex FFT of (about) the signal's length:
type 2 by Makhoul's even/odd reordering, type 3 by its inverse, type 1 by the
even (DCT) or odd (DST) extension, type 4 by a twiddled FFT of twice the
length, and the DSTs from the DCTs by sign flips and reversals.

`norm` follows scipy.fft: None / "backward" (unnormalised forward), "forward"
(the 1/(2N)-type factor on the forward transform) or "ortho" (orthonormal);
`orthogonalize` weights the ends of types 1-3 (scipy's default: with "ortho"). A `Complex` input is transformed part by
part (the transforms are real and linear).
"""

import numpy as np
from keras import ops

from keras_spectral import _checks as checks
from keras_spectral import numerics
from keras_spectral.complex import Complex, _is_pair, _parts
from keras_spectral.ops import _transforms

__all__ = ["dct", "idct", "dst", "idst", "dctn", "idctn", "dstn", "idstn"]

_INVERSE_TYPE = {1: 1, 2: 3, 3: 2, 4: 4}


def _const(values, like):
    return ops.convert_to_tensor(np.asarray(values), dtype=like.dtype)


def _last(x):
    return len(x.shape) - 1


def _rfft(x):
    return _transforms.r2c(x, (_last(x),), "backward")


def _dct1(x, n):
    ext = numerics.concatenate([x, ops.flip(x[..., 1:n - 1], axis=-1)], axis=-1)
    return _rfft(ext).real


def _dct2(x, n):
    """Makhoul: y_k = 2 Re(exp(-i pi k / 2n) V_k), V the FFT of the even
    samples followed by the odd ones reversed. Bins above n/2 come from the
    half spectrum by V_{n-j} = conj(V_j)."""
    perm = np.concatenate([np.arange(0, n, 2), np.arange(n - 1 - n % 2, 0, -2)])
    v = _rfft(ops.take(x, perm, axis=-1))
    phi = np.pi * np.arange(n) / (2 * n)
    half = n // 2 + 1
    low = numerics.add(numerics.multiply(v.real, _const(2 * np.cos(phi[:half]), x)),
                 numerics.multiply(v.imag, _const(2 * np.sin(phi[:half]), x)))
    high = n - half  # k = n - j for j = high, ..., 1
    if high == 0:
        return low
    j = np.arange(high, 0, -1)
    vr, vi = v.real[..., 1:high + 1], v.imag[..., 1:high + 1]
    top = numerics.subtract(numerics.multiply(vr, _const(2 * np.cos(phi[n - j[::-1]]), x)),
                      numerics.multiply(vi, _const(2 * np.sin(phi[n - j[::-1]]), x)))
    return numerics.concatenate([low, ops.flip(top, axis=-1)], axis=-1)


def _dct3(x, n):
    half = n // 2 + 1
    mirror = numerics.concatenate([ops.zeros_like(x[..., :1]), ops.flip(x[..., 1:], -1)], -1)
    xk, xm = x[..., :half], mirror[..., :half]
    phi = np.pi * np.arange(half) / (2 * n)
    cos, sin = _const(np.cos(phi), x), _const(np.sin(phi), x)
    spec = Complex(numerics.add(numerics.multiply(cos, xk), numerics.multiply(sin, xm)),
                   numerics.subtract(numerics.multiply(sin, xk), numerics.multiply(cos, xm)))
    v = _transforms.c2r(spec, (_last(x),), n, "forward")
    inverse_perm = np.empty(n, dtype=np.int64)
    inverse_perm[0::2] = np.arange((n + 1) // 2)
    inverse_perm[1::2] = n - 1 - np.arange(n // 2)
    return ops.take(v, inverse_perm, axis=-1)


def _dct4(x, n):
    theta = np.pi * np.arange(n) / (2 * n)
    z = Complex(numerics.multiply(x, _const(np.cos(theta), x)),
                numerics.multiply(x, _const(-np.sin(theta), x)))
    z = Complex(*(_transforms.resize(p, _last(x), 2 * n) for p in z))
    spec = _transforms.c2c(z, (_last(x),), "backward", inverse=False)
    psi = np.pi * (2 * np.arange(n) + 1) / (4 * n)
    return numerics.add(numerics.multiply(spec.real[..., :n], _const(2 * np.cos(psi), x)),
                   numerics.multiply(spec.imag[..., :n], _const(2 * np.sin(psi), x)))


def _dst1(x, n):
    zero = ops.zeros_like(x[..., :1])
    ext = numerics.concatenate([zero, x, zero, numerics.negative(ops.flip(x, -1))], -1)
    return numerics.negative(_rfft(ext).imag[..., 1:n + 1])


def _alternating(n, like):
    return _const(np.where(np.arange(n) % 2 == 0, 1.0, -1.0), like)


def _dst2(x, n):
    return ops.flip(_dct2(numerics.multiply(x, _alternating(n, x)), n), -1)


def _dst3(x, n):
    return numerics.multiply(_dct3(ops.flip(x, -1), n), _alternating(n, x))


def _dst4(x, n):
    return numerics.multiply(_dct4(ops.flip(x, -1), n), _alternating(n, x))


_KERNELS = {
    "dct": {1: _dct1, 2: _dct2, 3: _dct3, 4: _dct4},
    "dst": {1: _dst1, 2: _dst2, 3: _dst3, 4: _dst4},
}


def _inverse_size(kind, type, n):
    """S with inverse(type)(transform(type)(x)) == S * x, unnormalised."""
    if type == 1:
        return 2 * (n - 1) if kind == "dct" else 2 * (n + 1)
    return 2 * n


def _ends(kind, type, n):
    """(pre, post): the factors on the input and the output that make a
    transform orthogonal up to scale (scipy's `orthogonalize=True`), None
    where there are none. Types 2 and 3 treat one entry apart (the first for
    a DCT, the last for a DST); DCT-I both ends; DST-I and type 4 none."""
    if type == 4 or (type == 1 and kind == "dst"):
        return None, None
    if type == 1:
        ends = np.ones(n)
        ends[[0, -1]] = np.sqrt(2.0)
        return ends, 1.0 / ends
    factor = np.ones(n)
    factor[0 if kind == "dct" else n - 1] = np.sqrt(0.5) if type == 2 else np.sqrt(2.0)
    return (None, factor) if type == 2 else (factor, None)


def _apply(kind, type, x, n, norm, orthogonalize):
    """The transform along the last axis: the FFT kernel between the
    orthogonalizing factors, scaled for `norm` (folded into those factors)."""
    size = _inverse_size(kind, type, n)
    scale = {"backward": 1.0, "ortho": 1.0 / np.sqrt(size), "forward": 1.0 / size}[norm]
    pre, post = _ends(kind, type, n) if orthogonalize else (None, None)
    if pre is not None:
        x = numerics.multiply(x, _const(pre * scale, x))
        scale = 1.0
    y = _KERNELS[kind][type](x, n)
    if post is not None:
        return numerics.multiply(y, _const(post * scale, y))
    return y if scale == 1.0 else numerics.multiply(y, scale)


def _check_type(type):
    return checks.one_of("type", type, (1, 2, 3, 4))


def _check_orthogonalize(orthogonalize, norm):
    """scipy's default: orthogonalize exactly when norm is "ortho"."""
    orthogonalize = checks.boolean("orthogonalize", orthogonalize, allow_none=True)
    return norm == "ortho" if orthogonalize is None else orthogonalize


def _transform(kind, x, type, n, axis, norm, inverse, orthogonalize=None):
    if _is_pair(x) or isinstance(x, Complex):
        real, imag = _parts(x)
        return Complex(*(_transform(kind, p, type, n, axis, norm, inverse, orthogonalize)
                         for p in (real, _transforms._promote(imag))))
    type = _check_type(type)
    norm = _transforms.check_norm(norm)
    orthogonalize = _check_orthogonalize(orthogonalize, norm)
    x = _transforms.real_input(x)
    axis = _transforms.check_axis(axis, len(x.shape))
    x = _transforms.resize(x, axis, checks.integer("n", n, minimum=1, allow_none=True))
    length = x.shape[axis]
    if length is None:
        raise ValueError(
            f"The length of axis {axis} of `x` must be known for a {kind}; pass `n`."
        )
    _transforms.check_points((length,), (axis,), x.shape)
    if kind == "dct" and type == 1 and length < 2:
        raise ValueError(f"A type-1 DCT needs a length >= 2; got {length} on axis {axis}.")
    if axis != _last(x):
        x = ops.moveaxis(x, axis, -1)
    if inverse:
        type = _INVERSE_TYPE[type]
        norm = _transforms.swap_norm(norm)
    y = _apply(kind, type, x, length, norm, orthogonalize)
    return y if axis == _last(y) else ops.moveaxis(y, -1, axis)


def _transform_nd(kind, x, type, s, axes, norm, inverse, orthogonalize):
    """The 1-D transform along each of `axes` in turn, scipy.fft's s/axes rules."""
    if _is_pair(x) or isinstance(x, Complex):
        real, imag = _parts(x)
        return Complex(*(_transform_nd(kind, p, type, s, axes, norm, inverse, orthogonalize)
                         for p in (real, _transforms._promote(imag))))
    x = _transforms.real_input(x)
    lengths, axes = _transforms.shape_and_axes(x.shape, s, axes)
    for n, axis in zip(lengths, axes):
        x = _transform(kind, x, type, n, axis, norm, inverse, orthogonalize)
    return x


def dct(x, type=2, n=None, axis=-1, norm=None, orthogonalize=None):
    """One-dimensional discrete cosine transform, as `scipy.fft.dct`.

    Args:
        x: a real tensor (or a `Complex`, transformed part by part).
        type: 1, 2 (default), 3 or 4.
        n: length of the transform (zero-pad or truncate first); a type-1 DCT
            needs at least 2.
        axis: the axis to transform.
        norm: None / "backward", "ortho" or "forward", as scipy.fft.
        orthogonalize: whether to use the orthogonalized variant (the ends
            of types 1-3 weighted by sqrt(2)); `None` (default) for
            `norm == "ortho"`, as scipy.fft.

    Returns:
        A real tensor of the (resized) input's shape.

    Example:

    >>> dct(keras.ops.convert_to_tensor([1.0, 2.0, 3.0]), norm="ortho")
    """
    return _transform("dct", x, type, n, axis, norm, False, orthogonalize)


def idct(x, type=2, n=None, axis=-1, norm=None, orthogonalize=None):
    """One-dimensional inverse discrete cosine transform, as `scipy.fft.idct`:
    `idct(dct(x, t, norm=m), t, norm=m) == x` for every type and norm.

    Args:
        x: a real tensor (or a `Complex`, transformed part by part).
        type: 1, 2 (default), 3 or 4.
        n: length of the transform (zero-pad or truncate first); a type-1 DCT
            needs at least 2.
        axis: the axis to transform.
        norm: None / "backward", "ortho" or "forward", as scipy.fft.
        orthogonalize: whether to use the orthogonalized variant (the ends
            of types 1-3 weighted by sqrt(2)); `None` (default) for
            `norm == "ortho"`, as scipy.fft.

    Returns:
        A real tensor of the (resized) input's shape.

    Example:

    >>> y = idct(dct(x, type=3), type=3)
    >>> bool(numpy.allclose(keras.ops.convert_to_numpy(y), x, atol=1e-5))
    True
    """
    return _transform("dct", x, type, n, axis, norm, True, orthogonalize)


def dst(x, type=2, n=None, axis=-1, norm=None, orthogonalize=None):
    """One-dimensional discrete sine transform, as `scipy.fft.dst`.

    Args:
        x: a real tensor (or a `Complex`, transformed part by part).
        type: 1, 2 (default), 3 or 4.
        n: length of the transform (zero-pad or truncate first).
        axis: the axis to transform.
        norm: None / "backward", "ortho" or "forward", as scipy.fft.
        orthogonalize: whether to use the orthogonalized variant (the ends
            of types 1-3 weighted by sqrt(2)); `None` (default) for
            `norm == "ortho"`, as scipy.fft.

    Returns:
        A real tensor of the (resized) input's shape.

    Example:

    >>> dst(keras.ops.convert_to_tensor([1.0, 2.0, 3.0]), type=1)
    """
    return _transform("dst", x, type, n, axis, norm, False, orthogonalize)


def idst(x, type=2, n=None, axis=-1, norm=None, orthogonalize=None):
    """One-dimensional inverse discrete sine transform, as `scipy.fft.idst`:
    `idst(dst(x, t, norm=m), t, norm=m) == x` for every type and norm.

    Args:
        x: a real tensor (or a `Complex`, transformed part by part).
        type: 1, 2 (default), 3 or 4.
        n: length of the transform (zero-pad or truncate first).
        axis: the axis to transform.
        norm: None / "backward", "ortho" or "forward", as scipy.fft.
        orthogonalize: whether to use the orthogonalized variant (the ends
            of types 1-3 weighted by sqrt(2)); `None` (default) for
            `norm == "ortho"`, as scipy.fft.

    Returns:
        A real tensor of the (resized) input's shape.

    Example:

    >>> y = idst(dst(x, type=4), type=4)
    >>> bool(numpy.allclose(keras.ops.convert_to_numpy(y), x, atol=1e-5))
    True
    """
    return _transform("dst", x, type, n, axis, norm, True, orthogonalize)


def dctn(x, type=2, s=None, axes=None, norm=None, orthogonalize=None):
    """N-dimensional discrete cosine transform, as `scipy.fft.dctn`: the 1-D transform
    along each of `axes` in turn.

    Args:
        x: a real tensor (or a `Complex`, transformed part by part).
        type: 1, 2 (default), 3 or 4.
        s: lengths of the transformed axes (zero-pad or truncate first);
            None or -1 entries keep the input's length.
        axes: the axes to transform; the last `len(s)` axes when only `s`
            is given, else all.
        norm: None / "backward", "ortho" or "forward", as scipy.fft.
        orthogonalize: whether to use the orthogonalized variant; `None`
            (default) for `norm == "ortho"`.

    Returns:
        A real tensor (or `Complex`) of the (resized) input's shape.

    Example:

    >>> dctn(numpy.ones((4, 4)), norm="ortho")  # 4 at [0, 0], zeros elsewhere
    [[4., 0., 0., 0.],
     [0., 0., 0., 0.],
     [0., 0., 0., 0.],
     [0., 0., 0., 0.]]
    """
    return _transform_nd("dct", x, type, s, axes, norm, False, orthogonalize)


def idctn(x, type=2, s=None, axes=None, norm=None, orthogonalize=None):
    """N-dimensional inverse discrete cosine transform, as `scipy.fft.idctn`: the 1-D transform
    along each of `axes` in turn.

    Args:
        x: a real tensor (or a `Complex`, transformed part by part).
        type: 1, 2 (default), 3 or 4.
        s: lengths of the transformed axes (zero-pad or truncate first);
            None or -1 entries keep the input's length.
        axes: the axes to transform; the last `len(s)` axes when only `s`
            is given, else all.
        norm: None / "backward", "ortho" or "forward", as scipy.fft.
        orthogonalize: whether to use the orthogonalized variant; `None`
            (default) for `norm == "ortho"`.

    Returns:
        A real tensor (or `Complex`) of the (resized) input's shape.

    Example:

    >>> y = idctn(dctn(x, type=1), type=1)
    >>> bool(numpy.allclose(keras.ops.convert_to_numpy(y), x, atol=1e-5))
    True
    """
    return _transform_nd("dct", x, type, s, axes, norm, True, orthogonalize)


def dstn(x, type=2, s=None, axes=None, norm=None, orthogonalize=None):
    """N-dimensional discrete sine transform, as `scipy.fft.dstn`: the 1-D transform
    along each of `axes` in turn.

    Args:
        x: a real tensor (or a `Complex`, transformed part by part).
        type: 1, 2 (default), 3 or 4.
        s: lengths of the transformed axes (zero-pad or truncate first);
            None or -1 entries keep the input's length.
        axes: the axes to transform; the last `len(s)` axes when only `s`
            is given, else all.
        norm: None / "backward", "ortho" or "forward", as scipy.fft.
        orthogonalize: whether to use the orthogonalized variant; `None`
            (default) for `norm == "ortho"`.

    Returns:
        A real tensor (or `Complex`) of the (resized) input's shape.

    Example:

    >>> dstn(numpy.ones((3, 3)), type=1, axes=(0,))
    """
    return _transform_nd("dst", x, type, s, axes, norm, False, orthogonalize)


def idstn(x, type=2, s=None, axes=None, norm=None, orthogonalize=None):
    """N-dimensional inverse discrete sine transform, as `scipy.fft.idstn`: the 1-D transform
    along each of `axes` in turn.

    Args:
        x: a real tensor (or a `Complex`, transformed part by part).
        type: 1, 2 (default), 3 or 4.
        s: lengths of the transformed axes (zero-pad or truncate first);
            None or -1 entries keep the input's length.
        axes: the axes to transform; the last `len(s)` axes when only `s`
            is given, else all.
        norm: None / "backward", "ortho" or "forward", as scipy.fft.
        orthogonalize: whether to use the orthogonalized variant; `None`
            (default) for `norm == "ortho"`.

    Returns:
        A real tensor (or `Complex`) of the (resized) input's shape.

    Example:

    >>> idstn(dstn(x, s=(8, 8)), s=(8, 8))  # x, zero-padded to 8 x 8
    """
    return _transform_nd("dst", x, type, s, axes, norm, True, orthogonalize)
