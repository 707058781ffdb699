"""Plugin backends (entry-point group sigproc.backends) and SIGPROC_BACKEND.

tests/plugin/ is a tiny installed distribution (a dist-info folder beside its
package): putting it on the path of a fresh interpreter installs it as far as
importlib.metadata is concerned.
"""

import os
import subprocess
import sys
from pathlib import Path

PLUGIN_PATH = Path(__file__).parent / "plugin"


def run(code, **env):
    environ = {**os.environ, "PYTHONPATH": str(PLUGIN_PATH), **env}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environ)


def test_plugin_is_found_by_name_without_being_imported():
    out = run(
        "import sys, numpy as np, sigproc, sigproc.fft\n"
        "assert 'sigproc_example_plugin' not in sys.modules\n"
        "assert 'example' in sigproc.dispatch._control.plugins()\n"
        "assert sigproc.fft.rfft(np.ones(4))[0] != 'example'  # not in the automatic chain\n"
        "with sigproc.set_backend('example'):\n"
        "    print(sigproc.fft.rfft(np.ones(4))[0])\n"
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "example"


def test_broken_plugin_says_which_and_why():
    out = run("import sigproc\nsigproc.set_backend('broken')")
    assert out.returncode == 1
    last = out.stderr.strip().splitlines()[-1]
    assert "sigproc backend plugin 'broken'" in last
    assert "sigproc-example-plugin" in last and "broken on purpose" in last


def test_environment_sets_the_global_backend():
    code = (
        "import numpy as np, sigproc\n"
        "print(sigproc.which_backend(sigproc.welch, np.ones(8)).backend)"
    )
    out = run(code, SIGPROC_BACKEND="array_api")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "array_api"
    plugin = run("import sigproc, sigproc.fft, numpy as np; print(sigproc.fft.rfft(np.ones(4))[0])",
                 SIGPROC_BACKEND="example")  # fmt: skip
    assert plugin.stdout.strip() == "example", plugin.stderr


def test_environment_names_an_unknown_backend():
    out = run("import sigproc", SIGPROC_BACKEND="nonesuch")
    assert out.returncode == 1
    assert "SIGPROC_BACKEND='nonesuch': unknown backend" in out.stderr


def test_command_line_reports_an_unknown_environment_backend_in_one_line():
    # the console script's entry point (outside the package, as installed)
    code = "import sys, _sigproc_cli; sys.exit(_sigproc_cli.main(['psd', 'x.npy']))"
    out = run(code, SIGPROC_BACKEND="nonesuch")
    assert out.returncode == 2, out.stderr
    assert out.stdout == ""
    assert out.stderr.splitlines() == [out.stderr.strip()]  # one line, no traceback
    assert out.stderr.startswith("sigproc: error: SIGPROC_BACKEND='nonesuch': unknown backend")
    script = Path(sys.executable).with_name("sigproc")
    if script.exists():  # the installed console script itself
        environ = {**os.environ, "SIGPROC_BACKEND": "nonesuch"}
        out = subprocess.run([str(script), "backends"], capture_output=True, text=True, env=environ)
        assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr
