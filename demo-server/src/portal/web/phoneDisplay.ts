/** A phone number as pages show it to the person it belongs to: the first and last three digits. */
export function maskPhone(phone: string | null | undefined, none = '—'): string {
  return phone ? `${phone.slice(0, 3)}****${phone.slice(-3)}` : none;
}
