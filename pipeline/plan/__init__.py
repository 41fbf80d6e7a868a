"""Planners: pure functions of a Meeting. A module may also define check(meeting, report)."""
