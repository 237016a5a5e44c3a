# Python fixtures of the workers tests: one handler per behaviour.
import json
import os
import sys
import time

STARTED = time.time()
CALLS = {"count": 0}


def echo(event, context):
    return event


def info(event, context):
    CALLS["count"] += 1
    return {
        "calls": CALLS["count"],
        "pid": os.getpid(),
        "cwd": os.getcwd(),
        "env": dict(os.environ),
        "function_name": context.function_name,
        "function_version": context.function_version,
        "memory_limit_in_mb": context.memory_limit_in_mb,
        "aws_request_id": context.aws_request_id,
        "invoked_function_arn": context.invoked_function_arn,
        "log_group_name": context.log_group_name,
        "log_stream_name": context.log_stream_name,
        "remaining_ms": context.get_remaining_time_in_millis(),
        "client_context": context.client_context.custom if context.client_context else None,
        "trace": os.environ.get("_X_AMZN_TRACE_ID"),
        "event": event,
    }


class OrderError(Exception):
    pass


def throws(event, context):
    raise OrderError("order %s is invalid" % event.get("id"))


def returns_set(event, context):
    return {1, 2, 3}


def sleeps(event, context):
    time.sleep(event.get("seconds", 60))
    return "woke"


def prints(event, context):
    chunk = "x" * 1023 + "\n"
    for _ in range(event.get("kilobytes", 4096)):
        sys.stdout.write(chunk)
    print("last line of the flood")
    return "printed"


def logs(event, context):
    print("hello from the handler", event.get("tag", ""))
    return "logged"


def exits(event, context):
    os._exit(7)


def forks(event, context):
    pid = os.fork()
    if pid == 0:
        time.sleep(600)
        os._exit(0)
    return {"child": pid}


def hogs(event, context):
    block = bytearray(event.get("megabytes", 300) * 1024 * 1024)
    for i in range(0, len(block), 4096):
        block[i] = 1
    if block:
        time.sleep(30)  # hold the memory until the pool notices
    return len(block)


def remember(event, context):
    if "secret" in event:
        os.environ["LAST_SECRET"] = event["secret"]
    return {"last": os.environ.get("LAST_SECRET")}
