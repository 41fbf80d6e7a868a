"""Who receives the minutes (紀要分送), how many copies, and the 份號 of every classified copy.

The 紀要分送 sheet decides; when it has no row for this meeting the defaults of the standard
workflow (the seed, 《會議紀要》分送范圍) apply for 書記會, 常委會 and 黨政聯席會. Classified
copies are numbered consecutively from 份號起始 in list order, one 份號 per copy.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import t
from ..model import Meeting
from . import per_meeting

SHEET = "紀要分送"
# Meetings the seed says are minuted but gives no distribution for: an empty sheet deserves a warning.
MINUTES_WITHOUT_DEFAULT = ("全體會議",)
ARCHIVE = "存檔"

# The seed's 《會議紀要》分送范圍: groups are separated by ， in the 分送 line, names in a group by 、.
_LEADERS = ("區四套班子領導",)
_OFFICES = ("區人大辦", "政府辦", "政協辦")
DEFAULTS: dict[str, tuple[tuple[str, ...], ...]] = {
    "書記會": (_LEADERS, _OFFICES, ("相關單位",), (ARCHIVE,)),
    "常委會": (_LEADERS, _OFFICES, ("區委各部委辦局", "各有關單位"), (ARCHIVE,)),
    "黨政聯席會": (_LEADERS, _OFFICES, ("各普發單位",), (ARCHIVE,)),
}


@dataclass(frozen=True)
class Recipient:
    """One line of the distribution list."""

    name: str
    copies: int
    secret: str  # "" | 秘密 | 機密
    group: int  # recipients of one group share a clause of the 分送 line
    first: int | None = None  # first and last 份號 of its copies (classified copies only)
    last: int | None = None
    row: int | None = None  # Excel row in 紀要分送, None for a default
    fixed: bool = False  # a default: wording converted for 簡體 meetings, unlike names staff typed

    @property
    def archive(self) -> bool:
        return self.name == ARCHIVE

    def numbers(self) -> list[int]:
        return list(range(self.first, self.last + 1)) if self.first is not None else []


@dataclass(frozen=True)
class Distribution:
    kind: str  # the 會議類型 the list is for
    source: str  # sheet | default | none
    recipients: tuple[Recipient, ...]

    @property
    def copies(self) -> int:
        return sum(r.copies for r in self.recipients)

    @property
    def numbered(self) -> tuple[Recipient, ...]:
        return tuple(r for r in self.recipients if r.first is not None)

    @property
    def secret(self) -> str:
        """The highest classification among the copies (機密 over 秘密)."""
        levels = {r.secret for r in self.recipients}
        return "機密" if "機密" in levels else ("秘密" if "秘密" in levels else "")

    @property
    def first(self) -> int | None:
        return self.numbered[0].first if self.numbered else None

    @property
    def last(self) -> int | None:
        return self.numbered[-1].last if self.numbered else None

    def line(self, script: str = "繁體") -> str:
        """The 分送 line of the 版記: groups joined by ，, names in a group by 、, ending in 。 (存檔 left out)."""
        groups: dict[int, list[str]] = {}
        for r in self.recipients:
            if r.archive:
                continue
            groups.setdefault(r.group, []).append(t(r.name, script) if r.fixed else r.name)
        if not groups:
            return ""
        return "，".join("、".join(names) for names in groups.values()) + "。"


def _applicable(meeting: Meeting):
    kind = meeting.setting("會議類型", "")
    rows = meeting.table(SHEET)
    return kind, rows, [r for r in rows if not r.get("紀要類型") or r.get("紀要類型") == kind]


@per_meeting
def plan(meeting: Meeting) -> Distribution:
    """The distribution list with copy numbers (pure: same meeting, same list)."""
    kind, rows, chosen = _applicable(meeting)
    default_secret = meeting.setting("密級", "")
    entries: list[tuple[str, int, str, int, int | None, bool]] = []
    if chosen:
        source = "sheet"
        for i, r in enumerate(chosen):
            name = str(r.get("分送對象", "")).strip()
            if name:
                entries.append((name, max(1, r.get("份數", 1) or 1), r.get("密級") or default_secret, i, r.row, False))
    elif kind in DEFAULTS:
        source = "default"
        for g, names in enumerate(DEFAULTS[kind]):
            for name in names:
                entries.append((name, 1, default_secret, g, None, True))
    else:
        source = "none"
    number = meeting.setting("份號起始", 1) or 1
    recipients = []
    for name, copies, secret, group, row, fixed in entries:
        first = last = None
        if secret:
            first, last = number, number + copies - 1
            number = last + 1
        recipients.append(Recipient(name, copies, secret, group, first, last, row, fixed))
    return Distribution(kind, source, tuple(recipients))


def check(meeting: Meeting, report) -> None:
    """Copies below 1, repeated recipients, and a list that would come out empty."""
    sheet = t(SHEET, meeting.script)
    kind, rows, chosen = _applicable(meeting)
    applies = {id(r) for r in chosen}
    seen: dict[str, int] = {}
    for r in rows:
        copies = r.get("份數")
        if copies is not None and copies < 1:
            report.error("bad_copies", sheet, r.row, "份數", copies, "份數應為 1 或以上。不分送時請刪除這一行。")
        name = str(r.get("分送對象", "")).strip()
        if id(r) in applies and name:
            if name in seen:
                report.warning("duplicate_recipient", sheet, r.row, "分送對象", name,
                               "「{name}」與第{other}行重複，會收到兩次。如是同一對象請合併為一行並填寫份數。",
                               name=name, other=seen[name])
            seen.setdefault(name, r.row)
    if rows and not chosen:
        report.warning("no_distribution_for_kind", sheet, rows[0].row, "紀要類型", rows[0].get("紀要類型"),
                       "「紀要分送」表沒有適用於會議類型「{kind}」的行（紀要類型空白或等於「{kind}」的行才適用）。"
                       "{fallback}", kind=kind or "其他",
                       fallback="已按標準流程的默認分送範圍處理。" if kind in DEFAULTS else "會議紀要將沒有分送對象。")
    elif not rows and kind in MINUTES_WITHOUT_DEFAULT:
        report.warning("no_distribution", sheet, None, None, None,
                       "會議類型「{kind}」沒有默認的紀要分送範圍，「紀要分送」表也是空的。如需印發會議紀要，"
                       "請在「紀要分送」表填寫分送對象和份數。", kind=kind)
