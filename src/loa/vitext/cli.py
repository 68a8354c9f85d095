"""``loa text …``: the text engine from the command line, without Django or a database.

    loa text restore [FILE]   add diacritics to text typed without them
    loa text repair [FILE]    correct text OCR'd with a non-Vietnamese model
    loa text train [...]      build the language model (the options of
                              python -m loa.vitext.training.train_lm)

Input is UTF-8 from FILE or standard input; output goes to standard output line for line (blank
lines kept). Lines are processed in batches, so a 100,000-line file needs no more memory than a
short one.
"""

import argparse
import io
import sys

BATCH_LINES = 200


def _batches(stream, size=BATCH_LINES):
    batch = []
    for line in stream:
        batch.append(line)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def stream_lines(function, source, target, size=BATCH_LINES) -> int:
    """Apply ``function`` (text → text, keeping line breaks) to ``source`` in batches of lines."""
    count = 0
    for batch in _batches(source, size):
        text = "".join(batch)
        ends_with_newline = text.endswith("\n")
        body = text[:-1] if ends_with_newline else text
        target.write(function(body) + ("\n" if ends_with_newline else ""))
        count += len(batch)
    target.flush()
    return count


def _open(path):
    if path in (None, "-"):
        return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace",
                                newline=None)
    return open(path, encoding="utf-8", errors="replace")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="loa text", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    restore_cmd = commands.add_parser("restore", help="add diacritics to text typed without them")
    restore_cmd.add_argument("file", nargs="?", help="UTF-8 text file (default: standard input)")
    restore_cmd.add_argument("--tone-style", choices=["new", "old"], default="old",
                             help="old: hòa, thủy (default, as in documents); new: hoà, thuỷ")
    repair_cmd = commands.add_parser("repair",
                                     help="correct text OCR'd with a non-Vietnamese model")
    repair_cmd.add_argument("file", nargs="?", help="UTF-8 text file (default: standard input)")
    repair_cmd.add_argument("--tone-style", choices=["new", "old"], default="old",
                            help="old: hòa, thủy (default, as in documents); new: hoà, thuỷ")
    commands.add_parser("train", help="build the language model", add_help=False)

    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["train"]:
        from .training.train_lm import main as train_main  # the only way into training code

        return train_main(argv[1:])
    args = parser.parse_args(argv)

    try:
        if args.command == "repair":
            from .repair import get_repairer

            repairer = get_repairer()

            def function(text):
                return repairer.repair(text, args.tone_style)
        else:
            from .restorer import get_restorer

            restorer = get_restorer()

            def function(text):
                return restorer.restore(text, args.tone_style)
    except FileNotFoundError as error:
        print(error, file=sys.stderr)
        return 2
    output = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n",
                              line_buffering=False)
    try:
        with _open(args.file) as source:
            stream_lines(function, source, output)
    except FileNotFoundError:
        print(f"file not found: {args.file}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
