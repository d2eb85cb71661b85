const PARENT_CHECK_MS = 250;

/**
 * Resolves with the reason when the host should stop: SIGINT, SIGTERM, or, when an npm script started
 * it, the end of the shell npm ran it in. npm forwards SIGTERM to that shell only, and Debian's sh
 * (dash) does not hand the process over to the host as bash does, so without this a SIGTERM to
 * `npm start` would leave the host running, orphaned. Listening starts at the call.
 */
export function stopRequested(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT received'));
    process.once('SIGTERM', () => resolve('SIGTERM received'));
    // process.ppid changes when the parent ends and the host is re-parented; Windows keeps the first value.
    if (env.npm_lifecycle_event && process.platform !== 'win32') {
      const parent = process.ppid;
      const timer = setInterval(() => {
        if (process.ppid !== parent) {
          clearInterval(timer);
          resolve(`the npm script that started the host (parent PID ${parent}) ended`);
        }
      }, PARENT_CHECK_MS);
      timer.unref();
    }
  });
}
