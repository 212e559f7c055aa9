"""The explorer application: routes by page, templates, static files, guards.

``create_app(db, token=None)`` returns a Starlette app over a store opened read-only (one
connection per worker thread).  Views live in :mod:`sourcetrace.web.views`, one module per
page; what a page shows is computed in :mod:`sourcetrace.web.data`.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import jinja2
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from ..errors import StoreError
from ..store import Store, open_store
from . import optional
from .security import GuardMiddleware

HERE = Path(__file__).parent
NAV = [("/", "Documents"), ("/actors", "Actors"), ("/timeline", "Timeline"), ("/network", "Network"),
       ("/map", "Map"), ("/search", "Search")]


class StoreProvider:
    """One read-only store connection per thread, all closed together."""

    def __init__(self, db: str | Path) -> None:
        self.db = str(db)
        self._local = threading.local()
        self._all: list[Store] = []
        self._lock = threading.Lock()
        with self.connect():  # fail now, with the store's message, rather than on the first request
            pass

    def get(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.db, read_only=not self.db.startswith(("postgres://", "postgresql://")))
            self._local.store = store
            with self._lock:
                self._all.append(store)
        return store

    @contextmanager
    def connect(self) -> Iterator[Store]:
        yield self.get()

    def close(self) -> None:
        with self._lock:
            for store in self._all:
                try:
                    store.close()
                except Exception:
                    pass
            self._all.clear()


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.globals["nav"] = NAV
    return env


def render(request: Request, template: str, context: dict[str, Any], status_code: int = 200) -> Response:
    templates: Jinja2Templates = request.app.state.templates
    ctx = {"has_ask": optional.has_ask(), "title": "", **context}
    return templates.TemplateResponse(request, template, ctx, status_code=status_code)


def store_of(request: Request) -> Store:
    provider: StoreProvider = request.app.state.stores
    return provider.get()


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) else "internal error"
    if "text/html" not in request.headers.get("accept", "text/html") and request.url.path.startswith("/static"):
        return Response(str(detail), status_code=status, media_type="text/plain")
    return render(request, "error.html", {"status": status, "detail": detail, "title": f"{status}"},
                  status_code=status)


async def _store_error(request: Request, exc: Exception) -> Response:
    return render(request, "error.html", {"status": 503, "detail": str(getattr(exc, "message", exc)),
                                          "title": "store error"}, status_code=503)


def _lifespan(stores: StoreProvider) -> Any:
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        stores.close()

    return lifespan


def create_app(db: str | Path, *, token: str | None = None) -> Starlette:
    """The explorer over the store at ``db`` (opened read-only); ``token`` guards every request."""
    from .views import routes

    stores = StoreProvider(db)
    app = Starlette(
        routes=[*routes(), Mount("/static", app=StaticFiles(directory=str(HERE / "static")), name="static")],
        middleware=[Middleware(GuardMiddleware, token=token)],
        exception_handlers={HTTPException: _http_error, StoreError: _store_error, 500: _http_error},
        lifespan=_lifespan(stores),
    )
    app.state.stores = stores
    app.state.templates = Jinja2Templates(env=_environment())
    app.state.db = str(db)
    return app


def page_not_found(detail: str) -> HTTPException:
    return HTTPException(status_code=404, detail=detail)


__all__ = ["HTMLResponse", "StoreProvider", "create_app", "page_not_found", "render", "store_of"]
