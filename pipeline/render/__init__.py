"""Document kinds: one module each, found by name.

A kind module defines
    KIND      the English key used by --only and manifest.json
    TITLE     its Chinese name, in traditional script
    FILENAME  the output file name, in traditional script (converted for 簡體 meetings)
    READS     the sheets, columns (`參會人員.姓名`), settings (`會議.地點`) and plans
              (`plan:rooms`: the plan module's fingerprint) whose change rebuilds it
    TEMPLATES the template files it reads, if any
    PLANS     the planners whose results it draws from (ctx.plan), () for none: a kind
              drawing from none starts before the planners' checks (see workers.Renderers);
              a name left out costs time, never a wrong file (the worker then plans anew)
    render(ctx) -> dict[relative path, bytes]

A kind that reads whole sheets but prints little of them (a one-page checklist, a
handbook whose template prints six of thirty columns) may also define
    content(ctx) -> value
        everything its file is made from, cheaper than rendering; render(ctx)
        must depend on nothing else (besides templates, script and code). When
        READS changed but the content did not, the build keeps the file.

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

    @property
    def needs_plans(self) -> bool:
        """It asks for a plan (PLANS, see above): it cannot start before the planners' checks."""
        return getattr(self.module, "PLANS", None) != ()

    @property
    def fills_word_templates(self) -> bool:
        """It renders Word templates (with Jinja, which the build loads before its workers fork)."""
        return any(name.endswith(".docx") for name in self.templates)

    @property
    def decided_by_plans(self) -> bool:
        """It READS a plan's fingerprint: whether it is rebuilt is known only once that plan is made."""
        return any(r.startswith("plan:") for r in self.reads)

    def render(self, ctx, keys=None) -> dict[str, bytes]:
        if keys is None:
            return self.module.render(ctx)
        return self.module.render(ctx, keys=keys)

    @property
    def summarised(self) -> bool:
        return hasattr(self.module, "content")

    def content(self, ctx):
        return ctx.memo("content:" + self.key, lambda: self.module.content(ctx))

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
