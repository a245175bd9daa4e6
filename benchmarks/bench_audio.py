"""The audio front-ends, Spectrogram and MelSpectrogram, against Keras's layers
and the backend's native STFT.

For the backend Keras is using (KERAS_BACKEND: tensorflow, jax or torch), in
one process, float32, 8 clips of 10 s at 16 kHz (batch 8 x 160000 samples),
fft 512, hop 128, periodic Hann, power 2, no dB; mel: 80 bands:

1. ours: `Spectrogram(512, 128)` and `MelSpectrogram(512, 128,
   sample_rate=16000, num_mel_bins=80)`.
2. keras: `keras.layers.STFTSpectrogram(mode="psd", frame_length=512,
   frame_step=128, fft_length=512, periodic=True, scaling=None,
   padding="valid")` of the signal reflect-padded by 256 (our frames), and
   `keras.layers.MelSpectrogram(fft_length=512, sequence_stride=128,
   sequence_length=512, num_mel_bins=80, sampling_rate=16000, min_freq=0,
   power_to_db=False, mag_exp=2.0)`. Goal: ours/keras <= 0.5.
3. native: torch.stft + abs() ** 2, tf.signal.stft + square of abs,
   jax.scipy.signal.stft + abs ** 2 (details: benchmarks/audio/sides.py);
   mel: a matmul with our filterbank. Goal: ours/native <= 1.2.
   forward+backward (the input gradient of `sum(y * g)`) for ours and native.

Each side runs the way users run it: `jax.jit` (layers: of
`layer.stateless_call`); TensorFlow both `tf.function(jit_compile=True)`
and `tf.function(jit_compile=False)` (XLA's FFT on the CPU can be the slower;
the goals judge each side in its faster mode); torch eager. Outputs (ours
against native, Keras's against its definition in float64 NumPy) and input
gradients are checked before timing. Every figure is a ratio of callables
timed in the same interleaved rounds (`harness.time_interleaved`, half the
rounds in reverse order); ms are context. A case that misses a goal gets a
breakdown of our forward pass (benchmarks/audio/breakdown.py).

    KERAS_BACKEND=jax python -m benchmarks.bench_audio [--quick] [--threads N]
    python -m benchmarks.bench_audio --all --threads 1   # every backend + docs
    python -m benchmarks.bench_audio --docs-only         # rebuild the docs section

A full run writes benchmarks/results/audio-<backend>.{json,md}; `--all` and
`--docs-only` rebuild the section of docs/benchmarks.md between
`<!-- audio:begin -->` and `<!-- audio:end -->` (appended when absent).
`--quick` runs 2 clips of 2 s, few rounds, and writes nothing.

The code is in benchmarks/audio/ (its docstring lists the parts).
"""

import os
import sys

if not __package__:  # run as a script: make `benchmarks` importable
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from benchmarks import cli
from benchmarks.audio.cases import BACKENDS, CASES
from benchmarks.audio.docs import write_docs
from benchmarks.audio.run import run_all, run_backend


def main(argv=None):
    parser = cli.parser(__doc__, BACKENDS, "short clips, few rounds; writes nothing")
    parser.add_argument("--cases", nargs="+", choices=CASES,
                        help="run only these cases (a full run then writes only them)")
    args = cli.add_machine_options(parser).parse_args(argv)
    return cli.main(args, "audio", write_docs, run_all, run_backend)


if __name__ == "__main__":
    sys.exit(main())
