// Charges a validated order. A stand-in for a payment provider: it only makes up a charge id.
exports.handler = async (event) => {
  if (typeof event.total !== 'number') {
    throw new Error('Charge needs the total that ValidateOrder adds');
  }
  return { chargeId: `ch_${event.orderId}`, amount: event.total, currency: 'EUR' };
};
