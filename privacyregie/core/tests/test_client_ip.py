from django.test import RequestFactory, override_settings

from privacyregie.core.security import client_ip


def _request(forwarded=None):
    extra = {"REMOTE_ADDR": "10.0.0.1"}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@override_settings(REST_FRAMEWORK={"NUM_PROXIES": 0})
def test_without_trusted_proxies_the_header_is_ignored():
    assert client_ip(_request("203.0.113.9")) == "10.0.0.1"
    assert client_ip(_request()) == "10.0.0.1"


@override_settings(REST_FRAMEWORK={"NUM_PROXIES": 1})
def test_one_trusted_proxy_takes_the_address_it_saw():
    assert client_ip(_request("203.0.113.9")) == "203.0.113.9"
    assert client_ip(_request()) == "10.0.0.1"


@override_settings(REST_FRAMEWORK={"NUM_PROXIES": 1})
def test_a_forged_header_does_not_choose_the_counter():
    # The client wrote "198.51.100.7"; the trusted proxy appended the real address.
    assert client_ip(_request("198.51.100.7, 203.0.113.9")) == "203.0.113.9"
    # A non-address from the proxy's position falls back to the connection's address.
    assert client_ip(_request("nonsense")) == "10.0.0.1"


@override_settings(REST_FRAMEWORK={"NUM_PROXIES": 2})
def test_two_trusted_proxies_take_the_second_from_the_right():
    assert client_ip(_request("198.51.100.7, 203.0.113.9, 10.1.1.1")) == "203.0.113.9"


def test_no_request_has_no_address():
    assert client_ip(None) is None
