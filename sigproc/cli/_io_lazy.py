"""Readers for the formats that can stay on disk: NPY (memory map), HDF5 and Zarr.

With ``--chunks`` these return small picklable sources (or a Zarr array) that
``dask.array`` slices chunk by chunk; without it they read the array into
memory. GWOSC strain files (HDF5) give their GPS start (``meta/GPSstart``),
detector (``meta/Detector``) and units (strain); Zarr arrays their ``fs`` (or
``sample_rate``/``Xspacing``), ``units``, ``channels`` and start attributes.
"""

from __future__ import annotations

import math

import numpy as np

from ._io_types import CLIError, Read
from ._readers import check_npy_header, metadata

__all__ = ["lazy_hdf5", "lazy_npy", "lazy_zarr", "read_hdf5", "read_zarr"]

_GWOSC_STRAIN = "strain/Strain"


class _FileSource:
    """A picklable array-like over part of a file: opened afresh by each read.

    dask's ``from_array`` slices it once per chunk; only the slice is read.
    Unlike an open memory map or ``h5py.Dataset`` it pickles as a few fields,
    so tasks can run in other processes (which must see the same file).
    """

    def __init__(self, path, name, shape, dtype, chunks=None):
        self.path, self.name = str(path), name
        self.shape, self.dtype = tuple(shape), np.dtype(dtype)
        self.ndim, self.size = len(self.shape), math.prod(self.shape)
        self.chunks = chunks  # the file's own chunk shape (HDF5), or None

    def __getitem__(self, index):
        raise NotImplementedError


class _NpySource(_FileSource):
    def __getitem__(self, index):
        return np.array(np.load(self.path, mmap_mode="r", allow_pickle=False)[index])


class _Hdf5Source(_FileSource):
    def __getitem__(self, index):
        import h5py

        with h5py.File(self.path, "r") as h5:
            return h5[self.name][index]


def lazy_npy(path, key):
    check_npy_header(path)
    mapped = np.load(path, mmap_mode="r", allow_pickle=False)
    if not isinstance(mapped, np.ndarray):
        raise CLIError(f"{path.name} is an NPZ archive, not an NPY file; rename it to .npz")
    source = _NpySource(path, None, mapped.shape, mapped.dtype)
    del mapped
    return Read(source)


def _import_h5py():
    try:
        import h5py
    except ImportError:
        raise CLIError("reading HDF5 needs h5py (pip install 'sigproc[hdf5]')") from None
    return h5py


def _hdf5(path, key, read):
    """Read (or describe, for a lazy source) dataset `key` and the GWOSC metadata."""
    h5py = _import_h5py()
    with h5py.File(path, "r") as h5:
        name = key or _GWOSC_STRAIN
        if name not in h5 or not isinstance(h5[name], h5py.Dataset):
            raise CLIError(f"{path.name} has no dataset {name!r} (GWOSC strain files have one)")
        dataset = h5[name]
        if read:
            data = dataset[()]
        else:
            data = _Hdf5Source(path, name, dataset.shape, dataset.dtype, dataset.chunks)
        spacing = dataset.attrs.get("Xspacing")
        found = Read(data, label=f" dataset {name!r}" if key else "")
        if spacing is not None and float(spacing) > 0:
            found.fs = 1.0 / float(spacing)
        if len(dataset.shape) == 1:
            found.names = [name.rsplit("/", 1)[-1].lower()]
        if name == _GWOSC_STRAIN:
            _gwosc(h5, dataset, found)
    return found


def _gwosc(h5, dataset, found):
    """Detector, GPS start and units of a GWOSC strain file (as far as it has them)."""
    found.units = "strain"
    if "meta/Detector" in h5:
        detector = h5["meta/Detector"][()]
        detector = detector.decode() if isinstance(detector, bytes) else str(detector)
        found.names = [detector.strip()]
    start = h5["meta/GPSstart"][()] if "meta/GPSstart" in h5 else dataset.attrs.get("Xstart")
    if start is not None and np.size(start) == 1:
        found.start, found.clock = float(np.asarray(start).reshape(())), "GPS"


def read_hdf5(path, key):
    return _hdf5(path, key, read=True)


def lazy_hdf5(path, key):
    return _hdf5(path, key, read=False)


def _open_zarr(path, key):
    """(zarr.Array, Read of its attributes) of the array `key` (or the only array) of a store."""
    try:
        import zarr
    except ImportError:
        raise CLIError("reading Zarr needs zarr (pip install 'sigproc[dask]')") from None
    node = zarr.open(store=str(path), mode="r")
    if key is not None:
        if not isinstance(node, zarr.Group) or key not in node:
            raise CLIError(f"{path.name} has no array {key!r}")
        node = node[key]
    elif isinstance(node, zarr.Group):
        names = sorted(name for name, _ in node.arrays())
        if len(names) != 1:
            listing = ", ".join(names) or "none"
            raise CLIError(f"{path.name} is a Zarr group; name its array with --key ({listing})")
        key, node = names[0], node[names[0]]
    if not isinstance(node, zarr.Array):
        raise CLIError(f"{path.name}: {key!r} is a Zarr group, not an array")
    attrs = dict(node.attrs)
    found = metadata(Read(node), attrs.__getitem__, list(attrs))
    if found.fs is None and "sample_rate" in attrs:
        found.fs = float(attrs["sample_rate"])
    spacing = attrs.get("Xspacing")
    if found.fs is None and spacing is not None and float(spacing) > 0:
        found.fs = 1.0 / float(spacing)
    return node, found


def read_zarr(path, key):
    array, found = _open_zarr(path, key)
    found.data = array[...]
    return found


def lazy_zarr(path, key):
    return _open_zarr(path, key)[1]
