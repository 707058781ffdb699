"""Dispatch overhead: a sigproc call vs the same implementation called directly.

Run: ``python benchmarks/dispatch_overhead.py``. Prints microseconds per call
(best of 7 repeats) for the automatic path (remembered dispatch, see
docs/design.md), an explicit ``set_backend`` block (remembered per block) and a
``set_state`` block (an opaque state: every call goes through uarray), on a
trivial FFT of 8 samples, where the implementation's own cost is smallest;
the numpy backend's implementation called directly separates its own cost
(forwarding every argument to scipy.fft) from the dispatch.
"""

import timeit

import numpy as np
import scipy.fft

import sigproc
import sigproc.fft


def best(stmt, number=100_000):
    return min(timeit.repeat(stmt, number=number, repeat=7)) / number * 1e6


def main():
    x = np.ones(8)
    from sigproc.backends import numpy_backend

    impl, _ = numpy_backend.lookup(sigproc.fft.rfft.multimethod)
    direct = best(lambda: scipy.fft.rfft(x))
    implementation = best(lambda: impl(x))
    auto = best(lambda: sigproc.fft.rfft(x))
    with sigproc.set_backend("numpy"):
        explicit = best(lambda: sigproc.fft.rfft(x))
    with sigproc.dispatch.set_state(sigproc.dispatch.get_state()):
        through = best(lambda: sigproc.fft.rfft(x))
    print(f"scipy.fft.rfft direct       {direct:6.2f} us")
    extra = implementation - direct
    print(f"numpy backend's rfft direct {implementation:6.2f} us  (+{extra:.2f} us)")
    print(f"sigproc.fft.rfft automatic  {auto:6.2f} us  (+{auto - direct:.2f} us)")
    print(f"sigproc.fft.rfft explicit   {explicit:6.2f} us  (+{explicit - direct:.2f} us)")
    print(f"through uarray (set_state)  {through:6.2f} us  (+{through - direct:.2f} us)")


if __name__ == "__main__":
    main()
