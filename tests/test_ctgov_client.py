"""The ClinicalTrials.gov API v2 client and selection rules, over real HTTP to a local fake API."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime

import pytest

from fakes.ctgov_server import (
    FakeCtgov,
    Reply,
    last_update_post_date,
    load_legacy,
    load_studies,
    nct_id,
    serve,
    synthetic_studies,
)
from orchestration.ctgov.client import (
    CtgovApiError,
    CtgovClient,
    SlidingWindowLimiter,
    parse_retry_after,
)
from orchestration.ctgov.selection import ALLOWED_KEYS, parse_selection, with_updated_since

STUDIES = load_studies()
ALL_IDS = [nct_id(s) for s in STUDIES]


@pytest.fixture
def api():
    fake = FakeCtgov(STUDIES)
    with serve(fake):
        yield fake
    assert not fake.server_errors


class SleepRecorder:
    """Records the delays the client asks for instead of waiting them."""

    def __init__(self):
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def make_client(api: FakeCtgov, **overrides) -> CtgovClient:
    options = {"page_size": 4, "backoff_base": 0.01, "timeout": 5, "jitter": lambda: 0.0}
    return CtgovClient(api.base_url, **{**options, **overrides})


def all_ids(pages) -> list[str]:
    return [nct_id(study) for page in pages for study in page.studies]


# --- paging -------------------------------------------------------------------------------------


def test_version(api):
    with make_client(api) as client:
        assert client.version() == {"apiVersion": "2.0.3", "dataTimestamp": "2026-08-11T09:00:05"}
    assert api.requests[0].headers["user-agent"] == "ctwarehouse/0.1"


def test_pages_through_every_study_with_tokens(api):
    with make_client(api) as client:
        pages = list(client.iter_pages({}))

    assert all_ids(pages) == ALL_IDS
    assert [p.number for p in pages] == [1, 2, 3, 4]
    assert [p.total_count for p in pages] == [len(STUDIES), None, None, None]
    assert pages[-1].next_page_token is None
    assert [p.token for p in pages[1:]] == [p.next_page_token for p in pages[:-1]]
    sent = [r.params for r in api.study_requests()]
    assert [("countTotal" in p, p.get("pageToken")) for p in sent] == [
        (True, None),
        *[(False, p.token) for p in pages[1:]],
    ]
    assert all(p["pageSize"] == "4" and p["format"] == "json" for p in sent)
    assert len({r.client_port for r in api.requests}) == 1  # one pooled keep-alive connection


def test_resume_from_a_page_token(api):
    with make_client(api) as client:
        first = next(client.iter_pages({}))
    with make_client(api) as client:
        rest = list(client.iter_pages({}, page_token=first.next_page_token, page_number=2))

    assert all_ids([first, *rest]) == ALL_IDS
    assert [p.number for p in rest] == [2, 3, 4]
    resumed = api.study_requests()[1].params
    assert resumed["pageToken"] == first.next_page_token and "countTotal" not in resumed


def test_a_page_token_that_comes_back_is_a_loop_not_more_pages(api):
    # pages 1 → A → B → A again: not only the very next page's token is remembered
    api.then(
        Reply(200, {"studies": STUDIES[:1], "nextPageToken": "A"}),
        Reply(200, {"studies": STUDIES[1:2], "nextPageToken": "B"}),
        Reply(200, {"studies": STUDIES[2:3], "nextPageToken": "A"}),
    )
    pages = []
    with make_client(api) as client, pytest.raises(CtgovApiError) as failed:
        pages.extend(client.iter_pages({}))
    assert [p.number for p in pages] == [1, 2]
    assert "page token 'A' a second time (page 3 leads back to an earlier page)" in str(
        failed.value
    )


def test_a_4xx_fails_at_once_with_url_status_and_body(api):
    with make_client(api) as client:
        token = next(client.iter_pages({})).next_page_token
        with pytest.raises(CtgovApiError) as error:
            next(client.iter_pages({"query.cond": "melanoma"}, page_token=token))
    message = str(error.value)
    assert f"{api.base_url}/studies?query.cond=melanoma" in message
    assert "HTTP 400" in message and "pageToken does not belong to this query" in message
    assert client.stats.retries == 0 and len(api.requests) == 2


def test_a_wrong_base_url_fails_at_once(api):
    with make_client(api) as client:
        client.base_url = api.base_url.replace("/api/v2", "/api/v1")
        with pytest.raises(CtgovApiError, match=r"/api/v1/version failed: HTTP 404"):
            client.version()
    assert client.stats.retries == 0


def test_full_pages_of_synthetic_studies(api):
    api.studies = synthetic_studies(load_studies(["NCT03453554"])[0], 2500)  # a small record
    with make_client(api, page_size=1000) as client:
        pages = list(client.iter_pages({}))
    assert [len(p.studies) for p in pages] == [1000, 1000, 500]
    assert pages[0].total_count == 2500
    assert all_ids(pages) == [f"NCT{n:08d}" for n in range(90_000_001, 90_002_501)]


def test_selection_ids_with_a_condition_restrict_instead_of_widening(api):
    two_ids = "NCT00184067,NCT04523987"  # a melanoma study and a pancreatic cancer study
    with make_client(api) as client:
        restricted = parse_selection(f"query.id={two_ids}&query.cond=melanoma")
        assert all_ids(client.iter_pages(restricted)) == ["NCT00184067"]
        # Why: with ids in query.id the API ignores every filter (and the fake does the same).
        naive = {"query.id": two_ids, "filter.overallStatus": "RECRUITING"}
        assert all_ids(client.iter_pages(naive)) == ["NCT00184067", "NCT04523987"]
        placed = parse_selection(f"query.id={two_ids}&filter.overallStatus=RECRUITING")
        assert all_ids(client.iter_pages(placed)) == ["NCT04523987"]


def test_updated_since_with_nct_id_fields_only(api):
    selection = parse_selection("filter.advanced=AREA[LastUpdatePostDate]RANGE[2019-01-01,MAX]")
    params = with_updated_since(selection, date(2020, 6, 1))
    with make_client(api) as client:
        studies = [s for page in client.iter_pages(params, fields="NCTId") for s in page.studies]

    expected = [nct_id(s) for s in STUDIES if (last_update_post_date(s) or "") >= "2020-06-01"]
    assert expected and len(expected) < len(STUDIES)
    assert studies == [
        {"protocolSection": {"identificationModule": {"nctId": i}}} for i in expected
    ]
    assert api.study_requests()[0].params["fields"] == "NCTId"


def test_params_the_client_sets_itself_are_refused(api):
    with make_client(api) as client, pytest.raises(ValueError, match="pageSize"):
        next(client.iter_pages({"pageSize": "10"}))


# --- rate limit (real time) ---------------------------------------------------------------------


def most_requests_in_any_window(times: list[float], window: float) -> int:
    """The largest number of arrival times inside one half-open window [t, t + window)."""
    return max(sum(1 for t in times if start <= t < start + window) for start in times)


def test_rate_limit_is_respected_yet_nearly_used():
    limit, window = 5, 0.5
    fake = FakeCtgov(synthetic_studies(STUDIES[0], 20))
    fake.limit_rate(limit, window)  # a client going faster gets 429 and has to retry
    with serve(fake):
        client = make_client(fake, page_size=1, rate_per_minute=limit, window_seconds=window)
        with client:
            pages = list(client.iter_pages({}))

    assert len(pages) == 20 and client.stats.retries == 0
    times = [r.at for r in fake.requests]
    assert most_requests_in_any_window(times, window) == limit
    # 20 requests occupy at least 4 windows (span + 1 window); at 80 % they may take 5.
    achieved_per_second = len(times) / (times[-1] - times[0] + window)
    assert achieved_per_second >= 0.8 * limit / window
    stats = client.stats
    assert stats.rate_limit_wait_seconds > 0
    assert 0.8 <= stats.achieved_rate_per_minute / stats.allowed_rate_per_minute <= 1.0


def test_limiter_sliding_window_with_a_fake_clock():
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    limiter = SlidingWindowLimiter(5, 60.0, sleep, lambda: now[0])
    starts = []
    for _ in range(12):
        limiter.wait_for_slot()
        starts.append(now[0])
        now[0] += 1.0  # each request takes a second
        limiter.record()
    assert starts == [0, 1, 2, 3, 4, 61, 62, 63, 64, 65, 122, 123]


# --- retries ------------------------------------------------------------------------------------


def test_429_retry_after_is_honoured(api):
    api.then(Reply(429, "Too Many Requests", {"Retry-After": "1"}))
    with make_client(api) as client:
        assert all_ids(client.iter_pages({})) == ALL_IDS

    first, second = api.requests[:2]
    assert second.at - first.at >= 1.0
    assert second.params == first.params
    assert client.stats.retries == 1


def test_a_retry_after_of_an_hour_is_an_error_not_an_hour_asleep(api):
    api.then(Reply(429, "Too Many Requests", {"Retry-After": "3600"}))
    sleeps = SleepRecorder()
    with make_client(api, sleep=sleeps) as client:
        with pytest.raises(CtgovApiError) as error:
            client.version()
    assert sleeps.delays == [] and len(api.requests) == 1
    assert str(error.value).endswith(
        "HTTP 429; the server asks to wait 3,600 s (Retry-After), longer than this client waits "
        "(600 s): try again later"
    ), str(error.value)


def test_retry_after_as_seconds_or_http_date():
    now = datetime(2026, 8, 11, 9, 0, 0, tzinfo=UTC)
    assert parse_retry_after("7", now) == 7.0
    assert parse_retry_after(format_datetime(now + timedelta(seconds=30), usegmt=True), now) == 30
    assert parse_retry_after(format_datetime(now - timedelta(hours=1), usegmt=True), now) == 0
    assert parse_retry_after("soon", now) is None and parse_retry_after(None, now) is None


def test_503_twice_then_success_backs_off_exponentially(api):
    api.then(503, 503)
    sleep = SleepRecorder()
    with make_client(api, sleep=sleep, backoff_base=0.5) as client:
        assert all_ids(client.iter_pages({})) == ALL_IDS
    assert sleep.delays == [0.5, 1.0]
    assert client.stats.retries == 2 and client.stats.requests == 4 + 2


def test_dropped_connection_then_success(api):
    api.then("drop")
    with make_client(api) as client:
        assert client.version()["apiVersion"] == "2.0.3"
    assert client.stats.retries == 1 and len(api.requests) == 2


def test_timeout_then_success(api):
    api.then(Reply(200, {"apiVersion": "late"}, delay=0.5))
    with make_client(api, timeout=0.1) as client:
        assert client.version()["apiVersion"] == "2.0.3"
    assert client.stats.retries == 1


def test_persistent_503_names_the_url_and_status(api):
    api.then(503, 503, 503)
    with make_client(api, max_retries=2, sleep=SleepRecorder()) as client:
        with pytest.raises(CtgovApiError) as error:
            list(client.iter_pages({"query.cond": "melanoma"}))
    message = str(error.value)
    assert f"{api.base_url}/studies?query.cond=melanoma&format=json&pageSize=4" in message
    assert "HTTP 503" in message and "3 attempts" in message
    assert len(api.requests) == 3


def test_invalid_json_of_its_full_length_is_named_as_such_with_its_start(api):
    broken = b'{"studies": [{"protocolSection": }]}'
    api.then(*[Reply(200, broken)] * 3)
    with make_client(api, max_retries=2, sleep=SleepRecorder()) as client:
        with pytest.raises(CtgovApiError) as error:
            list(client.iter_pages({"query.cond": "melanoma"}))
    message = str(error.value)
    assert "last: invalid JSON (36 bytes: Expecting value: line 1 column 34" in message, message
    assert """it starts '{"studies": [{"protocolSection": }]}')""" in message


# --- responses that are not API v2 --------------------------------------------------------------


@pytest.mark.parametrize(
    ("legacy_file", "root"),
    [("NCT04780763.json", "FullStudiesResponse"), ("ctg_api_all.json", "StudyFieldsResponse")],
)
def test_classic_api_response_is_rejected_clearly(api, legacy_file, root):
    api.then(Reply(200, load_legacy(legacy_file)))
    with make_client(api) as client, pytest.raises(CtgovApiError) as error:
        list(client.iter_pages({}))
    message = str(error.value)
    assert f"looks like the retired classic API ({root})" in message
    assert f"{api.base_url}/studies?" in message


@pytest.mark.parametrize(
    ("body", "found"),
    [
        (STUDIES[0], "single study record"),
        ({"items": []}, "without a 'studies' list (keys: items)"),
        ("<html>Maintenance</html>", "expected JSON, got text/plain"),
    ],
)
def test_other_wrong_bodies_are_rejected(api, body, found):
    api.then(Reply(200, body))
    with make_client(api) as client, pytest.raises(CtgovApiError, match=re.escape(found)):
        list(client.iter_pages({}))


def test_a_json_body_cut_short_is_retried(api):
    # JSON announced, half a page received (a connection closed without a length): retried
    api.then(Reply(200, json.dumps({"studies": STUDIES[:4]}).encode()[:5000]))
    sleeps = SleepRecorder()
    with make_client(api, sleep=sleeps) as client:
        pages = list(client.iter_pages({}))
    assert all_ids(pages) == ALL_IDS
    assert len(sleeps.delays) == 1 and len(api.study_requests()) == len(pages) + 1


def test_version_rejects_the_classic_api(api):
    api.then(Reply(200, load_legacy("ctg_api_all.json")))
    with make_client(api) as client, pytest.raises(CtgovApiError, match="classic API"):
        client.version()


# --- selection ----------------------------------------------------------------------------------


def test_ids_alone_go_to_query_id():
    assert parse_selection("query.id=nct00184067 NCT04523987|NCT00184067") == {
        "query.id": "NCT00184067,NCT04523987"
    }
    assert parse_selection({"filter.ids": "NCT00184067", "sort": "LastUpdatePostDate"}) == {
        "query.id": "NCT00184067",
        "sort": "LastUpdatePostDate",
    }


def test_ids_with_other_criteria_go_to_filter_ids():
    assert parse_selection(
        "query.cond=melanoma&filter.overallStatus=RECRUITING&query.id=NCT00184067"
    ) == {
        "query.cond": "melanoma",
        "filter.overallStatus": "RECRUITING",
        "filter.ids": "NCT00184067",
    }


def test_a_selection_item_that_is_not_key_value_is_an_error_not_the_whole_registry():
    """Dropped, each of these would leave no criterion: every study of the registry."""
    cases = {
        "query.cond:pancreatic": "selection item 'query.cond:pancreatic' is not key=value",
        "NCT04523987": "selection item 'NCT04523987' is not key=value",
        "query.cond=": "selection parameter 'query.cond' has no value",
        "query.cond=melanoma&sort= ": "selection parameter 'sort' has no value",
    }
    for text, message in cases.items():
        with pytest.raises(ValueError) as refused:
            parse_selection(text)
        assert str(refused.value).startswith(message), text
    assert parse_selection("query.cond=a%26b&&sort=x") == {"query.cond": "a&b", "sort": "x"}
    assert parse_selection({"query.cond": "", "query.term": "aspirin"}) == {"query.term": "aspirin"}


def test_bad_id_and_unknown_key_are_errors():
    with pytest.raises(ValueError, match="'NCT123'"):
        parse_selection("query.id=NCT00184067,NCT123")
    with pytest.raises(ValueError) as error:
        parse_selection("query.condition=melanoma")
    assert "'query.condition'" in str(error.value)
    assert all(key in str(error.value) for key in ALLOWED_KEYS)
    with pytest.raises(ValueError, match="given twice"):
        parse_selection("query.cond=a&query.cond=b")


def test_with_updated_since():
    clause = "AREA[LastUpdatePostDate]RANGE[2024-05-01,MAX]"
    assert with_updated_since({}, "2024-05-01") == {"filter.advanced": clause}
    combined = with_updated_since(
        {"query.cond": "melanoma", "filter.advanced": "AREA[StartDate]2022"}, date(2024, 5, 1)
    )
    assert combined == {
        "query.cond": "melanoma",
        "filter.advanced": f"(AREA[StartDate]2022) AND {clause}",
    }
    # ids alone would make the API ignore the filter: they move to filter.ids
    assert with_updated_since({"query.id": "NCT00184067"}, "2024-05-01") == {
        "filter.ids": "NCT00184067",
        "filter.advanced": clause,
    }
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        with_updated_since({}, "2024-5-1")
