"""Semantic retrieval for the Knowledge Hub: embedder, Qdrant vector store, fusion and extractive answers.

The pure core (``embedder``, ``store``, ``passages``, ``fusion``, ``answer``) does not import Django, so this
package must stay importable without configured settings: keep heavy imports inside the modules that need them.
"""
