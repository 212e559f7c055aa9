"""Request guards: the access token and the security headers every response carries.

With a token configured, every request must present it: ``Authorization: Bearer T``, or the
``token`` cookie, which ``?token=T`` on any URL sets (the browser is then redirected to the same
URL without it, so the token does not linger in history or logs).  Tokens are compared in
constant time.  The Content-Security-Policy forbids inline script and style: the pages load
only their own files from ``/static``.
"""

from __future__ import annotations

import hmac
from urllib.parse import urlencode

from starlette.datastructures import URL, MutableHeaders
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'; object-src 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}
COOKIE = "token"
STATIC_CACHE = "private, max-age=600"
"""The explorer's own CSS and JS: kept by the browser for ten minutes, so page loads do not wait on them."""


def _same(given: str | None, token: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


class GuardMiddleware:
    """Checks the token (when one is set) and adds the security headers (a plain ASGI middleware)."""

    def __init__(self, app: ASGIApp, token: str | None = None) -> None:
        self.app = app
        self.token = token or None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope.get("path", "").startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                if static and message.get("status") == 200:
                    headers.setdefault("Cache-Control", STATIC_CACHE)
            await send(message)

        refusal = self._check(Request(scope))
        if refusal is not None:
            await refusal(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)

    def _check(self, request: Request) -> Response | None:
        if self.token is None:
            return None
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer ") and _same(auth[7:].strip(), self.token):
            return None
        if _same(request.cookies.get(COOKIE), self.token):
            return None
        if _same(request.query_params.get("token"), self.token):
            rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            target = URL(path=request.url.path, query=urlencode(rest))
            redirect = RedirectResponse(str(target), status_code=303)
            redirect.set_cookie(COOKIE, self.token, httponly=True, samesite="strict", path="/")
            return redirect
        return PlainTextResponse("401 Unauthorized: this explorer needs its access token: open the URL "
                                 "printed by 'sourcetrace serve' (…?token=…) or send 'Authorization: Bearer …'.",
                                 status_code=401, headers={"WWW-Authenticate": "Bearer"})
