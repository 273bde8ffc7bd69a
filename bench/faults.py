"""Fault injection: respondents autosaving through worker kills, database restarts and locks.

gunicorn (4 sync workers, gunicorn's default --timeout 30) serves Kompas on the PostgreSQL of
scripts/with-postgres while simulated respondents answer and change Likert items the way
autosave.js does: one request in flight per respondent, a rising sequence number per change,
only the latest change per question kept unsent, retried with exponential backoff and full
jitter (0.2 s doubling to 5 s) on network errors, 5xx and 429 (after Retry-After when the
server gives it); a 409 with "stale" re-bases the sequence and sends the change again if it
is still the latest. Any other refusal (400, 403, a 409 without "stale") is a wrong refusal:
every save sent is valid. Meanwhile, one after another:

- SIGKILL of a gunicorn worker (four times, and once more while the table below is locked);
- PostgreSQL restarted with `pg_ctl restart -m immediate`;
- PostgreSQL stopped (immediate) for 10 s, then started;
- `pg_terminate_backend` of every app connection;
- `LOCK TABLE surveys_answer IN ACCESS EXCLUSIVE MODE` held for 40 s (the app's lock timeout
  must turn that into 503s with Retry-After, not into workers killed at 30 s);
- duplicate saves (the last acknowledged save sent again: must be acknowledged) and reordered
  saves (an older change sent after a newer one: must be refused as stale, never stored).

The ledger holds, per respondent and question, the value of the last change that got a 200.
When the faults are over the respondents stop changing answers and flush what is unsent;
then the database is read. Missing: an acknowledged value that is not what is stored. Wrong:
a stored value that is not the last acknowledged one (a different stored value counts as
both). Goal: 0 and 0, no wrong refusal, no older save acknowledged; otherwise exit 1.

The throwaway cluster runs with synchronous_commit=off for speed, which lets an immediate
shutdown lose the last commits; this run turns it back on for the app's role, as a
production server has it, so that what is measured is the app, not the test cluster.

    scripts/with-postgres .venv/bin/python bench/faults.py [--respondents 50]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pwd
import random
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for bench.load, and bench.urls_load as gunicorn finds it

import psycopg  # noqa: E402

from bench.load import (  # noqa: E402
    HOST,
    Connection,
    Reply,
    Respondent,
    Script,
    _stat_fields,
    build_script,
    fetch_csrf_cookie,
    gunicorn,
    prepare_database,
    server_environment,
)

FIRST_DELAY = 0.2
MAX_DELAY = 5.0
MAX_RETRY_AFTER = 30.0  # a Retry-After of minutes (the token-guessing limit) would stall the run
REQUEST_TIMEOUT = 20.0  # as autosave.js
FLUSH_SECONDS = 90.0
PROBE_SHARE = 0.02  # of sends, a duplicate or reordered save, all through the run
PROBE_WINDOW_SHARE = 0.3  # the same during the window given to them


# --- the respondents ---------------------------------------------------------------------


@dataclass
class Change:
    """One answer a respondent gave; `order` says which came later, `seq` is what is sent
    (re-based after a 409)."""

    item: str
    value: int
    order: int
    seq: int


@dataclass
class Ledger:
    """What the server said, counted over every respondent."""

    started: float = field(default_factory=time.monotonic)
    statuses: Counter[str] = field(default_factory=Counter)
    replies: list[tuple[float, str]] = field(default_factory=list)
    sent: int = 0
    changes: int = 0
    wrong_refusals: list[str] = field(default_factory=list)
    duplicates: Counter[str] = field(default_factory=Counter)
    reordered: Counter[str] = field(default_factory=Counter)
    older_acknowledged: int = 0
    probe_share: float = PROBE_SHARE

    def now(self) -> float:
        return time.monotonic() - self.started

    def count(self, outcome: str) -> None:
        self.statuses[outcome] += 1
        self.replies.append((self.now(), outcome))


@dataclass
class Person(Respondent):
    """A respondent's page: its unsent changes, and per question the last acknowledged one."""

    pending: dict[str, Change] = field(default_factory=dict)  # in the order given
    acknowledged: dict[str, Change] = field(default_factory=dict)
    history: dict[str, list[Change]] = field(default_factory=dict)  # acknowledged, in order
    last_acknowledged: Change | None = None
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    failures: int = 0
    stale_in_row: int = 0

    def next_sequence(self) -> int:
        self.sequence += 1
        return self.sequence

    def give(self, item: str, value: int) -> None:
        self.answered += 1
        self.pending.pop(item, None)  # a newer change goes to the back of the queue
        self.pending[item] = Change(item, value, self.answered, self.next_sequence())
        self.changed.set()

    def current(self, item: str) -> int | None:
        change = self.pending.get(item) or self.acknowledged.get(item)
        return change.value if change else None

    def acknowledge(self, change: Change) -> None:
        self.failures = self.stale_in_row = 0
        if self.pending.get(change.item) is change:
            del self.pending[change.item]
        last = self.acknowledged.get(change.item)
        if last is None or last.order < change.order:
            self.acknowledged[change.item] = change
            self.history.setdefault(change.item, []).append(change)
            self.last_acknowledged = change


async def post(person: Person, change: Change, ledger: Ledger) -> tuple[str, Reply | None]:
    """One save; the outcome is the status code, "409 stale" or the network error's name."""
    body = urlencode({"item": change.item, "value": change.value, "seq": change.seq}).encode()
    ledger.sent += 1
    try:
        reply = await asyncio.wait_for(
            person.connection.request("POST", f"/s/{person.token}/save/", person.headers(), body),
            REQUEST_TIMEOUT,
        )
    except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError) as error:
        person.connection.close()
        ledger.count(f"network: {type(error).__name__}")
        return f"network: {type(error).__name__}", None
    outcome = str(reply.status)
    if reply.status == 409 and reply_json(reply).get("stale") is True:
        outcome = "409 stale"
    ledger.count(outcome)
    return outcome, reply


def reply_json(reply: Reply) -> dict[str, object]:
    try:
        data = json.loads(reply.body)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def next_of(reply: Reply) -> int:
    number = reply_json(reply).get("next")
    return number if isinstance(number, int) else 0


def retry_delay(person: Person, reply: Reply | None) -> float:
    """Full jitter up to a doubling ceiling; Retry-After (plus a little jitter) when given."""
    person.failures += 1
    header = reply.header("retry-after").strip() if reply else ""
    if header.isdigit():
        return min(float(header), MAX_RETRY_AFTER) + person.rng.uniform(0, 0.25)
    ceiling = min(MAX_DELAY, FIRST_DELAY * 2 ** (person.failures - 1))
    return max(0.05, person.rng.uniform(0, ceiling))


async def send_next(person: Person, ledger: Ledger) -> None:
    """Send the oldest unsent change and act on the answer as autosave.js does."""
    item, change = next(iter(person.pending.items()))
    outcome, reply = await post(person, change, ledger)
    if reply is not None and reply.status == 200:
        person.acknowledge(change)
    elif reply is not None and outcome == "409 stale":
        person.sequence = max(person.sequence, next_of(reply))
        if person.pending.get(item) is change:  # still the latest change: it must win
            change.seq = person.next_sequence()
        person.stale_in_row += 1
        if person.stale_in_row > 3:
            await asyncio.sleep(retry_delay(person, None))
    elif reply is None or reply.status == 429 or reply.status >= 500:
        await asyncio.sleep(retry_delay(person, reply))
    else:  # a valid save refused: dropped, as the page drops it (and shows it)
        ledger.wrong_refusals.append(f"{reply.status} {item}={change.value}: {reply.body[:120]!r}")
        if person.pending.get(item) is change:
            del person.pending[item]


async def send_probe(person: Person, ledger: Ledger) -> bool:
    """Now and then, instead of the next change: the last acknowledged save again (it must be
    acknowledged and change nothing), or an older change to a question after a newer one
    (it must be refused as stale). Not retried; False when there was nothing to probe."""
    if person.rng.random() >= ledger.probe_share:
        return False
    if person.rng.random() < 0.5:
        last = person.last_acknowledged
        if last is None or last.item in person.pending:
            return False
        outcome, _ = await post(person, last, ledger)
        ledger.duplicates[outcome] += 1
        return True
    olders = [
        older
        for item, changes in person.history.items()
        if item not in person.pending
        for older in changes[:-1]
        if older.value != changes[-1].value
    ]
    if not olders:
        return False
    older = person.rng.choice(olders)
    outcome, reply = await post(person, older, ledger)
    ledger.reordered[outcome] += 1
    if outcome == "200":
        ledger.older_acknowledged += 1
    elif reply is not None and outcome == "409 stale":
        person.sequence = max(person.sequence, next_of(reply))
    return True


async def sender(person: Person, ledger: Ledger, changing: asyncio.Event) -> None:
    """One request in flight, until nothing is unsent and the respondent has stopped."""
    while person.pending or changing.is_set():
        if not person.pending:
            person.changed.clear()
            with suppress(TimeoutError):
                await asyncio.wait_for(person.changed.wait(), 1.0)
            continue
        if not await send_probe(person, ledger):
            await send_next(person, ledger)


async def answering(person: Person, script: Script, think: float, changing: asyncio.Event) -> None:
    """Answers the items in page order, then changes earlier answers, a think time apart."""
    while changing.is_set():
        await asyncio.sleep(person.rng.uniform(0, 2 * think))
        if not changing.is_set():
            return
        if person.answered < len(script.items):
            item = script.items[person.answered]
        else:
            item = person.rng.choice(script.items)
        values = [v for v in script.values[item] if v != person.current(item)]
        person.give(item, person.rng.choice(values))


# --- the faults --------------------------------------------------------------------------


@dataclass(frozen=True)
class Cluster:
    """The PostgreSQL that scripts/with-postgres started, reached as its superuser."""

    url: str
    bin: Path
    data: Path

    @classmethod
    def of(cls, app_url: str) -> Cluster:
        parts = urlsplit(app_url)
        netloc = f"postgres@{parts.hostname}:{parts.port}"
        url = urlunsplit(parts._replace(netloc=netloc))
        with psycopg.connect(url) as connection:
            data, version = connection.execute(
                "SELECT current_setting('data_directory'), current_setting('server_version_num')"
            ).fetchall()[0]
        major = int(version) // 10000
        return cls(url, Path(f"/usr/lib/postgresql/{major}/bin"), Path(data))

    def pg_ctl(self, *arguments: str) -> None:
        """pg_ctl as the cluster's owner (PostgreSQL refuses to run as root)."""
        owner = os.stat(self.data).st_uid
        command = [str(self.bin / "pg_ctl"), "-D", str(self.data), "-w", *arguments]
        if os.geteuid() != owner:
            command = ["runuser", "-u", pwd.getpwuid(owner).pw_name, "--", *command]
        subprocess.run(
            command, cwd=self.data.parent, check=True, timeout=120, stdout=subprocess.DEVNULL
        )

    def log_arguments(self) -> tuple[str, str]:
        return "-l", str(self.data.parent / "server.log")

    def start_options(self) -> str:
        """The options the server runs with (pg_ctl start does not reuse them, restart does)."""
        words = shlex.split((self.data / "postmaster.opts").read_text())[1:]
        if "-D" in words:
            at = words.index("-D")
            del words[at : at + 2]
        return shlex.join(words)

    def execute(self, sql: str) -> None:
        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute(sql)


def worker_pids(master: int) -> list[int]:
    pids = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if int(_stat_fields(int(entry.name))[1]) == master:
                    pids.append(int(entry.name))
            except (OSError, ValueError):
                continue  # it ended while we looked
    return pids


@dataclass(frozen=True)
class Fault:
    name: str
    inject: Callable[[], Awaitable[None]]
    at: float  # seconds after the respondents start


def schedule(cluster: Cluster, master: int, ledger: Ledger, rng: random.Random) -> list[Fault]:
    async def kill_worker() -> None:
        workers = worker_pids(master)
        if workers:
            os.kill(rng.choice(workers), signal.SIGKILL)

    async def restart() -> None:
        await asyncio.to_thread(
            cluster.pg_ctl, "restart", "-m", "immediate", *cluster.log_arguments()
        )

    async def stop_for_10_s() -> None:
        options = cluster.start_options()
        await asyncio.to_thread(cluster.pg_ctl, "stop", "-m", "immediate")
        await asyncio.sleep(10)
        await asyncio.to_thread(cluster.pg_ctl, "start", *cluster.log_arguments(), "-o", options)

    async def terminate_backends() -> None:
        await asyncio.to_thread(
            cluster.execute,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE usename = 'kompas' AND pid <> pg_backend_pid()",
        )

    async def lock_answers_for_40_s() -> None:
        connection = await psycopg.AsyncConnection.connect(cluster.url)
        async with connection:
            await connection.execute("LOCK TABLE surveys_answer IN ACCESS EXCLUSIVE MODE")
            await asyncio.sleep(20)
            await kill_worker()  # one that is likely waiting for the lock, mid-transaction
            await asyncio.sleep(20)
            await connection.rollback()

    async def duplicates_and_reordering() -> None:
        ledger.probe_share = PROBE_WINDOW_SHARE
        await asyncio.sleep(12)
        ledger.probe_share = PROBE_SHARE

    return [
        Fault("SIGKILL a gunicorn worker", kill_worker, 8),
        Fault("PostgreSQL restart -m immediate", restart, 16),
        Fault("SIGKILL a gunicorn worker", kill_worker, 30),
        Fault("PostgreSQL stopped for 10 s", stop_for_10_s, 38),
        Fault("pg_terminate_backend of the app's connections", terminate_backends, 62),
        Fault("SIGKILL a gunicorn worker", kill_worker, 70),
        Fault("surveys_answer locked 40 s, a worker killed at 20 s", lock_answers_for_40_s, 78),
        Fault("SIGKILL a gunicorn worker", kill_worker, 126),
        Fault("duplicate and reordered saves", duplicates_and_reordering, 132),
    ]


async def inject(faults: list[Fault], ledger: Ledger) -> list[tuple[str, float, float]]:
    """The faults one after another, each at its time; returns when each began and ended."""
    times = []
    for fault in faults:
        await asyncio.sleep(max(0.0, fault.at - ledger.now()))
        began = ledger.now()
        await fault.inject()
        times.append((fault.name, began, ledger.now()))
        print(f"  {began:6.1f}-{ledger.now():6.1f} s  {fault.name}", flush=True)
    await asyncio.sleep(4)  # the last fault's effects, seen by the respondents
    return times


# --- the run -----------------------------------------------------------------------------


@dataclass
class Outcome:
    people: list[Person]
    ledger: Ledger
    faults: list[tuple[str, float, float]]
    flushed_in: float


async def run(
    port: int, master: int, cluster: Cluster, tokens: list[str], args: argparse.Namespace
) -> Outcome:
    script = build_script()
    rng = random.Random(args.seed)
    people = [Person(t, Connection(port), random.Random(rng.random())) for t in tokens]
    await asyncio.gather(*(fetch_csrf_cookie(p, script.page_number) for p in people))
    ledger = Ledger()
    changing = asyncio.Event()
    changing.set()
    senders = [asyncio.create_task(sender(p, ledger, changing)) for p in people]
    persons = [asyncio.create_task(answering(p, script, args.think, changing)) for p in people]
    faults = await inject(schedule(cluster, master, ledger, rng), ledger)
    changing.clear()
    await asyncio.gather(*persons)
    stopped = ledger.now()
    _, unfinished = await asyncio.wait(senders, timeout=FLUSH_SECONDS)
    for task in unfinished:
        task.cancel()
    for person in people:
        person.connection.close()
    ledger.changes = sum(p.answered for p in people)
    return Outcome(people, ledger, faults, ledger.now() - stopped)


@dataclass(frozen=True)
class Check:
    acknowledged: int
    missing: int
    wrong: int
    unsent: int


def check_database(people: list[Person], items: tuple[str, ...]) -> Check:
    """Compare what is stored with the ledger (only questions the respondents changed: the
    first page was stored before the run)."""
    from kompas.lib.tokens import hash_token
    from kompas.surveys.models import Answer

    by_hash = {hash_token(p.token): p for p in people}
    stored: dict[tuple[str, str], int | None] = {
        (token_hash, item): value
        for token_hash, item, value in Answer.objects.filter(
            response__resume_token_hash__in=by_hash, item__in=items
        ).values_list("response__resume_token_hash", "item", "value")
    }

    def still_unsent(person: Person, item: str, value: int | None) -> bool:
        # Stored, but its reply was lost and the flush ran out of time: neither lost nor wrong.
        unsent = person.pending.get(item)
        return unsent is not None and unsent.value == value

    missing = wrong = 0
    for token_hash, person in by_hash.items():
        for item, change in person.acknowledged.items():
            value = stored.get((token_hash, item))
            if value != change.value and not still_unsent(person, item, value):
                missing += 1
    for (token_hash, item), value in stored.items():
        person = by_hash[token_hash]
        last = person.acknowledged.get(item)
        if (last is None or last.value != value) and not still_unsent(person, item, value):
            wrong += 1
    return Check(
        acknowledged=sum(len(p.acknowledged) for p in people),
        missing=missing,
        wrong=wrong,
        unsent=sum(len(p.pending) for p in people),
    )


def statuses_during(ledger: Ledger, began: float, ended: float) -> Mapping[str, int]:
    return Counter(o for t, o in ledger.replies if began <= t <= ended + 5)


def listed(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))


def report(outcome: Outcome, check: Check) -> bool:
    ledger = outcome.ledger
    print()
    print("faults (s after the respondents started) and the replies from then to 5 s after:")
    for name, began, ended in outcome.faults:
        during = listed(statuses_during(ledger, began, ended))
        print(f"  {began:6.1f}-{ended:6.1f}  {name:48} {during}")
    print()
    print(f"changes given            : {ledger.changes}")
    print(f"saves sent               : {ledger.sent}  (retries and probes included)")
    print(f"responses by status      : {listed(ledger.statuses)}")
    duplicates, reordered = ledger.duplicates, ledger.reordered
    print(f"duplicate saves          : {duplicates.total()}  ({listed(duplicates)}; goal all 200)")
    print(
        f"reordered older saves    : {reordered.total()}  ({listed(reordered)}; goal all 409 stale)"
    )
    print(f"older saves acknowledged : {ledger.older_acknowledged}  (goal 0)")
    print(f"wrong refusals           : {len(ledger.wrong_refusals)}  (goal 0)")
    for refusal in ledger.wrong_refusals[:5]:
        print(f"    {refusal}")
    print(f"flushed in               : {outcome.flushed_in:.1f} s; still unsent: {check.unsent}")
    print(f"acknowledged answers     : {check.acknowledged}")
    print(f"missing                  : {check.missing}  (goal 0)")
    print(f"wrong                    : {check.wrong}  (goal 0)")
    return not (
        check.missing
        or check.wrong
        or check.unsent
        or ledger.wrong_refusals
        or ledger.older_acknowledged
    )


@contextmanager
def durable_commits(cluster: Cluster) -> Iterator[None]:
    cluster.execute("ALTER ROLE kompas SET synchronous_commit = on")
    try:
        yield
    finally:
        cluster.execute("ALTER ROLE kompas RESET synchronous_commit")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--respondents", type=int, default=50, help="concurrent respondents")
    parser.add_argument("--think", type=float, default=0.5, help="mean think time, seconds")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if "KOMPAS_DATABASE_URL" not in os.environ:
        raise SystemExit("run under scripts/with-postgres, which sets KOMPAS_DATABASE_URL")

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    cluster = Cluster.of(os.environ["KOMPAS_DATABASE_URL"])
    with tempfile.TemporaryDirectory(prefix="kompas-faults-") as scratch:
        environment = server_environment(scratch)
        os.environ.update(environment)
        import django

        django.setup()
        tokens, _, _ = prepare_database(args.respondents)
        with (
            durable_commits(cluster),
            open(Path(scratch) / "gunicorn.log", "w") as log,
            gunicorn(environment, args.workers, 1, log) as server,
        ):
            print(
                f"{args.respondents} respondents, think time 0-{2 * args.think:g} s; "
                f"{server.description} on {os.cpu_count()} cores; PostgreSQL on {HOST}",
                flush=True,
            )
            outcome = asyncio.run(run(server.port, server.pid, cluster, tokens, args))
        check = check_database(outcome.people, build_script().items)
        ok = report(outcome, check)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
