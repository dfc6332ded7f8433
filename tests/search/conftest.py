import sys
from pathlib import Path

# Test helpers (cbd_corpus, contract, fake_meili) are imported by module name from this folder.
sys.path.insert(0, str(Path(__file__).resolve().parent))
