import { dateParts, dayNumber, quarterStart } from './calendar';
import type { City } from './vocabulary';

/** The dates the demo data is laid out on, as day numbers. */
export interface Timeline {
  /** The first day with transactions: the start of the quarter six years before `today`. */
  start: number;
  /** "Today": no transaction is dated after it. */
  today: number;
  /** First and last day of the quarter with the fashion peak (the Fashion Week Mega Sale). */
  peakStart: number;
  peakEnd: number;
}

/** Lays out the timeline for a given "today" (a day number). */
export function createTimeline(today: number): Timeline {
  const { year, month, day } = dateParts(today);
  const start = quarterStart(dayNumber(year - 6, month, Math.min(day, 28)));
  return { start, today, peakStart: dayNumber(year - 2, 10, 1), peakEnd: dayNumber(year - 2, 12, 31) };
}

/** Relative online demand per calendar month (holiday peak in November and December). */
const MONTH_SEASONALITY: readonly number[] = [
  0.85, 0.8, 0.95, 1, 1.05, 1, 0.95, 1.05, 0.95, 1.05, 1.35, 1.55,
];

/** Relative demand per weekday, Sunday first. */
const WEEKDAY_FACTOR: Readonly<Record<'online' | 'store', readonly number[]>> = {
  online: [1.1, 1.05, 0.95, 0.95, 0.95, 0.95, 1.05],
  store: [1.2, 0.75, 0.8, 0.85, 0.95, 1.15, 1.5],
};

/** Yearly growth of the business. */
const ANNUAL_GROWTH = 1.09;

/** Demand on `day` relative to an average day at the start of the data. */
export function demandFactor(timeline: Timeline, day: number, kind: 'online' | 'store'): number {
  const { month, day: dom, weekday } = dateParts(day);
  let factor = ANNUAL_GROWTH ** ((day - timeline.start) / 365.25);
  factor *= MONTH_SEASONALITY[month - 1] * WEEKDAY_FACTOR[kind][weekday];
  if (month === 11 && dom >= 23) factor *= 1.6; // Black Friday week
  return factor;
}

/** True when `day` falls in the fashion peak quarter. */
export function inFashionPeak(timeline: Timeline, day: number): boolean {
  return day >= timeline.peakStart && day <= timeline.peakEnd;
}

/** A position held by a sequence of employees over time. */
export interface Slot {
  department: number;
  title: string;
  storeId: number | null;
  /** Slot of the direct manager, if any. */
  managerSlot: Slot | null;
  /** Employees who held it, in order; `end` is the last day (null: still holds it). */
  holders: { employeeId: number; start: number; end: number | null }[];
}

/** The employee holding `slot` on `day`, if any. */
export function holderAt(slot: Slot, day: number): number | null {
  for (const h of slot.holders) if (h.start <= day && (h.end === null || h.end >= day)) return h.employeeId;
  return null;
}

/** A store as the generators use it. */
export interface StoreEntity {
  id: number;
  city: City;
  regionId: number;
  opened: number;
  closed: number | null;
  traffic: number;
  slots: Slot[];
}

/** A product as the generators use it. */
export interface ProductEntity {
  id: number;
  category: string;
  subcategory: string;
  launch: number;
  discontinued: number | null;
  /** Price changes in date order, in cents. */
  prices: { from: number; cents: number }[];
  supplierId: number;
}

/** A customer as the generators use it. */
export interface CustomerEntity {
  id: number;
  firstName: string;
  lastName: string;
  city: City;
  signup: number;
}

/** A marketing campaign and its promo code. */
export interface CampaignEntity {
  id: number;
  category: string | null;
  start: number;
  end: number;
  promoCode: string;
  discountPct: number;
}

/** An online order, for the tickets, complaints and sessions that refer to it. */
export interface OrderEntity {
  id: number;
  customerId: number;
  day: number;
}

/** Everything generated so far that later steps refer to. */
export interface DemoWorld {
  timeline: Timeline;
  stores: StoreEntity[];
  /** Every position, headquarters and stores (store slots belong to Store Operations). */
  slots: Slot[];
  products: ProductEntity[];
  customers: CustomerEntity[];
  /** Community users in join order. */
  users: { id: number; joined: number }[];
  campaigns: CampaignEntity[];
  orders: OrderEntity[];
}

/** The price of `product` in effect on `day`, in cents. */
export function priceOn(product: ProductEntity, day: number): number {
  let cents = product.prices[0].cents;
  for (const p of product.prices) if (p.from <= day) cents = p.cents;
  return cents;
}

/** Binary search: the number of items in `sorted` whose key is <= `limit`. */
export function countUpTo<T>(sorted: readonly T[], key: (item: T) => number, limit: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(sorted[mid]) <= limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
