import sys
from pathlib import Path

# The benchmark code lives in bench/ at the top of the repository, beside src/ and tests/.
ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
