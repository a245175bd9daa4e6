"""Every public layer and model saved as `.keras` under one backend loads under
every other with `safe_mode=True`, gives the same outputs, and trains on with
the same loss.

`scripts/matrix.py` runs this in two phases: with KERAS_SPECTRAL_PORTABLE_DIR
set, `test_save` writes each backend's files there during the main run; once
every backend has saved, a second run per backend with
KERAS_SPECTRAL_PORTABILITY=load runs `test_load` on the other backends' files.
Run alone, `test_save` round-trips in one process.
"""

import os

import keras
import numpy as np
import pytest

import keras_spectral  # noqa: F401  (registers the classes, as a user's import does)
from keras_spectral.testing import backend_name, catalogue

TRAINING = ("tensorflow", "jax", "torch")
PORTABLE_DIR = os.environ.get("KERAS_SPECTRAL_PORTABLE_DIR")
LOAD_PHASE = os.environ.get("KERAS_SPECTRAL_PORTABILITY") == "load"
NAMES = sorted(catalogue.CASES)


def _model(name):
    shape = catalogue.CASES[name][2]
    if isinstance(shape[0], tuple):  # a (real, imag) input
        inputs = [keras.Input(s) for s in shape]
        outputs = catalogue.build(name)(tuple(inputs))
    else:
        inputs = keras.Input(shape)
        outputs = catalogue.build(name)(inputs)
    outputs = list(outputs) if isinstance(outputs, tuple) else outputs
    return keras.Model(inputs, outputs)


def _as_list(values):
    values = values if isinstance(values, (list, tuple)) else [values]
    return [keras.ops.convert_to_numpy(v) for v in values]


def _step(model, x, target):
    """(loss of one SGD step's forward pass, loss after it), or None when the
    model has nothing to train or the backend cannot train."""
    if not model.trainable_weights or backend_name() not in TRAINING:
        return None
    before = model.train_on_batch(x, target)
    after = model.evaluate(x, target, verbose=0)
    return np.array([before, after], dtype="float64").ravel()[[0, -1]]


def _targets(outputs):
    return [np.full_like(o, 0.5) for o in outputs]


@pytest.mark.parametrize("name", NAMES)
def test_save(name, tmp_path):
    keras.utils.set_random_seed(0)
    model = _model(name)
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse")
    x = catalogue.example_input(name)
    inputs = list(x) if isinstance(x, tuple) else x
    outputs = _as_list(model(inputs))
    directory = os.path.join(PORTABLE_DIR, backend_name()) if PORTABLE_DIR else str(tmp_path)
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, f"{name}.keras")
    model.save(path)
    targets = _targets(outputs)
    target = targets if len(targets) > 1 else targets[0]
    losses = _step(model, inputs, target)
    arrays = {f"in_{i}": np.asarray(v)
              for i, v in enumerate(inputs if isinstance(inputs, list) else [inputs])}
    arrays.update({f"out_{i}": v for i, v in enumerate(outputs)})
    np.savez(os.path.join(directory, f"{name}.npz"), **arrays, losses=np.array(
        losses if losses is not None else [], dtype="float64"))
    if not PORTABLE_DIR:  # alone: the round trip in this process
        _check(path, inputs, outputs, losses)


def _check(path, inputs, outputs, losses, compiled=True):
    model = keras.saving.load_model(path, safe_mode=True, compile=compiled)
    if not compiled:
        model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse")
    for got, want in zip(_as_list(model(inputs)), outputs):
        scale = max(float(np.max(np.abs(want))), 1e-30)
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5 * scale)
    if losses is None or not len(losses):
        return
    if backend_name() == "torch":
        # A file compiled under jax or tensorflow asks for jit_compile=True,
        # which torch runs through torch.compile (20-35 s a model here); the
        # step's numbers are the same eagerly, and the layer harness trains
        # every layer with torch.compile already.
        model.jit_compile = False
    mine = _step(model, inputs, (lambda t: t if len(t) > 1 else t[0])(_targets(outputs)))
    if mine is not None:
        np.testing.assert_allclose(mine, losses, rtol=1e-5, atol=1e-7)


TRAIN_SOURCE = {"tensorflow": "jax", "jax": "torch", "torch": "tensorflow"}
# Only in the second phase (outside it, pytest reports one skipped empty set).
LOADS = [(n, s) for n in NAMES for s in TRAINING if s != backend_name()] if LOAD_PHASE else []


@pytest.mark.parametrize("name, source", LOADS)
def test_load(name, source):
    directory = os.path.join(PORTABLE_DIR, source)
    with np.load(os.path.join(directory, f"{name}.npz")) as f:
        inputs, outputs = ([f[f"{kind}_{i}"] for i in range(len(f.files))
                            if f"{kind}_{i}" in f.files] for kind in ("in", "out"))
        losses = f["losses"]
    inputs = inputs if len(inputs) > 1 else inputs[0]
    # The training step is checked against one source per loader (a cycle over
    # the three), the outputs against both: compiling steps dominates the time.
    if TRAIN_SOURCE[backend_name()] != source:
        losses = None
    # Keras (3.15) saves a compiled optimizer under torch by its torch module
    # (keras.src.backend.torch.optimizers.torch_sgd), which then cannot run
    # under another backend: such files load uncompiled and compile SGD again
    # (stateless, so the step is the same).
    _check(os.path.join(directory, f"{name}.keras"), inputs, outputs, losses,
           compiled=source != "torch")
