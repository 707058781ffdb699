"""Dispatch overhead: a sigproc call vs the same implementation called directly.

Run: ``python benchmarks/dispatch_overhead.py``. Prints microseconds per call
(best of 7 repeats) for the automatic path and an explicit ``set_backend``
block, on a trivial FFT of 8 samples, where the implementation's own cost is
smallest.
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
    direct = best(lambda: scipy.fft.rfft(x))
    auto = best(lambda: sigproc.fft.rfft(x))
    with sigproc.set_backend("numpy"):
        explicit = best(lambda: sigproc.fft.rfft(x))
    print(f"scipy.fft.rfft direct       {direct:6.2f} us")
    print(f"sigproc.fft.rfft automatic  {auto:6.2f} us  (+{auto - direct:.2f} us)")
    print(f"sigproc.fft.rfft explicit   {explicit:6.2f} us  (+{explicit - direct:.2f} us)")


if __name__ == "__main__":
    main()
