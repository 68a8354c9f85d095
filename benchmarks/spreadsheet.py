"""Spreadsheet import speed: ``python -m benchmarks.spreadsheet`` (from the repository root, with
the virtual environment's Python).

Builds a fresh SQLite database in a temporary data directory (the configured database is never
touched) with one active plan, a newspaper with one assignment and 20,000 activities already
recorded (the duplicate check reads them), and a unit officer. Then it writes an .xlsx of
``--rows`` activities (5,000 by default, LOA_MAX_IMPORT_ROWS) as a unit fills the template in —
every channel, about one in ten a broadcast with its airtime, a theme on half of them — and
times, over ``--runs`` runs (a fresh copy of the rows each time, the previous import deleted):

- checking the file (``parse_activities``: the container guard, openpyxl, every row through the
  activity writer's rules, duplicates);
- saving it (``import_activities``: one transaction, with the audit records);

and prints one table: median and slowest seconds, and rows per second.

Options: --rows N, --runs N, --keep.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import shutil
import statistics
import sys
import tempfile
import time

from .pages import setup_django


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.spreadsheet", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary data directory (and print where it is)")
    return parser.parse_args(argv)


def build():
    """The plan, the newspaper, its assignment, its officer and 20,000 recorded activities."""
    from django.contrib.auth import get_user_model

    from loa.org.models import Membership, Role, Unit, UnitKind
    from loa.plans.models import Activity, Assignment, Plan, PlanItem, PlanStatus, Theme

    city = Unit.objects.create(name="Thành phố Hải Phòng", kind=UnitKind.PROVINCE)
    paper = Unit.objects.create(name="Báo Hải Phòng", kind=UnitKind.NEWSPAPER, parent=city)
    plan = Plan.objects.create(code="130/KH-STTTT", summary="Tuyên truyền Quyết định 628",
                               issued_on=dt.date(2020, 9, 8), status=PlanStatus.ACTIVE)
    theme = Theme.objects.create(plan=plan, title="Đổi mới giáo dục và đào tạo")
    item = PlanItem.objects.create(plan=plan, number="2", title="Báo Hải Phòng")
    assignment = Assignment.objects.create(plan=plan, item=item, lead_unit=paper, task="Tin bài",
                                           channels=["press"], due_date=dt.date(2030, 12, 31))
    start = dt.date.today() - dt.timedelta(days=400)
    Activity.objects.bulk_create(
        Activity(assignment=assignment, plan=plan, unit=paper, channel="press",
                 title=f"Bài đã ghi nhận {n}", published_on=start + dt.timedelta(days=n % 380))
        for n in range(20_000))
    user = get_user_model().objects.create_user("officer", password="-")
    Membership.objects.create(user=user, unit=paper, role=Role.UNIT_OFFICER)
    return assignment, theme, user


def workbook(assignment, theme, rows: int, run: int) -> bytes:
    from openpyxl import Workbook

    from loa.plans.spreadsheet import ACTIVITY_SHEET, COLUMNS, assignment_code

    channels = ["Báo chí", "Cổng thông tin điện tử", "Facebook", "Zalo", "YouTube", "Sự kiện"]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(ACTIVITY_SHEET)
    ws.append([c.header for c in COLUMNS])
    day = dt.date.today() - dt.timedelta(days=1)
    for n in range(rows):
        broadcast = n % 10 == 0
        ws.append([assignment_code(assignment.pk), "Phát thanh" if broadcast else
                   channels[n % len(channels)], f"Tin bài số {n} (lượt {run})",
                   (day - dt.timedelta(days=n % 300)).strftime("%d/%m/%Y"),
                   f"https://baohaiphong.vn/tin-{run}-{n}", "12,5" if broadcast else None,
                   1000 + n, theme.title if n % 2 else None, ""])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def main(argv=None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    data_dir = tempfile.mkdtemp(prefix="loa-bench-xlsx-")
    try:
        setup_django(data_dir)
        from loa.plans.models import Activity
        from loa.plans.spreadsheet import import_activities, parse_activities

        assignment, theme, user = build()
        check, save = [], []
        for run in range(args.runs):
            data = workbook(assignment, theme, args.rows, run)
            started = time.perf_counter()
            result = parse_activities(data, user)
            check.append(time.perf_counter() - started)
            assert result.ok, (result.errors, result.invalid_rows[:1])
            started = time.perf_counter()
            count = import_activities(result, user)
            save.append(time.perf_counter() - started)
            assert count == args.rows
            Activity.objects.filter(source="xlsx").delete()
            sys.stderr.write(f"\rrun {run + 1}/{args.runs}")
        sys.stderr.write("\n")
        print(f"\n{args.rows:,} rows, {args.runs} runs; 20,000 activities already recorded "
              f"(SQLite, {data_dir})\n")
        print("| step | median s | slowest s | rows/s |")
        print("|---|---:|---:|---:|")
        for name, times in (("check the file", check), ("save the rows", save)):
            median = statistics.median(times)
            print(f"| {name} | {median:.2f} | {max(times):.2f} | {args.rows / median:,.0f} |")
        return 0
    finally:
        if args.keep:
            print(f"data kept in {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
