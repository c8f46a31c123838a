/**
 * The unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from a 31-character alphabet.
 *   1     registration authority (登记管理部门): 1 机构编制, 5 民政, 9 市场监管 (工商), Y 其他 …
 *   2     organisation category (机构类别), for 9: 1 企业, 2 个体工商户, 3 农民专业合作社
 *   3–8   the registering authority's GB/T 2260 division code
 *   9–17  the organisation code (组织机构代码, GB 11714): 8 characters and its own check character
 *   18    the check character over the first 17
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS_32100 = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const WEIGHTS_11714 = [3, 7, 9, 10, 5, 8, 4, 2];

/** Registration authorities and their organisation categories (GB 32100-2015, table 1). */
const CATEGORIES: Record<string, string> = {
  '1': '1239',
  '2': '19',
  '3': '12345',
  '4': '19',
  '5': '1239',
  '6': '129',
  '7': '129',
  '8': '19',
  '9': '123',
  A: '19',
  N: '1239',
  Y: '1',
};

export type CreditCodeProblem =
  'LENGTH' | 'CHARACTERS' | 'REGISTRATION_AUTHORITY' | 'DIVISION_CODE' | 'ORGANIZATION_CODE_CHECK' | 'CHECK_CHARACTER';

export interface CreditCodeCheck {
  valid: boolean;
  problem: CreditCodeProblem | null;
  message: string | null;
}

function orgCodeCheck(body: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = body[i]!;
    const v = /\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55;
    sum += v * WEIGHTS_11714[i]!;
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

function finalCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]!) * WEIGHTS_32100[i]!;
  const c = 31 - (sum % 31);
  return ALPHABET[c === 31 ? 0 : c]!;
}

/** Checks a code and says what is wrong with it. Lower-case input is not accepted: codes are printed upper-case. */
export function checkCreditCode(code: string): CreditCodeCheck {
  const fail = (problem: CreditCodeProblem, message: string): CreditCodeCheck => ({ valid: false, problem, message });
  if (code.length !== 18) return fail('LENGTH', `must be 18 characters, got ${code.length}`);
  for (const ch of code) {
    if (!ALPHABET.includes(ch))
      return fail('CHARACTERS', `character "${ch}" is not allowed (digits and A–Y without I, O, S, V, Z)`);
  }
  const categories = CATEGORIES[code[0]!];
  if (!categories || !categories.includes(code[1]!)) {
    return fail('REGISTRATION_AUTHORITY', `unknown registration authority and category "${code.slice(0, 2)}"`);
  }
  if (!/^\d{6}$/.test(code.slice(2, 8))) return fail('DIVISION_CODE', 'characters 3–8 must be a 6-digit division code');
  const org = code.slice(8, 17);
  if (!/^[0-9A-Z]{8}[0-9X]$/.test(org) || orgCodeCheck(org) !== org[8]) {
    return fail('ORGANIZATION_CODE_CHECK', 'the organisation code (characters 9–17) fails its GB 11714 check');
  }
  if (finalCheck(code.slice(0, 17)) !== code[17]) {
    return fail('CHECK_CHARACTER', 'the last character does not match the GB 32100 check');
  }
  return { valid: true, problem: null, message: null };
}

export function isValidCreditCode(code: string): boolean {
  return checkCreditCode(code).valid;
}

/**
 * Builds a valid code for an enterprise (91…) registered in `division`, from a serial number: used by the demo data
 * and the factories. Organisation code bodies avoid the characters the 31-letter alphabet lacks.
 */
export function makeCreditCode(division: string, serial: number, authority = '91'): string {
  const digits = String(serial).padStart(8, '0').slice(-8);
  const body = `MA${digits.slice(2)}`;
  const org = body + orgCodeCheck(body);
  const first17 = `${authority}${division}${org}`;
  return first17 + finalCheck(first17);
}
