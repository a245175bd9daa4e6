"""docs/examples/audio_frontends.py: its quick run, and what it rests on.

The script is imported by path (docs/examples is not a package) and its
`main(["--quick"])` run on the current backend; the training run skips on the
numpy backend. The forward checks run on every backend: the generated classes
are what they claim (a chirp's pitch moves, a tone's does not), the fixed and
learnable front ends differ only in the filterbank's trainability, the LEAF-style
front end gives the same frames, and Griffin-Lim rebuilds a magnitude.
"""

import math

import numpy as np
import pytest

from keras_spectral.testing import backend_name
from tests.test_examples import load as load_example


def load():
    """Imports docs/examples/audio_frontends.py as a module."""
    return load_example("audio_frontends")


def predict(model, x):
    """The model's output, called eagerly (no compilation: quicker on JAX for one batch)."""
    import keras

    out = np.asarray(keras.ops.convert_to_numpy(model(x, training=False)), dtype="float64")
    assert np.isfinite(out).all()
    return out


def peak_track(clip, frame=256, hop=64, fft=8192):
    """The peak frequency (Hz, to 1 Hz: zero-padded FFT) of each frame where the clip is
    loud: NumPy, not the library."""
    frames = np.lib.stride_tricks.sliding_window_view(clip.astype("float64"), frame)[::hop]
    power = np.abs(np.fft.rfft(frames * np.hanning(frame), fft, axis=-1)) ** 2
    energy = power.sum(-1)
    loud = energy > 0.25 * energy.max()
    freqs = np.fft.rfftfreq(fft, 1.0 / 8000)
    return freqs[np.argmax(power[loud], -1)]


def test_dataset_is_balanced_reproducible_and_the_classes_are_as_defined():
    af = load()
    x, y = af.make_dataset(5, seed=3)
    assert x.shape == (30, af.SAMPLES) and x.dtype == np.float32 and y.dtype == np.int32
    assert np.array_equal(np.bincount(y), [5] * len(af.CLASSES))
    assert np.abs(x).max() <= 1.0 and np.isfinite(x).all()
    x2, y2 = af.make_dataset(5, seed=3)
    assert np.array_equal(x, x2) and np.array_equal(y, y2)
    assert not np.array_equal(af.make_dataset(5, seed=4)[0], x)
    rng = np.random.default_rng(11)
    for _ in range(5):  # clean clips: the pitch rises, falls, stays
        up, down, tone = (peak_track(af.synth_clip(rng, af.CLASSES.index(c), snr_db=30.0))
                          for c in ("up-chirp", "down-chirp", "tone"))
        # a sweep of 0.1 octave or more: over 5% between the first and last loud frame
        assert up[-1] > 1.05 * up[0] and down[-1] < down[0] / 1.05, (up, down)
        assert np.ptp(tone) <= 3.0, tone
        assert af.LOW_FREQ - 5 <= min(up.min(), down.min(), tone.min())
        assert max(up.max(), down.max(), tone.max()) <= af.HIGH_FREQ + 5
    with pytest.raises(ValueError, match="label"):
        af.synth_clip(rng, len(af.CLASSES))


def test_fixed_and_learnable_mel_differ_only_in_the_trainable_filterbank():
    af = load()
    fixed, learnable = af.build_model("mel"), af.build_model("learnable_mel")
    bins = af.FRAME_LENGTH // 2 + 1
    assert learnable.count_params() - fixed.count_params() == bins * af.NUM_MEL_BINS
    assert len(learnable.trainable_weights) == len(fixed.trainable_weights) + 1
    # the same mel filters (the fixed ones in float64, the weight in float32)
    np.testing.assert_allclose(af.filterbank(learnable), af.filterbank(fixed), rtol=1e-6,
                               atol=1e-7)
    for a, b in zip(fixed.layers, learnable.layers):
        if a.name != "frontend":
            b.set_weights(a.get_weights())
    x, _ = af.make_dataset(1, seed=5)
    p = predict(fixed, x)
    assert p.shape == (len(af.CLASSES), len(af.CLASSES))
    np.testing.assert_allclose(p.sum(-1), 1.0, rtol=0, atol=1e-5)
    np.testing.assert_allclose(predict(learnable, x), p, rtol=0, atol=1e-5)
    # the standardised features the CNN sees: 32 frames of NUM_MEL_BINS bands
    import keras

    features = keras.Model(fixed.input, fixed.get_layer("standardize").output)
    f = predict(features, x)
    assert f.shape == (len(af.CLASSES), 32, af.NUM_MEL_BINS)
    np.testing.assert_allclose(f.mean((1, 2)), 0.0, atol=1e-4)
    np.testing.assert_allclose(f.std((1, 2)), 1.0, atol=1e-2)
    with pytest.raises(ValueError, match="frontend"):
        af.build_model("mfcc")


def test_leaf_frontend_gives_the_mel_frames():
    af = load()
    gabor, why = af.leaf_layers()
    if gabor is None:
        pytest.skip(f"GaborFilterbank or PCEN does not import: {why}")
    import keras

    model = af.build_model("leaf")
    features = keras.Model(model.input, model.get_layer("pcen").output)
    x, _ = af.make_dataset(1, seed=6)
    f = predict(features, x)
    assert f.shape == (len(af.CLASSES), 32, af.NUM_MEL_BINS)
    assert predict(model, x).shape == (len(af.CLASSES), len(af.CLASSES))
    centres = af._gabor_centres_hz(model)
    assert np.all(np.diff(centres) > 0) and centres[-1] < af.SAMPLE_RATE / 2


def test_griffin_lim_rebuilds_the_magnitude():
    af = load()
    clip = af.synth_clip(np.random.default_rng(7), af.CLASSES.index("am-tone"), snr_db=20.0)
    rebuilt, magnitude, rebuilt_magnitude, convergence = af.griffin_lim(clip, n_iter=32)
    assert rebuilt.shape == clip.shape and magnitude.shape == rebuilt_magnitude.shape
    assert convergence < 0.1, convergence
    # the phase is its own: the waveform differs where the magnitude agrees
    assert np.linalg.norm(rebuilt - clip) > 0.1 * np.linalg.norm(clip)


def test_figures_are_written(tmp_path):
    pytest.importorskip("matplotlib")
    af = load()
    x, y = af.make_dataset(1, seed=8)
    order = np.argsort(y)
    bank = np.random.default_rng(0).uniform(size=(af.FRAME_LENGTH // 2 + 1, af.NUM_MEL_BINS))
    mel = np.zeros((len(af.CLASSES), 32, af.NUM_MEL_BINS))
    rebuilt, magnitude, rebuilt_magnitude, convergence = af.griffin_lim(x[0], n_iter=2)
    paths = af.write_figures(tmp_path, (x[order], y[order]), mel, bank, bank,
                             (x[0], rebuilt, magnitude, rebuilt_magnitude, convergence),
                             leaf=(np.arange(24.0), np.arange(24.0)))
    assert [p.name for p in paths] == ["audio_spectrograms.png", "audio_filterbank.png",
                                       "audio_griffinlim.png"]
    assert all(p.stat().st_size > 10_000 for p in paths)


def test_figures_flag_is_taken_out_before_the_common_arguments():
    af = load()
    assert af._split_figures(["--quick"]) == (None, ["--quick"])
    assert af._split_figures(["--figures", "--quick"]) == (str(af.DEFAULT_FIGURES), ["--quick"])
    assert af._split_figures(["--figures", "out", "--seed", "2"]) == ("out", ["--seed", "2"])


@pytest.mark.trains
def test_audio_frontends_quick():
    af = load()
    result = af.main(["--quick"])
    keys = ["epochs", "num_train", "num_test", "filterbank_change", "griffinlim_convergence",
            "seconds"] + [f"{f}_{k}" for f in ("mel", "learnable_mel")
                          for k in ("params", "accuracy", "seconds")]
    gabor, _ = af.leaf_layers()
    if gabor is not None:  # they import: they must train, else the example loses (c)
        assert "leaf_skipped" not in result, result["leaf_skipped"]
        keys += ["leaf_params", "leaf_accuracy", "leaf_seconds"]
    assert set(keys) <= set(result), sorted(set(keys) - set(result))
    assert result["backend"] == backend_name()
    for key in keys:
        assert isinstance(result[key], (int, float)) and math.isfinite(result[key]), key
        if key.endswith("accuracy"):
            assert 0.0 <= result[key] <= 1.0, (key, result[key])
    assert result["epochs"] == 1 and result["num_train"] == 16 * len(af.CLASSES)
    assert result["filterbank_change"] > 0  # the filterbank gets gradients
    assert result["griffinlim_convergence"] < 0.1
    assert "figures" not in result


def test_refuses_a_backend_switch_and_the_numpy_backend():
    af = load()
    other = "torch" if backend_name() == "jax" else "jax"
    with pytest.raises(ValueError, match="already runs"):
        af.main(["--backend", other, "--quick"])
    if backend_name() == "numpy":
        with pytest.raises(ValueError, match="cannot train"):
            af.main(["--quick"])
