"""The results table, in Markdown, with every comparison as a ratio of the same run."""

from __future__ import annotations

from dataclasses import dataclass, field

from bench.staff_pages import PageTimes

TARGETS = {
    "stock ratio": 3.0,  # msg/s at 10 conversations, ours / stock
    "floor ratio": 0.6,  # msg/s at 10 conversations, ours / floor
    "p95 vs floor": 2.0,  # p95 at 10 conversations, ours / floor, at most
    "rasa memory mb": 600,
    "first answer s": 15,
    "training s": 45,
    "staff p95 ms": 200,
}


@dataclass(frozen=True)
class LevelFigures:
    """One bot at one level: medians of the rounds."""

    messages_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    messages: int


@dataclass
class Figures:
    """Everything one run measured."""

    when: str
    commit: str
    cores: int
    smoke: bool
    how: dict[str, str] = field(default_factory=dict)
    levels: dict[int, dict[str, LevelFigures]] = field(default_factory=dict)
    memory_mb: dict[str, tuple[float, float]] = field(default_factory=dict)  # (PSS, RSS)
    cpu_ms_per_message: dict[str, float] = field(default_factory=dict)
    first_answer_seconds: dict[str, float] = field(default_factory=dict)
    training_seconds: dict[str, float] = field(default_factory=dict)
    heldout: tuple[float, float] | None = None
    crossval_f1: float | None = None
    staff: list[PageTimes] = field(default_factory=list)
    reports_played: int = 0
    reports_saved: int = 0


def _met(ok: bool) -> str:
    return "met" if ok else "**not met**"


def _load_table(figures: Figures) -> list[str]:
    lines = [
        "| conversations at a time | bot | msg/s | p50 ms | p95 ms | p99 ms | errors | "
        "msg/s ÷ stock | msg/s ÷ floor |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for level, bots in figures.levels.items():
        stock, floor = bots["stock"].messages_per_second, bots["floor"].messages_per_second
        for name, bot in bots.items():
            rate = bot.messages_per_second
            lines.append(
                f"| {level} | {name} | {rate:.1f} | {bot.p50_ms:.0f} | {bot.p95_ms:.0f} | "
                f"{bot.p99_ms:.0f} | {bot.errors} | {rate / stock:.2f} | {rate / floor:.2f} |"
            )
    return lines


def _ours(figures: Figures) -> list[str]:
    """The names of the Signal PME set-ups measured (`signalpme`, `signalpme-2w`…)."""
    return [name for name in figures.first_answer_seconds if name.startswith("signalpme")]


def _targets(figures: Figures) -> list[str]:
    lines = ["| target | set-up | measured | goal | |", "|---|---|---|---|---|"]
    at10 = figures.levels.get(10)
    for name in _ours(figures):
        if at10 and name in at10:
            ours, stock, floor = at10[name], at10["stock"], at10["floor"]
            ratio_stock = ours.messages_per_second / stock.messages_per_second
            ratio_floor = ours.messages_per_second / floor.messages_per_second
            p95_ratio = ours.p95_ms / floor.p95_ms
            lines += [
                f"| msg/s at 10, ÷ stock | {name} | {ratio_stock:.2f}× | ≥ 3× | "
                f"{_met(ratio_stock >= 3)} |",
                f"| msg/s at 10, ÷ floor | {name} | {ratio_floor:.2f}× | ≥ 0.6× | "
                f"{_met(ratio_floor >= 0.6)} |",
                f"| p95 at 10, ÷ floor's p95 | {name} | {p95_ratio:.2f}× | ≤ 2× | "
                f"{_met(p95_ratio <= 2)} |",
            ]
        memory = figures.memory_mb.get(f"{name} rasa")
        if memory is not None:
            pss, rss = memory
            lines += [
                f"| Rasa server memory (PSS) | {name} | {pss:.0f} MB | ≤ 600 MB | "
                f"{_met(pss <= 600)} |",
                f"| Rasa server memory (RSS) | {name} | {rss:.0f} MB | ≤ 600 MB | "
                f"{_met(rss <= 600)} |",
            ]
        first = figures.first_answer_seconds[name]
        lines.append(
            f"| first answer after start | {name} | {first:.1f} s | ≤ 15 s | {_met(first <= 15)} |"
        )
    training = figures.training_seconds.get("signalpme")
    if training is not None:
        lines.append(
            f"| training from scratch | signalpme | {training:.0f} s | ≤ 45 s | "
            f"{_met(training <= 45)} |"
        )
    for pages in figures.staff:
        worst = max(pages.p95_ms.values())
        lines.append(
            f"| staff pages p95, {pages.database}, {pages.rows} rows | staff app | "
            f"worst {worst:.0f} ms | ≤ 200 ms | {_met(worst <= 200)} |"
        )
    return lines


def render(figures: Figures) -> str:
    """The whole result as Markdown."""
    kind = "smoke run (CI: one small round; not a measurement)" if figures.smoke else "full run"
    lines = [
        "# `make bench` results",
        "",
        f"{kind}; {figures.when}; commit {figures.commit}; {figures.cores} cores. "
        "Each figure is the median of the rounds; the bots take turns within a round, a "
        "different one first each round. Ratios compare figures of this same run.",
        "",
        "## How each bot ran",
        "",
    ]
    lines += [f"- **{name}**: {how}" for name, how in figures.how.items()]
    lines += ["", "## Conversation load (REST webhook, no think time)", ""]
    lines += _load_table(figures)
    lines += [
        "",
        f"Signal PME: {figures.reports_played} whole reports played, "
        f"{figures.reports_saved} testimonies saved.",
        "",
        "## Footprint",
        "",
        "| process | memory after load, PSS (with its children) | RSS | CPU per message |",
        "|---|---|---|---|",
    ]
    for name, (pss, rss) in figures.memory_mb.items():
        cpu = figures.cpu_ms_per_message.get(name, 0.0)
        lines.append(f"| {name} | {pss:.0f} MB | {rss:.0f} MB | {cpu:.1f} ms |")
    lines += ["", "| bot | first answer after start | training from scratch |", "|---|---|---|"]
    for name, first in figures.first_answer_seconds.items():
        training = figures.training_seconds.get(name)
        shown = f"{training:.0f} s" if training is not None else "not measured (smoke)"
        lines.append(f"| {name} | {first:.1f} s | {shown} |")
    lines += ["", "## NLU quality (same run)", ""]
    if figures.heldout:
        accuracy, f1 = figures.heldout
        lines.append(f"- held-out intent accuracy {accuracy:.3f}, weighted F1 {f1:.3f}")
    crossval = (
        f"{figures.crossval_f1:.3f}" if figures.crossval_f1 is not None else "not run (smoke)"
    )
    lines.append(f"- 5-fold cross-validation weighted F1: {crossval}")
    lines += ["", "## Staff pages (p95, ms, over HTTP)", ""]
    if figures.staff:
        kinds = list(figures.staff[0].p95_ms)
        lines.append("| database | testimonies | filled in | " + " | ".join(kinds) + " |")
        lines.append("|---|---|---|" + "---|" * len(kinds))
        for pages in figures.staff:
            cells = " | ".join(f"{pages.p95_ms[k]:.0f}" for k in kinds)
            lines.append(
                f"| {pages.database} | {pages.rows} | {pages.fill_seconds:.0f} s | {cells} |"
            )
    lines += ["", "## Targets (issue 13)", ""]
    lines += _targets(figures)
    return "\n".join(lines) + "\n"
