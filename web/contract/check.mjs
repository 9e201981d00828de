// The served schema (schema.graphql, which a Rust test keeps equal to
// `bangui schema`) against the public contract (../shared/API-CONTRACT.md):
// graphql-js's findBreakingChanges from the contract's SDL sketches to the
// schema must find nothing. The main sketch must be served whole; of the
// "Additions" sketches, what is served must match, and what is not served
// yet is listed (the open issues build it).
//
//   node contract/check.mjs [API-CONTRACT.md] [schema.graphql]
//
// Without arguments: ../shared/API-CONTRACT.md when the checkout has it beside
// it (the copy in this folder must then equal it), else that copy.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, findBreakingChanges, Kind, parse, print } from 'graphql';

/** The ```graphql blocks of the contract, before and after its Additions heading. */
export function sketches(markdown) {
  const additionsAt = markdown.search(/^# Additions/m);
  const blocks = [...markdown.matchAll(/```graphql\n([\s\S]*?)```/g)];
  const before = (b) => additionsAt < 0 || b.index < additionsAt;
  return {
    main: blocks.filter(before).map((b) => b[1]),
    additions: blocks.filter((b) => !before(b)).map((b) => b[1]),
  };
}

const EXTENSIONS = {
  [Kind.OBJECT_TYPE_EXTENSION]: Kind.OBJECT_TYPE_DEFINITION,
  [Kind.INPUT_OBJECT_TYPE_EXTENSION]: Kind.INPUT_OBJECT_TYPE_DEFINITION,
  [Kind.ENUM_TYPE_EXTENSION]: Kind.ENUM_TYPE_DEFINITION,
};

/**
 * One SDL document of `texts` read in order: a type named again (as `type X`
 * or `extend type X`) adds its fields, values and members to the earlier one,
 * and a field named again replaces it (a root field that gains arguments).
 */
export function merge(texts) {
  const types = new Map();
  for (const text of texts) {
    for (const node of parse(text).definitions) {
      const kind = EXTENSIONS[node.kind] ?? node.kind;
      const name = node.name.value;
      const earlier = types.get(name);
      if (!earlier) {
        types.set(name, { ...node, kind });
        continue;
      }
      const joined = { ...earlier };
      for (const list of ['fields', 'values']) {
        if (!node[list]) continue;
        const items = [...(earlier[list] ?? [])];
        for (const item of node[list]) {
          const at = items.findIndex((i) => i.name.value === item.name.value);
          if (at >= 0) items[at] = item;
          else items.push(item);
        }
        joined[list] = items;
      }
      types.set(name, joined);
    }
  }
  return print({ kind: Kind.DOCUMENT, definitions: [...types.values()] });
}

/** The contract's breaking changes against `schema`, and what is not served yet. */
export function check(markdown, schema) {
  const { main, additions } = sketches(markdown);
  const base = buildSchema(merge(main), { assumeValidSDL: true });
  const broken = findBreakingChanges(base, schema);
  const known = new Set(broken.map((b) => b.description));
  const full = buildSchema(merge([...main, ...additions]), { assumeValidSDL: true });
  const pending = [];
  for (const change of findBreakingChanges(full, schema)) {
    if (known.has(change.description)) continue;
    const removal = ['TYPE_REMOVED', 'FIELD_REMOVED', 'ARG_REMOVED', 'VALUE_REMOVED_FROM_ENUM']
      .includes(change.type);
    // A removal of something the main sketch does not hold is an addition
    // not built yet; anything else (a type or nullability changed) breaks.
    if (removal && !inMain(base, change)) pending.push(change.description);
    else broken.push(change);
  }
  return { broken, pending };
}

/** Whether what a removal names is in the main sketch. */
function inMain(base, change) {
  const words = change.description.split(' ');
  if (change.type === 'TYPE_REMOVED') return Boolean(base.getType(words[0]));
  if (change.type === 'VALUE_REMOVED_FROM_ENUM') {
    const type = base.getType(words.at(-1).replace(/\.$/, ''));
    return Boolean(type?.getValue?.(words[0]));
  }
  const [typeName, fieldName] = words[0].split('.');
  const field = base.getType(typeName)?.getFields?.()[fieldName];
  if (!field) return false;
  if (change.type === 'ARG_REMOVED') return field.args.some((a) => a.name === words[2]);
  return true;
}

/**
 * The contract's text: ../shared/API-CONTRACT.md beside the checkout when it
 * is there (and then the copy kept here must equal it), else that copy.
 */
function contractText(here) {
  const copy = resolve(here, 'API-CONTRACT.md');
  const shared = resolve(here, '../../../shared/API-CONTRACT.md');
  if (!existsSync(shared)) return readFileSync(copy, 'utf8');
  const text = readFileSync(shared, 'utf8');
  if (text !== readFileSync(copy, 'utf8')) {
    console.error(`web/contract/API-CONTRACT.md differs from ${shared}: cp ${shared} web/contract/`);
    process.exit(1);
  }
  return text;
}

const here = dirname(fileURLToPath(import.meta.url));
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const markdown = process.argv[2] ? readFileSync(process.argv[2], 'utf8') : contractText(here);
  const sdl = process.argv[3] ?? resolve(here, '../../schema.graphql');
  const { broken, pending } = check(markdown, buildSchema(readFileSync(sdl, 'utf8')));
  if (pending.length) {
    console.log(`${pending.length} names of the contract's additions are not served yet:`);
    for (const name of pending) console.log(`  ${name}`);
  }
  if (broken.length) {
    console.error(`schema.graphql breaks the contract in ${broken.length} places:`);
    for (const b of broken) console.error(`  ${b.type}: ${b.description}`);
    process.exit(1);
  }
  console.log('schema.graphql keeps every name and nullability the contract fixes');
}
