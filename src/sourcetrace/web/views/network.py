"""The actor network (events, stances and statements as edges) and the evidence behind one edge."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .. import data
from ..app import page_not_found, render, store_of


def network(request: Request) -> Response:
    net = data.network(store_of(request))
    return render(request, "network.html", {"net": net, "title": "Network"})


def relation(request: Request) -> Response:
    a, b = request.query_params.get("a", ""), request.query_params.get("b", "")
    rel = data.relation(store_of(request), a, b)
    if not rel["rows"]:
        raise page_not_found(f"no recorded relation between {a!r} and {b!r}")
    return render(request, "relation.html", {"rel": rel, "title": f"{a} – {b}"})


ROUTES = [Route("/network", network, name="network"), Route("/relation", relation, name="relation")]
