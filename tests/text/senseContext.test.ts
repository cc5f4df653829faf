import { SenseContext, WordNet } from '../../src/text';

/** Word senses read in a schema's context, on the real WordNet database (invented schemas). */
describe('SenseContext', () => {
  const senses = new SenseContext(WordNet.shared());

  it('reads an ambiguous table name in the sense its schema means', () => {
    const shipping = senses.senseIn('vessel', [
      'port',
      'voyage',
      'cargo',
      'tonnage',
      'crew',
      'captain',
      'flag',
    ]);
    expect(shipping?.definition).toContain('water transportation');
    const kitchen = senses.senseIn('vessel', ['kitchen', 'cup', 'jug', 'liquid', 'volume', 'lid']);
    expect(kitchen?.definition).not.toContain('water transportation');
  });

  it('ignores the name itself among its context words', () => {
    const withSelf = senses.senseIn('vessel', [
      'vessel',
      'port',
      'voyage',
      'cargo',
      'tonnage',
      'crew',
      'captain',
      'flag',
    ]);
    expect(withSelf?.definition).toContain('water transportation');
  });

  it('links a noun that is a kind of what the sense is defined by, and nothing else', () => {
    const ship = senses.senseIn('vessel', ['port', 'voyage', 'cargo', 'tonnage', 'crew', 'captain', 'flag']);
    if (ship === undefined) throw new Error('no sense');
    expect(senses.names('yachts', ship)).toBe(true);
    expect(senses.names('ferries', ship)).toBe(true);
    expect(senses.names('salaries', ship)).toBe(false);
    expect(senses.names('passengers', ship)).toBe(false);
    const garment = senses.senseIn('garment', ['brand', 'size', 'colour', 'price']);
    if (garment === undefined) throw new Error('no sense');
    expect([...senses.definingNouns(garment)]).toContain('clothing');
    expect(senses.names('shirts', garment)).toBe(true);
    expect(senses.names('trousers', garment)).toBe(true);
    expect(senses.names('brands', garment)).toBe(false);
  });

  it('leaves a sense open when the context says nothing and no sense dominates', () => {
    expect(senses.senseIn('vessel', ['name', 'code'])).toBeUndefined();
  });
});
