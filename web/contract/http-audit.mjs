// The GraphQL over HTTP audits of graphql-http (serverAudits: every MUST and
// SHOULD) against a real `bangui serve` on a fresh SQLite database. Prints
// each audit; exits 1 when any fails.
//
//   node contract/http-audit.mjs [path/to/bangui]   (default ../target/debug/bangui)

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildClientSchema,
  buildSchema,
  getIntrospectionQuery,
  lexicographicSortSchema,
  printSchema,
} from 'graphql';
import { serverAudits } from 'graphql-http';
import { bangui } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const binary = process.argv[2] ?? resolve(here, '../../target/debug/bangui');

/**
 * schema.graphql against what the server answers to graphql-js's full
 * introspection query (descriptions, @specifiedBy, the schema's description):
 * printed the same way, they must be equal. Returns 1 when they differ.
 */
async function sameSchema(base, fetchFn) {
  const response = await fetchFn(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: getIntrospectionQuery({
        descriptions: true,
        specifiedByUrl: true,
        schemaDescription: true,
        directiveIsRepeatable: true,
      }),
    }),
  });
  const body = await response.json();
  if (!body.data) {
    console.log(`FAIL introspection: ${JSON.stringify(body.errors)}`);
    return 1;
  }
  const print = (schema) => printSchema(lexicographicSortSchema(schema));
  const served = print(buildClientSchema(body.data));
  const file = print(buildSchema(readFileSync(resolve(here, '../../schema.graphql'), 'utf8')));
  if (served === file) {
    console.log('ok   schema.graphql is the schema the server serves');
    return 0;
  }
  const a = served.split('\n');
  const b = file.split('\n');
  const at = a.findIndex((line, i) => line !== b[i]);
  console.log(`FAIL schema.graphql differs from the served schema at line ${at + 1}:`);
  console.log(`     served: ${a[at]}\n     file:   ${b[at]}`);
  return 1;
}

const server = await bangui(binary, 'http-audit');
const base = server.base;

let failed = 0;
try {
  await server.start();
  // Signed in: introspection, which several audits use, is for signed-in users.
  const token = await server.admin();
  const fetchFn = (input, init = {}) =>
    fetch(input, {
      ...init,
      headers: { ...Object.fromEntries(new Headers(init.headers)), authorization: `Bearer ${token}` },
    });
  failed += await sameSchema(base, fetchFn);
  for (const audit of serverAudits({ url: `${base}/graphql`, fetchFn })) {
    const result = await audit.fn();
    const mark = result.status === 'ok' ? 'ok  ' : result.status === 'warn' ? 'WARN' : 'FAIL';
    console.log(`${mark} ${audit.name}`);
    if (result.status !== 'ok') {
      failed += 1;
      console.log(`     ${result.reason}`);
    }
  }
} finally {
  await server.dispose();
}
if (failed > 0) {
  console.error(`${failed} GraphQL over HTTP audits did not pass`);
  process.exit(1);
}
console.log('every GraphQL over HTTP audit passes');
