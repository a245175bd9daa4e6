"""NumPy primitives (inference only: Keras's numpy backend cannot train)."""

import numpy as np

from keras_spectral.backend import numpy_conv


# Keras's numpy backend computes float64 arithmetic in float32, and its
# wrappers cost more than the arithmetic: numpy's own functions always.
ALWAYS_NATIVE = True
NATIVE_OPS = {
    name: getattr(np, name)
    for name in ("add", "subtract", "multiply", "divide", "negative", "matmul",
                 "einsum", "where", "sqrt", "square", "arctan2", "cos", "sin",
                 "exp", "absolute", "stack", "concatenate", "log", "maximum")
}
NATIVE_OPS.update(conv=numpy_conv.conv, conv_transpose=numpy_conv.conv_transpose)


def kernel_drops_planes(t):
    """numpy.fft.irfftn discards the planes' non-Hermitian part
    (`keras_spectral.backend.kernel_drops_planes`)."""
    return True


def c2c(real, imag, axes, norm, inverse):
    z = to_native(real, imag)
    fn = np.fft.ifftn if inverse else np.fft.fftn
    return from_native(fn(z, axes=axes, norm=norm))


def r2c(x, axes, norm):
    return from_native(np.fft.rfftn(x, axes=axes, norm=norm))


def c2r(real, imag, axes, n, norm, plane_index=(), planes=()):
    z = to_native(real, imag)
    for k, (pr, pi) in zip(plane_index, planes):
        view = z[_at(z.ndim, axes[-1], k)]
        view.real, view.imag = pr, pi
    s = [z.shape[a] for a in axes[:-1]] + [n]
    return np.fft.irfftn(z, s=s, axes=axes, norm=norm)


def filter_r2r(x, real, imag, axes, s):
    z = np.fft.rfftn(x, s=s, axes=axes) * to_native(real, imag)
    return np.fft.irfftn(z, s=s, axes=axes)


def fft_real(x, axes):
    return np.fft.fftn(x, axes=axes).real


def _at(ndim, axis, k):
    return (slice(None),) * axis + (slice(k, k + 1),)


def to_native(real, imag):
    real, imag = np.asarray(real), np.asarray(imag)
    z = np.empty(real.shape, np.result_type(real.dtype, np.complex64))
    z.real, z.imag = real, imag
    return z


def from_native(z):
    z = np.asarray(z)
    return z.real, z.imag


def grad(fn, args):
    raise NotImplementedError(
        "The numpy backend has no automatic differentiation; gradients need "
        "tensorflow, jax or torch."
    )


def list_devices():
    return ["cpu:0"]


def version():
    return np.__version__
