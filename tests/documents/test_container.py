"""The container guard (check_zip, check_ole) and read_document() on hostile .docx files.

The hostile files are built here, not committed: a zip writer of our own puts any compressed
bytes under any declared size and CRC. The 1 GiB member is about 1 MB of deflate data made by
repeating one fully flushed block of a MiB of zeros (a full flush makes every such block the
same bytes), so building it takes milliseconds.

The memory tests read the files in a subprocess with the same ``loa`` on its path and measure
the peak there (tracemalloc sees zlib's output buffers; VmHWM the whole process). They need
nothing but ``read_document`` (from ``loa.documents``, or ``loa.documents.reader`` where it was
before), so they also run against the code before the guard, where they fail: from a checkout
of that code, ``pytest -k memory path/to/this/test_container.py``.
"""

import io
import json
import os
import random
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

import loa
import loa.documents as documents
from loa.documents import DocumentError, testdocs

GIB = 2**30
MIB = 2**20


# -- building zips byte by byte -----------------------------------------------------------------

@dataclass
class Member:
    name: str
    payload: bytes  # the compressed bytes as stored
    size: int  # the declared uncompressed size
    crc: int
    method: int = zipfile.ZIP_DEFLATED
    flags: int = 0


def deflate(data: bytes, level: int = 6) -> bytes:
    c = zlib.compressobj(level, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def member(name: str, data: bytes, **kw) -> Member:
    return Member(name, deflate(data), len(data), zlib.crc32(data), **kw)


def write_zip(members: list[Member]) -> bytes:
    """A zip file (no zip64) holding ``members`` exactly as given."""
    out = io.BytesIO()
    central = []
    for m in members:
        offset = out.tell()
        name = m.name.encode()
        flags = m.flags | 0x800
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, flags, m.method, 0, 0x21, m.crc,
                              len(m.payload), m.size, len(name), 0) + name + m.payload)
        central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, flags, m.method, 0,
                                   0x21, m.crc, len(m.payload), m.size, len(name), 0, 0, 0, 0,
                                   0, offset) + name)
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members),
                          len(directory), start, 0))
    return out.getvalue()


def docx_members() -> list[Member]:
    """The members of a small valid .docx (python-docx's template with two paragraphs)."""
    from docx import Document

    document = Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Tuyên truyền thực hiện Quyết định số 628/QĐ-TTg")
    buf = io.BytesIO()
    document.save(buf)
    with zipfile.ZipFile(buf) as z:
        return [member(info.filename, z.read(info)) for info in z.infolist()]


def replace(members: list[Member], name: str, new: Member) -> list[Member]:
    assert any(m.name == name for m in members)
    return [new if m.name == name else m for m in members]


def zeros_stream(prefix: bytes, mebibytes: int) -> bytes:
    """Raw deflate data that inflates to ``prefix`` and then ``mebibytes`` MiB of zeros."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = c.compress(prefix) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(bytes(MIB)) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(bytes(MIB)) + c.flush(zlib.Z_FULL_FLUSH)
    assert again == block  # after a full flush the same input gives the same bytes
    return head + block * mebibytes + c.flush()


def crc_of_zeros(crc: int, mebibytes: int) -> int:
    zeros = bytes(MIB)
    for _ in range(mebibytes):
        crc = zlib.crc32(zeros, crc)
    return crc


@dataclass
class Hostile:
    lying: Path  # document.xml declares 1 MiB (CRC of those bytes) and inflates to 1 GiB
    hidden_tail: Path  # document.xml declared and CRC'd as itself, 1 GiB of zeros after it
    honest_bomb: Path  # a member that declares its 1 GiB truthfully
    plain: Path  # the same .docx, untouched


@pytest.fixture(scope="session")
def hostile(tmp_path_factory) -> Hostile:
    folder = tmp_path_factory.mktemp("hostile")
    members = docx_members()
    xml = zlib.decompress(next(m for m in members if m.name == "word/document.xml").payload, -15)
    stream = zeros_stream(xml, 1024)
    first_mib = xml + bytes(MIB - len(xml))
    lying = Member("word/document.xml", stream, MIB, zlib.crc32(first_mib))
    hidden = Member("word/document.xml", stream, len(xml), zlib.crc32(xml))
    bomb = Member("word/media/image1.bin", zeros_stream(b"", 1024), GIB, crc_of_zeros(0, 1024))
    paths = Hostile(folder / "lying.docx", folder / "hidden-tail.docx", folder / "bomb.docx",
                    folder / "plain.docx")
    paths.lying.write_bytes(write_zip(replace(members, "word/document.xml", lying)))
    paths.hidden_tail.write_bytes(write_zip(replace(members, "word/document.xml", hidden)))
    paths.honest_bomb.write_bytes(write_zip(members + [bomb]))
    paths.plain.write_bytes(write_zip(members))
    return paths


def refusal(data, **kwargs) -> DocumentError:
    with pytest.raises(documents.ContainerError) as info:
        documents.check_zip(data, **kwargs)
    assert isinstance(info.value, DocumentError) and info.value.message
    return info.value


def read_error(source) -> DocumentError:
    with pytest.raises(DocumentError) as info:
        documents.read_document(source)
    return info.value


# -- memory: the 1 GiB member behind a 1 MiB declaration -----------------------------------------

_MEASURE = """
import json, resource, sys, tracemalloc
import docx  # imported before measuring: only reading counts
from loa.documents import DocumentError
try:
    from loa.documents import read_document
except ImportError:  # the code before the container guard
    from loa.documents.reader import read_document
tracemalloc.start()
try:
    read_document(sys.argv[1])
    code = None
except DocumentError as error:
    code = error.code
peak = tracemalloc.get_traced_memory()[1]
try:  # this process's own peak: ru_maxrss keeps the parent's from before exec on Linux
    with open("/proc/self/status") as status:
        rss = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"code": code, "traced_peak": peak, "max_rss": rss * 1024}))
"""


def measure(path: Path) -> dict:
    """read_document(path) in a fresh interpreter with this ``loa``: its error code, the peak
    of traced allocations while reading, and the process's peak RSS (bytes)."""
    src = str(Path(loa.__file__).resolve().parents[1])
    env = dict(os.environ, PYTHONPATH=src)
    proc = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], capture_output=True,
                          text=True, env=env, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"{path.name}: {result['code']}, traced peak {result['traced_peak'] / MIB:.1f} MiB, "
          f"max RSS {result['max_rss'] / MIB:.1f} MiB")
    return result


def test_memory_member_inflating_past_its_declared_size(hostile, record_property):
    assert hostile.lying.stat().st_size < 1.5 * MIB
    result = measure(hostile.lying)
    record_property("lying_docx", result)
    assert result["traced_peak"] < 32 * MIB
    assert result["max_rss"] < 150 * MIB
    assert result["code"] == "too_large"


def test_memory_valid_member_hiding_trailing_data(hostile, record_property):
    result = measure(hostile.hidden_tail)
    record_property("hidden_tail_docx", result)
    assert result["traced_peak"] < 32 * MIB
    assert result["max_rss"] < 150 * MIB
    assert result["code"] == "too_large"


# -- the hostile files, refused ----------------------------------------------------------------

def test_plain_docx_passes_and_reads(hostile):
    data = hostile.plain.read_bytes()
    names = documents.check_zip(data)
    assert "word/document.xml" in names and "[Content_Types].xml" in names
    assert documents.zip_kind(names) == "docx"
    lines = [line.text for line in documents.read_document(data).lines()]
    assert lines == ["KẾ HOẠCH", "Tuyên truyền thực hiện Quyết định số 628/QĐ-TTg"]


def test_lying_member_is_refused_fast(hostile):
    data = hostile.lying.read_bytes()
    t0 = time.perf_counter()
    error = refusal(data)
    assert time.perf_counter() - t0 < 0.5
    assert error.code == "too_large"
    assert error.params == {"what": "declared", "member": "word/document.xml", "limit": MIB}
    assert read_error(data).code == "too_large"


def test_hidden_trailing_data_is_refused(hostile):
    data = hostile.hidden_tail.read_bytes()
    # what zipfile itself sees: the declared bytes with the right CRC
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        with z.open("word/document.xml") as f:
            assert f.read(100).startswith(b"<?xml")
    error = refusal(data)
    assert error.code == "too_large" and error.params["what"] == "declared"
    assert read_error(data).code == "too_large"


def test_honest_bomb_is_refused_before_inflating(hostile):
    data = hostile.honest_bomb.read_bytes()
    t0 = time.perf_counter()
    error = refusal(data)
    assert time.perf_counter() - t0 < 0.1  # the declared sizes tell
    assert error.code == "too_large" and error.params["what"] == "ratio"
    assert error.params["member"] == "word/media/image1.bin"
    assert read_error(data).code == "too_large"


def test_too_many_members():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
        for k in range(2000):
            z.writestr(f"word/media/{k}.txt", "x")
    error = refusal(buf.getvalue())
    assert error.code == "too_large"
    assert error.params == {"what": "members", "found": 2001, "limit": 2000}
    assert read_error(buf.getvalue()).code == "too_large"
    assert documents.check_zip(buf.getvalue(), documents.ZipLimits(members=2001))


def test_encrypted_member(hostile):
    members = docx_members()
    locked = replace(members, "word/document.xml",
                     Member("word/document.xml", bytes(64), 100, 0, flags=0x1))
    data = write_zip(locked)
    assert refusal(data).code == "encrypted"
    assert read_error(data).code == "encrypted"


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.98])
def test_truncated_file(hostile, keep):
    data = hostile.plain.read_bytes()
    cut = data[: int(len(data) * keep)]
    assert refusal(cut).code == "corrupt"
    assert read_error(cut).code == "corrupt"


def test_member_data_past_the_end_of_the_file(hostile):
    members = docx_members()
    data = write_zip(members)
    # the directory says the last member's data runs 1000 bytes further than the file
    last = members[-1]
    grown = data.replace(struct.pack("<2L", len(last.payload), last.size),
                         struct.pack("<2L", len(last.payload) + 1000, last.size))
    assert grown != data
    error = refusal(grown)
    assert error.code == "corrupt" and error.params["member"] == last.name


def damaged(kind: str) -> bytes:
    members = docx_members()
    xml = next(m for m in members if m.name == "word/document.xml")
    body = zlib.decompress(xml.payload, -15)
    new = {
        "crc": Member(xml.name, xml.payload, xml.size, xml.crc ^ 1),
        "short": Member(xml.name, xml.payload, xml.size + 10, xml.crc),
        "unended": Member(xml.name, xml.payload[:-8], xml.size, xml.crc),
        "junk after the stream": Member(xml.name, xml.payload + b"junk", xml.size, xml.crc),
        "garbage": Member(xml.name, b"\xff" * 200, xml.size, xml.crc),
        "stored size": Member(xml.name, body, len(body) + 1, zlib.crc32(body),
                              method=zipfile.ZIP_STORED),
    }[kind]
    return write_zip(replace(members, xml.name, new))


@pytest.mark.parametrize("kind", ["crc", "short", "unended", "junk after the stream", "garbage",
                                  "stored size"])
def test_damaged_members_are_corrupt(kind):
    data = damaged(kind)
    error = refusal(data)
    assert error.code == "corrupt" and error.params == {"member": "word/document.xml"}
    assert read_error(data).code == "corrupt"


def test_stored_members_pass():
    body = b"<w:document/>" * 100
    data = write_zip([Member("word/document.xml", body, len(body), zlib.crc32(body),
                             method=zipfile.ZIP_STORED), member("empty", b"")])
    assert documents.check_zip(data) == ["word/document.xml", "empty"]


def test_other_compression_methods_are_unsupported():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_BZIP2) as z:
        z.writestr("word/document.xml", "<w:document/>" * 100)
    error = refusal(buf.getvalue())
    assert error.code == "unsupported"
    assert error.params == {"kind": "zip", "method": zipfile.ZIP_BZIP2,
                            "member": "word/document.xml"}


def test_not_a_zip():
    error = refusal(b"%PDF-1.7 ...")
    assert error.code == "unsupported" and error.params == {"kind": "not_zip"}


# -- limits -------------------------------------------------------------------------------------

def text_zip(*sizes: int) -> bytes:
    rng = random.Random(7)
    words = [bytes(rng.choices(b"abcdefghiklmnopqrstuvxy", k=rng.randint(1, 7)))
             for _ in range(3000)]
    members = []
    for k, size in enumerate(sizes):
        text = b" ".join(rng.choices(words, k=size // 4))[:size]
        members.append(member(f"xl/worksheets/sheet{k}.xml", text))
    return write_zip(members)


def test_limits_count_the_bytes_inflated():
    data = text_zip(3 * MIB, 2 * MIB)
    assert documents.check_zip(data, documents.XLSX_LIMITS) == [
        "xl/worksheets/sheet0.xml", "xl/worksheets/sheet1.xml"]
    error = refusal(data, limits=documents.ZipLimits(member=2 * MIB + 1))
    assert error.params == {"what": "member", "member": "xl/worksheets/sheet0.xml",
                            "limit": 2 * MIB + 1}
    error = refusal(data, limits=documents.ZipLimits(unpacked=4 * MIB))
    assert error.code == "too_large" and error.params == {"what": "unpacked", "limit": 4 * MIB}
    error = refusal(data, limits=documents.ZipLimits(ratio=2))
    assert error.params["what"] == "ratio" and error.params["limit"] == 2
    # members up to ratio_from bytes may compress as well as they like
    assert documents.check_zip(data, documents.ZipLimits(ratio=2, ratio_from=3 * MIB))


def test_the_docx_and_xlsx_limits():
    assert documents.DOCX_LIMITS == documents.ZipLimits(
        members=2000, unpacked=200 * MIB, member=None, ratio=100, ratio_from=MIB)
    assert documents.XLSX_LIMITS == documents.ZipLimits(
        members=1000, unpacked=50 * MIB, member=None, ratio=200, ratio_from=MIB)


def test_verifying_a_20_mb_upload_is_fast():
    # the worst a .docx within its limits can ask: 16 MiB that does not compress, and 180
    # members of 1 MiB of zeros (under ratio_from) inflating to 180 MiB more
    noise = random.Random(3).randbytes(16 * MIB)
    zeros = member("zeros", bytes(MIB))
    members = [member(f"word/media/image{k}.png", noise[k * 2 * MIB:(k + 1) * 2 * MIB])
               for k in range(8)]
    members += [Member(f"word/z{k}.xml", zeros.payload, MIB, zeros.crc) for k in range(180)]
    data = write_zip(members)
    assert 16 * MIB < len(data) < 20 * MIB
    t0 = time.perf_counter()
    assert len(documents.check_zip(data)) == 188
    elapsed = time.perf_counter() - t0
    print(f"verified {len(data) / MIB:.1f} MiB (196 MiB inflated) in {elapsed:.2f} s")
    assert elapsed < 2


# -- OLE ----------------------------------------------------------------------------------------

def test_ole_files(tmp_path):
    plain = testdocs.build_ole(tmp_path / "old.doc").read_bytes()
    locked = testdocs.build_ole(tmp_path / "locked.docx", encrypted=True).read_bytes()
    assert documents.is_ole(plain) and documents.is_ole(locked)
    assert not documents.is_encrypted_ole(plain) and documents.is_encrypted_ole(locked)
    with pytest.raises(documents.ContainerError) as info:
        documents.check_ole(plain)
    assert info.value.code == "old_office"
    with pytest.raises(documents.ContainerError) as info:
        documents.check_ole(locked, label="workbook")
    assert info.value.code == "encrypted" and "workbook" in info.value.message
    documents.check_ole(b"PK\x03\x04")  # not OLE: nothing to say
    # the reader: a legacy .doc is a type it does not read, a locked package is encrypted
    assert read_error(plain).code == "unsupported"
    assert read_error(plain).params == {"kind": "doc"}
    assert read_error(locked).code == "encrypted"


def test_ole_encryption_info_stream_counts_as_encrypted(tmp_path):
    header = testdocs.build_ole(tmp_path / "x.xls").read_bytes()
    data = header.replace("WordDocument".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
    assert documents.is_encrypted_ole(data)


def test_zip_kind():
    assert documents.zip_kind(["word/document.xml"]) == "docx"
    assert documents.zip_kind(["xl/workbook.xml", "[Content_Types].xml"]) == "xlsx"
    assert documents.zip_kind(["ppt/presentation.xml"]) == "pptx"
    assert documents.zip_kind(["mimetype", "content.xml"]) == "odf"
    assert documents.zip_kind(["readme.txt"]) == "zip"
