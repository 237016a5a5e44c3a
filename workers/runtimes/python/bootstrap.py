"""tern's Lambda runtime client for Python (stdlib only).

Started by tern as `python3 bootstrap.py` in the function's code folder, with the environment
variables Lambda sets. It loads the handler named by _HANDLER ("module.function", the module
relative to LAMBDA_TASK_ROOT), then loops on the Runtime API: GET /next, call the handler with
(event, context), POST the JSON result to /response or the error to /error. An import or
handler lookup failure is posted to /init/error and the process exits.

Error documents have Lambda's Python shape:
  {"errorMessage": ..., "errorType": ..., "requestId": ..., "stackTrace": [...]}
"""

import http.client
import importlib
import json
import os
import sys
import time
import traceback

API_VERSION = "2018-06-01"
BOOTSTRAP_FILE = os.path.abspath(__file__)


class RuntimeClient:
    def __init__(self, address):
        host, port = address.rsplit(":", 1)
        self.conn = http.client.HTTPConnection(host, int(port))

    def _request(self, method, path, body=None, headers=None):
        self.conn.request(method, "/" + API_VERSION + path, body=body, headers=headers or {})
        response = self.conn.getresponse()
        return response, response.read()

    def next(self):
        response, body = self._request("GET", "/runtime/invocation/next")
        if response.status != 200:
            raise RuntimeError("/next returned %d: %r" % (response.status, body))
        return response.headers, body

    def post(self, path, payload, error_type=None):
        headers = {"Content-Type": "application/json"}
        if error_type:
            headers["Lambda-Runtime-Function-Error-Type"] = error_type
        response, body = self._request("POST", path, payload, headers)
        if response.status >= 500:
            sys.exit(1)  # the Runtime API asks the runtime to exit
        return response.status


class Context:
    """The context object (LAMBDA.md §1), built from /next's headers."""

    def __init__(self, headers):
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        self.memory_limit_in_mb = int(os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"))
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME", "")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME", "")
        self.aws_request_id = headers.get("Lambda-Runtime-Aws-Request-Id", "")
        self.invoked_function_arn = headers.get("Lambda-Runtime-Invoked-Function-Arn", "")
        self._deadline_ms = int(headers.get("Lambda-Runtime-Deadline-Ms", "0"))
        self.identity = None
        self.client_context = None
        cognito = headers.get("Lambda-Runtime-Cognito-Identity")
        if cognito:
            data = json.loads(cognito)
            self.identity = CognitoIdentity(data.get("cognitoIdentityId"),
                                            data.get("cognitoIdentityPoolId"))
        client_context = headers.get("Lambda-Runtime-Client-Context")
        if client_context:
            data = json.loads(client_context)
            self.client_context = ClientContext(data.get("client"), data.get("custom"),
                                                data.get("env"))
        self.tenant_id = headers.get("Lambda-Runtime-Aws-Tenant-Id")

    def get_remaining_time_in_millis(self):
        return max(self._deadline_ms - int(time.time() * 1000), 0)


class CognitoIdentity:
    def __init__(self, cognito_identity_id, cognito_identity_pool_id):
        self.cognito_identity_id = cognito_identity_id
        self.cognito_identity_pool_id = cognito_identity_pool_id


class ClientContext:
    def __init__(self, client, custom, env):
        self.client = client
        self.custom = custom
        self.env = env


def error_document(error_type, message, request_id, stack=None):
    return json.dumps({"errorMessage": message, "errorType": error_type,
                       "requestId": request_id, "stackTrace": stack or []})


def user_stack(tb):
    frames = [f for f in traceback.extract_tb(tb) if os.path.abspath(f.filename) != BOOTSTRAP_FILE]
    return traceback.format_list(frames)


def load_handler(task_root, handler_name):
    """Returns the handler, or (errorType, errorMessage, stack) on failure."""
    try:
        module_name, function_name = handler_name.rsplit(".", 1)
    except ValueError:
        return None, ("Runtime.MalformedHandlerName",
                      "Bad handler '%s': not enough values to unpack (expected 2, got 1)"
                      % handler_name, [])
    module_name = module_name.replace("/", ".")
    try:
        module = importlib.import_module(module_name)
    except SyntaxError as e:
        return None, ("Runtime.UserCodeSyntaxError",
                      "Syntax error in module '%s': %s" % (module_name, e),
                      user_stack(e.__traceback__))
    except ImportError as e:
        return None, ("Runtime.ImportModuleError",
                      "Unable to import module '%s': %s" % (module_name, e), [])
    except Exception as e:  # the module's own init code failed
        return None, (type(e).__name__, str(e), user_stack(e.__traceback__))
    handler = getattr(module, function_name, None)
    if handler is None:
        return None, ("Runtime.HandlerNotFound",
                      "Handler '%s' missing on module '%s'" % (function_name, module_name), [])
    return handler, None


def flush():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def main():
    # Line by line into the function's log, so output is not lost when the process dies.
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(line_buffering=True)
    client = RuntimeClient(os.environ["AWS_LAMBDA_RUNTIME_API"])
    task_root = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())
    # The function's folder replaces this script's folder at the front of the import path.
    sys.path[0] = task_root
    handler, error = load_handler(task_root, os.environ.get("_HANDLER", ""))
    if error:
        error_type, message, stack = error
        print("[ERROR] %s: %s" % (error_type, message), file=sys.stderr)
        flush()
        client.post("/runtime/init/error", error_document(error_type, message, "", stack),
                    error_type)
        sys.exit(1)
    flush()

    while True:
        headers, body = client.next()
        request_id = headers.get("Lambda-Runtime-Aws-Request-Id", "")
        trace_id = headers.get("Lambda-Runtime-Trace-Id")
        if trace_id:
            os.environ["_X_AMZN_TRACE_ID"] = trace_id
        else:
            os.environ.pop("_X_AMZN_TRACE_ID", None)
        path = "/runtime/invocation/%s" % request_id
        try:
            event = json.loads(body) if body else None
        except ValueError as e:
            flush()
            client.post(path + "/error",
                        error_document("Runtime.UnmarshalError",
                                       "Unable to unmarshal input: %s" % e, request_id),
                        "Runtime.UnmarshalError")
            continue
        try:
            result = handler(event, Context(headers))
        except Exception as e:
            error_type = type(e).__name__
            stack = user_stack(e.__traceback__)
            # As Lambda logs it: the error, then the traceback without this client's frames.
            print("[ERROR] %s: %s\nTraceback (most recent call last):\n%s"
                  % (error_type, e, "".join(stack)), end="", file=sys.stderr)
            flush()
            client.post(path + "/error",
                        error_document(error_type, str(e), request_id, stack),
                        error_type)
            continue
        try:
            payload = json.dumps(result)
        except Exception as e:
            flush()
            client.post(path + "/error",
                        error_document("Runtime.MarshalError",
                                       "Unable to marshal response: %s" % e, request_id),
                        "Runtime.MarshalError")
            continue
        flush()
        client.post(path + "/response", payload.encode("utf-8"))


if __name__ == "__main__":
    main()
