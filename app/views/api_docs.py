"""`/docs`: the OpenAPI schema as a plain server-rendered page.

Not Swagger UI: that loads scripts from a CDN and needs inline script, which the site's
Content-Security-Policy forbids. `document` turns `app.openapi()` into plain data (pure, so
it is tested without a server); the template only loops and prints, autoescaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from app.http.rules import NONE, READER, page
from app.views.i18n import N_, interface
from app.views.responses import html, render

router = APIRouter()
OPENAPI_URL = "/openapi.json"
_REF = "#/components/schemas/"
_METHODS = ("get", "head", "post", "put", "patch", "delete", "options")

#: Words of the schema the page translates: its title, tag and parameter places. (Its
#: descriptions and type expressions are shown as the schema writes them, marked English.)
SCHEMA_WORDS = (N_("Canvas viewer"), N_("JSON API"), N_("path"), N_("query"), N_("header"))

#: A type as (text, link) parts: `list of ` + (`Claim`, `#schema-Claim`).
TypeParts = tuple[tuple[str, str | None], ...]


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    where: str  # path | query | header | cookie
    required: bool
    type: TypeParts
    description: str


@dataclass(frozen=True, slots=True)
class FieldDoc:
    name: str
    type: TypeParts
    required: bool
    description: str


@dataclass(frozen=True, slots=True)
class DocResponse:
    status: str
    description: str
    media_type: str | None
    type: TypeParts


@dataclass(frozen=True, slots=True)
class Model:
    name: str
    id: str  # the element id its type links point to
    description: str
    fields: tuple[FieldDoc, ...]


@dataclass(frozen=True, slots=True)
class Operation:
    id: str
    method: str
    path: str
    summary: str
    description: str
    params: tuple[Param, ...]
    answers: tuple[DocResponse, ...]
    body: Model | None  # the fields of the success answer's model


@dataclass(frozen=True, slots=True)
class OperationGroup:
    tag: str
    operations: tuple[Operation, ...]


@dataclass(frozen=True, slots=True)
class ApiDocument:
    title: str
    version: str
    openapi_url: str
    groups: tuple[OperationGroup, ...]
    models: tuple[Model, ...]


def document(schema: dict[str, Any], openapi_url: str = OPENAPI_URL) -> ApiDocument:
    """Every operation in the schema, grouped by first tag (untagged last), and every model."""
    components: dict[str, Any] = schema.get("components", {}).get("schemas", {})
    models = {name: _model(name, spec) for name, spec in components.items()}
    groups: dict[str, list[Operation]] = {}
    for path, item in schema.get("paths", {}).items():
        for method in _METHODS:
            if method in item:
                op = _operation(method, path, item[method], models)
                groups.setdefault((item[method].get("tags") or ["Other"])[0], []).append(op)
    ordered = sorted(groups.items(), key=lambda g: g[0] == "Other")  # stable: schema order
    info = schema.get("info", {})
    return ApiDocument(
        title=str(info.get("title", "API")),
        version=str(info.get("version", "")),
        openapi_url=openapi_url,
        groups=tuple(OperationGroup(tag, tuple(ops)) for tag, ops in ordered),
        models=tuple(models.values()),
    )


def _operation(method: str, path: str, spec: dict[str, Any], models: dict[str, Model]) -> Operation:
    params = tuple(
        Param(
            name=str(p.get("name", "")),
            where=str(p.get("in", "")),
            required=bool(p.get("required")),
            type=type_parts(p.get("schema", {})),
            description=str(p.get("description") or p.get("schema", {}).get("description", "")),
        )
        for p in spec.get("parameters", [])
    )
    answers = []
    body: Model | None = None
    for status, answer in spec.get("responses", {}).items():
        contents: dict[str, dict[str, Any]] = answer.get("content", {})
        media_type, content = next(iter(contents.items()), (None, {}))
        shape = content.get("schema", {})
        answers.append(
            DocResponse(
                str(status), str(answer.get("description", "")), media_type, type_parts(shape)
            )
        )
        if body is None and str(status).startswith("2"):
            body = models.get(_model_name(shape.get("items", shape)) or "")
    return Operation(
        id=f"op-{spec.get('operationId') or f'{method}-{path}'}",
        method=method.upper(),
        path=path,
        summary=str(spec.get("summary", "")),
        description=str(spec.get("description", "")),
        params=params,
        answers=tuple(answers),
        body=body,
    )


def _model(name: str, spec: dict[str, Any]) -> Model:
    required = set(spec.get("required", []))
    return Model(
        name=name,
        id=model_id(name),
        description=str(spec.get("description", "")),
        fields=tuple(
            FieldDoc(field, type_parts(prop), field in required, str(prop.get("description", "")))
            for field, prop in spec.get("properties", {}).items()
        ),
    )


def model_id(name: str) -> str:
    return f"schema-{name}"


def _model_name(spec: dict[str, Any]) -> str | None:
    ref = spec.get("$ref", "")
    return ref.removeprefix(_REF) if ref.startswith(_REF) else None


def type_parts(spec: dict[str, Any]) -> TypeParts:
    """A JSON Schema type as a reader says it: `list of Claim`, `string or null`."""
    name = _model_name(spec)
    if name:
        return ((name, f"#{model_id(name)}"),)
    for combinator in ("anyOf", "oneOf"):
        if combinator in spec:
            parts: list[tuple[str, str | None]] = []
            for n, option in enumerate(spec[combinator]):
                if n:
                    parts.append((" or ", None))
                parts.extend(type_parts(option))
            return tuple(parts)
    if "enum" in spec:
        return (("one of " + ", ".join(map(str, spec["enum"])), None),)
    if "const" in spec:
        return ((f"exactly {spec['const']}", None),)
    kind = spec.get("type")
    if kind == "array":
        return (("list of ", None), *type_parts(spec.get("items", {})))
    if not kind:
        return (("any", None),)
    text = str(kind)
    if "pattern" in spec:
        text += f" matching {spec['pattern']}"
    if "minimum" in spec:
        text += f" ≥ {spec['minimum']}"
    if "maximum" in spec:
        text += f" ≤ {spec['maximum']}"
    return ((text, None),)


@router.api_route(OPENAPI_URL, methods=["GET", "HEAD"], include_in_schema=False)
@page(NONE)
def openapi(request: Request) -> JSONResponse:
    """The schema (FastAPI builds it once and keeps it)."""
    return JSONResponse(request.app.openapi())


@router.api_route("/docs", methods=["GET", "HEAD"], include_in_schema=False)
@page(READER)
def api_docs(request: Request) -> Response:
    """Rendered per request (a few ms; `app.openapi()` caches the schema itself)."""
    doc = document(request.app.openapi(), OPENAPI_URL)
    return html(render(request, "api_docs.html", interface(request), doc=doc))
