"""Linear time-invariant systems: ``scipy.signal``'s LTI classes and simulations.

The input signal's library selects the backend; see ``docs/design.md``.

A system holds a few coefficients, so it is settled on the host with SciPy's own
classes: :class:`lti`, :class:`dlti`, :class:`StateSpace`, :class:`TransferFunction`
and :class:`ZerosPolesGain` *are* SciPy's classes, looked up on first use (a
module ``__getattr__``), so ``import sigproc`` does not import SciPy. A system
given as a tuple may hold arrays of any library; they are read on the host.

``dlsim`` and ``lsim`` take a signal: their public functions read the system's
arrays on the host (:func:`sigproc.dispatch.front`) and dispatch on the input
signal, whose backend simulates the state-space recurrence on its device. The
responses (``dstep``, ``dimpulse``, ``step``, ``impulse``) and the frequency
responses (``dfreqresp``, ``dbode``, ``freqresp``, ``bode``) take no signal: they
run SciPy on the host and place their arrays in the library of the arrays given
(time points, frequencies, initial states, the system's arrays) or where
``xp=``/``device=`` say.
"""

# A declaration's body is its docstring: `multimethod` replaces the function,
# so the body never runs and needs no return statement.
# mypy: disable-error-code="empty-body"

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias, cast

from ._lazy import core
from ._lazy import scipy_signal as _signal
from ._typing import Array, ArrayLike, Device, Namespace
from .dispatch import front, multimethod

__all__ = [
    "bode",
    "dbode",
    "dfreqresp",
    "dimpulse",
    "dlsim",
    "dstep",
    "freqresp",
    "impulse",
    "lsim",
    "step",
]

#: SciPy's LTI classes, sigproc's under the same names; looked up on first use, so
#: they are not in ``__all__`` (a star import would look them up, importing SciPy).
LTI_CLASSES = ("StateSpace", "TransferFunction", "ZerosPolesGain", "dlti", "lti")

#: A system: a SciPy ``lti``/``dlti`` instance, or a tuple of its coefficients
#: (``(num, den[, dt])``, ``(z, p, k[, dt])``, ``(A, B, C, D[, dt])``) of any library.
System: TypeAlias = Any

if TYPE_CHECKING:
    from scipy.signal import StateSpace as StateSpace
    from scipy.signal import TransferFunction as TransferFunction
    from scipy.signal import ZerosPolesGain as ZerosPolesGain
    from scipy.signal import dlti as dlti
    from scipy.signal import lti as lti
else:

    def __getattr__(name):
        # SciPy's own classes, so that isinstance checks and SciPy's functions accept
        # them; looked up on first use so that `import sigproc` does not import SciPy.
        if name in LTI_CLASSES:
            return getattr(_signal(), name)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _scipy(name: str, system: System, *args: Any, xp: Namespace | None, device: Device) -> Any:
    """``scipy.signal.<name>(system, *args)`` on the host, its arrays placed (``on_host``)."""
    return core("host").on_host(getattr(_signal(), name), system, *args, xp=xp, device=device)


# -- simulations: the signal's backend -------------------------------------------------------


@multimethod(signal=("u",), coefficients=("t", "x0"), name="dlsim")
def _dlsim(
    system: System, u: Array, t: ArrayLike | None = None, x0: ArrayLike | None = None
) -> tuple[Array, ...]:
    """Dispatched part of :func:`dlsim`: the system's arrays already on the host."""


@front(_dlsim)
def dlsim(
    system: System, u: Array, t: ArrayLike | None = None, x0: ArrayLike | None = None
) -> tuple[Array, ...]:
    """Simulate a discrete-time linear system driven by the input `u`.

    The state-space form ``x[k+1] = A x[k] + B u[k]``, ``y[k] = C x[k] + D u[k]``
    of `system` is run from ``x[0] = x0`` over the input samples (transfer
    functions and zeros/poles/gain are converted to state space first, as SciPy
    does).

    Parameters
    ----------
    system : dlti or tuple
        The system: a :class:`dlti` instance (a discrete :class:`TransferFunction`,
        :class:`ZerosPolesGain` or :class:`StateSpace`), or a tuple
        ``(num, den, dt)``, ``(zeros, poles, gain, dt)`` or ``(A, B, C, D, dt)``
        whose arrays may come from any library (they are read on the host).
        Polynomials list the highest power first.
    u : array, shape (n_samples,) or (n_samples, n_inputs)
        Input samples, one column per input. Its array library selects the
        backend and holds the results.
    t : array_like, shape (n_samples,), optional
        Times of the samples of `u`, strictly increasing, in the units of
        ``dt``. The output is sampled every ``dt`` from 0 to ``t[-1]``, with `u`
        interpolated linearly between (and extrapolated beyond) its times.
        Default: one output per input sample. Converted to the library and
        device of `u`.
    x0 : array_like, shape (n_states,), optional
        Initial state (zeros by default); a scalar is broadcast. Converted to
        the library and device of `u`.

    Returns
    -------
    tout : array, shape (n_out,), float64
        Output times, ``0, dt, 2 dt, ...``.
    yout : array, shape (n_out, n_outputs), float64
        The output samples.
    xout : array, shape (n_out, n_states), float64
        The states; returned only when `system` is a state space (a
        :class:`StateSpace` or a 5-tuple).

    All three are in the library and on the device of `u`. Complex inputs or
    systems give real results (their real parts, with a ``ComplexWarning``), as
    SciPy's.

    Raises
    ------
    AttributeError
        If `system` is a continuous-time :class:`lti`.
    ValueError
        If `t` does not match `u` in length or is not strictly increasing, or
        `u` has another number of columns than the system has inputs.

    Notes
    -----
    The portable code (non-NumPy libraries) solves the recurrence without a
    loop over samples: a block-wise matrix-power scan, exact to float64
    rounding against SciPy's loop and differentiable (torch) in `u` and `x0`.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.dlsim`` (the reference semantics).

    Examples
    --------
    An accumulator ``y[k] = y[k-1] + u[k-1]`` summing a ramp, with one sample of
    delay:

    >>> import numpy as np, sigproc
    >>> tout, yout = sigproc.dlsim(([1.0], [1.0, -1.0], 1.0), np.arange(5.0))
    >>> yout[:, 0].tolist()
    [0.0, 0.0, 1.0, 3.0, 6.0]
    """
    return _dlsim(core("systems").host_system(system), u, t, x0)


@multimethod(signal=("U",), coefficients=("T", "X0"), name="lsim")
def _lsim(
    system: System, U: Array, T: ArrayLike, X0: ArrayLike | None = None, interp: bool = True
) -> tuple[Array, Array, Array]:
    """Dispatched part of :func:`lsim`: an input array, the system on the host."""


@front(_lsim)
def lsim(
    system: System, U: Array, T: ArrayLike, X0: ArrayLike | None = None, interp: bool = True
) -> tuple[Array, Array, Array]:
    """Simulate a continuous-time linear system driven by the input `U`.

    The state equation ``x'(t) = A x(t) + B u(t)`` is integrated exactly
    between the equally spaced times `T`, for an input held constant over each
    step (``interp=False``) or varying linearly between its samples, and
    ``y(t) = C x(t) + D u(t)`` is read at `T`.

    Parameters
    ----------
    system : lti or tuple
        The system: an :class:`lti` instance (a continuous
        :class:`TransferFunction`, :class:`ZerosPolesGain` or
        :class:`StateSpace`), or a tuple ``(num, den)``, ``(zeros, poles,
        gain)`` or ``(A, B, C, D)`` whose arrays may come from any library
        (they are read on the host). Polynomials list the highest power first.
    U : array, shape (n_steps,) or (n_steps, n_inputs), or None
        Input at each time of `T`, one column per input. Its array library
        selects the backend and holds the results. None or a scalar 0 means
        no input; the response to the initial state is then computed on the
        host and placed in the library of `T` (or `X0`).
    T : array_like, shape (n_steps,)
        Times in seconds (for `system` in rad/s): nonnegative, increasing and
        equally spaced. Converted to the library and device of `U`.
    X0 : array_like, shape (n_states,), optional
        State at ``T[0]``'s start, time 0 (zeros by default); the state is
        propagated without input from 0 to ``T[0]``. Converted to the library
        and device of `U`.
    interp : bool, optional
        Linear interpolation of the input between samples (True, default), or
        a zero-order hold (False).

    Returns
    -------
    T : array, shape (n_steps,)
        The time points, as given (in the library of `U`).
    yout : array, shape (n_steps,) or (n_steps, n_outputs)
        The output; singleton dimensions are squeezed away, as in SciPy.
    xout : array, shape (n_steps,) or (n_steps, n_states)
        The states, squeezed likewise.

    `yout` and `xout` are float64 (complex128 for complex systems or inputs).

    Raises
    ------
    AttributeError
        If `system` is a discrete-time :class:`dlti`.
    ValueError
        If `T` is not 1-D, starts below 0 or is not equally spaced, or `U`
        does not have one row per time and one column per input.

    Notes
    -----
    The discretised matrices (the exponential of a block matrix of ``A dt``,
    ``B dt`` and, for linear interpolation, an identity) are computed on the
    host once; the portable code then runs the discrete recurrence on the
    device without a loop over samples, differentiable (torch) in `U` and `X0`.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.lsim`` (the reference semantics).

    Examples
    --------
    An integrator ``y' = u`` driven by ``u = t`` gives ``y = t**2 / 2``
    (exactly, with linear interpolation):

    >>> import numpy as np, sigproc
    >>> t = np.linspace(0.0, 2.0, 5)
    >>> _, y, _ = sigproc.lsim(([1.0], [1.0, 0.0]), t, t)
    >>> np.allclose(y, t**2 / 2)
    True
    """
    if U is None or isinstance(U, int | float | complex):  # no signal array: the host
        return cast(
            "tuple[Array, Array, Array]",
            _scipy("lsim", system, U, T, X0, interp, xp=None, device=None),
        )
    return _lsim(core("systems").host_system(system), U, T, X0, interp)


# -- responses of discrete-time systems: the host -------------------------------------------


def dimpulse(
    system: System,
    x0: ArrayLike | None = None,
    t: ArrayLike | None = None,
    n: int | None = None,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> tuple[Array, tuple[Array, ...]]:
    """Impulse response of a discrete-time system, one per input, computed on the host.

    For each input ``i``, the system is simulated (:func:`dlsim`) with a unit
    sample on input ``i`` at time 0 and zeros elsewhere.

    Parameters
    ----------
    system : dlti or tuple
        A :class:`dlti` instance, or ``(num, den, dt)``, ``(zeros, poles,
        gain, dt)`` or ``(A, B, C, D, dt)`` with arrays of any library.
    x0 : array_like, shape (n_states,), optional
        Initial state (zeros by default).
    t : array_like, optional
        Time points (in the units of ``dt``). Default ``n`` samples spaced by
        ``dt`` from 0.
    n : int, optional
        Number of samples when `t` is not given (default 100).
    xp : array namespace, optional
        Library of the results, in place of the inputs' (NumPy when every
        array given is a list or a NumPy array).
    device : device, optional
        Device of the results (default: the inputs' device, or `xp`'s default).

    Returns
    -------
    tout : array, shape (n_out,), float64
        Output times.
    yout : tuple of array, one per input, each (n_out, n_outputs), float64
        The responses to an impulse on each input.

    Raises
    ------
    AttributeError
        If `system` is a continuous-time :class:`lti`.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.dimpulse`` (run on the host to compute the result).

    Examples
    --------
    A first-order recursion ``y[k] = 0.5 y[k-1] + u[k-1]``:

    >>> import sigproc
    >>> t, (y,) = sigproc.dimpulse(([1.0], [1.0, -0.5], 1.0), n=4)
    >>> y[:, 0].tolist()
    [0.0, 1.0, 0.5, 0.25]
    """
    return cast(
        "tuple[Array, tuple[Array, ...]]",
        _scipy("dimpulse", system, x0, t, n, xp=xp, device=device),
    )


def dstep(
    system: System,
    x0: ArrayLike | None = None,
    t: ArrayLike | None = None,
    n: int | None = None,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> tuple[Array, tuple[Array, ...]]:
    """Step response of a discrete-time system, one per input, computed on the host.

    For each input ``i``, the system is simulated (:func:`dlsim`) with ones on
    input ``i`` from time 0 on and zeros on the other inputs.

    Parameters
    ----------
    system : dlti or tuple
        A :class:`dlti` instance, or ``(num, den, dt)``, ``(zeros, poles,
        gain, dt)`` or ``(A, B, C, D, dt)`` with arrays of any library.
    x0 : array_like, shape (n_states,), optional
        Initial state (zeros by default).
    t : array_like, optional
        Time points (in the units of ``dt``). Default ``n`` samples spaced by
        ``dt`` from 0.
    n : int, optional
        Number of samples when `t` is not given (default 100).
    xp : array namespace, optional
        Library of the results, in place of the inputs' (NumPy when every
        array given is a list or a NumPy array).
    device : device, optional
        Device of the results (default: the inputs' device, or `xp`'s default).

    Returns
    -------
    tout : array, shape (n_out,), float64
        Output times.
    yout : tuple of array, one per input, each (n_out, n_outputs), float64
        The responses to a unit step on each input.

    Raises
    ------
    AttributeError
        If `system` is a continuous-time :class:`lti`.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.dstep`` (run on the host to compute the result).

    Examples
    --------
    The step response of ``y[k] = 0.5 y[k-1] + u[k-1]`` rises towards 2:

    >>> import sigproc
    >>> t, (y,) = sigproc.dstep(([1.0], [1.0, -0.5], 1.0), n=4)
    >>> y[:, 0].tolist()
    [0.0, 1.0, 1.5, 1.75]
    """
    return cast(
        "tuple[Array, tuple[Array, ...]]", _scipy("dstep", system, x0, t, n, xp=xp, device=device)
    )


def dfreqresp(
    system: System,
    w: ArrayLike | None = None,
    n: int = 10000,
    whole: bool = False,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> tuple[Array, Array]:
    """Frequency response ``H(exp(1j w))`` of a discrete-time SISO system, on the host.

    Parameters
    ----------
    system : dlti or tuple
        A single-input, single-output :class:`dlti` instance, or ``(num, den,
        dt)``, ``(zeros, poles, gain, dt)`` or ``(A, B, C, D, dt)`` with
        arrays of any library.
    w : array_like, optional
        Frequencies in radians per sample. Default: `n` frequencies spread
        over ``[0, pi)`` (``[0, 2 pi)`` with `whole`).
    n : int, optional
        Number of frequencies when `w` is not given (default 10000).
    whole : bool, optional
        Spread the default frequencies over the whole unit circle.
    xp : array namespace, optional
        Library of the results, in place of the inputs' (NumPy when every
        array given is a list or a NumPy array).
    device : device, optional
        Device of the results (default: the inputs' device, or `xp`'s default).

    Returns
    -------
    w : array, float64
        The frequencies, in radians per sample.
    H : array, complex128
        The complex response at each frequency.

    Raises
    ------
    AttributeError
        If `system` is a continuous-time :class:`lti`.
    ValueError
        If the system has more than one input or output.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.dfreqresp`` (run on the host to compute the result).

    Examples
    --------
    A two-tap average passes DC and blocks the Nyquist frequency:

    >>> import numpy as np, sigproc
    >>> w, H = sigproc.dfreqresp(([0.5, 0.5], [1.0, 0.0], 1.0), w=[0.0, np.pi])
    >>> np.round(np.abs(H), 12).tolist()
    [1.0, 0.0]
    """
    return cast(
        "tuple[Array, Array]", _scipy("dfreqresp", system, w, n, whole, xp=xp, device=device)
    )


def dbode(
    system: System,
    w: ArrayLike | None = None,
    n: int = 100,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> tuple[Array, Array, Array]:
    """Bode magnitude (dB) and phase (degrees) of a discrete-time SISO system, on the host.

    Parameters
    ----------
    system : dlti or tuple
        A single-input, single-output :class:`dlti` instance, or ``(num, den,
        dt)``, ``(zeros, poles, gain, dt)`` or ``(A, B, C, D, dt)`` with
        arrays of any library.
    w : array_like, optional
        Frequencies in radians per sample (Nyquist at pi). Default: `n`
        frequencies over ``[0, pi)``.
    n : int, optional
        Number of frequencies when `w` is not given (default 100).
    xp : array namespace, optional
        Library of the results, in place of the inputs' (NumPy when every
        array given is a list or a NumPy array).
    device : device, optional
        Device of the results (default: the inputs' device, or `xp`'s default).

    Returns
    -------
    w : array, float64
        The frequencies in rad/s for ``dt`` in seconds (the given ones divided
        by ``dt``).
    mag : array, float64
        Magnitude ``20 log10 |H|``, in dB.
    phase : array, float64
        Unwrapped phase, in degrees.

    Raises
    ------
    AttributeError
        If `system` is a continuous-time :class:`lti`.
    ValueError
        If the system has more than one input or output.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.dbode`` (run on the host to compute the result).
    """
    return cast("tuple[Array, Array, Array]", _scipy("dbode", system, w, n, xp=xp, device=device))


# -- responses of continuous-time systems: the host -----------------------------------------


def impulse(
    system: System,
    X0: ArrayLike | None = None,
    T: ArrayLike | None = None,
    N: int | None = None,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> tuple[Array, Array]:
    """Impulse response of a continuous-time system, computed on the host.

    Parameters
    ----------
    system : lti or tuple
        An :class:`lti` instance, or ``(num, den)``, ``(zeros, poles, gain)``
        or ``(A, B, C, D)`` with arrays of any library.
    X0 : array_like, shape (n_states,), optional
        Initial state, added to the impulse's (zeros by default).
    T : array_like, optional
        Time points in seconds (for `system` in rad/s): nonnegative, equally
        spaced. Default: `N` points over about seven time constants of the
        slowest pole.
    N : int, optional
        Number of time points when `T` is not given (default 100).
    xp : array namespace, optional
        Library of the results, in place of the inputs' (NumPy when every
        array given is a list or a NumPy array).
    device : device, optional
        Device of the results (default: the inputs' device, or `xp`'s default).

    Returns
    -------
    T : array
        The time points.
    yout : array, float64
        The impulse response (its singularity at ``t = 0``, for a direct
        feedthrough, left out).

    Raises
    ------
    AttributeError
        If `system` is a discrete-time :class:`dlti`.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.impulse`` (run on the host to compute the result).

    Examples
    --------
    The impulse response of ``1 / (s + 1)`` is ``exp(-t)``:

    >>> import numpy as np, sigproc
    >>> t, y = sigproc.impulse(([1.0], [1.0, 1.0]), T=np.linspace(0, 3, 7))
    >>> np.allclose(y, np.exp(-t))
    True
    """
    return cast("tuple[Array, Array]", _scipy("impulse", system, X0, T, N, xp=xp, device=device))


def step(
    system: System,
    X0: ArrayLike | None = None,
    T: ArrayLike | None = None,
    N: int | None = None,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> tuple[Array, Array]:
    """Step response of a continuous-time system, computed on the host.

    Parameters
    ----------
    system : lti or tuple
        An :class:`lti` instance, or ``(num, den)``, ``(zeros, poles, gain)``
        or ``(A, B, C, D)`` with arrays of any library.
    X0 : array_like, shape (n_states,), optional
        Initial state (zeros by default).
    T : array_like, optional
        Time points in seconds (for `system` in rad/s): nonnegative, equally
        spaced. Default: `N` points over about seven time constants of the
        slowest pole.
    N : int, optional
        Number of time points when `T` is not given (default 100).
    xp : array namespace, optional
        Library of the results, in place of the inputs' (NumPy when every
        array given is a list or a NumPy array).
    device : device, optional
        Device of the results (default: the inputs' device, or `xp`'s default).

    Returns
    -------
    T : array
        The time points.
    yout : array, float64
        The response to a unit step applied at ``t = 0``.

    Raises
    ------
    AttributeError
        If `system` is a discrete-time :class:`dlti`.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.step`` (run on the host to compute the result).

    Examples
    --------
    The step response of ``1 / (s + 1)`` is ``1 - exp(-t)``:

    >>> import numpy as np, sigproc
    >>> t, y = sigproc.step(([1.0], [1.0, 1.0]), T=np.linspace(0, 3, 7))
    >>> np.allclose(y, 1 - np.exp(-t))
    True
    """
    return cast("tuple[Array, Array]", _scipy("step", system, X0, T, N, xp=xp, device=device))


def freqresp(
    system: System,
    w: ArrayLike | None = None,
    n: int = 10000,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> tuple[Array, Array]:
    """Frequency response ``H(1j w)`` of a continuous-time SISO system, on the host.

    Parameters
    ----------
    system : lti or tuple
        A single-input, single-output :class:`lti` instance, or ``(num,
        den)``, ``(zeros, poles, gain)`` or ``(A, B, C, D)`` with arrays of any
        library.
    w : array_like, optional
        Angular frequencies in rad/s. Default: `n` logarithmically spaced
        frequencies around the system's poles and zeros.
    n : int, optional
        Number of frequencies when `w` is not given (default 10000).
    xp : array namespace, optional
        Library of the results, in place of the inputs' (NumPy when every
        array given is a list or a NumPy array).
    device : device, optional
        Device of the results (default: the inputs' device, or `xp`'s default).

    Returns
    -------
    w : array, float64
        The angular frequencies, rad/s.
    H : array, complex128
        The complex response at each frequency.

    Raises
    ------
    AttributeError
        If `system` is a discrete-time :class:`dlti`.
    ValueError
        If the system has more than one input or output.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.freqresp`` (run on the host to compute the result).

    Examples
    --------
    A first-order low-pass ``1 / (s + 1)`` is 3 dB down at 1 rad/s:

    >>> import numpy as np, sigproc
    >>> w, H = sigproc.freqresp(([1.0], [1.0, 1.0]), w=[1.0])
    >>> round(float(20 * np.log10(abs(H[0]))), 2)
    -3.01
    """
    return cast("tuple[Array, Array]", _scipy("freqresp", system, w, n, xp=xp, device=device))


def bode(
    system: System,
    w: ArrayLike | None = None,
    n: int = 100,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> tuple[Array, Array, Array]:
    """Bode magnitude (dB) and phase (degrees) of a continuous-time SISO system, on the host.

    Parameters
    ----------
    system : lti or tuple
        A single-input, single-output :class:`lti` instance, or ``(num,
        den)``, ``(zeros, poles, gain)`` or ``(A, B, C, D)`` with arrays of any
        library.
    w : array_like, optional
        Angular frequencies in rad/s. Default: `n` logarithmically spaced
        frequencies around the system's poles and zeros.
    n : int, optional
        Number of frequencies when `w` is not given (default 100).
    xp : array namespace, optional
        Library of the results, in place of the inputs' (NumPy when every
        array given is a list or a NumPy array).
    device : device, optional
        Device of the results (default: the inputs' device, or `xp`'s default).

    Returns
    -------
    w : array, float64
        The angular frequencies, rad/s.
    mag : array, float64
        Magnitude ``20 log10 |H|``, in dB.
    phase : array, float64
        Unwrapped phase, in degrees.

    Raises
    ------
    AttributeError
        If `system` is a discrete-time :class:`dlti`.
    ValueError
        If the system has more than one input or output.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.bode`` (run on the host to compute the result).
    """
    return cast("tuple[Array, Array, Array]", _scipy("bode", system, w, n, xp=xp, device=device))
