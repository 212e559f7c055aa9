"""Command modules beyond the core ones in :mod:`sourcetrace.cli`.

Each module here defines ``register(app)``, which adds its commands to the Typer app;
:func:`load` calls every one, in name order.  Commands stay thin: they call the library
and turn :class:`~sourcetrace.errors.SourcetraceError` into one ``Error …`` line.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any


def load(app: Any) -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)
