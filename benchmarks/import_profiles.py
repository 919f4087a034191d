"""Import speed and memory through a column mapping (profile), CSV and XLSX, against the plain import.

usage: python benchmarks/import_profiles.py [--records 100000] [--xlsx-rows 50000] [--rounds 2]
                                            [--baseline-python OTHER_CHECKOUT/.venv/bin/python]

Generates the same records twice: in the import format (CSV, as `heritrace objects import` reads
it without a profile) and in the layout of `examples/profiles/national-stolen-register.toml`
(French column names, semicolons, height and width in their own columns, the register's own
offence codes). Each round imports, in child processes on fresh SQLite stores and one after the
other, the plain file (with ``--baseline-python`` also with another checkout's code) and the file
through the profile, so that a busy machine slows all of them alike; then a workbook of
``--xlsx-rows`` rows through the same profile. Peak RSS is measured in the importing process and
its largest worker, and CPU time in both: on a shared machine the CPU time per record is the figure
that compares with a quiet one.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PROFILE = REPO / "examples" / "profiles" / "national-stolen-register.toml"
HEADERS = [
    "N° de dossier", "Catégorie", "Désignation", "Auteur", "Datation", "Matière et technique",
    "Hauteur (cm)", "Largeur (cm)", "Inscriptions", "Description", "Pays", "Département",
    "Type d'atteinte", "Date des faits", "Lieu des faits", "Circonstances", "Service enquêteur",
    "Référence procédure", "N° Interpol",
]  # fmt: skip
TYPES = ["Tableau", "Statue", "Icône", "Monnaie", "Dessin", "Vase", "Manuscrit", "Gravure"]
DATES = ["XVIe siècle", "vers 1650", "1785-1830", "IVe siècle av. J.-C.", "fin du XIXe siècle", "1902"]
MATERIALS = ["Huile sur toile", "Bois polychrome", "Or", "Terre cuite", "Pierre noire sur papier"]
OFFENCES = {"VOL": "theft", "FCL": "illegal_excavation", "DIS": "disappearance", "Vol": "theft"}
MAKERS = ["", "Anonyme", "École flamande"]
COUNTRIES = ["France", "Italie", "Grèce", "Ukraine", "Cambodge", "Pérou"]


def rows(count: int):
    rng = random.Random(16)
    for n in range(count):
        offence = rng.choice(list(OFFENCES))
        yield [
            f"B-{n:07d}", rng.choice(TYPES), f"Objet {n} de la paroisse", rng.choice(MAKERS),
            rng.choice(DATES), rng.choice(MATERIALS), str(rng.randint(5, 200)), str(rng.randint(5, 200)),
            "", f"Description de l'objet {n}, cadre doré, petite restauration", rng.choice(COUNTRIES), "",
            offence, str(rng.randint(1990, 2024)), "Église paroissiale", "", "Gendarmerie nationale",
            f"PV {n}", "",
        ]  # fmt: skip


def write_register(path: Path, count: int) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(HEADERS)
        writer.writerows(rows(count))


def write_import_format(path: Path, count: int) -> None:
    """The same records as `heritrace objects import` reads them without a profile."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "status", "classification", "type_of_object", "title", "maker",
                         "date_or_period", "materials_techniques", "measurements", "description", "country",
                         "incident_type", "incident_date", "incident_place",
                         "incident_reporting_organisation",
                         "incident_reference"])  # fmt: skip
        for r in rows(count):
            writer.writerow([f"NSR-{r[0]}", "stolen", "public", r[1], r[2], r[3], r[4], r[5],
                             f"hauteur {r[6]} cm; largeur {r[7]} cm", r[9], r[10], OFFENCES[r[12]], r[13],
                             r[14], r[16], r[17]])  # fmt: skip


def write_workbook(path: Path, count: int) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Register")
    sheet.append(HEADERS)
    for r in rows(count):
        r[6], r[7] = int(r[6]), int(r[7])  # numbers as a spreadsheet holds them
        sheet.append(r)
    book.save(path)


CHILD = """
import json, resource, sys, time
from pathlib import Path
from heritrace.core.actor import SYSTEM
from heritrace.core.settings import Settings
from heritrace.objects.transfer import RegisterImporter
try:
    from heritrace.objects.transfer import import_workers
except ImportError:  # older code
    from heritrace.cli.objects import import_workers
from heritrace.platform import Heritrace
data, register, profile, records = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
p = Heritrace(Settings(data_dir=data, database_url=None))
options = {}
if profile:
    from heritrace.objects.profiles import load_profile
    options["profile"] = load_profile(Path(profile))
t = time.perf_counter()
importer = RegisterImporter(p.sessions, p.images, SYSTEM, workers=import_workers(records), **options)
report = importer.run(register)
elapsed = time.perf_counter() - t
me, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": elapsed, "inserted": report.inserted, "rejected": len(report.rejected),
                  "cpu_s": me.ru_utime + me.ru_stime, "worker_cpu_s": workers.ru_utime + workers.ru_stime,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "worker_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def run(python: str, work: Path, register: Path, profile: Path | None, records: int, name: str) -> dict:
    data = Path(tempfile.mkdtemp(prefix="data-", dir=work))
    args = [python, "-c", CHILD, str(data), str(register), str(profile or ""), str(records)]
    out = subprocess.run(args, check=True, capture_output=True, text=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    rate = result["inserted"] / result["seconds"]
    print(
        f"{name:<28} {result['inserted']:>7} records in {result['seconds']:6.1f} s = {rate:7,.0f} records/s, "
        f"rejected {result['rejected']}, CPU {result['cpu_s']:.1f} s importer + "
        f"{result['worker_cpu_s']:.1f} s workers, peak RSS {result['peak_rss_mb']:.0f} MB importer + "
        f"{result['worker_peak_rss_mb']:.0f} MB largest worker",
        flush=True,
    )
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--xlsx-rows", type=int, default=50_000)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--baseline-python", default=None, help="interpreter of another checkout (the old code)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="heritrace-profiles-") as tmp:
        work = Path(tmp)
        plain, mapped, book = work / "plain.csv", work / "register.csv", work / "register.xlsx"
        write_import_format(plain, args.records)
        write_register(mapped, args.records)
        for n in range(1, args.rounds + 1):
            print(f"round {n}")
            if args.baseline_python:
                run(args.baseline_python, work, plain, None, args.records, "plain CSV, baseline code")
            run(sys.executable, work, plain, None, args.records, "plain CSV")
            run(sys.executable, work, mapped, PROFILE, args.records, "CSV through the profile")
        if args.xlsx_rows:
            write_workbook(book, args.xlsx_rows)
            run(sys.executable, work, book, PROFILE, args.xlsx_rows, "XLSX through the profile")


if __name__ == "__main__":
    main()
