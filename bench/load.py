"""Benchmark: simulated respondents autosaving answers to Kompas under gunicorn on PostgreSQL.

One gunicorn (bench.urls_load: kompas.urls plus a bare view) serves every phase, so the app
and its floor run under the same server, middleware, settings and database in the same run:

- bare insert (the floor): each POST inserts one row with plain Django SQL;
- autosave: respondents answer the Likert items one by one with a random think time, POSTing
  item, value and an increasing sequence number with the CSRF token, as autosave.js does (a
  few requests are repeated, as a retrying browser does; the repeat must change nothing);
- page submit: a page of 10 Likert answers submitted with scripts off (answered by a 302);
- page view: the GET of that page, which every page submit leads to.

Both load phases have the same shape: the same respondents, think time and connections (one
keep-alive connection per respondent). The load is a closed loop meant to keep the two cores
busy, so throughput is the server's capacity and the ratio autosave / bare is what counts
(goal >= 0.7). Server CPU per request sums the gunicorn and PostgreSQL processes'
utime + stime over the phase (goal: <= 8 ms per 10-answer page submit). Afterwards every
answer acknowledged with a 200 must be in the database with a sequence number at least as
new as acknowledged, and the same value when the sequence is the same (goal: 0 missing).

The load generator shares the machine's two cores with the server; its own CPU per request
and the CPU used by other processes are printed so a crowded run can be recognised.

    scripts/with-postgres .venv/bin/python bench/load.py [--respondents 64] [--seconds 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, deque
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, NamedTuple
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
REQUEST_TIMEOUT = 10.0
WARM_UP_SECONDS = 2.0
PAGE_GOAL_MS = 8.0
RATIO_GOAL = 0.7
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# --- the server --------------------------------------------------------------------------


def server_environment(data_dir: str) -> dict[str, str]:
    """Production-like settings; the benchmark process uses them too, for setup and checks."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kompas.settings",
        "KOMPAS_DEBUG": "0",
        "KOMPAS_SSL_REDIRECT": "0",  # plain http on 127.0.0.1; in production TLS is in front
        "KOMPAS_SECRET_KEY": "bench-" + secrets.token_hex(24),
        "KOMPAS_ALLOWED_HOSTS": HOST,
        "KOMPAS_ROOT_URLCONF": "bench.urls_load",
        "KOMPAS_DATA_DIR": data_dir,
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Server:
    port: int
    pid: int
    description: str


# gunicorn's worker heartbeat files, in memory rather than on a disk that may stall.
HEARTBEATS = "/dev/shm"  # nosec B108


@contextmanager
def gunicorn(
    environment: dict[str, str], workers: int, threads: int, log: IO[str]
) -> Iterator[Server]:
    """Run gunicorn in its own process group; stop the group however the benchmark ends."""
    port = free_port()
    worker_class = "gthread" if threads > 1 else "sync"
    command = [
        sys.executable, "-m", "gunicorn", "kompas.wsgi",
        "--bind", f"{HOST}:{port}",
        "--workers", str(workers),
        "--worker-class", worker_class,
        "--threads", str(threads),
        "--keep-alive", "30",
        "--worker-tmp-dir", HEARTBEATS,
        "--chdir", str(ROOT),
        "--log-level", "warning",
    ]  # fmt: skip
    process = subprocess.Popen(
        command, env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        wait_until_listening(process, port, log)
        description = f"gunicorn {worker_class}, {workers} workers x {threads} threads"
        yield Server(port, process.pid, description)
    finally:
        stop_process_group(process)


def wait_until_listening(process: subprocess.Popen[bytes], port: int, log: IO[str]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.flush()
            raise RuntimeError(f"gunicorn stopped:\n{Path(log.name).read_text()[-3000:]}")
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not listen on {HOST}:{port} within 30 s")


def stop_process_group(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


# --- measuring CPU -----------------------------------------------------------------------


def _stat_fields(pid: int) -> list[str]:
    # The command name may hold spaces; the fields after its closing parenthesis do not.
    text = Path(f"/proc/{pid}/stat").read_text()
    return text[text.rindex(")") + 2 :].split()


def family_cpu_seconds(root: int) -> float:
    """CPU time of a process and its children, live or reaped (utime+stime+cutime+cstime)."""
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            fields = _stat_fields(int(entry.name))
        except (OSError, ValueError):
            continue  # it ended while we looked
        if int(entry.name) == root or int(fields[1]) == root:
            total += sum(int(f) for f in fields[11:15])
    return total / CLOCK_TICKS


def machine_busy_seconds() -> float:
    """CPU time all cores spent outside idle and iowait since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(values[:8]) - values[3] - values[4]) / CLOCK_TICKS


class CpuSample(NamedTuple):
    app: float
    database: float
    client: float
    machine: float
    wall: float


@dataclass(frozen=True)
class CpuMeter:
    """Samples the CPU time of gunicorn, PostgreSQL, this process and the whole machine."""

    gunicorn_pid: int
    postmaster_pid: int

    def sample(self) -> CpuSample:
        return CpuSample(
            family_cpu_seconds(self.gunicorn_pid),
            family_cpu_seconds(self.postmaster_pid),
            time.process_time(),
            machine_busy_seconds(),
            time.perf_counter(),
        )


# --- the database ------------------------------------------------------------------------


@dataclass(frozen=True)
class Script:
    """What the simulated respondents answer: a student's Likert items in page order."""

    items: tuple[str, ...]
    values: Mapping[str, tuple[int, ...]]
    page_number: int
    page_items: tuple[str, ...]


def build_script() -> Script:
    from kompas.psychometrics.instrument import get_instrument
    from kompas.surveys import services

    instrument = get_instrument("kompas-1")
    pages = services.visible_pages(instrument, {"bg_role": 1})
    likert = {q for q, item in instrument.items.items() if item.type == "likert"}
    items = tuple(q for page in pages for q in page.questions if q in likert)
    ten = next(p for p in pages if len(p.questions) == 10 and set(p.questions) <= likert)
    return Script(
        items=items,
        values={q: tuple(sorted(instrument.valid_values(q))) for q in likert},
        page_number=pages.index(ten) + 1,
        page_items=tuple(ten.questions),
    )


def prepare_database(respondents: int) -> tuple[list[str], list[str], int]:
    """Migrate; create an institution, an open cohort and consenting students who have
    answered the first page; create the floor's table. Returns the resume tokens of the
    autosave and page respondents, and the pid of the PostgreSQL postmaster."""
    from django.core.management import call_command
    from django.db import connection

    from bench.urls_load import CREATE_BARE_TABLE
    from kompas.cohorts.models import Cohort, Institution
    from kompas.psychometrics.instrument import get_instrument
    from kompas.surveys import services
    from kompas.surveys.models import ConsentRecord

    if connection.vendor != "postgresql":
        raise SystemExit("run under scripts/with-postgres: KOMPAS_DATABASE_URL is not PostgreSQL")
    call_command("migrate", verbosity=0)
    instrument = get_instrument("kompas-1")
    suffix = secrets.token_hex(4)
    institution = Institution.objects.create(name="Hogeschool Last", slug=f"last-{suffix}")
    cohort = Cohort.objects.create(
        institution=institution,
        name=f"Load benchmark {suffix}",
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        wave="start",
        population="student",
    )
    first_page = [
        services.Entry(q, 1 if q == "bg_role" else min(instrument.background[q].values), 1)
        for q in instrument.pages[0].questions
        if q in instrument.background
    ]
    # Yes to every purpose the consent page asks about (sharing is asked for on the report).
    purposes = ConsentRecord.Purpose
    everything = {p.value: True for p in (purposes.FEEDBACK, purposes.RESEARCH, purposes.LINKING)}
    tokens = []
    for _ in range(2 * respondents):
        response, token = services.start_response(cohort, "nl")
        services.record_consent(response, everything)
        services.save_answers(response, first_page)
        tokens.append(token)
    with connection.cursor() as cursor:
        for statement in CREATE_BARE_TABLE.split(";"):
            cursor.execute(statement)
        cursor.execute("SELECT pg_backend_pid()")
        # Read the postmaster's pid while the backend lives: it ends when the connection does.
        postmaster = int(_stat_fields(int(cursor.fetchone()[0]))[1])
    connection.close()
    return tokens[:respondents], tokens[respondents:], postmaster


class Acknowledged(NamedTuple):
    token: str
    item: str
    sequence: int
    value: int


def missing_answers(acknowledged: Sequence[Acknowledged]) -> int:
    """Acknowledged answers not stored as they were or superseded by a newer sequence."""
    from kompas.lib.tokens import hash_token
    from kompas.surveys.models import Answer

    hashes = {hash_token(t) for t in {a.token for a in acknowledged}}
    stored = {
        (token_hash, item): (sequence, value)
        for token_hash, item, sequence, value in Answer.objects.filter(
            response__resume_token_hash__in=hashes
        ).values_list("response__resume_token_hash", "item", "client_sequence", "value")
    }
    missing = 0
    for answer in acknowledged:
        sequence, value = stored.get((hash_token(answer.token), answer.item), (-1, None))
        if sequence < answer.sequence or (sequence == answer.sequence and value != answer.value):
            missing += 1
    return missing


def missing_bare_rows(acknowledged: Sequence[Acknowledged]) -> int:
    from django.db import connection

    from bench.urls_load import BARE_TABLE

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token, item, seq, value FROM {BARE_TABLE}")  # nosec B608
        stored = {Acknowledged(*row) for row in cursor.fetchall()}
    return sum(answer not in stored for answer in acknowledged)


# --- the client --------------------------------------------------------------------------


class Reply(NamedTuple):
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k == name), "")


class Connection:
    """One keep-alive HTTP/1.1 connection, reopened when the server closes it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, headers: str, body: bytes = b"") -> Reply:
        reused = self.writer is not None
        try:
            return await self._exchange(method, path, headers, body)
        except (ConnectionError, asyncio.IncompleteReadError):
            self.close()
            if not reused:
                raise
        # A kept-alive connection the server had just closed: try once more, as browsers do.
        return await self._exchange(method, path, headers, body)

    async def _exchange(self, method: str, path: str, headers: str, body: bytes) -> Reply:
        if self.reader is None or self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(HOST, self.port)
        head = f"{method} {path} HTTP/1.1\r\nHost: {HOST}:{self.port}\r\n{headers}"
        if method == "POST":
            head += "Content-Type: application/x-www-form-urlencoded\r\n"
            head += f"Content-Length: {len(body)}\r\n"
        self.writer.write(head.encode("latin-1") + b"\r\n" + body)
        reply = await self._read_reply(self.reader)
        if reply.header("connection").lower() == "close":
            self.close()
        return reply

    @staticmethod
    async def _read_reply(reader: asyncio.StreamReader) -> Reply:
        lines = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = [
            (name.strip().lower(), value.strip())
            for name, _, value in (line.partition(":") for line in lines[1:] if line)
        ]
        reply = Reply(status, headers, b"")
        if reply.header("transfer-encoding").lower() == "chunked":
            chunks = []
            while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
                chunks.append(await reader.readexactly(size + 2))
            await reader.readuntil(b"\r\n")
            return reply._replace(body=b"".join(c[:-2] for c in chunks))
        length = int(reply.header("content-length") or 0)
        return reply._replace(body=await reader.readexactly(length))

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


@dataclass
class Respondent:
    token: str
    connection: Connection
    rng: random.Random
    csrf: str = ""
    sequence: int = 1  # the first page was saved with 1
    answered: int = 0
    floor_saves: int = 0
    recent: deque[Acknowledged] = field(default_factory=lambda: deque(maxlen=10))
    #: Per question the last acknowledged save: only that one may be repeated and acknowledged
    #: again (an older one with another value is stale, and refused with 409).
    latest: dict[str, Acknowledged] = field(default_factory=dict)

    def headers(self) -> str:
        return (
            f"Cookie: csrftoken={self.csrf}\r\nX-CSRFToken: {self.csrf}\r\n"
            "Accept: application/json\r\n"
        )


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    succeeded: int = 0
    acknowledged: list[Acknowledged] = field(default_factory=list)

    async def send(
        self, respondent: Respondent, method: str, path: str, form: Mapping[str, object], ok: int
    ) -> Reply | None:
        """One timed request; None unless the server answered with status `ok`."""
        body = urlencode(form).encode()
        started = time.perf_counter()
        try:
            reply = await asyncio.wait_for(
                respondent.connection.request(method, path, respondent.headers(), body),
                REQUEST_TIMEOUT,
            )
        except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError) as error:
            respondent.connection.close()
            self.errors[type(error).__name__] += 1
            return None
        self.latencies.append(time.perf_counter() - started)
        if reply.status != ok:
            self.errors[f"HTTP {reply.status}"] += 1
            return None
        self.succeeded += 1
        return reply


Action = Callable[[Respondent, Tally], Awaitable[None]]


def bare_insert(script: Script) -> Action:
    async def act(respondent: Respondent, tally: Tally) -> None:
        item = script.items[respondent.floor_saves % len(script.items)]
        value = respondent.rng.choice(script.values[item])
        respondent.floor_saves += 1
        form = {"item": item, "value": value, "seq": respondent.floor_saves}
        path = f"/bench/bare/{respondent.token}/"
        if await tally.send(respondent, "POST", path, form, 200):
            tally.acknowledged.append(
                Acknowledged(respondent.token, item, respondent.floor_saves, value)
            )

    return act


def autosave(script: Script, repeat_share: float) -> Action:
    """The next item in page order (then changes to earlier answers), or now and then a
    repeat of an earlier save, which the server must acknowledge and ignore."""

    async def act(respondent: Respondent, tally: Tally) -> None:
        rng = respondent.rng
        repeatable = [s for s in respondent.recent if respondent.latest.get(s.item) is s]
        if repeatable and rng.random() < repeat_share:
            save = rng.choice(repeatable)
        else:
            if respondent.answered < len(script.items):
                item = script.items[respondent.answered]
            else:
                item = rng.choice(script.items)
            respondent.answered += 1
            respondent.sequence += 1
            value = rng.choice(script.values[item])
            save = Acknowledged(respondent.token, item, respondent.sequence, value)
        form = {"item": save.item, "value": save.value, "seq": save.sequence}
        if await tally.send(respondent, "POST", f"/s/{respondent.token}/save/", form, 200):
            tally.acknowledged.append(save)
            respondent.recent.append(save)
            respondent.latest[save.item] = save

    return act


def page_submit(script: Script) -> Action:
    async def act(respondent: Respondent, tally: Tally) -> None:
        respondent.sequence += 1
        values = {q: respondent.rng.choice(script.values[q]) for q in script.page_items}
        form = {**values, "seq": respondent.sequence, "csrfmiddlewaretoken": respondent.csrf}
        path = f"/s/{respondent.token}/page/{script.page_number}/"
        if await tally.send(respondent, "POST", path, form, 302):
            saves = [
                Acknowledged(respondent.token, q, respondent.sequence, v) for q, v in values.items()
            ]
            tally.acknowledged += saves
            respondent.latest.update((save.item, save) for save in saves)

    return act


def page_view(script: Script) -> Action:
    async def act(respondent: Respondent, tally: Tally) -> None:
        await tally.send(
            respondent, "GET", f"/s/{respondent.token}/page/{script.page_number}/", {}, 200
        )

    return act


async def fetch_csrf_cookie(respondent: Respondent, page_number: int) -> None:
    """Open the page as a browser does, which sets the CSRF cookie the saves must carry."""
    path = f"/s/{respondent.token}/page/{page_number}/"
    reply = await respondent.connection.request("GET", path, "")
    cookies = [v for k, v in reply.headers if k == "set-cookie" and v.startswith("csrftoken=")]
    if reply.status != 200 or not cookies:
        raise RuntimeError(f"GET {path} answered {reply.status} without a CSRF cookie")
    respondent.csrf = cookies[0].split(";", 1)[0].split("=", 1)[1]


# --- the phases --------------------------------------------------------------------------


@dataclass
class Phase:
    """One kind of request, measured over one or more slices of load."""

    name: str
    respondents: Sequence[Respondent]
    action: Action
    acknowledged: list[Acknowledged]  # every acknowledged answer, warm-up included
    tally: Tally = field(default_factory=Tally)
    spent: CpuSample = field(default_factory=lambda: CpuSample(0, 0, 0, 0, 0))

    async def run(
        self, seconds: float, think: float, meter: CpuMeter, measure: bool = True
    ) -> None:
        """Every respondent thinks (uniform 0..2*think s), acts, and again until time is up."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        tally = self.tally if measure else Tally()
        acknowledged_before = len(tally.acknowledged)

        async def respond(respondent: Respondent) -> None:
            while True:
                await asyncio.sleep(respondent.rng.uniform(0, 2 * think))
                if loop.time() >= deadline:
                    return
                await self.action(respondent, tally)

        before = meter.sample()
        await asyncio.gather(*(respond(r) for r in self.respondents))
        after = meter.sample()
        self.acknowledged += tally.acknowledged[acknowledged_before:]
        if measure:
            self.spent = CpuSample(
                *(s + b - a for s, a, b in zip(self.spent, before, after, strict=True))
            )

    @property
    def seconds(self) -> float:
        return self.spent.wall

    @property
    def throughput(self) -> float:
        return self.tally.succeeded / self.seconds

    @property
    def requests(self) -> int:
        return len(self.tally.latencies)

    def percentile_ms(self, percent: int) -> float:
        latencies = self.tally.latencies
        if len(latencies) < 2:
            return float("nan")
        return statistics.quantiles(latencies, n=100, method="inclusive")[percent - 1] * 1000

    def cpu_ms(self, part: str) -> float:
        """CPU ms per request of the server (app + database), one part of it, or the rest."""
        spent = self.spent._asdict()
        spent["server"] = spent["app"] + spent["database"]
        spent["others"] = spent["machine"] - spent["server"] - spent["client"]
        return spent[part] / max(self.requests, 1) * 1000

    def other_load(self, cores: int) -> float:
        """Share of the machine's cores used by processes outside this benchmark."""
        return self.cpu_ms("others") * self.requests / 1000 / (self.seconds * cores)


async def run_load(
    port: int, meter: CpuMeter, tokens: list[str], page_tokens: list[str], args: argparse.Namespace
) -> tuple[list[Phase], list[Acknowledged], list[Acknowledged]]:
    """Warm up; measure the floor and autosave in alternating slices (ABBA...), so that load
    from other processes on a shared machine falls on both alike; then the page phases.
    Returns the phases and every acknowledged answer of the app and of the floor."""
    script = build_script()
    rng = random.Random(args.seed)
    savers = [Respondent(t, Connection(port), random.Random(rng.random())) for t in tokens]
    submitters = [Respondent(t, Connection(port), random.Random(rng.random())) for t in page_tokens]
    await asyncio.gather(*(fetch_csrf_cookie(r, script.page_number) for r in savers + submitters))

    answers: list[Acknowledged] = []
    floor_rows: list[Acknowledged] = []
    floor = Phase("bare insert (floor)", savers, bare_insert(script), floor_rows)
    saves = Phase("autosave", savers, autosave(script, args.repeat_share), answers)
    submits = Phase("page submit, 10 Likert", submitters, page_submit(script), answers)
    views = Phase("page view", submitters, page_view(script), answers)
    for phase in (floor, saves):
        await phase.run(WARM_UP_SECONDS, args.think, meter, measure=False)
    for round_ in range(args.rounds):
        for phase in (floor, saves) if round_ % 2 == 0 else (saves, floor):
            await phase.run(args.seconds / args.rounds, args.think, meter)
    for phase in (submits, views):
        await phase.run(WARM_UP_SECONDS, args.think, meter, measure=False)
        await phase.run(args.page_seconds, args.think, meter)
    return [floor, saves, submits, views], answers, floor_rows


# --- the report --------------------------------------------------------------------------


def print_phases(phases: Sequence[Phase]) -> None:
    print(
        f"{'':24} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>7}"
        f" {'server CPU ms/req':>18} {'(gunicorn':>9} {'+ pg)':>6} {'client':>7}"
    )
    for phase in phases:
        print(
            f"{phase.name:24} {phase.throughput:7.0f} {phase.percentile_ms(50):7.1f}"
            f" {phase.percentile_ms(95):7.1f} {phase.percentile_ms(99):7.1f}"
            f" {sum(phase.tally.errors.values()):7d} {phase.cpu_ms('server'):18.2f}"
            f" {phase.cpu_ms('app'):9.2f} {phase.cpu_ms('database'):6.2f}"
            f" {phase.cpu_ms('client'):7.2f}"
        )
        if phase.tally.errors:
            print(f"{'':24} errors: {dict(phase.tally.errors)}")


def print_summary(
    phases: Sequence[Phase], missing: int, acknowledged: int, floor_missing: int
) -> None:
    floor, saves, submit, view = phases
    ratio = saves.throughput / floor.throughput
    cores = os.cpu_count() or 1
    print()
    print(f"answer-save throughput   : {saves.throughput:7.0f} saves/s")
    print(f"bare-view throughput     : {floor.throughput:7.0f} inserts/s")
    print(f"ratio                    : {ratio:7.2f}  (goal >= {RATIO_GOAL})")
    print(
        f"  ratio of server CPU    : {floor.cpu_ms('server') / saves.cpu_ms('server'):7.2f}"
        "  (bare / autosave per request: the ratio a machine to itself would reach)"
    )
    print(
        f"autosave latency         : p50 {saves.percentile_ms(50):.1f} ms, "
        f"p95 {saves.percentile_ms(95):.1f} ms, p99 {saves.percentile_ms(99):.1f} ms"
    )
    print(
        f"bare-view latency        : p50 {floor.percentile_ms(50):.1f} ms, "
        f"p95 {floor.percentile_ms(95):.1f} ms, p99 {floor.percentile_ms(99):.1f} ms"
    )
    print(f"errors                   : {sum(sum(p.tally.errors.values()) for p in phases)}")
    print(f"server CPU per autosave  : {saves.cpu_ms('server'):7.2f} ms")
    print(f"server CPU per bare insert: {floor.cpu_ms('server'):6.2f} ms")
    print(
        f"server CPU per page submit: {submit.cpu_ms('server'):6.2f} ms  "
        f"(10 Likert answers; goal <= {PAGE_GOAL_MS:g} ms)"
    )
    print(
        f"  whole page, scripts off: {submit.cpu_ms('server') + view.cpu_ms('server'):6.2f} ms"
        f"  (submit + next page view)"
    )
    print(
        f"  whole page, scripts on : "
        f"{10 * saves.cpu_ms('server') + submit.cpu_ms('server') + view.cpu_ms('server'):6.2f}"
        f" ms  (10 autosaves + submit + view)"
    )
    print(f"acknowledged answers missing: {missing}  (of {acknowledged}; goal 0)")
    print(f"acknowledged floor rows missing: {floor_missing}")
    busiest = max(p.other_load(cores) for p in phases)
    if busiest > 0.1:
        print(
            f"note: other processes used up to {busiest:.0%} of the {cores} cores during a "
            "phase; throughput is then understated (CPU per request is not)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--respondents", type=int, default=64, help="concurrent respondents")
    parser.add_argument("--seconds", type=float, default=20, help="load per save phase")
    parser.add_argument("--rounds", type=int, default=4, help="alternating slices of them")
    parser.add_argument("--page-seconds", type=float, default=10, help="load per page phase")
    parser.add_argument("--think", type=float, default=0.02, help="mean think time, seconds")
    parser.add_argument("--repeat-share", type=float, default=0.05, help="repeated saves")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=2, help="threads per worker (gthread)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if "KOMPAS_DATABASE_URL" not in os.environ:
        raise SystemExit("run under scripts/with-postgres, which sets KOMPAS_DATABASE_URL")

    # SIGTERM ends the run like Ctrl-C does, so gunicorn is stopped on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with tempfile.TemporaryDirectory(prefix="kompas-load-") as scratch:
        environment = server_environment(scratch)
        os.environ.update(environment)
        sys.path.insert(0, str(ROOT))  # for bench.urls_load, as gunicorn finds it
        import django

        django.setup()
        tokens, page_tokens, postmaster = prepare_database(args.respondents)
        with (
            open(Path(scratch) / "gunicorn.log", "w") as log,
            gunicorn(environment, args.workers, args.threads, log) as server,
        ):
            print(
                f"{args.respondents} respondents, think time 0-{2000 * args.think:.0f} ms, "
                f"{args.seconds:g} s per save phase and {args.page_seconds:g} s per page phase; "
                f"{server.description} on {os.cpu_count()} cores; PostgreSQL on {HOST}"
            )
            meter = CpuMeter(server.pid, postmaster)
            phases, answers, floor_rows = asyncio.run(
                run_load(server.port, meter, tokens, page_tokens, args)
            )
        print_phases(phases)
        print_summary(phases, missing_answers(answers), len(answers), missing_bare_rows(floor_rows))


if __name__ == "__main__":
    main()
