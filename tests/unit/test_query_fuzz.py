"""Generated queries from the whole language, on a corpus bigger than the sample: results or a QueryError, never a crash."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz_budget import examples, fuzz
from tests.query_attack import exercise
from tests.query_corpus import STORE_STATES
from tests.query_grammar import queries


@fuzz
@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=queries(), state=st.sampled_from(STORE_STATES))
def test_any_query_gives_results_or_a_query_error_everywhere_it_is_run(corpus_searcher, stores, text, state):
    # Finished and while typing, its suggestion, its hits' highlights, the first hit's
    # similar papers, and as the reader's filter over reading lists in `state`.
    exercise(corpus_searcher, text, stores[state])
