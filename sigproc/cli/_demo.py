"""``sigproc demo``: a synthetic recording analysed on every available backend.

The recording imitates a detector strain channel: coloured noise (a steep
low-frequency wall, a flat bucket, a rising high-frequency tail), the 60 Hz
mains line with two harmonics, and a short chirp in the middle. The same
four analyses (Welch PSD, a zero-phase Butterworth band-pass, band power and
a spectrogram) run on each backend and are compared with SciPy called
directly.
"""

from __future__ import annotations

import importlib.util
import time

import numpy as np
import scipy.signal

import sigproc

from ._compute import Placement, one_line, to_numpy
from ._io import CLIError
from ._table import hz, num, seconds, table

__all__ = ["run_demo", "synthesize"]

BANDS = [(20.0, 60.0), (60.0, 250.0)]
_TOLERANCE = 1e-6  # float64 everywhere: anything above this is a real disagreement


def synthesize(duration, fs, seed):
    """Seeded demo recording (float64, ``round(duration * fs)`` samples) and its chirp time."""
    rng = np.random.default_rng(seed)
    n = round(duration * fs)
    if n < 1024:
        raise CLIError(f"demo needs at least 1024 samples, got {n} (--seconds x --fs)")
    f = np.fft.rfftfreq(n, 1 / fs)
    f[0] = f[1]
    # seismic wall below ~15 Hz (capped so window leakage stays small), flat bucket,
    # shot-noise rise above ~400 Hz; amplitude per unit white noise
    shape = np.minimum((15 / f) ** 2, 30.0) + np.sqrt(1 + (f / 400) ** 2)
    noise = np.fft.irfft(shape * np.fft.rfft(rng.standard_normal(n)), n)
    t = np.arange(n) / fs
    mains = sum(a * np.sin(2 * np.pi * k * 60 * t + k) for k, a in ((1, 1.0), (2, 0.3), (3, 0.2)))
    t0 = duration / 2
    span = (t >= t0) & (t < t0 + 0.5)
    chirp = np.zeros(n)
    chirp[span] = scipy.signal.chirp(t[span] - t0, 35, 0.5, 250, method="quadratic")
    chirp[span] *= scipy.signal.windows.tukey(int(span.sum()), 0.3)
    return noise + mains + 2.0 * chirp, t0


def _reference(x, fs, sos):
    f, pxx = scipy.signal.welch(x, fs=fs, nperseg=_nperseg(fs))
    power = [np.trapezoid(pxx[(f >= lo) & (f <= hi)], f[(f >= lo) & (f <= hi)]) for lo, hi in BANDS]
    _, _, sxx = scipy.signal.spectrogram(x, fs=fs, nperseg=_nperseg(fs) // 8)
    return {
        "welch": (f, pxx),
        "sosfiltfilt": scipy.signal.sosfiltfilt(sos, x),
        "bandpower": np.asarray(power),
        "spectrogram": sxx,
    }


def _nperseg(fs):
    return int(2 ** round(np.log2(fs)))


def _analyses(place, x, fs, sos):
    """The four library calls, run through `place`; results in NumPy."""
    nperseg = _nperseg(fs)
    return {
        "welch": to_numpy(place.call(sigproc.welch, x, fs=fs, nperseg=nperseg)),
        "sosfiltfilt": to_numpy(place.call(sigproc.sosfiltfilt, sos, x)),
        "bandpower": to_numpy(place.call(sigproc.bandpower, x, fs, BANDS, nperseg=nperseg)),
        "spectrogram": to_numpy(place.call(sigproc.spectrogram, x, fs=fs, nperseg=nperseg // 8))[2],
    }


def _deviation(got, want):
    if isinstance(want, tuple):
        return max(_deviation(g, w) for g, w in zip(got, want, strict=True))
    got, want = np.asarray(got), np.asarray(want)
    if got.shape != want.shape:
        return float("inf")
    scale = float(np.max(np.abs(want))) or 1.0
    return float(np.max(np.abs(got - want))) / scale


def _candidates():
    """(label, placement, convert) for every backend this machine can run."""
    rows = [
        ("numpy", Placement("numpy"), lambda a: a),
        ("array_api on numpy", Placement("array_api"), lambda a: a),
    ]
    if importlib.util.find_spec("array_api_strict") is not None:
        import array_api_strict

        rows.append(("array_api_strict", Placement("auto"), array_api_strict.asarray))
    installed = {info.name: info for info in sigproc.list_backends() if info.installed}
    for name in ("torch", "cupy"):
        if name in installed:
            rows.extend(
                (f"{name} ({device})", Placement(name, device), None)
                for device in installed[name].devices
            )
    return rows


def add_arguments(parser):
    """The ``demo`` command's options (the parser is built in ``sigproc.cli``)."""
    from . import _positive_float

    parser.add_argument("--seconds", type=_positive_float, default=32.0, help="length (default 32)")
    parser.add_argument("--fs", type=_positive_float, default=4096.0, help="rate (default 4096)")
    parser.add_argument("--seed", type=int, default=150914, help="random seed")


def run_demo(args):
    """``sigproc demo``: the synthetic recording through every backend, compared with SciPy.

    Parameters
    ----------
    args : argparse.Namespace
        ``seconds``, ``fs`` and ``seed``.

    Returns
    -------
    int
        0 when every backend ran and agreed with SciPy to 1e-6 (relative to
        the peak of each result), 1 otherwise.
    """
    fs = args.fs
    x, t_chirp = synthesize(args.seconds, fs, args.seed)
    sos = sigproc.butter(4, [20, 300], "bandpass", fs=fs, output="sos")
    print(
        f"sigproc demo: {x.size} samples at {num(fs)} Hz ({num(args.seconds)} s) of coloured "
        f"noise + 60/120/180 Hz lines + a 35-250 Hz chirp at t = {num(t_chirp)} s "
        f"(seed {args.seed})"
    )
    print(
        f"analyses: welch (nperseg {_nperseg(fs)}), butter(4, [20, 300] Hz) sosfiltfilt, "
        f"bandpower {', '.join(f'{num(a)}-{num(b)}' for a, b in BANDS)} Hz, "
        f"spectrogram (nperseg {_nperseg(fs) // 8})\n"
    )
    start = time.perf_counter()
    want = _reference(x, fs, sos)
    reference_time = time.perf_counter() - start
    names = list(want)
    rows = [("scipy.signal (reference)", *("0" for _ in names), seconds(reference_time))]
    failures = []
    warm = x[: min(x.size, 2 * _nperseg(fs))]
    for label, place, convert in _candidates():
        put = convert or place.put
        try:
            _analyses(place, put(warm), fs, sos)  # imports and first-call set-up, not timed
            start = time.perf_counter()
            got = _analyses(place, put(x), fs, sos)
            elapsed = time.perf_counter() - start
        except Exception as exc:  # one backend failing must not hide the others' results
            message = one_line(exc) if isinstance(exc, CLIError) else repr(exc)
            failures.append(f"{label}: {message}")
            rows.append((label, *("failed" for _ in names), "-"))
            continue
        deviations = [_deviation(got[k], want[k]) for k in names]
        if max(deviations) > _TOLERANCE:
            failures.append(f"{label}: deviates from SciPy by {num(max(deviations), 3)}")
        rows.append((label, *(num(d, 2) for d in deviations), seconds(elapsed)))
    print("max |result - SciPy| / max |SciPy| per analysis, and time for all four:")
    print(table(["backend", *names, "time"], rows))
    _summary(want, fs)
    for failure in failures:
        print(f"sigproc: demo: {failure}")
    return 1 if failures else 0


def _summary(want, fs):
    f, pxx = want["welch"]
    i60 = int(np.argmin(np.abs(f - 60)))
    near = np.r_[pxx[i60 - 8 : i60 - 2], pxx[i60 + 3 : i60 + 9]]
    power = want["bandpower"]
    print(
        f"\n60 Hz line: PSD {num(pxx[i60])} vs {num(np.median(near))} nearby "
        f"(x{num(pxx[i60] / np.median(near), 3)}); band power "
        + ", ".join(
            f"{num(a)}-{num(b)} Hz: {num(p)}" for (a, b), p in zip(BANDS, power, strict=True)
        )
        + f"; resolution {hz(f[1])} Hz"
    )
