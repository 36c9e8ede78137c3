/**
 * `redact: true`: email addresses, phone numbers and payment card numbers are replaced by placeholders in
 * the text sent to the LLM. The original stays in the database and in Slack posts. Pure.
 *
 * Cards: 13–19 digits, optionally grouped by spaces or dashes, that pass the Luhn check (a long order number
 * that fails it is left alone). Phones: 8–15 digits (E.164's most) written as a phone number is — an
 * optional +country code, groups split by spaces, dots, dashes or a parenthesised area code; 10–15 when
 * the digits run together — but not a date (2024-10-05) or a dotted IP address.
 */

export const PLACEHOLDERS = { email: "[email]", phone: "[phone]", card: "[card]" } as const;
export type RedactionKind = keyof typeof PLACEHOLDERS;

export interface Redaction {
  text: string;
  counts: Record<RedactionKind, number>;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const CARD = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;
const PHONE =
  /(?<![\w+.-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{2,5}(?:[ .-]?\d{2,5}){1,5}(?![\w-]|\.\d)/g;
const DATE = /^\d{4}[-./]\d{1,2}[-./]\d{1,2}$|^\d{1,2}[-./]\d{1,2}[-./]\d{4}$/;
const IP = /^\d{1,3}(?:\.\d{1,3}){3}$/;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

const digitsOf = (s: string) => s.replace(/\D/g, "");

export function redact(text: string): Redaction {
  const counts: Record<RedactionKind, number> = { email: 0, phone: 0, card: 0 };
  let out = text.replace(EMAIL, () => {
    counts.email += 1;
    return PLACEHOLDERS.email;
  });
  out = out.replace(CARD, (match) => {
    if (!luhnValid(digitsOf(match))) return match;
    counts.card += 1;
    return PLACEHOLDERS.card;
  });
  out = out.replace(PHONE, (match) => {
    const n = digitsOf(match).length;
    // A bare run of digits is more often an order or account number; a phone written that way has 10+.
    const bare = /^\d+$/.test(match);
    if (n < (bare ? 10 : 8) || n > 15 || DATE.test(match) || IP.test(match)) return match;
    counts.phone += 1;
    return PLACEHOLDERS.phone;
  });
  return { text: out, counts };
}
