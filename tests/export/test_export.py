"""The export matrix: every public layer (the catalogue) and the FNO in one and
two dimensions, exported with `keras_spectral.export.export` to each format
Keras writes on this backend, read back by its runtime (onnxruntime,
`tf.saved_model.load`, the ai_edge_litert interpreter) at a batch size it was
not traced with, and at a second spatial size where the axes are free;
compared with the Keras model (on the transform method the file was traced
with) to 1e-4 of the largest output. Each backend's run fills its own column.

What cannot be exported is tested in test_export_errors.py.
"""

import pytest

from keras_spectral import config
from keras_spectral import export as ks_export
from tests.export import _matrix as m

ROWS = [(name, fmt) for fmt in m.FORMATS if m.BACKEND in m.HERE[fmt] for name in m.NAMES]


def _param(name, fmt):
    reason = m.KNOWN_FAILURES.get((name, fmt, m.BACKEND))
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(name, fmt, marks=marks, id=f"{name}-{fmt}")


@pytest.mark.parametrize("name, fmt", m.or_nothing([_param(*row) for row in ROWS], 2))
def test_exported_model_matches_keras(name, fmt, tmp_path):
    model, free = m.build(name, free_spatial=m.spatial_is_free(fmt))
    path = ks_export.export(model, m.path_for(tmp_path, fmt), format=fmt)
    run = m.RUNNERS[fmt](path, [t.name for t in model.inputs])
    if fmt == "litert":  # the plain interpreter: no TensorFlow ("Flex") op
        assert not [op for op in run.ops if op.startswith("Flex")], run.ops
    # the Keras model with the transform method the file was traced with (the
    # matrix form's agreement with the FFT is the transforms' own tests' subject)
    method = "matmul" if fmt in ks_export.FORMATS_WITHOUT_FFT else None
    x = m.example(name, m.RUN_BATCH, seed=1)
    with config.transform_method_scope(method):
        m.assert_matches(run(x), m.keras_outputs(model, x), f"batch {m.RUN_BATCH}", name)
        if free:
            x = m.example(name, m.RUN_BATCH, scale=2, seed=2)
            m.assert_matches(run(x), m.keras_outputs(model, x), "spatial sizes x2", name)
