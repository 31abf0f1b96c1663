import io

import pytest
from django.core.management import call_command

from org.conftest import org  # noqa: F401 - the shared organisation fixture (tests/ is on sys.path)


@pytest.fixture
def token_for(db):
    from zeren.api.models import ApiToken

    def make(user):
        return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}"}

    return make


@pytest.fixture
def api_data(org, office_a):  # noqa: F811 - org is the imported fixture
    """The organisation with something behind every endpoint: a published duty list (county A's
    deputy), a draft (its key regulator's principal), and this year's compliance verdicts."""
    from zeren.duties.services import duty_list_generate, duty_list_publish

    duty_list_publish(actor=office_a, duty_list=duty_list_generate(actor=office_a, post=org.ds_a))
    duty_list_generate(actor=office_a, post=org.yj_p_a)
    call_command("recompute_compliance", "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())
    return org
