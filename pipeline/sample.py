"""A fictional meeting for the shipped sample, the tests and the benchmarks (deterministic)."""

from __future__ import annotations

import datetime as dt
import random

from .new import build_workbook

SURNAMES = "王李張劉陳楊黃趙吳周徐孫馬朱胡郭何高林羅鄭梁謝宋唐許韓馮鄧曹彭曾蕭田董袁潘于蔣蔡余杜葉程蘇魏呂丁任沈姚盧姜崔鍾譚陸汪范金石廖賈夏韋付方白鄒孟熊秦邱江尹薛閻段雷侯龍史陶黎賀顧毛郝龔邵萬錢嚴覃武戴莫孔向湯"
GIVEN = "偉芳娜敏靜麗強磊軍洋勇艷傑娟濤明超秀霞平剛桂英華玉蘭紅建國志永春海林波寧東文斌輝鵬飛雲峰宇浩凱晨曉瑞琳穎佳欣雪梅健民"
UNITS = [
    "區委辦公室", "區政府辦公室", "區人大常委會辦公室", "區政協辦公室", "區委組織部", "區委宣傳部",
    "區發展和改革局", "區財政局", "區教育局", "區衛生健康局", "區民族宗教事務局", "東城街道", "西湖鎮",
    "南山鄉", "區公安分局", "區自然資源局",
]
ROSTRUM = [  # (name, unit, title, rank, row)
    ("趙建國", "區委", "區委書記", 1, 1), ("錢志明", "區政府", "區委副書記、區長", 2, 1),
    ("孫海林", "區人大常委會", "區人大常委會主任", 3, 1), ("李秀英", "區政協", "區政協主席", 4, 1),
    ("周文斌", "區委", "區委副書記", 5, 1), ("吳鵬", "區政府", "區委常委、常務副區長", 6, 1),
    ("鄭雲峰", "區紀委監委", "區委常委、區紀委書記、區監委主任", 7, 1),
    ("王芳", "區委組織部", "區委常委、組織部部長", 8, 2), ("馬伊斯哈格", "區委統戰部", "區委常委、統戰部部長", 9, 2),
    ("歐陽曉晨", "區委宣傳部", "區委常委、宣傳部部長", 10, 2), ("阿依古麗·買買提", "區委政法委", "區委常委、政法委書記", 11, 2),
]
TITLES = ["局長", "副局長", "主任", "副主任", "書記", "鎮長", "科長", "副科長", "主任科員", "科員"]
MINORITY = {"馬伊斯哈格": ("回族", "清真"), "阿依古麗·買買提": ("維吾爾族", "清真")}


def _name(rng: random.Random, taken: set[str]) -> str:
    while True:
        given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
        name = rng.choice(SURNAMES) + given
        if name not in taken:
            taken.add(name)
            return name


def meeting_data(people: int = 88, seed: int = 20261218) -> tuple[dict, list[dict], dict]:
    """Settings, people and the other sheets of a 區委全體（擴大）會議 with `people` attendees."""
    rng = random.Random(seed)
    start = dt.datetime(2026, 12, 18, 9, 0)
    settings = {
        "會議名稱": "中共示範區委十屆五次全體（擴大）會議", "會議類型": "全體會議", "主辦單位": "中共示範區委辦公室",
        "開始時間": start, "結束時間": dt.datetime(2026, 12, 18, 17, 30), "地點": "示範區行政中心一號會議室",
        "報到時間": dt.datetime(2026, 12, 17, 14, 0), "報到地點": "示範區賓館一樓大堂", "聯繫人": "李明",
        "聯繫電話": "0571-88886666", "名單排序": "姓氏筆畫", "座次慣例": "左為上", "文字": "繁體",
        "發文機關": "中共示範區委辦公室", "發文字號": "區委辦〔2026〕12號", "主送機關": "各鎮黨委、街道黨工委，區委各部委辦局，區級各部門黨組（黨委）",
        "成文日期": dt.date(2026, 12, 1), "回執截止時間": dt.datetime(2026, 12, 10, 17, 0),
        "回執報送": "傳真至0571-88886667，或發送電子郵件至hwz@example.gov.cn", "份號起始": 1,
        "接站時間窗": 60, "站點行程": "高鐵站:40,機場:60", "單間職級": 11, "餐券方式": "每餐", "出席證版式": "A4四張",
        "主席台排數": 2, "主席台每排座位數": "9,7", "台下排數": max(8, people // 12 + 3), "台下每排座位數": 20,
        "過道": "5,15", "預留排": "1", "台下排序": "按單位", "台下座號": "單雙號", "宴會每桌人數": 10, "宴會座次慣例": "右為上",
    }
    taken = {r[0] for r in ROSTRUM}
    rows: list[dict] = []
    n = 0

    def add(name, unit, title, rank, rostrum=None, category="出席"):
        nonlocal n
        n += 1
        ethnic, diet = MINORITY.get(name, ("漢族", ""))
        if not diet and rng.random() < 0.06:
            ethnic, diet = rng.choice([("回族", "清真"), ("維吾爾族", "清真"), ("蒙古族", ""), ("壯族", ""), ("苗族", "")])
        if not diet and rng.random() < 0.03:
            diet = "素食"
        mode = rng.choice(["飛機", "火車", "火車", "自駕", "自駕"])
        arrival = dt.datetime(2026, 12, 17, rng.randint(8, 20), rng.choice([0, 5, 15, 25, 30, 40, 45, 55]))
        record = {
            "編號": f"D{n:04d}", "單位": unit, "姓名": name, "職務": title, "職級序號": rank, "性別": "女" if rng.random() < 0.3 else "男",
            "民族": ethnic, "類別": category, "手機": f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
            "到達方式": mode, "住宿": "是" if rng.random() < 0.7 else "否", "飲食": diet,
        }
        if name in ("王芳", "李秀英"):
            record["性別"] = "女"
        if mode == "飛機":
            record.update({"航班車次": f"{rng.choice(['CA', 'MU', 'CZ', 'HU'])}{rng.randint(1000, 9999)}",
                           "到達時間": arrival, "到達站點": "機場", "需接站": "是"})
        elif mode == "火車":
            record.update({"航班車次": f"G{rng.randint(10, 9999)}", "到達時間": arrival, "到達站點": "高鐵站", "需接站": "是"})
        else:
            record["需接站"] = "否"
        if mode != "自駕":
            back = dt.datetime(2026, 12, 18, rng.randint(18, 21), rng.choice([0, 10, 20, 30, 45]))
            record.update({"返程方式": mode, "返程航班車次": f"G{rng.randint(10, 9999)}" if mode == "火車" else f"CA{rng.randint(1000, 9999)}",
                           "返程時間": back, "返程站點": record["到達站點"], "需送站": "是"})
        if record["住宿"] == "是":
            record.update({"入住日期": dt.date(2026, 12, 17), "離店日期": dt.date(2026, 12, 18),
                           "房型": "單間" if rank <= 11 else "標間"})
        if rostrum:
            record["主席台"] = rostrum
        rows.append(record)

    for name, unit, title, rank, row in ROSTRUM:
        add(name, unit, title, rank, rostrum=row)
    rest = people - len(ROSTRUM)
    for i in range(rest):
        unit = UNITS[i % len(UNITS)]
        title = TITLES[min(len(TITLES) - 1, i // len(UNITS))] if i < len(UNITS) * 3 else rng.choice(TITLES[2:])
        category = "列席" if i % 9 == 4 else ("特邀" if i % 23 == 7 else "出席")
        add(_name(rng, taken), unit, title, 12 + i // len(UNITS), category=category)
    rows[-1]["備註"] = "R&D <試點> 負責人"
    staff = [("李明", "副主任", "13900001111"), ("張靜", "秘書", "13900002222"), ("陳濤", "文書", "13900003333"),
             ("劉洋", "公務員", "13900004444"), ("楊帆", "打字員", "13900005555"), ("黃磊", "接站員", "13900006666"),
             ("周敏", "接站員", "13900007777")]
    tables = {
        "工作人員": [{"姓名": a, "崗位": b, "手機": c} for a, b, c in staff],
        "紀要分送": [{"分送對象": a, "份數": b} for a, b in (
            ("區四套班子領導", 11), ("區人大辦", 1), ("區政府辦", 1), ("區政協辦", 1), ("區委各部委辦局", 1),
            ("各鎮（街道）黨（工）委", 1), ("存檔", 2))],
        "單位排序": [{"單位": u, "序號": i} for i, u in enumerate(
            dict.fromkeys(["區委", "區人大常委會", "區政府", "區政協", "區紀委監委", "區委組織部", "區委宣傳部", "區委統戰部",
                           "區委政法委", *UNITS]), start=1)],
        "議程": [
            {"日期": dt.date(2026, 12, 18), "開始時間": dt.time(9, 0), "結束時間": dt.time(9, 10), "內容": "主持人宣布會議開始", "地點": "一號會議室", "主持人": "錢志明", "參加人員": "全體參會人員"},
            {"日期": dt.date(2026, 12, 18), "開始時間": dt.time(9, 10), "結束時間": dt.time(10, 30), "內容": "區委書記作工作報告", "地點": "一號會議室", "主持人": "錢志明", "參加人員": "全體參會人員"},
            {"日期": dt.date(2026, 12, 18), "開始時間": dt.time(10, 45), "結束時間": dt.time(12, 0), "內容": "分組討論", "地點": "各討論室", "主持人": "各組召集人", "參加人員": "全體參會人員"},
            {"日期": dt.date(2026, 12, 18), "開始時間": dt.time(14, 30), "結束時間": dt.time(16, 30), "內容": "參觀示範區重點項目", "地點": "示範區產業園", "主持人": "吳鵬", "參加人員": "全體參會人員"},
            {"日期": dt.date(2026, 12, 18), "開始時間": dt.time(16, 45), "結束時間": dt.time(17, 30), "內容": "審議通過全會決議", "地點": "一號會議室", "主持人": "趙建國", "參加人員": "全體參會人員"},
        ],
        "房間": [{"酒店": "示範區賓館", "房號": f"{floor}{k:02d}", "房型": "單間" if floor >= 8 else "標間", "樓層": floor,
                  "床位數": 1 if floor >= 8 else 2} for floor in range(3, 10) for k in range(1, 3 + max(6, people // 10))],
        "車輛": [{"車號": i, "車牌": f"浙A·{10000 + i * 37}", "車型": "考斯特" if i <= 4 else "商務車", "座位數": 19 if i <= 4 else 6,
                  "司機": f"司機{i}", "司機電話": f"1370000{i:04d}", "用途": "參觀" if i == 4 else "接送站"} for i in range(1, 9)],
        "就餐": [
            {"日期": dt.date(2026, 12, 17), "餐次": "晚餐", "地點": "示範區賓館二樓宴會廳", "形式": "桌餐", "每桌人數": 10, "標準": "80元/人"},
            {"日期": dt.date(2026, 12, 18), "餐次": "早餐", "地點": "示範區賓館一樓餐廳", "形式": "自助", "標準": "30元/人"},
            {"日期": dt.date(2026, 12, 18), "餐次": "午餐", "地點": "示範區賓館二樓宴會廳", "形式": "桌餐", "每桌人數": 10, "標準": "80元/人"},
        ],
    }
    return settings, rows, tables


def sample_workbook(people: int = 88, seed: int = 20261218, script: str = "繁體"):
    settings, rows, tables = meeting_data(people, seed)
    return build_workbook(settings, rows, tables, script=script)


def save_sample(path, people: int = 88, seed: int = 20261218, script: str = "繁體") -> None:
    """Write the sample with fixed document dates so the file is the same every time."""
    from .render._xlsx import save

    data = save(sample_workbook(people, seed, script), "中共示範區委辦公室")
    with open(path, "wb") as fh:
        fh.write(data)
