"""Script conversion kept between runs: OpenCC is loaded only for text not seen before."""

from pipeline import text


def new_process():
    """As the next process finds the cache folder: the conversions read again on first use."""
    for kept in text._KEPT.values():
        kept.forget()


def test_conversions_come_back_from_the_cache_without_opencc(tmp_path, monkeypatch):
    monkeypatch.setenv("HUIWU_CACHE", str(tmp_path))
    new_process()
    assert text._convert("t2s", "會議通知") == "会议通知"
    assert text._convert("s2t", "参会人员") == "參會人員"
    for kept in text._KEPT.values():
        kept.save()
    assert len(list(tmp_path.iterdir())) == 2

    def no_opencc(config):
        raise AssertionError("OpenCC loaded for a conversion the cache holds")

    new_process()
    monkeypatch.setattr(text, "_converter", no_opencc)
    assert text._convert("t2s", "會議通知") == "会议通知"
    assert text._convert("s2t", "参会人员") == "參會人員"
    new_process()  # the next test's process reads its own cache folder


def test_one_new_conversion_is_kept_though_the_table_is_large(tmp_path, monkeypatch):
    """A conversion OpenCC had to be loaded for is written back even when it is one among hundreds:
    otherwise every build loaded OpenCC again for the same few headings."""
    monkeypatch.setenv("HUIWU_CACHE", str(tmp_path))
    new_process()
    for i in range(200):
        text._convert("t2s", f"會議第{i}號")
    text._KEPT["t2s"].save()
    new_process()
    assert text._convert("t2s", "請假人員") == "请假人员"  # one new of 201
    text._KEPT["t2s"].save()

    def no_opencc(config):
        raise AssertionError("OpenCC loaded again for a conversion made by the last run")

    new_process()
    monkeypatch.setattr(text, "_converter", no_opencc)
    assert text._convert("t2s", "請假人員") == "请假人员"
    new_process()


def test_a_kept_table_is_written_back_once_it_lacks_a_fiftieth(tmp_path, monkeypatch):
    """After a small edit a table gains an entry or two of thousands: not worth writing 3 MB again."""
    from pipeline import cache

    monkeypatch.setenv("HUIWU_CACHE", str(tmp_path))
    kept = cache.Kept(lambda: "table-1", used_only=True)
    for i in range(100):
        kept.add(i, str(i))
    kept.save()
    assert cache.get("table-1") == {i: str(i) for i in range(100)}  # a table read empty is written

    kept.forget()  # the next process
    assert [kept.get(i) for i in range(99)] == [str(i) for i in range(99)]
    kept.add(100, "100")  # one new entry of 100 in the file
    kept.save()
    assert 100 not in cache.get("table-1")
    kept.add(101, "101")  # two: a fiftieth
    kept.save()
    assert cache.get("table-1") == {**{i: str(i) for i in range(99)}, 100: "100", 101: "101"}  # what it used

    kept.forget()
    for i in range(2, 101):
        kept.get(i)  # found: what the file holds is not what it lacks
    kept.add(102, "102")
    kept.save()
    assert 102 not in cache.get("table-1")

    kept.forget()  # a process that writes the table, then uses a row it read but left out
    for i in range(10):
        kept.get(i)
    for i in (200, 201, 202):
        kept.add(i, str(i))
    kept.save()
    assert sorted(cache.get("table-1")) == [*range(10), 200, 201, 202]
    kept.get(50)
    kept.save()
    assert sorted(cache.get("table-1")) == [*range(10), 50, 200, 201, 202]

    dear = cache.Kept(lambda: "table-2")  # one dear entry (it cost loading data) is written back, however few
    for i in range(1000):
        dear.add(i, str(i))
    dear.save()
    dear.forget()
    dear.add(1000, "1000")
    dear.save()
    assert 1000 not in cache.get("table-2")
    dear.add(1001, "1001", dear=True)
    dear.save()
    assert sorted(cache.get("table-2")) == [*range(1002)]


def test_a_kept_table_written_by_two_workers_keeps_what_each_added(tmp_path, monkeypatch):
    """Forked workers each work out keys the other lacks; the later save must not drop the earlier's."""
    from pipeline import cache

    monkeypatch.setenv("HUIWU_CACHE", str(tmp_path))
    first, second = cache.Kept(lambda: "table-3"), cache.Kept(lambda: "table-3")
    first.add("王", 1)
    second.add("李", 2)
    first.save()
    second.save()
    assert cache.get("table-3") == {"王": 1, "李": 2}
    rows = cache.Kept(lambda: "table-4", used_only=True)  # a list's rows: what this process used, only
    rows.add("a", 1)
    rows.save()
    rows.forget()
    rows.add("b", 2)
    rows.save()
    assert cache.get("table-4") == {"b": 2}
