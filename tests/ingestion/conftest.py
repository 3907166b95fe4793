import pytest

from .server import LocalServer


@pytest.fixture
def server():
    local = LocalServer().start()
    yield local
    local.stop()


@pytest.fixture(autouse=True)
def fetch_settings(settings):
    """The tests' server is reached as `localhost`, the only host exempt from the address guard,
    so a redirect to 127.0.0.1 is still refused; short timeouts keep hostile servers quick."""
    settings.FETCH_ALLOWED_HOSTS = ["localhost"]
    settings.FETCH_CONNECT_TIMEOUT = 2.0
    settings.FETCH_READ_TIMEOUT = 1.0
    settings.FETCH_TOTAL_TIMEOUT = 4.0
    settings.FETCH_MAX_BYTES = 2 * 1024 * 1024
    settings.EXTRACTION_RECORDER = "tests.ingestion.recorder.record_extraction"
    return settings


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Tasks are queued on commit; inside a test's transaction, run them as a commit would."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run
