import {
  ConfigError,
  ERRORS,
  errorMessage,
  exitCode,
  httpStatus,
  IndexError,
  isErrorCode,
  SourceError,
  TablebotError,
} from '../src/errors';
import { DirectLineError } from '../src/server/directLine/directLineError';

describe('error catalog', () => {
  it('gives every code an HTTP status, an exit code and a meaning', () => {
    for (const [code, spec] of Object.entries(ERRORS)) {
      expect(code).toMatch(/^[A-Z][A-Z_]+$/);
      expect(spec.http).toBeGreaterThanOrEqual(200);
      expect(spec.http).toBeLessThan(600);
      expect([0, 1, 2]).toContain(spec.exit);
      expect(spec.meaning.length).toBeGreaterThan(5);
    }
  });

  it('maps errors to HTTP statuses', () => {
    expect(httpStatus(new SourceError('SOURCE_NOT_INDEXED', 'x'))).toBe(400);
    expect(httpStatus(new IndexError('INDEX_MISSING', 'x'))).toBe(503);
    expect(httpStatus(new Error('plain'))).toBe(500);
    expect(new DirectLineError('TokenExpired', 'x').status).toBe(403);
    expect(new DirectLineError('NotFound', 'x').code).toBe('DIRECT_LINE_NOTFOUND');
  });

  it('maps outcomes to exit codes; a thrown error always fails the command', () => {
    expect(exitCode(null)).toBe(0);
    expect(exitCode('WRITE_REQUEST')).toBe(0);
    expect(exitCode('SOURCE_NOT_INDEXED')).toBe(1);
    expect(exitCode({ thrown: new TablebotError('SQL_TIMEOUT', 'x') })).toBe(1);
    expect(exitCode({ thrown: new ConfigError('x') })).toBe(2);
    expect(exitCode({ thrown: new Error('plain') })).toBe(1);
  });

  it('knows its codes', () => {
    expect(isErrorCode('INDEX_CORRUPT')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
  });
});

describe('errorMessage', () => {
  it('keeps what any thrown value says, plain objects from a worker thread included', () => {
    expect(errorMessage(new Error('disk full'))).toBe('disk full');
    expect(errorMessage({ message: 'lock held by another process', code: 'EBUSY' })).toBe(
      'lock held by another process',
    );
    expect(errorMessage({ status: 7 })).toBe('{"status":7}');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(errorMessage(circular)).toBe('[object Object]');
    expect(errorMessage('plain text')).toBe('plain text');
  });
});
