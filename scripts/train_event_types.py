"""Train the small ACLED sub-event classifier that backs up the rules (athar.extract.event_model).

    pip install -e ".[train]"
    python scripts/train_event_types.py [--data ../shared/data/case2021/task2_dev.tsv] [--cv]

Training data, and only this:

- the CASE 2021 task 2 rows of the **development part** (the same fixed 30 % split by a hash of the
  row id as benchmarks/extract/case2021.py; the held-out 70 % is never read here), including the
  rows with CASE's non-ACLED labels, which teach the class "(none)";
- one example per sub-event type written from ACLED's definitions in
  ``src/athar/data/acled_taxonomy.toml`` (the definition text itself).

Model: multinomial logistic regression (scikit-learn, fixed seed, fixed hyper-parameters chosen
before any held-out scoring) over word unigrams and bigrams with sublinear tf-idf and L2
normalisation. What is shipped is plain data: the vocabulary, idf weights, coefficients and
intercepts in ``src/athar/data/models/event_types.json``; at run time numpy computes the same
scores (no scikit-learn). ``--cv`` prints a 5-fold cross-validated accuracy on the development
rows (the only estimate this script may make).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import json
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "case2021" / "task2_dev.tsv"
TAXONOMY = ROOT / "src" / "athar" / "data" / "acled_taxonomy.toml"
OUT = ROOT / "src" / "athar" / "data" / "models" / "event_types.json"
DEV_SHARE = 30  # as benchmarks/extract/case2021.py
NONE = "(none)"
SEED = 0
C = 30.0  # inverse regularisation: the best of 3, 10, 30 by 5-fold CV on the dev rows
MIN_DF = 2  # terms in at least two examples (1 gave a 6x larger, worse model in CV)
TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)  # the same tokens athar.extract.event_model reads


def part_of(row_id: str) -> str:
    digest = hashlib.sha256(f"case2021-task2:{row_id}".encode()).hexdigest()
    return "dev" if int(digest[:8], 16) % 100 < DEV_SHARE else "held-out"


def tokens(text: str) -> list[str]:
    words = [w.lower() for w in TOKEN.findall(text)]
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


def examples(path: Path) -> tuple[list[str], list[str]]:
    taxonomy = tomllib.loads(TAXONOMY.read_text(encoding="utf-8"))
    codes: dict[str, str] = {}
    texts, labels = [], []
    for event in taxonomy["event_type"]:
        for sub in event["sub_event_type"]:
            if sub.get("case2021"):
                codes[sub["case2021"]] = sub["name"]
            texts.append(f"{sub['name']}. {event['name']}. {sub['definition']}")
            labels.append(sub["name"])
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        for rid, text, code in reader:
            if part_of(rid) != "dev":
                continue  # the held-out part is never read for training
            texts.append(text)
            labels.append(codes.get(code, NONE))
    return texts, labels


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--cv", action="store_true", help="5-fold cross-validation on the development rows")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import StratifiedKFold, cross_val_score
        from sklearn.pipeline import make_pipeline
    except ImportError:
        print("needs scikit-learn: pip install -e '.[train]'", file=sys.stderr)
        return 1
    if not args.data.exists():
        print(f"no data at {args.data}", file=sys.stderr)
        return 1
    texts, labels = examples(args.data)

    def build() -> object:
        return make_pipeline(
            TfidfVectorizer(analyzer=tokens, sublinear_tf=True, min_df=MIN_DF, norm="l2"),
            LogisticRegression(C=C, max_iter=2000, random_state=SEED),
        )

    if args.cv:
        # Folds over the CASE rows only; the definition examples stay in every training fold.
        from collections import Counter

        counts = Counter(labels)
        y = [label if counts[label] >= 5 else "rare" for label in labels]
        scores = cross_val_score(
            build(), texts, labels, cv=StratifiedKFold(5, shuffle=True, random_state=SEED).split(texts, y)
        )
        print(f"5-fold accuracy on dev rows + definitions: {scores.mean():.3f} ± {scores.std():.3f}")
    model = build()
    model.fit(texts, labels)
    vectorizer, classifier = model.steps[0][1], model.steps[1][1]
    vocabulary = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
    payload = {
        "about": (
            "ACLED sub-event classifier for athar.extract.event_model, written by scripts/train_event_types.py "
            "from the CASE 2021 task 2 development part (30 % by id hash; research use) and ACLED's definitions "
            "as paraphrased in acled_taxonomy.toml. Word unigrams and bigrams, sublinear tf-idf, L2 norm; "
            f"multinomial logistic regression, C={C}, seed {SEED}."
        ),
        "examples": len(texts),
        "classes": [str(c) for c in classifier.classes_],
        "vocabulary": vocabulary,
        "idf": [round(float(v), 5) for v in vectorizer.idf_],
        "coef": [[round(float(v), 4) for v in row] for row in classifier.coef_],
        "intercept": [round(float(v), 4) for v in classifier.intercept_],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(
        f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB): {len(texts)} examples, {len(vocabulary)} terms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
