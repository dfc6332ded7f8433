"""Search capability: engine interface, embedded and Meilisearch engines, CBD reference understanding.

Importable without Django configured (the Django wiring lives in models/tasks/views/management).
"""
