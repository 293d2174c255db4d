"""Compiles the interface's message catalogs (app/locales/*/LC_MESSAGES/messages.po) to
the `.mo` files the site reads, whenever the package is built or installed: a wheel, the
Docker image and `pip install -e .` all carry them, and no `.mo` is kept in git."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCatalogs(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        root = Path(self.root)
        for po in sorted(root.glob("app/locales/*/LC_MESSAGES/messages.po")):
            with po.open("rb") as source:
                catalog = read_po(source, locale=po.parts[-3])
            mo = po.with_suffix(".mo")
            with mo.open("wb") as target:
                write_mo(target, catalog)  # fuzzy entries left out, as gettext does
            build_data["artifacts"].append(mo.relative_to(root).as_posix())
