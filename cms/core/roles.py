"""Editorial roles and the moderation workflow.

Editors draft and submit; Reviewers approve and publish; Administrators manage users and settings. Editors hold no
publish permission, so nothing they write goes live without a reviewer's approval."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupApprovalTask, GroupPagePermission, Page, Workflow, WorkflowPage, WorkflowTask

EDITORS, REVIEWERS, ADMINISTRATORS = "Editors", "Reviewers", "Administrators"
PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page"],
    REVIEWERS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    ADMINISTRATORS: [
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
        "delete_page",
    ],
}
MODEL_PERMISSIONS = {
    EDITORS: ["access_admin", "add_document", "change_document", "choose_document"],
    REVIEWERS: [
        "access_admin",
        "add_document",
        "change_document",
        "choose_document",
        "add_redirect",
        "change_redirect",
        "add_query",
        "change_query",
    ],
    ADMINISTRATORS: [
        "access_admin",
        "add_document",
        "change_document",
        "delete_document",
        "choose_document",
        "add_redirect",
        "change_redirect",
        "delete_redirect",
        "add_user",
        "change_user",
        "add_query",
        "change_query",
        "delete_query",
        "submit_translation",
        "add_translation",
        "change_translation",
    ],
}


def _grant_model_permissions(group: Group, codenames: list[str]) -> None:
    perms = Permission.objects.filter(codename__in=codenames)
    group.permissions.add(*perms)


def _grant_page_permissions(group: Group, root: Page, codenames: list[str]) -> None:
    for perm in Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=codenames):
        GroupPagePermission.objects.get_or_create(group=group, page=root, permission=perm)


def ensure_roles_and_workflow(home: Page) -> Workflow:
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in PAGE_PERMISSIONS}
    roots = [home, *home.get_translations()]
    for name, group in groups.items():
        _grant_model_permissions(group, MODEL_PERMISSIONS[name])
        for root in roots:
            _grant_page_permissions(group, root, PAGE_PERMISSIONS[name])
    task, _ = GroupApprovalTask.objects.get_or_create(name="Review by a reviewer")
    task.groups.set([groups[REVIEWERS], groups[ADMINISTRATORS]])
    workflow, _ = Workflow.objects.get_or_create(name="CBD moderation")
    # WorkflowTask hangs off a ParentalKey: create it through its own manager so it is saved, not just clustered.
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for root in roots:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    return workflow
