#!/usr/bin/env node
// Writes order.json next to this file: one order with 100 line items, generated
// deterministically (a fixed-seed LCG), the input of the Step Functions-style cases in
// cases.json. Prices are whole cents (two decimals). Re-running it rewrites the same bytes.
//
// Usage: node bench/jsonata/make_order.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let state = 20261125;
const next = () => {
  state = (Math.imul(state, 1103515245) + 12345) >>> 0; // 32-bit LCG
  return state / 2 ** 32;
};
const pick = (xs) => xs[Math.floor(next() * xs.length)];

const categories = ['books', 'electronics', 'garden', 'kitchen', 'toys'];
const adjectives = ['Blue', 'Compact', 'Deluxe', 'Eco', 'Heavy', 'Mini', 'Classic', 'Smart'];
const nouns = ['Lamp', 'Kettle', 'Novel', 'Drone', 'Shovel', 'Puzzle', 'Cable', 'Planter', 'Robot', 'Atlas'];
const tags = ['gift', 'sale', 'new', 'fragile', 'bulk', 'imported'];

const items = [];
for (let i = 1; i <= 100; i++) {
  const sku = `SKU-${String(i).padStart(4, '0')}`;
  const price = Math.round((1 + next() * 149) * 100) / 100;
  const itemTags = tags.filter(() => next() < 0.3);
  items.push({
    sku,
    name: `${pick(adjectives)} ${pick(nouns)} ${i}`,
    category: pick(categories),
    price,
    qty: 1 + Math.floor(next() * 5),
    inStock: next() < 0.85,
    tags: itemTags,
    dimensions: { weightKg: Math.round(next() * 2000) / 100, fragile: itemTags.includes('fragile') },
  });
}

const order = {
  order: {
    id: 'ORD-2026-000417',
    createdAt: '2026-11-25T09:30:00.000Z',
    currency: 'EUR',
    status: 'PENDING',
    customer: {
      id: 'CUST-0042',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      tier: 'gold',
      address: { street: '12 Analytical Row', city: 'London', postcode: 'N1 9GU', country: 'GB' },
    },
    shipping: { method: 'express', cost: 12.5 },
    items,
  },
};

const out = join(dirname(fileURLToPath(import.meta.url)), 'order.json');
writeFileSync(out, JSON.stringify(order, null, 1) + '\n');
console.error(`wrote ${out} (${items.length} items)`);
