// Empties web/e2e/artifacts before `npm run e2e`, so that it holds the files of every e2e file of this run only.
import { resetArtifacts } from '../e2e/harness.mjs';

await resetArtifacts();
