"""numpy backend, frequency responses: SciPy's code, results placed by ``xp=``/``device=``.

SciPy computes on NumPy arrays; the placement extras then move the results
(:func:`sigproc._core.host.place`), and `plot` sees them where they are
returned.
"""

from math import pi

import numpy as np
import scipy.signal

from ... import _responses as responses
from ..._core.host import place
from . import implements


def _placed(result, xp, device, plot=None):
    if xp is not None or device is not None:
        # NumPy's own `asarray(device=...)` answers a device given alone ("cpu" only);
        # contiguous copies, as torch refuses negative strides.
        host = tuple(np.ascontiguousarray(r) for r in result)
        result = place(host, xp=np if xp is None else xp, device=device)
    if plot is not None:
        plot(*result)
    return result


@implements(responses.freqz)
def freqz(
    b,
    a=1,
    worN=512,
    whole=False,
    plot=None,
    fs=2 * pi,
    include_nyquist=False,
    *,
    xp=None,
    device=None,
):
    result = scipy.signal.freqz(
        b, a, worN=worN, whole=whole, fs=fs, include_nyquist=include_nyquist
    )
    return _placed(result, xp, device, plot)


@implements(responses.freqz_sos)
def freqz_sos(sos, worN=512, whole=False, fs=2 * pi, *, xp=None, device=None):
    return _placed(scipy.signal.freqz_sos(sos, worN=worN, whole=whole, fs=fs), xp, device)


@implements(responses.freqz_zpk)
def freqz_zpk(z, p, k, worN=512, whole=False, fs=2 * pi, *, xp=None, device=None):
    return _placed(scipy.signal.freqz_zpk(z, p, k, worN=worN, whole=whole, fs=fs), xp, device)


@implements(responses.group_delay_ba)
def group_delay(b, a, w=512, whole=False, fs=2 * pi, *, xp=None, device=None):
    return _placed(scipy.signal.group_delay((b, a), w=w, whole=whole, fs=fs), xp, device)


@implements(responses.freqs)
def freqs(b, a, worN=200, plot=None, *, xp=None, device=None):
    return _placed(scipy.signal.freqs(b, a, worN=worN), xp, device, plot)


@implements(responses.freqs_zpk)
def freqs_zpk(z, p, k, worN=200, *, xp=None, device=None):
    return _placed(scipy.signal.freqs_zpk(z, p, k, worN=worN), xp, device)
