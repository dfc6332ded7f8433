"""Building blocks of the OpenAPI document and the registry through which each capability adds its own paths.

The document is served by cms.api.schema. search/ and embeddings/ describe the endpoints they mount (from their
own response shapes) and register them in AppConfig.ready(), so the CMS never imports them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, get_args, get_origin, get_type_hints

from cms.api.problems import PROBLEM_SCHEMA
from identifiers import LANGUAGES

# An empty value is accepted and means "not given" (an HTML form's "no choice"); any other value outside the six
# UN languages is a 400 naming the parameter and its values (cms.api.params).
LANG = {"name": "lang", "in": "query", "required": False, "schema": {"type": "string", "enum": [*LANGUAGES, ""]},
        "description": f"One of {', '.join(LANGUAGES)}. Empty is the same as absent; any other value is a 400."}
ERROR = PROBLEM_SCHEMA

PathsProvider = Callable[[], dict[str, dict]]
_providers: dict[str, PathsProvider] = {}


def register_paths(name: str, provider: PathsProvider) -> None:
    """Add a capability's paths to the document (idempotent per name)."""
    _providers[name] = provider


def registered_paths() -> dict[str, dict]:
    paths: dict[str, dict] = {}
    for provider in _providers.values():
        paths.update(provider())
    return paths


def query_param(name: str, schema: dict, description: str = "", required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "schema": schema, "description": description}


def path_param(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def json_response(schema: dict, description: str) -> dict:
    media = "application/problem+json" if schema is PROBLEM_SCHEMA else "application/json"
    return {"description": description, "content": {media: {"schema": schema}}}


_JSON_TYPES = {str: "string", int: "integer", float: "number", bool: "boolean", list: "array", dict: "object"}


def object_schema(shape: type, descriptions: dict[str, str] | None = None) -> dict[str, Any]:
    """The JSON schema of a TypedDict: the same class types the response in code and documents it here."""
    properties: dict[str, Any] = {}
    for name, hint in get_type_hints(shape).items():
        types = [t for t in (get_args(hint) or (hint,)) if t is not type(None)]
        json_types = [_JSON_TYPES.get(get_origin(t) or t, "object") for t in types]
        if type(None) in get_args(hint):
            json_types.append("null")
        properties[name] = {"type": json_types[0] if len(json_types) == 1 else json_types}
        if descriptions and name in descriptions:
            properties[name]["description"] = descriptions[name]
    return {"type": "object", "required": sorted(shape.__required_keys__), "properties": properties}
