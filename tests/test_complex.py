"""The complex shim against NumPy complex arithmetic, eagerly and symbolically."""

import keras
import numpy as np
import pytest

from keras_spectral import Complex, backend
from keras_spectral import complex as kc
from keras_spectral.testing import RTOL, assert_close, to_numpy

RNG = np.random.default_rng(0)


def _z(*shape):
    return RNG.standard_normal(shape) + 1j * RNG.standard_normal(shape)


def _pair(z):
    return (z.real, z.imag)


A, B = _z(3, 4), _z(3, 4)
R = RNG.standard_normal((3, 4))

BINARY = {
    "add": np.add, "subtract": np.subtract, "multiply": np.multiply,
    "divide": np.divide,
}
UNARY = {
    "conj": np.conj, "abs": np.abs, "abs2": lambda z: np.abs(z) ** 2,
    "angle": np.angle, "exp": np.exp, "unit": lambda z: z / np.abs(z),
}


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary(name):
    fn, ref = getattr(kc, name), BINARY[name]
    assert_close(fn(_pair(A), _pair(B)), ref(A, B), RTOL["float64"], "float64")
    # a real tensor is a complex value with zero imaginary part, on either side
    assert_close(fn(_pair(A), R), ref(A, R), RTOL["float64"], "float64")
    assert_close(fn(R, _pair(B)), ref(R, B), RTOL["float64"], "float64")
    assert_close(fn(R, R + 2.0), ref(R + 0j, R + 2.0), RTOL["float64"], "float64")


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary(name):
    fn, ref = getattr(kc, name), UNARY[name]
    assert_close(fn(_pair(A)), ref(A), RTOL["float64"], "float64")
    assert_close(fn(Complex(*_pair(A))), ref(A), RTOL["float64"], "float64")


def test_zero_magnitude_phase_and_unit():
    # defined values at 0 (numpy's angle 0; unit 1) and NaN propagated
    z = np.array([0j, 3 + 4j, np.nan + 0j])
    assert_close(kc.abs(_pair(z))[:2], [0.0, 5.0], RTOL["float64"], "float64")
    assert_close(kc.angle(_pair(z))[:2], np.angle(z[:2]), RTOL["float64"], "float64")
    unit = kc.unit(_pair(z))
    assert_close(Complex(unit.real[:2], unit.imag[:2]), [1.0, 0.6 + 0.8j], RTOL["float64"],
                 "float64")
    for value in (kc.abs(_pair(z)), kc.angle(_pair(z)), unit.real):
        assert np.isnan(to_numpy(value)[2])


def test_zero_magnitude_gradients_are_finite():
    if keras.backend.backend() == "numpy":
        pytest.skip("no autodiff on the numpy backend")
    zero = keras.ops.zeros(3, "float64")
    for fn in (kc.abs, kc.angle, lambda p: kc.unit(p).real, lambda p: kc.unit(p).imag):
        grads = backend.grad(lambda r, i: keras.ops.sum(fn((r, i))), [zero, zero])
        for g in grads:
            assert_close(g, np.zeros(3), RTOL["float64"], "float64")


def test_real_input_to_unary():
    assert_close(kc.abs(R), np.abs(R), RTOL["float64"], "float64")
    assert_close(kc.angle(R), np.angle(R), RTOL["float64"], "float64")
    assert_close(kc.conj(R), R + 0j, RTOL["float64"], "float64")


def test_polar_scale_zeros_concatenate_stack():
    mag, phase = np.abs(A), np.angle(A)
    assert_close(kc.from_polar(mag, phase), A, RTOL["float64"], "float64")
    assert_close(kc.scale(_pair(A), R), A * R, RTOL["float64"], "float64")
    assert_close(kc.scale(_pair(A), 2.5), A * 2.5, RTOL["float64"], "float64")
    np.testing.assert_array_equal(to_numpy(kc.zeros_like(_pair(A))), np.zeros_like(A))
    assert_close(kc.concatenate([_pair(A), R], axis=1), np.concatenate([A, R], 1),
                 RTOL["float64"], "float64")
    assert_close(kc.stack([_pair(A), _pair(B)], axis=-1), np.stack([A, B], -1),
                 RTOL["float64"], "float64")


@pytest.mark.parametrize("method", ["auto", "block", "gauss", "naive"])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_matmul(method, dtype):
    a, b = _z(2, 3, 4), _z(2, 4, 5)
    cast = lambda z: (z.real.astype(dtype), z.imag.astype(dtype))  # noqa: E731
    want = (a.real.astype(dtype) + 1j * a.imag.astype(dtype)) @ (
        b.real.astype(dtype) + 1j * b.imag.astype(dtype))
    assert_close(kc.matmul(cast(a), cast(b), method=method), want, RTOL[dtype], dtype)
    assert_close(kc.matmul(a.real, cast(b), method=method),
                 a.real @ (b.real + 1j * b.imag.astype(dtype)), RTOL[dtype], dtype)


EINSUMS = [
    ("bi,io->bo", [(4, 3), (3, 5)]),
    ("bixy,ioxy->boxy", [(2, 3, 4, 5), (3, 6, 4, 5)]),
    ("...i,ij->...j", [(2, 3, 4), (4, 2)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 2)]),
    ("ij,jk", [(2, 3), (3, 4)]),
    ("ii->i", [(3, 3)]),
]


@pytest.mark.parametrize("method", ["block", "gauss", "naive"])
@pytest.mark.parametrize("spec,shapes", EINSUMS, ids=[e[0] for e in EINSUMS])
def test_einsum(spec, shapes, method):
    ops_ = [_z(*s) for s in shapes]
    got = kc.einsum(spec, *[_pair(z) for z in ops_], method=method)
    assert_close(got, np.einsum(spec, *ops_), RTOL["float64"], "float64")


def test_native_round_trip(device):
    z = kc.to_native(_pair(A))
    assert "complex128" in str(z.dtype)
    back = kc.from_native(z)
    assert isinstance(back, Complex)
    assert_close(back, A, 0.0, "float64")
    # a native complex tensor is accepted wherever a Complex is
    assert_close(kc.multiply(z, _pair(B)), A * B, RTOL["float64"], "float64")


def test_symbolic_model():
    re, im = keras.Input(shape=(3, 4)), keras.Input(shape=(3, 4))
    w = (keras.ops.ones((4, 2)), keras.ops.zeros((4, 2)))
    out = kc.matmul(kc.exp((re, im)), w)
    mag = kc.abs(out)
    assert tuple(mag.shape) == (None, 3, 2)
    model = keras.Model([re, im], [mag, kc.angle(out)])
    a = _z(2, 3, 4)
    got_mag, got_angle = model.predict([a.real.astype("float32"), a.imag.astype("float32")], verbose=0)
    want = np.exp(a) @ np.ones((4, 2))
    assert_close(got_mag, np.abs(want), 1e-5)
    assert_close(got_angle, np.angle(want), 1e-5)


def test_complex_properties():
    z = Complex(np.ones((2, 3), "float32"), np.zeros((2, 3), "float32"))
    assert z.shape == (2, 3) and z.dtype == "float32"
    assert z * 2 == (z.real, z.imag, z.real, z.imag)  # tuples keep Python's meaning


def test_auto_method_is_the_measured_fastest():
    assert kc.auto_method("torch") == "block"
    for name in ("tensorflow", "jax", "numpy"):
        assert kc.auto_method(name) == "naive"
    assert kc.auto_method() == kc.auto_method(keras.backend.backend())


def test_block_form():
    b = _z(3, 2)
    block = to_numpy(kc.block_form(_pair(b)))
    a = _z(4, 3)
    row = np.concatenate([a.real, a.imag], axis=-1) @ block
    assert_close(row[:, :2] + 1j * row[:, 2:], a @ b, RTOL["float64"], "float64")
    with pytest.raises(TypeError):
        kc.block_form("matrix")
