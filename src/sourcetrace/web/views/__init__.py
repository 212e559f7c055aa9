"""The explorer's pages, one module per page; :func:`routes` lists them all."""

from __future__ import annotations

from starlette.routing import BaseRoute

from . import actors, documents, map, network, search, timeline


def routes() -> list[BaseRoute]:
    out: list[BaseRoute] = []
    for module in (documents, actors, timeline, network, map, search):
        out.extend(module.ROUTES)
    return out
