"""A report's charts, labelled in the respondent's language: its numbers and texts handed to
the pure drawing in `kompas.reports.drawing`, which knows nothing of reports or languages."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from kompas.lib.numbers import format_chance, format_number
from kompas.psychometrics.personas import load_personas
from kompas.psychometrics.reference import Reference
from kompas.reports.drawing import charts
from kompas.reports.report import Report

__all__ = ["draw_report_charts"]


def draw_report_charts(report: Report, reference: Reference) -> dict[str, charts.Chart]:
    """Every chart of `report`, keyed compass, identity, trajectory, prototypicality,
    profile (a part that cannot be drawn is left out). Drawing takes about 0.2 s, so the
    pages keep the charts (`kompas.reports.models.ReportCharts`)."""
    language = report.language
    drawn: dict[str, charts.Chart] = {}
    with translation.override(language):
        rows = [
            charts.CompassRow(line.name, disc.name, line.z)
            for disc in report.compass
            for line in disc.scales
        ]
        drawn["compass"] = charts.compass_chart(
            rows,
            title=_("Your compass compared with the comparison group"),
            alt=_(
                "Dot chart of %(count)s scales in %(discs)s groups: each dot is your score "
                "compared with the comparison group (0 is average; the shaded band holds the "
                "middle two thirds). The table below gives every number."
            )
            % {"count": len(rows), "discs": len(report.compass)},
            axis_label=_("compared with the comparison group (z)"),
            band_label=_("middle two thirds"),
            format_number=format_number,
            chart_id="chart-compass",
        )
        identity = report.identity
        centroids = reference.centroids
        if (
            identity is not None
            and centroids is not None
            and identity.exploration_z is not None
            and identity.commitment_z is not None
            and identity.reconsideration_z is not None
        ):
            personas = load_personas()
            drawn["identity"] = charts.identity_plane(
                exploration=identity.exploration_z,
                commitment=identity.commitment_z,
                reconsideration=identity.reconsideration_z,
                centroids=centroids.centres,
                labels={s: p.status_name[language] for s, p in personas.items()},
                you_label=_("you"),
                x_label=_("exploring (z)"),
                y_label=_("commitment (z)"),
                reconsideration_label=_("doubt (z)"),
                title=_("How you choose: exploring and commitment"),
                alt=_(
                    "Your position: exploring %(exploration)s, commitment %(commitment)s, "
                    "doubt %(reconsideration)s (0 is average). You are closest to "
                    "%(status)s."
                )
                % {
                    "exploration": format_number(identity.exploration_z),
                    "commitment": format_number(identity.commitment_z),
                    "reconsideration": format_number(identity.reconsideration_z),
                    "status": identity.status_name,
                },
                format_number=format_number,
                chart_id="chart-identity",
            )
        points = [
            charts.PhasePoint(line.name, line.exploration, line.commitment)
            for line in report.trajectory
        ]
        if points:
            drawn["trajectory"] = charts.life_phase_path(
                points,
                x_label=_("options weighed (1-5)"),
                y_label=_("certainty of the choice (1-5)"),
                title=_("Your path through the life phases"),
                alt=_(
                    "A path through %(count)s life phases; the table below gives the answers "
                    "and the way of choosing in each phase."
                )
                % {"count": len(points)},
                chart_id="chart-trajectory",
            )
        proto = report.prototypicality
        if proto is not None:
            drawn["prototypicality"] = charts.prototypicality_chart(
                shape=proto.shape,
                distinctive=proto.distinctive,
                labels=(_("resemblance"), _("distinctive resemblance")),
                title=_("Resemblance to engineers in technical roles"),
                alt=_(
                    "Resemblance %(shape)s and distinctive resemblance %(distinctive)s, on a "
                    "scale from -1 (opposite) to 1 (the same profile)."
                )
                % {
                    # two decimals, as the chart and the table beside it
                    "shape": format_number(proto.shape, 2),
                    "distinctive": format_number(proto.distinctive, 2),
                },
                format_number=format_number,
                chart_id="chart-prototypicality",
            )
        if report.profile is not None:
            drawn["profile"] = charts.profile_chart(
                [(chance.name, chance.probability) for chance in report.profile.probabilities],
                title=_("How much your answers resemble each profile"),
                alt=_("Bars with the chance of each profile; most likely: %(profile)s.")
                % {"profile": report.profile.name},
                axis_label=_("chance (%)"),
                format_number=format_number,
                format_chance=format_chance,
                chart_id="chart-profile",
            )
    return drawn
