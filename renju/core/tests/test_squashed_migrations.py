"""The squashed migrations (tools/squash_migrations.py) and the ones they replace agree.

A new database runs the squashes; a database that had applied the replaced migrations keeps
them, and one that had applied some of them runs the rest. Both paths must end in the same
models (``makemigrations --check`` compares only the squashes with the code).
"""

from __future__ import annotations

from django.db.migrations.loader import MigrationLoader
from django.db.migrations.state import ProjectState


def _replaced_path_state() -> ProjectState:
    loader = MigrationLoader(None, replace_migrations=False)
    leaves = [key for key in loader.graph.leaf_nodes() if key not in loader.replacements]
    return loader.project_state(leaves, at_end=True)


def test_the_squashes_give_the_models_the_replaced_migrations_give() -> None:
    squashed = MigrationLoader(None).project_state()  # no migration applied: the squashes run
    replaced = _replaced_path_state()
    assert set(squashed.models) == set(replaced.models)
    for key, model in squashed.models.items():
        assert model == replaced.models[key], key


def test_a_squash_replaces_its_apps_whole_chain() -> None:
    """Every migration of the app up to the squash's last one; the migrations made since come
    after that last replaced one, never after the squash itself (Django points them at the squash
    where it applies), so the replaced path above is the whole old chain plus the new ones."""
    loader = MigrationLoader(None, replace_migrations=False)
    for (app, name), migration in loader.replacements.items():
        replaced = sorted(n for _a, n in migration.replaces)
        assert all(a == app for a, _n in migration.replaces)
        last = (app, replaced[-1])
        later = set(loader.graph.backwards_plan(last)) - {last}  # the ones made since
        chain = sorted(
            n for a, n in loader.disk_migrations if a == app and n != name and (a, n) not in later
        )
        assert replaced == chain
        for key, child in loader.disk_migrations.items():
            assert (app, name) not in child.dependencies, f"{key} depends on the squash {name}"
