"""`python -m bot staff add|list|disable`: staff accounts from the command line."""

from __future__ import annotations

import argparse
import sys

from bot.storage.accounts import (
    ROLE_LABELS,
    AccountError,
    create_account,
    list_accounts,
    set_active,
)


def staff_command(args: argparse.Namespace) -> int:
    """Run one `staff` action; prints a generated password once, on `add`."""
    try:
        if args.staff_action == "add":
            password = create_account(args.email, args.role)
            print(f"Compte créé : {args.email.strip().lower()} ({ROLE_LABELS[args.role]})")
            print(f"Mot de passe (affiché une seule fois) : {password}")
            return 0
        if args.staff_action == "list":
            for account in list_accounts():
                state = "actif" if account.active else "désactivé"
                print(f"{account.email}\t{account.role}\t{state}")
            return 0
        if args.staff_action == "disable":
            set_active(args.email, False)
            print(f"Compte désactivé : {args.email.strip().lower()}")
            return 0
    except AccountError as error:
        print(f"staff : {error}", file=sys.stderr)
        return 1
    return 2
