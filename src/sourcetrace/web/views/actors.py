"""The actor table and one actor's page: roles, statements over time, events, stances."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ... import query
from .. import data
from ..app import page_not_found, render, store_of


def actors(request: Request) -> Response:
    rows = query.actor_table(store_of(request))
    kind = request.query_params.get("kind") or None
    if kind:
        rows = [r for r in rows if r["kind"] == kind]
    for r in rows:
        r["link"] = data.actor_link(r["name"])
    return render(request, "actors.html", {"rows": rows, "kind": kind, "title": "Actors"})


def actor(request: Request) -> Response:
    name = request.path_params["name"]
    profile = data.actor_profile(store_of(request), name)
    if profile is None:
        raise page_not_found(f"no actor named {name!r} in this store")
    return render(request, "actor.html", {"a": profile, "title": name})


ROUTES = [Route("/actors", actors, name="actors"), Route("/actor/{name:path}", actor, name="actor")]
