import { periodRange } from '../calendar';
import type { Expr } from '../queryPlan';
import { ReadingState, type CueOf } from './readingState';

export function applyPeriod(s: ReadingState, cue: CueOf<'period'>): void {
  const column = s.dateColumn();
  if (!column) return;
  const { from, to } = periodRange(s.input.now, cue.meaning.unit, cue.meaning.anchor, cue.number ?? 1);
  s.plan.where.push({ kind: 'range', column, from, to });
  s.notes.push(`${column.name} in [${from}, ${to})`);
}

export function applyBucket(s: ReadingState, cue: CueOf<'bucket'>): void {
  const column = s.dateColumn();
  if (!column) return;
  const unit = cue.meaning.unit;
  const parts: Expr[] =
    unit === 'quarter' || unit === 'month'
      ? [
          { kind: 'date-part', unit: 'year', column },
          { kind: 'date-part', unit, column },
        ]
      : [{ kind: 'date-part', unit, column }];
  s.plan.groupBy.push(...parts);
  s.addSelect(
    cue.start,
    ...parts.map((p) => ({ expr: p, alias: p.kind === 'date-part' ? p.unit : undefined })),
  );
  s.notes.push(`by ${unit} of ${column.name}`);
}
