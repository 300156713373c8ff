"""Stories: the event or topic several outlets report; an article belongs to at most one.

A story is a name (``stories``) and each article's ``story_id`` (migration 6).  Deleting
a story leaves its articles in place, with no story.
"""

from __future__ import annotations

from collections.abc import Iterable

from annotator.core.errors import NotFound, StoryError
from annotator.core.model import Story, now
from annotator.core.store.articles import Articles

STORY_NAME_MAX = 200


def check_story_name(name: object) -> str:
    if not isinstance(name, str) or not name.strip() or len(name) > STORY_NAME_MAX:
        raise StoryError(f"a story name is 1-{STORY_NAME_MAX} characters, not {name!r}")
    if "\x00" in name:
        raise StoryError("a story name cannot hold a NUL character")
    return name.strip()


class Stories(Articles):
    """The stories' part of :class:`~annotator.core.store.Store`."""

    def stories(self) -> list[Story]:
        """Every story, by name."""
        rows = self.conn.execute("SELECT id, name FROM stories ORDER BY name, id")
        return [Story(*row) for row in rows]

    def story_counts(self) -> list[tuple[Story, int]]:
        """Every story with how many articles it has, by name."""
        rows = self.conn.execute(
            "SELECT s.id, s.name, count(a.id) FROM stories s "
            "LEFT JOIN articles a ON a.story_id = s.id GROUP BY s.id ORDER BY s.name, s.id"
        )
        return [(Story(row[0], row[1]), row[2]) for row in rows]

    def story(self, name: str) -> Story:
        row = self.conn.execute("SELECT id, name FROM stories WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise NotFound(f"no story named {name!r}")
        return Story(*row)

    def ensure_story(self, name: str) -> Story:
        """The story of that name, made if it is new (commits)."""
        name = check_story_name(name)
        with self.transaction():
            self.conn.execute(
                "INSERT INTO stories (name, created_at) VALUES (?, ?) "
                "ON CONFLICT (name) DO NOTHING",
                (name, now()),
            )
            return self.story(name)

    def assign_story(self, article_ids: Iterable[int], name: str | None) -> int:
        """Put the articles in the story ``name`` (made if new), or in none; commits.

        Returns how many articles changed story.  An unknown article id refuses the
        whole call before anything is written.
        """
        ids = list(dict.fromkeys(article_ids))
        with self.transaction():
            for article_id in ids:
                if not self.conn.execute(
                    "SELECT 1 FROM articles WHERE id = ?", (article_id,)
                ).fetchone():
                    raise NotFound(f"no article with id {article_id}")
            story_id = None if name is None else self.ensure_story(name).id
            changed = 0
            for article_id in ids:
                cursor = self.conn.execute(
                    "UPDATE articles SET story_id = ? WHERE id = ? AND story_id IS NOT ?",
                    (story_id, article_id, story_id),
                )
                changed += cursor.rowcount
        return changed

    def article_story(self, article_id: int) -> Story | None:
        row = self.conn.execute(
            "SELECT s.id, s.name FROM articles a JOIN stories s ON s.id = a.story_id "
            "WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        return None if row is None else Story(*row)

    def article_stories(self) -> dict[int, str]:
        """Article id -> story name, for every article that has one (the corpus list)."""
        rows = self.conn.execute(
            "SELECT a.id, s.name FROM articles a JOIN stories s ON s.id = a.story_id"
        )
        return dict(rows.fetchall())

    def story_article_ids(self, name: str) -> list[int]:
        """The story's articles, by id."""
        story = self.story(name)
        rows = self.conn.execute(
            "SELECT id FROM articles WHERE story_id = ? ORDER BY id", (story.id,)
        )
        return [row[0] for row in rows]

    def rename_story(self, old: str, new: str) -> Story:
        new = check_story_name(new)
        with self.transaction():
            story = self.story(old)
            if new != old and self.conn.execute(
                "SELECT 1 FROM stories WHERE name = ?", (new,)
            ).fetchone():
                raise StoryError(f"a story named {new!r} exists already")
            self.conn.execute("UPDATE stories SET name = ? WHERE id = ?", (new, story.id))
        return Story(story.id, new)

    def delete_story(self, name: str) -> int:
        """Delete the story; its articles stay, with no story.  Returns how many."""
        with self.transaction():
            story = self.story(name)
            count = self.conn.execute(
                "SELECT count(*) FROM articles WHERE story_id = ?", (story.id,)
            ).fetchone()[0]
            self.conn.execute("UPDATE articles SET story_id = NULL WHERE story_id = ?", (story.id,))
            self.conn.execute("DELETE FROM stories WHERE id = ?", (story.id,))
        return count
