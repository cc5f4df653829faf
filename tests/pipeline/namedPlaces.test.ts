import { openSqlSourceApp, type SqlSourceApp } from '../support/sqlSourceApp';

/**
 * A made-up record label: bands, their records (one self-titled, one whose title holds another band's
 * name, one titled like another band), songs on the records (a title track covered by another band too)
 * with their composers, and unrelated venues. Many filler bands, so band names are not fully profiled.
 */
const LABEL_SQL = `
CREATE SCHEMA label;
CREATE TABLE label.bands (band_id int PRIMARY KEY, band_name text NOT NULL);
CREATE TABLE label.records (
  record_id int PRIMARY KEY, record_title text NOT NULL, band_id int NOT NULL REFERENCES label.bands(band_id));
CREATE TABLE label.songs (
  song_id int PRIMARY KEY, song_title text NOT NULL, composer text,
  record_id int NOT NULL REFERENCES label.records(record_id), seconds int NOT NULL);
CREATE TABLE label.venues (venue_id int PRIMARY KEY, venue_name text NOT NULL, seats int NOT NULL);
INSERT INTO label.bands VALUES (1, 'Night Owls'), (2, 'Glass Harbor'), (3, 'Tin Sparrow'), (4, 'Copper Lane');
INSERT INTO label.bands SELECT g, 'Filler Band ' || g FROM generate_series(5, 80) g;
INSERT INTO label.records VALUES (1, 'Night Owls', 1), (2, 'Dawn Chorus', 1), (3, 'Songs For Night Owls', 2),
  (4, 'Tin Sparrow', 2), (5, 'Rust', 3), (6, 'Live Covers', 4);
INSERT INTO label.records SELECT g, 'Filler Record ' || g, g FROM generate_series(7, 80) g;
INSERT INTO label.songs VALUES
  (1, 'Night Owls', 'Ana Vey', 1, 200), (2, 'Night Owls', 'Ana Vey', 2, 210), (3, 'Night Owls', 'Ana Vey', 2, 190),
  (4, 'Night Owls', 'Ana Vey', 6, 230), (5, 'Harbor Lights', 'Ben Oro', 3, 180), (6, 'Sparrow Song', 'Cy Pell', 5, 170),
  (7, 'Morning', 'Ana Vey', 2, 160), (8, 'Tin Roof', 'Cy Pell', 4, 150);
INSERT INTO label.songs SELECT g, 'Filler Song ' || g, NULL, g - 1, 100 FROM generate_series(9, 80) g;
INSERT INTO label.venues VALUES (1, 'Copper Lane', 300), (2, 'The Barn', 120);
`;

/** A name found in one thing's own name, in titles holding it, or in things named after it (rule 11). */
describe('a name that is one thing of its own name', () => {
  let opened: SqlSourceApp | undefined;

  beforeAll(async () => {
    opened = await openSqlSourceApp({ name: 'label', sql: LABEL_SQL });
  }, 180_000);
  afterAll(() => opened?.close());

  const ask = (question: string) => (opened as SqlSourceApp).ask(question);

  it('a band that is also a self-titled record, its title track and part of another title: the band', async () => {
    const result = await ask('how many Night Owls songs are in the catalogue');
    expect(result.decision).toBe('answer');
    expect(result.sql).toContain('band_name');
    expect(Number(result.rows?.[0]?.[0])).toBe(4);
  });

  it('a band name and a record title of another band that do not name each other: still asks', async () => {
    const result = await ask('how many Tin Sparrow songs are in the catalogue');
    expect(result.decision).toBe('clarify');
    expect(result.clarification?.options.map((o) => o.column).sort()).toEqual([
      'label.bands.band_name',
      'label.records.record_title',
    ]);
  });
});
