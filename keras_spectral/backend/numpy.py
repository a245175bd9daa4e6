"""NumPy primitives (inference only: Keras's numpy backend cannot train)."""

import numpy as np


FLOAT64_OPS = {
    name: getattr(np, name)
    for name in ("add", "subtract", "multiply", "divide", "negative", "matmul",
                 "einsum", "where", "sqrt", "square", "arctan2", "cos", "sin",
                 "exp", "absolute")
}


def c2c(real, imag, axes, norm, inverse):
    z = to_native(real, imag)
    fn = np.fft.ifftn if inverse else np.fft.fftn
    return from_native(fn(z, axes=axes, norm=norm))


def r2c(x, axes, norm):
    return from_native(np.fft.rfftn(x, axes=axes, norm=norm))


def c2r(real, imag, axes, n, norm):
    z = to_native(real, imag)
    s = [z.shape[a] for a in axes[:-1]] + [n]
    return np.fft.irfftn(z, s=s, axes=axes, norm=norm)


def to_native(real, imag):
    return np.asarray(real) + 1j * np.asarray(imag)


def from_native(z):
    z = np.asarray(z)
    return np.ascontiguousarray(z.real), np.ascontiguousarray(z.imag)


def grad(fn, args):
    raise NotImplementedError(
        "The numpy backend has no automatic differentiation; gradients need "
        "tensorflow, jax or torch."
    )


def list_devices():
    return ["cpu:0"]


def version():
    return np.__version__
