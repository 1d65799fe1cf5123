# hazardlint: ignore-file[redis-keys]
import redis

redis.Redis().keys()
redis.Redis().keys("x")
