"""Command line: `python -m bot <command> …`.

Each command lives in the module that owns it; this file only wires argparse to them.
"""

from __future__ import annotations

import argparse
import sys


def build_parser() -> argparse.ArgumentParser:
    """The argparse tree of every command."""
    parser = argparse.ArgumentParser(prog="python -m bot", description="Signal PME")
    commands = parser.add_subparsers(dest="command", required=True)

    db = commands.add_parser("db", help="database schema")
    db.add_argument("action", choices=["upgrade"], help="apply migrations (idempotent)")

    export = commands.add_parser("export", help="export testimonies (JSON or CSV)")
    export.add_argument("--format", choices=["json", "csv"], default="json")
    export.add_argument("--output", help="file to write (default: standard output)")
    export.add_argument(
        "--profile",
        choices=["machine", "french"],
        default="machine",
        help="CSV: machine (codes, UTC, comma) or french (labels, Paris time, semicolon)",
    )
    export.add_argument(
        "--deidentified",
        action="store_true",
        help="leave out identifying fields and mask identifiers in free text",
    )
    export.add_argument("--platform")
    export.add_argument("--problem")
    export.add_argument("--status")
    export.add_argument("--anonymous", choices=["true", "false"])
    export.add_argument("--wants-contact", choices=["true", "false"])
    export.add_argument("--since", help="created on or after (YYYY-MM-DD)")
    export.add_argument("--until", help="created on or before (YYYY-MM-DD)")
    export.add_argument("--search", help="words to find in descriptions")

    staff = commands.add_parser("staff", help="staff accounts")
    staff_actions = staff.add_subparsers(dest="staff_action", required=True)
    add = staff_actions.add_parser("add", help="create an account and print its password")
    add.add_argument("email")
    add.add_argument("--role", choices=["reviewer", "admin"], default="reviewer")
    staff_actions.add_parser("list", help="list accounts")
    disable = staff_actions.add_parser("disable", help="disable an account")
    disable.add_argument("email")
    lost = staff_actions.add_parser(
        "remove-second-factor",
        help="remove an account's second factor (a lost phone); it enrols again at login",
    )
    lost.add_argument("email")

    commands.add_parser(
        "purge",
        help="delete transcripts and audit entries past their retention periods, print counts",
    )
    mail = commands.add_parser("mail", help="e-mail to sellers who gave an address")
    mail.add_argument(
        "action", choices=["send"], help="send the due e-mails of the outbox once, print counts"
    )
    commands.add_parser(
        "outbox", help="store the testimonies kept on disk while the database was down"
    )
    commands.add_parser(
        "run", help="migrate, purge, train if needed, start every server, purge daily"
    )
    commands.add_parser("web", help="start the web app only")
    nlu = commands.add_parser("nlu-data", help="regenerate data/nlu/lookups.yml from the taxonomy")
    nlu.add_argument("--check", action="store_true", help="fail if the file is out of date")
    train = commands.add_parser("train", help="train the Rasa model if its inputs changed")
    train.add_argument("--force", action="store_true")
    rasa = commands.add_parser("rasa", help="run a rasa command with the project's environment")
    rasa.add_argument("rasa_args", nargs=argparse.REMAINDER)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit status."""
    args = build_parser().parse_args(argv)
    if args.command == "db":
        from bot.storage.migrate import upgrade

        upgrade()
        return 0
    if args.command == "export":
        from bot.export import export_command

        return export_command(args)
    if args.command == "staff":
        from bot.storage.accounts_cli import staff_command

        return staff_command(args)
    if args.command == "purge":
        from bot.storage.retention import purge_command

        return purge_command()
    if args.command == "mail":
        from bot.mail.sender import send_command

        return send_command()
    if args.command == "outbox":
        from bot.storage.kept import outbox_command

        return outbox_command()
    if args.command == "run":
        from bot.stack import run_all

        return run_all()
    if args.command == "web":
        from bot.web.server import serve

        return serve()
    if args.command == "nlu-data":
        from bot.rasa_plugins.nlu_data import check_lookups, write_lookups

        if args.check:
            return check_lookups()
        write_lookups()
        return 0
    if args.command == "train":
        from bot.training import train_if_needed

        train_if_needed(force=args.force)
        return 0
    if args.command == "rasa":
        from bot.rasa_cli import run_rasa

        return run_rasa(args.rasa_args)
    return 2


if __name__ == "__main__":
    sys.exit(main())
