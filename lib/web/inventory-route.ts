// The inventory lists' route handlers: the answer (inventory-api.ts) from the source being served.
import type { NextRequest } from 'next/server';
import type { InventoryList } from '@/lib/rbac';
import { withSource } from './with-source';
import { currentData } from './current';
import { inventoryAnswer } from './inventory-api';

export function inventoryRoute<L extends InventoryList>(list: L) {
  return async function GET(req: NextRequest): Promise<Response> {
    const asked = inventoryAnswer(list, req.nextUrl.searchParams);
    if (!asked.ok) return asked.response;
    return withSource(async () => asked.answer((await currentData()).engine));
  };
}
