import { addMonths, dateParts, dayNumber, isoDate, isoTimestamp } from './calendar';
import { holderAt, type DemoWorld, type Slot, type StoreEntity } from './model';
import type { SeededRandom } from './random';
import type { SqlValue, TableRows } from './sqlLiterals';
import { CITIES, DEPARTMENTS, FIRST_NAMES, LAST_NAMES, REGIONS, STORES, WAREHOUSES } from './vocabulary';

/** Salary bands (USD per year) by job title, first match wins. */
const SALARY_BANDS: readonly { pattern: RegExp; min: number; max: number }[] = [
  { pattern: /^Chief/, min: 240_000, max: 390_000 },
  { pattern: /Director|^VP/, min: 150_000, max: 215_000 },
  { pattern: /Engineer|Product Manager|Data Analyst/, min: 95_000, max: 165_000 },
  {
    pattern: /Store Manager$|Center Manager|Support Manager|Campaign Manager|Social Media Manager/,
    min: 68_000,
    max: 115_000,
  },
  {
    pattern:
      /Analyst|Buyer|Planner|Designer|Strategist|Partner|Accountant|Recruiter|Specialist|Lead|Coordinator/,
    min: 52_000,
    max: 92_000,
  },
  { pattern: /Assistant Store Manager/, min: 48_000, max: 62_000 },
  { pattern: /.*/, min: 31_000, max: 44_000 },
];

/** Titles whose holders are often part-time. */
const PART_TIME_TITLES = /^(Cashier|Sales Associate|Stock Associate|Warehouse Associate)$/;

/** Who department heads report to (an Executive title). */
const HEAD_REPORTS_TO: Readonly<Record<string, string>> = {
  Finance: 'Chief Financial Officer',
  'Human Resources': 'Chief Operating Officer',
  'Information Technology': 'Chief Technology Officer',
  Marketing: 'Chief Marketing Officer',
  Merchandising: 'Chief Operating Officer',
  'E-commerce': 'Chief Marketing Officer',
  'Customer Support': 'Chief Operating Officer',
  Logistics: 'Chief Operating Officer',
  'Store Operations': 'Chief Operating Officer',
};

/** The staff of every store besides its manager. */
const STORE_STAFF: readonly string[] = [
  'Assistant Store Manager',
  'Sales Associate',
  'Sales Associate',
  'Cashier',
  'Stock Associate',
];

const LEAVE_TYPES: readonly { type: string; weight: number; days: [number, number] }[] = [
  { type: 'Vacation', weight: 60, days: [1, 10] },
  { type: 'Sick', weight: 22, days: [1, 3] },
  { type: 'Personal', weight: 10, days: [1, 2] },
  { type: 'Parental', weight: 3, days: [20, 60] },
  { type: 'Bereavement', weight: 3, days: [2, 5] },
  { type: 'Jury duty', weight: 2, days: [1, 5] },
];

interface EmployeeRecord {
  id: number;
  slot: Slot;
  hire: number;
  end: number | null;
}

/**
 * Regions, stores, distribution centers, departments and employees (with salary history, time off and
 * performance reviews). Fills `world.stores` and `world.slots`.
 */
export function generateOrganisation(rng: SeededRandom, world: DemoWorld): TableRows[] {
  const { timeline } = world;
  const regionId = (name: string): number => REGIONS.indexOf(name) + 1;

  world.stores = STORES.map((s, i): StoreEntity => {
    const city = CITIES.find((c) => c.city === s.city && c.state === s.state);
    if (!city) throw new RangeError(`generateOrganisation: unknown store city ${s.city}, ${s.state}`);
    const closed = s.closedMonth === undefined ? null : addMonths(timeline.start, s.closedMonth);
    return {
      id: 101 + i,
      city,
      regionId: regionId(city.region),
      opened: addMonths(timeline.start, s.openedMonth),
      closed: closed !== null && closed < timeline.today ? closed : null,
      traffic: s.traffic,
      slots: [],
    };
  });

  // Positions, then the people who held them over time.
  const slots: Slot[] = [];
  const slot = (
    department: number,
    title: string,
    storeId: number | null,
    managerSlot: Slot | null,
  ): Slot => {
    const s: Slot = { department, title, storeId, managerSlot, holders: [] };
    slots.push(s);
    return s;
  };
  const executives = DEPARTMENTS[0].titles.map((title) => ({ title, slot: slot(1, title, null, null) }));
  for (const e of executives.slice(1)) e.slot.managerSlot = executives[0].slot;
  DEPARTMENTS.forEach((dept, index) => {
    if (index === 0) return;
    const departmentId = index + 1;
    const boss = executives.find((e) => e.title === HEAD_REPORTS_TO[dept.name])?.slot ?? executives[0].slot;
    const head = slot(departmentId, dept.titles[0], null, boss);
    for (let k = 1; k < dept.size; k++)
      slot(departmentId, dept.titles[1 + ((k - 1) % (dept.titles.length - 1))], null, head);
    if (dept.name === 'Store Operations') {
      for (const store of world.stores) {
        const manager = slot(departmentId, 'Store Manager', store.id, head);
        store.slots.push(manager);
        for (const title of STORE_STAFF) store.slots.push(slot(departmentId, title, store.id, manager));
      }
    }
  });
  world.slots = slots;

  const employees: EmployeeRecord[] = [];
  let nextId = 1001;
  for (const s of slots) {
    const store = s.storeId === null ? undefined : world.stores.find((st) => st.id === s.storeId);
    let t = store ? store.opened - rng.int(20, 60) : timeline.start - rng.int(30, 1800);
    const close = store?.closed ?? null;
    const senior = /^Chief|Director|^VP/.test(s.title);
    while (t <= timeline.today && (close === null || t < close)) {
      const tenure = Math.round(rng.float(senior ? 4 : 1.2, senior ? 14 : 9) * 365);
      let end: number | null = t + tenure;
      if (close !== null && end >= close) end = close;
      if (end > timeline.today) end = null;
      const record: EmployeeRecord = { id: nextId++, slot: s, hire: t, end };
      employees.push(record);
      s.holders.push({ employeeId: record.id, start: t, end });
      if (end === null) break;
      t = end + rng.int(14, 75);
    }
  }

  const usedEmails = new Set<string>();
  const employeeRows: SqlValue[][] = [];
  const salaryRows: SqlValue[][] = [];
  for (const e of employees) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const base = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '');
    let email = `${base}@brightline-retail.example`;
    for (let n = 2; usedEmails.has(email); n++) email = `${base}${n}@brightline-retail.example`;
    usedEmails.add(email);

    const band =
      SALARY_BANDS.find((b) => b.pattern.test(e.slot.title)) ?? SALARY_BANDS[SALARY_BANDS.length - 1];
    let salary = Math.round(rng.float(band.min, band.max) / 500) * 500;
    salaryRows.push([salaryRows.length + 1, e.id, isoDate(e.hire), salary, 'New hire']);
    const lastDay = e.end ?? timeline.today;
    for (let anniversary = e.hire + 365; anniversary <= lastDay; anniversary += 365) {
      const promotion = rng.chance(0.07);
      salary = Math.round((salary * (promotion ? rng.float(1.08, 1.15) : rng.float(1.02, 1.05))) / 100) * 100;
      const reason = promotion
        ? 'Promotion'
        : rng.chance(0.1)
          ? 'Market adjustment'
          : 'Annual merit increase';
      salaryRows.push([salaryRows.length + 1, e.id, isoDate(anniversary), salary, reason]);
    }

    const store = e.slot.storeId === null ? undefined : world.stores.find((st) => st.id === e.slot.storeId);
    const storeSeed = store ? STORES[store.id - 101] : undefined;
    const department = DEPARTMENTS[e.slot.department - 1].name;
    const location = storeSeed
      ? storeSeed.name
      : department === 'Logistics' && !/Director/.test(e.slot.title)
        ? rng.pick(WAREHOUSES).name
        : department === 'Information Technology' && rng.chance(0.4)
          ? 'Remote'
          : 'Headquarters, Seattle';
    const employmentType = PART_TIME_TITLES.test(e.slot.title)
      ? rng.chance(0.55)
        ? 'Part-time'
        : 'Full-time'
      : department === 'Information Technology' && rng.chance(0.15)
        ? 'Contractor'
        : 'Full-time';
    const manager = e.slot.managerSlot
      ? (holderAt(e.slot.managerSlot, e.hire) ?? e.slot.managerSlot.holders[0]?.employeeId ?? null)
      : null;
    employeeRows.push([
      e.id,
      first,
      last,
      email,
      e.slot.title,
      e.slot.department,
      e.slot.storeId,
      manager,
      isoDate(e.hire),
      e.end === null ? null : isoDate(e.end),
      employmentType,
      salary,
      location,
    ]);
  }

  // Time off: requests made since the data starts.
  const timeOffRows: SqlValue[][] = [];
  for (const e of employees) {
    const from = Math.max(e.hire + 30, timeline.start);
    const to = e.end ?? timeline.today + 60;
    for (let t = from; t < to; t += 365) {
      const n = rng.poisson(0.8);
      for (let k = 0; k < n; k++) {
        const leave = rng.weighted(LEAVE_TYPES, (l) => l.weight);
        const startDay = t + rng.int(0, 364);
        const requested = startDay - (leave.type === 'Sick' ? 0 : rng.int(7, 60));
        if (startDay >= to || requested > timeline.today || requested < timeline.start) continue;
        const days = rng.int(leave.days[0], leave.days[1]);
        const endDay = startDay + Math.ceil(days * 1.4) - 1;
        const status =
          startDay > timeline.today
            ? rng.chance(0.5)
              ? 'Pending'
              : 'Approved'
            : rng.choose([
                ['Approved', 90],
                ['Denied', 5],
                ['Cancelled', 5],
              ]);
        const approver =
          status === 'Approved' || status === 'Denied'
            ? e.slot.managerSlot
              ? holderAt(e.slot.managerSlot, requested)
              : null
            : null;
        timeOffRows.push([
          timeOffRows.length + 1,
          e.id,
          leave.type,
          isoDate(startDay),
          isoDate(endDay),
          days === 1 && rng.chance(0.2) ? 0.5 : days,
          status,
          isoTimestamp(requested, rng.int(8 * 3600, 18 * 3600)),
          approver,
        ]);
      }
    }
  }

  // Annual reviews for people employed all of the second half of the year.
  const reviewRows: SqlValue[][] = [];
  const firstYear = dateParts(timeline.start).year - 1;
  const lastYear = dateParts(timeline.today).year - 1;
  for (let year = firstYear; year <= lastYear; year++) {
    const yearEnd = dayNumber(year, 12, 31);
    for (const e of employees) {
      if (e.hire > dayNumber(year, 7, 1) || (e.end !== null && e.end < yearEnd)) continue;
      const reviewDay = dayNumber(year + 1, 1, 10) + rng.int(0, 45);
      if (reviewDay > timeline.today) continue;
      const rating = rng.choose([
        [1, 3],
        [2, 12],
        [3, 45],
        [4, 30],
        [5, 10],
      ]);
      const reviewer = e.slot.managerSlot ? holderAt(e.slot.managerSlot, reviewDay) : null;
      const goals = Math.min(120, Math.max(20, Math.round(rating * 20 + rng.float(-15, 12))));
      reviewRows.push([reviewRows.length + 1, e.id, reviewer, year, isoDate(reviewDay), rating, goals]);
    }
  }

  const storeRows = world.stores.map((s, i): SqlValue[] => {
    const seed = STORES[i];
    const managerSlot = s.slots[0];
    const manager =
      holderAt(managerSlot, s.closed ?? timeline.today) ?? managerSlot.holders.at(-1)?.employeeId ?? null;
    return [
      s.id,
      seed.name,
      seed.address,
      seed.city,
      seed.state,
      s.regionId,
      isoDate(s.opened),
      s.closed === null ? null : isoDate(s.closed),
      seed.sqFt,
      manager,
    ];
  });

  return [
    {
      table: 'sales.regions',
      columns: ['region_id', 'region_name'],
      rows: REGIONS.map((r, i) => [i + 1, r]),
    },
    {
      table: 'sales.stores',
      columns: [
        'store_id',
        'store_name',
        'street_address',
        'city',
        'state',
        'region_id',
        'opened_on',
        'closed_on',
        'sq_ft',
        'manager_id',
      ],
      rows: storeRows,
    },
    {
      table: 'catalog.warehouses',
      columns: ['warehouse_id', 'warehouse_name', 'city', 'state', 'region_id', 'capacity_units'],
      rows: WAREHOUSES.map((w, i) => [i + 1, w.name, w.city, w.state, regionId(w.region), w.capacity]),
    },
    {
      table: 'hr.departments',
      columns: ['department_id', 'department_name', 'cost_center'],
      rows: DEPARTMENTS.map((d, i) => [i + 1, d.name, d.costCenter]),
    },
    {
      table: 'hr.employees',
      columns: [
        'employee_id',
        'first_name',
        'last_name',
        'email',
        'job_title',
        'department_id',
        'store_id',
        'manager_id',
        'hire_date',
        'termination_date',
        'employment_type',
        'annual_salary',
        'work_location',
      ],
      rows: employeeRows,
    },
    {
      table: 'hr.salary_history',
      columns: ['salary_change_id', 'employee_id', 'effective_date', 'annual_salary', 'change_reason'],
      rows: salaryRows,
    },
    {
      table: 'hr.time_off_requests',
      columns: [
        'request_id',
        'emp_id',
        'leave_type',
        'start_date',
        'end_date',
        'days_requested',
        'status',
        'requested_at',
        'approved_by',
      ],
      rows: timeOffRows,
    },
    {
      table: 'hr.performance_reviews',
      columns: [
        'review_id',
        'employee_id',
        'reviewer_id',
        'review_year',
        'review_date',
        'rating',
        'goals_met_pct',
      ],
      rows: reviewRows,
    },
  ];
}
