import { dateParts, dayNumber, isoDate } from './calendar';
import type { DemoWorld } from './model';
import type { SeededRandom } from './random';
import type { SqlValue, TableRows } from './sqlLiterals';
import {
  ARTIST_COUNTRIES,
  BAND_ADJECTIVES,
  BAND_NOUNS,
  FIRST_NAMES,
  LABELS,
  LAST_NAMES,
  MUSIC_GENRES,
  TITLE_PATTERNS,
  TITLE_WORDS,
} from './vocabulary';

const ARTIST_COUNT = 60;

/** The label that releases in each region when the home label does not. */
const REGIONAL_LABEL: Readonly<Record<string, string>> = {
  'United States': 'Blue Harbor Records',
  Canada: 'Northbound Music',
  'United Kingdom': 'Rough Weather Records',
  Ireland: 'Rough Weather Records',
  Europe: 'Polar Static',
  Germany: 'Polar Static',
  Sweden: 'Polar Static',
  Japan: 'Kanto Sound',
  Australia: 'Southern Cross Music',
};

/** The release region an artist's home country belongs to. */
const HOME_REGION: Readonly<Record<string, string>> = {
  'United States': 'United States',
  Canada: 'Canada',
  'United Kingdom': 'United Kingdom',
  Ireland: 'United Kingdom',
  Sweden: 'Europe',
  Japan: 'Japan',
  Australia: 'Australia',
};

function title(rng: SeededRandom): string {
  const a = rng.pick(TITLE_WORDS);
  let b = rng.pick(TITLE_WORDS);
  while (b === a) b = rng.pick(TITLE_WORDS);
  return rng.pick(TITLE_PATTERNS).replace('{A}', a).replace('{B}', b);
}

/** Artists, albums, tracks and the albums' release history by region, label and format. */
export function generateMusic(rng: SeededRandom, world: DemoWorld): TableRows[] {
  const { timeline } = world;
  const todayYear = dateParts(timeline.today).year;
  const artistRows: SqlValue[][] = [];
  const albumRows: SqlValue[][] = [];
  const trackRows: SqlValue[][] = [];
  const releaseRows: SqlValue[][] = [];
  const catalogCounter = new Map<string, number>();
  const catalogNbr = (label: string): string => {
    const info = LABELS.find((l) => l.name === label) ?? LABELS[0];
    const n = (catalogCounter.get(label) ?? 100) + rng.int(1, 7);
    catalogCounter.set(label, n);
    return `${info.prefix}-${n}`;
  };
  const usedNames = new Set<string>();

  const releases: { albumId: number; region: string; day: number; label: string; format: string }[] = [];
  for (let a = 0; a < ARTIST_COUNT; a++) {
    let name = '';
    while (name === '' || usedNames.has(name)) {
      name = rng.chance(0.55)
        ? `${rng.chance(0.6) ? 'The ' : ''}${rng.pick(BAND_ADJECTIVES)} ${rng.pick(BAND_NOUNS)}`
        : `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
    }
    usedNames.add(name);
    const country = rng.pick(ARTIST_COUNTRIES);
    const genre = rng.pick(MUSIC_GENRES);
    const formed = rng.int(1986, todayYear - 4);
    const artistId = a + 1;
    artistRows.push([artistId, name, genre, country, rng.chance(0.9) ? formed : null]);
    const homeRegion = HOME_REGION[country] ?? 'United States';
    const homeLabel =
      country === 'United States'
        ? rng.choose([
            ['Brightline Music', 45],
            ['Blue Harbor Records', 27],
            ['Golden Hour Recordings', 27],
          ])
        : (REGIONAL_LABEL[country] ?? 'Brightline Music');

    let year = formed + rng.int(1, 3);
    for (let k = rng.int(1, 4); k > 0 && year < todayYear + 1; k--) {
      const original = dayNumber(year, rng.int(1, 12), rng.int(1, 28));
      if (original > timeline.today - 30) break;
      const albumId = albumRows.length + 1;
      const trackCount = rng.int(6, 12);
      albumRows.push([albumId, artistId, title(rng), genre, isoDate(original), trackCount]);
      for (let t = 1; t <= trackCount; t++) {
        trackRows.push([
          trackRows.length + 1,
          albumId,
          t,
          title(rng),
          rng.int(140, 420),
          rng.chance(genre === 'Hip Hop' ? 0.5 : 0.06),
        ]);
      }

      const formats =
        year < 1998
          ? ['CD', 'Cassette']
          : year < 2008
            ? ['CD']
            : year < 2015
              ? ['CD', 'Digital']
              : ['Digital', 'CD', 'Vinyl'];
      for (const format of formats) {
        if (format === 'Vinyl' && !rng.chance(0.6)) continue;
        const region = format === 'Digital' && rng.chance(0.6) ? 'Worldwide' : homeRegion;
        const day = original + (format === 'Vinyl' ? rng.int(0, 40) : 0);
        if (day <= timeline.today) releases.push({ albumId, region, day, label: homeLabel, format });
      }
      for (const region of [
        'Japan',
        'United Kingdom',
        'Europe',
        'Germany',
        'Australia',
        'Canada',
        'United States',
      ]) {
        if (region === homeRegion || !rng.chance(region === 'Japan' ? 0.35 : 0.18)) continue;
        const day = original + rng.int(0, 90);
        if (day > timeline.today) continue;
        const format = region === 'Japan' || year < 2010 ? 'CD' : rng.pick(['CD', 'Vinyl']);
        releases.push({ albumId, region, day, label: REGIONAL_LABEL[region] ?? homeLabel, format });
      }
      if (year < todayYear - 8 && rng.chance(0.3)) {
        const reissue = dayNumber(
          rng.int(Math.max(2012, year + 8), todayYear),
          rng.int(1, 12),
          rng.int(1, 28),
        );
        if (reissue <= timeline.today)
          releases.push({ albumId, region: homeRegion, day: reissue, label: homeLabel, format: 'Vinyl' });
      }
      year += rng.int(1, 4);
    }
  }
  releases.sort((x, y) => x.day - y.day || x.albumId - y.albumId);
  releases.forEach((r, i) => {
    releaseRows.push([
      i + 1,
      r.albumId,
      r.region,
      isoDate(r.day),
      r.label,
      r.format,
      r.format === 'Digital' ? null : catalogNbr(r.label),
    ]);
  });

  return [
    {
      table: 'music.artists',
      columns: ['artist_id', 'artist_name', 'genre', 'country', 'formed_year'],
      rows: artistRows,
    },
    {
      table: 'music.albums',
      columns: ['album_id', 'artist_id', 'album_title', 'genre', 'original_release_date', 'track_cnt'],
      rows: albumRows,
    },
    {
      table: 'music.tracks',
      columns: ['track_id', 'album_id', 'track_nbr', 'track_title', 'duration_sec', 'explicit'],
      rows: trackRows,
    },
    {
      table: 'music.release_history',
      columns: ['release_id', 'album_id', 'region', 'release_date', 'label', 'release_format', 'catalog_nbr'],
      rows: releaseRows,
    },
  ];
}
