"""The workbook's contract: sheets, columns, value types, allowed values and aliases.

Names are written in traditional script; simplified forms are derived with
OpenCC (see `aliases`) so staff may type either. A new sheet is one entry in
SHEETS; a new setting is one entry in SETTINGS.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .text import to_simplified

# 56 official ethnic group names (without the trailing 族, added on output).
ETHNIC_GROUPS = (
    "漢 蒙古 回 藏 維吾爾 苗 彝 壯 布依 朝鮮 滿 侗 瑤 白 土家 哈尼 哈薩克 傣 黎 傈僳 佤 畬 高山 拉祜 水 "
    "東鄉 納西 景頗 柯爾克孜 土 達斡爾 仫佬 羌 布朗 撒拉 毛南 仡佬 錫伯 阿昌 普米 塔吉克 怒 烏孜別克 "
    "俄羅斯 鄂溫克 德昂 保安 裕固 京 塔塔爾 獨龍 鄂倫春 赫哲 門巴 珞巴 基諾"
).split()
ETHNIC_NAMES = tuple(g + "族" for g in ETHNIC_GROUPS)

MEETING_TYPES = ("黨代會", "全體會議", "書記會", "常委會", "黨政聯席會", "現場會", "接待",
                 "全區性大會", "工作會", "研討會", "座談會", "匯報會", "分管書記會議", "預備會", "其他")
CATEGORIES = ("出席", "列席", "特邀", "工作人員")
YES_NO = ("是", "否")


@dataclass(frozen=True)
class Column:
    """One column of a table sheet.

    type: text | name | int | phone | code | datetime | date | time | bool |
    gender | ethnic | choice | list
    """

    name: str
    type: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    default: object = None
    help: str = ""
    example: str = ""
    aliases: tuple[str, ...] = ()
    width: int = 12


@dataclass(frozen=True)
class Sheet:
    """A sheet: a table (one row a record) or settings (項目 | 內容)."""

    name: str
    columns: tuple[Column, ...]
    required: bool = False
    settings: bool = False
    help: str = ""
    key_column: str = ""  # the column that tells where the header row is
    aliases: tuple[str, ...] = ()

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


@dataclass(frozen=True)
class Setting:
    """One row of a settings sheet (會議 or 會場)."""

    name: str
    type: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    default: object = None
    help: str = ""
    example: str = ""
    sheet: str = "會議"
    aliases: tuple[str, ...] = field(default=())


C = Column
S = Setting

SETTINGS: tuple[Setting, ...] = (
    # issue 2: the meeting itself
    S("會議名稱", required=True, help="會議的正式名稱", example="中共示範區委全體（擴大）會議"),
    S("會議類型", "choice", choices=MEETING_TYPES, default="其他", help="決定工作流程和紀要分送範圍", example="全體會議"),
    S("主辦單位", help="主辦或承辦單位", example="中共示範區委辦公室"),
    S("開始時間", "datetime", help="會議開始的日期和時間", example="2026-12-18 09:00"),
    S("結束時間", "datetime", help="會議結束的日期和時間", example="2026-12-18 17:30"),
    S("地點", help="會場", example="區行政中心一號會議室"),
    S("報到時間", "datetime", help="報到開始時間", example="2026-12-17 14:00"),
    S("報到地點", help="報到處", example="示範區賓館大堂"),
    S("聯繫人", help="會務組聯繫人", example="李明"),
    S("聯繫電話", "phone", help="會務組電話", example="0571-88886666"),
    S("名單排序", "choice", choices=("原順序", "姓氏筆畫", "職級"), default="原順序",
      help="所有名單的排列方法：原順序＝按本表順序；姓氏筆畫；職級＝按職級序號", example="姓氏筆畫"),
    S("筆畫依據", "choice", choices=("規範字", "原字"), default="規範字",
      help="姓氏筆畫排序時，繁體姓名按規範字（簡化字）筆畫，或按原字筆畫（港澳台習慣）", example="規範字"),
    S("座次慣例", "choice", choices=("左為上", "右為上"), default="左為上",
      help="主席台排座：黨政會議左為上，涉外商務右為上", example="左為上"),
    S("文字", "choice", choices=("繁體", "簡體"), default="", help="文件與提示使用的文字；空白時按工作簿自動判斷",
      example="繁體"),
    S("桌簽字號", "int", default=120, help="桌簽姓名字號（磅），72–155", example="120"),
    S("桌簽字體", "choice", choices=("黑體", "宋體", "楷體", "華文新魏", "方正小標宋簡體"), default="黑體",
      help="桌簽姓名字體", example="楷體"),
    S("顯示手機", "bool", default=False, help="會務手冊中是否顯示完整手機號（否＝138****0000）", example="否"),
    # issue 4: logistics
    S("接站時間窗", "int", default=60, help="同一站點多少分鐘內到達的人員合為一組接站", example="60"),
    S("站點行程", help="各站點到酒店的分鐘數", example="高鐵站:40,機場:60"),
    S("單間職級", "int", help="職級序號小於或等於此數的人員安排單間", example="3"),
    S("餐券方式", "choice", choices=("每餐", "每天"), default="每餐", help="每餐一張或每天一張餐券", example="每餐"),
    S("出席證版式", "choice", choices=("A4四張", "胸卡"), default="A4四張", help="出席證排版", example="A4四張"),
    # issue 5: official documents
    S("發文機關", help="發文機關全稱，用於落款", example="中共示範區委辦公室"),
    S("發文字號", help="發文字號", example="區委辦〔2026〕12號"),
    S("主送機關", help="通知的主送機關", example="各鎮黨委，區委各部委辦局"),
    S("成文日期", "date", help="落款日期", example="2026-12-01"),
    S("回執截止時間", "datetime", help="回執報送截止時間", example="2026-12-10 17:00"),
    S("回執報送", help="回執報送方式和地點", example="傳真至0571-88886667，或發送至hw@example.gov.cn"),
    S("密級", "choice", choices=("", "秘密", "機密"), default="", help="空白、秘密或機密", example=""),
    S("保密期限", help="保密期限，如1年", example="1年"),
    S("份號起始", "int", default=1, help="份號從此數開始連續編號", example="1"),
    S("會議須知", help="會議須知全文；空白時按標準流程生成", example=""),
    # issue 7: the 會務 workflow
    S("流程文件夾", help="本單位自己的會務流程文件（.toml）所在文件夾，相對路徑從運行 huiwu 的文件夾算起；空白＝使用內置流程",
      example=""),
    S("參會範圍", help="通知中「參會人員」一段的文字；空白時按名單中的單位生成", example="區委委員、候補委員，各鎮（街道）黨（工）委書記"),
    S("紀要期號", help="會議紀要的期號", example="第12期"),
    # issue 3: the venue (sheet 會場)
    S("主席台排數", "int", sheet="會場", help="主席台排數（默認按主席台列）", example="2"),
    S("主席台每排座位數", "list", sheet="會場", help="每排座位數，逗號分隔", example="9,11"),
    S("台下排數", "int", sheet="會場", help="台下座位排數", example="10"),
    S("台下每排座位數", "list", sheet="會場", help="一個數或每排一個數", example="20,20,22"),
    S("過道", "list", sheet="會場", help="在這些座位號之後是過道", example="6,16"),
    S("預留排", "list", sheet="會場", help="空出不排座的排號", example="1"),
    S("台下排序", "choice", sheet="會場", choices=("按單位", "按名單"), default="按單位", help="台下排座方法", example="按單位"),
    S("台下座號", "choice", sheet="會場", choices=("順序", "單雙號"), default="順序",
      help="座號從左到右順序編號，或單雙號（中間向兩側）", example="單雙號"),
    S("宴會每桌人數", "int", sheet="會場", default=10, help="宴會每桌人數", example="10"),
    S("宴會座次慣例", "choice", sheet="會場", choices=("右為上", "左為上"), default="右為上", help="宴會桌次座次慣例",
      example="右為上"),
)

PEOPLE = "參會人員"
MEETING = "會議"
VENUE = "會場"

SHEETS: tuple[Sheet, ...] = (
    Sheet(MEETING, (C("項目", width=16), C("內容", width=50)), required=True, settings=True,
          help="會議基本信息和設定，每行一項"),
    Sheet(PEOPLE, (
        C("編號", "code", help="每人固定編號，修改名單時不變；空白由系統分配", example="A001", width=8),
        C("單位", help="工作單位（合併單元格可以）", example="示範區發展改革局", width=22),
        C("姓名", "name", required=True, help="姓名；兩字姓名不要加空格", example="王芳", width=10),
        C("職務", help="職務", example="局長", width=18),
        C("職級序號", "int", help="1＝職級最高；用於主席台、職級排序", example="12", width=8),
        C("性別", "gender", help="男或女", example="女", width=6),
        C("民族", "ethnic", help="56個民族之一，可不寫「族」", example="回族", width=8),
        C("類別", "choice", choices=CATEGORIES, default="出席", help="出席、列席、特邀或工作人員", example="出席", width=8),
        C("手機", "phone", help="11位手機號", example="13800138000", width=14),
        C("到達方式", "choice", choices=("飛機", "火車", "自駕", "其他"), help="飛機、火車、自駕或其他", example="飛機", width=8),
        C("航班車次", "code", help="航班號或車次", example="CA1234", width=10),
        C("到達時間", "datetime", help="到達日期和時間", example="2026-12-17 15:30", width=17),
        C("到達站點", help="機場或車站", example="機場", width=10),
        C("需接站", "bool", default=False, help="是或否", example="是", width=7),
        C("返程方式", "choice", choices=("飛機", "火車", "自駕", "其他"), help="飛機、火車、自駕或其他", example="火車", width=8),
        C("返程航班車次", "code", help="返程航班號或車次", example="G1234", width=10),
        C("返程時間", "datetime", help="返程出發日期和時間", example="2026-12-18 19:05", width=17),
        C("返程站點", help="返程機場或車站", example="高鐵站", width=10),
        C("需送站", "bool", default=False, help="是或否", example="是", width=7),
        C("住宿", "bool", default=False, help="是或否", example="是", width=6),
        C("入住日期", "date", help="入住日期", example="2026-12-17", width=11),
        C("離店日期", "date", help="離店日期", example="2026-12-18", width=11),
        C("房型", "choice", choices=("單間", "標間"), help="單間或標間", example="標間", width=7),
        C("房號", "code", help="指定房號（可空）", example="", width=8),
        C("飲食", "choice", choices=("清真", "素食"), help="清真、素食或空白", example="", width=7),
        C("就餐", "text", help="只在這些餐次就餐（空白＝全部）", example="17日晚,18日午", width=14),
        C("主席台", "int", help="在主席台就座時填排號 1、2…，否則空白", example="", width=7),
        C("出席情況", "choice", choices=("出席", "請假"), help="請假時填「請假」，代會人寫在備註", example="", width=8),
        C("備註", help="其他說明", example="", width=20),
    ), required=True, key_column="姓名", help="每人一行"),
    Sheet(VENUE, (C("項目", width=16), C("內容", width=30)), settings=True, help="會場座位設定（可選）"),
    Sheet("議程", (
        C("日期", "date", example="2026-12-18", width=11), C("開始時間", "time", example="09:00", width=9),
        C("結束時間", "time", example="10:30", width=9), C("內容", required=True, example="開幕式", width=30),
        C("地點", example="一號會議室", width=16), C("主持人", example="張偉", width=10),
        C("參加人員", example="全體參會人員", width=20),
    ), key_column="內容", help="會議日程和議程（可選）"),
    Sheet("單位排序", (C("單位", required=True, width=24), C("序號", "int", required=True, width=8)),
          key_column="單位", help="單位的固定排列順序（可選）"),
    Sheet("座次", (
        C("編號", "code", width=8), C("姓名", "name", width=10),
        C("區域", "choice", choices=("主席台", "台下", "宴會"), required=True, width=8),
        C("排", "int", width=6), C("桌", "int", width=6), C("座", "int", required=True, width=6),
    ), key_column="區域", help="手工指定的座位（可選）"),
    Sheet("房間", (
        C("酒店", width=16), C("房號", "code", required=True, width=8),
        C("房型", "choice", choices=("單間", "標間"), required=True, width=7),
        C("樓層", "int", width=6), C("床位數", "int", width=7), C("備註", width=20),
    ), key_column="房號", help="可用房間（可選）"),
    Sheet("車輛", (
        C("車號", "int", required=True, width=6), C("車牌", width=12), C("車型", width=10),
        C("座位數", "int", required=True, width=7), C("司機", width=10), C("司機電話", "phone", width=14),
        C("用途", "choice", choices=("接送站", "會議用車", "參觀"), default="接送站", width=10),
    ), key_column="車號", help="會議用車（可選）"),
    Sheet("就餐", (
        C("日期", "date", required=True, width=11),
        C("餐次", "choice", choices=("早餐", "午餐", "晚餐"), required=True, width=7),
        C("地點", width=16), C("形式", "choice", choices=("桌餐", "自助"), default="自助", width=7),
        C("每桌人數", "int", width=8), C("標準", width=10), C("備註", width=20),
    ), key_column="餐次", help="就餐安排（可選）"),
    Sheet("紀要分送", (
        C("紀要類型", width=12), C("分送對象", required=True, width=30), C("份數", "int", default=1, width=6),
        C("密級", "choice", choices=("秘密", "機密"), width=7),
    ), key_column="分送對象", help="會議紀要分送範圍（可選；空白按會議類型默認）"),
    Sheet("工作人員", (
        C("姓名", "name", required=True, width=10), C("崗位", required=True, width=10), C("手機", "phone", width=14),
    ), key_column="姓名", help="會務組工作人員（可選）"),
)

SHEETS_BY_NAME = {s.name: s for s in SHEETS}
SETTINGS_BY_NAME = {s.name: s for s in SETTINGS}


def settings_of(sheet: str) -> tuple[Setting, ...]:
    return tuple(s for s in SETTINGS if s.sheet == sheet)


def aliases(name: str, extra: tuple[str, ...] = ()) -> set[str]:
    """Every spelling accepted for a sheet, column or setting name."""
    forms = {name, to_simplified(name), *extra, *(to_simplified(e) for e in extra)}
    # 台/臺: both are common in traditional writing (主席臺).
    forms |= {f.replace("台", "臺") for f in forms}
    return forms
