"""The guides' Python code runs as written: every ```python block of each page,
in order, in one namespace per page (bash and text blocks are not run). The
blocks train small models, so they run on TensorFlow, JAX and PyTorch."""

import pathlib
import re

import keras
import pytest

DOCS = pathlib.Path(__file__).resolve().parents[1] / "docs"
GUIDES = ["getting-started.md", "why.md", "backends.md", "mixed-precision.md"]


def blocks(page):
    return re.findall(r"^```python\n(.*?)^```", (DOCS / page).read_text(), re.S | re.M)


@pytest.mark.trains
@pytest.mark.parametrize("page", GUIDES)
def test_guide_code_runs(page, tmp_path, monkeypatch):
    code = blocks(page)
    assert code, f"{page} has no python block"
    monkeypatch.chdir(tmp_path)
    namespace = {"__name__": f"guide_{page}"}
    policy = keras.config.dtype_policy()
    try:
        for i, block in enumerate(code):
            exec(compile(block, f"{page}[block {i}]", "exec"), namespace)  # noqa: S102
    finally:
        keras.config.set_dtype_policy(policy)
