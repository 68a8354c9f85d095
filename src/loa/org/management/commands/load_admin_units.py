"""``loa load_admin_units``: administrative units from the ``vietnamadminunits`` package."""

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from loa.org import adminunits
from loa.org.models import UnitKind


def parse_day(text):
    """A date as YYYY-MM-DD (or DD/MM/YYYY); "none" or "open" for no limit."""
    import argparse

    value = (text or "").strip().lower()
    if value in {"", "none", "open"}:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(
        _("“%(value)s” is not a date: write it as YYYY-MM-DD, e.g. 2025-06-30.") % {"value": text}
    )


class Progress:
    """A one-line "n/total" counter (on a command's stderr), redrawn a few times a second."""

    def __init__(self, stream, label, enabled=True):
        self.stream, self.label, self.enabled = stream, label, enabled
        self.last = 0.0
        self.shown = False

    def __call__(self, done, total):
        if not self.enabled:
            return
        now = time.monotonic()
        if done == total or now - self.last > 0.2:
            self.last = now
            self.stream.write(f"\r{self.label} {done}/{total}", ending="")
            self.stream.flush()
            self.shown = True

    def finish(self):
        if self.shown:
            self.stream.write("")
            self.stream.flush()


class Command(BaseCommand):
    help = _(
        "Load provinces, districts and communes from the vietnamadminunits package: the "
        "structure before 1 July 2025 (legacy) or the current one. Running it again creates "
        "nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province", help=_(
                "Only this province or city, by name or code (accents optional), e.g. "
                "\"Hải Phòng\"."),
        )
        parser.add_argument(
            "--structure", choices=adminunits.STRUCTURES, default=adminunits.CURRENT,
            help=_(
                "legacy: 63 provinces with districts (to 30 June 2025); current: 34 provinces, "
                "communes directly under the province (from 1 July 2025). Default: current."),
        )
        parser.add_argument(
            "--valid-from", type=parse_day, default=adminunits.UNSET,
            help=_("First day the units are valid (default: 2025-07-01 for current, "
                              "open for legacy)."),
        )
        parser.add_argument(
            "--valid-to", type=parse_day, default=adminunits.UNSET,
            help=_("Last day the units are valid (default: 2025-06-30 for legacy, "
                              "open for current); \"none\" for no end."),
        )
        parser.add_argument(
            "--with-stations", action="store_true",
            help=_("Also create each district's culture-information office and radio "
                              "station, and each commune's radio station."),
        )

    def handle(self, *args, **options):
        structure = options["structure"]
        try:
            adminunits.read_structure(structure, options["province"])
        except adminunits.AdminUnitsError:
            raise CommandError(
                _("No province or city named “%(name)s” in the %(structure)s structure.")
                % {"name": options["province"], "structure": structure}
            ) from None
        progress = Progress(self.stderr, _("Administrative units:"),
                            enabled=options["verbosity"] >= 1)
        try:
            result = adminunits.load(
                structure, province=options["province"], valid_from=options["valid_from"],
                valid_to=options["valid_to"], with_stations=options["with_stations"],
                progress=progress,
            )
        except adminunits.AdminUnitsError:
            progress.finish()
            raise CommandError(_("The end of validity is before its start.")) from None
        progress.finish()
        if options["verbosity"] >= 1:
            self.stdout.write(self.describe(result))

    @staticmethod
    def describe(result):
        def counts(counter):
            parts = [f"{counter[kind]} {label.lower()}" for kind, label in UnitKind.choices
                     if counter[kind]]
            return "; ".join(parts) if parts else "0"

        return _("Created: %(created)s. Already present: %(existing)s.") % {
            "created": counts(result.created), "existing": counts(result.existing),
        }
