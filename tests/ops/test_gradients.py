"""Gradients of every differentiable op against central finite differences in
float64, on tensorflow, jax and torch."""

import numpy as np
import pytest

from keras_spectral import complex as kc
from keras_spectral import ops as kso
from keras_spectral.testing import check_gradients

pytestmark = pytest.mark.trains

RNG = np.random.default_rng(0)


def _x(*shape):
    return RNG.standard_normal(shape)


COMPLEX_OPS = [
    ("fft", {"n": 7}), ("ifft", {"norm": "ortho"}), ("fft2", {}), ("ifft2", {"s": (3, 5)}),
    ("fftn", {"axes": (0,)}), ("ifftn", {"norm": "forward"}),
    ("irfft", {}), ("irfft", {"n": 7}), ("irfft2", {"s": (4, 6)}),
    ("irfftn", {"s": (3, 5)}), ("hfft", {"n": 5}),
]
REAL_OPS = [
    ("rfft", {}), ("rfft", {"n": 5, "norm": "ortho"}), ("rfft2", {}),
    ("rfftn", {"s": (3, 7)}), ("rfftn", {"axes": (1, 0), "norm": "forward"}),
    ("rfft", {"axis": 0, "norm": "ortho"}), ("ihfft", {}), ("hilbert", {}), ("hilbert", {"N": 7}),
    ("fftshift", {}), ("ifftshift", {"axes": (0,)}),
] + [(name, {"type": t, "norm": norm}) for name in ("dct", "idct", "dst", "idst")
     for t in (1, 2, 3, 4) for norm in (None, "ortho")]


@pytest.mark.parametrize("name,kw", COMPLEX_OPS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(COMPLEX_OPS)])
def test_complex_input_ops(name, kw):
    fn = getattr(kso, name)
    check_gradients(lambda re, im: fn((re, im), **kw), [_x(3, 4), _x(3, 4)])


@pytest.mark.parametrize("name,kw", REAL_OPS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(REAL_OPS)])
def test_real_input_ops(name, kw):
    fn = getattr(kso, name)
    check_gradients(lambda x: fn(x, **kw), [_x(3, 6)])


@pytest.mark.parametrize("mode", ["full", "same", "valid"])
def test_fftconvolve(mode):
    check_gradients(lambda a, b: kso.fftconvolve(a, b, mode=mode), [_x(3, 7), _x(2, 3)])
    check_gradients(lambda a, br, bi: kso.fftconvolve(a, (br, bi), mode=mode),
                    [_x(6), _x(3), _x(3)])


SHIM = [
    ("multiply", 2), ("divide", 2), ("add", 2), ("subtract", 2), ("conj", 1),
    ("abs", 1), ("abs2", 1), ("angle", 1), ("exp", 1),
]


@pytest.mark.parametrize("name,arity", SHIM)
def test_complex_shim(name, arity):
    fn = getattr(kc, name)

    def f(*parts):
        return fn(*[(parts[2 * i], parts[2 * i + 1]) for i in range(arity)])

    check_gradients(f, [_x(2, 3) + 2.0 for _ in range(2 * arity)])


@pytest.mark.parametrize("method", ["block", "gauss", "naive"])
def test_complex_products(method):
    check_gradients(lambda ar, ai, br, bi: kc.matmul((ar, ai), (br, bi), method=method),
                    [_x(2, 3), _x(2, 3), _x(3, 2), _x(3, 2)])
    check_gradients(lambda ar, ai, br, bi: kc.einsum("bi,io->bo", (ar, ai), (br, bi), method=method),
                    [_x(2, 3), _x(2, 3), _x(3, 2), _x(3, 2)])


def test_from_polar():
    check_gradients(kc.from_polar, [_x(2, 3), _x(2, 3)])


def test_complex_scale_concatenate_stack():
    check_gradients(lambda r, i, f: kc.scale((r, i), f), [_x(2, 3), _x(2, 3), _x(2, 3)])
    check_gradients(lambda r, i, x: kc.concatenate([(r, i), x], axis=1),
                    [_x(2, 3), _x(2, 3), _x(2, 2)])
    check_gradients(lambda r, i, x: kc.stack([(r, i), x], axis=-1),
                    [_x(2, 3), _x(2, 3), _x(2, 3)])
