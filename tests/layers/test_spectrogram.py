"""STFT, ISTFT, Spectrogram, MelSpectrogram and MFCC: the harness, librosa
and torchaudio parity, round trips, layouts, bad input."""

import keras
import librosa
import numpy as np
import pytest

from keras_spectral import complex as kc
from keras_spectral.layers import ISTFT, MFCC, STFT, MelSpectrogram, Spectrogram
from keras_spectral.testing import assert_close, backend_name, run_layer_test, to_numpy
from keras_spectral.testing.references import audio as ref

JIT = (False,) if backend_name() == "torch" else (True,)
RNG = np.random.default_rng(7)


def audio(*shape, seed=7):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


def test_stft_harness_stacked_and_trainable_window():
    x = audio(2, 300, 2)
    small = audio(1, 40, 1, seed=8)

    def reference(v, weights):
        window = weights[0] if weights else "hann"
        z = ref.channels_last(v, lambda a: ref.stft(a, 32, 16, 40, window))  # b,f,k,c
        return np.concatenate([z.real, z.imag], axis=-1)

    for trainable in (False, True):
        run_layer_test(
            STFT, {"frame_length": 32, "frame_step": 16, "fft_length": 40,
                   "output_mode": "stacked", "trainable_window": trainable}, x,
            expected_output_shape=(2, 19, 21, 4), reference_fn=reference,
            expected_num_trainable_weights=int(trainable),
            symbolic_input_shape=(None, 2), expected_symbolic_output_shape=(None, None, 21, 4),
            gradient_input=small, jit_compile_modes=JIT, run_mixed_precision=trainable,
            run_training=trainable)


def test_stft_complex_and_magnitude_phase_outputs():
    x = audio(2, 500)
    expected = ref.stft(x, 64, 16)
    z = STFT(64, 16)(x)
    assert isinstance(z, kc.Complex)
    assert_close(to_numpy(z.real) + 1j * to_numpy(z.imag), expected)
    mag, phase = STFT(64, 16, output_mode="magnitude_phase")(x)
    assert_close(to_numpy(mag), np.abs(expected))
    big = np.abs(expected) > 1e-3 * np.abs(expected).max()
    assert_close(np.exp(1j * to_numpy(phase))[big], np.exp(1j * np.angle(expected))[big],
                 rtol=1e-4)
    inputs = keras.Input((None,))
    out = STFT(64, 16)(inputs)
    assert tuple(out.real.shape) == (None, None, 33)


@pytest.mark.parametrize("channels", [None, 3])
def test_istft_inverts_stft_complex_and_stacked(channels):
    shape = (2, 1000) if channels is None else (2, 1000, channels)
    x = audio(*shape)
    for mode in ("complex", "stacked"):
        z = STFT(128, 32, output_mode=mode)(x)
        assert_close(to_numpy(ISTFT(128, 32, length=1000)(z)), x.astype("float64"))
    model = keras.Sequential([keras.Input(shape[1:]), STFT(128, 32, output_mode="stacked"),
                              ISTFT(128, 32, length=1000)])
    assert model.output_shape == (None,) + shape[1:]
    assert_close(to_numpy(model(x)), x.astype("float64"))


def test_istft_harness():
    z = audio(2, 9, 17, 2)  # stacked mono: (batch, frames, bins, 2)

    def reference(v, weights):
        return ref.istft(v[..., 0] + 1j * v[..., 1], 32, 8)

    run_layer_test(ISTFT, {"frame_length": 32, "frame_step": 8}, z,
                   expected_output_shape=(2, 64), reference_fn=reference,
                   expected_num_trainable_weights=0,
                   symbolic_input_shape=(None, 17, 2), expected_symbolic_output_shape=(None, None),
                   gradient_input=z[:1, :4].astype("float64"), run_training=False,
                   run_mixed_precision=False)


SPEC_CASES = [  # layer, kwargs, reference kwargs
    (Spectrogram, {}, {}),
    (Spectrogram, {"power": 1, "db": True, "top_db": 60.0, "window": "hamming"},
     {"power": 1.0, "db": True, "top_db": 60.0, "window": "hamming"}),
    (MelSpectrogram, {"sample_rate": 8000, "num_mel_bins": 10, "trainable_filterbank": True},
     {"sample_rate": 8000, "num_mel_bins": 10}),
    (MelSpectrogram, {"sample_rate": 8000, "num_mel_bins": 12, "convention": "torchaudio",
                      "db": True}, {"sample_rate": 8000, "num_mel_bins": 12, "scale": "htk",
                                    "norm": None, "db": True, "top_db": None}),
    (MFCC, {"sample_rate": 8000, "num_mel_bins": 12, "num_mfcc": 6},
     {"sample_rate": 8000, "num_mel_bins": 12, "num_mfcc": 6}),
]


@pytest.mark.parametrize("case", range(len(SPEC_CASES)))
def test_spectrogram_layers_harness(case):
    layer, kwargs, ref_kwargs = SPEC_CASES[case]
    x = audio(2, 400, 2) if case % 2 else audio(2, 400)
    features = {Spectrogram: 33, MelSpectrogram: kwargs.get("num_mel_bins"),
                MFCC: kwargs.get("num_mfcc")}[layer]
    fn = {Spectrogram: ref.spectrogram, MelSpectrogram: ref.mel_spectrogram,
          MFCC: ref.mfcc}[layer]
    pad_mode = "constant" if kwargs.get("convention") == "librosa" else "reflect"
    trainable = kwargs.get("trainable_filterbank", False)

    def reference(v, weights):
        extra = {"filters": weights[0]} if trainable else {}
        return fn(v, frame_length=64, frame_step=16, pad_mode=pad_mode, **ref_kwargs, **extra)

    tail = (2,) if x.ndim == 3 else ()
    run_layer_test(
        layer, {"frame_length": 64, "frame_step": 16, **kwargs}, x,
        expected_output_shape=(2, 26, features) + tail, reference_fn=reference,
        expected_num_trainable_weights=int(trainable),
        symbolic_input_shape=(None,) + tail,
        expected_symbolic_output_shape=(None, None, features) + tail,
        gradient_input=audio(1, 70, *tail, seed=9).astype("float64") + 3.0,
        jit_compile_modes=JIT, run_mixed_precision=case in (0, 2),
        run_training=trainable or case == 0)


PARITY = [(16000, 512, 128, 80), (22050, 2048, 512, 128), (8000, 256, 64, 40),
          (44100, 1024, 441, 64)]


@pytest.mark.parametrize("sr,n_fft,hop,mels", PARITY)
def test_librosa_convention_parity(sr, n_fft, hop, mels):
    """Spectrogram, MelSpectrogram (and dB), MFCC with convention="librosa"
    against librosa's functions at their defaults, float32, rel. error 1e-4."""
    y = (0.3 * np.random.default_rng(sr).standard_normal(sr // 2)).astype("float32")
    y64 = y.astype("float64")
    args = dict(frame_length=n_fft, frame_step=hop, convention="librosa")
    mel_args = dict(args, sample_rate=sr, num_mel_bins=mels)
    expected = {
        "stft": np.abs(librosa.stft(y64, n_fft=n_fft, hop_length=hop)) ** 2,
        "mel": librosa.feature.melspectrogram(y=y64, sr=sr, n_fft=n_fft, hop_length=hop,
                                              n_mels=mels),
        "mfcc": librosa.feature.mfcc(y=y64, sr=sr, n_fft=n_fft, hop_length=hop, n_mels=mels,
                                     n_mfcc=20),
    }
    expected["db"] = librosa.power_to_db(expected["mel"])
    got = {
        "stft": Spectrogram(**args)(y[None]), "mel": MelSpectrogram(**mel_args)(y[None]),
        "db": MelSpectrogram(db=True, **mel_args)(y[None]),
        "mfcc": MFCC(num_mfcc=20, **mel_args)(y[None]),
    }
    for key, value in got.items():
        assert_close(to_numpy(value)[0], expected[key].T, rtol=1e-4, err_msg=key)


def test_torchaudio_convention():
    """torchaudio's defaults: HTK mels without norm, reflect padding, power 2,
    no top_db (MFCC: 80): the filterbank is librosa's htk=True, norm=None."""
    sr, n_fft, hop, mels = 16000, 400, 200, 64
    y = audio(1, 8000)
    layer = MelSpectrogram(n_fft, hop, sample_rate=sr, num_mel_bins=mels,
                           convention="torchaudio")
    assert (layer.scale, layer.norm, layer.pad_mode, layer.top_db) == ("htk", None, "reflect",
                                                                       None)
    with pytest.warns(UserWarning, match="cover no bin"):  # torchaudio warns too
        assert MFCC(400, 200, convention="torchaudio").top_db == 80.0
    fb = librosa.filters.mel(sr=sr, n_fft=n_fft, n_mels=mels, htk=True, norm=None,
                             dtype=np.float64)
    padded = np.pad(y[0].astype("float64"), n_fft // 2, mode="reflect")
    power = np.abs(librosa.stft(padded, n_fft=n_fft, hop_length=hop, center=False)) ** 2
    assert_close(to_numpy(layer(y))[0], (fb @ power).T, rtol=1e-4)


def test_explicit_arguments_win_over_the_convention():
    layer = MelSpectrogram(pad_mode="reflect", norm=None, convention="librosa")
    assert (layer.pad_mode, layer.norm, layer.scale) == ("reflect", None, "slaney")
    config = layer.get_config()
    assert MelSpectrogram.from_config(config).get_config() == config


def test_bad_input():
    cases = [
        (lambda: Spectrogram(512, 128, fft_length=256), "`fft_length`"),
        (lambda: Spectrogram(512, 0), "`frame_step`"),
        (lambda: Spectrogram(512, 128, power=3), "`power`"),
        (lambda: Spectrogram(convention="kaldi"), "`convention`"),
        (lambda: MelSpectrogram(sample_rate=0), "`sample_rate`"),
        (lambda: MelSpectrogram(sample_rate=16000, max_freq=9000.0), "`max_freq`"),
        (lambda: MelSpectrogram(256, 64, num_mel_bins=130), "`num_mel_bins`"),
        (lambda: MFCC(num_mfcc=200), "`num_mfcc`"),
        (lambda: STFT(output_mode="polar"), "`output_mode`"),
        (lambda: ISTFT(64, 80), "NOLA"),
        (lambda: Spectrogram(64, 16)(np.zeros((2,), "float32")), "`inputs`"),
        (lambda: Spectrogram(64, 16)(np.zeros((1, 2, 100, 1), "float32")), "`inputs`"),
        (lambda: STFT(64, 16)(np.zeros((2, 20), "float32")), "`x`"),
    ]
    for make, name in cases:
        with pytest.raises(ValueError, match=name):
            make()


@pytest.mark.parametrize("fft_length", [63, 64, 65])
def test_static_frame_count_matches_the_output(fft_length):
    """The symbolic frame count equals the computed one for odd FFT sizes too
    (frames = 1 + (time + 2 * (n // 2) - n) // step)."""
    for time in (400, 401, 415):
        layer = STFT(60, 16, fft_length=fft_length, output_mode="stacked")
        symbolic = layer.compute_output_shape((2, time))
        assert tuple(layer(audio(2, time)).shape) == tuple(symbolic)
        spec = Spectrogram(60, 16, fft_length=fft_length)
        assert tuple(spec(audio(2, time)).shape) == spec.compute_output_shape((2, time))


def test_short_input_and_bad_stacked_input_fail_when_the_model_is_built():
    with pytest.raises(ValueError, match="`inputs`.*pad_mode='reflect'"):
        Spectrogram(512, 128)(keras.Input((200,)))
    with pytest.raises(ValueError, match="`inputs`.*fewer than `fft_length`"):
        Spectrogram(512, 128, center=False)(keras.Input((100,)))
    with pytest.raises(ValueError, match="stacked `inputs`"):
        ISTFT(64, 16)(keras.Input((10, 33, 3)))
    with pytest.raises(TypeError, match="`center`"):
        ISTFT(64, 16, center="no")
    with pytest.raises(ValueError, match="`db`"):
        MFCC(db=False)


@pytest.mark.trains
def test_magnitude_gradients_are_finite_at_silence():
    """|Z| has no derivative at Z = 0: the gradient there is 0, not NaN
    (digital silence, zero padding), for power 1 and magnitude/phase."""
    from keras_spectral.backend import grad

    x = audio(1, 400)
    x[:, 100:300] = 0.0
    for layer in (Spectrogram(64, 16, power=1, pad_mode="constant"),
                  STFT(64, 16, output_mode="magnitude_phase", pad_mode="constant")):
        def loss(v):
            out = layer(v)
            parts = out if isinstance(out, tuple) else (out,)
            return sum(keras.ops.sum(p) for p in parts)
        g = to_numpy(grad(loss, [keras.ops.convert_to_tensor(x)])[0])
        assert np.all(np.isfinite(g))


def test_torchaudio_magnitude_db_floor():
    x = np.zeros((1, 400), "float32")
    x[0, 200] = 1.0
    got = to_numpy(Spectrogram(64, 16, power=1, db=True, convention="torchaudio")(x))
    assert got.min() < -150.0  # AmplitudeToDB("magnitude"): 20 log10(max(S, 1e-10))
    got = to_numpy(Spectrogram(64, 16, power=1, db=True, top_db=None, convention="librosa")(x))
    assert got.min() >= -100.0 - 1e-3  # librosa's amplitude_to_db: amin 1e-5


@pytest.mark.parametrize("cls", ["STFT", "Spectrogram", "MelSpectrogram", "MFCC",
                                 "PhaseFeatures", "ISTFT"])
def test_window_length_defaults_to_the_fft_length(cls):
    from keras_spectral import layers

    layer = getattr(layers, cls)(fft_length=1024, frame_step=256)
    assert (layer.frame_length, layer.fft_length) == (1024, 1024)
    layer = getattr(layers, cls)(frame_length=400, frame_step=160)
    assert (layer.frame_length, layer.fft_length) == (400, 400)
    layer = getattr(layers, cls)(frame_step=160)
    assert (layer.frame_length, layer.fft_length) == (512, 512)


def test_librosa_convention_with_only_the_fft_length_matches_librosa():
    librosa = pytest.importorskip("librosa")
    from keras_spectral import layers

    rng = np.random.default_rng(0)
    audio = rng.standard_normal((1, 8000)).astype("float32")
    layer = layers.MelSpectrogram(fft_length=1024, frame_step=256, sample_rate=16000,
                                  num_mel_bins=40, convention="librosa")
    ours = keras.ops.convert_to_numpy(layer(audio))[0]
    ref = librosa.feature.melspectrogram(y=audio[0].astype("float64"), sr=16000,
                                         n_fft=1024, hop_length=256, n_mels=40).T
    np.testing.assert_allclose(ours, ref, rtol=1e-4, atol=1e-6 * ref.max())


def test_stft_op_takes_the_fft_length_alone():
    from keras_spectral import ops as kso

    x = np.random.default_rng(1).standard_normal((2, 2048))
    a = kso.stft(x, None, 256, 1024)
    b = kso.stft(x, 1024, 256, 1024)
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(a.real),
                                  keras.ops.convert_to_numpy(b.real))
    with pytest.raises(ValueError, match="`frame_length` or `fft_length`"):
        kso.stft(x, None, 256)
