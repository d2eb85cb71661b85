/** Replaces each `%Name%` in a binding property with the app setting `Name`, as the Functions host does. */
export function resolveAppSettings(value: string, env: NodeJS.ProcessEnv = process.env): string {
  return value.replace(/%([^%]+)%/g, (_whole, name: string) => {
    const setting = env[name];
    if (setting === undefined) throw new Error(`The app setting '${name}' named in '${value}' is not set.`);
    return setting;
  });
}

/** Whether the app setting `AzureWebJobs.<name>.Disabled` (or `AzureWebJobs__<name>__Disabled`) turns the function off. */
export function isFunctionDisabled(name: string, env: NodeJS.ProcessEnv = process.env): boolean {
  // Shells and Linux plans cannot hold '.' in a variable name, so '__' stands in for it.
  const wanted = new Set([`azurewebjobs.${name}.disabled`, `azurewebjobs__${name}__disabled`].map((k) => k.toLowerCase()));
  const key = Object.keys(env).find((k) => wanted.has(k.toLowerCase()));
  const value = key ? env[key]?.trim().toLowerCase() : undefined;
  return value === 'true' || value === '1';
}
