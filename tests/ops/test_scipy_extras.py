"""scipy.fft's n-dimensional real-to-real and Hermitian transforms and the
`orthogonalize` switch, against scipy.fft in float64, on every backend."""

import numpy as np
import pytest
import scipy.fft as sfft

from keras_spectral import ops as kso
from keras_spectral.testing import assert_close

NORMS = [None, "backward", "ortho", "forward"]


@pytest.mark.parametrize("name", ["dct", "idct", "dst", "idst"])
@pytest.mark.parametrize("type", [1, 2, 3, 4])
@pytest.mark.parametrize("norm", NORMS)
@pytest.mark.parametrize("orthogonalize", [None, True, False])
def test_orthogonalize_matches_scipy(name, type, norm, orthogonalize):
    x = np.random.default_rng(type).standard_normal((3, 7))
    expected = getattr(sfft, name)(x, type=type, norm=norm, orthogonalize=orthogonalize)
    out = getattr(kso, name)(x, type=type, norm=norm, orthogonalize=orthogonalize)
    assert_close(out, expected, 1e-10)


@pytest.mark.parametrize("name", ["dctn", "idctn", "dstn", "idstn"])
@pytest.mark.parametrize("type", [1, 2, 3, 4])
@pytest.mark.parametrize("s, axes", [(None, None), ((6, 5), None), (None, (0, 2)),
                                     ((4, -1), (2, 0)), ((9,), None)])
def test_nd_real_transforms_match_scipy(name, type, s, axes):
    x = np.random.default_rng(len(name) + type).standard_normal((5, 4, 6))
    norm = ["ortho", None, "forward", "backward"][type - 1]
    kwargs = {"type": type, "s": s, "axes": axes, "norm": norm}
    assert_close(getattr(kso, name)(x, **kwargs), getattr(sfft, name)(x, **kwargs), 1e-10)


@pytest.mark.parametrize("norm", NORMS)
@pytest.mark.parametrize("s, axes", [(None, None), ((6, 8), None), (None, (0, 2)),
                                     ((5, 7), (2, 1))])
def test_hermitian_nd_transforms_match_scipy(norm, s, axes):
    rng = np.random.default_rng(5)
    z = rng.standard_normal((4, 5, 6)) + 1j * rng.standard_normal((4, 5, 6))
    x = rng.standard_normal((4, 5, 6))
    out = kso.hfftn((z.real, z.imag), s=s, axes=axes, norm=norm)
    assert_close(out, sfft.hfftn(z, s=s, axes=axes, norm=norm), 1e-10)
    out = kso.ihfftn(x, s=s, axes=axes, norm=norm)
    assert_close(out, sfft.ihfftn(x, s=s, axes=axes, norm=norm), 1e-10)


def test_hermitian_2d_transforms_match_scipy():
    rng = np.random.default_rng(6)
    z = rng.standard_normal((3, 4, 5)) + 1j * rng.standard_normal((3, 4, 5))
    x = rng.standard_normal((3, 4, 8))
    assert_close(kso.hfft2((z.real, z.imag)), sfft.hfft2(z), 1e-10)
    assert_close(kso.ihfft2(x, norm="ortho"), sfft.ihfft2(x, norm="ortho"), 1e-10)
    assert_close(kso.hfft2(kso.ihfft2(x), s=(4, 8)), x, 1e-10)


def test_bad_arguments():
    x = np.ones((4, 4))
    with pytest.raises(TypeError, match="`orthogonalize` must be None, True or False; got 1"):
        kso.dct(x, orthogonalize=1)
    with pytest.raises(ValueError, match="`type` must be one of 1, 2, 3, 4; got 5"):
        kso.dctn(x, type=5)
    with pytest.raises(ValueError, match="`s` and `axes` must have the same length"):
        kso.idstn(x, s=(4, 4), axes=(0,))
    with pytest.raises(TypeError, match="must be real"):
        kso.ihfftn((x, x))
