const DEFAULT_CONNECTION = 'AzureWebJobsStorage';

/**
 * The connection string a storage binding names: its `connection` property is an app setting,
 * `AzureWebJobsStorage` when empty; as in the Functions host, `AzureWebJobs<name>` is tried too.
 */
export function storageConnectionString(connection: unknown, env: NodeJS.ProcessEnv = process.env): string {
  const name = typeof connection === 'string' && connection.trim() ? connection.trim() : DEFAULT_CONNECTION;
  const value = env[name] ?? env[`AzureWebJobs${name}`];
  if (!value) {
    throw new Error(`The connection setting '${name}' is not set: put a storage connection string in local.settings.json "Values" or the environment.`);
  }
  return value;
}
