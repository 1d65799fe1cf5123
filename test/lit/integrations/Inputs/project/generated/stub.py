import redis

redis.Redis().keys()
