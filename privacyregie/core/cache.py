"""The Redis cache backend of ``CACHE_URL``: Django's, keeping one Redis client per connection pool.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` object for every cache operation
(the pool and its connections are shared, but each client fills its table of some 170 response
callbacks again). Sessions and the start page's figures make two such operations on every page.
A ``redis.Redis`` client is safe to share between threads (each command takes a connection from the
pool), so one per pool is kept here. Behaviour is otherwise Django's: same keys, serializer, options.
This module never holds data itself.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _ReusingClient(RedisCacheClient):
    """``RedisCacheClient`` whose ``get_client`` returns the same ``redis.Redis`` for the same pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusingClient
