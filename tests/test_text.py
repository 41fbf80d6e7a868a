"""Script conversion kept between runs: OpenCC is loaded only for text not seen before."""

from pipeline import text


def test_conversions_come_back_from_the_cache_without_opencc(tmp_path, monkeypatch):
    def new_process():
        for kept in text._KEPT.values():
            kept.forget()

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
