"""Squash an app's migrations into one: each model's final state as a single ``CreateModel``.

    .venv/bin/python tools/squash_migrations.py households waste ...

Django's own ``squashmigrations`` leaves most operations of these apps as they are: its optimizer
does not fold an ``AddIndex`` or ``AddConstraint`` into its ``CreateModel`` across another
model's ``CreateModel`` (it takes them to refer to every model), nor across the ancestor
migrations' ``AlterFieldsTogether``. A fresh ``migrate`` then re-renders the migration state of
every model related to the region once per such operation, which was most of its time (SQLite
24.7 s, PostgreSQL 26.7 s on an empty database; 6.0 / 6.8 s squashed, bench/RESULTS.md).

Here the squashed migration creates each model as the app's last migration leaves it (fields,
indexes, constraints, options), models in an order where each comes after the models of its app
it refers to; ``RunPython`` operations marked ``elidable`` (they only change rows that already
exist) are left out, the others (triggers) run at the end, over the final tables. It ``replaces``
the app's migrations: a database that has applied them all records the squash as applied, a new
one runs only the squash. ``renju/core/tests/test_squashed_migrations.py`` checks that the
squashes and the migrations they replace give the same models.

The app's migrations must form one chain that no squash replaces yet.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renju.settings")
os.environ.setdefault("RENJU_TESTING", "1")
django.setup()

from django.db import migrations  # noqa: E402
from django.db.migrations.loader import MigrationLoader  # noqa: E402
from django.db.migrations.migration import SwappableTuple  # noqa: E402
from django.db.migrations.writer import MigrationWriter  # noqa: E402

from renju.core.migration_operations import AlterFieldsTogether  # noqa: E402

# A function of a migration module (its name starts with a digit) cannot be imported by name.
MIGRATION_MODULE = re.compile(r"(renju\.\w+\.migrations\.\d\w*)\.\w")


def _chain(loader: MigrationLoader, app: str) -> list[migrations.Migration]:
    leaves = loader.graph.leaf_nodes(app)
    if len(leaves) != 1 or any(key[0] == app for key in loader.replacements):
        raise SystemExit(f"{app}: the migrations are not one chain without a squash")
    plan = [key for key in loader.graph.forwards_plan(leaves[0]) if key[0] == app]
    return [loader.get_migration(*key) for key in plan]


def _operations(migration: migrations.Migration) -> list[Any]:
    operations: list[Any] = []
    for operation in migration.operations:
        if isinstance(operation, AlterFieldsTogether):
            operations += operation.operations
        else:
            operations.append(operation)
    return operations


def _dependencies(app: str, chain: list[migrations.Migration]) -> list[tuple[str, str]]:
    """Every migration's dependencies on other apps (the first one's on its own app too)."""
    found: set[tuple[str, str]] = set()
    for position, migration in enumerate(chain):
        for dependency in migration.dependencies:
            if isinstance(dependency, SwappableTuple) and dependency.setting == "AUTH_USER_MODEL":
                found.add(("__setting__", "AUTH_USER_MODEL"))
            elif dependency[0] != app or position == 0:
                found.add((dependency[0], dependency[1]))
    return sorted(found)


def _in_creation_order(app: str, names: list[str], states: dict[str, Any]) -> list[str]:
    """``names`` reordered so that each model comes after the models of ``app`` it refers to."""

    def needs(name: str) -> set[str]:
        targets = set()
        for field in states[name].fields.values():
            if field.is_relation:
                label = field.related_model
                label = label if isinstance(label, str) else label._meta.label_lower
                target_app, _dot, model = label.lower().partition(".")
                if target_app == app and model in states and model != name:
                    targets.add(model)
        return targets

    ordered: list[str] = []
    pending = list(names)
    while pending:
        ready = next((name for name in pending if needs(name) <= set(ordered)), None)
        if ready is None:
            raise SystemExit(f"{app}: the models {pending} refer to each other in a cycle")
        ordered.append(ready)
        pending.remove(ready)
    return ordered


def squash(loader: MigrationLoader, app: str) -> str:
    chain = _chain(loader, app)
    created: list[str] = []
    at_end: list[Any] = []
    for migration in chain:
        for operation in _operations(migration):
            if isinstance(operation, migrations.CreateModel):
                created.append(operation.name_lower)
            elif isinstance(operation, migrations.DeleteModel):
                created.remove(operation.name_lower)
            elif (
                isinstance(operation, migrations.RunPython | migrations.RunSQL)
                and not operation.elidable
            ):
                at_end.append(operation)
    state = loader.project_state((app, chain[-1].name), at_end=True)
    states = {name: state.models[(app, name)] for name in created}
    operations: list[Any] = [
        migrations.CreateModel(
            name=states[name].name,
            fields=list(states[name].fields.items()),
            options={key: value for key, value in states[name].options.items() if value != []},
            bases=states[name].bases,
            managers=states[name].managers,
        )
        for name in _in_creation_order(app, created, states)
    ]
    name = f"0001_squashed_{chain[-1].name}"
    attributes = {
        "replaces": [(app, migration.name) for migration in chain],
        "initial": True,
        "dependencies": _dependencies(app, chain),
        "operations": operations + at_end,
    }
    squashed = type("Migration", (migrations.Migration,), attributes)(name, app)
    writer = MigrationWriter(squashed, include_header=False)
    text = re.sub(
        r"^# Functions from the following migrations.*?\n\n",
        "",
        writer.as_string(),
        flags=re.M | re.S,
    )
    modules = sorted(set(MIGRATION_MODULE.findall(text)))
    for number, module in enumerate(modules):
        alias = f"_REPLACED_{number}"
        text = re.sub(rf"^import {re.escape(module)}\n", "", text, flags=re.M)
        text = text.replace(f"{module}.", f"{alias}.")
        text = re.sub(
            r"^(from django.db import migrations.*)$",
            lambda match, a=alias, m=module: f"{match[1]}\n\n{a} = importlib.import_module({m!r})",
            text,
            count=1,
            flags=re.M,
        )
    if modules:
        text = "import importlib\n" + text
    docstring = (
        f'"""{app}.{chain[0].name} … {chain[-1].name} squashed by tools/squash_migrations.py: '
        "each model as\nthose migrations leave it, in one CreateModel (a fresh migrate renders "
        'it once).\n"""\n\n'
    )
    text = docstring + text
    path = os.path.join(os.path.dirname(writer.path), f"{name}.py")
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)
    return path


def main(apps: list[str]) -> None:
    loader = MigrationLoader(None, replace_migrations=False)
    for app in apps:
        print(squash(loader, app))


if __name__ == "__main__":
    main(sys.argv[1:])
