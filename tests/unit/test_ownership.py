"""What a resource may take over and delete (:mod:`connect_as_code._runtime.ownership`)."""

from __future__ import annotations

from connect_as_code._runtime import ownership


def test_adoption_is_asked_by_the_input_or_by_the_key_listed_for_one_run() -> None:
    assert ownership.adoption_asked({"adopt": True}, "k", environ={})
    assert not ownership.adoption_asked({"adopt": False}, "k", environ={})
    assert ownership.adoption_asked({}, "k", environ={"CONNECT_AS_CODE_ADOPT": "a, k ,b"})
    assert not ownership.adoption_asked({}, "k", environ={"CONNECT_AS_CODE_ADOPT": "kk,a"})
    assert not ownership.adoption_asked({}, "k", environ={"CONNECT_AS_CODE_ADOPT": ""})


def test_the_refusal_names_the_object_and_every_way_to_take_it_over() -> None:
    text = ownership.takeover_refusal("Deployment", "k", "in project p", "id 1, Deployed")
    assert text.startswith("Deployment key 'k' already exists in project p (id 1, Deployed)")
    for way in ("adopt=True", "CONNECT_AS_CODE_ADOPT=k pulumi up", 'aliases=[pulumi.Alias(name="<old name>")]'):
        assert way in text


def test_an_adopted_object_is_held_and_keys_owned_until_forgotten() -> None:
    ownership.forget()
    assert not ownership.held_by_another("Deployment", "id-1")
    ownership.hold("Deployment", "id-1")
    ownership.note_owned_key("Deployment", "p", "k")
    assert ownership.held_by_another("Deployment", "id-1") and not ownership.held_by_another("ConnectorStaged", "id-1")
    assert ownership.owned_key("Deployment", "p", "k") and not ownership.owned_key("Deployment", "q", "k")
    ownership.forget()
    assert not ownership.held_by_another("Deployment", "id-1") and not ownership.owned_key("Deployment", "p", "k")
