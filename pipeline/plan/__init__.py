"""Planners: pure functions of a Meeting. A module may also define check(meeting, report)."""

from __future__ import annotations

import functools


def per_meeting(build):
    """Keep a planner's result for the last Meeting it was given.

    check() runs the planners before any document is made, and the renderers ask
    again through Context.plan; both get the same result, computed once.
    """
    last: list = [None, None]

    @functools.wraps(build)
    def plan(meeting):
        if last[0] is not meeting:
            last[:] = [meeting, build(meeting)]
        return last[1]

    return plan
