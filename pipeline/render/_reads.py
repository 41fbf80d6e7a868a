"""What a Word template reads of its variables, found in its Jinja syntax tree.

A template may list 3,000 people with six of their thirty fields. The build digests only the
values the template can read (`read_view`), so a changed flight rebuilds the handbook only
when the handbook prints something about flights. Rendering is deterministic, so the same
values read give the same document.

The analysis is conservative: a variable used in any way it does not follow (printed
whole, passed to a filter or a call, compared, iterated as key-value pairs) counts as read
whole, and a template with macros, includes or blocks counts as reading everything.
"""

from __future__ import annotations

WHOLE = "*"  # in a read tree: everything below this point is read
ITEM = "[]"  # in a read tree: the elements of a list
_LOOP = "\x00loop"  # a path ending so is a for loop's `loop` object over the list before it
_LOOP_SHAPE = frozenset(("index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0"))
_METHODS = frozenset(dir(dict)) | frozenset(dir(list)) | frozenset(dir(str))
_UNFOLLOWED = ("Macro", "CallBlock", "Include", "Import", "FromImport", "Extends", "Block", "Scope",
               "ScopedEvalContextModifier", "EvalContextModifier", "With", "FilterBlock", "OverlayScope")


class _Unfollowed(Exception):
    pass


def read_tree(ast, ignore=()) -> dict | None:
    """{variable: {key: {...}}} of what the template reads; None when it reads everything."""
    tree: dict = {}
    try:
        _Walker(tree, set(ignore)).statements(ast.body, {})
    except _Unfollowed:
        return None
    return tree


class _Walker:
    def __init__(self, tree: dict, ignore: set[str]):
        self.tree = tree
        self.ignore = ignore

    # -- recording ---------------------------------------------------------------------
    def _node(self, path: tuple) -> dict:
        node = self.tree
        for key in path:
            if WHOLE in node:
                return node
            node = node.setdefault(key, {})
        return node

    def whole(self, path: tuple) -> None:
        node = self._node(path)
        node.clear()
        node[WHOLE] = True

    # -- expressions -------------------------------------------------------------------
    def resolve(self, expr, scope: dict) -> tuple | None:
        """The variable path an expression names (人.姓名 -> (人員名單, [], 姓名)), or None."""
        kind = type(expr).__name__
        if kind == "Name":
            if expr.name in scope:
                return scope[expr.name]
            return None if expr.name in self.ignore else (expr.name,)
        if kind in ("Getattr", "Getitem"):
            base = self.resolve(expr.node, scope)
            if base is None:
                return None
            if base[-1] == _LOOP:  # loop.index reads the list's length; loop.previtem an item
                if kind == "Getattr" and expr.attr in ("previtem", "nextitem"):
                    return (*base[:-1], ITEM)
                if kind != "Getattr" or expr.attr not in _LOOP_SHAPE:
                    self.whole(base[:-1])
                return None
            if kind == "Getattr":
                key = expr.attr
            else:
                arg = expr.arg
                if type(arg).__name__ != "Const":
                    self.whole(base)  # an index computed at render time: any element
                    self.value(arg, scope)
                    return None
                key = ITEM if isinstance(arg.value, int) else arg.value
            if key in _METHODS:  # x.items(), x.keys(), s.upper(): the whole of x
                self.whole(base)
                return None
            return (*base, key)
        return None

    def value(self, expr, scope: dict) -> None:
        """An expression whose value is used as it is: everything it names is read whole."""
        path = self.resolve(expr, scope)
        if path is not None:
            self.whole(path[:-1] if path[-1] == _LOOP else path)
            return
        kind = type(expr).__name__
        if kind in ("Getattr", "Getitem"):  # loop.index, a method, or something not followed
            if self.resolve(expr.node, scope) is None:  # a followed base was dealt with by resolve()
                self.value(expr.node, scope)
            if kind == "Getitem":
                self.value(expr.arg, scope)
            return
        for child in expr.iter_child_nodes():
            self.value(child, scope)

    def truth(self, expr, scope: dict) -> None:
        """An {% if %} test: a bare name is read only for whether it is empty."""
        kind = type(expr).__name__
        if kind in ("And", "Or"):
            self.truth(expr.left, scope)
            self.truth(expr.right, scope)
            return
        if kind == "Not":
            self.truth(expr.node, scope)
            return
        path = self.resolve(expr, scope) if kind in ("Name", "Getattr", "Getitem") else None
        if path is not None:
            self._node(path[:-1] if path[-1] == _LOOP else path)
        else:
            self.value(expr, scope)

    # -- statements --------------------------------------------------------------------
    def statements(self, body, scope: dict) -> None:
        for node in body:
            self.statement(node, scope)

    def statement(self, node, scope: dict) -> None:
        kind = type(node).__name__
        if kind in _UNFOLLOWED:
            raise _Unfollowed(kind)
        if kind == "For":
            path = self.resolve(node.iter, scope)
            inner = dict(scope, loop=None if path is None else (*path, _LOOP))
            if path is None:
                self.value(node.iter, scope)
            else:
                self._node(path)  # the list itself: its length and order
            target = node.target
            if type(target).__name__ == "Name" and path is not None:
                inner[target.name] = (*path, ITEM)
            else:  # for k, v in …: pairs of a mapping, followed no further
                if path is not None:
                    self.whole(path)
                for name in _names(target):
                    inner[name] = None
            if node.test is not None:
                self.value(node.test, inner)
            self.statements(node.body, inner)
            self.statements(node.else_, scope)
            return
        if kind == "If":
            self.truth(node.test, scope)
            self.statements(node.body, scope)
            for elif_ in node.elif_:
                self.statement(elif_, scope)
            self.statements(node.else_, scope)
            return
        if kind == "Assign":  # {% set x = … %}: x stands for what it names, or for nothing we follow
            path = self.resolve(node.node, scope)
            if path is None:
                self.value(node.node, scope)
            for name in _names(node.target):
                scope[name] = path if type(node.target).__name__ == "Name" else None
            return
        if kind == "Output":
            for child in node.nodes:
                if type(child).__name__ != "TemplateData":
                    self.value(child, scope)
            return
        if kind == "ExprStmt":
            self.value(node.node, scope)
            return
        if kind in ("TemplateData",):
            return
        raise _Unfollowed(kind)


def _names(target) -> list[str]:
    kind = type(target).__name__
    if kind == "Name":
        return [target.name]
    if kind in ("Tuple", "List"):
        return [n for item in target.items for n in _names(item)]
    return []


def merge(trees) -> dict | None:
    """One tree for several parts (document, headers, footers); None when any reads everything."""
    out: dict = {}
    for tree in trees:
        if tree is None:
            return None
        _merge_into(out, tree)
    return out


def _merge_into(out: dict, tree: dict) -> None:
    if WHOLE in out:
        return
    if WHOLE in tree:
        out.clear()
        out[WHOLE] = True
        return
    for key, sub in tree.items():
        _merge_into(out.setdefault(key, {}), sub)


_MISSING = "\x00missing"


def view(context: dict, tree: dict | None):
    """The part of `context` the template reads (all of it when `tree` is None)."""
    if tree is None:
        return context
    return {name: _project(_get(context, name), sub) for name, sub in sorted(tree.items())}


def _get(value, key):
    try:
        return value[key]
    except (KeyError, TypeError, IndexError):
        return _MISSING


def _project(value, tree: dict):
    if WHOLE in tree:
        return value
    if isinstance(value, (list, tuple)):
        if ITEM not in tree:
            return ("len", len(value))  # looped over or tested, its items never read
        sub = tree[ITEM]
        printed = _printed(sub)
        if printed is not None:  # rows whose columns are printed as they are: 3,000 people, say
            return [_row(v, printed, sub) for v in value]
        return [_project(v, sub) for v in value]
    if isinstance(value, dict):
        out = {key: _project(_get(value, key), sub) for key, sub in sorted(tree.items()) if key != ITEM}
        out[ITEM] = list(value) if ITEM in tree or not tree else len(value)  # iterated: its keys; else its size
        return out
    if not tree:
        return bool(value)  # only tested for being empty
    return value


def _printed(tree: dict):
    """For an item tree that prints each of its keys whole (人.姓名, 人.單位), an itemgetter of them
    in _project's order; else None."""
    if not tree or ITEM in tree or WHOLE in tree or not all(WHOLE in sub for sub in tree.values()):
        return None
    from operator import itemgetter

    return itemgetter(*sorted(tree))


def _row(value, printed, tree: dict):
    """What _project keeps of one row, in less time: its printed values and its size (a mapping's
    view holds its size too). Anything else, or a row lacking a column, takes the general way."""
    if isinstance(value, dict):
        try:
            return printed(value), len(value)
        except (KeyError, TypeError, IndexError):
            pass
    return _project(value, tree)
