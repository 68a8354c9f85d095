"""The ``loa`` command: every Django management command (``loa demo``, ``loa serve`` among them)
``loa text`` (the Vietnamese text engine, :mod:`loa.vitext.cli`) and ``loa plan parse``
(:mod:`loa.documents.cli`), which need no database.

``loa demo`` always works on a fresh SQLite database in a temporary data directory, so it can
never touch real data (and needs no database server).
"""

import os
import sys
import tempfile


def main(argv=None):
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "text":  # the text engine needs neither Django nor a database
        from loa.vitext.cli import main as text_main

        sys.exit(text_main(argv[2:]))
    if len(argv) > 2 and argv[1] == "plan" and argv[2] == "parse":  # no database either
        from loa.documents.cli import main as parse_main

        sys.exit(parse_main(argv[3:]))
    if len(argv) > 1 and argv[1] == "demo" and not {"-h", "--help"} & set(argv):
        os.environ["LOA_DATA_DIR"] = tempfile.mkdtemp(prefix="loa-demo-")
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loa.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
