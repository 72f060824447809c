"""The near-url rule compares only candidate pairs (by shared prefix), not every pair in a
folder: the candidates must still hold every pair the rule's own test accepts."""

from __future__ import annotations

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from toolbox_build.validate.near_urls import _candidate_pairs, differ_in_ending

FOLDERS = ["https://www.saamo.be/wp-content/", "https://saamo.be/tools/", "https://vvsg.be/"]
STEMS = st.text(alphabet="abn-1", min_size=1, max_size=12)
URLS = st.lists(
    st.builds(
        lambda folder, stem, ext: f"{folder}{stem}{ext}",
        st.sampled_from(FOLDERS),
        STEMS,
        st.sampled_from([".pdf", ".PDF", "", ".docx"]),
    ),
    max_size=40,
)


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(urls=URLS)
def test_candidates_hold_every_pair_that_differs_in_its_ending(urls: list[str]) -> None:
    expected = {
        (i, j) for i, j in combinations(range(len(urls)), 2) if differ_in_ending(urls[i], urls[j])
    }
    assert expected <= set(_candidate_pairs(urls))


def test_a_folder_of_hundreds_of_unrelated_files_gives_few_candidates() -> None:
    urls = [f"https://www.saamo.be/tools/{n:04x}-{n * 7919 % 10007:05d}.pdf" for n in range(600)]
    assert len(_candidate_pairs(urls)) < 600  # all pairs would be 179,700
