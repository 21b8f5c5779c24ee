"""nnplay in a Jupyter notebook: a neural-network playground in an output cell.

    import nnplay
    nnplay.show(lesson="xor-hidden-layer")

shows the playground (here on a lesson) right under the cell: the whole
page, its engine and both wasm modules inside the output, so it needs no
server and no network (it also works offline and in JupyterLab, Notebook 7
and VS Code). Each output holds the playground's 1.7 MB file: clear the
outputs before sharing a notebook, or give ``url=`` (where you publish
``dist/``) to show it from there instead, a few hundred bytes.

Any setting of the page's links can be given by name, in the link's form:
``nnplay.show(dataset="spiral", hiddenLayers="8,8", learningRate=0.03)``;
``embed=1`` shows the player alone, with the controls named in ``controls``.
"""

import html
from importlib import resources
from urllib.parse import urlencode

__version__ = "0.1.0"
__all__ = ["Playground", "show"]


def _page():
    """The standalone playground (``cargo xtask dist`` writes it)."""
    return resources.files(__name__).joinpath("nnplay-standalone.html").read_text(encoding="utf-8")


def _form(value):
    """A setting as the page's links write it."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (list, tuple)):
        return ",".join(_form(v) for v in value)
    return str(value)


class Playground:
    """A playground shown by Jupyter (its ``_repr_html_``): ``lesson`` opens
    one of the lessons by name, ``height`` is the output's height in pixels,
    ``url`` a published nnplay to show instead of the inlined one, and any
    other keyword a setting of the page's links."""

    def __init__(self, lesson=None, *, height=760, url=None, **settings):
        params = {**({"preset": lesson} if lesson else {}), **{k: _form(v) for k, v in settings.items()}}
        self.link = "?" + urlencode(params) if params else ""
        self.height = int(height)
        self.url = url

    def _repr_html_(self):
        style = f"width: 100%; height: {self.height}px; border: 0"
        if self.url:
            src = self.url.rstrip("/") + "/" + self.link
            return f'<iframe src="{html.escape(src)}" style="{style}" title="nnplay"></iframe>'
        # The page reads its link from a <meta> (a srcdoc has no address).
        page = _page().replace(
            "<head>", f'<head>\n  <meta name="nnplay-link" content="{html.escape(self.link)}">', 1
        )
        return f'<iframe srcdoc="{html.escape(page)}" style="{style}" title="nnplay"></iframe>'

    def __repr__(self):
        return f"nnplay.Playground({self.link!r})"


def show(lesson=None, **kwargs):
    """Shows a playground under the cell (see :class:`Playground`)."""
    from IPython.display import display

    display(Playground(lesson, **kwargs))
