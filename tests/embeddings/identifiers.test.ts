import { createCompoundSegmenter, expandWord, expandWords, segmentCompound, splitIdentifier } from '../../src/text';

describe('splitIdentifier', () => {
  it.each([
    ['order_date', ['order', 'date']],
    ['orderDate', ['order', 'date']],
    ['OrderDate', ['order', 'date']],
    ['HTTPServerName', ['http', 'server', 'name']],
    ['address_line2', ['address', 'line', '2']],
    ['Line2Address', ['line', '2', 'address']],
    ['Customer Name', ['customer', 'name']],
    ['__weird--Name__', ['weird', 'name']],
    ['StuID', ['stu', 'id']],
    ['straße_größe', ['straße', 'größe']],
  ])('%s -> %j', (name, words) => {
    expect(splitIdentifier(name)).toEqual(words);
  });
});

describe('abbreviations', () => {
  it('expands common database abbreviations', () => {
    expect(expandWords(['cust', 'nbr'])).toEqual(['customer', 'number']);
    expect(expandWords(['order', 'qty'])).toEqual(['order', 'quantity']);
    expect(expandWords(['txn', 'amt'])).toEqual(['transaction', 'amount']);
    expect(expandWords(['emp', 'dept', 'id'])).toEqual(['employee', 'department', 'identifier']);
    expect(expandWords(['dob'])).toEqual(['date', 'of', 'birth']);
  });

  it('keeps the short form next to the expansion on request', () => {
    expect(expandWords(['cust', 'name'], { keepOriginal: true })).toEqual(['cust', 'customer', 'name']);
  });

  it('expands ambiguous short forms only inside identifiers', () => {
    expect(expandWord('no')).toEqual(['number']);
    expect(expandWord('no', 'text')).toBeUndefined();
    expect(expandWord('cat', 'text')).toBeUndefined();
    expect(expandWord('qty', 'text')).toEqual(['quantity']);
  });

  it('does not repeat a word the expansion already ends with', () => {
    expect(expandWords(['zip', 'code'])).toEqual(['zip', 'code']);
  });

  it('leaves unknown words and prototype names alone', () => {
    expect(expandWords(['constructor', 'toString', 'singer'])).toEqual(['constructor', 'toString', 'singer']);
  });
});

describe('segmentCompound', () => {
  const known = new Set(['room', 'number', 'dorm', 'hours', 'per', 'week', 'name']);
  const score = (piece: string): number => (known.has(piece) ? piece.length ** 2 : 0);

  it('splits run-together words into known words and abbreviations', () => {
    expect(segmentCompound('roomnumber', score)).toEqual(['room', 'number']);
    expect(segmentCompound('dormid', score)).toEqual(['dorm', 'id']);
    expect(segmentCompound('hoursperweek', score)).toEqual(['hours', 'per', 'week']);
  });

  it('allows a single leading letter before a known word (fname-style)', () => {
    expect(segmentCompound('pname', score)).toEqual(['p', 'name']);
  });

  it('keeps known and unsplittable words whole', () => {
    expect(segmentCompound('room', score)).toEqual(['room']);
    expect(segmentCompound('xyzzyq', score)).toEqual(['xyzzyq']);
    expect(segmentCompound('room_number', score)).toEqual(['room_number']);
  });

  it('segments with the WordNet lexicon', () => {
    const segment = createCompoundSegmenter();
    expect(segment('roomnumber')).toEqual(['room', 'number']);
    expect(segment('appointmentid')).toEqual(['appointment', 'id']);
    expect(segment('gamesplayed')).toEqual(['games', 'played']);
    expect(segment('hoursperweek')).toEqual(['hours', 'per', 'week']);
    expect(segment('with')).toEqual(['with']);
    expect(segment('customer')).toEqual(['customer']);
  });
});
