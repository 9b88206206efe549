import { inventoryRoute } from '@/lib/web/inventory-route';

export const dynamic = 'force-dynamic';

/** The roles list, filtered as its page is: JSON a page at a time, or every row as CSV (format=csv). */
export const GET = inventoryRoute('roles');
