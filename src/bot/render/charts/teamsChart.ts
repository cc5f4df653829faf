import type { ChartChoice } from './chartChoice';
import type { ChartImage } from './chartImage';

/** One Adaptive Card element, as JSON. */
type CardElement = { type: string } & Record<string, unknown>;

/**
 * The picture of a chart as an Adaptive Card Image, or null when there is no picture.
 * @param prefer `inline` (Web Chat: no second request, no origin to know) or `url` (Teams: messages stay small)
 */
export function chartImageElement(
  image: ChartImage | undefined,
  prefer: 'inline' | 'url' = 'inline',
): CardElement | null {
  const url = prefer === 'inline' ? (image?.dataUri ?? image?.url) : (image?.url ?? image?.dataUri);
  if (!image || !url) return null;
  return { type: 'Image', url, altText: image.alt, size: 'Stretch', spacing: 'Medium' };
}

/**
 * Teams' own chart element for a choice (Adaptive Cards 1.5 in Teams): `Chart.Line` for time, `Chart.VerticalBar`
 * for one measure per category, `Chart.VerticalBar.Grouped` for two. Hosts without chart elements show the
 * fallback: the server-drawn picture when there is one, else nothing (the table follows anyway).
 */
export function teamsChartElement(choice: ChartChoice, image: ChartImage | undefined): CardElement {
  const fallback = chartImageElement(image, 'url') ?? 'drop';
  const title = choice.measures.map((m) => m.label).join(' and ');
  const common = { title, xAxisTitle: choice.x.label, fallback, spacing: 'Medium' };
  const y = (v: number | null) => v ?? 0;
  if (choice.kind === 'line') {
    return {
      type: 'Chart.Line',
      ...common,
      ...(choice.measures.length === 1 ? { yAxisTitle: choice.measures[0].label } : {}),
      data: choice.measures.map((m, i) => ({
        legend: m.label,
        values: choice.points.map((p) => ({ x: p.label, y: y(p.values[i]) })),
      })),
    };
  }
  if (choice.measures.length === 1) {
    return {
      type: 'Chart.VerticalBar',
      ...common,
      yAxisTitle: choice.measures[0].label,
      data: choice.points.map((p) => ({ x: p.label, y: y(p.values[0]) })),
    };
  }
  return {
    type: 'Chart.VerticalBar.Grouped',
    ...common,
    data: choice.measures.map((m, i) => ({
      legend: m.label,
      values: choice.points.map((p) => ({ x: p.label, y: y(p.values[i]) })),
    })),
  };
}
