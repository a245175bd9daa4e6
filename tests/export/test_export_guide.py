"""docs/export.md's Python code runs as written, in order, in one namespace:
under tensorflow, the backend that writes every format the page shows (ONNX,
SavedModel, LiteRT); the other backends' columns are test_export.py's."""

import pathlib
import re

import pytest

from tests.export import _matrix as m

PAGE = pathlib.Path(__file__).resolve().parents[2] / "docs" / "export.md"


@pytest.mark.skipif(m.BACKEND != "tensorflow",
                    reason="the page writes LiteRT, which Keras exports from tensorflow")
def test_export_page_code_runs(tmp_path, monkeypatch):
    code = re.findall(r"^```python\n(.*?)^```", PAGE.read_text(), re.S | re.M)
    assert len(code) >= 5, "docs/export.md lost its python blocks"
    monkeypatch.chdir(tmp_path)
    namespace = {"__name__": "export_guide"}
    for i, block in enumerate(code):
        exec(compile(block, f"export.md[block {i}]", "exec"), namespace)  # noqa: S102
    assert (tmp_path / "reloaded.tflite").exists()
