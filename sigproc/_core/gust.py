"""Gustafsson's initial conditions for forward-backward filtering (filtfilt method='gust').

SciPy's ``_filtfilt_gust``: the forward-backward and backward-forward passes
start from the initial states that make them agree best in the least-squares
sense [1]_. The small matrices (the filter's observability matrix and its
filtered copy, ``(m, order)``) are built on the host with SciPy; the signal's
passes run through the backend's own recurrence (`run`), and the least-squares
solution is one product with the pseudo-inverse, on the signal's device.

.. [1] F. Gustafsson, "Determining the initial states in forward-backward
   filtering", IEEE Transactions on Signal Processing 44(4), 988-992, 1996.
"""

import numpy as np
import scipy.signal
from array_api_compat import device


def gustafsson(run, b, a, rows, irlen, *, xp):
    """Forward-backward filtering of rows (batch, n) with Gustafsson's initial states.

    `b`, `a` are NumPy taps; ``run(rows, z0) -> (y, zf)`` is an lfilter on rows.
    """
    order = max(len(b), len(a)) - 1
    if order == 0:
        return rows * float((b[0] / a[0]) ** 2)
    n = rows.shape[1]
    m = n if irlen is None or n <= 2 * irlen else int(irlen)
    zi = np.zeros(order)
    zi[0] = 1
    obs = np.zeros((m, order))
    obs[:, 0] = scipy.signal.lfilter(b, a, np.zeros(m), zi=zi)[0]
    for k in range(1, order):
        obs[k:, k] = obs[:-k, 0]
    obs_r = obs[::-1]
    s = scipy.signal.lfilter(b, a, obs[::-1], axis=0)
    s_r = s[::-1]
    if m == n:
        big_m, w = np.hstack((s_r - obs, obs_r - s)), np.hstack((s_r, obs_r))
    else:
        big_m, w = np.zeros((2 * m, 2 * order)), np.zeros((2 * m, 2 * order))
        big_m[:m, :order], big_m[m:, order:] = s_r - obs, obs_r - s
        w[:m, :order], w[m:, order:] = s_r, obs_r

    def forward(v):
        return run(v, None)[0]

    def backward(v):
        return xp.flip(run(xp.flip(v, axis=1), None)[0], axis=1)

    y_fb = backward(forward(rows))
    delta = forward(backward(rows)) - y_fb
    if m != n:
        delta = xp.concat((delta[:, :m], delta[:, n - m :]), axis=1)
    dt, dev = y_fb.dtype, device(rows)
    pinv = xp.asarray(np.linalg.pinv(big_m).T.copy(), device=dev)  # (2m, 2 order)
    ic_opt = delta @ xp.astype(pinv, dt)  # lstsq(M, delta) for every row
    wic = ic_opt @ xp.astype(xp.asarray(w.T.copy(), device=dev), dt)
    if m == n:
        return y_fb + wic
    middle = y_fb[:, m : n - m]
    return xp.concat((y_fb[:, :m] + wic[:, :m], middle, y_fb[:, n - m :] + wic[:, m:]), axis=1)
