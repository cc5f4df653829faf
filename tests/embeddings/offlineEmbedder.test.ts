import { OfflineEmbedder } from '../../src/embeddings/offlineEmbedder';
import { dot } from '../../src/vector/vectorMath';

describe('OfflineEmbedder', () => {
  let embedder: OfflineEmbedder;
  beforeAll(async () => {
    embedder = await OfflineEmbedder.create();
  });

  const similarity = (a: string, b: string): number => dot(embedder.embedOne(a), embedder.embedOne(b));

  it('has a versioned id and the configured dimension', async () => {
    expect(embedder.id).toBe('offline:v1:1024');
    expect(embedder.dimension).toBe(1024);
    const small = await OfflineEmbedder.create({ dimension: 256 });
    expect(small.id).toBe('offline:v1:256');
    expect(small.embedOne('customer')).toHaveLength(256);
    const tuned = await OfflineEmbedder.create({ dimension: 256, weights: { gloss: 0 } });
    expect(tuned.id).toMatch(/^offline:v1:256:w[0-9a-f]+$/);
    await expect(OfflineEmbedder.create({ dimension: 3 })).rejects.toThrow(/OfflineEmbedder.create/);
  });

  it('returns unit vectors, one per text, deterministically', async () => {
    const vectors = await embedder.embed(['singer', 'concert halls', 'how old is the vocalist?']);
    expect(vectors).toHaveLength(3);
    for (const vector of vectors) expect(Math.sqrt(dot(vector, vector))).toBeCloseTo(1, 5);
    const again = await (await OfflineEmbedder.create()).embed(['singer']);
    expect(Array.from(again[0])).toEqual(Array.from(vectors[0]));
  });

  it('gives stop words only the zero vector', () => {
    expect(embedder.embedOne('the of and').every((v) => v === 0)).toBe(true);
    expect(embedder.embedOne('').every((v) => v === 0)).toBe(true);
  });

  it.each([
    ['singer', 'vocalist', 'weather'],
    ['country', 'nation', 'salary'],
    ['movie', 'film', 'allergy'],
    ['physician', 'doctor', 'station'],
    ['salary', 'wage', 'country'],
    ['age', 'how old', 'price'],
    ['first name', 'forename', 'dormitory'],
    ['last name', 'surname', 'concert'],
    ['zip code', 'postal code', 'singer'],
    ['job', 'occupation', 'weather'],
    ['dorm', 'dormitory', 'salary'],
    ['concert', 'performance', 'employee'],
    ['name', 'designation', 'temperature'],
  ])('puts %s closer to %s than to %s', (word, synonym, unrelated) => {
    expect(similarity(word, synonym)).toBeGreaterThan(similarity(word, unrelated) + 0.1);
  });

  it('matches inflections through lemmas', () => {
    expect(similarity('students', 'student')).toBeGreaterThan(0.9);
    expect(similarity('sang', 'sing')).toBeGreaterThan(0.5);
  });

  it('tolerates typos and truncations through sub-word pieces', () => {
    expect(similarity('custmer', 'customer')).toBeGreaterThan(similarity('custmer', 'employee') + 0.1);
    expect(similarity('temperatur', 'temperature')).toBeGreaterThan(0.2);
  });

  it('expands abbreviations in free text', () => {
    expect(similarity('qty', 'quantity')).toBeGreaterThan(0.9);
    expect(similarity('avg amt', 'average amount')).toBeGreaterThan(0.9);
  });

  it('ranks a question closest to the table text it is about', () => {
    const question = 'What is the average age of all vocalists from each nation?';
    const singer = 'singer name country age song release year';
    const stadium = 'stadium location capacity highest attendance';
    const concert = 'concert name theme stadium year';
    expect(similarity(question, singer)).toBeGreaterThan(similarity(question, stadium));
    expect(similarity(question, singer)).toBeGreaterThan(similarity(question, concert));
  });

  it('treats an opening imperative as phrasing but the same word elsewhere as content', () => {
    expect(similarity('Show the vocalists.', 'show')).toBeLessThan(0.2);
    expect(similarity('How many shows were held?', 'show')).toBeGreaterThan(0.5);
    expect(similarity('Please list the vocalists', 'vocalist')).toBeGreaterThan(0.9);
  });

  it('scores informativeness: function words nothing, phrasing words little, content words much', () => {
    expect(embedder.informativeness('of the')).toBe(0);
    expect(embedder.informativeness('the number of')).toBeLessThan(0.3);
    expect(embedder.informativeness('vocalist')).toBeGreaterThan(0.7);
  });
});
