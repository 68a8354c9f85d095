"""Page speed with realistic data: ``python -m benchmarks.pages`` (from the repository root, with
the virtual environment's Python).

Builds a fresh SQLite database in a temporary data directory (the configured database is never
touched): 1 active plan, 300 units (city units, 15 districts with their culture offices and radio
stations, communes with their radio stations), one assignment per unit and plan item as the plan
130/KH-STTTT gives them, and 200,000 activities over the last year, skewed towards the busy city
units as in real life. Then it times, through Django's test client (the whole middleware stack,
sessions and templates included):

- the plan dashboard, as department staff (every unit's figures);
- "my unit", as the unit officer of the busiest unit;
- the plan detail page, as department staff (for information).

and prints one table: median and 95th percentile milliseconds over the runs (after warm-up runs)
and the number of SQL queries per request. Targets: under 150 ms median and 300 ms p95.

Options: --activities N, --runs N, --warmup N, --keep (keep the data directory and print it),
--seed N.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import sys
import tempfile
import time

TARGET_MEDIAN_MS = 150
TARGET_P95_MS = 300
BATCH = 5000


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pages", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--activities", type=int, default=200_000)
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary data directory (and print where it is)")
    return parser.parse_args(argv)


def setup_django(data_dir):
    """Point Loa at a fresh SQLite database in ``data_dir`` (before Django reads settings)."""
    os.environ["LOA_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "loa.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def progress(label, done, total, every=1):
    """A one-line "label: done/total" counter on stderr."""
    if done % every and done < total:
        return
    sys.stderr.write(f"\r{label}: {done:,}/{total:,}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


# --- data ----------------------------------------------------------------------------------------
def build(n_units=300, n_activities=200_000, seed=2020):
    """Create the units, plan, assignments and activities; return what the measurements need."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from loa.org.models import Membership, Role, Unit, UnitGroup, UnitKind
    from loa.plans.models import (
        Activity,
        ActivitySource,
        Assignment,
        Channel,
        Plan,
        PlanItem,
        PlanStatus,
        ReportingPeriod,
        Theme,
    )

    rng = random.Random(seed)
    today = timezone.localdate()
    start = today - dt.timedelta(days=365)
    K = UnitKind
    C = Channel

    with transaction.atomic():
        # Units --------------------------------------------------------------------------------
        made = []

        def unit(name, kind, parent=None, short="", code=""):
            u = Unit.objects.create(name=name, kind=kind, parent=parent, short_name=short,
                                    code=code)
            made.append(u)
            progress("units", len(made), n_units, every=25)
            return u

        city = unit("Thành phố Hải Phòng", K.PROVINCE, code="31", short="Hải Phòng")
        dept = unit("Sở Thông tin và Truyền thông", K.DEPARTMENT, city, "Sở TTTT")
        offices = [unit(name, K.DEPARTMENT_OFFICE, dept, short) for name, short in [
            ("Phòng Thông tin, Báo chí và Xuất bản", "P.TTBCXB"),
            ("Trung tâm Thông tin và Truyền thông", "Trung tâm TTTT"),
            ("Thanh tra Sở", "Thanh tra Sở")]]
        education = unit("Sở Giáo dục và Đào tạo", K.DEPARTMENT, city, "Sở GD&ĐT")
        media = [unit(name, kind, city, short) for name, kind, short in [
            ("Đài Phát thanh và Truyền hình Hải Phòng", K.RADIO_TV, "Đài PT&TH"),
            ("Báo Hải Phòng", K.NEWSPAPER, "Báo HP"),
            ("Báo An ninh Hải Phòng", K.NEWSPAPER, "Báo An ninh HP"),
            ("Cổng Thông tin điện tử thành phố Hải Phòng", K.E_PORTAL, "Cổng TTĐT")]]
        [unit(f"Cơ quan báo chí {i}", K.PRESS_AGENCY, city) for i in range(1, 4)]
        districts = []
        for i in range(1, 16):
            d = unit(f"Quận {i:02d}", K.DISTRICT, city, f"{i:02d}", code=str(300 + i))
            unit(f"Phòng Văn hóa và Thông tin quận {i:02d}", K.DISTRICT_CULTURE_OFFICE, d)
            unit(f"Đài Truyền thanh quận {i:02d}", K.DISTRICT_RADIO, d)
            districts.append(d)
        i = 0
        while len(made) + 2 <= n_units:  # communes and their radio stations fill the rest
            i += 1
            d = districts[i % len(districts)]
            c = unit(f"Phường {i:03d} quận {d.short_name}", K.COMMUNE, d, code=str(10000 + i))
            unit(f"Đài Truyền thanh phường {i:03d} quận {d.short_name}", K.COMMUNE_RADIO, c)
        groups = {
            "offices": UnitGroup.objects.create(name="Phòng Văn hóa và Thông tin các quận, huyện",
                                                kinds=[K.DISTRICT_CULTURE_OFFICE], within=city),
            "radios": UnitGroup.objects.create(
                name="Đài Truyền thanh các quận, huyện, xã, phường, thị trấn",
                kinds=[K.DISTRICT_RADIO, K.COMMUNE_RADIO], within=city),
            "press": UnitGroup.objects.create(
                name="Các cơ quan báo chí trên địa bàn thành phố",
                kinds=[K.NEWSPAPER, K.RADIO_TV, K.PRESS_AGENCY], within=city),
        }

        # Plan and assignments -----------------------------------------------------------------
        plan = Plan.objects.create(
            code="130/KH-STTTT", number="130", symbol="KH-STTTT", issuer=dept,
            issuer_name="Sở Thông tin và Truyền thông", place="Hải Phòng",
            issued_on=start, starts_on=start, status=PlanStatus.ACTIVE,
            summary="Tuyên truyền thực hiện Quyết định số 628/QĐ-TTg (dữ liệu đo tốc độ)",
        )
        themes = [Theme.objects.create(plan=plan, title=f"Nội dung {n}", order=n)
                  for n in (1, 2)]
        items = {}
        for order, number in enumerate(["1", "2", "3", "4", "5", "6", "6.1", "6.2", "6.3"]):
            items[number] = PlanItem.objects.create(
                plan=plan, number=number, title=f"Mục {number}", order=order,
                parent=items.get(number.split(".")[0]) if "." in number else None)
        regular = {"is_regular": True, "reporting_period": ReportingPeriod.MONTH}

        def due(days):
            return {"due_date": today + dt.timedelta(days=days)}

        fan = Assignment.fan_out
        fan(item=items["1"], units=[education], task="Cung cấp thông tin",
            channels=[C.E_PORTAL, C.EVENT], supporting_units=[dept], **regular)
        fan(item=items["2"], units=media, task="Tăng cường tin bài\nPhản bác thông tin sai",
            channels=[C.PRESS, C.TELEVISION, C.RADIO, C.E_PORTAL, C.FACEBOOK], **regular)
        fan(item=items["3"], groups=[groups["offices"]], task="Đăng tải tin, bài",
            channels=[C.E_PORTAL, C.FACEBOOK, C.ZALO, C.YOUTUBE, C.LOUDSPEAKER], **due(21))
        fan(item=items["4"], groups=[groups["radios"]], task="Phát sóng",
            channels=[C.RADIO, C.LOUDSPEAKER], **regular)
        fan(item=items["5"], groups=[groups["press"]], task="Phối hợp thông tin",
            channels=[C.PRESS, C.E_PORTAL], **due(-14))
        for number, office in zip(["6.1", "6.2", "6.3"], offices):
            fan(item=items[number], units=[office], task="Nhiệm vụ của đơn vị",
                channels=[C.E_PORTAL, C.FACEBOOK], **due(rng.choice([-20, 10, 30])))
        assignments = list(Assignment.objects.filter(plan=plan).select_related("lead_unit"))
        for a in rng.sample(assignments, len(assignments) // 10):
            a.completed_at = timezone.now() - dt.timedelta(days=rng.randint(1, 40))
            a.save(update_fields=["completed_at"])

        # Activities: city media are the busiest (Báo Hải Phòng most of all), communes quietest.
        weight_by_kind = {K.NEWSPAPER: 60, K.RADIO_TV: 60, K.E_PORTAL: 40, K.PRESS_AGENCY: 15,
                          K.DEPARTMENT: 10, K.DEPARTMENT_OFFICE: 10,
                          K.DISTRICT_CULTURE_OFFICE: 12, K.DISTRICT_RADIO: 10,
                          K.COMMUNE_RADIO: 4}
        weights = [weight_by_kind.get(a.lead_unit.kind, 5) for a in assignments]
        busy = next(u for u in media if u.name == "Báo Hải Phòng")
        for index, a in enumerate(assignments):
            if a.lead_unit_id == busy.pk:
                weights[index] *= 4
        picks = rng.choices(assignments, weights=weights, k=n_activities)
        staff = get_user_model().objects.create_user("bench-staff", password="bench")
        Membership.objects.create(user=staff, unit=dept, role=Role.DEPARTMENT_STAFF)
        officer = get_user_model().objects.create_user("bench-officer", password="bench")
        Membership.objects.create(user=officer, unit=busy, role=Role.UNIT_OFFICER)

        span = (today - start).days
        batch = []
        for n, a in enumerate(picks, 1):
            channel = rng.choice(a.channels)
            broadcast = channel in (C.TELEVISION, C.RADIO, C.LOUDSPEAKER)
            batch.append(Activity(
                assignment_id=a.pk, plan_id=plan.pk, unit_id=a.lead_unit_id, channel=channel,
                title=f"Tin bài tuyên truyền số {n}", published_on=start + dt.timedelta(
                    days=rng.randint(0, span)),
                url=f"https://example.vn/bai-{n}.html" if not broadcast else "",
                airtime_minutes=rng.randint(3, 30) if broadcast else None,
                reach=rng.randint(100, 20000) if rng.random() < 0.5 else None,
                theme=rng.choice(themes), source=ActivitySource.SPREADSHEET,
            ))
            if len(batch) == BATCH or n == n_activities:
                Activity.objects.bulk_create(batch)
                batch.clear()
                progress("activities", n, n_activities)
    busy_count = Activity.objects.filter(unit=busy).count()
    return {"plan": plan, "staff": staff, "officer": officer, "busy": busy,
            "busy_activities": busy_count, "units": Unit.objects.count(),
            "assignments": len(assignments), "activities": Activity.objects.count()}


# --- measurement ---------------------------------------------------------------------------------
def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def measure(user, url, runs, warmup):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    for _ in range(warmup):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(timings), percentile(timings, 0.95), len(queries)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    data_dir = tempfile.mkdtemp(prefix="loa-bench-")
    try:
        setup_django(data_dir)
        from django.urls import reverse

        started = time.monotonic()
        data = build(args.units, args.activities, args.seed)
        print(f"Built {data['units']} units, 1 plan, {data['assignments']} assignments, "
              f"{data['activities']:,} activities in {time.monotonic() - started:.0f} s "
              f"(SQLite, {data_dir}); busiest unit {data['busy'].name}: "
              f"{data['busy_activities']:,} activities.")
        plan = data["plan"]
        pages = [
            ("plan dashboard (department staff)", data["staff"],
             reverse("plan_dashboard", args=[plan.pk]), True),
            ("my unit (officer of the busiest unit)", data["officer"], reverse("my_unit"), True),
            ("plan detail (department staff)", data["staff"],
             reverse("plan_detail", args=[plan.pk]), False),
        ]
        rows = []
        for label, user, url, targeted in pages:
            median, p95, queries = measure(user, url, args.runs, args.warmup)
            ok = median < TARGET_MEDIAN_MS and p95 < TARGET_P95_MS
            rows.append((label, median, p95, queries,
                         ("yes" if ok else "NO") if targeted else "—"))
        print()
        print(f"{args.runs} runs after {args.warmup} warm-up runs; targets: median < "
              f"{TARGET_MEDIAN_MS} ms, p95 < {TARGET_P95_MS} ms")
        header = ("page", "median ms", "p95 ms", "queries", "on target")
        width = max(len(r[0]) for r in rows + [header])
        print(f"| {header[0]:<{width}} | {header[1]:>9} | {header[2]:>6} | {header[3]:>7} | "
              f"{header[4]:>9} |")
        print(f"|{'-' * (width + 2)}|{'-' * 10}:|{'-' * 7}:|{'-' * 8}:|{'-' * 10}:|")
        for label, median, p95, queries, ok in rows:
            print(f"| {label:<{width}} | {median:9.1f} | {p95:6.1f} | {queries:7d} | {ok:>9} |")
        return 0 if all(r[4] != "NO" for r in rows) else 1
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep:
            print(f"Data kept in {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
