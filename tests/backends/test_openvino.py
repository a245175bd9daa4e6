"""Inference under KERAS_BACKEND=openvino: every catalogue layer and FNO runs
(its transforms as real matrix products, the only method there) and gives
the numpy backend's output for the same weights and input.

The numpy backend's outputs come from one subprocess
(`tests/backends/numpy_reference.py`); both compute in float32, the numpy
side with its FFTs, so the comparison checks the matrix transforms and every
op keras_spectral uses on OpenVINO. Runs only under the openvino backend.
"""

import os
import subprocess
import sys

import keras
import numpy as np
import pytest

import keras_spectral
from keras_spectral import backend, config
from keras_spectral.testing import assert_close, backend_name, catalogue, to_numpy

pytestmark = pytest.mark.skipif(backend_name() != "openvino",
                                reason="the openvino backend's own checks")

NAMES = sorted(catalogue.CASES)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# float32 on both sides, matrix products against FFTs, relative to each output's
# scale (measured: at most 1.8e-6, PhaseFeatures; 7e-7 and less for the others)
RTOL = 1e-5


def _parts(y):
    return list(y) if isinstance(y, (tuple, list)) else [y]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Per name: (openvino outputs, numpy backend outputs), or the error."""
    results, payload = {}, {}
    for name in NAMES:
        try:
            layer = catalogue.build(name)
            x = catalogue.example_input(name)
            y = [to_numpy(p) for p in _parts(layer(x))]
        except Exception as e:  # reported by the test of that name
            results[name] = e
            continue
        results[name] = y
        for i, part in enumerate(x if isinstance(x, tuple) else (x,)):
            payload[f"{name}/input/{i}"] = part
        for i, w in enumerate(layer.get_weights()):
            payload[f"{name}/weight/{i}"] = np.asarray(w)
    folder = tmp_path_factory.mktemp("openvino")
    source, target = folder / "in.npz", folder / "out.npz"
    np.savez(source, **payload)
    env = {**os.environ, "KERAS_BACKEND": "numpy"}
    done = subprocess.run([sys.executable, "-m", "tests.backends.numpy_reference",
                           str(source), str(target)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    reference = np.load(target)
    out = {}
    for name, got in results.items():
        if isinstance(got, Exception):
            out[name] = got
            continue
        ref = [reference[f"{name}/output/{i}"] for i in range(len(got))]
        out[name] = (got, ref)
    return out


def test_openvino_transforms_are_matmul():
    assert backend.method("r2c", [16]) == "matmul"
    with config.transform_method_scope("fft"):
        assert backend.method("c2c", [16]) == "matmul"
    assert keras_spectral.backend.version()


@pytest.mark.parametrize("name", NAMES)
def test_layer_equals_numpy_backend(runs, name):
    result = runs[name]
    if isinstance(result, Exception):
        raise result
    got, ref = result
    assert len(got) == len(ref)
    for g, r in zip(got, ref):
        if name == "PhaseFeatures":  # an angle / pi: -1 and 1 are the same phase
            g, r = g.copy(), r.copy()
            d = g[..., 2] - r[..., 2]
            g[..., 2] = r[..., 2] + d - 2 * np.round(d / 2)
        assert_close(g, r, rtol=RTOL, err_msg=name)


# Keras's openvino `predict` compiles its model with OpenVINO's default
# inference precision, bfloat16 on a CPU with AVX512-BF16 or AMX (this one):
# about 1% off the float32 result (the eager calls above compile each op with
# the float32 hint). The error depends on the weights: over twelve seeds the
# largest was 0.3-1.9% of the output's scale, and an unseeded run once reached
# 5.1%, so the weights are seeded (0.6% with seed 0).
PREDICT_RTOL = 5e-2


def test_fno_predict_and_functional_model():
    keras.utils.set_random_seed(0)
    model = catalogue.build("FNO")
    x = catalogue.example_input("FNO", batch=3)
    eager = to_numpy(model(x))
    assert_close(model.predict(x, verbose=0), eager, rtol=PREDICT_RTOL)
    inputs = keras.Input((16, 3))
    outputs = catalogue.build("SpectralConv1D")(inputs)
    functional = keras.Model(inputs, outputs)
    y = functional.predict(catalogue.example_input("SpectralConv1D", batch=5), verbose=0)
    assert y.shape == (5, 16, 4)
