import type { CatalogTable } from '../../../src/catalog/types';
import type { DataSource } from '../../../src/sources/types';
import type { JoinEdge } from '../../../src/sql/types';
import { shopCatalog } from './shopFixture';

/**
 * An events-company schema for the generator's failure-class tests (issue 8): marketing channels and
 * campaigns, members, events, bookings with their lines, warehouses and stock. Dates of the recent rows are
 * relative to the database's `current_date`, so relative periods ("last quarter", "the last 30 days") have
 * rows whatever day the tests run. Traps: a campaign whose spend is exactly 2024 (a year read as a value
 * would find it), member ids and seat counts that overlap years.
 */
const DDL = `
CREATE SCHEMA ev;
CREATE TABLE ev.channels (
  channel_id integer PRIMARY KEY,
  channel_name text NOT NULL
);
CREATE TABLE ev.campaigns (
  campaign_id integer PRIMARY KEY,
  channel_id integer NOT NULL REFERENCES ev.channels(channel_id),
  campaign_name text NOT NULL,
  spend_amt numeric(10,2) NOT NULL,
  start_date date NOT NULL
);
CREATE TABLE ev.members (
  member_id integer PRIMARY KEY,
  first_name text NOT NULL,
  last_name text NOT NULL,
  city text NOT NULL,
  is_vip boolean NOT NULL,
  joined_on date NOT NULL
);
CREATE TABLE ev.events (
  event_id integer PRIMARY KEY,
  event_title text NOT NULL,
  held_on date NOT NULL,
  attendees integer NOT NULL
);
CREATE TABLE ev.bookings (
  booking_id integer PRIMARY KEY,
  member_id integer NOT NULL REFERENCES ev.members(member_id),
  booked_at date NOT NULL,
  required_by date NOT NULL,
  dispatched_at date,
  status text NOT NULL
);
CREATE TABLE ev.booking_lines (
  line_id integer PRIMARY KEY,
  booking_id integer NOT NULL REFERENCES ev.bookings(booking_id),
  event_id integer NOT NULL REFERENCES ev.events(event_id),
  seats integer NOT NULL,
  seat_price numeric(10,2) NOT NULL
);
CREATE TABLE ev.venues (
  venue_id integer PRIMARY KEY,
  venue_name text NOT NULL,
  opened_on date NOT NULL,
  closed_on date
);
CREATE TABLE ev.warehouses (
  warehouse_id integer PRIMARY KEY,
  warehouse_name text NOT NULL
);
CREATE TABLE ev.stock (
  stock_id integer PRIMARY KEY,
  warehouse_id integer NOT NULL REFERENCES ev.warehouses(warehouse_id),
  item_label text NOT NULL,
  item_code text NOT NULL,
  units_on_hand integer NOT NULL,
  reorder_level integer NOT NULL
);
`;

const DATA = `
INSERT INTO ev.channels VALUES (1, 'Search'), (2, 'Social'), (3, 'Email'), (4, 'Print'), (5, 'Radio');
INSERT INTO ev.campaigns VALUES
  (1, 1, 'Spring Push', 1500.00, '2024-03-10'),
  (2, 2, 'Summer Buzz', 900.00, '2024-06-01'),
  (3, 3, 'Winter Letter', 2024.00, '2023-12-01'),
  (4, 1, 'Autumn Search', 700.00, '2022-10-05'),
  (5, 2, 'Recent Social', 300.00, current_date - 10),
  (6, 4, 'Print Flyer', 120.00, '2024-11-20');
INSERT INTO ev.members VALUES
  (1, 'Nora', 'Quill', 'Leeds', true, '2020-01-05'),
  (2, 'Ivo', 'Brandt', 'Ghent', false, '2021-04-11'),
  (3, 'Tess', 'Marlow', 'Leeds', true, '2022-08-19'),
  (4, 'Owen', 'Pike', 'Bruges', false, '2023-02-02'),
  (5, 'Lia', 'Sato', 'Ghent', false, '2023-09-09'),
  (2023, 'Max', 'Yearly', 'Leeds', false, '2019-06-06');
INSERT INTO ev.events VALUES
  (5, 'Quiet Reading', '2024-12-01', 0),
  (1, 'Harbour Gala', '2023-05-01', 120),
  (2, 'Jazz Night', '2024-02-14', 80),
  (3, 'Tech Forum', '2024-09-30', 200),
  (4, 'Book Fair', '2022-03-03', 60);
INSERT INTO ev.bookings VALUES
  (1, 1, '2022-03-01', '2022-03-05', '2022-03-04', 'dispatched'),
  (2, 2, '2023-04-20', '2023-04-25', '2023-04-27', 'dispatched'),
  (3, 1, '2023-07-02', '2023-07-10', '2023-07-08', 'dispatched'),
  (4, 3, '2024-04-15', '2024-04-20', '2024-04-22', 'dispatched'),
  (5, 3, '2024-05-30', '2024-06-05', NULL, 'pending'),
  (6, 4, '2024-09-01', '2024-09-10', '2024-09-09', 'dispatched'),
  (7, 2023, '2024-10-12', '2024-10-20', NULL, 'pending'),
  (8, 1, current_date - 5, current_date + 5, NULL, 'pending'),
  (9, 2, current_date - 20, current_date - 12, current_date - 10, 'dispatched'),
  (10, 4, (date_trunc('quarter', current_date) - interval '1 month')::date,
          (date_trunc('quarter', current_date) - interval '1 month')::date + 3, NULL, 'pending'),
  (11, 3, (date_trunc('year', current_date) - interval '2 months')::date,
          (date_trunc('year', current_date) - interval '2 months')::date + 5, NULL, 'pending'),
  (12, 2, '2021-12-28', '2022-01-05', '2022-01-03', 'dispatched');
INSERT INTO ev.booking_lines VALUES
  (1, 1, 4, 2, 30.00),
  (2, 2, 1, 4, 55.00),
  (3, 3, 1, 1, 55.00),
  (4, 4, 2, 3, 40.00),
  (5, 5, 2, 2, 40.00),
  (6, 6, 3, 5, 90.00),
  (7, 7, 3, 1, 90.00),
  (8, 8, 3, 2, 90.00),
  (9, 9, 2, 6, 40.00),
  (10, 10, 3, 1, 90.00),
  (11, 11, 1, 2, 55.00);
INSERT INTO ev.venues VALUES
  (1, 'Old Mill', '2015-01-01', '2021-06-30'),
  (2, 'River Hall', '2018-03-01', NULL),
  (3, 'Glass House', '2019-05-01', current_date + 60),
  (4, 'New Pavilion', current_date + 30, NULL);
INSERT INTO ev.warehouses VALUES (1, 'North Depot'), (2, 'South Depot'), (3, 'Empty Depot');
INSERT INTO ev.stock VALUES
  (1, 1, 'chairs', 'CH-1001', 40, 50), (2, 1, 'tables', 'TB-2002', 12, 10), (3, 2, 'chairs', 'CH-1002', 25, 30),
  (4, 2, 'lamps', 'LM-3003', 7, 5);
ANALYZE;
`;

/** Creates and fills the events schema. */
export async function createEvents(source: DataSource): Promise<void> {
  await source.exec(DDL);
  await source.exec(DATA);
}

/** The events schema's tables (introspected with profiles) and FK join edges. */
export async function eventsCatalog(
  source: DataSource,
): Promise<{ tables: CatalogTable[]; joins: JoinEdge[] }> {
  return shopCatalog(source, ['ev']);
}
