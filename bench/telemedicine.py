"""`make bench-telemedicine`: the Telemedicine example under a realistic mix through its gateway.

Builds examples/telemedicine, runs it with system/local.py (PostgreSQL, Redis, RabbitMQ
started from the local binaries, nginx, the fake Bot API), seeds doctors, patients, records
and open slots through the gateway, then drives with ``wrk`` (a Lua script) a mix of

    60 % browse a doctor's open slots       GET  /api/v1/slots?doctor_id=<id>
    30 % read one's medical records         GET  /api/v1/patients/<id>/records
    10 % book an open slot                  POST /api/v1/appointments (each slot once)

at increasing numbers of connections. For each step it prints the throughput, the p50 and
p99 latencies, errors, and the CPU each process used (services, nginx, PostgreSQL,
RabbitMQ, Redis), then the throughput at which p99 crossed 200 ms and what limited it.
wrk is closed-loop: each connection waits for its answer, so latency grows with the number
of connections once a process saturates.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from system.example import build
from system.local import LocalSystem
from tests.services import Server, private

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "telemedicine"
API = "healthcare_telemedicine_api"
P99_LIMIT_MS = 200.0
DOCTORS, PATIENTS = 20, 200
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}

LUA = """\
local doctors, patients = {{{doctors}}}, {{{patients}}}
local slots = {{{slots}}}
local threads, counter = {threads}, 0

local all_threads = {{}}

function setup(thread)
  counter = counter + 1
  thread:set("number", counter)
  table.insert(all_threads, thread)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total, last = {{}}, 0
  for _, thread in ipairs(all_threads) do
    last = math.max(last, thread:get("booked"))
    for status, count in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + count
    end
  end
  for status, count in pairs(total) do
    io.write(string.format("status %d %d\\n", status, count))
  end
  io.write(string.format("booked up to %d\\n", last))
end

function init(args)
  statuses, booked = {{}}, 0
  math.randomseed(os.time() * 100 + number)
  -- Slots the earlier steps booked are skipped (the first argument).
  next_slot = tonumber(args[1] or "0") + number
end

function request()
  local roll = math.random(100)
  if roll <= 10 and next_slot <= #slots then
    local patient = patients[math.random(#patients)]
    local slot = slots[next_slot]
    next_slot = next_slot + threads
    booked = math.max(booked, next_slot)
    return wrk.format("POST", "/api/v1/appointments",
      {{["Content-Type"] = "application/json", ["X-User-Role"] = "patient",
        ["X-User-ID"] = tostring(patient)}},
      '{{"slot_id": ' .. slot .. '}}')
  elseif roll <= 40 then
    local patient = patients[math.random(#patients)]
    return wrk.format("GET", "/api/v1/patients/" .. patient .. "/records",
      {{["X-User-Role"] = "patient", ["X-User-ID"] = tostring(patient)}})
  end
  return wrk.format("GET", "/api/v1/slots?doctor_id=" .. doctors[math.random(#doctors)])
end
"""


def call(base: str, method: str, path: str, body: object = None, **headers: str) -> Any:
    data = None if body is None else json.dumps(body).encode()
    sent = {
        "Content-Type": "application/json",
        **{k.replace("_", "-"): v for k, v in headers.items()},
    }
    request = urllib.request.Request(base + path, data=data, method=method, headers=sent)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def seed(base: str, slots: int) -> tuple[list[int], list[int], list[int]]:
    """Doctors, patients (each with a record) and ``slots`` open slots; their ids."""
    with ThreadPoolExecutor(8) as pool:
        doctors = list(pool.map(
            lambda n: call(base, "POST", "/api/v1/doctors", {"name": f"Dr. Bench {n}"})["id"],
            range(DOCTORS),
        ))  # fmt: skip
        patients = list(pool.map(
            lambda n: call(base, "POST", "/api/v1/patients", {"name": f"Patient {n}"})["id"],
            range(PATIENTS),
        ))  # fmt: skip
        start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=1)

        def open_slot(n: int) -> int:
            doctor = doctors[n % len(doctors)]
            starts = start + timedelta(minutes=30 * (n // len(doctors)))
            body = {
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(minutes=30)).isoformat(),
            }
            path = f"/api/v1/doctors/{doctor}/slots"
            return int(
                call(base, "POST", path, body, X_User_Role="doctor", X_User_ID=str(doctor))["id"]
            )

        booked = list(pool.map(open_slot, range(slots)))
        # A record per patient, written by a doctor they booked (their doctor may read it).
        extra = list(pool.map(open_slot, range(slots, slots + len(patients))))

        def record(pair: tuple[int, int]) -> None:
            patient, slot = pair
            headers = {"X_User_Role": "patient", "X_User_ID": str(patient)}
            appointment = call(base, "POST", "/api/v1/appointments", {"slot_id": slot}, **headers)
            doctor = str(appointment["doctor_id"])
            note = {"note": "seeded by the bench"}
            path = f"/api/v1/patients/{patient}/records"
            call(base, "POST", path, note, X_User_Role="doctor", X_User_ID=doctor)

        list(pool.map(record, zip(patients, extra, strict=True)))
    return doctors, patients, booked


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        queue.extend(children.get(current, []))
    return found


def cpu_seconds(pid: int) -> float:
    total = 0
    for process in descendants(pid):
        try:
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


@dataclass(frozen=True)
class Step:
    connections: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    cpu: dict[str, float]  # process: share of one core
    statuses: dict[int, int]


def milliseconds(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    if match is None:
        raise ValueError(f"not a wrk latency: {text}")
    return float(match[1]) * _UNITS[match[2]]


def run_step(
    url: str, script: Path, connections: int, seconds: int, pids: dict[str, int], offset: int
) -> tuple[Step, int]:
    """One wrk run; its step and the index of the next slot to book."""
    threads = min(2, connections)
    before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    started = time.monotonic()
    result = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency",
         "-s", str(script), url, "--", str(offset)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    elapsed = time.monotonic() - started
    cpu = {name: (cpu_seconds(pid) - before[name]) / elapsed for name, pid in pids.items()}
    out = result.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])  # type: ignore[index]
    p50 = milliseconds(re.search(r"\s50%\s+(\S+)", out)[1])  # type: ignore[index]
    p99 = milliseconds(re.search(r"\s99%\s+(\S+)", out)[1])  # type: ignore[index]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    failed = (int(errors[1]) if errors else 0) + (sum(map(int, socket.groups())) if socket else 0)
    statuses = {
        int(code): int(count) for code, count in re.findall(r"^status (\d+) (\d+)$", out, re.M)
    }
    booked = re.search(r"^booked up to (\d+)$", out, re.M)
    step = Step(connections, rate, p50, p99, failed, cpu, dict(sorted(statuses.items())))
    return step, max(offset, int(booked[1]) if booked else offset)


def report(steps: list[Step]) -> None:
    print(
        f"\n{'conns':>5} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}  "
        "busiest processes (CPU, 1.0 = one core)"
    )
    for step in steps:
        busiest = sorted(step.cpu.items(), key=lambda item: -item[1])[:4]
        cpu = ", ".join(f"{name} {share:.2f}" for name, share in busiest)
        print(f"{step.connections:>5} {step.requests_per_second:>8.0f} {step.p50_ms:>8.1f} "
              f"{step.p99_ms:>8.1f} {step.errors:>7}  {cpu}")  # fmt: skip
        print(f"{'':>5} statuses: {', '.join(f'{code} x{n}' for code, n in step.statuses.items())}")
    crossed = next((step for step in steps if step.p99_ms > P99_LIMIT_MS), None)
    within = [step for step in steps if step.p99_ms <= P99_LIMIT_MS]
    best = max(within, key=lambda step: step.requests_per_second, default=None)
    if best is not None:
        print(f"\nhighest throughput with p99 <= {P99_LIMIT_MS:.0f} ms: "
              f"{best.requests_per_second:.0f} req/s ({best.connections} connections)")  # fmt: skip
    if crossed is not None:
        print(f"p99 crossed {P99_LIMIT_MS:.0f} ms at {crossed.requests_per_second:.0f} req/s "
              f"({crossed.connections} connections, p99 {crossed.p99_ms:.0f} ms)")  # fmt: skip
    else:
        print(f"p99 stayed under {P99_LIMIT_MS:.0f} ms up to {steps[-1].connections} connections")
    top = max(steps, key=lambda step: step.requests_per_second)
    total = sum(top.cpu.values())
    cores = os.cpu_count() or 1
    print(f"at the peak ({top.requests_per_second:.0f} req/s) the system's processes used "
          f"{total:.2f} of the machine's {cores} cores (wrk not counted)")  # fmt: skip
    print("CPU per request of the mix:")
    costs = {
        name: 1000 * share / top.requests_per_second
        for name, share in top.cpu.items()
        if top.requests_per_second
    }
    for name, cost in sorted(costs.items(), key=lambda item: -item[1])[:4]:
        print(f"    {name:<32} {cost:5.2f} ms")
    # Each service is one asyncio process: the one with the most CPU per request caps the
    # mix at one core's worth of it, whatever the number of cores.
    name, cost = max(costs.items(), key=lambda item: item[1])
    print(f"limit: {name} (one process) caps the mix at ~{1000 / cost:.0f} req/s on a core "
          "of its own")  # fmt: skip
    if total < 0.8 * cores:
        print("here the processes got less than the machine: other work competed for the CPU")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", default="1,4,8,16,32,64",
                        help="comma-separated connection counts, one step each")  # fmt: skip
    parser.add_argument("--seconds", type=int, default=10, help="duration of each step")
    parser.add_argument("--slots", type=int, default=3000, help="open slots for the bookings")
    parser.add_argument("--system", type=Path, help="an already built system folder to run")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 1
    connections = [int(n) for n in args.connections.split(",")]
    with tempfile.TemporaryDirectory(prefix="bench-telemedicine.") as tmp, ExitStack() as stack:
        folder = Path(tmp)
        if args.system is None:
            print("==> building the Telemedicine example", flush=True)
            root = build(EXAMPLE, folder / "built")
        else:
            root = args.system.resolve()
        servers: dict[str, Server] = {
            name: stack.enter_context(private(variable))
            for name, variable in (("postgres", "DATABASE_URL"), ("redis", "REDIS_URL"),
                                   ("rabbitmq", "RABBITMQ_URL"))
        }  # fmt: skip
        env = {API: {"RATE_LIMIT_ENABLED": "false"}}  # the gateway limits (here: not at all)
        system = stack.enter_context(LocalSystem.start(
            root, logs=folder / "logs", gateway=True, bot_api=True, env=env,
            gateway_rate_limit="1000000r/s", progress=lambda m: print(f"==> {m}", flush=True),
            **{name: server.url for name, server in servers.items()},
        ))  # fmt: skip
        print(f"==> seeding {DOCTORS} doctors, {PATIENTS} patients with a record each, "
              f"{args.slots} open slots", flush=True)  # fmt: skip
        doctors, patients, slots = seed(system.gateway_url, args.slots)
        script = folder / "mix.lua"
        ids = {name: ",".join(map(str, values)) for name, values in
               (("doctors", doctors), ("patients", patients), ("slots", slots))}  # fmt: skip
        script.write_text(LUA.format(threads=2, **ids))
        assert system.gateway is not None and system.gateway.process is not None
        pids = {name: service.process.pid for name, service in system.services.items()
                if service.process is not None}  # fmt: skip
        pids["nginx"] = system.gateway.process.pid
        pids |= {name: server.process.pid for name, server in servers.items()
                 if server.process is not None}  # fmt: skip
        load = Path("/proc/loadavg").read_text().split()[:3]
        print(f"==> load average before the run: {' '.join(load)} ({os.cpu_count()} cores; "
              "other work on the machine shares them)", flush=True)  # fmt: skip
        steps, offset = [], 0
        for count in connections:
            print(f"==> {count} connections for {args.seconds} s", flush=True)
            step, offset = run_step(system.gateway_url, script, count, args.seconds, pids, offset)
            steps.append(step)
        report(steps)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
