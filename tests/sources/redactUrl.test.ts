import { redactUrl, sourceIdForUrl } from '../../src/sources/pgSource';

describe('redactUrl and sourceIdForUrl keep passwords out of labels and ids', () => {
  test.each([
    ['postgres://app:s3cret@db.example:5432/sales', 'postgres://app:***@db.example:5432/sales'],
    [
      'postgres://app@db.example/sales?password=s3cret&sslmode=require',
      'postgres://app@db.example/sales?password=***&sslmode=require',
    ],
    ['postgresql://app@db/sales?sslpassword=k3y', 'postgresql://app@db/sales?sslpassword=***'],
  ])('%s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
    expect(redactUrl(url)).not.toMatch(/s3cret|k3y/);
    expect(sourceIdForUrl(url)).not.toMatch(/s3cret|k3y/);
  });
});
