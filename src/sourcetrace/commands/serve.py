"""``sourcetrace serve``: the local web explorer over a store (read-only, offline)."""

from __future__ import annotations

import ipaddress
import secrets
from typing import Any

import typer

from ..errors import SourcetraceError


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_exposure(host: str, token: str | None) -> None:
    """Refuse to listen beyond loopback without a token."""
    if not is_loopback(host) and not token:
        raise SourcetraceError(
            f"--host {host} exposes the explorer beyond this machine; pass --token (e.g. --token "
            f"{secrets.token_urlsafe(16)}) or keep the default --host 127.0.0.1")


def register(app: Any) -> None:
    @app.command()
    def serve(
        db: str = typer.Option("sourcetrace.db", "--db", help="Store to explore (opened read-only)."),
        host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; beyond loopback needs --token."),
        port: int = typer.Option(8000, "--port", help="Port to listen on."),
        token: str | None = typer.Option(None, "--token", envvar="SOURCETRACE_TOKEN",
                                         help="Access token required on every request (Bearer header or cookie)."),
    ) -> None:
        """Open the web explorer over a store: documents, actors, timeline, network, map, search."""
        from ..cli import err, fail

        try:
            check_exposure(host, token)
            from ..web.app import create_app

            web = create_app(db, token=token)
        except SourcetraceError as exc:
            fail(exc)
        except ImportError as exc:
            fail(SourcetraceError(f"the explorer needs its extras ({exc.name} is missing): "
                                  "pip install 'sourcetrace[web]'"))
        import uvicorn

        shown = f"[{host}]" if ":" in host else host
        url = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
        err.print(f"sourcetrace explorer on {url} (Ctrl-C to stop)", markup=False)
        uvicorn.run(web, host=host, port=port, log_level="warning")
