"""A fake clock and a function of known cost: check a timing function's method without timing anything.

Real timings depend on the machine, so a check cannot compare them with a right value. Instead the
learner's timer is handed ``FakeClock`` as its clock and ``FakeWork`` as the function to time: each
call of the work moves the clock by a cost chosen in advance, so the right median is known exactly,
and each slip (timing the warm-up, the mean, seconds, one timing around the whole loop) gives another
known value. ``grade_timer`` is that check, for question 3 of ``22_mle_performance``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

import numpy as np

from course_utils.checks import MEASURE, NotAttempted, describe


class FakeClock:
    """Reads like ``time.perf_counter`` (seconds); moves only when a ``FakeWork`` on it is called."""

    def __init__(self) -> None:
        self.now = 0.0
        self.reads = 0

    def __call__(self) -> float:
        self.reads += 1
        return self.now


class FakeWork:
    """A function whose n-th call takes ``costs_ms[n]`` milliseconds on ``clock`` (the last cost repeats)."""

    def __init__(self, clock: FakeClock, costs_ms: Sequence[float]) -> None:
        self.clock, self.costs_ms, self.calls = clock, tuple(costs_ms), 0

    def __call__(self, *args, **kwargs) -> None:
        cost = self.costs_ms[min(self.calls, len(self.costs_ms) - 1)]
        self.calls += 1
        self.clock.now += cost / 1000


# (name, repeats, warmup, cost of each call in ms): the first calls are cold, one timed call is an outlier.
TIMING_CASES = (
    ("5 repeats after 2 warm-up calls", 5, 2, (500.0, 400.0, 10.0, 12.0, 11.0, 300.0, 13.0)),
    ("4 repeats after 1 warm-up call", 4, 1, (50.0, 2.0, 4.0, 6.0, 100.0)),
    ("3 repeats and no warm-up", 3, 0, (7.0, 8.0, 9.0)),
)


def _timing_slips(got, costs, repeats, warmup, reads) -> str | None:
    """The message for a known slip whose value ``got`` is, or ``None``."""
    timed = costs[warmup:warmup + repeats]
    slips = [(float(np.mean(timed)), "one timing around the whole loop, divided by the repeats, is the mean per "
                                     "call, not the median: time each call on its own" if reads == 2 else
              "that is the mean of the timed calls: one slow call pulls it up. Return the median"),
             (float(np.median(timed)) / 1000, "that looks like seconds: clock() counts seconds, so multiply the "
                                             "differences by 1000 to return milliseconds"),
             (float(np.median(costs[:warmup + repeats])), "the warm-up calls seem timed too: the first calls pay "
                                                          "one-off costs, so call fn warmup times untimed first"),
             (float(np.min(timed)), "that is the fastest call: the question asks for the median (p50)")]
    return next((message for value, message in slips if math.isclose(got, value, rel_tol=1e-6)), None)


def grade_timer(func) -> str | None:
    """``None`` if ``func(fn, repeats=, warmup=, clock=)`` returns the right median (ms) on every case, else why not."""
    if not callable(func):
        return f"Expected a function measure(fn, repeats, warmup, clock), but got {describe(func)}."
    for name, repeats, warmup, costs in TIMING_CASES:
        clock = FakeClock()
        work = FakeWork(clock, costs)
        try:
            got = func(work, repeats=repeats, warmup=warmup, clock=clock)
        except NotImplementedError:
            raise NotAttempted from None
        except TypeError as exc:
            return (f"On {name}, calling measure(fn, repeats={repeats}, warmup={warmup}, clock=...) raised "
                    f"TypeError: {exc}. Keep the signature measure(fn, repeats=50, warmup=3, clock=time.perf_counter).")
        except Exception as exc:
            return f"On {name}, your function raised {exc.__class__.__name__}: {exc}"
        if got is None:
            return f"On {name}, your function returned None: did you forget `return`?"
        if isinstance(got, bool) or not isinstance(got, numbers.Real):
            return f"On {name}, your function returned {describe(got)}; return one number, the median in ms."
        if work.calls != warmup + repeats:
            return (f"On {name}, your function called fn {work.calls} times; it should call it warmup + repeats = "
                    f"{warmup + repeats} times: {warmup} untimed warm-up calls, then {repeats} timed ones.")
        if clock.reads == 0:
            return ("Your function never read the clock it was given. Time with clock() (time.perf_counter by "
                    "default): time.time() can tick in steps of milliseconds, and the check counts on the clock "
                    "it passes in.")
        expected = float(np.median(costs[warmup:warmup + repeats]))
        if MEASURE.accepts(float(got), expected):
            continue
        slip = _timing_slips(float(got), costs, repeats, warmup, clock.reads)
        if slip:
            return f"On {name}, your function returned {float(got):.4g}: {slip}."
        if MEASURE.rounded_too_far(float(got), expected):
            return MEASURE.too_far_message()
        return f"On {name}, your function returned {float(got):.4g}; we expected a median of {expected:.4g} ms."
    return None
