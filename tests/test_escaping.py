"""What templates write: values escaped, `{% trans %}` texts filled in as markupsafe does."""

from __future__ import annotations

import jinja2
import markupsafe
import pytest
from hypothesis import given
from hypothesis import strategies as st

from touchsite.render.escaping import Translations, escaped, filled

# a translated text: plain characters (some HTML's), named fields and a literal %
MESSAGE = st.lists(
    st.one_of(st.text(alphabet="ab <>&'\"ü", max_size=4), st.sampled_from(["%%", "%(x)s", "%(y)s"]))
).map("".join)
VALUE = st.one_of(
    st.text(max_size=8),
    st.integers(),
    st.floats(allow_nan=False),
    st.none(),
    st.text(max_size=8).map(markupsafe.Markup),
)


@given(st.one_of(VALUE, st.booleans()))
def test_a_value_is_written_as_markupsafe_escapes_it(value):
    assert escaped(value) == markupsafe.escape(value)


@given(MESSAGE, VALUE, VALUE)
def test_a_text_is_filled_in_as_a_markup_fills_it_in(message, x, y):
    expected = markupsafe.Markup(message) % {"x": x, "y": y}
    result = filled(markupsafe.Markup(message), {"x": x, "y": y})
    assert result == expected
    assert type(result) is markupsafe.Markup


def test_other_fields_and_plain_texts_are_left_to_the_percent_operator():
    assert filled(markupsafe.Markup("%(n)d <b>"), {"n": 3}) == "3 <b>"
    assert filled(markupsafe.Markup("%(n)r"), {"n": "<"}) == "&#39;&lt;&#39;"  # repr escaped
    assert filled("%(x)s & more", {"x": "<"}) == "< & more"  # no autoescape: as written


def test_values_are_escaped_once():
    message = markupsafe.Markup("%(x)s, %(y)s: 100%%")
    values = {"x": "<a href='x'>&amp;</a>", "y": markupsafe.Markup("<em>&amp;</em>")}
    assert filled(message, values) == (
        "&lt;a href=&#39;x&#39;&gt;&amp;amp;&lt;/a&gt;, <em>&amp;</em>: 100%"
    )


@given(st.text(max_size=12), st.integers(0, 3))
def test_a_trans_block_writes_what_jinjas_own_writes(text, count):
    source = (
        "{% trans x=text %}a {{ x }} & 100%{% endtrans %}|"
        "{% trans count=count, x=text %}{{ count }} {{ x }}{% pluralize %}{{ count }} {{ x }}s"
        "{% endtrans %}|{% trans %}no values, 5%{% endtrans %}"
    )
    environments = [
        jinja2.Environment(autoescape=True, extensions=[extension])
        for extension in ("jinja2.ext.i18n", Translations)
    ]
    for environment in environments:
        environment.install_null_translations()
    jinjas, ours = (e.from_string(source).render(text=text, count=count) for e in environments)
    assert ours == jinjas


# a literal's text as a template writes it between double quotes: no quote, no backslash
LITERAL = st.text(alphabet="ab <>&'%ü{}", max_size=8)


@given(LITERAL, st.text(alphabet="xy <>&'\"ü", max_size=8))
def test_a_literal_text_is_translated_while_compiling_as_a_call_would_translate_it(text, words):
    """`{{ _("text") }}` called the catalogue, through the context, on every render."""
    asked: list[str] = []

    def gettext(message: str) -> str:
        asked.append(message)
        return f"{words}|{message}"

    source = (
        f'<p title="{{{{ _("{text}") }}}}">{{{{ _("{text}") ~ "!" }}}}</p>'
        f'{{% set x = _("{text}") %}}{{{{ x }}}}'
    )
    environments = [
        jinja2.Environment(autoescape=True, extensions=[extension])
        for extension in ("jinja2.ext.i18n", Translations)
    ]
    for environment in environments:
        environment.globals["_"] = gettext
    jinjas = environments[0].from_string(source).render()
    template = environments[1].from_string(source)
    asked.clear()
    assert template.render() == template.render() == jinjas
    assert asked == []
    translated = markupsafe.escape(f"{words}|{text}")
    assert jinjas == f'<p title="{translated}">{translated}!</p>{translated}'


def test_only_a_call_of_a_literal_is_translated_while_compiling():
    """A method named `_`, a call of a name or of two texts, and Jinja's own `_` (which looks
    the catalogue up in each render's context) are called as written."""
    environment = jinja2.Environment(autoescape=True, extensions=[Translations])
    environment.globals["_"] = lambda message, suffix="": f"[{message}{suffix}]"
    source = '{{ o._("a") }} {{ _(name) }} {{ _("a", "b") }} {{ _("a") }}'
    template = environment.from_string(source)

    class Other:
        def _(self, message):
            return f"<{message}>"

    assert template.render(o=Other(), name="n") == "&lt;a&gt; [n] [ab] [a]"
    assert template.render(o=Other(), name="m") == "&lt;a&gt; [m] [ab] [a]"
    with_jinjas = jinja2.Environment(autoescape=True, extensions=[Translations])
    with_jinjas.install_gettext_callables(lambda m: f"({m})", lambda s, p, n: s, newstyle=False)
    assert with_jinjas.from_string('{{ _("a") }}').render() == "(a)"


@pytest.mark.parametrize(
    "source",
    [
        '{% macro m(_) %}{{ _("a") }}{% endmacro %}{{ m(shout) }}',
        '{% set _ = shout %}{{ _("a") }}',
        '{% for _ in [shout] %}{{ _("a") }}{% endfor %}',
        '{% with _ = shout %}{{ _("a") }}{% endwith %}',
        '{% macro _(text) %}<{{ text }}>{% endmacro %}{{ _("a") }}',
        '{% macro m(_="x") %}{{ _("a") }}{% endmacro %}{{ m(shout) }}',
    ],
)
def test_a_template_that_gives_underscore_another_meaning_calls_that(source):
    """A macro's argument `_`, a `set`, a loop's or a `with`'s `_`, a macro named `_`: Jinja
    calls what the template made `_`, and so does a template compiled with translations."""
    environments = [
        jinja2.Environment(autoescape=True, extensions=[extension])
        for extension in ("jinja2.ext.i18n", Translations)
    ]
    for environment in environments:
        environment.globals["_"] = lambda message: f"[{message}]"
    jinjas, ours = (e.from_string(source).render(shout=str.upper) for e in environments)
    assert "[a]" not in jinjas
    assert ours == jinjas
