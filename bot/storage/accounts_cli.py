"""`python -m bot staff add|list|disable|remove-second-factor`: staff accounts from the
command line (the way back in when the only admin lost the phone and recovery codes)."""

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
from bot.storage.audit import record_event
from bot.storage.second_factor import remove_second_factor


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
                factor = "2FA" if account.has_second_factor else "-"
                print(f"{account.email}\t{account.role}\t{state}\t{factor}")
            return 0
        if args.staff_action == "disable":
            set_active(args.email, False)
            print(f"Compte désactivé : {args.email.strip().lower()}")
            return 0
        if args.staff_action == "remove-second-factor":
            email = args.email.strip().lower()
            account = next((a for a in list_accounts() if a.email == email), None)
            if account is None:
                raise AccountError(f"aucun compte {email}")
            remove_second_factor(account.id)
            record_event(
                "second_factor",
                target_type="staff_user",
                target_id=account.id,
                detail="retirée en ligne de commande",
            )
            print(f"Validation en deux étapes retirée : {email} (à réactiver à la connexion)")
            return 0
    except AccountError as error:
        print(f"staff : {error}", file=sys.stderr)
        return 1
    return 2
