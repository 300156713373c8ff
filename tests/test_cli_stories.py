"""The stories and entities commands (issue 14): each checked in the corpus afterwards."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.model import NewSpan
from annotator.core.store import Store


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "c.sqlite3"
    with Store.open(path) as store:
        for number in range(1, 4):
            text = f"Article {number}: Olena Marchenko met Pell Odrin."
            store.add_article(title=f"A{number}", text=text, spans=[NewSpan(11, 26, "ACTOR")])
    return path


def run(path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(path), *args])


def test_stories_assign_list_unassign_rename_delete(corpus):
    result = run(corpus, "stories", "assign", "Harrow meeting", "1", "2")
    assert (result.exit_code, result.output) == (0, "Put 2 articles in Harrow meeting.\n")
    result = run(corpus, "stories", "assign", "Harrow meeting", "2", "3")
    assert result.output == "Put 1 article in Harrow meeting (1 already there).\n"
    assert run(corpus, "stories").output == "     3  Harrow meeting\n     0  (no story)\n"
    assert run(corpus, "stories", "unassign", "3").output == "Took 1 article out of their story.\n"
    with Store.open(corpus) as store:
        assert store.article_stories() == {1: "Harrow meeting", 2: "Harrow meeting"}
    assert run(corpus, "stories", "rename", "Harrow meeting", "Talks").exit_code == 0
    result = run(corpus, "stories", "delete", "Talks")
    assert result.output == "Deleted Talks; 2 articles now in no story.\n"
    with Store.open(corpus) as store:
        assert store.stories() == [] and store.article_count() == 3


def test_story_errors_are_one_line_and_change_nothing(corpus):
    result = run(corpus, "stories", "assign", "Talks", "1", "99")
    assert result.exit_code == 1
    assert result.output == "Error: no article with id 99\n"
    result = run(corpus, "stories", "rename", "Nope", "Other")
    assert result.output == "Error: no story named 'Nope'\n"
    result = run(corpus, "stories", "assign", "Talks")
    assert result.exit_code == 2  # at least one article id
    with Store.open(corpus) as store:
        assert store.stories() == []


def test_hostile_story_and_entity_names_are_stored_literally_and_printed_escaped(corpus):
    name = "<script>x</script>\u202eevil\x1b[2J"
    assert run(corpus, "stories", "assign", name, "1").exit_code == 0
    assert run(corpus, "entities", "add", name, "--kind", "group").exit_code == 0
    with Store.open(corpus) as store:
        assert store.article_story(1).name == name
        assert store.entity("E1").name == name
    listed = run(corpus, "stories").output + run(corpus, "entities").output
    assert "<script>x</script>\\u202eevil\\x1b[2J" in listed
    assert "\x1b" not in listed and "\u202e" not in listed  # the terminal acts on neither


def test_entities_add_list_rename_merge(corpus):
    result = run(corpus, "entities", "add", "Olena Marchenko", "--kind", "person",
                 "--alias", "Marchenko", "--alias", "O. Marchenko")  # fmt: skip
    assert result.output == "Added E1: Olena Marchenko (person).\n"
    assert run(corpus, "entities", "add", "O. Marchenko", "--kind", "person").exit_code == 0
    with Store.open(corpus) as store:
        for span_id, key in ((1, "E1"), (2, "E2"), (3, "E2")):
            store.set_span_attributes(span_id, {"entity": key})
    assert run(corpus, "entities").output == (
        "E2     person           2  O. Marchenko\n"  # by name
        "E1     person           1  Olena Marchenko  (also: Marchenko, O. Marchenko)\n"
    )
    result = run(corpus, "entities", "merge", "E1", "E2")
    assert result.output == "Merged E2 into E1 (Olena Marchenko); 2 spans now name E1.\n"
    assert run(corpus, "entities", "rename", "E1", "Olena V. Marchenko").exit_code == 0
    with Store.open(corpus) as store:
        [entity] = store.entities()
        assert (entity.key, entity.name) == ("E1", "Olena V. Marchenko")
        assert [s.attributes["entity"] for s in store.mentions("E1")] == ["E1", "E1", "E1"]
    result = run(corpus, "entities", "merge", "E1", "E2")
    assert (result.exit_code, result.output) == (1, "Error: no entity with key 'E2'\n")
    result = run(corpus, "entities", "add", "X", "--kind", "planet")
    assert result.exit_code == 2 and "'planet' is not one of" in result.output


def test_every_new_command_has_help_with_an_example(corpus):
    for group, commands in (
        ("stories", ["list", "assign", "unassign", "rename", "delete"]),
        ("entities", ["list", "add", "merge", "rename"]),
    ):
        for command in commands:
            result = run(corpus, group, command, "--help")
            assert result.exit_code == 0
            assert f"annotator {group} {command}" in result.output, (group, command)
