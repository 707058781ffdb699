"""docs/writing-a-backend.md: its Python code runs, top to bottom, as one script."""

import re
from pathlib import Path

import pytest

pytest.importorskip("pyfftw")
pytest.importorskip("torch")

DOC = Path(__file__).parents[1] / "docs" / "writing-a-backend.md"


def test_tutorial_code_runs(capsys):
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.S)
    assert len(blocks) >= 6
    namespace = {"__name__": "tutorial"}
    exec(compile("\n".join(blocks), str(DOC), "exec"), namespace)
    assert "numpy-fft" in capsys.readouterr().out
