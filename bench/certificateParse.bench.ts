/**
 * Certificate parse time: Kyso `parseCertificate` against node-forge, @peculiar/x509, node:crypto
 * X509Certificate and pkijs alone, measured in the same run, printed as ratios.
 *
 * - first parse: every certificate is new to the parser (Kyso's cache is cleared before each round);
 * - repeated parse: the same certificate again and again (Kyso answers from its cache).
 * Kyso's description is decoded eagerly except the fingerprints, identity and DN strings; the
 * "Kyso full" row reads those too. Rounds are interleaved; the best round (least disturbed by other
 * processes on the shared 2-core machine) is the headline figure, the median is printed beside it.
 *
 *   node --import tsx bench/certificateParse.bench.ts
 */
import 'reflect-metadata';
import { X509Certificate as NodeX509 } from 'node:crypto';
import * as peculiar from '@peculiar/x509';
import forge from 'node-forge';
import * as pkijs from 'pkijs';
import { clearCertificateCache, parseCertificate, setCertificateCacheLimit } from '../lib/src/cert/index.js';
import {
  type CertificateSpec,
  makeCertificate,
  VIETNAMESE_SIGNING_EXTENSIONS,
} from '../lib/test/fixtures/cert/opensslCertificates.js';

const DISTINCT = 48;
const ROUNDS = 25;
const REPEAT_BATCH = 48;

const provinces = ['Hà Nội', 'Hồ Chí Minh', 'Đà Nẵng', 'Cần Thơ', 'Hải Phòng', 'Thừa Thiên Huế'];
const specs: CertificateSpec[] = [];
for (let i = 0; i < DISTINCT; i++) {
  const cccd = `0010990${String(10000 + i).slice(-5)}`;
  const withOrg = i % 3 === 0;
  specs.push({
    subject: withOrg
      ? `/C=VN/ST=${provinces[i % provinces.length]}/O=Công ty Cổ phần Số ${i}/UID=MST:0100686209-${String(100 + i)}/UID=CCCD:${cccd}/CN=Nguyễn Văn Người Dùng ${i}`
      : `/C=VN/ST=${provinces[i % provinces.length]}/L=Quận ${i}/CN=Trần Thị Người Ký ${i}/UID=CCCD:${cccd}`,
    key: 'rsa', // node-forge cannot read EC keys
    serial: `5401${(0x10000 + i).toString(16)}abcdef`,
    extensions: VIETNAMESE_SIGNING_EXTENSIONS,
  });
}
const started = performance.now();
const ders = specs.map((s) => makeCertificate(s).der);
const generation = performance.now() - started;

const binaries = ders.map((d) => String.fromCharCode(...d));
const buffers = ders.map((d) => Buffer.from(d));
const buffersForPkijs = ders.map((d) => d.slice().buffer);
const dersForPeculiar = ders.map((d) => new Uint8Array(d));

type Parser = { name: string; first: () => void; repeat: () => void };
const one = 5; // the certificate used for repeated parses

const parsers: Parser[] = [
  {
    name: 'Kyso parseCertificate',
    first: () => {
      clearCertificateCache();
      for (const d of ders) parseCertificate(d);
    },
    repeat: () => {
      for (let i = 0; i < REPEAT_BATCH; i++) parseCertificate(ders[one]!);
    },
  },
  {
    name: 'Kyso full (+fingerprints, identity, DN strings)',
    first: () => {
      clearCertificateCache();
      for (const d of ders) {
        const c = parseCertificate(d);
        void c.fingerprints.sha256; // SHA-1 is computed only when read
        void c.identity;
        void c.subjectString;
        void c.issuerString;
      }
    },
    repeat: () => {
      for (let i = 0; i < REPEAT_BATCH; i++) void parseCertificate(ders[one]!).fingerprints.sha256;
    },
  },
  {
    name: 'Kyso with cache disabled',
    first: () => {
      setCertificateCacheLimit(0);
      for (const d of ders) parseCertificate(d);
      setCertificateCacheLimit(512);
    },
    repeat: () => {
      setCertificateCacheLimit(0);
      for (let i = 0; i < REPEAT_BATCH; i++) parseCertificate(ders[one]!);
      setCertificateCacheLimit(512);
    },
  },
  {
    name: 'node-forge',
    first: () => {
      for (const b of binaries) forge.pki.certificateFromAsn1(forge.asn1.fromDer(forge.util.createBuffer(b)));
    },
    repeat: () => {
      for (let i = 0; i < REPEAT_BATCH; i++)
        forge.pki.certificateFromAsn1(forge.asn1.fromDer(forge.util.createBuffer(binaries[one]!)));
    },
  },
  {
    name: '@peculiar/x509',
    first: () => {
      for (const d of dersForPeculiar) new peculiar.X509Certificate(d);
    },
    repeat: () => {
      for (let i = 0; i < REPEAT_BATCH; i++) new peculiar.X509Certificate(dersForPeculiar[one]!);
    },
  },
  {
    name: 'node:crypto X509Certificate',
    first: () => {
      for (const b of buffers) new NodeX509(b);
    },
    repeat: () => {
      for (let i = 0; i < REPEAT_BATCH; i++) new NodeX509(buffers[one]!);
    },
  },
  {
    name: 'pkijs Certificate.fromBER (alone)',
    first: () => {
      for (const b of buffersForPkijs) pkijs.Certificate.fromBER(b);
    },
    repeat: () => {
      for (let i = 0; i < REPEAT_BATCH; i++) pkijs.Certificate.fromBER(buffersForPkijs[one]!);
    },
  },
];

function time(f: () => void): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

// Warm-up (JIT) for every parser.
for (const p of parsers) {
  for (let i = 0; i < 3; i++) {
    p.first();
    p.repeat();
  }
}

const firstRounds = new Map<string, number[]>(parsers.map((p) => [p.name, []]));
const repeatRounds = new Map<string, number[]>(parsers.map((p) => [p.name, []]));
for (let r = 0; r < ROUNDS; r++) {
  for (const p of parsers) {
    firstRounds.get(p.name)!.push((time(p.first) * 1000) / ders.length);
    repeatRounds.get(p.name)!.push((time(p.repeat) * 1000) / REPEAT_BATCH);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const best = (xs: number[]) => Math.min(...xs);

const forgeFirst = best(firstRounds.get('node-forge')!);
const forgeRepeat = best(repeatRounds.get('node-forge')!);
console.log(
  `certificate parse: ${ders.length} distinct certificates (RSA-2048, Vietnamese profile, ` +
    `${Math.round(ders.reduce((a, d) => a + d.length, 0) / ders.length)} bytes average; generated in ${(generation / 1000).toFixed(1)} s), ` +
    `best of ${ROUNDS} interleaved rounds (median in brackets)`,
);
console.log(
  `${'parser'.padEnd(48)}${'first parse µs'.padStart(22)}${'÷ forge'.padStart(9)}${'repeated µs'.padStart(22)}${'÷ forge'.padStart(9)}`,
);
for (const p of parsers) {
  const f = best(firstRounds.get(p.name)!);
  const r = best(repeatRounds.get(p.name)!);
  const fm = median(firstRounds.get(p.name)!);
  const rm = median(repeatRounds.get(p.name)!);
  console.log(
    `${p.name.padEnd(48)}${`${f.toFixed(1)} (${fm.toFixed(1)})`.padStart(22)}${(f / forgeFirst).toFixed(2).padStart(9)}` +
      `${`${r.toFixed(1)} (${rm.toFixed(1)})`.padStart(22)}${(r / forgeRepeat).toFixed(2).padStart(9)}`,
  );
}
const kysoFirst = best(firstRounds.get('Kyso parseCertificate')!);
const kysoFull = best(firstRounds.get('Kyso full (+fingerprints, identity, DN strings)')!);
const pkijsFirst = best(firstRounds.get('pkijs Certificate.fromBER (alone)')!);
console.log(
  `goal "Kyso parse ≤ node-forge": first parse ${(kysoFirst / forgeFirst).toFixed(2)}× forge ` +
    `(${kysoFirst <= forgeFirst ? 'met' : 'NOT met'}), with every lazy field ${(kysoFull / forgeFirst).toFixed(2)}× ` +
    `(${kysoFull <= forgeFirst ? 'met' : 'NOT met'}); pkijs alone is ${(pkijsFirst / forgeFirst).toFixed(1)}× forge`,
);
