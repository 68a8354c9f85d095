"""``loa plan parse FILE [--json]``: read and parse a plan document, print what was found.

No Django and no database: the same reading and parsing the import uses, for checking a file
or scripting. ``--json`` prints the parsed document (keys in docs/api.md#plan-parse); without
it, a short human-readable summary. Exit status 2 when the file cannot be read."""

from __future__ import annotations

import argparse
import json
import os
import sys

from .model import DocumentError


def _progress(done, total, message=""):
    print(f"\r{message or 'page'} {done}/{total}", end="", file=sys.stderr, flush=True)
    if done >= total:
        print(file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="loa plan parse",
                                     description="Read a plan document and print what was parsed.")
    parser.add_argument("file", help=".docx, .pdf, image (.png/.jpg/.tif) or .txt")
    parser.add_argument("--json", action="store_true", help="print the parsed document as JSON")
    parser.add_argument("--max-pages", type=int,
                        default=int(os.environ.get("LOA_MAX_DOCUMENT_PAGES", "100")))
    parser.add_argument("--no-repair", action="store_true",
                        help="do not correct OCR damage / missing diacritics")
    parser.add_argument("--quiet", action="store_true", help="no progress on standard error")
    args = parser.parse_args(argv)

    from . import parse_document, read_document

    try:
        doc = read_document(args.file, max_pages=args.max_pages, repair=not args.no_repair,
                            progress=None if args.quiet else _progress)
    except FileNotFoundError:
        print(f"loa plan parse: {args.file}: no such file", file=sys.stderr)
        return 2
    except DocumentError as error:
        print(f"loa plan parse: {args.file}: {error.message} ({error.code})", file=sys.stderr)
        return 2
    parsed = parse_document(doc).to_json()
    if args.json:
        json.dump(parsed, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"{parsed.get('doc_type') or '?'} {parsed.get('code') or '?'} — "
          f"{parsed.get('place') or '?'}, {parsed.get('date') or '?'}")
    print(parsed.get("summary") or "")
    for entry in parsed.get("assignments") or []:
        print(f"  {entry.get('item')}. {'; '.join(entry.get('units') or [])} "
              f"({len(entry.get('tasks') or [])} task(s))")
    for warning in parsed.get("warnings") or []:
        print(f"warning: {warning.get('message') if isinstance(warning, dict) else warning}",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
