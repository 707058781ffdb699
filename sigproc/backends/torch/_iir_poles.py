"""A real denominator factored into second-order all-pole sections, and how well they match.

`lfilter` of order 3 and more runs through modal sections built from the roots
of its denominator ``a`` (see ``_iir``). Roots from the eigenvalues of the
companion matrix are only backward stable: for poles close together (narrow
bands, near z = 1) the product of the sections' denominators ``A_f`` misses
``A`` by up to 1e-3 on the unit circle. Here each root is polished by Newton
steps on the exact ``a`` in extended precision (``np.longdouble``), which brings
``|A_f / A - 1|`` down by two to four orders of magnitude (butter(8, 0.1): from
3e-10 to 3e-13), and the factoring error is measured exactly enough to decide
whether a refinement pass with the exact ``a`` is needed.
"""

from fractions import Fraction

import numpy as np
import torch

_NEWTON_STEPS = 4
_GRID = 4096  # frequencies on [0, pi] at which the factoring error is measured
_EPS = float(np.finfo(np.float64).eps)


def _classify(roots):
    """Indices of the roots in the upper half plane, and of the real roots (ascending)."""
    m = roots.shape[0]
    tol = 1e-8 * max(1.0, float(np.abs(roots).max()))
    upper = [k for k in range(m) if roots[k].imag > tol]
    real = sorted((k for k in range(m) if abs(roots[k].imag) <= tol), key=lambda k: roots[k].real)
    return upper, real


def _polish(a, roots):
    """Newton steps on ``sum a[k] z^(m-k)`` from `roots`, in extended precision."""
    m = a.shape[0] - 1
    coefficients = a.astype(np.longdouble)
    slopes = coefficients[:-1] * np.arange(m, 0, -1, dtype=np.longdouble)
    r = roots.astype(np.clongdouble)
    with np.errstate(all="ignore"):
        for _ in range(_NEWTON_STEPS):  # a loop over a few Newton steps
            value = np.zeros_like(r)
            slope = np.zeros_like(r)
            for c in coefficients:  # Horner: a loop over the filter order
                value = value * r + c
            for c in slopes:
                slope = slope * r + c
            step = value / slope
            r = np.where(np.isfinite(step), r - step, r)
    return r.astype(np.complex128)


def _sections(roots, upper, real, like):
    """Rows (n_sections, 6) ``[1, 0, 0, 1, a1, a2]`` from torch roots.

    Conjugate pairs first (one section each), then the real roots two by two.
    """
    one, zero = torch.ones_like(like), torch.zeros_like(like)
    rows = []
    for k in upper:  # a loop over the filter order
        r = roots[k]
        rows.append(torch.stack((one, zero, zero, one, -2 * r.real, (r * r.conj()).real)))
    for j in range(0, len(real), 2):
        r1 = roots[real[j]].real
        r2 = roots[real[j + 1]].real if j + 1 < len(real) else zero
        rows.append(torch.stack((one, zero, zero, one, -(r1 + r2), r1 * r2)))
    return torch.stack(rows)


def factoring_error(a, sections):
    """(max |A_f / A - 1|, rounding floor) on the unit circle, on the host.

    ``A_f`` is the product of the sections' denominators. The difference
    ``A_f - A`` is formed exactly (rational arithmetic on the float64
    coefficients) and divided by ``|A_f|``, a product of second-order factors
    that float64 evaluates to full relative precision; a direct evaluation of
    ``A`` near its poles cancels most of its digits. The grid holds 4096
    frequencies and the angle of every section's poles.

    The floor, ``eps * sum|a| * max 1 / |A_f|``, bounds the error that rounding
    the residual ``a * y - u`` in float64 puts into a refined output, relative
    to the output: refining cannot do better than that.
    """
    exact = [Fraction(float(v)) for v in a]
    product = [Fraction(1)]
    rows = sections[:, 3:].tolist()
    for _, c1, c2 in rows:  # a loop over the sections
        factor = (Fraction(1), Fraction(c1), Fraction(c2))
        grown = [Fraction(0)] * (len(product) + 2)
        for i, u in enumerate(product):
            for j, v in enumerate(factor):
                grown[i + j] += u * v
        product = grown
    exact += [Fraction(0)] * (len(product) - len(exact))
    delta = np.array([float(p - e) for p, e in zip(product, exact, strict=True)])
    c = np.asarray(rows)[:, 1:]
    angles = np.abs(np.angle(_section_poles(c)))
    z = np.exp(-1j * np.concatenate((np.linspace(0, np.pi, _GRID), angles)))
    size = np.ones(z.shape)
    for c1, c2 in c:  # a loop over the sections
        size = size * np.abs(1 + z * (c1 + z * c2))
    with np.errstate(divide="ignore", invalid="ignore"):
        error = np.max(np.abs(np.polynomial.polynomial.polyval(z, delta)) / size)
        floor = _EPS * float(np.abs(a).sum()) * np.max(1 / size)
    return float(np.nan_to_num(error, nan=np.inf)), float(np.nan_to_num(floor, nan=np.inf))


def _section_poles(c):
    """The poles of sections ``1 + c1 z^-1 + c2 z^-2`` (rows of `c`)."""
    disc = c[:, 0] ** 2 / 4 - c[:, 1]
    root = np.sqrt(disc.astype(np.complex128))
    return np.concatenate((-c[:, 0] / 2 + root, -c[:, 0] / 2 - root))


def pole_sections(a):
    """Second-order all-pole sections (n, 6) whose product of denominators is `a`.

    `a` is a real normalised denominator tensor (float64, ``a[0] == 1``, order >= 1).
    Returns the sections (differentiable in `a` through the eigenvalues of its
    companion matrix; their values come from the polished roots when those
    factor `a` better) and :func:`factoring_error`'s (error, floor).
    """
    m = a.shape[0] - 1
    e0 = torch.zeros(m, dtype=a.dtype, device=a.device)
    e0[0] = 1
    companion = (torch.eye(m + 1, m, dtype=a.dtype, device=a.device)[1:] - a[1:, None] * e0).T
    roots = torch.linalg.eigvals(companion)  # the roots of a
    host = roots.detach().cpu().numpy()
    upper, real = _classify(host)
    ah = a.detach().cpu().numpy().astype(np.float64)
    best = None
    polished = _polish(ah, host)
    for candidate in (host, polished):  # plain roots, then polished: keep the better
        shifted = roots + torch.from_numpy(candidate - host).to(roots.device)
        sections = _sections(shifted, upper, real, a[0])
        quality = factoring_error(ah, sections.detach().cpu().numpy())
        if best is None or quality[0] < best[1][0]:
            best = (sections, quality)
    return best
