import { describe, expect, it } from 'vitest';
import { checkCreditCode, makeCreditCode } from '../src/creditCode.ts';

describe('unified social credit code (GB 32100-2015 with GB 11714)', () => {
  it.each([
    ['914403001922038216', '华为技术有限公司'],
    ['91330100799655058B', '阿里巴巴（中国）有限公司'],
    ['9144030071526726XG', '深圳市腾讯计算机系统有限公司'],
    ['91110108551385082Q', '北京小米科技有限责任公司'],
    ['91350100M000100Y43', 'example in GB 32100-2015'],
  ])('accepts the real code %s (%s)', (code) => {
    expect(checkCreditCode(code)).toEqual({ valid: true, problem: null, message: null });
  });

  it('accepts the codes it makes for demo enterprises', () => {
    for (let i = 1; i < 2000; i += 37) expect(checkCreditCode(makeCreditCode('410422', i)).valid).toBe(true);
  });

  it.each([
    ['91440300192203821', 'LENGTH'],
    ['9144030019220382160', 'LENGTH'],
    ['91440300192203821I', 'CHARACTERS'],
    ['914403001922038z16', 'CHARACTERS'],
    ['Z14403001922038216', 'CHARACTERS'],
    ['B14403001922038216', 'REGISTRATION_AUTHORITY'],
    ['97440300192203821X', 'REGISTRATION_AUTHORITY'],
    ['9144A3001922038216', 'DIVISION_CODE'],
    ['914403001922038316', 'ORGANIZATION_CODE_CHECK'],
    ['914403001922038217', 'CHECK_CHARACTER'],
  ])('refuses %s as %s', (code, problem) => {
    const check = checkCreditCode(code);
    expect(check.valid).toBe(false);
    expect(check.problem).toBe(problem);
    expect(check.message).toBeTruthy();
  });
});
