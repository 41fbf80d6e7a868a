"""Document kinds: one module each, found by name.

A kind module defines
    KIND      the English key used by --only and manifest.json
    TITLE     its Chinese name, in traditional script
    FILENAME  the output file name, in traditional script (converted for 簡體 meetings)
    READS     the sheets (and `會議.設定` settings) whose change rebuilds it
    TEMPLATES the template files it reads, if any
    render(ctx) -> dict[relative path, bytes]

Per-item kinds (plates, badges, tickets, door labels, sign boards: whatever is
printed once per person, room or group) also define
    pages(ctx) -> dict[key, str]
        one entry per printed item, in print order: a stable key (the person's
        編號, a room number, a group id) and every piece of text printed on it;
        the reprint pack (補打/) compares these between builds
    render(ctx, keys=None)
        with `keys`, the same file holding only those items
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from types import ModuleType


@dataclass(frozen=True)
class Kind:
    key: str
    title: str
    filename: str
    reads: tuple[str, ...]
    templates: tuple[str, ...]
    module: ModuleType

    def render(self, ctx, keys=None) -> dict[str, bytes]:
        if keys is None:
            return self.module.render(ctx)
        return self.module.render(ctx, keys=keys)

    @property
    def per_item(self) -> bool:
        return hasattr(self.module, "pages")


_KINDS: dict[str, Kind] | None = None


def kinds() -> dict[str, Kind]:
    """Every document kind, in the order of the print pack."""
    global _KINDS
    if _KINDS is None:
        found = []
        for info in pkgutil.iter_modules(__path__):
            if info.name.startswith("_"):
                continue
            mod = importlib.import_module(f"{__name__}.{info.name}")
            if hasattr(mod, "KIND"):
                found.append((getattr(mod, "ORDER", 100), mod.KIND, mod))
        _KINDS = {
            key: Kind(key, mod.TITLE, mod.FILENAME, tuple(mod.READS), tuple(getattr(mod, "TEMPLATES", ())), mod)
            for _, key, mod in sorted(found, key=lambda f: (f[0], f[1]))
        }
    return _KINDS
