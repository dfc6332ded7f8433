"""Fill the model volume once, at deployment time (docker-compose's one-off `models` service):

    python -m embeddings.fetch_model intfloat/multilingual-e5-small /models/multilingual-e5-small

Downloads a sentence-transformers model from the Hugging Face hub into a folder, unless the folder already holds
it. The application then loads it strictly offline with EMBEDDING_MODEL=/models/multilingual-e5-small (a folder is
accepted wherever a model name is, embeddings.embedder.resolve_model). No Django: it runs before anything else.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

MARKERS = ("modules.json", "config_sentence_transformers.json")


def fetch(model: str, folder: Path) -> Path:
    if any((folder / marker).is_file() for marker in MARKERS):
        print(f"{folder} already holds a model; nothing to do")
        return folder
    os.environ["HF_HUB_OFFLINE"] = "0"  # this one step needs the hub; every other process runs offline
    from huggingface_hub import snapshot_download

    folder.mkdir(parents=True, exist_ok=True)
    snapshot_download(model, local_dir=str(folder))
    if not any((folder / marker).is_file() for marker in MARKERS):
        raise SystemExit(f"{model} downloaded into {folder} but is not a sentence-transformers model")
    print(f"{model} -> {folder}")
    return folder


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    fetch(sys.argv[1], Path(sys.argv[2]))
