"""End-to-end speed of a trained pipeline, three ways of feeding it (issue 5: chars/s targets).

    python scripts/bench_speed.py training/cnn/model-best [model,rules_first]

Over the gold + supplement texts, best of 2: ``nlp.pipe(texts)`` (Kiwi per text),
``nlp.pipe(nlp.tokenizer.pipe(texts))`` (Kiwi batched over its threads, as ``kner extract``
should) and ``nlp.pipe(texts, n_process=2)``; the model alone (``kner_rules`` disabled) and
with the rules in the mode the pipeline was saved with.
"""
import time, sys, spacy, kner
from kner.records import load_records
recs = load_records("corpus/kner-v1.0/gold.jsonl")+load_records("corpus/kner-v1.0/supplement.jsonl")
texts=[r["text"] for r in recs]; n=sum(map(len,texts))
nlp=spacy.load(sys.argv[1])
if "kner_normalizer" not in nlp.pipe_names: nlp.add_pipe("kner_normalizer")
def best(f, k=2):
    b=1e9
    for _ in range(k):
        t0=time.perf_counter(); f(); b=min(b,time.perf_counter()-t0)
    return n/b
modes = sys.argv[2].split(",") if len(sys.argv) > 2 else ["model", "rules"]
for mode in modes:
    if mode=="model": nlp.disable_pipe("kner_rules")
    else:
        if "kner_rules" not in nlp.pipe_names: nlp.enable_pipe("kner_rules")
    print(mode, "nlp.pipe(texts)", int(best(lambda: list(nlp.pipe(texts, batch_size=8)))), flush=True)
    print(mode, "nlp.pipe(tokenizer.pipe)", int(best(lambda: list(nlp.pipe(nlp.tokenizer.pipe(texts), batch_size=8)))), flush=True)
    print(mode, "n_process=2", int(best(lambda: list(nlp.pipe(texts, batch_size=8, n_process=2)), 1)), flush=True)
