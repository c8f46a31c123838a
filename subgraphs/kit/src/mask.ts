/** Personal data (names of people, phone numbers, ID numbers) as analysts see it: masked. */
import type { Principal } from './auth.ts';

export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

export function maskIdNumber(id: string): string {
  return id.length > 8 ? `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}` : '****';
}

/** Whether personal data must be masked for this caller. */
export function masksPersonalData(principal: Principal): boolean {
  return principal.role === 'analyst';
}

export function personalName(principal: Principal, value: string | null): string | null {
  return value !== null && masksPersonalData(principal) ? maskName(value) : value;
}

export function personalPhone(principal: Principal, value: string | null): string | null {
  return value !== null && masksPersonalData(principal) ? maskPhone(value) : value;
}
