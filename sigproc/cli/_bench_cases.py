"""The cases of ``sigproc bench``: what is computed, on which inputs, and SciPy's reference.

Each :class:`Case` builds its host inputs (NumPy arrays and scalars) for the
full or the ``--quick`` size, and gives two functions of those inputs: the
SciPy reference and the sigproc call. Both return the array that is checked
(the PSD, the filtered signal, ...). Contenders move every NumPy array among
the inputs to their own library before calling. The definitions live in the
package (not in ``benchmarks/``) so that an installed ``sigproc bench`` finds
them; ``benchmarks/run.py`` is a thin wrapper around the command.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from importlib.util import find_spec
from typing import Any

import numpy as np
import scipy.fft
import scipy.integrate
import scipy.signal

import sigproc
import sigproc.fft

from ._io import CLIError

__all__ = ["CASES", "Case", "Contender", "contenders", "direct_contender", "to_host"]

#: Bands of the ``bandpower`` case, in Hz (fs = 256 Hz): delta, theta, alpha, beta, gamma.
BANDS = ((0.5, 4.0), (4.0, 8.0), (8.0, 13.0), (13.0, 30.0), (30.0, 100.0))


@dataclass(frozen=True)
class Case:
    """One benchmark case.

    Attributes
    ----------
    name : str
        Short id, matched by ``--cases``.
    description : str
        What runs, with the full size (``{n}`` style fields filled by `build`).
    build : callable
        ``build(quick) -> (inputs, size)``: a dict of host inputs and a short
        size text (e.g. ``"1e7 float64"``).
    scipy, sigproc : callable
        ``f(**inputs) -> array``: the SciPy reference and the sigproc call.
    direct : callable, optional
        ``f(**inputs)``: the numpy backend's implementation called directly
        (dispatch cases); adds the contender "numpy impl, direct".
    only : tuple of str, optional
        Contender keys this case runs on (default: all selected).
    bandwidth : bool
        Whether bandwidth and a read baseline are meaningful (not for µs calls).
    min_repeat : int
        Fewest samples per contender, whatever ``--repeat`` says (cheap, noisy cases).
    """

    name: str
    description: str
    build: Callable[[bool], tuple[dict, str]]
    scipy: Callable[..., Any]
    sigproc: Callable[..., Any]
    direct: Callable[..., Any] | None = None
    only: tuple[str, ...] | None = None
    bandwidth: bool = True
    min_repeat: int = 1


def _noise(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal(shape, dtype=np.dtype(dtype))


def _size(shape, dtype):
    def one(d):
        short = f"{d:.0e}".replace("e+0", "e")
        return short if d >= 1000 and float(short) == d else f"{d:,}"

    return f"{' x '.join(one(d) for d in shape)} {np.dtype(dtype).name}"


def _signal(full, quick, dtype, rows=None, quick_rows=None):
    def build(q):
        n = quick if q else full
        r = (quick_rows if q else rows) if rows else None
        shape = (r, n) if r else (n,)
        return {"x": _noise(shape, dtype)}, _size(shape, dtype)

    return build


def _with(build, **extra):
    def wrapped(q):
        inputs, size = build(q)
        return {**inputs, **extra}, size

    return wrapped


def _welch_case(name, n, nq, dtype, nperseg, **kw):
    def ref(x):
        return scipy.signal.welch(x, nperseg=nperseg, **kw)[1]

    def ours(x):
        return sigproc.welch(x, nperseg=nperseg, **kw)[1]

    extra = ", ".join(f"{k}={v!r}" for k, v in kw.items())
    desc = f"welch nperseg={nperseg}" + (f", {extra}" if extra else "")
    return Case(name, desc, _signal(n, nq, dtype), ref, ours)


def _bandpower_ref(x, fs, nperseg):
    f, pxx = scipy.signal.welch(x, fs=fs, nperseg=nperseg)
    out = []
    for lo, hi in BANDS:
        m = (f >= lo) & (f <= hi)
        out.append(scipy.integrate.trapezoid(pxx[..., m], f[m], axis=-1))
    return np.stack(out, axis=-1).astype(x.dtype)  # sigproc keeps float32


def _dispatch_case(name, description, public, kwargs, scipy_call, size, pick=None):
    """Sigproc's automatic path vs the numpy backend's implementation called directly."""
    impl = sigproc.backends.numpy_backend.lookup(public.multimethod)[0]
    # Dispatch hands every argument to the implementation as a keyword: bind
    # the defaults once, so that the direct contender pays only the call.
    bound = inspect.signature(public).bind_partial(**kwargs)
    bound.apply_defaults()
    everything = {k: v for k, v in bound.arguments.items() if k != "x"}
    if pick is None:

        def direct(x):
            return impl(x=x, **everything)

        def ours(x):
            return public(x, **kwargs)

    else:

        def direct(x):
            return pick(impl(x=x, **everything))

        def ours(x):
            return pick(public(x, **kwargs))

    def build(quick):
        return {"x": _noise(size, np.float64)}, _size((size,), np.float64)

    return Case(
        name,
        description,
        build,
        scipy_call,
        ours,
        direct=direct,
        only=("scipy", "numpy", "direct"),
        bandwidth=False,
        min_repeat=15,
    )


_SOS8 = scipy.signal.butter(8, 0.1, output="sos")
_B4, _A4 = scipy.signal.butter(4, 0.1)
_B8, _A8 = scipy.signal.butter(8, 0.1)
_TAPS = np.hanning(1000)


def _rows_case(name, desc, full, quick, dtype, ref, ours, rows=None, quick_rows=None, **extra):
    return Case(
        name, desc, _with(_signal(full, quick, dtype, rows, quick_rows), **extra), ref, ours
    )


def _cases():
    n, nq = 10**7, 2**18
    out = []
    out.extend(
        _welch_case(f"welch-{tag}-{nperseg}", n, nq, dtype, nperseg)
        for dtype, tag in ((np.float64, "f64"), (np.float32, "f32"))
        for nperseg in (256, 1024, 16384)
    )
    out.append(_welch_case("welch-paper-f32-8", 5 * 10**7, 10**6, np.float32, 8))
    out.append(
        _welch_case(
            "welch-ligo", 4_194_304, 2**18, np.float64, 16384,
            noverlap=8192, window=("tukey", 0.25),
        )
    )  # fmt: skip
    out += [
        Case(
            "spectrogram-f32",
            "spectrogram nperseg=256",
            _signal(n, nq, np.float32),
            lambda x: scipy.signal.spectrogram(x, nperseg=256)[2],
            lambda x: sigproc.spectrogram(x, nperseg=256)[2],
        ),
        Case(
            "spectrogram-f64",
            "spectrogram nperseg=1024",
            _signal(n, nq, np.float64),
            lambda x: scipy.signal.spectrogram(x, nperseg=1024)[2],
            lambda x: sigproc.spectrogram(x, nperseg=1024)[2],
        ),
        Case(
            "csd-f64",
            "csd nperseg=1024",
            lambda q: (
                {"x": _noise(nq if q else n, np.float64), "y": _noise(nq if q else n, "f8", 1)},
                "2 x " + _size((nq if q else n,), np.float64),
            ),
            lambda x, y: scipy.signal.csd(x, y, nperseg=1024)[1],
            lambda x, y: sigproc.csd(x, y, nperseg=1024)[1],
        ),
        Case(
            "stft-f32",
            "stft nperseg=256",
            _signal(n, nq, np.float32),
            lambda x: scipy.signal.stft(x, nperseg=256)[2],
            lambda x: sigproc.stft(x, nperseg=256)[2],
        ),
        Case(
            "bandpower-64ch",
            "bandpower, 5 bands, fs=256, nperseg=512",
            _with(_signal(10**6, 2**15, np.float32, 64, 16), fs=256.0, nperseg=512),
            _bandpower_ref,
            lambda x, fs, nperseg: sigproc.bandpower(x, fs, BANDS, nperseg=nperseg),
        ),
        _rows_case(
            "sosfilt-64ch", "sosfilt, order-8 Butterworth", 10**6, 2**15, np.float64,
            lambda x, sos: scipy.signal.sosfilt(sos, x), lambda x, sos: sigproc.sosfilt(sos, x),
            rows=64, quick_rows=16, sos=_SOS8,
        ),
        _rows_case(
            "sosfilt-1ch", "sosfilt, order-8 Butterworth", n, nq, np.float64,
            lambda x, sos: scipy.signal.sosfilt(sos, x), lambda x, sos: sigproc.sosfilt(sos, x),
            sos=_SOS8,
        ),
        _rows_case(
            "lfilter", "lfilter, order-4 Butterworth (b, a)", n, nq, np.float64,
            lambda x, b, a: scipy.signal.lfilter(b, a, x),
            lambda x, b, a: sigproc.lfilter(b, a, x),
            b=_B4, a=_A4,
        ),
        _rows_case(
            "sosfilt-64ch-f32", "sosfilt, order-8 Butterworth", 10**6, 2**15, np.float32,
            lambda x, sos: scipy.signal.sosfilt(sos, x), lambda x, sos: sigproc.sosfilt(sos, x),
            rows=64, quick_rows=16, sos=_SOS8.astype(np.float32),
        ),
        _rows_case(
            "sosfilt-8ch", "sosfilt, order-8 Butterworth", 10**6, 2**15, np.float64,
            lambda x, sos: scipy.signal.sosfilt(sos, x), lambda x, sos: sigproc.sosfilt(sos, x),
            rows=8, quick_rows=8, sos=_SOS8,
        ),
        _rows_case(
            "sosfilt-8ch-f32", "sosfilt, order-8 Butterworth", 10**6, 2**15, np.float32,
            lambda x, sos: scipy.signal.sosfilt(sos, x), lambda x, sos: sigproc.sosfilt(sos, x),
            rows=8, quick_rows=8, sos=_SOS8.astype(np.float32),
        ),
        _rows_case(
            "sosfilt-1ch-262k", "sosfilt, order-8 Butterworth", 2**18, 2**14, np.float64,
            lambda x, sos: scipy.signal.sosfilt(sos, x), lambda x, sos: sigproc.sosfilt(sos, x),
            sos=_SOS8,
        ),
        _rows_case(
            "sosfilt-1000ch", "sosfilt, order-8 Butterworth, many short rows", 1000, 1000,
            np.float64,
            lambda x, sos: scipy.signal.sosfilt(sos, x), lambda x, sos: sigproc.sosfilt(sos, x),
            rows=1000, quick_rows=100, sos=_SOS8,
        ),
        _rows_case(
            "lfilter-butter8-8ch", "lfilter, order-8 Butterworth (b, a)", 10**6, 2**15,
            np.float64,
            lambda x, b, a: scipy.signal.lfilter(b, a, x),
            lambda x, b, a: sigproc.lfilter(b, a, x),
            rows=8, quick_rows=4, b=_B8, a=_A8,
        ),
        _rows_case(
            "lfilter-butter8-1ch", "lfilter, order-8 Butterworth (b, a)", 10**6, 2**15,
            np.float64,
            lambda x, b, a: scipy.signal.lfilter(b, a, x),
            lambda x, b, a: sigproc.lfilter(b, a, x),
            b=_B8, a=_A8,
        ),
        _rows_case(
            "lfilter-butter8-1000ch", "lfilter, order-8 Butterworth (b, a), many short rows",
            1000, 1000, np.float64,
            lambda x, b, a: scipy.signal.lfilter(b, a, x),
            lambda x, b, a: sigproc.lfilter(b, a, x),
            rows=1000, quick_rows=100, b=_B8, a=_A8,
        ),
        _rows_case(
            "sosfiltfilt", "sosfiltfilt, order-8 Butterworth", n, nq, np.float64,
            lambda x, sos: scipy.signal.sosfiltfilt(sos, x),
            lambda x, sos: sigproc.sosfiltfilt(sos, x),
            sos=_SOS8,
        ),
        Case(
            "fftconvolve",
            "fftconvolve of two signals, mode full",
            lambda q: (
                {"x": _noise(nq if q else n, np.float64), "y": _noise(nq if q else n, "f8", 1)},
                "2 x " + _size((nq if q else n,), np.float64),
            ),
            lambda x, y: scipy.signal.fftconvolve(x, y),
            lambda x, y: sigproc.fftconvolve(x, y),
        ),
        _rows_case(
            "convolve-1000", "convolve with 1000 taps (method auto), full", n, nq, np.float64,
            lambda x, taps: scipy.signal.convolve(x, taps),
            lambda x, taps: sigproc.convolve(x, taps),
            taps=_TAPS,
        ),
        _rows_case(
            "resample_poly", "resample_poly up 2 down 3", n, nq, np.float64,
            lambda x: scipy.signal.resample_poly(x, 2, 3),
            lambda x: sigproc.resample_poly(x, 2, 3),
        ),
        _dispatch_case(
            "dispatch-rfft8", "rfft of 8 samples: dispatch cost per call",
            sigproc.fft.rfft, {}, scipy.fft.rfft, 8,
        ),
        _dispatch_case(
            "dispatch-welch1024", "welch of 1024 samples, nperseg=256: dispatch share",
            sigproc.welch, {"nperseg": 256}, lambda x: scipy.signal.welch(x, nperseg=256)[1],
            1024, pick=lambda r: r[1],
        ),
    ]  # fmt: skip
    return out


#: Every case, in the order they run.
CASES = tuple(_cases())


#: ``--backends`` names, in the order contenders run (scipy always runs first).
BACKEND_KEYS = ("numpy", "portable", "torch", "torch-cuda", "cupy", "strict")
DEFAULT_KEYS = ("numpy", "portable", "torch", "torch-cuda", "cupy")


@dataclass
class Contender:
    """Who runs a case: the library its arrays live in and how it is called.

    ``call(case, inputs)``, when given, replaces the whole call (test hook).
    """

    label: str
    key: str
    library: str
    put: Callable[[np.ndarray], Any]
    backend: str | None = None
    reference: bool = False
    sync: Callable[[], None] = lambda: None
    memory: str | None = "tracemalloc"
    call: Callable | None = None
    device: str = "cpu"

    def runner(self, case, inputs):
        if self.call is not None:
            return lambda: self.call(case, inputs)
        if self.key == "direct":
            func = case.direct
        else:
            func = case.scipy if self.reference else case.sigproc
        if self.backend is None:
            return lambda: func(**inputs)

        def run():
            with sigproc.set_backend(self.backend, only=True):
                return func(**inputs)

        return run


def contenders(keys):
    """(contenders, {key: reason skipped})."""
    out = [Contender("scipy", "scipy", "numpy", np.asarray, reference=True)]
    skipped = {}
    for key in keys:
        try:
            out.append(_make(key))
        except _UnavailableError as exc:
            skipped[key] = str(exc)
    return out, skipped


class _UnavailableError(Exception):
    pass


def _make(key):
    if key == "numpy":
        return Contender("sigproc numpy", key, "numpy", np.asarray)
    if key == "portable":
        return Contender("sigproc portable (numpy)", key, "numpy", np.asarray, backend="array_api")
    if key == "strict":
        if find_spec("array_api_strict") is None:
            raise _UnavailableError("array-api-strict is not installed")
        import array_api_strict as xps

        return Contender("sigproc array-api-strict", key, "array_api_strict", xps.asarray)
    if key in ("torch", "torch-cuda"):
        if find_spec("torch") is None:
            raise _UnavailableError("torch is not installed")
        import torch

        if key == "torch":
            put = lambda a: torch.asarray(a, copy=True)  # noqa: E731
            return Contender("sigproc torch cpu", key, "torch", put, memory=None)
        if not torch.cuda.is_available():
            raise _UnavailableError("no CUDA device for torch")
        put = lambda a: torch.asarray(a, device="cuda")  # noqa: E731
        sync = torch.cuda.synchronize
        return Contender(
            "sigproc torch cuda", key, "torch", put, sync=sync, memory=key, device="cuda"
        )
    if key == "cupy":
        try:
            import cupy

            if not cupy.cuda.runtime.getDeviceCount():
                raise _UnavailableError("no CUDA device for cupy")
        except ImportError:
            raise _UnavailableError("cupy is not installed") from None
        except _UnavailableError:
            raise
        except Exception as exc:
            raise _UnavailableError(f"cupy cannot reach a GPU ({type(exc).__name__})") from None
        sync = cupy.cuda.Device().synchronize
        return Contender(
            "sigproc cupy", key, "cupy", cupy.asarray, sync=sync, memory=key, device="cuda"
        )
    raise CLIError(f"--backends: unknown backend {key!r}; choose from {', '.join(BACKEND_KEYS)}")


def direct_contender():
    return Contender("numpy impl, direct", "direct", "numpy", np.asarray)


def to_host(value):
    """A NumPy copy of a result of any library."""
    if isinstance(value, np.ndarray | np.generic):
        return np.asarray(value)
    mod = type(value).__module__.split(".")[0]
    if mod == "torch":
        return value.detach().cpu().numpy()
    if mod == "cupy":
        return value.get()
    return np.from_dlpack(value)
