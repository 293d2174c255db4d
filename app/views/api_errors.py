"""The API's error answers: JSON `{"detail": ...}` with CORS, never echoing the address.

Apart from the API's routes (app.views.api) so the site's error handlers (app.views.errors)
answer the API's addresses in JSON without importing a route module.
"""

from __future__ import annotations

from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from app.views import urls

#: The data is public: every API answer, errors too, may be read by any origin.
CORS = {"access-control-allow-origin": "*"}


def is_api(path: str) -> bool:
    """Whether an address is the API's, so its errors are JSON (see app.views.errors)."""
    return path == urls.API_PREFIX or path.startswith(f"{urls.API_PREFIX}/")


def error(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status, headers=CORS)


def not_found(exc: Exception) -> JSONResponse:
    """Our own routes' message, else a fixed one (Starlette's unmatched-route 404 too)."""
    detail = getattr(exc, "detail", None)
    if not isinstance(detail, str) or detail == "Not Found":
        detail = "There is nothing at this address: /docs lists the API's operations."
    return error(404, detail)


def invalid(exc: RequestValidationError) -> JSONResponse:
    """Names the unreadable parameters, never their values (they came from the address)."""
    names = sorted({str(e["loc"][-1]) for e in exc.errors() if e.get("loc")}) or ["address"]
    return error(422, f"This address has a parameter the API cannot read: {', '.join(names)}.")
