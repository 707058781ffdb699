"""The order of the gallery's examples (sphinx-gallery's ``within_subsection_order``)."""

from __future__ import annotations

from pathlib import Path

from sphinx_gallery.sorting import _SortKey

#: Examples in reading order; any other example follows, by file name.
ORDER = (
    "plot_gw150914.py",
    "plot_eeg_band_power.py",
    "plot_torch_autograd.py",
    "plot_custom_backend.py",
)


class GalleryOrder(_SortKey):
    """Sort key: position in :data:`ORDER`, then the file name."""

    def __call__(self, filename: str | Path) -> tuple[int, str]:
        """Return the sort key of `filename`."""
        name = Path(filename).name
        return (ORDER.index(name) if name in ORDER else len(ORDER), name)
