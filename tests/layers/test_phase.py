"""PhaseFeatures and GriffinLim: the harness, the definitions, librosa's
griffinlim, layouts, bad input."""

import librosa
import numpy as np
import pytest

from keras_spectral.layers import GriffinLim, PhaseFeatures, Spectrogram
from keras_spectral.testing import assert_close, backend_name, run_layer_test, to_numpy
from keras_spectral.testing.references import audio as ref

JIT = (False,) if backend_name() == "torch" else (True,)


def audio(*shape, seed=3):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


def smooth_phase_input(tail):
    """A small input whose DC and Nyquist bins are real and positive in every
    frame: there the phase of a real signal's transform is 0 or pi, and
    finite differences across pi would step over the branch cut."""
    n = np.arange(20).reshape((1, 20) + (1,) * len(tail))
    noise = np.random.default_rng(4).standard_normal((1, 20) + tuple(tail))
    return 3.0 + 0.5 * (-1.0) ** n + 0.1 * noise


@pytest.mark.parametrize("channels", [None, 2])
def test_phase_features_harness(channels):
    shape = (2, 200) if channels is None else (2, 200, channels)
    x = audio(*shape)
    width = 3 * (channels or 1)
    run_layer_test(
        PhaseFeatures, {"frame_length": 32, "frame_step": 8}, x,
        expected_output_shape=(2, 26, 17, width),
        expected_num_trainable_weights=0,
        symbolic_input_shape=(None,) + shape[2:],
        expected_symbolic_output_shape=(None, None, 17, width),
        gradient_input=smooth_phase_input(shape[2:]),
        jit_compile_modes=JIT, run_training=False, run_mixed_precision=channels is None)


@pytest.mark.parametrize("channels", [None, 2])
def test_phase_features_reference(channels):
    """Against the float64 reference: to 1e-10 in float64; in float32 on the
    bins whose phase is well defined (|Z| above 1e-3 of the largest), with
    the frequency compared on the circle (pi and -pi are the same advance)."""
    shape = (2, 300) if channels is None else (2, 300, channels)
    x = audio(*shape, seed=5)
    expected = ref.phase_features(x.astype("float64"), 48, 12, fft_length=64)
    layer = PhaseFeatures(48, 12, fft_length=64, dtype="float64")
    assert_close(to_numpy(layer(x.astype("float64"))), expected, dtype="float64")
    got = to_numpy(PhaseFeatures(48, 12, fft_length=64)(x))
    z = ref.channels_last(x.astype("float64"), lambda a: ref.stft(a, 48, 12, 64))
    z = z if channels is None else np.repeat(z, 3, axis=-1)  # feature-major like the output
    well = np.abs(z) > 1e-3 * np.abs(z).max()
    well = well if channels is None else well.reshape(well.shape[:3] + (3, -1))[..., 0, :]
    parts = [p.reshape(p.shape[:3] + (3, -1)) for p in (got, expected)]
    for i, (g, e) in enumerate(zip(*[np.moveaxis(p, 3, 0) for p in parts])):
        mask = well.reshape(g.shape)
        if i == 2:
            g, e = np.exp(1j * np.pi * g), np.exp(1j * np.pi * e)
        assert_close(g[mask], e[mask], rtol=1e-3)


def test_phase_features_tone_frequency():
    """A tone at bin k advances its phase by 2 pi k hop / n per frame: the
    instantaneous frequency of bin k is that advance, wrapped, over pi."""
    n, hop, k = 64, 16, 5
    t = np.arange(4000)
    x = np.cos(2 * np.pi * k * t / n)[None].astype("float64")
    got = to_numpy(PhaseFeatures(n, hop, dtype="float64")(x))
    advance = np.angle(np.exp(2j * np.pi * k * hop / n)) / np.pi
    assert_close(got[0, 5:-5, k, 2], np.full(got.shape[1] - 10, advance), dtype="float64",
                 rtol=1e-9)


@pytest.mark.parametrize("n_iter,momentum,center", [(1, 0.99, True), (4, 0.99, True),
                                                    (3, 0.0, False)])
def test_griffin_lim_matches_librosa(n_iter, momentum, center):
    t = np.arange(2000) / 8000
    y = np.sin(2 * np.pi * 440 * t * (1 + t)) + 0.1 * np.random.default_rng(1).standard_normal(
        2000)
    mag = np.abs(librosa.stft(y, n_fft=128, hop_length=32, center=center, pad_mode="constant"))
    expected = librosa.griffinlim(mag, n_iter=n_iter, hop_length=32, n_fft=128, init=None,
                                  momentum=momentum, center=center, pad_mode="constant")
    layer = GriffinLim(128, 32, center=center, pad_mode="constant", n_iter=n_iter,
                       momentum=momentum, dtype="float64")
    got = to_numpy(layer(mag.T[None]))[0]
    assert_close(got, expected, dtype="float64", rtol=1e-8)
    assert_close(ref.griffin_lim(mag.T[None], 128, 32, n_iter, momentum, center, "constant"),
                 expected[None], dtype="float64", rtol=1e-8)


def test_griffin_lim_harness_and_reconstruction():
    mag = np.abs(ref.stft(audio(2, 120), 32, 8)).astype("float32")
    run_layer_test(
        GriffinLim, {"frame_length": 32, "frame_step": 8, "n_iter": 2, "length": 120}, mag,
        expected_output_shape=(2, 120),
        reference_fn=lambda v, w: ref.griffin_lim(v, 32, 8, 2, 0.99, length=120),
        expected_num_trainable_weights=0, symbolic_input_shape=(None, 17),
        expected_symbolic_output_shape=(None, 120),
        gradient_input=mag[:1, :5].astype("float64") + 0.5, run_training=False,
        run_mixed_precision=False, jit_compile_modes=JIT)
    # More iterations recover a signal whose magnitude is closer to the target.
    t = np.arange(4000) / 8000
    y = np.sin(2 * np.pi * 300 * t * (1 + 2 * t))[None].astype("float32")
    target = to_numpy(Spectrogram(128, 32, power=1)(y))
    errors = []
    for n_iter in (1, 16):
        out = GriffinLim(128, 32, n_iter=n_iter, length=4000)(target)
        rebuilt = to_numpy(Spectrogram(128, 32, power=1)(out))
        errors.append(np.linalg.norm(rebuilt - target) / np.linalg.norm(target))
    assert errors[1] < 0.5 * errors[0], errors


def test_griffin_lim_random_init_and_channels():
    mag = np.abs(ref.stft(audio(2, 3, 300), 64, 16)).astype("float32")  # (2, 3, f, k)
    mag = np.moveaxis(mag, 1, -1)  # (batch, frames, bins, channels)
    out = GriffinLim(64, 16, n_iter=2, init="random", seed=1)(mag)
    assert tuple(out.shape) == (2, 16 * (mag.shape[1] - 1), 3)
    assert np.all(np.isfinite(to_numpy(out)))


def test_bad_input():
    for make, name in [
        (lambda: GriffinLim(64, 80), "NOLA"),
        (lambda: GriffinLim(n_iter=0), "`n_iter`"),
        (lambda: GriffinLim(momentum=-1.0), "`momentum`"),
        (lambda: GriffinLim(init="ones"), "`init`"),
        (lambda: GriffinLim(64, 16)(np.zeros((2, 5, 30), "float32")), "`inputs`"),
        (lambda: GriffinLim(64, 16)(np.zeros((2, 30), "float32")), "`inputs`"),
        (lambda: PhaseFeatures(64, 16)(np.zeros((2,), "float32")), "`inputs`"),
        (lambda: PhaseFeatures(64, 16, fft_length=32), "`fft_length`"),
    ]:
        with pytest.raises(ValueError, match=name):
            make()


def test_griffin_lim_odd_fft_length():
    x = audio(2, 400)
    mag = np.abs(ref.stft(x, 63, 16)).astype("float32")
    layer = GriffinLim(63, 16, n_iter=2)
    out = layer(mag)
    assert tuple(out.shape) == layer.compute_output_shape(mag.shape) == (2, 16 * 24 + 1)


def test_griffin_lim_refuses_no_frames():
    with pytest.raises(ValueError, match="no frames"):
        GriffinLim(frame_length=64, frame_step=16)(np.zeros((2, 0, 33), "float32"))
