"""docs/gallery.md is what scripts/docs_gallery.py writes: every example script,
and every figure it names exists."""

import importlib.util
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[1]


def gallery():
    spec = importlib.util.spec_from_file_location("docs_gallery", ROOT / "scripts" / "docs_gallery.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gallery_page_is_current():
    assert (ROOT / "docs" / "gallery.md").read_text() == gallery().page(), (
        "docs/gallery.md is stale: run python3 scripts/dev.py gallery --page-only")


def test_every_example_and_declared_figure_is_on_the_page():
    module, text = gallery(), (ROOT / "docs" / "gallery.md").read_text()
    for script in module.scripts():
        assert f"## `{script.name}`" in text
    for name, (figures, _, _) in module.FIGURES.items():
        for figure in figures:
            assert (ROOT / "docs" / "img" / figure).exists(), f"{name} should draw {figure}"
            assert f"(img/{figure})" in text
    for image in re.findall(r"\]\((img/[^)]+)\)", text):
        assert (ROOT / "docs" / image).exists(), image
