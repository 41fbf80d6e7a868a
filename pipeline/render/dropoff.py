"""送站安排表.xlsx: departures grouped by station and time slot, with when each car leaves the hotel."""

from __future__ import annotations

from .pickup import READS as TRANSPORT_READS
from .pickup import render_groups

KIND = "dropoff"
TITLE = "送站安排表"
FILENAME = "送站安排表.xlsx"
READS = TRANSPORT_READS
ORDER = 41
PLANS = ("transport",)


def render(ctx) -> dict[str, bytes]:
    return render_groups(ctx, ctx.plan("transport").dropoffs, "送站", FILENAME)
