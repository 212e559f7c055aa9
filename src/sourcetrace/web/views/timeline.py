"""The timeline: dated events and statements on a zoomable axis, filtered by actor, type and outlet."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .. import data
from ..app import render, store_of

WIDTH = 1000
LANE = 22


def timeline(request: Request) -> Response:
    params = request.query_params
    actor, kind, outlet = (params.get(k) or None for k in ("actor", "type", "outlet"))
    tl = data.timeline(store_of(request), actor=actor, kind=kind, outlet=outlet)
    lanes: list[int] = []
    ticks: list[tuple[float, str]] = []
    if tl["range"]:
        lo, hi = tl["range"]
        span = max(1, hi - lo)
        ends: list[float] = []
        for item in tl["entries"]:
            x = (item["t0"] - lo) / span * WIDTH
            item["x"] = round(x, 2)
            item["w"] = round(max(0.0, (item["t1"] - item["t0"]) / span * WIDTH), 2)
            lane = next((i for i, end in enumerate(ends) if end < x), len(ends))
            if lane == len(ends):
                ends.append(0.0)
            ends[lane] = x + 8
            item["lane"] = lane
            lanes.append(lane)
        ticks = data.axis_ticks(lo, hi, WIDTH)
    height = 40 + LANE * (max(lanes) + 1 if lanes else 1)
    return render(request, "timeline.html", {
        "tl": tl, "actor": actor or "", "kind": kind or "", "outlet": outlet or "", "ticks": ticks,
        "width": WIDTH, "height": height, "lane": LANE, "title": "Timeline"})


ROUTES = [Route("/timeline", timeline, name="timeline")]
