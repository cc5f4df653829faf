import { collectGarbage } from '../../src/indexing/collectGarbage';

describe('collectGarbage', () => {
  it('runs a full collection: an object nothing refers to any more is gone after it', async () => {
    let ref: WeakRef<object> | undefined;
    (() => {
      ref = new WeakRef({ payload: new Float64Array(1024) });
    })();
    // a WeakRef's target is kept until the job that made it ends
    await new Promise((resolve) => setImmediate(resolve));
    expect(collectGarbage()).toBe(true);
    expect(ref?.deref()).toBeUndefined();
  });

  it('can run again (the collector is looked up once)', () => {
    expect(collectGarbage()).toBe(true);
    expect(collectGarbage()).toBe(true);
  });
});
