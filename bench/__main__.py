"""`python -m bench`: load, footprint, NLU quality and staff pages in one run, printed as a
table and written to `bench/results.md`. `--smoke` is the tiny version CI runs so that the
command keeps working (one conversation per bot, a few hundred rows)."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from bench import conversations, quality, yardsticks
from bench.load import LoadResult, run_round
from bench.report import Figures, LevelFigures, render
from bench.servers import RunningBot, cpu_seconds, resident_mb, start_signal_pme, start_yardstick
from bench.staff_pages import measure as measure_staff
from bot.local_redis import redis_available
from bot.settings import ROOT

STOCK_HOW = (
    "`rasa init --no-prompt` as generated (DIET, TED, Memoization and Rule policies), "
    "`rasa run`: REST channel, in-memory tracker store, one Sanic worker"
)
FLOOR_HOW = (
    "the same project with KeywordIntentClassifier + RulePolicy only (every story as a "
    "rule), `rasa run` the same way"
)


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--smoke", action="store_true", help="tiny run for CI")
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--workers",
        type=int,
        default=2 if redis_available() else 1,
        help="also run Signal PME with this many Rasa workers and a Redis lock store "
        "(default 2 when redis-server is installed; 1: only the default set-up)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES_URL") or os.environ.get("TEST_POSTGRES_URL"),
    )
    args = parser.parse_args(argv)
    if args.smoke:
        args.levels, args.rounds, args.rows = [1], 1, 300
    return args


def _conversations_for(bot: RunningBot, count: int) -> list[list[str]]:
    if bot.database_url:
        return conversations.reports(count)
    return [yardsticks.CONVERSATION] * count


def _load(bots: list[RunningBot], levels: list[int], rounds: int) -> dict[int, dict[str, list]]:
    """Every level, `rounds` rounds, the bots in turn (a different one first each round)."""
    results: dict[int, dict[str, list[LoadResult]]] = {}
    for level in levels:
        per_bot: dict[str, list[LoadResult]] = {bot.name: [] for bot in bots}
        count = level if level > 1 else 3
        for round_number in range(rounds):
            order = bots[round_number % len(bots) :] + bots[: round_number % len(bots)]
            for bot in order:
                result = run_round(
                    bot.webhook,
                    _conversations_for(bot, count),
                    level,
                    silent_ok=bot.database_url is None,  # a yardstick may stay silent
                )
                per_bot[bot.name].append(result)
                print(
                    f"  {level:>3} × {bot.name:<9} round {round_number + 1}: "
                    f"{result.messages_per_second:6.1f} msg/s, "
                    f"p95 {result.percentile_ms(95):6.0f} ms, {result.errors} errors "
                    f"{sorted(set(result.error_kinds))}",
                    flush=True,
                )
        results[level] = per_bot
    return results


def _level_figures(rounds: list[LoadResult]) -> LevelFigures:
    def median(values: list[float]) -> float:
        return statistics.median(values)

    return LevelFigures(
        messages_per_second=median([r.messages_per_second for r in rounds]),
        p50_ms=median([r.percentile_ms(50) for r in rounds]),
        p95_ms=median([r.percentile_ms(95) for r in rounds]),
        p99_ms=median([r.percentile_ms(99) for r in rounds]),
        errors=sum(r.errors for r in rounds),
        messages=sum(len(r.latencies) for r in rounds),
    )


def _saved_testimonies(database_url: str) -> int:
    from sqlalchemy import func, select

    from bot.storage.db import session_factory
    from bot.storage.models import Testimony

    with session_factory(database_url)() as session:
        return session.scalar(select(func.count(Testimony.id))) or 0


def postgres_problem(url: str) -> str | None:
    """Why the PostgreSQL database at `url` cannot be used, or None when it answers."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import SQLAlchemyError

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        return str(getattr(error, "orig", None) or error).strip().splitlines()[0]
    finally:
        engine.dispose()
    return None


def _commit() -> str:
    answer = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return answer.stdout.strip() + (" (with uncommitted changes)" if dirty else "")


def main(argv: list[str] | None = None) -> int:
    args = _arguments(sys.argv[1:] if argv is None else argv)
    if args.postgres and (problem := postgres_problem(args.postgres)):
        print(
            f"The PostgreSQL database for the staff pages cannot be used: {problem}\n"
            "Create it (for example: su postgres -c \"psql -c 'CREATE DATABASE "
            "signalpme_bench OWNER signalpme'\"), point BENCH_POSTGRES_URL at one that "
            "exists, or pass --postgres '' to measure the staff pages on SQLite only.",
            file=sys.stderr,
        )
        return 2
    base = Path(tempfile.mkdtemp(prefix="signalpme-bench-"))
    (base / "logs").mkdir()
    bots: list[RunningBot] = []
    figures = Figures(
        when=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        commit=_commit(),
        cores=quality.cores(),
        smoke=args.smoke,
    )
    try:
        print("Yardsticks: rasa init (trains the stock bot), then the floor bot…", flush=True)
        stock = yardsticks.make_stock(base)
        floor = yardsticks.make_floor(stock, base)
        figures.training_seconds.update(
            {"stock": stock.train_seconds, "floor": floor.train_seconds}
        )
        if not args.smoke:
            print("Training Signal PME from scratch…", flush=True)
            figures.training_seconds["signalpme"] = quality.training_seconds(base / "train")
        print("Starting the bots…", flush=True)
        logs = base / "logs"
        bots.append(start_yardstick("stock", stock.folder, stock.model, logs, STOCK_HOW))
        bots.append(start_yardstick("floor", floor.folder, floor.model, logs, FLOOR_HOW))
        bots.append(start_signal_pme(base / "signalpme"))
        if args.workers > 1:
            bots.append(start_signal_pme(base / "signalpme-workers", args.workers))
        figures.how = {bot.name: bot.how for bot in bots}
        figures.first_answer_seconds = {bot.name: bot.first_answer_seconds for bot in bots}
        cpu_before = {
            (b.name, role): cpu_seconds(pid) for b in bots for role, pid in b.processes.items()
        }
        print("Load (conversations at a time × bot):", flush=True)
        ours = [bot for bot in bots if bot.database_url]
        results = _load(bots, args.levels, args.rounds)
        for level, per_bot in results.items():
            figures.levels[level] = {name: _level_figures(r) for name, r in per_bot.items()}
        messages = {
            b.name: sum(len(r.latencies) for lvl in results.values() for r in lvl[b.name])
            for b in bots
        }
        for bot in bots:
            for role, pid in bot.processes.items():
                figures.memory_mb[f"{bot.name} {role}"] = resident_mb(pid)
                used = cpu_seconds(pid) - cpu_before[(bot.name, role)]
                figures.cpu_ms_per_message[f"{bot.name} {role}"] = (
                    used * 1000 / max(1, messages[bot.name])
                )
        figures.reports_played = sum(
            r.conversations for lvl in results.values() for bot in ours for r in lvl[bot.name]
        )
        figures.reports_saved = sum(_saved_testimonies(bot.database_url) for bot in ours)
    finally:
        for bot in bots:
            bot.stop()
    print("NLU quality…", flush=True)
    figures.heldout = quality.heldout(base / "heldout")
    if not args.smoke:
        figures.crossval_f1 = quality.cross_validation(base / "crossval")
    print(f"Staff pages at {args.rows} testimonies…", flush=True)
    staff_base = base / "staff"
    staff_base.mkdir()
    figures.staff.append(
        measure_staff(
            "SQLite",
            f"sqlite:///{staff_base / 'staff.db'}",
            f"sqlite:///{staff_base / 'tracker.db'}",
            args.rows,
        )
    )
    if args.postgres:
        figures.staff.append(measure_staff("PostgreSQL", args.postgres, args.postgres, args.rows))
    text = render(figures)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"Written to {args.out}")
    shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
