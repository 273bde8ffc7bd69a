"""Drawing the charts: accessible, deterministic SVG from plain numbers and passed-in labels."""

from __future__ import annotations

import ast
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

from kompas.lib.numbers import format_number
from kompas.reports import drawing
from kompas.reports.drawing.charts import (
    STATUS_MARKERS,
    Chart,
    CompassRow,
    PhasePoint,
    compass_chart,
    identity_plane,
    life_phase_path,
    profile_chart,
    prototypicality_chart,
)
from kompas.reports.drawing.svg import REFERENCE

SVG = "{http://www.w3.org/2000/svg}"
ENGLISH = partial(format_number, language="en")
DUTCH = partial(format_number, language="nl")

# The synthetic demonstration centroids (commitment, exploration, reconsideration), rounded.
CENTROIDS = {
    "achievement": (0.96, 1.32, -0.67),
    "foreclosure": (0.76, -0.64, -0.62),
    "moratorium": (-0.96, 0.45, 1.30),
    "searching_moratorium": (0.66, 1.44, 1.30),
    "diffusion": (-0.95, -0.67, -0.33),
}
STATUS_LABELS = {
    "achievement": "Achievement",
    "foreclosure": "Foreclosure",
    "moratorium": "Moratorium",
    "searching_moratorium": "Searching moratorium",
    "diffusion": "Diffusion",
}
DISCS = {
    "Interests": ["Realistic", "Investigative", "Artistic", "Social", "Enterprising"],
    "Values": ["Achievement", "Independence", "Security"],
    "Knowledge and identification": ["Knowledge of technical work", "Identification"],
}


def compass(label: str = "Realistic", z: float | None = 1.2, **kwargs):
    rows = [
        CompassRow(label if name == "Realistic" else name, group, z if name == "Realistic" else 0.3)
        for group, names in DISCS.items()
        for name in names
    ]
    return compass_chart(
        rows,
        title=kwargs.get("title", "Your compass"),
        alt="Your scores on ten scales.",
        axis_label="z-score against the norm group",
        band_label="Middle two thirds of the norm group",
        format_number=ENGLISH,
    )


def identity(you_label: str = "You", **kwargs):
    arguments = {
        "exploration": 1.1,
        "commitment": 0.8,
        "reconsideration": -0.4,
        "centroids": CENTROIDS,
        "labels": STATUS_LABELS,
        "you_label": you_label,
        "x_label": "Exploration",
        "y_label": "Commitment",
        "title": "Identity status",
        "alt": "You are closest to achievement.",
        "reconsideration_label": "Reconsideration",
        "format_number": ENGLISH,
    }
    return identity_plane(**{**arguments, **kwargs})


def phases(first_label: str = "Childhood", *, first_answered: bool = True):
    answers = (2.0, 4.0) if first_answered else (None, None)
    return life_phase_path(
        [
            PhasePoint(first_label, *answers),
            PhasePoint("Secondary school", 2, 4),
            PhasePoint("Study choice", 4, 3),
            PhasePoint("First job", None, None),
        ],
        x_label="Exploration",
        y_label="Commitment",
        title="Your path",
        alt="From foreclosure to moratorium.",
    )


def profile(first_label: str = "Nerd"):
    return profile_chart(
        [(first_label, 0.55), ("All-rounder", 0.3), ("Status seeker", 0.15)],
        title="Your profile",
        alt="Most like the Nerd profile.",
        axis_label="Probability",
        format_number=ENGLISH,
    )


def prototypicality(first_label: str = "Shape", shape: float | None = 0.42):
    return prototypicality_chart(
        shape=shape,
        distinctive=-0.13,
        labels=(first_label, "Distinctive similarity"),
        title="Prototypicality",
        alt="Your profile resembles that of engineers.",
        format_number=ENGLISH,
    )


DRAWINGS: dict[str, tuple[Callable[..., Chart], str]] = {
    "compass": (compass, "Realistic"),
    "identity": (identity, "You"),
    "phases": (phases, "Childhood"),
    "profile": (profile, "Nerd"),
    "prototypicality": (prototypicality, "Shape"),
}
TITLES = {
    "compass": "Your compass",
    "identity": "Identity status",
    "phases": "Your path",
    "profile": "Your profile",
    "prototypicality": "Prototypicality",
}


def texts(chart: Chart) -> list[str]:
    root = ET.fromstring(chart.svg)
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def words(chart: Chart) -> str:
    """All text of the chart, lines joined by spaces: a wrapped label is one line per element."""
    return " ".join(texts(chart))


def drawn(name: str, label: str | None = None) -> Chart:
    draw, _ = DRAWINGS[name]
    return draw() if label is None else draw(label)


@pytest.mark.parametrize("name", DRAWINGS)
def test_each_chart_is_a_standalone_scalable_svg_element(name):
    chart = drawn(name)
    assert chart.svg.startswith("<svg ")
    assert "<?xml" not in chart.svg and "DOCTYPE" not in chart.svg
    root = ET.fromstring(chart.svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("width") == "100%" and root.get("height") is None
    assert len(root.get("viewBox", "").split()) == 4


@pytest.mark.parametrize("name", DRAWINGS)
def test_each_chart_is_an_image_named_by_its_title_and_described_by_its_alt(name):
    chart = drawn(name)
    root = ET.fromstring(chart.svg)
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby", "").split()
    assert root[0].tag == f"{SVG}title" and root[0].get("id") == title_id
    assert root[0].text == TITLES[name]
    assert root[1].tag == f"{SVG}desc" and root[1].get("id") == desc_id
    assert root[1].text == chart.alt


@pytest.mark.parametrize("name", DRAWINGS)
def test_each_chart_keeps_its_labels_as_text(name):
    _, label = DRAWINGS[name]
    assert label in texts(drawn(name))


def test_the_compass_shows_every_disc_and_scale_and_the_axis_words():
    shown = texts(compass())
    for disc, scales in DISCS.items():
        assert disc in shown
        assert all(scale in words(compass()) for scale in scales)
    assert "z-score against the norm group" in shown
    assert "Middle two thirds of the norm group" in shown
    assert "+1.2" in shown


def test_the_identity_plane_names_every_status_and_the_reconsideration():
    shown = texts(identity())
    assert all(label in words(identity()) for label in STATUS_LABELS.values())
    assert "Reconsideration: \u22120.4" in shown
    assert {"Exploration", "Commitment"} <= set(shown)


def test_the_identity_plane_gives_each_status_its_own_marker_shape():
    shapes = [shape for shape, _ in STATUS_MARKERS.values()]
    assert len(set(shapes)) == len(shapes) == 5


def test_the_life_phase_path_numbers_the_answered_phases_in_order():
    shown = texts(phases())
    assert "1, 2" in shown  # two phases with the same answers share a marker
    assert "3" in shown
    assert "Study choice" in shown and "First job" not in shown


def test_the_profile_chart_prints_each_percentage():
    assert {"55%", "30%", "15%"} <= set(texts(profile()))


def test_numbers_are_written_by_the_format_passed_in():
    chart = prototypicality_chart(
        shape=0.42,
        distinctive=0.05,
        labels=("Vorm", "Onderscheidende gelijkenis"),
        title="Prototypicaliteit",
        alt="Je profiel lijkt op dat van ingenieurs.",
        format_number=DUTCH,
    )
    assert {"+0,42", "+0,05", "\u22121"} <= set(texts(chart))


@pytest.mark.parametrize("name", DRAWINGS)
def test_each_chart_is_deterministic(name):
    assert drawn(name).svg == drawn(name).svg


def test_charts_on_one_page_share_no_ids():
    ids: list[str] = []
    for name in DRAWINGS:
        ids += [node.get("id", "") for node in ET.fromstring(drawn(name).svg).iter()]
    ids = [i for i in ids if i]
    assert len(ids) == len(set(ids))


def test_every_reference_inside_a_chart_resolves():
    svg = compass().svg + profile().svg  # markers, clip paths and the hatch pattern
    ids = {node.get("id") for node in ET.fromstring(compass().svg).iter()}
    ids |= {node.get("id") for node in ET.fromstring(profile().svg).iter()}
    for reference in REFERENCE.finditer(svg):
        assert reference.group(2) in ids


@pytest.mark.parametrize("name", DRAWINGS)
def test_a_chart_has_no_css_only_presentation_attributes_which_the_csp_allows(name):
    """The pages' Content-Security-Policy refuses <style> and style="..." (issue 8)."""
    root = ET.fromstring(drawn(name).svg)
    assert root.find(f".//{SVG}style") is None
    assert [node.tag for node in root.iter() if "style" in node.attrib] == []
    assert (root.get("stroke-linejoin"), root.get("stroke-linecap")) == ("round", "butt")
    filled = [node for node in root.iter(f"{SVG}path") if node.get("fill")]
    assert filled, "the shapes keep their colours"


def test_a_given_chart_id_is_used_and_a_bad_one_is_refused():
    chart = profile_chart(
        [("Nerd", 1.0)], title="t", alt="a", axis_label="x", format_number=ENGLISH, chart_id="p-1"
    )
    assert ET.fromstring(chart.svg).get("id") == "p-1"
    with pytest.raises(ValueError, match="chart_id"):
        profile_chart(
            [("Nerd", 1.0)],
            title="t",
            alt="a",
            axis_label="x",
            format_number=ENGLISH,
            chart_id='x" onload',
        )


def test_a_missing_z_is_a_dash_without_a_dot():
    with_z, without_z = compass(z=1.2), compass(z=None)
    assert "\u2013" in texts(without_z) and "+1.2" not in texts(without_z)
    assert without_z.svg.count("<use ") == with_z.svg.count("<use ") - 1


def test_a_z_beyond_three_is_drawn_at_the_edge_with_its_value():
    assert "+4.5" in texts(compass(z=4.5))


def test_a_missing_prototypicality_is_a_dash():
    shown = texts(prototypicality(shape=None))
    assert "\u2013" in shown and "\u22120.13" in shown


def test_phases_without_answers_are_left_out():
    shown = texts(phases(first_answered=False))
    assert "Childhood" not in shown and "1, 2" not in shown and "1" in shown


def test_a_path_without_any_answered_phase_is_an_empty_plane():
    chart = life_phase_path(
        [PhasePoint("Childhood", None, None)], x_label="x", y_label="y", title="t", alt="a"
    )
    assert "Childhood" not in texts(chart)


@pytest.mark.parametrize("name", DRAWINGS)
def test_each_chart_escapes_its_labels(name):
    chart = drawn(name, "Tom <&> Jerry")
    assert "Tom <&> Jerry" in texts(chart)
    assert "Tom &lt;&amp;&gt; Jerry" in chart.svg


def test_the_title_and_alt_are_escaped():
    chart = profile_chart(
        [("Nerd", 1.0)], title="a <b> & c", alt='"q" <x>', axis_label="x", format_number=ENGLISH
    )
    root = ET.fromstring(chart.svg)
    assert root[0].text == "a <b> & c" and root[1].text == '"q" <x>'


def test_dollar_signs_are_text_not_mathematics():
    assert "$status$" in texts(profile("$status$"))


def test_bad_input_is_refused_with_a_message():
    with pytest.raises(ValueError, match=r"0\.\.1"):
        profile_chart([("Nerd", 1.4)], title="t", alt="a", axis_label="x", format_number=ENGLISH)
    with pytest.raises(ValueError, match="at least one"):
        compass_chart([], title="t", alt="a", axis_label="x", band_label="b", format_number=ENGLISH)
    with pytest.raises(ValueError, match="missing"):
        identity(reconsideration=float("nan"))


def test_each_chart_is_small():
    for name in DRAWINGS:
        assert len(drawn(name).svg.encode()) < 60_000, name


def test_charts_draw_fast():
    # Loose on purpose: about 20-60 ms a chart on a quiet machine; shared CI is slower.
    start = time.perf_counter()
    for _ in range(4):
        for name in DRAWINGS:
            drawn(name)
    assert time.perf_counter() - start < 10


def test_the_drawing_imports_neither_django_nor_the_rest_of_kompas():
    imported = [
        name
        for module in Path(drawing.__file__).parent.glob("*.py")
        for node in ast.walk(ast.parse(module.read_text()))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in (
            [alias.name for alias in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
        )
    ]
    assert "matplotlib.figure" in imported
    assert not any(name.split(".")[0] == "django" for name in imported)
    ours = {name for name in imported if name.split(".")[0] == "kompas"}
    assert ours and all(name.startswith("kompas.reports.drawing.") for name in ours)
