"""The phase-keyed dataset: the signal is the documented tone, the splits are
deterministic and balanced, the magnitude spectrum carries no label, the
phase carries all of it, and bad arguments name themselves. numpy only."""

import numpy as np
import pytest

from keras_spectral.datasets import psk


def test_signal_is_the_documented_tone():
    x, y, info = psk.generate(40, seed=3, noise_std=0.0)
    t = np.arange(64)
    expected = info["amplitude"][:, None] * np.cos(
        2 * np.pi * (np.outer(info["bin"], t) / 64 + y[:, None] / 8))
    np.testing.assert_allclose(x, expected, rtol=0, atol=1e-6)
    assert x.dtype == np.float32 and y.dtype == np.int32
    assert ((2 <= info["bin"]) & (info["bin"] <= 30)).all()
    assert ((0.5 <= info["amplitude"]) & (info["amplitude"] <= 2.0)).all()


def test_spectrum_of_a_clean_tone_is_its_phase_on_one_bin():
    x, y, info = psk.generate(50, seed=4, noise_std=0.0, num_classes=4, bins=(3, 9))
    z = np.fft.rfft(x.astype(np.float64))
    k = info["bin"]
    tone = z[np.arange(50), k]
    np.testing.assert_allclose(tone, info["amplitude"] * 32 * np.exp(2j * np.pi * y / 4),
                               rtol=1e-5, atol=1e-4)
    z[np.arange(50), k] = 0
    assert np.abs(z).max() < 1e-4  # nothing on any other bin


def test_load_data_is_deterministic_balanced_and_splits_are_independent():
    (x1, y1), (t1, u1) = psk.load_data(800, 200, seed=5)
    (x2, y2), (t2, u2) = psk.load_data(800, 200, seed=5)
    np.testing.assert_array_equal(x1, x2)
    np.testing.assert_array_equal(u1, u2)
    assert x1.shape == (800, 64) and t1.shape == (200, 64)
    assert np.array_equal(np.bincount(y1), np.full(8, 100))
    assert np.array_equal(np.bincount(u1), np.full(8, 25))
    (_, _), (t3, _) = psk.load_data(10, 200, seed=5)  # test split ignores num_train
    np.testing.assert_array_equal(t1, t3)
    (x4, _), _ = psk.load_data(800, 200, seed=6)
    assert not np.allclose(x1, x4)


def test_magnitude_spectrum_carries_no_label_and_phase_carries_it():
    (x, y), (xt, yt) = psk.load_data(4000, 2000, seed=0)
    # the best a nearest-centroid classifier of |rfft| does: chance
    mag, mag_t = np.abs(np.fft.rfft(x)), np.abs(np.fft.rfft(xt))
    centroids = np.stack([mag[y == c].mean(0) for c in range(8)])
    guess = np.argmin(((mag_t[:, None] - centroids[None]) ** 2).sum(-1), axis=1)
    assert abs(np.mean(guess == yt) - 0.125) < 0.04
    # per class, the tone's magnitude has the same mean within its spread
    _, _, info = psk.generate(2000, seed=1)
    tone = np.abs(np.fft.rfft(xt))[np.arange(2000), info["bin"]]
    means = np.array([tone[yt == c].mean() for c in range(8)])
    assert means.std() < 3 * tone.std() / np.sqrt(250)
    # the phase: the coherent detector is near perfect
    assert np.mean(psk.coherent_detector(xt) == yt) > 0.99


def test_coherent_detector_is_exact_without_noise():
    x, y, _ = psk.generate(64, seed=2, noise_std=0.0, num_classes=16, length=128)
    np.testing.assert_array_equal(psk.coherent_detector(x, num_classes=16), y)


@pytest.mark.parametrize("kwargs, error, name", [
    ({"length": 4}, ValueError, "length"),
    ({"length": 64.0}, TypeError, "length"),
    ({"num_classes": 1}, ValueError, "num_classes"),
    ({"bins": (0, 10)}, ValueError, "bins"),
    ({"bins": (5, 32)}, ValueError, "bins"),
    ({"bins": 5}, TypeError, "bins"),
    ({"bins": (9, 5)}, ValueError, "bins"),
    ({"amplitude_range": (0.0, 1.0)}, ValueError, "amplitude_range"),
    ({"amplitude_range": (1.0, "2")}, TypeError, "amplitude_range"),
    ({"noise_std": -1.0}, ValueError, "noise_std"),
    ({"seed": -1}, ValueError, "seed"),
    ({"num_train": -1}, ValueError, "num"),
])
def test_bad_arguments_name_themselves(kwargs, error, name):
    with pytest.raises(error, match=name):
        psk.load_data(**{"num_train": 8, "num_test": 8, **kwargs})


def test_coherent_detector_refuses_a_bad_shape():
    with pytest.raises(ValueError, match="x"):
        psk.coherent_detector(np.zeros(64))
