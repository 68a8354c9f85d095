"""``loa plan import FILE [--active]``: create a plan from a document (``loa plan parse`` reads
one without the database: see loa.documents.cli)."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from loa.plans.importer import PlanImportError, import_file


class Command(BaseCommand):
    help = _("Create a plan from a document: loa plan import FILE [--active]. "
             "(loa plan parse FILE --json prints what is read, without the database.)")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        importing = sub.add_parser("import", help=_("create a draft plan from FILE"))
        importing.add_argument("file")
        importing.add_argument("--active", action="store_true",
                               help=_("create the plan active (default: draft, to review)"))
        importing.add_argument("--max-pages", type=int, default=None)
        sub.add_parser("parse", help=_("use `loa plan parse FILE --json`"))

    def handle(self, *args, **options):
        if options["action"] == "parse":
            raise CommandError(_("Run it as `loa plan parse FILE --json`."))
        from loa.documents import DocumentError
        from loa.plans.models import PlanStatus

        path = options["file"]

        def progress(done, total, message=""):
            self.stderr.write(f"\r{message or 'page'} {done}/{total}", ending="")
            if done >= total:
                self.stderr.write("")

        status = PlanStatus.ACTIVE if options["active"] else PlanStatus.DRAFT
        try:
            plan, proposal = import_file(path, status=status, progress=progress,
                                         max_pages=options["max_pages"])
        except FileNotFoundError:
            raise CommandError(_("%(file)s: no such file.") % {"file": path}) from None
        except DocumentError as error:
            raise CommandError(f"{path}: {error.message}") from None
        except PlanImportError as error:
            raise CommandError(error.message) from None
        for entry in proposal["assignments"]:
            for match in entry["matches"]:
                if match["status"] != "matched":
                    self.stderr.write(_("item %(item)s: no unit matched “%(name)s” (%(status)s)")
                                      % {"item": entry.get("item"), "name": match["written"],
                                         "status": match["status"]})
        self.stdout.write(_("Created plan %(code)s (%(status)s) with %(count)s assignment(s).")
                          % {"code": plan.code, "status": plan.get_status_display(),
                             "count": plan.assignments.count()})
        sys.stdout.flush()
