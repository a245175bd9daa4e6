"""OpenVINO primitives (inference only: Keras's openvino backend cannot train).

OpenVINO's Keras backend has no FFT op and no complex dtype, so every
transform runs as real matrix products (`backend.matmul`, chosen by
`keras_spectral.backend` whatever the transform method); this module holds
the rest of the backend interface.
"""

import openvino

NATIVE_OPS = {}


def _no_complex():
    raise TypeError(
        "The openvino backend has no complex tensors; use keras_spectral.Complex "
        "(real, imag) pairs.")


def to_native(real, imag):
    _no_complex()


def from_native(z):
    _no_complex()


def grad(fn, args):
    raise NotImplementedError(
        "The openvino backend has no automatic differentiation; gradients need "
        "tensorflow, jax or torch."
    )


def list_devices():
    return ["cpu:0"]


def version():
    return openvino.__version__
