"""Dependencies between the project's packages run one way: no import cycle.

Every module of the package is read (not imported), and each import of another of the
project's packages becomes an edge between two nodes: `kompas.cohorts`, `kompas.surveys`, ...
(every package and top-level module directly under `kompas`). Imports under
`if TYPE_CHECKING:` count, and so do the string references of model fields
(`ForeignKey("surveys.Response")`): both tie one app to another as surely as an import.
Test code sits above what it tests, so each `tests` package and the shared test support
`kompas.lib.testing` are nodes of their own. Migration dependencies are history, not imports.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from itertools import pairwise
from pathlib import Path

from django.apps import apps
from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[2]
FIELDS_WITH_A_MODEL = {"ForeignKey", "OneToOneField", "ManyToManyField"}

Edges = dict[str, dict[str, list[str]]]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def node_of(module: str) -> str:
    """The layer a module belongs to (see the module docstring)."""
    parts = module.split(".")
    if parts[1:3] == ["lib", "testing"]:
        return "kompas.lib.testing"
    if "tests" in parts:
        return ".".join(parts[: parts.index("tests") + 1])
    return ".".join(parts[:2])


def imported_modules(tree: ast.Module, module: str, is_package: bool) -> Iterator[tuple[str, int]]:
    """Every module an import statement names, relative imports resolved."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            stem = ".".join([*base, node.module] if node.module else base)
            yield stem, node.lineno
            for alias in node.names:  # `from kompas import surveys` imports a package
                yield f"{stem}.{alias.name}", node.lineno


def referenced_models(tree: ast.Module, packages: Mapping[str, str]) -> Iterator[tuple[str, int]]:
    """The package of every model a relation field names as "app_label.Model"."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", getattr(node.func, "id", ""))
        if name not in FIELDS_WITH_A_MODEL:
            continue
        targets = node.args[:1] + [k.value for k in node.keywords if k.arg == "to"]
        for target in targets:
            if isinstance(target, ast.Constant) and isinstance(target.value, str):
                label = target.value.partition(".")[0]
                if label in packages:
                    yield packages[label], node.lineno


def package_edges(packages: Mapping[str, str]) -> Edges:
    """node -> node it depends on -> the places that say so ("path:line")."""
    edges: Edges = {}
    for path in sorted(ROOT.rglob("*.py")):
        module = module_name(path)
        tree = ast.parse(path.read_text(), str(path))
        found = list(imported_modules(tree, module, path.name == "__init__.py"))
        if "migrations" not in path.parts:
            found += referenced_models(tree, packages)
        for target, line in found:
            if target.split(".")[0] != "kompas" or node_of(target) == node_of(module):
                continue
            where = f"{path.relative_to(ROOT.parent)}:{line}"
            places = edges.setdefault(node_of(module), {}).setdefault(node_of(target), [])
            if where not in places:
                places.append(where)
    return edges


def find_cycle(edges: Mapping[str, Mapping[str, object]]) -> list[str] | None:
    """One cycle of the graph as its nodes, the first repeated at the end; None if acyclic."""
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str] | None:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return None
        for successor in sorted(edges.get(node, {})):
            cycle = visit(successor, [*path, node])
            if cycle:
                return cycle
        done.add(node)
        return None

    for start in sorted(edges):
        cycle = visit(start, [])
        if cycle:
            return cycle
    return None


def app_packages() -> dict[str, str]:
    return {c.label: c.name for c in apps.get_app_configs() if c.name.startswith("kompas.")}


class ThePackageGraph(SimpleTestCase):
    def test_it_has_no_import_cycle(self):
        edges = package_edges(app_packages())
        cycle = find_cycle(edges)
        if cycle:
            evidence = [f"{a} -> {b}: {', '.join(edges[a][b])}" for a, b in pairwise(cycle)]
            self.fail("import cycle " + " -> ".join(cycle) + "\n" + "\n".join(evidence))

    def test_it_sees_the_imports_and_the_model_references(self):
        edges = package_edges(app_packages())
        self.assertIn("kompas.cohorts", edges["kompas.surveys"])  # from kompas.cohorts.models
        self.assertIn("kompas.lib.testing", edges["kompas.surveys.tests"])
        self.assertIn("kompas.api", edges["kompas.urls"])
        references = ast.parse('models.ForeignKey("surveys.Response", on_delete=CASCADE)')
        self.assertEqual(
            list(referenced_models(references, app_packages())), [("kompas.surveys", 1)]
        )

    def test_it_resolves_relative_imports(self):
        tree = ast.parse("from . import services\nfrom ..lib.tokens import new_token")
        self.assertEqual(
            list(imported_modules(tree, "kompas.surveys.views", is_package=False)),
            [
                ("kompas.surveys", 1),
                ("kompas.surveys.services", 1),
                ("kompas.lib.tokens", 2),
                ("kompas.lib.tokens.new_token", 2),
            ],
        )

    def test_a_cycle_is_named_from_where_it_closes(self):
        graph = {"a": {"b": []}, "b": {"c": []}, "c": {"b": []}}
        self.assertEqual(find_cycle(graph), ["b", "c", "b"])
        self.assertIsNone(find_cycle({"a": {"b": []}, "b": {}}))
