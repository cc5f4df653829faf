import { type Entity, type Measure, type Metric, type ModelElement, singular, textWords } from '../semantic';

/** Wording helpers of {@link ReadingAlternatives}: names of model elements, phrases, and what a table holds. */

/** Capitalised first letter. */
export function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The business name of what a match names (a measure's or metric's name, a value). */
export function elementName(element: ModelElement): string {
  switch (element.kind) {
    case 'measure':
      return element.measure.name;
    case 'metric':
      return element.metric.name;
    case 'value':
      return element.value;
    case 'entity':
      return element.entity.plural;
    case 'timeDimension':
      return element.timeDimension.name;
    case 'dimension':
      return element.dimension.name;
    case 'flag':
      return element.flag.name;
    case 'flagState':
      return element.state.label;
    default: {
      const never: never = element;
      throw new TypeError(`elementName: unknown element ${JSON.stringify(never)}`);
    }
  }
}

/** Replaces the first whole-word occurrence of `phrase` (case-insensitive) in `text`. */
export function replacePhrase(text: string, phrase: string, by: string): string {
  const escaped = phrase
    .split(/\s+/)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\W+');
  return text.replace(new RegExp(`\\b${escaped}\\b`, 'i'), by);
}

/** The column a measure or metric totals, when it is one column. */
export function columnOf(element: ModelElement): string | undefined {
  if (element.kind === 'measure') return element.measure.column;
  if (element.kind === 'metric' && element.metric.expression.kind === 'column')
    return element.metric.expression.column;
  return undefined;
}

/** Two phrases are the same words, up to plurals. */
export function sameWords(a: string, b: string): boolean {
  const norm = (t: string) => textWords(t).map(singular).join(' ');
  return norm(a) === norm(b);
}

/** A period can apply to the entity: it has a date or a year column. */
export function hasTime(entity: Entity | undefined): boolean {
  return (entity?.timeDimensions.length ?? 0) + (entity?.yearColumns.length ?? 0) > 0;
}

/** A summed quantity (not money) and a summed money amount of one table, if it has both. */
export function quantityAndMoney(
  entity: Entity | undefined,
  metrics: readonly Metric[],
): { quantity: Measure; money: Measure } | null {
  if (!entity) return null;
  const quantity = entity.measures.find((m) => m.aggregation === 'sum' && !m.money);
  // the column a summed metric of the table totals (its line amount), else its first summed money measure
  const metricColumns = metrics
    .filter((m) => m.aggregation === 'sum')
    .map((m) => (m.expression.kind === 'column' ? m.expression.column : null));
  const money =
    entity.measures.find((m) => m.money && metricColumns.includes(m.column)) ??
    entity.measures.find((m) => m.aggregation === 'sum' && m.money);
  return quantity && money ? { quantity, money } : null;
}

export function columnWords(column: string): string {
  return column.replace(/_/g, ' ');
}

export function listWords(ws: readonly string[]): string {
  if (ws.length === 1) return ws[0];
  return `${ws.slice(0, -1).join(', ')} and ${ws[ws.length - 1]}`;
}
