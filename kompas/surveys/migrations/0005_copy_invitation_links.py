"""Copy each invitation's link to its response onto the response (and back when reversed)."""

from django.db import migrations


def copy_links(source, link, target, back_link):
    """Point every target row that a source row links to (column `link`) back at that source
    row (column `back_link`). Both fields exist in this state and the reverse accessor of each
    has the other's name, so this goes by the unambiguous column names."""
    for source_id, target_id in source.objects.exclude(**{link: None}).values_list("pk", link):
        target.objects.filter(pk=target_id).update(**{back_link: source_id})


def link_responses_to_invitations(apps, schema_editor):
    invitation, response = (
        apps.get_model("cohorts", "Invitation"),
        apps.get_model("surveys", "Response"),
    )
    copy_links(invitation, "response_id", response, "invitation_id")


def link_invitations_to_responses(apps, schema_editor):
    invitation, response = (
        apps.get_model("cohorts", "Invitation"),
        apps.get_model("surveys", "Response"),
    )
    copy_links(response, "invitation_id", invitation, "response_id")


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0004_response_invitation"),
    ]

    operations = [
        migrations.RunPython(link_responses_to_invitations, link_invitations_to_responses),
    ]
