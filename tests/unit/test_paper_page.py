"""Every paper's own page: its title searched through the config's `paper_url` template."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

from hypothesis import given, settings, strategies as st

from index.config import Config, load_config
from index.listings.links import safe_url
from index.listings.paper_page import DEFAULT_PAPER_URL, paper_page
from tests.fuzz_budget import examples, fuzz
from tests.hostile_text import hostile_titles


def test_the_default_page_is_the_hugging_face_paper_search_for_the_title():
    assert Config().paper_url == DEFAULT_PAPER_URL
    assert paper_page("Attention Is  All\nYou Need") == "https://huggingface.co/papers?q=Attention+Is+All+You+Need"


def test_q_encodes_the_title_for_a_query_and_t_for_a_path():
    title = "R&D: 50% #1 / best?"
    query = paper_page(title, "https://www.semanticscholar.org/search?q=%q&sort=relevance")
    assert parse_qs(urlsplit(query).query) == {"q": [title], "sort": ["relevance"]}
    path = paper_page(title, "https://example.org/find/%t")
    assert urlsplit(path).path == "/find/" + "R%26D%3A%2050%25%20%231%20%2F%20best%3F"
    assert unquote(urlsplit(path).path.removeprefix("/find/")) == title


def test_a_hostile_title_makes_a_safe_link_that_searches_its_visible_words():
    for title in hostile_titles():
        url = paper_page(title)
        assert url is not None and safe_url(url) == url, title
        searched = parse_qs(urlsplit(url).query)["q"][0]
        assert not any(ord(char) < 0x20 or ord(char) == 0x7F for char in searched)


@fuzz
@settings(max_examples=examples(200), deadline=None)
@given(st.text(max_size=300))
def test_any_title_gives_a_safe_link_or_none(title):
    url = paper_page(title, "https://arxiv.org/search/?query=%q&searchtype=title")
    assert url is None or safe_url(url) == url


def write(tmp_path, text: str):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_paper_url_template_is_read(tmp_path):
    config, problems = load_config(write(tmp_path, 'paper_url = "https://arxiv.org/search/?query=%q"\n'))
    assert not problems and config.paper_url == "https://arxiv.org/search/?query=%q"


def test_a_bad_paper_url_names_the_key_and_line_and_keeps_the_default(tmp_path):
    bad = {
        '"javascript:alert(%q)"': "must be an http(s) address",
        '"file:///etc/%t"': "must be an http(s) address",
        '"https://example.org/search"': "must hold %q",
        '"https://exa mple.org/?q=%q"': "must be an http(s) address",
        '"https://\\u001b]8;;x/?q=%q"': "must be an http(s) address",
        "3": "must be a string",
    }
    for value, reason in bad.items():
        path = write(tmp_path, f'theme = "nord"\npaper_url = {value}\n')
        config, [problem] = load_config(path)
        assert config.paper_url == DEFAULT_PAPER_URL and config.theme == "nord"
        assert problem.startswith(f"{path}:2: 'paper_url' {reason}") and problem.endswith("using the default"), problem
