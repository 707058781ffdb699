"""Portable backend, frequency responses: the portable core."""

from ... import _responses as responses
from ..._core import responses as core
from . import implements

implements(responses.freqz)(core.freqz)
implements(responses.freqz_sos)(core.freqz_sos)
implements(responses.freqz_zpk)(core.freqz_zpk)
implements(responses.group_delay_ba)(core.group_delay_ba)
implements(responses.freqs)(core.freqs)
implements(responses.freqs_zpk)(core.freqs_zpk)
