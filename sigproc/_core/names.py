"""Names written once and read by the declarations, the core and every backend."""

#: The one-axis transforms of ``sigproc.fft`` (parameters ``x, n, axis, ...``).
FFT_ONE_AXIS = ("fft", "ifft", "rfft", "irfft", "hfft", "ihfft")

#: The n-dimensional transforms of ``sigproc.fft`` (parameters ``x, s, axes, ...``);
#: the ``*2`` ones default to ``axes=(-2, -1)``.
FFT_N_AXES = (
    "fft2", "ifft2", "rfft2", "irfft2", "fftn", "ifftn", "rfftn", "irfftn",
    "hfft2", "ihfft2", "hfftn", "ihfftn",
)  # fmt: skip

#: The one-axis real trigonometric transforms (parameters ``x, type, n, axis, ...``).
FFT_TRIG_ONE_AXIS = ("dct", "idct", "dst", "idst")

#: The n-dimensional real trigonometric transforms (parameters ``x, type, s, axes, ...``).
FFT_TRIG_N_AXES = ("dctn", "idctn", "dstn", "idstn")

#: The fast Hankel transforms (parameters ``a``/``A, dln, mu, offset, bias``).
FFT_HANKEL = ("fht", "ifht")

#: The shifts of ``sigproc.fft`` (parameters ``x, axes``).
FFT_SHIFTS = ("fftshift", "ifftshift")

#: The statistics accepted by `func`.
FUNCS = (
    "mean",
    "median",
    "max",
    "min",
    "sum",
    "std",
    "var",
    "range",
    "argmax",
    "argmin",
    "trapezoid",
    "nanmean",
    "nanmedian",
    "nanmax",
    "nanmin",
    "nansum",
    "nanstd",
)
