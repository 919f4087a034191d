"""Fan-out of one alert to N members (default 5,000): time until all in-app deliveries are done.

    python benchmarks/alert_fanout.py [--members 5000]

Members are bulk-inserted (no password hashing); the fan-out runs in-process (immediate job mode).
E-mail and webhook throughput against local receivers is not measured yet.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, insert, select

from heritrace.accounts.models import User
from heritrace.alerts.models import AlertDelivery, AlertSubscription
from heritrace.alerts.schemas import AlertIn
from heritrace.core.actor import SYSTEM
from heritrace.core.settings import Settings
from heritrace.partners.models import Organisation
from heritrace.platform import Heritrace


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=5000)
    n = parser.parse_args().members
    platform = Heritrace(Settings(mode="test", data_dir=Path(tempfile.mkdtemp()) / "data"))
    with platform.sessions.begin() as s:
        orgs = [
            {"name": f"Org {i}", "kind": "police", "country": "IT", "vetting": "vetted"}
            for i in range(n // 50)
        ]
        s.execute(insert(Organisation), orgs)
        org_ids = s.scalars(select(Organisation.id)).all()
        s.execute(insert(AlertSubscription), [{"organisation_id": o, "channels": "inbox"} for o in org_ids])
        s.execute(insert(User), [
            {"username": f"u{i}", "display_name": f"U {i}", "organisation_id": org_ids[i % len(org_ids)],
             "roles": "analyst", "password_hash": "x"} for i in range(n)
        ])  # fmt: skip
    started = time.perf_counter()
    alert = platform.alerts.send(
        SYSTEM, AlertIn(type="theft_or_loss", title="Benchmark", classification="partners")
    )
    elapsed = time.perf_counter() - started
    with platform.sessions() as s:
        done = s.scalar(
            select(func.count()).where(
                AlertDelivery.alert_id == alert.id, AlertDelivery.status == "delivered"
            )
        )
    print(f"{done} in-app deliveries to {n} members in {elapsed:.2f} s ({done / elapsed:.0f}/s)")


if __name__ == "__main__":
    main()
