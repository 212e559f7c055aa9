"""The document list and the document view (text with every extracted span highlighted)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .. import data
from ..app import page_not_found, render, store_of


def index(request: Request) -> Response:
    store = store_of(request)
    return render(request, "index.html", {"documents": list(store.documents()), "counts": store.counts(),
                                          "title": "Documents"})


def document(request: Request) -> Response:
    doc_id = request.path_params["doc_id"]
    page = data.document_page(store_of(request), doc_id)
    if page is None:
        raise page_not_found(f"no document with id {doc_id!r} in this store")
    return render(request, "document.html", {"page": page, "kinds": data.KIND_ORDER, "labels": data.KIND_LABELS,
                                             "title": page.document.title or page.document.id})


ROUTES = [Route("/", index, name="index"), Route("/doc/{doc_id}", document, name="document")]
