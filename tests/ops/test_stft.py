"""Time-frequency ops: windows, framing, stft/istft, mel scales and
filterbanks, decibels; against scipy, librosa and the float64 references."""

import keras
import librosa
import numpy as np
import pytest
import scipy.signal

from keras_spectral import ops as kso
from keras_spectral.testing import assert_close, check_gradients, to_numpy
from keras_spectral.testing.references import audio as ref

RNG = np.random.default_rng(5)
WINDOWS = ["hann", "hamming", "blackman", "bartlett", ("kaiser", 8.0), ("gaussian", 5.0)]


@pytest.mark.parametrize("window", WINDOWS, ids=str)
@pytest.mark.parametrize("periodic", [True, False])
def test_get_window_matches_scipy(window, periodic):
    for n in (1, 2, 7, 64):
        expected = scipy.signal.get_window(window, n, fftbins=periodic)
        assert_close(kso.get_window(window, n, periodic), expected, dtype="float64")


def test_get_window_array_forms():
    values = (0.5, 1.0, 0.5)
    for form in (values, list(values), np.array(values)):
        assert_close(kso.get_window(form, 3), np.array(values), dtype="float64")


def test_get_window_bad_input():
    with pytest.raises(ValueError, match="`window`"):
        kso.get_window("triangle-ish", 8)
    with pytest.raises(ValueError, match="beta"):
        kso.get_window("kaiser", 8)
    with pytest.raises(ValueError, match="`window`"):
        kso.get_window(np.ones(5), 8)
    with pytest.raises(ValueError, match="`length`"):
        kso.get_window("hann", 0)


@pytest.mark.parametrize("length,step", [(8, 2), (8, 3), (6, 4), (5, 5), (4, 6), (37, 5),
                                         (20, 1)])
def test_frame_and_overlap_add(length, step):
    x = RNG.standard_normal((2, 3, 50))
    count = 1 + (50 - length) // step
    expected = np.stack([x[..., t * step:t * step + length] for t in range(count)], axis=-2)
    assert_close(to_numpy(kso.frame(x.astype("float32"), length, step)), expected)
    assert_close(to_numpy(kso.frame(x, length, step)), expected, dtype="float64")
    summed = np.zeros((2, 3, (count - 1) * step + length))
    for t in range(count):
        summed[..., t * step:t * step + length] += expected[..., t, :]
    assert_close(to_numpy(kso.overlap_add(expected, step)), summed, dtype="float64")


CASES = [  # frame_length, frame_step, fft_length, window, center, pad_mode
    (512, 128, None, "hann", True, "constant"),
    (400, 160, 512, "hann", True, "reflect"),
    (256, 100, None, "hamming", False, "reflect"),
    (300, 75, 301, ("kaiser", 6.0), True, "reflect"),
    (64, 32, 128, "blackman", True, "constant"),
]


@pytest.mark.parametrize("case", CASES, ids=[str(c[:3]) for c in CASES])
def test_stft_matches_librosa_and_istft_inverts(case):
    length, step, n_fft, window, center, pad_mode = case
    y = RNG.standard_normal((2, 3001))
    expected = np.swapaxes(librosa.stft(y, n_fft=n_fft or length, hop_length=step,
                                        win_length=length, window=window, center=center,
                                        pad_mode=pad_mode), -1, -2)
    assert_close(ref.stft(y, length, step, n_fft, window, center, pad_mode), expected,
                 dtype="float64")
    for dtype in ("float32", "float64"):
        z = kso.stft(y.astype(dtype), length, step, n_fft, window, center, pad_mode)
        got = to_numpy(z.real) + 1j * to_numpy(z.imag)
        assert_close(got, expected, dtype=dtype)
        back = to_numpy(kso.istft(z, length, step, n_fft, window, center, length=3001))
        cover = slice(None) if center else slice(n_fft or length, -(n_fft or length))
        assert_close(back[..., cover], y[..., cover], dtype=dtype)
        assert_close(to_numpy(kso.istft(z, length, step, n_fft, window, center)),
                     ref.istft(expected, length, step, n_fft, window, center), dtype=dtype)


def test_istft_matches_librosa_lengths():
    y = RNG.standard_normal(2000)
    z = librosa.stft(y, n_fft=256, hop_length=64)
    for length in (None, 1500, 2000, 2100):
        expected = librosa.istft(z, hop_length=64, n_fft=256, length=length)
        got = to_numpy(kso.istft((np.real(z).T, np.imag(z).T), 256, 64, length=length))
        assert_close(got, expected, dtype="float64")


def test_stft_trainable_window_tensor_and_symbolic():
    y = RNG.standard_normal((2, 1000)).astype("float32")
    w = keras.ops.convert_to_tensor(np.hanning(128).astype("float32"))
    z = kso.stft(y, 128, 32, window=w)
    assert_close(to_numpy(z.real) + 1j * to_numpy(z.imag),
                 ref.stft(y, 128, 32, window=np.hanning(128)))
    symbolic = kso.stft(keras.KerasTensor((None, None, 1000)), 128, 32)
    assert tuple(symbolic.real.shape) == (None, None, 32, 65)
    frames = kso.frame(keras.KerasTensor((3, None)), 10, 4)
    assert tuple(frames.shape) == (3, None, 10)
    assert tuple(kso.overlap_add(keras.KerasTensor((3, 7, 10)), 4).shape) == (3, 34)


def test_stft_bad_input():
    y = np.zeros((2, 1000), "float32")
    with pytest.raises(ValueError, match="`fft_length`"):
        kso.stft(y, 512, 128, fft_length=256)
    with pytest.raises(ValueError, match="`frame_step`"):
        kso.stft(y, 512, 0)
    with pytest.raises(ValueError, match="`frame_length`"):
        kso.stft(y, -1, 4)
    with pytest.raises(ValueError, match="`pad_mode`"):
        kso.stft(y, 256, 64, pad_mode="edge")
    with pytest.raises(ValueError, match="`window`"):
        kso.stft(y, 256, 64, window=np.ones(100))
    with pytest.raises(ValueError, match="`x`"):
        kso.stft(np.zeros((2, 100), "float32"), 256, 64)
    with pytest.raises(ValueError, match="pad_mode='reflect'"):
        kso.stft(np.zeros((2, 100), "float32"), 256, 64, center=True)
    with pytest.raises(ValueError, match="NOLA"):  # hops longer than the window
        kso.istft((np.zeros((3, 33)), np.zeros((3, 33))), 64, 80)
    with pytest.raises(ValueError, match="NOLA"):  # a window with a zero every 4 samples
        kso.istft((np.zeros((3, 5)), np.zeros((3, 5))), 8, 4,
                  window=np.array([0, 1, 1, 1, 0, 1, 1, 1.0]))
    with pytest.raises(ValueError, match="`stft_matrix`"):
        kso.istft((np.zeros((3, 30)), np.zeros((3, 30))), 64, 16)
    with pytest.raises(ValueError, match="`length`"):
        kso.istft((np.zeros((3, 5)), np.zeros((3, 5))), 8, 2, length=0)
    with pytest.raises(ValueError, match="`x`"):
        kso.stft(np.float32(1.0), 8, 2)
    with pytest.raises(ValueError, match="`x`"):
        kso.frame(np.float32(1.0), 8, 2)
    with pytest.raises(ValueError, match="`frames`"):
        kso.overlap_add(np.zeros(5, "float32"), 2)


@pytest.mark.trains
def test_stft_istft_gradients():
    x = np.random.default_rng(9).standard_normal((1, 30))
    check_gradients(lambda v: kso.stft(v, 16, 5, fft_length=18), [x])
    check_gradients(lambda v: kso.stft(v, 12, 4, center=False, window="hamming"), [x])
    z = np.random.default_rng(10).standard_normal((2, 1, 5, 9))
    check_gradients(lambda a, b: kso.istft((a, b), 16, 4), [z[0], z[1]])
    check_gradients(lambda w, v: kso.stft(v, 8, 3, window=w), [np.hanning(8), x[:, :16]])


MEL_CASES = [(16000, 512, 80, 0.0, None, "slaney", "slaney"),
             (22050, 2048, 128, 20.0, 8000.0, "htk", None),
             (8000, 256, 40, 0.0, None, "htk", "slaney"),
             (44100, 1024, 64, 300.0, None, "slaney", None)]


@pytest.mark.parametrize("case", MEL_CASES, ids=[str(c[:3]) for c in MEL_CASES])
def test_mel_filterbank_matches_librosa(case):
    sr, n_fft, mels, fmin, fmax, scale, norm = case
    expected = librosa.filters.mel(sr=sr, n_fft=n_fft, n_mels=mels, fmin=fmin, fmax=fmax,
                                   htk=scale == "htk", norm=norm, dtype=np.float64)
    got = kso.mel_filterbank(mels, n_fft, sr, fmin, fmax, scale, norm)
    assert got.shape == (mels, n_fft // 2 + 1)
    assert_close(got, expected, dtype="float64")


def test_mel_scales_match_librosa_on_arrays_and_tensors():
    f = np.array([0.0, 100.0, 999.0, 1000.0, 4000.0, 11025.0])
    for scale in ("slaney", "htk"):
        htk = scale == "htk"
        assert_close(kso.hz_to_mel(f, scale), librosa.hz_to_mel(f, htk=htk), dtype="float64")
        m = librosa.hz_to_mel(f, htk=htk)
        assert_close(kso.mel_to_hz(m, scale), f, dtype="float64")
        tensor = keras.ops.convert_to_tensor(f.astype("float32"))
        assert_close(to_numpy(kso.hz_to_mel(tensor, scale)), m, rtol=1e-5)
        tensor64 = keras.ops.convert_to_tensor(f, "float64")
        assert_close(to_numpy(kso.hz_to_mel(tensor64, scale)), m, dtype="float64")
        assert_close(to_numpy(kso.mel_to_hz(kso.hz_to_mel(tensor64, scale), scale)), f,
                     dtype="float64")
        assert_close(to_numpy(kso.mel_to_hz(kso.hz_to_mel(tensor, scale), scale)), f, rtol=1e-5)


def test_mel_frequencies_match_librosa():
    for scale in ("slaney", "htk"):
        assert_close(kso.mel_frequencies(20, 30.0, 7600.0, scale),
                     librosa.mel_frequencies(20, fmin=30.0, fmax=7600.0, htk=scale == "htk"),
                     dtype="float64")
    with pytest.raises(ValueError, match="`num` must be an integer >= 1; got 0"):
        kso.mel_frequencies(0)
    with pytest.raises(TypeError, match="`num` must be an integer >= 1; got 2.5"):
        kso.mel_frequencies(2.5)
    with pytest.raises(ValueError, match="`max_freq` must be .*> 500"):
        kso.mel_frequencies(4, 500.0, 400.0)
    with pytest.raises(ValueError, match="`scale` must be one of"):
        kso.mel_frequencies(4, scale="bark")


def test_mel_bad_input():
    with pytest.raises(ValueError, match="`num_mel_bins`"):
        kso.mel_filterbank(130, 256, 16000)
    with pytest.warns(UserWarning, match="`num_mel_bins`"):
        kso.mel_filterbank(128, 256, 16000)
    with pytest.raises(ValueError, match="`sample_rate`"):
        kso.mel_filterbank(40, 512, 0)
    with pytest.raises(ValueError, match="`max_freq`"):
        kso.mel_filterbank(40, 512, 16000, max_freq=9000.0)
    with pytest.raises(ValueError, match="`min_freq`"):
        kso.mel_filterbank(40, 512, 16000, min_freq=-1.0)
    with pytest.raises(ValueError, match="`norm`"):
        kso.mel_filterbank(40, 512, 16000, norm="l2")
    with pytest.raises(ValueError, match="`scale`"):
        kso.hz_to_mel(100.0, scale="bark")


@pytest.mark.parametrize("ref_value", [1.0, "max", 0.5])
@pytest.mark.parametrize("top_db", [80.0, None, 20.0])
def test_db_matches_librosa_per_example(ref_value, top_db):
    s = np.abs(RNG.standard_normal((3, 20, 10))) ** 4
    lib_ref = np.max if ref_value == "max" else ref_value
    for fn, lib in ((kso.power_to_db, librosa.power_to_db),
                    (kso.amplitude_to_db, librosa.amplitude_to_db)):
        expected = np.stack([lib(e, ref=lib_ref, top_db=top_db) for e in s])
        assert_close(to_numpy(fn(s, ref=ref_value, top_db=top_db)), expected, dtype="float64")
        got32 = to_numpy(fn(s.astype("float32"), ref=ref_value, top_db=top_db))
        assert_close(got32, expected)
        single = to_numpy(fn(s[0], ref=ref_value, top_db=top_db, batch_dims=0))
        assert_close(single, expected[0], dtype="float64")


def test_db_bad_input():
    s = np.ones((2, 3))
    for kw, name in [({"ref": 0.0}, "`ref`"), ({"ref": "min"}, "`ref`"),
                     ({"amin": 0.0}, "`amin`"), ({"top_db": -1.0}, "`top_db`"),
                     ({"batch_dims": 3}, "`batch_dims`")]:
        with pytest.raises(ValueError, match=name):
            kso.power_to_db(s, **kw)


@pytest.mark.trains
def test_framing_and_mel_scale_gradients():
    x = np.random.default_rng(12).standard_normal((2, 17))
    check_gradients(lambda v: kso.frame(v, 6, 4), [x])
    check_gradients(lambda v: kso.frame(v, 7, 3), [x])  # gcd 1: padded blocks
    check_gradients(lambda v: kso.overlap_add(v, 3), [x.reshape(2, 1, 17)[:, :, :15]
                                                      .reshape(2, 3, 5)])
    f = np.array([[50.0, 700.0, 1500.0, 6000.0]])
    for scale in ("slaney", "htk"):
        check_gradients(lambda v: kso.hz_to_mel(v, scale), [f])
        check_gradients(lambda v: kso.mel_to_hz(v, scale), [kso.hz_to_mel(f, scale)])


@pytest.mark.trains
def test_db_gradients():
    s = np.abs(np.random.default_rng(11).standard_normal((2, 5))) + 0.1
    check_gradients(lambda v: kso.power_to_db(v, top_db=None), [s])
    check_gradients(lambda v: kso.amplitude_to_db(v, ref="max", top_db=None), [s])

