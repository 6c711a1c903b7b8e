/** Vietnamese mobile numbers: domestic (0 + 9 digits) and MSISDN (84 + 9 digits) forms, carriers by prefix. */

export type Carrier = 'Viettel' | 'VinaPhone' | 'MobiFone';

/** Three-digit domestic prefixes of each carrier (after the 2018 renumbering). */
export const CARRIER_PREFIXES: Readonly<Record<Carrier, readonly string[]>> = {
  Viettel: ['086', '096', '097', '098', '032', '033', '034', '035', '036', '037', '038', '039'],
  VinaPhone: ['088', '091', '094', '081', '082', '083', '084', '085'],
  MobiFone: ['089', '090', '093', '070', '076', '077', '078', '079'],
};

/**
 * The domestic form `0xxxxxxxxx` of a mobile number written as 0…, 84… or +84…
 * (spaces, dots and dashes ignored), or undefined when it is not a mobile number.
 */
export function toDomesticPhone(input: string): string | undefined {
  const compact = input.replace(/[\s.-]/g, '');
  const m = /^(?:\+?84|0)([35789]\d{8})$/.exec(compact);
  return m ? `0${m[1]}` : undefined;
}

/** The MSISDN form `84xxxxxxxxx`. */
export function toMsisdn(input: string): string | undefined {
  const domestic = toDomesticPhone(input);
  return domestic ? `84${domestic.slice(1)}` : undefined;
}

export function carrierOf(domesticPhone: string): Carrier | undefined {
  const prefix = domesticPhone.slice(0, 3);
  for (const [carrier, prefixes] of Object.entries(CARRIER_PREFIXES) as [Carrier, readonly string[]][]) {
    if (prefixes.includes(prefix)) return carrier;
  }
  return undefined;
}
