"""Script conversion kept between runs: OpenCC is loaded only for text not seen before."""

from pipeline import text


def test_conversions_come_back_from_the_cache_without_opencc(tmp_path, monkeypatch):
    monkeypatch.setenv("HUIWU_CACHE", str(tmp_path))
    monkeypatch.setattr(text, "_tables", {})
    monkeypatch.setattr(text, "_dirty", set())
    assert text._convert("t2s", "會議通知") == "会议通知"
    assert text._convert("s2t", "参会人员") == "參會人員"
    text.save_conversions()
    assert len(list(tmp_path.iterdir())) == 2

    def no_opencc(config):
        raise AssertionError("OpenCC loaded for a conversion the cache holds")

    monkeypatch.setattr(text, "_tables", {})
    monkeypatch.setattr(text, "_converter", no_opencc)
    assert text._convert("t2s", "會議通知") == "会议通知"
    assert text._convert("s2t", "参会人员") == "參會人員"
