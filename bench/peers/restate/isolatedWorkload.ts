import type { RestateInstall } from './install';
import { restateChainLatency, restateHelloSequence5 } from './workloads';

// Runs one Restate workload and prints its result as JSON. It is started inside a network namespace
// that has only loopback: restate-server looks up api.github.com at start and no setting turns that off.
async function main(): Promise<void> {
  const [workload, installJson, count, inFlight] = process.argv.slice(2);
  const install = JSON.parse(installJson) as RestateInstall;
  const result =
    workload === 'hello' ? await restateHelloSequence5(install, Number(count), Number(inFlight)) : await restateChainLatency(install, Number(count));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${(error as Error)?.message ?? error}\n`);
    process.exit(1);
  },
);
