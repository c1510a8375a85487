# The parser and scanner are compiled into libcgnft_fe.a (see frontend/local.mk).
