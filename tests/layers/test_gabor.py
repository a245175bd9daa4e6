"""GaborFilterbank: the harness against a direct-correlation reference, the
mel initialisation, pure tones, channels, unknown lengths, the clamp, bad input."""

import math

import keras
import numpy as np
import pytest

from keras_spectral.layers.gabor import GaborFilterbank, gabor_mel_init, width_range
from keras_spectral.ops import mel_frequencies
from keras_spectral.testing import assert_close, backend_name, run_layer_test, to_numpy
from keras_spectral.testing.references.gabor import gabor_filterbank, gabor_impulse_responses

# torch.compile costs seconds per model: torch trains eagerly only.
JIT = (False,) if backend_name() == "torch" else (True,)

SMALL = {"num_mel_bins": 3, "frame_length": 9, "frame_step": 4, "sample_rate": 1000,
         "min_freq": 0.0, "max_freq": 500.0}


def reference_fn(kwargs):
    def fn(x, weights):
        eta, sigma = weights
        return gabor_filterbank(x, eta, sigma, kwargs["frame_length"], kwargs["frame_step"],
                                kwargs.get("center", True), kwargs.get("pad_mode", "reflect"))
    return fn


HARNESS_CASES = [  # init kwargs, input shape, output shape, symbolic input, gradient input
    # LEAF's layout (odd length, reflect padding), 3 filters inside the clamp ranges
    (SMALL, (2, 40), (2, 10, 3), (None,), (1, 13)),
    # channels, even length, no centring, htk mels
    ({"num_mel_bins": 4, "frame_length": 12, "frame_step": 5, "sample_rate": 1000,
      "min_freq": 0.0, "max_freq": None, "center": False, "pad_mode": "constant",
      "scale": "htk"},
     (2, 50, 3), (2, 8, 4, 3), (None, 3), (1, 13, 2)),
]


@pytest.mark.parametrize("kwargs,shape,out_shape,symbolic,small", HARNESS_CASES)
def test_harness(kwargs, shape, out_shape, symbolic, small):
    x = np.random.default_rng(1).standard_normal(shape).astype("float32")
    gradient_input = x[tuple(slice(0, n) for n in small)].astype("float64")
    symbolic_out = (None, None if None in symbolic else out_shape[1]) + out_shape[2:]
    run_layer_test(
        GaborFilterbank, kwargs, x,
        expected_output_shape=out_shape,
        reference_fn=reference_fn(kwargs),
        expected_num_trainable_weights=2,
        symbolic_input_shape=symbolic,
        expected_symbolic_output_shape=symbolic_out,
        gradient_input=gradient_input,
        jit_compile_modes=JIT,
        run_mixed_precision=kwargs is SMALL,
    )


def test_default_layer_matches_the_reference():
    """LEAF's configuration: 40 filters of 401 samples, a hop of 160 at 16 kHz."""
    x = np.random.default_rng(2).standard_normal((1, 3000))
    layer = GaborFilterbank()
    y = to_numpy(layer(x.astype("float32")))
    assert y.shape == (1, 1 + 2999 // 160, 40)
    eta, sigma = (to_numpy(w).astype("float64") for w in layer.weights)
    assert_close(y, gabor_filterbank(x, eta, sigma, 401, 160))


def test_zero_padding_matches_the_reference():
    """Centred zero padding, a band below Nyquist, widths at their clamp."""
    kwargs = {"num_mel_bins": 5, "frame_length": 16, "frame_step": 6, "sample_rate": 2000,
              "min_freq": 50.0, "max_freq": 800.0, "pad_mode": "constant", "scale": "htk"}
    x = np.random.default_rng(6).standard_normal((2, 30, 2))
    layer = GaborFilterbank(**kwargs, dtype="float64")
    layer.build(x.shape)
    eta, sigma = gabor_mel_init(5, 16, 2000, 50.0, 800.0, "htk")
    assert np.any(sigma == width_range(16)[1])
    weights = [eta + 0.05, sigma + 0.1]  # some past the clamp
    for w, value in zip(layer.weights, weights):
        w.assign(value)
    expected = gabor_filterbank(x, *weights, 16, 6, pad_mode="constant")
    assert expected.shape == (2, 6, 5, 2)
    assert_close(layer(x), expected, dtype="float64")
    layer32 = GaborFilterbank(**kwargs)
    layer32.build(x.shape)
    for w, value in zip(layer32.weights, weights):
        w.assign(value.astype("float32"))
    weights32 = [to_numpy(w).astype("float64") for w in layer32.weights]
    assert_close(layer32(x.astype("float32")),
                 gabor_filterbank(x, *weights32, 16, 6, pad_mode="constant"))
    out = GaborFilterbank(**kwargs)(keras.Input(shape=(30, 2)))
    assert tuple(out.shape) == (None, 6, 5, 2)


def test_impulse_responses_are_leafs_gabor_filters():
    for length in (9, 12):
        layer = GaborFilterbank(**{**SMALL, "frame_length": length}, dtype="float64")
        layer.build((None, 40))
        weights = [np.array([0.3, 2.0, 4.0]), np.array([0.5, 2.5, 40.0])]  # two clamped
        for w, value in zip(layer.weights, weights):
            w.assign(value)
        expected = gabor_impulse_responses(*weights, length)
        assert_close(layer.impulse_responses(), expected, dtype="float64")
        # the clamp: eta to pi, sigma into [4 r / pi, L r / pi]
        root = math.sqrt(2 * math.log(2))
        t = np.arange(-(length // 2), (length + 1) // 2)
        lo, hi = 4 * root / math.pi, length * root / math.pi
        assert_close(expected[0], np.exp(-t ** 2 / (2 * lo ** 2) + 0.3j * t)
                     / (math.sqrt(2 * math.pi) * lo), dtype="float64")
        assert_close(expected[2], np.exp(-t ** 2 / (2 * hi ** 2) + 1j * math.pi * t)
                     / (math.sqrt(2 * math.pi) * hi), dtype="float64")


@pytest.mark.parametrize("scale", ["slaney", "htk"])
@pytest.mark.parametrize("frame_length", [401, 1601])
def test_initial_filters_peak_at_the_mel_centres(scale, frame_length):
    """|FFT| of each initial impulse response peaks at its mel filter's peak,
    and (with an envelope long enough not to be cut: frame_length 1601, over
    6 sigma) has its mel triangle's full width at half maximum. LEAF's 401
    samples cut the envelopes of the narrowest bands at 1.6 - 2.4 sigma,
    which widens their responses by up to a quarter."""
    sample_rate, n_fft = 16000, 1 << 17
    layer = GaborFilterbank(frame_length=frame_length, scale=scale, max_freq=7800.0)
    layer.build((None, 16000))
    phi = to_numpy(layer.impulse_responses())
    spectrum = np.abs(np.fft.fft(phi, n_fft, axis=-1))
    freqs = np.fft.fftfreq(n_fft, 1.0 / sample_rate)
    points = mel_frequencies(42, 60.0, 7800.0, scale)
    peaks = freqs[np.argmax(spectrum, axis=-1)]
    np.testing.assert_allclose(peaks, points[1:-1], atol=sample_rate / n_fft)
    # eta and sigma themselves
    eta, sigma = (to_numpy(w) for w in layer.weights)
    np.testing.assert_allclose(eta, 2 * np.pi * points[1:-1] / sample_rate, rtol=1e-6)
    mel_fwhm = (points[2:] - points[:-2]) / 2  # Hz
    wanted = 2 * math.sqrt(2 * math.log(2)) / (2 * np.pi * mel_fwhm / sample_rate)
    np.testing.assert_allclose(sigma, np.clip(wanted, *width_range(frame_length)), rtol=1e-6)
    if frame_length == 1601:
        above = spectrum >= 0.5 * spectrum.max(axis=-1, keepdims=True)
        widths = above.sum(axis=-1) * sample_rate / n_fft
        np.testing.assert_allclose(widths, mel_fwhm, rtol=0.01)


def test_initial_widths_are_clamped():
    """Short filters cannot be as narrow as low mel bands: sigma stops at
    L sqrt(2 ln 2) / pi. The widest mel band (one filter from 0 to Nyquist,
    FWHM pi / 2) sits at the lower bound 4 sqrt(2 ln 2) / pi."""
    eta, sigma = gabor_mel_init(40, 25, 16000, 60.0, 7800.0)
    lo, hi = width_range(25)
    assert np.all((sigma >= lo) & (sigma <= hi))
    assert sigma[0] == hi
    eta, sigma = gabor_mel_init(1, 401, 16000, 0.0, 8000.0)
    np.testing.assert_allclose(sigma, width_range(401)[0], rtol=1e-12)
    centre = mel_frequencies(3, 0.0, 8000.0, "slaney")[1]  # the mel midpoint, in Hz
    np.testing.assert_allclose(eta, 2 * np.pi * centre / 16000, rtol=1e-12)


def test_a_pure_tone_excites_the_nearest_filter_most():
    sample_rate = 16000
    layer = GaborFilterbank(max_freq=7800.0)  # 40 filters, 60 Hz - 7.8 kHz
    centres = mel_frequencies(42, 60.0, 7800.0, "slaney")[1:-1]
    t = np.arange(8000) / sample_rate
    tones, nearest = [], []
    for k in (1, 5, 12, 20, 27, 33, 38):
        for side, fraction in ((1, 0.3), (-1, 0.25), (1, 0.0)):
            neighbour = centres[k + side] if fraction else centres[k]
            tones.append(centres[k] + fraction * (neighbour - centres[k]))
            nearest.append(k)
    x = np.stack([np.cos(2 * np.pi * f * t + 0.7) for f in tones]).astype("float32")
    energy = to_numpy(layer(x))[:, 5:-5].mean(axis=1)  # (tones, filters), away from the ends
    for f, k, e in zip(tones, nearest, energy):
        assert np.argmax(e) == k, (f, k, np.argmax(e))
    # a tone at a filter's centre frequency: |y|^2 ~ (1/2)^2 (the analytic filter
    # keeps the positive frequency; truncating the envelope costs a few percent)
    at_centre = energy[2::3][np.arange(7), [1, 5, 12, 20, 27, 33, 38]]
    np.testing.assert_allclose(at_centre, 0.25, rtol=0.05)


def test_channels_are_filtered_alike():
    x = np.random.default_rng(3).standard_normal((2, 64, 2)).astype("float32")
    layer = GaborFilterbank(6, 16, 4, 8000, max_freq=None)
    y = to_numpy(layer(x))
    assert y.shape == (2, 17, 6, 2)  # even length: 1 + time // frame_step
    for c in range(2):
        assert_close(y[..., c], to_numpy(layer(x[..., c])))


def test_unknown_length_in_a_model():
    kwargs = {"num_mel_bins": 5, "frame_length": 15, "frame_step": 4, "sample_rate": 8000,
              "max_freq": 4000.0}
    inputs = keras.Input(shape=(None, 2))
    layer = GaborFilterbank(**kwargs)
    model = keras.Model(inputs, layer(inputs))
    assert tuple(model.output.shape) == (None, None, 5, 2)
    eta, sigma = (to_numpy(w).astype("float64") for w in layer.weights)
    rng = np.random.default_rng(4)
    for n in (40, 57, 8):
        x = rng.standard_normal((2, n, 2))
        got = model.predict(x.astype("float32"), verbose=0)
        assert got.shape == (2, 1 + (n - 1) // 4, 5, 2)
        assert_close(got, gabor_filterbank(x, eta, sigma, 15, 4))


@pytest.mark.trains
def test_training_moves_the_centres_within_their_range():
    """A step moves the centre frequencies; a huge step is clamped back into
    [0, pi] by the variables' constraint (LEAF's GaborConstraint)."""
    rng = np.random.default_rng(5)
    x = rng.standard_normal((4, 64)).astype("float32")
    layer = GaborFilterbank(**{**SMALL, "frame_step": 8})
    inputs = keras.Input(shape=(64,))
    model = keras.Model(inputs, layer(inputs))
    target = rng.uniform(0, 1, (4,) + tuple(model.output.shape[1:])).astype("float32")
    before = to_numpy(layer.centers).copy()
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse", jit_compile=False)
    model.train_on_batch(x, target)
    after = to_numpy(layer.centers)
    assert np.all(after != before), (before, after)
    model.compile(optimizer=keras.optimizers.SGD(1e6), loss="mse", jit_compile=False)
    model.train_on_batch(x, target)
    eta, sigma = to_numpy(layer.centers), to_numpy(layer.widths)
    lo, hi = width_range(9)
    assert np.all((eta >= 0) & (eta <= np.pi)), eta
    assert np.all((sigma >= lo) & (sigma <= hi)), sigma
    assert np.any((eta == 0) | (eta == np.float32(np.pi))), eta  # the step went past
    assert np.all(np.isfinite(to_numpy(model(x))))


# --- bad input ---------------------------------------------------------------------


@pytest.mark.parametrize("kwargs,error,message", [
    ({"num_mel_bins": 0}, ValueError, "`num_mel_bins` must be an integer >= 1; got 0"),
    ({"num_mel_bins": 2.5}, TypeError, "`num_mel_bins` must be an integer >= 1; got 2.5"),
    ({"frame_length": 1}, ValueError, "`frame_length` must be an integer >= 2; got 1"),
    ({"frame_length": "401"}, TypeError, "`frame_length` must be an integer >= 2; got '401'"),
    ({"frame_step": 0}, ValueError, "`frame_step` must be an integer >= 1; got 0"),
    ({"frame_step": -160}, ValueError, "`frame_step` must be an integer >= 1; got -160"),
    ({"frame_step": True}, TypeError, "`frame_step` must be an integer >= 1; got True"),
    ({"sample_rate": 0}, ValueError, "`sample_rate` must be a finite number > 0; got 0"),
    ({"sample_rate": -8000}, ValueError, "`sample_rate` must be a finite number > 0; got -8000"),
    ({"sample_rate": "8k"}, TypeError, "`sample_rate` must be a finite number > 0; got '8k'"),
    ({"max_freq": 9000.0}, ValueError, "`max_freq` must be .*<= 8000; got 9000.0"),
    ({"sample_rate": 8000, "max_freq": 7800.0}, ValueError,
     "`max_freq` must be .*<= 4000; got 7800.0"),
    ({"min_freq": -1.0}, ValueError, "`min_freq` must be .*>= 0 .*got -1.0"),
    ({"min_freq": 8000.0, "max_freq": None}, ValueError, "`min_freq` must be .*< 8000 .*got 8000.0"),
    ({"min_freq": 500.0, "max_freq": 400.0}, ValueError, "`max_freq` must be .*> 500 .*got 400.0"),
    ({"pad_mode": "edge"}, ValueError, "`pad_mode` must be one of 'reflect', 'constant'; got 'edge'"),
    ({"pad_mode": 1}, TypeError, "`pad_mode` must be one of 'reflect', 'constant'; got 1"),
    ({"scale": "bark"}, ValueError, "`scale` must be one of 'slaney', 'htk'; got 'bark'"),
    ({"center": "yes"}, TypeError, "`center` must be True or False; got 'yes'"),
])
def test_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        GaborFilterbank(**kwargs)


@pytest.mark.parametrize("shape", [(100,), (2, 100, 1, 1)])
def test_wrong_rank(shape):
    message = r"`inputs` must have shape \(batch, time\) or \(batch, time, channels\); got"
    with pytest.raises(ValueError, match=message):
        GaborFilterbank(**SMALL)(np.ones(shape, "float32"))
    with pytest.raises(ValueError, match=message):
        GaborFilterbank(**SMALL)(keras.Input(shape=shape[1:]))


def test_input_too_short():
    for kwargs, n, message in [
        ({}, 4, "`inputs` has 4 samples; center=True with pad_mode='reflect' needs more "
                "than `frame_length` // 2 = 4"),
        ({"center": False}, 8, "`inputs` has 8 samples, fewer than `frame_length`=9"),
    ]:
        with pytest.raises(ValueError, match=message):
            GaborFilterbank(**SMALL, **kwargs)(np.ones((1, n), "float32"))
        with pytest.raises(ValueError, match=message):
            GaborFilterbank(**SMALL, **kwargs)(keras.Input(shape=(n,)))
    # zero padding frames any signal with centring
    y = GaborFilterbank(**SMALL, pad_mode="constant")(np.ones((1, 3), "float32"))
    assert tuple(y.shape) == (1, 1, 3)
