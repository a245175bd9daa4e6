"""hilbert and fftconvolve against scipy.signal."""

import numpy as np
import pytest
import scipy.signal as ss

from keras_spectral import ops as kso
from keras_spectral.testing import RTOL, assert_close


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_hilbert_matches_scipy(dtype):
    rng = np.random.default_rng(0)
    for shape, kw in [((16,), {}), ((15,), {}), ((3, 10), {"N": 13}),
                      ((5, 4), {"axis": 0}), ((2, 9, 3), {"axis": -2, "N": 6})]:
        x = rng.standard_normal(shape).astype(dtype)
        assert_close(kso.hilbert(x, **kw), ss.hilbert(x.astype(np.float64), **kw),
                     RTOL[dtype], dtype, err_msg=f"{shape}{kw}")


CONV_CASES = [
    ((10,), (4,), None),
    ((4,), (10,), None),
    ((6, 7), (3, 4), None),
    ((3, 8, 5), (3, 3, 2), (1, 2)),
    ((3, 8, 5), (1, 4, 5), (1,)),
]


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("mode", ["full", "same", "valid"])
@pytest.mark.parametrize("kinds", ["real", "complex", "mixed"])
def test_fftconvolve_matches_scipy(kinds, mode, dtype):
    rng = np.random.default_rng(1)
    for s1, s2, axes in CONV_CASES:
        a, b = rng.standard_normal(s1), rng.standard_normal(s2)
        if kinds in ("complex", "mixed"):
            b = b + 1j * rng.standard_normal(s2)
        if kinds == "complex":
            a = a + 1j * rng.standard_normal(s1)

        def arg(v):
            v32 = (v.real.astype(dtype), v.imag.astype(dtype)) if np.iscomplexobj(v) else v.astype(dtype)
            ref = (v32[0].astype(np.float64) + 1j * v32[1].astype(np.float64)
                   if isinstance(v32, tuple) else v32.astype(np.float64))
            return v32, ref

        (a_in, a_ref), (b_in, b_ref) = arg(a), arg(b)
        got = kso.fftconvolve(a_in, b_in, mode=mode, axes=axes)
        want = ss.fftconvolve(a_ref, b_ref, mode=mode, axes=axes)
        assert_close(got, want, RTOL[dtype], dtype, err_msg=f"{s1}{s2}{axes}")
