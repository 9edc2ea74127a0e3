"""Train the Rasa model, only when its inputs (data, domain, config) changed."""

from __future__ import annotations

import hashlib
import subprocess

from bot.rasa_cli import RASA_COMMAND, rasa_environment
from bot.settings import ROOT, get_settings

MODEL_PATH = ROOT / "models" / "signalpme.tar.gz"
FINGERPRINT_PATH = ROOT / "models" / "signalpme.fingerprint"
TRAINING_INPUTS = ("data", "domain.yml", "config.yml")


def training_fingerprint() -> str:
    """Hash of the training data, domain and config: training is needed when it changes."""
    digest = hashlib.sha256()
    for name in TRAINING_INPUTS:
        path = ROOT / name
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file():
                digest.update(str(file.relative_to(ROOT)).encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()


def train_if_needed(force: bool = False) -> bool:
    """Train the model when the training inputs changed; True if it trained."""
    fingerprint = training_fingerprint()
    up_to_date = (
        MODEL_PATH.exists()
        and FINGERPRINT_PATH.exists()
        and FINGERPRINT_PATH.read_text().strip() == fingerprint
    )
    if up_to_date and not force:
        print("Modèle à jour : pas d'entraînement nécessaire.")
        return False
    print("Entraînement du modèle Rasa…", flush=True)
    subprocess.run(
        [*RASA_COMMAND, "train", "--fixed-model-name", "signalpme", "--out", "models"],
        cwd=ROOT,
        check=True,
        env=rasa_environment(get_settings()),
    )
    FINGERPRINT_PATH.write_text(fingerprint)
    return True
