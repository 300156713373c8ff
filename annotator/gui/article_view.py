"""The old home of the article view, kept so that existing imports keep working."""

from annotator.gui.article.view import ArticleView

__all__ = ["ArticleView"]
