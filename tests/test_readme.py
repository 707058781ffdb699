"""The README's command-line block runs as written, in a directory outside the clone."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).parents[1] / "README.md"
SCRIPT = Path(sys.executable).with_name("sigproc")


def command_line_block():
    text = README.read_text()
    section = text.split("## The command line", 1)[1]
    return re.search(r"```bash\n(.*?)```", section, flags=re.S).group(1)


def test_readme_command_line_block_runs(tmp_path):
    if not SCRIPT.exists():
        pytest.skip("the sigproc console script is not installed beside this Python")
    pytest.importorskip("matplotlib")
    block = command_line_block()
    written = set(re.findall(r"(?:--out|--plot)\s+(\S+)", block))
    assert written, "the block should write files the reader can open"
    environ = {**os.environ, "PATH": f"{SCRIPT.parent}{os.pathsep}{os.environ['PATH']}"}
    environ.pop("SIGPROC_BACKEND", None)
    out = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", block],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=environ,
        timeout=600,
    )
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    assert "Traceback" not in out.stderr and "Warning" not in out.stderr, out.stderr
    for name in written:
        assert (tmp_path / name).stat().st_size > 0, name


def test_readme_command_line_block_uses_no_files_from_the_clone():
    block = command_line_block()
    assert "../" not in block and "shared/" not in block
