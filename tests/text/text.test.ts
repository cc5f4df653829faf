import {
  ABBREVIATIONS,
  aggressiveStem,
  conservativeStem,
  contentTokens,
  createCompoundSegmenter,
  createTokenizer,
  expandWord,
  expandWords,
  FUNCTION_WORDS,
  identifierTokens,
  IRREGULAR_FORMS,
  irregularBase,
  lemma,
  LINKING_STOP_WORDS,
  porterStem,
  QUESTION_STOP_WORDS,
  RETRIEVAL_RELATIONS,
  SCHEMA_LINKING_RELATIONS,
  splitIdentifier,
  splitWords,
  stem,
  WordNet,
  WordRelations,
  words,
} from '../../src/text';

describe('splitWords / splitIdentifier / words', () => {
  it.each([
    ['cust_nbr', ['cust', 'nbr']],
    ['orderDate', ['order', 'date']],
    ['HTTPServer', ['http', 'server']],
    ['address2', ['address', '2']],
    ['2ndLine', ['2', 'nd', 'line']],
    ['größe_straße', ['größe', 'straße']],
    ['названиеТовара', ['название', 'товара']],
  ])('splitIdentifier(%s)', (input, expected) => {
    expect(splitIdentifier(input)).toEqual(expected);
  });

  it('words keeps letters and digits together and folds diacritics', () => {
    expect(words("Café address2 isn't O'Brien")).toEqual(['cafe', 'address2', 'isn', 't', 'o', 'brien']);
    expect(words('sales.online_orders')).toEqual(['sales', 'online', 'orders']);
  });

  it('splitWords options combine', () => {
    expect(splitWords('Crème2Brûlée', { splitDigits: true, foldDiacritics: true })).toEqual([
      'creme',
      '2',
      'brulee',
    ]);
  });
});

describe('stemmers', () => {
  it.each([
    ['singers', 'singer'],
    ['categories', 'category'],
    ['ordered', 'order'],
    ['hired', 'hire'],
    ['living', 'live'],
    ['located', 'locate'],
    ['stopped', 'stop'],
    ['addresses', 'address'],
    ['boxes', 'box'],
    ['status', 'status'],
    ['people', 'person'],
    ['lives', 'live'],
    ['university', 'university'],
  ])('conservative %s -> %s', (word, expected) => {
    expect(conservativeStem(word)).toBe(expected);
    expect(stem(word)).toBe(expected);
  });

  it('the aggressive stemmer is Porter over the lemma, irregular forms folded first', () => {
    expect(aggressiveStem('located')).toBe(aggressiveStem('location'));
    expect(aggressiveStem('taught')).toBe(aggressiveStem('teach'));
    expect(aggressiveStem('oldest')).toBe('old');
    expect(aggressiveStem('born')).toBe(aggressiveStem('birth'));
    expect(aggressiveStem('founded')).toBe(aggressiveStem('found'));
    expect(stem('universities', 'aggressive')).toBe(porterStem('university'));
  });

  it('past forms that are nouns of their own are not folded', () => {
    expect(lemma('shot')).toBe('shot');
    expect(lemma('rose')).toBe('rose');
    expect(irregularBase('shot', 'all')).toBeUndefined();
    expect(IRREGULAR_FORMS.shot).toEqual(['shoot']);
  });

  it('the conservative stemmer folds irregular plurals only', () => {
    expect(irregularBase('children', 'nouns')).toBe('child');
    expect(irregularBase('taught', 'nouns')).toBeUndefined();
    expect(conservativeStem('taught')).toBe('taught');
  });

  it('porterStem follows Porter (1980)', () => {
    expect(porterStem('relational')).toBe('relat');
    expect(porterStem('generalization')).toBe('gener');
    expect(porterStem('caresses')).toBe('caress');
    expect(porterStem('hopping')).toBe('hop');
  });
});

describe('stop words', () => {
  it('both question sets are built from the function words', () => {
    for (const w of ['the', 'of', 'which', 'is']) {
      expect(FUNCTION_WORDS.has(w)).toBe(true);
      expect(QUESTION_STOP_WORDS.has(w)).toBe(true);
      expect(LINKING_STOP_WORDS.has(w)).toBe(true);
    }
  });

  it('each set keeps the words its reader needs', () => {
    expect(QUESTION_STOP_WORDS.has('count')).toBe(true);
    expect(QUESTION_STOP_WORDS.has('before')).toBe(false);
    expect(QUESTION_STOP_WORDS.has('won')).toBe(false);
    expect(LINKING_STOP_WORDS.has('between')).toBe(false);
    expect(LINKING_STOP_WORDS.has('other')).toBe(false);
    expect(LINKING_STOP_WORDS.has('show')).toBe(true);
  });
});

describe('tokenizer', () => {
  it('contentTokens drops stop words and numbers and stems', () => {
    expect(contentTokens('Show the names of all singers born in 1990')).toEqual(['name', 'singer', 'born']);
    expect(contentTokens('orders in 2023', { keepNumbers: true })).toEqual(['order', '2023']);
  });

  it('identifierTokens keeps every word', () => {
    expect(identifierTokens('numberOfOrders')).toEqual(['number', 'of', 'order']);
  });

  it('language, stemmer and stop words are settings', () => {
    const plain = createTokenizer({ stemming: false, stopWords: false, keepNumbers: true });
    expect(plain.language).toBe('english');
    expect(plain.tokenize('The Located 3')).toEqual(['the', 'located', '3']);
    const aggressive = createTokenizer({ stemming: 'aggressive', stopWords: LINKING_STOP_WORDS });
    expect(aggressive.tokenize('show the locations')).toEqual([porterStem('location')]);
    expect(aggressive.normalize('Locations')).toBe(porterStem('location'));
  });
});

describe('abbreviations', () => {
  it('expands identifier abbreviations, dropping a repeated word', () => {
    expect(expandWords(['cust', 'nbr'])).toEqual(['customer', 'number']);
    expect(expandWords(['zip', 'code'])).toEqual(['zip', 'code']);
    expect(expandWords(['dept'], { keepOriginal: true })).toEqual(['dept', 'department']);
  });

  it('ordinary words are expanded only inside identifiers', () => {
    expect(expandWord('no')).toEqual(['number']);
    expect(expandWord('no', 'text')).toBeUndefined();
    expect(expandWord('max', 'text')).toEqual(['maximum']);
  });

  it('resolves the earlier disagreements explicitly', () => {
    // ambiguous: street/state/saint, region/registration
    expect(expandWord('st')).toBeUndefined();
    expect(expandWord('reg')).toBeUndefined();
    expect(expandWord('pct')).toEqual(['percentage']);
    expect(expandWord('perc')).toEqual(['percentage']);
    expect(expandWord('zip')).toEqual(['zip', 'code']);
    // context-dependent: readable text spells it out, matching keeps the typed word
    expect(expandWord('id')).toEqual(['identifier']);
    expect(expandWord('id', 'identifier', 'matching')).toEqual(['id']);
    expect(expandWord('ids', 'identifier', 'matching')).toEqual(['id']);
  });

  it('has no inherited keys', () => {
    expect(expandWord('constructor')).toBeUndefined();
    expect(Object.keys(ABBREVIATIONS).length).toBeGreaterThan(100);
  });
});

describe('compound segmenter', () => {
  it('splits run-together identifiers with WordNet', () => {
    const segment = createCompoundSegmenter();
    expect(segment('roomnumber')).toEqual(['room', 'number']);
    expect(segment('hoursperweek')).toEqual(['hours', 'per', 'week']);
  });

  it('keeps a word whose ending doubled its last consonant whole (WordNet knows it by its stem)', () => {
    const segment = createCompoundSegmenter();
    // before: unknown as written, so split as a leading letter plus a known word ("s" + "hipped")
    expect(segment('shipped')).toEqual(['shipped']);
    expect(segment('planning')).toEqual(['planning']);
    expect(WordNet.shared().baseForms('shipped')).toContainEqual({ lemma: 'ship', pos: 'v' });
    expect(WordNet.shared().baseForms('bigger')).toContainEqual({ lemma: 'big', pos: 'a' });
  });
});

describe('WordRelations', () => {
  const retrieval = new WordRelations(RETRIEVAL_RELATIONS);
  const linking = new WordRelations(SCHEMA_LINKING_RELATIONS);

  it('synonyms share a synset in both settings', () => {
    expect(retrieval.strength('client', retrieval.synsets('customer'))).toBeCloseTo(0.85);
    expect(linking.relate('physician', 'doctor')).toBeCloseTo(0.82);
  });

  it('retrieval follows one related step; schema linking takes synonyms only', () => {
    expect(retrieval.strength('dog', retrieval.synsets('canine'))).toBeCloseTo(0.7);
    expect(linking.relate('dog', 'canine')).toBe(0);
  });

  it('retrieval links an adjective to its similar head, never to its antonym', () => {
    expect(retrieval.relate('hazardous', 'dangerous')).toBeCloseTo(0.7);
    expect(retrieval.relate('interior', 'inland')).toBeCloseTo(0.7);
    expect(retrieval.relate('safe', 'dangerous')).toBe(0);
    expect(retrieval.relate('rural', 'urban')).toBe(0);
  });

  it('collocations and guards', () => {
    expect(linking.relate('forename', 'first_name')).toBeCloseTo(0.82);
    expect(linking.relate('doctor', 'doctor')).toBe(0);
    expect(linking.relate('ab', 'doctor')).toBe(0);
  });
});
