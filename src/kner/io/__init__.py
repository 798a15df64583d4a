"""Round trips between kner's document records and annotation / training formats.

Each module is a pair of converters whose composition is the identity on records
(ids, text, meta, spans with their norms):

* :mod:`kner.io.doccano` — doccano SequenceLabeling JSONL (UTF-16 offsets) and a REST
  client for push / pull against a doccano 1.8 server;
* :mod:`kner.io.hf` — a Hugging Face ``DatasetDict`` (train / validation / test) with
  Kiwi tokens and BIO ``ner_tags``; ``save_to_disk`` and Parquet;
* :mod:`kner.io.docbin` — spaCy ``DocBin`` (``.spacy``) with ``doc.ents`` set for
  training and the record in ``doc.user_data``.
"""
