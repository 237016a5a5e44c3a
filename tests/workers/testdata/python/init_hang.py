# Never reaches /next: INIT hangs.
import time
time.sleep(3600)


def handler(event, context):
    return "unreachable"
