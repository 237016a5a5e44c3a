"""Handlers of the http-api example (docs/http.md)."""
import base64
import json
import time


def get_order(event, context):
    # A plain object: API Gateway answers 200 with it as the JSON body.
    order_id = event["pathParameters"]["id"]
    expand = (event.get("queryStringParameters") or {}).get("expand")
    return {"orderId": order_id, "status": "SHIPPED", "expand": expand}


def create_order(event, context):
    body = event.get("body") or ""
    if event.get("isBase64Encoded"):
        body = base64.b64decode(body).decode()
    order = json.loads(body or "{}")
    order_id = str(order.get("orderId", "new"))
    return {
        "statusCode": 201,
        "headers": {"Location": "/orders/" + order_id, "Content-Type": "application/json"},
        "cookies": ["last-order=" + order_id + "; Path=/"],
        "body": json.dumps({"created": order_id}),
    }


def echo(event, context):
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(event),
    }


def legacy(event, context):
    return {
        "statusCode": 200,
        "multiValueHeaders": {"X-Legacy": ["a", "b"]},
        "body": json.dumps(event),
        "isBase64Encoded": False,
    }


def trouble(event, context):
    if event["rawPath"] == "/slow":
        time.sleep(3)
        return {"late": True}
    raise RuntimeError("the order service is down")
