"""Dispatch rules of DESIGN.md section 3, on a probe multimethod and on real functions."""

import subprocess
import sys
import threading
import warnings

import numpy as np
import pytest
import scipy.signal

import sigproc
from sigproc.backends import array_api_backend, numpy_backend
from sigproc.dispatch import Backend, BackendNotImplementedError, multimethod

torch = pytest.importorskip("torch")
xs = pytest.importorskip("array_api_strict")


@multimethod(signal=("x", "y"), coefficients=("b",), name="dispatch_probe")
def probe(b, x, y=None, axis=-1, *, scale=1.0):
    """Test-only multimethod: returns which implementation ran and what it got."""


@numpy_backend.implements(probe)
def _probe_numpy(b, x, y=None, axis=-1, *, scale=1.0):
    return "numpy", b, x


@array_api_backend.implements(probe)
def _probe_portable(b, x, y=None, axis=-1, *, scale=1.0):
    return "array_api", b, x


class Tagged:
    """An array type no built-in backend knows."""

    def __init__(self, data):
        self.data = data


class TaggedBackend(Backend):
    def owns(self, value):
        return isinstance(value, Tagged)

    def describe(self):
        return "Tagged arrays"

    def convert(self, value, like=None):
        return Tagged(np.asarray(value))


tagged = TaggedBackend("tagged")


@tagged.implements(probe)
def _probe_tagged(b, x, y=None, axis=-1, *, scale=1.0):
    return "tagged", b, x


class Declining(Backend):
    """A backend that owns nothing."""

    def owns(self, value):
        return False

    def describe(self):
        return "nothing at all"


declining = Declining("declining")


@pytest.fixture(autouse=True)
def _reset_global():
    yield
    sigproc.set_global_backend(None)


class TestAutomatic:
    def test_numpy_arrays_go_to_numpy(self):
        assert probe([1.0], np.ones(3))[0] == "numpy"
        assert sigproc.which_backend(probe, [1.0], np.ones(3)).backend == "numpy"

    def test_lists_go_to_numpy(self):
        assert probe([1.0], [1.0, 2.0])[0] == "numpy"

    def test_torch_tensors_stay_tensors(self):
        name, b, x = probe([1.0, 2.0], torch.ones(3, dtype=torch.float32))
        assert name == "array_api"  # served by the portable code until the torch backend lands
        assert isinstance(b, torch.Tensor) and isinstance(x, torch.Tensor)
        sel = sigproc.which_backend(probe, [1.0], torch.ones(3))
        assert sel.backend == "torch" and sel.native is False
        assert sel.declined[0][0] == "numpy"

    def test_array_api_strict_goes_to_portable(self):
        sel = sigproc.which_backend(probe, [1.0], xs.ones(3))
        assert sel.backend == "array_api"
        assert [name for name, _ in sel.declined][:2] == ["numpy", "torch"]

    def test_coefficients_follow_the_signal(self):
        _, b, _ = probe([1.0, 2.0], torch.ones(3, dtype=torch.float32))
        assert b.dtype == torch.float64  # lists become NumPy's float64 first, as in SciPy
        _, b, _ = probe(np.ones(2, dtype=np.float32), xs.ones(3))
        assert b.dtype == xs.float32

    def test_coefficients_never_choose_the_backend(self):
        assert probe(np.ones(2), torch.ones(3))[0] == "array_api"
        with pytest.raises(BackendNotImplementedError, match=r"coefficient b is torch\.Tensor"):
            probe(torch.ones(2), np.ones(3))

    def test_registered_backend_joins_the_chain(self):
        sigproc.register_backend(tagged)
        assert probe([1.0], Tagged([1.0]))[0] == "tagged"
        assert sigproc.which_backend(probe, [1.0], Tagged([1.0])).backend == "tagged"
        with sigproc.set_backend("tagged"):  # a registered backend is known by name
            assert probe([1.0], np.ones(2))[0] == "numpy"  # declines numpy, chain goes on


class TestPrecedence:
    def test_set_backend_beats_automatic(self):
        with sigproc.set_backend("array_api"):
            assert probe([1.0], np.ones(3))[0] == "array_api"
        assert probe([1.0], np.ones(3))[0] == "numpy"

    def test_scipy_is_an_alias_of_numpy(self):
        with sigproc.set_backend("array_api"), sigproc.set_backend("scipy"):
            assert probe([1.0], np.ones(3))[0] == "numpy"

    def test_innermost_block_first(self):
        with sigproc.set_backend("numpy"):
            with sigproc.set_backend("array_api"):
                assert probe([1.0], np.ones(3))[0] == "array_api"
            assert probe([1.0], np.ones(3))[0] == "numpy"

    def test_block_beats_global_beats_automatic(self):
        sigproc.set_global_backend("array_api")
        assert probe([1.0], np.ones(3))[0] == "array_api"
        with sigproc.set_backend("numpy"):
            assert probe([1.0], np.ones(3))[0] == "numpy"
        sigproc.set_global_backend(None)
        assert probe([1.0], np.ones(3))[0] == "numpy"

    def test_global_try_last(self):
        sigproc.set_global_backend("array_api", try_last=True)
        assert probe([1.0], np.ones(3))[0] == "numpy"

    def test_declining_backend_falls_through(self):
        with sigproc.set_backend(declining):
            assert probe([1.0], np.ones(3))[0] == "numpy"

    def test_only_stops_the_chain(self):
        with (
            sigproc.set_backend(declining, only=True),
            pytest.raises(BackendNotImplementedError, match="declining: x is numpy"),
        ):
            probe([1.0], np.ones(3))

    def test_skip_backend(self):
        with sigproc.skip_backend("numpy"):
            name, _, x = probe([1.0], np.ones(3))
        assert name == "array_api" and isinstance(x, np.ndarray)


class TestCoerce:
    def test_coerce_moves_on_purpose(self):
        with sigproc.set_backend("torch", coerce=True):
            _name, b, x = probe([1.0], np.ones(3))
        assert isinstance(x, torch.Tensor) and isinstance(b, torch.Tensor)

    def test_no_coerce_no_move(self):
        with sigproc.set_backend("torch"):
            name, _, x = probe([1.0], np.ones(3))
        assert name == "numpy" and isinstance(x, np.ndarray)

    def test_coerce_torch_to_numpy(self):
        with sigproc.set_backend("numpy", coerce=True):
            name, _, x = probe([1.0], torch.arange(3.0))
        assert name == "numpy" and isinstance(x, np.ndarray)
        np.testing.assert_array_equal(x, [0.0, 1.0, 2.0])

    def test_only_without_coerce_refuses_foreign(self):
        with (
            sigproc.set_backend("torch", only=True),
            pytest.raises(BackendNotImplementedError, match=r"torch: x is numpy\.ndarray"),
        ):
            probe([1.0], np.ones(3))


class TestPythonValuesFollowArrays:
    """Python scalars and sequences in signal positions take the call's array library."""

    def test_list_beside_a_tensor_runs_on_torch(self):
        got = sigproc.convolve(torch.ones(4, dtype=torch.float64), [1.0, 2.0])
        assert isinstance(got, torch.Tensor)
        np.testing.assert_allclose(got.numpy(), scipy.signal.convolve(np.ones(4), [1.0, 2.0]))

    def test_scalar_beside_a_strict_array_runs_portable(self):
        xps = pytest.importorskip("array_api_strict")
        x = xps.asarray(np.arange(5.0))
        selection = sigproc.which_backend(sigproc.convolve, 2.0, x)
        assert selection.backend == "array_api"

    def test_python_values_alone_are_numpys(self):
        assert sigproc.which_backend(sigproc.convolve, [1.0, 2.0], [3.0]).backend == "numpy"
        got = sigproc.convolve([1.0, 2.0], [3.0])
        assert isinstance(got, np.ndarray)

    def test_numpy_arrays_stay_a_library_of_their_own(self):
        with pytest.raises(BackendNotImplementedError, match="different libraries"):
            sigproc.convolve(torch.ones(4), np.ones(2))

    def test_coerce_converts_python_values(self):
        with sigproc.set_backend("torch", coerce=True, only=True):
            got = sigproc.convolve([1.0, 2.0], [3.0, 4.0])
        assert isinstance(got, torch.Tensor)


class TestErrors:
    def test_mixed_signal_libraries(self):
        with pytest.raises(BackendNotImplementedError) as info:
            probe([1.0], np.ones(3), torch.ones(3))
        msg = str(info.value)
        assert "dispatch_probe" in msg
        for name in ("numpy", "torch", "cupy", "array_api"):
            assert f"\n  {name}: " in msg
        assert "different libraries (x: numpy.ndarray, y: torch.Tensor)" in msg

    def test_error_is_a_type_error_and_uarray_error(self):
        import uarray

        with pytest.raises(TypeError), sigproc.set_backend(declining, only=True):
            probe([1.0], np.ones(3))
        assert issubclass(BackendNotImplementedError, uarray.BackendNotImplementedError)

    def test_function_not_implemented(self):
        @multimethod(signal=("x",), name="dispatch_unimplemented")
        def nothing(x):
            """Implemented by no backend."""

        with pytest.raises(BackendNotImplementedError, match="numpy: dispatch_unimplemented"):
            nothing(np.ones(2))

    @pytest.mark.skipif(sigproc.dispatch._control.module_available("cupy"), reason="cupy present")
    def test_missing_library_says_what_to_install(self):
        with (
            sigproc.set_backend("cupy", only=True),
            pytest.raises(BackendNotImplementedError, match="pip install cupy-cuda12x"),
        ):
            probe([1.0], np.ones(3))

    def test_unknown_name(self):
        with pytest.raises(ValueError, match=r"unknown backend 'nope'.*array_api"):
            sigproc.set_backend("nope")

    def test_not_a_backend(self):
        with pytest.raises(TypeError, match="__ua_domain__"):
            sigproc.set_backend(object())

    def test_which_backend_needs_a_sigproc_function(self):
        with pytest.raises(TypeError, match="sigproc function"):
            sigproc.which_backend(np.sum, np.ones(3))

    def test_selection_text(self):
        text = str(sigproc.which_backend(probe, [1.0], xs.ones(3)))
        assert text.startswith("array_api") and "numpy: x is array_api_strict" in text


class TestState:
    def test_set_backend_is_thread_local(self):
        seen = {}
        inside = threading.Event()
        release = threading.Event()

        def worker():
            inside.wait()
            seen["other"] = probe([1.0], np.ones(3))[0]
            release.set()

        t = threading.Thread(target=worker)
        t.start()
        with sigproc.set_backend("array_api"):
            inside.set()
            release.wait(10)
            seen["here"] = probe([1.0], np.ones(3))[0]
        t.join()
        assert seen == {"other": "numpy", "here": "array_api"}

    def test_no_deprecation_warning(self):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with sigproc.set_backend("numpy"), sigproc.set_backend("array_api", only=True):
                probe([1.0], np.ones(3))

    def test_import_is_lazy(self):
        code = (
            "import sys, sigproc; "
            "heavy = [m for m in ('torch', 'cupy', 'scipy.signal', 'jax') if m in sys.modules]; "
            "assert not heavy, heavy"
        )
        subprocess.run([sys.executable, "-c", code], check=True)

    def test_numpy_calls_do_not_import_dynamo(self):
        # Backends load their modules with dynamo off only when dynamo is loaded:
        # importing it would add about a second to a NumPy user's first call.
        code = (
            "import sys, torch, numpy as np, sigproc; sigproc.welch(np.ones(300)); "
            "assert 'torch._dynamo' not in sys.modules"
        )
        subprocess.run([sys.executable, "-c", code], check=True)

    def test_set_backend_by_name_imports_nothing(self):
        code = (
            "import sys, sigproc; sigproc.set_backend('torch'); sigproc.set_backend('cupy'); "
            "assert 'torch' not in sys.modules and 'cupy' not in sys.modules"
        )
        subprocess.run([sys.executable, "-c", code], check=True)

    def test_list_backends(self):
        rows = {row.name: row for row in sigproc.list_backends()}
        assert {"numpy", "torch", "cupy", "array_api"} <= set(rows)
        assert rows["numpy"].installed and rows["numpy"].aliases == ("scipy",)
        assert rows["torch"].installed and "cpu" in rows["torch"].devices
        assert all(rows[n].in_chain for n in ("numpy", "torch", "cupy", "array_api"))

    def test_inputs_are_not_touched_by_dispatch(self):
        x = np.arange(4.0)
        with sigproc.set_backend("torch", coerce=True):
            probe([1.0], x)
        np.testing.assert_array_equal(x, np.arange(4.0))


class TestImplementations:
    @pytest.mark.parametrize("backend", ["numpy", "array_api"])
    def test_positional_and_keyword_calls_agree(self, backend):
        import scipy.signal

        x = np.random.default_rng(0).standard_normal((2, 300))
        sos = scipy.signal.butter(4, 0.2, output="sos")
        with sigproc.set_backend(backend, only=True):
            _f, p = sigproc.welch(x, 10.0, "hann", 64, 16)
            y = sigproc.sosfilt(sos, x, 0)
            _, c = sigproc.csd(x, x[::-1], 2.0, nperseg=32)
        np.testing.assert_allclose(p, scipy.signal.welch(x, 10.0, "hann", 64, 16)[1], rtol=1e-12)
        np.testing.assert_allclose(y, scipy.signal.sosfilt(sos, x, 0), rtol=1e-10)
        np.testing.assert_allclose(c, scipy.signal.csd(x, x[::-1], 2.0, nperseg=32)[1], rtol=1e-12)

    def test_implementation_must_repeat_the_declared_defaults(self):
        wrong = TaggedBackend("wrong-defaults")

        def _bad(b, x, y=None, axis=0, *, scale=1.0):
            return "never"

        with pytest.raises(TypeError, match="default of 'axis' is 0"):
            wrong.implements(probe)(_bad)  # at registration, i.e. when the module imports
        assert wrong.lookup(probe.multimethod) == (None, False)

    def test_implementation_must_keep_the_positional_order(self):
        wrong = TaggedBackend("wrong-order")

        def _bad(x, b, y=None, axis=-1, *, scale=1.0):
            return "never"

        with pytest.raises(TypeError, match="positional parameters"):
            wrong.implements(probe)(_bad)
        assert wrong.lookup(probe.multimethod) == (None, False)

    def test_unknown_public_name(self):
        stray = TaggedBackend("stray")
        with pytest.raises(TypeError, match="no_such_function"):
            stray.implements("no_such_function")  # only public functions register
        with pytest.raises(TypeError, match="public sigproc function"):
            stray.implements(lambda x: x)


class TestUnless:
    def test_unsupported_arguments_go_to_the_fallback(self):
        partial = TaggedBackend("partial-native", fallback=array_api_backend)

        @partial.implements(
            probe,
            unless=lambda b, x, y=None, axis=-1, *, scale=1.0: (
                None if scale == 1.0 else f"scale={scale} is not supported"
            ),
        )
        def _native(b, x, y=None, axis=-1, *, scale=1.0):
            return "native", b, x

        with sigproc.set_backend(partial, coerce=True):
            assert probe([1.0], np.ones(2))[0] == "native"
            sel = sigproc.which_backend(probe, [1.0], Tagged([1.0]), scale=2.0)
        assert (sel.backend, sel.native) == ("partial-native", False)

    def test_unsupported_arguments_decline_without_fallback(self):
        picky = TaggedBackend("picky")

        @picky.implements(
            probe,
            unless=lambda b, x, y=None, axis=-1, *, scale=1.0: (
                None if axis == -1 else "only axis=-1"
            ),
        )
        def _picky(b, x, y=None, axis=-1, *, scale=1.0):
            return "picky", b, x

        with sigproc.set_backend(picky, only=True):
            assert probe([1.0], Tagged([1.0]))[0] == "picky"
            with pytest.raises(BackendNotImplementedError, match="picky: dispatch_probe: only"):
                probe([1.0], Tagged([1.0]), axis=0)


class TestTrace:
    def test_trace_records_every_call(self):
        with sigproc.dispatch.trace() as calls:
            probe([1.0], np.ones(3))
            probe([1.0], torch.ones(3))
        assert [(c.function, c.backend, c.native) for c in calls] == [
            ("dispatch_probe", "numpy", True),
            ("dispatch_probe", "torch", False),
        ]
        assert calls[1].declined[0][0] == "numpy"
        probe([1.0], np.ones(3))  # outside the block: not recorded
        assert len(calls) == 2

    def test_trace_records_nested_calls_and_failures(self):
        x = np.random.default_rng(0).standard_normal(512)
        with sigproc.dispatch.trace() as calls:
            sigproc.bandpower(x, 100.0, [(1.0, 10.0)], nperseg=64)
            with pytest.raises(BackendNotImplementedError):
                probe([1.0], np.ones(3), torch.ones(3))
        names = [c.function for c in calls]
        assert names.index("welch") < names.index("bandpower")
        assert calls[-1].backend is None and len(calls[-1].declined) >= 4  # + test backends

    def test_debug_log_line_per_dispatch(self, caplog):
        with caplog.at_level("DEBUG", logger="sigproc.dispatch"):
            probe([1.0], torch.ones(3))
        (record,) = [r for r in caplog.records if r.name == "sigproc.dispatch"]
        assert record.getMessage().startswith("dispatch_probe -> torch (portable code)")
        assert "numpy: x is torch.Tensor" in record.getMessage()


class TestCapturedState:
    def test_state_enters_worker_threads(self):
        from concurrent.futures import ThreadPoolExecutor

        with sigproc.set_backend("array_api"):
            state = sigproc.dispatch.get_state()

        def work():
            with sigproc.dispatch.set_state(state):
                return probe([1.0], np.ones(3))[0]

        with ThreadPoolExecutor(1) as pool:
            assert pool.submit(work).result() == "array_api"
            # a new thread without the state: the automatic choice
            assert pool.submit(lambda: probe([1.0], np.ones(3))[0]).result() == "numpy"

    def test_state_pickles_backends_by_name(self):
        import pickle

        with sigproc.set_backend("array_api", only=True):
            state = pickle.loads(pickle.dumps(sigproc.dispatch.get_state()))
        with sigproc.dispatch.set_state(state):
            assert probe([1.0], np.ones(3))[0] == "array_api"
        assert pickle.loads(pickle.dumps(array_api_backend)) is array_api_backend

    def test_state_crosses_processes(self):
        code = (
            "import pickle, sys, numpy as np, sigproc\n"
            "state = pickle.loads(sys.stdin.buffer.read())\n"
            "with sigproc.dispatch.set_state(state):\n"
            "    print(sigproc.which_backend(sigproc.welch, np.ones(8)).backend)\n"
        )
        capture = (
            "import pickle, sys, sigproc\n"
            "with sigproc.set_backend('array_api'):\n"
            "    sys.stdout.buffer.write(pickle.dumps(sigproc.dispatch.get_state()))\n"
        )  # in a fresh process: this one has test backends registered in its chain
        payload = subprocess.run(
            [sys.executable, "-c", capture], capture_output=True, check=True
        ).stdout
        out = subprocess.run(
            [sys.executable, "-c", code], input=payload, capture_output=True, check=True
        )
        assert out.stdout.decode().strip() == "array_api"

    def test_a_block_in_one_task_is_that_tasks_alone(self):
        # Blocks have context-variable semantics: a block held open across an await
        # is not seen by the other tasks of the loop.
        import asyncio

        async def holder(entered, release):
            with sigproc.set_backend("array_api"):
                entered.set()
                await release.wait()
                return probe([1.0], np.ones(3))[0]

        async def other(entered, release):
            await entered.wait()
            seen = probe([1.0], np.ones(3))[0]
            release.set()
            return seen

        async def main():
            entered, release = asyncio.Event(), asyncio.Event()
            return await asyncio.gather(holder(entered, release), other(entered, release))

        assert asyncio.run(main()) == ["array_api", "numpy"]

    def test_tasks_leave_their_blocks_in_any_order(self):
        import asyncio

        async def block(name, enter, leave, out):
            with sigproc.set_backend(name):
                enter.set()
                await leave.wait()
                out.append((name, probe([1.0], np.ones(3))[0]))

        async def main():
            out = []
            e1, e2, l1, l2 = (asyncio.Event() for _ in range(4))
            t1 = asyncio.create_task(block("array_api", e1, l1, out))
            await e1.wait()
            t2 = asyncio.create_task(block("numpy", e2, l2, out))
            await e2.wait()
            l1.set()  # the first block ends while the second is still open
            await t1
            l2.set()
            await t2
            return out

        out = asyncio.run(main())
        assert out == [("array_api", "array_api"), ("numpy", "numpy")]
        assert probe([1.0], np.ones(3))[0] == "numpy"

    def test_a_task_started_inside_a_block_inherits_it(self):
        import asyncio

        async def child():
            await asyncio.sleep(0)
            return probe([1.0], np.ones(3))[0]

        async def main():
            with sigproc.set_backend("array_api"):
                task = asyncio.create_task(child())
            return await task  # the block has closed; the task keeps what it inherited

        assert asyncio.run(main()) == "array_api"


class CountTagged:
    """An array type only the counting backends of TestRemembered own."""

    def __init__(self, data):
        self.data = data


@pytest.fixture
def restore_chain():
    """Take backends registered by a test out of the automatic chain again."""
    from sigproc.dispatch import _control

    saved = list(_control._chain), list(_control._last)
    yield
    _control._chain[:], _control._last[:] = saved
    _control._register_chain()


class Counting(Backend):
    """Owns CountTagged arrays and counts the calls uarray hands it."""

    def __init__(self, name, **kwargs):
        super().__init__(name, **kwargs)
        self.calls = 0

    def owns(self, value):
        return isinstance(value, CountTagged)

    def convert(self, value, like=None):
        return CountTagged(np.asarray(value))

    def __ua_function__(self, method, args, kwargs):
        self.calls += 1
        return super().__ua_function__(method, args, kwargs)


class ByValue(Counting):
    """Owns CountTagged arrays only when their data is positive: ownership by value."""

    owns_by_type = False

    def owns(self, value):
        return isinstance(value, CountTagged) and bool(np.all(np.asarray(value.data) > 0))


class OnDevice:
    """An array type with a device, owned by Placed."""

    def __init__(self, data, device):
        self.data, self.device = data, device


class Placed(Backend):
    """Owns OnDevice arrays; moves coefficients to the signal's device, counting moves."""

    tracks_devices = True

    def __init__(self, name, **kwargs):
        super().__init__(name, **kwargs)
        self.moves = 0

    def owns(self, value):
        return isinstance(value, OnDevice)

    def convert(self, value, like=None):
        return OnDevice(np.asarray(value), getattr(like, "device", "gpu0"))

    def same_device(self, value, like):
        return value.device == like.device

    def move(self, value, like):
        if value.device == like.device:
            return value
        self.moves += 1
        return OnDevice(value.data, like.device)


@pytest.mark.usefixtures("restore_chain")
class TestRemembered:
    """The automatic path remembers implementations per argument types (dispatch/_memo.py)."""

    def _counting(self, cls, name):
        backend = cls(name)
        backend.implements(probe)(lambda b, x, y=None, axis=-1, *, scale=1.0: (name, b, x))
        sigproc.register_backend(backend)
        return backend

    def test_second_call_skips_uarray(self):
        backend = self._counting(Counting, "counting")
        b = CountTagged([1.0])
        for _ in range(3):
            assert probe(b, CountTagged([2.0]))[0] == "counting"
        assert backend.calls == 1
        # a new key: y is given
        assert probe(b, CountTagged([2.0]), CountTagged([3.0]))[0] == "counting"
        assert backend.calls == 2

    def test_calls_in_a_block_are_remembered_too(self):
        backend = self._counting(Counting, "counting-block")
        b = CountTagged([1.0])
        with sigproc.set_backend(backend, only=True):
            for _ in range(3):
                assert probe(b, CountTagged([2.0]))[0] == "counting-block"
        assert backend.calls == 1
        with sigproc.set_backend(backend, only=True):  # the same block again: same entry
            assert probe(b, CountTagged([2.0]))[0] == "counting-block"
        assert backend.calls == 1
        state = sigproc.dispatch.get_state()
        with sigproc.dispatch.set_state(state):  # opaque: always through uarray
            probe(b, CountTagged([2.0]))
            probe(b, CountTagged([2.0]))
        assert backend.calls == 3

    def test_coefficients_follow_the_signal_device_on_every_path(self):
        backend = Placed("placed")
        backend.implements(probe)(lambda b, x, y=None, axis=-1, *, scale=1.0: ("placed", b, x))
        sigproc.register_backend(backend)
        x = OnDevice([1.0, 2.0], "gpu1")
        for _ in range(2):  # through uarray, then remembered
            _, b, _ = probe(OnDevice([1.0], "gpu1"), x)
            assert b.device == "gpu1" and backend.moves == 0
        for expected_moves in (1, 2):  # the same types, a coefficient elsewhere: moved
            _, b, _ = probe(OnDevice([1.0], "gpu0"), x)
            assert b.device == "gpu1" and backend.moves == expected_moves
        with sigproc.set_backend(backend):  # the same inside a block
            for _ in range(2):
                _, b, _ = probe(OnDevice([1.0], "gpu1"), x)
            _, b, _ = probe(OnDevice([1.0], "gpu0"), x)
        assert b.device == "gpu1" and backend.moves == 3

    def test_ownership_by_value_turns_remembering_off(self):
        backend = self._counting(ByValue, "byvalue")
        assert probe(CountTagged([1.0]), CountTagged([1.0]))[0] == "byvalue"
        with pytest.raises(BackendNotImplementedError):
            probe(CountTagged([1.0]), CountTagged([-1.0]))  # same types, declined by value
        assert probe(CountTagged([1.0]), CountTagged([1.0]))[0] == "byvalue"
        assert backend.calls == 2  # both successful calls went through uarray

    def test_blocks_and_global_backend_still_decide(self):
        x = np.ones(3)
        assert probe([1.0], x)[0] == "numpy"
        assert probe([1.0], x)[0] == "numpy"  # remembered
        for _ in range(2):  # the second round runs what the first remembered
            with sigproc.set_backend("array_api", only=True):
                assert probe([1.0], x)[0] == probe([1.0], x)[0] == "array_api"
            with sigproc.skip_backend("numpy"):
                assert probe([1.0], x)[0] == probe([1.0], x)[0] == "array_api"
            with sigproc.set_backend("array_api"):
                assert probe([1.0], x)[0] == "array_api"
                with sigproc.skip_backend("array_api"):
                    assert probe([1.0], x)[0] == probe([1.0], x)[0] == "numpy"
                assert probe([1.0], x)[0] == "array_api"
            assert probe([1.0], x)[0] == "numpy"
        sigproc.set_global_backend("array_api", only=True)
        assert probe([1.0], x)[0] == "array_api"
        sigproc.set_global_backend(None)
        assert probe([1.0], x)[0] == "numpy"

    def test_a_block_in_another_thread_is_respected(self):
        x = np.ones(3)
        assert probe([1.0], x)[0] == probe([1.0], x)[0] == "numpy"
        seen = []

        def worker():
            with sigproc.set_backend("array_api", only=True):
                seen.append(probe([1.0], x)[0])

        t = threading.Thread(target=worker)
        t.start()
        t.join()
        assert seen == ["array_api"] and probe([1.0], x)[0] == "numpy"

    def test_conversions_are_not_remembered(self):
        for _ in range(2):  # a list coefficient becomes a tensor on every call
            _, b, _ = probe([1.0, 2.0], torch.ones(3))
            assert isinstance(b, torch.Tensor)

    def test_new_implementation_is_seen(self):
        @multimethod(signal=("x",), name="dispatch_probe_late")
        def late(x):
            """Test-only multimethod implemented after its first call."""

        array_api_backend.implements(late)(lambda x: "portable")
        assert late(np.ones(2)) == late(np.ones(2)) == "portable"
        numpy_backend.implements(late)(lambda x: "numpy")
        assert late(np.ones(2)) == "numpy"

    def test_trace_sees_remembered_functions(self):
        x = np.ones(3)
        probe([1.0], x)
        probe([1.0], x)
        with sigproc.dispatch.trace() as calls:
            probe([1.0], x)
        assert [c.backend for c in calls] == ["numpy"]

    def test_bad_arguments_raise_as_before(self):
        probe([1.0], np.ones(3))
        with pytest.raises(TypeError, match=r"dispatch_probe\(\)|probe\(\) got an unexpected"):
            probe([1.0], np.ones(3), bogus=1)

    @pytest.mark.parametrize("repeat", [1, 2])
    def test_warnings_point_at_the_caller_on_every_path(self, repeat):
        x = np.ones(100)
        for _ in range(repeat):
            with pytest.warns(UserWarning, match="nperseg") as record:
                sigproc.welch(x, nperseg=256)
            assert record[0].filename == __file__


class TestLibraryIsTheNamespace:
    """Tracers and concrete arrays of one library are one library (JAX)."""

    def test_jit_with_a_closed_over_signal(self):
        jax = pytest.importorskip("jax")
        jnp = pytest.importorskip("jax.numpy")
        rng = np.random.default_rng(0)
        x, y = rng.standard_normal(512), rng.standard_normal(512)
        before = jax.config.jax_enable_x64
        jax.config.update("jax_enable_x64", True)
        try:
            yj = jnp.asarray(y)
            got = jax.jit(lambda v: sigproc.csd(v, yj, nperseg=64)[1])(jnp.asarray(x))
        finally:
            jax.config.update("jax_enable_x64", before)
        want = scipy.signal.csd(x, y, nperseg=64)[1]
        np.testing.assert_allclose(np.asarray(got), want, rtol=1e-9, atol=1e-12 * abs(want).max())
