"""Finding what a message is about: text folding and stems (`text`), reading a message (`understand`),
the FAISS index on disk (`vectors`), BM25 and the blend of scores (`retrieve`), the small-talk classifier."""
