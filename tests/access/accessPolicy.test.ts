import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AccessPolicy, AccessPolicyStore, parseAccessFile } from '../../src/access';
import { ConfigError } from '../../src/errors';
import { silentLogger } from '../../src/logging';

const FILE = `
defaultGroup: everyone
groups:
  everyone:
    allow: ["marketing.*"]
  sales:
    members: ["teams:tenant-1/aad-sales", "slack:T1/*", "api:sales-bot"]
    allow:
      - "sales.*"
      - { source: demo, schema: catalog }
    deny: ["sales.store_sales"]
    role: sales_reader
  hr:
    members: ["webchat:dl_hr*"]
    allow: ["hr.*"]
`;

describe('AccessPolicy', () => {
  const policy = AccessPolicy.fromFile(parseAccessFile(FILE, 'test.yaml'), 'test.yaml');

  test('members map identities to groups; allow minus deny per group; wildcards and case-insensitive names', () => {
    const sales = policy.resolve({ channel: 'msteams', ids: ['teams:tenant-1/aad-sales'] });
    expect(sales.groups).toEqual(['sales']);
    expect(sales.role).toBe('sales_reader');
    expect(sales.allows('demo', 'sales.online_orders')).toBe(true);
    expect(sales.allows('demo', 'SALES.Online_Orders')).toBe(true);
    expect(sales.allows('demo', 'sales.store_sales')).toBe(false);
    expect(sales.allows('demo', 'catalog.products')).toBe(true);
    expect(sales.allows('postgres://db/other', 'catalog.products')).toBe(false);
    expect(sales.allows('demo', 'hr.employees')).toBe(false);
    expect(sales.allows('demo', 'marketing.campaigns')).toBe(false);
    expect(policy.resolve({ channel: 'slack', ids: ['slack:T1/U999'] }).groups).toEqual(['sales']);
    expect(policy.resolve({ channel: 'slack', ids: ['slack:T2/U999'] }).groups).toEqual(['everyone']);
    expect(
      policy.resolve({ channel: 'webchat', ids: ['webchat:dl_hr_42'] }).allows('demo', 'hr.salaries'),
    ).toBe(true);
  });

  test('users no group names get the default group; without a default group they see nothing', () => {
    const anonymous = policy.resolve({ channel: 'api', ids: [] });
    expect(anonymous.groups).toEqual(['everyone']);
    expect(anonymous.allows('demo', 'marketing.campaigns')).toBe(true);
    expect(anonymous.allows('demo', 'sales.online_orders')).toBe(false);
    const strict = AccessPolicy.fromFile(parseAccessFile('groups: { a: { allow: ["*"] } }', 'x'), 'x');
    expect(strict.resolve({ channel: 'api', ids: ['api:nobody'] }).allows('demo', 'sales.orders')).toBe(
      false,
    );
  });

  test('without an access file everyone sees everything', () => {
    const all = AccessPolicy.allowAll().resolve({ channel: 'api', ids: [] });
    expect(all.unrestricted).toBe(true);
    expect(all.filter).toBeUndefined();
    expect(all.allows('any', 'x.y')).toBe(true);
  });

  test.each([
    ['not YAML', 'groups: [', /not valid YAML/],
    ['an unknown key (typo)', 'groups: { a: { alow: ["*"] } }', /alow/],
    [
      'a default group that does not exist',
      'defaultGroup: b\ngroups: { a: { allow: ["*"] } }',
      /defaultGroup/,
    ],
    ['a table rule without a schema', 'groups: { a: { allow: ["orders"] } }', /schema\.table/],
    ['a role that is not a plain name', 'groups: { a: { allow: ["*"], role: "x; drop" } }', /role/],
    ['no groups', 'defaultGroup: a', /groups/],
  ])('refuses %s with a ConfigError naming the file', (_name, text, message) => {
    expect(() => parseAccessFile(text, 'access.yaml')).toThrow(ConfigError);
    expect(() => parseAccessFile(text, 'access.yaml')).toThrow(message);
    expect(() => parseAccessFile(text, 'access.yaml')).toThrow(/access\.yaml/);
  });
});

test('access.example.yaml is a valid access file', () => {
  const file = path.join(__dirname, '..', '..', 'access.example.yaml');
  expect(() => AccessPolicy.load(file)).not.toThrow();
});

describe('AccessPolicyStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tablebot-access-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('an invalid file stops start-up; a missing one too', () => {
    const file = path.join(dir, 'access.yaml');
    expect(() => new AccessPolicyStore({ file, logger: silentLogger() })).toThrow(/cannot read ACCESS_FILE/);
    writeFileSync(file, 'groups: { a: { allow: [1] } }');
    expect(() => new AccessPolicyStore({ file, logger: silentLogger() })).toThrow(ConfigError);
  });

  test('a changed file is picked up; an invalid change keeps the previous policy', () => {
    const file = path.join(dir, 'access.yaml');
    writeFileSync(file, 'defaultGroup: a\ngroups: { a: { allow: ["sales.*"] } }');
    const store = new AccessPolicyStore({ file, logger: silentLogger(), checkEveryMs: 0 });
    const who = { channel: 'api', ids: [] };
    expect(store.current().resolve(who).allows('demo', 'sales.x')).toBe(true);
    writeFileSync(file, 'defaultGroup: a\ngroups: { a: { allow: ["hr.*"] } }');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(store.current().resolve(who).allows('demo', 'sales.x')).toBe(false);
    expect(store.current().resolve(who).allows('demo', 'hr.x')).toBe(true);
    writeFileSync(file, 'groups: nonsense');
    utimesSync(file, new Date(), new Date(Date.now() + 10000));
    expect(store.current().resolve(who).allows('demo', 'hr.x')).toBe(true);
    expect(() => store.reload()).toThrow(ConfigError);
  });
});
