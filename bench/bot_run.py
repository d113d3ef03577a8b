"""Runs inside a baked bot's environment (see bench/bot.py): prints updates per second of
the bare dispatcher and of the full stack, alternating rounds, and their ratio.

Both loops are CPU-bound and single-threaded (no network: the session records requests), so
rates are per second of this process's CPU time: on a shared machine, wall-clock time also
counts the time other processes held the CPU, which moves the ratio from run to run.
"""

import asyncio
import gc
import logging
import os
import statistics
import sys
import time
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.filters import Command
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.types import Update
from finance_lending_bot.api.handlers.start import show_help
from finance_lending_bot.api.i18n import Translations
from finance_lending_bot.app import create_dispatcher
from finance_lending_bot.core.lifecycle import InFlight
from finance_lending_bot.core.logging import configure_logging
from finance_lending_bot.core.settings import Settings
from finance_lending_bot.infrastructure.business_api import BusinessApiClient
from finance_lending_bot.infrastructure.rate_limit import MemoryRateLimiter
from tests.fake_telegram import TOKEN, message_update
from tests.recording import RecordingSession

GOAL = 0.7
GOAL_MISSED = 3  # exit status when the run worked but the ratio is under GOAL
USERS = 1000  # updates spread over many users, as in production: nobody is throttled


def make_updates(count: int) -> list[Update]:
    return [
        Update.model_validate(message_update("/help", update_id=n, chat_id=1 + n % USERS))
        for n in range(count)
    ]


async def rate(
    dispatcher: Dispatcher, bot: Bot, updates: list[Update], aiogram_logs: bool, **data: Any
) -> float:
    """Updates per CPU second; checks that each update was answered once."""
    logging.getLogger("aiogram.event").setLevel(logging.INFO if aiogram_logs else logging.WARNING)
    session = bot.session
    assert isinstance(session, RecordingSession)
    session.requests.clear()  # a growing list would make the garbage collector ever slower
    gc.collect()
    started = time.process_time()
    for update in updates:
        await dispatcher.feed_update(bot, update, **data)
    elapsed = time.process_time() - started
    assert len(session.requests) == len(updates), "an update was not answered exactly once"
    return len(updates) / elapsed


async def main(count: int, rounds: int) -> int:
    # Logs as in production, one JSON line per update, written to /dev/null: the bare
    # dispatcher's is aiogram's own "Update id=... is handled", which the bot replaces with
    # its update.handled (it turns aiogram.event down to WARNING, as __main__ does).
    report = sys.stdout
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - the log handler writes to sys.stdout
    configure_logging("bench", "INFO", json_logs=True)

    session = RecordingSession()
    bot = Bot(TOKEN, session=session)
    translations = Translations()
    settings = Settings(bot_token=TOKEN)
    updates = make_updates(count)

    bare = Dispatcher()
    bare.message.register(show_help, Command("help"))
    async with BusinessApiClient("http://127.0.0.1:9", timeout_seconds=1) as business_api:
        full = create_dispatcher(
            settings,
            in_flight=InFlight(),
            business_api=business_api,
            translations=translations,
            storage=MemoryStorage(),
            limiter=MemoryRateLimiter(settings.throttle_window_seconds),
        )
        fallback = translations.fallback
        await rate(bare, bot, updates[:200], True, i18n=fallback)  # warm-up
        await rate(full, bot, updates[:200], False)
        bare_rates, silent_rates, full_rates = [], [], []
        for _ in range(rounds):
            bare_rates.append(await rate(bare, bot, updates, True, i18n=fallback))
            silent_rates.append(await rate(bare, bot, updates, False, i18n=fallback))
            full_rates.append(await rate(full, bot, updates, False))

    floor, measured = statistics.median(bare_rates), statistics.median(full_rates)
    ratio = measured / floor
    print(f"updates per round: {count}, rounds: {rounds} (medians)", file=report)
    print(f"bare aiogram dispatcher (floor): {floor:8.0f} updates/s", file=report)
    print(f"full middleware stack:           {measured:8.0f} updates/s", file=report)
    silent = statistics.median(silent_rates)
    print(f"(bare dispatcher logging nothing: {silent:7.0f} updates/s, for reference)", file=report)
    verdict = "ok" if ratio >= GOAL else "MISSED"
    print(f"ratio: {ratio:.2f}x (goal >= {GOAL}x) {verdict}", file=report)
    return 0 if ratio >= GOAL else GOAL_MISSED


if __name__ == "__main__":
    arguments = [int(value) for value in sys.argv[1:3]]
    sys.exit(asyncio.run(main(*(arguments + [1000, 15][len(arguments) :]))))
