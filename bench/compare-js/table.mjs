// Joins bench.mjs output and BenchmarkDotNet's JSON report into one Markdown table (see docs/benchmarks.md).
// Usage: node table.mjs <js.json> <bdn-report-full-compressed.json>
import {readFileSync} from 'node:fs';

const [jsFile, bdnFile] = process.argv.slice(2);
const js = JSON.parse(readFileSync(jsFile, 'utf8'));
const bdn = JSON.parse(readFileSync(bdnFile, 'utf8'));
const laurel = Object.fromEntries(bdn.Benchmarks.map(b => [b.Method, {
  usPerOp: b.Statistics.Mean / 1000, bytes: b.Memory?.BytesAllocatedPerOperation,
}]));

const rows = [
  ['Sign eddsa-rdfc-2022 (whole proof)', 'SignRdfc', 'sign'],
  ['Verify eddsa-rdfc-2022 (did:key)', 'VerifyRdfc', 'verify'],
  ['JSON-LD → RDF only', 'ToRdf', 'toRdf'],
  ['RDFC-1.0 only (pre-computed quads)', 'Canonicalize', 'canonicalize'],
  ['Ed25519 signature only (JS: ed25519-multikey signer)', 'Ed25519Sign', 'ed25519Sign'],
  ['Ed25519 signature only (JS: node:crypto, key pre-imported)', 'Ed25519Sign', 'ed25519Raw'],
  ['Sign eddsa-jcs-2022', 'SignJcs', null],
];
const f = (n, d = 0) => n === undefined ? '—' : n.toLocaleString('en-US', {maximumFractionDigits: d, minimumFractionDigits: d});
console.log('| Operation | Laurel ops/s | Laurel µs/op | Laurel alloc/op | digitalbazaar ops/s | digitalbazaar µs/op | Laurel ÷ JS |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const [label, method, key] of rows) {
  const l = laurel[method]; const j = key ? js[key] : undefined;
  const lOps = l ? 1e6 / l.usPerOp : undefined;
  const ratio = l && j ? `${f(lOps / j.opsPerSec, 1)}×` : '—';
  const alloc = l?.bytes === undefined ? '—' : `${f(l.bytes / 1024, 1)} KB`;
  console.log(`| ${label} | ${f(lOps)} | ${l ? f(l.usPerOp, 1) : '—'} | ${alloc} | ${j ? f(j.opsPerSec) : '—'} | ${j ? f(j.usPerOp, 1) : '—'} | ${ratio} |`);
}
