"""One guard for Office containers before any library opens them: zip packages (.docx, .xlsx)
and OLE compound files (legacy .doc/.xls, password-protected Office packages). No Django import.

Python's ``ZipFile.read(name)`` asks zlib for a whole member at once (up to 2 GiB) and only then
cuts it to the size the zip directory declares and checks the CRC: a 1 MB .docx or .xlsx whose
directory claims 1 MiB for a member that really inflates to 1 GiB makes it allocate about 2 GB,
and a member whose first declared bytes pass the CRC can hide gigabytes after them. python-docx
and openpyxl read whole members, so :func:`check_zip` inflates every member first, as a stream
in bounded steps, counting the bytes actually produced, never trusting the declared sizes:

* the zip directory must open, hold at most ``limits.members`` entries (counted from the
  central directory signatures before :mod:`zipfile` builds its list) and no encrypted member
  (flag bit 0) or compression other than stored and deflate;
* the declared sizes are checked against the limits first (an honest zip bomb is refused
  without inflating anything);
* then each member's compressed bytes (located through its local header) are inflated in steps
  of at most :data:`STEP` bytes: refused when the output goes past the declared size, when the
  compressed data goes on after the end of the stream or the stream does not end, when the CRC
  or the size does not match, and when the bytes actually inflated pass the limits (per member,
  in total, ratio to the compressed size for members over ``limits.ratio_from`` bytes).

Memory stays at a few hundred KB whatever the file claims; time is that of inflating what the
limits allow (about 0.5 s for 200 MB of output).

Every refusal is a :class:`ContainerError` (a :class:`~loa.documents.model.DocumentError`)
with a stable ``code`` and ``params``:

* ``"unsupported"`` — not a zip file at all (``kind="not_zip"``), or a member compressed with a
  method other than stored/deflate (``kind="zip"``, ``method``, ``member``);
* ``"corrupt"`` — the zip cannot be opened, is truncated, a member's local header, length,
  end of stream or CRC is wrong (``member``);
* ``"encrypted"`` — an encrypted zip member, or an OLE file holding an encrypted Office
  package;
* ``"too_large"`` — ``what`` names the limit: ``"members"`` (``found``, ``limit``),
  ``"unpacked"`` (total bytes; ``limit``), ``"member"`` (one member's bytes; ``member``,
  ``limit``), ``"ratio"`` (``member``, ``limit`` = the ratio), ``"declared"`` (a member that
  inflates past its declared size; ``member``, ``limit`` = the declared size);
* ``"old_office"`` — an OLE file that is not encrypted: a legacy Word/Excel/PowerPoint
  97–2003 file (:func:`check_ole`).

A caller checks :func:`check_ole` (when the data starts with :data:`OLE_MAGIC`), then
:func:`check_zip` with its limits, and tells the package type from the returned member names
with :func:`zip_kind`.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

from .model import DocumentError

__all__ = [
    "DOCX_LIMITS", "OLE_MAGIC", "XLSX_LIMITS", "ContainerError", "ZipLimits", "check_ole",
    "check_zip", "is_encrypted_ole", "is_ole", "zip_kind",
]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The stream names of an encrypted Office package (MS-OFFCRYPTO) in an OLE directory (UTF-16),
# and the plain spelling some writers leave beside them.
_ENCRYPTED_MARKERS = ("EncryptedPackage".encode("utf-16-le"),
                      "EncryptionInfo".encode("utf-16-le"), b"EncryptedPackage")

#: At most this many bytes are inflated (and this many compressed bytes fed) per zlib call.
STEP = 256 * 1024
_FEED = 64 * 1024
_CENTRAL_SIGNATURE = b"PK\x01\x02"
_LOCAL_SIGNATURE = b"PK\x03\x04"
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # as zipfile.structFileHeader
_STORED, _DEFLATED = zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED


@dataclass(frozen=True)
class ZipLimits:
    """What a zip container may hold. ``unpacked`` bounds the bytes of all members together,
    ``member`` one member's (None: only the total), ``ratio`` the inflated / compressed size of
    a member larger than ``ratio_from`` bytes. Sizes are bytes actually inflated."""

    members: int = 2000
    unpacked: int = 200 * 2**20
    member: int | None = None
    ratio: int = 100
    ratio_from: int = 2**20


#: .docx: Word documents with pictures (the limits the reader always had).
DOCX_LIMITS = ZipLimits(members=2000, unpacked=200 * 2**20, ratio=100)
#: .xlsx: activity reports (loa.plans.spreadsheet: MAX_MEMBERS, MAX_UNCOMPRESSED_BYTES,
#: MAX_RATIO, RATIO_MIN_BYTES).
XLSX_LIMITS = ZipLimits(members=1000, unpacked=50 * 2**20, ratio=200)


class ContainerError(DocumentError):
    """A zip or OLE container refused before any library opened it (codes in the module
    docstring)."""

    code = "corrupt"


# ---------------------------------------------------------------------------------------------
# OLE compound files


def is_ole(data: bytes) -> bool:
    """Whether ``data`` is an OLE compound file (legacy Office, or an encrypted package)."""
    return data[:8] == OLE_MAGIC


def is_encrypted_ole(data: bytes) -> bool:
    """Whether ``data`` is an OLE file holding a password-protected Office package."""
    return is_ole(data) and any(marker in data for marker in _ENCRYPTED_MARKERS)


def check_ole(data: bytes, *, label: str = "Office document") -> None:
    """Refuse an OLE file: "encrypted" for a password-protected Office package, "old_office"
    for any other (a .doc, .xls or .ppt of Office 97–2003). Data that is not OLE passes."""
    if not is_ole(data):
        return
    if is_encrypted_ole(data):
        raise ContainerError(f"The {label} is password-protected; remove the password and save "
                             f"it again.", code="encrypted")
    raise ContainerError(f"The {label} is a legacy Office 97–2003 file (OLE); save it again in "
                         f"the current format.", code="old_office")


# ---------------------------------------------------------------------------------------------
# Zip packages


def zip_kind(names: Iterable[str]) -> str:
    """The package type from its member names: "docx", "xlsx", "pptx", "odf" (OpenDocument)
    or "zip" (anything else)."""
    names = set(names)
    if "word/document.xml" in names or any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if any(n.startswith("ppt/") for n in names):
        return "pptx"
    if "content.xml" in names and "mimetype" in names:
        return "odf"
    return "zip"


def check_zip(data: bytes, limits: ZipLimits = DOCX_LIMITS, *,
              label: str = "zip file") -> list[str]:
    """Verify the zip ``data`` within ``limits`` by inflating every member in bounded steps
    (see the module docstring); the member names, in directory order, when it passed.
    ``label`` names the file in messages (".docx", ".xlsx"). Raises :class:`ContainerError`."""
    if not data.startswith(b"PK"):
        raise ContainerError(f"The {label} is not a zip file.", code="unsupported",
                             kind="not_zip")
    entries = data.count(_CENTRAL_SIGNATURE)  # at least the entries zipfile would list
    if entries > limits.members:
        raise _too_many(label, entries, limits)
    infos = _directory(data, label)
    if len(infos) > limits.members:
        raise _too_many(label, len(infos), limits)
    for info in infos:
        _check_entry(info, label)
        _check_sizes(info, info.file_size, limits, label, declared=True)
    declared = sum(info.file_size for info in infos)
    if declared > limits.unpacked:
        raise _too_much(label, declared, limits)
    view = memoryview(data)
    total = 0
    for info in infos:
        total += _verify_member(view, info, limits, label, limits.unpacked - total)
    return [info.filename for info in infos]


def _directory(data: bytes, label: str) -> list[zipfile.ZipInfo]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError,
            NotImplementedError, struct.error) as exc:
        raise ContainerError(f"The {label} is damaged and cannot be read ({exc}).",
                             code="corrupt") from exc


def _check_entry(info: zipfile.ZipInfo, label: str) -> None:
    if info.flag_bits & 0x1:
        raise ContainerError(f"The {label} is encrypted.", code="encrypted", member=info.filename)
    if info.compress_type not in (_STORED, _DEFLATED) or info.flag_bits & 0x20:
        raise ContainerError(f"The {label} holds a member compressed in a way Loa does not read "
                             f"({info.filename}: method {info.compress_type}).",
                             code="unsupported", kind="zip", method=info.compress_type,
                             member=info.filename)


def _check_sizes(info: zipfile.ZipInfo, size: int, limits: ZipLimits, label: str,
                 declared: bool = False) -> None:
    """Refuse ``size`` bytes of ``info`` (declared, or inflated so far) past the member limit
    or the ratio limit."""
    if limits.member is not None and size > limits.member:
        raise ContainerError(f"The {label} holds a member that unpacks to more than "
                             f"{_size(limits.member)} ({info.filename}).", code="too_large",
                             what="member", member=info.filename, limit=limits.member)
    if size > limits.ratio_from and size > limits.ratio * max(info.compress_size, 1):
        raise ContainerError(f"The {label} expands too much when unpacked ({info.filename}: "
                             f"{_size(info.compress_size)} to "
                             f"{'' if declared else 'more than '}{_size(size)}); it may be a "
                             f"zip bomb.", code="too_large", what="ratio", member=info.filename,
                             limit=limits.ratio)


def _verify_member(view: memoryview, info: zipfile.ZipInfo, limits: ZipLimits, label: str,
                   budget: int) -> int:
    """Inflate one member in bounded steps and check it; the bytes it really holds."""
    raw = _member_bytes(view, info, label)
    if info.compress_type == _STORED or not raw and info.file_size == 0:
        if len(raw) != info.file_size:
            raise _damaged(label, info, "its stored size is not its size")
        size, crc = len(raw), zlib.crc32(raw)
    else:
        size, crc = _inflate(raw, info, limits, label, budget)
    if crc != info.CRC:
        raise _damaged(label, info, "CRC mismatch")
    return size


def _member_bytes(view: memoryview, info: zipfile.ZipInfo, label: str) -> memoryview:
    """The member's compressed bytes, found through its local header as zipfile finds them."""
    start = info.header_offset
    header = bytes(view[start:start + _LOCAL_HEADER.size])
    if len(header) < _LOCAL_HEADER.size or header[:4] != _LOCAL_SIGNATURE:
        raise _damaged(label, info, "bad local header")
    fields = _LOCAL_HEADER.unpack(header)
    name_length, extra_length = fields[10], fields[11]
    name_start = start + _LOCAL_HEADER.size
    name = bytes(view[name_start:name_start + name_length])
    encoding = "utf-8" if fields[3] & 0x800 else "cp437"
    if name.decode(encoding, "replace") != info.orig_filename:
        raise _damaged(label, info, "the local header names another file")
    begin = name_start + name_length + extra_length
    end = begin + info.compress_size
    if end > len(view):
        raise _damaged(label, info, "truncated")
    return view[begin:end]


def _inflate(raw: memoryview, info: zipfile.ZipInfo, limits: ZipLimits, label: str,
             budget: int) -> tuple[int, int]:
    """Inflate ``raw`` (raw deflate) at most :data:`STEP` bytes a call: (size, CRC). Refused past
    the declared size, past ``budget`` (what the total limit leaves), past the member and ratio
    limits; the stream must end exactly at the end of the compressed bytes."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    size = crc = pos = 0
    while not inflater.eof:
        if inflater.unconsumed_tail:
            chunk = inflater.unconsumed_tail
        else:
            chunk = raw[pos:pos + _FEED]
            pos += len(chunk)
        try:
            out = inflater.decompress(chunk, STEP)
        except zlib.error as exc:
            raise _damaged(label, info, f"bad compressed data: {exc}") from exc
        if not out and not chunk:
            raise _damaged(label, info, "the compressed data ends before the stream does")
        size += len(out)
        crc = zlib.crc32(out, crc)
        if size > info.file_size:
            raise ContainerError(f"The {label} holds a member that unpacks to more than it "
                                 f"declares ({info.filename}: more than "
                                 f"{_size(info.file_size)}); it may be a zip bomb.",
                                 code="too_large", what="declared", member=info.filename,
                                 limit=info.file_size)
        if size > budget:
            raise _too_much(label, limits.unpacked + size - budget, limits)
        _check_sizes(info, size, limits, label)
    if inflater.unused_data or pos < len(raw):
        raise _damaged(label, info, "compressed data after the end of the stream")
    if size != info.file_size:
        raise _damaged(label, info, "shorter than declared")
    return size, crc


def _too_many(label: str, found: int, limits: ZipLimits) -> ContainerError:
    return ContainerError(f"The {label} holds {found} files, more than {limits.members}.",
                          code="too_large", what="members", found=found, limit=limits.members)


def _too_much(label: str, total: int, limits: ZipLimits) -> ContainerError:
    return ContainerError(f"The {label} unpacks to {_size(total)}, more than the limit of "
                          f"{_size(limits.unpacked)}.", code="too_large", what="unpacked",
                          limit=limits.unpacked)


def _damaged(label: str, info: zipfile.ZipInfo, why: str) -> ContainerError:
    return ContainerError(f"The {label} is damaged and cannot be read ({info.filename}: {why}).",
                          code="corrupt", member=info.filename)


def _size(n: int) -> str:
    return f"{n / 2**20:.0f} MB" if n >= 2**20 else f"{n} bytes"
