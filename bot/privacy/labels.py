"""The French labels that replace each kind of identifier, and which label wins when two
kinds of identifier overlap."""

from __future__ import annotations

EMAIL_MASK = "[e-mail masqué]"
PHONE_MASK = "[téléphone masqué]"
SIREN_MASK = "[SIREN/SIRET masqué]"
NUMBER_MASK = "[numéro masqué]"
CODE_MASK = "[code masqué]"
NAME_MASK = "[nom masqué]"
COMPANY_MASK = "[entreprise masquée]"
URL_MASK = "[adresse web masquée]"
IBAN_MASK = "[IBAN masqué]"
BIC_MASK = "[BIC masqué]"
SELLER_ID_MASK = "[identifiant masqué]"

# Rank of each kind when spans overlap: the lowest wins the label of their union.
_RANK = {
    IBAN_MASK: 0, BIC_MASK: 0, CODE_MASK: 1, EMAIL_MASK: 2, URL_MASK: 3, PHONE_MASK: 4,
    SIREN_MASK: 5, NUMBER_MASK: 5, SELLER_ID_MASK: 6, COMPANY_MASK: 7, NAME_MASK: 8,
}  # fmt: skip
