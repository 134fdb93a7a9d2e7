/** A CPU profile of a stretch of this process (node:inspector), for the in-process bench scripts. */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

/** Starts profiling when `path` is given; the returned function stops and writes the profile there. */
export async function profileTo(path: string | undefined, intervalUs = 100): Promise<() => Promise<void>> {
  if (!path) return async () => undefined;
  const session = new Session();
  session.connect();
  const post = (method: string, params: object = {}): Promise<{ profile?: unknown }> =>
    new Promise((ok, ko) => session.post(method, params, (e, r) => (e ? ko(e) : ok(r as { profile?: unknown }))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: intervalUs });
  await post('Profiler.start');
  return async () => {
    writeFileSync(path, JSON.stringify((await post('Profiler.stop')).profile));
    session.disconnect();
  };
}
