"""The shape of the package: its import graph, and native cells that really are native.

- The import graph of ``sigproc/`` (every ``import`` statement, those inside
  functions included) has no cycle; no backend package imports another; and
  nothing inside the library imports the package root (the command line, a
  client of the public API, is the one exception).
- Every cell the support table (and so ``docs/support.md``) marks native runs
  the backend's own code: while the call runs, code of the backend's package
  calls into the backend's library, or the core calls back into the backend's
  package (a hook). A forwarding wrapper that only calls the portable core
  does neither.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.signal

import sigproc

PACKAGE = Path(sigproc.__file__).parent
BACKENDS = "sigproc.backends."
CLIENTS = ("sigproc.cli", "sigproc.__main__")  # users of the public API, not the library


def _module_name(path):
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules():
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name, path, modules):
    """The sigproc modules `name` imports, statement by statement (function bodies included)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "sigproc"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            if base.split(".")[0] != "sigproc":
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in modules else base)  # a submodule, else a name of `base`
    return found - {name}


def _graph():
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _cycles(graph):
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    return out


def _backend_of(module):
    if not module.startswith(BACKENDS):
        return None
    return module[len(BACKENDS) :].split(".")[0]


_BELOW_DECLARATIONS = ("sigproc._core", "sigproc.dispatch", "sigproc._typing")


class TestImportGraph:
    def test_the_graph_is_read(self):
        graph = _graph()
        assert "sigproc.dispatch._multimethod" in graph["sigproc.dispatch._backend"]
        assert "sigproc._core.iir" in graph["sigproc.backends.torch._iir"]
        # Imports inside functions count: the root registers the backends from one.
        assert "sigproc.backends" in graph["sigproc"]
        # `from ... import fft as fft_api` is the module sigproc.fft, not the root.
        assert "sigproc.fft" in graph["sigproc.backends.torch._fft"]

    def test_a_cycle_is_found(self):
        graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
        assert _cycles(graph) == [["a", "b", "c"]]

    def test_no_import_cycles(self):
        assert _cycles(_graph()) == []

    def test_no_backend_imports_another(self):
        bad = [
            f"{m} imports {dep}"
            for m, deps in _graph().items()
            for dep in deps
            if _backend_of(m) and _backend_of(dep) and _backend_of(m) != _backend_of(dep)
        ]
        assert bad == []

    def test_nothing_in_the_library_imports_the_package_root(self):
        bad = [
            m
            for m, deps in _graph().items()
            if "sigproc" in deps and not m.startswith(CLIENTS) and m != "sigproc"
        ]
        assert bad == []

    def test_the_core_stands_below_the_backends_and_declarations(self):
        assert "sigproc._conversions" in _graph()  # the rule below sees every declaration
        upward = [
            f"{m} imports {dep}"
            for m, deps in _graph().items()
            if m.startswith("sigproc._core")
            for dep in deps
            if dep.startswith(("sigproc.backends", "sigproc.cli"))
            # the declarations: every top-level module but the framework and the aliases
            or (dep.count(".") == 1 and dep not in _BELOW_DECLARATIONS)
        ]
        assert upward == []

    def test_dispatch_knows_no_function_module_or_backend(self):
        upward = [
            f"{m} imports {dep}"
            for m, deps in _graph().items()
            if m.startswith("sigproc.dispatch")
            for dep in deps
            if not dep.startswith("sigproc.dispatch")
        ]
        assert upward == []


# -- native cells run the backend's own code ------------------------------------------------

LIBRARIES = {"numpy": ("scipy", "numpy"), "torch": ("torch",), "cupy": ("cupy", "cupyx")}
# Bookkeeping a forwarding wrapper may do before it forwards: not evidence of a kernel.
TRIVIAL = {
    "asarray", "asanyarray", "as_tensor", "array", "dtype", "result_type", "to", "numel",
    "is_complex", "is_floating_point", "is_compiling", "movedim", "moveaxis", "reshape",
    "contiguous", "clone", "narrow", "flip", "conj", "resolve_conj", "__ua_convert__",
}  # fmt: skip


def _calls(xp):
    """public name -> (args, kwargs) of a small valid call, signals built with `xp`."""
    rng = np.random.default_rng(0)
    x = xp(rng.standard_normal(256))
    y = xp(rng.standard_normal(256))
    x2 = xp(rng.standard_normal((8, 16)))
    b, a = scipy.signal.butter(4, 0.2)
    sos = scipy.signal.butter(4, 0.2, output="sos")
    zpk = scipy.signal.butter(4, 0.2, output="zpk")
    h = np.ones(5) / 5
    z = xp(scipy.signal.stft(rng.standard_normal(256), nperseg=32)[2])
    t = xp(np.sort(rng.uniform(0, 10, 64)))
    calls = {
        "lfilter": ((b, a, x), {}),
        "lfilter_zi": ((xp(b), xp(a)), {}),
        "lfiltic": ((b, a, xp(np.ones(4))), {}),
        "filtfilt": ((b, a, x), {}),
        "sosfilt": ((sos, x), {}),
        "sosfilt_zi": ((xp(sos),), {}),
        "sosfiltfilt": ((sos, x), {}),
        "decimate": ((x, 4), {}),
        "convolve": ((x, xp(h)), {}),
        "correlate": ((x, xp(h)), {}),
        "fftconvolve": ((x, xp(h)), {}),
        "oaconvolve": ((x, xp(h)), {}),
        "hilbert": ((x,), {}),
        "resample": ((x, 100), {}),
        "resample_poly": ((x, 2, 3), {}),
        "upfirdn": ((h, x, 2, 3), {}),
        "savgol_filter": ((x, 11, 3), {}),
        "medfilt": ((x, 5), {}),
        "welch": ((x,), {"nperseg": 64}),
        "csd": ((x, y), {"nperseg": 64}),
        "periodogram": ((x,), {}),
        "coherence": ((x, y), {"nperseg": 64}),
        "spectrogram": ((x,), {"nperseg": 64}),
        "stft": ((x,), {"nperseg": 64}),
        "istft": ((z,), {"nperseg": 32}),
        "detrend": ((x,), {}),
        "aggregate": ((x,), {}),
        "ranged_aggregate": ((x, np.arange(256.0), [(0, 10)]), {}),
        "bandpower": ((x, 100.0, [(1, 10)]), {}),
        "chirp": ((x, 1.0, 1.0, 5.0), {}),
        "sawtooth": ((x,), {}),
        "square": ((x,), {}),
        "gausspulse": ((x,), {}),
        "sweep_poly": ((x, [1.0, 2.0]), {}),
        "czt": ((x,), {"m": 32}),
        "zoom_fft": ((x, [0.1, 0.3]), {}),
        "lombscargle": ((t, xp(rng.standard_normal(64)), np.linspace(0.5, 3, 16)), {}),
        "envelope": ((x,), {}),
        "hilbert2": ((x2,), {}),
        "vectorstrength": ((t, 2.0), {}),
        "choose_conv_method": ((x, xp(np.ones(5))), {}),
        "find_peaks": ((x,), {"height": 0, "distance": 2, "prominence": 0.1, "width": 1}),
        "peak_prominences": ((x, scipy.signal.find_peaks(np.asarray(x))[0][:5]), {}),
        "peak_widths": ((x, scipy.signal.find_peaks(np.asarray(x))[0][:5]), {}),
        "argrelextrema": ((x2, np.greater), {"axis": 1}),
        "argrelmin": ((x2,), {"axis": 1}),
        "argrelmax": ((x,), {"order": 2}),
        "find_peaks_cwt": ((x, np.arange(1, 10)), {}),
        "freqz": ((xp(b), xp(a)), {"worN": 64}),
        "freqz_sos": ((xp(sos),), {"worN": 64}),
        "freqz_zpk": ((xp(zpk[0]), xp(zpk[1]), zpk[2]), {"worN": 64}),
        "group_delay": ((xp(b), xp(a)), {"w": 64}),
        "freqs": ((xp(b), xp(a)), {"worN": 64}),
        "freqs_zpk": ((xp(zpk[0]), xp(zpk[1]), zpk[2]), {"worN": 64}),
        "convolve2d": ((xp(np.ones((24, 24), np.float32)), xp(np.ones((9, 9), np.float32))), {}),
        "correlate2d": ((xp(np.ones((24, 24), np.float32)), xp(np.ones((9, 9), np.float32))), {}),
        "medfilt2d": ((x2,), {}),
        "wiener": ((x2,), {}),
        "order_filter": ((x2, np.ones((3, 3)), 4), {}),
        "sepfir2d": ((x2, np.ones(3), np.ones(3)), {}),
        "deconvolve": ((x, [1.0, 0.5]), {}),
        "symiirorder1": ((x, 0.5, 0.3), {}),
        "symiirorder2": ((x, 0.5, 0.3), {}),
        "cspline1d": ((x,), {}),
        "qspline1d": ((x,), {}),
        "gauss_spline": ((x, 3), {}),
        "cspline2d": ((xp(rng.standard_normal((32, 32))),), {}),
        "qspline2d": ((xp(rng.standard_normal((32, 32))),), {}),
        "spline_filter": ((xp(rng.standard_normal((32, 32))), 0.0), {}),
        "cspline1d_eval": ((x, np.linspace(-10.0, 300.0, 50)), {}),
        "qspline1d_eval": ((x, np.linspace(-10.0, 300.0, 50)), {}),
        "dlsim": ((([1.0], [1.0, -0.5], 1.0), x), {}),
        "lsim": ((([1.0], [1.0, 1.0]), x, np.arange(256) * 0.01), {}),
    }
    for name in ("fft", "ifft", "rfft", "irfft", "hfft", "ihfft", "fftshift", "ifftshift"):
        calls[f"fft.{name}"] = ((x,), {})
    for name in ("fft2", "ifft2", "rfft2", "irfft2", "fftn", "ifftn", "rfftn", "irfftn"):
        calls[f"fft.{name}"] = ((x2,), {})
    for name in ("hfft2", "ihfft2", "hfftn", "ihfftn", "dctn", "idctn", "dstn", "idstn"):
        calls[f"fft.{name}"] = ((x2,), {})
    for name in ("dct", "idct", "dst", "idst"):
        calls[f"fft.{name}"] = ((x,), {})
    for name in ("fht", "ifht"):
        calls[f"fft.{name}"] = ((x, 0.1, 0.5), {})
    return calls


def _library_of(func):
    module = getattr(func, "__module__", None)
    if module is None:  # a bound method of a builtin type (Tensor.unfold, ...)
        module = type(getattr(func, "__self__", None)).__module__
    return (module or "").split(".")[0]


def _evidence(backend, call):
    """Whether `call()` runs code of `backend`'s package that does the work (see module doc)."""
    own = str(PACKAGE / "backends" / backend / "_")  # implementation modules, not __init__
    sigproc_dir = str(PACKAGE)
    libraries = LIBRARIES[backend]
    found = []

    def profile(frame, event, arg):
        caller = frame.f_code.co_filename
        if event == "c_call":
            name = getattr(arg, "__name__", "")
            if caller.startswith(own) and _library_of(arg) in libraries and name not in TRIVIAL:
                found.append(f"{getattr(arg, '__name__', arg)} from {frame.f_code.co_name}")
        elif event == "call":
            callee, back = caller, frame.f_back
            outer = back.f_code.co_filename if back is not None else ""
            if (
                callee.startswith(own)
                and not outer.startswith(own)
                and outer.startswith(sigproc_dir + "/_core")
            ):
                found.append(f"hook {frame.f_code.co_name}")  # the core calls the backend
            elif outer.startswith(own) and not callee.startswith(sigproc_dir):
                module = frame.f_globals.get("__name__", "").split(".")[0]
                if module in libraries and frame.f_code.co_name not in TRIVIAL:
                    found.append(f"{module}.{frame.f_code.co_name}")

    sys.setprofile(profile)
    try:
        call()
    finally:
        sys.setprofile(None)
    return found


def _native_cells(backend):
    return sorted(
        name
        for name, row in sigproc.dispatch.support_table().items()
        if row[backend] == "native" and not name.startswith("dispatch_")  # test-only probes
    )


def _backend_params():
    params = [pytest.param("numpy", np.asarray, id="numpy")]
    torch = pytest.importorskip("torch")
    params.append(pytest.param("torch", lambda v: torch.asarray(np.asarray(v)), id="torch"))
    return params


@pytest.mark.parametrize(("backend", "xp"), _backend_params())
def test_native_cells_run_the_backends_own_code(backend, xp):
    calls = _calls(xp)
    cells = _native_cells(backend)
    assert cells, f"no native cell for {backend}"
    missing = sorted(set(cells) - set(calls))
    assert missing == [], f"add a sample call for {missing}"
    forwarding = []
    for name in cells:
        func = sigproc.dispatch._multimethod.registry[name]
        args, kwargs = calls[name]
        selection = sigproc.which_backend(func, *args, **kwargs)
        assert (selection.backend, selection.native) == (backend, True), name
        if not _evidence(backend, lambda f=func, a=args, k=kwargs: f(*a, **k)):
            forwarding.append(name)
    assert forwarding == [], f"{backend}: native cells that ran no code of their own"


def test_a_forwarding_wrapper_is_caught():
    # The portable core called from a stand-in "numpy backend" frame: no evidence.
    from sigproc._core import stft as stft_core

    z = scipy.signal.stft(np.ones(256), nperseg=32)[2]
    namespace = {"core": stft_core, "z": z, "xnp": __import__("array_api_compat.numpy").numpy}
    code = compile(
        "def forward():\n    return core.istft(z, nperseg=32)\n",
        str(PACKAGE / "backends" / "numpy" / "_forward.py"),
        "exec",
    )
    exec(code, namespace)
    assert _evidence("numpy", namespace["forward"]) == []
    # ... while a backend that calls its library directly is seen.
    code = compile(
        "def direct():\n    return scipy.signal.istft(z, nperseg=32)\n",
        str(PACKAGE / "backends" / "numpy" / "_direct.py"),
        "exec",
    )
    namespace["scipy"] = scipy
    exec(code, namespace)
    assert _evidence("numpy", namespace["direct"]) != []
