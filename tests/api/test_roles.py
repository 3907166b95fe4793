"""Who sees pending facts and who decides is the role (Editor / Viewer), never `is_staff`."""

from __future__ import annotations

import pytest

from relations.curation import ReviewStatus
from tests.api.builders import STATES, build_world, client_for, review_fields
from tests.factories import MetricObservationFactory, UserFactory

pytestmark = pytest.mark.django_db

RESOURCES = {
    "actors": "actor",
    "events": "event",
    "observations": "observation",
    "agreements": "agreement",
    "status-changes": "status_change",
}


def listed_ids(client, path: str) -> set[int]:
    response = client.get(f"/api/v1/{path}/", {"page_size": 200})
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_a_staff_account_without_a_role_sees_what_anonymous_users_see():
    world = build_world()
    staff = client_for(UserFactory(username="staff-no-role", is_staff=True))
    anonymous = client_for()
    for path, resource in RESOURCES.items():
        assert listed_ids(staff, path) == listed_ids(anonymous, path), path
        assert not listed_ids(staff, path) & world.ids(resource, ReviewStatus.PENDING, ReviewStatus.REJECTED)
        pending = world.by_state[ReviewStatus.PENDING][resource]
        assert staff.get(f"/api/v1/{path}/{pending.pk}/").status_code == 404
    assert listed_ids(staff, "evidence") == listed_ids(anonymous, "evidence")
    observation = world.by_state[ReviewStatus.PENDING]["observation"]
    response = staff.post(f"/api/v1/observations/{observation.pk}/reject/", {"reason": "no"}, format="json")
    assert response.status_code == 403


@pytest.mark.parametrize("group", ["Editor", "Viewer"])
def test_a_role_without_staff_sees_every_state(group):
    world = build_world()
    member = client_for(UserFactory(username=f"{group}-not-staff", is_staff=False, groups=[group]))
    for path, resource in RESOURCES.items():
        assert world.ids(resource, *STATES) <= listed_ids(member, path), path


def test_an_editor_who_is_not_staff_rejects_and_gets_200():
    observation = MetricObservationFactory()
    approved = MetricObservationFactory(**review_fields(ReviewStatus.APPROVED))
    member = client_for(UserFactory(username="editor-not-staff", is_staff=False, groups=["Editor"]))
    response = member.post(f"/api/v1/observations/{observation.pk}/reject/", {"reason": "Misread"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["review_status"] == ReviewStatus.REJECTED
    response = member.post(f"/api/v1/observations/{approved.pk}/approve/", {}, format="json")
    assert response.status_code == 200, response.content
