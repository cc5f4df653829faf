import { dateParts, dayNumber, isoDate } from './calendar';
import { holderAt, type CampaignEntity, type DemoWorld } from './model';
import type { SeededRandom } from './random';
import { money, type SqlValue, type TableRows } from './sqlLiterals';
import { CAMPAIGN_TEMPLATES, DEPARTMENTS } from './vocabulary';

interface CampaignPlan {
  name: string;
  channel: string;
  category: string | null;
  objective: string;
  start: number;
  end: number;
  budget: number;
  discountPct: number;
}

function promoCode(name: string, start: number, used: Set<string>): string {
  const words = name
    .toUpperCase()
    .replace(/[^A-Z ]/g, '')
    .split(' ')
    .filter((w) => w.length > 2);
  const yy = String(dateParts(start).year % 100).padStart(2, '0');
  let code = `${words.slice(0, 2).join('').slice(0, 14)}${yy}`;
  for (let n = 2; used.has(code); n++) code = `${words.slice(0, 2).join('').slice(0, 14)}${yy}${n}`;
  used.add(code);
  return code;
}

/** Campaigns every year, the Fashion Week Mega Sale in the fashion peak quarter, promo codes and weekly spend. */
export function generateMarketing(rng: SeededRandom, world: DemoWorld): TableRows[] {
  const { timeline } = world;
  const plans: CampaignPlan[] = [];
  const firstYear = dateParts(timeline.start).year;
  const lastYear = dateParts(timeline.today).year;
  for (let year = firstYear; year <= lastYear; year++) {
    for (const t of CAMPAIGN_TEMPLATES) {
      const start =
        t.name === 'Black Friday'
          ? dayNumber(year, 11, 20) + rng.int(0, 4)
          : dayNumber(year, t.month, rng.int(1, 10));
      if (start < timeline.start || start > timeline.today) continue;
      plans.push({
        name: `${t.name} ${year}`,
        channel: t.channel,
        category: t.category,
        objective: t.objective,
        start,
        end: start + t.weeks * 7 - 1,
        budget: Math.round((t.budget * rng.float(0.85, 1.2) * 1.07 ** (year - firstYear)) / 1000) * 1000,
        discountPct: t.objective === 'Awareness' ? 10 : rng.pick([10, 15, 20, 25]),
      });
    }
  }
  const peakYear = dateParts(timeline.peakStart).year;
  plans.push({
    name: `Fashion Week Mega Sale ${peakYear}`,
    channel: 'TV',
    category: 'Fashion',
    objective: 'Sales',
    start: timeline.peakStart + 2,
    end: timeline.peakEnd - 4,
    budget: 480_000,
    discountPct: 20,
  });
  plans.sort((a, b) => a.start - b.start);

  const marketingSlots = world.slots.filter((s) => DEPARTMENTS[s.department - 1].name === 'Marketing');
  const usedCodes = new Set<string>();
  const campaigns: CampaignEntity[] = [];
  const campaignRows: SqlValue[][] = [];
  const promoRows: SqlValue[][] = [];
  const spendRows: SqlValue[][] = [];
  plans.forEach((plan, i) => {
    const id = i + 1;
    const owners = marketingSlots.map((s) => holderAt(s, plan.start)).filter((e): e is number => e !== null);
    const code = promoCode(plan.name, plan.start, usedCodes);
    campaigns.push({
      id,
      category: plan.category,
      start: plan.start,
      end: plan.end,
      promoCode: code,
      discountPct: plan.discountPct,
    });
    campaignRows.push([
      id,
      plan.name,
      plan.channel,
      plan.category,
      plan.objective,
      isoDate(plan.start),
      isoDate(plan.end),
      plan.budget,
      owners.length > 0 ? rng.pick(owners) : null,
    ]);
    promoRows.push([
      code,
      id,
      plan.discountPct,
      isoDate(plan.start),
      isoDate(plan.end + 3),
      rng.chance(0.4) ? null : rng.pick([1000, 2500, 5000, 10000]),
    ]);
    const weeks = Math.ceil((plan.end - plan.start + 1) / 7);
    for (let w = 0; w < weeks; w++) {
      const week = plan.start + w * 7;
      if (week > timeline.today) break;
      const spendCents = (plan.budget / weeks) * rng.float(0.8, 1.2) * 100;
      const impressions = Math.round((spendCents / 100) * rng.float(80, 200));
      const clicks = Math.round(impressions * rng.float(0.004, 0.02));
      spendRows.push([
        id,
        isoDate(week),
        money(spendCents),
        impressions,
        clicks,
        Math.round(clicks * rng.float(0.01, 0.05)),
      ]);
    }
  });
  world.campaigns = campaigns;

  return [
    {
      table: 'marketing.campaigns',
      columns: [
        'campaign_id',
        'campaign_name',
        'channel',
        'target_category',
        'objective',
        'start_date',
        'end_date',
        'budget_amt',
        'owner_id',
      ],
      rows: campaignRows,
    },
    {
      table: 'marketing.promo_codes',
      columns: ['promo_code', 'campaign_id', 'discount_pct', 'valid_from', 'valid_to', 'max_uses'],
      rows: promoRows,
    },
    {
      table: 'marketing.campaign_spend',
      columns: ['campaign_id', 'spend_week', 'spend_amt', 'impressions', 'clicks', 'conversions'],
      rows: spendRows,
    },
  ];
}
