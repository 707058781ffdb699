"""Portable backend, ShortTimeFFT: the portable core."""

from ... import _stft_class as api
from ..._core import stft_class
from . import implements

implements(api._stft)(stft_class.stft_detrend)
implements(api._spectrogram)(stft_class.spectrogram)
implements(api._istft)(stft_class.istft)
