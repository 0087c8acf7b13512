"""Build the HWP/HWPX test fixtures and the corpus HWPX document, deterministically.

No HWP writer on the package index runs here (hwpers needs Python 3.12; hwpforge writes HWPX
only), so both formats are built from their parts, following Hancom's published formats:
- HWPX (OWPML): a zip of XML parts: `mimetype` stored first, version.xml,
  META-INF/container.xml, Contents/content.hpf (title, manifest, spine), Contents/header.xml
  (styles "제목", "개요 1", "개요 2" and outline paragraph shapes), Contents/section0.xml.
- HWP 5: an OLE compound file (a minimal CFB writer below: 512-byte sectors, FAT, mini stream)
  holding FileHeader, DocInfo (paragraph shapes, styles) and BodyText/Section0, whose
  records are raw-deflated.

Usage: python scripts/build_hwp_fixtures.py
(writes tests/fixtures/hwp/* and corpus/vouchers/voucher-2026-process-ko.hwpx + .meta.yaml)
"""

from __future__ import annotations

import io
import pathlib
import struct
import zipfile
import zlib
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "hwp"
CORPUS_DOC = ROOT / "corpus" / "vouchers" / "voucher-2026-process-ko.hwpx"
STAMP = (2026, 1, 2, 0, 0, 0)

# A block is (kind, content): "title", "h1" (개요 1), "h2" (개요 2) or "p" with text (a "\n"
# is a line break), or "table" with rows of cells.
Block = tuple[str, Any]
SAMPLE: list[Block] = [
    ("title", "데이터 바우처 신청 안내"),
    ("p", "이 안내는 테스트용 문서입니다."),
    ("h1", "신청 자격"),
    ("p", "데이터 바우처는 중소기업과 예비창업자의 데이터 구매와 가공을 지원합니다."),
    ("h2", "제출 서류"),
    ("table", [["서류", "분량"], ["사업계획서", "15~20쪽"], ["발표 자료", "최대 10쪽"]]),
    ("h1", "문의"),
    ("p", "센터 상담 창구로 문의하세요.\n평일 오전 9시부터 받습니다."),
]
PROCESS_TITLE = "2026년 데이터바우처 지원사업 신청 절차"
PROCESS: list[Block] = [  # facts from corpus/vouchers/voucher-2026-application-ko.md only
    ("title", PROCESS_TITLE),
    ("p", "이 문서의 일정과 서류 정보는 공급기업이 운영하는 블로그에 실린 2026년 신청 안내를 "
          "바탕으로 센터가 정리한 것입니다. 정확한 일정과 요건은 2026년 데이터바우처 공식 "
          "공고에서 반드시 확인하세요."),
    ("h1", "신청 일정"),
    ("p", "2026년 데이터바우처 공고는 1월 말에서 2월 초 사이에 나오는 것으로 안내되었습니다. "
          "접수 기간은 4~5주 정도로 안내되었습니다."),
    ("table", [["단계", "시기", "비고"],
               ["공고", "1월 말 ~ 2월 초", "한국데이터산업진흥원(K-DATA)이 공고"],
               ["접수", "4~5주 정도", "정확한 기간은 공식 공고에서 확인"]]),
    ("h1", "준비 서류"),
    ("table", [["서류", "내용"],
               ["사업계획서", "15~20쪽 분량"],
               ["발표 자료", "최대 10쪽"],
               ["사실증명서", "예비창업자가 제출"],
               ["사전협의서", "공급기업과 수요기업이 함께 작성"]]),
    ("h1", "신청할 수 없는 경우"),
    ("p", "2026년 데이터바우처 안내에 따르면 세금을 체납한 기업은 신청할 수 없습니다."),
    ("h1", "공식 공고에서 확인할 사항"),
    ("p", "2026년 데이터바우처의 지원 한도, 자부담 비율, 선정 규모는 이 자료에서 확인되지 "
          "않았습니다. 지원 한도와 자부담 비율은 2026년 공식 공고에서 확인하세요."),
    ("p", "데이터바우처 공고는 사업을 운영하는 한국데이터산업진흥원(K-DATA)이 냅니다."),
]
PROCESS_META = {
    "doc_id": "voucher-2026-process-ko", "title": PROCESS_TITLE, "category": "vouchers",
    "audience": ["startup"], "language": "ko", "valid_from": "2026-01-01",
    "valid_to": "2026-12-31", "year": 2026, "source_keys": ["V11", "V1"],
    "sources": ["thefromdata.com/?p=4412978 (vendor blog)", "dev.venturesquare.net/783414"],
}

# ---------- HWPX ----------

NS = ('xmlns:hh="http://www.hancom.co.kr/hwpml/2011/head" '
      'xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph" '
      'xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section"')
STYLES = [("바탕글", "Normal", 0), ("제목", "Title", 0), ("개요 1", "Outline 1", 1),
          ("개요 2", "Outline 2", 2)]  # (name, engName, paragraph shape); kinds -> index below
STYLE_OF = {"p": 0, "title": 1, "h1": 2, "h2": 3, "table": 0}


XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>'
HPF = ('<opf:package xmlns:opf="http://www.idpf.org/2007/opf/"><opf:metadata><opf:title>{title}'
       '</opf:title><opf:language>ko</opf:language></opf:metadata><opf:manifest>'
       '<opf:item id="header" href="Contents/header.xml" media-type="application/xml"/>'
       '<opf:item id="section0" href="Contents/section0.xml" media-type="application/xml"/>'
       '</opf:manifest><opf:spine><opf:itemref idref="header" linear="yes"/>'
       '<opf:itemref idref="section0" linear="yes"/></opf:spine></opf:package>')
CONTAINER = ('<ocf:container xmlns:ocf="urn:oasis:names:tc:opendocument:xmlns:container">'
             '<ocf:rootfiles><ocf:rootfile full-path="Contents/content.hpf" '
             'media-type="application/hwpml-package+xml"/></ocf:rootfiles></ocf:container>')
VERSION = ('<hv:HCFVersion xmlns:hv="http://www.hancom.co.kr/hwpml/2011/version" '
           'tagetApplication="WORDPROCESSOR" major="5" minor="1" micro="0" xmlVersion="1.4"/>')
FIRST = ('<hp:p id="0" paraPrIDRef="0" styleIDRef="0"><hp:run charPrIDRef="0"><hp:ctrl>'
         '<hp:colPr type="NEWSPAPER" colCount="1"/></hp:ctrl></hp:run></hp:p>')
CELL = ('<hp:tc borderFillIDRef="1"><hp:subList vertAlign="CENTER">{p}</hp:subList>'
        '<hp:cellAddr colAddr="{c}" rowAddr="{r}"/><hp:cellSpan colSpan="1" rowSpan="1"/></hp:tc>')


def _hwpx_para(kind: str, content: Any) -> str:
    if kind == "table":
        rows = content  # list of rows of cells
        trs = "".join("<hp:tr>" + "".join(CELL.format(p=_hwpx_para("p", cell), c=c, r=r)
                                          for c, cell in enumerate(row)) + "</hp:tr>"
                      for r, row in enumerate(rows))
        inner = f'<hp:tbl rowCnt="{len(rows)}" colCnt="{len(rows[0])}">{trs}</hp:tbl>'
    else:
        inner = "<hp:t>" + "<hp:lineBreak/>".join(map(escape, str(content).split("\n"))) + "</hp:t>"
    style = STYLE_OF[kind]
    return (f'<hp:p id="0" paraPrIDRef="{STYLES[style][2]}" styleIDRef="{style}" pageBreak="0" '
            f'columnBreak="0" merged="0"><hp:run charPrIDRef="0">{inner}</hp:run></hp:p>')


def hwpx_bytes(title: str, blocks: list[Block], padding: int = 0) -> bytes:
    """An HWPX file built from its XML parts (`padding` spaces end its section part)."""
    shapes = "".join(f'<hh:paraPr id="{i}"><hh:heading type="{"OUTLINE" if i else "NONE"}" '
                     f'idRef="0" level="{max(i - 1, 0)}"/></hh:paraPr>' for i in range(3))
    styles = "".join(f'<hh:style id="{i}" type="PARA" name={quoteattr(n)} engName="{e}" '
                     f'paraPrIDRef="{s}" charPrIDRef="0" nextStyleIDRef="0" langID="1042"/>'
                     for i, (n, e, s) in enumerate(STYLES))
    header = (f'<hh:head {NS} version="1.4" secCnt="1"><hh:refList><hh:paraProperties '
              f'itemCnt="3">{shapes}</hh:paraProperties><hh:styles itemCnt="{len(STYLES)}">'
              f'{styles}</hh:styles></hh:refList></hh:head>')
    section = f'<hs:sec {NS}>{FIRST}{"".join(_hwpx_para(k, c) for k, c in blocks)}</hs:sec>'
    section += " " * padding
    xml = {"version.xml": VERSION, "META-INF/container.xml": CONTAINER,
           "Contents/content.hpf": HPF.format(title=escape(title)),
           "Contents/header.xml": header, "Contents/section0.xml": section}
    parts = {"mimetype": b"application/hwp+zip"} | {k: (XML + v).encode() for k, v in xml.items()}
    buffer = io.BytesIO()  # deterministic: fixed timestamps, `mimetype` stored first
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def hwpx_bomb(megabytes: int = 16) -> bytes:
    """An HWPX whose section part inflates to `megabytes` more of spaces (about 1000:1)."""
    return hwpx_bytes("bomb", [("p", "x")], padding=megabytes * 1024 * 1024)


# ---------- HWP 5 ----------

def record(tag: int, level: int, payload: bytes) -> bytes:
    """One HWP record: header tag | level << 10 | size << 20 (size 0xFFF: a uint32 follows)."""
    if len(payload) < 0xFFF:
        return struct.pack("<I", tag | level << 10 | len(payload) << 20) + payload
    return struct.pack("<II", tag | level << 10 | 0xFFF << 20, len(payload)) + payload


def _para(level: int, text: str, shape: int, style: int, ctrl: bytes = b"") -> bytes:
    units = ctrl + (text + "\r").encode("utf-16-le")  # "\n" is the line-break control, 10
    head = struct.pack("<IIHBBHHHI", len(units) // 2, 0x800 if ctrl else 0, shape, style,
                       0, 1, 0, 1, 0)
    return record(66, level, head) + record(67, level + 1, units)


def _hwp_table(rows: list[list[str]]) -> bytes:
    ctrl = struct.pack("<H4sHHHHH", 11, b" lbt", 0, 0, 0, 0, 11)  # 'tbl ' as a little-endian id
    out = _para(0, "", 0, 0, ctrl)
    out += record(71, 1, struct.pack("<I", 0x74626C20) + bytes(42))  # CTRL_HEADER 'tbl '
    n_rows, n_cols = len(rows), len(rows[0])
    out += record(77, 2, struct.pack("<IHHH4H", 0, n_rows, n_cols, 0, 0, 0, 0, 0)
                  + struct.pack(f"<{n_rows}H", *[n_cols] * n_rows) + struct.pack("<H", 1))
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):  # LIST_HEADER: count, flags, ?, col, row, spans, size..
            out += record(72, 2, struct.pack("<HIHHHHHII4HH", 1, 0, 0, c, r, 1, 1, 8000, 1000,
                                             0, 0, 0, 0, 1))
            out += _para(2, cell, 0, 0)
    return out


def deflate(data: bytes) -> bytes:
    """Raw deflate (no zlib header), as HWP 5 stores compressed streams."""
    return (packer := zlib.compressobj(9, zlib.DEFLATED, -15)).compress(data) + packer.flush()


def hwp_bytes(blocks: list[Block], flags: int = 0x1) -> bytes:
    """An HWP 5.1 file; flags: bit 0 compressed, bit 1 password, bit 2 distribution (DRM)."""
    shapes = b"".join(record(25, 0, struct.pack("<I", p) + bytes(50))
                      for p in (0, 1 << 23, 1 << 23 | 1 << 25))  # none, outline 1, outline 2
    styles = b"".join(
        record(26, 0, struct.pack("<H", len(n)) + n.encode("utf-16-le") + struct.pack("<H", len(e))
               + e.encode("utf-16-le") + struct.pack("<BBhHH", 0, 0, 1042, s, 0))
        for n, e, s in STYLES)
    body = b"".join(_hwp_table(c) if k == "table"
                    else _para(0, str(c), STYLES[STYLE_OF[k]][2], STYLE_OF[k]) for k, c in blocks)
    pack = deflate if flags & 0x1 else bytes
    header = b"HWP Document File".ljust(32, b"\0") + struct.pack("<II", 0x05010100, flags)
    return cfb({"FileHeader": header.ljust(256, b"\0"), "DocInfo": pack(shapes + styles),
                "BodyText/Section0": pack(body)})


# ---------- compound file (CFB v3) ----------

END, FREE, FAT_SECT, NONE = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def _chain(start: int, count: int) -> list[int]:
    return [start + i + 1 for i in range(count - 1)] + [END] if count else []


def _table(values: list[int], n_sectors: int) -> bytes:
    return struct.pack(f"<{n_sectors * 128}I", *values, *[FREE] * (n_sectors * 128 - len(values)))


def cfb(streams: dict[str, bytes]) -> bytes:
    """A compound file holding `streams` ("Storage/Stream" paths), all in the mini stream.

    Streams of 4096 bytes or more would need regular sectors; the fixtures never do.
    """
    entries = [{"name": "Root Entry", "type": 5, "kids": [], "data": b""}]
    for path, data in streams.items():
        if len(data) >= 4096:
            raise ValueError(f"{path}: streams of 4096 bytes or more are not supported")
        parent, names = entries[0], path.split("/")
        for i, name in enumerate(names):
            node = next((entries[k] for k in parent["kids"] if entries[k]["name"] == name), None)
            if node is None:
                leaf = i == len(names) - 1
                node = {"name": name, "type": 2 if leaf else 1, "kids": [],
                        "data": data if leaf else b""}
                entries.append(node)
                parent["kids"].append(len(entries) - 1)
            parent = node
    mini, minifat = bytearray(), []
    for node in entries[1:]:
        count = -(-len(node["data"]) // 64)
        node["start"] = len(mini) // 64 if count else END
        minifat += _chain(len(mini) // 64, count)
        mini += node["data"].ljust(count * 64, b"\0")
    n_dir, n_minifat, n_mini = -(-len(entries) // 4), -(-len(minifat) // 128), -(-len(mini) // 512)
    fat = [FAT_SECT] + _chain(1, n_dir) + _chain(1 + n_dir, n_minifat)  # one FAT sector is enough
    entries[0].update(start=len(fat), data=bytes(mini))
    fat += _chain(len(fat), n_mini)
    for node in entries:  # children as a chain of right siblings, in CFB name order
        names = {k: entries[k]["name"] for k in node["kids"]}
        kids = sorted(names, key=lambda k: (len(names[k]), names[k].upper()))
        node["child"] = kids[0] if kids else NONE
        for left, right in zip(kids, [*kids[1:], NONE], strict=False):
            entries[left]["right"] = right
    directory = b"".join(
        struct.pack("<64sHBBIII16sIQQIQ", n["name"].encode("utf-16-le"), 2 * len(n["name"]) + 2,
                    n["type"], 1, NONE, n.get("right", NONE), n["child"], bytes(16), 0, 0, 0,
                    n["start"], len(n["data"]))
        for n in entries)
    empty = struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NONE, NONE, NONE, bytes(16), 0, 0, 0,
                        0, 0)
    directory += empty * (n_dir * 4 - len(entries))
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII109I", bytes.fromhex("D0CF11E0A1B11AE1"),
                         bytes(16), 0x3E, 3, 0xFFFE, 9, 6, bytes(6), 0, 1, 1, 0, 4096,
                         1 + n_dir, n_minifat, END, 0, 0, *[FREE] * 108)
    return (header + _table(fat, 1) + directory + _table(minifat, n_minifat)
            + bytes(mini).ljust(n_mini * 512, b"\0"))


# ---------- output ----------

def fixtures() -> dict[str, bytes]:
    """Every fixture file by name (the zip bomb is made by the tests, in a temporary folder)."""
    sample = hwpx_bytes("데이터 바우처 신청 안내", SAMPLE)
    return {
        "sample.hwpx": sample,
        "sample.hwp": hwp_bytes(SAMPLE),
        "encrypted.hwp": hwp_bytes(SAMPLE, flags=0x1 | 0x2),
        "drm.hwp": hwp_bytes(SAMPLE, flags=0x1 | 0x4),
        "truncated.hwpx": sample[: len(sample) // 2],
        "not-zip.hwpx": "한글 문서가 아닙니다.\n".encode(),
        "not-ole.hwp": "한글 문서가 아닙니다.\n".encode(),
    }


def main() -> None:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for name, data in fixtures().items():
        (FIXTURES / name).write_bytes(data)
    CORPUS_DOC.write_bytes(hwpx_bytes(PROCESS_TITLE, PROCESS))
    meta = yaml.safe_dump(PROCESS_META, allow_unicode=True, sort_keys=False)
    CORPUS_DOC.with_suffix(".meta.yaml").write_text(
        "# Generated by scripts/build_hwp_fixtures.py; do not edit.\n" + meta, encoding="utf-8")
    print(f"wrote {len(fixtures())} fixtures to {FIXTURES} and {CORPUS_DOC}")


if __name__ == "__main__":
    main()
