import { openSqlSourceApp, type SqlSourceApp } from '../support/sqlSourceApp';
import type { AskResult } from '../../src/pipeline/types';

/**
 * A made-up school: teachers (with a mentor, a teacher too), pupils (many towns, each in a county given by
 * a two-letter code), courses with their lessons, and two kinds of requests that are opened and resolved.
 * One person is both a teacher and a pupil; two pupils share a first name; one town has an accent.
 * Concerts have titles and nothing else.
 */
const SCHOOL_SQL = `
CREATE SCHEMA school;
CREATE TABLE school.teachers (
  teacher_id int PRIMARY KEY, first_name text NOT NULL, last_name text NOT NULL, email text NOT NULL,
  mentor_id int REFERENCES school.teachers(teacher_id));
CREATE TABLE school.pupils (
  pupil_id int PRIMARY KEY, first_name text NOT NULL, last_name text NOT NULL, email text NOT NULL,
  town text NOT NULL, county text NOT NULL);
CREATE TABLE school.courses (
  course_id int PRIMARY KEY, course_title text NOT NULL, teacher_id int NOT NULL REFERENCES school.teachers(teacher_id),
  first_run_date date NOT NULL);
CREATE TABLE school.lessons (
  lesson_id int PRIMARY KEY, course_id int NOT NULL REFERENCES school.courses(course_id),
  run_date date NOT NULL, minutes int NOT NULL);
CREATE TABLE school.enquiries (enquiry_id int PRIMARY KEY, topic text NOT NULL, opened_on date NOT NULL, resolved_on date);
CREATE TABLE school.repairs (repair_id int PRIMARY KEY, room text NOT NULL, reported_on date NOT NULL, resolved_on date);
CREATE TABLE school.tours (tour_id int PRIMARY KEY, toured_on date NOT NULL, family_enrolled boolean NOT NULL);
CREATE TABLE school.fairs (fair_id int PRIMARY KEY, fair_date date NOT NULL, guests int NOT NULL, enrolments int NOT NULL);
CREATE TABLE school.concerts (concert_id int PRIMARY KEY, concert_title text NOT NULL);
INSERT INTO school.teachers VALUES
  (1, 'Ivo', 'Sand', 'ivo@school.test', NULL), (2, 'Mara', 'Quist', 'mara@school.test', 1),
  (3, 'Tove', 'Lund', 'tove@school.test', 1), (4, 'Pim', 'Roos', 'pim@school.test', 2),
  (5, 'Ada', 'Holm', 'ada@school.test', 2), (6, 'Bert', 'Falk', 'bert@school.test', 3);
INSERT INTO school.pupils
  SELECT g, 'Kid' || g, 'Surname' || g, 'kid' || g || '@home.test', 'Village ' || g, CASE WHEN g % 2 = 0 THEN 'NW' ELSE 'SE' END
  FROM generate_series(1, 60) g;
INSERT INTO school.pupils VALUES
  (61, 'Mara', 'Quist', 'mq@home.test', 'Oakham', 'NW'),
  (62, 'Oskar', 'Brand', 'ob@home.test', 'Oakham', 'NW'),
  (63, 'Oskar', 'Lenz', 'ol@home.test', 'Elmstead', 'SE'),
  (64, 'Lina', 'Berg', 'lb@home.test', 'Åsen Dal', 'AD'),
  (65, 'Nils', 'Berg', 'nb@home.test', 'Åsen Dal', 'AD'),
  (66, 'Siv', 'Dahl', 'sd@home.test', 'Nordby', 'AD');
INSERT INTO school.courses VALUES (1, 'Algebra', 1, '2023-09-01'), (2, 'Botany', 2, '2024-09-01'), (3, 'Choir', 3, '2024-01-10');
INSERT INTO school.lessons VALUES
  (1, 1, '2024-02-01', 45), (2, 1, '2024-02-08', 45), (3, 1, '2024-02-15', 45),
  (4, 2, '2024-10-01', 120), (5, 2, '2024-10-08', 120), (6, 3, '2024-01-12', 60);
INSERT INTO school.enquiries VALUES (1, 'Fees', '2024-03-01', '2024-03-04'), (2, 'Uniform', '2024-03-02', '2024-03-10');
INSERT INTO school.repairs VALUES (1, 'Lab', '2024-04-01', '2024-04-20'), (2, 'Gym', '2024-05-01', NULL);
INSERT INTO school.tours VALUES (1, '2024-03-01', true), (2, '2024-03-08', false), (3, '2024-03-15', false);
INSERT INTO school.fairs VALUES (1, '2024-02-01', 40, 6), (2, '2024-06-01', 55, 9);
INSERT INTO school.concerts VALUES (1, 'Harvest Gala 2023'), (2, 'Harvest Gala 2024'), (3, 'Winter Recital 2024');
`;

/** Names of a question checked against the data, and readings the schema's shape makes possible (decision rule 6). */
describe('names found in the data, and readings of the schema (clarify two readings)', () => {
  let opened: SqlSourceApp | undefined;

  beforeAll(async () => {
    opened = await openSqlSourceApp({ name: 'school', sql: SCHOOL_SQL });
  }, 180_000);
  afterAll(() => opened?.close());

  const ask = (question: string, forceTables?: string[]) =>
    (opened as SqlSourceApp).ask(question, forceTables);
  const labels = (r: AskResult) => (r.clarification?.options ?? []).map((o) => o.label);
  const tables = (r: AskResult) => (r.clarification?.options ?? []).map((o) => o.tables);

  it('a full name that is a teacher and a pupil: asks which, one option per table', async () => {
    const result = await ask("what is Mara Quist's email?");
    expect(result.decision).toBe('clarify');
    expect(tables(result)).toEqual(
      expect.arrayContaining([
        expect.arrayContaining(['school.teachers']),
        expect.arrayContaining(['school.pupils']),
      ]),
    );
  });

  it('a first name of two pupils: asks which person, and each option asks with the full name', async () => {
    const result = await ask("what is Oskar's email?");
    expect(result.decision).toBe('clarify');
    expect(labels(result).sort()).toEqual(['Oskar Brand', 'Oskar Lenz']);
    expect(result.clarification?.options[0].question).toMatch(/Oskar (Brand|Lenz)'s email/);
  });

  it('a town typed without its accent, whose county code has its initials: the town or the county', async () => {
    const result = await ask('how many pupils live in Asen Dal?');
    expect(result.decision).toBe('clarify');
    expect(result.clarification?.options.map((o) => o.column)).toEqual([
      'school.pupils.town',
      'school.pupils.county',
    ]);
    expect(labels(result)[0]).toContain('Åsen Dal');
  });

  it('"mentored by <teacher>" on a table that refers to itself: direct or at any level', async () => {
    const result = await ask('how many teachers are mentored by Ivo Sand?');
    expect(result.decision).toBe('clarify');
    expect(labels(result)[0]).toMatch(/^Direct/);
    // the person asked about comes before the relation: one row above, no doubt
    expect((await ask('who is the mentor of Ada Holm?')).decision).not.toBe('clarify');
  });

  it('"the biggest course" with no measure: by number of lessons or by total minutes', async () => {
    const result = await ask('what is the biggest course?');
    expect(result.decision).toBe('clarify');
    expect(labels(result)).toEqual([
      expect.stringMatching(/number of lessons/),
      expect.stringMatching(/total minutes/),
    ]);
  });

  it('"how long does it take to resolve" over two tables with a start and an end date: asks which', async () => {
    const result = await ask('how long does it take us to resolve enquiries on average?');
    expect(result.decision).toBe('clarify');
    expect(tables(result).flat().sort()).toEqual(['school.enquiries', 'school.repairs']);
  });

  it('"<X> rate" with a flag of one table and a count of another: asks which', async () => {
    const result = await ask('what is the enrolment rate of families?');
    expect(result.decision).toBe('clarify');
    expect(tables(result).flat().sort()).toEqual(['school.fairs', 'school.tours']);
  });

  it('a proper name that the tables the answer reads do not hold is no filter: says what it lacks', async () => {
    // "Botany" is a course, but the picnic is nowhere in the data
    const nowhere = await ask('how many pupils came to the Botany Picnic?');
    expect(nowhere.decision).toBe('decline');
    expect(nowhere.message).toContain('Botany Picnic');
    expect(nowhere.sql).toBeNull();
    // the name is a concert's title, which the teachers' answer does not read
    const elsewhere = await ask('what are the emails of the teachers at the Harvest Gala?');
    expect(elsewhere.decision).toBe('decline');
    expect(elsewhere.message).toMatch(/Harvest Gala.*concert/);
  });

  it('answers a question whose names have one reading', async () => {
    expect((await ask('how many pupils live in Oakham?')).decision).toBe('answer');
    expect((await ask("what is Tove Lund's email?")).decision).toBe('answer');
  });
});
