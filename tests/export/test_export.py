"""The export matrix: every public layer (the catalogue) and the FNO in one and
two dimensions, exported with `keras_spectral.export.export` to each format
Keras writes on this backend, read back by its runtime (onnxruntime,
`tf.saved_model.load`, the ai_edge_litert interpreter) at a batch size it was
not traced with, and at a second spatial size where the axes are free;
compared with the Keras model (on the transform method the file was traced
with) to 1e-4 of the largest output. Each backend's run fills its own column.

The cases expected to pass are exported together, once per format: one model
with every such layer side by side (each on its own inputs, each with its own
outputs), so the converter and the runtime start once, not once per layer.
Each cell of the matrix is still its own test, comparing its layer's outputs
alone. The known failures are exported one layer at a time (strict xfails),
so a fix shows in its own cell.

What cannot be exported is tested in test_export_errors.py.
"""

import keras
import pytest

from keras_spectral import config
from keras_spectral import export as ks_export
from tests.export import _matrix as m

ROWS = [(name, fmt) for fmt in m.FORMATS if m.BACKEND in m.HERE[fmt] for name in m.NAMES]


def _known(name, fmt):
    return m.KNOWN_FAILURES.get((name, fmt, m.BACKEND))


def _param(name, fmt):
    reason = _known(name, fmt)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(name, fmt, marks=marks, id=f"{name}-{fmt}")


# Layers per shared file where one file of every layer costs more than a few:
# tf2onnx and jax2onnx take longer per layer on a larger graph (measured).
GROUP = {("onnx", "tensorflow"): 8, ("onnx", "jax"): 8}


def _method(fmt):
    # the Keras model with the transform method the file was traced with (the
    # matrix form's agreement with the FFT is the transforms' own tests' subject)
    return "matmul" if fmt in ks_export.FORMATS_WITHOUT_FFT else None


class _Exported:
    """One format's exported file of some layers' models side by side, and what
    its runtime and Keras return for each layer: `results[name]` is a list of
    `(what, got, want)`, or the exception the export or the run raised."""

    def __init__(self, names, fmt, directory):
        self.results = {}
        try:
            self._run(names, fmt, directory)
        except Exception as error:  # every layer of the file fails with it
            self.error = error
        else:
            self.error = None

    def _run(self, names, fmt, directory):
        inputs, outputs, spans, frees, k = [], [], {}, {}, 0
        for name in names:
            sub, frees[name] = m.build(name, free_spatial=m.spatial_is_free(fmt))
            ins = []
            for t in sub.inputs:
                ins.append(keras.Input(t.shape[1:], name=f"input_{k}"))
                k += 1
            out = sub(ins if len(ins) > 1 else ins[0])
            out = list(out) if isinstance(out, (list, tuple)) else [out]
            spans[name] = (len(inputs), len(inputs) + len(ins),
                           len(outputs), len(outputs) + len(out))
            inputs += ins
            outputs += out
        model = keras.Model(inputs, outputs)
        model([a for n in names for a in m.example(n, m.TRACED_BATCH)])
        path = ks_export.export(model, m.path_for(directory, fmt), format=fmt)
        run = m.RUNNERS[fmt](path, [t.name for t in model.inputs])
        self.ops = getattr(run, "ops", [])
        runs = [(f"batch {m.RUN_BATCH}", {n: m.example(n, m.RUN_BATCH, seed=1) for n in names})]
        if any(frees.values()):
            runs.append(("spatial sizes x2", {
                n: m.example(n, m.RUN_BATCH, scale=2 if frees[n] else 1, seed=2)
                for n in names}))
        with config.transform_method_scope(_method(fmt)):
            for what, xs in runs:
                x = [a for n in names for a in xs[n]]
                got = run(x)
                want = m.keras_outputs(model, x)
                assert len(got) == len(want), f"{what}: {len(got)} outputs, Keras {len(want)}"
                for n in names:
                    if what != runs[0][0] and not frees[n]:
                        continue
                    _, _, start, stop = spans[n]
                    self.results.setdefault(n, []).append(
                        (what, got[start:stop], want[start:stop]))


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The shared export of each format, made at its first cell."""
    cache = {}

    def get(name, fmt):
        names = [n for n in m.NAMES if not _known(n, fmt)]
        size = GROUP.get((fmt, m.BACKEND), len(names))
        group = names.index(name) // size
        if (fmt, group) not in cache:
            cache[fmt, group] = _Exported(names[group * size:(group + 1) * size], fmt,
                                          tmp_path_factory.mktemp(f"{fmt}-{group}"))
        return cache[fmt, group]
    return get


@pytest.mark.parametrize("name, fmt", m.or_nothing([_param(*row) for row in ROWS], 2))
def test_exported_model_matches_keras(name, fmt, tmp_path, exported):
    if _known(name, fmt):  # alone, so the fix of one case shows in its own cell
        shared = _Exported([name], fmt, tmp_path)
    else:
        shared = exported(name, fmt)
    if shared.error is not None:
        raise shared.error
    if fmt == "litert":  # the plain interpreter: no TensorFlow ("Flex") op
        assert not [op for op in shared.ops if op.startswith("Flex")], shared.ops
    for what, got, want in shared.results[name]:
        m.assert_matches(got, want, what, name)
