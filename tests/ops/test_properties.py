"""Property tests (hypothesis, 200 examples each, derandomized): inverse round
trips, Parseval, linearity, the shift theorem and the convolution theorem, over
random values, axes and norms and a pool of shapes, in float64."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from keras_spectral import complex as kc
from keras_spectral import ops as kso
from keras_spectral.testing import assert_close, to_numpy

NORMS = st.sampled_from([None, "backward", "ortho", "forward"])
TOL = 1e-9


# Shapes from a fixed pool (odd, even, prime and length-1 axes, ranks 1 to 3):
# the values, axes and norms vary freely, while a compiling backend (jax
# compiles every new shape) sees a bounded number of shapes.
SHAPES = [(1,), (2,), (5,), (8,), (12,), (3, 4), (1, 7), (6, 5), (8, 8), (2, 3, 4),
          (5, 1, 3), (4, 4, 2), (3, 5, 7)]
LENGTHS = [1, 2, 3, 5, 8, 11, 16]


@st.composite
def arrays_and_axes(draw, max_rank=3, max_size=8):
    shape = draw(st.sampled_from([s for s in SHAPES
                                  if len(s) <= max_rank and max(s) <= max_size]))
    rank = len(shape)
    axes = draw(st.lists(st.integers(0, rank - 1), min_size=1, max_size=rank, unique=True))
    axes = [a - rank if draw(st.booleans()) else a for a in axes]  # negative axes too
    seed = draw(st.integers(0, 2**31 - 1))
    return np.random.default_rng(seed).standard_normal(shape), tuple(axes), seed


@given(arrays_and_axes(), NORMS)
def test_inverse_round_trips(data, norm):
    x, axes, seed = data
    y = np.random.default_rng(seed + 1).standard_normal(x.shape)
    z = kso.ifftn(kso.fftn((x, y), axes=axes, norm=norm), axes=axes, norm=norm)
    assert_close(z, x + 1j * y, TOL)
    s = [x.shape[a] for a in axes]
    back = kso.irfftn(kso.rfftn(x, axes=axes, norm=norm), s=s, axes=axes, norm=norm)
    assert_close(back, x, TOL)


@given(arrays_and_axes(), NORMS)
def test_parseval(data, norm):
    x, axes, _ = data
    n = np.prod([x.shape[a] for a in axes])
    energy = to_numpy(kc.abs2(kso.fftn(x, axes=axes, norm=norm))).sum()
    factor = {None: n, "backward": n, "ortho": 1.0, "forward": 1.0 / n}[norm]
    np.testing.assert_allclose(energy, factor * np.sum(x**2), rtol=TOL)


@given(arrays_and_axes(), NORMS, st.floats(-3, 3), st.floats(-3, 3))
def test_linearity(data, norm, a, b):
    x, axes, seed = data
    y = np.random.default_rng(seed + 2).standard_normal(x.shape)
    lhs = kso.rfftn(a * x + b * y, axes=axes, norm=norm)
    fx, fy = kso.rfftn(x, axes=axes, norm=norm), kso.rfftn(y, axes=axes, norm=norm)
    rhs = kc.add(kc.scale(fx, a), kc.scale(fy, b))
    assert_close(lhs, to_numpy(rhs), TOL)


@given(arrays_and_axes(max_rank=2, max_size=12), st.integers(-20, 20), NORMS)
def test_shift_theorem(data, shift, norm):
    x, axes, _ = data
    axis = axes[0]
    n = x.shape[axis]
    rolled = kso.fft(np.roll(x, shift, axis=axis), axis=axis, norm=norm)
    phase = -2 * np.pi * np.fft.fftfreq(n) * shift
    shape = [1] * x.ndim
    shape[axis] = n
    expected = to_numpy(kso.fft(x, axis=axis, norm=norm)) * np.exp(1j * phase).reshape(shape)
    assert_close(rolled, expected, TOL)


@given(st.sampled_from(LENGTHS), st.sampled_from(LENGTHS), st.integers(0, 2**31 - 1))
def test_convolution_theorem(n1, n2, seed):
    rng = np.random.default_rng(seed)
    x, y = rng.standard_normal(n1), rng.standard_normal(n2)
    # linear convolution: fftconvolve == the direct sum
    assert_close(kso.fftconvolve(x, y), np.convolve(x, y), TOL)
    # circular convolution: irfft(rfft(x) * rfft(y)) == the direct circular sum
    n = max(n1, n2)
    xp, yp = np.pad(x, (0, n - n1)), np.pad(y, (0, n - n2))
    direct = np.array([sum(xp[j] * yp[(k - j) % n] for j in range(n)) for k in range(n)])
    circular = kso.irfft(kc.multiply(kso.rfft(xp), kso.rfft(yp)), n=n)
    assert_close(circular, direct, TOL)
