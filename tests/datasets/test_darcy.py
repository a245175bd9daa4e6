"""The Darcy flow dataset: the scheme's second-order convergence on a
manufactured solution, the iterative solver against a sparse direct solve,
the Gaussian field's covariance against its spectrum, the splits, the cache
and argument checks. numpy (and scipy for the direct solve) only."""

import os

import numpy as np
import pytest

from keras_spectral.datasets import darcy
from keras_spectral.datasets import _darcy_solver


def manufactured(n):
    """(a, f, u) at the n x n nodes: u = sin(pi x) sin(pi y) solves
    -div(a grad u) = f for a = 2 + sin(2 pi x + 1) cos(pi y)."""
    x, y = np.meshgrid(np.linspace(0, 1, n), np.linspace(0, 1, n), indexing="ij")
    a = 2 + np.sin(2 * np.pi * x + 1) * np.cos(np.pi * y)
    ax = 2 * np.pi * np.cos(2 * np.pi * x + 1) * np.cos(np.pi * y)
    ay = -np.pi * np.sin(2 * np.pi * x + 1) * np.sin(np.pi * y)
    u = np.sin(np.pi * x) * np.sin(np.pi * y)
    ux = np.pi * np.cos(np.pi * x) * np.sin(np.pi * y)
    uy = np.pi * np.sin(np.pi * x) * np.cos(np.pi * y)
    f = -(ax * ux + ay * uy) + 2 * np.pi**2 * a * u
    return a, f, u


def test_scheme_converges_at_second_order():
    errors = []
    for n in (17, 33, 65, 129):
        a, f, u = manufactured(n)
        errors.append(np.abs(darcy.solve(a, f) - u).max())
    orders = np.log2(np.array(errors[:-1]) / np.array(errors[1:]))
    assert np.all((orders > 1.9) & (orders < 2.1)), (errors, orders)
    assert errors[-1] < 1e-3


def test_iterative_solver_equals_a_sparse_direct_solve():
    sparse = pytest.importorskip("scipy.sparse")
    linalg = pytest.importorskip("scipy.sparse.linalg")
    n = 43
    a = darcy.sample_coefficients(2, seed=4, resolution=43)
    u = darcy.solve(a)
    for i in range(2):
        diag, cx, cy = (c[0] for c in _darcy_solver.stencil(a[i:i + 1], 1.0 / (n - 1)))
        m = n - 2
        index = np.arange(m * m).reshape(m, m)
        rows = [index.ravel(), index[:-1].ravel(), index[1:].ravel(),
                index[:, :-1].ravel(), index[:, 1:].ravel()]
        cols = [index.ravel(), index[1:].ravel(), index[:-1].ravel(),
                index[:, 1:].ravel(), index[:, :-1].ravel()]
        vals = [diag.ravel(), -cx.ravel(), -cx.ravel(), -cy.ravel(), -cy.ravel()]
        mat = sparse.csr_matrix((np.concatenate(vals), (np.concatenate(rows),
                                                         np.concatenate(cols))))
        assert abs(mat - mat.T).max() == 0
        direct = linalg.spsolve(mat.tocsc(), np.ones(m * m)).reshape(m, m)
        np.testing.assert_allclose(u[i, 1:-1, 1:-1], direct, rtol=1e-8, atol=1e-14)
        assert np.all(u[i, [0, -1]] == 0) and np.all(u[i, :, [0, -1]] == 0)


def test_constant_coefficient_scales_the_poisson_solution():
    u1 = darcy.solve(np.ones((33, 33)))
    np.testing.assert_allclose(darcy.solve(np.full((33, 33), 4.0)), u1 / 4, rtol=1e-9)
    # the centre of -Delta u = 1 on the unit square is 0.07367
    assert abs(u1[16, 16] - 0.07367) < 2e-4


def test_gaussian_field_has_the_covariance_of_its_spectrum():
    z = darcy.sample_gaussian_field(150, seed=2)
    n = darcy.GRID_POINTS
    # DCT-I with trapezoid weights inverts the nodal cosine expansion exactly.
    w = np.ones(n)
    w[[0, -1]] = 0.5
    k = np.arange(n)
    basis = np.cos(np.pi * np.outer(k, k) / (n - 1)) * np.where(k > 0, np.sqrt(2), 1.0)
    norm = np.where(k == n - 1, 2.0, 1.0)  # sum'' of basis^2 / (n - 1)
    picked = [(0, 1), (1, 0), (1, 1), (2, 3), (5, 0), (7, 9)]
    for kx, ky in picked:
        proj = np.einsum("sij,i,j->s", z, w * basis[:, kx], w * basis[:, ky])
        coef = proj / ((n - 1) ** 2 * norm[kx] * norm[ky])
        expected = (np.pi**2 * (kx**2 + ky**2) + 9.0) ** -2
        assert abs(np.var(coef) / expected - 1) < 0.35, (kx, ky)  # chi^2, 150 dof: 3 sd
    mean = np.einsum("sij,i,j->s", z, w, w) / (n - 1) ** 2
    assert np.abs(mean).max() < 1e-15  # the mean mode is zero


def test_coefficients_are_two_valued_with_balanced_phases():
    a = darcy.sample_coefficients(40, seed=1, resolution=85)
    assert set(np.unique(a)) == {3.0, 12.0}
    assert 0.35 < np.mean(a == 12.0) < 0.65


def test_samples_depend_on_seed_and_index_only():
    a = darcy.sample_gaussian_field(3, seed=7, resolution=43)
    np.testing.assert_array_equal(darcy.sample_gaussian_field(1, seed=7, start=2,
                                                              resolution=43)[0], a[2])
    np.testing.assert_allclose(darcy.sample_gaussian_field(3, seed=7, resolution=421)[:, ::10, ::10],
                               a, rtol=1e-10, atol=1e-13)
    assert not np.allclose(darcy.sample_gaussian_field(3, seed=8, resolution=43), a)


def test_resolutions_hold_the_same_functions_and_splits(tmp_path):
    (x1, y1), (xt1, yt1) = darcy.load_data(421, 2, 1, cache_dir=tmp_path, verbose=0,
                                           num_samples=5)
    (x2, y2), (xt2, yt2) = darcy.load_data(85, 2, 1, cache_dir=tmp_path, verbose=0,
                                           num_samples=5)
    assert x2.shape == y2.shape == (2, 85, 85, 1) and x2.dtype == y2.dtype == np.float32
    for coarse, fine in ((x2, x1), (y2, y1), (xt2, xt1), (yt2, yt1)):
        np.testing.assert_array_equal(coarse, fine[:, ::5, ::5])
    # the test set is the last draw of num_samples
    np.testing.assert_array_equal(xt2[0, ..., 0], darcy.sample_coefficients(
        1, start=4, resolution=85)[0])
    assert np.all(y2 >= 0) and np.all(y2[:, 0] == 0) and y2.max() > 0.005


def test_cache_is_keyed_reused_and_a_corrupt_file_recomputed(tmp_path, monkeypatch):
    first = darcy.load_data(29, 2, 1, seed=3, cache_dir=tmp_path, verbose=0)
    (path,) = tmp_path.iterdir()
    for part in ("v1", "res29", "train2", "test1", "of1200", "seed3"):
        assert part in path.name
    path.write_bytes(b"not an npz file")
    again = darcy.load_data(29, 2, 1, seed=3, cache_dir=tmp_path, verbose=0)
    np.testing.assert_array_equal(again[0][1], first[0][1])

    def fail(*args, **kwargs):
        raise AssertionError("solved again despite the cache")

    monkeypatch.setattr(darcy, "solve", fail)
    cached = darcy.load_data(29, 2, 1, seed=3, cache_dir=tmp_path, verbose=0)
    np.testing.assert_array_equal(cached[1][0], first[1][0])
    assert os.listdir(tmp_path) == [path.name]  # no temporary left over


def test_progress_bar_only_when_verbose(tmp_path, capsys):
    darcy.load_data(5, 2, 0, cache_dir=tmp_path / "a", verbose=0)
    assert capsys.readouterr().out == ""
    darcy.load_data(5, 2, 0, cache_dir=tmp_path / "b", verbose=1)
    assert "2/2" in capsys.readouterr().out


@pytest.mark.parametrize("kwargs, error, match", [
    ({"resolution": 86}, ValueError, "`resolution`.*86"),
    ({"resolution": 1}, ValueError, "`resolution`.*1"),
    ({"resolution": 85.0}, ValueError, "`resolution`.*85.0"),
    ({"resolution": True}, ValueError, "`resolution`"),
    ({"resolution": 841}, ValueError, "`resolution`.*841"),
    ({"num_train": -1}, ValueError, "`num_train`.*-1"),
    ({"num_test": 1.5}, TypeError, "`num_test`"),
    ({"num_train": 1200, "num_test": 1}, ValueError, "`num_samples`.*1201"),
    ({"seed": None}, TypeError, "`seed`"),
    ({"cache_dir": 3}, TypeError, "`cache_dir`"),
])
def test_load_data_rejects_bad_arguments(kwargs, error, match, tmp_path):
    kwargs = {"num_train": 1, "num_test": 0, "cache_dir": tmp_path, "verbose": 0, **kwargs}
    with pytest.raises(error, match=match):
        darcy.load_data(**kwargs)


@pytest.mark.parametrize("args, kwargs, error, match", [
    ((np.ones((4, 5)),), {}, ValueError, "`coefficient`"),
    ((np.ones((2, 2)),), {}, ValueError, "`coefficient`"),
    ((np.ones((5, 5)) + 1j,), {}, TypeError, "`coefficient`"),
    ((np.zeros((5, 5)),), {}, ValueError, "`coefficient`"),
    ((np.full((5, 5), np.nan),), {}, ValueError, "`coefficient`"),
    ((np.ones((5, 5)),), {"forcing": np.inf}, ValueError, "`forcing`"),
    ((np.ones((5, 5)),), {"verbose": "yes"}, TypeError, "`verbose`"),
])
def test_solve_rejects_bad_arguments(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        darcy.solve(*args, **kwargs)


def test_public_surface():
    assert {85, 141, 211, 421} <= set(darcy.resolutions())
    for name in ("load_data", "solve", "sample_coefficients", "sample_gaussian_field",
                 "resolutions", "check_resolution"):
        assert callable(getattr(darcy, name)), name  # docstrings: test_docs_reference
