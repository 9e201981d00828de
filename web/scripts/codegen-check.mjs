// Fails when src/gql is not what graphql-codegen makes of codegen.ts, ../schema.graphql and the
// operations in src. Codegen writes into a temporary directory; the working tree is left as it is.
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, loadContext } from '@graphql-codegen/cli';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STALE = 'web/src/gql is stale: run `cd web && npm run codegen`';

/** The files under `dir`, as paths relative to it; none when it does not exist. */
async function filesUnder(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((error) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

async function contentOf(file) {
  return readFile(file).catch((error) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
}

/** The files of `target` (a file, or a directory when it ends with a slash) that differ between `web` and `out`. */
async function differences(target, out) {
  const inTree = path.resolve(web, target);
  const generated = path.resolve(out, path.relative(web, inTree));
  const isDir = /[\\/]$/.test(target) || (await stat(generated).catch(() => null))?.isDirectory();
  const names = isDir ? [...new Set([...(await filesUnder(inTree)), ...(await filesUnder(generated))])].sort() : [''];
  const differing = [];
  for (const name of names) {
    const [mine, theirs] = await Promise.all([contentOf(path.join(inTree, name)), contentOf(path.join(generated, name))]);
    const problem = mine === null ? 'missing' : theirs === null ? 'not generated any more' : mine.equals(theirs) ? null : 'differs';
    if (problem) differing.push(`  ${path.relative(path.dirname(web), path.join(inTree, name))}: ${problem}`);
  }
  return differing;
}

async function main() {
  process.chdir(web);
  const context = await loadContext(path.join(web, 'codegen.ts'));
  const config = context.getConfig();
  const out = await mkdtemp(path.join(tmpdir(), 'bangui-codegen-'));
  try {
    const targets = Object.keys(config.generates);
    for (const target of targets) {
      if (path.relative(web, path.resolve(web, target)).startsWith('..')) {
        throw new Error(`codegen.ts writes ${target}, outside web/; scripts/codegen-check.mjs cannot check it`);
      }
    }
    // Same configuration, each output moved under `out`; a directory keeps its trailing slash.
    const generates = Object.fromEntries(
      targets.map((target) => {
        const moved = path.join(out, path.relative(web, path.resolve(web, target)));
        return [/[\\/]$/.test(target) ? `${moved}/` : moved, config.generates[target]];
      }),
    );
    await generate({ ...config, generates, silent: true, watch: false }, true);

    const differing = (await Promise.all(targets.map((target) => differences(target, out)))).flat();
    if (differing.length > 0) {
      console.error(`${STALE}\n${differing.join('\n')}`);
      process.exitCode = 1;
      return;
    }
    console.log('web/src/gql is up to date with the schema and the operations.');
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`codegen check failed: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
});
