/**
 * Prints the summary of a .cpuprofile: `node engine/bench/bench.mjs`-style, or directly
 *   node --import tsx engine/bench/summarise-profile.ts <file.cpuprofile> [topN]
 */
import { formatSummary, readProfile, summariseProfile } from './lib/cpuprofile.js';

const [file, n] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: summarise-profile.ts <file.cpuprofile> [topN]\n');
  process.exit(2);
}
process.stdout.write(`${formatSummary(summariseProfile(readProfile(file), Number(n ?? 30)), Number(n ?? 30))}\n`);
