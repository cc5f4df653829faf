import type { CatalogColumn } from '../catalog';
import { identifierWords, phraseKey, repeatedActionPhrases } from './language';
import type { Flag, FlagState } from './types';
import {
  BOOLEAN_PREFIXES,
  NULLABLE_STATE_EVENTS,
  STATE_EVENT_WORDS,
  STATE_OPPOSITES,
  STATE_SYNONYMS,
  STATUS_WORDS,
} from './vocabulary';

/** Most states a status column may have to count as one. */
export const MAX_STATUS_STATES = 12;

function unique(list: readonly string[], except: string): string[] {
  return [...new Set(list.map((s) => s.toLowerCase()))].filter((s) => s !== except);
}

/** The flag of a boolean column: `is_active` -> states `active` (true) and `inactive`/`not active` (false). */
export function booleanFlag(column: CatalogColumn): Flag {
  const all = identifierWords(column.name);
  const words = all.length > 1 && BOOLEAN_PREFIXES.has(all[0]) ? all.slice(1) : all;
  const label = words.join(' ');
  const opposite = STATE_OPPOSITES[label];
  const negative = opposite ?? `not ${label}`;
  const yes: FlagState = {
    label,
    synonyms: unique(
      [...(STATE_SYNONYMS[label] ?? []), all.join(' '), ...repeatedActionPhrases(label)],
      label,
    ),
    predicate: { column: column.name, op: 'eq', value: true },
  };
  const no: FlagState = {
    label: negative,
    synonyms: unique(
      [`not ${label}`, `non ${label}`, `un${label}`, ...(STATE_SYNONYMS[negative] ?? [])],
      negative,
    ),
    predicate: { column: column.name, op: 'eq', value: false },
  };
  return {
    column: column.name,
    name: label,
    synonyms: repeatedActionPhrases(label),
    kind: 'boolean',
    states: [yes, no],
    origin: 'derived',
  };
}

/** True when most of the values are known state words (`open`, `shipped`, `cancelled`). */
function valuesAreStates(values: readonly string[]): boolean {
  if (values.length < 2) return false;
  const known = values.filter((v) => STATE_SYNONYMS[phraseKeyText(v)] !== undefined).length;
  return known * 2 >= values.length;
}

function phraseKeyText(value: string): string {
  return value.toLowerCase().replace(/[_-]+/g, ' ').trim();
}

/** Values that look like codes of places (`CA`, `NY`): a `state` column of addresses, not a status. */
function looksGeographic(values: readonly string[]): boolean {
  return values.length > 0 && values.every((v) => /^[A-Z]{2}$/.test(v));
}

/**
 * The flag of a low-cardinality text column holding states (`status`, `stage`, or values that are state
 * words): one state per profiled value, with the words a question may use for it. Null when the column is
 * not such a column or its values are unknown.
 */
export function statusFlag(column: CatalogColumn): Flag | null {
  const profile = column.profile;
  if (profile === null || profile.topValues.length < 2) return null;
  const distinct = profile.distinctEstimate ?? profile.topValues.length;
  if (distinct > MAX_STATUS_STATES) return null;
  const words = identifierWords(column.name);
  const named = words.some((w) => STATUS_WORDS.has(w));
  if (!(named && !looksGeographic(profile.topValues)) && !valuesAreStates(profile.topValues)) return null;
  const states: FlagState[] = profile.topValues.map((value) => {
    const label = phraseKeyText(value);
    const events = STATE_EVENT_WORDS[label] ?? [];
    return {
      label,
      synonyms: unique([...(STATE_SYNONYMS[label] ?? []), value.toLowerCase()], label),
      predicate: { column: column.name, op: 'eq', value },
      ...(events.length > 0 ? { eventWords: [...events] } : {}),
    };
  });
  return {
    column: column.name,
    name: words.join(' '),
    synonyms: [],
    kind: 'status',
    states,
    origin: 'derived',
  };
}

/**
 * The flag of a nullable column whose null-ness is a state the name says (`shipped_at` null = not
 * shipped, `termination_date` null = current): only when the name carries such an event word.
 */
export function nullableFlag(column: CatalogColumn): Flag | null {
  if (!column.nullable) return null;
  const words = identifierWords(column.name);
  const eventWord = words.find((w) => NULLABLE_STATE_EVENTS[w] !== undefined);
  if (eventWord === undefined) return null;
  const event = NULLABLE_STATE_EVENTS[eventWord];
  const negative = `not ${event.state}`;
  return {
    column: column.name,
    name: words.join(' '),
    synonyms: [],
    kind: 'nullable',
    states: [
      {
        label: event.state,
        synonyms: unique(STATE_SYNONYMS[event.state] ?? [], event.state),
        predicate: { column: column.name, op: 'is_not_null' },
      },
      {
        label: negative,
        synonyms: unique([...event.nullStates, `not ${event.state} yet`, `un${event.state}`], negative),
        predicate: { column: column.name, op: 'is_null' },
      },
    ],
    origin: 'derived',
  };
}

/** The phrase keys every state of a flag answers to (label and synonyms), for duplicate checks. */
export function stateKeys(flag: Flag): string[] {
  return flag.states.flatMap((s) => [s.label, ...s.synonyms].map(phraseKey));
}
