"""The map: geocoded places and events over offline country outlines."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .. import data
from ..app import render, store_of
from ..basemap import world_paths


def map_page(request: Request) -> Response:
    m = data.map_data(store_of(request))
    return render(request, "map.html", {"m": m, "world": world_paths(), "title": "Map"})


ROUTES = [Route("/map", map_page, name="map")]
