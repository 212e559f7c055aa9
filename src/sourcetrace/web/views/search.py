"""Full-text search over documents, statements and events, and the ``ask`` box when the query API has it."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ...errors import SourcetraceError
from .. import data, optional
from ..app import render, store_of

MAX_QUERY = 500


def search(request: Request) -> Response:
    q = (request.query_params.get("q") or "")[:MAX_QUERY]
    results = data.search(store_of(request), q) if q.strip() else None
    return render(request, "search.html", {"q": q, "results": results, "title": "Search"})


def ask(request: Request) -> Response:
    q = (request.query_params.get("q") or "")[:MAX_QUERY]
    answer, error = None, None
    if not optional.has_ask():
        error = "this installation's query API has no 'ask' yet"
    elif q.strip():
        try:
            answer = optional.ask(store_of(request), q)
        except SourcetraceError as exc:
            error = exc.message
        except Exception as exc:  # the answerer is another module's code: show its failure, keep the page
            error = f"the question could not be answered ({type(exc).__name__})"
    return render(request, "ask.html", {"q": q, "answer": answer, "error": error, "title": "Ask"})


ROUTES = [Route("/search", search, name="search"), Route("/ask", ask, name="ask")]
