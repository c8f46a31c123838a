/** GB/T 4754-2017 (国民经济行业分类): the sections (门类) and the divisions (大类, two digits) each one holds. */

/** [section, first division, last division] */
const SECTIONS: ReadonlyArray<readonly [string, number, number]> = [
  ['A', 1, 5],
  ['B', 6, 12],
  ['C', 13, 43],
  ['D', 44, 46],
  ['E', 47, 50],
  ['F', 51, 52],
  ['G', 53, 60],
  ['H', 61, 62],
  ['I', 63, 65],
  ['J', 66, 69],
  ['K', 70, 70],
  ['L', 71, 72],
  ['M', 73, 75],
  ['N', 76, 79],
  ['O', 80, 82],
  ['P', 83, 83],
  ['Q', 84, 85],
  ['R', 86, 90],
  ['S', 91, 96],
  ['T', 97, 97],
];

function divisionsOf(section: string): string[] {
  const entry = SECTIONS.find(([s]) => s === section);
  if (!entry) return [];
  const out: string[] = [];
  for (let d = entry[1]; d <= entry[2]; d++) out.push(String(d).padStart(2, '0'));
  return out;
}

/**
 * Whether an industry code such as C3311 (`full`: letter and four digits) or a prefix of one such as F52 or K701 has
 * its digits within its section.
 */
export function isIndustryCode(code: string, full: boolean): boolean {
  const m = (full ? /^([A-T])(\d{4})$/ : /^([A-T])(\d{0,4})$/).exec(code);
  if (!m) return false;
  const digits = m[2]!;
  return divisionsOf(m[1]!).some((d) => d.startsWith(digits.slice(0, 2)));
}
