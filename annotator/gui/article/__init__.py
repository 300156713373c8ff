"""The article view: the text and the stack of layers of marks painted over it."""

from annotator.gui.article.view import ArticleView

__all__ = ["ArticleView"]
