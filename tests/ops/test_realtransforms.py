"""DCT/DST types 1-4 and their inverses against scipy.fft, float64 and float32."""

import numpy as np
import pytest
import scipy.fft as sfft

from keras_spectral import ops as kso
from keras_spectral.testing import RTOL, assert_close

CASES = [((9,), {}), ((4, 8), {"n": 11}), ((4, 7, 3), {"axis": 1, "n": 5}),
         ((2, 6, 3), {"axis": -3})]


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("norm", [None, "ortho", "forward"])
@pytest.mark.parametrize("type", [1, 2, 3, 4])
@pytest.mark.parametrize("name", ["dct", "idct", "dst", "idst"])
def test_matches_scipy(name, type, norm, dtype):
    rng = np.random.default_rng(type)
    for shape, kw in CASES:
        x = rng.standard_normal(shape).astype(dtype)
        got = getattr(kso, name)(x, type=type, norm=norm, **kw)
        want = getattr(sfft, name)(x.astype(np.float64), type=type, norm=norm, **kw)
        assert_close(got, want, RTOL[dtype], dtype, err_msg=f"{name}{type}{shape}{kw}")


@pytest.mark.parametrize("type", [1, 2, 3, 4])
def test_complex_input_is_transformed_part_by_part(type):
    rng = np.random.default_rng(0)
    z = rng.standard_normal((3, 6)) + 1j * rng.standard_normal((3, 6))
    got = kso.dct((z.real, z.imag), type=type, norm="ortho")
    assert_close(got, sfft.dct(z, type=type, norm="ortho"), RTOL["float64"], "float64")


def test_type1_length_two():
    x = np.array([1.0, 3.0])
    assert_close(kso.dct(x, type=1), sfft.dct(x, type=1), RTOL["float64"], "float64")
