import pytest

from org.conftest import org  # noqa: F401 - the shared organisation fixture (tests/ is on sys.path)


@pytest.fixture
def token_for(db):
    from zeren.api.models import ApiToken

    def make(user):
        return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}"}

    return make
