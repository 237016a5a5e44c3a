"""Validates an order and adds its total.

Input: {"orderId": "o-1", "items": [{"sku": "tea", "quantity": 2, "price": 3.5}]}
An invalid order raises InvalidOrder, which the state machine catches by that name.
"""


class InvalidOrder(Exception):
    pass


def handler(event, context):
    items = event.get("items") or []
    if not items:
        raise InvalidOrder("an order needs at least one item")
    total = 0.0
    for item in items:
        quantity = item.get("quantity", 0)
        if not isinstance(quantity, int) or quantity <= 0:
            raise InvalidOrder(f"item {item.get('sku')!r}: quantity must be a positive integer")
        if "price" not in item:
            raise InvalidOrder(f"item {item.get('sku')!r}: no price")
        total += quantity * item["price"]
    return {**event, "total": round(total, 2)}
