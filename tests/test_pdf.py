"""Every generated document opens in LibreOffice: convert the whole sample pack to PDF and read it back."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.build import build
from pipeline.check import load

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
needs_office = pytest.mark.skipif(
    not (SOFFICE and PDFTOTEXT) and not os.environ.get("CI"),
    reason="LibreOffice/poppler not installed (make system-deps); CI always runs this",
)


def pdf_text(pdf: Path) -> str:
    return subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    """The sample meeting's whole pack, converted to PDF in one LibreOffice run."""
    from pipeline.sample import save_sample

    work = tmp_path_factory.mktemp("pdf")
    workbook = work / "sample.xlsx"
    save_sample(workbook)
    out = work / "out"
    result = build(workbook, out)
    assert result.ok
    # one file per document kind (a folder of per-unit copies is represented by its first file)
    docs, folders = [], set()
    for p in sorted(out.rglob("*")):
        if p.suffix not in (".xlsx", ".docx", ".pptx") or "校驗" in p.name:
            continue
        if p.parent != out:
            if p.parent in folders:
                continue
            folders.add(p.parent)
        docs.append(p)
    pdf_dir = work / "pdf"
    env = dict(os.environ, FONTCONFIG_FILE=str(Path(__file__).parent / "fonts" / "fonts.conf"),
               HOME=str(work))  # a private LibreOffice profile: no clash with a running instance
    subprocess.run([SOFFICE, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(pdf_dir),
                    *map(str, docs)], env=env, capture_output=True, timeout=600, check=True)
    meeting, _, _ = load(workbook)
    return meeting, docs, pdf_dir


@needs_office
def test_every_document_converts_and_shows_names(pack):
    meeting, docs, pdf_dir = pack
    names = {p.name for p in meeting.people}
    assert docs, "the pack is empty"
    for doc in docs:
        pdf = pdf_dir / (doc.stem + ".pdf")
        assert pdf.exists(), f"LibreOffice could not open {doc.name}"
        text = pdf_text(pdf).replace("\u3000", "").replace(" ", "")
        assert meeting.name in text or any(n in text for n in names), f"{doc.name}: no name in the PDF text"


@needs_office
def test_pdf_text_of_plates_and_registration(pack):
    meeting, docs, pdf_dir = pack
    plates = pdf_text(pdf_dir / "桌簽.pdf")
    registration = pdf_text(pdf_dir / "會議代表登記表.pdf").replace(" ", "")
    for p in meeting.people:
        if p.seated:
            assert p.name.replace("·", "") in plates.replace("\u3000", "").replace(" ", "").replace("·", "")
        assert p.name in registration or p.category == "工作人員"


@needs_office
def test_chinese_is_set_in_cjk_fonts(pack):
    _, docs, pdf_dir = pack
    pdffonts = shutil.which("pdffonts")
    for pdf in sorted(pdf_dir.glob("*.pdf")):
        fonts = subprocess.run([pdffonts, str(pdf)], capture_output=True, text=True).stdout
        assert "CJK" in fonts, f"{pdf.name}: no CJK font used\n{fonts}"
